//! A part of a screen whose code comes in its own file (wasm-split, issue #11): the chat's and
//! the contact screen's bodies. While the file comes the screen says so in a status line; if it
//! cannot be fetched, the buyer reads why with Try again, and the merchant gets one console
//! warning naming the file. The part's code hands back a plain function that draws it; each time
//! the screen opens it asks for that function again (the file is fetched once; later it answers
//! at once).
//!
//! A signal and a spawned load, not `<Suspense>`: Suspense's async machinery (its boundary,
//! `Suspend`, the scoped futures) was ~12 KB of the main module's code for the chat, contact and
//! parcel parts (BENCHMARKS.md; the parcels now need no wait, `ui::tracking`).

use super::host::Host;
use super::views::wording;
use crate::diagnostics::{Area, Diagnostic, Problem};
use crate::i18n::Key;
use leptos::prelude::*;
use std::future::Future;

/// A screen's code could not be downloaded (split build only; the unsplit build never fails).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ChunkLoadFailed;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkLoadFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkLoadFailed
    }
}

/// Draws a part; made by the part's own code once its file is there.
pub(crate) type Draw = fn() -> AnyView;

#[derive(Clone, Copy)]
enum Part {
    Loading,
    Ready(Draw),
    Failed,
}

/// The part that `load` fetches from `file`: `loading` in the buyer's language while it comes,
/// then the part; if the file cannot be fetched, [`code_unavailable`] with `failed`, whose
/// Try again loads once more.
pub(crate) fn lazy_part<F>(
    host: Host,
    file: &'static str,
    loading: Key,
    failed: Key,
    load: impl Fn() -> F + 'static,
) -> impl IntoView
where
    F: Future<Output = Result<Draw, ChunkLoadFailed>> + 'static,
{
    let attempt = RwSignal::new(0u32);
    let part = RwSignal::new(Part::Loading);
    Effect::new(move |_| {
        attempt.track();
        if !matches!(part.get_untracked(), Part::Loading) {
            part.set(Part::Loading);
        }
        let load = load();
        leptos::task::spawn_local(async move {
            let done = match load.await {
                Ok(draw) => Part::Ready(draw),
                Err(ChunkLoadFailed) => Part::Failed,
            };
            // The screen may have been left meanwhile: then there is nothing to draw.
            let _ = part.try_set(done);
        });
    });
    let lang = host.lang;
    move || match part.get() {
        Part::Loading => {
            view! { <p class="sh-hint" role="status">{wording(lang, loading)}</p> }.into_any()
        }
        Part::Ready(draw) => draw(),
        Part::Failed => code_unavailable(host, file, failed, attempt),
    }
}

/// A screen's code `file` could not be fetched: the merchant gets one warning naming it, the
/// buyer reads `message` in their language and a button that tries again (bumps `attempt`).
pub(crate) fn code_unavailable(
    host: Host,
    file: &'static str,
    message: Key,
    attempt: RwSignal<u32>,
) -> AnyView {
    host.report(&Diagnostic::new(
        Area::Chat,
        Problem::CodeUnavailable { file },
    ));
    let lang = host.lang;
    view! {
        <div class="sh-notice sh-notice--problem">
            <p role="alert">{wording(lang, message)}</p>
            <button type="button" class="sh-button" on:click=move |_| attempt.update(|n| *n += 1)>
                {wording(lang, Key::ChatLoadRetry)}
            </button>
        </div>
    }
    .into_any()
}
