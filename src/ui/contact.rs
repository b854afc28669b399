//! Reaching a person, only when self-help has not solved it: the policy decides when the offer
//! appears; the contact screen shows whether the customer centre is open, when queues are
//! shortest, and exactly what will be shared (the buyer can remove any of it) before the
//! conversation is handed to the chat on the page with the whole trail.

use super::faq::Screen;
use super::handoff::{hand_off, HandedTo};
use super::shell::Shell;
use crate::escalation::hours::{quiet_hint, QueueHint, Status};
use crate::escalation::outcome::Outcome;
use crate::escalation::policy::{offer, Offer};
use crate::escalation::trail::{Labels, Step};
use crate::i18n::dates::{clock, weekday_name};
use crate::i18n::{Key, Lang};
use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Where the offer would appear now, under the contact mode and what happened so far.
pub(crate) fn current_offer(shell: Shell) -> Offer {
    let mode = shell.config.with_value(|c| c.contact_mode);
    shell.signals.with(|signals| offer(mode, signals))
}

fn labels(lang: Lang) -> Labels {
    Labels {
        searched: lang.t(Key::TrailSearched),
        read: lang.t(Key::TrailRead),
        helped: lang.t(Key::TrailHelped),
        did_not_help: lang.t(Key::TrailNotHelped),
        no_verdict: lang.t(Key::TrailNoVerdict),
        tracked: lang.t(Key::TrailTracked),
        results: lang.t(Key::TrailResults),
        language: lang.t(Key::TrailLanguage),
        market: lang.t(Key::TrailMarket),
        page: lang.t(Key::TrailPage),
    }
}

/// "Still need help?" with the button to the contact screen.
#[component]
pub(crate) fn ContactOffer() -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    view! {
        <section class="sh-contact-offer" aria-labelledby="sh-contact-offer-h">
            <h3 class="sh-subtitle" id="sh-contact-offer-h">{move || lang.get().t(Key::ContactHeading)}</h3>
            <p>{move || lang.get().t(Key::ContactIntro)}</p>
            <button type="button" class="sh-button" part="contact-button" on:click=move |_| {
                shell.screen.set(Screen::Contact);
                super::dom::focus_in(shell, "#sh-contact-title");
            }>
                {move || lang.get().t(Key::ContactButton)}
            </button>
        </section>
    }
}

/// The customer centre's weekday and minute now, in its own time zone (Intl, no tables).
fn centre_now(zone: &str) -> Option<(usize, u16)> {
    let options = Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("weekday", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let format = js_sys::Intl::DateTimeFormat::new(&Array::of1(&"en-GB".into()), &options);
    let parts = format.format_to_parts(&js_sys::Date::new_0());
    let (mut weekday, mut hour, mut minute) = (None, None, None);
    for part in parts.iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
        match kind.as_str() {
            "weekday" => {
                weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
                    .iter()
                    .position(|d| *d == value)
            }
            "hour" => hour = value.parse::<u16>().ok(),
            "minute" => minute = value.parse::<u16>().ok(),
            _ => {}
        }
    }
    Some((weekday?, hour? * 60 + minute?))
}

fn describe_hours(shell: Shell, lang: Lang) -> Option<(String, bool)> {
    let zone = shell.config.with_value(|c| c.time_zone.clone());
    let (weekday, minute) = centre_now(&zone)?;
    let status = shell
        .config
        .with_value(|c| c.opening_hours.status(weekday, minute));
    let time = |m: u16| clock(lang, (m / 60) as u8, (m % 60) as u8);
    Some(match status {
        Status::Open { closes } => (lang.t(Key::OpenNow).replace("{time}", &time(closes)), true),
        Status::Closed { opens } => {
            let when = match opens {
                Some((day, at)) if day == weekday => time(at),
                Some((day, at)) => format!("{} {}", weekday_name(lang, day), time(at)),
                None => "–".to_owned(),
            };
            (lang.t(Key::ClosedNow).replace("{when}", &when), false)
        }
    })
    .map(|(text, open)| {
        // The queue hint matters most when the centre is open and busy.
        let hint = matches!(
            quiet_hint(weekday, minute),
            QueueHint::Busy | QueueHint::Normal
        );
        (
            if hint && open {
                format!("{text} {}", lang.t(Key::QuietHint))
            } else {
                text
            },
            open,
        )
    })
}

