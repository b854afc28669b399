//! An article's body as the widget receives it: blocks and inline runs, made from the Markdown
//! ahead of time by the native `faq` command. The WebAssembly renders them into DOM nodes and
//! never parses Markdown or HTML, so an article cannot inject markup: raw HTML in the Markdown
//! arrives as text, and only http, https and mailto links survive (checked again when rendering,
//! for bundles written by hand).
//!
//! JSON shape (externally tagged, compact): `{"P": [{"T": "text"}, {"B": [...]}, {"A": ["https://…", [...]]}]}`,
//! read by [`read_blocks`] and written by [`push_blocks`] (by hand, see [`crate::json`]).
//!
//! In memory a body is [`Blocks`]: one string, its text with a control character where each
//! block and run starts and ends, read back as [`Event`]s. The tree the JSON describes
//! ([`Block`], [`Inline`]) is only the `faq` command's: as boxed slices it was some 300,000
//! allocations at 10,000 articles and heavier than its own JSON (BENCHMARKS.md, memory).

use crate::json::{push_string, JsonError, Reader};

/// A block of an article's body, as the `faq` command makes it from Markdown and
/// [`Blocks::from_tree`] packs it. The JSON keeps one- or two-letter tags (`P`, `H`, `Ul`, …),
/// which keep the bundle small; the names say what each block is.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// `{"P": [inline, …]}`
    Paragraph(Box<[Inline]>),
    /// A heading inside an article (any Markdown level; the view picks the level). `{"H": […]}`
    Heading(Box<[Inline]>),
    /// A bulleted list: each item is a list of blocks. `{"Ul": [[block, …], …]}`
    Bullets(Box<[Box<[Block]>]>),
    /// A numbered list: each item is a list of blocks. `{"Ol": [[block, …], …]}`
    Numbered(Box<[Box<[Block]>]>),
    /// `{"Quote": [block, …]}`
    Quote(Box<[Block]>),
    /// `{"Pre": "text"}`
    Preformatted(Box<str>),
}

/// A run of text inside a block, tagged in the JSON by one or two letters (`T`, `B`, `A`, …).
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    /// `{"T": "text"}`
    Text(Box<str>),
    /// `{"B": [inline, …]}`
    Bold(Box<[Inline]>),
    /// `{"I": [inline, …]}`
    Italic(Box<[Inline]>),
    /// `{"C": "code"}`
    Code(Box<str>),
    /// Its address and content; in the JSON `{"A": ["https://…", [inline, …]]}`.
    Link(Box<(Box<str>, Box<[Inline]>)>),
    /// `"Br"` (or `{"Br": null}`)
    LineBreak,
}

/// What starts: a block, a list's item, or a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag<'a> {
    Paragraph,
    Heading,
    Bullets,
    Numbered,
    /// One item of [`Bullets`](Tag::Bullets) or [`Numbered`](Tag::Numbered): blocks.
    Item,
    Quote,
    /// Its text follows, as [`Event::Text`].
    Preformatted,
    Bold,
    Italic,
    /// Its text follows, as [`Event::Text`].
    Code,
    /// The address, as written; the content follows.
    Link(&'a str),
}

/// A body read front to back: each [`Event::Start`] has its [`Event::End`], nested as in the JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event<'a> {
    Start(Tag<'a>),
    End,
    /// Text, never empty; two runs of text side by side are one.
    Text(&'a str),
    LineBreak,
}

// The control characters that mark a body's structure in [`Blocks`]. Tab, line feed and
// carriage return are text; any other control character in the text becomes a space.
const PARAGRAPH: u8 = 0x01;
const HEADING: u8 = 0x02;
const BULLETS: u8 = 0x03;
const NUMBERED: u8 = 0x04;
const ITEM: u8 = 0x05;
const QUOTE: u8 = 0x06;
const PREFORMATTED: u8 = 0x07;
const BOLD: u8 = 0x0e;
const ITALIC: u8 = 0x0f;
const CODE: u8 = 0x10;
/// Followed by the address, up to [`HREF_END`].
const LINK: u8 = 0x11;
const HREF_END: u8 = 0x12;
const LINE_BREAK: u8 = 0x13;
const END: u8 = 0x1f;

fn is_mark(byte: u8) -> bool {
    byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r')
}

impl Tag<'_> {
    fn mark(self) -> u8 {
        match self {
            Tag::Paragraph => PARAGRAPH,
            Tag::Heading => HEADING,
            Tag::Bullets => BULLETS,
            Tag::Numbered => NUMBERED,
            Tag::Item => ITEM,
            Tag::Quote => QUOTE,
            Tag::Preformatted => PREFORMATTED,
            Tag::Bold => BOLD,
            Tag::Italic => ITALIC,
            Tag::Code => CODE,
            Tag::Link(_) => LINK,
        }
    }

    /// A block ends a line of the plain text; an item and a run do not.
    fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Item | Tag::Bold | Tag::Italic | Tag::Code | Tag::Link(_)
        )
    }
}

