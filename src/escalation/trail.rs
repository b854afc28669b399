//! The self-help trail: what the buyer searched, read and tracked before asking for a person,
//! handed to the agent so the buyer never has to repeat themselves.
//!
//! The view records each step as it happens; before anything is shared the buyer sees the list
//! and can remove any item. The agent gets it twice: as a readable first message
//! ([`Trail::summary`]) and as flat Chatwoot custom attributes ([`Trail::custom_attributes`]) for
//! filters and reports. The trail is serde, so it is also the `detail` of the `selfhelp:escalate`
//! event a host page's own chat receives.
//!
//! Recording merges repeats the way buyers produce them: incremental typing, an article opened
//! twice, the same parcel tracked again. The agent reads a story, not a keystroke log.

use std::fmt::Write;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::domain::{Market, PageContext};
use crate::faq::text::{fold, normalise};
use crate::i18n::Lang;

/// Most steps kept; the oldest go first. Thirty is more than any real session, and keeps the
/// first message to the agent readable.
pub(crate) const MAX_STEPS: usize = 30;

/// Longest query, title or id kept, in characters. Longer text is a paste, not a search.
const MAX_TEXT_CHARS: usize = 200;

/// Longest page address kept, in characters.
const MAX_URL_CHARS: usize = 500;

/// Between items of one custom attribute.
const SEPARATOR: &str = " | ";

/// One thing the buyer did. Externally tagged in JSON: `{"Searched":{"query":…,"results":3}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Step {
    /// A search the buyer settled on, and how many articles it found.
    Searched { query: String, results: usize },
    /// An article opened, and the answer to "Did this help?" if the buyer gave one.
    Read {
        id: String,
        title: String,
        helpful: Option<bool>,
    },
    /// A tracking lookup: the id in full (the agent needs it; `TrackingId::masked` is for
    /// analytics) and PostNord's status code, or None when no status came back.
    Tracked { id: String, status: Option<String> },
}

/// The buyer's session as the agent will see it. Codes, not display names: `lang` is a
/// [`Lang::code`], `market` a [`Market::code`], `page` a [`PageContext::code`] (empty for other
/// pages).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Trail {
    pub(crate) lang: String,
    pub(crate) market: String,
    pub(crate) page: String,
    /// The page address without query string and fragment, which may hold order numbers,
    /// e-mail addresses or tokens the buyer did not choose to share.
    pub(crate) url: String,
    /// When the buyer opened the widget, as an ISO 8601 time given by the view.
    pub(crate) started_at: String,
    pub(crate) steps: Vec<Step>,
}

/// The words of [`Trail::summary`] in the buyer's language, passed in by the view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Labels {
    pub(crate) searched: &'static str,
    pub(crate) read: &'static str,
    pub(crate) helped: &'static str,
    pub(crate) did_not_help: &'static str,
    pub(crate) no_verdict: &'static str,
    pub(crate) tracked: &'static str,
    /// The number of search results, with `{n}` for the number: "{n} results".
    pub(crate) results: &'static str,
    pub(crate) language: &'static str,
    pub(crate) market: &'static str,
    pub(crate) page: &'static str,
}

impl Trail {
    pub(crate) fn new(
        lang: Lang,
        market: Market,
        page: PageContext,
        url: &str,
        started_at: &str,
    ) -> Trail {
        let mut trail = Trail {
            lang: String::new(),
            market: market.code().to_owned(),
            page: page.code().to_owned(),
            url: String::new(),
            started_at: String::new(),
            steps: Vec::new(),
        };
        trail.begin(lang, url, started_at);
        trail
    }

    /// The language, page address and moment the buyer opened the widget in. A panel can be
    /// mounted long before that (inline, or `preload="idle"`), and the page can change its
    /// language or a single-page shop its address meanwhile, so the visit sets them again on
    /// the first use.
    pub(crate) fn begin(&mut self, lang: Lang, url: &str, started_at: &str) {
        self.lang = lang.code().to_owned();
        let address = url.split(['?', '#']).next().unwrap_or_default();
        self.url = one_line(address, MAX_URL_CHARS);
        self.started_at = one_line(started_at, MAX_TEXT_CHARS);
    }

