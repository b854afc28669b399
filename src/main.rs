//! WebAssembly entry: the functions the loader (`public/selfhelp-widget.js`) calls.
//!
//! The exports live in the binary, not the library, so the linker cannot drop them: it keeps only
//! what the binary itself defines or uses.

use selfhelp::ui;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

fn main() {}

/// Runs the search once over a tiny built-in FAQ, touching no DOM, network or storage: the loader
/// calls it when the page is idle (`preload="idle"`), so the browser compiles that code then and
/// not after the click.
#[wasm_bindgen]
pub fn warm() {
    selfhelp::faq::warm();
}

/// One mounted widget, driven by its `<selfhelp-widget>` element.
#[wasm_bindgen]
pub struct Widget(ui::Widget);

/// Mounts the panel into `root` (the element's shadow root). `launcher` is the loader's button,
/// absent in inline mode; `lang` is the language the loader resolved; `words` that language's
/// texts file as the loader fetched it (not a string for English, or when it could not be had), and
/// `load_texts` the loader's `(lang) => Promise<string>` for another language's.
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    root: ShadowRoot,
    launcher: Option<HtmlElement>,
    lang: String,
    words: JsValue,
    load_texts: Option<js_sys::Function>,
    opening: bool,
) -> Result<Widget, JsValue> {
    let texts = ui::Texts {
        words: words.as_string(),
        load: load_texts,
    };
    ui::mount(host, root, launcher, &lang, texts, opening).map(Widget)
}

#[wasm_bindgen]
impl Widget {
    pub fn open(&self) {
        self.0.open();
    }

    pub fn close(&self) {
        self.0.close();
    }

    pub fn toggle(&self) {
        self.0.toggle();
    }

    pub fn search(&self, text: String) {
        self.0.search(text);
    }

    pub fn track(&self, id: String) {
        self.0.track(id);
    }

    /// Puts `text` in the search field without opening the panel (what the buyer typed in the
    /// loader's frame before closing it).
    #[wasm_bindgen(js_name = setQuery)]
    pub fn set_query(&self, text: String) {
        self.0.set_query(text);
    }

    /// Returns false, changing nothing, for a language the widget does not speak.
    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&self, code: String) -> bool {
        self.0.set_lang(&code)
    }
}
