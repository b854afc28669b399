//! Self-help search: the FAQ is fetched on first open (never before, once per page), then every
//! keystroke searches it on the device. The field is a WAI-ARIA combobox: results are a listbox
//! the arrow keys move through (`aria-activedescendant`), Enter opens one, and a status line
//! tells screen-reader users how many there are. An empty field shows the popular questions for
//! this page; a tracking number typed here is offered as tracking.

use super::dom::Field;
use super::host::Host;
use super::panel::{PanelState, Screen};
use super::views::{shown, wording};
use super::visit::VisitLog;
use crate::diagnostics::{Area, Diagnostic, Problem};
use crate::faq::article::{merge, FaqBundle};
use crate::faq::index::Index;
use crate::faq::search::{popular, search_reaching, snippet, SearchOptions, Segment};
use crate::i18n::{Key, Lang};
use crate::net::{self, Canceller};
use crate::tracking::id::looks_like_tracking_id;
use crate::visit::Fact;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::rc::Rc;

/// The FAQ's search index, holding its bundle ([`Index::bundle`]), shared by every widget on
/// the page that uses the same URL.
pub(crate) type FaqData = Index;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FaqState {
    /// No `faq-src`: the search is not shown.
    Off,
    NotLoaded,
    Loading,
    Ready,
    Failed,
}

/// What the first fetch gave.
#[derive(Clone)]
enum Loaded {
    /// No bundle could be had; the merchant was told why.
    Failed,
    /// The data, and the language whose bundle a per-language `faq-src` gave.
    Ready(Rc<FaqData>, Lang),
}

/// The search's context: what the buyer typed, and the FAQ in two steps: the first fetch (the
/// page language's bundle, or the whole FAQ for a `faq-src` without `{lang}`) and, for a
/// per-language `faq-src`, the whole FAQ once a search needs the other languages.
///
/// Two signals and a spawned fetch each, not `LocalResource`s: the resources did the same and
/// cost 16 KB more WebAssembly (brotli; BENCHMARKS.md).
#[derive(Clone, Copy)]
pub(crate) struct Faq {
    /// What the buyer typed in the search field; kept while the panel is closed.
    pub query: RwSignal<String>,
    /// Set on the buyer's first open or focus: nothing is fetched before.
    wanted: RwSignal<bool>,
    others_wanted: StoredValue<bool>,
    /// None until the first fetch ends (loading, or not asked for yet).
    first: RwSignal<Option<Loaded>, LocalStorage>,
    all: RwSignal<Option<Rc<FaqData>>, LocalStorage>,
    host: Host,
}

/// What every widget on the page with the same `faq-src` shares: the first fetch's data, in the
/// language it was fetched in, and the whole FAQ once fetched. One map of one type: each map
/// type costs the WebAssembly its own copy of the hash table's code.
#[derive(Default)]
struct Shared {
    first: Option<(Rc<FaqData>, Lang)>,
    all: Option<Rc<FaqData>>,
}

thread_local! {
    /// Per `faq-src`.
    static SHARED: RefCell<HashMap<String, Shared>> = RefCell::new(HashMap::default());
}

/// The placeholder in a `faq-src` URL that stands for a language code (`nb`, `sv`, …).
const LANG_PLACEHOLDER: &str = "{lang}";

impl Faq {
    pub fn new(host: Host) -> Faq {
        Faq {
            query: RwSignal::new(String::new()),
            wanted: RwSignal::new(false),
            others_wanted: StoredValue::new(false),
            first: RwSignal::new_local(None),
            all: RwSignal::new_local(None),
            host,
        }
    }

    /// Fetches the FAQ (once per page) when the buyer first opens the widget.
    ///
    /// `faq-src` may list several bundles separated by spaces: each later one is merged over the
    /// earlier ones (a merchant's article with the same id and language replaces ours; new ones
    /// are added). One that fails to load is left out; only when none loads does the buyer see
    /// the failure. The data is shared by every widget on the page with the same `faq-src`.
    ///
    /// A URL with `{lang}` names one bundle per language (`faq build --per-language`): only the
    /// page language's is fetched first, so the first results wait for one language's bytes;
    /// the others (for the cross-language fallback) follow once a search needs them or the
    /// buyer changes the language ([`Faq::want_other_languages`]).
    pub fn load(&self) {
        if self.wanted.get_untracked() {
            return;
        }
        self.wanted.set(true);
        self.fetch_first();
    }

