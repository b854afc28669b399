//! The control routes under `/__standin/`, for the tests and the demo (never CORS; they keep
//! working during faults). Names and meanings are agreed with the widget's end-to-end tests:
//!
//! ```text
//! POST /__standin/reset                 forget everything, end all faults, close sockets
//! GET  /__standin/health                {"ok":true}
//! GET  /__standin/messages[?conversation=ID]   every stored message, id order, with echo_id
//! POST /__standin/offline?ms=N[&mode=close|503]
//! POST /__standin/hang?count=N[&route=contacts|conversations|messages|any]
//! POST /__standin/cut?count=N[&route=…]
//! POST /__standin/fail?status=S&count=N[&route=…]
//! POST /__standin/drop-next-response[?count=N]
//! POST /__standin/close-sockets
//! POST /__standin/pings?on=false|true
//! POST /__standin/agent-message?conversation=ID   {content?, content_type?, content_attributes?,
//!                                                  attachments?, message_type?, private?, sender?}
//! POST /__standin/seed?conversation=ID&count=N
//! POST /__standin/typing?conversation=ID&on=true|false
//! POST /__standin/status?conversation=ID&status=resolved|open
//! ```
//!
//! `route` (default `any`) picks what a fault counts: `contacts` is `POST …/contacts` and
//! `GET|PATCH …/contacts/{contact}`; `conversations` is `POST|GET …/contacts/{contact}/conversations`
//! and `GET …/conversations/{id}`; `messages` is `POST …/conversations/{id}/messages` only; `any` is
//! every request under `/public/api/`. Preflights never count (rack-cors answers them before the
//! app). When several faults are armed, a request meets the first armed that matches it.
//! `count` defaults to 1 (at most 100); arming a fault again for the same route replaces it, and
//! `count=0` disarms it. `offline` takes up to 600000 ms (0 ends it) and closes open sockets.
//! `close-sockets` (and `reset`) send ActionCable's `disconnect` (`server_restart`) before the
//! close, as a restarting Rails server does; `offline` drops sockets with nothing said.
//! `hang` never acts on what it holds; a reset (or 10 minutes) closes the held connection with
//! nothing written. `cut` sends the real status and headers with `content-length` of the whole
//! body, half the body, then breaks the connection. Fault answers under `/public/api/` carry the
//! CORS headers, so the page can read their status.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

use crate::agent::{self, AGENT_NAME};
use crate::api::respond;
use crate::app::App;
use crate::faults::{Kind, OfflineMode, Route};
use crate::input::{self, parse_object};
use crate::model::{MessageType, NewMessage, Sender, Status};
use crate::store::{self, not_found, refuse, Refusal, Reply, Store};

type Params = Query<HashMap<String, String>>;

const MAX_OFFLINE_MS: u64 = 600_000;
const MAX_COUNT: u32 = 100;
const MAX_SEED: u32 = 1_000;

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/reset", post(reset))
        .route("/health", get(health))
        .route("/messages", get(messages))
        .route("/offline", post(offline))
        .route("/hang", post(hang))
        .route("/cut", post(cut))
        .route("/fail", post(fail))
        .route("/drop-next-response", post(drop_next_response))
        .route("/close-sockets", post(close_sockets))
        .route("/pings", post(pings))
        .route("/agent-message", post(agent_message))
        .route("/seed", post(seed))
        .route("/typing", post(typing))
        .route("/status", post(status))
}

fn bad(message: impl Into<String>) -> Refusal {
    refuse(StatusCode::BAD_REQUEST, message)
}

fn count(query: &HashMap<String, String>, most: u32) -> Result<u32, Refusal> {
    match query.get("count") {
        None => Ok(1),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= most)
            .ok_or_else(|| bad(format!("`count` takes 0 to {most}"))),
    }
}

fn flag(query: &HashMap<String, String>, key: &str) -> Result<bool, Refusal> {
    match query.get(key).map(String::as_str) {
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        _ => Err(bad(format!("`{key}` must be true or false"))),
    }
}

/// The conversation named by `?conversation=ID`, which must exist.
fn conversation(store: &Store, query: &HashMap<String, String>) -> Result<u64, Refusal> {
    let id = query
        .get("conversation")
        .and_then(|id| id.parse::<u64>().ok())
        .ok_or_else(|| bad("`conversation` (a conversation id) is required"))?;
    store.with_contact(id).map(|_| id).ok_or_else(not_found)
}

