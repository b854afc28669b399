//! Upper and lower case, and what is a letter or a digit, for the Latin script: Basic Latin,
//! Latin-1, Latin Extended-A and -B. That is every letter the FAQ, PostNord's place names and
//! tracking numbers are written in, and what buyers in the Nordics type.
//!
//! Why not `char::to_lowercase`: it brings Unicode's case tables for every script, ~24 KB of
//! the main module's data (~6 KB brotli, issue #11), for letters no article contains. A letter
//! of another script is left as it is typed; a letter whose case is two letters (ß, İ, ŉ) keeps
//! one: ß stays ß, İ lowers to i.
//!
//! Why not `char::is_alphanumeric`: its tables of letters and digits of every script are
//! ~2.2 KB of the main module's data that compress badly. Here the Latin script is exact, and
//! a character of another script is a letter unless it is a digit of a script buyers here
//! write, punctuation those scripts use, or in a block of punctuation, symbols, spaces, emoji
//! or private use: so a word in Cyrillic, Greek or Arabic is still one word, and `pakke📦` is
//! the word `pakke`. What differs from std outside Latin: the letters and numbers std counts in
//! the symbol blocks (circled letters, Roman numerals, superscripts) are none here, and marks,
//! other scripts' punctuation and unassigned code points are letters here
//! (`tests::letters_outside_latin`).

