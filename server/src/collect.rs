//! The widget's `sendBeacon` record, read strictly: known fields, known codes, bounded numbers,
//! and article ids in the FAQ's own id shape. Anything else is refused whole, so nothing a buyer
//! typed (and no tracking number) can reach the database through a field we did not plan for.
//!
//! What is stored is the customer centre's local day, ISO week, weekday and hour (not the time
//! of the visit to the second), the market, language, page context, outcome and counts.

use selfhelp::domain::Lang;
use selfhelp::domain::Outcome;
use selfhelp::domain::{Market, PageContext};
use serde::Deserialize;
use time::{OffsetDateTime, UtcOffset};

use crate::store::{ArticleId, Visit, When};

/// The largest body accepted (a real record is under 300 bytes).
pub(crate) const MAX_BODY_BYTES: usize = 2048;
/// A count above this is not one visit's.
const MAX_COUNT: u32 = 1000;
/// Articles answered "No" in one visit, at most.
const MAX_NOT_HELPFUL: usize = 20;

pub(crate) const MARKETS: [Market; 4] = [Market::No, Market::Se, Market::Dk, Market::Fi];
pub(crate) const OUTCOMES: [Outcome; 4] = [
    Outcome::Left,
    Outcome::SolvedByTracking,
    Outcome::SolvedByArticle,
    Outcome::Escalated,
];
pub(crate) const CONTEXTS: [PageContext; 5] = [
    PageContext::Checkout,
    PageContext::OrderConfirmation,
    PageContext::Returns,
    PageContext::Tracking,
    PageContext::Other,
];

/// The beacon as the widget sends it (`src/escalation/outcome.rs`), plus `notHelpful` and
/// `emptySearches`, which the report needs and older widgets do not send.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Beacon {
    v: u32,
    outcome: String,
    lang: String,
    market: String,
    #[serde(default)]
    context: String,
    searches: u32,
    articles: u32,
    lookups: u32,
    #[serde(default)]
    not_helpful: Vec<String>,
    #[serde(default)]
    empty_searches: u32,
}

/// Why a record was refused; the field's name only, never its value.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BeaconError {
    NotJson,
    Version,
    Invalid(&'static str),
}

impl std::fmt::Display for BeaconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BeaconError::NotJson => f.write_str("not a beacon record"),
            BeaconError::Version => f.write_str("unknown version"),
            BeaconError::Invalid(field) => write!(f, "invalid {field}"),
        }
    }
}

/// Reads one record received at `now`, placed in the centre's local time.
pub(crate) fn parse(
    body: &[u8],
    now: OffsetDateTime,
    offset: UtcOffset,
) -> Result<Visit, BeaconError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(BeaconError::NotJson);
    }
    let b: Beacon = serde_json::from_slice(body).map_err(|_| BeaconError::NotJson)?;
    if b.v != 1 {
        return Err(BeaconError::Version);
    }
    let outcome =
        find(&OUTCOMES, |o| o.code(), &b.outcome).ok_or(BeaconError::Invalid("outcome"))?;
    let lang = find(&Lang::ALL, |l| l.code(), &b.lang).ok_or(BeaconError::Invalid("lang"))?;
    let market = find(&MARKETS, |m| m.code(), &b.market).ok_or(BeaconError::Invalid("market"))?;
    let context =
        find(&CONTEXTS, |c| c.code(), &b.context).ok_or(BeaconError::Invalid("context"))?;
    for (name, n) in [
        ("searches", b.searches),
        ("articles", b.articles),
        ("lookups", b.lookups),
        ("emptySearches", b.empty_searches),
    ] {
        if n > MAX_COUNT {
            return Err(BeaconError::Invalid(name));
        }
    }
    if b.not_helpful.len() > MAX_NOT_HELPFUL {
        return Err(BeaconError::Invalid("notHelpful"));
    }
    let mut not_helpful = Vec::new();
    for id in &b.not_helpful {
        let id = ArticleId::parse(id).ok_or(BeaconError::Invalid("notHelpful"))?;
        if !not_helpful.contains(&id) {
            not_helpful.push(id);
        }
    }
    Ok(Visit {
        when: When::at(now, offset),
        market,
        lang,
        context,
        outcome,
        searches: b.searches,
        articles: b.articles,
        lookups: b.lookups,
        empty_searches: b.empty_searches,
        not_helpful,
    })
}