fn route(query: &HashMap<String, String>) -> Result<Route, Refusal> {
    Route::parse(query.get("route").map(String::as_str)).map_err(bad)
}

async fn reset(State(app): State<App>) -> Response {
    app.reset();
    respond(Ok(Reply::Json(json!({"reset": true}))))
}

async fn health() -> Response {
    respond(Ok(Reply::Json(json!({"ok": true}))))
}

async fn messages(State(app): State<App>, Query(query): Params) -> Response {
    let result = (|| {
        let conversation = match query.get("conversation") {
            None => None,
            Some(id) => Some(
                id.parse::<u64>()
                    .map_err(|_| bad("`conversation` must be an id"))?,
            ),
        };
        app.lock().stored_messages(conversation).map(Reply::Json)
    })();
    respond(result)
}

async fn offline(State(app): State<App>, Query(query): Params) -> Response {
    let result = (|| {
        let ms = query
            .get("ms")
            .and_then(|ms| ms.parse::<u64>().ok())
            .filter(|ms| *ms <= MAX_OFFLINE_MS)
            .ok_or_else(|| bad(format!("`ms` takes 0 to {MAX_OFFLINE_MS} milliseconds")))?;
        let (mode, name) = match query.get("mode").map(String::as_str) {
            None | Some("close") => (OfflineMode::Close, "close"),
            Some("503") => (OfflineMode::Unavailable, "503"),
            Some(other) => return Err(bad(format!("unknown mode `{other}`: close or 503"))),
        };
        app.faults().set_offline(ms, mode);
        if ms > 0 {
            app.close_sockets(false);
        }
        Ok(Reply::Json(json!({"offline_ms": ms, "mode": name})))
    })();
    respond(result)
}

fn arm(app: &App, query: &HashMap<String, String>, kind: Kind) -> Result<Reply, Refusal> {
    let count = count(query, MAX_COUNT)?;
    let route = route(query)?;
    app.faults().arm(kind, route, count);
    let mut armed = json!({"armed": kind.name(), "route": route.as_str(), "count": count});
    if let Kind::Fail(status) = kind {
        armed["status"] = json!(status.as_u16());
    }
    Ok(Reply::Json(armed))
}

async fn hang(State(app): State<App>, Query(query): Params) -> Response {
    respond(arm(&app, &query, Kind::Hang))
}

async fn cut(State(app): State<App>, Query(query): Params) -> Response {
    respond(arm(&app, &query, Kind::Cut))
}

async fn fail(State(app): State<App>, Query(query): Params) -> Response {
    let result = query
        .get("status")
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|s| (400..=599).contains(s))
        .and_then(|s| StatusCode::from_u16(s).ok())
        .ok_or_else(|| bad("`status` takes an HTTP error status, 400 to 599"))
        .and_then(|status| arm(&app, &query, Kind::Fail(status)));
    respond(result)
}

async fn drop_next_response(State(app): State<App>, Query(query): Params) -> Response {
    let result = count(&query, MAX_COUNT).map(|count| {
        app.faults().arm(Kind::Drop, Route::Messages, count);
        Reply::Json(json!({"drop_next_responses": count}))
    });
    respond(result)
}

async fn close_sockets(State(app): State<App>) -> Response {
    let open = app.sockets.load(Ordering::SeqCst);
    app.close_sockets(true);
    respond(Ok(Reply::Json(json!({"closed": open}))))
}

async fn pings(State(app): State<App>, Query(query): Params) -> Response {
    let result = flag(&query, "on").map(|on| {
        // Sockets open now have ids below the next one; later sockets are not affected.
        app.faults().silent_below = if on {
            0
        } else {
            app.next_socket.load(Ordering::SeqCst)
        };
        Reply::Json(json!({"pings": on}))
    });
    respond(result)
}

