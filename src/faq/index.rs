//! The inverted index over a [`FaqBundle`]: built once when the FAQ loads, read on every
//! keystroke by [`super::search`].
//!
//! Each article has three fields: title, keywords and body (as plain text, from its blocks or its
//! Markdown).
//! A field's words become terms through [`super::text`]: normalised, stop words dropped, stemmed
//! in the article's language; a compound also adds its parts, so `pakkeautomaten` indexes
//! `automat` and `pakk` too. One sorted vocabulary serves all five languages. Per term the index
//! keeps its postings (document, field, term frequency), which languages use it and how many
//! documents of each language have it. For typo matching it keeps every term's folded form
//! grouped by language and length, so a fuzzy scan visits only terms within two letters of the
//! query word, with a letter mask that rules most of them out before any edit distance is
//! computed; and the folded surface words whose stem differs (`vacation` beside stem `vacat`).
//!
//! Building takes one pass to collect each language's words, stems and compound splits once per
//! distinct word (not per occurrence), and one pass to count occurrences.

// FxHash, not SipHash: the keys are our own content's words, and indexing hashes each word
// several times (measured: the build ~20% faster).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::article::{Article, FaqBundle};
use super::text::{
    fold, is_stop_word, lang_slot, letter_mask, masks_within, normalise, split_compound,
    split_compound_loose, stem, stop_word, synonym_groups, tokenise, Pattern, MAX_WORD_CHARS,
};
use crate::i18n::Lang;

/// The parts of an article that are indexed, each weighted on its own (BM25F).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub(crate) enum Field {
    Title,
    Keywords,
    Body,
}

const FIELDS: usize = Field::ALL.len();

impl Field {
    /// In the order of the texts [`Index::build`] reads and of `field_len`.
    pub(crate) const ALL: [Field; 3] = [Field::Title, Field::Keywords, Field::Body];

    /// This field's position in per-field arrays.
    pub(crate) fn slot(self) -> usize {
        self as usize
    }

    /// Weight of a field in BM25F: a word in the title says most about what an article answers;
    /// a keyword was chosen for search; the body also explains around the point.
    pub(crate) fn weight(self) -> f32 {
        match self {
            Field::Title => 3.0,
            Field::Keywords => 2.0,
            Field::Body => 1.0,
        }
    }
}
const LANGS: usize = Lang::ALL.len();

/// BM25's length normalisation per field (0: length ignored, 1: fully relative to the average).
/// The usual 0.75: a long body mentioning a word once says less than a short one.
pub(crate) const BM25_B: f32 = 0.75;

/// One field of one document containing a term, packed in 32 bits: a 10,000-article FAQ has
/// nearly a million, and WebAssembly memory never gives back what the build once took. The
/// document is the top 22 bits (so an index holds at most [`MAX_ARTICLES`]), the field the next
/// two, and how often the term occurs in the field the low eight (at most 255: BM25 has long
/// saturated by then).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Posting(u32);

/// The articles an index holds: those after it in a bundle are not indexed.
pub(crate) const MAX_ARTICLES: usize = 1 << 22;

impl Posting {
    /// A first occurrence in `field` of `doc` (below [`MAX_ARTICLES`]).
    fn first(doc: usize, field: Field) -> Posting {
        Posting((doc as u32) << 10 | (field as u32) << 8 | 1)
    }

    pub(crate) fn doc(self) -> u32 {
        self.0 >> 10
    }

    pub(crate) fn field(self) -> Field {
        match self.0 >> 8 & 0b11 {
            0 => Field::Title,
            1 => Field::Keywords,
            _ => Field::Body,
        }
    }

    /// How often the term occurs in the field.
    pub(crate) fn tf(self) -> u16 {
        (self.0 & 0xFF) as u16
    }

    /// The document and field: what orders a term's postings.
    fn place(self) -> u32 {
        self.0 >> 8
    }

    fn count_again(&mut self) {
        if self.0 & 0xFF < 0xFF {
            self.0 += 1;
        }
    }
}