/// An article's body, compact: see the module docs. Made by [`read_blocks`] from the bundle or
/// by [`Blocks::from_tree`]; read through [`Blocks::events`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blocks(Box<str>);

impl Blocks {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The body front to back.
    pub fn events(&self) -> Events<'_> {
        Events { rest: &self.0 }
    }

    /// Packs a tree, as the `faq` command makes it from Markdown.
    pub fn from_tree(blocks: &[Block]) -> Blocks {
        let mut body = Writer::default();
        body.tree_blocks(blocks);
        body.finish()
    }

    /// The body as plain text, for search and snippets: a line per block, a line break as a
    /// space, a link as its content.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        let mut open = Vec::new();
        for event in self.events() {
            match event {
                Event::Start(tag) => open.push(tag.is_block()),
                Event::End => {
                    if open.pop() == Some(true) {
                        out.push('\n');
                    }
                }
                Event::Text(text) => out.push_str(text),
                Event::LineBreak => out.push(' '),
            }
        }
        out.trim().to_owned()
    }
}

/// The events of [`Blocks`], from [`Blocks::events`].
#[derive(Clone, Debug)]
pub struct Events<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Events<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let &mark = self.rest.as_bytes().first()?;
        if !is_mark(mark) {
            let end = self
                .rest
                .bytes()
                .position(is_mark)
                .unwrap_or(self.rest.len());
            let (text, rest) = self.rest.split_at(end);
            self.rest = rest;
            return Some(Event::Text(text));
        }
        // Marks are ASCII, so every cut below is at a character boundary.
        self.rest = &self.rest[1..];
        Some(match mark {
            END => Event::End,
            LINE_BREAK => Event::LineBreak,
            LINK => {
                let end = self.rest.bytes().position(|b| b == HREF_END);
                let end = end.unwrap_or(self.rest.len());
                let href = &self.rest[..end];
                self.rest = self.rest.get(end + 1..).unwrap_or_default();
                Event::Start(Tag::Link(href))
            }
            PARAGRAPH => Event::Start(Tag::Paragraph),
            HEADING => Event::Start(Tag::Heading),
            BULLETS => Event::Start(Tag::Bullets),
            NUMBERED => Event::Start(Tag::Numbered),
            ITEM => Event::Start(Tag::Item),
            QUOTE => Event::Start(Tag::Quote),
            PREFORMATTED => Event::Start(Tag::Preformatted),
            BOLD => Event::Start(Tag::Bold),
            ITALIC => Event::Start(Tag::Italic),
            CODE => Event::Start(Tag::Code),
            // Only a `Writer` makes a body, and it writes no other mark.
            _ => Event::End,
        })
    }
}

/// Builds [`Blocks`] event by event.
#[derive(Default)]
struct Writer(String);

impl Writer {
    fn start(&mut self, tag: Tag) {
        self.0.push(char::from(tag.mark()));
        if let Tag::Link(href) = tag {
            self.text(href);
            self.0.push(char::from(HREF_END));
        }
    }

    fn end(&mut self) {
        self.0.push(char::from(END));
    }

    fn text(&mut self, text: &str) {
        if text.bytes().any(is_mark) {
            let clean = |c: char| {
                if c.is_ascii() && is_mark(c as u8) {
                    ' '
                } else {
                    c
                }
            };
            self.0.extend(text.chars().map(clean));
        } else {
            self.0.push_str(text);
        }
    }

    fn line_break(&mut self) {
        self.0.push(char::from(LINE_BREAK));
    }

    fn finish(self) -> Blocks {
        Blocks(self.0.into_boxed_str())
    }

