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

use super::index::{DocMeta, Field, Index};
use super::text::{
    edit_distance_within, fold, is_stop_word, max_edits, normalise, split_compound,
    split_compound_loose, stem, tokenise, writes_compounds, EditRows, MAX_WORD_CHARS,
};
use crate::domain::{Market, PageContext};
use crate::i18n::Lang;

/// BM25 term-frequency saturation: the usual 1.2, so a word's third mention adds little.
const K1: f32 = 1.2;

// How much a match counts, by how the query word met the term. The exact word or its stem counts
// fully; every looser match counts less, so it ranks below an exact one but still finds.
const EXACT: f32 = 1.0;
/// A word from the same synonym group: meant the same, but not what the buyer wrote.
const SYNONYM: f32 = 0.8;
/// The word being typed (the last, not yet followed by a space) as the start of a longer term.
/// The quality rises towards [`PREFIX_FULL`] as the typed part covers more of the term.
const PREFIX_TYPING: f32 = 0.7;
/// An earlier word as the start of a longer term: likely a different word (`post` → `postnord`).
const PREFIX_EARLIER: f32 = 0.5;
const PREFIX_FULL: f32 = 0.9;
const TYPO_ONE: f32 = 0.6;
const TYPO_TWO: f32 = 0.4;
/// Each part of a compound that is not itself in the index: both parts found is nearly as good
/// as the word, one part half as good.
const PART: f32 = 0.9;
/// Parts of a compound that is in the index: they widen the search to articles that use the
/// parts separately, below those that use the compound.
const PART_OF_KNOWN: f32 = 0.6;

/// Score × (1 + TITLE_BOOST × overlap) where overlap is the Jaccard share of query words in the
/// title (stop words included). Lifts `where is my parcel` to "Where is my parcel?" even though
/// `parcel` is in every article.
const TITLE_BOOST: f32 = 1.0;

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

/// At most this many terms per prefix or typo expansion, so a short prefix stays cheap.
const MAX_EXPANSIONS: usize = 64;
/// Query words (stop words apart) that are searched; the rest is ignored. Fits the u64 masks.
const MAX_QUERY_WORDS: usize = 16;
const MAX_QUERY_TOKENS: usize = 32;
/// A stem this long is also tried as a prefix, joining derivations (`uppdater` → `uppdatering`).
const STEM_PREFIX_MIN: usize = 5;

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

/// A piece of snippet text; highlighted pieces are the words the query matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub highlight: bool,
}

/// A term a query word may stand for, and how much a match on it counts.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    term: u32,
    quality: f32,
    /// The word itself or its stem: exempt from the IDF cap.
    exact: bool,
}

/// One analysed query word.
struct Word {
    /// As normalised, for highlighting.
    text: String,
    candidates: Vec<Candidate>,
    /// A compound's parts, each with its own candidates; an article scores the mean of the parts.
    parts: Vec<Vec<Candidate>>,
    /// When the word itself is in the index, looser matches may not count more than it does: a
    /// rare compound that merely starts with `paket` must not outrank `paket` itself.
    idf_cap: Option<f32>,
}

/// A query analysed in one language.
struct Query {
    lang: Lang,
    words: Vec<Word>,
    /// Distinct stop words of the query, which only the title boost looks at.
    stop_words: Vec<String>,
    /// Distinct query words, stop words included.
    token_count: usize,
}

/// An article's score for one analysed query.
struct Scored {
    doc: usize,
    score: f32,
    /// Mean best match quality over the query words, 0–1.
    strength: f32,
    /// Bit `i`: query word `i` matched.
    matched: u64,
}

