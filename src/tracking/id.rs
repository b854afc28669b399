//! Tracking numbers as buyers type them: normalised, classified and checked before any request.
//!
//! A typo caught here gets a precise answer ("the check digit does not match, check for a typo")
//! instead of a round trip that ends in PostNord's generic "not found". UPU S10 and GS1 (SSCC,
//! GSIN) publish their check-digit rules, so those are verified; other PostNord ids have no public
//! rule, so they pass as [`TrackingKind::Other`] and the backend decides.
//!
//! Pure Rust with no browser access, so it is tested natively.

use std::fmt;
use std::str::FromStr;

/// Fewest characters of any id we accept (PostNord's shortest references).
const MIN_LEN: usize = 10;
/// Most characters of any id we accept; anything longer is a pasted sentence.
const MAX_LEN: usize = 35;
/// Search-box text longer than this is a question, not an id; skip parsing it.
const MAX_QUERY_CHARS: usize = 64;

/// UPU S10 weights over the eight serial digits.
const S10_WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];

/// Removes what people and label printers put between groups of characters (spaces, dashes,
/// dots, non-breaking and zero-width spaces) and upper-cases the rest.
pub fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| !is_separator(*c))
        .map(crate::case::upper)
        .collect()
}

/// Separators copied from labels, e-mails and PDFs. Zero-width characters are not whitespace to
/// Rust, but they arrive with pasted ids and are invisible to the buyer.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.'
                // GS1's human-readable form brackets the application identifier: `(00)3707…`
                | '(' | ')' | '[' | ']'
                | '\u{00AD}' // soft hyphen
                | '\u{2010}'..='\u{2015}' // hyphens and dashes
                | '\u{2212}' // minus sign
                | '\u{200B}'..='\u{200D}' // zero-width space and joiners
                | '\u{2060}' // word joiner
                | '\u{FEFF}' // zero-width no-break space
        )
}

/// The family an id belongs to; decides which check applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrackingKind {
    /// UPU S10: two letters, eight digits, a check digit, a two-letter country (`RR747540648SE`).
    S10,
    /// GS1 SSCC, 18 digits: the usual Nordic parcel number.
    Sscc,
    /// GS1 GSIN, 17 digits: a shipment of several parcels.
    Gsin,
    /// Letters and digits with no public check rule.
    Other,
}

impl TrackingKind {
    /// Stable lower-case name for analytics and CSS modifiers.
    pub fn as_str(self) -> &'static str {
        match self {
            TrackingKind::S10 => "s10",
            TrackingKind::Sscc => "sscc",
            TrackingKind::Gsin => "gsin",
            TrackingKind::Other => "other",
        }
    }
}

/// Why a typed id was rejected; each variant maps to one message for the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdError {
    /// Nothing but separators was typed.
    Empty,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    /// The first character that cannot be part of an id, as it reads after normalisation.
    InvalidCharacter(char),
    /// The shape is right but the check digit does not match: almost always a typo.
    CheckDigit,
    /// An S10 number whose last two letters are no country (`RB123456785XX`): a typo or a fake.
    UnknownCountry,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => f.write_str("no tracking number was entered"),
            IdError::TooShort { min } => {
                write!(f, "a tracking number has at least {min} characters")
            }
            IdError::TooLong { max } => write!(f, "a tracking number has at most {max} characters"),
            IdError::InvalidCharacter(c) => write!(f, "'{c}' cannot be part of a tracking number"),
            IdError::CheckDigit => f.write_str("the check digit does not match; check for a typo"),
            IdError::UnknownCountry => {
                f.write_str("the last two letters are not a country code; check for a typo")
            }
        }
    }
}

impl std::error::Error for IdError {}

/// A tracking number that passed validation. Only [`TrackingId::parse`] builds one, so holding a
/// value means it is normalised ASCII and its check digit (where one exists) is right.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrackingId {
    value: String,
    kind: TrackingKind,
}

impl TrackingId {
    pub fn parse(input: &str) -> Result<TrackingId, IdError> {
        let value = normalise(input);
        if value.is_empty() {
            return Err(IdError::Empty);
        }
        // A stray character is the more useful message even when the length is also wrong.
        if let Some(bad) = value.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(IdError::InvalidCharacter(bad));
        }
        // Every character is ASCII from here on, so byte lengths are character counts.
        if value.len() < MIN_LEN {
            return Err(IdError::TooShort { min: MIN_LEN });
        }
        if value.len() > MAX_LEN {
            return Err(IdError::TooLong { max: MAX_LEN });
        }
        let (kind, canonical) = classify(&value)?;
        Ok(TrackingId {
            value: canonical.to_owned(),
            kind,
        })
    }

    /// The normalised id as PostNord expects it (an SSCC without its `00` prefix).
    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn kind(&self) -> TrackingKind {
        self.kind
    }

    /// For analytics: enough to tell ids apart in a report, not enough to track someone's parcel.
    pub fn masked(&self) -> String {
        let n = self.value.len();
        if n <= 4 {
            return "*".repeat(n);
        }
        // ASCII only (see `parse`), so byte slicing cannot split a character.
        format!(
            "{}{}{}",
            &self.value[..2],
            "*".repeat(n - 4),
            &self.value[n - 2..]
        )
    }
}

