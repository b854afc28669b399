//! Self-help search: the FAQ is fetched on first open (never before, once per page), then every
//! keystroke searches it on the device. The field is a WAI-ARIA combobox: results are a listbox
//! the arrow keys move through (`aria-activedescendant`), Enter opens one, and a status line
//! tells screen-reader users how many there are. An empty field shows the popular questions for
//! this page; a tracking number typed here is offered as tracking.

use super::shell::Shell;
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
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The FAQ and its search index, shared by every widget on the page that uses the same URL.
pub(crate) struct FaqData {
    pub bundle: FaqBundle,
    pub index: Index,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FaqState {
    /// No `faq-src`: the search is not shown.
    Off,
    NotLoaded,
    Loading,
    Ready,
    Failed,
}

/// What the panel shows: the start (search and tracking) or one article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Screen {
    Home,
    Article(usize),
    /// Reaching a person.
    Contact,
    /// The built-in chat.
    Chat,
}

thread_local! {
    static LOADED: RefCell<HashMap<String, Rc<FaqData>>> = RefCell::new(HashMap::new());
}

/// Fetches and indexes the FAQ the first time the buyer opens the widget. `faq-src` may list
/// several bundles separated by spaces: each later one is merged over the earlier ones (a
/// merchant's article with the same id and language replaces ours; new ones are added). One
/// that fails to load is left out; only when none loads does the buyer see the failure.
///
/// A URL with `{lang}` names one bundle per language (`faq build --per-language`): only the page
/// language's is fetched here, so the first results wait for one language's bytes; the others
/// (for the cross-language fallback) follow once the buyer searches or changes the language
/// ([`load_other_languages`]).
pub(crate) fn load_faq(shell: Shell) {
    if shell.faq.get_untracked() != FaqState::NotLoaded {
        return;
    }
    let Some(src) = shell.config.with_value(|c| c.faq_src.clone()) else {
        return;
    };
    if let Some(data) = LOADED.with(|l| l.borrow().get(&src).cloned()) {
        shell.faq_data.set_value(Some(data));
        return shell.faq.set(FaqState::Ready);
    }
    shell.faq.set(FaqState::Loading);
    let page = shell.lang.get_untracked();
    let per_language = src.contains(LANG_PLACEHOLDER);
    leptos::task::spawn_local(async move {
        let urls = src
            .split_whitespace()
            .map(|url| url.replace(LANG_PLACEHOLDER, page.code()));
        let Some(bundle) = fetch_merged(shell, urls, None).await else {
            return shell.faq.set(FaqState::Failed);
        };
        if per_language {
            OTHERS.with(|o| o.borrow_mut().insert(src.clone(), Others::Wanted(page)));
        }
        let index = Index::build(&bundle);
        let data = Rc::new(FaqData { bundle, index });
        LOADED.with(|l| l.borrow_mut().insert(src, Rc::clone(&data)));
        shell.faq_data.set_value(Some(data));
        shell.faq.set(FaqState::Ready);
    });
}

/// The placeholder in a `faq-src` URL that stands for a language code (`nb`, `sv`, …).
const LANG_PLACEHOLDER: &str = "{lang}";

/// Where the other languages of a per-language `faq-src` are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Others {
    /// Only this language is loaded.
    Wanted(Lang),
    Fetching,
    /// Every language is in [`LOADED`].
    Done,
}

thread_local! {
    static OTHERS: RefCell<HashMap<String, Others>> = RefCell::new(HashMap::new());
}

/// Fetches the other languages of a per-language `faq-src` (once per page), merges them over the
/// loaded one and rebuilds the index. The loaded articles keep their positions (merging appends
/// articles of new languages), so an open article stays the same one. Nothing to do for a
/// `faq-src` without `{lang}`.
fn load_other_languages(shell: Shell) {
    let Some(src) = shell.config.with_value(|c| c.faq_src.clone()) else {
        return;
    };
    let Some(state) = OTHERS.with(|o| o.borrow().get(&src).copied()) else {
        return;
    };
    let loaded = shell.faq_data.with_value(|d| d.clone());
    match state {
        Others::Fetching => {}
        Others::Done => {
            // Another widget with the same `faq-src` fetched them: take its data.
            let full = LOADED.with(|l| l.borrow().get(&src).cloned());
            if let (Some(full), Some(loaded)) = (full, loaded) {
                if !Rc::ptr_eq(&full, &loaded) {
                    shell.faq_data.set_value(Some(full));
                    shell.faq.set(FaqState::Ready);
                }
            }
        }
        Others::Wanted(first) => {
            let Some(loaded) = loaded else { return };
            OTHERS.with(|o| o.borrow_mut().insert(src.clone(), Others::Fetching));
            leptos::task::spawn_local(async move {
                let urls = src
                    .split_whitespace()
                    .filter(|url| url.contains(LANG_PLACEHOLDER))
                    .flat_map(|url| {
                        Lang::ALL
                            .into_iter()
                            .filter(move |&lang| lang != first)
                            .map(move |lang| url.replace(LANG_PLACEHOLDER, lang.code()))
                    })
                    .collect::<Vec<_>>();
                let base = loaded.bundle.clone();
                let Some(bundle) = fetch_merged(shell, urls.into_iter(), Some(base)).await else {
                    return;
                };
                let index = Index::build(&bundle);
                let data = Rc::new(FaqData { bundle, index });
                LOADED.with(|l| l.borrow_mut().insert(src.clone(), Rc::clone(&data)));
                OTHERS.with(|o| o.borrow_mut().insert(src, Others::Done));
                shell.faq_data.set_value(Some(data));
                // Set again (the state is already Ready) so the results are searched anew.
                shell.faq.set(FaqState::Ready);
            });
        }
    }
}

