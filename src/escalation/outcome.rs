//! How a visit to the widget ended, for measuring deflection (why the customer centre pays for
//! self-help): solved by an article, solved by tracking, escalated to a person, or left. Only
//! anonymous counts ever leave the page: no query text, no tracking numbers, no personal data.

use serde::Serialize;

/// One visit's outcome. Later, stronger facts win: a buyer who read an article and then asked
/// for a person was escalated, not deflected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Opened the widget; nothing solved, nobody asked.
    #[default]
    Left,
    /// A tracking lookup answered them (found, and they did not go on to ask for a person).
    SolvedByTracking,
    /// They said "Yes" to "Did this answer your question?".
    SolvedByArticle,
    /// They asked to talk to a person.
    Escalated,
}

impl Outcome {
    /// The outcome after `fact`: the stronger of the two.
    pub fn with(self, fact: Outcome) -> Outcome {
        self.max(fact)
    }

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Left => "left",
            Outcome::SolvedByTracking => "solved-by-tracking",
            Outcome::SolvedByArticle => "solved-by-article",
            Outcome::Escalated => "escalated",
        }
    }
}

/// What a visit did, counted; nothing in it identifies the buyer or their parcel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub searches: u32,
    pub articles: u32,
    pub lookups: u32,
}

/// The anonymous record sent with `navigator.sendBeacon` when the visit ends.
#[derive(Serialize)]
struct Beacon<'a> {
    v: u32,
    outcome: Outcome,
    lang: &'a str,
    market: &'a str,
    context: &'a str,
    #[serde(flatten)]
    counts: Counts,
}

pub fn beacon_json(
    outcome: Outcome,
    counts: Counts,
    lang: &str,
    market: &str,
    context: &str,
) -> String {
    serde_json::to_string(&Beacon {
        v: 1,
        outcome,
        lang,
        market,
        context,
        counts,
    })
    .unwrap_or_default()
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
            },
            "sv",
            "se",
            "order-confirmation",
        );
        assert_eq!(
            json,
            r#"{"v":1,"outcome":"solved-by-article","lang":"sv","market":"se","context":"order-confirmation","searches":3,"articles":2,"lookups":1}"#
        );
    }
}
