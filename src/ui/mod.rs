//! The browser side: mounts the panel into the element's shadow root and exposes the handle the
//! loader drives (`open`, `close`, `search`, `track`, `setLang`). Components stay thin: each reads
//! the contexts of its concern ([`Host`], `PanelState`, `Faq`, `Tracking`, `VisitLog`, `Chat`,
//! `Handoff`) and calls pure logic elsewhere in the crate.

mod article;
mod chat;
mod contact;
mod dom;
mod faq;
mod feedback;
mod handoff;
mod host;
mod panel;
mod part;
mod tracking;
mod views;
mod visit;

use crate::config::Config;
use crate::diagnostics::{Area, Diagnostic};
use crate::i18n::Lang;
use dom::Field;
use faq::Faq;
use host::Host;
use leptos::mount::mount_to;
use leptos::prelude::*;
use panel::{PanelState, Screen};
use std::cell::Cell;
use std::rc::Rc;
use tracking::Tracking;
use visit::VisitLog;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, ShadowRoot};

/// The panel's stylesheet, adopted into every widget's shadow root (no `<style>` element, so a
/// strict `style-src 'self'` policy allows it): `style/widget.css` without its comments and
/// layout (`build.rs`).
const PANEL_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

/// The words of a language other than English, in the release build ([`crate::i18n::files`]):
/// what the loader fetched for the mount's language (None when it could not), and how to fetch
/// another's.
#[derive(Default)]
pub struct Texts {
    pub words: Option<String>,
    pub load: Option<js_sys::Function>,
}

/// A mounted widget. Dropping it unmounts the panel and disposes its reactive state.
pub struct Widget {
    parts: Parts,
    _mounted: leptos::mount::UnmountHandle<<AnyView as Render>::State>,
}

/// Mounts a widget into `root`, inside the loader's `.sh-root` wrapper when there is one.
/// `opening`: the buyer asked for the panel (the loader opens it right after), so the FAQ's
/// request leaves before the panel's first drawing rather than after it.
pub fn mount(
    host: HtmlElement,
    root: ShadowRoot,
    launcher: Option<HtmlElement>,
    lang: &str,
    texts: Texts,
    opening: bool,
) -> Result<Widget, JsValue> {
    let lang = Lang::from_tag(lang).unwrap_or(Lang::En);
    let (config, warnings) =
        Config::from_attributes(|name| host.get_attribute(name), lang, dom::time_zone_known);
    // Once per element: the attributes are read here and nowhere else.
    for warning in warnings {
        let problem = crate::diagnostics::Problem::BadAttribute(warning);
        dom::report(&host, &Diagnostic::new(Area::Config, problem));
    }
    dom::adopt_stylesheet(&root, PANEL_CSS)?;

    let container = document().create_element("div")?;
    container.set_class_name("sh-app");
    match root.query_selector(".sh-root")? {
        Some(wrapper) => wrapper.append_child(&container)?,
        None => root.append_child(&container)?,
    };

    // The contexts' signals must belong to the mounted owner so they are disposed with it; the
    // cell carries the (Copy) handles out of the mount closure.
    let slot = Rc::new(Cell::new(None));
    let mounted = mount_to(container.unchecked_into(), {
        let slot = Rc::clone(&slot);
        move || {
            let parts = Parts::provide(host, launcher, lang, config, texts);
            if opening {
                parts.faq.load();
            }
            slot.set(Some(parts));
            view! { <panel::Panel/> }.into_any()
        }
    });
    let parts = slot
        .take()
        .ok_or_else(|| JsValue::from_str("selfhelp: mount failed"))?;
    Ok(Widget {
        parts,
        _mounted: mounted,
    })
}

/// Every context of one widget, as the handle needs them. Components never see this: each takes
/// only its own from context.
#[derive(Clone, Copy)]
struct Parts {
    host: Host,
    panel: PanelState,
    faq: Faq,
    tracking: Tracking,
    visit: VisitLog,
    chat: chat::Chat,
}

