//! When the widget offers contact with a person.
//!
//! The customer centre is there for what self-help cannot solve, so by default contact appears
//! only once the buyer has tried self-help and it visibly failed them, as in Help Scout Beacon's
//! "self-service" mode. A merchant can pick Beacon's two other modes instead. Everything here is a
//! pure function of a few counters the view keeps ([`Signals`]), so the whole rule reads in one
//! place and is tested natively.

use crate::faq::text::{fold, normalise, tokenise};
use crate::tracking::id::looks_like_tracking_id;

/// How eagerly the merchant wants contact shown. Read from an attribute by `config`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum ContactMode {
    /// Contact stays hidden until self-help has failed (the default).
    #[default]
    SelfService,
    /// Contact is shown from the start, below the answers.
    Neutral,
    /// Contact is shown first, answers below it.
    AskFirst,
}

impl ContactMode {
    /// Reads `self-service`, `neutral` or `ask-first`; anything else is the default.
    pub(crate) fn from_attr(value: &str) -> ContactMode {
        match value.trim().to_ascii_lowercase().as_str() {
            "neutral" => ContactMode::Neutral,
            "ask-first" => ContactMode::AskFirst,
            _ => ContactMode::SelfService,
        }
    }

    pub(crate) fn code(self) -> &'static str {
        match self {
            ContactMode::SelfService => "self-service",
            ContactMode::Neutral => "neutral",
            ContactMode::AskFirst => "ask-first",
        }
    }
}

/// Searches that found nothing before a self-service widget shows contact. One empty search is
/// usually a typo or a word the FAQ phrases differently, and the buyer simply rephrases; two in a
/// row mean the FAQ probably lacks the answer.
pub(crate) const SEARCHES_BEFORE_CONTACT: u32 = 2;

/// Valid numbers PostNord did not know before contact shows. The first is usually a label that
/// was printed but not yet scanned (the tracking view says to wait); a second one needs a person.
pub(crate) const NOT_FOUND_BEFORE_CONTACT: u32 = 2;

/// What the buyer has tried so far and how it went: plain counters the view increments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Signals {
    /// Articles answered "No" to "Did this help?".
    pub(crate) no_verdicts: u32,
    /// Real search attempts that found nothing, counted with [`is_real_attempt`].
    pub(crate) searches_without_help: u32,
    /// A tracked parcel is in a state self-help cannot fix ([`crate::domain::ShipmentStatus::is_troubled`]).
    pub(crate) troubled_parcel: bool,
    /// Valid tracking numbers PostNord did not know.
    pub(crate) not_found_lookups: u32,
    /// The buyer asked for a person in the search box ([`asks_for_person`]).
    pub(crate) asked_for_person: bool,
}

impl Signals {
    /// Whether self-help has failed the buyer, so a self-service widget reveals contact.
    pub(crate) fn self_help_failed(&self) -> bool {
        self.no_verdicts > 0
            || self.searches_without_help >= SEARCHES_BEFORE_CONTACT
            || self.troubled_parcel
            || self.not_found_lookups >= NOT_FOUND_BEFORE_CONTACT
            || self.asked_for_person
    }
}

/// Where contact appears in the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Offer {
    Hidden,
    /// Below the answers.
    AfterAnswers,
    /// Above the answers.
    First,
}

/// Where contact appears for `mode`, given what the buyer has tried.
///
/// A buyer who asked for a person in a self-service widget gets contact right away, but still
/// below the answers, not first: the words around the request usually carry the real question
/// ("kundeservice hentekode"), and the answer to it is a glance away while the queue is minutes.
/// The request is honoured (no more hoops), and the merchant's choice of self-help first is too.
pub(crate) fn offer(mode: ContactMode, signals: &Signals) -> Offer {
    match mode {
        ContactMode::AskFirst => Offer::First,
        ContactMode::Neutral => Offer::AfterAnswers,
        ContactMode::SelfService if signals.self_help_failed() => Offer::AfterAnswers,
        ContactMode::SelfService => Offer::Hidden,
    }
}

