//! Snippets: the part of an article's body that holds the most of the matched words, cut at word
//! boundaries, with those words highlighted for the result list.

use super::article::Article;
use super::index::plain_body;
use super::text::{fold, max_edits, normalise, stem, Pattern};
use crate::i18n::Lang;

/// A piece of snippet text; highlighted pieces are the words the query matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub(crate) text: String,
    pub(crate) highlight: bool,
}

/// A query word as the snippet looks for it in the body.
struct Needle {
    word: String,
    root: String,
    pattern: Pattern,
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
            pattern: Pattern::new(&folded),
            max_edits,
        })
    }

    /// The same word or stem, a word it is the start of (`pakke` → `pakken`), a compound holding
    /// its stem (`pakk` in `pakkeboksen`), or a typing error away (`hentkode` → `hentekoden`).
    fn finds(&self, forms: &Forms) -> bool {
        forms.word == self.word
            || forms.root == self.root
            || (self.word.chars().count() >= 3 && forms.word.starts_with(self.word.as_str()))
            || (self.root.chars().count() >= 4 && forms.word.contains(self.root.as_str()))
            || (self.max_edits > 0
                && self
                    .pattern
                    .distance_within(&forms.folded, self.max_edits)
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
        if crate::case::is_letter_or_number(c) {
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

/// The part of `article`'s plain body, at most `max_chars` long, that holds the most of
/// `matched_terms` (as from a [`Hit`](super::search::Hit)), cut at word boundaries with `…` where text was left out,
/// the matched words highlighted. Without a match, the body's start. (A single word longer than
/// `max_chars` is shown whole.)
pub(crate) fn snippet(
    article: &Article,
    matched_terms: &[String],
    max_chars: usize,
) -> Vec<Segment> {
    let body = plain_body(article);
    let body = body.as_str();
    if body.trim().is_empty() || max_chars == 0 {
        return Vec::new();
    }
    let lang = article.lang;
    let needles: Vec<Needle> = matched_terms
        .iter()
        .filter_map(|term| Needle::new(lang, term))
        .collect();
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
        needles.iter().any(|needle| needle.finds(&forms))
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
