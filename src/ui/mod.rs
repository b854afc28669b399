//! The browser side: mounts the panel into the element's shadow root and exposes the handle the
//! loader drives (`open`, `close`, `search`, `track`, `setLang`). Components stay thin: they read
//! [`Shell`] signals and call pure logic elsewhere in the crate.

mod article;
mod chat;
mod contact;
mod dom;
mod faq;
mod feedback;
mod handoff;
mod panel;
mod shell;
mod tracking;

use crate::config::Config;
use crate::diagnostics::{Area, Diagnostic};
use crate::i18n::Lang;
use leptos::mount::mount_to;
use leptos::prelude::*;
use shell::Shell;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, ShadowRoot};

/// The panel's stylesheet, adopted into every widget's shadow root (no `<style>` element, so a
/// strict `style-src 'self'` policy allows it).
const PANEL_CSS: &str = include_str!("../../style/widget.css");

/// A mounted widget. Dropping it unmounts the panel and disposes its reactive state.
pub struct Widget {
    shell: Shell,
    _mounted: leptos::mount::UnmountHandle<<AnyView as Render>::State>,
}

/// Mounts a widget into `root`, inside the loader's `.sh-root` wrapper when there is one.
pub fn mount(
    host: HtmlElement,
    root: ShadowRoot,
    launcher: Option<HtmlElement>,
    lang: &str,
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

    // The shell's signals must belong to the mounted owner so they are disposed with it; the
    // cell carries the (Copy) shell out of the mount closure.
    let slot = Rc::new(Cell::new(None));
    let mounted = mount_to(container.unchecked_into(), {
        let slot = Rc::clone(&slot);
        move || {
            let shell = Shell::new(host, launcher, lang, config);
            provide_context(shell);
            slot.set(Some(shell));
            view! { <panel::Panel/> }.into_any()
        }
    });
    let shell = slot
        .take()
        .ok_or_else(|| JsValue::from_str("selfhelp: mount failed"))?;
    Ok(Widget {
        shell,
        _mounted: mounted,
    })
}

impl Widget {
    pub fn open(&self) {
        self.shell.focus_on_open.set("#sh-q");
        self.shell.set_open(true);
    }

    pub fn close(&self) {
        self.shell.set_open(false);
    }

    pub fn toggle(&self) {
        self.shell.focus_on_open.set("#sh-q");
        self.shell.set_open(!self.shell.open.get_untracked());
    }

    /// Opens the panel with `text` in the search field, from whatever screen was open (an
    /// article's scroll position is kept for Back).
    pub fn search(&self, text: String) {
        self.shell.query.set(text);
        self.show_start("#sh-q");
    }

    /// Opens the panel and tracks `id` (an invalid one shows its message; nothing is sent), from
    /// whatever screen was open.
    pub fn track(&self, id: String) {
        self.shell.tracking_input.set(id);
        self.show_start("#sh-t");
        tracking::start_lookup(self.shell);
    }

    /// Brings the buyer to the start screen (search and tracking), open, with focus on `field`.
    fn show_start(&self, field: &'static str) {
        self.shell.focus_on_open.set(field);
        self.shell.screen.set(faq::Screen::Home);
        if self.shell.open.get_untracked() {
            // Already open: the open effect does not run again, so move focus here.
            dom::focus_in(self.shell, field);
        } else {
            self.shell.set_open(true);
        }
    }

    pub fn set_lang(&self, code: &str) -> bool {
        match Lang::from_tag(code) {
            Some(lang) => {
                self.shell.set_lang(lang);
                true
            }
            None => false,
        }
    }
}
