//! A small JSON reader and writer for the formats the opened widget reads and writes itself: the
//! FAQ bundle, the words files, the recent tracking numbers, the outcome beacon.
//!
//! Why not serde_json here: its derived readers were ~34 KB of the main WebAssembly module
//! (generic visitors, one `deserialize_seq` per element type), for formats we own and can read
//! straight into our types with no tree in between (BENCHMARKS.md, issue #11). serde_json stays
//! for the backends' JSON (Chatwoot, PostNord) and the handed-over trail, whose code is fetched
//! only with the chat, tracking and contact files.
//!
//! The reader is strict JSON (RFC 8259) with serde_json's habits: unknown object keys are the
//! caller's to skip, nesting stops at 128 levels, and an error says where (line and column) and
//! what was expected.

use std::borrow::Cow;
use std::fmt;

/// How deep arrays and objects may nest, as serde_json's default: a bundle nested deeper is
/// refused, not a stack overflow.
const MAX_DEPTH: u32 = 128;

/// What is wrong with a JSON text, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    /// What the reader wanted there (`a string`, `,` or `]`, …) or what it refused.
    pub message: Cow<'static, str>,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for JsonError {}

type Field<'f, 'a> = &'f mut dyn FnMut(&mut Reader<'a>, &str) -> Result<(), JsonError>;
type Item<'f, 'a> = &'f mut dyn FnMut(&mut Reader<'a>) -> Result<(), JsonError>;

