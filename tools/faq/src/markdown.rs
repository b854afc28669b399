//! Markdown → the bundle's block tree, once, at build time: the browser carries no Markdown
//! parser and cannot be made to render markup. Raw HTML arrives as text; links keep only http,
//! https and mailto addresses (the widget checks again when it renders).

use selfhelp::faq::blocks::{safe_href, Block, Blocks, Inline};

/// Markdown → blocks.
pub fn from_markdown(markdown: &str) -> Vec<Block> {
    let mut events = pulldown_cmark::Parser::new(markdown);
    blocks_until(&mut events, None).into_vec()
}

fn blocks_until<'a>(
    events: &mut impl Iterator<Item = pulldown_cmark::Event<'a>>,
    until: Option<pulldown_cmark::TagEnd>,
) -> Box<[Block]> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut blocks = Vec::new();
    // Tight list items carry text without a paragraph: gather it into one.
    let mut loose: Vec<Inline> = Vec::new();
    let flush = |loose: &mut Vec<Inline>, blocks: &mut Vec<Block>| {
        if !loose.is_empty() {
            blocks.push(Block::Paragraph(std::mem::take(loose).into()));
        }
    };
    while let Some(event) = events.next() {
        match event {
            Event::End(end) if Some(end) == until => break,
            Event::Start(Tag::Paragraph) => {
                flush(&mut loose, &mut blocks);
                blocks.push(Block::Paragraph(inlines_until(events, TagEnd::Paragraph)));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut loose, &mut blocks);
                blocks.push(Block::Heading(inlines_until(
                    events,
                    TagEnd::Heading(level),
                )));
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
                    Block::Numbered(items.into())
                } else {
                    Block::Bullets(items.into())
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
                blocks.push(Block::Preformatted(text.into()));
            }
            // Raw HTML is shown as the text it is.
            Event::Html(raw) => {
                flush(&mut loose, &mut blocks);
                blocks.push(Block::Paragraph(Box::new([Inline::Text(
                    raw.trim_end().into(),
                )])));
            }
            other => {
                if let Some(inline) = inline_event(events, other) {
                    loose.push(inline);
                }
            }
        }
    }
    flush(&mut loose, &mut blocks);
    blocks.into()
}

fn inlines_until<'a>(
    events: &mut impl Iterator<Item = pulldown_cmark::Event<'a>>,
    until: pulldown_cmark::TagEnd,
) -> Box<[Inline]> {
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
    inlines.into()
}

fn inline_event<'a>(
    events: &mut impl Iterator<Item = pulldown_cmark::Event<'a>>,
    event: pulldown_cmark::Event<'a>,
) -> Option<Inline> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    Some(match event {
        Event::Text(text) => Inline::Text(text.into_string().into()),
        Event::Code(code) => Inline::Code(code.into_string().into()),
        Event::InlineHtml(raw) | Event::Html(raw) => Inline::Text(raw.into_string().into()),
        Event::SoftBreak => Inline::Text(" ".into()),
        Event::HardBreak => Inline::LineBreak,
        Event::Start(Tag::Strong) => Inline::Bold(inlines_until(events, TagEnd::Strong)),
        Event::Start(Tag::Emphasis) => Inline::Italic(inlines_until(events, TagEnd::Emphasis)),
        Event::Start(Tag::Strikethrough) => {
            Inline::Italic(inlines_until(events, TagEnd::Strikethrough))
        }
        Event::Start(Tag::Link { dest_url, .. }) => {
            let children = inlines_until(events, TagEnd::Link);
            match safe_href(&dest_url) {
                Some(href) => Inline::Link(Box::new((href.into(), children))),
                // An unsafe link keeps its words, not its address.
                None => Inline::Italic(children),
            }
        }
        Event::Start(Tag::Image { .. }) => {
            Inline::Text(plain_inline(&inlines_until(events, TagEnd::Image)).into())
        }
        _ => return None,
    })
}

fn plain_inline(inlines: &[Inline]) -> String {
    Blocks::from_tree(&[Block::Paragraph(inlines.into())]).plain_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b<T, const N: usize>(items: [T; N]) -> Box<[T]> {
        Box::new(items)
    }

    fn t(text: &str) -> Inline {
        Inline::Text(text.into())
    }

    #[test]
    fn paragraphs_lists_emphasis_and_links() {
        let blocks = from_markdown(
            "Yes. **Bring ID** and the *code*.\n\nHow:\n\n- Open the [app](https://www.postnord.se)\n- Show the code\n\n1. one\n2. two\n",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(b([
                    t("Yes. "),
                    Inline::Bold(b([t("Bring ID")])),
                    t(" and the "),
                    Inline::Italic(b([t("code")])),
                    t(".")
                ])),
                Block::Paragraph(b([t("How:")])),
                Block::Bullets(b([
                    b([Block::Paragraph(b([
                        t("Open the "),
                        Inline::Link(Box::new(("https://www.postnord.se".into(), b([t("app")]))))
                    ]))]),
                    b([Block::Paragraph(b([t("Show the code")]))]),
                ])),
                Block::Numbered(b([
                    b([Block::Paragraph(b([t("one")]))]),
                    b([Block::Paragraph(b([t("two")]))])
                ])),
            ]
        );
    }

    #[test]
    fn raw_html_becomes_text_and_unsafe_links_lose_their_address() {
        let blocks = from_markdown(
            "<script>alert(1)</script>\n\nSee <b>this</b> [x](javascript:alert(1)) [y](/relative)",
        );
        assert_eq!(
            blocks[0],
            Block::Paragraph(b([t("<script>alert(1)</script>")]))
        );
        let text = Blocks::from_tree(&blocks).plain_text();
        assert!(text.contains("<b>this</b>"));
        let all = format!("{blocks:?}");
        assert!(!all.contains("javascript:"), "{all}");
        assert!(!all.contains("/relative"), "{all}");
    }

    #[test]
    fn plain_text_keeps_the_words() {
        let blocks =
            from_markdown("# Title\n\nA **bold** [link](https://x.example) word.\n\n- one\n- two");
        assert_eq!(
            Blocks::from_tree(&blocks).plain_text(),
            "Title\nA bold link word.\none\ntwo"
        );
    }
}
