//! The visit in the browser: the pure [`Visit`] behind a signal, changed only through
//! [`VisitLog::record`] (whose page events go out at once) and sent as an anonymous beacon when
//! the buyer leaves the page.

use super::host::Host;
use crate::escalation::outcome::beacon_json;
use crate::escalation::trail::Trail;
use crate::visit::{Fact, Visit};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(crate) struct VisitLog {
    visit: RwSignal<Visit>,
    /// Whether the end-of-visit beacon is set up (on first open, never before).
    started: StoredValue<bool>,
    host: Host,
}

impl VisitLog {
    pub fn new(host: Host) -> VisitLog {
        let (lang, market, context) = (
            host.lang.get_untracked(),
            host.market(),
            host.config(|c| c.context),
        );
        let (page, started_at) = here_now();
        VisitLog {
            visit: RwSignal::new(Visit::new(Trail::new(
                lang,
                market,
                context,
                &page,
                &started_at,
            ))),
            started: StoredValue::new(false),
            host,
        }
    }

    /// Reads the visit, tracked: a view that reads it follows every recorded fact.
    pub fn with<T>(&self, f: impl FnOnce(&Visit) -> T) -> T {
        self.visit.with(f)
    }

    pub fn with_untracked<T>(&self, f: impl FnOnce(&Visit) -> T) -> T {
        self.visit.with_untracked(f)
    }

    /// Records a fact about the visit (see [`Visit::record`]) and tells the page what follows.
    pub fn record(&self, fact: Fact) {
        let events = self.visit.try_update(|visit| visit.record(fact));
        for event in events.unwrap_or_default() {
            let detail = event.detail();
            let pairs: Vec<(&str, &str)> = detail.iter().map(|(k, v)| (*k, v.as_str())).collect();
            self.host.emit(event.name(), &pairs);
        }
    }

    /// The buyer took a step out of the trail before it goes to a person.
    pub fn forget_step(&self, index: usize) {
        self.visit.update(|visit| {
            visit.forget_step(index);
        });
    }

    /// The visit starts when the buyer first opens the widget: from then on, leaving the page
    /// sends the visit's anonymous outcome to `analytics-url`, once.
    pub fn start(&self) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        // The panel may have been mounted long before (inline, or preload="idle").
        let (page, started_at) = here_now();
        let lang = self.host.lang.get_untracked();
        self.visit
            .update(|visit| visit.begin(lang, &page, &started_at));
        let Some(url) = self.host.config(|c| c.analytics_url.clone()) else {
            return;
        };
        let log = *self;
        let sent = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_leave = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if sent.replace(true) {
                return;
            }
            let (market, context) = log.host.config(|c| (c.market.code(), c.context.code()));
            let lang = log.host.lang.get_untracked().code();
            let json = log.visit.with_untracked(|visit| {
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
}

/// The page's address and the time, as the trail records them.
fn here_now() -> (String, String) {
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    (page, String::from(js_sys::Date::new_0().to_iso_string()))
}