    fn fetch_first(self) {
        let Some(src) = self.host.config(|c| c.faq_src.clone()) else {
            return;
        };
        if let Some((data, lang)) = SHARED.with(|s| s.borrow().get(&src)?.first.clone()) {
            return self.first.set(Some(Loaded::Ready(data, lang)));
        }
        self.first.set(None);
        let page = self.host.lang.get_untracked();
        start_now(async move {
            let urls = src
                .split_whitespace()
                .map(|url| url.replace(LANG_PLACEHOLDER, page.code()))
                .collect();
            let Some(bundle) = fetch_merged(self.host, urls, None).await else {
                return self.first.set(Some(Loaded::Failed));
            };
            let data = Rc::new(Index::build(bundle));
            SHARED.with(|s| {
                s.borrow_mut().entry(src).or_default().first = Some((Rc::clone(&data), page))
            });
            self.first.set(Some(Loaded::Ready(data, page)));
        });
    }

    /// Fetches the other languages of a per-language `faq-src` (once per page) and rebuilds the
    /// index over all of them. Nothing to do for a `faq-src` without `{lang}`.
    fn want_other_languages(self) {
        if self.others_wanted.get_value() {
            return;
        }
        let Some(src) = self
            .host
            .config(|c| c.faq_src.clone())
            .filter(|src| src.contains(LANG_PLACEHOLDER))
        else {
            return;
        };
        let Some(Loaded::Ready(loaded, first_lang)) = self.first.get_untracked() else {
            return;
        };
        self.others_wanted.set_value(true);
        if let Some(data) = SHARED.with(|s| s.borrow().get(&src)?.all.clone()) {
            return self.all.set(Some(data));
        }
        leptos::task::spawn_local(async move {
            let urls = src
                .split_whitespace()
                .filter(|url| url.contains(LANG_PLACEHOLDER))
                .flat_map(|url| {
                    Lang::ALL
                        .into_iter()
                        .filter(move |&lang| lang != first_lang)
                        .map(move |lang| url.replace(LANG_PLACEHOLDER, lang.code()))
                })
                .collect::<Vec<_>>();
            let base = loaded.bundle().clone();
            let Some(bundle) = fetch_merged(self.host, urls, Some(base)).await else {
                return;
            };
            // The loaded articles keep their positions (merging appends articles of new
            // languages), so an open article stays the same one.
            let data = Rc::new(Index::build(bundle));
            SHARED.with(|s| s.borrow_mut().entry(src).or_default().all = Some(Rc::clone(&data)));
            self.all.set(Some(data));
        });
    }

    /// Only the buyer retries: a failing server is never asked in a loop.
    fn retry(&self) {
        self.fetch_first();
    }

    /// Where the FAQ stands (tracked).
    pub fn state(&self) -> FaqState {
        if self.host.config(|c| c.faq_src.is_none()) {
            return FaqState::Off;
        }
        match self.first.get() {
            None if self.wanted.get() => FaqState::Loading,
            None => FaqState::NotLoaded,
            Some(Loaded::Failed) => FaqState::Failed,
            Some(Loaded::Ready(..)) => FaqState::Ready,
        }
    }

    /// The FAQ as far as it is loaded (tracked): all languages once they came.
    pub fn data(&self) -> Option<Rc<FaqData>> {
        self.all.get().or_else(|| match self.first.get() {
            Some(Loaded::Ready(data, _)) => Some(data),
            _ => None,
        })
    }

    pub fn data_untracked(&self) -> Option<Rc<FaqData>> {
        untrack(|| self.data())
    }
}

/// Runs `task` until its first wait now, then hands it to the executor: its requests leave
/// before the caller's synchronous work (the panel's first drawing at mount), not after it as
/// with `spawn_local` alone, which first polls in a microtask. The first poll's waker is a no-op;
/// the executor's poll registers its own, and a request that ended in between is seen then.
fn start_now(task: impl std::future::Future<Output = ()> + 'static) {
    let mut task = Box::pin(task);
    let mut now = std::task::Context::from_waker(std::task::Waker::noop());
    if task.as_mut().poll(&mut now).is_pending() {
        leptos::task::spawn_local(task);
    }
}

