//! Reaching a person, only when self-help has not solved it: the policy decides when the offer
//! appears; the contact screen shows whether the customer centre is open, when queues are
//! shortest, and exactly what will be shared (the buyer can remove any of it) before the
//! conversation is handed to the chat on the page with the whole trail.

use super::dom::Field;
use super::handoff::{escalate_event, open_vendor_chat, HandedTo};
use super::host::Host;
use super::panel::{PanelState, Screen};
use super::part::{lazy_part, ChunkLoadFailed, Draw};
use super::views::wording;
use super::visit::VisitLog;
use crate::config::QueueAdvice;
use crate::escalation::hours::{quiet_hint, QueueHint, Status};
use crate::escalation::policy::{offer, Offer};
use crate::escalation::trail::{Labels, Step};
use crate::i18n::dates::{clock, opening_when};
use crate::i18n::{Key, Lang};
use crate::visit::Fact;
use js_sys::Reflect;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Where the offer would appear now, under the contact mode and what happened so far.
pub(crate) fn current_offer(host: Host, visit: VisitLog) -> Offer {
    let mode = host.config(|c| c.contact_mode);
    visit.with(|visit| offer(mode, visit.signals()))
}

/// Where the conversation went once the buyer asked for a person; None until then.
#[derive(Clone, Copy)]
pub(crate) struct Handoff(RwSignal<Option<HandedTo>>);

impl Handoff {
    pub fn new() -> Handoff {
        Handoff(RwSignal::new(None))
    }
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
    let panel = expect_context::<PanelState>();
    let lang = expect_context::<Host>().lang;
    view! {
        <section class="sh-contact-offer" aria-labelledby="sh-contact-offer-h">
            <h3 class="sh-subtitle" id="sh-contact-offer-h">{wording(lang, Key::ContactHeading)}</h3>
            <p>{wording(lang, Key::ContactIntro)}</p>
            <button type="button" class="sh-button" part="contact-button"
                on:pointerenter=move |_| preload() on:focus=move |_| preload()
                on:click=move |_| panel.go(Screen::Contact, Field::ContactTitle)>
                {wording(lang, Key::ContactButton)}
            </button>
        </section>
    }
}

/// The customer centre's weekday and minute now, in its own time zone (Intl, no tables).
fn centre_now(zone: &str) -> Option<(usize, u16)> {
    let options = [
        ("timeZone", zone),
        ("weekday", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ];
    // Config checked the zone; this still cannot throw if a browser disagrees.
    let format = super::dom::date_format("en-GB", &options)?;
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

fn describe_hours(host: Host, lang: Lang) -> Option<(String, bool)> {
    let zone = host.config(|c| c.time_zone.clone());
    let (weekday, minute) = centre_now(&zone)?;
    let status = host.config(|c| c.opening_hours.status(weekday, minute));
    let time = |m: u16| clock(lang, (m / 60) as u8, (m % 60) as u8);
    Some(match status {
        Status::Open { closes } => (lang.t(Key::OpenNow).replace("{time}", &time(closes)), true),
        Status::Closed { opens } => {
            let when = match opens {
                Some((day, at)) => {
                    let day = (day != weekday).then_some(day);
                    opening_when(lang, day, (at / 60) as u8, (at % 60) as u8)
                }
                None => "–".to_owned(),
            };
            (lang.t(Key::ClosedNow).replace("{when}", &when), false)
        }
    })
    .map(|(text, open)| {
        // Unless it is a quiet time right now, say when queues are shortest: buyers who can
        // choose their moment spread the load the centre cannot otherwise shape.
        let advice = host.config(|c| match &c.queue_advice {
            QueueAdvice::PostNord => Some(lang.t(Key::QuietHint).to_owned()),
            QueueAdvice::Own(text) => Some(text.clone()),
            QueueAdvice::Off => None,
        });
        match (quiet_hint(weekday, minute), advice) {
            (QueueHint::Busy | QueueHint::Normal, Some(advice)) => {
                (format!("{text} {advice}"), open)
            }
            _ => (text, open),
        }
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

/// The contact screen: the way back and the title at once, the rest when its code is there
/// (in the split build `split_contact.wasm`, fetched when the buyer points at or focuses the
/// contact button, [`preload`]). A buyer who never asks for a person never downloads it. If that
/// download fails the buyer reads so, with a button that tries again; the way back stays.
#[component]
pub(crate) fn ContactScreen() -> impl IntoView {
    let host = expect_context::<Host>();
    let panel = expect_context::<PanelState>();
    let lang = host.lang;
    let body = lazy_part(
        host,
        "split_contact.wasm",
        Key::ContactLoading,
        Key::ContactLoadFailed,
        load_contact_body,
    );
    view! {
        <div class="sh-contact">
            <button type="button" class="sh-back" on:click=move |_| panel.screen.set(Screen::Home)>
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M15 5l-7 7 7 7"/></svg>
                {wording(lang, Key::BackToResults)}
            </button>
            <h3 class="sh-article-title" id="sh-contact-title" tabindex="-1">{wording(lang, Key::ContactButton)}</h3>
            {body}
        </div>
    }
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        contact,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_contact)
    )
)]
fn contact_body() -> Result<Draw, ChunkLoadFailed> {
    Ok(|| view! { <ContactBody/> }.into_any())
}

async fn load_contact_body() -> Result<Draw, ChunkLoadFailed> {
    #[cfg(feature = "split")]
    {
        contact_body().await
    }
    #[cfg(not(feature = "split"))]
    {
        contact_body()
    }
}

/// Fetches the contact screen's code ahead of need (the buyer points at the contact button), so
/// the screen opens whole. A failure here is silent: the screen tries again and says so.
pub(crate) fn preload() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = preload_contact().await;
    });
}

