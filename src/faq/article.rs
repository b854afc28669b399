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

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::blocks::Block;
use crate::i18n::Lang;

/// The bundle format this code reads and writes.
pub const BUNDLE_VERSION: u32 = 1;

const CATEGORIES: [&str; 8] = [
    "tracking", "pickup", "delivery", "problems", "returns", "customs", "sending", "contact",
];
const MARKETS: [&str; 4] = ["no", "se", "dk", "fi"];
const CONTEXTS: [&str; 4] = ["checkout", "order-confirmation", "returns", "tracking"];

/// Front-matter keys, in the order `content/README.md` lists them.
const FIELDS: [&str; 8] = [
    "id", "title", "keywords", "category", "markets", "statuses", "contexts", "popular",
];

/// One article in one language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Lower-case kebab id, the same in every language.
    pub id: String,
    #[serde(with = "lang_code")]
    pub lang: Lang,
    /// The question as a buyer would ask it.
    pub title: String,
    /// Words buyers use that the title and body may not contain.
    #[serde(default)]
    pub keywords: Vec<String>,
    pub category: String,
    /// Market codes (`no se dk fi`) the article applies to; empty means every market.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markets: Vec<String>,
    /// PostNord shipment statuses the article helps with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<String>,
    /// Page contexts where the article is a popular suggestion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contexts: Vec<String>,
    /// Rank among popular suggestions, 1 first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popular: Option<u32>,
    /// Markdown, as written in the content files.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// The body parsed into blocks ahead of time, so the browser renders it without parsing
    /// Markdown. Empty when read from a Markdown file; `load_dir` fills it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Block>,
}

/// The FAQ as the widget fetches it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

    /// Reads and checks a bundle: the version must be [`BUNDLE_VERSION`], and every article must
    /// pass the same checks as a Markdown article.
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

    pub fn from_json(json: &str) -> Result<FaqBundle, ContentError> {
        let bundle: FaqBundle =
            serde_json::from_str(json).map_err(|e| ContentError::Json(e.to_string()))?;
        if bundle.version != BUNDLE_VERSION {
            return Err(ContentError::UnsupportedVersion(bundle.version));
        }
        for article in &bundle.articles {
            validate(article).map_err(|error| ContentError::InArticle {
                id: article.id.clone(),
                lang: article.lang,
                source: Box::new(error),
            })?;
        }
        Ok(bundle)
    }

    /// The bundle as compact JSON, as the widget fetches it.
    pub fn to_json(&self) -> Result<String, ContentError> {
        serde_json::to_string(self).map_err(|e| ContentError::Json(e.to_string()))
    }
}

/// What is wrong with a piece of content, named so an author can fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContentError {
    /// The file does not open with a `---` line.
    NoFrontMatter,
    /// The front matter has no closing `---` line.
    UnclosedFrontMatter,
    /// A front-matter line is not `key: value`.
    BadLine {
        line: usize,
        text: String,
    },
    UnknownField {
        line: usize,
        key: String,
    },
    DuplicateField {
        line: usize,
        field: &'static str,
    },
    MissingField(&'static str),
    EmptyField(&'static str),
    /// A list field is not `[a, b]`.
    BadList {
        field: &'static str,
        value: String,
    },
    /// A value outside what the field allows (an unknown category, market or context, a bad id…).
    BadValue {
        field: &'static str,
        value: String,
    },
    /// The file name is not `<id>.md`.
    FileNameMismatch {
        file: String,
        id: String,
    },
    MissingTranslation {
        id: String,
        lang: Lang,
    },
    DuplicateArticle {
        id: String,
        lang: Lang,
    },
    UnsupportedVersion(u32),
    Json(String),
    Io {
        path: String,
        message: String,
    },
    InFile {
        path: String,
        source: Box<ContentError>,
    },
    InArticle {
        id: String,
        lang: Lang,
        source: Box<ContentError>,
    },
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentError::NoFrontMatter => {
                write!(f, "no front matter: the first line must be `---`")
            }
            ContentError::UnclosedFrontMatter => {
                write!(f, "the front matter has no closing `---` line")
            }
            ContentError::BadLine { line, text } => {
                write!(f, "line {line}: `{text}` is not `key: value`")
            }
            ContentError::UnknownField { line, key } => write!(
                f,
                "line {line}: unknown field `{key}` (known: {})",
                FIELDS.join(", ")
            ),
            ContentError::DuplicateField { line, field } => {
                write!(f, "line {line}: `{field}` is given twice")
            }
            ContentError::MissingField(field) => {
                write!(f, "the required field `{field}` is missing")
            }
            ContentError::EmptyField(field) => write!(f, "`{field}` is empty"),
            ContentError::BadList { field, value } => {
                write!(f, "`{field}` must be a list like `[a, b]`, not `{value}`")
            }
            ContentError::BadValue { field, value } => {
                write!(f, "`{value}` is not a valid `{field}`")
            }
            ContentError::FileNameMismatch { file, id } => {
                write!(f, "the file is named `{file}.md` but its id is `{id}`")
            }
            ContentError::MissingTranslation { id, lang } => {
                write!(f, "`{id}` has no `{}` version", lang.code())
            }
            ContentError::DuplicateArticle { id, lang } => {
                write!(f, "`{id}` appears twice in `{}`", lang.code())
            }
            ContentError::UnsupportedVersion(version) => write!(
                f,
                "bundle version {version} is not supported (expected {BUNDLE_VERSION})"
            ),
            ContentError::Json(message) => write!(f, "invalid JSON: {message}"),
            ContentError::Io { path, message } => write!(f, "{path}: {message}"),
            ContentError::InFile { path, source } => write!(f, "{path}: {source}"),
            ContentError::InArticle { id, lang, source } => {
                write!(f, "article `{id}` ({}): {source}", lang.code())
            }
        }
    }
}

