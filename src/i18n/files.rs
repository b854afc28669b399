//! The words of nb, sv, da and fi as files beside the WebAssembly (`public/texts/<code>.json`,
//! served as `texts/<code>.json`), so a buyer downloads their own language and not all five:
//! the four were 10 KB brotli of the main module (issue #11). English stays built in; it is
//! what the panel says while a file is missing, and the loader's frame already speaks the
//! buyer's language before any of this arrives.
//!
//! A file is a JSON array: [`Key::FINGERPRINT`] in hex, then one text per key in [`Key`]'s
//! order. It is made from the language's Rust file by a test (`the_text_files_are_up_to_date`),
//! so each text still has one place, and a file from another release is refused whole.

use super::{Key, Lang};
use crate::json::Reader;
use std::cell::Cell;

/// Why a language's file was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextsError {
    /// Not a JSON array of strings.
    NotJson,
    /// Made for another list of keys: another release of the widget.
    OtherRelease,
}

thread_local! {
    // Leaked once per language and page: a few kilobytes that live as long as the page.
    static LOADED: [Cell<Option<&'static [String]>>; 5] = Default::default();
}

/// Takes `json`, a language's file, as the words of `lang` from now on.
pub(crate) fn install(lang: Lang, json: &str) -> Result<(), TextsError> {
    if text(lang, Key::PanelTitle).is_some() {
        return Ok(()); // another widget on the page already read it
    }
    let mut reader = Reader::new(json);
    let texts = reader.strings().map_err(|_| TextsError::NotJson)?;
    reader.finish().map_err(|_| TextsError::NotJson)?;
    let stamp = texts.first().and_then(|s| u32::from_str_radix(s, 16).ok());
    if stamp != Some(Key::FINGERPRINT) || texts.len() != Key::COUNT + 1 {
        return Err(TextsError::OtherRelease);
    }
    let texts: &'static [String] = texts.leak();
    LOADED.with(|loaded| loaded[lang.index()].set(Some(&texts[1..])));
    Ok(())
}

/// The text for `key` in `lang`, if that language's file has been installed.
pub(crate) fn text(lang: Lang, key: Key) -> Option<&'static str> {
    let texts = LOADED.with(|loaded| loaded[lang.index()].get())?;
    texts.get(key as usize).map(String::as_str)
}

/// The file's name under the widget's files, for the console line when it cannot be had.
pub(crate) fn file_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Nb => "texts/nb.json",
        Lang::Sv => "texts/sv.json",
        Lang::Da => "texts/da.json",
        Lang::Fi => "texts/fi.json",
        Lang::En => "(built in)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `public/texts/<code>.json` must hold for `lang`.
    fn file_for(lang: Lang) -> String {
        let texts = std::iter::once(format!("{:08x}", Key::FINGERPRINT))
            .chain(Key::ALL.iter().map(|&key| lang.built_in(key).to_owned()))
            .collect::<Vec<_>>();
        let mut out = String::new();
        crate::json::push_strings(&mut out, texts.iter().map(String::as_str));
        out + "\n"
    }

    #[test]
    fn the_text_files_are_up_to_date() {
        // SELFHELP_WRITE_TEXTS=1 cargo test the_text_files writes them after a change.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("public/texts");
        for lang in [Lang::Nb, Lang::Sv, Lang::Da, Lang::Fi] {
            let path = dir.join(format!("{}.json", lang.code()));
            let want = file_for(lang);
            if std::env::var_os("SELFHELP_WRITE_TEXTS").is_some() {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &want).unwrap();
            }
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                have == want,
                "{} is not made from src/i18n/{}.rs: run SELFHELP_WRITE_TEXTS=1 cargo test the_text_files",
                path.display(),
                lang.code()
            );
        }
    }

    #[test]
    fn an_installed_file_gives_every_text_and_a_file_of_another_release_is_refused() {
        // Thread-local: this test's thread starts with nothing installed.
        assert_eq!(text(Lang::Sv, Key::PanelTitle), None);
        let stale =
            file_for(Lang::Sv).replacen(&format!("{:08x}", Key::FINGERPRINT), "0badc0de", 1);
        assert_eq!(install(Lang::Sv, &stale), Err(TextsError::OtherRelease));
        assert_eq!(install(Lang::Sv, "[\"Hjälp\""), Err(TextsError::NotJson));
        let short =
            serde_json::to_string(&[format!("{:08x}", Key::FINGERPRINT), "Hjälp".into()]).unwrap();
        assert_eq!(install(Lang::Sv, &short), Err(TextsError::OtherRelease));
        assert_eq!(
            text(Lang::Sv, Key::PanelTitle),
            None,
            "nothing half-installed"
        );

        install(Lang::Sv, &file_for(Lang::Sv)).unwrap();
        for &key in Key::ALL {
            assert_eq!(text(Lang::Sv, key), Some(Lang::Sv.built_in(key)), "{key:?}");
        }
        assert_eq!(
            text(Lang::Fi, Key::PanelTitle),
            None,
            "only the language installed"
        );
    }
}