/// What search needs to know about an article besides its terms and what the article says
/// itself (its id, title, markets: [`Index::article`]). `Index::docs()[i]` is
/// `Index::bundle().articles[i]`.
#[derive(Clone, Debug)]
pub(crate) struct DocMeta {
    /// The article's, here too: the scoring loop reads it for every posting.
    pub(crate) lang: Lang,
    /// How many distinct normalised words the title has, stop words included, and which of
    /// them are stop words (from the language's list, so no copies): for the title-match
    /// boost, which also credits question words. The other words it finds by the postings.
    pub(crate) title_len: u16,
    pub(crate) title_stops: Box<[&'static str]>,
    /// Words (stop words excluded) per field, for BM25's length normalisation.
    pub(crate) field_len: [u32; FIELDS],
}

/// A surface word whose folded form differs from its stem's, for typo matching.
#[derive(Clone, Debug)]
struct Surface {
    folded: Box<[char]>,
    mask: u64,
    term: u32,
}

/// The searchable FAQ, holding the bundle it was built from (so it copies no id or title).
/// Immutable once built; share it by reference.
#[derive(Clone, Debug)]
pub struct Index {
    bundle: FaqBundle,
    /// Sorted, distinct terms (stems and compound parts); a term's id is its position.
    terms: Vec<String>,
    /// A term's hash to its id, for [`Index::term_id`]: a query looks terms up dozens of times
    /// (its words, their stems, every split of a compound, in up to five languages), and a
    /// binary search compares strings a dozen times per lookup. Two terms with the same hash
    /// keep the first; the other is found by binary search.
    term_ids: HashMap<u64, u32>,
    /// Every term's postings by document, then field, one term after another: term `t`'s are
    /// `postings[starts[t]..starts[t + 1]]`. One allocation of the exact size, counted first.
    postings: Vec<Posting>,
    starts: Vec<u32>,
    /// Per term, a bit per language (bit `lang_slot`) whose documents use it.
    term_langs: Vec<u8>,
    /// Per term, how many documents of each language contain it.
    doc_freq: Vec<[u32; LANGS]>,
    /// Per term, its folded form and that form's letter mask.
    folded: Vec<Box<[char]>>,
    masks: Vec<u64>,
    /// Per language, the ids of the terms it uses by the char length of their folded form.
    by_len: Vec<Vec<Vec<u32>>>,
    surfaces: Vec<Surface>,
    /// Per language, surface indices by the char length of their folded form.
    surfaces_by_len: Vec<Vec<Vec<u32>>>,
    /// Per language, a stem's synonym term ids (terms that language uses).
    synonyms: Vec<HashMap<String, Vec<u32>>>,
    docs: Vec<DocMeta>,
    doc_count: [u32; LANGS],
    /// Per language, the average words per field.
    avg_field_len: [[f32; FIELDS]; LANGS],
}

/// One language's distinct words, and the terms each word indexes as.
#[derive(Default)]
struct Lexicon {
    ids: HashMap<String, u32>,
    /// The stop words met, so each later occurrence (a third of all words) is one lookup, not a
    /// lookup and a binary search of the stop list.
    stops: HashSet<String>,
    words: Vec<String>,
    /// Per word, term ids: its stem first, then its compound parts' stems.
    terms: Vec<Vec<u32>>,
}

impl Lexicon {
    /// The word's id, entered if new; `None` for a stop word, which is not indexed.
    fn observe(&mut self, lang: Lang, word: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(word) {
            return Some(id);
        }
        if self.stops.contains(word) {
            return None;
        }
        if is_stop_word(lang, word) {
            self.stops.insert(word.to_owned());
            return None;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.to_owned(), id);
        self.words.push(word.to_owned());
        Some(id)
    }
}

/// Term strings to provisional ids, in order of first appearance.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    strings: Vec<String>,
}

impl Interner {
    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.ids.insert(term.to_owned(), id);
        self.strings.push(term.to_owned());
        id
    }
}

fn lang_bit(lang: Lang) -> u8 {
    1 << lang_slot(lang)
}

