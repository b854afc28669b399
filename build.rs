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
    // Comments out (each becomes a space: `1px/**/2px` is two values), strings kept as written;
    // a `/*` inside a string is not a comment.
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find(['/', '"', '\'']) {
        let (before, from) = rest.split_at(at);
        text.push_str(before);
        if let Some(comment) = from.strip_prefix("/*") {
            let end = comment
                .find("*/")
                .expect("style/widget.css: a comment is not closed");
            text.push(' ');
            rest = &comment[end + 2..];
        } else if let Some(string) = from.strip_prefix('"') {
            let end = string
                .find('"')
                .expect("style/widget.css: a string is not closed");
            let inside = &string[..end];
            assert!(
                !inside.contains(['{', '}', ';', ',', '>', '\\'])
                    && !inside.contains(char::is_whitespace),
                "style/widget.css: the string \"{inside}\" holds what the minifier would change"
            );
            text.push_str(&from[..end + 2]);
            rest = &string[end + 1..];
        } else {
            assert!(
                !from.starts_with('\''),
                "style/widget.css: strings in double quotes"
            );
            text.push('/');
            rest = &from[1..];
        }
    }
    text.push_str(rest);

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
