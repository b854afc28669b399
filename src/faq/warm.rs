//! The search run once over a tiny FAQ while the page is idle (`preload="idle"`).
//!
//! Chromium compiles a WebAssembly function on its first call, on the main thread: measured on
//! the phone profile, about a quarter of a second of the click's path was that compilation. A
//! first run here, before any click, moves the search's share of it (parsing a bundle, indexing,
//! stemming in five languages, ranking, snippets, popular questions) to idle time. It touches no
//! DOM, no network and no storage, and what it builds is dropped.

use super::article::FaqBundle;
use super::index::Index;
use super::popular::popular;
use super::search::{search_reaching, SearchOptions};
use super::snippet::snippet;
use crate::domain::Lang;

/// One short article per language, in the bundle's own format (what `faq build` writes).
const SAMPLE: &str = r#"{"version":1,"articles":[
{"id":"w-nb","lang":"nb","title":"Hent pakken for en annen","keywords":["fullmakt"],"category":"pickup","popular":1,"blocks":[{"P":[{"T":"Pakkeboksen åpnes med koden i varselet."}]}]},
{"id":"w-sv","lang":"sv","title":"Hämta paketet åt någon annan","keywords":["ombud"],"category":"pickup","blocks":[{"P":[{"T":"Paketskåpet öppnas med koden i aviseringen."}]}]},
{"id":"w-da","lang":"da","title":"Hent pakken for en anden","keywords":["fuldmagt"],"category":"pickup","blocks":[{"P":[{"T":"Pakkeboksen åbnes med koden i beskeden."}]}]},
{"id":"w-fi","lang":"fi","title":"Nouda paketti toisen puolesta","keywords":["valtakirja"],"category":"pickup","blocks":[{"P":[{"T":"Pakettiautomaatti aukeaa ilmoituksen koodilla."}]}]},
{"id":"w-en","lang":"en","title":"Collect a parcel for someone else","keywords":["proxy"],"category":"pickup","blocks":[{"P":[{"T":"The parcel locker opens with the code in the notification."}]}]}
]}"#;

/// One query per language, each answered by its language's article in [`SAMPLE`].
const QUERIES: [(Lang, &str); 5] = [
    (Lang::Nb, "pakke"),
    (Lang::Sv, "paket"),
    (Lang::Da, "pakken"),
    (Lang::Fi, "paketti"),
    (Lang::En, "parcel lock"),
];

/// Indexes [`SAMPLE`] and searches it once per language, as a keystroke would.
pub fn warm() {
    let Ok(bundle) = FaqBundle::from_json(SAMPLE) else {
        return;
    };
    let index = Index::build(bundle);
    for (lang, query) in QUERIES {
        let options = SearchOptions {
            lang,
            market: Some("se".to_owned()),
            limit: 5,
        };
        let (hits, _) = search_reaching(&index, query, &options);
        for hit in &hits {
            if let Some(article) = index.bundle().articles.get(hit.doc) {
                let _ = snippet(article, &hit.matched_terms, 140);
            }
        }
        let _ = popular(&index, lang, Some("se"), "checkout", 5);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample must parse and answer, or the warm-up compiles less than it should.
    #[test]
    fn the_sample_parses_and_every_language_finds_its_article() {
        let index = Index::build(FaqBundle::from_json(SAMPLE).expect("the sample parses"));
        for (lang, query) in QUERIES {
            let options = SearchOptions {
                lang,
                market: None,
                limit: 5,
            };
            let hits = search_reaching(&index, query, &options).0;
            assert_eq!(
                hits.first().map(|h| h.id.as_str()),
                Some(format!("w-{}", lang.code()).as_str()),
                "{query}"
            );
        }
    }
}
