//! The front matter of an article's Markdown file (format in `content/README.md`): a small subset
//! of YAML, read by hand so that every mistake is named with its line. Only this tool reads it; the
//! widget reads the JSON bundle.

use crate::error::AuthoringError;
use selfhelp::domain::Lang;
use selfhelp::domain::{Market, PageContext, ShipmentStatus};
use selfhelp::faq::article::{validate, Article};

/// Front-matter keys, in the order `content/README.md` lists them.
const FIELDS: [&str; 10] = [
    "id", "title", "keywords", "category", "markets", "statuses", "contexts", "popular", "sources",
    "checked",
];

/// An article as its author wrote it: the article the bundle carries, and where its facts come
/// from (for the next editor; the widget never shows them, so the bundle leaves them out).
#[derive(Clone, Debug, PartialEq)]
pub struct Authored {
    pub article: Article,
    /// The pages the article's facts were checked against (http or https URLs).
    pub sources: Vec<String>,
    /// When they were checked, `YYYY-MM-DD`.
    pub checked: Option<String>,
}

/// Reads one article in `lang` from its Markdown source with front matter.
///
/// The front matter is a small subset of YAML: `key: value` lines (the value may hold more
/// colons), lists as `[a, b]`, optional quotes around a value or item, blank lines and `#`
/// comments ignored. A blank line between the closing `---` and the body is fine.
pub fn parse_article(lang: Lang, source: &str) -> Result<Authored, AuthoringError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut rest = source;
    match next_line(&mut rest) {
        Some(first) if first.trim_end() == "---" => {}
        _ => return Err(AuthoringError::NoFrontMatter),
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
            return Err(AuthoringError::BadLine {
                line,
                text: trimmed.to_owned(),
            });
        };
        front.set(line, key.trim(), value.trim())?;
    }
    if !closed {
        return Err(AuthoringError::UnclosedFrontMatter);
    }
    let article = Article {
        id: front.id.ok_or(AuthoringError::MissingField("id"))?,
        lang,
        title: front.title.ok_or(AuthoringError::MissingField("title"))?,
        keywords: front
            .keywords
            .ok_or(AuthoringError::MissingField("keywords"))?
            .into_iter()
            .collect(),
        category: front
            .category
            .ok_or(AuthoringError::MissingField("category"))?,
        markets: front.markets.unwrap_or_default(),
        statuses: front.statuses.unwrap_or_default(),
        contexts: front.contexts.unwrap_or_default(),
        popular: front.popular,
        body: rest.trim().to_owned(),
        blocks: Default::default(),
    };
    validate(&article)?;
    Ok(Authored {
        article,
        sources: front.sources.unwrap_or_default(),
        checked: front.checked,
    })
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
    markets: Option<Vec<Market>>,
    statuses: Option<Vec<ShipmentStatus>>,
    contexts: Option<Vec<PageContext>>,
    popular: Option<u32>,
    sources: Option<Vec<String>>,
    checked: Option<String>,
}

impl FrontMatter {
    fn set(&mut self, line: usize, key: &str, value: &str) -> Result<(), AuthoringError> {
        let Some(&field) = FIELDS.iter().find(|known| **known == key) else {
            return Err(AuthoringError::UnknownField {
                line,
                key: key.to_owned(),
            });
        };
        let duplicate = match field {
            "id" => self.id.replace(scalar(field, value)?).is_some(),
            "title" => self.title.replace(scalar(field, value)?).is_some(),
            "category" => self.category.replace(scalar(field, value)?).is_some(),
            "keywords" => self.keywords.replace(list(field, value)?).is_some(),
            "markets" => self
                .markets
                .replace(codes(field, value, Market::known)?)
                .is_some(),
            "statuses" => {
                let statuses = codes(field, value, ShipmentStatus::known)?;
                self.statuses.replace(statuses).is_some()
            }
            "contexts" => {
                let contexts = codes(field, value, PageContext::known)?;
                self.contexts.replace(contexts).is_some()
            }
            "sources" => self.sources.replace(urls(field, value)?).is_some(),
            "checked" => self.checked.replace(date(field, value)?).is_some(),
            _ => {
                let text = scalar(field, value)?;
                let rank = text
                    .parse::<u32>()
                    .ok()
                    .filter(|rank| *rank > 0)
                    .ok_or_else(|| AuthoringError::bad_value(field, text.clone()))?;
                self.popular.replace(rank).is_some()
            }
        };
        if duplicate {
            return Err(AuthoringError::DuplicateField { line, field });
        }
        Ok(())
    }
}

