//! Tracking a parcel: the field (validated before anything is sent), the lookup through the
//! merchant's proxy, and what comes back: a plain-language headline, dates, the pickup point
//! and its hours, what to do next, the history, delivery feedback and recent numbers.

use super::faq::Faq;
use super::host::Host;
use super::panel::PanelState;
use super::part::ChunkLoadFailed;
use super::views::{shown, wording};
use super::visit::VisitLog;
use crate::api::{self, LookupError};
use crate::diagnostics::{Area, Diagnostic, Problem};
use crate::domain::{Market, ShipmentStatus};
use crate::i18n::dates::{clock, long_date, short_date, weekday_name};
use crate::i18n::{Key, Lang};
use crate::net::Canceller;
use crate::tracking::id::{IdError, TrackingId};
use crate::tracking::recent;
use crate::tracking::summary::{OpenRange, ParcelSummary, PickupPoint, TimelineEntry};
use crate::visit::{Fact, Lookup};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use std::sync::Arc;

/// Where the lookup stands. What came back (the parcels, or why not) is drawn by the tracking
/// code, which comes in its own file in the split build: this module's main part knows only
/// that an answer is there, so a buyer who only searches downloads none of its views.
#[derive(Clone)]
pub(crate) enum TrackState {
    Idle,
    /// The number cannot be right; nothing was sent.
    Invalid(IdError),
    /// The merchant configured no `tracking-url`.
    Off,
    Loading,
    /// The tracking code answered: the parcels found, or why none were.
    Answered(Answer),
    /// The tracking code itself could not be downloaded (a network problem, with Try again).
    CodeUnavailable,
}

/// What the tracking code drew for a finished lookup.
#[derive(Clone)]
pub(crate) struct Answer(Arc<dyn Fn() -> AnyView + Send + Sync>);

/// Draws the recent numbers ([`recent_numbers`], in the tracking code's file).
type DrawRecent = fn(Tracking) -> AnyView;

const RECENT_KEY: &str = "selfhelp:recent-tracking";

/// The tracking context: the field, the lookup's state and the recent numbers.
#[derive(Clone, Copy)]
pub(crate) struct Tracking {
    /// What the buyer typed in the tracking field; kept while the panel is closed.
    pub input: RwSignal<String>,
    /// The lookup: idle, invalid input, loading, answered.
    pub state: RwSignal<TrackState>,
    /// Recently tracked numbers, read from storage on first open (never before).
    recent: RwSignal<Option<Vec<String>>>,
    /// Draws them, once the tracking code is there: it is fetched on first open only when
    /// numbers were stored, and set by the first lookup otherwise.
    recent_view: RwSignal<Option<DrawRecent>>,
    /// Cancels the lookup in flight when a newer one starts.
    canceller: StoredValue<Canceller, LocalStorage>,
    host: Host,
    visit: VisitLog,
}

impl Tracking {
    pub fn new(host: Host, visit: VisitLog) -> Tracking {
        Tracking {
            input: RwSignal::new(String::new()),
            state: RwSignal::new(TrackState::Idle),
            recent: RwSignal::new(None),
            recent_view: RwSignal::new(None),
            canceller: StoredValue::new_local(Canceller::default()),
            host,
            visit,
        }
    }

    /// Validates the field and, if the number can be right, looks it up (cancelling any lookup
    /// in flight). The field keeps what the buyer typed either way.
    pub fn start_lookup(self) {
        let typed = self.input.get_untracked();
        let id = match TrackingId::parse(&typed) {
            Ok(id) => id,
            Err(error) => return self.state.set(TrackState::Invalid(error)),
        };
        let Some(template) = self.host.config(|c| c.tracking_url.clone()) else {
            return self.state.set(TrackState::Off);
        };
        self.canceller.with_value(Canceller::cancel);
        let canceller = Canceller::default();
        self.canceller.set_value(canceller.clone());
        self.state.set(TrackState::Loading);
        let (lang, market) = (self.host.lang.get_untracked(), self.host.market());
        let tracking = self;
        leptos::task::spawn_local(async move {
            let task = load_lookup(tracking, id, template, lang, market, canceller.clone()).await;
            match task {
                Ok(task) => task.await,
                Err(ChunkLoadFailed) if !canceller.is_cancelled() => {
                    tracking.code_unavailable();
                    tracking.state.set(TrackState::CodeUnavailable);
                }
                Err(ChunkLoadFailed) => {}
            }
        });
    }

