//! FAQ search over an [`Index`]: what a buyer types, ranked articles out, fast enough to run on
//! every keystroke (well under a millisecond for the ~215 articles we ship).
//!
//! The query is analysed like article text, in the page's language. Each query word then looks
//! for index terms in widening circles, each worth less: the word or its stem, a synonym, a term
//! it is the start of (the buyer may still be typing), a term a typing error or two away, and the
//! parts of a compound. Articles are scored with BM25F over title, keywords and body, scaled by
//! the share of query words they match and boosted when their title repeats the query.
//!
//! When the best page-language hit matches the query poorly (see [`WEAK`]), the other languages
//! are searched too, English first; a clearly better match there is returned first, marked
//! `other_language`, so `where is my parcel` on a Finnish page still finds the English article.

use super::index::Index;
use super::query::{analyse, Query, EXACT};
use super::rank::{rank, Scored, Scratch};
use super::text::{normalise, tokenise, MAX_WORD_CHARS};
use crate::i18n::Lang;

pub(crate) use super::popular::popular;
pub(crate) use super::snippet::{snippet, Segment};

/// A result list is weak when its best hit's strength (the mean over query words of the best
/// match quality, 0–1) is below this: some word matched only loosely or not at all. Raw BM25
/// scores are not comparable between queries; strength is. At 0.85 a query whose words all
/// matched exactly never pays for searching the other languages, while one typo (0.6) or one
/// missing word in a two-word query (0.5) does.
const WEAK: f32 = 0.85;
/// How much stronger an English match must be to be shown: English queries on a Nordic page are
/// common, and their words rarely match Nordic terms better than loosely.
const MARGIN_ENGLISH: f32 = 0.15;
/// The Nordic languages share many words, so a typo in Norwegian often matches Danish exactly:
/// another Nordic language must be much stronger to be shown.
const MARGIN_OTHER: f32 = 0.35;

const MAX_QUERY_TOKENS: usize = 32;
/// What to search for besides the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// The page's language: analysed in first, and ranked first.
    pub lang: Lang,
    /// A market code (`no se dk fi`); articles limited to other markets are left out. `None`
    /// shows every market's articles.
    pub market: Option<String>,
    /// At most this many hits.
    pub limit: usize,
}

/// One article found.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Position in [`Index::docs`] (and in the bundle the index was built from).
    pub doc: usize,
    pub id: String,
    pub lang: Lang,
    pub title: String,
    /// Relevance; comparable only within one result list.
    pub score: f32,
    /// The normalised query words that matched this article, for [`snippet`].
    pub matched_terms: Vec<String>,
    /// The article is not in the page's language: the UI names its language.
    pub other_language: bool,
}

/// Searches `query` in `opts.lang`, falling back to the other languages when that finds only weak
/// matches. At most `opts.limit` hits, best first; other-language hits (if any) come first, since
/// they are only used when clearly better.
pub fn search(index: &Index, query: &str, opts: &SearchOptions) -> Vec<Hit> {
    search_reaching(index, query, opts).0
}

