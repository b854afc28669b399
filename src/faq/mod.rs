//! The self-help FAQ: its articles, and the search a buyer types into.
//!
//! Plain Rust with no DOM access, so it is tested natively and runs the same in the browser:
//!
//! - [`article`]: the Markdown content files and the JSON bundle the widget fetches (`faq-src`),
//!   and merging a merchant's bundle over PostNord's.
//! - [`blocks`]: an article body pre-parsed into blocks (kept as one string), so the browser
//!   renders it without parsing Markdown.
//! - [`text`]: text analysis shared by indexing and querying (normalising, stop words, stemming,
//!   compound splitting, synonyms, typo distance).
//! - [`index`]: the inverted index, built once when the FAQ loads.
//! - [`search`]: ranked search with typo, prefix and cross-language tolerance, falling back to
//!   other languages when the page's language matches weakly; built from [`query`] (what each
//!   query word may stand for), [`rank`] (BM25F scoring and the market filter), and beside it
//!   [`popular`] (suggestions for a page) and [`snippet`] (the matched words highlighted).
//! - [`warm()`]: one run over a tiny FAQ while the page is idle, so the browser has compiled the
//!   search's code before the click.
//!
//! The `faq` command (`tools/faq`, a workspace member) builds the bundle from `content/faq` and runs
//! queries.

pub mod article;
pub mod blocks;
pub mod index;
pub(crate) mod popular;
pub(crate) mod query;
pub(crate) mod rank;
pub mod search;
pub(crate) mod snippet;
pub(crate) mod text;
mod warm;

pub use warm::warm;
