//! One term per thing: `content/glossary.tsv` lists, per language, the preferred term and the
//! variants we do not write. This test reads every article (`content/faq/<lang>/*.md`,
//! `content/shop-demo/<lang>/*.md`) and the UI strings (`src/i18n/<lang>.rs`) and fails naming
//! the file, the line and the forbidden word.
//!
//! Matching is on whole words and case-insensitive. A forbidden variant ending in `*` matches
//! every word that starts with it (Finnish and Scandinavian inflections: `palvelupiste*`). A
//! variant that differs from the preferred term only in case (Danish `SMS` against `sms`) is
//! matched case-sensitively. Front-matter lines `id:`, `keywords:` and `sources:` are not
//! checked: keywords are the buyer's own words, which include the variants we avoid.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

const LANGS: [&str; 5] = ["nb", "sv", "da", "fi", "en"];

struct Rule {
    lang: String,
    preferred: String,
    /// Words of the forbidden phrase, lower-cased unless `exact_case`.
    words: Vec<String>,
    /// The last word matches as a prefix.
    prefix: bool,
    exact_case: bool,
    shown: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rules() -> Vec<Rule> {
    let path = root().join("content/glossary.tsv");
    let text = fs::read_to_string(&path).expect("content/glossary.tsv");
    let mut rules = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cols.len(),
            3,
            "glossary.tsv line {}: want lang, preferred, forbidden",
            n + 1
        );
        assert!(
            LANGS.contains(&cols[0]),
            "glossary.tsv line {}: unknown language {}",
            n + 1,
            cols[0]
        );
        for variant in cols[2].split('|').map(str::trim).filter(|v| !v.is_empty()) {
            let (body, prefix) = match variant.strip_suffix('*') {
                Some(body) => (body, true),
                None => (variant, false),
            };
            let exact_case = body != cols[1] && body.to_lowercase() == cols[1].to_lowercase();
            let words = body
                .split_whitespace()
                .map(|w| {
                    if exact_case {
                        w.to_string()
                    } else {
                        w.to_lowercase()
                    }
                })
                .collect();
            rules.push(Rule {
                lang: cols[0].to_string(),
                preferred: cols[1].to_string(),
                words,
                prefix,
                exact_case,
                shown: variant.to_string(),
            });
        }
    }
    assert!(!rules.is_empty(), "glossary.tsv has no rules");
    rules
}

/// The line's words (letters and digits; apostrophes and hyphens split words).
fn words(line: &str) -> Vec<&str> {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

fn matches(rule: &Rule, line: &str) -> bool {
    let original = words(line);
    let lower: Vec<String> = original.iter().map(|w| w.to_lowercase()).collect();
    let n = rule.words.len();
    if original.len() < n {
        return false;
    }
    (0..=original.len() - n).any(|start| {
        rule.words.iter().enumerate().all(|(i, want)| {
            let got: &str = if rule.exact_case {
                original[start + i]
            } else {
                &lower[start + i]
            };
            if rule.prefix && i == n - 1 {
                got.starts_with(want.as_str())
            } else {
                got == want
            }
        })
    })
}

fn files(lang: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["content/faq", "content/shop-demo"] {
        let dir = root().join(dir).join(lang);
        if let Ok(entries) = fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "md") {
                    out.push(path);
                }
            }
        }
    }
    out.push(root().join(format!("src/i18n/{lang}.rs")));
    out.sort();
    out
}

fn checked(line: &str) -> bool {
    let t = line.trim_start();
    !(t.starts_with("id:") || t.starts_with("keywords:") || t.starts_with("sources:"))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn articles_and_ui_strings_use_the_glossary_terms() {
    let rules = rules();
    let mut problems = Vec::new();
    for lang in LANGS {
        let mine: Vec<&Rule> = rules.iter().filter(|r| r.lang == lang).collect();
        for path in files(lang) {
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for (n, line) in text.lines().enumerate() {
                if !checked(line) {
                    continue;
                }
                for rule in &mine {
                    if matches(rule, line) {
                        problems.push(format!(
                            "{}:{}: forbidden \"{}\" (write \"{}\")",
                            relative(&path),
                            n + 1,
                            rule.shown,
                            rule.preferred
                        ));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "glossary violations:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_matcher_is_whole_word_and_case_aware() {
    let rule = |words: &[&str], prefix, exact_case| Rule {
        lang: "da".into(),
        preferred: "x".into(),
        words: words.iter().map(|w| w.to_string()).collect(),
        prefix,
        exact_case,
        shown: String::new(),
    };
    assert!(!matches(&rule(&["SMS"], false, true), "Du får en sms."));
    assert!(matches(&rule(&["SMS"], false, true), "Du får en SMS."));
    assert!(matches(
        &rule(&["palvelupiste"], true, false),
        "Palvelupisteeseen."
    ));
    assert!(!matches(
        &rule(&["palvelupiste"], false, false),
        "palvelupisteeseen"
    ));
    assert!(matches(
        &rule(&["får", "jeg", "snakke"], false, false),
        "Hvordan får jeg snakke med"
    ));
    assert!(!matches(
        &rule(&["kundtjänst"], false, false),
        "kundtjänstens"
    ));
}