    /// The merchant's one warning that the tracking code could not be downloaded.
    fn code_unavailable(&self) {
        let problem = Problem::CodeUnavailable {
            file: "split_tracking.wasm",
        };
        self.host.report(&Diagnostic::new(Area::Tracking, problem));
    }

    /// Reads the recent numbers once, when the buyer first opens the panel; if there are any,
    /// fetches the tracking code that draws them (a buyer who tracked before).
    pub fn load_recent(self) {
        if self.recent.get_untracked().is_some() {
            return;
        }
        let stored =
            super::dom::local_storage().and_then(|s| s.get_item(RECENT_KEY).ok().flatten());
        let list = stored
            .map(|text| recent::from_stored(&text))
            .unwrap_or_default();
        let any = !list.is_empty();
        self.recent.set(Some(list));
        if any {
            leptos::task::spawn_local(async move {
                match load_recent_code().await {
                    Ok(draw) => self.recent_view.set(Some(draw)),
                    // The chips are a shortcut: the field still works, and a lookup's own
                    // load of the same file draws them once it comes.
                    Err(ChunkLoadFailed) => self.code_unavailable(),
                }
            });
        }
    }

    fn remember(&self, id: &str) {
        let list = recent::remember(&self.recent.get_untracked().unwrap_or_default(), id);
        if let Some(storage) = super::dom::local_storage() {
            let _ = storage.set_item(RECENT_KEY, &recent::to_stored(&list));
        }
        self.recent.set(Some(list));
    }

    fn forget_recent(&self) {
        if let Some(storage) = super::dom::local_storage() {
            let _ = storage.remove_item(RECENT_KEY);
        }
        self.recent.set(Some(Vec::new()));
    }
}

/// The lookup itself: the request, reading PostNord's answer, the parcels' summaries and how
/// they are drawn. In the split build this comes in `split_tracking.wasm`, with every view of
/// an answer and the recent numbers', fetched on the first lookup (or warmed up when the buyer
/// focuses the field, [`preload`]; or on opening, [`Tracking::load_recent`]).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        tracking,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_tracking)
    )
)]
fn lookup(
    tracking: Tracking,
    id: TrackingId,
    template: String,
    lang: Lang,
    market: Market,
    canceller: Canceller,
) -> Result<LocalTask, ChunkLoadFailed> {
    // The recent numbers can be drawn now, whatever this lookup finds (their own load on
    // opening may have failed).
    if tracking.recent_view.with_untracked(Option::is_none) {
        tracking.recent_view.set(Some(recent_numbers));
    }
    Ok(Box::pin(async move {
        let (outcome, problem) = api::track(&template, &id, lang, &canceller).await;
        if canceller.is_cancelled() {
            return; // a newer lookup owns the view now
        }
        if let Some(problem) = problem {
            tracking.host.report(&problem);
        }
        let answer = match outcome {
            Ok(shipments) => {
                let parcels: Vec<ParcelSummary> = shipments
                    .iter()
                    .map(|s| ParcelSummary::from_shipment(s, market))
                    .collect();
                let status = parcels.first().map_or(ShipmentStatus::Other, |p| p.status);
                let troubled = parcels.iter().any(|p| p.troubled);
                tracking.remember(id.as_str());
                let result = Lookup::Found { status, troubled };
                tracking.visit.record(Fact::Tracked { id, result });
                Answer(Arc::new(move || parcels_view(parcels.clone())))
            }
            Err(LookupError::Cancelled) => return,
            Err(error) => {
                let result = match error {
                    LookupError::NotFound => Lookup::NotFound,
                    _ => Lookup::Failed,
                };
                tracking.visit.record(Fact::Tracked { id, result });
                Answer(Arc::new(move || failure_view(tracking, error.clone())))
            }
        };
        tracking.state.set(TrackState::Answered(answer));
    }))
}

/// The recent numbers' view, for a buyer who tracked before (in the tracking code's file).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(tracking, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn recent_code() -> Result<DrawRecent, ChunkLoadFailed> {
    Ok(recent_numbers)
}

type LocalTask = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