/// What the contact screen says under its title: hours, what will be shared, and the hand-off.
#[component]
fn ContactBody() -> impl IntoView {
    let host = expect_context::<Host>();
    let (panel, visit, chat) = (
        expect_context::<PanelState>(),
        expect_context::<VisitLog>(),
        expect_context::<super::chat::Chat>(),
    );
    let Handoff(handed) = expect_context::<Handoff>();
    let lang = host.lang;
    let hours = move || describe_hours(host, lang.get());
    let closed_with_own_chat =
        move || host.config(|c| c.chat.is_some()) && hours().is_some_and(|(_, open)| !open);
    let steps = move || visit.with(|v| v.trail().steps.clone());
    // The buyer may start the built-in chat from here: fetch its code now, so it opens at once.
    let closed_now = describe_hours(host, lang.get_untracked()).is_some_and(|(_, open)| !open);
    if host.config(|c| c.chat.is_some()) && !closed_now {
        super::chat::preload();
    }
    let start = move |_| {
        let (summary, attributes, trail, has_steps) = visit.with_untracked(|v| {
            let t = v.trail();
            let summary = t.summary(&labels(lang.get_untracked()));
            let attributes = t.custom_attributes();
            let trail = serde_json::to_string(t).unwrap_or_default();
            (summary, attributes, trail, !t.steps.is_empty())
        });
        let parse = |json: &str| js_sys::JSON::parse(json).unwrap_or(JsValue::NULL);
        let (attrs_js, trail_js) = (parse(&attributes.to_string()), parse(&trail));
        let to = if host.with_element(|e| escalate_event(e, &summary, &attrs_js, &trail_js)) {
            HandedTo::Page
        } else if host.config(|c| c.chat.is_some()) {
            let escalation = super::chat::Escalation {
                summary: summary.clone(),
                attributes,
                has_steps,
            };
            super::chat::start(chat, panel, escalation);
            HandedTo::BuiltIn
        } else {
            open_vendor_chat(&summary, &attrs_js)
        };
        visit.record(Fact::Escalated);
        handed.set(Some(to));
    };
    view! {
        <p>{wording(lang, Key::ContactIntro)}</p>
        {move || hours().map(|(text, open)| view! {
            <p class="sh-hours-now" class:sh-hours-now--open=open>{text}</p>
        })}
        <section class="sh-trail" aria-labelledby="sh-trail-h">
            <h4 class="sh-section-title" id="sh-trail-h">{wording(lang, Key::TrailHeading)}</h4>
            <p class="sh-hint">{wording(lang, Key::TrailIntro)}</p>
            <Show when=move || !steps().is_empty() fallback=move || view! { <p>{wording(lang, Key::TrailEmpty)}</p> }>
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
                                    on:click=move |_| visit.forget_step(index)
                                >
                                    {wording(lang, Key::TrailRemove)}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
        {move || match handed.get() {
            // Out of hours, the built-in chat takes a message instead.
            None if closed_with_own_chat() => view! { <OfflineForm/> }.into_any(),
            None => view! {
                <button type="button" class="sh-button" part="start-chat" on:click=start>{wording(lang, Key::StartChat)}</button>
            }.into_any(),
            Some(HandedTo::Nobody) => view! { <p class="sh-notice sh-notice--problem" role="status">{wording(lang, Key::ChatUnavailable)}</p> }.into_any(),
            Some(_) => view! { <p class="sh-notice" role="status">{wording(lang, Key::HandedOff)}</p> }.into_any(),
        }}
    }
}

