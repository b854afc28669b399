//! Upper and lower case for the Latin script: Basic Latin, Latin-1, Latin Extended-A and the
//! paired letters of Latin Extended-B. That is every letter the FAQ, PostNord's place names and
//! tracking numbers are written in, and what buyers in the Nordics type.
//!
//! Why not `char::to_lowercase`: it brings Unicode's case tables for every script, ~24 KB of
//! the main module's data (~6 KB brotli, issue #11), for letters no article contains. A letter
//! of another script is left as it is typed; a letter whose case is two letters (ß, İ, ŉ) keeps
//! one: ß stays ß, İ lowers to i.

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
}