async fn load_lookup(
    tracking: Tracking,
    id: TrackingId,
    template: String,
    lang: Lang,
    market: Market,
    canceller: Canceller,
) -> Result<LocalTask, ChunkLoadFailed> {
    #[cfg(feature = "split")]
    {
        lookup(tracking, id, template, lang, market, canceller).await
    }
    #[cfg(not(feature = "split"))]
    {
        lookup(tracking, id, template, lang, market, canceller)
    }
}

async fn load_recent_code() -> Result<DrawRecent, ChunkLoadFailed> {
    #[cfg(feature = "split")]
    {
        recent_code().await
    }
    #[cfg(not(feature = "split"))]
    {
        recent_code()
    }
}

/// Fetches the tracking code ahead of need (the buyer is in the tracking field).
fn preload() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = preload_tracking().await;
    });
}

fn id_error_text(lang: Lang, error: &IdError) -> String {
    match error {
        IdError::Empty => lang.t(Key::TrackEmpty).to_owned(),
        IdError::TooShort { .. } => lang.t(Key::TrackTooShort).to_owned(),
        IdError::TooLong { .. } => lang.t(Key::TrackTooLong).to_owned(),
        IdError::InvalidCharacter(c) => lang
            .t(Key::TrackBadCharacter)
            .replace("{c}", &c.to_string()),
        IdError::CheckDigit => lang.t(Key::TrackCheckDigit).to_owned(),
        IdError::UnknownCountry => lang.t(Key::TrackUnknownCountry).to_owned(),
    }
}

/// The tracking field, its messages and the result.
#[component]
pub(crate) fn TrackEntry() -> impl IntoView {
    let tracking = expect_context::<Tracking>();
    let lang = expect_context::<Host>().lang;
    let invalid = move || match tracking.state.get() {
        TrackState::Invalid(error) => Some(id_error_text(lang.get(), &error)),
        _ => None,
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        tracking.start_lookup();
    };
    // A pasted number is looked up at once when it can be right; otherwise the buyer can fix it.
    let on_paste = move |_| {
        request_animation_frame(move || {
            if TrackingId::parse(&tracking.input.get_untracked()).is_ok() {
                tracking.start_lookup();
            }
        });
    };
    view! {
        <form class="sh-entry" on:submit=on_submit novalidate>
            <h3 class="sh-subtitle">{wording(lang, Key::TrackHeading)}</h3>
            <label class="sh-label" for="sh-t">{wording(lang, Key::TrackLabel)}</label>
            <p class="sh-hint" id="sh-t-hint">{wording(lang, Key::TrackHint)}</p>
            <div class="sh-row">
                <input
                    id="sh-t"
                    class="sh-input"
                    part="track-input"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    enterkeyhint="go"
                    aria-describedby=move || if invalid().is_some() { "sh-t-hint sh-t-error" } else { "sh-t-hint" }
                    aria-invalid=move || invalid().is_some().then_some("true")
                    prop:value=move || tracking.input.get()
                    on:input=move |ev| tracking.input.set(event_target_value(&ev))
                    on:focus=move |_| preload()
                    on:paste=on_paste
                />
                <button type="submit" class="sh-button" part="track-button">
                    {wording(lang, Key::TrackButton)}
                </button>
            </div>
            <p class="sh-error" id="sh-t-error" role="alert">{invalid}</p>
        </form>
        {move || tracking.recent_view.get().map(|draw| draw(tracking))}
        <TrackResult/>
    }
}

