//! Ranking: BM25F over title, keywords and body for one analysed query, scaled by the share of
//! query words an article matches and boosted when its title repeats the query. Also which
//! articles apply in a market, shared with the popular suggestions.

use super::article::Article;
use super::index::{Field, Index};
use super::query::{Candidate, Query};
use crate::domain::Market;
use crate::i18n::Lang;

/// BM25 term-frequency saturation: the usual 1.2, so a word's third mention adds little.
const K1: f32 = 1.2;

/// Score × (1 + TITLE_BOOST × overlap) where overlap is the Jaccard share of query words in the
/// title (stop words included). Lifts `where is my parcel` to "Where is my parcel?" even though
/// `parcel` is in every article.
const TITLE_BOOST: f32 = 1.0;

/// An article's score for one analysed query.
pub(crate) struct Scored {
    pub(crate) doc: usize,
    pub(crate) score: f32,
    /// Mean best match quality over the query words, 0–1.
    pub(crate) strength: f32,
    /// Bit `i`: query word `i` matched.
    pub(crate) matched: u64,
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

/// What [`rank`] works in, dense per document: made once per search and cleared by each rank
/// of what it touched, so ranking in five languages allocates and zeroes nothing per language.
pub(crate) struct Scratch {
    total: DocScores,
    best: DocScores,
    part: DocScores,
    parts: DocScores,
    /// Per document, the query words it matched, and those in its title.
    matched: Vec<u64>,
    in_title: Vec<u64>,
}

impl Scratch {
    pub(crate) fn new(index: &Index) -> Scratch {
        let docs = index.len();
        Scratch {
            total: DocScores::new(docs),
            best: DocScores::new(docs),
            part: DocScores::new(docs),
            parts: DocScores::new(docs),
            matched: vec![0; docs],
            in_title: vec![0; docs],
        }
    }
}

/// Scores every article of the query's language that matches at least one query word.
pub(crate) fn rank(
    index: &Index,
    query: &Query,
    market: Option<&str>,
    scratch: &mut Scratch,
) -> Vec<Scored> {
    let word_count = query.words.len();
    if word_count == 0 {
        return Vec::new();
    }
    let docs = index.docs();
    let Scratch {
        total,
        best,
        part,
        parts,
        matched,
        in_title,
    } = scratch;
    for (i, word) in query.words.iter().enumerate() {
        let bit = 1u64 << i;
        let mut scan = Scan {
            index,
            lang: query.lang,
            bit,
            in_title,
        };
        best.clear();
        for candidate in &word.candidates {
            let cap = if candidate.exact { None } else { word.idf_cap };
            scan.term(candidate, cap, best);
        }
        if !word.parts.is_empty() {
            let share = 1.0 / word.parts.len() as f32;
            parts.clear();
            for candidates in &word.parts {
                part.clear();
                for candidate in candidates {
                    scan.term(candidate, word.idf_cap, part);
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
        let (Some(meta), Some(article)) = (docs.get(doc), index.article(doc)) else {
            continue;
        };
        if !in_market(article, market) {
            continue;
        }
        let coverage = matched[doc].count_ones() as f32 / words;
        let mut score = total.value[doc] * (0.5 + 0.5 * coverage);
        let shared = in_title[doc].count_ones() as usize
            + query
                .stop_words
                .iter()
                .filter(|word| meta.title_stops.contains(&word.as_str()))
                .count();
        let union = (query.token_count + usize::from(meta.title_len)).saturating_sub(shared);
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
    // Every document touched above is in `total`: clear the scratch for the next rank.
    for &doc in &total.touched {
        matched[doc] = 0;
        in_title[doc] = 0;
    }
    for scores in [total, best, part, parts] {
        scores.clear();
    }
    // Best score first, then the earlier article.
    crate::sorting::sort_by_key(&mut scored, |s| {
        (0xFFFF_FFFF - crate::sorting::f32_key(s.score)) << 32 | s.doc as u64
    });
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
            .chunk_by(|a, b| a.doc() == b.doc())
        {
            let Some(first) = run.first() else {
                continue;
            };
            let doc = first.doc() as usize;
            let Some(meta) = docs.get(doc) else {
                continue;
            };
            if meta.lang != self.lang {
                continue;
            }
            let mut weighted = 0.0;
            for posting in run {
                weighted += posting.field().weight() * f32::from(posting.tf())
                    / index.field_norm(meta, posting.field());
                if posting.field() == Field::Title {
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
pub(crate) fn in_market(article: &Article, market: Option<&str>) -> bool {
    match market {
        None => true,
        Some(code) => {
            article.markets.is_empty()
                || Market::known(code).is_some_and(|market| article.markets.contains(&market))
        }
    }
}
