//! A seeded property test over every pure entry point that takes outside input: tracking ids,
//! PostNord's JSON, the FAQ bundle and queries, attributes and opening hours, dates, chat frames
//! and answers, stored sessions, outboxes and recent numbers. Each gets random text and mutations
//! of real inputs (the demo fixtures); none may panic, since a panic in the WebAssembly kills the
//! widget for the buyer. Seeded, so a failure is reproduced by its printed seed.

use crate::chat::engine::{Endpoint, Engine};
use crate::chat::protocol;
use crate::config::Config;
use crate::domain::Market;
use crate::escalation::hours::WeekHours;
use crate::escalation::outbox::Outbox;
use crate::faq::article::FaqBundle;
use crate::faq::index::Index;
use crate::faq::search::{search, SearchOptions};
use crate::i18n::dates::LocalDateTime;
use crate::i18n::Lang;
use crate::tracking::id::{looks_like_tracking_id, TrackingId};
use crate::tracking::model::parse_response;
use crate::tracking::recent;
use crate::tracking::summary::ParcelSummary;

/// xorshift64*: small, seeded, good enough to explore inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Characters that break naive parsers: separators, quotes, brackets, digits, letters of the five
/// languages, combining marks, zero-width and right-to-left marks, emoji, control characters.
const ALPHABET: &[char] = &[
    'a',
    'Z',
    '0',
    '9',
    '5',
    ' ',
    '\t',
    '\n',
    '\r',
    '-',
    '_',
    '.',
    ',',
    ':',
    ';',
    '"',
    '\'',
    '\\',
    '/',
    '{',
    '}',
    '[',
    ']',
    '(',
    ')',
    '<',
    '>',
    '&',
    '=',
    '?',
    '#',
    '%',
    '+',
    '*',
    'æ',
    'ø',
    'å',
    'ä',
    'ö',
    'Å',
    'ß',
    'ı',
    'İ',
    '\u{301}',
    '\u{200B}',
    '\u{200F}',
    '\u{FEFF}',
    '\u{0}',
    '\u{7F}',
    '😀',
    '\u{10FFFF}',
    'ǅ',
    'ﬃ',
];

fn random_text(rng: &mut Rng, max: usize) -> String {
    let len = rng.below(max + 1);
    (0..len)
        .map(|_| ALPHABET[rng.below(ALPHABET.len())])
        .collect()
}

/// `seed` with one to four edits: a slice deleted, duplicated or replaced by random text, at
/// character boundaries.
fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        let len = rng.below(16).min(chars.len() - at.min(chars.len()));
        match rng.below(3) {
            0 => {
                chars.drain(at..at + len);
            }
            1 => {
                let copy: Vec<char> = chars[at..at + len].to_vec();
                chars.splice(at..at, copy);
            }
            _ => {
                let text: Vec<char> = random_text(rng, 8).chars().collect();
                chars.splice(at..at + len, text);
            }
        }
    }
    chars.into_iter().collect()
}

/// Runs `check` on `rounds` inputs: half random, half mutations of the seeds.
fn explore(name: &str, seeds: &[&str], rounds: usize, mut check: impl FnMut(&str)) {
    let seed = SEED;
    let mut rng = Rng(seed ^ name.len() as u64 ^ 0x9e37_79b9_7f4a_7c15);
    for round in 0..rounds {
        let input = if seeds.is_empty() || round % 2 == 0 {
            random_text(&mut rng, 64)
        } else {
            let pick = rng.below(seeds.len());
            mutate(&mut rng, seeds[pick])
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input)));
        assert!(
            outcome.is_ok(),
            "{name} panicked on round {round} (seed {seed:#x}): {input:?}"
        );
    }
}

/// The fixed seed of every run.
const SEED: u64 = 0x5e1f_4e1b;

const FIXTURES: [&str; 4] = [
    include_str!("../public/demo/tracking/370724760120000898.json"),
    include_str!("../public/demo/tracking/RR747540648SE.json"),
    include_str!("../public/demo/tracking/370731102400001575.json"),
    include_str!("../public/demo/tracking/fault-invalid-identifier.json"),
];

#[test]
fn tracking_ids_never_panic() {
    let seeds = [
        "RR747540648SE",
        "(00)157035381410375177",
        "370724760120000898",
        "00370724760120000898",
        "70724760120000880",
        "rr 747 540 648 se",
    ];
    explore("tracking id", &seeds, 20_000, |input| {
        if let Ok(id) = TrackingId::parse(input) {
            let _ = (id.masked(), id.kind(), id.to_string());
        }
        let _ = looks_like_tracking_id(input);
    });
}

#[test]
fn postnord_answers_never_panic() {
    explore("PostNord JSON", &FIXTURES, 3_000, |input| {
        if let Ok(shipments) = parse_response(input) {
            for shipment in &shipments {
                for market in [Market::No, Market::Se, Market::Dk, Market::Fi] {
                    let _ = ParcelSummary::from_shipment(shipment, market);
                }
            }
        }
    });
}

