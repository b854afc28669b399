//! FAQ articles: the Markdown files with front matter under `content/faq/<lang>/<id>.md` (format
//! in `content/README.md`), and the JSON bundle the widget fetches from `faq-src`.
//!
//! The bundle, version 1, is the documented interchange format. `markets` (empty: every market),
//! `statuses`, `contexts` and `popular` may be left out; `body` is Markdown, and `blocks` the same
//! body parsed by `faq build` (see [`super::blocks`]); a bundle needs at least one of the two.
//!
//! ```json
//! { "version": 1,
//!   "articles": [
//!     { "id": "pickup-code", "lang": "nb", "title": "Hvor finner jeg hentekoden?",
//!       "keywords": ["kode", "pinkode"], "category": "pickup",
//!       "statuses": ["AVAILABLE_FOR_DELIVERY"], "contexts": ["tracking"], "popular": 2,
//!       "body": "Hentekoden står i varselet …" } ] }
//! ```
//!
//! A merchant's bundle is [`merge`]d over PostNord's: an article with the same `id` and `lang`
//! replaces ours, a new `id` is added.

use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

use super::blocks::{push_blocks, read_blocks, Blocks};
use crate::domain::{Market, PageContext, ShipmentStatus};
use crate::i18n::Lang;
use crate::json::{push_string, push_strings, JsonError, Reader};

/// The bundle format this code reads and writes.
pub const BUNDLE_VERSION: u32 = 1;

const CATEGORIES: [&str; 8] = [
    "tracking", "pickup", "delivery", "problems", "returns", "customs", "sending", "contact",
];

/// One article in one language. In the bundle each field is a key of the same name; `lang`,
/// `markets`, `statuses` and `contexts` are written as their codes.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    /// Lower-case kebab id, the same in every language.
    pub id: String,
    pub lang: Lang,
    /// The question as a buyer would ask it.
    pub title: String,
    /// Words buyers use that the title and body may not contain.
    pub keywords: Keywords,
    pub category: String,
    /// The markets the article applies to (codes `no se dk fi`); empty means every market.
    pub markets: Vec<Market>,
    /// PostNord shipment statuses the article helps with, by PostNord's code.
    pub statuses: Vec<ShipmentStatus>,
    /// Page contexts where the article is a popular suggestion (codes as [`PageContext::code`]).
    pub contexts: Vec<PageContext>,
    /// Rank among popular suggestions, 1 first.
    pub popular: Option<u32>,
    /// Markdown, as written in the content files.
    pub body: String,
    /// The body parsed into blocks ahead of time, so the browser renders it without parsing
    /// Markdown. The `faq` tool fills it when it builds the bundle.
    pub blocks: Blocks,
}

/// An article's keywords, kept as one text with a line feed before each (a line feed inside a
/// keyword becomes a space). As a `Vec<String>` each keyword cost a string and an allocation:
/// at 10,000 articles 87,000 of them, some 4 MB for 1 MB of words (BENCHMARKS.md, memory).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keywords(Box<str>);

impl Keywords {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split('\n').skip(1)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Keywords {
    fn from_iter<I: IntoIterator<Item = S>>(keywords: I) -> Keywords {
        let mut text = String::new();
        for keyword in keywords {
            push_keyword(&mut text, keyword.as_ref());
        }
        Keywords(text.into_boxed_str())
    }
}

fn push_keyword(text: &mut String, keyword: &str) {
    text.push('\n');
    text.extend(keyword.chars().map(|c| if c == '\n' { ' ' } else { c }));
}

/// The FAQ as the widget fetches it.
#[derive(Clone, Debug, PartialEq)]
pub struct FaqBundle {
    /// Always [`BUNDLE_VERSION`].
    pub version: u32,
    pub articles: Vec<Article>,
}

impl FaqBundle {
    /// A current-version bundle of `articles`.
    pub fn new(articles: Vec<Article>) -> FaqBundle {
        FaqBundle {
            version: BUNDLE_VERSION,
            articles,
        }
    }

    /// The bundle as the widget is served it: an article with blocks drops its Markdown source,
    /// which the browser never reads (it halves the download).
    pub fn for_widget(mut self) -> FaqBundle {
        for article in &mut self.articles {
            if !article.blocks.is_empty() {
                article.body.clear();
            }
        }
        self
    }

