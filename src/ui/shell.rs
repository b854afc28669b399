//! The widget's shared UI state and the actions that change it: open and close (with the focus
//! and `aria-expanded` bookkeeping a dialog needs), language, and the fields' contents.
//!
//! Kept as one `Copy` struct of signals in context, so components take only what they read.

use super::dom;
use crate::config::{Config, Mode};
use crate::escalation::outcome::beacon_json;
use crate::escalation::trail::Trail;
use crate::i18n::Lang;
use crate::net::Canceller;
use crate::ui::faq::{FaqData, FaqState, Screen};
use crate::ui::handoff::HandedTo;
use crate::ui::tracking::TrackState;
use crate::visit::{Fact, Visit};
use leptos::prelude::*;
use std::rc::Rc;
use web_sys::HtmlElement;

#[derive(Clone, Copy)]
pub(crate) struct Shell {
    pub open: RwSignal<bool>,
    pub lang: RwSignal<Lang>,
    /// What the buyer typed in the search field; kept while the panel is closed.
    pub query: RwSignal<String>,
    /// What the buyer typed in the tracking field; kept while the panel is closed.
    pub tracking_input: RwSignal<String>,
    /// The tracking lookup: idle, invalid input, loading, found, failed.
    pub track: RwSignal<TrackState>,
    /// Recently tracked numbers, read from storage on first open (never before).
    pub recent: RwSignal<Option<Vec<String>>>,
    /// Cancels the lookup in flight when a newer one starts.
    pub canceller: StoredValue<Canceller, LocalStorage>,
    pub faq: RwSignal<FaqState>,
    pub faq_data: StoredValue<Option<Rc<FaqData>>, LocalStorage>,
    pub screen: RwSignal<Screen>,
    /// Where the results were scrolled to when an article opened.
    pub scroll_memory: StoredValue<i32>,
    /// What the buyer did and learned this visit: the trail for the agent, the signals the
    /// contact policy reads, counts, outcome and verdicts. Changed only through [`Shell::record`].
    pub visit: RwSignal<Visit>,
    /// Where the conversation went once the buyer asked for a person.
    pub handed: RwSignal<Option<HandedTo>>,
    /// The built-in chat.
    pub chat: super::chat::Chat,
    /// Whether the end-of-visit beacon is set up (on first open, never before).
    visit_started: StoredValue<bool>,
    pub config: StoredValue<Config>,
    /// The field that gets focus when the dialog opens: search, unless opened to track.
    pub focus_on_open: RwSignal<&'static str>,
    host: StoredValue<HtmlElement, LocalStorage>,
    launcher: StoredValue<Option<HtmlElement>, LocalStorage>,
}

impl Shell {
    pub fn new(
        host: HtmlElement,
        launcher: Option<HtmlElement>,
        lang: Lang,
        config: Config,
    ) -> Shell {
        Shell {
            // Inline panels are always open; only the launcher's dialog opens and closes.
            open: RwSignal::new(config.mode == Mode::Inline),
            lang: RwSignal::new(lang),
            query: RwSignal::new(String::new()),
            tracking_input: RwSignal::new(String::new()),
            track: RwSignal::new(TrackState::Idle),
            recent: RwSignal::new(None),
            canceller: StoredValue::new_local(Canceller::default()),
            faq: RwSignal::new(if config.faq_src.is_some() {
                FaqState::NotLoaded
            } else {
                FaqState::Off
            }),
            faq_data: StoredValue::new_local(None),
            screen: RwSignal::new(Screen::Home),
            scroll_memory: StoredValue::new(0),
            visit: RwSignal::new(Visit::new(Trail::new(
                lang,
                config.market,
                config.context,
                &web_sys::window()
                    .and_then(|w| w.location().href().ok())
                    .unwrap_or_default(),
                &String::from(js_sys::Date::new_0().to_iso_string()),
            ))),
            handed: RwSignal::new(None),
            chat: super::chat::Chat::new(),
            visit_started: StoredValue::new(false),
            config: StoredValue::new(config),
            focus_on_open: RwSignal::new("#sh-q"),
            host: StoredValue::new_local(host),
            launcher: StoredValue::new_local(launcher),
        }
    }