impl fmt::Display for TrackingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl FromStr for TrackingId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TrackingId::parse(s)
    }
}

/// For the FAQ search box: a query that is nothing but a tracking number is offered as tracking.
///
/// Only ids with a verified check digit count. Ten letters in a row would pass as `Other`, and
/// "WHEREISMYPARCEL" must stay a search.
pub fn looks_like_tracking_id(text: &str) -> Option<TrackingId> {
    let text = text.trim();
    if text.chars().nth(MAX_QUERY_CHARS).is_some() {
        return None;
    }
    match TrackingId::parse(text) {
        Ok(id) if id.kind != TrackingKind::Other => Some(id),
        _ => None,
    }
}

/// Decides the kind of a normalised, length-checked, ASCII alphanumeric id and returns the part
/// PostNord should receive.
fn classify(value: &str) -> Result<(TrackingKind, &str), IdError> {
    let bytes = value.as_bytes();
    if bytes.iter().all(u8::is_ascii_digit) {
        let (kind, digits) = match bytes.len() {
            17 => (TrackingKind::Gsin, value),
            18 => (TrackingKind::Sscc, value),
            // The GS1 application identifier `00` printed in front of an SSCC.
            20 if value.starts_with("00") => (TrackingKind::Sscc, &value[2..]),
            _ => return Ok((TrackingKind::Other, value)),
        };
        // A GS1 length that fails its check is a typo, not some other kind of id.
        return if gs1_check_ok(digits.as_bytes()) {
            Ok((kind, digits))
        } else {
            Err(IdError::CheckDigit)
        };
    }
    if is_s10_shape(bytes) {
        return if !s10_check_ok(bytes) {
            Err(IdError::CheckDigit)
        } else if !is_s10_country(&bytes[11..]) {
            Err(IdError::UnknownCountry)
        } else {
            Ok((TrackingKind::S10, value))
        };
    }
    Ok((TrackingKind::Other, value))
}

/// The numeric value of an ASCII digit. Callers pass digits only; anything else gives a wrong
/// (but harmless) number rather than a panic.
fn digit(b: u8) -> u32 {
    u32::from(b.wrapping_sub(b'0'))
}

/// GS1 mod 10: from the rightmost data digit leftwards, weights 3, 1, 3, 1…
fn gs1_check_ok(digits: &[u8]) -> bool {
    let Some((&check, data)) = digits.split_last() else {
        return false;
    };
    let sum: u32 = data
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let weight = if i % 2 == 0 { 3 } else { 1 };
            digit(b) * weight
        })
        .sum();
    (10 - sum % 10) % 10 == digit(check)
}

/// The countries an S10 number may end in: ISO 3166-1 alpha-2 (249 codes), plus the codes the
/// UPU still assigns outside it: AN (former Netherlands Antilles), XK (Kosovo), and the
/// exceptionally reserved AC (Ascension), TA (Tristan da Cunha) and UK. Sorted; read only at
/// compile time, into [`S10_COUNTRY_BITS`].
const S10_COUNTRIES: &str = "AC AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UK UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// [`S10_COUNTRIES`] as one bit per pair of letters (first letter's row, second letter's bit):
/// 104 bytes in the widget instead of the list's 750.
const S10_COUNTRY_BITS: [u32; 26] = {
    let codes = S10_COUNTRIES.as_bytes();
    let mut bits = [0u32; 26];
    let mut at = 0;
    while at + 1 < codes.len() {
        bits[(codes[at] - b'A') as usize] |= 1 << (codes[at + 1] - b'A');
        at += 3;
    }
    bits
};

/// Whether `code` (two upper-case letters) is a country an S10 number can come from.
fn is_s10_country(code: &[u8]) -> bool {
    match code {
        [first @ b'A'..=b'Z', second @ b'A'..=b'Z'] => {
            S10_COUNTRY_BITS[(first - b'A') as usize] & (1 << (second - b'A')) != 0
        }
        _ => false,
    }
}