impl Index {
    /// Indexes every article of `bundle`, in named passes: the words of each language, what each
    /// word indexes as (stem, compound parts), the postings, the sorted vocabulary, which languages
    /// use each term, the forms typo matching compares, synonyms, and BM25's average lengths.
    pub fn build(bundle: FaqBundle) -> Index {
        let articles = &bundle.articles;
        let (mut lexicons, words) = collect_words(articles);
        let interner = analyse_words(&mut lexicons);
        let terms = sort_vocabulary(interner, &mut lexicons);
        let (postings, starts) = collect_postings(articles, &words, &lexicons, terms.len());
        let field_lens = field_lengths(&words);
        drop(words);
        let doc_slots: Vec<usize> = articles.iter().map(|a| lang_slot(a.lang)).collect();
        let (term_langs, doc_freq) = term_languages(&postings, &starts, &doc_slots);
        let FoldedTerms {
            folded,
            masks,
            by_len,
        } = folded_terms(&terms, &term_langs);
        let (surfaces, surfaces_by_len) = folded_surfaces(&lexicons, &folded);
        let synonyms = synonym_terms(&terms, &term_langs);
        let (doc_count, avg_field_len) = field_averages(&doc_slots, &field_lens);
        let docs = doc_metas(articles, &field_lens);
        let term_ids = term_hashes(&terms);
        Index {
            bundle,
            terms,
            term_ids,
            postings,
            starts,
            term_langs,
            doc_freq,
            folded,
            masks,
            by_len,
            surfaces,
            surfaces_by_len,
            synonyms,
            docs,
            doc_count,
            avg_field_len,
        }
    }

    /// How many articles (all languages) the index holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Every article's metadata, in the bundle's order.
    pub(crate) fn docs(&self) -> &[DocMeta] {
        &self.docs
    }

    /// The bundle the index was built from: its articles are the index's documents, in order.
    pub fn bundle(&self) -> &FaqBundle {
        &self.bundle
    }

    /// Document `doc`'s article.
    pub(crate) fn article(&self, doc: usize) -> Option<&Article> {
        self.bundle.articles.get(doc)
    }

    fn uses(&self, id: usize, lang: Lang) -> bool {
        self.term_langs
            .get(id)
            .is_some_and(|bits| bits & lang_bit(lang) != 0)
    }

    /// The id of `term` if articles in `lang` use it.
    pub(crate) fn term_id(&self, term: &str, lang: Lang) -> Option<u32> {
        let id = match self.term_ids.get(&term_hash(term)) {
            Some(&id) if self.term(id) == term => id as usize,
            Some(_) => self.terms.binary_search_by(|t| t.as_str().cmp(term)).ok()?,
            None => return None,
        };
        self.uses(id, lang).then_some(id as u32)
    }

    pub(crate) fn term(&self, term: u32) -> &str {
        self.terms
            .get(term as usize)
            .map(String::as_str)
            .unwrap_or_default()
    }

    pub(crate) fn postings(&self, term: u32) -> &[Posting] {
        term_postings(&self.postings, &self.starts, term as usize)
    }