/// An agent-side message of any Chatwoot shape, stored and broadcast as Chatwoot would.
async fn agent_message(State(app): State<App>, Query(query): Params, body: Bytes) -> Response {
    let result = (|| {
        let map = parse_object(&body)?;
        let new = new_agent_message(&map)?;
        let mut store = app.lock();
        let id = conversation(&store, &query)?;
        let (message_id, broadcasts) = store.push_message(id, new)?;
        app.emit(broadcasts);
        store
            .message_control(id, message_id)
            .map(Reply::Json)
            .ok_or_else(not_found)
    })();
    respond(result)
}

fn new_agent_message(map: &Map<String, Value>) -> Result<NewMessage, Refusal> {
    let invalid = |why: &str| refuse(StatusCode::UNPROCESSABLE_ENTITY, why.to_owned());
    let message_type = match map.get("message_type") {
        None | Some(Value::Null) => MessageType::Outgoing,
        Some(value) => value
            .as_u64()
            .and_then(MessageType::from_code)
            .ok_or_else(|| invalid("`message_type` takes 0, 1, 2 or 3"))?,
    };
    let content = match map.get("content") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if text.chars().count() <= store::MAX_CONTENT_CHARS => {
            Some(text.clone())
        }
        Some(_) => {
            return Err(invalid(
                "`content` must be a string of at most 150000 characters",
            ))
        }
    };
    let content_type = match map.get("content_type") {
        None | Some(Value::Null) => "text".to_owned(),
        Some(Value::String(text)) => text.clone(),
        Some(_) => return Err(invalid("`content_type` must be a string")),
    };
    let content_attributes = input::opt_attributes(map, "content_attributes")?.unwrap_or_default();
    input::validate_content(&content_type, &content_attributes)?;
    let private = match map.get("private") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => return Err(invalid("`private` must be true or false")),
    };
    let sender = match map.get("sender") {
        None if message_type == MessageType::Incoming => Some(Sender::Contact),
        None => Some(Sender::User(agent::agent())),
        Some(Value::Null) => None,
        Some(Value::Object(sender)) => Some(Sender::User(Value::Object(sender.clone()))),
        Some(_) => return Err(invalid("`sender` must be an object or null")),
    };
    Ok(NewMessage {
        content,
        message_type,
        content_type,
        content_attributes,
        private,
        echo_id: None,
        sender,
        attachments: input::parse_attachments(map.get("attachments"))?,
    })
}

/// N alternating contact/agent messages "seed 1".."seed N", as history from before: stored,
/// not broadcast.
async fn seed(State(app): State<App>, Query(query): Params) -> Response {
    let result = (|| {
        let count = count(&query, MAX_SEED)?;
        let mut store = app.lock();
        let id = conversation(&store, &query)?;
        let mut ids = Vec::new();
        for n in 1..=count {
            let (message_type, sender) = if n % 2 == 1 {
                (MessageType::Incoming, Sender::Contact)
            } else {
                (MessageType::Outgoing, Sender::User(agent::agent()))
            };
            let new = NewMessage::text(message_type, format!("seed {n}"), Some(sender));
            let (message_id, _quiet) = store.push_message(id, new)?;
            ids.push(message_id);
        }
        Ok(Reply::Json(json!({"seeded": count, "ids": ids})))
    })();
    respond(result)
}

async fn typing(State(app): State<App>, Query(query): Params) -> Response {
    let result = (|| {
        let on = flag(&query, "on")?;
        let store = app.lock();
        let id = conversation(&store, &query)?;
        app.emit(
            store
                .typing_broadcast(id, on, &agent::agent())
                .into_iter()
                .collect(),
        );
        Ok(Reply::Json(json!({"typing": on})))
    })();
    respond(result)
}

async fn status(State(app): State<App>, Query(query): Params) -> Response {
    let result = (|| {
        let (status, activity) = match query.get("status").map(String::as_str) {
            Some("resolved") => (
                Status::Resolved,
                format!("Conversation was marked resolved by {AGENT_NAME}"),
            ),
            Some("open") => (
                Status::Open,
                format!("Conversation was reopened by {AGENT_NAME}"),
            ),
            _ => return Err(bad("`status` must be resolved or open")),
        };
        let mut store = app.lock();
        let id = conversation(&store, &query)?;
        let broadcasts = store.set_status(id, status, activity);
        app.emit(broadcasts);
        Ok(Reply::Json(json!({"id": id, "status": status.as_str()})))
    })();
    respond(result)
}
