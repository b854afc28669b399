//! One buyer's visit, as facts. A view records what happened (a search settled, an article was
//! opened or answered, a parcel was looked up, the buyer asked for a person) with one call, and
//! everything that follows from it happens here, in one place, tested natively: the self-help
//! trail the agent will see, the signals the contact policy reads, the anonymous counts, the
//! visit's outcome and the verdicts. What the page must hear comes back as [`PageEvent`]s for the
//! view to dispatch; nothing here touches the browser.

use crate::domain::ShipmentStatus;
use crate::escalation::outcome::{Counts, Outcome};
use crate::escalation::policy::{asks_for_person, is_real_attempt, Signals};
use crate::escalation::trail::{Step, Trail};
use crate::i18n::Lang;
use crate::tracking::id::{looks_like_tracking_id, TrackingId};

/// Something the buyer did or learned.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Fact {
    /// A search settled: typing stopped, or a result was opened.
    Searched { query: String, results: usize },
    /// An article was opened.
    Opened {
        id: String,
        lang: Lang,
        title: String,
    },
    /// "Did this answer your question?" was answered.
    Answered { id: String, helpful: bool },
    /// A lookup ended.
    Tracked { id: TrackingId, result: Lookup },
    /// The buyer asked to talk to a person.
    Escalated,
}

/// How a lookup ended, as the visit needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// Found, with the first parcel's status, and whether any is in trouble.
    Found {
        status: ShipmentStatus,
        troubled: bool,
    },
    /// A well-formed number PostNord does not know.
    NotFound,
    /// The proxy failed: not the buyer's doing, and not a fact about their parcel.
    Failed,
}

/// What the page hears, as `CustomEvent`s on the element (README lists them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PageEvent {
    /// `selfhelp:track`: the id masked, never whole.
    Track {
        masked: String,
        result: &'static str,
        status: Option<ShipmentStatus>,
    },
    /// `selfhelp:article`.
    Article { id: String, lang: Lang },
    /// `selfhelp:verdict`.
    Verdict { id: String, helpful: bool },
    /// `selfhelp:outcome`, when the outcome changed.
    Outcome(Outcome),
}

impl PageEvent {
    /// The event's name.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            PageEvent::Track { .. } => "selfhelp:track",
            PageEvent::Article { .. } => "selfhelp:article",
            PageEvent::Verdict { .. } => "selfhelp:verdict",
            PageEvent::Outcome(_) => "selfhelp:outcome",
        }
    }

    /// The event's `detail`, as string pairs.
    pub(crate) fn detail(&self) -> Vec<(&'static str, String)> {
        match self {
            PageEvent::Track {
                masked,
                result,
                status,
            } => {
                let mut detail = vec![("id", masked.clone()), ("result", (*result).to_owned())];
                if let Some(status) = status {
                    detail.push(("status", status.code().to_owned()));
                }
                detail
            }
            PageEvent::Article { id, lang } => {
                vec![("id", id.clone()), ("lang", lang.code().to_owned())]
            }
            PageEvent::Verdict { id, helpful } => vec![
                ("id", id.clone()),
                ("helpful", if *helpful { "yes" } else { "no" }.to_owned()),
            ],
            PageEvent::Outcome(outcome) => vec![("outcome", outcome.code().to_owned())],
        }
    }
}

/// The visit so far.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Visit {
    trail: Trail,
    signals: Signals,
    counts: Counts,
    outcome: Outcome,
    /// Article id → helpful, in the order answered; a second answer replaces the first.
    verdicts: Vec<(String, bool)>,
}

impl Visit {
    pub(crate) fn new(trail: Trail) -> Visit {
        Visit {
            trail,
            signals: Signals::default(),
            counts: Counts::default(),
            outcome: Outcome::Left,
            verdicts: Vec::new(),
        }
    }

    /// The buyer opened the widget in `lang` at `started_at`, on the page at `url`
    /// ([`Trail::begin`]).
    pub(crate) fn begin(&mut self, lang: Lang, url: &str, started_at: &str) {
        self.trail.begin(lang, url, started_at);
    }