/// Whether a search counts towards [`Signals::searches_without_help`]: at least 3 letters and
/// zero results.
///
/// The view calls this once per settled query (unchanged for 4 seconds, or the box left), never
/// per keystroke, so typing "hen", "hent", "hentek" on the way to "hentekode" counts once at
/// most. Fewer than 3 letters is a fragment, not an attempt. A search with results is not
/// counted even if the buyer opens none: whether those answers helped is the "Did this help?"
/// verdict's job. A tracking number typed into search is answered with the parcel's status, so
/// it is never a failed search.
pub(crate) fn is_real_attempt(query: &str, results: usize) -> bool {
    results == 0
        && query
            .chars()
            .filter(|&c| crate::case::is_letter(c))
            .nth(2)
            .is_some()
        && looks_like_tracking_id(query).is_none()
}

/// Whether a search asks for a human rather than an answer, in any of nb, sv, da, fi or en.
///
/// Words are compared whole, after [`normalise`] and [`fold`], so `kundtjanst` typed without
/// the ä matches and `personlig` never matches `person`. Three kinds of evidence count:
///
/// - a word that on its own asks for people: customer service in every language (also inflected,
///   `kundeservicen`, `asiakaspalveluun`), chat, human (`menneske`, `människa`, `ihminen`);
/// - a pair in order, a few words apart: talk + someone ("snakke med en person", "talk to a real
///   person"), call or contact + you ("ringe dere", "contact us"), real + person, customer +
///   service;
/// - a query that is only a verb such as `ringe`, `ring`, `soittaa`, `call` or `contact`.
///
/// "person" alone does not count ("kan en annen person hente pakken?" is about collecting), nor
/// does "call" with anyone but us ("vil sjåføren ringe meg?" is about the driver).
pub(crate) fn asks_for_person(query: &str) -> bool {
    let normalised = normalise(query);
    let words: Vec<String> = tokenise(&normalised).take(MAX_WORDS).map(fold).collect();
    if let [only] = words.as_slice() {
        if CALL.contains(&only.as_str()) || CONTACT.contains(&only.as_str()) {
            return true;
        }
    }
    words.iter().enumerate().any(|(at, word)| {
        let word = word.as_str();
        STRONG.contains(&word)
            || STRONG_PREFIXES
                .iter()
                .any(|prefix| word.starts_with(prefix))
            || PAIRS.iter().any(|pair| {
                pair.first.contains(&word)
                    && words
                        .iter()
                        .skip(at + 1)
                        .take(pair.within)
                        .any(|next| pair.then.contains(&next.as_str()))
            })
    })
}

/// Only a query's first words are looked at: a request for a person comes early, and pasted
/// text costs no more than a short query.
const MAX_WORDS: usize = 32;

/// Two kinds of word in order, `then` at most `within` words after `first`.
struct Pair {
    first: &'static [&'static str],
    then: &'static [&'static str],
    within: usize,
}

const PAIRS: &[Pair] = &[
    Pair {
        first: TALK,
        then: PEOPLE,
        within: 4,
    },
    Pair {
        first: TALK,
        then: US,
        within: 2,
    },
    Pair {
        first: CALL,
        then: US,
        within: 2,
    },
    Pair {
        first: CONTACT,
        then: US,
        within: 2,
    },
    Pair {
        first: REAL,
        then: PEOPLE,
        within: 1,
    },
    Pair {
        first: &["customer", "customers"],
        then: &["service", "services", "support", "care", "centre", "center"],
        within: 1,
    },
];

// Every word below is written as `fold(normalise(word))` would give it (a test checks): plain
// letters, å ä → a, ö ø → o, æ → ae.

/// Words that ask for a person on their own: chat, a human, a support desk, and Finnish
/// `yhteyttä` (from "ottaa yhteyttä", to contact).
const STRONG: &[&str] = &[
    "chat",
    "chatt",
    "chatte",
    "chatta",
    "chatten",
    "chattaa",
    "chattiin",
    "livechat",
    "human",
    "humans",
    "menneske",
    "mennesket",
    "mennesker",
    "manniska",
    "manniskan",
    "ihminen",
    "ihmisen",
    "ihmiselle",
    "ihmista",
    "support",
    "helpdesk",
    "yhteytta",
];

