//! Query analysis: what each word a buyer typed may stand for in the index, and how much a match
//! on it counts. The word or its stem counts fully; a synonym, a term the word starts (the buyer
//! may still be typing), a term a typing error or two away, and the parts of a compound each
//! count less, so they rank below an exact match but still find.

use super::index::Index;
use super::text::{
    fold, is_stop_word, max_edits, split_compound, split_compound_loose, stem, writes_compounds,
};
use crate::i18n::Lang;

// How much a match counts, by how the query word met the term, never more than EXACT (search
// relies on it). The exact word or its stem counts fully; every looser match counts less, so it
// ranks below an exact one but still finds.
pub(crate) const EXACT: f32 = 1.0;
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

/// At most this many terms per prefix or typo expansion, so a short prefix stays cheap.
const MAX_EXPANSIONS: usize = 64;
/// Query words (stop words apart) that are searched; the rest is ignored. Fits the u64 masks.
const MAX_QUERY_WORDS: usize = 16;
/// A stem this long is also tried as a prefix, joining derivations (`uppdater` → `uppdatering`).
const STEM_PREFIX_MIN: usize = 5;

/// A term a query word may stand for, and how much a match on it counts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate {
    pub(crate) term: u32,
    pub(crate) quality: f32,
    /// The word itself or its stem: exempt from the IDF cap.
    pub(crate) exact: bool,
}

/// One analysed query word.
pub(crate) struct Word {
    /// As normalised, for highlighting.
    pub(crate) text: String,
    pub(crate) candidates: Vec<Candidate>,
    /// A compound's parts, each with its own candidates; an article scores the mean of the parts.
    pub(crate) parts: Vec<Vec<Candidate>>,
    /// When the word itself is in the index, looser matches may not count more than it does: a
    /// rare compound that merely starts with `paket` must not outrank `paket` itself.
    pub(crate) idf_cap: Option<f32>,
}

/// A query analysed in one language.
pub(crate) struct Query {
    pub(crate) lang: Lang,
    pub(crate) words: Vec<Word>,
    /// Distinct stop words of the query, which only the title boost looks at.
    pub(crate) stop_words: Vec<String>,
    /// Distinct query words, stop words included.
    pub(crate) token_count: usize,
}

impl Query {
    /// No article of this query's language can score a [`Scored::strength`] above this: the
    /// mean over words of the best quality each can meet (a candidate's, or its parts'
    /// shares), summed in the order ranking sums it, so rounding cannot put a real strength
    /// above it. A fallback language that cannot win is then not ranked.
    ///
    /// [`Scored::strength`]: super::rank::Scored
    pub(crate) fn strength_bound(&self) -> f32 {
        if self.words.is_empty() {
            return 0.0;
        }
        let best =
            |candidates: &[Candidate]| candidates.iter().map(|c| c.quality).fold(0.0_f32, f32::max);
        let mut total = 0.0_f32;
        for word in &self.words {
            let share = 1.0 / word.parts.len().max(1) as f32;
            let parts = word
                .parts
                .iter()
                .fold(0.0_f32, |sum, part| sum + best(part) * share);
            total += best(&word.candidates).max(parts);
        }
        total / self.words.len() as f32
    }
}

/// Analyses distinct normalised `tokens` in `lang`. `typing`: the last token is unfinished.
pub(crate) fn analyse(index: &Index, tokens: &[&str], typing: bool, lang: Lang) -> Query {
    let being_typed = if typing { tokens.last().copied() } else { None };
    let mut words = Vec::new();
    let mut stop_words = Vec::new();
    for &token in tokens {
        if is_stop_word(lang, token) {
            stop_words.push(token.to_owned());
        } else if words.len() < MAX_QUERY_WORDS {
            let typed = being_typed == Some(token);
            words.push(analyse_word(index, token, typed, lang));
        }
    }
    Query {
        lang,
        words,
        stop_words,
        token_count: tokens.len(),
    }
}

fn analyse_word(index: &Index, word: &str, typing: bool, lang: Lang) -> Word {
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
        offer_typos(index, word, &root, lang, &mut candidates);
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
fn offer_typos(index: &Index, word: &str, root: &str, lang: Lang, candidates: &mut Vec<Candidate>) {
    let folded_word: Vec<char> = fold(word).chars().collect();
    let folded_root: Vec<char> = fold(root).chars().collect();
    let max = max_edits(folded_word.len());
    if max == 0 {
        return;
    }
    let mut near = Vec::new();
    index.near_terms(&folded_root, max, lang, &mut near);
    if folded_root != folded_word {
        index.near_terms(&folded_word, max, lang, &mut near);
    }
    index.near_surfaces(&folded_word, max, lang, &mut near);
    crate::sorting::sort_by_key(&mut near, |&(term, distance)| {
        (distance as u64) << 32 | u64::from(term)
    });
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