    /// Adds what the buyer just did, merging repeats:
    ///
    /// - a query searched before (ignoring case, spacing and missing å ä ö) is kept once, with
    ///   the latest result count;
    /// - a query that continues the previous step's query replaces it ("hente" then "hentekode"
    ///   is one search: buyers type incrementally);
    /// - an article read before keeps its place and takes the new verdict, if one was given;
    /// - a parcel tracked before keeps its place and takes the new status, if one came back.
    ///
    /// Text is kept on one line and at most 200 characters. Steps without a query or id are
    /// ignored. At most [`MAX_STEPS`] are kept, dropping the oldest.
    pub(crate) fn record(&mut self, step: Step) {
        match step {
            Step::Searched { query, results } => {
                self.searched(one_line(&query, MAX_TEXT_CHARS), results)
            }
            Step::Read { id, title, helpful } => self.read(
                one_line(&id, MAX_TEXT_CHARS),
                one_line(&title, MAX_TEXT_CHARS),
                helpful,
            ),
            Step::Tracked { id, status } => self.tracked(
                one_line(&id, MAX_TEXT_CHARS),
                status
                    .map(|code| one_line(&code, MAX_TEXT_CHARS))
                    .filter(|code| !code.is_empty()),
            ),
        }
    }

    /// Takes out the step at `index` (the buyer does not want it shared). None if there is none.
    pub(crate) fn remove(&mut self, index: usize) -> Option<Step> {
        (index < self.steps.len()).then(|| self.steps.remove(index))
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// A readable first message for the agent: a header line with language, market and page,
    /// then one line per step.
    ///
    /// ```text
    /// Language: nb · Market: no · Page: checkout, https://shop.example/checkout
    /// Searched: “hentekode” (3 results)
    /// Read: Hvor finner jeg hentekoden? — did not help
    /// Tracked: 370724760120000898 — DELAYED
    /// ```
    pub(crate) fn summary(&self, labels: &Labels) -> String {
        let page = match (self.page.is_empty(), self.url.is_empty()) {
            (true, true) => "-".to_owned(),
            (false, true) => self.page.clone(),
            (true, false) => self.url.clone(),
            (false, false) => format!("{}, {}", self.page, self.url),
        };
        let mut out = format!(
            "{}: {} · {}: {} · {}: {}",
            labels.language,
            or_dash(&self.lang),
            labels.market,
            or_dash(&self.market),
            labels.page,
            page
        );
        // Writing to a String cannot fail; the results are ignored for that reason.
        for step in &self.steps {
            let _ = match step {
                Step::Searched { query, results } => write!(
                    out,
                    "\n{}: “{}” ({})",
                    labels.searched,
                    query,
                    labels.results.replace("{n}", &results.to_string())
                ),
                Step::Read { id, title, helpful } => {
                    let verdict = match helpful {
                        Some(true) => labels.helped,
                        Some(false) => labels.did_not_help,
                        None => labels.no_verdict,
                    };
                    let name = if title.is_empty() { id } else { title };
                    write!(out, "\n{}: {} — {}", labels.read, name, verdict)
                }
                Step::Tracked {
                    id,
                    status: Some(code),
                } => {
                    write!(out, "\n{}: {} — {}", labels.tracked, id, code)
                }
                Step::Tracked { id, status: None } => write!(out, "\n{}: {}", labels.tracked, id),
            };
        }
        out
    }

    /// The trail as a flat JSON object for Chatwoot's conversation custom attributes: text and
    /// numbers only, lists joined with `" | "`. Articles read as `id:yes`, `id:no` or `id:-` (no
    /// verdict), tracking as `id:STATUS` or `id:-`.
    pub(crate) fn custom_attributes(&self) -> Value {
        let mut searches = Vec::new();
        let mut articles = Vec::new();
        let mut tracking = Vec::new();
        for step in &self.steps {
            match step {
                Step::Searched { query, .. } => searches.push(query.clone()),
                Step::Read { id, helpful, .. } => {
                    let verdict = match helpful {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "-",
                    };
                    articles.push(format!("{id}:{verdict}"));
                }
                Step::Tracked { id, status } => {
                    tracking.push(format!("{id}:{}", status.as_deref().unwrap_or("-")))
                }
            }
        }
        json!({
            "selfhelp_lang": self.lang,
            "selfhelp_market": self.market,
            "selfhelp_page": self.page,
            "selfhelp_url": self.url,
            "selfhelp_started_at": self.started_at,
            "selfhelp_searches": searches.join(SEPARATOR),
            "selfhelp_articles": articles.join(SEPARATOR),
            "selfhelp_tracking": tracking.join(SEPARATOR),
            "selfhelp_steps": self.steps.len(),
        })
    }

    fn searched(&mut self, query: String, results: usize) {
        let key = search_key(&query);
        // Nothing left after normalising (only combining marks): nothing was searched.
        if key.is_empty() {
            return;
        }
        for step in &mut self.steps {
            if let Step::Searched {
                query: known,
                results: count,
            } = step
            {
                if search_key(known) == key {
                    *count = results;
                    return;
                }
            }
        }
        if let Some(Step::Searched {
            query: last,
            results: count,
        }) = self.steps.last_mut()
        {
            if key.starts_with(&search_key(last)) {
                *last = query;
                *count = results;
                return;
            }
        }
        self.push(Step::Searched { query, results });
    }

    fn read(&mut self, id: String, title: String, helpful: Option<bool>) {
        if id.is_empty() {
            return;
        }
        for step in &mut self.steps {
            if let Step::Read {
                id: known,
                title: known_title,
                helpful: verdict,
            } = step
            {
                if *known == id {
                    if !title.is_empty() {
                        *known_title = title;
                    }
                    // Opening an article again without answering keeps the earlier answer.
                    if helpful.is_some() {
                        *verdict = helpful;
                    }
                    return;
                }
            }
        }
        self.push(Step::Read { id, title, helpful });
    }

    fn tracked(&mut self, id: String, status: Option<String>) {
        if id.is_empty() {
            return;
        }
        for step in &mut self.steps {
            if let Step::Tracked {
                id: known,
                status: known_status,
            } = step
            {
                if known.eq_ignore_ascii_case(&id) {
                    // A failed re-check does not erase a status we had.
                    if status.is_some() {
                        *known_status = status;
                    }
                    return;
                }
            }
        }
        self.push(Step::Tracked { id, status });
    }

    fn push(&mut self, step: Step) {
        self.steps.push(step);
        let excess = self.steps.len().saturating_sub(MAX_STEPS);
        self.steps.drain(..excess);
    }
}

/// How two queries compare: case, accents and the Nordic letters ignored.
fn search_key(query: &str) -> String {
    fold(&normalise(query))
}

/// `text` on one line with single spaces, cut to `max_chars` characters (on a character
/// boundary) with an ellipsis when it was longer.
fn one_line(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let words = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty());
    for word in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if let Some((end, _)) = out.char_indices().nth(max_chars) {
        out.truncate(end);
        out.truncate(out.trim_end().len());
        out.push('…');
    }
    out
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() {
        "-"
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: Labels = Labels {
        searched: "Searched",
        read: "Read",
        helped: "helped",
        did_not_help: "did not help",
        no_verdict: "no answer",
        tracked: "Tracked",
        results: "{n} results",
        language: "Language",
        market: "Market",
        page: "Page",
    };

    fn trail() -> Trail {
        Trail::new(
            Lang::Nb,
            Market::No,
            PageContext::Checkout,
            "https://shop.example/checkout?order=123&email=a@b.no#pay",
            "2025-03-04T10:15:00+01:00",
        )
    }

    fn search(query: &str, results: usize) -> Step {
        Step::Searched {
            query: query.to_owned(),
            results,
        }
    }

    fn read(id: &str, title: &str, helpful: Option<bool>) -> Step {
        Step::Read {
            id: id.to_owned(),
            title: title.to_owned(),
            helpful,
        }
    }

    fn tracked(id: &str, status: Option<&str>) -> Step {
        Step::Tracked {
            id: id.to_owned(),
            status: status.map(str::to_owned),
        }
    }

    #[test]
    fn new_takes_codes_and_drops_the_query_string() {
        let t = trail();
        assert_eq!(t.lang, "nb");
        assert_eq!(t.market, "no");
        assert_eq!(t.page, "checkout");
        assert_eq!(t.url, "https://shop.example/checkout");
        assert_eq!(t.started_at, "2025-03-04T10:15:00+01:00");
        assert!(t.is_empty());
        let other = Trail::new(Lang::En, Market::Se, PageContext::Other, "", "");
        assert_eq!(other.page, "");
        assert_eq!(other.url, "");
    }

    #[test]
    fn the_first_use_sets_the_language_address_and_time_again_and_keeps_the_steps() {
        let mut t = trail();
        t.record(search("hentekode", 3));
        t.begin(
            Lang::Sv,
            "https://shop.example/order/42?token=secret#top",
            "2025-03-04T10:20:00+01:00",
        );
        assert_eq!(t.lang, "sv");
        assert_eq!(t.url, "https://shop.example/order/42");
        assert_eq!(t.started_at, "2025-03-04T10:20:00+01:00");
        assert_eq!(t.steps, vec![search("hentekode", 3)]);
        assert_eq!((t.market.as_str(), t.page.as_str()), ("no", "checkout"));
    }

    #[test]
    fn incremental_typing_is_one_search() {
        let mut t = trail();
        for (query, results) in [("hen", 9), ("hente", 5), ("hentekode", 3)] {
            t.record(search(query, results));
        }
        assert_eq!(t.steps, vec![search("hentekode", 3)]);
        // Going on to another word after a pause still continues the same search.
        t.record(search("hentekode sms", 1));
        assert_eq!(t.steps, vec![search("hentekode sms", 1)]);
    }

    #[test]
    fn the_same_query_again_is_kept_once_with_the_latest_count() {
        let mut t = trail();
        t.record(search("kundtjänst", 2));
        t.record(read("a1", "Kontakta oss", None));
        t.record(search("  KUNDTJANST ", 0));
        assert_eq!(
            t.steps,
            vec![search("kundtjänst", 0), read("a1", "Kontakta oss", None)]
        );
    }

    #[test]
    fn a_prefix_only_merges_with_the_step_right_before() {
        let mut t = trail();
        t.record(search("hente", 5));
        t.record(read("a1", "Hentekode", Some(false)));
        t.record(search("hentekode", 3));
        assert_eq!(t.steps.len(), 3);
        // A shorter query after a longer one is a new search, not a merge.
        let mut t = trail();
        t.record(search("hentekode", 3));
        t.record(search("hente", 5));
        assert_eq!(t.steps, vec![search("hentekode", 3), search("hente", 5)]);
    }

    #[test]
    fn reading_again_updates_the_verdict_but_never_erases_it() {
        let mut t = trail();
        t.record(read("a1", "Hvor finner jeg hentekoden?", None));
        t.record(read("a2", "Toll", None));
        t.record(read("a1", "Hvor finner jeg hentekoden?", Some(false)));
        t.record(read("a1", "", None));
        assert_eq!(
            t.steps,
            vec![
                read("a1", "Hvor finner jeg hentekoden?", Some(false)),
                read("a2", "Toll", None),
            ]
        );
        t.record(read("a1", "Hentekode", Some(true)));
        assert_eq!(t.steps[0], read("a1", "Hentekode", Some(true)));
    }

    #[test]
    fn tracking_again_updates_the_status() {
        let mut t = trail();
        t.record(tracked("370724760120000898", Some("EN_ROUTE")));
        t.record(tracked("370724760120000898", Some("DELAYED")));
        t.record(tracked("370724760120000898", None));
        t.record(tracked("RR747540648SE", Some(" ")));
        assert_eq!(
            t.steps,
            vec![
                tracked("370724760120000898", Some("DELAYED")),
                tracked("RR747540648SE", None),
            ]
        );
    }

    #[test]
    fn empty_steps_are_ignored_and_text_is_one_short_line() {
        let mut t = trail();
        t.record(search(" \n\t", 0));
        t.record(search("\u{0301}", 0));
        t.record(read("", "Title", Some(true)));
        t.record(tracked("", Some("DELAYED")));
        assert!(t.is_empty());

        t.record(search("hvor\ner  pakken\u{0}min", 0));
        assert_eq!(t.steps, vec![search("hvor er pakken min", 0)]);

        let long = "ø".repeat(300);
        t.record(read("a1", &long, None));
        let Step::Read { title, .. } = &t.steps[1] else {
            panic!("expected a read step, got {:?}", t.steps[1]);
        };
        assert_eq!(title.chars().count(), MAX_TEXT_CHARS + 1);
        assert!(title.ends_with("ø…"));
    }

    #[test]
    fn at_most_thirty_steps_oldest_dropped() {
        let mut t = trail();
        for n in 0..35 {
            t.record(read(&format!("a{n}"), "Article", None));
        }
        assert_eq!(t.steps.len(), MAX_STEPS);
        assert_eq!(t.steps[0], read("a5", "Article", None));
        assert_eq!(t.steps[29], read("a34", "Article", None));
    }

    #[test]
    fn remove_takes_one_step_and_ignores_bad_indexes() {
        let mut t = trail();
        t.record(search("toll", 2));
        t.record(read("a1", "Toll", Some(true)));
        assert_eq!(t.remove(5), None);
        assert_eq!(t.remove(0), Some(search("toll", 2)));
        assert_eq!(t.steps, vec![read("a1", "Toll", Some(true))]);
        assert_eq!(t.remove(0), Some(read("a1", "Toll", Some(true))));
        assert_eq!(t.remove(0), None);
        assert!(t.is_empty());
    }

    #[test]
    fn summary_is_one_line_per_step_under_a_header() {
        let mut t = trail();
        t.record(search("hentekode", 3));
        t.record(read("a1", "Hvor finner jeg hentekoden?", Some(false)));
        t.record(read("a2", "", None));
        t.record(read("a3", "Toll", Some(true)));
        t.record(tracked("370724760120000898", Some("DELAYED")));
        t.record(tracked("RR747540648SE", None));
        assert_eq!(
            t.summary(&EN),
            "Language: nb · Market: no · Page: checkout, https://shop.example/checkout\n\
             Searched: “hentekode” (3 results)\n\
             Read: Hvor finner jeg hentekoden? — did not help\n\
             Read: a2 — no answer\n\
             Read: Toll — helped\n\
             Tracked: 370724760120000898 — DELAYED\n\
             Tracked: RR747540648SE"
        );
        let empty = Trail::default();
        assert_eq!(empty.summary(&EN), "Language: - · Market: - · Page: -");
    }

    #[test]
    fn custom_attributes_are_flat() {
        let mut t = trail();
        t.record(search("hentekode", 3));
        t.record(read("a1", "Hentekode", Some(false)));
        t.record(search("toll", 0));
        t.record(read("a2", "Toll", Some(true)));
        t.record(read("a3", "Retur", None));
        t.record(tracked("370724760120000898", Some("DELAYED")));
        t.record(tracked("RR747540648SE", None));
        assert_eq!(
            t.custom_attributes(),
            json!({
                "selfhelp_lang": "nb",
                "selfhelp_market": "no",
                "selfhelp_page": "checkout",
                "selfhelp_url": "https://shop.example/checkout",
                "selfhelp_started_at": "2025-03-04T10:15:00+01:00",
                "selfhelp_searches": "hentekode | toll",
                "selfhelp_articles": "a1:no | a2:yes | a3:-",
                "selfhelp_tracking": "370724760120000898:DELAYED | RR747540648SE:-",
                "selfhelp_steps": 7,
            })
        );
        let attributes = Trail::default().custom_attributes();
        assert_eq!(attributes["selfhelp_searches"], "");
        assert_eq!(attributes["selfhelp_steps"], 0);
    }

    #[test]
    fn the_trail_round_trips_through_json() {
        let mut t = trail();
        t.record(search("hentekode", 3));
        t.record(read("a1", "Hentekode", None));
        t.record(tracked("RR747540648SE", Some("DELAYED")));
        let text = serde_json::to_string(&t).expect("a trail serialises");
        assert!(text.contains(r#"{"Searched":{"query":"hentekode","results":3}}"#));
        let back: Trail = serde_json::from_str(&text).expect("and reads back");
        assert_eq!(back, t);
    }
}
