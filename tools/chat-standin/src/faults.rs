//! Faults on purpose, for tests: a backend that is offline, hangs, cuts a body short, fails,
//! loses an answer, or keeps a WebSocket open but silent.
//!
//! The control routes (`control.rs`) arm them; [`apply`] meets each client API request with the
//! first armed fault that matches it. Preflights (`OPTIONS`) are never counted: rack-cors answers
//! them before Chatwoot's app, so an app fault never reaches them.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use serde_json::json;

use crate::api::json_response;
use crate::app::App;
use crate::listener::ConnHandle;

/// A held request is closed after this long even if the client waits on.
const MAX_HANG: Duration = Duration::from_secs(600);
/// How long the first half of a cut body stays on the wire before the connection breaks.
const CUT_PAUSE: Duration = Duration::from_millis(50);
const MAX_CUT_BODY: usize = 16 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OfflineMode {
    /// Connections are closed without any response.
    Close,
    /// Every request gets 503.
    Unavailable,
}

/// Which requests an armed fault counts (`route=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// `POST …/contacts`, `GET|PATCH …/contacts/{contact}`.
    Contacts,
    /// `POST|GET …/contacts/{contact}/conversations`, `GET …/conversations/{id}`.
    Conversations,
    /// `POST …/conversations/{id}/messages` only.
    Messages,
    /// Every request under `/public/api/`.
    Any,
}

impl Route {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Route::Contacts => "contacts",
            Route::Conversations => "conversations",
            Route::Messages => "messages",
            Route::Any => "any",
        }
    }

    pub(crate) fn parse(text: Option<&str>) -> Result<Self, String> {
        match text {
            None | Some("any") => Ok(Route::Any),
            Some("contacts") => Ok(Route::Contacts),
            Some("conversations") => Ok(Route::Conversations),
            Some("messages") => Ok(Route::Messages),
            Some(other) => Err(format!(
                "unknown route `{other}`: contacts, conversations, messages or any"
            )),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Received, not acted on, never answered.
    Hang,
    /// Acted on, then 200 headers and half the body, and the connection closes.
    Cut,
    /// Answered with this status, not acted on.
    Fail(StatusCode),
    /// `POST …/messages` acted on, answered 502.
    Drop,
}

impl Kind {
    /// The control route that arms it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Hang => "hang",
            Kind::Cut => "cut",
            Kind::Fail(_) => "fail",
            Kind::Drop => "drop-next-response",
        }
    }

    fn same_kind(self, other: Kind) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

struct Armed {
    kind: Kind,
    route: Route,
    left: u32,
}

/// Every fault in force.
#[derive(Default)]
pub(crate) struct Faults {
    offline: Option<(Instant, OfflineMode)>,
    armed: Vec<Armed>,
    /// WebSockets with an id below this send and take nothing (`pings?on=false`); 0 is none.
    pub(crate) silent_below: u64,
}

/// What a request is, for the route filters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Class {
    api: bool,
    contacts: bool,
    conversations: bool,
    post_messages: bool,
}

/// Reads `/public/api/v1/inboxes/{inbox}/contacts[/{c}[/conversations[/{id}[/messages]]]]`.
pub(crate) fn classify(method: &Method, path: &str) -> Class {
    let Some(rest) = path.strip_prefix("/public/api/") else {
        return Class::default();
    };
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let tail = match parts.as_slice() {
        ["v1", "inboxes", _inbox, tail @ ..] => tail,
        _ => &[][..],
    };
    Class {
        api: true,
        contacts: matches!(tail, ["contacts"] | ["contacts", _]),
        conversations: matches!(
            tail,
            ["contacts", _, "conversations"] | ["contacts", _, "conversations", _]
        ),
        post_messages: method == Method::POST
            && matches!(tail, ["contacts", _, "conversations", _, "messages"]),
    }
}

impl Faults {
    /// The offline fault in force now, if any.
    pub(crate) fn offline(&mut self) -> Option<OfflineMode> {
        match self.offline {
            Some((until, mode)) if Instant::now() < until => Some(mode),
            Some(_) => {
                self.offline = None;
                None
            }
            None => None,
        }
    }

    /// Offline for `ms` (0 ends it).
    pub(crate) fn set_offline(&mut self, ms: u64, mode: OfflineMode) {
        self.offline = (ms > 0).then(|| (Instant::now() + Duration::from_millis(ms), mode));
    }

    /// Arms `count` of `kind` for `route`, replacing what was armed of that kind for that route
    /// (`count` 0 disarms it).
    pub(crate) fn arm(&mut self, kind: Kind, route: Route, count: u32) {
        self.armed
            .retain(|armed| !(armed.kind.same_kind(kind) && armed.route == route));
        if count > 0 {
            self.armed.push(Armed {
                kind,
                route,
                left: count,
            });
        }
    }

    /// The first armed fault that matches the request, counted down.
    pub(crate) fn take(&mut self, class: Class) -> Option<Kind> {
        let index = self.armed.iter().position(|armed| {
            let route_matches = match armed.route {
                Route::Any => class.api,
                Route::Contacts => class.contacts,
                Route::Conversations => class.conversations,
                Route::Messages => class.post_messages,
            };
            route_matches && (armed.kind != Kind::Drop || class.post_messages)
        })?;
        let armed = &mut self.armed[index];
        let kind = armed.kind;
        armed.left -= 1;
        if armed.left == 0 {
            self.armed.remove(index);
        }
        Some(kind)
    }
}

