//! An article's body as the widget receives it: a small tree of blocks and inline runs, made from
//! the Markdown ahead of time by the native `faq` command. The WebAssembly renders it into DOM
//! nodes and never parses Markdown or HTML, so an article cannot inject markup: raw HTML in the
//! Markdown arrives as text, and only http, https and mailto links survive (checked again when
//! rendering, for bundles written by hand).
//!
//! JSON shape (externally tagged, compact): `{"P": [{"T": "text"}, {"B": [...]}, {"A": ["https://…", [...]]}]}`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// A paragraph.
    P(Vec<Inline>),
    /// A heading inside an article (any Markdown level; the view picks the level).
    H(Vec<Inline>),
    /// A bulleted list: each item is a list of blocks.
    Ul(Vec<Vec<Block>>),
    /// A numbered list.
    Ol(Vec<Vec<Block>>),
    Quote(Vec<Block>),
    /// Preformatted text.
    Pre(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Inline {
    /// Text.
    T(String),
    /// Bold.
    B(Vec<Inline>),
    /// Italic.
    I(Vec<Inline>),
    /// Code.
    C(String),
    /// A link: address and content.
    A(String, Vec<Inline>),
    /// A line break.
    Br,
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
        Block::P(inlines) | Block::H(inlines) => push_inlines(out, inlines),
        Block::Ul(items) | Block::Ol(items) => {
            for item in items {
                for block in item {
                    push_block(out, block);
                }
            }
        }
        Block::Quote(blocks) => blocks.iter().for_each(|b| push_block(out, b)),
        Block::Pre(text) => out.push_str(text),
    }
    out.push('\n');
}

fn push_inlines(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::T(text) | Inline::C(text) => out.push_str(text),
            Inline::B(children) | Inline::I(children) | Inline::A(_, children) => {
                push_inlines(out, children)
            }
            Inline::Br => out.push(' '),
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
