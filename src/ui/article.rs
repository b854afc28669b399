//! One FAQ article: rendered from its prepared blocks into DOM nodes (never through HTML
//! strings), links checked again, external ones in a new tab. "Did this answer your question?"
//! is asked under every article; the verdict is kept for the visit and told to the page. Back
//! returns to the results with the query and the scroll position as they were.

use super::faq::Faq;
use super::host::Host;
use super::panel::{PanelState, Screen};
use super::views::{shown, wording};
use super::visit::VisitLog;
use crate::escalation::policy::Offer;
use crate::faq::blocks::{safe_href, Blocks, Event, Events, Tag};
use crate::i18n::Key;
use crate::visit::Fact;
use leptos::prelude::*;

/// Opens article `doc`, remembering where the results were scrolled to.
pub(crate) fn open_article(panel: PanelState, faq: Faq, visit: VisitLog, doc: usize, id: &str) {
    let title = faq
        .data_untracked()
        .and_then(|d| d.bundle().articles.get(doc).map(|a| a.title.clone()))
        .unwrap_or_default();
    panel.show_article(doc);
    visit.record(Fact::Opened {
        id: id.to_owned(),
        lang: panel.lang_untracked(),
        title,
    });
}

#[component]
pub(crate) fn ArticleView() -> impl IntoView {
    let host = expect_context::<Host>();
    let (panel, faq, visit) = (
        expect_context::<PanelState>(),
        expect_context::<Faq>(),
        expect_context::<VisitLog>(),
    );
    let lang = host.lang;
    let article = move || {
        let Screen::Article(doc) = panel.screen.get() else {
            return None;
        };
        faq.data()
            .and_then(|d| d.bundle().articles.get(doc).cloned())
    };
    view! {
        <div class="sh-article-screen">
            <button type="button" class="sh-back" on:click=move |_| panel.back_to_results()>
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M15 5l-7 7 7 7"/></svg>
                {wording(lang, Key::BackToResults)}
            </button>
            {move || article().map(|article| {
                let id = article.id.clone();
                view! {
                    <article class="sh-article" lang=article.lang.code() aria-labelledby="sh-article-title">
                        <h3 class="sh-article-title" id="sh-article-title" tabindex="-1">{article.title.clone()}</h3>
                        <div class="sh-article-body">{render_body(&article.blocks)}</div>
                    </article>
                    <Verdict id/>
                    {shown(move || super::contact::current_offer(host, visit) != Offer::Hidden, move || view! {
                        <super::contact::ContactOffer/>
                    }.into_any())}
                }
            })}
        </div>
    }
}

/// "Did this answer your question? Yes / No", once per article and visit.
#[component]
fn Verdict(id: String) -> impl IntoView {
    let lang = expect_context::<Host>().lang;
    let visit = expect_context::<VisitLog>();
    let id = StoredValue::new(id);
    let given = move || id.with_value(|id| visit.with(|v| v.verdict(id)));
    let answer = move |helpful: bool| {
        let id = id.get_value();
        visit.record(Fact::Answered { id, helpful });
    };
    view! {
        <div class="sh-verdict" role="group" aria-labelledby="sh-verdict-q">
            {move || match given() {
                None => view! {
                    <p class="sh-verdict-question" id="sh-verdict-q">{wording(lang, Key::WasItHelpful)}</p>
                    <div class="sh-verdict-buttons">
                        <button type="button" class="sh-button sh-button--quiet" on:click=move |_| answer(true)>{wording(lang, Key::VerdictYes)}</button>
                        <button type="button" class="sh-button sh-button--quiet" on:click=move |_| answer(false)>{wording(lang, Key::VerdictNo)}</button>
                    </div>
                }.into_any(),
                Some(yes) => view! {
                    <p class="sh-verdict-question" id="sh-verdict-q" role="status">
                        {move || lang.get().t(if yes { Key::ThanksYes } else { Key::ThanksNo })}
                    </p>
                }.into_any(),
            }}
        </div>
    }
}

/// The body's DOM nodes, from its events: one function for every block and run, so the views are
/// few types.
fn render_body(blocks: &Blocks) -> Vec<AnyView> {
    render_until_end(&mut blocks.events())
}

/// The nodes up to the end of the enclosing tag (or of the body).
fn render_until_end(events: &mut Events) -> Vec<AnyView> {
    let mut nodes = Vec::new();
    while let Some(event) = events.next() {
        nodes.push(match event {
            Event::End => break,
            Event::Text(text) => text.to_owned().into_any(),
            Event::LineBreak => view! { <br/> }.into_any(),
            Event::Start(tag) => {
                let children = render_until_end(events);
                match tag {
                    Tag::Paragraph => view! { <p>{children}</p> }.into_any(),
                    Tag::Heading => view! { <h4>{children}</h4> }.into_any(),
                    Tag::Bullets => view! { <ul>{children}</ul> }.into_any(),
                    Tag::Numbered => view! { <ol>{children}</ol> }.into_any(),
                    Tag::Item => view! { <li>{children}</li> }.into_any(),
                    Tag::Quote => view! { <blockquote>{children}</blockquote> }.into_any(),
                    Tag::Preformatted => view! { <pre>{children}</pre> }.into_any(),
                    Tag::Bold => view! { <strong>{children}</strong> }.into_any(),
                    Tag::Italic => view! { <em>{children}</em> }.into_any(),
                    Tag::Code => view! { <code>{children}</code> }.into_any(),
                    Tag::Link(href) => match safe_href(href) {
                        Some(href) => {
                            let external = is_external(href);
                            view! {
                                <a
                                    class="sh-link"
                                    href=href.to_owned()
                                    target=external.then_some("_blank")
                                    rel=external.then_some("noopener noreferrer")
                                >
                                    {children}
                                </a>
                            }
                            .into_any()
                        }
                        None => children.into_any(),
                    },
                }
            }
        });
    }
    nodes
}

/// http(s) on another origin than the page opens in a new tab; mailto does not.
fn is_external(href: &str) -> bool {
    if href.to_ascii_lowercase().starts_with("mailto:") {
        return false;
    }
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    origin.is_empty() || !href.starts_with(&format!("{origin}/"))
}
