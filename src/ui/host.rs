//! The element the widget is embedded in: what the merchant configured on it, the shadow root
//! every part lives in, the language the panel speaks, and the two ways to tell the page
//! something (events for the shop, warnings for the merchant).
//!
//! Read-only for every component: the language is changed only through [`PanelState`]
//! (`super::panel`), which owns its write half.

use super::dom;
use crate::config::{Config, Mode};
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use leptos::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

#[derive(Clone, Copy)]
pub(crate) struct Host {
    /// The language the panel speaks now.
    pub lang: ReadSignal<Lang>,
    config: StoredValue<Config>,
    element: StoredValue<HtmlElement, LocalStorage>,
}

impl Host {
    pub fn new(element: HtmlElement, lang: ReadSignal<Lang>, config: Config) -> Host {
        Host {
            lang,
            config: StoredValue::new(config),
            element: StoredValue::new_local(element),
        }
    }

    /// Reads the merchant's configuration (fixed once mounted).
    pub fn config<T>(&self, f: impl FnOnce(&Config) -> T) -> T {
        self.config.with_value(f)
    }

    pub fn market(&self) -> crate::domain::Market {
        self.config(|c| c.market)
    }

    /// A dialog opened from the launcher, not a panel placed in the page.
    pub fn is_dialog(&self) -> bool {
        self.config(|c| c.mode == Mode::Launcher)
    }

    /// The element's shadow root, where every part of the widget lives.
    pub fn shadow_root(&self) -> Option<ShadowRoot> {
        self.element.with_value(|element| element.shadow_root())
    }

    /// Runs `f` with the host element.
    pub fn with_element<T>(&self, f: impl FnOnce(&HtmlElement) -> T) -> T {
        self.element.with_value(f)
    }

    /// Tells the merchant about a problem: a console warning and a `selfhelp:error` event.
    pub fn report(&self, diagnostic: &Diagnostic) {
        self.element
            .with_value(|element| dom::report(element, diagnostic));
    }

    /// Dispatches a bubbling, composed `CustomEvent` on the host element for the merchant.
    pub fn emit(&self, name: &str, detail: &[(&str, &str)]) {
        self.element
            .with_value(|element| dom::emit(element, name, detail));
    }
}
