//! Small DOM helpers the components share: adopting a stylesheet, dispatching the merchant's
//! events, and keeping Tab inside a dialog. Nothing here decides anything.

use super::host::Host;
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CssStyleSheet, CustomEvent, CustomEventInit, Element, HtmlElement, KeyboardEvent, ShadowRoot,
};

thread_local! {
    /// One constructed sheet per page, shared by every widget on it.
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// Adds `css` to the shadow root's adopted stylesheets, after the loader's. Constructed
/// stylesheets are CSSOM, not inline `<style>`, so `style-src 'self'` does not block them.
pub(crate) fn adopt_stylesheet(root: &ShadowRoot, css: &str) -> Result<(), JsValue> {
    let sheet = SHEET.with(|cell| -> Result<CssStyleSheet, JsValue> {
        if let Some(sheet) = cell.borrow().as_ref() {
            return Ok(sheet.clone());
        }
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(css)?;
        *cell.borrow_mut() = Some(sheet.clone());
        Ok(sheet)
    })?;
    let key = JsValue::from_str("adoptedStyleSheets");
    let sheets = Array::from(&Reflect::get(root, &key)?);
    if !sheets.includes(&sheet, 0) {
        sheets.push(&sheet);
        Reflect::set(root, &key, &sheets)?;
    }
    Ok(())
}

/// Tells the merchant about `diagnostic`: one console warning and a `selfhelp:error` event
/// (`{ area, kind, detail }`) on `host`.
pub(crate) fn report(host: &HtmlElement, diagnostic: &crate::diagnostics::Diagnostic) {
    web_sys::console::warn_1(&JsValue::from_str(&diagnostic.console_text()));
    let detail = diagnostic.detail();
    emit(
        host,
        "selfhelp:error",
        &[
            ("area", diagnostic.area.code()),
            ("kind", diagnostic.kind()),
            ("detail", &detail),
        ],
    );
}

/// Whether the browser knows the IANA time zone `zone`: `Intl.DateTimeFormat` throws a
/// `RangeError` for one it does not, so it is constructed through `Reflect`, which catches.
pub(crate) fn time_zone_known(zone: &str) -> bool {
    date_format("en-GB", &[("timeZone", zone)]).is_some()
}

/// `new Intl.DateTimeFormat(locale, options)`, or None where it would throw (an unknown zone, a
/// browser without Intl): a thrown exception must never cross into the WebAssembly.
pub(crate) fn date_format(
    locale: &str,
    options: &[(&str, &str)],
) -> Option<js_sys::Intl::DateTimeFormat> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let constructor = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat")).ok()?;
    let constructor = constructor.dyn_into::<js_sys::Function>().ok()?;
    let object = Object::new();
    for (key, value) in options {
        Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
    }
    let args = Array::of2(&JsValue::from_str(locale), &object);
    Reflect::construct(&constructor, &args)
        .ok()
        .map(JsCast::unchecked_into)
}

/// Dispatches `name` on `host` with a plain-object `detail` built from string pairs.
pub(crate) fn emit(host: &HtmlElement, name: &str, detail: &[(&str, &str)]) {
    let object = Object::new();
    for (key, value) in detail {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&object);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
                         textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// Keeps Tab and Shift+Tab cycling inside `dialog`, as the WAI-ARIA dialog pattern asks.
pub(crate) fn trap_tab(dialog: &Element, ev: &KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    let visible: Vec<HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .filter(|el| el.get_client_rects().length() > 0)
        .collect();
    let (Some(first), Some(last)) = (visible.first(), visible.last()) else {
        return;
    };
    let active = dialog
        .get_root_node()
        .dyn_into::<ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element());
    let is = |el: &HtmlElement| active.as_ref().is_some_and(|a| a.is_same_node(Some(el)));
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    if ev.shift_key() && (is(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (is(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// The page's localStorage, the one place the widget reaches it (the recent tracking numbers, the
/// chat's session, outbox and draft). None where it is blocked (a sandboxed frame, a browser
/// setting): then nothing is remembered, and everything else works.
pub(crate) fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Where focus goes when the widget moves the buyer somewhere: each is one element of the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    /// The search field, on the start screen.
    Search,
    /// The tracking number field, on the start screen.
    Tracking,
    /// An opened article's title.
    ArticleTitle,
    /// The title of the screen for reaching a person.
    ContactTitle,
    /// The chat's message field.
    ChatMessage,
}

impl Field {
    fn selector(self) -> &'static str {
        match self {
            Field::Search => "#sh-q",
            Field::Tracking => "#sh-t",
            Field::ArticleTitle => "#sh-article-title",
            Field::ContactTitle => "#sh-contact-title",
            Field::ChatMessage => "#sh-chat-input",
        }
    }
}

/// Focuses `field` once the next frame has rendered it.
pub(crate) fn focus_in(host: Host, field: Field) {
    let root = host.shadow_root();
    leptos::prelude::request_animation_frame(move || {
        let target = root
            .and_then(|root| root.query_selector(field.selector()).ok().flatten())
            .and_then(|el| el.dyn_into::<HtmlElement>().ok());
        if let Some(target) = target {
            let _ = target.focus();
        }
    });
}

fn panel_body(host: Host) -> Option<Element> {
    host.shadow_root()?
        .query_selector(".sh-body")
        .ok()
        .flatten()
}

/// How far the panel's body is scrolled.
pub(crate) fn body_scroll(host: Host) -> i32 {
    panel_body(host).map(|b| b.scroll_top()).unwrap_or(0)
}

/// Scrolls the panel's body back to `top` once the next frame has rendered.
pub(crate) fn restore_body_scroll(host: Host, top: i32) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(body) = panel_body(host) {
            body.set_scroll_top(top);
        }
    });
}
