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
    let config = Config::from_attributes(|name| host.get_attribute(name), lang);
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

    /// Opens the panel with `text` in the search field.
    pub fn search(&self, text: String) {
        self.shell.focus_on_open.set("#sh-q");
        self.shell.query.set(text);
        self.shell.set_open(true);
    }

    /// Opens the panel and tracks `id` (an invalid one shows its message; nothing is sent).
    pub fn track(&self, id: String) {
        self.shell.focus_on_open.set("#sh-t");
        self.shell.tracking_input.set(id);
        self.shell.set_open(true);
        tracking::start_lookup(self.shell);
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
