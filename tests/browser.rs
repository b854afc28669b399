//! Component tests in headless Chromium (wasm-bindgen-test): the panel mounted into a real shadow
//! root, driven through the same handle the loader uses, asserting what a buyer would see.
#![cfg(target_arch = "wasm32")]

use selfhelp::ui::{mount, Widget};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{
    Element, HtmlElement, KeyboardEvent, KeyboardEventInit, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

wasm_bindgen_test_configure!(run_in_browser);

struct Mounted {
    host: HtmlElement,
    root: ShadowRoot,
    launcher: Option<HtmlElement>,
    widget: Widget,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Builds what the loader builds (host, shadow root, `.sh-root` wrapper, launcher) and mounts.
fn mount_widget(attrs: &[(&str, &str)], lang: &str) -> Mounted {
    let host: HtmlElement = document()
        .create_element("selfhelp-test")
        .unwrap()
        .unchecked_into();
    for (name, value) in attrs {
        host.set_attribute(name, value).unwrap();
    }
    document().body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let wrapper = document().create_element("div").unwrap();
    wrapper.set_class_name("sh-root");
    root.append_child(&wrapper).unwrap();
    let inline = attrs.iter().any(|(n, v)| *n == "mode" && *v == "inline");
    let launcher = (!inline).then(|| {
        let button: HtmlElement = document()
            .create_element("button")
            .unwrap()
            .unchecked_into();
        button.set_text_content(Some("Help"));
        wrapper.append_child(&button).unwrap();
        button
    });
    let widget = mount(
        host.clone(),
        root.clone(),
        launcher.clone(),
        lang,
        Default::default(),
        false,
    )
    .unwrap();
    Mounted {
        host,
        root,
        launcher,
        widget,
    }
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn text(&self, selector: &str) -> String {
        self.find(selector)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    fn panel_hidden(&self) -> bool {
        self.find(".sh-panel").unwrap().has_attribute("hidden")
    }

    fn focused_id(&self) -> String {
        self.root
            .active_element()
            .map(|e| e.id())
            .unwrap_or_default()
    }
}

async fn next_frame() {
    leptos::task::tick().await;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().unwrap().request_animation_frame(&resolve);
    });
    JsFuture::from(promise).await.unwrap();
    leptos::task::tick().await;
}

fn press(target: &Element, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_composed(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn opening_moves_focus_in_and_escape_returns_it_to_the_launcher() {
    let w = mount_widget(&[], "en");
    assert!(w.panel_hidden(), "the panel starts closed");

    w.widget.open();
    next_frame().await;
    assert!(!w.panel_hidden());
    assert_eq!(w.focused_id(), "sh-q", "focus moves to the search field");
    let launcher = w.launcher.as_ref().unwrap();
    assert_eq!(
        launcher.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );

    press(&w.find("#sh-q").unwrap(), "Escape", false);
    next_frame().await;
    assert!(w.panel_hidden());
    assert_eq!(
        launcher.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    let active = w.root.active_element().unwrap();
    assert!(
        active.is_same_node(Some(launcher)),
        "focus is back on the launcher"
    );
}

#[wasm_bindgen_test]
async fn tab_wraps_inside_the_dialog() {
    let w = mount_widget(&[], "en");
    w.widget.open();
    next_frame().await;
    let close = w.find(".sh-close").unwrap();
    let track_button = w.find(".sh-button").unwrap();
    // Shift+Tab from the first control (language menu) wraps to the last (the Track button).
    let select: HtmlElement = w.find(".sh-select").unwrap().unchecked_into();
    select.focus().unwrap();
    press(&select, "Tab", true);
    assert!(w
        .root
        .active_element()
        .unwrap()
        .is_same_node(Some(&track_button)));
    // Tab from the last wraps to the first.
    press(&track_button, "Tab", false);
    assert!(w.root.active_element().unwrap().is_same_node(Some(&select)));
    assert!(close.get_attribute("aria-label").is_some());
}

#[wasm_bindgen_test]
async fn switching_language_changes_every_visible_string() {
    let w = mount_widget(&[], "sv");
    w.widget.open();
    next_frame().await;
    assert_eq!(w.text("#sh-title"), "Vad kan vi hjälpa dig med?");
    assert_eq!(
        w.find(".sh-panel")
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("sv")
    );

    assert!(w.widget.set_lang("fi-FI"));
    next_frame().await;
    assert_eq!(w.text("#sh-title"), "Miten voimme auttaa?");
    assert_eq!(w.text("label[for=sh-q]"), "Hae ohjeista");
    assert_eq!(
        w.find(".sh-close")
            .unwrap()
            .get_attribute("aria-label")
            .as_deref(),
        Some("Sulje ohje")
    );
    assert_eq!(
        w.find(".sh-panel")
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("fi")
    );

    assert!(
        !w.widget.set_lang("de"),
        "an unsupported language is refused"
    );
    next_frame().await;
    assert_eq!(w.text("#sh-title"), "Miten voimme auttaa?");
}

#[wasm_bindgen_test]
async fn search_and_track_open_the_panel_with_the_text_kept() {
    let w = mount_widget(&[], "en");
    w.widget.search("return label".into());
    next_frame().await;
    assert!(!w.panel_hidden());
    let query: web_sys::HtmlInputElement = w.find("#sh-q").unwrap().unchecked_into();
    assert_eq!(query.value(), "return label");
    w.widget.close();
    w.widget.track("RR747540648SE".into());
    next_frame().await;
    let id: web_sys::HtmlInputElement = w.find("#sh-t").unwrap().unchecked_into();
    assert_eq!(id.value(), "RR747540648SE");
    assert_eq!(
        query.value(),
        "return label",
        "closing and reopening loses nothing typed"
    );
}

#[wasm_bindgen_test]
async fn inline_mode_is_a_shown_section_not_a_dialog() {
    let w = mount_widget(&[("mode", "inline")], "da");
    next_frame().await;
    let panel = w.find(".sh-panel").unwrap();
    assert!(!w.panel_hidden());
    assert_eq!(panel.get_attribute("role"), None);
    assert!(w.find(".sh-close").is_none(), "nothing to close inline");
    w.widget.close();
    next_frame().await;
    assert!(!w.panel_hidden(), "an inline panel cannot be closed");
    assert_eq!(w.text("#sh-title"), "Hvad kan vi hjælpe dig med?");
}

#[wasm_bindgen_test]
async fn events_reach_the_page_through_the_shadow_boundary() {
    let w = mount_widget(&[], "en");
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let record = {
        let seen = seen.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::CustomEvent)>::new(
            move |e: web_sys::CustomEvent| {
                let lang = js_sys::Reflect::get(&e.detail(), &JsValue::from_str("lang")).unwrap();
                seen.borrow_mut().push(format!(
                    "{} {}",
                    e.type_(),
                    lang.as_string().unwrap_or_default()
                ));
            },
        )
    };
    let body = document().body().unwrap();
    for name in ["selfhelp:open", "selfhelp:close", "selfhelp:lang"] {
        body.add_event_listener_with_callback(name, record.as_ref().unchecked_ref())
            .unwrap();
    }
    w.widget.open();
    w.widget.set_lang("nb");
    w.widget.close();
    next_frame().await;
    for name in ["selfhelp:open", "selfhelp:close", "selfhelp:lang"] {
        body.remove_event_listener_with_callback(name, record.as_ref().unchecked_ref())
            .unwrap();
    }
    assert_eq!(
        *seen.borrow(),
        vec!["selfhelp:open en", "selfhelp:lang nb", "selfhelp:close nb"]
    );
}

#[wasm_bindgen_test]
async fn a_number_that_cannot_be_right_is_explained_and_kept() {
    let w = mount_widget(&[("tracking-url", "/nowhere/{id}")], "en");
    w.widget.track("RB123456786US".into());
    next_frame().await;
    assert_eq!(
        w.text("#sh-t-error"),
        "This number does not add up. Check for a typo."
    );
    assert_eq!(
        w.find("#sh-t")
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    let field: web_sys::HtmlInputElement = w.find("#sh-t").unwrap().unchecked_into();
    assert_eq!(field.value(), "RB123456786US");
    assert_eq!(
        w.focused_id(),
        "sh-t",
        "opened to track, focus is on the tracking field"
    );
}

#[wasm_bindgen_test]
async fn without_a_tracking_url_the_buyer_is_told_tracking_is_off() {
    let w = mount_widget(&[], "da");
    w.widget.track("RR747540648SE".into());
    next_frame().await;
    assert_eq!(
        w.text(".sh-track-result"),
        "Pakkesporing er ikke sat op på dette websted."
    );
}

/// Waits (up to ~2 s) for `selector` to appear in the widget.
async fn wait_for(w: &Mounted, selector: &str) -> Element {
    for _ in 0..120 {
        if let Some(found) = w.find(selector) {
            return found;
        }
        next_frame().await;
    }
    panic!("{selector} never appeared");
}

#[wasm_bindgen_test]
async fn the_search_combobox_finds_and_opens_an_article() {
    let article = |lang: &str, title: &str| {
        format!(
            r#"{{"id":"parcel-locker","lang":"{lang}","title":"{title}","keywords":["locker"],"category":"pickup","blocks":[{{"P":[{{"T":"Open the locker with the app."}}]}}]}}"#
        )
    };
    let bundle = format!(
        r#"{{"version":1,"articles":[{},{},{},{},{}]}}"#,
        article("nb", "Pakkeboks"),
        article("sv", "Paketbox"),
        article("da", "Pakkeboks"),
        article("fi", "Pakettiautomaatti"),
        article("en", "How do I use a parcel locker?")
    );
    let src = format!(
        "data:application/json,{}",
        js_sys::encode_uri_component(&bundle)
    );
    let w = mount_widget(&[("faq-src", &src)], "en");
    w.widget.search("lockr".into());
    let option = wait_for(&w, "#sh-results [role=option]").await;
    assert_eq!(
        option
            .query_selector(".sh-option-title")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "How do I use a parcel locker?"
    );
    let input = w.find("#sh-q").unwrap();
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    press(&input, "ArrowDown", false);
    next_frame().await;
    assert_eq!(
        input.get_attribute("aria-activedescendant").as_deref(),
        Some("sh-opt-0")
    );
    assert_eq!(
        option.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    press(&input, "Enter", false);
    let title = wait_for(&w, "#sh-article-title").await;
    assert_eq!(
        title.text_content().unwrap(),
        "How do I use a parcel locker?"
    );
    assert_eq!(w.text(".sh-article-body"), "Open the locker with the app.");
}