/// `c` in lower case, as `char::to_lowercase` gives it for the Latin letters above.
pub(crate) fn lower(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde => u + 0x20,
        0x130 => 'i' as u32,
        0x178 => 0xff,
        0x100..=0x137 | 0x14a..=0x177 | 0x1de..=0x1ef | 0x1f8..=0x21f | 0x222..=0x233
            if u.is_multiple_of(2) =>
        {
            u + 1
        }
        0x139..=0x148 | 0x179..=0x17e | 0x1cd..=0x1dc if !u.is_multiple_of(2) => u + 1,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// `c` in upper case, as `char::to_uppercase` gives it for the Latin letters above.
pub(crate) fn upper(c: char) -> char {
    let u = c as u32;
    let upper = match u {
        0x61..=0x7a | 0xe0..=0xf6 | 0xf8..=0xfe => u - 0x20,
        0xff => 0x178,
        0x131 => 'I' as u32,
        0x17f => 'S' as u32,
        0x101..=0x137 | 0x14b..=0x177 | 0x1df..=0x1ef | 0x1f9..=0x21f | 0x223..=0x233
            if !u.is_multiple_of(2) =>
        {
            u - 1
        }
        0x13a..=0x148 | 0x17a..=0x17e | 0x1ce..=0x1dc if u.is_multiple_of(2) => u - 1,
        _ => u,
    };
    char::from_u32(upper).unwrap_or(c)
}

/// Whether `c` is a letter, as `char::is_alphabetic` says for the Latin script (see the
/// module's doc for the others).
pub(crate) fn is_letter(c: char) -> bool {
    match c as u32 {
        0x41..=0x5a | 0x61..=0x7a | 0xaa | 0xb5 | 0xba => true,
        0xc0..=0x24f => !matches!(c, '×' | '÷'),
        // IPA and the modifier letters; of the combining marks, the Greek iota below and the
        // small Latin letters written above another.
        0x250..=0x2c1 | 0x2c6..=0x2d1 | 0x2e0..=0x2e4 | 0x2ec | 0x2ee | 0x345 | 0x363..=0x36f => {
            true
        }
        0..=0x36f => false,
        // The CJK iteration and closing marks and the Hangzhou numerals, in the CJK block.
        0x3005..=0x3007 | 0x3021..=0x3029 | 0x3031..=0x3035 | 0x3038..=0x303c => true,
        _ => !punctuation_or_symbol(c) && !is_number(c),
    }
}

/// Whether `c` is a digit or another number, as `char::is_numeric` says for the Latin script
/// (superscripts and fractions included); of other scripts, the digits of Arabic, Persian and
/// Urdu, Devanagari, Bengali, Thai and the full-width ones.
pub(crate) fn is_number(c: char) -> bool {
    matches!(
        c as u32,
        0x30..=0x39
            | 0xb2
            | 0xb3
            | 0xb9
            | 0xbc..=0xbe
            | 0x660..=0x669
            | 0x6f0..=0x6f9
            | 0x966..=0x96f
            | 0x9e6..=0x9ef
            | 0xe50..=0xe59
            | 0xff10..=0xff19
    )
}

/// Whether `c` is a letter or a number ([`is_letter`], [`is_number`]).
pub(crate) fn is_letter_or_number(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_letter(c) || is_number(c)
}

/// What above Latin no word is made of: the punctuation of Greek, Arabic, Devanagari and
/// Ethiopic, the byte order mark, and the blocks of general punctuation up to the
/// miscellaneous symbols and arrows, CJK punctuation, variation selectors, the compatibility
/// and half-width forms' punctuation, specials, emoji and their tags, private use.
fn punctuation_or_symbol(c: char) -> bool {
    matches!(
        c as u32,
        0x37e
            | 0x387
            | 0x60c
            | 0x61b
            | 0x61f
            | 0x66a..=0x66d
            | 0x6d4
            | 0x964
            | 0x965
            | 0x1361..=0x1368
            | 0xfeff
            | 0x2000..=0x2bff
            | 0x2e00..=0x2e7f
            | 0x3000..=0x303f
            | 0xe000..=0xf8ff
            | 0xfe00..=0xfe6f
            | 0xff00..=0xff0f
            | 0xff1a..=0xff20
            | 0xff3b..=0xff40
            | 0xff5b..=0xff65
            | 0xfff0..=0xffff
            | 0x1f000..=0x1faff
            | 0xe0000..
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ours against the standard library's mapping for every letter up to Latin Extended-B.
    fn agrees(ours: fn(char) -> char, std: fn(char) -> Vec<char>, two_letter: &[(char, char)]) {
        for c in (0..0x250).filter_map(char::from_u32) {
            let (ours, std) = (ours(c), std(c));
            if let Some(&(_, one)) = two_letter.iter().find(|(from, _)| *from == c) {
                assert_eq!(ours, one, "{c}");
            } else if c < '\u{180}' {
                // Basic Latin, Latin-1, Extended-A: exactly std's letter, when it is one
                // letter of these scripts; otherwise left alone.
                match std[..] {
                    [one] if one < '\u{250}' => assert_eq!(ours, one, "{c} (U+{:04X})", c as u32),
                    _ => assert_eq!(ours, c, "{c} (U+{:04X})", c as u32),
                }
            } else {
                // Extended-B: std's letter or left alone, never another.
                assert!(
                    ours == c || std == [ours],
                    "{c} (U+{:04X}) -> {ours}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn lower_case_is_the_standard_one_for_latin_letters() {
        agrees(lower, |c| c.to_lowercase().collect(), &[('İ', 'i')]);
        for (from, to) in [
            ('Å', 'å'),
            ('Ä', 'ä'),
            ('Ö', 'ö'),
            ('Æ', 'æ'),
            ('Ø', 'ø'),
            ('Ș', 'ș'),
            ('Ǎ', 'ǎ'),
        ] {
            assert_eq!(lower(from), to);
        }
        assert_eq!(lower('Ж'), 'Ж', "other scripts are left as typed");
    }

    #[test]
    fn upper_case_is_the_standard_one_for_latin_letters() {
        agrees(
            upper,
            |c| c.to_uppercase().collect(),
            &[('ß', 'ß'), ('ŉ', 'ŉ')],
        );
        for (from, to) in [
            ('å', 'Å'),
            ('ä', 'Ä'),
            ('ö', 'Ö'),
            ('æ', 'Æ'),
            ('ø', 'Ø'),
            ('ÿ', 'Ÿ'),
        ] {
            assert_eq!(upper(from), to);
        }
        assert_eq!(upper('µ'), 'µ', "its capital is Greek");
    }
    #[test]
    fn letters_and_numbers_are_the_standard_ones_for_latin() {
        for c in (0..0x370).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c} (U+{:04X})", c as u32);
            assert_eq!(is_number(c), c.is_numeric(), "{c} (U+{:04X})", c as u32);
            assert_eq!(is_letter_or_number(c), c.is_alphanumeric(), "{c}");
        }
        for c in ['å', 'Ø', 'ð', 'Þ', 'ș', 'ǆ', '7', '½'] {
            assert!(is_letter_or_number(c), "{c}");
        }
        for c in [' ', '-', '/', '·', '×', '€', '«', '\u{301}'] {
            assert!(!is_letter_or_number(c), "{c:?}");
        }
    }

    /// Outside Latin: every letter of the scripts a buyer in the Nordics may write in (Greek,
    /// Cyrillic, Arabic, Persian, Somali's Latin, Tigrinya, Thai, CJK) is a letter here too, no
    /// punctuation, symbol, space or emoji is one, and what else differs from std is few
    /// characters, each of them in a block std counts partly (marks, circled letters).
    #[test]
    fn letters_outside_latin() {
        let scripts = [
            0x370..0x400,
            0x400..0x530,
            0x600..0x700,
            0x1200..0x1380,
            0xe00..0xe80,
            0x3040..0x3100,
            0x4e00..0x9fff,
            0xac00..0xd7a4,
        ];
        for c in scripts.into_iter().flatten().filter_map(char::from_u32) {
            if c.is_alphabetic() {
                assert!(is_letter(c), "{c} (U+{:04X})", c as u32);
            }
        }
        for c in (0x2000..0x2c00)
            .chain(0x1f000..0x1fb00)
            .filter_map(char::from_u32)
        {
            if !c.is_alphanumeric() {
                assert!(!is_letter_or_number(c), "{c} (U+{:04X})", c as u32);
            }
        }
        for c in [
            ' ', '\u{3000}', '。', '、', '！', '😀', '📦', '\u{fe0f}', '\u{200d}',
        ] {
            assert!(!is_letter_or_number(c), "{c:?}");
        }
        // Other scripts' punctuation splits words as std's does, and their digits are numbers.
        for c in ['،', '؛', '؟', '۔', ';', '·', '।', '॥', '።', '፡', '\u{feff}'] {
            assert!(!c.is_alphanumeric() && !is_letter_or_number(c), "{c:?}");
        }
        let digits = [
            0x660..0x66a,
            0x6f0..0x6fa,
            0x966..0x970,
            0x9e6..0x9f0,
            0xe50..0xe5a,
        ];
        for c in digits.into_iter().flatten().filter_map(char::from_u32) {
            assert!(c.is_numeric() && is_number(c) && !is_letter(c), "{c}");
        }
        for c in ['１', '٣', '۵'] {
            assert!(is_number(c) && !is_letter(c), "{c}");
        }
        for c in ['々', '〆', '〇'] {
            assert!(c.is_alphabetic() && is_letter(c), "{c}");
        }
        // The letters and numbers of std that are none here: the circled and parenthesised
        // letters and numbers, Roman numerals and the like in the symbol blocks above.
        let missed: Vec<char> = (0x370..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|&c| c.is_alphanumeric() && !is_letter_or_number(c))
            .collect();
        assert!(missed.len() < 450, "{} missed: {missed:?}", missed.len());
        assert!(missed.iter().all(|&c| punctuation_or_symbol(c)));
    }
}
