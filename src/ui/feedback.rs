//! Feedback on a delivered parcel: a 1–5 rating and an optional comment, POSTed to the
//! merchant's `feedback-url` (else emitted as `selfhelp:feedback`). Sent once; if sending fails,
//! what the buyer wrote stays and they can try again.

use super::host::Host;
use super::views::wording;
use crate::api;
use crate::i18n::Key;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sending {
    Editing,
    InFlight,
    Sent,
    Failed,
}

/// The JSON the merchant's endpoint receives.
fn feedback_json(shipment_id: &str, rating: u8, comment: &str, lang: &str, market: &str) -> String {
    use crate::json::push_string;
    let mut out = String::from("{\"shipmentId\":");
    push_string(&mut out, shipment_id);
    out.push_str(&format!(",\"rating\":{rating},\"comment\":"));
    push_string(&mut out, comment.trim());
    out.push_str(",\"lang\":");
    push_string(&mut out, lang);
    out.push_str(",\"market\":");
    push_string(&mut out, market);
    out.push('}');
    out
}

#[component]
pub(crate) fn Feedback(shipment_id: String) -> impl IntoView {
    let host = expect_context::<Host>();
    let lang = host.lang;
    let rating = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let state = RwSignal::new(Sending::Editing);
    let missing_rating = RwSignal::new(false);
    let group = format!("sh-rate-{shipment_id}");
    let id = StoredValue::new(shipment_id);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if matches!(state.get_untracked(), Sending::InFlight | Sending::Sent) {
            return; // sent once
        }
        let Some(stars) = rating.get_untracked() else {
            missing_rating.set(true);
            return;
        };
        let text = comment.get_untracked();
        let (l, market) = (lang.get_untracked().code(), host.market().code());
        let json = id.with_value(|id| feedback_json(id, stars, &text, l, market));
        let stars_text = stars.to_string();
        match host.config(|c| c.feedback_url.clone()) {
            None => {
                id.with_value(|id| {
                    host.emit(
                        "selfhelp:feedback",
                        &[
                            ("shipmentId", id),
                            ("rating", &stars_text),
                            ("comment", text.trim()),
                        ],
                    )
                });
                state.set(Sending::Sent);
            }
            Some(url) => {
                state.set(Sending::InFlight);
                leptos::task::spawn_local(async move {
                    match api::send_feedback(&url, &json).await {
                        Ok(()) => {
                            host.emit(
                                "selfhelp:feedback",
                                &[("rating", &stars_text), ("sent", "true")],
                            );
                            state.set(Sending::Sent);
                        }
                        Err(problem) => {
                            host.report(&problem);
                            state.set(Sending::Failed);
                        }
                    }
                });
            }
        }
    };

    view! {
        <Show
            when=move || state.get() != Sending::Sent
            fallback=move || view! { <p class="sh-notice" role="status">{wording(lang, Key::FeedbackThanks)}</p> }
        >
            <form class="sh-feedback" on:submit=on_submit novalidate>
                <h5 class="sh-section-title">{wording(lang, Key::FeedbackHeading)}</h5>
                <fieldset class="sh-rating" aria-describedby="sh-rate-error">
                    <legend>{wording(lang, Key::FeedbackRating)}</legend>
                    {(1..=5u8).map(|n| {
                        let group = group.clone();
                        view! {
                            <label class="sh-rate">
                                <input
                                    type="radio"
                                    name=group
                                    value=n.to_string()
                                    prop:checked=move || rating.get() == Some(n)
                                    on:change=move |_| { rating.set(Some(n)); missing_rating.set(false); }
                                />
                                <span aria-hidden="true">{n}</span>
                                <span class="sh-vh">{move || lang.get().t(Key::FeedbackStar).replace("{n}", &n.to_string())}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <p class="sh-error" id="sh-rate-error" role="alert">
                    {move || missing_rating.get().then(|| lang.get().t(Key::FeedbackNeedRating))}
                </p>
                <label class="sh-label" for=format!("{}-comment", id.get_value())>{wording(lang, Key::FeedbackComment)}</label>
                <textarea
                    id=format!("{}-comment", id.get_value())
                    class="sh-input sh-textarea"
                    rows="3"
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))
                ></textarea>
                <p class="sh-error" role="alert">
                    {move || (state.get() == Sending::Failed).then(|| lang.get().t(Key::FeedbackFailed))}
                </p>
                <button type="submit" class="sh-button" disabled=move || state.get() == Sending::InFlight>
                    {wording(lang, Key::FeedbackSend)}
                </button>
            </form>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_carries_what_the_customer_centre_needs() {
        let json = feedback_json(
            "RR747540648SE",
            4,
            "  Left at the door, fine \"really\"  ",
            "sv",
            "se",
        );
        let value: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(value["shipmentId"], "RR747540648SE");
        assert_eq!(value["rating"], 4);
        assert_eq!(value["comment"], "Left at the door, fine \"really\"");
        assert_eq!(value["lang"], "sv");
    }
}