fn step_text(lang: Lang, step: &Step) -> String {
    match step {
        Step::Searched { query, results } => format!(
            "{}: “{query}” ({})",
            lang.t(Key::TrailSearched),
            lang.t(Key::TrailResults)
                .replace("{n}", &results.to_string())
        ),
        Step::Read { title, helpful, .. } => {
            let verdict = match helpful {
                Some(true) => lang.t(Key::TrailHelped),
                Some(false) => lang.t(Key::TrailNotHelped),
                None => lang.t(Key::TrailNoVerdict),
            };
            format!("{}: {title} ({verdict})", lang.t(Key::TrailRead))
        }
        Step::Tracked { id, status } => match status {
            Some(status) => format!("{}: {id} ({status})", lang.t(Key::TrailTracked)),
            None => format!("{}: {id}", lang.t(Key::TrailTracked)),
        },
    }
}

/// The contact screen: hours, what will be shared, and the hand-off.
#[component]
pub(crate) fn ContactScreen() -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    let hours = move || describe_hours(shell, lang.get());
    let steps = move || shell.trail.with(|t| t.steps.clone());
    let start = move |_| {
        let (summary, attributes, trail) = shell.trail.with_untracked(|t| {
            let summary = t.summary(&labels(lang.get_untracked()));
            let attributes = serde_json::to_string(&t.custom_attributes()).unwrap_or_default();
            let trail = serde_json::to_string(t).unwrap_or_default();
            (summary, attributes, trail)
        });
        let parse = |json: &str| js_sys::JSON::parse(json).unwrap_or(JsValue::NULL);
        let handed =
            shell.with_host(|host| hand_off(host, &summary, &parse(&attributes), &parse(&trail)));
        shell.record_outcome(Outcome::Escalated);
        shell.handed.set(Some(handed));
    };
    view! {
        <div class="sh-contact">
            <button type="button" class="sh-back" on:click=move |_| shell.screen.set(Screen::Home)>
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M15 5l-7 7 7 7"/></svg>
                {move || lang.get().t(Key::BackToResults)}
            </button>
            <h3 class="sh-article-title" id="sh-contact-title" tabindex="-1">{move || lang.get().t(Key::ContactButton)}</h3>
            <p>{move || lang.get().t(Key::ContactIntro)}</p>
            {move || hours().map(|(text, open)| view! {
                <p class="sh-hours-now" class:sh-hours-now--open=open>{text}</p>
            })}
            <section class="sh-trail" aria-labelledby="sh-trail-h">
                <h4 class="sh-section-title" id="sh-trail-h">{move || lang.get().t(Key::TrailHeading)}</h4>
                <p class="sh-hint">{move || lang.get().t(Key::TrailIntro)}</p>
                <Show when=move || !steps().is_empty() fallback=move || view! { <p>{move || lang.get().t(Key::TrailEmpty)}</p> }>
                    <ul class="sh-trail-list">
                        {move || steps().into_iter().enumerate().map(|(index, step)| {
                            let text = move || step_text(lang.get(), &step);
                            view! {
                                <li>
                                    <span>{text.clone()}</span>
                                    <button
                                        type="button"
                                        class="sh-link-button"
                                        aria-label=move || format!("{}: {}", lang.get().t(Key::TrailRemove), text())
                                        on:click=move |_| shell.trail.update(|t| { t.remove(index); })
                                    >
                                        {move || lang.get().t(Key::TrailRemove)}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Show>
            </section>
            {move || match shell.handed.get() {
                None => view! {
                    <button type="button" class="sh-button" part="start-chat" on:click=start>{move || lang.get().t(Key::StartChat)}</button>
                }.into_any(),
                Some(HandedTo::Nobody) => view! { <p class="sh-notice sh-notice--problem" role="status">{move || lang.get().t(Key::ChatUnavailable)}</p> }.into_any(),
                Some(_) => view! { <p class="sh-notice" role="status">{move || lang.get().t(Key::HandedOff)}</p> }.into_any(),
            }}
        </div>
    }
}
