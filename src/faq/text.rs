//! Text analysis: the steps that turn article text into index terms and a buyer's query into
//! search terms, so that both meet in one vocabulary.
//!
//! [`normalise`] (lower case, accents off except on the Nordic letters), [`tokenise`], stop
//! words, [`stem`] per language, [`split_compound`] for the languages that write compounds as one
//! word, and small per-language synonym groups. [`fold`] and [`Pattern`] serve typo
//! tolerance. Everything is pure and cheap, because the query side runs on every keystroke.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

use crate::i18n::Lang;

/// Words longer than this are neither searched, split nor matched loosely: no real word is this
/// long (Finnish `henkilöllisyystodistuksellaan` has 29 letters), and their cost grows with length.
pub(crate) const MAX_WORD_CHARS: usize = 48;

/// The position of a language in [`Lang::ALL`], for per-language tables.
pub(crate) fn lang_slot(lang: Lang) -> usize {
    lang.index()
}

/// Lower case, and every diacritic removed except on æ ø å ä ö (which decomposed input gets
/// back); full-width letters and common ligatures as plain letters.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        // A run of ASCII (most of any text here) is copied and lowered as bytes, not char by
        // char: indexing spent a tenth of its time pushing chars here.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(ascii);
        let from = out.len();
        out.push_str(run);
        out[from..].make_ascii_lowercase();
        let mut chars = tail.chars();
        let Some(c) = chars.next() else {
            return out;
        };
        rest = chars.as_str();
        match c {
            // Combining marks (text typed or pasted decomposed): rebuild å ä ö, drop the rest.
            '\u{0300}'..='\u{036f}' => {
                let rebuilt = match (out.chars().last(), c) {
                    (Some('a'), '\u{0308}') => Some('ä'),
                    (Some('o'), '\u{0308}') => Some('ö'),
                    (Some('a'), '\u{030a}') => Some('å'),
                    _ => None,
                };
                if let Some(letter) = rebuilt {
                    out.pop();
                    out.push(letter);
                }
            }
            // Full-width Latin letters and digits, as some phone keyboards produce.
            '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
                if let Some(plain) = char::from_u32(c as u32 - 0xfee0) {
                    out.push(plain.to_ascii_lowercase());
                }
            }
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            _ => {
                let lower = crate::case::lower(c);
                match plain_latin(lower) {
                    Some(plain) => out.push_str(plain),
                    None => out.push(lower),
                }
            }
        }
    }
}

/// A lower-case Latin letter with a diacritic (other than å ä ö æ ø) as its plain letters.
/// Covers Latin-1 and Latin Extended-A/B, which is what buyers in the Nordics type; a full
/// Unicode normalisation table would cost the WebAssembly ~100 KB for nothing they type.
fn plain_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ǟ' | 'ǡ' | 'ǻ' | 'ȁ' | 'ȃ' | 'ȧ' => {
            "a"
        }
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ð' | 'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ȅ' | 'ȇ' | 'ȩ' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'ǧ' | 'ǵ' => "g",
        'ĥ' | 'ħ' | 'ȟ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' | 'ȉ' | 'ȋ' => "i",
        'ĳ' => "ij",
        'ĵ' | 'ǰ' => "j",
        'ķ' | 'ǩ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ǹ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ō' | 'ŏ' | 'ő' | 'ơ' | 'ǒ' | 'ǫ' | 'ǭ' | 'ȍ' | 'ȏ' | 'ȫ' | 'ȭ'
        | 'ȯ' | 'ȱ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' | 'ȑ' | 'ȓ' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ǔ' | 'ǖ' | 'ǘ' | 'ǚ'
        | 'ǜ' | 'ȕ' | 'ȗ' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'ȳ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// A loose form of a normalised term for typo matching: the Nordic letters become their plain
/// look-alikes (ø ö → o, å ä → a, æ → ae), so `kundtjanst` meets `kundtjänst` at no cost.
pub(crate) fn fold(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for c in term.chars() {
        match c {
            'ø' | 'ö' => out.push('o'),
            'å' | 'ä' => out.push('a'),
            'æ' => out.push_str("ae"),
            _ => out.push(c),
        }
    }
    out
}

/// The words of normalised text: runs of letters and digits, split on everything else. Words of
/// one letter are dropped (articles, initials, the `s` of `someone's`); a lone digit is kept.
/// Two single letters joined by a slash stay one word: `c/o` (care of) is how Nordic addresses
/// name the resident, and buyers search for it.
pub(crate) fn tokenise(text: &str) -> impl Iterator<Item = &str> {
    Tokens { text, at: 0 }.filter(|word| {
        let mut chars = word.chars();
        match (chars.next(), chars.next()) {
            (Some(first), None) => crate::case::is_number(first),
            (Some(_), Some(_)) => true,
            (None, _) => false,
        }
    })
}

struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = scan(self.text, self.at, true)?;
        let run = |from: usize| scan(self.text, from, false).unwrap_or(self.text.len());
        let mut end = run(start);
        let single = |from: usize, to: usize| {
            let mut chars = self.text[from..to].chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if crate::case::is_letter(c))
        };
        if single(start, end) && self.text[end..].starts_with('/') {
            let next = end + 1;
            let after = run(next);
            if after > next && single(next, after) {
                end = after;
            }
        }
        self.at = end;
        Some(&self.text[start..end])
    }
}

/// Where the first char at or after byte `from` is (`alnum`) or is not a letter or digit. ASCII
/// is tested byte by byte, without decoding: the index's tokenising spent a tenth of its time
/// decoding chars.
fn scan(text: &str, from: usize, alnum: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            if byte.is_ascii_alphanumeric() == alnum {
                return Some(at);
            }
            at += 1;
        } else {
            let c = text.get(at..)?.chars().next()?;
            if crate::case::is_letter_or_number(c) == alnum {
                return Some(at);
            }
            at += c.len_utf8();
        }
    }
    None
}

/// Whether `word` (normalised) is a stop word of `lang`: too common to tell articles apart.
pub(crate) fn is_stop_word(lang: Lang, word: &str) -> bool {
    stop_words(lang).binary_search(&word).is_ok()
}

/// The stop list's own copy of `word` (normalised), if it is a stop word of `lang`.
pub(crate) fn stop_word(lang: Lang, word: &str) -> Option<&'static str> {
    let words = stop_words(lang);
    words
        .binary_search(&word)
        .ok()
        .and_then(|at| words.get(at).copied())
}

fn stop_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => STOP_NB,
        Lang::Sv => STOP_SV,
        Lang::Da => STOP_DA,
        Lang::Fi => STOP_FI,
        Lang::En => STOP_EN,
    }
}

/// The Snowball stem of a normalised word. Words outside the Latin script are returned as they
/// are: the stemmers know nothing of them, and some Snowball builds have panicked on such input.
pub(crate) fn stem(lang: Lang, word: &str) -> Cow<'_, str> {
    let latin = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ('\u{c0}'..='\u{24f}').contains(&c));
    if !latin || word.is_empty() {
        return Cow::Borrowed(word);
    }
    // One `create` per constant algorithm, so link-time optimisation can drop the thirteen
    // stemmers the crate also carries.
    let stemmer = match lang {
        Lang::Nb => Stemmer::create(Algorithm::Norwegian),
        Lang::Sv => Stemmer::create(Algorithm::Swedish),
        Lang::Da => Stemmer::create(Algorithm::Danish),
        Lang::Fi => Stemmer::create(Algorithm::Finnish),
        Lang::En => Stemmer::create(Algorithm::English),
    };
    stemmer.stem(word)
}

/// Whether a language writes compounds as one word (`pakkeautomat`, `noutopiste`). English
/// writes them apart, so it is not split.
pub(crate) fn writes_compounds(lang: Lang) -> bool {
    lang != Lang::En
}

/// Whether a language joins compounds with a linking `s` or `e` (`sporing-s-nummer`,
/// `hämtning-s-ställe`). Finnish does not.
fn links_compounds(lang: Lang) -> bool {
    matches!(lang, Lang::Nb | Lang::Sv | Lang::Da)
}

/// One way to cut a word in two: the left part ends at `left_end`, the right starts at
/// `right_start` (one letter later when a linking letter sits between).
#[derive(Clone, Copy)]
struct Cut {
    left_end: usize,
    right_start: usize,
    left_chars: usize,
    right_chars: usize,
}