impl std::error::Error for ContentError {}

/// Serialises a [`Lang`] as its code (`"nb"`), and reads only the five codes back.
mod lang_code {
    use serde::{de, Deserialize, Deserializer, Serializer};

    use crate::i18n::Lang;

    pub fn serialize<S: Serializer>(lang: &Lang, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(lang.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Lang, D::Error> {
        let code = String::deserialize(deserializer)?;
        super::lang_from_code(&code)
            .ok_or_else(|| de::Error::custom(format!("unknown language `{code}`")))
    }
}

/// The language whose code is exactly `code` (`nb`, not `no` or `nb-NO`: content is exact).
fn lang_from_code(code: &str) -> Option<Lang> {
    Lang::ALL.into_iter().find(|lang| lang.code() == code)
}

/// Reads one article in `lang` from its Markdown source with front matter.
///
/// The front matter is a small subset of YAML: `key: value` lines (the value may hold more
/// colons), lists as `[a, b]`, optional quotes around a value or item, blank lines and `#`
/// comments ignored. A blank line between the closing `---` and the body is fine.
pub fn parse_article(lang: Lang, source: &str) -> Result<Article, ContentError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut rest = source;
    match next_line(&mut rest) {
        Some(first) if first.trim_end() == "---" => {}
        _ => return Err(ContentError::NoFrontMatter),
    }
    let mut front = FrontMatter::default();
    let mut line = 1;
    let mut closed = false;
    while let Some(text) = next_line(&mut rest) {
        line += 1;
        let trimmed = text.trim();
        if trimmed == "---" {
            closed = true;
            break;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            return Err(ContentError::BadLine {
                line,
                text: trimmed.to_owned(),
            });
        };
        front.set(line, key.trim(), value.trim())?;
    }
    if !closed {
        return Err(ContentError::UnclosedFrontMatter);
    }
    let article = Article {
        id: front.id.ok_or(ContentError::MissingField("id"))?,
        lang,
        title: front.title.ok_or(ContentError::MissingField("title"))?,
        keywords: front
            .keywords
            .ok_or(ContentError::MissingField("keywords"))?,
        category: front
            .category
            .ok_or(ContentError::MissingField("category"))?,
        markets: front.markets.unwrap_or_default(),
        statuses: front.statuses.unwrap_or_default(),
        contexts: front.contexts.unwrap_or_default(),
        popular: front.popular,
        body: rest.trim().to_owned(),
        blocks: Vec::new(),
    };
    validate(&article)?;
    Ok(article)
}

/// The next line of `rest` without its line ending (`\n` or `\r\n`), advancing `rest` past it.
fn next_line<'a>(rest: &mut &'a str) -> Option<&'a str> {
    let current: &'a str = rest;
    if current.is_empty() {
        return None;
    }
    let (line, tail) = match current.find('\n') {
        Some(end) => (&current[..end], &current[end + 1..]),
        None => (current, ""),
    };
    *rest = tail;
    Some(line.strip_suffix('\r').unwrap_or(line))
}

/// The front-matter fields as read, before the required ones are checked.
#[derive(Default)]
struct FrontMatter {
    id: Option<String>,
    title: Option<String>,
    keywords: Option<Vec<String>>,
    category: Option<String>,
    markets: Option<Vec<String>>,
    statuses: Option<Vec<String>>,
    contexts: Option<Vec<String>>,
    popular: Option<u32>,
}

