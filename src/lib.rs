//! selfhelp: an embeddable help widget for buyers of Nordic webshops. A buyer searches a self-help
//! FAQ, tracks a parcel, and reaches a person only when self-help has not solved it.
//!
//! The crate is split so that everything that decides something is plain Rust, tested natively
//! with `cargo test` in seconds, and the browser-facing part stays thin:
//!
//! - [`domain`]: the values every module shares (market, page context, parcel status, language),
//!   so they cross module lines typed, never as strings.
//! - [`i18n`]: the five languages and every string, checked at compile time; dates as each writes.
//! - [`config`]: the element's attributes read into a typed configuration.
//! - [`faq`]: the FAQ bundle, its index built on the device, search, suggestions and snippets.
//! - [`tracking`]: tracking numbers, PostNord's answers read leniently, what a buyer is told.
//! - [`escalation`]: when a person is offered, the trail the agent sees, opening hours, the chat
//!   outbox and each visit's outcome.
//! - [`visit`]: one buyer's visit as facts, each recorded once, with what follows from it.
//! - [`chat`]: Chatwoot's client protocol and the conversation as a sans-IO engine.
//! - [`api`]: the merchant's backends as typed calls; [`net`]: the HTTP under them (gloo-net),
//!   the only other browser-facing code.
//! - [`diagnostics`]: every problem a merchant is told about, worded once.
//! - `sorting`: the one sort every ordering goes through (each `sort` call costs WebAssembly).
//! - `case`: upper and lower case for Latin letters, without Unicode's case tables for every
//!   script; `json`: the widget's own JSON formats, without serde_json's generic code.
//! - [`ui`]: Leptos components and the shadow-DOM mount; the only module that touches the DOM.
//! - `robustness` (tests only): random and mutated input for every pure entry point; no panics.
//!
//! `src/main.rs` is the WebAssembly entry the loader (`public/selfhelp-widget.js`) imports.

pub(crate) mod api;
pub(crate) mod case;
pub(crate) mod chat;
pub(crate) mod config;
pub(crate) mod diagnostics;
pub mod domain;
pub(crate) mod escalation;
pub mod faq;
pub(crate) mod i18n;
pub(crate) mod json;
pub(crate) mod net;
#[cfg(test)]
mod robustness;
pub(crate) mod sorting;
pub mod tracking;
pub mod ui;
pub(crate) mod visit;