    fn tree_blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            let (tag, inlines) = match block {
                Block::Paragraph(inlines) => (Tag::Paragraph, inlines),
                Block::Heading(inlines) => (Tag::Heading, inlines),
                Block::Bullets(items) | Block::Numbered(items) => {
                    let bullets = matches!(block, Block::Bullets(_));
                    self.start(if bullets { Tag::Bullets } else { Tag::Numbered });
                    for item in items {
                        self.start(Tag::Item);
                        self.tree_blocks(item);
                        self.end();
                    }
                    self.end();
                    continue;
                }
                Block::Quote(blocks) => {
                    self.start(Tag::Quote);
                    self.tree_blocks(blocks);
                    self.end();
                    continue;
                }
                Block::Preformatted(text) => {
                    self.start(Tag::Preformatted);
                    self.text(text);
                    self.end();
                    continue;
                }
            };
            self.start(tag);
            self.tree_inlines(inlines);
            self.end();
        }
    }

    fn tree_inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(text) => self.text(text),
                Inline::LineBreak => self.line_break(),
                Inline::Code(text) => {
                    self.start(Tag::Code);
                    self.text(text);
                    self.end();
                }
                Inline::Bold(children) | Inline::Italic(children) => {
                    let bold = matches!(inline, Inline::Bold(_));
                    self.start(if bold { Tag::Bold } else { Tag::Italic });
                    self.tree_inlines(children);
                    self.end();
                }
                Inline::Link(link) => {
                    self.start(Tag::Link(&link.0));
                    self.tree_inlines(&link.1);
                    self.end();
                }
            }
        }
    }
}

/// Reads `[block, …]`, as the bundle's `blocks`.
pub(crate) fn read_blocks(r: &mut Reader) -> Result<Blocks, JsonError> {
    let mut body = Writer::default();
    read_block_list(r, &mut body)?;
    Ok(body.finish())
}

fn read_block_list(r: &mut Reader, body: &mut Writer) -> Result<(), JsonError> {
    r.array(|r| read_block(r, body))
}

fn read_block(r: &mut Reader, body: &mut Writer) -> Result<(), JsonError> {
    let mut tagged = false;
    r.object(|r, tag| {
        if std::mem::replace(&mut tagged, true) {
            return Err(r.error("a block has one tag"));
        }
        match tag {
            "P" | "H" => {
                body.start(if tag == "P" {
                    Tag::Paragraph
                } else {
                    Tag::Heading
                });
                read_inlines(r, body)?;
            }
            "Ul" | "Ol" => {
                body.start(if tag == "Ul" {
                    Tag::Bullets
                } else {
                    Tag::Numbered
                });
                r.array(|r| {
                    body.start(Tag::Item);
                    read_block_list(r, body)?;
                    body.end();
                    Ok(())
                })?;
            }
            "Quote" => {
                body.start(Tag::Quote);
                read_block_list(r, body)?;
            }
            "Pre" => {
                body.start(Tag::Preformatted);
                body.text(&r.string()?);
            }
            other => {
                return Err(r.error(format!(
                    "unknown block `{other}` (expected P, H, Ul, Ol, Quote or Pre)"
                )))
            }
        }
        body.end();
        Ok(())
    })?;
    if tagged {
        Ok(())
    } else {
        Err(r.error("a block has one tag"))
    }
}

/// Reads `[inline, …]`.
fn read_inlines(r: &mut Reader, body: &mut Writer) -> Result<(), JsonError> {
    r.array(|r| read_inline(r, body))
}

fn read_inline(r: &mut Reader, body: &mut Writer) -> Result<(), JsonError> {
    if r.at_string() {
        return match &*r.string()? {
            "Br" => {
                body.line_break();
                Ok(())
            }
            other => Err(r.error(format!("unknown run `{other}`"))),
        };
    }
    let mut tagged = false;
    r.object(|r, tag| {
        if std::mem::replace(&mut tagged, true) {
            return Err(r.error("a run has one tag"));
        }
        match tag {
            "T" => body.text(&r.string()?),
            "B" | "I" => {
                body.start(if tag == "B" { Tag::Bold } else { Tag::Italic });
                read_inlines(r, body)?;
                body.end();
            }
            "C" => {
                body.start(Tag::Code);
                body.text(&r.string()?);
                body.end();
            }
            "A" => {
                let mut parts = 0;
                r.array(|r| {
                    parts += 1;
                    match parts {
                        1 => body.start(Tag::Link(&r.string()?)),
                        2 => read_inlines(r, body)?,
                        _ => return Err(r.error("a link is [address, content]")),
                    }
                    Ok(())
                })?;
                if parts < 2 {
                    return Err(r.error("a link is [address, content]"));
                }
                body.end();
            }
            "Br" if r.null() => body.line_break(),
            "Br" => return Err(r.error("`Br` takes null or is written \"Br\"")),
            other => {
                return Err(r.error(format!(
                    "unknown run `{other}` (expected T, B, I, C, A or Br)"
                )))
            }
        }
        Ok(())
    })?;
    if tagged {
        Ok(())
    } else {
        Err(r.error("a run has one tag"))
    }
}

