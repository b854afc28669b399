//! An article's body as the widget receives it: a small tree of blocks and inline runs, made from
//! the Markdown ahead of time by the native `faq` command. The WebAssembly renders it into DOM
//! nodes and never parses Markdown or HTML, so an article cannot inject markup: raw HTML in the
//! Markdown arrives as text, and only http, https and mailto links survive (checked again when
//! rendering, for bundles written by hand).
//!
//! JSON shape (externally tagged, compact): `{"P": [{"T": "text"}, {"B": [...]}, {"A": ["https://…", [...]]}]}`,
//! read and written by [`read_blocks`] and [`push_blocks`] (by hand, see [`crate::json`]).

use crate::json::{push_list, push_string, JsonError, Reader};

/// A block of an article's body. The JSON keeps one- or two-letter tags (`P`, `H`, `Ul`, …), which
/// keep the bundle small; the names say what each block is.
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
///
/// Boxed slices and strings, not `Vec` and `String`: a bundle of 10,000 articles holds some
/// 100,000 runs, and each `Vec` that grew while parsing kept room for four (see BENCHMARKS.md,
/// memory). A link, the rare large variant, is boxed, so a run is 24 bytes, not 56.
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

/// Reads `[block, …]`.
pub(crate) fn read_blocks(r: &mut Reader) -> Result<Box<[Block]>, JsonError> {
    Ok(r.list(read_block)?.into())
}

/// Reads `[[block, …], …]`: a list's items.
fn read_items(r: &mut Reader) -> Result<Box<[Box<[Block]>]>, JsonError> {
    Ok(r.list(read_blocks)?.into())
}

fn read_block(r: &mut Reader) -> Result<Block, JsonError> {
    let mut block = None;
    r.object(|r, tag| {
        if block.is_some() {
            return Err(r.error("a block has one tag"));
        }
        block = Some(match tag {
            "P" => Block::Paragraph(read_inlines(r)?),
            "H" => Block::Heading(read_inlines(r)?),
            "Ul" => Block::Bullets(read_items(r)?),
            "Ol" => Block::Numbered(read_items(r)?),
            "Quote" => Block::Quote(read_blocks(r)?),
            "Pre" => Block::Preformatted(r.string()?.into()),
            other => {
                return Err(r.error(format!(
                    "unknown block `{other}` (expected P, H, Ul, Ol, Quote or Pre)"
                )))
            }
        });
        Ok(())
    })?;
    block.ok_or_else(|| r.error("a block has one tag"))
}

/// Reads `[inline, …]`.
fn read_inlines(r: &mut Reader) -> Result<Box<[Inline]>, JsonError> {
    Ok(r.list(read_inline)?.into())
}

fn read_inline(r: &mut Reader) -> Result<Inline, JsonError> {
    let mut inline = None;
    let mut tagged = |r: &mut Reader, tag: &str| {
        if inline.is_some() {
            return Err(r.error("a run has one tag"));
        }
        inline = Some(match tag {
            "T" => Inline::Text(r.string()?.into()),
            "B" => Inline::Bold(read_inlines(r)?),
            "I" => Inline::Italic(read_inlines(r)?),
            "C" => Inline::Code(r.string()?.into()),
            "A" => {
                let (mut href, mut content) = (None, None);
                r.array(|r| {
                    match (&href, &content) {
                        (None, _) => href = Some(r.string()?.into()),
                        (Some(_), None) => content = Some(read_inlines(r)?),
                        _ => return Err(r.error("a link is [address, content]")),
                    }
                    Ok(())
                })?;
                match (href, content) {
                    (Some(href), Some(content)) => Inline::Link(Box::new((href, content))),
                    _ => return Err(r.error("a link is [address, content]")),
                }
            }
            "Br" if r.null() => Inline::LineBreak,
            "Br" => return Err(r.error("`Br` takes null or is written \"Br\"")),
            other => {
                return Err(r.error(format!(
                    "unknown run `{other}` (expected T, B, I, C, A or Br)"
                )))
            }
        });
        Ok(())
    };
    if r.at_string() {
        return match &*r.string()? {
            "Br" => Ok(Inline::LineBreak),
            other => Err(r.error(format!("unknown run `{other}`"))),
        };
    }
    r.object(&mut tagged)?;
    inline.ok_or_else(|| r.error("a run has one tag"))
}