/// Fetches `urls` (all at once) and merges each bundle, in order, over `base` and the earlier ones. A bundle
/// that cannot be had is skipped (the others still help the buyer), and the merchant is told
/// why. None when nothing loaded and there was no `base`.
async fn fetch_merged(host: Host, urls: Vec<String>, base: Option<FaqBundle>) -> Option<FaqBundle> {
    // All at once, merged in order: the shop's bundle need not wait for PostNord's to arrive.
    let cancellers: Vec<Canceller> = urls.iter().map(|_| Canceller::default()).collect();
    let requests = urls
        .iter()
        .zip(&cancellers)
        .map(|(url, c)| net::get(url, c));
    let outcomes = net::all(requests).await;
    let mut merged = base;
    for (url, outcome) in urls.into_iter().zip(outcomes) {
        if let Some(problem) = Diagnostic::of_request(Area::Faq, &url, &outcome) {
            host.report(&problem);
            continue;
        }
        let Ok(answer) = outcome else { continue };
        let bundle = match FaqBundle::from_json_text(answer.body) {
            Ok(bundle) => bundle,
            Err(error) => {
                let reason = error.to_string();
                let problem = Problem::BadContent { url, reason };
                host.report(&Diagnostic::new(Area::Faq, problem));
                continue;
            }
        };
        merged = Some(match merged {
            Some(base) => merge(base, bundle),
            None => bundle,
        });
    }
    merged
}

/// How long typing must pause before a weak result fetches the other languages' bundles.
const PAUSE_MS: u64 = 350;

/// How long the buyer must stop typing before a search counts as one attempt.
const SETTLE_MS: u64 = 1200;

/// Records a settled search (see [`Fact::Searched`]).
fn settle_search(visit: VisitLog, query: &str, results: usize) {
    let query = query.to_owned();
    visit.record(Fact::Searched { query, results });
}

/// One line of the results list.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    doc: usize,
    id: String,
    title: String,
    /// Set when the article is in another language than the page's.
    other_language: Option<Lang>,
    snippet: Vec<(String, bool)>,
}

/// The result rows, and whether the page language found only weak matches (see
/// [`search_reaching`]).
fn rows(data: &FaqData, query: &str, lang: Lang, market: &str) -> (Vec<Row>, bool) {
    let options = SearchOptions {
        lang,
        market: Some(market.to_owned()),
        limit: 8,
    };
    let (hits, weak) = search_reaching(data, query, &options);
    let rows = hits
        .into_iter()
        .map(|hit| Row {
            doc: hit.doc,
            // The index's documents are the bundle's articles, in order.
            snippet: data
                .bundle()
                .articles
                .get(hit.doc)
                .map(|article| snippet(article, &hit.matched_terms, 140))
                .unwrap_or_default()
                .into_iter()
                .map(|Segment { text, highlight }| (text, highlight))
                .collect(),
            other_language: hit.other_language.then_some(hit.lang),
            id: hit.id,
            title: hit.title,
        })
        .collect();
    (rows, weak)
}