/// Appends `body` as `[block, …]`.
pub(crate) fn push_blocks(out: &mut String, body: &Blocks) {
    push_block_list(out, &mut body.events());
}

/// `[item, …]`: one item per event up to the end of the enclosing tag (or of the body), each
/// written by `push`, which reads the rest of its item from `events`.
fn push_items(out: &mut String, events: &mut Events, push: fn(&mut String, Event, &mut Events)) {
    out.push('[');
    let mut first = true;
    while let Some(event) = events.next() {
        if event == Event::End {
            break;
        }
        if !std::mem::take(&mut first) {
            out.push(',');
        }
        push(out, event, events);
    }
    out.push(']');
}

/// `[block, …]` up to the end of the enclosing tag (or of the body).
fn push_block_list(out: &mut String, events: &mut Events) {
    push_items(out, events, push_block);
}

fn push_block(out: &mut String, event: Event, events: &mut Events) {
    let Event::Start(tag) = event else {
        return; // A body holds only blocks at this level (a `Writer` writes no other).
    };
    let name = match tag {
        Tag::Paragraph => "P",
        Tag::Heading => "H",
        Tag::Bullets => "Ul",
        Tag::Numbered => "Ol",
        Tag::Quote => "Quote",
        _ => "Pre",
    };
    out.push_str("{\"");
    out.push_str(name);
    out.push_str("\":");
    match tag {
        Tag::Paragraph | Tag::Heading => push_inlines(out, events),
        // A list's items, `[[block, …], …]`.
        Tag::Bullets | Tag::Numbered => {
            push_items(out, events, |out, _, events| push_block_list(out, events))
        }
        Tag::Quote => push_block_list(out, events),
        _ => push_string(out, &text_until_end(events)),
    }
    out.push('}');
}

/// `[inline, …]` up to the end of the enclosing tag.
fn push_inlines(out: &mut String, events: &mut Events) {
    push_items(out, events, push_inline);
}

fn push_inline(out: &mut String, event: Event, events: &mut Events) {
    match event {
        Event::Text(text) => {
            out.push_str("{\"T\":");
            push_string(out, text);
            out.push('}');
        }
        Event::LineBreak => out.push_str("\"Br\""),
        Event::Start(Tag::Link(href)) => {
            out.push_str("{\"A\":[");
            push_string(out, href);
            out.push(',');
            push_inlines(out, events);
            out.push_str("]}");
        }
        Event::Start(tag @ (Tag::Bold | Tag::Italic)) => {
            out.push_str(if tag == Tag::Bold {
                "{\"B\":"
            } else {
                "{\"I\":"
            });
            push_inlines(out, events);
            out.push('}');
        }
        Event::Start(_) | Event::End => {
            out.push_str("{\"C\":");
            push_string(out, &text_until_end(events));
            out.push('}');
        }
    }
}

/// The text of a [`Tag::Preformatted`] or [`Tag::Code`], up to its end.
fn text_until_end(events: &mut Events) -> String {
    let mut text = String::new();
    while let Some(Event::Text(part)) = events.next() {
        text.push_str(part);
    }
    text
}

