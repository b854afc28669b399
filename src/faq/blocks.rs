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

/// Markdown → blocks. Native only: the `faq` command runs it when it builds the bundle.
#[cfg(not(target_arch = "wasm32"))]
pub fn from_markdown(markdown: &str) -> Vec<Block> {
    let mut events = pulldown_cmark::Parser::new(markdown);
    blocks_until(&mut events, None)
}

#[cfg(not(target_arch = "wasm32"))]
fn blocks_until<'a>(
    events: &mut impl Iterator<Item = pulldown_cmark::Event<'a>>,
    until: Option<pulldown_cmark::TagEnd>,
) -> Vec<Block> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut blocks = Vec::new();
    // Tight list items carry text without a paragraph: gather it into one.
    let mut loose: Vec<Inline> = Vec::new();
    let flush = |loose: &mut Vec<Inline>, blocks: &mut Vec<Block>| {
        if !loose.is_empty() {
            blocks.push(Block::P(std::mem::take(loose)));
        }
    };
    while let Some(event) = events.next() {
        match event {
            Event::End(end) if Some(end) == until => break,
            Event::Start(Tag::Paragraph) => {
                flush(&mut loose, &mut blocks);
                blocks.push(Block::P(inlines_until(events, TagEnd::Paragraph)));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut loose, &mut blocks);
                blocks.push(Block::H(inlines_until(events, TagEnd::Heading(level))));
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut loose, &mut blocks);
                let ordered = start.is_some();
                let mut items = Vec::new();
                while let Some(event) = events.next() {
                    match event {
                        Event::Start(Tag::Item) => {
                            items.push(blocks_until(events, Some(TagEnd::Item)))
                        }
                        Event::End(TagEnd::List(_)) => break,
                        _ => {}
                    }
                }
                blocks.push(if ordered {
                    Block::Ol(items)
                } else {
                    Block::Ul(items)
                });
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                flush(&mut loose, &mut blocks);
                blocks.push(Block::Quote(blocks_until(
                    events,
                    Some(TagEnd::BlockQuote(kind)),
                )));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut loose, &mut blocks);
                let mut text = String::new();
                for event in events.by_ref() {
                    match event {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                blocks.push(Block::Pre(text));
            }
            // Raw HTML is shown as the text it is.
            Event::Html(raw) => {
                flush(&mut loose, &mut blocks);
                blocks.push(Block::P(vec![Inline::T(raw.trim_end().to_owned())]));
            }
            other => {
                if let Some(inline) = inline_event(events, other) {
                    loose.push(inline);
                }
            }
        }
    }
    flush(&mut loose, &mut blocks);
    blocks
}

#[cfg(not(target_arch = "wasm32"))]
fn inlines_until<'a>(
    events: &mut impl Iterator<Item = pulldown_cmark::Event<'a>>,
    until: pulldown_cmark::TagEnd,
) -> Vec<Inline> {
    let mut inlines = Vec::new();
    while let Some(event) = events.next() {
        match event {
            pulldown_cmark::Event::End(end) if end == until => break,
            other => {
                if let Some(inline) = inline_event(events, other) {
                    inlines.push(inline);
                }
            }
        }
    }
    inlines
}

#[cfg(not(target_arch = "wasm32"))]
fn inline_event<'a>(
    events: &mut impl Iterator<Item = pulldown_cmark::Event<'a>>,
    event: pulldown_cmark::Event<'a>,
) -> Option<Inline> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    Some(match event {
        Event::Text(text) => Inline::T(text.into_string()),
        Event::Code(code) => Inline::C(code.into_string()),
        Event::InlineHtml(raw) | Event::Html(raw) => Inline::T(raw.into_string()),
        Event::SoftBreak => Inline::T(" ".to_owned()),
        Event::HardBreak => Inline::Br,
        Event::Start(Tag::Strong) => Inline::B(inlines_until(events, TagEnd::Strong)),
        Event::Start(Tag::Emphasis) => Inline::I(inlines_until(events, TagEnd::Emphasis)),
        Event::Start(Tag::Strikethrough) => Inline::I(inlines_until(events, TagEnd::Strikethrough)),
        Event::Start(Tag::Link { dest_url, .. }) => {
            let children = inlines_until(events, TagEnd::Link);
            match safe_href(&dest_url) {
                Some(href) => Inline::A(href.to_owned(), children),
                // An unsafe link keeps its words, not its address.
                None => Inline::I(children),
            }
        }
        Event::Start(Tag::Image { .. }) => {
            Inline::T(plain_inline(&inlines_until(events, TagEnd::Image)))
        }
        _ => return None,
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn plain_inline(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(&mut out, inlines);
    out
}

// from_markdown is native only, like the command that calls it.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn t(text: &str) -> Inline {
        Inline::T(text.to_owned())
    }

    #[test]
    fn paragraphs_lists_emphasis_and_links() {
        let blocks = from_markdown(
            "Yes. **Bring ID** and the *code*.\n\nHow:\n\n- Open the [app](https://www.postnord.se)\n- Show the code\n\n1. one\n2. two\n",
        );
        assert_eq!(
            blocks,
            vec![
                Block::P(vec![
                    t("Yes. "),
                    Inline::B(vec![t("Bring ID")]),
                    t(" and the "),
                    Inline::I(vec![t("code")]),
                    t(".")
                ]),
                Block::P(vec![t("How:")]),
                Block::Ul(vec![
                    vec![Block::P(vec![
                        t("Open the "),
                        Inline::A("https://www.postnord.se".into(), vec![t("app")])
                    ])],
                    vec![Block::P(vec![t("Show the code")])],
                ]),
                Block::Ol(vec![
                    vec![Block::P(vec![t("one")])],
                    vec![Block::P(vec![t("two")])]
                ]),
            ]
        );
    }

    #[test]
    fn raw_html_becomes_text_and_unsafe_links_lose_their_address() {
        let blocks = from_markdown(
            "<script>alert(1)</script>\n\nSee <b>this</b> [x](javascript:alert(1)) [y](/relative)",
        );
        assert_eq!(blocks[0], Block::P(vec![t("<script>alert(1)</script>")]));
        let text = plain_text(&blocks);
        assert!(text.contains("<b>this</b>"));
        let json = serde_json::to_string(&blocks).expect("json");
        assert!(!json.contains("javascript:"), "{json}");
        assert!(!json.contains("/relative"), "{json}");
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

    #[test]
    fn plain_text_keeps_the_words() {
        let blocks =
            from_markdown("# Title\n\nA **bold** [link](https://x.example) word.\n\n- one\n- two");
        assert_eq!(plain_text(&blocks), "Title\nA bold link word.\none\ntwo");
    }
}