impl Parts {
    fn provide(
        element: HtmlElement,
        launcher: Option<HtmlElement>,
        lang: Lang,
        config: Config,
        texts: Texts,
    ) -> Parts {
        let first_lang = lang;
        let (lang, write_lang) = signal(lang);
        let host = Host::new(element, lang, config);
        let visit = VisitLog::new(host);
        let parts = Parts {
            host,
            panel: PanelState::new(host, write_lang, launcher, texts.load),
            faq: Faq::new(host),
            tracking: Tracking::new(host, visit),
            visit,
            chat: chat::Chat::new(host),
        };
        provide_context(host);
        provide_context(parts.panel);
        provide_context(parts.faq);
        provide_context(parts.tracking);
        provide_context(parts.visit);
        provide_context(parts.chat);
        provide_context(contact::Handoff::new());
        if !first_lang.has_words() {
            match texts.words.as_deref() {
                Some(json) => panel::install_texts(host, first_lang, Some(json)),
                // Not there by the time the WebAssembly was (slow, or failed): English until then.
                None => parts.panel.fetch_words(first_lang),
            }
        }
        parts
    }

    /// Opens the dialog; the first time, reads what waits for the buyer (and resumes a chat
    /// from an earlier page view).
    fn open(&self) {
        if !self.panel.set_open(true) {
            return;
        }
        panel::first_use(self.tracking, self.faq, self.visit);
        // A chat from an earlier page view resumes where it was.
        if self.chat.restore() {
            self.panel.screen.set(Screen::Chat);
        }
    }
}

impl Widget {
    pub fn open(&self) {
        self.parts.panel.focus_on_open.set(Field::Search);
        self.parts.open();
    }

    pub fn close(&self) {
        self.parts.panel.set_open(false);
    }

    pub fn toggle(&self) {
        if self.parts.panel.open.get_untracked() {
            self.close();
        } else {
            self.open();
        }
    }

    /// Opens the panel with `text` in the search field, from whatever screen was open (an
    /// article's scroll position is kept for Back).
    pub fn search(&self, text: String) {
        self.parts.faq.query.set(text);
        self.show_start(Field::Search);
    }

    /// Puts `text` in the search field, changing nothing else.
    pub fn set_query(&self, text: String) {
        self.parts.faq.query.set(text);
    }

    /// Opens the panel and tracks `id` (an invalid one shows its message; nothing is sent), from
    /// whatever screen was open.
    pub fn track(&self, id: String) {
        self.parts.tracking.input.set(id);
        self.show_start(Field::Tracking);
        self.parts.tracking.start_lookup();
    }

    /// Brings the buyer to the start screen (search and tracking), open, with focus on `field`.
    fn show_start(&self, field: Field) {
        let panel = self.parts.panel;
        panel.focus_on_open.set(field);
        panel.screen.set(Screen::Home);
        if panel.open.get_untracked() {
            // Already open: the open effect does not run again, so move focus here.
            dom::focus_in(self.parts.host, field);
        } else {
            self.parts.open();
        }
    }

    pub fn set_lang(&self, code: &str) -> bool {
        match Lang::from_tag(code) {
            Some(lang) => {
                self.parts.panel.set_lang(lang);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PANEL_CSS;

    /// A sheet's tokens: without comments, split at whitespace and around `{ } ; , >`, without
    /// the optional `;` before `}`. Minifying must not change them, nor join two into one.
    fn tokens(css: &str) -> Vec<String> {
        let mut text = String::new();
        let mut rest = css;
        while let Some(start) = rest.find("/*") {
            text.push_str(&rest[..start]);
            text.push(' ');
            rest = &rest[start + 2 + rest[start + 2..].find("*/").unwrap() + 2..];
        }
        text.push_str(rest);
        for mark in ['{', '}', ';', ',', '>'] {
            text = text.replace(mark, &format!(" {mark} "));
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let last_semicolon = |at: usize| words[at] == ";" && words.get(at + 1) == Some(&"}");
        (0..words.len())
            .filter(|&at| !last_semicolon(at))
            .map(|at| words[at].to_owned())
            .collect()
    }

    #[test]
    fn the_shipped_stylesheet_is_the_source_without_comments_or_layout() {
        let source = include_str!("../../style/widget.css");
        assert_eq!(tokens(PANEL_CSS), tokens(source));
        assert!(!PANEL_CSS.contains("/*") && !PANEL_CSS.contains('\n'));
        assert!(
            PANEL_CSS.len() < source.len() * 85 / 100,
            "{} of {}",
            PANEL_CSS.len(),
            source.len()
        );
        // Spaces beside a colon stay (`a :hover` is not `a:hover`); strings are left as written.
        for rule in [
            "(prefers-color-scheme: dark)",
            ".sh-fact dt::after{content: \":\"}",
        ] {
            assert!(PANEL_CSS.contains(rule), "{rule} is missing");
        }
    }
}