/// Every cut into two parts of at least three letters, shortest left part first.
fn cuts(lang: Lang, word: &str) -> Vec<Cut> {
    let starts: Vec<usize> = word.char_indices().map(|(at, _)| at).collect();
    let n = starts.len();
    if !(6..=MAX_WORD_CHARS).contains(&n) {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(2 * n);
    for i in 3..=n - 3 {
        let at = starts[i];
        out.push(Cut {
            left_end: at,
            right_start: at,
            left_chars: i,
            right_chars: n - i,
        });
        let linked = matches!(word[..at].chars().next_back(), Some('s' | 'e'));
        if links_compounds(lang) && i >= 4 && linked {
            out.push(Cut {
                left_end: starts[i - 1],
                right_start: at,
                left_chars: i - 1,
                right_chars: n - i,
            });
        }
    }
    out
}

fn parts(word: &str, cut: Cut) -> (String, String) {
    (
        word[..cut.left_end].to_owned(),
        word[cut.right_start..].to_owned(),
    )
}

/// Splits a compound into two known parts of at least three letters each, allowing a linking
/// `s` or `e` between them in nb/sv/da: `pakkeautomat` → `pakke` + `automat`, `hämtningsställe`
/// → `hämtning` + `ställe`, `noutopiste` → `nouto` + `piste`. The first cut whose parts are both
/// known wins; cuts are tried from the shortest left part, so the head noun stays long.
pub(crate) fn split_compound(
    lang: Lang,
    word: &str,
    is_known: impl Fn(&str) -> bool,
) -> Option<(String, String)> {
    if !writes_compounds(lang) {
        return None;
    }
    cuts(lang, word)
        .into_iter()
        .find(|cut| is_known(&word[..cut.left_end]) && is_known(&word[cut.right_start..]))
        .map(|cut| parts(word, cut))
}

/// [`split_compound`], then two looser rules for compounds whose parts do not both occur on their
/// own: a known word of five letters or more followed by at least six letters (`pakke` +
/// `automat` when `automat` never stands alone), and, with `unknown_modifier`, an unknown part of
/// five letters or more before a known part (`hämtning` + `ställe` when only `ställe` is known).
pub(crate) fn split_compound_loose(
    lang: Lang,
    word: &str,
    is_known: impl Fn(&str) -> bool,
    is_word: impl Fn(&str) -> bool,
    unknown_modifier: bool,
) -> Option<(String, String)> {
    if !writes_compounds(lang) {
        return None;
    }
    let cuts = cuts(lang, word);
    let strict = cuts
        .iter()
        .find(|cut| is_known(&word[..cut.left_end]) && is_known(&word[cut.right_start..]));
    let known_head = || {
        cuts.iter().find(|cut| {
            cut.left_chars >= 5 && cut.right_chars >= 6 && is_word(&word[..cut.left_end])
        })
    };
    // The longest known tail; with a linking letter before it, the modifier without that letter.
    let known_tail = || {
        cuts.iter()
            .filter(|cut| {
                unknown_modifier
                    && cut.right_chars >= 4
                    && cut.left_chars >= 5
                    && is_known(&word[cut.right_start..])
            })
            .min_by_key(|cut| (cut.right_start, cut.left_chars))
    };
    strict
        .or_else(known_head)
        .or_else(known_tail)
        .map(|cut| parts(word, *cut))
}

/// How many edits a typo may have in a word of `chars` letters: none below four letters (too
/// many short words are one edit apart), one from four, two from eight.
pub(crate) fn max_edits(chars: usize) -> usize {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The set of letters in a folded word as 64 bits (a–z one bit each, other letters hashed into
/// the rest). One edit changes the letter set by at most two, so words whose masks differ in more
/// than `2 × max` bits cannot be `max` edits apart: a test that skips almost every vocabulary
/// word before the edit distance is computed.
pub(crate) fn letter_mask(word: &[char]) -> u64 {
    word.iter().fold(0, |mask, &c| {
        let bit = if c.is_ascii_lowercase() {
            u32::from(c) - u32::from('a')
        } else {
            26 + u32::from(c) % 38
        };
        mask | (1u64 << bit)
    })
}

/// Whether two [`letter_mask`]s allow an edit distance of at most `max`.
pub(crate) fn masks_within(a: u64, b: u64, max: usize) -> bool {
    (a ^ b).count_ones() as usize <= 2 * max
}

/// A word prepared to be compared with many others, as a typo scan over the vocabulary does:
/// the optimal string alignment distance (Damerau-Levenshtein where adjacent swaps cost one)
/// computed 64 letters at a time (Hyyrö's bit-vector algorithm, 2003, as RapidFuzz implements
/// it), a few operations per letter. A word is at most [`MAX_WORD_CHARS`] letters (folding `æ` to
/// `ae` can double that); a longer one is never a typo of anything.
pub(crate) struct Pattern {
    len: usize,
    /// Per ASCII letter, a bit per position of the word holding it.
    ascii: [u64; 128],
    /// The same for the other letters the word has.
    other: Vec<(char, u64)>,
}

impl Pattern {
    pub(crate) fn new(chars: &[char]) -> Pattern {
        let mut pattern = Pattern {
            len: chars.len(),
            ascii: [0; 128],
            other: Vec::new(),
        };
        for (i, &c) in chars.iter().enumerate().take(64) {
            let bit = 1u64 << i;
            match pattern.ascii.get_mut(c as usize) {
                Some(mask) => *mask |= bit,
                None => match pattern.other.iter_mut().find(|(o, _)| *o == c) {
                    Some((_, mask)) => *mask |= bit,
                    None => pattern.other.push((c, bit)),
                },
            }
        }
        pattern
    }

    fn positions(&self, c: char) -> u64 {
        match self.ascii.get(c as usize) {
            Some(&mask) => mask,
            None => self
                .other
                .iter()
                .find(|(o, _)| *o == c)
                .map_or(0, |&(_, mask)| mask),
        }
    }

    /// The distance between this word and `other` if it is at most `max`, else `None`.
    pub(crate) fn distance_within(&self, other: &[char], max: usize) -> Option<usize> {
        let len = self.len;
        if len.abs_diff(other.len()) > max || len > 64 {
            return None;
        }
        if len == 0 || other.is_empty() {
            return Some(len.max(other.len()));
        }
        let last = 1u64 << (len - 1);
        let (mut vp, mut vn, mut d0, mut before) = (!0u64, 0u64, 0u64, 0u64);
        let mut distance = len;
        for (done, &c) in other.iter().enumerate() {
            let eq = self.positions(c);
            let transposed = ((!d0 & eq) << 1) & before;
            d0 = (((eq & vp).wrapping_add(vp)) ^ vp) | eq | vn | transposed;
            let mut hp = vn | !(d0 | vp);
            let mut hn = d0 & vp;
            distance += usize::from(hp & last != 0);
            distance -= usize::from(hn & last != 0);
            hp = (hp << 1) | 1;
            hn <<= 1;
            vp = hn | !(d0 | hp);
            vn = hp & d0;
            before = eq;
            // Each letter still to come can lower the distance by one at most.
            if distance > max + (other.len() - done - 1) {
                return None;
            }
        }
        (distance <= max).then_some(distance)
    }
}

/// Groups of words a buyer uses for the same thing, per language (normalised, one word each).
/// Taken from the articles' own wording and keywords; the index maps each member's stem to the
/// others, and a synonym match counts a little less than the word itself.
pub(crate) fn synonym_groups(lang: Lang) -> &'static [&'static [&'static str]] {
    match lang {
        Lang::Nb => SYN_NB,
        Lang::Sv => SYN_SV,
        Lang::Da => SYN_DA,
        Lang::Fi => SYN_FI,
        Lang::En => SYN_EN,
    }
}

// Stop words, sorted (byte order) for binary search; a test keeps them sorted. Question words
// (where, hvor, var, missä…) are included: they open most titles, so they cannot tell articles
// apart, and the title-match boost in `search` still credits them when a query repeats a title.
// Negations (not, ikke, inte, ei) are included too: almost every article says "if it does not…".

const STOP_NB: &[&str] = &[
    "at", "av", "ble", "bli", "da", "de", "den", "der", "det", "dette", "din", "disse", "du",
    "eller", "en", "er", "et", "etter", "fikk", "for", "fra", "få", "får", "ha", "har", "her",
    "hva", "hvem", "hvilken", "hvilket", "hvor", "hvordan", "hvorfor", "ikke", "ingen", "jeg",
    "kan", "kunne", "med", "meg", "men", "min", "mine", "mitt", "noe", "noen", "nå", "når", "og",
    "om", "på", "seg", "skal", "som", "så", "til", "ut", "var", "vil", "være",
];

const STOP_SV: &[&str] = &[
    "att", "av", "blev", "bli", "de", "den", "denna", "dessa", "det", "detta", "din", "du", "då",
    "efter", "ej", "eller", "en", "ett", "fick", "från", "få", "får", "för", "ha", "har", "hur",
    "här", "ingen", "inte", "jag", "kan", "med", "men", "mig", "min", "mina", "mitt", "nu", "när",
    "någon", "något", "och", "om", "på", "sig", "ska", "skulle", "som", "så", "till", "ut", "vad",
    "var", "varför", "vi", "vid", "vilken", "vilket", "är", "åt",
];

const STOP_DA: &[&str] = &[
    "af", "at", "blev", "da", "de", "den", "der", "det", "dette", "dig", "din", "disse", "du",
    "efter", "eller", "en", "er", "et", "fik", "for", "fra", "få", "får", "har", "her", "hvad",
    "hvem", "hvilken", "hvilket", "hvis", "hvor", "hvordan", "hvorfor", "hvornår", "ikke", "ingen",
    "jeg", "kan", "kunne", "med", "men", "mig", "min", "mine", "mit", "nogen", "noget", "nu",
    "når", "og", "om", "på", "skal", "som", "til", "ud", "var", "vi", "vil", "være",
];

const STOP_FI: &[&str] = &[
    "ei", "eivät", "emme", "en", "et", "ette", "että", "he", "hän", "ja", "jo", "jos", "kuin",
    "kuinka", "kun", "me", "mihin", "miksi", "mikä", "milloin", "minulla", "minun", "minä",
    "missä", "mistä", "miten", "mitä", "mutta", "myös", "ne", "niin", "ole", "olen", "olet", "oli",
    "olla", "on", "onko", "ovat", "saa", "saan", "se", "sen", "siitä", "sinun", "sinä", "sitä",
    "tai", "te", "tuo", "tämä", "vai", "vielä", "voi", "voiko", "voin", "voinko",
];

const STOP_EN: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "but", "by", "can", "cant", "did", "didn", "didnt", "do",
    "does", "doesnt", "don", "dont", "for", "from", "get", "got", "had", "has", "have", "how",
    "if", "in", "is", "isnt", "it", "its", "me", "my", "no", "not", "of", "on", "or", "out", "so",
    "that", "the", "there", "this", "to", "up", "was", "wasnt", "what", "when", "where", "which",
    "who", "why", "will", "with", "wont", "you", "your",
];

const SYN_NB: &[&[&str]] = &[
    &["pakke", "sending", "forsendelse"],
    &[
        "hentested",
        "utleveringssted",
        "postkontor",
        "pakkeshop",
        "hentepunkt",
    ],
    &["pakkeboks", "pakkeautomat", "pakkeskap"],
    &["kundeservice", "kundesenter", "kundestøtte", "brukerstøtte"],
    &["menneske", "person", "saksbehandler"],
    &["hentekode", "kode", "pinkode", "utleveringskode"],
    &[
        "sporingsnummer",
        "sendingsnummer",
        "kollinummer",
        "pakkenummer",
    ],
    &["varsel", "varsling", "melding", "sms", "hentemelding"],
    &["forsinket", "forsinkelse", "sen"],
    &["toll", "fortolling", "tollavgift"],
    &["moms", "mva"],
    &["legitimasjon", "id"],
    &["fullmakt", "fullmektig"],
    &["skadet", "ødelagt", "knust"],
    &["forsvunnet", "borte", "mistet"],
    &["svindel", "bedrageri", "phishing"],
    &["ferie", "bortreist"],
    &["tilbakebetaling", "refusjon"],
    &["app", "appen", "mobilapp"],
    &["retur", "returnere"],
    &["samboer", "kjæreste", "partner"],
];

const SYN_SV: &[&[&str]] = &[
    &["paket", "försändelse"],
    &["paketskåp", "paketbox", "paketautomat"],
    &["utlämningsställe", "ombud", "paketombud"],
    &["kundtjänst", "kundservice"],
    &["människa", "person", "handläggare"],
    &["upphämtningskod", "kod", "hämtkod"],
    &["spårningsnummer", "kollinummer", "sändningsnummer"],
    &["avisering", "avi", "notis", "sms"],
    &["försenat", "försening", "sen"],
    &["tull", "förtullning", "tullavgift"],
    &["moms", "importmoms"],
    &["legitimation", "leg", "id"],
    &["fullmakt", "fullmaktstagare"],
    &["skadat", "trasigt", "sönder"],
    &["försvunnit", "borttappat"],
    &["bedrägeri", "bluff", "svindel", "phishing"],
    &["semester", "bortrest"],
    &["återbetalning", "pengar"],
    &["app", "appen"],
    &["sambo", "partner"],
];

const SYN_DA: &[&[&str]] = &[
    &["pakke", "forsendelse"],
    &["pakkeboks", "pakkeautomat"],
    &["pakkeshop", "udleveringssted", "posthus"],
    &["kundeservice", "kundecenter"],
    &["menneske", "person", "medarbejder"],
    &["afhentningskode", "kode", "pinkode"],
    &["trackingnummer", "sporingsnummer", "pakkenummer"],
    &["besked", "sms", "notifikation"],
    &["forsinket", "forsinkelse"],
    &["told", "fortoldning"],
    &["moms", "importmoms"],
    &["legitimation", "id"],
    &["fuldmagt", "fuldmagtserklæring"],
    &["beskadiget", "ødelagt"],
    &["forsvundet", "væk", "bortkommet"],
    &["svindel", "snyd", "phishing"],
    &["ferie", "bortrejst"],
    &["tilbagebetaling", "refusion", "penge"],
    &["app", "appen"],
    &["kæreste", "samlever"],
];

const SYN_FI: &[&[&str]] = &[
    &["paketti", "lähetys"],
    &["noutopiste", "palvelupiste", "pakettipiste"],
    &["pakettiautomaatti", "automaatti", "pakettiboksi"],
    &["asiakaspalvelu", "asiakastuki"],
    &["ihminen", "henkilö"],
    &["noutokoodi", "koodi"],
    &["seurantanumero", "seurantakoodi", "lähetystunnus"],
    &["tekstiviesti", "viesti", "ilmoitus"],
    &["myöhässä", "viivästys"],
    &["tulli", "tullimaksu"],
    &["alv", "arvonlisävero"],
    &["henkilöllisyystodistus", "henkilöpaperit"],
    &["valtakirja", "valtuutus"],
    &["vaurioitunut", "rikki"],
    &["kadonnut", "hukassa"],
    &["huijaus", "petos"],
    &["loma", "matkoilla"],
    &["palautus", "rahanpalautus"],
    &["sovellus", "appi"],
];

const SYN_EN: &[&[&str]] = &[
    &["parcel", "package", "shipment"],
    &["locker", "box"],
    &["human", "person", "agent"],
    &["support", "helpdesk"],
    &["code", "pin"],
    &["tracking", "trace"],
    &["notification", "sms", "text", "message"],
    &["delayed", "late"],
    &["customs", "duty"],
    &["vat", "tax"],
    &["id", "identification", "passport"],
    &["proxy", "authorisation"],
    &["damaged", "broken"],
    &["lost", "missing"],
    &["scam", "fraud", "phishing"],
    &["holiday", "vacation", "away"],
    &["refund", "money"],
    &["mailbox", "letterbox", "postbox"],
    &["app", "application"],
];

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::collections::HashSet;

    // The row-by-row distance, the oracle for [`Pattern`].
    /// Reusable rows for [`edit_distance_within`], so a scan over the vocabulary allocates nothing.
    #[derive(Debug, Default)]
    struct EditRows {
        before_last: Vec<usize>,
        last: Vec<usize>,
        current: Vec<usize>,
    }

    /// The Damerau-Levenshtein distance (optimal string alignment: adjacent swaps cost one) between
    /// `a` and `b` if it is at most `max`, else `None`. Stops as soon as a whole row exceeds `max`.
    fn edit_distance_within(
        a: &[char],
        b: &[char],
        max: usize,
        rows: &mut EditRows,
    ) -> Option<usize> {
        if a.len().abs_diff(b.len()) > max {
            return None;
        }
        if a.is_empty() || b.is_empty() {
            let distance = a.len().max(b.len());
            return (distance <= max).then_some(distance);
        }
        let width = b.len() + 1;
        rows.before_last.clear();
        rows.before_last.resize(width, 0);
        rows.last.clear();
        rows.last.extend(0..width);
        rows.current.clear();
        rows.current.resize(width, 0);
        for (i, &ca) in a.iter().enumerate() {
            let row = i + 1;
            rows.current[0] = row;
            let mut row_min = row;
            for (j, &cb) in b.iter().enumerate() {
                let col = j + 1;
                let substitution = rows.last[j] + usize::from(ca != cb);
                let mut best = (rows.last[col] + 1)
                    .min(rows.current[j] + 1)
                    .min(substitution);
                if i > 0 && j > 0 && ca == b[j - 1] && a[i - 1] == cb {
                    best = best.min(rows.before_last[j - 1] + 1);
                }
                rows.current[col] = best;
                row_min = row_min.min(best);
            }
            if row_min > max {
                return None;
            }
            std::mem::swap(&mut rows.before_last, &mut rows.last);
            std::mem::swap(&mut rows.last, &mut rows.current);
        }
        let distance = rows.last[b.len()];
        (distance <= max).then_some(distance)
    }

    fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let rows = &mut EditRows::default();
        let by_rows = edit_distance_within(&a, &b, max, rows);
        assert_eq!(
            Pattern::new(&a).distance_within(&b, max),
            by_rows,
            "{a:?} {b:?}"
        );
        by_rows
    }

    /// The bit-vector distance agrees with the row-by-row one on every pair of a few thousand
    /// random words over a small alphabet (so swaps, repeats and shared letters are common),
    /// Nordic letters and lengths up to 64 included, for every bound a typo scan uses and more.
    #[test]
    fn the_bit_vector_distance_is_the_row_by_row_distance() {
        let alphabet: Vec<char> = "abcæøåäö".chars().collect();
        let seed = std::cell::Cell::new(0x9e37_79b9_7f4a_7c15u64);
        let next = |n: usize| {
            let mut x = seed.get();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            seed.set(x);
            (x % n as u64) as usize
        };
        let word = |max_len: usize| -> Vec<char> {
            let len = next(max_len + 1);
            (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
        };
        let rows = &mut EditRows::default();
        for round in 0..4000 {
            let max_len = if round % 50 == 0 { 64 } else { 9 };
            let a = word(max_len);
            let b = if round % 3 == 0 {
                // A near copy: a swap or a change, so small distances are well covered.
                let mut b = a.clone();
                if b.len() > 1 {
                    let i = next(b.len() - 1);
                    b.swap(i, i + 1);
                }
                b
            } else {
                word(max_len)
            };
            for max in 0..=4 {
                let pattern = Pattern::new(&a);
                assert_eq!(
                    pattern.distance_within(&b, max),
                    edit_distance_within(&a, &b, max, rows),
                    "{a:?} {b:?} within {max}"
                );
            }
        }
    }

    #[test]
    fn decomposed_input_keeps_its_nordic_letters() {
        // macOS and some paste sources send "a" + combining diaeresis.
        assert_eq!(
            normalise("pa\u{0308}rm ha\u{030a}ll fo\u{0308}r"),
            "pärm håll för"
        );
        assert_eq!(normalise("cafe\u{0301}"), "cafe");
    }

    #[test]
    fn normalise_keeps_nordic_letters_and_drops_other_marks() {
        assert_eq!(
            normalise("Åpningstider PÅ Søndag"),
            "åpningstider på søndag"
        );
        assert_eq!(normalise("KUNDTJÄNST Öppet"), "kundtjänst öppet");
        assert_eq!(normalise("Æble"), "æble");
        assert_eq!(normalise("Café Müller"), "cafe muller");
        assert_eq!(normalise("naïve façade"), "naive facade");
        // Decomposed input (a + combining ring) composes to å first, so the ring stays.
        assert_eq!(normalise("pa\u{30a}"), "på");
        // Ligatures and full-width letters become plain letters.
        assert_eq!(normalise("ﬁnd ＰＡＫＫＥ"), "find pakke");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn fold_flattens_the_nordic_letters() {
        assert_eq!(fold("kundtjänst"), "kundtjanst");
        assert_eq!(fold("ødelagt"), "odelagt");
        assert_eq!(fold("åbningstider"), "abningstider");
        assert_eq!(fold("kæreste"), "kaereste");
        assert_eq!(fold("myöhässä"), "myohassa");
        assert_eq!(fold("parcel"), "parcel");
    }

    #[test]
    fn tokenise_splits_on_non_letters_and_drops_single_letters() {
        let words: Vec<&str> = tokenise("postnord-appen: 24/7, someone's e-post 5 x").collect();
        assert_eq!(
            words,
            ["postnord", "appen", "24", "7", "someone", "post", "5"]
        );
        assert_eq!(tokenise("  ,,  ").count(), 0);
        let words: Vec<&str> = tokenise("hämta åt sambo").collect();
        assert_eq!(words, ["hämta", "åt", "sambo"]);
        let words: Vec<&str> = tokenise("c/o ola, 24/7 a/bc x/").collect();
        assert_eq!(words, ["c/o", "ola", "24", "7", "bc"]);
    }

    #[test]
    fn scanning_by_bytes_finds_what_a_char_search_finds() {
        let texts = [
            "postnord-appen: 24/7, someone's",
            "åt–sambo…ﬁnd ＰＡＫＫＥ ½ ²3 Ωmega",
            "  ,, ",
            "",
            "日本語 テキスト, ok",
            "pa\u{30a}kke\u{0301}!",
        ];
        for text in texts {
            for (from, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let rest = &text[from..];
                let letter = rest
                    .find(crate::case::is_letter_or_number)
                    .map(|n| from + n);
                let other = rest
                    .find(|c: char| !crate::case::is_letter_or_number(c))
                    .map(|n| from + n);
                assert_eq!(scan(text, from, true), letter, "{text:?} from {from}");
                assert_eq!(scan(text, from, false), other, "{text:?} from {from}");
            }
        }
    }

    #[test]
    fn mixed_runs_normalise_as_each_letter_would() {
        assert_eq!(
            normalise("Hämta PAKKEN på Posten – ÉTÉ ﬁne, ＯＫ 24/7 Œuvre"),
            "hämta pakken på posten – ete fine, ok 24/7 oeuvre"
        );
        assert_eq!(normalise("ÅÄÖ"), "åäö");
        assert_eq!(normalise("A\u{0308}B"), "äb");
    }

    #[test]
    fn stop_word_lists_are_sorted_unique_normalised_and_short() {
        for lang in Lang::ALL {
            let words = stop_words(lang);
            assert!(
                words.windows(2).all(|pair| pair[0] < pair[1]),
                "{lang:?} stop words are not sorted and unique"
            );
            assert!(
                (30..=60).contains(&words.len()),
                "{lang:?} has {} stop words",
                words.len()
            );
            for word in words {
                assert_eq!(normalise(word), *word, "{lang:?} stop word {word}");
            }
        }
        assert!(is_stop_word(Lang::En, "where"));
        assert!(is_stop_word(Lang::Nb, "hvor"));
        assert!(is_stop_word(Lang::Sv, "är"));
        assert!(!is_stop_word(Lang::En, "parcel"));
        assert!(!is_stop_word(Lang::Nb, "pakke"));
    }

    #[test]
    fn stemming_joins_inflections() {
        assert_eq!(stem(Lang::Nb, "pakken"), stem(Lang::Nb, "pakke"));
        assert_eq!(stem(Lang::Nb, "pakker"), stem(Lang::Nb, "pakke"));
        assert_eq!(stem(Lang::Sv, "spårningen"), stem(Lang::Sv, "spårning"));
        assert_eq!(stem(Lang::Da, "pakkerne"), stem(Lang::Da, "pakker"));
        assert_eq!(stem(Lang::Fi, "paketin"), stem(Lang::Fi, "paketti"));
        assert_eq!(stem(Lang::En, "parcels"), "parcel");
        assert_eq!(stem(Lang::En, "refunded"), "refund");
        // Non-Latin words pass through untouched.
        assert_eq!(stem(Lang::Fi, "посылка"), "посылка");
        assert_eq!(stem(Lang::En, ""), "");
    }

    #[test]
    fn compounds_split_into_known_parts() {
        let known: HashSet<&str> = [
            "pakke",
            "automat",
            "hämtning",
            "ställe",
            "nouto",
            "piste",
            "sporing",
            "nummer",
        ]
        .into_iter()
        .collect();
        let is_known = |part: &str| known.contains(part);
        let split = |lang, word| split_compound(lang, word, is_known);
        assert_eq!(
            split(Lang::Nb, "pakkeautomat"),
            Some(("pakke".to_owned(), "automat".to_owned()))
        );
        assert_eq!(
            split(Lang::Sv, "hämtningsställe"),
            Some(("hämtning".to_owned(), "ställe".to_owned()))
        );
        assert_eq!(
            split(Lang::Fi, "noutopiste"),
            Some(("nouto".to_owned(), "piste".to_owned()))
        );
        assert_eq!(
            split(Lang::Nb, "sporingsnummer"),
            Some(("sporing".to_owned(), "nummer".to_owned()))
        );
        // Finnish has no linking letter; English is not split; short or unknown words stay whole.
        assert_eq!(split(Lang::Fi, "noutospiste"), None);
        assert_eq!(split(Lang::En, "pakkeautomat"), None);
        assert_eq!(split(Lang::Nb, "pakke"), None);
        assert_eq!(split(Lang::Nb, "kundeservice"), None);
    }

    #[test]
    fn loose_compound_rules_need_a_long_known_part() {
        let words: HashSet<&str> = ["pakke", "ställe"].into_iter().collect();
        let is_known = |part: &str| words.contains(part);
        assert_eq!(
            split_compound_loose(Lang::Nb, "pakkeautomat", is_known, is_known, false),
            Some(("pakke".to_owned(), "automat".to_owned()))
        );
        assert_eq!(
            split_compound_loose(Lang::Sv, "hämtningsställe", is_known, is_known, true),
            Some(("hämtning".to_owned(), "ställe".to_owned()))
        );
        assert_eq!(
            split_compound_loose(Lang::Sv, "hämtningsställe", is_known, is_known, false),
            None
        );
    }

    #[test]
    fn edit_distance_is_bounded_damerau_levenshtein() {
        assert_eq!(distance("hentkode", "hentekode", 2), Some(1));
        assert_eq!(distance("retrun", "return", 1), Some(1));
        assert_eq!(distance("paketskp", "paketskap", 1), Some(1));
        assert_eq!(distance("kitten", "sitting", 2), None);
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
        assert_eq!(distance("same", "same", 0), Some(0));
        assert_eq!(distance("", "abc", 3), Some(3));
        assert_eq!(distance("", "abcd", 3), None);
        assert_eq!(distance("åpen", "apen", 1), Some(1));
        assert_eq!(max_edits(3), 0);
        assert_eq!(max_edits(4), 1);
        assert_eq!(max_edits(8), 2);
    }

    #[test]
    fn letter_masks_never_reject_a_close_word() {
        let mask = |word: &str| letter_mask(&word.chars().collect::<Vec<_>>());
        for (a, b, max) in [
            ("hentkode", "hentekode", 1),
            ("paketskp", "paketskap", 1),
            ("retrun", "return", 1),
            ("kundtjanst", "kundtjenst", 1),
            ("asiakaspalvleu", "asiakaspalvelu", 2),
            ("abcd", "wxyz", 4),
        ] {
            assert!(distance(a, b, max).is_some(), "{a} {b}");
            assert!(masks_within(mask(a), mask(b), max), "{a} {b}");
        }
        assert!(!masks_within(mask("where"), mask("pakke"), 1));
        assert_eq!(mask("ab"), 0b11);
    }

    #[test]
    fn synonym_groups_are_normalised_words() {
        for lang in Lang::ALL {
            for group in synonym_groups(lang) {
                assert!(group.len() >= 2, "{lang:?} group {group:?} has one word");
                for word in group.iter() {
                    assert_eq!(normalise(word), *word, "{lang:?} synonym {word}");
                    assert_eq!(tokenise(word).count(), 1, "{lang:?} synonym {word}");
                    assert!(!is_stop_word(lang, word), "{lang:?} synonym {word}");
                }
            }
        }
    }
}
