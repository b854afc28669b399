//! Small view helpers that give the framework one type to generate code for where the views
//! would give it one per use: each distinct closure in a view gets its own copy of Leptos'
//! render-effect code, and the main module is mostly that code (issue #11, BENCHMARKS.md).

use crate::i18n::{Key, Lang};
use leptos::prelude::*;

/// The text for `key` in the panel's language `lang`, following it when it changes: for a view's
/// text or attribute. Every call returns the same closure type (it was ~80 closure types).
pub(crate) fn wording(
    lang: ReadSignal<Lang>,
    key: Key,
) -> impl Fn() -> &'static str + Copy + 'static {
    move || lang.get().t(key)
}

/// What `view` draws while `when` holds, nothing otherwise; drawn again only when `when` changes
/// (as Leptos' `<Show>`, whose code was generated once per use).
pub(crate) fn shown(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    shown_boxed(Box::new(when), Box::new(view))
}

type When = Box<dyn Fn() -> bool + Send + Sync>;
type ViewFn = Box<dyn Fn() -> AnyView + Send + Sync>;

fn shown_boxed(when: When, view: ViewFn) -> impl IntoView {
    let when = Memo::new(move |_| when());
    move || when.get().then(&view)
}