    /// BM25's inverse document frequency of `term` among the articles in `lang`.
    pub(crate) fn idf(&self, term: u32, lang: Lang) -> f32 {
        let slot = lang_slot(lang);
        let n = self.doc_count.get(slot).copied().unwrap_or(0) as f32;
        let df = self
            .doc_freq
            .get(term as usize)
            .and_then(|freq| freq.get(slot))
            .copied()
            .unwrap_or(0) as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25's length normalisation of one field of `doc`: 1 at the language's average length.
    pub(crate) fn field_norm(&self, doc: &DocMeta, field: Field) -> f32 {
        let field = field.slot();
        let average = self
            .avg_field_len
            .get(lang_slot(doc.lang))
            .map_or(0.0, |lens| lens[field]);
        let relative = if average > 0.0 {
            doc.field_len[field] as f32 / average
        } else {
            0.0
        };
        1.0 - BM25_B + BM25_B * relative
    }

    /// Up to `cap` terms of `lang` that start with `prefix`, in sorted order.
    pub(crate) fn prefix_terms<'a>(
        &'a self,
        prefix: &'a str,
        lang: Lang,
        cap: usize,
    ) -> impl Iterator<Item = u32> + 'a {
        let start = self.terms.partition_point(|t| t.as_str() < prefix);
        self.terms
            .get(start..)
            .unwrap_or_default()
            .iter()
            .zip(start..)
            .take_while(move |(term, _)| term.starts_with(prefix))
            .filter(move |&(_, id)| self.uses(id, lang))
            .map(|(_, id)| id as u32)
            .take(cap)
    }

    /// Appends `(term, distance)` for every term of `lang` whose folded form is at most `max`
    /// edits from `form`.
    pub(crate) fn near_terms(
        &self,
        form: &[char],
        max: usize,
        lang: Lang,
        out: &mut Vec<(u32, usize)>,
    ) {
        let Some(buckets) = self.by_len.get(lang_slot(lang)) else {
            return;
        };
        scan_near(buckets, form, max, out, |id| {
            let term = id as usize;
            Some((*self.masks.get(term)?, self.folded.get(term)?.as_ref(), id))
        });
    }

    /// Like [`Index::near_terms`], over the surface words of `lang`; yields their stems' terms.
    pub(crate) fn near_surfaces(
        &self,
        form: &[char],
        max: usize,
        lang: Lang,
        out: &mut Vec<(u32, usize)>,
    ) {
        let Some(buckets) = self.surfaces_by_len.get(lang_slot(lang)) else {
            return;
        };
        scan_near(buckets, form, max, out, |id| {
            let surface = self.surfaces.get(id as usize)?;
            Some((surface.mask, surface.folded.as_ref(), surface.term))
        });
    }

    /// The terms that are synonyms of `stem` in `lang`.
    pub(crate) fn synonyms(&self, lang: Lang, stem: &str) -> &[u32] {
        self.synonyms
            .get(lang_slot(lang))
            .and_then(|map| map.get(stem))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

fn term_hash(term: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(term)
}

fn term_hashes(terms: &[String]) -> HashMap<u64, u32> {
    let mut ids = HashMap::with_capacity_and_hasher(terms.len(), Default::default());
    for (id, term) in terms.iter().enumerate() {
        ids.entry(term_hash(term)).or_insert(id as u32);
    }
    ids
}

// The passes of [`Index::build`], in order.

/// Normalises each field of each article once and collects each language's distinct words
/// (stop words left out). Returns the lexicons and, per article and field, its words as
/// lexicon ids: a quarter of what the normalised texts would hold, and read without a lookup.
fn collect_words(articles: &[Article]) -> (Vec<Lexicon>, Vec<[Vec<u32>; FIELDS]>) {
    let mut lexicons: Vec<Lexicon> = Lang::ALL.iter().map(|_| Lexicon::default()).collect();
    let mut words: Vec<[Vec<u32>; FIELDS]> = Vec::with_capacity(articles.len());
    for article in articles {
        let fields = [
            normalise(&article.title),
            normalise(&article.keywords.iter().collect::<Vec<_>>().join(", ")),
            normalise(&plain_body(article)),
        ];
        let mut ids: [Vec<u32>; FIELDS] = Default::default();
        if let Some(lexicon) = lexicons.get_mut(lang_slot(article.lang)) {
            for (text, ids) in fields.iter().zip(ids.iter_mut()) {
                ids.extend(tokenise(text).filter_map(|word| lexicon.observe(article.lang, word)));
                ids.shrink_to_fit();
            }
        }
        words.push(ids);
    }
    (lexicons, words)
}

/// Stems and splits each distinct word once, recording the terms it indexes as. A compound part
/// counts as known when the language has it as a word or a stem; Finnish gets only the strict
/// rule, because a long Finnish word after a known one is far more often a derivation than a
/// compound.
fn analyse_words(lexicons: &mut [Lexicon]) -> Interner {
    let mut interner = Interner::default();
    for (slot, lang) in Lang::ALL.into_iter().enumerate() {
        let Some(lexicon) = lexicons.get(slot) else {
            continue;
        };
        let stems: Vec<String> = lexicon
            .words
            .iter()
            .map(|word| stem(lang, word).into_owned())
            .collect();
        let stem_set: HashSet<&str> = stems.iter().map(String::as_str).collect();
        let is_word = |part: &str| !is_stop_word(lang, part) && lexicon.ids.contains_key(part);
        let is_known = |part: &str| {
            !is_stop_word(lang, part)
                && (lexicon.ids.contains_key(part)
                    || stem_set.contains(part)
                    || stem_set.contains(&*stem(lang, part)))
        };
        let mut word_terms = Vec::with_capacity(stems.len());
        for (word, word_stem) in lexicon.words.iter().zip(&stems) {
            let mut terms = vec![interner.intern(word_stem)];
            let split = match lang {
                Lang::Fi => split_compound(lang, word, is_known),
                _ => split_compound_loose(lang, word, is_known, is_word, false),
            };
            if let Some((left, right)) = split {
                for part in [left, right] {
                    let id = interner.intern(&stem(lang, &part));
                    if !terms.contains(&id) {
                        terms.push(id);
                    }
                }
            }
            word_terms.push(terms);
        }
        if let Some(lexicon) = lexicons.get_mut(slot) {
            lexicon.terms = word_terms;
        }
    }
    interner
}

/// Calls `visit` with each occurrence's term (final ids) and its document and field, in the
/// order of the documents, then their fields: so a term's postings come out in order, and an
/// occurrence in the same place as the term's last one counts again.
fn each_occurrence(
    articles: &[Article],
    words: &[[Vec<u32>; FIELDS]],
    lexicons: &[Lexicon],
    mut visit: impl FnMut(usize, Posting),
) {
    let documents = articles.iter().zip(words).enumerate().take(MAX_ARTICLES);
    for (doc, (article, fields)) in documents {
        let Some(lexicon) = lexicons.get(lang_slot(article.lang)) else {
            continue;
        };
        for (field, ids) in Field::ALL.into_iter().zip(fields) {
            let posting = Posting::first(doc, field);
            for &id in ids {
                for &term in lexicon.terms.get(id as usize).into_iter().flatten() {
                    visit(term as usize, posting);
                }
            }
        }
    }
}

/// The postings of every term, in two passes over the occurrences: one counts each term's
/// postings, so the second fills one allocation of the exact size (a `Vec` per term, grown as
/// it filled, kept room for half as many again, and took it at the build's peak).
fn collect_postings(
    articles: &[Article],
    words: &[[Vec<u32>; FIELDS]],
    lexicons: &[Lexicon],
    term_count: usize,
) -> (Vec<Posting>, Vec<u32>) {
    let mut last = vec![u32::MAX; term_count];
    let mut counts = vec![0u32; term_count];
    each_occurrence(articles, words, lexicons, |term, posting| {
        if let (Some(last), Some(count)) = (last.get_mut(term), counts.get_mut(term)) {
            if *last != posting.place() {
                *last = posting.place();
                *count += 1;
            }
        }
    });
    let mut starts = Vec::with_capacity(term_count + 1);
    let mut total = 0u32;
    starts.push(0);
    for count in &counts {
        total += count;
        starts.push(total);
    }
    drop(counts);
    let mut postings = vec![Posting(0); total as usize];
    let mut next: Vec<u32> = starts.iter().take(term_count).copied().collect();
    last.fill(u32::MAX);
    each_occurrence(articles, words, lexicons, |term, posting| {
        let (Some(last), Some(next)) = (last.get_mut(term), next.get_mut(term)) else {
            return;
        };
        if *last == posting.place() {
            if let Some(previous) = postings.get_mut(*next as usize - 1) {
                previous.count_again();
            }
        } else if let Some(slot) = postings.get_mut(*next as usize) {
            *last = posting.place();
            *slot = posting;
            *next += 1;
        }
    });
    (postings, starts)
}

fn term_postings<'a>(postings: &'a [Posting], starts: &[u32], term: usize) -> &'a [Posting] {
    match (starts.get(term), starts.get(term + 1)) {
        (Some(&start), Some(&end)) => postings.get(start as usize..end as usize),
        _ => None,
    }
    .unwrap_or_default()
}