/// Searches `query` in `opts.lang`, falling back to the other languages when that finds only weak
/// matches. At most `opts.limit` hits, best first; other-language hits (if any) come first, since
/// they are only used when clearly better.
pub fn search(index: &Index, query: &str, opts: &SearchOptions) -> Vec<Hit> {
    if opts.limit == 0 || index.is_empty() {
        return Vec::new();
    }
    let normalised = normalise(query);
    let typing = normalised
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
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
    let mut rows = EditRows::default();
    let page_query = analyse(index, &tokens, typing, opts.lang, &mut rows);
    let page = rank(index, &page_query, market);
    let page_strength = page.first().map_or(0.0, |top| top.strength);

    let mut hits = Vec::with_capacity(opts.limit.min(index.len()));
    if page_strength < WEAK && !page_query.words.is_empty() {
        let mut other: Option<(Query, Vec<Scored>)> = None;
        for lang in fallback_order(opts.lang) {
            let query = analyse(index, &tokens, typing, lang, &mut rows);
            let ranked = rank(index, &query, market);
            let Some(top) = ranked.first() else {
                continue;
            };
            let margin = if lang == Lang::En {
                MARGIN_ENGLISH
            } else {
                MARGIN_OTHER
            };
            let beats_other = other
                .as_ref()
                .and_then(|(_, found)| found.first())
                .is_none_or(|best| top.strength > best.strength);
            if top.strength >= page_strength + margin && beats_other {
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
    hits
}

/// English first (the language most buyers share), then the others in menu order.
fn fallback_order(page: Lang) -> impl Iterator<Item = Lang> {
    std::iter::once(Lang::En)
        .chain(Lang::ALL.into_iter().filter(|&lang| lang != Lang::En))
        .filter(move |&lang| lang != page)
}

fn to_hit(index: &Index, query: &Query, scored: &Scored, other_language: bool) -> Option<Hit> {
    let meta = index.docs().get(scored.doc)?;
    let matched_terms = query
        .words
        .iter()
        .enumerate()
        .filter(|(i, _)| scored.matched & (1u64 << i) != 0)
        .map(|(_, word)| word.text.clone())
        .collect();
    Some(Hit {
        doc: scored.doc,
        id: meta.id.clone(),
        lang: meta.lang,
        title: meta.title.clone(),
        score: scored.score,
        matched_terms,
        other_language,
    })
}

/// Analyses distinct normalised `tokens` in `lang`. `typing`: the last token is unfinished.
fn analyse(index: &Index, tokens: &[&str], typing: bool, lang: Lang, rows: &mut EditRows) -> Query {
    let being_typed = if typing { tokens.last().copied() } else { None };
    let mut words = Vec::new();
    let mut stop_words = Vec::new();
    for &token in tokens {
        if is_stop_word(lang, token) {
            stop_words.push(token.to_owned());
        } else if words.len() < MAX_QUERY_WORDS {
            let typed = being_typed == Some(token);
            words.push(analyse_word(index, token, typed, lang, rows));
        }
    }
    Query {
        lang,
        words,
        stop_words,
        token_count: tokens.len(),
    }
}

fn analyse_word(index: &Index, word: &str, typing: bool, lang: Lang, rows: &mut EditRows) -> Word {
    let root = stem(lang, word);
    let mut candidates = Vec::new();
    for form in [word, &*root] {
        if let Some(term) = index.term_id(form, lang) {
            offer(&mut candidates, term, EXACT, true);
        }
    }
    let exact = !candidates.is_empty();
    let idf_cap = exact.then(|| {
        candidates
            .iter()
            .map(|c| index.idf(c.term, lang))
            .fold(0.0, f32::max)
    });

    for &term in index.synonyms(lang, &root) {
        offer(&mut candidates, term, SYNONYM, false);
    }

    let floor = if typing {
        PREFIX_TYPING
    } else {
        PREFIX_EARLIER
    };
    // Three typed letters are enough to suggest; a finished word needs four to be a prefix.
    let min_chars = if typing { 3 } else { 4 };
    if word.chars().count() >= min_chars {
        offer_prefixes(index, word, floor, lang, &mut candidates);
    }
    if root != word && root.chars().count() >= STEM_PREFIX_MIN {
        offer_prefixes(index, &root, floor, lang, &mut candidates);
    }

    if !exact {
        offer_typos(index, word, &root, lang, rows, &mut candidates);
    }

    Word {
        text: word.to_owned(),
        candidates,
        parts: compound_parts(index, word, exact, typing, lang),
        idf_cap,
    }
}

fn offer(candidates: &mut Vec<Candidate>, term: u32, quality: f32, exact: bool) {
    if let Some(known) = candidates.iter_mut().find(|c| c.term == term) {
        known.quality = known.quality.max(quality);
        known.exact |= exact;
    } else {
        candidates.push(Candidate {
            term,
            quality,
            exact,
        });
    }
}

/// Terms that start with `prefix`, worth more the more of the term the prefix covers.
fn offer_prefixes(
    index: &Index,
    prefix: &str,
    floor: f32,
    lang: Lang,
    candidates: &mut Vec<Candidate>,
) {
    let typed = prefix.chars().count() as f32;
    for term in index.prefix_terms(prefix, lang, MAX_EXPANSIONS) {
        let length = index.term(term).chars().count().max(1) as f32;
        let covered = (typed / length).min(1.0);
        offer(
            candidates,
            term,
            floor + (PREFIX_FULL - floor) * covered,
            false,
        );
    }
}

/// Terms within [`max_edits`] of the word, compared folded: the stem against stems (`hentkod` ~
/// `hentekod`), the word against stems (`stopat` ~ `stoppat`) and the word against the surface
/// words whose stem differs (`vacaton` ~ `vacation`, whose stem is `vacat`).
fn offer_typos(
    index: &Index,
    word: &str,
    root: &str,
    lang: Lang,
    rows: &mut EditRows,
    candidates: &mut Vec<Candidate>,
) {
    let folded_word: Vec<char> = fold(word).chars().collect();
    let folded_root: Vec<char> = fold(root).chars().collect();
    let max = max_edits(folded_word.len());
    if max == 0 {
        return;
    }
    let mut near = Vec::new();
    index.near_terms(&folded_root, max, lang, rows, &mut near);
    if folded_root != folded_word {
        index.near_terms(&folded_word, max, lang, rows, &mut near);
    }
    index.near_surfaces(&folded_word, max, lang, rows, &mut near);
    near.sort_unstable_by_key(|&(term, distance)| (distance, term));
    for &(term, distance) in near.iter().take(MAX_EXPANSIONS) {
        let quality = match distance {
            0 => EXACT,
            1 => TYPO_ONE,
            _ => TYPO_TWO,
        };
        offer(candidates, term, quality, false);
    }
}

/// The parts of a compound query word, split against the index's vocabulary: `pakkeautomaten`
/// → `pakke` + `automaten`. A word being typed may end in an unfinished part
/// (`tullavgif` → `tull` + the start of `avgift`).
fn compound_parts(
    index: &Index,
    word: &str,
    exact: bool,
    typing: bool,
    lang: Lang,
) -> Vec<Vec<Candidate>> {
    if !writes_compounds(lang) {
        return Vec::new();
    }
    let known = |part: &str| {
        index.term_id(part, lang).is_some() || index.term_id(&stem(lang, part), lang).is_some()
    };
    let mut split = split_compound_loose(lang, word, known, known, true);
    let mut by_prefix = false;
    if split.is_none() && typing {
        let known_or_prefix =
            |part: &str| known(part) || index.prefix_terms(part, lang, 1).next().is_some();
        split = split_compound(lang, word, known_or_prefix);
        by_prefix = split.is_some();
    }
    let Some((left, right)) = split else {
        return Vec::new();
    };
    let quality = if exact { PART_OF_KNOWN } else { PART };
    let mut parts = Vec::with_capacity(2);
    for part in [left, right] {
        let mut found = Vec::new();
        let part_root = stem(lang, &part);
        for form in [part.as_str(), &*part_root] {
            if let Some(term) = index.term_id(form, lang) {
                offer(&mut found, term, quality, false);
            }
        }
        if by_prefix && found.is_empty() {
            for term in index.prefix_terms(&part, lang, MAX_EXPANSIONS) {
                offer(&mut found, term, quality * PREFIX_TYPING, false);
            }
        }
        for &term in index.synonyms(lang, &part_root) {
            offer(&mut found, term, quality * SYNONYM, false);
        }
        parts.push(found);
    }
    parts
}

/// Per-document scores for one pass, dense (indexed by document) with a list of the documents
/// touched, so clearing costs only what was used.
struct DocScores {
    value: Vec<f32>,
    quality: Vec<f32>,
    seen: Vec<bool>,
    touched: Vec<usize>,
}

impl DocScores {
    fn new(docs: usize) -> DocScores {
        DocScores {
            value: vec![0.0; docs],
            quality: vec![0.0; docs],
            seen: vec![false; docs],
            touched: Vec::new(),
        }
    }

    fn touch(&mut self, doc: usize) -> bool {
        let Some(seen) = self.seen.get_mut(doc) else {
            return false;
        };
        if !*seen {
            *seen = true;
            self.touched.push(doc);
        }
        true
    }

    fn keep_max(&mut self, doc: usize, value: f32, quality: f32) {
        if self.touch(doc) {
            self.value[doc] = self.value[doc].max(value);
            self.quality[doc] = self.quality[doc].max(quality);
        }
    }

    fn add(&mut self, doc: usize, value: f32, quality: f32) {
        if self.touch(doc) {
            self.value[doc] += value;
            self.quality[doc] += quality;
        }
    }

    fn clear(&mut self) {
        for &doc in &self.touched {
            self.value[doc] = 0.0;
            self.quality[doc] = 0.0;
            self.seen[doc] = false;
        }
        self.touched.clear();
    }
}

/// Scores every article of the query's language that matches at least one query word.
fn rank(index: &Index, query: &Query, market: Option<&str>) -> Vec<Scored> {
    let word_count = query.words.len();
    if word_count == 0 {
        return Vec::new();
    }
    let docs = index.docs();
    let mut total = DocScores::new(docs.len());
    let mut matched = vec![0u64; docs.len()];
    let mut in_title = vec![0u64; docs.len()];
    let mut best = DocScores::new(docs.len());
    let mut part = DocScores::new(docs.len());
    let mut parts = DocScores::new(docs.len());
    for (i, word) in query.words.iter().enumerate() {
        let bit = 1u64 << i;
        let mut scan = Scan {
            index,
            lang: query.lang,
            bit,
            in_title: &mut in_title,
        };
        best.clear();
        for candidate in &word.candidates {
            let cap = if candidate.exact { None } else { word.idf_cap };
            scan.term(candidate, cap, &mut best);
        }
        if !word.parts.is_empty() {
            let share = 1.0 / word.parts.len() as f32;
            parts.clear();
            for candidates in &word.parts {
                part.clear();
                for candidate in candidates {
                    scan.term(candidate, word.idf_cap, &mut part);
                }
                for &doc in &part.touched {
                    parts.add(doc, part.value[doc] * share, part.quality[doc] * share);
                }
            }
            for &doc in &parts.touched {
                best.keep_max(doc, parts.value[doc], parts.quality[doc]);
            }
        }
        for &doc in &best.touched {
            total.add(doc, best.value[doc], best.quality[doc]);
            matched[doc] |= bit;
        }
    }

    let words = word_count as f32;
    let mut scored = Vec::with_capacity(total.touched.len());
    for &doc in &total.touched {
        let Some(meta) = docs.get(doc) else {
            continue;
        };
        if !in_market(meta, market) {
            continue;
        }
        let coverage = matched[doc].count_ones() as f32 / words;
        let mut score = total.value[doc] * (0.5 + 0.5 * coverage);
        let shared = in_title[doc].count_ones() as usize
            + query
                .stop_words
                .iter()
                .filter(|word| meta.title_words.binary_search(word).is_ok())
                .count();
        let union = (query.token_count + meta.title_words.len()).saturating_sub(shared);
        if union > 0 {
            score *= 1.0 + TITLE_BOOST * shared as f32 / union as f32;
        }
        scored.push(Scored {
            doc,
            score,
            strength: total.quality[doc] / words,
            matched: matched[doc],
        });
    }
    scored.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    scored
}

/// Scores one term's postings for one query word.
struct Scan<'a> {
    index: &'a Index,
    lang: Lang,
    bit: u64,
    /// Per document, the query words found in its title.
    in_title: &'a mut [u64],
}

impl Scan<'_> {
    /// BM25F: the term's field frequencies, weighted and length-normalised, summed before
    /// saturation, times IDF (at most `idf_cap`) and the candidate's quality. Each document
    /// keeps its best candidate for the word.
    fn term(&mut self, candidate: &Candidate, idf_cap: Option<f32>, out: &mut DocScores) {
        let index = self.index;
        let idf = index
            .idf(candidate.term, self.lang)
            .min(idf_cap.unwrap_or(f32::INFINITY));
        let docs = index.docs();
        for run in index
            .postings(candidate.term)
            .chunk_by(|a, b| a.doc == b.doc)
        {
            let Some(first) = run.first() else {
                continue;
            };
            let doc = first.doc as usize;
            let Some(meta) = docs.get(doc) else {
                continue;
            };
            if meta.lang != self.lang {
                continue;
            }
            let mut weighted = 0.0;
            for posting in run {
                weighted += posting.field.weight() * f32::from(posting.tf)
                    / index.field_norm(meta, posting.field);
                if posting.field == Field::Title {
                    if let Some(mask) = self.in_title.get_mut(doc) {
                        *mask |= self.bit;
                    }
                }
            }
            let value = candidate.quality * idf * weighted * (K1 + 1.0) / (weighted + K1);
            out.keep_max(doc, value, candidate.quality);
        }
    }
}

/// Whether an article applies in `market` (a market code; one the widget does not know sees only
/// the articles for every market).
fn in_market(meta: &DocMeta, market: Option<&str>) -> bool {
    match market {
        None => true,
        Some(code) => {
            meta.markets.is_empty()
                || Market::known(code).is_some_and(|market| meta.markets.contains(&market))
        }
    }
}

/// Suggestions for a page before the buyer types: articles in `lang` and `market` whose
/// `contexts` include `context` (e.g. `checkout`), by `popular` rank then title; if fewer than
/// `limit`, filled up with the generally popular ones (any `popular` rank).
pub fn popular(
    index: &Index,
    lang: Lang,
    market: Option<&str>,
    context: &str,
    limit: usize,
) -> Vec<Hit> {
    let market = market.map(str::trim).filter(|m| !m.is_empty());
    let context = PageContext::known(context);
    let docs = index.docs();
    let mut for_context = Vec::new();
    let mut in_general = Vec::new();
    for (doc, meta) in docs.iter().enumerate() {
        if meta.lang != lang || !in_market(meta, market) {
            continue;
        }
        if context.is_some_and(|context| meta.contexts.contains(&context)) {
            for_context.push((doc, meta));
        } else if meta.popular.is_some() {
            in_general.push((doc, meta));
        }
    }
    for_context.sort_by(|a, b| by_popularity(a.1, b.1));
    in_general.sort_by(|a, b| by_popularity(a.1, b.1));
    for_context
        .into_iter()
        .chain(in_general)
        .take(limit)
        .map(|(doc, meta)| Hit {
            doc,
            id: meta.id.clone(),
            lang: meta.lang,
            title: meta.title.clone(),
            score: 0.0,
            matched_terms: Vec::new(),
            other_language: false,
        })
        .collect()
}

/// By `popular` rank (unranked last), then title.
fn by_popularity(a: &DocMeta, b: &DocMeta) -> std::cmp::Ordering {
    let rank = |meta: &DocMeta| meta.popular.unwrap_or(u32::MAX);
    rank(a).cmp(&rank(b)).then_with(|| a.title.cmp(&b.title))
}

/// A query word as the snippet looks for it in the body.
struct Needle {
    word: String,
    root: String,
    folded: Vec<char>,
    max_edits: usize,
}

/// A body word in the forms a needle is compared with.
struct Forms {
    word: String,
    root: String,
    folded: Vec<char>,
}

impl Needle {
    fn new(lang: Lang, term: &str) -> Option<Needle> {
        let word = normalise(term.trim());
        if word.is_empty() {
            return None;
        }
        let root = stem(lang, &word).into_owned();
        let folded: Vec<char> = fold(&word).chars().collect();
        let max_edits = max_edits(folded.len());
        Some(Needle {
            word,
            root,
            folded,
            max_edits,
        })
    }

    /// The same word or stem, a word it is the start of (`pakke` → `pakken`), a compound holding
    /// its stem (`pakk` in `pakkeboksen`), or a typing error away (`hentkode` → `hentekoden`).
    fn finds(&self, forms: &Forms, rows: &mut EditRows) -> bool {
        forms.word == self.word
            || forms.root == self.root
            || (self.word.chars().count() >= 3 && forms.word.starts_with(self.word.as_str()))
            || (self.root.chars().count() >= 4 && forms.word.contains(self.root.as_str()))
            || (self.max_edits > 0
                && edit_distance_within(&forms.folded, &self.folded, self.max_edits, rows)
                    .is_some())
    }
}

/// A word of the plain body: byte and char offsets, and whether a needle found it.
struct BodyWord {
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    hit: bool,
}

fn body_words(text: &str, mut is_hit: impl FnMut(&str) -> bool) -> Vec<BodyWord> {
    let mut words = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut chars = 0;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if open.is_none() {
                open = Some((at, chars));
            }
        } else if let Some((start, char_start)) = open.take() {
            let hit = is_hit(&text[start..at]);
            words.push(BodyWord {
                start,
                end: at,
                char_start,
                char_end: chars,
                hit,
            });
        }
        chars += 1;
    }
    if let Some((start, char_start)) = open {
        let hit = is_hit(&text[start..]);
        words.push(BodyWord {
            start,
            end: text.len(),
            char_start,
            char_end: chars,
            hit,
        });
    }
    words
}