impl FrontMatter {
    fn set(&mut self, line: usize, key: &str, value: &str) -> Result<(), ContentError> {
        let Some(&field) = FIELDS.iter().find(|known| **known == key) else {
            return Err(ContentError::UnknownField {
                line,
                key: key.to_owned(),
            });
        };
        let duplicate = match field {
            "id" => self.id.replace(scalar(field, value)?).is_some(),
            "title" => self.title.replace(scalar(field, value)?).is_some(),
            "category" => self.category.replace(scalar(field, value)?).is_some(),
            "keywords" => self.keywords.replace(list(field, value)?).is_some(),
            "markets" => self.markets.replace(lower(list(field, value)?)).is_some(),
            "statuses" => self.statuses.replace(list(field, value)?).is_some(),
            "contexts" => self.contexts.replace(lower(list(field, value)?)).is_some(),
            _ => {
                let text = scalar(field, value)?;
                let rank = text
                    .parse::<u32>()
                    .ok()
                    .filter(|rank| *rank > 0)
                    .ok_or(ContentError::BadValue { field, value: text })?;
                self.popular.replace(rank).is_some()
            }
        };
        if duplicate {
            return Err(ContentError::DuplicateField { line, field });
        }
        Ok(())
    }
}

/// A single value, without surrounding quotes. A list here is a mistake worth naming.
fn scalar(field: &'static str, value: &str) -> Result<String, ContentError> {
    if value.starts_with('[') {
        return Err(ContentError::BadValue {
            field,
            value: value.to_owned(),
        });
    }
    Ok(unquote(value).to_owned())
}