    /// A bundle of `count` articles made by repeating these ones with numbered ids and titles:
    /// the large FAQ the speed benchmark searches.
    pub fn grown(&self, count: usize) -> FaqBundle {
        let articles = self
            .articles
            .iter()
            .cycle()
            .take(count)
            .enumerate()
            .map(|(n, article)| {
                let copy = n / self.articles.len().max(1);
                let mut article = article.clone();
                if copy > 0 {
                    article.id = format!("{}-{copy}", article.id);
                    article.title = format!("{} ({copy})", article.title);
                }
                article
            })
            .collect();
        FaqBundle::new(articles)
    }

    /// Reads and checks a bundle: the version must be [`BUNDLE_VERSION`], and every article must
    /// pass the same checks as a Markdown article. A market, page context or status the widget
    /// does not know fails reading, as a [`ContentError::Json`] naming the value.
    pub fn from_json(json: &str) -> Result<FaqBundle, ContentError> {
        Self::from_json_text(json.to_owned())
    }

    /// As [`from_json`](Self::from_json), taking the text so that its memory is given back as
    /// the articles are read: the widget's fetched body, which has no other use.
    pub fn from_json_text(json: String) -> Result<FaqBundle, ContentError> {
        let bundle = read_bundle(json)?;
        for article in &bundle.articles {
            validate(article).map_err(|error| ContentError::InArticle {
                id: article.id.clone(),
                lang: article.lang,
                source: Box::new(error),
            })?;
        }
        Ok(bundle)
    }

    /// The bundle as compact JSON, as the widget fetches it. Empty optional fields are left out.
    pub fn to_json(&self) -> Result<String, ContentError> {
        let mut out = String::with_capacity(256 * self.articles.len());
        out.push_str("{\"version\":");
        out.push_str(&self.version.to_string());
        out.push_str(",\"articles\":[");
        for (n, article) in self.articles.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            push_article(&mut out, article);
        }
        out.push_str("]}");
        Ok(out)
    }
}

/// How much of the bundle's text, once read, is given back to the allocator at a time.
const GIVE_BACK: usize = 64 * 1024;

/// Reads the bundle's JSON (the shape in the module docs), from the last article to the first:
/// the text behind each article read is cut off and, every [`GIVE_BACK`] bytes, returned, so
/// the text and the articles read from it are not both whole in memory at once (at 10,000
/// articles that was the widget's peak, BENCHMARKS.md). An error names the first bad article,
/// as reading front to back would.
fn read_bundle(mut json: String) -> Result<FaqBundle, ContentError> {
    let (version, starts) = envelope(&json)?;
    let mut articles = Vec::with_capacity(starts.len());
    for (n, &start) in starts.iter().enumerate().rev() {
        match read_article(&mut Reader::resume(&json, start)) {
            Ok(article) => articles.push(article),
            Err(last) => {
                let earlier = starts[..n]
                    .iter()
                    .find_map(|&at| read_article(&mut Reader::resume(&json, at)).err());
                return Err(ContentError::Json(earlier.unwrap_or(last).to_string()));
            }
        }
        json.truncate(start.0);
        if json.capacity() - json.len() >= GIVE_BACK {
            json.shrink_to_fit();
        }
    }
    articles.reverse();
    Ok(FaqBundle { version, articles })
}

/// Checks the bundle's JSON and returns its version and where each article starts. Unknown keys
/// are skipped; a key given twice is refused, as a hand-edited bundle may do by mistake. Codes
/// (`markets`, `statuses`, `contexts`) are read as the front matter reads them: in any case,
/// around spaces; `lang` is exact. Another version stops the reading where its number is (ours
/// writes it first), so a later format is refused as such and not for what it added.
fn envelope(json: &str) -> Result<(u32, Vec<(usize, u32)>), ContentError> {
    let mut r = Reader::new(json);
    let (mut version, mut starts) = (None, None);
    let mut seen = Seen::default();
    let read = r.object(|r, key| match key {
        _ if !seen.first(&["version", "articles"], key) => {
            Err(r.error(format!("duplicate field `{key}`")))
        }
        "version" => {
            let number = r.u32()?;
            version = Some(number);
            if number == BUNDLE_VERSION {
                Ok(())
            } else {
                Err(r.error("another version"))
            }
        }
        "articles" => {
            let mut found = Vec::new();
            r.array(|r| {
                found.push(r.offset());
                r.skip()
            })?;
            starts = Some(found);
            Ok(())
        }
        _ => r.skip(),
    });
    if let Some(other) = version.filter(|&v| v != BUNDLE_VERSION) {
        return Err(ContentError::UnsupportedVersion(other));
    }
    let json = |error: JsonError| ContentError::Json(error.to_string());
    read.map_err(json)?;
    let missing = |field| json(r.error(format!("missing field `{field}`")));
    let found = (
        version.ok_or_else(|| missing("version"))?,
        starts.ok_or_else(|| missing("articles"))?,
    );
    r.finish().map_err(json)?;
    Ok(found)
}