/// Appends `blocks` as `[block, …]`.
pub(crate) fn push_blocks(out: &mut String, blocks: &[Block]) {
    push_list(out, blocks, push_block_json);
}

fn push_block_json(out: &mut String, block: &Block) {
    let tag = match block {
        Block::Paragraph(_) => "P",
        Block::Heading(_) => "H",
        Block::Bullets(_) => "Ul",
        Block::Numbered(_) => "Ol",
        Block::Quote(_) => "Quote",
        Block::Preformatted(_) => "Pre",
    };
    out.push_str("{\"");
    out.push_str(tag);
    out.push_str("\":");
    match block {
        Block::Paragraph(inlines) | Block::Heading(inlines) => push_inlines_json(out, inlines),
        Block::Bullets(items) | Block::Numbered(items) => {
            push_list(out, items, |out, item| push_blocks(out, item))
        }
        Block::Quote(blocks) => push_blocks(out, blocks),
        Block::Preformatted(text) => push_string(out, text),
    }
    out.push('}');
}

fn push_inlines_json(out: &mut String, inlines: &[Inline]) {
    push_list(out, inlines, push_inline_json);
}

fn push_inline_json(out: &mut String, inline: &Inline) {
    let tag = match inline {
        Inline::LineBreak => return out.push_str("\"Br\""),
        Inline::Text(_) => "T",
        Inline::Bold(_) => "B",
        Inline::Italic(_) => "I",
        Inline::Code(_) => "C",
        Inline::Link(_) => "A",
    };
    out.push_str("{\"");
    out.push_str(tag);
    out.push_str("\":");
    match inline {
        Inline::Text(text) | Inline::Code(text) => push_string(out, text),
        Inline::Bold(children) | Inline::Italic(children) => push_inlines_json(out, children),
        Inline::Link(link) => {
            out.push('[');
            push_string(out, &link.0);
            out.push(',');
            push_inlines_json(out, &link.1);
            out.push(']');
        }
        Inline::LineBreak => {}
    }
    out.push('}');
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

/// The body as plain text, for search and snippets.
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        push_block(&mut out, block);
    }
    out.trim().to_owned()
}

fn push_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph(inlines) | Block::Heading(inlines) => push_inlines(out, inlines),
        Block::Bullets(items) | Block::Numbered(items) => {
            for item in items {
                for block in item {
                    push_block(out, block);
                }
            }
        }
        Block::Quote(blocks) => blocks.iter().for_each(|b| push_block(out, b)),
        Block::Preformatted(text) => out.push_str(text),
    }
    out.push('\n');
}

fn push_inlines(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Bold(children) | Inline::Italic(children) => push_inlines(out, children),
            Inline::Link(link) => push_inlines(out, &link.1),
            Inline::LineBreak => out.push(' '),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Box<[Block]>, JsonError> {
        let mut r = Reader::new(json);
        let blocks = read_blocks(&mut r)?;
        r.finish()?;
        Ok(blocks)
    }

    #[test]
    fn every_block_and_run_reads_back_what_was_written() {
        let json = r#"[{"H":[{"T":"Title"}]},{"P":[{"T":"a "},{"B":[{"I":[{"T":"b"}]}]},"Br",{"C":"c"},{"A":["https://x.example",[{"T":"link"}]]}]},{"Ul":[[{"P":[{"T":"one"}]}],[{"Quote":[{"Pre":"x\ny"}]}]]},{"Ol":[]}]"#;
        let blocks = read(json).unwrap();
        assert_eq!(blocks.len(), 4);
        assert_eq!(plain_text(&blocks[..1]), "Title");
        let mut out = String::new();
        push_blocks(&mut out, &blocks);
        assert_eq!(out, json);
        assert_eq!(
            read(r#"[{"P":[{"Br":null}]}]"#).unwrap(),
            read(r#"[{"P":["Br"]}]"#).unwrap()
        );
    }

    #[test]
    fn a_malformed_block_is_named() {
        for (bad, why) in [
            (r#"[{"P":[{"T":"a"}],"H":[]}]"#, "one tag"),
            (r#"[{}]"#, "one tag"),
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