/// Each document's words per field (stop words left out), for BM25's length normalisation.
fn field_lengths(words: &[[Vec<u32>; FIELDS]]) -> Vec<[u32; FIELDS]> {
    words
        .iter()
        .map(|fields| std::array::from_fn(|field| fields[field].len() as u32))
        .collect()
}

/// Sorts the vocabulary (for binary search and prefix ranges) and renumbers the lexicons'
/// terms to match.
fn sort_vocabulary(interner: Interner, lexicons: &mut [Lexicon]) -> Vec<String> {
    let mut sorted: Vec<(String, u32)> = interner.strings.into_iter().zip(0u32..).collect();
    crate::sorting::sort_texts(&mut sorted);
    let mut new_id = vec![0u32; sorted.len()];
    let mut terms = Vec::with_capacity(sorted.len());
    for (new, (term, old)) in sorted.into_iter().enumerate() {
        new_id[old as usize] = new as u32;
        terms.push(term);
    }
    for lexicon in lexicons.iter_mut() {
        for id in lexicon.terms.iter_mut().flatten() {
            *id = new_id[*id as usize];
        }
    }
    terms
}

/// Which languages use each term (a bit per language), and in how many of their documents.
fn term_languages(
    postings: &[Posting],
    starts: &[u32],
    doc_slots: &[usize],
) -> (Vec<u8>, Vec<[u32; LANGS]>) {
    let terms = starts.len().saturating_sub(1);
    let mut term_langs = Vec::with_capacity(terms);
    let mut doc_freq = Vec::with_capacity(terms);
    for term in 0..terms {
        let mut langs = 0u8;
        let mut freq = [0u32; LANGS];
        let mut last_doc = None;
        for posting in term_postings(postings, starts, term) {
            if last_doc == Some(posting.doc()) {
                continue;
            }
            last_doc = Some(posting.doc());
            if let Some(&slot) = doc_slots.get(posting.doc() as usize) {
                langs |= 1 << slot;
                freq[slot] += 1;
            }
        }
        term_langs.push(langs);
        doc_freq.push(freq);
    }
    (term_langs, doc_freq)
}