/// The part of article `doc`'s plain body, at most `max_chars` long, that holds the most of
/// `matched_terms` (as from a [`Hit`]), cut at word boundaries with `…` where text was left out,
/// the matched words highlighted. Without a match, the body's start. (A single word longer than
/// `max_chars` is shown whole.)
pub fn snippet(
    index: &Index,
    doc: usize,
    matched_terms: &[String],
    max_chars: usize,
) -> Vec<Segment> {
    let Some(meta) = index.docs().get(doc) else {
        return Vec::new();
    };
    let body = meta.plain.as_str();
    if body.trim().is_empty() || max_chars == 0 {
        return Vec::new();
    }
    let lang = meta.lang;
    let needles: Vec<Needle> = matched_terms
        .iter()
        .filter_map(|term| Needle::new(lang, term))
        .collect();
    let mut rows = EditRows::default();
    let words = body_words(body, |text| {
        if needles.is_empty() {
            return false;
        }
        let word = normalise(text);
        let forms = Forms {
            root: stem(lang, &word).into_owned(),
            folded: fold(&word).chars().collect(),
            word,
        };
        needles.iter().any(|needle| needle.finds(&forms, &mut rows))
    });
    if words.is_empty() {
        return vec![Segment {
            text: body.chars().take(max_chars).collect(),
            highlight: false,
        }];
    }

    // hits_before[i]: highlighted words among the first i.
    let mut hits_before = Vec::with_capacity(words.len() + 1);
    let mut running = 0;
    hits_before.push(running);
    for word in &words {
        running += usize::from(word.hit);
        hits_before.push(running);
    }
    let hits_between = |from: usize, to: usize| {
        let count = |i: usize| hits_before.get(i).copied().unwrap_or(running);
        count(to).saturating_sub(count(from))
    };
    // One past the last word that fits in a window starting at word `start` (at least one word).
    let window_end = |start: usize| {
        let Some(first) = words.get(start) else {
            return words.len();
        };
        let limit = first.char_start.saturating_add(max_chars);
        let fitting = words
            .get(start..)
            .map_or(0, |rest| rest.partition_point(|w| w.char_end <= limit));
        start + fitting.max(1)
    };

    // The earliest window with the most hits…
    let mut best = (0, 0);
    for start in 0..words.len() {
        let hits = hits_between(start, window_end(start));
        if hits > best.0 {
            best = (hits, start);
        }
    }
    let (hits, mut start) = best;
    // …starting a little before its first hit, so the hit is read in context…
    if hits > 0 {
        if let Some(first_hit) = words.iter().skip(start).position(|w| w.hit) {
            let first_hit = start + first_hit;
            let lead_in = words
                .get(first_hit)
                .map_or(0, |w| w.char_start.saturating_sub(max_chars / 3));
            start = start.max(words.partition_point(|w| w.char_start < lead_in));
        }
    }
    let end = window_end(start);
    // …and near the end of the text, using the room left to show more before.
    if let Some(last) = words.get(end.saturating_sub(1)) {
        while start > 0
            && words
                .get(start - 1)
                .is_some_and(|w| last.char_end.saturating_sub(w.char_start) <= max_chars)
        {
            start -= 1;
        }
    }

    let from = if start == 0 {
        0
    } else {
        words.get(start).map_or(0, |w| w.start)
    };
    let mut to = words
        .get(end.saturating_sub(1))
        .map_or(body.len(), |w| w.end);
    // Keep the sentence's closing punctuation.
    if let Some(next) = body.get(to..).and_then(|rest| rest.chars().next()) {
        if matches!(next, '.' | '!' | '?' | ':' | ')') {
            to += next.len_utf8();
        }
    }

    let mut segments = Vec::new();
    let mut plain = String::new();
    if start > 0 {
        plain.push('…');
    }
    let mut at = from;
    for word in words.get(start..end).unwrap_or_default() {
        if !word.hit {
            continue;
        }
        plain.push_str(body.get(at..word.start).unwrap_or_default());
        flush(&mut segments, &mut plain);
        segments.push(Segment {
            text: body
                .get(word.start..word.end)
                .unwrap_or_default()
                .to_owned(),
            highlight: true,
        });
        at = word.end;
    }
    plain.push_str(body.get(at..to).unwrap_or_default());
    if end < words.len() {
        plain.push('…');
    }
    flush(&mut segments, &mut plain);
    segments
}