/// The search field, its results, and the article the buyer opened.
#[component]
pub(crate) fn SearchEntry() -> impl IntoView {
    let host = expect_context::<Host>();
    let (panel, faq, visit) = (
        expect_context::<PanelState>(),
        expect_context::<Faq>(),
        expect_context::<VisitLog>(),
    );
    let tracking = expect_context::<super::tracking::Tracking>();
    let lang = host.lang;
    let market = host.market().code();
    let active = RwSignal::new(None::<usize>);

    let searched = Memo::new(move |_| {
        let query = faq.query.get();
        if query.trim().is_empty() {
            return (Vec::new(), false);
        }
        let lang = lang.get();
        faq.data()
            .map(|d| rows(&d, &query, lang, market))
            .unwrap_or_default()
    });
    let results = Memo::new(move |_| searched.with(|(rows, _)| rows.clone()));
    // A tracking number typed here is offered first, as tracking.
    let tracked_id = Memo::new(move |_| {
        looks_like_tracking_id(&faq.query.get()).map(|id| id.as_str().to_owned())
    });
    let option_count =
        move || results.with(Vec::len) + usize::from(tracked_id.with(Option::is_some));
    let expanded = move || option_count() > 0;

    Effect::new(move |_| {
        faq.query.track();
        active.set(None);
    });
    // A per-language FAQ loads its other languages only when a search finds nothing good in the
    // page language (the cross-language fallback needs them) or the buyer switches language: a
    // buyer whose searches are answered in their own language never downloads the other four.
    // Mid-word a query is always weak ("re" on the way to "return label"), so a weak result
    // counts only once the buyer paused typing.
    let pause = StoredValue::new_local(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(Some(timer)) = pause.try_update_value(Option::take) {
            timer.clear();
        }
    });
    Effect::new(move |first_lang: Option<Lang>| {
        let lang = lang.get();
        let weak = searched.with(|(_, weak)| *weak);
        if let Some(Some(timer)) = pause.try_update_value(Option::take) {
            timer.clear();
        }
        if faq.state() == FaqState::Ready {
            if first_lang.is_some_and(|first| first != lang) {
                faq.want_other_languages();
            } else if weak {
                let still_weak = move || {
                    if searched.with_untracked(|(_, weak)| *weak) {
                        faq.want_other_languages();
                    }
                };
                let wait = std::time::Duration::from_millis(PAUSE_MS);
                let timer = set_timeout_with_handle(still_weak, wait);
                pause.set_value(timer.ok());
            }
        }
        first_lang.unwrap_or(lang)
    });

    // A search counts for the trail and the escalation policy once the buyer stops typing.
    // One pending settle at a time, cancelled by the next keystroke and when opening a result
    // settles it at once: a late timer would put back a search the buyer removed from the trail.
    let settle_timer = StoredValue::new_local(None::<TimeoutHandle>);
    let cancel_settle = move || {
        if let Some(Some(timer)) = settle_timer.try_update_value(Option::take) {
            timer.clear();
        }
    };
    on_cleanup(cancel_settle);
    Effect::new(move |_| {
        let query = faq.query.get();
        cancel_settle();
        let timer = set_timeout_with_handle(
            move || {
                settle_timer.try_update_value(Option::take);
                if untrack(|| faq.state()) == FaqState::Ready {
                    let count = results.with_untracked(Vec::len);
                    settle_search(visit, &query, count);
                }
            },
            std::time::Duration::from_millis(SETTLE_MS),
        );
        settle_timer.set_value(timer.ok());
    });

    let choose = move |index: usize| {
        let offset = usize::from(tracked_id.with_untracked(Option::is_some));
        if index < offset {
            if let Some(id) = tracked_id.get_untracked() {
                tracking.input.set(id);
                tracking.start_lookup();
                super::dom::focus_in(host, Field::Tracking);
            }
        } else if let Some(row) = results.with_untracked(|r| r.get(index - offset).cloned()) {
            // The search that led to the article is part of the trail, settled or not.
            cancel_settle();
            settle_search(
                visit,
                &faq.query.get_untracked(),
                results.with_untracked(Vec::len),
            );
            super::article::open_article(panel, faq, visit, row.doc, &row.id);
        }
    };

    let on_keydown = move |ev: KeyboardEvent| {
        let count = option_count();
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" if count > 0 => {
                ev.prevent_default();
                choose(active.get_untracked().unwrap_or(0));
            }
            "Escape" if active.get_untracked().is_some() => {
                // First Escape leaves the list; the next one closes the dialog.
                ev.prevent_default();
                ev.stop_propagation();
                active.set(None);
            }
            _ => {}
        }
    };

    let status = move || {
        let l = lang.get();
        match (faq.state(), results.with(Vec::len)) {
            (FaqState::Ready, _) if faq.query.with(|q| q.trim().is_empty()) => String::new(),
            (FaqState::Ready, 0) => l.t(Key::NoResults).to_owned(),
            (FaqState::Ready, 1) => l.t(Key::ResultsOne).to_owned(),
            (FaqState::Ready, n) => l.t(Key::ResultsCount).replace("{n}", &n.to_string()),
            _ => String::new(),
        }
    };

    view! {
        {shown(move || panel.screen.get() == Screen::Home, move || view! {
            <form class="sh-entry" role="none" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <label class="sh-label" for="sh-q">{wording(lang, Key::SearchLabel)}</label>
                <input
                    id="sh-q"
                    class="sh-input"
                    part="search-input"
                    type="search"
                    role="combobox"
                    autocomplete="off"
                    enterkeyhint="search"
                    aria-autocomplete="list"
                    aria-controls="sh-results"
                    aria-expanded=move || expanded().to_string()
                    aria-activedescendant=move || active.get().map(|i| format!("sh-opt-{i}"))
                    placeholder=wording(lang, Key::SearchPlaceholder)
                    prop:value=move || faq.query.get()
                    on:input=move |ev| faq.query.set(event_target_value(&ev))
                    on:focus=move |_| faq.load()
                    on:keydown=on_keydown
                />
                <ul id="sh-results" class="sh-results" role="listbox" aria-label=wording(lang, Key::ResultsLabel) hidden=move || !expanded()>
                    {move || tracked_id.get().map(|id| view! {
                        <li id="sh-opt-0" role="option" class="sh-option sh-option--track" aria-selected=move || (active.get() == Some(0)).to_string() on:click=move |_| choose(0)>
                            <span class="sh-option-title">{move || lang.get().t(Key::TrackThisParcel).replace("{id}", &id)}</span>
                        </li>
                    })}
                    // Not keyed (`<For>`): the next keystroke's rows are drawn into the same
                    // elements in order, and the keyed lists' diffing stays out of the main
                    // module (issue #11).
                    {move || {
                        let offset = usize::from(tracked_id.with(Option::is_some));
                        results.get().into_iter().enumerate().map(|(n, row)| {
                            let i = n + offset;
                            view! {
                                <li id=format!("sh-opt-{i}") role="option" class="sh-option" aria-selected=move || (active.get() == Some(i)).to_string() on:click=move |_| choose(i)>
                                    <span class="sh-option-title">{row.title}</span>
                                    {row.other_language.map(|other| view! {
                                        <span class="sh-option-lang">{move || lang.get().in_language(other)}</span>
                                    })}
                                    <span class="sh-option-snippet">
                                        {row.snippet.into_iter().map(|(text, hit)| if hit {
                                            view! { <mark>{text}</mark> }.into_any()
                                        } else {
                                            text.into_any()
                                        }).collect_view()}
                                    </span>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
                <p class="sh-vh" role="status">{status}</p>
            </form>
            <Suggestions results/>
        }.into_any())}
    }
}

/// Under an empty field: popular questions for this page; under a search that found nothing:
/// what to try next. Also the FAQ's loading and failure states.
#[component]
fn Suggestions(
    /// The results the field already has: "nothing found" is read from them, not searched again.
    results: Memo<Vec<Row>>,
) -> impl IntoView {
    let host = expect_context::<Host>();
    let (panel, faq, visit) = (
        expect_context::<PanelState>(),
        expect_context::<Faq>(),
        expect_context::<VisitLog>(),
    );
    let lang = host.lang;
    let context = host.config(|c| c.context.code());
    let market = host.market().code();
    let empty = move || faq.query.with(|q| q.trim().is_empty());
    // (position, id, title) of each popular article.
    let popular_rows = move || -> Vec<(usize, String, String)> {
        let lang = lang.get();
        faq.data()
            .map(|d| {
                popular(&d, lang, Some(market), context, 5)
                    .into_iter()
                    .map(|h| (h.doc, h.id, h.title))
                    .collect()
            })
            .unwrap_or_default()
    };
    let nothing_found = move || {
        faq.state() == FaqState::Ready
            && !empty()
            && results.with(Vec::is_empty)
            && looks_like_tracking_id(&faq.query.get()).is_none()
    };
    view! {
        {move || match faq.state() {
            FaqState::Loading => view! { <p class="sh-loading"><span class="sh-spinner" aria-hidden="true"></span>{wording(lang, Key::FaqLoading)}</p> }.into_any(),
            FaqState::Failed => view! {
                <div class="sh-notice sh-notice--problem">
                    <p>{wording(lang, Key::FaqFailed)}</p>
                    <button type="button" class="sh-button sh-button--quiet" on:click=move |_| faq.retry()>{wording(lang, Key::FaqRetry)}</button>
                </div>
            }.into_any(),
            _ => ().into_any(),
        }}
        {shown(nothing_found, move || view! {
            <div class="sh-notice">
                <p class="sh-notice-title">{wording(lang, Key::NoResults)}</p>
                <p>{wording(lang, Key::NoResultsHelp)}</p>
            </div>
        }.into_any())}
        {shown(move || (empty() || nothing_found()) && !popular_rows().is_empty(), move || view! {
            <div class="sh-popular">
                <h3 class="sh-subtitle" id="sh-popular-h">{wording(lang, Key::PopularHeading)}</h3>
                <ul class="sh-popular-list" aria-labelledby="sh-popular-h">
                    {move || popular_rows().into_iter().map(|(doc, id, title)| view! {
                        <li>
                            <button type="button" class="sh-article-link" on:click=move |_| super::article::open_article(panel, faq, visit, doc, &id)>{title}</button>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        }.into_any())}
    }
}