    /// Records `fact` and returns what the page must hear.
    pub(crate) fn record(&mut self, fact: Fact) -> Vec<PageEvent> {
        let mut events = Vec::new();
        match fact {
            Fact::Searched { query, results } => {
                let query = query.trim();
                // A tracking number typed in the search field is offered as tracking, not a search.
                if query.is_empty() || looks_like_tracking_id(query).is_some() {
                    return events;
                }
                self.trail.record(Step::Searched {
                    query: query.to_owned(),
                    results,
                });
                self.counts.searches += 1;
                self.counts.empty_searches += u32::from(results == 0);
                if is_real_attempt(query, results) {
                    self.signals.searches_without_help += 1;
                }
                self.signals.asked_for_person |= asks_for_person(query);
            }
            Fact::Opened { id, lang, title } => {
                self.trail.record(Step::Read {
                    id: id.clone(),
                    title,
                    helpful: None,
                });
                self.counts.articles += 1;
                events.push(PageEvent::Article { id, lang });
            }
            Fact::Answered { id, helpful } => {
                self.verdicts.retain(|(answered, _)| *answered != id);
                self.verdicts.push((id.clone(), helpful));
                let title = self.trail.steps.iter().rev().find_map(|step| match step {
                    Step::Read {
                        id: read, title, ..
                    } if *read == id => Some(title.clone()),
                    _ => None,
                });
                self.trail.record(Step::Read {
                    id: id.clone(),
                    title: title.unwrap_or_default(),
                    helpful: Some(helpful),
                });
                events.push(PageEvent::Verdict { id, helpful });
                if helpful {
                    self.reach(Outcome::SolvedByArticle, &mut events);
                } else {
                    self.signals.no_verdicts += 1;
                }
            }
            Fact::Tracked { id, result } => {
                let masked = id.masked();
                match result {
                    Lookup::Found { status, troubled } => {
                        self.trail.record(Step::Tracked {
                            id: id.as_str().to_owned(),
                            status: Some(status.code().to_owned()),
                        });
                        self.signals.troubled_parcel |= troubled;
                        self.counts.lookups += 1;
                        events.push(PageEvent::Track {
                            masked,
                            result: "found",
                            status: Some(status),
                        });
                        self.reach(Outcome::SolvedByTracking, &mut events);
                    }
                    Lookup::NotFound => {
                        self.trail.record(Step::Tracked {
                            id: id.as_str().to_owned(),
                            status: None,
                        });
                        self.signals.not_found_lookups += 1;
                        self.counts.lookups += 1;
                        events.push(PageEvent::Track {
                            masked,
                            result: "not-found",
                            status: None,
                        });
                    }
                    Lookup::Failed => events.push(PageEvent::Track {
                        masked,
                        result: "error",
                        status: None,
                    }),
                }
            }
            Fact::Escalated => self.reach(Outcome::Escalated, &mut events),
        }
        events
    }

    /// The outcome after `fact` (the stronger wins); the page hears when it changed.
    fn reach(&mut self, fact: Outcome, events: &mut Vec<PageEvent>) {
        let after = self.outcome.with(fact);
        if after != self.outcome {
            self.outcome = after;
            events.push(PageEvent::Outcome(after));
        }
    }

    /// Removes step `index` from the trail, as the buyer asked, before it is shared.
    pub(crate) fn forget_step(&mut self, index: usize) -> Option<Step> {
        self.trail.remove(index)
    }

    pub(crate) fn trail(&self) -> &Trail {
        &self.trail
    }

    pub(crate) fn signals(&self) -> &Signals {
        &self.signals
    }

    pub(crate) fn counts(&self) -> Counts {
        self.counts
    }

    pub(crate) fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The buyer's answer for article `id`, if they gave one.
    pub(crate) fn verdict(&self, id: &str) -> Option<bool> {
        let answer = self.verdicts.iter().find(|(answered, _)| answered == id);
        answer.map(|(_, helpful)| *helpful)
    }

