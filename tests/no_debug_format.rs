//! The release build formats no `{:?}` (`-Zfmt-debug=none`, scripts/release-env.sh): Debug
//! output there is empty. Tests run with the prebuilt std, where it prints, so a `{:?}` in a
//! message a merchant reads would pass every other test and ship blank. This reads `src/` and
//! fails naming the file and line of each Debug format outside a file's `mod tests`.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// Rust files under `dir`, recursively.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether a line formats with Debug: `{:?}`, `{name:?}`, `{:#?}`, `{0:?}`, or `dbg!`.
fn formats_debug(line: &str) -> bool {
    line.contains("dbg!")
        || line.match_indices('{').any(|(at, _)| {
            let rest = &line[at + 1..];
            let spec = &rest[..rest.find('}').unwrap_or(0)];
            spec.ends_with(":?") || spec.ends_with(":#?")
        })
}

#[test]
fn the_shipped_code_formats_nothing_with_debug() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        // src/robustness.rs is a test module as a whole (src/lib.rs).
        if name.ends_with("robustness.rs") {
            continue;
        }
        let mut previous = "";
        for (n, line) in text.lines().enumerate() {
            // A file's unit tests come last, after `#[cfg(test)] mod tests {` (or a
            // `#[cfg(all(test, …))]`).
            let test_only = previous.starts_with("#[cfg(") && previous.contains("test");
            if line.starts_with("mod tests") && test_only {
                break;
            }
            if formats_debug(line) && !line.trim_start().starts_with("//") {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
            previous = line;
        }
    }
    assert!(
        found.is_empty(),
        "Debug formatting prints nothing in the release build; write the value with Display:\n{}",
        found.join("\n")
    );
}

#[test]
fn debug_formats_are_recognised() {
    assert!(formats_debug(r#"write!(f, "x: {text:?}")"#));
    assert!(formats_debug(r#"format!("{:?}", x)"#));
    assert!(formats_debug(r#"format!("{:#?}", x)"#));
    assert!(formats_debug("dbg!(x);"));
    assert!(!formats_debug(r#"write!(f, "x: \"{text}\"")"#));
    assert!(!formats_debug(r#"format!("{n:>3} {}", x)"#));
}
