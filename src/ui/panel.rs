//! The panel: a dialog in launcher mode (focus moves in, Tab stays inside, Escape closes), a plain
//! section of the page in inline mode. It holds the header (title, language, close) and the two
//! entry points of self-help: searching the help and tracking a parcel.
//!
//! [`PanelState`] is the panel's own context: open or closed, which screen, where focus goes, and
//! the write half of the language (every other component reads it from [`Host`]).

use super::article::ArticleView;
use super::contact::{current_offer, ContactOffer, ContactScreen};
use super::dom::{focus_in, trap_tab, Field};
use super::faq::{Faq, SearchEntry};
use super::host::Host;
use super::tracking::{TrackEntry, Tracking};
use super::views::{shown, wording};
use super::visit::VisitLog;
use crate::escalation::policy::Offer;
use crate::i18n::{Key, Lang};
use leptos::ev::KeyboardEvent;
use leptos::html::Div;
use leptos::prelude::*;
use web_sys::HtmlElement;

/// What the panel shows: the start (search and tracking) or one article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Screen {
    Home,
    Article(usize),
    /// Reaching a person.
    Contact,
    /// The built-in chat.
    Chat,
}

#[derive(Clone, Copy)]
pub(crate) struct PanelState {
    pub open: ReadSignal<bool>,
    write_open: WriteSignal<bool>,
    write_lang: WriteSignal<Lang>,
    pub screen: RwSignal<Screen>,
    /// The field that gets focus when the dialog opens: search, unless opened to track.
    pub focus_on_open: RwSignal<Field>,
    /// Where the results were scrolled to when an article opened.
    scroll_memory: StoredValue<i32>,
    launcher: StoredValue<Option<HtmlElement>, LocalStorage>,
    /// The loader's `(lang) => Promise<string>` for a language's words file (release build).
    load_texts: StoredValue<Option<js_sys::Function>, LocalStorage>,
    /// The language asked for last: a file arriving late does not undo a later choice.
    wanted_lang: StoredValue<Lang>,
    host: Host,
}

impl PanelState {
    pub fn new(
        host: Host,
        write_lang: WriteSignal<Lang>,
        launcher: Option<HtmlElement>,
        load_texts: Option<js_sys::Function>,
    ) -> PanelState {
        // Inline panels are always open; only the launcher's dialog opens and closes.
        let (open, write_open) = signal(!host.is_dialog());
        PanelState {
            open,
            write_open,
            write_lang,
            screen: RwSignal::new(Screen::Home),
            focus_on_open: RwSignal::new(Field::Search),
            scroll_memory: StoredValue::new(0),
            launcher: StoredValue::new_local(launcher),
            load_texts: StoredValue::new_local(load_texts),
            wanted_lang: StoredValue::new(host.lang.get_untracked()),
            host,
        }
    }

    /// Opens or closes the dialog; true when that changed anything. Closing returns focus to
    /// the launcher, where the buyer was.
    pub fn set_open(&self, open: bool) -> bool {
        if !self.host.is_dialog() || self.open.get_untracked() == open {
            return false;
        }
        self.write_open.set(open);
        self.launcher.with_value(|launcher| {
            if let Some(launcher) = launcher {
                let _ =
                    launcher.set_attribute("aria-expanded", if open { "true" } else { "false" });
                if !open {
                    let _ = launcher.focus();
                }
            }
        });
        let name = if open {
            "selfhelp:open"
        } else {
            "selfhelp:close"
        };
        self.host
            .emit(name, &[("lang", self.host.lang.get_untracked().code())]);
        true
    }

    /// Switches the panel to `lang`; in the release build, once that language's words are
    /// here (fetched now if need be; if they cannot be had, the merchant is told and the panel
    /// switches with English words).
    pub fn set_lang(&self, lang: Lang) {
        self.wanted_lang.set_value(lang);
        if self.host.lang.get_untracked() == lang {
            return;
        }
        if lang.has_words() {
            return self.switch_lang(lang);
        }
        self.fetch_words(lang);
    }

    /// Has the loader fetch `lang`'s words file (its request in flight, if any), then shows
    /// the panel in `lang` if the buyer still wants it: at once in words that arrived, or in
    /// English when they cannot be had.
    pub(crate) fn fetch_words(&self, lang: Lang) {
        let Some(load) = self.load_texts.get_value() else {
            install_texts(self.host, lang, None);
            return self.switch_lang(lang);
        };
        let panel = *self;
        leptos::task::spawn_local(async move {
            let asked = load.call1(&wasm_bindgen::JsValue::NULL, &lang.code().into());
            let answer = match asked.map(js_sys::Promise::from) {
                Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await,
                Err(error) => Err(error),
            };
            // The buyer may have chosen again meanwhile, or the widget was removed.
            let Some(wanted) = panel.wanted_lang.try_get_value() else {
                return;
            };
            let json = answer.ok().and_then(|text| text.as_string());
            install_texts(panel.host, lang, json.as_deref());
            if wanted == lang {
                panel.switch_lang(lang);
            }
        });
    }

