//! The self-help FAQ: its articles, and the search a buyer types into.
//!
//! Plain Rust with no DOM access, so it is tested natively and runs the same in the browser:
//!
//! - [`article`]: the Markdown content files and the JSON bundle the widget fetches (`faq-src`),
//!   and merging a merchant's bundle over PostNord's.
//! - [`blocks`]: an article body pre-parsed into blocks, so the browser renders it without
//!   parsing Markdown.
//! - [`text`]: text analysis shared by indexing and querying (normalising, stop words, stemming,
//!   compound splitting, synonyms, typo distance).
//! - [`index`]: the inverted index, built once when the FAQ loads.
//! - [`search`]: ranked search with typo, prefix and cross-language tolerance; suggestions for a
//!   page; snippets with the matched words highlighted.
//!
//! The `faq` binary (`src/bin/faq.rs`) builds the bundle from `content/faq` and runs queries.

pub mod article;
pub mod blocks;
pub mod index;
pub mod search;
pub(crate) mod text;