/// Which of an object's known keys were read, to refuse one given twice.
#[derive(Default)]
struct Seen(u32);

impl Seen {
    /// False if `key`, one of `known`, was seen before; a key not in `known` is always first.
    fn first(&mut self, known: &[&str], key: &str) -> bool {
        let Some(bit) = known.iter().position(|k| *k == key) else {
            return true;
        };
        let first = self.0 & (1 << bit) == 0;
        self.0 |= 1 << bit;
        first
    }
}

const ARTICLE_KEYS: [&str; 11] = [
    "id", "lang", "title", "keywords", "category", "markets", "statuses", "contexts", "popular",
    "body", "blocks",
];

fn read_article(r: &mut Reader) -> Result<Article, JsonError> {
    let (mut id, mut lang, mut title, mut category) = (None, None, None, None);
    let mut article = Article {
        id: String::new(),
        lang: Lang::En,
        title: String::new(),
        keywords: Keywords::default(),
        category: String::new(),
        markets: Vec::new(),
        statuses: Vec::new(),
        contexts: Vec::new(),
        popular: None,
        body: String::new(),
        blocks: Blocks::default(),
    };
    let mut seen = Seen::default();
    r.object(|r, key| {
        if !seen.first(&ARTICLE_KEYS, key) {
            return Err(r.error(format!("duplicate field `{key}`")));
        }
        match key {
            "id" => id = Some(r.string()?.into_owned()),
            "lang" => {
                let code = r.string()?;
                let known = lang_from_code(&code);
                lang = Some(known.ok_or_else(|| r.error(format!("unknown language `{code}`")))?);
            }
            "title" => title = Some(r.string()?.into_owned()),
            "keywords" => {
                let mut text = String::new();
                r.array(|r| {
                    push_keyword(&mut text, &r.string()?);
                    Ok(())
                })?;
                article.keywords = Keywords(text.into_boxed_str());
            }
            "category" => category = Some(r.string()?.into_owned()),
            "markets" => article.markets = read_codes(r, "market", Market::known)?,
            "statuses" => article.statuses = read_codes(r, "status", ShipmentStatus::known)?,
            "contexts" => article.contexts = read_codes(r, "page context", PageContext::known)?,
            "popular" if r.null() => article.popular = None,
            "popular" => article.popular = Some(r.u32()?),
            "body" => article.body = r.string()?.into_owned(),
            "blocks" => article.blocks = read_blocks(r)?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    let missing = |field| r.error(format!("missing field `{field}`"));
    article.id = id.ok_or_else(|| missing("id"))?;
    article.lang = lang.ok_or_else(|| missing("lang"))?;
    article.title = title.ok_or_else(|| missing("title"))?;
    article.category = category.ok_or_else(|| missing("category"))?;
    Ok(article)
}

/// `["se", "dk"]`: each code must be one `known` reads; one that is not is named in the error.
fn read_codes<T>(
    r: &mut Reader,
    what: &str,
    known: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, JsonError> {
    r.list(|r| {
        let code = r.string()?;
        known(&code).ok_or_else(|| r.error(format!("unknown {what} `{code}`")))
    })
}

fn push_article(out: &mut String, article: &Article) {
    let key = |out: &mut String, key: &str| {
        out.push_str(",\"");
        out.push_str(key);
        out.push_str("\":");
    };
    out.push_str("{\"id\":");
    push_string(out, &article.id);
    key(out, "lang");
    push_string(out, article.lang.code());
    key(out, "title");
    push_string(out, &article.title);
    key(out, "keywords");
    push_strings(out, article.keywords.iter());
    key(out, "category");
    push_string(out, &article.category);
    if !article.markets.is_empty() {
        key(out, "markets");
        push_strings(out, article.markets.iter().map(|m| m.code()));
    }
    if !article.statuses.is_empty() {
        key(out, "statuses");
        push_strings(out, article.statuses.iter().map(|s| s.code()));
    }
    if !article.contexts.is_empty() {
        key(out, "contexts");
        push_strings(out, article.contexts.iter().map(|c| c.code()));
    }
    if let Some(popular) = article.popular {
        key(out, "popular");
        out.push_str(&popular.to_string());
    }
    if !article.body.is_empty() {
        key(out, "body");
        push_string(out, &article.body);
    }
    if !article.blocks.is_empty() {
        key(out, "blocks");
        push_blocks(out, &article.blocks);
    }
    out.push('}');
}

/// What is wrong with a bundle's content, named so an author can fix it: what the widget finds
/// reading a bundle and the checks every article passes ([`validate`]). The mistakes only a
/// Markdown source can make (its front matter, its file) are the FAQ tool's own, so their
/// wording is not in the widget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContentError {
    EmptyField(&'static str),
    /// A value outside what the field allows (an unknown category, market or context, a bad id…).
    BadValue {
        field: &'static str,
        value: String,
    },
    UnsupportedVersion(u32),
    Json(String),
    InArticle {
        id: String,
        lang: Lang,
        source: Box<ContentError>,
    },
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentError::EmptyField(field) => write!(f, "`{field}` is empty"),
            ContentError::BadValue { field, value } => {
                write!(f, "`{value}` is not a valid `{field}`")
            }
            ContentError::UnsupportedVersion(version) => write!(
                f,
                "bundle version {version} is not supported (expected {BUNDLE_VERSION})"
            ),
            ContentError::Json(message) => write!(f, "invalid JSON: {message}"),
            ContentError::InArticle { id, lang, source } => {
                write!(f, "article `{id}` ({}): {source}", lang.code())
            }
        }
    }
}

impl std::error::Error for ContentError {}

/// The language whose code is exactly `code` (`nb`, not `no` or `nb-NO`: content is exact).
fn lang_from_code(code: &str) -> Option<Lang> {
    Lang::ALL.into_iter().find(|lang| lang.code() == code)
}

/// The checks every article passes, from Markdown or from a merchant's JSON.
pub fn validate(article: &Article) -> Result<(), ContentError> {
    let id = &article.id;
    if id.is_empty() {
        return Err(ContentError::EmptyField("id"));
    }
    let kebab = id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !kebab || id.starts_with('-') || id.ends_with('-') {
        return Err(ContentError::BadValue {
            field: "id",
            value: id.clone(),
        });
    }
    if article.title.trim().is_empty() {
        return Err(ContentError::EmptyField("title"));
    }
    if article.body.trim().is_empty() && article.blocks.is_empty() {
        return Err(ContentError::EmptyField("body"));
    }
    if !CATEGORIES.contains(&article.category.as_str()) {
        return Err(ContentError::BadValue {
            field: "category",
            value: article.category.clone(),
        });
    }
    Ok(())
}

/// A merchant's articles over ours: the same `id` and `lang` replaces ours in place, a new one is
/// added after ours (in the merchant's order; a repeat within the merchant's bundle wins).
pub fn merge(base: FaqBundle, merchant: FaqBundle) -> FaqBundle {
    let mut articles = base.articles;
    let mut position: HashMap<(String, Lang), usize> = articles
        .iter()
        .enumerate()
        .map(|(at, article)| ((article.id.clone(), article.lang), at))
        .collect();
    for article in merchant.articles {
        match position.entry((article.id.clone(), article.lang)) {
            Entry::Occupied(slot) => {
                if let Some(ours) = articles.get_mut(*slot.get()) {
                    *ours = article;
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(articles.len());
                articles.push(article);
            }
        }
    }
    FaqBundle::new(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_bundles_read_and_write_back_byte_for_byte() {
        for json in [
            include_str!("../../public/demo/faq.json"),
            include_str!("../../public/demo/shop-faq.json"),
        ] {
            let bundle = FaqBundle::from_json(json).unwrap();
            assert!(bundle.articles.iter().all(|a| !a.blocks.is_empty()));
            assert_eq!(bundle.to_json().unwrap(), json.trim_end());
        }
    }

    #[test]
    fn keywords_keep_each_one_as_written_even_an_empty_one() {
        let written = r#"{"version":1,"articles":[{"id":"a","lang":"fi","title":"T","keywords":["","kaksi sanaa","x,y"],"category":"contact","body":"B"}]}"#;
        let bundle = FaqBundle::from_json(written).unwrap();
        let keywords = &bundle.articles[0].keywords;
        assert_eq!(
            keywords.iter().collect::<Vec<_>>(),
            ["", "kaksi sanaa", "x,y"]
        );
        assert_eq!(bundle.to_json().unwrap(), written);
        let none: Keywords = std::iter::empty::<&str>().collect();
        assert!(none.is_empty() && none.iter().next().is_none());
        let broken: Keywords = ["two\nlines"].into_iter().collect();
        assert_eq!(broken.iter().collect::<Vec<_>>(), ["two lines"]);
    }

    #[test]
    fn a_bad_bundle_is_refused_with_where_and_why() {
        let article = r#"{"id":"a","lang":"fi","title":"T","category":"contact","body":"B"}"#;
        let bundle = |article: &str| format!("{{\"version\":1,\"articles\":[{article}]}}");
        assert!(FaqBundle::from_json(&bundle(article)).is_ok());
        let with_unknown_key = article.replace("\"body\"", "\"later\":{\"x\":[1]},\"body\"");
        assert!(
            FaqBundle::from_json(&bundle(&with_unknown_key)).is_ok(),
            "skipped"
        );
        let twice = format!("{{\"version\":1,\"articles\":[{article}],\"articles\":[]}}");
        let error = FaqBundle::from_json(&twice).unwrap_err().to_string();
        assert!(error.contains("duplicate field `articles`"), "{error}");
        // A later format is refused as such, even where it adds what this one cannot read.
        let later = bundle(&article.replace("\"body\":\"B\"", "\"blocks\":[{\"Video\":[]}]"))
            .replace("\"version\":1", "\"version\":2");
        assert_eq!(
            FaqBundle::from_json(&later),
            Err(ContentError::UnsupportedVersion(2))
        );
        for (bad, why) in [
            (
                article.replace("\"lang\":\"fi\",", ""),
                "missing field `lang`",
            ),
            (article.replace("\"fi\"", "\"de\""), "unknown language `de`"),
            (
                article.replace("\"body\"", "\"markets\":[\"de\"],\"body\""),
                "unknown market `de`",
            ),
            (
                article.replace("\"body\"", "\"popular\":-1,\"body\""),
                "whole number",
            ),
            (
                article.replace("\"body\":\"B\"", "\"blocks\":[{\"X\":[]}]"),
                "unknown block `X`",
            ),
            (article.replace("}", ""), "expected `,` or `}`"),
            (
                article.replace("\"body\"", "\"title\":\"U\",\"body\""),
                "duplicate field `title`",
            ),
            (
                article.replace("\"body\"", "\"popular\":4294967296,\"body\""),
                "whole number",
            ),
        ] {
            let error = FaqBundle::from_json(&bundle(&bad)).unwrap_err().to_string();
            assert!(
                error.contains(why) && error.contains("line 1 column"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn a_long_bundle_read_from_its_end_keeps_its_order_and_names_its_first_bad_article() {
        let article = |n: usize, lang: &str| {
            format!(
                "{{\"id\":\"a-{n}\",\"lang\":\"{lang}\",\"title\":\"T {n}\",\
                 \"category\":\"contact\",\"body\":\"{}\"}}",
                "B".repeat(100)
            )
        };
        let bundle = |articles: Vec<String>| {
            format!(
                "{{\"version\":1,\"articles\":[\n{}]}}",
                articles.join(",\n")
            )
        };
        let good = bundle((0..3000).map(|n| article(n, "fi")).collect());
        assert!(
            good.len() > 3 * GIVE_BACK,
            "the text is given back more than once"
        );
        let read = FaqBundle::from_json_text(good).unwrap();
        let ids: Vec<String> = read.articles.iter().map(|a| a.id.clone()).collect();
        assert_eq!(ids, (0..3000).map(|n| format!("a-{n}")).collect::<Vec<_>>());
        let langs = |n: usize| match n {
            1 => "de",
            2000 => "xx",
            _ => "fi",
        };
        let bad = bundle((0..3000).map(|n| article(n, langs(n))).collect());
        let error = FaqBundle::from_json_text(bad).unwrap_err().to_string();
        assert!(
            error.contains("unknown language `de`") && error.contains("line 3 column"),
            "{error}"
        );
    }

    #[test]
    fn merge_replaces_same_id_and_language_and_adds_new_ids() {
        let ours = |id: &str, lang: Lang, title: &str| Article {
            id: id.to_owned(),
            lang,
            title: title.to_owned(),
            keywords: Keywords::default(),
            category: "contact".to_owned(),
            markets: Vec::new(),
            statuses: Vec::new(),
            contexts: Vec::new(),
            popular: None,
            body: "Body".to_owned(),
            blocks: Blocks::default(),
        };
        let base = FaqBundle::new(vec![
            ours("a", Lang::En, "Ours A"),
            ours("a", Lang::Sv, "Vår A"),
            ours("b", Lang::En, "Ours B"),
        ]);
        let merchant = FaqBundle::new(vec![
            ours("a", Lang::En, "Shop A"),
            ours("c", Lang::En, "Shop C"),
        ]);
        let merged = merge(base, merchant);
        let titles: Vec<&str> = merged.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["Shop A", "Vår A", "Ours B", "Shop C"]);
        assert_eq!(merged.version, BUNDLE_VERSION);
    }
}
