//! The built-in chat: Chatwoot's public client API (an API or website inbox), spoken directly
//! from the browser. [`protocol`] is pure (URLs, bodies, the ActionCable frames) and tested
//! natively; the view drives it over gloo-net and a WebSocket.

pub mod protocol;