    /// Shows the panel in `lang`. Set even when it already is: its words may have just arrived
    /// (until then it spoke English); the page is told only of a change.
    fn switch_lang(&self, lang: Lang) {
        let changed = self.host.lang.get_untracked() != lang;
        self.write_lang.set(lang);
        if changed {
            self.host.emit("selfhelp:lang", &[("lang", lang.code())]);
        }
    }

    /// Shows `screen` with focus on `field`.
    pub fn go(&self, screen: Screen, field: Field) {
        self.screen.set(screen);
        focus_in(self.host, field);
    }

    /// Shows an article, remembering where the results were scrolled to for Back.
    pub fn show_article(&self, doc: usize) {
        self.scroll_memory
            .set_value(super::dom::body_scroll(self.host));
        self.go(Screen::Article(doc), Field::ArticleTitle);
    }

    /// Back from an article to the results, scrolled where they were.
    pub fn back_to_results(&self) {
        self.go(Screen::Home, Field::Search);
        super::dom::restore_body_scroll(self.host, self.scroll_memory.get_value());
    }

    pub fn lang_untracked(&self) -> Lang {
        self.host.lang.get_untracked()
    }
}

/// What the widget reads only once the buyer is there (first open, or first focus in an inline
/// panel), never before: the recent numbers, the FAQ, and the visit's end-of-visit beacon.
pub(crate) fn first_use(tracking: Tracking, faq: Faq, visit: VisitLog) {
    tracking.load_recent();
    faq.load();
    visit.start();
}

#[component]
pub(crate) fn Panel() -> impl IntoView {
    let host = expect_context::<Host>();
    let panel = expect_context::<PanelState>();
    let (tracking, faq, visit) = (
        expect_context::<Tracking>(),
        expect_context::<Faq>(),
        expect_context::<VisitLog>(),
    );
    let chat = expect_context::<super::chat::Chat>();
    let lang = host.lang;
    let is_dialog = host.is_dialog();
    let panel_ref = NodeRef::<Div>::new();

    // Move focus into the dialog when it opens. The panel is unhidden in the same update, so wait
    // a frame for it to become focusable.
    Effect::new(move |_| {
        if is_dialog && panel.open.get() {
            focus_in(host, panel.focus_on_open.get_untracked());
        }
    });

    let home = move || panel.screen.get() == Screen::Home;
    let offer = move || current_offer(host, visit);

    let on_keydown = move |ev: KeyboardEvent| {
        if !is_dialog {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                panel.set_open(false);
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
            // The language of the words shown: English while a language's file is missing.
            lang=move || Some(lang.get()).filter(|l| l.has_words()).unwrap_or(Lang::En).code()
            hidden=move || !panel.open.get()
            on:keydown=on_keydown
            on:focusin=move |_| first_use(tracking, faq, visit)
        >
            <Header is_dialog/>
            <div class="sh-body" part="body">
                {shown(move || home() && chat.is_active(), move || view! {
                    <super::chat::ReturnToChat/>
                }.into_any())}
                {shown(move || home() && offer() == Offer::First, move || view! {
                    <ContactOffer/>
                }.into_any())}
                <SearchEntry/>
                {shown(home, move || view! {
                    <TrackEntry/>
                }.into_any())}
                {shown(move || home() && offer() == Offer::AfterAnswers, move || view! {
                    <ContactOffer/>
                }.into_any())}
                {shown(move || matches!(panel.screen.get(), Screen::Article(_)), move || view! {
                    <ArticleView/>
                }.into_any())}
                {shown(move || panel.screen.get() == Screen::Contact, move || view! {
                    <ContactScreen/>
                }.into_any())}
                {shown(move || panel.screen.get() == Screen::Chat, move || view! {
                    <super::chat::ChatScreen/>
                }.into_any())}
            </div>
        </div>
    }
}

/// Title, language menu and (for the dialog) the close button.
#[component]
fn Header(is_dialog: bool) -> impl IntoView {
    let panel = expect_context::<PanelState>();
    let lang = expect_context::<Host>().lang;
    let on_change = move |ev| {
        if let Some(chosen) = Lang::from_tag(&event_target_value(&ev)) {
            panel.set_lang(chosen);
        }
    };
    view! {
        <div class="sh-header" part="header">
            <h2 id="sh-title" class="sh-title" part="title">{wording(lang, Key::PanelTitle)}</h2>
            <label class="sh-lang">
                <span class="sh-vh">{wording(lang, Key::LanguageLabel)}</span>
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
                    aria-label=wording(lang, Key::CloseLabel)
                    on:click=move |_| { panel.set_open(false); }
                >
                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M6 6l12 12M18 6L6 18"/>
                    </svg>
                </button>
            })}
        </div>
    }
}

/// Takes a language's words file (`json`, None when it could not be fetched); tells the
/// merchant once when it cannot be used.
pub(crate) fn install_texts(host: Host, lang: Lang, json: Option<&str>) {
    use crate::diagnostics::{Area, Diagnostic, Problem};
    let unreadable = match json.map(|json| crate::i18n::files::install(lang, json)) {
        Some(Ok(())) => return,
        Some(Err(error)) => Some(error),
        None => None,
    };
    let problem = Problem::TextsUnavailable { lang, unreadable };
    host.report(&Diagnostic::new(Area::Config, problem));
}