/// Meets a client API request with its fault, if one is armed for it.
pub(crate) async fn apply(app: &App, request: Request, next: Next) -> Response {
    let fault = if request.method() == Method::OPTIONS {
        None
    } else {
        app.faults()
            .take(classify(request.method(), request.uri().path()))
    };
    let connection = request.extensions().get::<ConnectInfoHandle>().cloned();
    match fault {
        None => next.run(request).await,
        Some(Kind::Fail(status)) => failed(status),
        Some(Kind::Hang) => hang(app, connection).await,
        Some(Kind::Cut) => cut(next.run(request).await).await,
        Some(Kind::Drop) => {
            let _acted_on = next.run(request).await;
            json_response(
                StatusCode::BAD_GATEWAY,
                &json!({"error": "chat stand-in: this response was dropped on purpose \
                         (POST /__standin/drop-next-response); the message was stored"}),
            )
        }
    }
}

/// The connection handle as axum stores it.
type ConnectInfoHandle = axum::extract::ConnectInfo<ConnHandle>;

/// The answer of the `offline` fault: nothing at all (the connection fails), or 503.
pub(crate) fn offline(mode: OfflineMode, request: &Request) -> Response {
    if mode == OfflineMode::Close {
        if let Some(axum::extract::ConnectInfo(connection)) =
            request.extensions().get::<ConnectInfoHandle>()
        {
            // The response below is never written: the connection fails first.
            connection.kill();
        }
    }
    json_response(
        StatusCode::SERVICE_UNAVAILABLE,
        &json!({"error": "the chat stand-in is offline on purpose (POST /__standin/offline)"}),
    )
}

fn failed(status: StatusCode) -> Response {
    let message = if status == StatusCode::NOT_FOUND {
        "Resource could not be found".to_owned()
    } else {
        status
            .canonical_reason()
            .unwrap_or("failed on purpose")
            .to_owned()
    };
    let mut response = json_response(status, &json!({ "error": message }));
    if status == StatusCode::TOO_MANY_REQUESTS {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    }
    response
}

/// Holds the request until the client gives up, a reset, or [`MAX_HANG`]; then the connection
/// is closed with nothing written.
async fn hang(app: &App, connection: Option<ConnectInfoHandle>) -> Response {
    let released = app.released.notified();
    tokio::pin!(released);
    released.as_mut().enable();
    tokio::select! {
        () = &mut released => {}
        () = tokio::time::sleep(MAX_HANG) => {}
    }
    if let Some(axum::extract::ConnectInfo(connection)) = connection {
        connection.kill();
    }
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

/// The real answer's status and headers, then half its body, then a broken connection.
async fn cut(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_CUT_BODY).await {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("chat_standin: the body to cut could not be read: {error}");
            Bytes::new()
        }
    };
    let full = bytes.len() as u64;
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full));
    let body = CutBody {
        first: Some(bytes.slice(..bytes.len() / 2)),
        pause: Box::pin(tokio::time::sleep(CUT_PAUSE)),
        full,
    };
    Response::from_parts(parts, Body::new(body))
}

/// A body that promises `full` bytes, sends half, waits a moment and then fails, so hyper
/// closes the connection mid-body.
struct CutBody {
    first: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
    full: u64,
}

impl http_body::Body for CutBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "body cut on purpose (POST /__standin/cut)",
            )))),
        }
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTACTS: &str = "/public/api/v1/inboxes/demo/contacts";
    const CONVERSATIONS: &str = "/public/api/v1/inboxes/demo/contacts/c/conversations";
    const MESSAGES: &str = "/public/api/v1/inboxes/demo/contacts/c/conversations/7/messages";

    #[test]
    fn requests_are_classed_by_route() {
        assert!(classify(&Method::POST, CONTACTS).contacts);
        assert!(classify(&Method::GET, &format!("{CONTACTS}/c")).contacts);
        assert!(classify(&Method::POST, CONVERSATIONS).conversations);
        assert!(classify(&Method::GET, &format!("{CONVERSATIONS}/7")).conversations);
        assert!(classify(&Method::POST, MESSAGES).post_messages);
        let listing = classify(&Method::GET, MESSAGES);
        assert!(listing.api && !listing.post_messages && !listing.conversations);
        assert!(!classify(&Method::GET, "/cable").api);
    }

    #[test]
    fn armed_faults_count_down_and_match_their_route() {
        let mut faults = Faults::default();
        faults.arm(
            Kind::Fail(StatusCode::INTERNAL_SERVER_ERROR),
            Route::Messages,
            2,
        );
        faults.arm(Kind::Drop, Route::Messages, 1);
        let post = classify(&Method::POST, MESSAGES);
        let contact = classify(&Method::POST, CONTACTS);
        assert_eq!(faults.take(contact), None);
        let fail = Some(Kind::Fail(StatusCode::INTERNAL_SERVER_ERROR));
        assert_eq!(faults.take(post), fail);
        assert_eq!(faults.take(post), fail);
        assert_eq!(faults.take(post), Some(Kind::Drop));
        assert_eq!(faults.take(post), None);
        faults.arm(Kind::Hang, Route::Any, 3);
        faults.arm(Kind::Hang, Route::Any, 0);
        assert_eq!(faults.take(contact), None);
    }
}