#[test]
fn faq_bundles_and_queries_never_panic() {
    // A bundle the reader accepts, with every kind of block and run, so mutations reach them.
    let small = r#"{"version":1,"articles":[{"id":"pickup-code","lang":"sv","title":"Var hittar jag koden?","keywords":["kod"],"category":"pickup","markets":["se"],"popular":1,"blocks":[{"H":[{"T":"Kod"}]},{"P":[{"T":"Koden står i "},{"B":[{"I":[{"T":"aviseringen"}]}]},"Br",{"C":"1234"},{"A":["https://www.postnord.se/a",[{"T":"länk \u00e5"}]]}]},{"Ul":[[{"P":[{"T":"ett"}]}]]},{"Ol":[[{"Quote":[{"Pre":"x"}]}]]}]}]}"#;
    assert!(
        FaqBundle::from_json(small).is_ok(),
        "the seed is a valid bundle"
    );
    explore("FAQ bundle", &[small], 2_000, |input| {
        let read = FaqBundle::from_json(input);
        // The hand-written reader never accepts what a JSON parser refuses.
        let json = serde_json::from_str::<serde_json::Value>(input);
        assert!(json.is_ok() || read.is_err(), "read invalid JSON");
        if let Ok(bundle) = read {
            let _ = Index::build(bundle);
        }
    });
    let bundle = FaqBundle::from_json(include_str!("../public/demo/faq.json"));
    let index = Index::build(bundle.unwrap_or_else(|e| panic!("demo bundle: {e}")));
    let queries = [
        "hämta paket åt någon annan",
        "pakkeautomat kode",
        "RR747540648SE",
        "a",
    ];
    explore("FAQ query", &queries, 3_000, |input| {
        for lang in [Lang::Nb, Lang::Fi] {
            let options = SearchOptions {
                lang,
                market: Some("no".to_owned()),
                limit: 8,
            };
            let _ = search(&index, input, &options);
        }
    });
}

#[test]
fn attributes_hours_and_dates_never_panic() {
    let hours = [
        "mon-fri 08:00-18:00; sat 10:00-14:00",
        "sun 00:00-24:00",
        "mon 9-17",
    ];
    explore("opening hours", &hours, 10_000, |input| {
        if let Ok(week) = WeekHours::parse(input) {
            for day in 0..7 {
                let _ = week.status(day, 600);
            }
        }
    });
    explore(
        "attributes",
        &["se", "https://x.example/faq.json", "/t?id={id}"],
        5_000,
        |input| {
            let _ = Config::from_attributes(
                |_| Some(input.to_owned()),
                Lang::Da,
                |zone| zone.contains('/'),
            );
        },
    );
    let dates = [
        "2024-08-02T15:07:00",
        "2024-08-02T15:07:00+02:00",
        "2024-08-02",
    ];
    explore("dates", &dates, 10_000, |input| {
        let _ = LocalDateTime::parse(input);
    });
}

#[test]
fn chat_frames_answers_and_stored_state_never_panic() {
    let frames = [
        r#"{"type":"welcome"}"#,
        r#"{"type":"ping","message":1700000000}"#,
        r#"{"identifier":"{\"channel\":\"RoomChannel\",\"pubsub_token\":\"t\"}","message":{"event":"message.created","data":{"id":5,"content":"Hej","message_type":1,"content_type":"text","created_at":1700000000,"conversation_id":1,"sender":{"name":"Sanna Berg","available_name":"Sanna"},"attachments":[{"file_type":"image","data_url":"https://x.example/a.png"}]}}}"#,
        r#"{"type":"disconnect","reason":"unauthorized","reconnect":false}"#,
    ];
    explore("cable frame", &frames, 5_000, |input| {
        let _ = protocol::read_cable(input);
    });
    let answers = [
        r#"{"source_id":"s","pubsub_token":"p","id":1}"#,
        r#"{"id":3,"status":"open","messages":[]}"#,
        r#"[{"id":1,"content":null,"message_type":3,"content_type":"input_select","content_attributes":{"items":[{"title":"A","value":"a"}]}}]"#,
    ];
    explore("REST answer", &answers, 5_000, |input| {
        let _ = protocol::read_contact(input);
        let _ = protocol::read_conversation_id(input);
        let _ = protocol::read_message(input);
        let _ = protocol::read_messages(input);
    });
    let session = r#"{"attributes":{},"attempts":0,"next_try_at":0,"stage":"ready","source_id":"s","pubsub_token":"p","conversation_id":7}"#;
    let mut outbox = Outbox::new();
    outbox.push("Hej", "e1", 1.0);
    let stored = [session, &outbox.to_json(), r#"["RR747540648SE"]"#];
    let endpoint = || Endpoint {
        api: "https://chat.example".into(),
        inbox: "inbox".into(),
    };
    explore("stored state", &stored, 5_000, |input| {
        let _ = Engine::restore(endpoint(), Some(input), Some(input), 1_700_000_000_000.0);
        let _ = Outbox::from_json(input);
        let _ = recent::from_stored(input);
    });
}
