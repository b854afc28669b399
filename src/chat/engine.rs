//! The conversation engine: the whole chat as a pure state machine, sans-IO like quinn-proto's
//! `Connection` (or [`Outbox`], which it drives). It does no I/O and reads no clock: the runner
//! (`ui/chat.rs`) feeds it what happened ([`Engine::handle`] with an [`Input`] and the time) and
//! when the timer it asked for fires ([`Engine::handle_timeout`]); it answers with [`Effect`]s to
//! carry out ([`Engine::poll_effect`]), the next time to wake it ([`Engine::next_timeout`]) and
//! what the buyer sees ([`Engine::view`]).
//!
//! Why: every fault a real network and a real Chatwoot produce (an answer that never comes, a
//! connection cut mid-body, a 500 or a 404 at creation, a socket that stops pinging, a bad
//! pubsub token answered with silence, a reload at any moment) becomes an input at a chosen
//! time, so the native tests below drive each one with a fake clock, and the browser layer has
//! no decisions left to get wrong.
//!
//! What it guarantees:
//! - Every request carries a deadline ([`REQUEST_DEADLINE_MS`]) and the engine enforces it
//!   itself: a request still open past it is aborted and counted as a timeout, so a hung
//!   request never holds the one send slot.
//! - Creating the contact and the conversation is a persisted state with attempts and backoff,
//!   resumed after a reload; no answer is terminal. An unknown inbox (404 on contacts) is told
//!   to the merchant once and the buyer is offered another way, while it keeps trying.
//! - A message whose answer was lost is looked for in the conversation (by content, order and
//!   time: REST has no `echo_id`), listed after the loss and paged back far enough, before it is
//!   sent again; the view matches the same way, so it is shown once.
//! - History is paged back with `before=<id>` to the start; the status is read on resume.
//! - The socket is watched: Rails pings every 3 s, so [`PING_TIMEOUT_MS`] without a frame closes
//!   it and reconnects with backoff; silence after subscribing (a bad token) ends "Connecting"
//!   and falls back to polling; `update_presence` goes out every 20 s; typing clears after 30 s.

use super::protocol::{self, Author, CableEvent, Interactive, Message, Session};
use crate::diagnostics::{Area, Diagnostic, Problem};
use crate::escalation::outbox::{Outbox, SendState, ServerMessage, CLOCK_SLACK_MS};
use crate::net::{Answer, FetchError, Method, Outgoing};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};

/// Milliseconds since the epoch, as the runner reads them (`Date.now()`).
pub(crate) type Millis = f64;

/// The deadline of every request the engine asks for.
pub(crate) const REQUEST_DEADLINE_MS: i32 = 10_000;
/// Rails' ActionCable pings every 3 s: this long without any frame means a dead socket.
pub(crate) const PING_TIMEOUT_MS: Millis = 10_000.0;
/// How long to wait for `confirm_subscription` (Chatwoot answers a bad token with silence).
pub(crate) const SUBSCRIBE_WAIT_MS: Millis = 8_000.0;
/// How often Chatwoot's widget sends `update_presence`.
pub(crate) const PRESENCE_EVERY_MS: Millis = 20_000.0;
/// Chatwoot's widget clears the typing indicator after 30 s without `typing_off`.
pub(crate) const TYPING_CLEAR_MS: Millis = 30_000.0;
/// How often the conversation is polled while live updates are down.
pub(crate) const POLL_EVERY_MS: Millis = 5_000.0;
/// Messages per page of Chatwoot's public list (`MessageFinder`).
pub(crate) const PAGE_SIZE: usize = 20;
/// Pages fetched back at most (a runaway guard: 2 000 messages).
const MAX_PAGES: u32 = 100;
/// Failed starts after which the buyer is offered another way (while it keeps trying).
const TROUBLE_AFTER: u32 = 3;
/// Longest wait between two attempts to start or to reconnect.
const MAX_BACKOFF_MS: Millis = 30_000.0;

/// One request the engine asked for, named in its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct RequestId(pub u64);

/// What the runner should do.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Effect {
    /// Send `request` within `deadline_ms`; answer with [`Input::Response`] under `id`.
    Request {
        id: RequestId,
        request: Outgoing,
        deadline_ms: i32,
    },
    /// The request is no longer wanted (its deadline passed): abort it.
    Abort(RequestId),
    /// Open a WebSocket; its events come back tagged with `socket`.
    OpenSocket { url: String, socket: u32 },
    /// Close the current WebSocket and drop its handlers.
    CloseSocket,
    /// Send a text frame on the current socket.
    SendFrame(String),
    /// Keep `value` in localStorage under the inbox's `key`.
    Store { key: StoreKey, value: String },
    /// Tell the merchant, once (a console warning and a `selfhelp:error` event).
    WarnMerchant(Diagnostic),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StoreKey {
    Session,
    Outbox,
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Input {
    /// The buyer started the chat: the trail goes in as attributes and as the first message.
    Start {
        summary: String,
        attributes: Value,
    },
    /// The buyer sent a message.
    Write {
        text: String,
    },
    /// The buyer pressed "Send again" on a message that was not sent.
    Retry {
        echo_id: String,
    },
    /// The buyer chose an `input_select` option.
    Choose {
        message_id: u64,
        title: String,
        value: String,
    },
    /// The buyer rated an `input_csat`.
    Rate {
        message_id: u64,
        rating: u8,
    },
    Response {
        id: RequestId,
        result: Result<Answer, FetchError>,
    },
    SocketOpened {
        socket: u32,
    },
    SocketFrame {
        socket: u32,
        text: String,
    },
    SocketClosed {
        socket: u32,
    },
    /// The browser went online or offline.
    Online(bool),
}

/// The state of the link to the conversation, as the buyer is told it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Link {
    /// No chat started.
    Idle,
    /// Creating the contact and the conversation, or opening the socket.
    Connecting,
    /// Subscribed: messages arrive live.
    Live,
    /// The socket dropped; reconnecting (polling meanwhile).
    Reconnecting,
    /// Live updates refused or silent: the conversation is polled.
    Polling,
    /// The browser is offline.
    Offline,
}

/// Why the chat cannot start yet; the buyer is offered another way meanwhile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StartTrouble {
    /// Chatwoot answered 404 for the inbox: `chat-inbox` is wrong.
    UnknownInbox,
    /// Several attempts failed (unreachable `chat-url`, CORS, server errors).
    Unreachable,
}

/// How an answer to an interactive message is going.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AnswerState {
    Sending,
    Failed,
}

/// One line of the conversation as shown.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Entry {
    /// A message the server has.
    Server {
        message: Message,
        answer: Option<AnswerState>,
    },
    /// One of the buyer's messages the server has not confirmed.
    Unsent {
        echo_id: String,
        content: String,
        failed: bool,
    },
}

/// Everything the chat screen shows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct View {
    pub link: Link,
    pub entries: Vec<Entry>,
    /// `presence.update` listed an online agent.
    pub agent_online: bool,
    /// The first agent who wrote (their `available_name || name`, if given).
    pub joined: Option<Option<String>>,
    pub typing: bool,
    pub resolved: bool,
    pub trouble: Option<StartTrouble>,
    /// Older messages are still being fetched.
    pub loading_history: bool,
}

/// The contact and conversation, from nothing to ready; persisted at every step.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    NotStarted,
    Contact,
    Conversation {
        source_id: String,
        pubsub_token: String,
    },
    Ready(Session),
}

#[derive(Clone, Debug, PartialEq)]
struct Creation {
    stage: Stage,
    /// Custom attributes (the trail) for the contact and the conversation.
    attributes: Value,
    attempts: u32,
    next_try_at: Millis,
}

impl Creation {
    fn to_json(&self) -> String {
        let mut v = json!({
            "attributes": self.attributes,
            "attempts": self.attempts,
            "next_try_at": self.next_try_at,
        });
        let fields = match &self.stage {
            Stage::NotStarted => json!({ "stage": "none" }),
            Stage::Contact => json!({ "stage": "contact" }),
            Stage::Conversation {
                source_id,
                pubsub_token,
            } => {
                json!({ "stage": "conversation", "source_id": source_id, "pubsub_token": pubsub_token })
            }
            Stage::Ready(s) => json!({
                "stage": "ready",
                "source_id": s.source_id,
                "pubsub_token": s.pubsub_token,
                "conversation_id": s.conversation_id,
            }),
        };
        if let (Some(v), Value::Object(fields)) = (v.as_object_mut(), fields) {
            v.extend(fields);
        }
        v.to_string()
    }