    pub fn is_dialog(&self) -> bool {
        self.config.with_value(|c| c.mode == Mode::Launcher)
    }

    /// Opens or closes the dialog. Closing returns focus to the launcher, where the buyer was.
    pub fn set_open(&self, open: bool) {
        if !self.is_dialog() || self.open.get_untracked() == open {
            return;
        }
        self.open.set(open);
        if open {
            super::tracking::load_recent(*self);
            super::faq::load_faq(*self);
            self.start_visit();
            // A chat from an earlier page view resumes where it was.
            if super::chat::restore(*self) {
                self.screen.set(Screen::Chat);
            }
        }
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
        self.emit(name, &[("lang", self.lang.get_untracked().code())]);
    }

    pub fn set_lang(&self, lang: Lang) {
        if self.lang.get_untracked() == lang {
            return;
        }
        self.lang.set(lang);
        self.emit("selfhelp:lang", &[("lang", lang.code())]);
    }

    /// The element's shadow root, where every part of the widget lives.
    pub fn shadow_root(&self) -> Option<web_sys::ShadowRoot> {
        self.host.with_value(|host| host.shadow_root())
    }

    pub fn market(&self) -> crate::domain::Market {
        self.config.with_value(|c| c.market)
    }

    /// Records a fact about the visit (see [`Visit::record`]) and tells the page what follows.
    pub fn record(&self, fact: Fact) {
        let events = self.visit.try_update(|visit| visit.record(fact));
        for event in events.unwrap_or_default() {
            let detail = event.detail();
            let pairs: Vec<(&str, &str)> = detail.iter().map(|(k, v)| (*k, v.as_str())).collect();
            self.emit(event.name(), &pairs);
        }
    }

    /// The visit starts when the buyer first opens the widget: from then on, leaving the page
    /// sends the visit's anonymous outcome to `analytics-url`, once.
    pub fn start_visit(&self) {
        if self.visit_started.get_value() {
            return;
        }
        self.visit_started.set_value(true);
        let Some(url) = self.config.with_value(|c| c.analytics_url.clone()) else {
            return;
        };
        let shell = *self;
        let sent = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_leave = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if sent.replace(true) {
                return;
            }
            let (market, context) = shell
                .config
                .with_value(|c| (c.market.code(), c.context.code()));
            let lang = shell.lang.get_untracked().code();
            let json = shell.visit.with_untracked(|visit| {
                let (outcome, counts) = (visit.outcome(), visit.counts());
                beacon_json(outcome, counts, lang, market, context, &visit.not_helpful())
            });
            if let Some(window) = web_sys::window() {
                let _ = window
                    .navigator()
                    .send_beacon_with_opt_str(&url, Some(&json));
            }
        });
        if let Some(window) = web_sys::window() {
            use wasm_bindgen::JsCast;
            let _ = window
                .add_event_listener_with_callback("pagehide", on_leave.as_ref().unchecked_ref());
        }
        // The listener lives as long as the page.
        on_leave.forget();
    }

    /// Runs `f` with the host element.
    pub fn with_host<T>(&self, f: impl FnOnce(&HtmlElement) -> T) -> T {
        self.host.with_value(f)
    }

    /// Tells the merchant about a problem: a console warning and a `selfhelp:error` event.
    pub fn report(&self, diagnostic: &crate::diagnostics::Diagnostic) {
        self.host.with_value(|host| dom::report(host, diagnostic));
    }

    /// Dispatches a bubbling, composed `CustomEvent` on the host element for the merchant.
    pub fn emit(&self, name: &str, detail: &[(&str, &str)]) {
        self.host.with_value(|host| dom::emit(host, name, detail));
    }
}
