//! The routes: Chatwoot's public client API, the ActionCable socket, and the control routes.
//!
//! The client API is the `namespace :public` block of Chatwoot's `config/routes.rb`:
//!
//! ```text
//! resources :inboxes do
//!   scope module: :inboxes do
//!     resources :contacts, only: [:create, :show, :update] do
//!       resources :conversations, only: [:index, :create, :show] do
//!         member { post :toggle_status; post :toggle_typing; post :update_last_seen }
//!         resources :messages, only: [:index, :create, :update]
//!       end
//!     end
//!   end
//! end
//! ```
//!
//! Each handler only unpacks the request and hands it to an operation in `store.rs`; around
//! every request [`frame`] applies the offline fault, answers CORS preflights and adds CORS
//! headers under `/public/api/` (`cors.rs`), and meets armed faults (`faults.rs`).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::app::App;
use crate::store::{not_found, Refusal, Reply};
use crate::{cable, control, cors, faults};

const MAX_BODY_BYTES: usize = 1024 * 1024;

// axum 0.8 path templates: `{name}` is a path parameter, not a format argument.
#[allow(clippy::literal_string_with_formatting_args)]
const CONTACTS: &str = "/public/api/v1/inboxes/{inbox}/contacts";
#[allow(clippy::literal_string_with_formatting_args)]
const CONTACT: &str = "/public/api/v1/inboxes/{inbox}/contacts/{contact}";
#[allow(clippy::literal_string_with_formatting_args)]
const CONVERSATIONS: &str = "/public/api/v1/inboxes/{inbox}/contacts/{contact}/conversations";
#[allow(clippy::literal_string_with_formatting_args)]
const CONVERSATION: &str =
    "/public/api/v1/inboxes/{inbox}/contacts/{contact}/conversations/{conversation}";
#[allow(clippy::literal_string_with_formatting_args)]
const MESSAGE: &str =
    "/public/api/v1/inboxes/{inbox}/contacts/{contact}/conversations/{conversation}/messages/{message}";

pub(crate) fn router(app: App) -> Router {
    Router::new()
        .route(CONTACTS, post(create_contact))
        .route(
            CONTACT,
            get(show_contact).patch(update_contact).put(update_contact),
        )
        .route(
            CONVERSATIONS,
            post(create_conversation).get(list_conversations),
        )
        .route(CONVERSATION, get(show_conversation))
        .route(
            &format!("{CONVERSATION}/toggle_status"),
            post(toggle_status),
        )
        .route(
            &format!("{CONVERSATION}/toggle_typing"),
            post(toggle_typing),
        )
        .route(
            &format!("{CONVERSATION}/update_last_seen"),
            post(update_last_seen),
        )
        .route(
            &format!("{CONVERSATION}/messages"),
            post(create_message).get(list_messages),
        )
        .route(
            MESSAGE,
            axum::routing::patch(update_message).put(update_message),
        )
        .route("/cable", get(cable::upgrade))
        .nest("/__standin", control::routes())
        .fallback(unknown_route)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(app.clone(), frame))
        .with_state(app)
}

/// Around every request: the offline fault, CORS, armed faults. Control routes get none of it.
async fn frame(State(app): State<App>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/__standin/") {
        return next.run(request).await;
    }
    if let Some(preflight) = cors::preflight(request.method(), &path, request.headers()) {
        if app.faults().offline().is_none() {
            return preflight;
        }
    }
    let api = cors::covers(&path);
    let had_origin = request.headers().contains_key(header::ORIGIN);
    let offline = app.faults().offline();
    let mut response = match offline {
        Some(mode) => faults::offline(mode, &request),
        None if api => faults::apply(&app, request, next).await,
        None => next.run(request).await,
    };
    if api && response.status() == StatusCode::METHOD_NOT_ALLOWED {
        // Rails has no route for a method a resource does not list: 404, not 405.
        response = not_found().into_response();
    }
    if api {
        cors::decorate(&mut response, had_origin);
    }
    response
}

pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        body.to_string(),
    )
        .into_response()
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        json_response(self.status, &json!({ "error": self.message }))
    }
}

pub(crate) fn respond(result: Result<Reply, Refusal>) -> Response {
    match result {
        Ok(Reply::Json(body)) => json_response(StatusCode::OK, &body),
        Ok(Reply::Empty) => StatusCode::OK.into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

async fn unknown_route() -> Response {
    not_found().into_response()
}

type Contact = Path<(String, String)>;
type Conversation = Path<(String, String, String)>;

async fn create_contact(
    State(app): State<App>,
    Path(inbox): Path<String>,
    body: Bytes,
) -> Response {
    respond(app.run(|store| store.create_contact(&inbox, &body)))
}

async fn show_contact(State(app): State<App>, Path((inbox, contact)): Contact) -> Response {
    respond(app.run(|store| store.show_contact(&inbox, &contact)))
}

async fn update_contact(
    State(app): State<App>,
    Path((inbox, contact)): Contact,
    body: Bytes,
) -> Response {
    respond(app.run(|store| store.update_contact(&inbox, &contact, &body)))
}

async fn create_conversation(
    State(app): State<App>,
    Path((inbox, contact)): Contact,
    body: Bytes,
) -> Response {
    respond(app.run(|store| store.create_conversation(&inbox, &contact, &body)))
}

async fn list_conversations(State(app): State<App>, Path((inbox, contact)): Contact) -> Response {
    respond(app.run(|store| store.list_conversations(&inbox, &contact)))
}

async fn show_conversation(
    State(app): State<App>,
    Path((inbox, contact, id)): Conversation,
) -> Response {
    respond(app.run(|store| store.show_conversation(&inbox, &contact, &id)))
}

async fn toggle_status(
    State(app): State<App>,
    Path((inbox, contact, id)): Conversation,
) -> Response {
    respond(app.run(|store| store.toggle_status(&inbox, &contact, &id)))
}

async fn toggle_typing(
    State(app): State<App>,
    Path((inbox, contact, id)): Conversation,
) -> Response {
    respond(app.run(|store| store.toggle_typing(&inbox, &contact, &id)))
}

async fn update_last_seen(
    State(app): State<App>,
    Path((inbox, contact, id)): Conversation,
) -> Response {
    respond(app.run(|store| store.update_last_seen(&inbox, &contact, &id)))
}

async fn create_message(
    State(app): State<App>,
    Path((inbox, contact, id)): Conversation,
    body: Bytes,
) -> Response {
    respond(app.run(|store| store.create_message(&inbox, &contact, &id, &body)))
}

async fn list_messages(
    State(app): State<App>,
    Path((inbox, contact, id)): Conversation,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let before = query.get("before").map(String::as_str);
    respond(app.run(|store| store.list_messages(&inbox, &contact, &id, before)))
}

async fn update_message(
    State(app): State<App>,
    Path((inbox, contact, id, message)): Path<(String, String, String, String)>,
    body: Bytes,
) -> Response {
    respond(app.run(|store| store.update_message(&inbox, &contact, &id, &message, &body)))
}
