//! An article's body as the widget receives it: a small tree of blocks and inline runs, made from
//! the Markdown ahead of time by the native `faq` command. The WebAssembly renders it into DOM
//! nodes and never parses Markdown or HTML, so an article cannot inject markup: raw HTML in the
//! Markdown arrives as text, and only http, https and mailto links survive (checked again when
//! rendering, for bundles written by hand).
//!
//! JSON shape (externally tagged, compact): `{"P": [{"T": "text"}, {"B": [...]}, {"A": ["https://…", [...]]}]}`.

use serde::{Deserialize, Serialize};

/// A block of an article's body. The JSON keeps one- or two-letter tags (`P`, `H`, `Ul`, …), which
/// keep the bundle small; the names say what each block is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Block {
    #[serde(rename = "P")]
    Paragraph(Box<[Inline]>),
    /// A heading inside an article (any Markdown level; the view picks the level).
    #[serde(rename = "H")]
    Heading(Box<[Inline]>),
    /// A bulleted list: each item is a list of blocks.
    #[serde(rename = "Ul")]
    Bullets(Box<[Box<[Block]>]>),
    /// A numbered list: each item is a list of blocks.
    #[serde(rename = "Ol")]
    Numbered(Box<[Box<[Block]>]>),
    Quote(Box<[Block]>),
    #[serde(rename = "Pre")]
    Preformatted(Box<str>),
}

/// A run of text inside a block, tagged in the JSON by one or two letters (`T`, `B`, `A`, …).
///
/// Boxed slices and strings, not `Vec` and `String`: a bundle of 10,000 articles holds some
/// 100,000 runs, and each `Vec` that grew while parsing kept room for four (see BENCHMARKS.md,
/// memory). A link, the rare large variant, is boxed, so a run is 24 bytes, not 56.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Inline {
    #[serde(rename = "T")]
    Text(Box<str>),
    #[serde(rename = "B")]
    Bold(Box<[Inline]>),
    #[serde(rename = "I")]
    Italic(Box<[Inline]>),
    #[serde(rename = "C")]
    Code(Box<str>),
    /// Its address and content; in the JSON `["https://…", [...]]`.
    #[serde(rename = "A")]
    Link(Box<(Box<str>, Box<[Inline]>)>),
    #[serde(rename = "Br")]
    LineBreak,
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