/// Fetches `urls` in order and merges each bundle over `base` and the earlier ones. A bundle
/// that cannot be had is skipped (the others still help the buyer), and the merchant is told
/// why. None when nothing loaded and there was no `base`.
async fn fetch_merged(
    shell: Shell,
    urls: impl Iterator<Item = String>,
    base: Option<FaqBundle>,
) -> Option<FaqBundle> {
    let mut merged = base;
    for url in urls {
        let outcome = net::get(&url, &Canceller::default()).await;
        if let Some(problem) = Diagnostic::of_request(Area::Faq, &url, &outcome) {
            shell.report(&problem);
            continue;
        }
        let Ok(answer) = outcome else { continue };
        let bundle = match FaqBundle::from_json(&answer.body) {
            Ok(bundle) => bundle,
            Err(error) => {
                let reason = error.to_string();
                let problem = Problem::BadContent { url, reason };
                shell.report(&Diagnostic::new(Area::Faq, problem));
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
fn settle_search(shell: Shell, query: &str, results: usize) {
    let query = query.to_owned();
    shell.record(Fact::Searched { query, results });
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
    let (hits, weak) = search_reaching(&data.index, query, &options);
    let rows = hits
        .into_iter()
        .map(|hit| Row {
            doc: hit.doc,
            snippet: snippet(&data.index, hit.doc, &hit.matched_terms, 140)
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
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    let market = shell.market().code();
    let active = RwSignal::new(None::<usize>);

    let searched = Memo::new(move |_| {
        let query = shell.query.get();
        if shell.faq.get() != FaqState::Ready || query.trim().is_empty() {
            return (Vec::new(), false);
        }
        let lang = lang.get();
        shell.faq_data.with_value(|d| {
            d.as_ref()
                .map(|d| rows(d, &query, lang, market))
                .unwrap_or_default()
        })
    });
    let results = Memo::new(move |_| searched.with(|(rows, _)| rows.clone()));
    // A tracking number typed here is offered first, as tracking.
    let tracking = Memo::new(move |_| {
        looks_like_tracking_id(&shell.query.get()).map(|id| id.as_str().to_owned())
    });
    let option_count = move || results.with(Vec::len) + usize::from(tracking.with(Option::is_some));
    let expanded = move || option_count() > 0;

    Effect::new(move |_| {
        shell.query.track();
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
        if shell.faq.get() == FaqState::Ready {
            if first_lang.is_some_and(|first| first != lang) {
                load_other_languages(shell);
            } else if weak {
                let still_weak = move || {
                    if searched.with_untracked(|(_, weak)| *weak) {
                        load_other_languages(shell);
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
        let query = shell.query.get();
        cancel_settle();
        let timer = set_timeout_with_handle(
            move || {
                settle_timer.try_update_value(Option::take);
                if shell.faq.get_untracked() == FaqState::Ready {
                    let count = results.with_untracked(Vec::len);
                    settle_search(shell, &query, count);
                }
            },
            std::time::Duration::from_millis(SETTLE_MS),
        );
        settle_timer.set_value(timer.ok());
    });

    let choose = move |index: usize| {
        let offset = usize::from(tracking.with_untracked(Option::is_some));
        if index < offset {
            if let Some(id) = tracking.get_untracked() {
                shell.tracking_input.set(id);
                super::tracking::start_lookup(shell);
                super::dom::focus_in(shell, "#sh-t");
            }
        } else if let Some(row) = results.with_untracked(|r| r.get(index - offset).cloned()) {
            // The search that led to the article is part of the trail, settled or not.
            cancel_settle();
            settle_search(
                shell,
                &shell.query.get_untracked(),
                results.with_untracked(Vec::len),
            );
            super::article::open_article(shell, row.doc, &row.id);
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
        match (shell.faq.get(), results.with(Vec::len)) {
            (FaqState::Ready, _) if shell.query.with(|q| q.trim().is_empty()) => String::new(),
            (FaqState::Ready, 0) => l.t(Key::NoResults).to_owned(),
            (FaqState::Ready, 1) => l.t(Key::ResultsOne).to_owned(),
            (FaqState::Ready, n) => l.t(Key::ResultsCount).replace("{n}", &n.to_string()),
            _ => String::new(),
        }
    };

    view! {
        <Show when=move || shell.screen.get() == Screen::Home>
            <form class="sh-entry" role="none" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <label class="sh-label" for="sh-q">{move || lang.get().t(Key::SearchLabel)}</label>
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
                    placeholder=move || lang.get().t(Key::SearchPlaceholder)
                    prop:value=move || shell.query.get()
                    on:input=move |ev| shell.query.set(event_target_value(&ev))
                    on:focus=move |_| load_faq(shell)
                    on:keydown=on_keydown
                />
                <ul id="sh-results" class="sh-results" role="listbox" aria-label=move || lang.get().t(Key::ResultsLabel) hidden=move || !expanded()>
                    {move || tracking.get().map(|id| view! {
                        <li id="sh-opt-0" role="option" class="sh-option sh-option--track" aria-selected=move || (active.get() == Some(0)).to_string() on:click=move |_| choose(0)>
                            <span class="sh-option-title">{move || lang.get().t(Key::TrackThisParcel).replace("{id}", &id)}</span>
                        </li>
                    })}
                    {move || {
                        let offset = usize::from(tracking.with(Option::is_some));
                        results.get().into_iter().enumerate().map(|(n, row)| {
                            let i = n + offset;
                            view! {
                                <li id=format!("sh-opt-{i}") role="option" class="sh-option" aria-selected=move || (active.get() == Some(i)).to_string() on:click=move |_| choose(i)>
                                    <span class="sh-option-title">{row.title.clone()}</span>
                                    {row.other_language.map(|other| view! {
                                        <span class="sh-option-lang">{move || lang.get().in_language(other)}</span>
                                    })}
                                    <span class="sh-option-snippet">
                                        {row.snippet.iter().map(|(text, hit)| if *hit {
                                            view! { <mark>{text.clone()}</mark> }.into_any()
                                        } else {
                                            text.clone().into_any()
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
        </Show>
    }
}

/// Under an empty field: popular questions for this page; under a search that found nothing:
/// what to try next. Also the FAQ's loading and failure states.
#[component]
fn Suggestions(
    /// The results the field already has: "nothing found" is read from them, not searched again.
    results: Memo<Vec<Row>>,
) -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    let context = shell.config.with_value(|c| c.context.code());
    let market = shell.market().code();
    let empty = move || shell.query.with(|q| q.trim().is_empty());
    let popular_rows = move || {
        if shell.faq.get() != FaqState::Ready {
            return Vec::new();
        }
        let lang = lang.get();
        shell.faq_data.with_value(|d| {
            d.as_ref()
                .map(|d| {
                    popular(&d.index, lang, Some(market), context, 5)
                        .into_iter()
                        .map(|h| (h.doc, h.id, h.title))
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let nothing_found = move || {
        shell.faq.get() == FaqState::Ready
            && !empty()
            && results.with(Vec::is_empty)
            && looks_like_tracking_id(&shell.query.get()).is_none()
    };
    view! {
        {move || match shell.faq.get() {
            FaqState::Loading => view! { <p class="sh-loading"><span class="sh-spinner" aria-hidden="true"></span>{move || lang.get().t(Key::FaqLoading)}</p> }.into_any(),
            FaqState::Failed => view! {
                <div class="sh-notice sh-notice--problem">
                    <p>{move || lang.get().t(Key::FaqFailed)}</p>
                    // Only the buyer retries: a failing server is never asked in a loop.
                    <button type="button" class="sh-button sh-button--quiet" on:click=move |_| {
                        shell.faq.set(FaqState::NotLoaded);
                        load_faq(shell);
                    }>{move || lang.get().t(Key::FaqRetry)}</button>
                </div>
            }.into_any(),
            _ => ().into_any(),
        }}
        <Show when=nothing_found>
            <div class="sh-notice">
                <p class="sh-notice-title">{move || lang.get().t(Key::NoResults)}</p>
                <p>{move || lang.get().t(Key::NoResultsHelp)}</p>
            </div>
        </Show>
        <Show when=move || (empty() || nothing_found()) && !popular_rows().is_empty()>
            <div class="sh-popular">
                <h3 class="sh-subtitle" id="sh-popular-h">{move || lang.get().t(Key::PopularHeading)}</h3>
                <ul class="sh-popular-list" aria-labelledby="sh-popular-h">
                    {move || popular_rows().into_iter().map(|(doc, id, title)| view! {
                        <li>
                            <button type="button" class="sh-article-link" on:click=move |_| super::article::open_article(shell, doc, &id)>{title}</button>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