/// Reads one JSON text front to back; each method reads one value where the reader stands.
pub(crate) struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            at: 0,
            depth: 0,
        }
    }

    /// A reader standing where [`offset`](Self::offset) was taken, in the same text (or the
    /// part of it before a later value was cut off): to read one value again, or out of order.
    pub(crate) fn resume(text: &'a str, (at, depth): (usize, u32)) -> Reader<'a> {
        Reader { text, at, depth }
    }

    /// Where the next value starts, and how deep it is, for [`resume`](Self::resume).
    pub(crate) fn offset(&mut self) -> (usize, u32) {
        self.peek();
        (self.at, self.depth)
    }

    /// An error at the current position.
    pub(crate) fn error(&self, message: impl Into<Cow<'static, str>>) -> JsonError {
        self.error_at(message.into())
    }

    #[inline(never)]
    fn error_at(&self, message: Cow<'static, str>) -> JsonError {
        // After a bad escape the position may be inside a character: back up to its start.
        let mut at = self.at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        JsonError {
            line,
            column,
            message,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte that is not white space, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes().get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    fn expect(&mut self, byte: u8, what: &'static str) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(format!("expected {what}")))
        }
    }

    /// Only white space is left.
    pub(crate) fn finish(mut self) -> Result<(), JsonError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nested too deep"));
        }
        Ok(())
    }

    /// An object: `field` is called with each key, and must read (or [`skip`](Self::skip)) its
    /// value.
    pub(crate) fn object(
        &mut self,
        mut field: impl FnMut(&mut Self, &str) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.object_dyn(&mut field)
    }

    // One copy of the loop for every caller's closure: it is most of the reader's code.
    #[inline(never)]
    fn object_dyn(&mut self, field: Field<'_, 'a>) -> Result<(), JsonError> {
        self.expect(b'{', "an object")?;
        self.enter()?;
        if self.peek() == Some(b'}') {
            self.at += 1;
        } else {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(self.error("expected a key in quotes"));
                }
                let key = self.string()?;
                self.expect(b':', "`:`")?;
                field(self, &key)?;
                match self.peek() {
                    Some(b',') => self.at += 1,
                    Some(b'}') => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(self.error("expected `,` or `}`")),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// An array: `item` is called for each element and must read it.
    pub(crate) fn array(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.array_dyn(&mut item)
    }

    #[inline(never)]
    fn array_dyn(&mut self, item: Item<'_, 'a>) -> Result<(), JsonError> {
        self.expect(b'[', "an array")?;
        self.enter()?;
        if self.peek() == Some(b']') {
            self.at += 1;
        } else {
            loop {
                item(self)?;
                match self.peek() {
                    Some(b',') => self.at += 1,
                    Some(b']') => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(self.error("expected `,` or `]`")),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// An array whose elements `item` reads, in order.
    pub(crate) fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, JsonError>,
    ) -> Result<Vec<T>, JsonError> {
        let mut out = Vec::new();
        self.array(|r| {
            out.push(item(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// An array of strings.
    pub(crate) fn strings(&mut self) -> Result<Vec<String>, JsonError> {
        self.list(|r| Ok(r.string()?.into_owned()))
    }

    /// Whether the next value is a string.
    pub(crate) fn at_string(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// The next value if it is `null` (consumed), for optional fields.
    pub(crate) fn null(&mut self) -> bool {
        let null = self.peek() == Some(b'n') && self.text[self.at..].starts_with("null");
        if null {
            self.at += 4;
        }
        null
    }

    /// A string, borrowed from the text when it has no escapes.
    #[inline(never)]
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.expect(b'"', "a string")?;
        let start = self.at;
        let bytes = self.bytes();
        // Fast path: up to the closing quote with no escape.
        while let Some(&b) = bytes.get(self.at) {
            match b {
                b'"' => {
                    self.at += 1;
                    return Ok(Cow::Borrowed(&self.text[start..self.at - 1]));
                }
                b'\\' => break,
                0..=0x1f => return Err(self.error("a control character in a string")),
                _ => self.at += 1,
            }
        }
        let mut out = String::from(&self.text[start..self.at]);
        loop {
            let Some(&b) = bytes.get(self.at) else {
                return Err(self.error("an unclosed string"));
            };
            match b {
                b'"' => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    self.at += 1;
                    let escape = bytes.get(self.at).copied();
                    self.at += 1;
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.unicode_escape()?),
                        _ => return Err(self.error("an invalid escape")),
                    }
                }
                0..=0x1f => return Err(self.error("a control character in a string")),
                _ => {
                    // Copy up to the next quote or escape in one go (the text is UTF-8 already).
                    let run = self.at;
                    while bytes
                        .get(self.at)
                        .is_some_and(|&b| b != b'"' && b != b'\\' && b > 0x1f)
                    {
                        self.at += 1;
                    }
                    out.push_str(&self.text[run..self.at]);
                }
            }
        }
    }

    /// After `\u`: four hex digits, and a second escape for a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.text[self.at..].starts_with("\\u") {
                return Err(self.error("a lone surrogate in an escape"));
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("a lone surrogate in an escape"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("a lone surrogate in an escape"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("four hex digits after \\u"))?;
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("four hex digits after \\u"))
    }

    /// A whole number from 0 to `u32::MAX` (no fraction, no exponent).
    pub(crate) fn u32(&mut self) -> Result<u32, JsonError> {
        self.peek();
        let start = self.at;
        let end = self.number_end();
        let n = self.text[start..end]
            .parse::<u32>()
            .map_err(|_| self.error("expected a whole number from 0 to 4294967295"))?;
        self.at = end;
        Ok(n)
    }

    /// Where the number starting here ends; no number, no progress.
    fn number_end(&self) -> usize {
        let bytes = self.bytes();
        let mut at = self.at;
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at > from
        };
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        // No leading zeros: `0`, or a digit from 1 and more digits.
        if bytes.get(at) == Some(&b'0') {
            at += 1;
        } else if !digits(&mut at) {
            return self.at;
        }
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            if !digits(&mut at) {
                return self.at;
            }
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if !digits(&mut at) {
                return self.at;
            }
        }
        at
    }

    /// Reads past one value of any kind: a field the caller does not know.
    #[inline(never)]
    pub(crate) fn skip(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            Some(b'{') => self.object(|r, _| r.skip()),
            Some(b'[') => self.array(Self::skip),
            Some(b'"') => self.string().map(drop),
            Some(b't') | Some(b'f') | Some(b'n') => {
                let rest = &self.text[self.at..];
                let word = ["true", "false", "null"]
                    .into_iter()
                    .find(|w| rest.starts_with(w))
                    .ok_or_else(|| self.error("expected a value"))?;
                self.at += word.len();
                Ok(())
            }
            _ => {
                let end = self.number_end();
                if end == self.at {
                    return Err(self.error("expected a value"));
                }
                self.at = end;
                Ok(())
            }
        }
    }
}

/// Appends `text` as a JSON string, quoted and escaped.
pub(crate) fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                for shift in [4, 0] {
                    out.push(char::from_digit((c as u32 >> shift) & 0xf, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `items` as a JSON array, each written by `push`.
pub(crate) fn push_list<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    mut push: impl FnMut(&mut String, T),
) {
    out.push('[');
    for (n, item) in items.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push(out, item);
    }
    out.push(']');
}

/// Appends `texts` as a JSON array of strings.
pub(crate) fn push_strings<'s>(out: &mut String, texts: impl IntoIterator<Item = &'s str>) {
    push_list(out, texts, push_string);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Result<Vec<String>, JsonError> {
        let mut r = Reader::new(text);
        let out = r.strings()?;
        r.finish()?;
        Ok(out)
    }

    #[test]
    fn reads_what_serde_json_reads_and_refuses_what_it_refuses() {
        for text in [
            r#"["a","b\"c","\u00e5\ud83d\ude00","\n\t\/\\"]"#,
            " [ ] ",
            r#"["Hjälp"]"#,
        ] {
            let want: Vec<String> = serde_json::from_str(text).unwrap();
            assert_eq!(strings(text).unwrap(), want, "{text}");
        }
        for bad in [
            r#"["a""#,
            r#"["a",]"#,
            r#"["a"] x"#,
            "[\"a\nb\"]",
            r#"["\ud83d"]"#,
            r#"["\udc00"]"#,
            r#"["\ud83d\u0041"]"#,
            r#"["\x"]"#,
            r#"["\ö"]"#,
            r#"["\u12"]"#,
            "",
            "[1]",
        ] {
            assert!(serde_json::from_str::<Vec<String>>(bad).is_err(), "{bad}");
            assert!(strings(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn escaped_keys_and_nul_read_as_serde_json_reads_them() {
        let mut r = Reader::new(r#"{"\u0069d": "a\u0000b"}"#);
        let mut got = None;
        r.object(|r, key| {
            got = Some((key.to_owned(), r.string()?.into_owned()));
            Ok(())
        })
        .unwrap();
        assert_eq!(got, Some(("id".to_owned(), "a\0b".to_owned())));
        let error = strings("[\r\n\"a\",\r\n 1]").unwrap_err();
        assert_eq!((error.line, error.column), (3, 2), "CR LF counts one line");
    }

    #[test]
    fn skips_any_value_and_reads_objects_and_numbers() {
        let text = r#"{"n": 7, "skip": {"a": [1, -2.5e3, true, false, null, "x", {}]}, "m": null}"#;
        let mut r = Reader::new(text);
        let (mut n, mut m) = (0, false);
        r.object(|r, key| match key {
            "n" => r.u32().map(|v| n = v),
            "m" => {
                m = r.null();
                Ok(())
            }
            _ => r.skip(),
        })
        .unwrap();
        r.finish().unwrap();
        assert_eq!((n, m), (7, true));

        for bad in ["1.5", "-1", "4294967296", "x"] {
            assert!(Reader::new(bad).u32().is_err(), "{bad}");
        }
        let mut r = Reader::new("01");
        assert!(r.skip().is_ok() && r.finish().is_err(), "0, then a stray 1");
        assert!(Reader::new("-").skip().is_err());
        assert!(Reader::new("1.").skip().is_err());
    }

    #[test]
    fn an_error_says_where_and_what() {
        let error = strings("[\"a\",\n  7]").unwrap_err();
        assert_eq!((error.line, error.column), (2, 3));
        assert_eq!(error.to_string(), "expected a string at line 2 column 3");
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(
            Reader::new(&deep).skip().unwrap_err().message,
            "nested too deep"
        );
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(Reader::new(&ok).skip().is_ok());
    }

    #[test]
    fn writes_strings_that_read_back() {
        let texts = [
            "plain",
            "quote \" and \\ slash",
            "line\nbreak\ttab\u{1}",
            "æøå 😀",
        ];
        let mut out = String::new();
        push_strings(&mut out, texts);
        assert_eq!(serde_json::from_str::<Vec<String>>(&out).unwrap(), texts);
        assert_eq!(strings(&out).unwrap(), texts);
    }
}