/// Beginnings of words that ask for a person on their own: customer service and its
/// inflections (`kundeservicen`, `kundtjänsten`, `asiakaspalveluun`, `asiakaspalvelija`).
const STRONG_PREFIXES: &[&str] = &[
    "kundeservice",
    "kundesenter",
    "kundestotte",
    "kundesupport",
    "brukerstotte",
    "kundtjanst",
    "kundservice",
    "kundsupport",
    "kundcent",
    "kundecent",
    "asiakaspalvel",
    "asiakastu",
    "customerservice",
    "customersupport",
];

/// Verbs of talking.
const TALK: &[&str] = &[
    "snakke",
    "snakker",
    "prate",
    "prater",
    "tale",
    "taler",
    "prata",
    "pratar",
    "tala",
    "talar",
    "snacka",
    "talk",
    "speak",
    "reach",
    "puhua",
    "puhun",
    "puhuisin",
    "puhumaan",
    "keskustella",
];

/// Someone to talk to.
const PEOPLE: &[&str] = &[
    "person",
    "personen",
    "agent",
    "agenten",
    "someone",
    "somebody",
    "anyone",
    "representative",
    "operator",
    "noen",
    "nogen",
    "nagon",
    "joku",
    "jonkun",
    "henkilo",
    "henkilon",
    "medarbeider",
    "medarbejder",
    "medarbetare",
    "saksbehandler",
    "sagsbehandler",
    "handlaggare",
    "radgiver",
    "radgivare",
    "konsulent",
    "employee",
];

/// Verbs of calling.
const CALL: &[&str] = &[
    "ringe",
    "ring",
    "ringa",
    "call",
    "phone",
    "telefonere",
    "soittaa",
    "soitan",
    "soita",
    "soittaisin",
];

/// Verbs of contacting.
const CONTACT: &[&str] = &["kontakte", "kontakta", "kontakt", "contact"];

/// "You" as in the company: the buyer addresses the widget's owner.
const US: &[&str] = &[
    "dere",
    "er",
    "jer",
    "you",
    "us",
    "oss",
    "os",
    "teille",
    "teita",
    "teihin",
    "meille",
    "meihin",
    "postnord",
    "postnordille",
    "postnordiin",
    "postnordia",
];