/// A single value, without surrounding quotes. A list here is a mistake worth naming.
fn scalar(field: &'static str, value: &str) -> Result<String, AuthoringError> {
    if value.starts_with('[') {
        return Err(AuthoringError::bad_value(field, value.to_owned()));
    }
    Ok(unquote(value).to_owned())
}

/// `[a, b, "c"]` as its items; empty items (a trailing comma) are skipped.
fn list(field: &'static str, value: &str) -> Result<Vec<String>, AuthoringError> {
    let bad = || AuthoringError::BadList {
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

/// A list of codes, each one `known` names: a market, page context or status the widget does not
/// know would silently never match, so it is an error naming the value.
fn codes<T>(
    field: &'static str,
    value: &str,
    known: fn(&str) -> Option<T>,
) -> Result<Vec<T>, AuthoringError> {
    list(field, value)?
        .into_iter()
        .map(|item| known(&item).ok_or_else(|| AuthoringError::bad_value(field, item.clone())))
        .collect()
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

/// A list of http(s) addresses.
fn urls(field: &'static str, value: &str) -> Result<Vec<String>, AuthoringError> {
    let items = list(field, value)?;
    if let Some(bad) = items.iter().find(|url| {
        !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(' ')
    }) {
        return Err(AuthoringError::bad_value(field, bad.clone()));
    }
    Ok(items)
}

/// A calendar date written `YYYY-MM-DD`.
fn date(field: &'static str, value: &str) -> Result<String, AuthoringError> {
    let text = scalar(field, value)?;
    let parts: Vec<&str> = text.split('-').collect();
    let shaped = matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && m.len() == 2 && d.len() == 2
            && [y, m, d].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
            && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
            && (1..=31).contains(&d.parse::<u8>().unwrap_or(0)));
    if !shaped {
        return Err(AuthoringError::bad_value(field, text));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use selfhelp::faq::article::{ContentError, FaqBundle};

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

    #[test]
    fn parses_front_matter_and_body() {
        let article = parse_article(Lang::En, PICKUP_CODE).unwrap().article;
        assert_eq!(article.id, "pickup-code");
        assert_eq!(article.lang, Lang::En);
        assert_eq!(
            article.title,
            "Where do I find my pickup code: the short answer"
        );
        assert_eq!(
            article.keywords.iter().collect::<Vec<_>>(),
            ["collection code", "PIN", "four-digit code"]
        );
        assert_eq!(article.category, "pickup");
        assert!(article.markets.is_empty());
        assert_eq!(article.statuses, [ShipmentStatus::AvailableForDelivery]);
        assert_eq!(article.contexts, [PageContext::Tracking]);
        assert_eq!(article.popular, Some(2));
        assert_eq!(article.body, "The code is in your **notification**.");
    }

    #[test]
    fn accepts_crlf_and_a_byte_order_mark() {
        let source = format!("\u{feff}{}", PICKUP_CODE.replace('\n', "\r\n"));
        let article = parse_article(Lang::En, &source).unwrap().article;
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
            Err(AuthoringError::MissingField("title"))
        );
        assert_eq!(
            parse_article(Lang::En, &without("keywords:")),
            Err(AuthoringError::MissingField("keywords"))
        );
        assert_eq!(
            parse_article(Lang::En, "no front matter"),
            Err(AuthoringError::NoFrontMatter)
        );
        assert_eq!(
            parse_article(Lang::En, "---\nid: x\n"),
            Err(AuthoringError::UnclosedFrontMatter)
        );
        let bad_list = PICKUP_CODE.replace("contexts: [tracking]", "contexts: tracking");
        assert_eq!(
            parse_article(Lang::En, &bad_list),
            Err(AuthoringError::BadList {
                field: "contexts",
                value: "tracking".to_owned()
            })
        );
        let unknown = PICKUP_CODE.replace("popular: 2", "popularity: 2");
        assert!(matches!(
            parse_article(Lang::En, &unknown),
            Err(AuthoringError::UnknownField { line: 8, .. })
        ));
        let twice = PICKUP_CODE.replace("popular: 2", "popular: 2\npopular: 3");
        assert!(matches!(
            parse_article(Lang::En, &twice),
            Err(AuthoringError::DuplicateField {
                field: "popular",
                ..
            })
        ));
        let category = PICKUP_CODE.replace("category: pickup", "category: parcels");
        assert!(matches!(
            parse_article(Lang::En, &category),
            Err(AuthoringError::Content(ContentError::BadValue {
                field: "category",
                ..
            }))
        ));
        let market = PICKUP_CODE.replace("category: pickup", "category: pickup\nmarkets: [se, de]");
        assert!(matches!(
            parse_article(Lang::En, &market),
            Err(AuthoringError::Content(ContentError::BadValue {
                field: "markets",
                ..
            }))
        ));
        let no_body = PICKUP_CODE.replace("The code is in your **notification**.", "");
        assert_eq!(
            parse_article(Lang::En, &no_body),
            Err(AuthoringError::Content(ContentError::EmptyField("body")))
        );
        let bad_id = PICKUP_CODE.replace("id: pickup-code", "id: Pickup Code");
        assert!(matches!(
            parse_article(Lang::En, &bad_id),
            Err(AuthoringError::Content(ContentError::BadValue {
                field: "id",
                ..
            }))
        ));
        assert!(!AuthoringError::MissingField("title").to_string().is_empty());
    }

    #[test]
    fn the_bundle_round_trips_through_json_with_language_codes() {
        let bundle = FaqBundle::new(vec![parse_article(Lang::Sv, PICKUP_CODE).unwrap().article]);
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
    fn markets_contexts_and_statuses_are_typed_and_an_unknown_one_is_named() {
        let typed = PICKUP_CODE.replace(
            "statuses: [AVAILABLE_FOR_DELIVERY]",
            "markets: [SE, dk]\nstatuses: [available_for_delivery, DELAYED]",
        );
        let typed = parse_article(Lang::En, &typed).unwrap().article;
        assert_eq!(typed.markets, [Market::Se, Market::Dk]);
        assert_eq!(
            typed.statuses,
            [
                ShipmentStatus::AvailableForDelivery,
                ShipmentStatus::Delayed
            ]
        );
        assert_eq!(typed.contexts, [PageContext::Tracking]);
        let json = FaqBundle::new(vec![typed]).to_json().unwrap();
        assert!(json.contains(r#""markets":["se","dk"]"#), "{json}");
        assert!(
            json.contains(r#""statuses":["AVAILABLE_FOR_DELIVERY","DELAYED"]"#),
            "{json}"
        );
        assert!(json.contains(r#""contexts":["tracking"]"#), "{json}");

        let typo = PICKUP_CODE.replace(
            "statuses: [AVAILABLE_FOR_DELIVERY]",
            "statuses: [AVAILABLE_FOR_DELIVER]",
        );
        assert_eq!(
            parse_article(Lang::En, &typo),
            Err(AuthoringError::Content(ContentError::BadValue {
                field: "statuses",
                value: "AVAILABLE_FOR_DELIVER".to_owned()
            }))
        );
        let page = PICKUP_CODE.replace("contexts: [tracking]", "contexts: [basket]");
        assert!(matches!(
            parse_article(Lang::En, &page),
            Err(AuthoringError::Content(ContentError::BadValue {
                field: "contexts",
                ..
            }))
        ));
        let json = json.replace("\"DELAYED\"", "\"LATE\"");
        assert!(matches!(
            FaqBundle::from_json(&json),
            Err(ContentError::Json(message)) if message.contains("LATE")
        ));
    }

    #[test]
    fn reads_sources_and_the_date_they_were_checked() {
        let with = PICKUP_CODE.replace(
            "popular: 2\n",
            "popular: 2\nsources: [https://www.postnord.se/a, http://b.example/x]\nchecked: 2026-12-01\n",
        );
        let authored = parse_article(Lang::En, &with).unwrap();
        assert_eq!(
            authored.sources,
            ["https://www.postnord.se/a", "http://b.example/x"]
        );
        assert_eq!(authored.checked.as_deref(), Some("2026-12-01"));
        for bad in [
            "sources: [www.postnord.se]",
            "sources: [javascript:alert(1)]",
            "checked: 1 Dec 2026",
            "checked: 2026-13-01",
        ] {
            let source = PICKUP_CODE.replace("popular: 2\n", &format!("popular: 2\n{bad}\n"));
            assert!(
                matches!(
                    parse_article(Lang::En, &source),
                    Err(AuthoringError::Content(ContentError::BadValue { .. }))
                ),
                "{bad}"
            );
        }
    }
}