/// Each term's folded form and letter mask, and per language the terms by folded length, for
/// typo matching.
fn folded_terms(terms: &[String], term_langs: &[u8]) -> FoldedTerms {
    let folded: Vec<Box<[char]>> = terms.iter().map(|t| fold(t).chars().collect()).collect();
    let masks: Vec<u64> = folded.iter().map(|form| letter_mask(form)).collect();
    let mut by_len: Vec<Vec<Vec<u32>>> = vec![Vec::new(); LANGS];
    for (id, (form, &langs)) in folded.iter().zip(term_langs).enumerate() {
        for (slot, lengths) in by_len.iter_mut().enumerate() {
            if langs & (1 << slot) == 0 {
                continue;
            }
            if lengths.len() <= form.len() {
                lengths.resize(form.len() + 1, Vec::new());
            }
            lengths[form.len()].push(id as u32);
        }
    }
    FoldedTerms {
        folded,
        masks,
        by_len,
    }
}

/// What [`folded_terms`] finds, as [`Index`] keeps it.
struct FoldedTerms {
    folded: Vec<Box<[char]>>,
    masks: Vec<u64>,
    /// Per language, term ids by the char length of their folded form.
    by_len: Vec<Vec<Vec<u32>>>,
}

/// The surface words whose folded form differs from their stem's, per language by folded
/// length: a typo is also compared with what the buyer would have written.
fn folded_surfaces(
    lexicons: &[Lexicon],
    folded: &[Box<[char]>],
) -> (Vec<Surface>, Vec<Vec<Vec<u32>>>) {
    let mut surfaces = Vec::new();
    let mut surfaces_by_len: Vec<Vec<Vec<u32>>> = vec![Vec::new(); LANGS];
    for (lexicon, lengths) in lexicons.iter().zip(surfaces_by_len.iter_mut()) {
        for (word, word_terms) in lexicon.words.iter().zip(&lexicon.terms) {
            let Some(&term) = word_terms.first() else {
                continue;
            };
            let form: Box<[char]> = fold(word).chars().collect();
            if form.len() > MAX_WORD_CHARS || folded.get(term as usize) == Some(&form) {
                continue;
            }
            if lengths.len() <= form.len() {
                lengths.resize(form.len() + 1, Vec::new());
            }
            lengths[form.len()].push(surfaces.len() as u32);
            surfaces.push(Surface {
                mask: letter_mask(&form),
                folded: form,
                term,
            });
        }
    }
    (surfaces, surfaces_by_len)
}