/// Adjectives that make "person" mean a human being rather than anybody.
const REAL: &[&str] = &[
    "real", "actual", "live", "ekte", "riktig", "rigtig", "verklig", "levende", "oikea", "oikean",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_read_from_the_attribute_with_self_service_as_default() {
        assert_eq!(ContactMode::from_attr("neutral"), ContactMode::Neutral);
        assert_eq!(ContactMode::from_attr(" Ask-First "), ContactMode::AskFirst);
        assert_eq!(
            ContactMode::from_attr("self-service"),
            ContactMode::SelfService
        );
        assert_eq!(ContactMode::from_attr(""), ContactMode::SelfService);
        assert_eq!(ContactMode::from_attr("popup"), ContactMode::SelfService);
        for mode in [
            ContactMode::SelfService,
            ContactMode::Neutral,
            ContactMode::AskFirst,
        ] {
            assert_eq!(ContactMode::from_attr(mode.code()), mode);
        }
    }

    #[test]
    fn self_service_hides_contact_until_a_trigger_holds() {
        let quiet = Signals::default();
        assert_eq!(offer(ContactMode::SelfService, &quiet), Offer::Hidden);

        let one_search = Signals {
            searches_without_help: 1,
            not_found_lookups: 1,
            ..Signals::default()
        };
        assert_eq!(offer(ContactMode::SelfService, &one_search), Offer::Hidden);

        let triggers = [
            Signals {
                no_verdicts: 1,
                ..Signals::default()
            },
            Signals {
                searches_without_help: 2,
                ..Signals::default()
            },
            Signals {
                troubled_parcel: true,
                ..Signals::default()
            },
            Signals {
                not_found_lookups: 2,
                ..Signals::default()
            },
            Signals {
                asked_for_person: true,
                ..Signals::default()
            },
        ];
        for signals in triggers {
            assert_eq!(
                offer(ContactMode::SelfService, &signals),
                Offer::AfterAnswers,
                "{signals:?}"
            );
        }
    }

    #[test]
    fn neutral_and_ask_first_ignore_the_signals() {
        let asked = Signals {
            asked_for_person: true,
            ..Signals::default()
        };
        for signals in [Signals::default(), asked] {
            assert_eq!(offer(ContactMode::Neutral, &signals), Offer::AfterAnswers);
            assert_eq!(offer(ContactMode::AskFirst, &signals), Offer::First);
        }
    }

    #[test]
    fn real_attempts_have_three_letters_and_no_results() {
        assert!(is_real_attempt("hentekode", 0));
        assert!(is_real_attempt("åpe", 0));
        assert!(!is_real_attempt("hentekode", 3));
        assert!(!is_real_attempt("he", 0));
        assert!(!is_real_attempt("a1 b2", 0));
        assert!(!is_real_attempt("12345", 0));
        assert!(!is_real_attempt("", 0));
        // A tracking number is answered with its status, not counted as a failed search.
        assert!(!is_real_attempt("RR747540648SE", 0));
    }

    #[test]
    fn requests_for_a_person_are_recognised_in_every_language() {
        for query in [
            // nb
            "kundeservice",
            "Kundeservicen åpningstider",
            "kundesenter",
            "jeg vil snakke med en person",
            "snakke med et menneske",
            "ringe",
            "kan jeg ringe dere?",
            "kontakt oss",
            // sv
            "kundtjänst",
            "KUNDTJANST",
            "kundservice",
            "prata med en människa",
            "prata med en manniska",
            "prata med en person",
            "ring",
            "hur kan jag ringa er",
            // da
            "kundecenter",
            "tale med et menneske",
            "ring til jer",
            // fi
            "asiakaspalvelu",
            "miten pääsen asiakaspalveluun",
            "haluan puhua ihmisen kanssa",
            "ihminen",
            "soittaa",
            "voinko soittaa teille",
            "miten otan yhteyttä",
            // en
            "customer service",
            "Talk to a person",
            "talk to a real human",
            "I want a real person",
            "can I speak to someone",
            "speak with an agent",
            "live chat",
            "how do I contact you",
            "CustomerService",
        ] {
            assert!(asks_for_person(query), "{query:?} should ask for a person");
        }
    }

    #[test]
    fn ordinary_questions_do_not_ask_for_a_person() {
        for query in [
            "where is my parcel",
            "hvor er pakken min",
            "personlig levering",
            "kan en annen person hente pakken min",
            "hämta paket åt en annan person",
            "vil sjåføren ringe meg",
            "kuljettaja soittaa minulle",
            "endre telefonnummer",
            "change contact details",
            "person",
            "agent",
            "postnord agent opening hours",
            "ringtone",
            "chatbot",
            "",
            "   ",
            "370724760120000898",
        ] {
            assert!(!asks_for_person(query), "{query:?} is an ordinary question");
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let long = "snakke ".repeat(10_000);
        assert!(!asks_for_person(&long));
        assert!(!asks_for_person("🙂🙂🙂 ﬁ ＰＡＫＫＥ \u{0301}"));
        assert!(asks_for_person("ＫＵＮＤＥＳＥＲＶＩＣＥ"));
        assert!(!is_real_attempt("🙂🙂🙂", 0));
    }

    #[test]
    fn word_lists_are_folded_single_words() {
        let lists = [
            STRONG,
            STRONG_PREFIXES,
            TALK,
            PEOPLE,
            CALL,
            CONTACT,
            US,
            REAL,
        ];
        let pair_lists = PAIRS.iter().flat_map(|pair| [pair.first, pair.then]);
        for list in lists.into_iter().chain(pair_lists) {
            for word in list {
                assert_eq!(fold(&normalise(word)), *word, "{word}");
                assert_eq!(tokenise(word).count(), 1, "{word}");
            }
        }
    }
}