/// The message form's introduction and thank-you: an answer by e-mail is promised only when the
/// merchant's inbox sends one (an API-channel inbox does not e-mail replies by itself).
pub(crate) fn offline_texts(email_replies: bool) -> (Key, Key) {
    if email_replies {
        (Key::OfflineIntro, Key::OfflineSent)
    } else {
        (Key::OfflineIntroNoEmail, Key::OfflineSentNoEmail)
    }
}

/// Out of hours (or when the chat cannot start): name, e-mail and a message, sent with the
/// trail to the same inbox. Sent once; kept when sending fails. An answer by e-mail is promised
/// only when the merchant says their inbox sends one (`chat-email-replies`).
#[component]
pub(crate) fn OfflineForm(
    /// What the buyer already wrote in the chat, so nothing is typed twice.
    #[prop(optional)]
    prefill: String,
) -> impl IntoView {
    let host = expect_context::<Host>();
    let (visit, chat) = (
        expect_context::<VisitLog>(),
        expect_context::<super::chat::Chat>(),
    );
    let lang = host.lang;
    let (intro, thanks) = offline_texts(host.config(|c| c.chat_email_replies));
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let message = RwSignal::new(prefill);
    let problem = RwSignal::new(None::<Key>);
    let sending = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() || sent.get_untracked() {
            return;
        }
        if !crate::chat::protocol::looks_like_email(&email.get_untracked()) {
            return problem.set(Some(Key::OfflineBadEmail));
        }
        if message.get_untracked().trim().is_empty() {
            return problem.set(Some(Key::OfflineNoMessage));
        }
        problem.set(None);
        sending.set(true);
        let (summary, attributes) = visit.with_untracked(|v| {
            let t = v.trail();
            (
                t.summary(&labels(lang.get_untracked())),
                t.custom_attributes(),
            )
        });
        let (n, e, m) = (
            name.get_untracked(),
            email.get_untracked(),
            message.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            let result = chat.leave_message(n, e, m, summary, attributes).await;
            sending.set(false);
            match result {
                Ok(()) => {
                    sent.set(true);
                    visit.record(Fact::Escalated);
                }
                Err(_) => problem.set(Some(Key::OfflineFailed)),
            }
        });
    };
    view! {
        <Show when=move || !sent.get() fallback=move || view! { <p class="sh-notice" role="status">{wording(lang, thanks)}</p> }>
            <form class="sh-feedback" on:submit=submit novalidate>
                <p>{wording(lang, intro)}</p>
                <label class="sh-label" for="sh-off-name">{wording(lang, Key::OfflineName)}</label>
                <input id="sh-off-name" class="sh-input" type="text" autocomplete="name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <label class="sh-label" for="sh-off-email">{wording(lang, Key::OfflineEmail)}</label>
                <input id="sh-off-email" class="sh-input" type="email" autocomplete="email" required
                    aria-invalid=move || (problem.get() == Some(Key::OfflineBadEmail)).then_some("true")
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                <label class="sh-label" for="sh-off-message">{wording(lang, Key::OfflineMessage)}</label>
                <textarea id="sh-off-message" class="sh-input sh-textarea" rows="4" required
                    aria-invalid=move || (problem.get() == Some(Key::OfflineNoMessage)).then_some("true")
                    prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                <p class="sh-error" role="alert">{move || problem.get().map(|k| lang.get().t(k))}</p>
                <button type="submit" class="sh-button" disabled=move || sending.get()>{wording(lang, Key::OfflineSend)}</button>
            </form>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_by_e_mail_is_promised_only_when_the_inbox_sends_one() {
        let words = ["e-mail", "e-post", "mejl", "sähköpost"];
        let (intro, thanks) = offline_texts(false);
        for lang in Lang::ALL {
            for key in [intro, thanks] {
                let text = lang.t(key).to_lowercase();
                assert!(
                    !words.iter().any(|w| text.contains(w)),
                    "{lang:?} {key:?}: {text}"
                );
            }
        }
        let (intro, thanks) = offline_texts(true);
        for key in [intro, thanks] {
            assert!(Lang::En.t(key).contains("e-mail"));
        }
    }
}
