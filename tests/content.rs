//! The demo's FAQ bundle (public/demo/faq.json) is generated from content/faq by the `faq`
//! command, and the demo shop's own articles (public/demo/shop-faq.json) from content/shop-demo.
//! This test fails when someone edits an article and forgets to rebuild it.
#![cfg(not(target_arch = "wasm32"))]

use selfhelp::faq::article::load_dir;
use std::path::Path;

#[test]
fn the_demo_bundle_is_built_from_the_current_content() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = load_dir(&root.join("content/faq"))
        .expect("content loads")
        .for_widget();
    let expected = built.to_json().expect("json");
    let shipped =
        std::fs::read_to_string(root.join("public/demo/faq.json")).expect("bundle exists");
    assert!(
        shipped == expected,
        "public/demo/faq.json is stale: run `cargo run --release --bin faq build content public/demo/faq.json`"
    );
}
