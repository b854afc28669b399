//! The panel: a dialog in launcher mode (focus moves in, Tab stays inside, Escape closes), a plain
//! section of the page in inline mode. It holds the header (title, language, close) and the two
//! entry points of self-help: searching the help and tracking a parcel.

use super::dom::trap_tab;
use super::shell::Shell;
use crate::i18n::{Key, Lang};
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html::{Div, Input};
use leptos::prelude::*;

#[component]
pub(crate) fn Panel() -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    let is_dialog = shell.is_dialog();
    let panel_ref = NodeRef::<Div>::new();
    let search_ref = NodeRef::<Input>::new();

    // Move focus into the dialog when it opens. The panel is unhidden in the same update, so wait
    // a frame for it to become focusable.
    Effect::new(move |_| {
        if is_dialog && shell.open.get() {
            request_animation_frame(move || {
                if let Some(input) = search_ref.get_untracked() {
                    let _ = input.focus();
                }
            });
        }
    });

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
        >
            <Header is_dialog/>
            <div class="sh-body" part="body">
                <SearchEntry input_ref=search_ref/>
                <TrackEntry/>
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

/// The search field. Results arrive with the FAQ feature; the field keeps what was typed.
#[component]
fn SearchEntry(input_ref: NodeRef<Input>) -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    view! {
        <form class="sh-entry" on:submit=|ev: SubmitEvent| ev.prevent_default()>
            <label class="sh-label" for="sh-q">{move || lang.get().t(Key::SearchLabel)}</label>
            <input
                id="sh-q"
                class="sh-input"
                part="search-input"
                type="search"
                autocomplete="off"
                enterkeyhint="search"
                node_ref=input_ref
                placeholder=move || lang.get().t(Key::SearchPlaceholder)
                prop:value=move || shell.query.get()
                on:input=move |ev| shell.query.set(event_target_value(&ev))
            />
        </form>
    }
}

/// The tracking field and its button.
#[component]
fn TrackEntry() -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    view! {
        <form class="sh-entry" on:submit=|ev: SubmitEvent| ev.prevent_default()>
            <h3 class="sh-subtitle">{move || lang.get().t(Key::TrackHeading)}</h3>
            <label class="sh-label" for="sh-t">{move || lang.get().t(Key::TrackLabel)}</label>
            <p class="sh-hint" id="sh-t-hint">{move || lang.get().t(Key::TrackHint)}</p>
            <div class="sh-row">
                <input
                    id="sh-t"
                    class="sh-input"
                    part="track-input"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    aria-describedby="sh-t-hint"
                    prop:value=move || shell.tracking_input.get()
                    on:input=move |ev| shell.tracking_input.set(event_target_value(&ev))
                />
                <button type="submit" class="sh-button" part="track-button">
                    {move || lang.get().t(Key::TrackButton)}
                </button>
            </div>
        </form>
    }
}
