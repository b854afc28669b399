//! Hand-off to a chat the merchant already runs on the page. First a cancelable, composed
//! `selfhelp:escalate` event carrying the trail: a merchant who handles it calls
//! `preventDefault()`. Otherwise the first vendor messenger found on the page is opened with the
//! trail: Zendesk Messaging, Intercom, Freshchat, then Chatwoot's own SDK. No script is injected
//! and nothing is evaluated: we only call functions the page already has.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// Who took the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HandedTo {
    /// The page handled `selfhelp:escalate` itself.
    Page,
    /// The widget's own chat (Chatwoot client API).
    BuiltIn,
    Zendesk,
    Intercom,
    Freshchat,
    Chatwoot,
    /// Nothing on the page can take it.
    Nobody,
}

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn function(target: &JsValue, key: &str) -> Option<Function> {
    get(target, key).and_then(|v| v.dyn_into::<Function>().ok())
}

/// Calls `object.method(args…)` with `object` as `this`; false if it is not there or throws.
fn call(object: &JsValue, method: &str, args: &[JsValue]) -> bool {
    let Some(f) = function(object, method) else {
        return false;
    };
    f.apply(object, &args.iter().collect::<Array>()).is_ok()
}

/// Tells the page the buyer asked for a person (`selfhelp:escalate`, cancelable, carrying the
/// summary, custom attributes and the trail). True when a listener took the conversation by
/// calling `preventDefault()`.
pub(crate) fn escalate_event(
    host: &HtmlElement,
    summary: &str,
    attributes: &JsValue,
    trail: &JsValue,
) -> bool {
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"summary".into(), &summary.into());
    let _ = Reflect::set(&detail, &"attributes".into(), attributes);
    let _ = Reflect::set(&detail, &"trail".into(), trail);
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(true);
    init.set_detail(&detail);
    // dispatch_event is false when a listener called preventDefault(): the page took it.
    CustomEvent::new_with_event_init_dict("selfhelp:escalate", &init)
        .map(|event| host.dispatch_event(&event) == Ok(false))
        .unwrap_or(false)
}

/// Opens the first vendor messenger found on the page with the trail.
pub(crate) fn open_vendor_chat(summary: &str, attributes: &JsValue) -> HandedTo {
    let Some(window) = web_sys::window().map(JsValue::from) else {
        return HandedTo::Nobody;
    };

    if let Some(ze) = function(&window, "zE") {
        let tags = Array::of1(&"selfhelp".into());
        let _ = ze.call3(
            &JsValue::NULL,
            &"messenger:set".into(),
            &"conversationTags".into(),
            &tags,
        );
        if ze
            .call2(&JsValue::NULL, &"messenger".into(), &"open".into())
            .is_ok()
        {
            return HandedTo::Zendesk;
        }
    }
    if let Some(intercom) = function(&window, "Intercom") {
        if intercom
            .call2(&JsValue::NULL, &"showNewMessage".into(), &summary.into())
            .is_ok()
        {
            return HandedTo::Intercom;
        }
    }
    if let Some(fc) = get(&window, "fcWidget") {
        if let Some(user) = get(&fc, "user") {
            call(&user, "setProperties", std::slice::from_ref(attributes));
        }
        if call(&fc, "open", &[]) {
            return HandedTo::Freshchat;
        }
    }
    if let Some(chatwoot) = get(&window, "$chatwoot") {
        call(
            &chatwoot,
            "setCustomAttributes",
            std::slice::from_ref(attributes),
        );
        if call(&chatwoot, "toggle", &["open".into()]) {
            return HandedTo::Chatwoot;
        }
    }
    HandedTo::Nobody
}
