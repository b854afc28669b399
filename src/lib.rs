//! selfhelp: an embeddable help widget for buyers of Nordic webshops. A buyer searches a self-help
//! FAQ, tracks a parcel, and reaches a person only when self-help has not solved it.
//!
//! The crate is split so that everything that decides something is plain Rust, tested natively
//! with `cargo test` in seconds, and the browser-facing part stays thin:
//!
//! - [`i18n`]: the five languages and every string, checked at compile time.
//! - [`config`]: the element's attributes read into a typed configuration.
//! - [`ui`]: Leptos components and the shadow-DOM mount; the only module that touches the DOM.
//!
//! `src/main.rs` is the WebAssembly entry the loader (`public/selfhelp-widget.js`) imports.

pub(crate) mod api;
pub mod chat;
pub(crate) mod config;
pub(crate) mod diagnostics;
pub mod domain;
pub mod escalation;
pub mod faq;
pub mod i18n;
pub(crate) mod net;
#[cfg(test)]
mod robustness;
pub mod tracking;
pub mod ui;
pub(crate) mod visit;