/// Loading, or the answer as the tracking code drew it. A live region, so the outcome is
/// announced.
#[component]
fn TrackResult() -> impl IntoView {
    let tracking = expect_context::<Tracking>();
    let lang = expect_context::<Host>().lang;
    let busy = move || matches!(tracking.state.get(), TrackState::Loading).then_some("true");
    view! {
        <div class="sh-track-result" aria-live="polite" aria-busy=busy>
            {move || match tracking.state.get() {
                TrackState::Idle | TrackState::Invalid(_) => ().into_any(),
                TrackState::Off => view! { <p class="sh-notice">{wording(lang, Key::TrackOff)}</p> }.into_any(),
                TrackState::Loading => view! {
                    <p class="sh-loading"><span class="sh-spinner" aria-hidden="true"></span>{wording(lang, Key::TrackLoading)}</p>
                }.into_any(),
                TrackState::Answered(Answer(draw)) => draw(),
                TrackState::CodeUnavailable => view! {
                    <div class="sh-notice sh-notice--problem">
                        <p class="sh-notice-title">{wording(lang, Key::TrackNetwork)}</p>
                        <button type="button" class="sh-button sh-button--quiet sh-retry" on:click=move |_| tracking.start_lookup()>
                            {wording(lang, Key::TrackTryAgain)}
                        </button>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}

// What follows is the tracking code's: reachable only from `lookup` and `recent_code`, so in
// the split build it comes in `split_tracking.wasm`.

/// Recently tracked numbers, one tap to check again, and a way to forget them.
fn recent_numbers(tracking: Tracking) -> AnyView {
    let lang = tracking.host.lang;
    let list = move || tracking.recent.get().unwrap_or_default();
    let chips = shown(
        move || !list().is_empty(),
        move || {
            view! {
                <div class="sh-recent">
                    <span class="sh-recent-title" id="sh-recent-h">{wording(lang, Key::RecentHeading)}</span>
                    <ul class="sh-chips" aria-labelledby="sh-recent-h">
                        {move || list().into_iter().map(|id| view! {
                            <li>
                                <button type="button" class="sh-chip" on:click={
                                    let id = id.clone();
                                    move |_| {
                                        tracking.input.set(id.clone());
                                        tracking.start_lookup();
                                    }
                                }>{id.clone()}</button>
                            </li>
                        }).collect_view()}
                    </ul>
                    <button
                        type="button"
                        class="sh-link-button"
                        aria-label=wording(lang, Key::RecentClearLabel)
                        on:click=move |_| tracking.forget_recent()
                    >
                        {wording(lang, Key::RecentClear)}
                    </button>
                </div>
            }
            .into_any()
        },
    );
    chips.into_any()
}

/// The parcels found, as the buyer reads them.
fn parcels_view(parcels: Vec<ParcelSummary>) -> AnyView {
    parcels
        .into_iter()
        .enumerate()
        .map(|(n, parcel)| view! { <Parcel parcel n/> })
        .collect_view()
        .into_any()
}

/// Why no parcel is shown, and what to do: look again, or wait out a 429's Retry-After.
fn failure_view(tracking: Tracking, error: LookupError) -> AnyView {
    let lang = tracking.host.lang;
    let l = lang.get();
    let (text, help, retry): (String, Option<Key>, bool) = match error {
        LookupError::NotFound => (
            l.t(Key::TrackNotFound).into(),
            Some(Key::TrackNotFoundHelp),
            false,
        ),
        LookupError::Unavailable => (l.t(Key::TrackUnavailable).into(), None, true),
        LookupError::RateLimited(seconds) => (
            l.t(Key::TrackRateLimited)
                .replace("{s}", &seconds.unwrap_or(60).to_string()),
            None,
            true,
        ),
        LookupError::Timeout => (l.t(Key::TrackTimeout).into(), None, true),
        LookupError::Network => (l.t(Key::TrackNetwork).into(), None, true),
        LookupError::Unreadable => (l.t(Key::TrackUnreadable).into(), None, true),
        LookupError::Cancelled => (String::new(), None, false),
    };
    let wait = match error {
        LookupError::RateLimited(seconds) => seconds.unwrap_or(60),
        _ => 0,
    };
    view! {
        <div class="sh-notice sh-notice--problem">
            <p class="sh-notice-title">{text}</p>
            {help.map(|k| view! { <p>{wording(lang, k)}</p> })}
            {retry.then(|| view! { <RetryButton wait/> })}
        </div>
    }
    .into_any()
}

/// "Try again", held back for `wait` seconds (a 429's Retry-After) with a visible countdown. The
/// countdown is hidden from screen readers, which heard the wait in the message above and hear
/// nothing each second; the button's name stays "Try again".
#[component]
fn RetryButton(wait: u32) -> impl IntoView {
    let tracking = expect_context::<Tracking>();
    let lang = expect_context::<Host>().lang;
    let left = RwSignal::new(wait);
    if wait > 0 {
        let tick = move || left.update(|s| *s = s.saturating_sub(1));
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <button
            type="button"
            class="sh-button sh-button--quiet sh-retry"
            disabled=move || { left.get() > 0 }
            on:click=move |_| tracking.start_lookup()
        >
            <span class=move || (left.get() > 0).then_some("sh-vh")>{wording(lang, Key::TrackTryAgain)}</span>
            <span aria-hidden="true" hidden=move || left.get() == 0>
                {move || lang.get().t(Key::TrackRetryIn).replace("{s}", &left.get().to_string())}
            </span>
        </button>
    }
}

/// Today's weekday (Monday = 0) and year, from the buyer's clock.
fn today() -> (usize, i32) {
    let now = js_sys::Date::new_0();
    (
        ((now.get_day() + 6) % 7) as usize,
        now.get_full_year() as i32,
    )
}

/// One shipment.
#[component]
fn Parcel(parcel: ParcelSummary, n: usize) -> impl IntoView {
    let lang = expect_context::<Host>().lang;
    let (weekday, year) = today();
    let heading_id = format!("sh-parcel-{n}");
    let labelled_by = heading_id.clone();
    let dates = [
        (Key::EtaLabel, parcel.expected),
        (Key::DeliveredLabel, parcel.delivered),
        (Key::CollectBefore, parcel.collect_before),
    ]
    .into_iter()
    .filter_map(|(label, at)| at.map(|at| (label, at)))
    .collect::<Vec<_>>();
    let items = parcel.items.clone();
    let steps = parcel.next_steps.clone();
    view! {
        <article class="sh-parcel" aria-labelledby=labelled_by>
            <h4 class="sh-parcel-headline" id=heading_id>{move || lang.get().t(parcel.headline)}</h4>
            <p class="sh-parcel-id">{parcel.shipment_id.clone()}</p>
            {parcel.sender.clone().map(|sender| view! {
                <p class="sh-parcel-sender">{move || lang.get().t(Key::SenderLabel).replace("{sender}", &sender)}</p>
            })}
            {(!dates.is_empty()).then(|| view! {
                <dl class="sh-facts">
                    {dates.into_iter().map(|(label, at)| view! {
                        <div class="sh-fact">
                            <dt>{wording(lang, label)}</dt>
                            <dd>{move || long_date(lang.get(), &at, Some(year))}</dd>
                        </div>
                    }).collect_view()}
                </dl>
            })}
            {parcel.postnord.clone().map(|text| view! {
                <div class="sh-postnord">
                    <p class="sh-postnord-label">{wording(lang, Key::FromPostNord)}</p>
                    {text.header.map(|h| view! { <p class="sh-postnord-header">{h}</p> })}
                    {text.body.map(|b| view! { <p>{b}</p> })}
                </div>
            })}
            {parcel.pickup.clone().map(|point| view! { <Pickup point weekday/> })}
            {(!items.is_empty()).then(|| view! {
                <h5 class="sh-section-title">{wording(lang, Key::ItemsHeading)}</h5>
                <ul class="sh-items">
                    {items.into_iter().enumerate().map(|(i, item)| view! {
                        <li>
                            <span class="sh-item-name">{move || lang.get().t(Key::ItemLabel).replace("{n}", &(i + 1).to_string())}</span>
                            " "<span class="sh-parcel-id">{item.item_id.clone()}</span>
                            <span class="sh-item-status">{move || lang.get().t(item.headline)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <h5 class="sh-section-title">{wording(lang, Key::NextStepsHeading)}</h5>
            <ul class="sh-steps">
                {steps.into_iter().map(|step| view! {
                    <li>
                        {move || lang.get().t(step.text)}
                        {step.article.map(|id| view! { <ReadMore id/> })}
                    </li>
                }).collect_view()}
            </ul>
            {parcel.wants_feedback.then(|| view! { <super::feedback::Feedback shipment_id=parcel.shipment_id.clone()/> })}
            <Timeline entries=parcel.timeline.clone()/>
        </article>
    }
}

/// The pickup point: address, today's hours, the week's hours and a map link.
#[component]
fn Pickup(point: PickupPoint, weekday: usize) -> impl IntoView {
    let lang = expect_context::<Host>().lang;
    let hours = move |l: Lang, ranges: &[OpenRange]| -> String {
        if ranges.is_empty() {
            return l.t(Key::Closed).to_owned();
        }
        ranges
            .iter()
            .map(|(from, to)| format!("{}–{}", clock(l, from.0, from.1), clock(l, to.0, to.1)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let week = point.week.clone();
    let today_ranges = week[weekday].clone();
    let has_hours = week.iter().any(|d| !d.is_empty());
    let heading = if point.is_locker {
        Key::LockerHeading
    } else {
        Key::PickupPointHeading
    };
    view! {
        <section class="sh-pickup" aria-label=wording(lang, heading)>
            <h5 class="sh-section-title">{wording(lang, heading)}</h5>
            <p class="sh-pickup-name">{point.name.clone()}</p>
            <p class="sh-pickup-address">
                {point.street.clone()}
                {point.street.is_some().then(|| view! { <br/> })}
                {point.postcode_and_city.clone()}
            </p>
            {point.detail.clone().map(|d| view! { <p class="sh-hint">{d}</p> })}
            {has_hours.then(|| {
                let closed_today = today_ranges.is_empty();
                let today_ranges = today_ranges.clone();
                let week = week.clone();
                view! {
                    <p class="sh-today">
                        <strong>{move || lang.get().t(if closed_today { Key::ClosedToday } else { Key::OpenToday })}</strong>
                        {move || if closed_today { String::new() } else { format!(" {}", hours(lang.get(), &today_ranges)) }}
                    </p>
                    <details class="sh-hours">
                        <summary>{wording(lang, Key::OpeningHours)}</summary>
                        <table>
                            <tbody>
                                {week.into_iter().enumerate().map(|(day, ranges)| view! {
                                    <tr class:sh-hours-today=day == weekday>
                                        <th scope="row">{move || weekday_name(lang.get(), day)}</th>
                                        <td>{move || hours(lang.get(), &ranges)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </details>
                }
            })}
            {point.map_url.clone().map(|url| view! {
                <a class="sh-link" href=url target="_blank" rel="noopener noreferrer">
                    {wording(lang, Key::MapLink)}
                    <span class="sh-vh">" "{wording(lang, Key::OpensInNewTab)}</span>
                </a>
            })}
        </section>
    }
}

/// The history, newest first: three shown, the rest on request.
#[component]
fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    const SHOWN: usize = 3;
    let lang = expect_context::<Host>().lang;
    let all = RwSignal::new(false);
    let total = entries.len();
    let entries = StoredValue::new(entries);
    let visible = move || {
        let count = if all.get() { total } else { SHOWN.min(total) };
        entries.with_value(|e| e[..count].to_vec())
    };
    view! {
        <h5 class="sh-section-title">{wording(lang, Key::TimelineHeading)}</h5>
        <ol class="sh-timeline">
            {move || visible().into_iter().map(|entry| view! {
                <li>
                    {entry.at.map(|at| view! { <span class="sh-when">{move || short_date(lang.get(), &at)}</span> })}
                    <span class="sh-what">{entry.description.clone()}</span>
                    {entry.place.clone().map(|p| view! { <span class="sh-where">{p}</span> })}
                </li>
            }).collect_view()}
        </ol>
        {(total > SHOWN).then(|| view! {
            <button type="button" class="sh-link-button" aria-expanded=move || all.get().to_string() on:click=move |_| all.update(|a| *a = !*a)>
                {move || if all.get() { lang.get().t(Key::ShowFewer).to_owned() } else { lang.get().t(Key::ShowAll).replace("{n}", &total.to_string()) }}
            </button>
        })}
    }
}

/// "Read more" for a next step: opens the FAQ article in the buyer's language, once the FAQ is
/// loaded and has it.
#[component]
fn ReadMore(id: &'static str) -> impl IntoView {
    let lang = expect_context::<Host>().lang;
    let (panel, faq, visit) = (
        expect_context::<PanelState>(),
        expect_context::<Faq>(),
        expect_context::<VisitLog>(),
    );
    let found = move || {
        let lang = lang.get();
        let data = faq.data()?;
        let articles = &data.bundle().articles;
        let position = |l: Lang| articles.iter().position(|a| a.id == id && a.lang == l);
        let doc = position(lang).or_else(|| position(Lang::En))?;
        Some((doc, articles[doc].title.clone()))
    };
    move || {
        found().map(|(doc, title)| {
            view! {
                " "
                <button
                    type="button"
                    class="sh-link-button sh-read-more"
                    aria-label=format!("{}: {title}", lang.get().t(Key::ReadMore))
                    on:click=move |_| super::article::open_article(panel, faq, visit, doc, id)
                >
                    {wording(lang, Key::ReadMore)}
                </button>
            }
        })
    }
}
