//! The panel's stylesheet without its comments and layout (issue #11): `style/widget.css` stays
//! written for people, and the WebAssembly carries `$OUT_DIR/widget.css`, about 2,100 bytes
//! shorter (some 270 bytes brotli in the main module). Only what cannot change a rule is
//! dropped: comments, whitespace runs (one space kept), spaces beside `{ } ; , >` and the `;`
//! before `}`. Spaces beside `:` stay, since `a :hover` and `a:hover` select different things.
//! A string holding whitespace or one of those characters would need a real parser: the build
//! stops on one.

use std::{env, fs, path::Path};

fn main() {
    let source = "style/widget.css";
    println!("cargo::rerun-if-changed={source}");
    let css = fs::read_to_string(source).expect("style/widget.css is readable");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.css");
    fs::write(out, minify(&css)).expect("OUT_DIR is writable");
}

fn minify(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        let end = rest[start..]
            .find("*/")
            .expect("style/widget.css: a comment is not closed");
        rest = &rest[start + end + 2..];
    }
    text.push_str(rest);
    for string in text.split('"').skip(1).step_by(2) {
        assert!(
            !string.contains(['\'', '{', '}', ';', ',', '>'])
                && !string.contains(char::is_whitespace),
            "style/widget.css: the string \"{string}\" holds what the minifier would change"
        );
    }
    assert!(!text.contains('\''), "style/widget.css: use double quotes");

    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let joins = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>');
        if !out.is_empty() && !out.ends_with(joins) && !word.starts_with(joins) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.replace(";}", "}")
}
