//! The content directory (`content/faq/<lang>/<id>.md`) read into a bundle: every article in all
//! five languages, each file named after its article, bodies parsed into blocks.
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use selfhelp::faq::article::FaqBundle;
use selfhelp::faq::blocks::Blocks;

use crate::error::AuthoringError;
use crate::front_matter::parse_article;
use crate::markdown::from_markdown;
use selfhelp::domain::Lang;

/// Reads `dir/<lang>/*.md` for the five languages (`dir` is `content/faq`), with each body
/// also parsed into blocks. Every file name must be its article's id, and every id must exist
/// in all five languages. Articles come out by language, then by id, so a build is
/// reproducible.
pub fn load_dir(dir: &Path) -> Result<FaqBundle, AuthoringError> {
    let mut articles = Vec::new();
    let mut languages: BTreeMap<String, [bool; 5]> = BTreeMap::new();
    for (slot, lang) in Lang::ALL.into_iter().enumerate() {
        let lang_dir = dir.join(lang.code());
        let entries = fs::read_dir(&lang_dir).map_err(|e| io_error(&lang_dir, &e))?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| io_error(&lang_dir, &e))?.path();
            if path.extension().is_some_and(|ext| ext == "md") && path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        for path in files {
            let source = fs::read_to_string(&path).map_err(|e| io_error(&path, &e))?;
            let in_file = |error| AuthoringError::InFile {
                path: path.display().to_string(),
                source: Box::new(error),
            };
            let authored = parse_article(lang, &source).map_err(in_file)?;
            let mut article = authored.article;
            article.blocks = Blocks::from_tree(&from_markdown(&article.body));
            let file = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or_default();
            if file != article.id {
                return Err(in_file(AuthoringError::FileNameMismatch {
                    file: file.to_owned(),
                    id: article.id,
                }));
            }
            let seen = languages.entry(article.id.clone()).or_insert([false; 5]);
            if seen[slot] {
                return Err(in_file(AuthoringError::DuplicateArticle {
                    id: article.id,
                    lang,
                }));
            }
            seen[slot] = true;
            articles.push(article);
        }
    }
    for (id, seen) in &languages {
        for (slot, lang) in Lang::ALL.into_iter().enumerate() {
            if !seen[slot] {
                return Err(AuthoringError::MissingTranslation {
                    id: id.clone(),
                    lang,
                });
            }
        }
    }
    Ok(FaqBundle::new(articles))
}

fn io_error(path: &Path, error: &std::io::Error) -> AuthoringError {
    AuthoringError::Io {
        path: path.display().to_string(),
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const PICKUP_CODE: &str = "---
id: pickup-code
title: Where do I find my pickup code?
keywords: [collection code]
category: pickup
---

The code is in your **notification**.
";

    #[test]
    fn every_article_says_where_its_facts_come_from() {
        for set in ["content/faq", "content/shop-demo"] {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .join(set);
            for lang in Lang::ALL {
                for entry in fs::read_dir(dir.join(lang.code())).unwrap() {
                    let path = entry.unwrap().path();
                    let source = fs::read_to_string(&path).unwrap();
                    let authored = parse_article(lang, &source).unwrap();
                    let name = path.display();
                    assert!(!authored.sources.is_empty(), "{name}: no `sources`");
                    assert!(authored.checked.is_some(), "{name}: no `checked` date");
                }
            }
        }
    }

    fn content_dir() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/faq")
    }

    #[test]
    fn the_real_content_has_every_article_in_every_language() {
        let bundle = load_dir(&content_dir()).unwrap_or_else(|e| panic!("{e}"));
        let mut languages: BTreeMap<&str, Vec<Lang>> = BTreeMap::new();
        for article in &bundle.articles {
            languages
                .entry(article.id.as_str())
                .or_default()
                .push(article.lang);
            assert!(
                !article.title.trim().is_empty(),
                "{} {:?}: empty title",
                article.id,
                article.lang
            );
            assert!(
                !article.body.trim().is_empty() && !article.blocks.is_empty(),
                "{} {:?}: empty body",
                article.id,
                article.lang
            );
            let html =
                article.body.as_bytes().windows(2).any(|pair| {
                    pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || pair[1] == b'/')
                });
            assert!(
                !html,
                "{} {:?}: raw HTML in the body",
                article.id, article.lang
            );
        }
        assert!(languages.len() >= 40, "only {} ids", languages.len());
        for (id, langs) in &languages {
            let mut langs = langs.clone();
            langs.sort_by_key(|lang| lang.code());
            langs.dedup();
            assert_eq!(langs.len(), 5, "{id} is in {langs:?}");
        }
    }

    #[test]
    fn a_missing_translation_or_misnamed_file_is_refused() {
        let dir = std::env::temp_dir().join(format!("selfhelp-faq-{}", std::process::id()));
        for lang in Lang::ALL {
            std::fs::create_dir_all(dir.join(lang.code())).unwrap();
            std::fs::write(dir.join(lang.code()).join("pickup-code.md"), PICKUP_CODE).unwrap();
        }
        assert_eq!(load_dir(&dir).unwrap().articles.len(), 5);

        std::fs::remove_file(dir.join("fi/pickup-code.md")).unwrap();
        assert_eq!(
            load_dir(&dir),
            Err(AuthoringError::MissingTranslation {
                id: "pickup-code".to_owned(),
                lang: Lang::Fi
            })
        );
        std::fs::write(dir.join("fi/other-name.md"), PICKUP_CODE).unwrap();
        assert!(matches!(
            load_dir(&dir),
            Err(AuthoringError::InFile { source, .. })
                if matches!(*source, AuthoringError::FileNameMismatch { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
