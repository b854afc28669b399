//! The panel: a dialog in launcher mode (focus moves in, Tab stays inside, Escape closes), a plain
//! section of the page in inline mode. It holds the header (title, language, close) and the two
//! entry points of self-help: searching the help and tracking a parcel.

use super::article::ArticleView;
use super::contact::{current_offer, ContactOffer, ContactScreen};
use super::dom::trap_tab;
use super::faq::{Screen, SearchEntry};
use super::shell::Shell;
use super::tracking::TrackEntry;
use crate::escalation::policy::Offer;
use crate::i18n::{Key, Lang};
use leptos::ev::KeyboardEvent;
use leptos::html::Div;
use leptos::prelude::*;

#[component]
pub(crate) fn Panel() -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    let is_dialog = shell.is_dialog();
    let panel_ref = NodeRef::<Div>::new();

    // Move focus into the dialog when it opens. The panel is unhidden in the same update, so wait
    // a frame for it to become focusable.
    Effect::new(move |_| {
        if is_dialog && shell.open.get() {
            super::dom::focus_in(shell, shell.focus_on_open.get_untracked());
        }
    });

    let home = move || shell.screen.get() == Screen::Home;
    let offer = move || current_offer(shell);

    let on_keydown = move |ev: KeyboardEvent| {
        if !is_dialog {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                shell.set_open(false);
            }
            "Tab" => {
                if let Some(panel) = panel_ref.get_untracked() {
                    trap_tab(&panel, &ev);
                }
            }
            _ => {}
        }
    };

    view! {
        <div
            class="sh-panel"
            class:sh-panel--inline=!is_dialog
            part="panel"
            node_ref=panel_ref
            role=is_dialog.then_some("dialog")
            aria-modal=is_dialog.then_some("true")
            aria-labelledby="sh-title"
            lang=move || lang.get().code()
            hidden=move || !shell.open.get()
            on:keydown=on_keydown
            on:focusin=move |_| {
                super::tracking::load_recent(shell);
                super::faq::load_faq(shell);
                shell.start_visit();
            }
        >
            <Header is_dialog/>
            <div class="sh-body" part="body">
                <Show when=move || home() && super::chat::is_active(shell)>
                    <super::chat::ReturnToChat/>
                </Show>
                <Show when=move || home() && offer() == Offer::First>
                    <ContactOffer/>
                </Show>
                <SearchEntry/>
                <Show when=home>
                    <TrackEntry/>
                </Show>
                <Show when=move || home() && offer() == Offer::AfterAnswers>
                    <ContactOffer/>
                </Show>
                <Show when=move || matches!(shell.screen.get(), Screen::Article(_))>
                    <ArticleView/>
                </Show>
                <Show when=move || shell.screen.get() == Screen::Contact>
                    <ContactScreen/>
                </Show>
                <Show when=move || shell.screen.get() == Screen::Chat>
                    <super::chat::ChatScreen/>
                </Show>
            </div>
        </div>
    }
}

/// Title, language menu and (for the dialog) the close button.
#[component]
fn Header(is_dialog: bool) -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    let on_change = move |ev| {
        if let Some(chosen) = Lang::from_tag(&event_target_value(&ev)) {
            shell.set_lang(chosen);
        }
    };
    view! {
        <div class="sh-header" part="header">
            <h2 id="sh-title" class="sh-title" part="title">{move || lang.get().t(Key::PanelTitle)}</h2>
            <label class="sh-lang">
                <span class="sh-vh">{move || lang.get().t(Key::LanguageLabel)}</span>
                <select class="sh-select" part="language" on:change=on_change prop:value=move || lang.get().code()>
                    {Lang::ALL
                        .into_iter()
                        .map(|l| view! { <option value=l.code() lang=l.code() selected=move || lang.get() == l>{l.endonym()}</option> })
                        .collect_view()}
                </select>
            </label>
            {is_dialog.then(|| view! {
                <button
                    type="button"
                    class="sh-close"
                    part="close"
                    aria-label=move || lang.get().t(Key::CloseLabel)
                    on:click=move |_| shell.set_open(false)
                >
                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M6 6l12 12M18 6L6 18"/>
                    </svg>
                </button>
            })}
        </div>
    }
}
