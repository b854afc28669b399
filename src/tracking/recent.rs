//! The buyer's recently tracked numbers: the last five successful lookups, newest first, for a
//! one-tap re-check. Pure list rules here; the view keeps them in localStorage, and only after a
//! lookup succeeded (an invalid or unknown number is never remembered).

use super::id::TrackingId;
use crate::json::{push_strings, Reader};

/// How many numbers are kept.
pub(crate) const KEEP: usize = 5;

/// The list after a successful lookup of `id`: moved to the front, no repeats, at most [`KEEP`].
pub(crate) fn remember(list: &[String], id: &str) -> Vec<String> {
    std::iter::once(id.to_owned())
        .chain(list.iter().filter(|known| known.as_str() != id).cloned())
        .take(KEEP)
        .collect()
}

/// Reads what was stored; anything unreadable or not a valid tracking number is dropped.
pub(crate) fn from_stored(text: &str) -> Vec<String> {
    let mut reader = Reader::new(text);
    let stored = reader
        .strings()
        .and_then(|list| reader.finish().map(|()| list));
    stored
        .unwrap_or_default()
        .into_iter()
        .filter_map(|id| TrackingId::parse(&id).ok().map(|id| id.as_str().to_owned()))
        .take(KEEP)
        .collect()
}

pub(crate) fn to_stored(list: &[String]) -> String {
    let mut out = String::new();
    push_strings(&mut out, list.iter().map(String::as_str));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_list_with_anything_after_it_is_dropped() {
        assert_eq!(from_stored(r#"["RR747540648SE"]"#), ["RR747540648SE"]);
        assert!(from_stored(r#"["RR747540648SE"] x"#).is_empty());
        assert_eq!(
            to_stored(&["RR747540648SE".to_owned()]),
            r#"["RR747540648SE"]"#
        );
    }

    #[test]
    fn newest_first_without_repeats_and_at_most_five() {
        let mut list = Vec::new();
        for id in ["A1", "B2", "C3", "A1", "D4", "E5", "F6"] {
            list = remember(&list, id);
        }
        assert_eq!(list, vec!["F6", "E5", "D4", "A1", "C3"]);
    }

    #[test]
    fn stored_lists_are_read_defensively() {
        assert_eq!(
            from_stored(r#"["RR747540648SE","not an id!","370724760120000898"]"#),
            vec!["RR747540648SE".to_owned(), "370724760120000898".to_owned()]
        );
        assert!(from_stored("{broken").is_empty());
        let list = vec!["RR747540648SE".to_owned()];
        assert_eq!(from_stored(&to_stored(&list)), list);
    }
}
