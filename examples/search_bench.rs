//! The search engine alone, compiled to WebAssembly for the speed benchmark (bench/speed.mjs),
//! so it is timed in Chromium beside MiniSearch and Fuse.js on the same page. Not shipped.

#[cfg(target_arch = "wasm32")]
mod bench {
    use selfhelp::domain::Lang;
    use selfhelp::faq::article::FaqBundle;
    use selfhelp::faq::index::Index;
    use selfhelp::faq::search::{search, SearchOptions};
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::RefCell;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    use wasm_bindgen::prelude::*;

    thread_local! {
        static INDEX: RefCell<Option<Index>> = const { RefCell::new(None) };
    }

    /// Counts the heap's live and peak bytes, so the memory benchmark can say what the parsed
    /// bundle, the index and each peak take, beside the WebAssembly memory the browser reports.
    struct Counting;
    static LIVE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size(), Relaxed);
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // Growing is counted as the allocator may do it, the new block beside the old, then
            // the old freed; shrinking, as dlmalloc does it, in place.
            if new_size > layout.size() {
                let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
                PEAK.fetch_max(live, Relaxed);
            } else {
                LIVE.fetch_add(new_size, Relaxed);
            }
            LIVE.fetch_sub(layout.size(), Relaxed);
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    /// Heap bytes at each step of the last [`load`]: the text, the parse's peak, the parsed
    /// bundle, the build's peak, the index. JSON, read by bench/memory.mjs.
    #[wasm_bindgen]
    pub fn heap_steps() -> String {
        STEPS.with(|steps| {
            let s = steps.borrow();
            format!(
                r#"{{"text":{},"parsePeak":{},"bundle":{},"buildPeak":{},"index":{}}}"#,
                s[0], s[1], s[2], s[3], s[4]
            )
        })
    }

    thread_local! {
        static STEPS: RefCell<[usize; 5]> = const { RefCell::new([0; 5]) };
    }

    /// Parses a bundle and builds its index; returns the number of articles (0 on bad JSON).
    /// The bundle comes as bytes, as the widget reads a response (src/net.rs), and its text is
    /// handed to the reader, which gives it back as it reads, as the widget does with a fetched
    /// body, so the memory benchmark's peak is the widget's.
    #[wasm_bindgen]
    pub fn load(bytes: Vec<u8>) -> usize {
        let base = LIVE.load(Relaxed) - bytes.capacity();
        let Ok(json) = String::from_utf8(bytes) else {
            return 0;
        };
        let text = json.capacity();
        PEAK.store(LIVE.load(Relaxed), Relaxed);
        let Ok(bundle) = FaqBundle::from_json_text(json) else {
            return 0;
        };
        let parse_peak = PEAK.load(Relaxed) - base;
        let parsed = LIVE.load(Relaxed) - base;
        PEAK.store(LIVE.load(Relaxed), Relaxed);
        let index = Index::build(bundle);
        let build_peak = PEAK.load(Relaxed) - base;
        let indexed = LIVE.load(Relaxed) - base - parsed;
        STEPS.with(|steps| *steps.borrow_mut() = [text, parse_peak, parsed, build_peak, indexed]);
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
