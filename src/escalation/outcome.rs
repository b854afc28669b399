//! How a visit to the widget ended, for measuring deflection (why the customer centre pays for
//! self-help): solved by an article, solved by tracking, escalated to a person, or left. Only
//! anonymous counts ever leave the page: no query text, no tracking numbers, no personal data.

pub(crate) use crate::domain::Outcome;
use crate::json::{push_string, push_strings};

/// What a visit did, counted; nothing in it identifies the buyer or their parcel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) searches: u32,
    pub(crate) articles: u32,
    pub(crate) lookups: u32,
    /// Settled searches that found nothing: the editors' list of what the FAQ lacks.
    pub(crate) empty_searches: u32,
}

/// At most this many article ids answered "No" go in one record (the server refuses more).
const MAX_NOT_HELPFUL: usize = 20;

/// The anonymous record sent with `navigator.sendBeacon` when the visit ends (read by the
/// merchant's server, `server/src/collect.rs`, which refuses unknown fields):
/// `{"v":1,"outcome":…,"lang":…,"market":…,"context":…,"searches":…,"articles":…,"lookups":…,
/// "emptySearches":…,"notHelpful":[…]}`, `notHelpful` (the ids, not titles or text, of the
/// articles the buyer said did not help) left out when empty.
pub(crate) fn beacon_json(
    outcome: Outcome,
    counts: Counts,
    lang: &str,
    market: &str,
    context: &str,
    not_helpful: &[&str],
) -> String {
    let not_helpful = &not_helpful[..not_helpful.len().min(MAX_NOT_HELPFUL)];
    let mut out = String::from("{\"v\":1");
    for (key, text) in [
        ("outcome", outcome.code()),
        ("lang", lang),
        ("market", market),
        ("context", context),
    ] {
        out.push_str(",\"");
        out.push_str(key);
        out.push_str("\":");
        push_string(&mut out, text);
    }
    for (key, count) in [
        ("searches", counts.searches),
        ("articles", counts.articles),
        ("lookups", counts.lookups),
        ("emptySearches", counts.empty_searches),
    ] {
        out.push_str(&format!(",\"{key}\":{count}"));
    }
    if !not_helpful.is_empty() {
        out.push_str(",\"notHelpful\":");
        push_strings(&mut out, not_helpful.iter().copied());
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strongest_fact_decides() {
        let visit = Outcome::Left.with(Outcome::SolvedByTracking);
        assert_eq!(visit, Outcome::SolvedByTracking);
        assert_eq!(
            visit.with(Outcome::SolvedByArticle),
            Outcome::SolvedByArticle
        );
        assert_eq!(
            Outcome::Escalated.with(Outcome::SolvedByArticle),
            Outcome::Escalated
        );
        assert_eq!(Outcome::default().code(), "left");
    }

    #[test]
    fn the_beacon_is_counts_only() {
        let json = beacon_json(
            Outcome::SolvedByArticle,
            Counts {
                searches: 3,
                articles: 2,
                lookups: 1,
                empty_searches: 1,
            },
            "sv",
            "se",
            "order-confirmation",
            &[],
        );
        assert_eq!(
            json,
            r#"{"v":1,"outcome":"solved-by-article","lang":"sv","market":"se","context":"order-confirmation","searches":3,"articles":2,"lookups":1,"emptySearches":1}"#
        );
        let ids: Vec<String> = (0..30).map(|n| format!("a{n}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let json = beacon_json(Outcome::Escalated, Counts::default(), "fi", "fi", "", &ids);
        assert!(json.ends_with(r#""notHelpful":["a0","a1","a2","a3","a4","a5","a6","a7","a8","a9","a10","a11","a12","a13","a14","a15","a16","a17","a18","a19"]}"#), "{json}");
    }
}