/// Synonyms: each member's stem leads to the other members' terms in that language.
fn synonym_terms(terms: &[String], term_langs: &[u8]) -> Vec<HashMap<String, Vec<u32>>> {
    let mut synonyms = Vec::with_capacity(LANGS);
    for lang in Lang::ALL {
        let bit = lang_bit(lang);
        let mut map: HashMap<String, Vec<u32>> = HashMap::default();
        for group in synonym_groups(lang) {
            let stems: Vec<String> = group
                .iter()
                .map(|word| stem(lang, &normalise(word)).into_owned())
                .collect();
            for own in &stems {
                let others = map.entry(own.clone()).or_default();
                for other in stems.iter().filter(|other| *other != own) {
                    if let Ok(id) = terms.binary_search(other) {
                        if term_langs.get(id).is_some_and(|bits| bits & bit != 0) {
                            others.push(id as u32);
                        }
                    }
                }
            }
        }
        for ids in map.values_mut() {
            crate::sorting::sort_by_key(ids, |&id| u64::from(id));
            ids.dedup();
        }
        synonyms.push(map);
    }
    synonyms
}

/// Documents per language and the average words per field, for BM25's length normalisation.
fn field_averages(
    doc_slots: &[usize],
    field_lens: &[[u32; FIELDS]],
) -> ([u32; LANGS], [[f32; FIELDS]; LANGS]) {
    let mut doc_count = [0u32; LANGS];
    let mut totals = [[0u64; FIELDS]; LANGS];
    for (&slot, lens) in doc_slots.iter().zip(field_lens) {
        doc_count[slot] += 1;
        for (total, &len) in totals[slot].iter_mut().zip(lens) {
            *total += u64::from(len);
        }
    }
    let avg_field_len: [[f32; FIELDS]; LANGS] = std::array::from_fn(|slot| {
        std::array::from_fn(|field| {
            if doc_count[slot] == 0 {
                0.0
            } else {
                totals[slot][field] as f32 / doc_count[slot] as f32
            }
        })
    });
    (doc_count, avg_field_len)
}

/// What search needs to know about each article besides its terms.
fn doc_metas(articles: &[Article], field_lens: &[[u32; FIELDS]]) -> Vec<DocMeta> {
    let docs = articles
        .iter()
        .zip(field_lens)
        .map(|(article, lens)| {
            let title = normalise(&article.title);
            let mut title_words: Vec<&str> = Vec::new();
            for word in tokenise(&title) {
                if !title_words.contains(&word) {
                    title_words.push(word);
                }
            }
            let title_stops = title_words
                .iter()
                .filter_map(|word| stop_word(article.lang, word))
                .collect();
            DocMeta {
                lang: article.lang,
                title_len: u16::try_from(title_words.len()).unwrap_or(u16::MAX),
                title_stops,
                field_len: *lens,
            }
        })
        .collect();
    docs
}

/// Appends `(term, distance)` for every candidate within `max` edits of `form`. `buckets` holds
/// candidate ids by the char length of their folded form, so only lengths within `max` of the
/// query's are visited, and the edit distance is computed only when the letter masks are close
/// enough. `candidate` gives an id's mask, folded form and the term it stands for.
fn scan_near<'a>(
    buckets: &[Vec<u32>],
    form: &[char],
    max: usize,
    out: &mut Vec<(u32, usize)>,
    candidate: impl Fn(u32) -> Option<(u64, &'a [char], u32)>,
) {
    let mask = letter_mask(form);
    let pattern = Pattern::new(form);
    let low = form.len().saturating_sub(max);
    for ids in buckets.iter().take(form.len() + max + 1).skip(low) {
        for &id in ids {
            let Some((other, target, term)) = candidate(id) else {
                continue;
            };
            if !masks_within(mask, other, max) {
                continue;
            }
            if let Some(distance) = pattern.distance_within(target, max) {
                out.push((term, distance));
            }
        }
    }
}