/// [`search`], and whether the page language found only weak matches, so the other languages
/// were consulted: a widget holding only the page language's bundle fetches the others then,
/// and only then.
pub(crate) fn search_reaching(
    index: &Index,
    query: &str,
    opts: &SearchOptions,
) -> (Vec<Hit>, bool) {
    if opts.limit == 0 || index.is_empty() {
        return (Vec::new(), false);
    }
    let normalised = normalise(query);
    let typing = normalised
        .chars()
        .next_back()
        .is_some_and(crate::case::is_letter_or_number);
    let mut tokens: Vec<&str> = Vec::new();
    for token in tokenise(&normalised) {
        if tokens.len() == MAX_QUERY_TOKENS {
            break;
        }
        if token.chars().count() <= MAX_WORD_CHARS && !tokens.contains(&token) {
            tokens.push(token);
        }
    }
    let market = opts
        .market
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    let page_query = analyse(index, &tokens, typing, opts.lang);
    let mut scratch = Scratch::new(index);
    let page = rank(index, &page_query, market, &mut scratch);
    let page_strength = page.first().map_or(0.0, |top| top.strength);

    let mut hits = Vec::with_capacity(opts.limit.min(index.len()));
    let weak = page_strength < WEAK && !page_query.words.is_empty();
    if weak {
        let mut other: Option<(Query, Vec<Scored>)> = None;
        for lang in fallback_order(opts.lang) {
            let margin = if lang == Lang::En {
                MARGIN_ENGLISH
            } else {
                MARGIN_OTHER
            };
            // A language is shown only when its best hit reaches this and beats the other
            // languages so far. No strength exceeds an exact match's quality, nor the bound of
            // its query: a language that cannot reach it is not analysed, or not ranked.
            let needed = page_strength + margin;
            let to_beat = other
                .as_ref()
                .and_then(|(_, found)| found.first())
                .map(|best| best.strength);
            let in_reach =
                |strength: f32| strength >= needed && to_beat.is_none_or(|s| strength > s);
            if !in_reach(EXACT) {
                continue;
            }
            let query = analyse(index, &tokens, typing, lang);
            if !in_reach(query.strength_bound()) {
                continue;
            }
            let ranked = rank(index, &query, market, &mut scratch);
            if ranked.first().is_some_and(|top| in_reach(top.strength)) {
                other = Some((query, ranked));
            }
        }
        if let Some((query, ranked)) = &other {
            hits.extend(
                ranked
                    .iter()
                    .take(opts.limit)
                    .filter_map(|scored| to_hit(index, query, scored, true)),
            );
        }
    }
    let room = opts.limit.saturating_sub(hits.len());
    hits.extend(
        page.iter()
            .take(room)
            .filter_map(|scored| to_hit(index, &page_query, scored, false)),
    );
    (hits, weak)
}

/// English first (the language most buyers share), then the others in menu order.
fn fallback_order(page: Lang) -> impl Iterator<Item = Lang> {
    std::iter::once(Lang::En)
        .chain(Lang::ALL.into_iter().filter(|&lang| lang != Lang::En))
        .filter(move |&lang| lang != page)
}