fn flush(segments: &mut Vec<Segment>, plain: &mut String) {
    if !plain.is_empty() {
        segments.push(Segment {
            text: std::mem::take(plain),
            highlight: false,
        });
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::Market;
    use crate::faq::article::{Article, FaqBundle};
    use std::sync::OnceLock;

    fn real_index() -> &'static Index {
        static INDEX: OnceLock<Index> = OnceLock::new();
        INDEX.get_or_init(|| {
            let json = include_str!("../../public/demo/faq.json");
            Index::build(&FaqBundle::from_json(json).unwrap())
        })
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
            blocks: Vec::new(),
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
        let index = Index::build(&bundle);
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
                let markets = &real_index().docs()[hit.doc].markets;
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
        let index = real_index();
        let hits = find(Lang::Nb, None, "pakken hentekode");
        let hit = &hits[0];
        let segments = snippet(index, hit.doc, &hit.matched_terms, 120);
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
        assert!(index.docs()[hit.doc].plain.contains(inner), "{text}");
    }

    #[test]
    fn a_snippet_centres_on_the_match_and_cuts_at_words() {
        let body = "Alpha beta gamma delta epsilon zeta eta theta. The parcel locker opens with \
                    the app. Iota kappa lambda mu nu xi omicron pi rho sigma tau.";
        let index = Index::build(&FaqBundle::new(vec![article("a", "A", &[], body)]));
        let segments = snippet(&index, 0, &["lockers".to_owned()], 40);
        assert!(segments[0].text.starts_with('…'), "{segments:?}");
        assert!(segments.iter().any(|s| s.highlight && s.text == "locker"));
        let last = segments.last().unwrap();
        assert!(!last.highlight && last.text.ends_with('…'), "{segments:?}");
        let text: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert!(text.chars().count() <= 42, "{text}");

        // No match: the start of the body, cut after a whole word.
        let start = snippet(&index, 0, &[], 20);
        assert_eq!(start.len(), 1);
        assert_eq!(start[0].text, "Alpha beta gamma…");
        assert!(snippet(&index, 5, &[], 20).is_empty());
        assert!(snippet(&index, 0, &[], 0).is_empty());
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
                index.docs()[hit.doc]
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
            .map(|hit| index.docs()[hit.doc].popular)
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
}