/// `[a, b, "c"]` as its items; empty items (a trailing comma) are skipped.
fn list(field: &'static str, value: &str) -> Result<Vec<String>, ContentError> {
    let bad = || ContentError::BadList {
        field,
        value: value.to_owned(),
    };
    let inner = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .ok_or_else(bad)?;
    if inner.contains(['[', ']']) {
        return Err(bad());
    }
    Ok(inner
        .split(',')
        .map(|item| unquote(item.trim()).trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect())
}

fn lower(items: Vec<String>) -> Vec<String> {
    items.into_iter().map(|item| item.to_lowercase()).collect()
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// The checks every article passes, from Markdown or from a merchant's JSON.
fn validate(article: &Article) -> Result<(), ContentError> {
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
    for (field, values, allowed) in [
        ("markets", &article.markets, &MARKETS),
        ("contexts", &article.contexts, &CONTEXTS),
    ] {
        if let Some(value) = values.iter().find(|v| !allowed.contains(&v.as_str())) {
            return Err(ContentError::BadValue {
                field,
                value: value.clone(),
            });
        }
    }
    if let Some(status) = article.statuses.iter().find(|s| s.trim().is_empty()) {
        return Err(ContentError::BadValue {
            field: "statuses",
            value: status.clone(),
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

#[cfg(not(target_arch = "wasm32"))]
pub use native::load_dir;

/// Reading the content directory: only the CLI and tests do this, never the browser.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::collections::BTreeMap;
    use std::fs;
    use std::path::Path;

    use super::{parse_article, ContentError, FaqBundle};
    use crate::faq::blocks::from_markdown;
    use crate::i18n::Lang;

    /// Reads `dir/<lang>/*.md` for the five languages (`dir` is `content/faq`), with each body
    /// also parsed into blocks. Every file name must be its article's id, and every id must exist
    /// in all five languages. Articles come out by language, then by id, so a build is
    /// reproducible.
    pub fn load_dir(dir: &Path) -> Result<FaqBundle, ContentError> {
        let mut articles = Vec::new();
        let mut languages: BTreeMap<String, [bool; 5]> = BTreeMap::new();
        for (slot, lang) in Lang::ALL.into_iter().enumerate() {
            let lang_dir = dir.join(lang.code());
            let entries = fs::read_dir(&lang_dir).map_err(|e| io_error(&lang_dir, &e))?;
            let mut files = Vec::new();
            for entry in entries {
                let path = entry.map_err(|e| io_error(&lang_dir, &e))?.path();
                if path.extension().is_some_and(|ext| ext == "md") && path.is_file() {
                    files.push(path);
                }
            }
            files.sort();
            for path in files {
                let source = fs::read_to_string(&path).map_err(|e| io_error(&path, &e))?;
                let in_file = |error| ContentError::InFile {
                    path: path.display().to_string(),
                    source: Box::new(error),
                };
                let mut article = parse_article(lang, &source).map_err(in_file)?;
                article.blocks = from_markdown(&article.body);
                let file = path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .unwrap_or_default();
                if file != article.id {
                    return Err(in_file(ContentError::FileNameMismatch {
                        file: file.to_owned(),
                        id: article.id,
                    }));
                }
                let seen = languages.entry(article.id.clone()).or_insert([false; 5]);
                if seen[slot] {
                    return Err(in_file(ContentError::DuplicateArticle {
                        id: article.id,
                        lang,
                    }));
                }
                seen[slot] = true;
                articles.push(article);
            }
        }
        for (id, seen) in &languages {
            for (slot, lang) in Lang::ALL.into_iter().enumerate() {
                if !seen[slot] {
                    return Err(ContentError::MissingTranslation {
                        id: id.clone(),
                        lang,
                    });
                }
            }
        }
        Ok(FaqBundle::new(articles))
    }

    fn io_error(path: &Path, error: &std::io::Error) -> ContentError {
        ContentError::Io {
            path: path.display().to_string(),
            message: error.to_string(),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    const PICKUP_CODE: &str = "---
id: pickup-code
title: Where do I find my pickup code: the short answer
keywords: [collection code, \"PIN\", four-digit code,]
category: pickup
statuses: [AVAILABLE_FOR_DELIVERY]
contexts: [tracking]
popular: 2
---

The code is in your **notification**.
";

    fn content_dir() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/faq")
    }

    #[test]
    fn parses_front_matter_and_body() {
        let article = parse_article(Lang::En, PICKUP_CODE).unwrap();
        assert_eq!(article.id, "pickup-code");
        assert_eq!(article.lang, Lang::En);
        assert_eq!(
            article.title,
            "Where do I find my pickup code: the short answer"
        );
        assert_eq!(
            article.keywords,
            ["collection code", "PIN", "four-digit code"]
        );
        assert_eq!(article.category, "pickup");
        assert!(article.markets.is_empty());
        assert_eq!(article.statuses, ["AVAILABLE_FOR_DELIVERY"]);
        assert_eq!(article.contexts, ["tracking"]);
        assert_eq!(article.popular, Some(2));
        assert_eq!(article.body, "The code is in your **notification**.");
    }

    #[test]
    fn accepts_crlf_and_a_byte_order_mark() {
        let source = format!("\u{feff}{}", PICKUP_CODE.replace('\n', "\r\n"));
        let article = parse_article(Lang::En, &source).unwrap();
        assert_eq!(article.id, "pickup-code");
        assert_eq!(article.body, "The code is in your **notification**.");
    }

    #[test]
    fn names_what_is_wrong() {
        let without = |key: &str| {
            PICKUP_CODE
                .lines()
                .filter(|line| !line.starts_with(key))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            parse_article(Lang::En, &without("title:")),
            Err(ContentError::MissingField("title"))
        );
        assert_eq!(
            parse_article(Lang::En, &without("keywords:")),
            Err(ContentError::MissingField("keywords"))
        );
        assert_eq!(
            parse_article(Lang::En, "no front matter"),
            Err(ContentError::NoFrontMatter)
        );
        assert_eq!(
            parse_article(Lang::En, "---\nid: x\n"),
            Err(ContentError::UnclosedFrontMatter)
        );
        let bad_list = PICKUP_CODE.replace("contexts: [tracking]", "contexts: tracking");
        assert_eq!(
            parse_article(Lang::En, &bad_list),
            Err(ContentError::BadList {
                field: "contexts",
                value: "tracking".to_owned()
            })
        );
        let unknown = PICKUP_CODE.replace("popular: 2", "popularity: 2");
        assert!(matches!(
            parse_article(Lang::En, &unknown),
            Err(ContentError::UnknownField { line: 8, .. })
        ));
        let twice = PICKUP_CODE.replace("popular: 2", "popular: 2\npopular: 3");
        assert!(matches!(
            parse_article(Lang::En, &twice),
            Err(ContentError::DuplicateField {
                field: "popular",
                ..
            })
        ));
        let category = PICKUP_CODE.replace("category: pickup", "category: parcels");
        assert!(matches!(
            parse_article(Lang::En, &category),
            Err(ContentError::BadValue {
                field: "category",
                ..
            })
        ));
        let market = PICKUP_CODE.replace("category: pickup", "category: pickup\nmarkets: [se, de]");
        assert!(matches!(
            parse_article(Lang::En, &market),
            Err(ContentError::BadValue {
                field: "markets",
                ..
            })
        ));
        let no_body = PICKUP_CODE.replace("The code is in your **notification**.", "");
        assert_eq!(
            parse_article(Lang::En, &no_body),
            Err(ContentError::EmptyField("body"))
        );
        let bad_id = PICKUP_CODE.replace("id: pickup-code", "id: Pickup Code");
        assert!(matches!(
            parse_article(Lang::En, &bad_id),
            Err(ContentError::BadValue { field: "id", .. })
        ));
        assert!(!ContentError::MissingField("title").to_string().is_empty());
    }

    #[test]
    fn the_bundle_round_trips_through_json_with_language_codes() {
        let bundle = FaqBundle::new(vec![parse_article(Lang::Sv, PICKUP_CODE).unwrap()]);
        let json = bundle.to_json().unwrap();
        assert!(json.contains("\"lang\":\"sv\""), "{json}");
        assert!(json.contains("\"version\":1"), "{json}");
        assert!(
            !json.contains("markets"),
            "empty lists are left out: {json}"
        );
        assert_eq!(FaqBundle::from_json(&json).unwrap(), bundle);

        let other_version = json.replace("\"version\":1", "\"version\":2");
        assert_eq!(
            FaqBundle::from_json(&other_version),
            Err(ContentError::UnsupportedVersion(2))
        );
        let bad_lang = json.replace("\"lang\":\"sv\"", "\"lang\":\"de\"");
        assert!(matches!(
            FaqBundle::from_json(&bad_lang),
            Err(ContentError::Json(_))
        ));
        let minimal = r#"{"version":1,"articles":[{"id":"a","lang":"fi","title":"T",
            "category":"contact","body":"B"}]}"#;
        let minimal = FaqBundle::from_json(minimal).unwrap();
        assert!(minimal.articles[0].keywords.is_empty());
        assert_eq!(minimal.articles[0].popular, None);
    }

    #[test]
    fn merge_replaces_same_id_and_language_and_adds_new_ids() {
        let ours = |id: &str, lang: Lang, title: &str| Article {
            id: id.to_owned(),
            lang,
            title: title.to_owned(),
            keywords: Vec::new(),
            category: "contact".to_owned(),
            markets: Vec::new(),
            statuses: Vec::new(),
            contexts: Vec::new(),
            popular: None,
            body: "Body".to_owned(),
            blocks: Vec::new(),
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

    #[test]
    fn the_real_content_has_every_article_in_every_language() {
        let bundle = load_dir(&content_dir()).unwrap_or_else(|e| panic!("{e}"));
        let mut languages: BTreeMap<&str, Vec<Lang>> = BTreeMap::new();
        for article in &bundle.articles {
            languages
                .entry(article.id.as_str())
                .or_default()
                .push(article.lang);
            assert!(
                !article.title.trim().is_empty(),
                "{} {:?}: empty title",
                article.id,
                article.lang
            );
            assert!(
                !article.body.trim().is_empty() && !article.blocks.is_empty(),
                "{} {:?}: empty body",
                article.id,
                article.lang
            );
            let html =
                article.body.as_bytes().windows(2).any(|pair| {
                    pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || pair[1] == b'/')
                });
            assert!(
                !html,
                "{} {:?}: raw HTML in the body",
                article.id, article.lang
            );
        }
        assert!(languages.len() >= 40, "only {} ids", languages.len());
        for (id, langs) in &languages {
            let mut langs = langs.clone();
            langs.sort_by_key(|lang| lang.code());
            langs.dedup();
            assert_eq!(langs.len(), 5, "{id} is in {langs:?}");
        }
    }

    #[test]
    fn a_missing_translation_or_misnamed_file_is_refused() {
        let dir = std::env::temp_dir().join(format!("selfhelp-faq-{}", std::process::id()));
        for lang in Lang::ALL {
            std::fs::create_dir_all(dir.join(lang.code())).unwrap();
            std::fs::write(dir.join(lang.code()).join("pickup-code.md"), PICKUP_CODE).unwrap();
        }
        assert_eq!(load_dir(&dir).unwrap().articles.len(), 5);

        std::fs::remove_file(dir.join("fi/pickup-code.md")).unwrap();
        assert_eq!(
            load_dir(&dir),
            Err(ContentError::MissingTranslation {
                id: "pickup-code".to_owned(),
                lang: Lang::Fi
            })
        );
        std::fs::write(dir.join("fi/other-name.md"), PICKUP_CODE).unwrap();
        assert!(matches!(
            load_dir(&dir),
            Err(ContentError::InFile { source, .. })
                if matches!(*source, ContentError::FileNameMismatch { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
