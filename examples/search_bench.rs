//! The search engine alone, compiled to WebAssembly for the speed benchmark (bench/speed.mjs),
//! so it is timed in Chromium beside MiniSearch and Fuse.js on the same page. Not shipped.

#[cfg(target_arch = "wasm32")]
mod bench {
    use selfhelp::domain::Lang;
    use selfhelp::faq::article::FaqBundle;
    use selfhelp::faq::index::Index;
    use selfhelp::faq::search::{search, SearchOptions};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    thread_local! {
        static INDEX: RefCell<Option<Index>> = const { RefCell::new(None) };
    }

    /// Parses a bundle and builds its index; returns the number of articles (0 on bad JSON).
    /// The bundle comes as bytes, as the widget reads a response (src/net.rs), and the text is
    /// dropped once parsed, before the build, as the widget drops a fetched body, so the memory
    /// benchmark's peak is the widget's.
    #[wasm_bindgen]
    pub fn load(bytes: Vec<u8>) -> usize {
        let Ok(json) = String::from_utf8(bytes) else {
            return 0;
        };
        let Ok(bundle) = FaqBundle::from_json(&json) else {
            return 0;
        };
        drop(json);
        let index = Index::build(&bundle);
        let count = index.len();
        INDEX.with(|cell| *cell.borrow_mut() = Some(index));
        count
    }

    /// Searches as the widget does; returns the ids of the hits, space-separated.
    #[wasm_bindgen]
    pub fn query(text: &str, lang: &str, market: &str) -> String {
        let lang = Lang::from_tag(lang).unwrap_or(Lang::En);
        let options = SearchOptions {
            lang,
            market: Some(market.to_owned()),
            limit: 10,
        };
        INDEX.with(|cell| {
            cell.borrow()
                .as_ref()
                .map(|index| {
                    search(index, text, &options)
                        .into_iter()
                        .map(|h| h.id)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default()
        })
    }
}

fn main() {}