/// The value in `all` whose code is exactly `code` (no case folding: the widget sends codes).
pub(crate) fn find<T: Copy>(
    all: &[T],
    code_of: impl Fn(T) -> &'static str,
    code: &str,
) -> Option<T> {
    all.iter().copied().find(|v| code_of(*v) == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn at() -> OffsetDateTime {
        // Monday 2026-11-30 07:30 UTC, 08:30 in Stockholm's winter time.
        OffsetDateTime::from_unix_timestamp(1_796_023_800).unwrap()
    }

    fn read(json: &str) -> Result<Visit, BeaconError> {
        parse(json.as_bytes(), at(), UtcOffset::from_hms(1, 0, 0).unwrap())
    }

    #[test]
    fn the_widgets_record_is_read_and_placed_in_local_time() {
        let v = read(r#"{"v":1,"outcome":"solved-by-article","lang":"sv","market":"se","context":"order-confirmation","searches":3,"articles":2,"lookups":1}"#).unwrap();
        assert_eq!(v.outcome, Outcome::SolvedByArticle);
        assert_eq!((v.lang, v.market), (Lang::Sv, Market::Se));
        assert_eq!(v.context, PageContext::OrderConfirmation);
        assert_eq!(v.when.day, "2026-11-30");
        assert_eq!(v.when.week, "2026-W49");
        assert_eq!((v.when.weekday, v.when.hour), (1, 8));
        assert!(v.not_helpful.is_empty());
    }

    #[test]
    fn the_new_fields_and_an_empty_context() {
        let v = read(r#"{"v":1,"outcome":"escalated","lang":"fi","market":"fi","context":"","searches":4,"articles":2,"lookups":0,"notHelpful":["return-parcel","customs-pay-fees","return-parcel"],"emptySearches":2}"#).unwrap();
        assert_eq!(v.context, PageContext::Other);
        assert_eq!(v.empty_searches, 2);
        let ids: Vec<&str> = v.not_helpful.iter().map(|a| a.as_str()).collect();
        assert_eq!(ids, ["return-parcel", "customs-pay-fees"]);
    }

    #[test]
    fn anything_unplanned_is_refused() {
        let base = r#""v":1,"outcome":"left","lang":"en","market":"dk","searches":0,"articles":0,"lookups":0"#;
        let refused = [
            (
                format!("{{{base},\"query\":\"my address\"}}"),
                BeaconError::NotJson,
            ),
            (
                base.replace("\"left\"", "\"happy\"").to_string(),
                BeaconError::NotJson,
            ),
            (
                format!("{{{}}}", base.replace("\"left\"", "\"happy\"")),
                BeaconError::Invalid("outcome"),
            ),
            (
                format!("{{{}}}", base.replace("\"en\"", "\"EN\"")),
                BeaconError::Invalid("lang"),
            ),
            (
                format!("{{{}}}", base.replace("\"dk\"", "\"de\"")),
                BeaconError::Invalid("market"),
            ),
            (
                format!("{{{base},\"context\":\"home\"}}"),
                BeaconError::Invalid("context"),
            ),
            (
                format!(
                    "{{{}}}",
                    base.replace("\"searches\":0", "\"searches\":100000")
                ),
                BeaconError::Invalid("searches"),
            ),
            (
                format!("{{{}}}", base.replace("\"searches\":0", "\"searches\":-1")),
                BeaconError::NotJson,
            ),
            (
                format!("{{{}}}", base.replace("\"v\":1", "\"v\":2")),
                BeaconError::Version,
            ),
            (
                format!("{{{base},\"notHelpful\":[\"Jane Doe, Storgatan 1\"]}}"),
                BeaconError::Invalid("notHelpful"),
            ),
            (
                format!("{{{base},\"notHelpful\":[\"{}\"]}}", "a".repeat(200)),
                BeaconError::Invalid("notHelpful"),
            ),
            (
                format!("{{{base},\"notHelpful\":{:?}}}", vec!["a"; 21]),
                BeaconError::Invalid("notHelpful"),
            ),
            (
                format!("{{{base},\"notes\":\"{}\"}}", "x".repeat(3000)),
                BeaconError::NotJson,
            ),
        ];
        for (json, error) in refused {
            assert_eq!(read(&json).err(), Some(error), "{json}");
        }
        assert!(read(&format!("{{{base}}}")).is_ok());
    }
}
