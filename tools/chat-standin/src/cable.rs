//! The ActionCable WebSocket at `/cable`, as Rails' ActionCable and Chatwoot's `RoomChannel`
//! (`app/channels/room_channel.rb`) speak it to a contact.
//!
//! - On connect: `{"type":"welcome"}`; then `{"type":"ping","message":<unix seconds>}` every 3 s
//!   (ActionCable's `BEAT_INTERVAL`).
//! - `{"command":"subscribe","identifier":"{\"channel\":\"RoomChannel\",\"pubsub_token\":…}"}`
//!   with a contact's token: `confirm_subscription`, then `RoomChannel#subscribed` calls
//!   `broadcast_presence`, so every subscriber of that token gets `presence.update` listing the
//!   account's online agents. With an unknown token `ContactInbox.find_by!` raises inside
//!   `subscribed`: no confirmation and no rejection, only silence. An unknown channel is silence
//!   too.
//! - `{"command":"message","identifier":…,"data":"{\"action\":\"update_presence\"}"}` (Chatwoot's
//!   widget sends it every 20 s): `RoomChannel#update_presence` broadcasts `presence.update`
//!   again. Other actions are silence.
//! - `unsubscribe` stops the events, with no reply.
//! - Events: `{"identifier":…,"message":{"event":…,"data":…}}` for each subscription to the
//!   token an event is for.
//!
//! `close-sockets` and reset close sockets as a restarting Rails server does: `{"type":
//! "disconnect","reason":"server_restart","reconnect":true}`, then a close frame. The offline fault
//! drops them with nothing said. The `pings` fault makes open sockets silent both ways (no pings, no events, commands
//! ignored), as a half-open connection is; a socket that falls too far behind is closed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use tokio::sync::broadcast::error::RecvError;

use crate::app::{App, Event};
use crate::store::{now_secs, refuse, Broadcast};
use crate::{agent, wire};

const PING_EVERY: Duration = Duration::from_secs(3);
const MAX_SOCKETS: usize = 256;
const MAX_SUBSCRIPTIONS: usize = 16;
const MAX_WS_MESSAGE_BYTES: usize = 64 * 1024;

pub(crate) async fn upgrade(State(app): State<App>, upgrade: WebSocketUpgrade) -> Response {
    if app.sockets.load(Ordering::SeqCst) >= MAX_SOCKETS {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the chat stand-in keeps at most {MAX_SOCKETS} WebSockets open"),
        )
        .into_response();
    }
    upgrade
        .protocols(["actioncable-v1-json"])
        .max_message_size(MAX_WS_MESSAGE_BYTES)
        .max_frame_size(MAX_WS_MESSAGE_BYTES)
        .on_upgrade(move |socket| run(app, socket))
}

struct Subscription {
    /// The identifier string exactly as the client sent it: replies and events carry it back.
    identifier: String,
    token: String,
}

/// Counts open WebSockets.
struct SocketGuard(Arc<AtomicUsize>);

impl SocketGuard {
    fn new(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        SocketGuard(Arc::clone(count))
    }
}

impl Drop for SocketGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn send(socket: &mut WebSocket, frame: &Value) -> bool {
    socket.send(Message::text(frame.to_string())).await.is_ok()
}

/// One client. Returning drops the socket, which closes the connection.
async fn run(app: App, mut socket: WebSocket) {
    let _guard = SocketGuard::new(&app.sockets);
    let id = app.next_socket.fetch_add(1, Ordering::SeqCst);
    let silent = |app: &App| app.faults().silent_below > id;
    let mut events = app.events.subscribe();
    let mut subscriptions: Vec<Subscription> = Vec::new();
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
    if !send(&mut socket, &json!({"type": "welcome"})).await {
        return;
    }
    loop {
        let frames: Vec<Value> = tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) if !silent(&app) => {
                    command(&app, text.as_str(), &mut subscriptions)
                }
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                Some(Ok(_)) => Vec::new(),
            },
            _ = ping.tick() => {
                if silent(&app) {
                    Vec::new()
                } else {
                    vec![json!({"type": "ping", "message": now_secs()})]
                }
            }
            event = events.recv() => match event {
                Ok(Event::ToToken { token, message }) if !silent(&app) => subscriptions
                    .iter()
                    .filter(|s| *s.token == *token)
                    .map(|s| json!({"identifier": s.identifier, "message": &*message}))
                    .collect(),
                Ok(Event::ToToken { .. }) => Vec::new(),
                // Offline fault, close-sockets or reset; or this client fell too far behind to be
                // told everything, so it must reconnect and re-read the message list.
                Ok(Event::CloseAll { restart: true }) => {
                    // `ActionCable::Connection::Base#close(reason: "server_restart")`, as
                    // `ActionCable::Server::Base#restart` closes every connection.
                    let goodbye = json!({"type": "disconnect", "reason": "server_restart", "reconnect": true});
                    if send(&mut socket, &goodbye).await {
                        let _closing = socket.send(Message::Close(None)).await;
                    }
                    break;
                }
                Ok(Event::CloseAll { restart: false })
                | Err(RecvError::Lagged(_) | RecvError::Closed) => break,
            },
        };
        for frame in &frames {
            if !send(&mut socket, frame).await {
                return;
            }
        }
    }
}

/// Handles one ActionCable command; returns the frames for this socket. Presence goes out as a
/// broadcast to every subscriber of the token, as `ActionCable.server.broadcast` sends it.
fn command(app: &App, text: &str, subscriptions: &mut Vec<Subscription>) -> Vec<Value> {
    let Ok(command) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let Some(identifier) = command.get("identifier").and_then(Value::as_str) else {
        return Vec::new();
    };
    match command.get("command").and_then(Value::as_str) {
        Some("subscribe") => {
            let token = serde_json::from_str::<Value>(identifier)
                .ok()
                .filter(|id| id.get("channel").and_then(Value::as_str) == Some("RoomChannel"))
                .and_then(|id| {
                    id.get("pubsub_token")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                });
            let Some(token) = token else {
                return Vec::new();
            };
            let store = app.lock();
            if !store.knows_token(&token) {
                return Vec::new();
            }
            let already = subscriptions.iter().any(|s| s.identifier == identifier);
            if !already {
                if subscriptions.len() >= MAX_SUBSCRIPTIONS {
                    eprintln!("chat_standin: a WebSocket asked for more than {MAX_SUBSCRIPTIONS} subscriptions");
                    return Vec::new();
                }
                subscriptions.push(Subscription {
                    identifier: identifier.to_owned(),
                    token: token.clone(),
                });
            }
            app.emit(vec![presence(token)]);
            vec![json!({"identifier": identifier, "type": "confirm_subscription"})]
        }
        Some("unsubscribe") => {
            subscriptions.retain(|s| s.identifier != identifier);
            Vec::new()
        }
        Some("message") => {
            let action = command
                .get("data")
                .and_then(Value::as_str)
                .and_then(|data| serde_json::from_str::<Value>(data).ok())
                .and_then(|data| {
                    data.get("action")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                });
            let subscribed = subscriptions.iter().find(|s| s.identifier == identifier);
            if let (Some("update_presence"), Some(subscription)) = (action.as_deref(), subscribed) {
                let _store = app.lock();
                app.emit(vec![presence(subscription.token.clone())]);
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn presence(token: String) -> Broadcast {
    Broadcast {
        token,
        event: "presence.update",
        data: wire::presence(&[agent::AGENT_ID]),
    }
}