    /// The ids of the articles the buyer said did not help, for the anonymous beacon.
    pub(crate) fn not_helpful(&self) -> Vec<&str> {
        let no = self.verdicts.iter().filter(|(_, helpful)| !helpful);
        no.map(|(id, _)| id.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Market, PageContext};

    fn visit() -> Visit {
        let trail = Trail::new(
            Lang::Sv,
            Market::Se,
            PageContext::OrderConfirmation,
            "https://shop.example/order/1",
            "2026-12-01T10:00:00Z",
        );
        Visit::new(trail)
    }

    fn id(text: &str) -> TrackingId {
        TrackingId::parse(text).expect("valid id")
    }

    #[test]
    fn a_settled_search_goes_in_the_trail_the_counts_and_the_signals() {
        let mut v = visit();
        assert_eq!(
            v.record(Fact::Searched {
                query: " hämtkod ".into(),
                results: 3
            }),
            []
        );
        assert_eq!(
            v.trail().steps,
            [Step::Searched {
                query: "hämtkod".into(),
                results: 3
            }]
        );
        assert_eq!(
            v.record(Fact::Searched {
                query: "zzqx wwkj".into(),
                results: 0
            }),
            []
        );
        assert_eq!(v.counts().searches, 2);
        assert_eq!(v.counts().empty_searches, 1);
        assert_eq!(v.signals().searches_without_help, 1);
        v.record(Fact::Searched {
            query: "prata med en människa".into(),
            results: 1,
        });
        assert!(v.signals().asked_for_person);
        // A tracking number or nothing is not a search.
        v.record(Fact::Searched {
            query: "RR747540648SE".into(),
            results: 0,
        });
        v.record(Fact::Searched {
            query: "  ".into(),
            results: 0,
        });
        assert_eq!(v.counts().searches, 3);
    }

    #[test]
    fn an_opened_article_is_told_and_its_verdict_decides_the_outcome() {
        let mut v = visit();
        let opened = Fact::Opened {
            id: "pickup-code".into(),
            lang: Lang::Sv,
            title: "Var är koden?".into(),
        };
        assert_eq!(
            v.record(opened),
            [PageEvent::Article {
                id: "pickup-code".into(),
                lang: Lang::Sv
            }]
        );
        assert_eq!(v.counts().articles, 1);
        let no = v.record(Fact::Answered {
            id: "pickup-code".into(),
            helpful: false,
        });
        assert_eq!(
            no,
            [PageEvent::Verdict {
                id: "pickup-code".into(),
                helpful: false
            }]
        );
        assert_eq!(v.signals().no_verdicts, 1);
        assert_eq!(v.not_helpful(), ["pickup-code"]);
        assert_eq!(
            v.trail().steps.last(),
            Some(&Step::Read {
                id: "pickup-code".into(),
                title: "Var är koden?".into(),
                helpful: Some(false)
            })
        );
        let yes = v.record(Fact::Answered {
            id: "pickup-code".into(),
            helpful: true,
        });
        assert_eq!(
            yes,
            [
                PageEvent::Verdict {
                    id: "pickup-code".into(),
                    helpful: true
                },
                PageEvent::Outcome(Outcome::SolvedByArticle)
            ]
        );
        assert_eq!(v.verdict("pickup-code"), Some(true));
        assert_eq!(
            v.not_helpful(),
            Vec::<&str>::new(),
            "one verdict per article: the last"
        );
        assert_eq!(v.outcome(), Outcome::SolvedByArticle);
    }

    #[test]
    fn lookups_are_told_masked_and_only_found_ones_solve() {
        let mut v = visit();
        let found = Lookup::Found {
            status: ShipmentStatus::Delayed,
            troubled: true,
        };
        let events = v.record(Fact::Tracked {
            id: id("RR747540648SE"),
            result: found,
        });
        assert_eq!(
            events,
            [
                PageEvent::Track {
                    masked: "RR*********SE".into(),
                    result: "found",
                    status: Some(ShipmentStatus::Delayed)
                },
                PageEvent::Outcome(Outcome::SolvedByTracking)
            ]
        );
        assert!(v.signals().troubled_parcel);
        assert_eq!(
            events[0].detail(),
            [
                ("id", "RR*********SE".to_owned()),
                ("result", "found".to_owned()),
                ("status", "DELAYED".to_owned())
            ]
        );
        let events = v.record(Fact::Tracked {
            id: id("370724760120000898"),
            result: Lookup::NotFound,
        });
        assert_eq!(events.len(), 1, "the outcome did not change");
        assert_eq!(v.signals().not_found_lookups, 1);
        assert_eq!(v.counts().lookups, 2);
        // A failed proxy is told, but is no fact about the parcel.
        let events = v.record(Fact::Tracked {
            id: id("RR747540648SE"),
            result: Lookup::Failed,
        });
        assert_eq!(events[0].detail()[1], ("result", "error".to_owned()));
        assert_eq!(v.counts().lookups, 2);
        assert_eq!(v.trail().steps.len(), 2);
    }

    #[test]
    fn asking_for_a_person_is_the_strongest_outcome_and_is_told_once() {
        let mut v = visit();
        assert_eq!(
            v.record(Fact::Escalated),
            [PageEvent::Outcome(Outcome::Escalated)]
        );
        assert_eq!(v.record(Fact::Escalated), []);
        v.record(Fact::Answered {
            id: "a".into(),
            helpful: true,
        });
        assert_eq!(v.outcome(), Outcome::Escalated);
        assert_eq!(
            PageEvent::Outcome(Outcome::Escalated).name(),
            "selfhelp:outcome"
        );
    }

    #[test]
    fn the_buyer_can_remove_a_step_before_it_is_shared() {
        let mut v = visit();
        v.record(Fact::Searched {
            query: "min adress".into(),
            results: 2,
        });
        assert!(v.forget_step(0).is_some());
        assert!(v.trail().is_empty());
        assert_eq!(v.forget_step(5), None);
    }
}