/// Two letters, nine digits, two letters.
fn is_s10_shape(b: &[u8]) -> bool {
    b.len() == 13
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..11].iter().all(u8::is_ascii_digit)
        && b[11..].iter().all(u8::is_ascii_alphabetic)
}

/// UPU S10 mod 11 with its two exceptions: remainder 1 gives 0 and remainder 0 gives 5.
fn s10_check_ok(b: &[u8]) -> bool {
    if b.len() != 13 {
        return false;
    }
    let sum: u32 = b[2..10]
        .iter()
        .zip(S10_WEIGHTS)
        .map(|(&d, w)| digit(d) * w)
        .sum();
    let expected = match sum % 11 {
        0 => 5,
        1 => 0,
        r => 11 - r,
    };
    expected == digit(b[10])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(input: &str) -> TrackingKind {
        match TrackingId::parse(input) {
            Ok(id) => id.kind(),
            Err(e) => panic!("{input:?} should parse, got {e:?}"),
        }
    }

    #[test]
    fn known_good_examples_parse_with_their_kind() {
        assert_eq!(kind_of("RB123456785GB"), TrackingKind::S10);
        assert_eq!(kind_of("RR747540648SE"), TrackingKind::S10);
        assert_eq!(kind_of("370724760120000898"), TrackingKind::Sscc);
        assert_eq!(kind_of("70724760120000880"), TrackingKind::Gsin);
    }

    #[test]
    fn sscc_with_application_identifier_is_stripped_to_18_digits() {
        let id = TrackingId::parse("00370724760120000898").expect("valid SSCC with AI 00");
        assert_eq!(id.kind(), TrackingKind::Sscc);
        assert_eq!(id.as_str(), "370724760120000898");
    }

    #[test]
    fn wrong_s10_check_digit_is_reported() {
        assert_eq!(TrackingId::parse("RB123456786US"), Err(IdError::CheckDigit));
    }

    #[test]
    fn wrong_gs1_check_digit_is_reported_not_treated_as_other() {
        assert_eq!(
            TrackingId::parse("370724760120000899"),
            Err(IdError::CheckDigit)
        );
        assert_eq!(
            TrackingId::parse("00370724760120000899"),
            Err(IdError::CheckDigit)
        );
        assert_eq!(
            TrackingId::parse("70724760120000881"),
            Err(IdError::CheckDigit)
        );
    }

    #[test]
    fn gs1_human_readable_brackets_are_separators() {
        for printed in [
            "(00)157035381410375177",
            "[00]157035381410375177",
            "(00) 1570 3538 1410 3751 77",
        ] {
            let id = TrackingId::parse(printed).expect(printed);
            assert_eq!(id.kind(), TrackingKind::Sscc, "{printed}");
            assert_eq!(id.as_str(), "157035381410375177", "{printed}");
        }
    }

    #[test]
    fn an_s10_number_must_end_in_a_country() {
        assert_eq!(
            TrackingId::parse("RB123456785XX"),
            Err(IdError::UnknownCountry)
        );
        assert_eq!(looks_like_tracking_id("RB123456785XX"), None);
        for good in [
            "RB123456785GB",
            "RR747540648SE",
            "LX123456785CN",
            "RB123456785XK",
        ] {
            assert_eq!(kind_of(good), TrackingKind::S10, "{good}");
        }
        assert!(is_s10_country(b"AC") && is_s10_country(b"ZW") && is_s10_country(b"NO"));
        assert!(!is_s10_country(b"AA") && !is_s10_country(b"ZZ") && !is_s10_country(b"QQ"));
        let codes: Vec<&str> = S10_COUNTRIES.split(' ').collect();
        assert!(
            codes.windows(2).all(|pair| pair[0] < pair[1]),
            "sorted, no repeats"
        );
        assert!(codes
            .iter()
            .all(|code| code.len() == 2 && is_s10_country(code.as_bytes())));
        let bits: u32 = S10_COUNTRY_BITS.iter().map(|row| row.count_ones()).sum();
        assert_eq!(
            bits as usize,
            codes.len(),
            "every pair of letters listed, nothing else"
        );
        assert!(!is_s10_country(b"N") && !is_s10_country(b"no") && !is_s10_country(b"NOR"));
    }

    #[test]
    fn s10_check_digit_exceptions() {
        // Remainder 0 gives check digit 5, remainder 1 gives 0.
        assert_eq!(kind_of("RR000000005SE"), TrackingKind::S10);
        assert_eq!(kind_of("RR000600000SE"), TrackingKind::S10);
        assert_eq!(TrackingId::parse("RR000000000SE"), Err(IdError::CheckDigit));
    }

    #[test]
    fn lower_case_spaces_and_dashes_are_normalised() {
        let id = TrackingId::parse("rr 747 540 648 se").expect("spaced S10");
        assert_eq!(id.as_str(), "RR747540648SE");
        assert_eq!(id.kind(), TrackingKind::S10);

        let id = TrackingId::parse("3707-2476-0120-0008-98").expect("dashed SSCC");
        assert_eq!(id.as_str(), "370724760120000898");
        assert_eq!(id.kind(), TrackingKind::Sscc);

        let id = TrackingId::parse("\u{a0}RR\u{a0}747.540.648\u{2013}SE\t\n").expect("pasted S10");
        assert_eq!(id.as_str(), "RR747540648SE");
    }

    #[test]
    fn normalise_drops_separators_and_upper_cases() {
        assert_eq!(normalise("  rr-747 540.648\u{200b}se "), "RR747540648SE");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn empty_input_is_reported() {
        assert_eq!(TrackingId::parse(""), Err(IdError::Empty));
        assert_eq!(TrackingId::parse("  - . "), Err(IdError::Empty));
    }

    #[test]
    fn too_short_input_is_reported() {
        assert_eq!(
            TrackingId::parse("RR7475"),
            Err(IdError::TooShort { min: 10 })
        );
    }

    #[test]
    fn too_long_input_is_reported() {
        assert_eq!(
            TrackingId::parse(&"A".repeat(36)),
            Err(IdError::TooLong { max: 35 })
        );
        assert_eq!(kind_of(&"A".repeat(35)), TrackingKind::Other);
    }

    #[test]
    fn first_invalid_character_is_reported_as_normalised() {
        assert_eq!(
            TrackingId::parse("RR74754064$SE"),
            Err(IdError::InvalidCharacter('$'))
        );
        assert_eq!(
            TrackingId::parse("rr74754064ö/se"),
            Err(IdError::InvalidCharacter('Ö'))
        );
        assert_eq!(
            TrackingId::parse("a/b"),
            Err(IdError::InvalidCharacter('/'))
        );
    }

    #[test]
    fn other_ids_are_accepted_without_a_check() {
        assert_eq!(kind_of("12345678901SE"), TrackingKind::Other);
        assert_eq!(kind_of("ABCDEFGHIJ"), TrackingKind::Other);
        // 19 and 20 digits without the `00` prefix are not GS1 forms.
        assert_eq!(kind_of("3707247601200008981"), TrackingKind::Other);
        assert_eq!(kind_of("12370724760120000898"), TrackingKind::Other);
        // A letter among the S10 digits is not S10-shaped.
        assert_eq!(kind_of("RR74754064XSE"), TrackingKind::Other);
    }

    #[test]
    fn masked_keeps_two_characters_at_each_end() {
        let id = TrackingId::parse("RR747540648SE").expect("valid S10");
        assert_eq!(id.masked(), "RR*********SE");
        let id = TrackingId::parse("00370724760120000898").expect("valid SSCC");
        assert_eq!(id.masked(), "37**************98");
    }

    #[test]
    fn display_and_from_str_round_trip() {
        let id: TrackingId = "rr747540648se".parse().expect("valid S10");
        assert_eq!(id.to_string(), "RR747540648SE");
    }

    #[test]
    fn search_box_recognises_only_checked_ids() {
        assert_eq!(looks_like_tracking_id("where is my parcel"), None);
        assert_eq!(looks_like_tracking_id("WHEREISMYPARCEL"), None);
        assert_eq!(looks_like_tracking_id("track RR747540648SE please"), None);
        assert_eq!(looks_like_tracking_id("RB123456786US"), None);
        assert_eq!(looks_like_tracking_id(""), None);
        assert_eq!(looks_like_tracking_id(&"x ".repeat(500)), None);

        let id = looks_like_tracking_id("RR747540648SE").expect("S10 in search box");
        assert_eq!(id.kind(), TrackingKind::S10);
        let id = looks_like_tracking_id("  3707 2476 0120 0008 98 ").expect("spaced SSCC");
        assert_eq!(id.as_str(), "370724760120000898");
        assert!(looks_like_tracking_id("70724760120000880").is_some());
    }

    #[test]
    fn arbitrary_input_never_panics() {
        let samples: Vec<String> = vec![
            "\u{0}".to_owned(),
            "ß".repeat(20),
            "🙂".repeat(12),
            "00".to_owned(),
            "0".repeat(20),
            "9".repeat(18),
            "ǅ".repeat(13),
            "\u{200b}".repeat(50),
        ];
        for s in &samples {
            let _ = TrackingId::parse(s);
            let _ = looks_like_tracking_id(s);
        }
    }
}