/// The address if it is one an article may link to: http, https or mailto. Anything else
/// (`javascript:`, `data:`, relative paths) is refused.
pub fn safe_href(href: &str) -> Option<&str> {
    let href = href.trim();
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    let allowed = lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:");
    (allowed && !href.chars().any(|c| c.is_control() || c.is_whitespace())).then_some(href)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Blocks, JsonError> {
        let mut r = Reader::new(json);
        let blocks = read_blocks(&mut r)?;
        r.finish()?;
        Ok(blocks)
    }

    fn json(body: &Blocks) -> String {
        let mut out = String::new();
        push_blocks(&mut out, body);
        out
    }

    const EVERY_KIND: &str = r#"[{"H":[{"T":"Title"}]},{"P":[{"T":"a "},{"B":[{"I":[{"T":"b"}]}]},"Br",{"C":"c"},{"A":["https://x.example",[{"T":"link"}]]}]},{"Ul":[[{"P":[{"T":"one"}]}],[{"Quote":[{"Pre":"x\ny"}]}]]},{"Ol":[]},{"P":[{"C":""}]},{"Pre":""}]"#;

    #[test]
    fn every_block_and_run_reads_back_what_was_written() {
        let body = read(EVERY_KIND).unwrap();
        assert_eq!(json(&body), EVERY_KIND);
        assert_eq!(body.plain_text(), "Title\na b clink\none\nx\ny");
        assert_eq!(
            read(r#"[{"P":[{"Br":null}]}]"#).unwrap(),
            read(r#"[{"P":["Br"]}]"#).unwrap()
        );
        assert!(read("[]").unwrap().is_empty());
    }

    #[test]
    fn the_events_nest_as_the_json_does() {
        let body =
            read(r#"[{"Ul":[[{"P":[{"A":["mailto:a@b.example",[{"B":[{"T":"mail"}]}]]}]}]]}]"#)
                .unwrap();
        let events: Vec<_> = body.events().collect();
        use Event::*;
        assert_eq!(
            events,
            [
                Start(Tag::Bullets),
                Start(Tag::Item),
                Start(Tag::Paragraph),
                Start(Tag::Link("mailto:a@b.example")),
                Start(Tag::Bold),
                Text("mail"),
                End,
                End,
                End,
                End,
                End,
            ]
        );
    }

    #[test]
    fn the_tree_packs_as_its_json_reads() {
        let tree = [
            Block::Heading(Box::new([Inline::Text("Title".into())])),
            Block::Paragraph(Box::new([
                Inline::Text("a ".into()),
                Inline::Bold(Box::new([Inline::Italic(Box::new([Inline::Text(
                    "b".into(),
                )]))])),
                Inline::LineBreak,
                Inline::Code("c".into()),
                Inline::Link(Box::new((
                    "https://x.example".into(),
                    Box::new([Inline::Text("link".into())]),
                ))),
            ])),
            Block::Bullets(Box::new([
                Box::new([Block::Paragraph(Box::new([Inline::Text("one".into())]))]),
                Box::new([Block::Quote(Box::new([Block::Preformatted("x\ny".into())]))]),
            ])),
            Block::Numbered(Box::new([])),
            Block::Paragraph(Box::new([Inline::Code("".into())])),
            Block::Preformatted("".into()),
        ];
        assert_eq!(Blocks::from_tree(&tree), read(EVERY_KIND).unwrap());
    }

    #[test]
    fn text_that_holds_a_mark_keeps_its_place_as_a_space() {
        let body =
            read(r#"[{"P":[{"T":"a\u0001b\u001f\tc"},{"A":["https://x\u0012y",[{"T":"d"}]]}]}]"#)
                .unwrap();
        assert_eq!(
            json(&body),
            r#"[{"P":[{"T":"a b \tc"},{"A":["https://x y",[{"T":"d"}]]}]}]"#
        );
        assert_eq!(body.plain_text(), "a b \tcd");
    }

    #[test]
    fn a_malformed_block_is_named() {
        for (bad, why) in [
            (r#"[{"P":[{"T":"a"}],"H":[]}]"#, "one tag"),
            (r#"[{}]"#, "one tag"),
            (r#"[{"P":[{}]}]"#, "one tag"),
            (r#"[{"Para":[]}]"#, "unknown block `Para`"),
            (r#"[{"P":["Bold"]}]"#, "unknown run `Bold`"),
            (
                r#"[{"P":[{"A":["https://x.example"]}]}]"#,
                "[address, content]",
            ),
            (r#"[{"P":[{"A":["h",[],[]]}]}]"#, "[address, content]"),
            (r#"[{"P":[{"T":1}]}]"#, "expected a string"),
            (r#"[{"P":[{"Br":1}]}]"#, "`Br` takes null"),
        ] {
            let error = read(bad).unwrap_err().to_string();
            assert!(error.contains(why), "{bad}: {error}");
        }
    }

    #[test]
    fn only_http_https_and_mailto_are_links() {
        assert_eq!(
            safe_href(" https://postnord.se/x "),
            Some("https://postnord.se/x")
        );
        assert_eq!(safe_href("HTTP://postnord.se"), Some("HTTP://postnord.se"));
        assert_eq!(
            safe_href("mailto:kundservice@example.com"),
            Some("mailto:kundservice@example.com")
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/html,x",
            "/help",
            "//evil.example",
            "https://a b",
            "vbscript:x",
        ] {
            assert_eq!(safe_href(bad), None, "{bad}");
        }
    }
}
