//! Popular questions: what a page suggests before the buyer types, chosen by the page's context
//! and the articles' `popular` rank.

use super::article::Article;
use super::index::Index;
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
    let mut for_context = Vec::new();
    let mut in_general = Vec::new();
    for (doc, article) in index.bundle().articles.iter().enumerate() {
        if article.lang != lang || !in_market(article, market) {
            continue;
        }
        if context.is_some_and(|context| article.contexts.contains(&context)) {
            for_context.push((doc, article));
        } else if article.popular.is_some() {
            in_general.push((doc, article));
        }
    }
    crate::sorting::sort_by_text(&mut for_context, |(_, article)| by_popularity(article));
    crate::sorting::sort_by_text(&mut in_general, |(_, article)| by_popularity(article));
    for_context
        .into_iter()
        .chain(in_general)
        .take(limit)
        .map(|(doc, article)| Hit {
            doc,
            id: article.id.clone(),
            lang: article.lang,
            title: article.title.clone(),
            score: 0.0,
            matched_terms: Vec::new(),
            other_language: false,
        })
        .collect()
}

/// By `popular` rank (unranked last), then title.
fn by_popularity(article: &Article) -> String {
    // The rank, zero-padded to sort as a number, then the title (NUL sorts before any letter).
    format!(
        "{:010}\u{0}{}",
        article.popular.unwrap_or(u32::MAX),
        article.title
    )
}
