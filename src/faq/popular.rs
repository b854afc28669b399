//! Popular questions: what a page suggests before the buyer types, chosen by the page's context
//! and the articles' `popular` rank.

use super::index::{DocMeta, Index};
use super::rank::in_market;
use super::search::Hit;
use crate::domain::PageContext;
use crate::i18n::Lang;

/// Suggestions for a page before the buyer types: articles in `lang` and `market` whose
/// `contexts` include `context` (e.g. `checkout`), by `popular` rank then title; if fewer than
/// `limit`, filled up with the generally popular ones (any `popular` rank).
pub(crate) fn popular(
    index: &Index,
    lang: Lang,
    market: Option<&str>,
    context: &str,
    limit: usize,
) -> Vec<Hit> {
    let market = market.map(str::trim).filter(|m| !m.is_empty());
    let context = PageContext::known(context);
    let docs = index.docs();
    let mut for_context = Vec::new();
    let mut in_general = Vec::new();
    for (doc, meta) in docs.iter().enumerate() {
        if meta.lang != lang || !in_market(meta, market) {
            continue;
        }
        if context.is_some_and(|context| meta.contexts.contains(&context)) {
            for_context.push((doc, meta));
        } else if meta.popular.is_some() {
            in_general.push((doc, meta));
        }
    }
    crate::sorting::sort_by_text(&mut for_context, |(_, meta)| by_popularity(meta));
    crate::sorting::sort_by_text(&mut in_general, |(_, meta)| by_popularity(meta));
    for_context
        .into_iter()
        .chain(in_general)
        .take(limit)
        .map(|(doc, meta)| Hit {
            doc,
            id: meta.id.clone(),
            lang: meta.lang,
            title: meta.title.clone(),
            score: 0.0,
            matched_terms: Vec::new(),
            other_language: false,
        })
        .collect()
}

/// By `popular` rank (unranked last), then title.
fn by_popularity(meta: &DocMeta) -> String {
    // The rank, zero-padded to sort as a number, then the title (NUL sorts before any letter).
    format!(
        "{:010}\u{0}{}",
        meta.popular.unwrap_or(u32::MAX),
        meta.title
    )
}
