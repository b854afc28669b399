//! The built-in chat: Chatwoot's public client API (an API or website inbox), spoken directly
//! from the browser. [`protocol`] is pure (URLs, bodies, the ActionCable frames); [`engine`] is
//! the whole conversation as a sans-IO state machine (inputs and the time in, effects out), so
//! every fault is tested natively with a fake clock. `ui/chat.rs` only runs its effects.

pub(crate) mod engine;
pub mod protocol;