/// An article's body as plain text: from its blocks when it has them (a bundle written by `faq
/// build` always has them, so the browser parses no Markdown), else from its Markdown. Made
/// when needed (indexing, a result's snippet) rather than kept: it would be a second copy of
/// every body.
pub(crate) fn plain_body(article: &Article) -> String {
    if article.blocks.is_empty() {
        return markdown_to_plain(&article.body);
    }
    let mut out = String::new();
    for line in article.blocks.plain_text().lines() {
        out.push_str(line.trim());
        end_block(&mut out);
    }
    out.truncate(out.trim_end().len());
    out
}

/// The widget links no Markdown parser: a body without blocks, which only a hand-written bundle
/// can have, is indexed as it is written.
fn markdown_to_plain(markdown: &str) -> String {
    markdown.trim().to_owned()
}

fn end_block(out: &mut String) {
    out.truncate(out.trim_end().len());
    match out.chars().next_back() {
        None => {}
        Some(last) if crate::case::is_letter_or_number(last) => out.push_str(". "),
        Some(_) => out.push(' '),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::faq::article::FaqBundle;

    /// The index of the demo bundle, as the widget builds it (`faq build` wrote the bundle).
    fn real_index() -> Index {
        let json = include_str!("../../public/demo/faq.json");
        Index::build(FaqBundle::from_json(json).unwrap())
    }

    fn doc_of(index: &Index, id: &str, lang: Lang) -> u32 {
        index
            .bundle()
            .articles
            .iter()
            .position(|a| a.id == id && a.lang == lang)
            .unwrap() as u32
    }

    #[test]
    fn the_real_content_indexes_every_article() {
        let index = real_index();
        assert!(index.len() >= 200);
        assert!(index.terms.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(index.terms.len() + 1, index.starts.len());
        assert_eq!(index.starts.last(), Some(&(index.postings.len() as u32)));
        assert_eq!(index.terms.len(), index.folded.len());
        assert_eq!(index.terms.len(), index.masks.len());
        for term in 0..index.terms.len() as u32 {
            let list = index.postings(term);
            assert!(!list.is_empty());
            assert!(list
                .windows(2)
                .all(|pair| (pair[0].doc(), pair[0].field()) < (pair[1].doc(), pair[1].field())));
        }
        for (doc, article) in index.docs().iter().zip(&index.bundle().articles) {
            assert!(doc.title_stops.len() <= doc.title_len as usize);
            assert!(
                doc.field_len[Field::Body.slot()] > 0,
                "{} has no body words",
                article.id
            );
        }
    }

    #[test]
    fn compounds_index_their_parts() {
        let index = real_index();
        let locker = doc_of(&index, "parcel-locker", Lang::Nb);
        for part in ["automat", "pakk"] {
            let term = index.term_id(part, Lang::Nb).unwrap();
            assert!(
                index.postings(term).iter().any(|p| p.doc() == locker),
                "`{part}` does not lead to the parcel-locker article"
            );
        }
    }

    #[test]
    fn terms_know_their_languages() {
        let index = real_index();
        assert!(index.term_id("pakk", Lang::Nb).is_some());
        assert!(index.term_id("pakk", Lang::Fi).is_none());
        let prefixed: Vec<&str> = index
            .prefix_terms("retur", Lang::En, 64)
            .map(|t| index.term(t))
            .collect();
        assert!(!prefixed.is_empty());
        assert!(prefixed.iter().all(|t| t.starts_with("retur")));
        let parcel = index.term_id("parcel", Lang::En).unwrap();
        let locker = index.term_id("locker", Lang::En).unwrap();
        assert!(index.idf(locker, Lang::En) > index.idf(parcel, Lang::En));
    }

    #[test]
    fn an_empty_bundle_builds_an_empty_index() {
        let index = Index::build(FaqBundle::new(Vec::<Article>::new()));
        assert!(index.is_empty());
        assert_eq!(index.terms.len(), 0);
        assert!(index.prefix_terms("a", Lang::En, 10).next().is_none());
    }
}