    /// Reads what [`Creation::to_json`] wrote, or the older plain session (ids only).
    fn from_json(text: &str) -> Option<Creation> {
        let v: Value = serde_json::from_str(text).ok()?;
        let string = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let stage = match v.get("stage").and_then(Value::as_str) {
            Some("contact") => Stage::Contact,
            Some("conversation") => Stage::Conversation {
                source_id: string("source_id")?,
                pubsub_token: string("pubsub_token")?,
            },
            Some("ready") | None => Stage::Ready(Session {
                source_id: string("source_id")?,
                pubsub_token: string("pubsub_token")?,
                conversation_id: v.get("conversation_id")?.as_u64()?,
            }),
            Some(_) => return None,
        };
        Some(Creation {
            stage,
            attributes: v.get("attributes").cloned().unwrap_or(Value::Null),
            attempts: v
                .get("attempts")
                .and_then(Value::as_u64)
                .and_then(|a| u32::try_from(a).ok())
                .unwrap_or(0),
            next_try_at: v.get("next_try_at").and_then(Value::as_f64).unwrap_or(0.0),
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Purpose {
    Contact,
    Conversation,
    Status,
    /// A page of messages: the latest, or the one before an id; asked for at `requested_at`.
    List {
        before: Option<u64>,
        requested_at: Millis,
    },
    Send {
        echo_id: String,
    },
    Answer {
        message_id: u64,
        chosen: Chosen,
    },
}

/// What the buyer answered, kept to show it once the server has it.
#[derive(Clone, Debug, PartialEq)]
enum Chosen {
    Select(String),
    Rating(u8),
}

#[derive(Clone, Debug, PartialEq)]
struct InFlight {
    purpose: Purpose,
    deadline: Millis,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Subscription {
    /// Sent `subscribe` at this time; waiting for the confirmation.
    Waiting(Millis),
    Confirmed,
    /// Rejected, or silent past [`SUBSCRIBE_WAIT_MS`]: poll instead.
    Refused,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Socket {
    /// No socket; the next attempt at this time (infinite: none planned).
    Down {
        retry_at: Millis,
    },
    Opening {
        since: Millis,
    },
    Open {
        last_frame: Millis,
        subscription: Option<Subscription>,
        presence_at: Millis,
    },
}

/// The chat's endpoint: a Chatwoot installation and an inbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    pub api: String,
    pub inbox: String,
}

/// The conversation: session, outbox, messages and socket, as one pure state.
#[derive(Debug)]
pub(crate) struct Engine {
    endpoint: Endpoint,
    creation: Creation,
    outbox: Outbox,
    /// Every message the server listed or broadcast, by id.
    messages: BTreeMap<u64, Message>,
    /// Paged back to the conversation's first message.
    history_complete: bool,
    /// A full page of new messages did not reach what was known: paging through the gap.
    gap_open: bool,
    /// When the latest page that answered was asked for.
    listed_at: Millis,
    pages: u32,
    in_flight: BTreeMap<RequestId, InFlight>,
    next_request: u64,
    socket: Socket,
    socket_generation: u32,
    reconnects: u32,
    online: bool,
    next_poll_at: Millis,
    /// When the outbox's doubt arose: only a sweep begun after it may settle it.
    doubt_since: Option<Millis>,
    agent_online: bool,
    typing_until: Option<Millis>,
    status: Option<String>,
    status_read: bool,
    /// Not before this: a status read that failed waits a poll interval.
    status_retry_at: Millis,
    /// Not before this: a listing that failed waits a poll interval.
    list_retry_at: Millis,
    trouble: Option<StartTrouble>,
    warned: bool,
    answers: BTreeMap<u64, AnswerState>,
    echo_counter: u64,
    effects: VecDeque<Effect>,
}

impl Engine {
    /// A chat not started yet.
    pub fn new(endpoint: Endpoint) -> Engine {
        Engine {
            endpoint,
            creation: Creation {
                stage: Stage::NotStarted,
                attributes: Value::Null,
                attempts: 0,
                next_try_at: 0.0,
            },
            outbox: Outbox::new(),
            messages: BTreeMap::new(),
            history_complete: false,
            gap_open: false,
            listed_at: f64::NEG_INFINITY,
            pages: 0,
            in_flight: BTreeMap::new(),
            next_request: 1,
            socket: Socket::Down {
                retry_at: f64::INFINITY,
            },
            socket_generation: 0,
            reconnects: 0,
            online: true,
            next_poll_at: f64::INFINITY,
            doubt_since: None,
            agent_online: false,
            typing_until: None,
            status: None,
            status_read: false,
            status_retry_at: f64::NEG_INFINITY,
            list_retry_at: f64::NEG_INFINITY,
            trouble: None,
            warned: false,
            answers: BTreeMap::new(),
            echo_counter: 0,
            effects: VecDeque::new(),
        }
    }

    /// A chat from an earlier page view, from what [`StoreKey::Session`] and
    /// [`StoreKey::Outbox`] held; None when there was none. It picks up where it was: creation
    /// continues, or the status and history are read and the socket opened.
    pub fn restore(
        endpoint: Endpoint,
        session: Option<&str>,
        outbox: Option<&str>,
        now: Millis,
    ) -> Option<Engine> {
        let creation = Creation::from_json(session?)?;
        if creation.stage == Stage::NotStarted {
            return None;
        }
        let mut engine = Engine::new(endpoint);
        engine.creation = Creation {
            // Whatever the backoff was, a reload is the buyer asking again.
            next_try_at: now,
            ..creation
        };
        engine.outbox = outbox.map(Outbox::from_json).unwrap_or_default();
        if engine.outbox.needs_check() {
            engine.doubt_since = Some(now);
        }
        if matches!(engine.creation.stage, Stage::Ready(_)) {
            engine.on_ready(now);
        }
        engine.drive(now);
        Some(engine)
    }

    pub fn is_started(&self) -> bool {
        self.creation.stage != Stage::NotStarted
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.creation.stage {
            Stage::Ready(s) => Some(s),
            _ => None,
        }
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// The next effect to carry out, in order.
    pub fn poll_effect(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    pub fn handle(&mut self, now: Millis, input: Input) {
        match input {
            Input::Start {
                summary,
                attributes,
            } => self.start(now, &summary, attributes),
            Input::Write { text } => {
                if self.is_started() {
                    let echo_id = self.echo_id(now);
                    if self.outbox.push(&text, &echo_id, now).is_some() {
                        self.store_outbox();
                    }
                }
            }
            Input::Retry { echo_id } => {
                if self.outbox.retry(&echo_id, now) {
                    self.store_outbox();
                }
                // The buyer asking again is also a reason to try starting now.
                if !matches!(self.creation.stage, Stage::Ready(_)) {
                    self.creation.next_try_at = now;
                }
            }
            Input::Choose {
                message_id,
                title,
                value,
            } => {
                let body = protocol::select_answer_body(&title, &value);
                self.answer(now, message_id, Chosen::Select(title), body)
            }
            Input::Rate { message_id, rating } => {
                let rating = rating.clamp(1, 5);
                let body = protocol::csat_answer_body(rating);
                self.answer(now, message_id, Chosen::Rating(rating), body)
            }
            Input::Response { id, result } => {
                if let Some(request) = self.in_flight.remove(&id) {
                    self.on_response(now, request.purpose, result);
                }
            }
            Input::SocketOpened { socket } => {
                if socket == self.socket_generation {
                    if let Socket::Opening { .. } = self.socket {
                        self.socket = Socket::Open {
                            last_frame: now,
                            subscription: None,
                            presence_at: f64::INFINITY,
                        };
                    }
                }
            }
            Input::SocketFrame { socket, text } => {
                if socket == self.socket_generation {
                    self.on_frame(now, &text);
                }
            }
            Input::SocketClosed { socket } => {
                if socket == self.socket_generation && !matches!(self.socket, Socket::Down { .. }) {
                    self.socket_down(now, true);
                }
            }
            Input::Online(online) => {
                self.online = online;
                if online {
                    // Back online: try everything now rather than after the backoff.
                    if !matches!(self.creation.stage, Stage::Ready(_)) {
                        self.creation.next_try_at = now;
                    }
                    if let Socket::Down { retry_at } = self.socket {
                        if retry_at.is_finite() {
                            self.socket = Socket::Down { retry_at: now };
                        }
                    }
                    self.next_poll_at = now;
                } else if !matches!(self.socket, Socket::Down { .. }) {
                    self.effects.push_back(Effect::CloseSocket);
                    self.socket = Socket::Down { retry_at: now };
                }
            }
        }
        self.drive(now);
    }

    /// The timer from [`Engine::next_timeout`] fired (early or late is fine).
    pub fn handle_timeout(&mut self, now: Millis) {
        self.drive(now);
    }

    /// When to call [`Engine::handle_timeout`] next, if anything is waiting on time.
    pub fn next_timeout(&self) -> Option<Millis> {
        // Only what `drive` would act on at that time, so a timer never fires in vain.
        let mut at = f64::INFINITY;
        for request in self.in_flight.values() {
            at = at.min(request.deadline);
        }
        if let Some(until) = self.typing_until {
            at = at.min(until);
        }
        if !self.online {
            return at.is_finite().then_some(at);
        }
        let creating = self.is_started() && !matches!(self.creation.stage, Stage::Ready(_));
        if creating && !self.busy(&Purpose::Contact) && !self.busy(&Purpose::Conversation) {
            at = at.min(self.creation.next_try_at);
        }
        if self.session().is_some() {
            if !self.sending() && self.doubt_since.is_none() && !self.outbox.needs_check() {
                if let Some(due) = self
                    .outbox
                    .items()
                    .iter()
                    .find(|item| item.state == SendState::Pending)
                    .map(|item| item.next_try_at)
                {
                    at = at.min(due);
                }
            }
            match self.socket {
                Socket::Down { retry_at } => at = at.min(retry_at),
                Socket::Opening { since } => at = at.min(since + f64::from(REQUEST_DEADLINE_MS)),
                Socket::Open {
                    last_frame,
                    subscription,
                    presence_at,
                } => {
                    at = at.min(last_frame + PING_TIMEOUT_MS).min(presence_at);
                    if let Some(Subscription::Waiting(since)) = subscription {
                        at = at.min(since + SUBSCRIBE_WAIT_MS);
                    }
                }
            }
            if (!self.live() || self.doubt_since.is_some()) && !self.listing() {
                at = at.min(self.next_poll_at);
            }
            if !self.history_complete && !self.listing() && self.list_retry_at.is_finite() {
                at = at.min(self.list_retry_at);
            }
        }
        at.is_finite().then_some(at)
    }

    /// What the buyer sees now.
    pub fn view(&self, now: Millis) -> View {
        // Match unsent messages against what the server listed exactly as reconcile would, so
        // a message whose copy is already listed is shown once, as the server's.
        let mut outbox = self.outbox.clone();
        let mine: Vec<ServerMessage> = self.buyer_messages();
        outbox.reconcile(&mine);
        let mut entries: Vec<Entry> = self
            .messages
            .values()
            .filter(|m| m.is_shown())
            .map(|m| Entry::Server {
                message: m.clone(),
                answer: self.answers.get(&m.id).copied(),
            })
            .collect();
        entries.extend(
            outbox
                .items()
                .iter()
                .filter(|item| !matches!(item.state, SendState::Sent { .. }))
                .map(|item| Entry::Unsent {
                    echo_id: item.echo_id.clone(),
                    content: item.content.clone(),
                    failed: item.state == SendState::Failed,
                }),
        );
        let joined = self
            .messages
            .values()
            .find(|m| m.author == Author::Agent && m.from_person && !m.private)
            .map(|m| m.sender_name.clone());
        View {
            link: self.link(),
            entries,
            agent_online: self.agent_online,
            joined,
            typing: self.typing_until.is_some_and(|until| until > now),
            resolved: self.status.as_deref() == Some("resolved"),
            trouble: self.trouble,
            loading_history: self.session().is_some() && !self.history_complete,
        }
    }

    fn link(&self) -> Link {
        if !self.is_started() {
            return Link::Idle;
        }
        if !self.online {
            return Link::Offline;
        }
        match (&self.creation.stage, self.socket) {
            (Stage::Ready(_), Socket::Open { subscription, .. }) => match subscription {
                Some(Subscription::Confirmed) => Link::Live,
                Some(Subscription::Refused) => Link::Polling,
                _ if self.reconnects > 0 => Link::Reconnecting,
                _ => Link::Connecting,
            },
            (Stage::Ready(_), Socket::Down { retry_at }) if !retry_at.is_finite() => Link::Polling,
            (Stage::Ready(_), _) if self.reconnects > 0 => Link::Reconnecting,
            _ => Link::Connecting,
        }
    }

    fn live(&self) -> bool {
        matches!(
            self.socket,
            Socket::Open {
                subscription: Some(Subscription::Confirmed),
                ..
            }
        )
    }

    fn busy(&self, purpose: &Purpose) -> bool {
        self.in_flight.values().any(|r| &r.purpose == purpose)
    }

    fn sending(&self) -> bool {
        self.in_flight
            .values()
            .any(|r| matches!(r.purpose, Purpose::Send { .. }))
    }

    fn listing(&self) -> bool {
        self.in_flight
            .values()
            .any(|r| matches!(r.purpose, Purpose::List { .. }))
    }

    fn echo_id(&mut self, now: Millis) -> String {
        self.echo_counter += 1;
        format!("sh-{}-{}", now.max(0.0) as u64, self.echo_counter)
    }

    fn start(&mut self, now: Millis, summary: &str, attributes: Value) {
        if self.is_started() {
            return;
        }
        self.creation = Creation {
            stage: Stage::Contact,
            attributes,
            attempts: 0,
            next_try_at: now,
        };
        let echo_id = self.echo_id(now);
        self.outbox.push(summary, &echo_id, now);
        self.store_session();
        self.store_outbox();
    }

    fn request(&mut self, now: Millis, purpose: Purpose, request: Outgoing) {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        self.in_flight.insert(
            id,
            InFlight {
                purpose,
                deadline: now + f64::from(REQUEST_DEADLINE_MS),
            },
        );
        self.effects.push_back(Effect::Request {
            id,
            request,
            deadline_ms: REQUEST_DEADLINE_MS,
        });
    }

    /// Everything that is due: expired requests, creation, sending, listing, socket upkeep.
    fn drive(&mut self, now: Millis) {
        let expired: Vec<RequestId> = self
            .in_flight
            .iter()
            .filter(|(_, r)| r.deadline <= now)
            .map(|(id, _)| *id)
            .collect();
        for id in expired {
            if let Some(request) = self.in_flight.remove(&id) {
                self.effects.push_back(Effect::Abort(id));
                self.on_response(now, request.purpose, Err(FetchError::Timeout));
            }
        }
        if self.typing_until.is_some_and(|until| until <= now) {
            self.typing_until = None;
        }
        if !self.online {
            return;
        }
        self.drive_creation(now);
        let Some(session) = self.session().cloned() else {
            return;
        };
        self.drive_socket(now, &session);
        self.drive_listing(now, &session);
        self.drive_sending(now, &session);
    }

    fn drive_creation(&mut self, now: Millis) {
        if self.creation.next_try_at > now
            || self.busy(&Purpose::Contact)
            || self.busy(&Purpose::Conversation)
        {
            return;
        }
        let Endpoint { api, inbox } = self.endpoint.clone();
        match &self.creation.stage {
            Stage::Contact => {
                let body = protocol::contact_body(&self.creation.attributes);
                self.request(
                    now,
                    Purpose::Contact,
                    Outgoing::post_json(protocol::contacts_url(&api, &inbox), body),
                );
            }
            Stage::Conversation { source_id, .. } => {
                let url = protocol::conversations_url(&api, &inbox, source_id);
                let body = protocol::conversation_body(&self.creation.attributes);
                self.request(now, Purpose::Conversation, Outgoing::post_json(url, body));
            }
            Stage::NotStarted | Stage::Ready(_) => {}
        }
    }

    fn drive_socket(&mut self, now: Millis, session: &Session) {
        match self.socket {
            Socket::Down { retry_at } if retry_at <= now => {
                self.socket_generation += 1;
                self.socket = Socket::Opening { since: now };
                self.effects.push_back(Effect::OpenSocket {
                    url: protocol::cable_url(&self.endpoint.api),
                    socket: self.socket_generation,
                });
            }
            Socket::Opening { since } if since + f64::from(REQUEST_DEADLINE_MS) <= now => {
                self.effects.push_back(Effect::CloseSocket);
                self.socket_down(now, true);
            }
            Socket::Open {
                last_frame,
                subscription,
                presence_at,
            } => {
                if last_frame + PING_TIMEOUT_MS <= now {
                    // No ping for several of Rails' 3 s intervals: a half-open socket.
                    self.effects.push_back(Effect::CloseSocket);
                    self.socket_down(now, true);
                    return;
                }
                let mut subscription = subscription;
                if let Some(Subscription::Waiting(since)) = subscription {
                    if since + SUBSCRIBE_WAIT_MS <= now {
                        // Chatwoot answers a bad pubsub token with silence.
                        subscription = Some(Subscription::Refused);
                        self.next_poll_at = now;
                    }
                }
                let mut presence_at = presence_at;
                if presence_at <= now {
                    self.effects
                        .push_back(Effect::SendFrame(protocol::presence_frame(
                            &session.pubsub_token,
                        )));
                    presence_at = now + PRESENCE_EVERY_MS;
                }
                self.socket = Socket::Open {
                    last_frame,
                    subscription,
                    presence_at,
                };
            }
            _ => {}
        }
    }

    /// The socket is gone; reconnect after a backoff (or never, when `reconnect` is false).
    fn socket_down(&mut self, now: Millis, reconnect: bool) {
        let retry_at = if reconnect {
            let wait = (1000.0 * f64::from(1u32 << self.reconnects.min(5))).min(MAX_BACKOFF_MS);
            self.reconnects = self.reconnects.saturating_add(1);
            now + wait
        } else {
            f64::INFINITY
        };
        self.socket = Socket::Down { retry_at };
        // Poll right away, so nothing waits for the socket to come back.
        self.next_poll_at = now;
    }

    fn drive_listing(&mut self, now: Millis, session: &Session) {
        if self.listing() {
            return;
        }
        if !self.status_read && !self.busy(&Purpose::Status) && self.status_retry_at <= now {
            let url = protocol::conversation_url(&self.endpoint.api, &self.endpoint.inbox, session);
            self.request(now, Purpose::Status, Outgoing::get(url));
        }
        // A fresh latest page when polling, or when a lost answer must be looked for in a
        // listing made after the loss; otherwise page back towards the start.
        let stale = self.doubt_since.is_some_and(|since| self.listed_at < since);
        if (stale || !self.live()) && self.next_poll_at <= now {
            self.list(now, session, None);
        } else if !self.history_complete
            && !self.gap_open
            && self.pages < MAX_PAGES
            && self.list_retry_at <= now
        {
            if let Some(oldest) = self.messages.keys().next().copied() {
                self.list(now, session, Some(oldest));
            }
        }
    }

    fn list(&mut self, now: Millis, session: &Session, before: Option<u64>) {
        if before.is_none() {
            self.next_poll_at = now + POLL_EVERY_MS;
        }
        let url =
            protocol::messages_page_url(&self.endpoint.api, &self.endpoint.inbox, session, before);
        let purpose = Purpose::List {
            before,
            requested_at: now,
        };
        self.request(now, purpose, Outgoing::get(url));
    }

    fn drive_sending(&mut self, now: Millis, session: &Session) {
        // One message in flight at a time; none while a lost answer is being looked for.
        if self.sending() || self.doubt_since.is_some() || self.outbox.needs_check() {
            if self.outbox.needs_check() && self.doubt_since.is_none() {
                self.doubt_since = Some(now);
            }
            return;
        }
        let Some(echo_id) = self.outbox.due(now).into_iter().next() else {
            return;
        };
        let Some(content) = self.outbox.get(&echo_id).map(|m| m.content.clone()) else {
            return;
        };
        if !self.outbox.mark_sending(&echo_id) {
            return;
        }
        self.store_outbox();
        let url = protocol::messages_url(&self.endpoint.api, &self.endpoint.inbox, session);
        self.request(
            now,
            Purpose::Send {
                echo_id: echo_id.clone(),
            },
            Outgoing::post_json(url, protocol::message_body(&content, &echo_id)),
        );
    }

    fn answer(&mut self, now: Millis, message_id: u64, chosen: Chosen, body: String) {
        let Some(session) = self.session().cloned() else {
            return;
        };
        if self.answers.get(&message_id) == Some(&AnswerState::Sending) {
            return;
        }
        let url = protocol::message_url(
            &self.endpoint.api,
            &self.endpoint.inbox,
            &session,
            message_id,
        );
        self.answers.insert(message_id, AnswerState::Sending);
        self.request(
            now,
            Purpose::Answer { message_id, chosen },
            Outgoing {
                method: Method::Patch,
                url,
                json: Some(body),
            },
        );
    }

    fn on_response(&mut self, now: Millis, purpose: Purpose, result: Result<Answer, FetchError>) {
        let ok = match &result {
            Ok(answer) if (200..300).contains(&answer.status) => Some(answer.body.as_str()),
            _ => None,
        };
        match purpose {
            Purpose::Contact => match ok.and_then(protocol::read_contact) {
                Some((source_id, pubsub_token)) => {
                    self.creation.stage = Stage::Conversation {
                        source_id,
                        pubsub_token,
                    };
                    self.creation.attempts = 0;
                    self.creation.next_try_at = now;
                    self.trouble = None;
                    self.store_session();
                }
                None => self.creation_failed(now, &result, true),
            },
            Purpose::Conversation => {
                let id = ok.and_then(protocol::read_conversation_id);
                match (id, &self.creation.stage) {
                    (
                        Some(conversation_id),
                        Stage::Conversation {
                            source_id,
                            pubsub_token,
                        },
                    ) => {
                        self.creation.stage = Stage::Ready(Session {
                            source_id: source_id.clone(),
                            pubsub_token: pubsub_token.clone(),
                            conversation_id,
                        });
                        if let Some(status) = ok.and_then(protocol::read_status) {
                            self.status = Some(status);
                        }
                        // A new conversation: nothing older to page back to.
                        self.history_complete = true;
                        self.status_read = true;
                        self.trouble = None;
                        self.creation.attempts = 0;
                        self.store_session();
                        self.on_ready(now);
                    }
                    _ => self.creation_failed(now, &result, false),
                }
            }
            Purpose::Status => {
                // Read once on resume; a failure is retried after a poll interval.
                match ok.and_then(protocol::read_status) {
                    Some(status) => {
                        self.status = Some(status);
                        self.status_read = true;
                    }
                    None => self.status_retry_at = now + POLL_EVERY_MS,
                }
            }
            Purpose::List {
                before,
                requested_at,
            } => match ok {
                Some(body) => {
                    self.on_page(now, before, requested_at, protocol::read_messages(body))
                }
                None => {
                    // Every listing waits a poll interval after a failure (a settle sweep and
                    // history paging too), and a gap is looked for again by the next poll.
                    self.next_poll_at = now + POLL_EVERY_MS;
                    self.list_retry_at = now + POLL_EVERY_MS;
                    self.gap_open = false;
                }
            },
            Purpose::Send { echo_id } => {
                match ok.and_then(protocol::read_message) {
                    Some(message) => {
                        self.outbox.mark_sent(&echo_id, message.id);
                        self.add_message(message);
                    }
                    None => {
                        self.outbox.mark_failed_attempt(&echo_id, now);
                        if let Err(FetchError::RateLimited {
                            retry_after: Some(seconds),
                        }) = result
                        {
                            // Honour Retry-After: the buyer's retry can still hurry it.
                            let wait = now + f64::from(seconds) * 1000.0;
                            self.outbox.postpone(&echo_id, wait);
                        }
                        // Look for it in the conversation before it goes again.
                        self.doubt_since = Some(now);
                        self.next_poll_at = now;
                    }
                }
                self.store_outbox();
            }
            Purpose::Answer { message_id, chosen } => {
                if ok.is_none() {
                    self.answers.insert(message_id, AnswerState::Failed);
                    return;
                }
                self.answers.remove(&message_id);
                // As Chatwoot's widget does, the answer shows at once (`message.js`, update).
                if let Some(message) = self.messages.get_mut(&message_id) {
                    match (&mut message.interactive, chosen) {
                        (Interactive::Select { chosen, .. }, Chosen::Select(title)) => {
                            *chosen = Some(title)
                        }
                        (Interactive::Csat { rating }, Chosen::Rating(r)) => *rating = Some(r),
                        _ => {}
                    }
                }
            }
        }
    }

    fn creation_failed(&mut self, now: Millis, result: &Result<Answer, FetchError>, contact: bool) {
        self.creation.attempts = self.creation.attempts.saturating_add(1);
        let mut wait =
            (1000.0 * f64::from(1u32 << (self.creation.attempts - 1).min(5))).min(MAX_BACKOFF_MS);
        if let Err(FetchError::RateLimited {
            retry_after: Some(seconds),
        }) = result
        {
            wait = wait.max(f64::from(*seconds) * 1000.0);
        }
        self.creation.next_try_at = now + wait;
        let Endpoint { api, inbox } = &self.endpoint;
        let unknown_inbox = contact && matches!(result, Ok(a) if a.status == 404);
        if unknown_inbox {
            self.trouble = Some(StartTrouble::UnknownInbox);
            self.warn(Problem::UnknownChatInbox {
                inbox: inbox.clone(),
                api: api.clone(),
            });
        } else if self.creation.attempts >= TROUBLE_AFTER {
            self.trouble.get_or_insert(StartTrouble::Unreachable);
            if matches!(result, Err(FetchError::Network)) {
                self.warn(Problem::ChatUnreachable { api: api.clone() });
            }
        }
        self.store_session();
    }

    fn warn(&mut self, problem: Problem) {
        if !self.warned {
            self.warned = true;
            let diagnostic = Diagnostic::new(Area::Chat, problem);
            self.effects.push_back(Effect::WarnMerchant(diagnostic));
        }
    }

    fn on_ready(&mut self, now: Millis) {
        self.socket = Socket::Down { retry_at: now };
        self.next_poll_at = now;
    }

    fn on_page(
        &mut self,
        now: Millis,
        before: Option<u64>,
        requested_at: Millis,
        page: Vec<Message>,
    ) {
        self.pages = self.pages.saturating_add(1);
        let known_oldest = self.messages.keys().next().copied();
        let oldest_in_page = page.iter().map(|m| m.id).min();
        let overlaps = page.iter().any(|m| self.messages.contains_key(&m.id));
        let full = page.len() >= PAGE_SIZE;
        for message in page {
            self.add_message(message);
        }
        if !full {
            // Fewer than a page: nothing older exists than this page's first message.
            self.history_complete = true;
            self.gap_open = false;
        } else if overlaps {
            self.gap_open = false;
        }
        if before.is_none() {
            self.listed_at = self.listed_at.max(requested_at);
        }
        // A full page of new messages that does not reach what was known: page through the gap.
        let gap = full
            && !overlaps
            && matches!((known_oldest, oldest_in_page), (Some(k), Some(o)) if o > k);
        if let (true, Some(oldest), Some(session)) = (gap, oldest_in_page, self.session().cloned())
        {
            self.gap_open = true;
            self.list(now, &session, Some(oldest));
            return;
        }
        self.settle(now);
    }

    /// Reconciles the outbox once the messages known were listed after the doubt arose and
    /// reach back far enough; until then sending waits.
    fn settle(&mut self, now: Millis) {
        let Some(since) = self.doubt_since else {
            return;
        };
        if self.listed_at < since {
            self.next_poll_at = self.next_poll_at.min(now);
            return;
        }
        if self.gap_open || !(self.covers(self.outbox.oldest_in_doubt()) || self.pages >= MAX_PAGES)
        {
            return;
        }
        self.outbox.reconcile(&buyer_messages(&self.messages));
        self.doubt_since = None;
        self.store_outbox();
    }

    /// Whether the messages known reach back to `since` (less the clock slack), or to the start.
    fn covers(&self, since: Option<Millis>) -> bool {
        let Some(since) = since else {
            return true;
        };
        self.history_complete
            || self
                .messages
                .values()
                .next()
                .is_some_and(|m| m.created_at * 1000.0 < since - CLOCK_SLACK_MS)
    }

    fn buyer_messages(&self) -> Vec<ServerMessage<'_>> {
        buyer_messages(&self.messages)
    }

    fn add_message(&mut self, message: Message) {
        if matches!(message.author, Author::Agent | Author::Template) {
            self.typing_until = None;
        }
        if let Some(echo_id) = &message.echo_id {
            if self.outbox.mark_sent(echo_id, message.id) {
                self.store_outbox();
            }
        }
        if let Interactive::Select {
            chosen: Some(_), ..
        }
        | Interactive::Csat { rating: Some(_) } = message.interactive
        {
            self.answers.remove(&message.id);
        }
        self.messages.insert(message.id, message);
    }

    fn on_frame(&mut self, now: Millis, text: &str) {
        let (subscription, presence_at) = match self.socket {
            Socket::Open {
                subscription,
                presence_at,
                ..
            } => (subscription, presence_at),
            // A frame before the open event: it is open.
            Socket::Opening { .. } => (None, f64::INFINITY),
            Socket::Down { .. } => return,
        };
        let mut subscription = subscription;
        let mut presence_at = presence_at;
        match protocol::read_cable(text) {
            CableEvent::Welcome => {
                if let Some(session) = self.session() {
                    self.effects
                        .push_back(Effect::SendFrame(protocol::subscribe_frame(
                            &session.pubsub_token,
                        )));
                    subscription = Some(Subscription::Waiting(now));
                }
            }
            CableEvent::Subscribed => {
                subscription = Some(Subscription::Confirmed);
                self.reconnects = 0;
                presence_at = now + PRESENCE_EVERY_MS;
                // Catch up on what happened while away (and settle any doubt).
                self.next_poll_at = now;
                if let Some(session) = self.session().cloned() {
                    if !self.listing() {
                        self.list(now, &session, None);
                    }
                }
            }
            CableEvent::Rejected => {
                subscription = Some(Subscription::Refused);
                self.next_poll_at = now;
            }
            CableEvent::Disconnect { reconnect } => {
                self.effects.push_back(Effect::CloseSocket);
                self.socket_down(now, reconnect);
                return;
            }
            CableEvent::MessageCreated(message) | CableEvent::MessageUpdated(message) => {
                self.add_message(message);
            }
            CableEvent::Typing(on) => {
                self.typing_until = on.then_some(now + TYPING_CLEAR_MS);
            }
            CableEvent::Presence { agents_online } => self.agent_online = agents_online,
            CableEvent::StatusChanged(status) => {
                if !status.is_empty() {
                    self.status = Some(status);
                }
            }
            CableEvent::Ping | CableEvent::Other => {}
        }
        self.socket = Socket::Open {
            last_frame: now,
            subscription,
            presence_at,
        };
    }

    fn store_session(&mut self) {
        self.effects.push_back(Effect::Store {
            key: StoreKey::Session,
            value: self.creation.to_json(),
        });
    }

    fn store_outbox(&mut self) {
        self.effects.push_back(Effect::Store {
            key: StoreKey::Outbox,
            value: self.outbox.to_json(),
        });
    }
}

/// The buyer's messages the server has, for [`Outbox::reconcile`] (milliseconds).
fn buyer_messages(messages: &BTreeMap<u64, Message>) -> Vec<ServerMessage<'_>> {
    messages
        .values()
        .filter(|m| m.author == Author::Buyer)
        .map(|m| ServerMessage {
            id: m.id,
            content: &m.content,
            created_at: m.created_at * 1000.0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! Each numbered case of issue #9 against a small in-memory Chatwoot that answers as its
    //! source does (no echo_id over REST, 20 messages a page, `before=<id>`), with a fake clock.

    use super::*;
    use std::collections::HashMap;

    const T0: Millis = 1_700_000_000_000.0;
    const TOKEN: &str = "tok-1";

    /// Chatwoot's public API as far as the engine uses it.
    struct Fake {
        messages: Vec<Value>,
        next_id: u64,
        status: &'static str,
        contacts: u32,
        conversations: u32,
    }

    impl Fake {
        fn new() -> Fake {
            Fake {
                messages: Vec::new(),
                next_id: 1,
                status: "open",
                contacts: 0,
                conversations: 0,
            }
        }

        fn store(&mut self, message_type: u64, content: &str, now: Millis) -> Value {
            let v = json!({
                "id": self.next_id, "content": content, "message_type": message_type,
                "content_type": "text", "created_at": (now / 1000.0).floor(),
                "sender": if message_type == 0 { json!({"type": "contact", "name": "Buyer"}) }
                          else { json!({"id": 3, "name": "Sanna Berg", "available_name": "Sanna", "type": "user"}) },
            });
            self.next_id += 1;
            self.messages.push(v.clone());
            v
        }

        fn copies(&self, content: &str) -> usize {
            self.messages
                .iter()
                .filter(|m| m["content"] == content)
                .count()
        }

        fn answer(&mut self, request: &Outgoing, now: Millis) -> Answer {
            let ok = |body: Value| Answer {
                status: 200,
                body: body.to_string(),
            };
            let url = request.url.as_str();
            let path = url.split('?').next().unwrap_or(url);
            let body: Value = request
                .json
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or(Value::Null);
            match request.method {
                Method::Post if path.ends_with("/contacts") => {
                    self.contacts += 1;
                    ok(json!({"id": 1, "source_id": "src-1", "pubsub_token": TOKEN}))
                }
                Method::Post if path.ends_with("/conversations") => {
                    self.conversations += 1;
                    ok(json!({"id": 1, "status": self.status, "messages": []}))
                }
                Method::Post if path.ends_with("/messages") => {
                    let content = body["content"].as_str().unwrap_or_default().to_owned();
                    ok(self.store(0, &content, now))
                }
                Method::Get if path.ends_with("/conversations/1") => {
                    ok(json!({"id": 1, "status": self.status}))
                }
                Method::Get if path.ends_with("/messages") => {
                    let before = url
                        .split_once("before=")
                        .and_then(|(_, id)| id.parse::<u64>().ok())
                        .unwrap_or(u64::MAX);
                    let older: Vec<&Value> = self
                        .messages
                        .iter()
                        .filter(|m| m["id"].as_u64().unwrap() < before)
                        .collect();
                    let page = &older[older.len().saturating_sub(PAGE_SIZE)..];
                    ok(Value::Array(page.iter().map(|m| (*m).clone()).collect()))
                }
                Method::Patch => {
                    let id: u64 = path.rsplit('/').next().unwrap().parse().unwrap();
                    let m = self.messages.iter_mut().find(|m| m["id"] == id).unwrap();
                    m["content_attributes"]["submitted_values"] = body["submitted_values"].clone();
                    ok(m.clone())
                }
                _ => Answer {
                    status: 404,
                    body: r#"{"error":"Resource could not be found"}"#.into(),
                },
            }
        }
    }

    struct Rig {
        e: Engine,
        now: Millis,
        fake: Fake,
        pending: Vec<(RequestId, Outgoing)>,
        aborted: Vec<RequestId>,
        frames: Vec<String>,
        /// The socket the engine last asked for, and whether it is open.
        socket: Option<(u32, bool)>,
        stored: HashMap<&'static str, String>,
        warnings: Vec<String>,
        /// Pings every 3 s while the socket is open.
        pings: bool,
        /// Whether the server confirms subscriptions (a bad token gets silence).
        confirms: bool,
        last_ping: Millis,
        /// Sent message answers, by request, that the fake "loses" after acting on them.
        lose_next_send_answers: u32,
    }

    fn endpoint() -> Endpoint {
        Endpoint {
            api: "https://chat.example/support".into(),
            inbox: "inbox-1".into(),
        }
    }

    impl Rig {
        fn new() -> Rig {
            Rig::with(Engine::new(endpoint()), Fake::new(), T0)
        }

        fn with(e: Engine, fake: Fake, now: Millis) -> Rig {
            let mut rig = Rig {
                e,
                now,
                fake,
                pending: Vec::new(),
                aborted: Vec::new(),
                frames: Vec::new(),
                socket: None,
                stored: HashMap::new(),
                warnings: Vec::new(),
                pings: true,
                confirms: true,
                last_ping: now,
                lose_next_send_answers: 0,
            };
            rig.pump();
            rig
        }

        /// Carries out the engine's effects (requests wait in `pending`).
        fn pump(&mut self) {
            while let Some(effect) = self.e.poll_effect() {
                match effect {
                    Effect::Request {
                        id,
                        request,
                        deadline_ms,
                    } => {
                        assert_eq!(
                            deadline_ms, REQUEST_DEADLINE_MS,
                            "every request has a deadline"
                        );
                        self.pending.push((id, request));
                    }
                    Effect::Abort(id) => {
                        self.pending.retain(|(p, _)| *p != id);
                        self.aborted.push(id);
                    }
                    Effect::OpenSocket { url, socket } => {
                        assert_eq!(url, "wss://chat.example/support/cable");
                        self.socket = Some((socket, false));
                    }
                    Effect::CloseSocket => self.socket = None,
                    Effect::SendFrame(frame) => self.frames.push(frame),
                    Effect::Store { key, value } => {
                        let key = match key {
                            StoreKey::Session => "session",
                            StoreKey::Outbox => "outbox",
                        };
                        self.stored.insert(key, value);
                    }
                    Effect::WarnMerchant(d) => self.warnings.push(d.console_text()),
                }
            }
        }

        fn input(&mut self, input: Input) {
            self.e.handle(self.now, input);
            self.pump();
        }

        fn respond(&mut self, id: RequestId, result: Result<Answer, FetchError>) {
            self.input(Input::Response { id, result });
        }

        /// Takes the first pending request matching `what` (method and a URL fragment).
        fn take(&mut self, method: Method, fragment: &str) -> Option<(RequestId, Outgoing)> {
            let path = |url: &str| url.split('?').next().unwrap_or(url).to_owned();
            let at = self
                .pending
                .iter()
                .position(|(_, r)| r.method == method && path(&r.url).ends_with(fragment))?;
            Some(self.pending.remove(at))
        }

        /// Answers every pending request as the fake Chatwoot would, until none are left.
        fn serve(&mut self) {
            for _ in 0..1000 {
                self.pump();
                let Some((id, request)) =
                    (!self.pending.is_empty()).then(|| self.pending.remove(0))
                else {
                    return;
                };
                let answer = self.fake.answer(&request, self.now);
                let is_send = request.method == Method::Post && request.url.ends_with("/messages");
                if is_send && self.lose_next_send_answers > 0 {
                    self.lose_next_send_answers -= 1;
                    self.respond(
                        id,
                        Ok(Answer {
                            status: 502,
                            body: String::new(),
                        }),
                    );
                } else {
                    self.respond(id, Ok(answer));
                }
            }
            panic!("requests never stop");
        }

        /// The socket side of the fake: opens what was asked for, welcome, confirm, pings.
        fn socket_side(&mut self) {
            if let Some((socket, false)) = self.socket {
                self.socket = Some((socket, true));
                self.input(Input::SocketOpened { socket });
                self.frame(r#"{"type":"welcome"}"#);
                self.last_ping = self.now;
            }
            let subscribe = protocol::subscribe_frame(TOKEN);
            if self.confirms && self.frames.contains(&subscribe) {
                self.frames.retain(|f| f != &subscribe);
                self.frame(r#"{"identifier":"x","type":"confirm_subscription"}"#);
                self.frame(r#"{"identifier":"x","message":{"event":"presence.update","data":{"account_id":1,"users":{"3":"online"}}}}"#);
            }
            if self.pings && self.now - self.last_ping >= 3000.0 {
                self.last_ping = self.now;
                self.frame(r#"{"type":"ping","message":1700000000}"#);
            }
        }

        fn frame(&mut self, text: &str) {
            if let Some((socket, true)) = self.socket {
                self.input(Input::SocketFrame {
                    socket,
                    text: text.into(),
                });
            }
        }

        /// Lets `ms` pass in steps of 250 ms, answering requests and socket frames as they come.
        fn run(&mut self, ms: Millis) {
            let end = self.now + ms;
            while self.now < end {
                self.serve();
                self.socket_side();
                self.serve();
                self.now = (self.now + 250.0).min(end);
                self.e.handle_timeout(self.now);
                self.pump();
            }
            self.serve();
        }

        /// Lets `ms` pass with nothing answered (a hung network), firing the engine's timers.
        fn wait(&mut self, ms: Millis) {
            let end = self.now + ms;
            for _ in 0..10_000 {
                match self.e.next_timeout() {
                    Some(at) if at <= end => {
                        assert!(
                            at >= self.now - 1.0 || self.now == T0,
                            "a timer in the past: {at} < {}",
                            self.now
                        );
                        self.now = self.now.max(at);
                        self.e.handle_timeout(self.now);
                        self.pump();
                    }
                    _ => break,
                }
            }
            self.now = end;
            self.e.handle_timeout(self.now);
            self.pump();
        }

        /// Waits, timer by timer, until a request matching `fragment` is asked for.
        fn next_request(&mut self, method: Method, fragment: &str) -> (RequestId, Outgoing) {
            for _ in 0..100 {
                if let Some(found) = self.take(method, fragment) {
                    return found;
                }
                let at = self.e.next_timeout().expect("something scheduled");
                self.now = self.now.max(at);
                self.e.handle_timeout(self.now);
                self.pump();
            }
            panic!("no {fragment} request");
        }

        fn view(&self) -> View {
            self.e.view(self.now)
        }

        fn texts(&self) -> Vec<String> {
            self.view()
                .entries
                .iter()
                .map(|e| match e {
                    Entry::Server { message, .. } => message.content.clone(),
                    Entry::Unsent {
                        content, failed, ..
                    } => {
                        format!(
                            "{content} [{}]",
                            if *failed { "not sent" } else { "sending" }
                        )
                    }
                })
                .collect()
        }

        fn start(&mut self) {
            self.input(Input::Start {
                summary: "Trail: searched hentekode".into(),
                attributes: json!({"lang": "nb"}),
            });
        }

        fn write(&mut self, text: &str) {
            self.input(Input::Write { text: text.into() });
        }

        /// Started, live, the trail delivered.
        fn live() -> Rig {
            let mut rig = Rig::new();
            rig.start();
            rig.run(1000.0);
            assert_eq!(rig.view().link, Link::Live);
            assert_eq!(rig.texts(), ["Trail: searched hentekode"]);
            rig
        }

        fn reload(self) -> Rig {
            let engine = Engine::restore(
                endpoint(),
                self.stored.get("session").map(String::as_str),
                self.stored.get("outbox").map(String::as_str),
                self.now,
            )
            .expect("a chat to resume");
            Rig::with(engine, self.fake, self.now)
        }
    }

    fn unsent_ids(view: &View) -> Vec<String> {
        view.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Unsent { echo_id, .. } => Some(echo_id.clone()),
                Entry::Server { .. } => None,
            })
            .collect()
    }

    fn assert_shown_once(rig: &Rig) {
        let texts = rig.texts();
        let mut seen = texts.clone();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), texts.len(), "shown twice: {texts:?}");
    }

    #[test]
    fn starts_with_the_trail_and_goes_live() {
        let mut rig = Rig::new();
        assert_eq!(rig.view().link, Link::Idle);
        rig.start();
        assert_eq!(rig.view().link, Link::Connecting);
        assert_eq!(rig.texts(), ["Trail: searched hentekode [sending]"]);
        rig.run(1000.0);
        assert_eq!(rig.view().link, Link::Live);
        assert_eq!(rig.fake.copies("Trail: searched hentekode"), 1);
        assert_eq!((rig.fake.contacts, rig.fake.conversations), (1, 1));
        assert!(rig.stored["session"].contains("\"stage\":\"ready\""));
    }

    // 1. A request that never answers does not hold the send slot, and nothing shows twice.
    #[test]
    fn a_hung_send_is_aborted_at_its_deadline_and_the_next_message_still_goes() {
        let mut rig = Rig::live();
        rig.write("Where is my parcel?");
        let (hung, _) = rig.take(Method::Post, "/messages").expect("sent");
        rig.write("Hello?");
        assert!(
            rig.take(Method::Post, "/messages").is_none(),
            "one at a time"
        );
        assert_shown_once(&rig);
        rig.wait(f64::from(REQUEST_DEADLINE_MS));
        assert!(rig.aborted.contains(&hung), "aborted at its deadline");
        // A late answer for the aborted request changes nothing.
        rig.respond(hung, Err(FetchError::Cancelled));
        rig.run(3000.0);
        assert_eq!(rig.fake.copies("Where is my parcel?"), 1);
        assert_eq!(rig.fake.copies("Hello?"), 1);
        assert_eq!(
            rig.texts(),
            ["Trail: searched hentekode", "Where is my parcel?", "Hello?"]
        );
    }

    #[test]
    fn a_message_that_keeps_failing_shows_one_retry_and_goes_when_asked() {
        let mut rig = Rig::live();
        rig.write("Can I collect tomorrow?");
        for _ in 0..crate::escalation::outbox::MAX_ATTEMPTS {
            // Each retry is preceded by a listing that looks for it: answer those truthfully.
            let (id, _) = loop {
                rig.serve_only(Method::Get, "/messages");
                rig.serve_only(Method::Get, "/conversations/1");
                if let Some(found) = rig.take(Method::Post, "/messages") {
                    break found;
                }
                let at = rig.e.next_timeout().expect("a retry scheduled");
                rig.now = rig.now.max(at);
                rig.e.handle_timeout(rig.now);
                rig.pump();
            };
            rig.respond(
                id,
                Ok(Answer {
                    status: 500,
                    body: String::new(),
                }),
            );
            assert_shown_once(&rig);
        }
        rig.serve();
        assert_eq!(rig.texts()[1], "Can I collect tomorrow? [not sent]");
        assert_eq!(
            unsent_ids(&rig.view()).len(),
            1,
            "one entry, one retry button"
        );
        rig.wait(120_000.0);
        assert!(
            rig.take(Method::Post, "/messages").is_none(),
            "waits for the buyer"
        );
        let echo_id = unsent_ids(&rig.view())[0].clone();
        rig.input(Input::Retry { echo_id });
        rig.run(1000.0);
        assert_eq!(rig.fake.copies("Can I collect tomorrow?"), 1);
        assert!(unsent_ids(&rig.view()).is_empty());
    }

    // 2. Creation failures are not terminal; a reload resumes the creation where it was.
    #[test]
    fn a_500_or_a_dropped_connection_at_creation_is_retried_with_backoff() {
        let mut rig = Rig::new();
        rig.start();
        let (id, _) = rig.take(Method::Post, "/contacts").expect("contact");
        rig.respond(
            id,
            Ok(Answer {
                status: 500,
                body: String::new(),
            }),
        );
        assert_eq!(rig.view().link, Link::Connecting, "not 'offline'");
        rig.wait(999.0);
        assert!(rig.take(Method::Post, "/contacts").is_none(), "backoff");
        rig.wait(1.0);
        let (id, _) = rig.take(Method::Post, "/contacts").expect("retried");
        rig.respond(id, Err(FetchError::Network));
        rig.wait(2000.0);
        rig.serve_only(Method::Post, "/contacts");
        let (id, _) = rig
            .take(Method::Post, "/conversations")
            .expect("conversation");
        rig.respond(
            id,
            Ok(Answer {
                status: 404,
                body: String::new(),
            }),
        );
        rig.write("typed while it starts");
        rig.run(3000.0);
        assert_eq!(rig.view().link, Link::Live);
        assert_eq!(
            rig.texts(),
            ["Trail: searched hentekode", "typed while it starts"]
        );
        assert_eq!(rig.fake.contacts, 1);
        assert!(rig.warnings.is_empty());
    }

    impl Rig {
        fn serve_only(&mut self, method: Method, fragment: &str) {
            while let Some((id, request)) = self.take(method, fragment) {
                let answer = self.fake.answer(&request, self.now);
                self.respond(id, Ok(answer));
            }
        }
    }

    #[test]
    fn a_reload_during_creation_resumes_it_without_a_second_contact() {
        let mut rig = Rig::new();
        rig.start();
        rig.serve_only(Method::Post, "/contacts");
        assert!(
            rig.take(Method::Post, "/conversations").is_some(),
            "then lost to a reload"
        );
        rig.write("still here");
        let mut rig = rig.reload();
        rig.run(2000.0);
        assert_eq!(rig.fake.contacts, 1);
        assert_eq!(rig.view().link, Link::Live);
        assert_eq!(rig.texts(), ["Trail: searched hentekode", "still here"]);
    }

    #[test]
    fn an_unknown_inbox_is_told_to_the_merchant_once_and_nothing_typed_is_lost() {
        let mut rig = Rig::new();
        rig.start();
        rig.write("my question");
        for _ in 0..5 {
            let (id, _) = rig.next_request(Method::Post, "/contacts");
            rig.respond(
                id,
                Ok(Answer {
                    status: 404,
                    body: r#"{"error":"Resource could not be found"}"#.into(),
                }),
            );
        }
        assert_eq!(rig.warnings.len(), 1, "{:?}", rig.warnings);
        assert!(rig.warnings[0].starts_with("selfhelp:") && rig.warnings[0].contains("chat-inbox"));
        assert!(rig.warnings[0].contains("inbox-1"));
        assert_eq!(rig.view().trouble, Some(StartTrouble::UnknownInbox));
        assert_eq!(
            rig.texts(),
            [
                "Trail: searched hentekode [sending]",
                "my question [sending]"
            ]
        );
        // Fixed on the server side: it starts and delivers everything once.
        rig.run(MAX_BACKOFF_MS + 2000.0);
        assert_eq!(rig.view().trouble, None);
        assert_eq!(rig.fake.copies("my question"), 1);
    }

    #[test]
    fn an_unreachable_chat_url_is_told_once_naming_chat_url() {
        let mut rig = Rig::new();
        rig.start();
        for _ in 0..4 {
            let (id, _) = rig.next_request(Method::Post, "/contacts");
            rig.respond(id, Err(FetchError::Network));
        }
        assert_eq!(rig.view().trouble, Some(StartTrouble::Unreachable));
        assert_eq!(rig.warnings.len(), 1);
        assert!(rig.warnings[0].starts_with("selfhelp:") && rig.warnings[0].contains("chat-url"));
    }

    // 3. Presence is "an agent is online"; "joined" comes from an agent's first message.
    #[test]
    fn presence_says_online_and_an_agents_first_message_says_joined() {
        let mut rig = Rig::live();
        let view = rig.view();
        assert!(view.agent_online);
        assert_eq!(view.joined, None, "subscribing is not joining");
        let agent = rig.fake.store(1, "Hei, Sanna her", rig.now);
        rig.frame(&json!({"message": {"event": "message.created", "data": agent}}).to_string());
        assert_eq!(
            rig.view().joined,
            Some(Some("Sanna".into())),
            "available_name"
        );
        rig.frame(r#"{"message":{"event":"presence.update","data":{"users":{}}}}"#);
        assert!(!rig.view().agent_online);
    }

    // 4 and 5. History is paged back to the start; the status is read on resume.
    #[test]
    fn a_reload_pages_the_whole_history_back_and_keeps_resolved() {
        let mut rig = Rig::live();
        for n in 1..=44 {
            rig.fake.store(n % 2, &format!("seed {n}"), rig.now);
        }
        rig.fake.status = "resolved";
        let mut rig = rig.reload();
        rig.run(2000.0);
        let texts = rig.texts();
        assert_eq!(texts.len(), 45);
        assert_eq!(texts[0], "Trail: searched hentekode");
        assert_eq!(texts[44], "seed 44");
        assert!(!rig.view().loading_history);
        assert!(rig.view().resolved, "resolved stays resolved");
        // Live updates can reopen it.
        rig.frame(
            r#"{"message":{"event":"conversation.status_changed","data":{"status":"open"}}}"#,
        );
        assert!(!rig.view().resolved);
    }

    // 6 and 7. Attachments are kept; input_select is answered as Chatwoot's widget does.
    #[test]
    fn a_select_is_answered_with_submitted_values_and_shows_the_choice() {
        let mut rig = Rig::live();
        let id = rig.fake.next_id;
        let select = json!({"id": id, "content": "What is it about?", "message_type": 3,
            "content_type": "input_select", "created_at": 1,
            "content_attributes": {"items": [{"title": "Return", "value": "return"}]},
            "attachments": [{"file_type": "image", "data_url": "https://cdn.example/x.png"}]});
        rig.fake.messages.push(select.clone());
        rig.fake.next_id += 1;
        rig.frame(&json!({"message": {"event": "message.created", "data": select}}).to_string());
        rig.input(Input::Choose {
            message_id: id,
            title: "Return".into(),
            value: "return".into(),
        });
        let (rid, request) = rig
            .take(Method::Patch, &format!("/messages/{id}"))
            .expect("answered");
        assert_eq!(
            request.json.as_deref(),
            Some(r#"{"submitted_values":[{"title":"Return","value":"return"}]}"#)
        );
        rig.input(Input::Choose {
            message_id: id,
            title: "Return".into(),
            value: "return".into(),
        });
        assert!(
            rig.take(Method::Patch, "/messages/").is_none(),
            "not twice while sending"
        );
        rig.respond(
            rid,
            Ok(Answer {
                status: 200,
                body: "{}".into(),
            }),
        );
        let shown = rig.view().entries.into_iter().find_map(|e| match e {
            Entry::Server { message, .. } if message.id == id => Some(message),
            _ => None,
        });
        let shown = shown.expect("shown");
        assert_eq!(
            shown.interactive,
            Interactive::Select {
                items: vec![("Return".into(), "return".into())],
                chosen: Some("Return".into())
            }
        );
        assert_eq!(shown.attachments.len(), 1);
    }

    // 9. A lost answer is reconciled by content and time, even behind more than a page.
    #[test]
    fn a_lost_answer_is_found_in_the_conversation_and_not_sent_again() {
        let mut rig = Rig::live();
        rig.lose_next_send_answers = 1;
        // The socket is down too, so no message.created carries the echo_id.
        rig.socket = None;
        rig.pings = false;
        rig.write("Can I collect it tomorrow?");
        let (id, request) = rig.take(Method::Post, "/messages").expect("sent");
        let stored = rig.fake.answer(&request, rig.now);
        assert_eq!(stored.status, 200);
        // The agent writes 25 more before the widget looks.
        for n in 0..25 {
            rig.fake.store(1, &format!("agent {n}"), rig.now);
        }
        rig.respond(id, Err(FetchError::Network));
        assert_shown_once(&rig);
        rig.run(6000.0);
        assert_eq!(
            rig.fake.copies("Can I collect it tomorrow?"),
            1,
            "delivered once"
        );
        assert_shown_once(&rig);
        assert!(unsent_ids(&rig.view()).is_empty());
        assert_eq!(rig.texts().len(), 27);
    }

    #[test]
    fn a_lost_answer_then_a_reload_is_still_delivered_once() {
        let mut rig = Rig::live();
        rig.write("Once only");
        let (_, request) = rig.take(Method::Post, "/messages").expect("sent");
        rig.fake.answer(&request, rig.now);
        let mut rig = rig.reload();
        rig.run(3000.0);
        assert_eq!(rig.fake.copies("Once only"), 1);
        assert_shown_once(&rig);
        assert!(unsent_ids(&rig.view()).is_empty());
    }

    #[test]
    fn an_echo_over_the_socket_confirms_a_message_whose_answer_is_slow() {
        let mut rig = Rig::live();
        rig.write("Via the socket");
        let (id, request) = rig.take(Method::Post, "/messages").expect("sent");
        let stored = rig.fake.answer(&request, rig.now);
        let mut data: Value = serde_json::from_str(&stored.body).unwrap();
        let echo = rig.e.outbox().items()[1].echo_id.clone();
        data["echo_id"] = json!(echo);
        rig.frame(&json!({"message": {"event": "message.created", "data": data}}).to_string());
        assert!(unsent_ids(&rig.view()).is_empty());
        rig.respond(id, Ok(stored));
        assert_eq!(rig.texts(), ["Trail: searched hentekode", "Via the socket"]);
    }

    // 10. Pings, disconnect, rejection, silence, presence, typing.
    #[test]
    fn a_socket_that_stops_pinging_is_replaced() {
        let mut rig = Rig::live();
        let first = rig.socket.expect("open").0;
        rig.pings = false;
        rig.wait(PING_TIMEOUT_MS + 1.0);
        assert!(
            rig.socket.is_some_and(|(s, open)| s > first && !open),
            "closed, and a new one asked for"
        );
        assert_eq!(rig.view().link, Link::Reconnecting);
        rig.pings = true;
        rig.run(2000.0);
        assert!(rig.socket.is_some_and(|(s, _)| s > first));
        assert_eq!(rig.view().link, Link::Live);
        // A frame from the old socket is ignored.
        rig.input(Input::SocketClosed { socket: first });
        assert_eq!(rig.view().link, Link::Live);
    }

    #[test]
    fn a_disconnect_frame_or_a_close_reconnects_and_polls_meanwhile() {
        let mut rig = Rig::live();
        rig.frame(r#"{"type":"disconnect","reason":"server_restart","reconnect":true}"#);
        assert!(rig.socket.is_none());
        assert!(
            rig.take(Method::Get, "/messages").is_some(),
            "polls at once"
        );
        rig.run(2000.0);
        assert_eq!(rig.view().link, Link::Live);
        let (socket, _) = rig.socket.expect("open");
        rig.input(Input::SocketClosed { socket });
        assert_eq!(rig.view().link, Link::Reconnecting);
        rig.frame(r#"{"type":"disconnect","reconnect":false}"#);
    }

    #[test]
    fn silence_after_subscribe_ends_connecting_and_polls() {
        let mut rig = Rig::new();
        rig.confirms = false;
        rig.start();
        rig.run(SUBSCRIBE_WAIT_MS - 500.0);
        assert_eq!(rig.view().link, Link::Connecting);
        rig.run(1000.0);
        assert_eq!(rig.view().link, Link::Polling);
        // Agent replies still arrive, by polling.
        rig.fake.store(1, "Hei fra Sanna", rig.now);
        rig.run(POLL_EVERY_MS + 500.0);
        assert!(rig.texts().contains(&"Hei fra Sanna".to_owned()));
        let mut rejected = Rig::live();
        rejected.frame(r#"{"type":"reject_subscription"}"#);
        assert_eq!(rejected.view().link, Link::Polling);
    }

    #[test]
    fn presence_goes_out_every_twenty_seconds_and_typing_clears_after_thirty() {
        let mut rig = Rig::live();
        rig.frames.clear();
        rig.run(PRESENCE_EVERY_MS * 2.0 + 100.0);
        let presence = protocol::presence_frame(TOKEN);
        assert_eq!(rig.frames.iter().filter(|f| **f == presence).count(), 2);
        rig.frame(r#"{"message":{"event":"conversation.typing_on","data":{}}}"#);
        assert!(rig.view().typing);
        rig.run(TYPING_CLEAR_MS - 1000.0);
        assert!(rig.view().typing);
        rig.run(1500.0);
        assert!(!rig.view().typing, "cleared without typing_off");
    }

    #[test]
    fn offline_waits_and_online_sends_at_once() {
        let mut rig = Rig::live();
        rig.input(Input::Online(false));
        assert_eq!(rig.view().link, Link::Offline);
        rig.write("written offline");
        rig.wait(60_000.0);
        assert!(rig.pending.is_empty(), "nothing tried while offline");
        rig.input(Input::Online(true));
        rig.run(1000.0);
        assert_eq!(rig.fake.copies("written offline"), 1);
        assert_eq!(rig.view().link, Link::Live);
    }

    #[test]
    fn a_429_on_a_send_waits_out_retry_after() {
        let mut rig = Rig::live();
        rig.write("slow down");
        let (id, _) = rig.take(Method::Post, "/messages").expect("sent");
        rig.respond(
            id,
            Err(FetchError::RateLimited {
                retry_after: Some(5),
            }),
        );
        rig.run(4500.0);
        assert_eq!(rig.fake.copies("slow down"), 0, "not before Retry-After");
        rig.run(1000.0);
        assert_eq!(rig.fake.copies("slow down"), 1);
    }

    #[test]
    fn a_failed_status_read_is_retried_after_a_poll_interval_not_at_once() {
        let mut rig = Rig::live();
        rig.fake.status = "resolved";
        let mut rig = rig.reload();
        let (id, _) = rig
            .take(Method::Get, "/conversations/1")
            .expect("status read");
        rig.respond(id, Err(FetchError::Network));
        rig.serve_only(Method::Get, "/messages");
        assert!(
            rig.take(Method::Get, "/conversations/1").is_none(),
            "not at once"
        );
        rig.run(POLL_EVERY_MS + 500.0);
        assert!(rig.view().resolved);
    }

    #[test]
    fn failed_history_pages_wait_instead_of_spinning() {
        let mut rig = Rig::live();
        for n in 1..=30 {
            rig.fake.store(1, &format!("seed {n}"), rig.now);
        }
        let mut rig = rig.reload();
        rig.serve_only(Method::Get, "/conversations/1");
        let (id, request) = rig.take(Method::Get, "/messages").expect("latest page");
        let answer = rig.fake.answer(&request, rig.now);
        rig.respond(id, Ok(answer));
        let (id, request) = rig.take(Method::Get, "/messages").expect("an older page");
        assert!(request.url.contains("before="));
        rig.respond(id, Err(FetchError::Network));
        assert!(rig.pending.is_empty(), "no request at once after a failure");
        rig.run(POLL_EVERY_MS + 500.0);
        assert_eq!(rig.texts().len(), 31);
        assert!(!rig.view().loading_history);
    }

    #[test]
    fn stored_state_reads_back_and_old_sessions_still_resume() {
        let old = r#"{"source_id":"s","pubsub_token":"p","conversation_id":3}"#;
        let engine = Engine::restore(endpoint(), Some(old), None, T0).expect("resumes");
        assert_eq!(engine.session().map(|s| s.conversation_id), Some(3));
        assert!(Engine::restore(endpoint(), Some("{broken"), None, T0).is_none());
        assert!(Engine::restore(endpoint(), None, Some("[]"), T0).is_none());
    }
}