fn to_hit(index: &Index, query: &Query, scored: &Scored, other_language: bool) -> Option<Hit> {
    let article = index.article(scored.doc)?;
    let matched_terms = query
        .words
        .iter()
        .enumerate()
        .filter(|(i, _)| scored.matched & (1u64 << i) != 0)
        .map(|(_, word)| word.text.clone())
        .collect();
    Some(Hit {
        doc: scored.doc,
        id: article.id.clone(),
        lang: article.lang,
        title: article.title.clone(),
        score: scored.score,
        matched_terms,
        other_language,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::Market;
    use crate::faq::article::{Article, FaqBundle};
    use crate::faq::index::plain_body;
    use std::sync::OnceLock;

    fn real_bundle() -> &'static FaqBundle {
        static BUNDLE: OnceLock<FaqBundle> = OnceLock::new();
        BUNDLE.get_or_init(|| {
            FaqBundle::from_json(include_str!("../../public/demo/faq.json")).unwrap()
        })
    }

    fn real_index() -> &'static Index {
        static INDEX: OnceLock<Index> = OnceLock::new();
        INDEX.get_or_init(|| Index::build(real_bundle().clone()))
    }

    fn find(lang: Lang, market: Option<&str>, query: &str) -> Vec<Hit> {
        let opts = SearchOptions {
            lang,
            market: market.map(str::to_owned),
            limit: 10,
        };
        search(real_index(), query, &opts)
    }

    fn ids(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|hit| hit.id.as_str()).collect()
    }

    fn rank_of(hits: &[Hit], id: &str) -> Option<usize> {
        hits.iter().position(|hit| hit.id == id).map(|at| at + 1)
    }

    fn assert_top(lang: Lang, query: &str, id: &str, within: usize) {
        let hits = find(lang, None, query);
        let rank = rank_of(&hits, id);
        assert!(
            rank.is_some_and(|rank| rank <= within),
            "{lang:?} `{query}`: {id} at {rank:?}, got {:?}",
            ids(&hits)
        );
    }

    fn article(id: &str, title: &str, keywords: &[&str], body: &str) -> Article {
        Article {
            id: id.to_owned(),
            lang: Lang::En,
            title: title.to_owned(),
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
            category: "contact".to_owned(),
            markets: Vec::new(),
            statuses: Vec::new(),
            contexts: Vec::new(),
            popular: None,
            body: body.to_owned(),
            blocks: Default::default(),
        }
    }

    #[test]
    fn exact_words_find_their_article() {
        assert_top(Lang::En, "parcel locker", "parcel-locker", 1);
        assert_top(Lang::Sv, "kundtjänst", "contact-a-person", 2);
        assert_top(Lang::Fi, "noutokoodi", "pickup-code", 1);
    }

    #[test]
    fn inflections_meet_their_stem() {
        let first = |query| {
            find(Lang::Nb, None, query)
                .first()
                .map(|hit| hit.id.clone())
        };
        let pakke = first("pakke");
        assert!(pakke.is_some());
        assert_eq!(first("pakken"), pakke);
        assert_eq!(first("pakker"), pakke);
        assert_top(Lang::Nb, "hentekoden", "pickup-code", 1);
        assert_top(Lang::Nb, "pakkeboksen", "parcel-locker", 1);
        assert_top(Lang::En, "refunded", "refund-timing", 1);
    }

    #[test]
    fn typos_are_forgiven() {
        assert_top(Lang::Nb, "hentkode", "pickup-code", 1);
        assert_top(Lang::Sv, "paketskp", "parcel-locker", 1);
        assert_top(Lang::Sv, "kundtjanst", "contact-a-person", 2);
        assert_top(Lang::En, "going on vacaton", "going-on-holiday", 3);
    }

    #[test]
    fn the_word_being_typed_matches_as_a_prefix() {
        assert_top(Lang::En, "retu", "return-parcel", 3);
        assert_top(Lang::En, "ret", "return-parcel", 3);
        assert_top(Lang::Nb, "oppbevaringsti", "pickup-waiting-time", 3);
        assert_top(Lang::Sv, "upphämtningsk", "pickup-code", 3);
    }

    #[test]
    fn compounds_are_split() {
        assert_top(Lang::Nb, "pakkeautomaten", "parcel-locker", 1);
        assert_top(Lang::Nb, "automat", "parcel-locker", 1);
        assert_top(Lang::Nb, "svindelmelding", "fraud-sms", 3);
        assert_top(Lang::Fi, "pakettiautomaatista", "parcel-locker", 1);
    }

    #[test]
    fn synonyms_find_articles_without_the_word() {
        // `kundesenter` is in no Norwegian article; it is a synonym of `kundeservice`.
        assert_top(Lang::Nb, "kundesenter", "contact-a-person", 1);
        assert_top(Lang::Da, "kundecenter", "contact-a-person", 2);
    }

    #[test]
    fn a_title_match_beats_a_body_match() {
        let bundle = FaqBundle::new(vec![
            article(
                "in-body",
                "How do I send something?",
                &[],
                "Put the zebra sticker on the box. A zebra sticker is free. Ask for a zebra.",
            ),
            article(
                "in-title",
                "What is the zebra sticker?",
                &[],
                "It is a sticker that tells the driver to ring.",
            ),
            article("elsewhere", "Opening hours", &["zebra"], "We open at nine."),
        ]);
        let index = Index::build(bundle);
        let opts = SearchOptions {
            lang: Lang::En,
            market: None,
            limit: 5,
        };
        let hits = search(&index, "zebra", &opts);
        assert_eq!(hits.len(), 3);
        assert_eq!(hits[0].id, "in-title", "{:?}", ids(&hits));
        assert!(hits.windows(2).all(|pair| pair[0].score >= pair[1].score));
        assert_eq!(hits[0].matched_terms, ["zebra"]);
    }

    #[test]
    fn articles_for_other_markets_are_left_out() {
        for (market, shown, hidden) in [
            (
                "no",
                "collect-for-someone-else-no",
                "collect-for-someone-else-se",
            ),
            (
                "se",
                "collect-for-someone-else-se",
                "collect-for-someone-else-no",
            ),
        ] {
            let hits = find(Lang::Nb, Some(market), "hente for samboer");
            assert_eq!(rank_of(&hits, shown), Some(1), "{market}: {:?}", ids(&hits));
            assert_eq!(rank_of(&hits, hidden), None, "{market}: {:?}", ids(&hits));
            for hit in &hits {
                let markets = &real_index().bundle().articles[hit.doc].markets;
                assert!(markets.is_empty() || markets.iter().any(|m| m.code() == market));
            }
        }
    }

    #[test]
    fn a_query_in_english_on_a_finnish_page_finds_the_english_article() {
        let hits = find(Lang::Fi, Some("fi"), "where is my parcel");
        let top = &hits[0];
        assert_eq!(top.id, "where-is-my-parcel");
        assert_eq!(top.lang, Lang::En);
        assert!(top.other_language);
        // A Finnish query on the same page stays Finnish.
        let hits = find(Lang::Fi, Some("fi"), "missä pakettini on");
        assert_eq!(hits[0].id, "where-is-my-parcel");
        assert_eq!(hits[0].lang, Lang::Fi);
        assert!(hits.iter().all(|hit| !hit.other_language));
    }

    #[test]
    fn empty_and_odd_queries_find_nothing_and_do_not_panic() {
        for query in ["", "   ", "?!", "the", "hvor er"] {
            let lang = if query.starts_with('h') {
                Lang::Nb
            } else {
                Lang::En
            };
            assert!(find(lang, None, query).is_empty(), "`{query}`");
        }
        let long = "pakke".repeat(2_000);
        for query in [
            "😀😀 📦",
            "Ωμέγα посылка 包裹",
            "\u{0}\u{301}\u{fe0f}",
            long.as_str(),
            "a b c d e f g h i j k l m n o p q r s t u v w x y z æ ø å ä ö 1 2 3",
            "ﬁnd ＰＡＲＣＥＬ",
        ] {
            for lang in Lang::ALL {
                let _ = find(lang, Some("se"), query);
            }
        }
        let opts = SearchOptions {
            lang: Lang::En,
            market: None,
            limit: 0,
        };
        assert!(search(real_index(), "parcel", &opts).is_empty());
    }

    #[test]
    fn snippets_show_and_highlight_the_matched_words() {
        let hits = find(Lang::Nb, None, "pakken hentekode");
        let hit = &hits[0];
        let article = &real_bundle().articles[hit.doc];
        let segments = snippet(article, &hit.matched_terms, 120);
        let highlighted: Vec<&str> = segments
            .iter()
            .filter(|s| s.highlight)
            .map(|s| s.text.as_str())
            .collect();
        assert!(!highlighted.is_empty(), "{segments:?}");
        for word in &highlighted {
            let word = normalise(word);
            assert!(
                word.starts_with("pakk") || word.starts_with("hentekod"),
                "highlighted {word}"
            );
        }
        let text: String = segments.iter().map(|s| s.text.as_str()).collect();
        let inner = text.trim_start_matches('…').trim_end_matches('…');
        assert!(inner.chars().count() <= 121, "{text}");
        assert!(plain_body(article).contains(inner), "{text}");
    }

    #[test]
    fn a_snippet_centres_on_the_match_and_cuts_at_words() {
        let body = "Alpha beta gamma delta epsilon zeta eta theta. The parcel locker opens with \
                    the app. Iota kappa lambda mu nu xi omicron pi rho sigma tau.";
        let article = article("a", "A", &[], body);
        let segments = snippet(&article, &["lockers".to_owned()], 40);
        assert!(segments[0].text.starts_with('…'), "{segments:?}");
        assert!(segments.iter().any(|s| s.highlight && s.text == "locker"));
        let last = segments.last().unwrap();
        assert!(!last.highlight && last.text.ends_with('…'), "{segments:?}");
        let text: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert!(text.chars().count() <= 42, "{text}");

        // No match: the start of the body, cut after a whole word.
        let start = snippet(&article, &[], 20);
        assert_eq!(start.len(), 1);
        assert_eq!(start[0].text, "Alpha beta gamma…");
        assert!(snippet(&article, &[], 0).is_empty());
        assert!(snippet(&self::article("b", "B", &[], " "), &[], 20).is_empty());
    }

    #[test]
    fn popular_suggestions_follow_the_page_context() {
        let index = real_index();
        let hits = popular(index, Lang::En, Some("se"), "tracking", 4);
        assert_eq!(hits.len(), 4);
        assert_eq!(hits[0].id, "where-is-my-parcel");
        assert!(hits.iter().all(|hit| hit.lang == Lang::En));
        let in_context = hits
            .iter()
            .take_while(|hit| {
                index.bundle().articles[hit.doc]
                    .contexts
                    .iter()
                    .any(|c| c.code() == "tracking")
            })
            .count();
        assert!(in_context >= 3, "{:?}", ids(&hits));

        // No context: the generally popular ones, by rank.
        let general = popular(index, Lang::Sv, Some("se"), "", 3);
        let ranks: Vec<Option<u32>> = general
            .iter()
            .map(|hit| index.bundle().articles[hit.doc].popular)
            .collect();
        assert_eq!(general.len(), 3);
        assert!(ranks.iter().all(Option::is_some));
        assert!(ranks.windows(2).all(|pair| pair[0] <= pair[1]));
    }

    /// Runs every labelled query of `bench/queries-*.tsv` against the real content, with the
    /// market the widget defaults to for the page language, and requires the expected article in
    /// the top three for at least 85% of them. Prints the misses with their rank for tuning.
    #[test]
    fn recall_at_three_on_the_labelled_queries() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut total = 0u32;
        let mut found = 0u32;
        let mut misses = Vec::new();
        for set in ["a", "b", "c"] {
            let path = root.join(format!("bench/queries-{set}.tsv"));
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines().skip(1).filter(|line| !line.trim().is_empty()) {
                let fields: Vec<&str> = line.split('\t').collect();
                let &[lang, query, expected, kind] = fields.as_slice() else {
                    panic!("{}: bad line `{line}`", path.display());
                };
                let lang = Lang::from_tag(lang).unwrap();
                let market = Market::for_lang(lang).code();
                let hits = find(lang, Some(market), query);
                let rank = rank_of(&hits, expected);
                total += 1;
                if rank.is_some_and(|rank| rank <= 3) {
                    found += 1;
                } else {
                    let top: Vec<String> = hits
                        .iter()
                        .take(3)
                        .map(|hit| format!("{}({}) {:.2}", hit.id, hit.lang.code(), hit.score))
                        .collect();
                    misses.push(format!(
                        "{set} {} `{query}` [{kind}] wants {expected}, rank {rank:?}; top: {}",
                        lang.code(),
                        top.join(", ")
                    ));
                }
            }
        }
        let recall = f64::from(found) / f64::from(total);
        eprintln!("recall@3 = {found}/{total} = {recall:.3}");
        for miss in &misses {
            eprintln!("  miss: {miss}");
        }
        assert!(total >= 300, "only {total} labelled queries");
        assert!(recall >= 0.85, "recall@3 {recall:.3} < 0.85");
    }

    /// The fallback languages are skipped on [`Query::strength_bound`]: over keystrokes of the
    /// labelled queries, as a buyer types them, in every language, no article's strength
    /// exceeds its query's bound (nor an exact match's quality), so skipping never changes a
    /// result.
    #[test]
    fn no_strength_exceeds_its_querys_bound() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let index = real_index();
        let mut scratch = Scratch::new(index);
        let mut checked = 0;
        for set in ["a", "b", "c"] {
            let text = std::fs::read_to_string(root.join(format!("bench/queries-{set}.tsv")));
            for line in text.unwrap().lines().skip(1).step_by(3) {
                let query = line.split('\t').nth(1).unwrap();
                for (end, _) in query.char_indices().skip(1).step_by(2) {
                    let normalised = normalise(&query[..end]);
                    let tokens: Vec<&str> = tokenise(&normalised).collect();
                    for lang in Lang::ALL {
                        let analysed = analyse(index, &tokens, true, lang);
                        let bound = analysed.strength_bound();
                        assert!(bound <= EXACT, "{query:?} in {lang:?}: bound {bound}");
                        for scored in rank(index, &analysed, None, &mut scratch) {
                            assert!(
                                scored.strength <= bound,
                                "{:?} in {lang:?}: strength {} over the bound {bound}",
                                &query[..end],
                                scored.strength
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000, "only {checked} scores checked");
    }
}
