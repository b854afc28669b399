//! `chat_standin`: a local development stand-in for a Chatwoot inbox, with a scripted agent.
//!
//! This is NOT a Chatwoot server and not a chat backend for production. It is a small in-memory
//! program that speaks the subset of Chatwoot's public Client API (API/website inbox) that the
//! widget uses, so that the demo and the end-to-end tests can run a whole chat on one machine
//! without a real Chatwoot, and so that tests can make the backend misbehave on purpose. All state
//! lives in memory and is lost when the process stops. It never makes an outbound connection.
//!
//! ```text
//! chat_standin [--port 8090] [--host 127.0.0.1] [--agent-delay-ms 800] [--dedupe-echo-id]
//! ```
//!
//! On start it prints one line to stdout:
//! `chat stand-in (a local stand-in for a Chatwoot inbox, not a real backend): http://HOST:PORT`.
//! With `--port 0` the system picks a free port and the line shows it: tests start
//! `target/debug/chat_standin --port 0 --agent-delay-ms 50`, read that line, point the widget's
//! chat base URL at it, and kill the process when done. The demo runs
//! `cargo run --bin chat_standin` and uses `http://127.0.0.1:8090` with any inbox identifier.
//!
//! # The subset of Chatwoot's Client API it speaks
//!
//! Every response carries permissive CORS headers (`access-control-allow-origin: *`) and every
//! `OPTIONS` preflight gets 204, because the widget is served from another port. Errors are JSON
//! `{"error": "..."}` with a 4xx status (5xx only for the faults asked for below). `{inbox}` is any
//! identifier of at most 255 characters; `{contact}` is the contact's `source_id`.
//!
//! ```text
//! POST  /public/api/v1/inboxes/{inbox}/contacts
//!         {identifier?, email?, name?, custom_attributes?}
//!         -> {id, source_id, pubsub_token, name, email, identifier, custom_attributes}
//! GET   /public/api/v1/inboxes/{inbox}/contacts/{contact}    -> the contact (404 if unknown)
//! PATCH /public/api/v1/inboxes/{inbox}/contacts/{contact}    fields as in POST; attributes merge
//! POST  .../contacts/{contact}/conversations                 {custom_attributes?}
//!         -> {id, uuid, inbox_id, status: "open", messages: [], contact, custom_attributes}
//! GET   .../contacts/{contact}/conversations                 -> the contact's conversations
//! GET   .../conversations/{id}                               -> one conversation
//! POST  .../conversations/{id}/messages                      {content, echo_id?} -> the message
//! GET   .../conversations/{id}/messages[?before=<id>]        -> at most 20, ascending ids
//! POST  .../conversations/{id}/toggle_typing                 {typing_status: "on"|"off"} -> {}
//! POST  .../conversations/{id}/update_last_seen              -> {}
//! POST  .../conversations/{id}/toggle_status                 open <-> resolved, broadcast
//! GET   /cable                                               ActionCable WebSocket (below)
//! ```
//!
//! A message is `{id, content, message_type (0 contact, 1 agent), content_type: "text",
//! content_attributes: {}, created_at (unix seconds), conversation_id, echo_id, sender, private,
//! status}`. Message ids are global and ascending. Conversations in a list carry their last 20
//! messages. A contact message in a resolved conversation reopens it (as in Chatwoot).
//!
//! `/cable` speaks the part of the ActionCable protocol that Chatwoot's widget uses: `{"type":
//! "welcome"}` on connect, `{"type": "ping", "message": <unix seconds>}` every 3 s, `subscribe` to
//! `{"channel": "RoomChannel", "pubsub_token": ...}` answered with `confirm_subscription`, and then
//! `{"identifier", "message": {"event", "data"}}` for `message.created` (the contact's own
//! messages too, with their `echo_id`), `message.updated`, `conversation.typing_on` /
//! `conversation.typing_off`, `conversation.status_changed` and `presence.update`. `unsubscribe`
//! is honoured; `message` commands (such as `update_presence`) are accepted and ignored.
//!
//! # Where it differs from Chatwoot on purpose
//!
//! - Chatwoot does NOT deduplicate by `echo_id`: a retried `POST .../messages` creates a second
//!   message. The stand-in behaves the same by default, so the tests exercise the widget's own
//!   exactly-once logic (match `echo_id` in the list and in `message.created`, reconcile after an
//!   unknown outcome). `--dedupe-echo-id` makes a repeated `echo_id` in a conversation return the
//!   stored message (200, no new message, no broadcast); it is an extra guard for the demo only,
//!   and no test may rely on it.
//! - A subscription to an unknown `pubsub_token` gets `reject_subscription` (after
//!   `/__standin/reset`, for example); Chatwoot may accept it and stay silent.
//! - Each `POST .../contacts` creates a new contact; `identifier_hash` is accepted and ignored.
//! - A WebSocket that falls more than 4096 events behind is closed rather than skipping events,
//!   so the client reconnects and re-reads the message list.
//!
//! # The scripted agent
//!
//! "Sanna at PostNord customer service". After the first contact message of a conversation, and
//! `--agent-delay-ms` later, she joins (`presence.update`) and types (`conversation.typing_on`);
//! one more delay later she stops typing and greets, quoting the trail the widget put in the
//! conversation's (or contact's) custom attributes `selfhelp_tracking`, `selfhelp_articles` and
//! `selfhelp_searches` when present. Each later contact message gets a short scripted answer the
//! same way; one that says thanks (thank, takk, tack, tak, kiitos) gets a goodbye and the
//! conversation is resolved (`conversation.status_changed`).
//!
//! # Faults for tests, under `/__standin/`
//!
//! These control routes keep working while the stand-in is "offline".
//!
//! ```text
//! POST /__standin/offline?ms=N[&mode=close|503]
//!     For N ms (at most 600000; 0 ends it) every other request, WebSocket upgrades included,
//!     has its connection closed without any response (mode=close, the default: a custom
//!     listener fails the connection's socket), or gets 503 (mode=503). All open WebSockets
//!     are closed at once.
//!     (Browsers may retry a request whose connection closed unanswered; it meets the same fault.)
//! POST /__standin/drop-next-response[?count=N]
//!     The next N (default 1, at most 100) POST .../messages are processed in full (stored and
//!     broadcast) but answered 502: the response was lost after the server acted on the request.
//! GET  /__standin/messages[?conversation=ID]
//!     Every stored message (of one conversation, or of all) as a JSON array, in id order per
//!     conversation: for exactly-once checks.
//! POST /__standin/update-message?id=ID   {content}
//!     Edits a stored message and broadcasts message.updated.
//! POST /__standin/reset
//!     Forgets every contact, conversation and message, ends faults, cancels pending agent replies
//!     and closes all WebSockets. Ids keep counting up, so no id is ever reused.
//! GET  /__standin/health
//!     {"ok": true}, to wait for the process to be ready.
//! ```
//!
//! # Bounds
//!
//! Request bodies up to 1 MiB (413 above), message content up to 150,000 characters (413),
//! custom attributes up to 16 KiB (413), names, emails, identifiers and `echo_id` up to 255
//! characters (422), at most 10,000 contacts, 10,000 conversations, 10,000 messages and 64 MiB of
//! message text (429 when full: reset), 256 WebSockets with 16 subscriptions each, and WebSocket
//! frames from clients up to 64 KiB. A bad request gets a 4xx, never a crash.
//!
//! A native tool: in a WebAssembly build it is an empty program.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    standin::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod standin {
    use std::collections::{BTreeMap, HashMap};
    use std::io;
    use std::net::SocketAddr;
    use std::pin::Pin;
    use std::process::ExitCode;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, MutexGuard};
    use std::task::{Context, Poll};
    use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

    use axum::body::Bytes;
    use axum::extract::connect_info::Connected;
    use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
    use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, Request, State};
    use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
    use axum::middleware::{self, Next};
    use axum::response::{IntoResponse, Response};
    use axum::routing::{get, post};
    use axum::serve::{IncomingStream, Listener};
    use axum::Router;
    use serde_json::{json, Map, Value};
    use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::sync::broadcast;

    const USAGE: &str = "usage: chat_standin [--port 8090] [--host 127.0.0.1] \
                         [--agent-delay-ms 800] [--dedupe-echo-id]
  a local development stand-in for a Chatwoot inbox (not a real backend); see the source's doc";

    const MAX_BODY_BYTES: usize = 1024 * 1024;
    const MAX_CONTENT_CHARS: usize = 150_000;
    const MAX_ATTRIBUTES_BYTES: usize = 16 * 1024;
    const MAX_FIELD_CHARS: usize = 255;
    const MAX_CONTACTS: usize = 10_000;
    const MAX_CONVERSATIONS: usize = 10_000;
    const MAX_MESSAGES: usize = 10_000;
    const MAX_STORED_BYTES: usize = 64 * 1024 * 1024;
    const MAX_SOCKETS: usize = 256;
    const MAX_SUBSCRIPTIONS: usize = 16;
    const MAX_WS_MESSAGE_BYTES: usize = 64 * 1024;
    const MAX_OFFLINE_MS: u64 = 600_000;
    const MAX_AGENT_DELAY_MS: u64 = 600_000;
    const MAX_DROPPED_RESPONSES: u32 = 100;
    const PAGE: usize = 20;
    const EVENT_BUFFER: usize = 4096;
    const PING_EVERY: Duration = Duration::from_secs(3);

    const ACCOUNT_ID: u64 = 1;
    const AGENT_ID: u64 = 1;
    const AGENT_NAME: &str = "Sanna";
    const ANSWERS: [&str; 3] = [
        "Thanks, let me check that for you.",
        "I have looked it up: the parcel is on its way, and the tracking page updates as soon as \
         it is scanned again.",
        "Is there anything else I can help you with?",
    ];
    const GOODBYE: &str =
        "You're welcome! I'm closing this conversation now. Have a nice day, and thank you for \
         contacting PostNord.";

    // ---------------------------------------------------------------------------------------
    // Command line and start-up

    #[derive(Clone, Debug)]
    struct Config {
        host: String,
        port: u16,
        agent_delay: Duration,
        dedupe_echo_id: bool,
    }

    /// `Ok(None)` asks for the usage text.
    fn parse_args(args: &[String]) -> Result<Option<Config>, String> {
        let mut config = Config {
            host: "127.0.0.1".to_owned(),
            port: 8090,
            agent_delay: Duration::from_millis(800),
            dedupe_echo_id: false,
        };
        let mut i = 0;
        while i < args.len() {
            let (flag, inline) = match args[i].split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
                _ => (args[i].as_str(), None),
            };
            i += 1;
            match flag {
                "-h" | "--help" => return Ok(None),
                "--dedupe-echo-id" => config.dedupe_echo_id = true,
                "--port" | "--host" | "--agent-delay-ms" => {
                    let value = match inline {
                        Some(value) => value,
                        None => {
                            let value = args
                                .get(i)
                                .cloned()
                                .ok_or_else(|| format!("{flag} needs a value"))?;
                            i += 1;
                            value
                        }
                    };
                    match flag {
                        "--port" => {
                            config.port = value
                                .parse()
                                .map_err(|_| format!("not a port number: {value}"))?;
                        }
                        "--host" => config.host = value,
                        _ => {
                            let ms = value
                                .parse::<u64>()
                                .ok()
                                .filter(|ms| *ms <= MAX_AGENT_DELAY_MS)
                                .ok_or_else(|| {
                                    format!("--agent-delay-ms takes 0 to {MAX_AGENT_DELAY_MS}")
                                })?;
                            config.agent_delay = Duration::from_millis(ms);
                        }
                    }
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(Some(config))
    }

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let config = match parse_args(&args) {
            Ok(Some(config)) => config,
            Ok(None) => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            Err(message) => {
                eprintln!("chat_standin: {message}\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(error) => {
                eprintln!("chat_standin: cannot start the async runtime: {error}");
                return ExitCode::FAILURE;
            }
        };
        match runtime.block_on(run(config)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("chat_standin: {message}");
                ExitCode::FAILURE
            }
        }
    }

    async fn run(config: Config) -> Result<(), String> {
        let listener = TcpListener::bind((config.host.as_str(), config.port))
            .await
            .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("cannot read the listening address: {e}"))?;
        if !local.ip().is_loopback() {
            eprintln!(
                "chat_standin: warning: listening on {local}, not a loopback address; \
                 this stand-in is for local development only"
            );
        }
        let host = if config.host.contains(':') && !config.host.starts_with('[') {
            format!("[{}]", config.host)
        } else {
            config.host.clone()
        };
        let port = local.port();
        let app = App::new(config);
        println!(
            "chat stand-in (a local stand-in for a Chatwoot inbox, not a real backend): \
             http://{host}:{port}"
        );
        axum::serve(
            FaultListener { inner: listener },
            router(app).into_make_service_with_connect_info::<ConnHandle>(),
        )
        .await
        .map_err(|e| format!("the server stopped: {e}"))
    }

    // ---------------------------------------------------------------------------------------
    // A listener whose connections the "offline" fault can cut without sending a response

    /// A TCP connection that fails every read and write once `kill` is set, so that hyper drops
    /// it without writing the response it was about to send.
    struct FaultIo {
        inner: TcpStream,
        kill: Arc<AtomicBool>,
    }

    fn cut() -> io::Error {
        io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "connection cut by the chat stand-in (offline fault)",
        )
    }

    impl AsyncRead for FaultIo {
        fn poll_read(
            self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            let this = self.get_mut();
            if this.kill.load(Ordering::SeqCst) {
                return Poll::Ready(Err(cut()));
            }
            Pin::new(&mut this.inner).poll_read(cx, buf)
        }
    }

    impl AsyncWrite for FaultIo {
        fn poll_write(
            self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            let this = self.get_mut();
            if this.kill.load(Ordering::SeqCst) {
                return Poll::Ready(Err(cut()));
            }
            Pin::new(&mut this.inner).poll_write(cx, buf)
        }

        fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            let this = self.get_mut();
            if this.kill.load(Ordering::SeqCst) {
                return Poll::Ready(Err(cut()));
            }
            Pin::new(&mut this.inner).poll_flush(cx)
        }

        fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
        }
    }

    struct FaultListener {
        inner: TcpListener,
    }

    impl Listener for FaultListener {
        type Io = FaultIo;
        type Addr = SocketAddr;

        async fn accept(&mut self) -> (Self::Io, Self::Addr) {
            loop {
                match self.inner.accept().await {
                    Ok((stream, addr)) => {
                        let _ = stream.set_nodelay(true);
                        let io = FaultIo {
                            inner: stream,
                            kill: Arc::new(AtomicBool::new(false)),
                        };
                        return (io, addr);
                    }
                    Err(error) => {
                        // Out of file descriptors and the like: wait a little, as axum does.
                        eprintln!("chat_standin: accepting a connection failed: {error}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
        }

        fn local_addr(&self) -> io::Result<Self::Addr> {
            self.inner.local_addr()
        }
    }

    /// Put in every request's extensions: the switch that cuts the request's connection.
    #[derive(Clone)]
    struct ConnHandle {
        kill: Arc<AtomicBool>,
    }

    impl Connected<IncomingStream<'_, FaultListener>> for ConnHandle {
        fn connect_info(stream: IncomingStream<'_, FaultListener>) -> Self {
            ConnHandle {
                kill: Arc::clone(&stream.io().kill),
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // State

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum OfflineMode {
        Close,
        Unavailable,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Turn {
        Greeting,
        Answer,
        Goodbye,
    }

    /// What the WebSockets are told.
    #[derive(Clone, Debug)]
    enum Event {
        /// `message` is `{"event", "data"}`, for every subscription to `token`.
        ToContact {
            token: Arc<str>,
            message: Arc<Value>,
        },
        /// Close every WebSocket now (offline fault, reset).
        DisconnectAll,
    }

    struct Contact {
        id: u64,
        source_id: String,
        pubsub_token: String,
        inbox: String,
        identifier: Option<String>,
        name: Option<String>,
        email: Option<String>,
        custom_attributes: Map<String, Value>,
    }

    impl Contact {
        fn to_json(&self) -> Value {
            json!({
                "id": self.id,
                "source_id": self.source_id,
                "pubsub_token": self.pubsub_token,
                "name": self.name,
                "email": self.email,
                "identifier": self.identifier,
                "custom_attributes": self.custom_attributes,
            })
        }

        fn sender_json(&self) -> Value {
            json!({"id": self.id, "name": self.name, "email": self.email, "type": "contact"})
        }
    }

    struct Conversation {
        id: u64,
        uuid: String,
        inbox: String,
        /// The contact's `source_id`.
        contact: String,
        status: &'static str,
        custom_attributes: Map<String, Value>,
        messages: Vec<Msg>,
        greeted: bool,
        answers: usize,
        created_at: u64,
        contact_last_seen_at: Option<u64>,
    }

    impl Conversation {
        fn to_json(&self, contact: Value) -> Value {
            let start = self.messages.len().saturating_sub(PAGE);
            let messages: Vec<Value> = self.messages[start..].iter().map(Msg::to_json).collect();
            json!({
                "id": self.id,
                "uuid": self.uuid,
                "inbox_id": inbox_id(&self.inbox),
                "status": self.status,
                "messages": messages,
                "contact": contact,
                "custom_attributes": self.custom_attributes,
                "created_at": self.created_at,
                "contact_last_seen_at": self.contact_last_seen_at,
            })
        }
    }

    #[derive(Clone)]
    struct Msg {
        id: u64,
        conversation_id: u64,
        content: String,
        message_type: u8,
        created_at: u64,
        echo_id: Option<String>,
        sender: Value,
    }

    impl Msg {
        fn to_json(&self) -> Value {
            json!({
                "id": self.id,
                "content": self.content,
                "message_type": self.message_type,
                "content_type": "text",
                "content_attributes": {},
                "created_at": self.created_at,
                "conversation_id": self.conversation_id,
                "echo_id": self.echo_id,
                "sender": self.sender,
                "private": false,
                "status": "sent",
            })
        }
    }

    #[derive(Default)]
    struct Store {
        /// Bumped by a reset: agent replies scheduled before it are dropped.
        epoch: u64,
        seq: u64,
        next_contact_id: u64,
        next_conversation_id: u64,
        next_message_id: u64,
        /// By `source_id`.
        contacts: HashMap<String, Contact>,
        conversations: BTreeMap<u64, Conversation>,
        message_count: usize,
        stored_bytes: usize,
        offline: Option<(Instant, OfflineMode)>,
        dropped_responses: u32,
    }

    impl Store {
        fn random(&mut self) -> u64 {
            self.seq = self.seq.wrapping_add(1);
            mix(self.seq ^ now_nanos().rotate_left(29))
        }

        fn new_uuid(&mut self) -> String {
            let a = self.random();
            let b = self.random();
            format!(
                "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                a >> 32,
                (a >> 16) & 0xffff,
                a & 0xfff,
                ((b >> 48) & 0x3fff) | 0x8000,
                b & 0xffff_ffff_ffff
            )
        }

        /// 24 characters of base58, like Chatwoot's pubsub tokens.
        fn new_token(&mut self) -> String {
            const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
            let mut token = String::with_capacity(24);
            for _ in 0..2 {
                let mut bits = self.random();
                for _ in 0..12 {
                    let digit = (bits % ALPHABET.len() as u64) as usize;
                    token.push(char::from(ALPHABET[digit]));
                    bits /= ALPHABET.len() as u64;
                }
            }
            token
        }

        fn reset(&mut self) {
            self.epoch += 1;
            self.contacts.clear();
            self.conversations.clear();
            self.message_count = 0;
            self.stored_bytes = 0;
            self.offline = None;
            self.dropped_responses = 0;
        }

        fn take_dropped_response(&mut self) -> bool {
            match self.dropped_responses.checked_sub(1) {
                Some(left) => {
                    self.dropped_responses = left;
                    true
                }
                None => false,
            }
        }

        fn contact(&self, inbox: &str, source_id: &str) -> Result<&Contact, Fail> {
            self.contacts
                .get(source_id)
                .filter(|contact| contact.inbox == inbox)
                .ok_or_else(|| not_found("contact"))
        }

        fn contact_mut(&mut self, inbox: &str, source_id: &str) -> Result<&mut Contact, Fail> {
            self.contacts
                .get_mut(source_id)
                .filter(|contact| contact.inbox == inbox)
                .ok_or_else(|| not_found("contact"))
        }

        fn conversation(
            &self,
            inbox: &str,
            source_id: &str,
            id: &str,
        ) -> Result<&Conversation, Fail> {
            self.contact(inbox, source_id)?;
            let id: u64 = id.parse().map_err(|_| not_found("conversation"))?;
            self.conversations
                .get(&id)
                .filter(|c| c.contact == source_id && c.inbox == inbox)
                .ok_or_else(|| not_found("conversation"))
        }

        fn conversation_mut(
            &mut self,
            inbox: &str,
            source_id: &str,
            id: &str,
        ) -> Result<&mut Conversation, Fail> {
            self.contact(inbox, source_id)?;
            let id: u64 = id.parse().map_err(|_| not_found("conversation"))?;
            self.conversations
                .get_mut(&id)
                .filter(|c| c.contact == source_id && c.inbox == inbox)
                .ok_or_else(|| not_found("conversation"))
        }

        /// The pubsub token of the conversation's contact, and the conversation's status.
        fn conversation_token(&self, id: u64) -> Option<(String, &'static str)> {
            let conversation = self.conversations.get(&id)?;
            let contact = self.contacts.get(&conversation.contact)?;
            Some((contact.pubsub_token.clone(), conversation.status))
        }

        fn push_message(
            &mut self,
            conversation_id: u64,
            content: String,
            message_type: u8,
            echo_id: Option<String>,
            sender: Value,
        ) -> Result<Msg, Fail> {
            if self.message_count >= MAX_MESSAGES {
                return Err(full(&format!("{MAX_MESSAGES} messages")));
            }
            if self.stored_bytes + content.len() > MAX_STORED_BYTES {
                return Err(full("64 MiB of message text"));
            }
            self.next_message_id += 1;
            let message = Msg {
                id: self.next_message_id,
                conversation_id,
                content,
                message_type,
                created_at: now_secs(),
                echo_id,
                sender,
            };
            let conversation = self
                .conversations
                .get_mut(&conversation_id)
                .ok_or_else(|| not_found("conversation"))?;
            conversation.messages.push(message.clone());
            self.message_count += 1;
            self.stored_bytes += message.content.len();
            Ok(message)
        }

        fn greeting_for(&self, conversation_id: u64) -> String {
            let mut attributes = Map::new();
            if let Some(conversation) = self.conversations.get(&conversation_id) {
                if let Some(contact) = self.contacts.get(&conversation.contact) {
                    attributes.extend(contact.custom_attributes.clone());
                }
                attributes.extend(conversation.custom_attributes.clone());
            }
            greeting(&attributes)
        }
    }

    #[derive(Clone)]
    struct App {
        store: Arc<Mutex<Store>>,
        events: broadcast::Sender<Event>,
        sockets: Arc<AtomicUsize>,
        config: Arc<Config>,
    }

    // ---------------------------------------------------------------------------------------
    // Errors and responses

    #[derive(Debug)]
    struct Fail {
        status: StatusCode,
        message: String,
    }

    fn fail(status: StatusCode, message: impl Into<String>) -> Fail {
        Fail {
            status,
            message: message.into(),
        }
    }

    fn not_found(what: &str) -> Fail {
        fail(StatusCode::NOT_FOUND, format!("{what} not found"))
    }

    fn full(what: &str) -> Fail {
        fail(
            StatusCode::TOO_MANY_REQUESTS,
            format!("the chat stand-in holds at most {what}; POST /__standin/reset"),
        )
    }

    fn dropped() -> Fail {
        fail(
            StatusCode::BAD_GATEWAY,
            "chat stand-in: this response was dropped on purpose \
             (POST /__standin/drop-next-response); the message was stored",
        )
    }

    impl IntoResponse for Fail {
        fn into_response(self) -> Response {
            json_response(self.status, &json!({ "error": self.message }))
        }
    }

    fn json_response(status: StatusCode, body: &Value) -> Response {
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

    fn respond(result: Result<Value, Fail>) -> Response {
        match result {
            Ok(body) => json_response(StatusCode::OK, &body),
            Err(failure) => failure.into_response(),
        }
    }

    fn allow_cors(headers: &mut HeaderMap) {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, PATCH, OPTIONS"),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }

    // ---------------------------------------------------------------------------------------
    // Request bodies

    fn parse_object(body: &[u8]) -> Result<Map<String, Value>, Fail> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Map::new());
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(fail(
                StatusCode::BAD_REQUEST,
                "the body must be a JSON object",
            )),
            Err(error) => Err(fail(
                StatusCode::BAD_REQUEST,
                format!("the body is not JSON: {error}"),
            )),
        }
    }

    fn opt_string(map: &Map<String, Value>, key: &str) -> Result<Option<String>, Fail> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) if text.chars().count() <= MAX_FIELD_CHARS => {
                Ok(Some(text.clone()))
            }
            Some(Value::String(_)) => Err(fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("`{key}` is longer than {MAX_FIELD_CHARS} characters"),
            )),
            Some(_) => Err(fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("`{key}` must be a string"),
            )),
        }
    }

    fn json_size(map: &Map<String, Value>) -> usize {
        serde_json::to_string(map).map_or(usize::MAX, |text| text.len())
    }

    fn opt_attributes(
        map: &Map<String, Value>,
        key: &str,
    ) -> Result<Option<Map<String, Value>>, Fail> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(attributes)) if json_size(attributes) <= MAX_ATTRIBUTES_BYTES => {
                Ok(Some(attributes.clone()))
            }
            Some(Value::Object(_)) => Err(fail(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("`{key}` is larger than {MAX_ATTRIBUTES_BYTES} bytes"),
            )),
            Some(_) => Err(fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("`{key}` must be an object"),
            )),
        }
    }

    fn required_content(map: &Map<String, Value>) -> Result<String, Fail> {
        let content = match map.get("content") {
            Some(Value::String(content)) => content,
            None | Some(Value::Null) => {
                return Err(fail(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "`content` is required",
                ))
            }
            Some(_) => {
                return Err(fail(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "`content` must be a string",
                ))
            }
        };
        if content.chars().count() > MAX_CONTENT_CHARS {
            return Err(fail(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("`content` is longer than {MAX_CONTENT_CHARS} characters"),
            ));
        }
        if content.trim().is_empty() {
            return Err(fail(StatusCode::UNPROCESSABLE_ENTITY, "`content` is empty"));
        }
        Ok(content.clone())
    }

    fn opt_echo_id(map: &Map<String, Value>) -> Result<Option<String>, Fail> {
        match map.get("echo_id") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(echo_id))
                if !echo_id.is_empty() && echo_id.chars().count() <= MAX_FIELD_CHARS =>
            {
                Ok(Some(echo_id.clone()))
            }
            Some(Value::Number(number)) => Ok(Some(number.to_string())),
            Some(_) => Err(fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "`echo_id` must be a non-empty string of at most {MAX_FIELD_CHARS} characters"
                ),
            )),
        }
    }

    // ---------------------------------------------------------------------------------------
    // The API, as plain functions over the state (the handlers below only unpack requests)

    impl App {
        fn new(config: Config) -> Self {
            let (events, _) = broadcast::channel(EVENT_BUFFER);
            App {
                store: Arc::new(Mutex::new(Store::default())),
                events,
                sockets: Arc::new(AtomicUsize::new(0)),
                config: Arc::new(config),
            }
        }

        /// The state; a panic elsewhere while it was held does not make it unusable.
        fn lock(&self) -> MutexGuard<'_, Store> {
            self.store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        }

        /// Sends `{"event", "data"}` to the WebSockets subscribed to `token`. Called with the state
        /// locked, so that events go out in the order the state changed.
        fn emit(&self, token: &str, event: &str, data: Value) {
            let _ = self.events.send(Event::ToContact {
                token: Arc::from(token),
                message: Arc::new(json!({ "event": event, "data": data })),
            });
        }

        fn disconnect_all(&self) {
            let _ = self.events.send(Event::DisconnectAll);
        }

        /// The offline fault in force now, if any.
        fn offline_mode(&self) -> Option<OfflineMode> {
            let mut store = self.lock();
            match store.offline {
                Some((until, mode)) if Instant::now() < until => Some(mode),
                Some(_) => {
                    store.offline = None;
                    None
                }
                None => None,
            }
        }

        fn create_contact(&self, inbox: &str, body: &[u8]) -> Result<Value, Fail> {
            if inbox.is_empty() || inbox.chars().count() > MAX_FIELD_CHARS {
                return Err(not_found("inbox"));
            }
            let map = parse_object(body)?;
            let identifier = opt_string(&map, "identifier")?;
            let name = opt_string(&map, "name")?;
            let email = opt_string(&map, "email")?;
            let custom_attributes = opt_attributes(&map, "custom_attributes")?.unwrap_or_default();
            let mut store = self.lock();
            if store.contacts.len() >= MAX_CONTACTS {
                return Err(full(&format!("{MAX_CONTACTS} contacts")));
            }
            store.next_contact_id += 1;
            let contact = Contact {
                id: store.next_contact_id,
                source_id: store.new_uuid(),
                pubsub_token: store.new_token(),
                inbox: inbox.to_owned(),
                identifier,
                name,
                email,
                custom_attributes,
            };
            let body = contact.to_json();
            store.contacts.insert(contact.source_id.clone(), contact);
            Ok(body)
        }

        fn get_contact(&self, inbox: &str, source_id: &str) -> Result<Value, Fail> {
            let store = self.lock();
            let contact = store.contact(inbox, source_id)?;
            Ok(contact.to_json())
        }

        fn patch_contact(&self, inbox: &str, source_id: &str, body: &[u8]) -> Result<Value, Fail> {
            let map = parse_object(body)?;
            let identifier = opt_string(&map, "identifier")?;
            let name = opt_string(&map, "name")?;
            let email = opt_string(&map, "email")?;
            let attributes = opt_attributes(&map, "custom_attributes")?;
            let mut store = self.lock();
            let contact = store.contact_mut(inbox, source_id)?;
            if let Some(attributes) = attributes {
                let mut merged = contact.custom_attributes.clone();
                merged.extend(attributes);
                if json_size(&merged) > MAX_ATTRIBUTES_BYTES {
                    return Err(fail(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("custom attributes larger than {MAX_ATTRIBUTES_BYTES} bytes"),
                    ));
                }
                contact.custom_attributes = merged;
            }
            if identifier.is_some() {
                contact.identifier = identifier;
            }
            if name.is_some() {
                contact.name = name;
            }
            if email.is_some() {
                contact.email = email;
            }
            Ok(contact.to_json())
        }

        fn create_conversation(
            &self,
            inbox: &str,
            source_id: &str,
            body: &[u8],
        ) -> Result<Value, Fail> {
            let map = parse_object(body)?;
            let custom_attributes = opt_attributes(&map, "custom_attributes")?.unwrap_or_default();
            let mut store = self.lock();
            let contact = store.contact(inbox, source_id)?.to_json();
            if store.conversations.len() >= MAX_CONVERSATIONS {
                return Err(full(&format!("{MAX_CONVERSATIONS} conversations")));
            }
            store.next_conversation_id += 1;
            let conversation = Conversation {
                id: store.next_conversation_id,
                uuid: store.new_uuid(),
                inbox: inbox.to_owned(),
                contact: source_id.to_owned(),
                status: "open",
                custom_attributes,
                messages: Vec::new(),
                greeted: false,
                answers: 0,
                created_at: now_secs(),
                contact_last_seen_at: None,
            };
            let body = conversation.to_json(contact);
            store.conversations.insert(conversation.id, conversation);
            Ok(body)
        }

        fn list_conversations(&self, inbox: &str, source_id: &str) -> Result<Value, Fail> {
            let store = self.lock();
            let contact = store.contact(inbox, source_id)?.to_json();
            let list: Vec<Value> = store
                .conversations
                .values()
                .filter(|c| c.contact == source_id && c.inbox == inbox)
                .map(|c| c.to_json(contact.clone()))
                .collect();
            Ok(Value::Array(list))
        }

        fn get_conversation(&self, inbox: &str, source_id: &str, id: &str) -> Result<Value, Fail> {
            let store = self.lock();
            let contact = store.contact(inbox, source_id)?.to_json();
            let conversation = store.conversation(inbox, source_id, id)?;
            Ok(conversation.to_json(contact))
        }

        fn create_message(
            &self,
            inbox: &str,
            source_id: &str,
            conversation: &str,
            body: &[u8],
        ) -> Result<Value, Fail> {
            let map = parse_object(body)?;
            let content = required_content(&map)?;
            let echo_id = opt_echo_id(&map)?;
            let mut store = self.lock();
            let (token, sender) = {
                let contact = store.contact(inbox, source_id)?;
                (contact.pubsub_token.clone(), contact.sender_json())
            };
            let conversation_id = store.conversation(inbox, source_id, conversation)?.id;

            let dedupe_key = if self.config.dedupe_echo_id {
                echo_id.as_deref()
            } else {
                None
            };
            if let Some(key) = dedupe_key {
                let existing = store
                    .conversations
                    .get(&conversation_id)
                    .and_then(|c| {
                        c.messages
                            .iter()
                            .find(|m| m.echo_id.as_deref() == Some(key))
                    })
                    .map(Msg::to_json);
                if let Some(existing) = existing {
                    return if store.take_dropped_response() {
                        Err(dropped())
                    } else {
                        Ok(existing)
                    };
                }
            }

            let message = store.push_message(conversation_id, content, 0, echo_id, sender)?;
            let body = message.to_json();
            let conversation = store
                .conversations
                .get_mut(&conversation_id)
                .ok_or_else(|| not_found("conversation"))?;
            let turn = if !conversation.greeted {
                Turn::Greeting
            } else if is_thanks(&message.content) {
                Turn::Goodbye
            } else {
                Turn::Answer
            };
            conversation.greeted = true;
            let reopened = conversation.status != "open";
            conversation.status = "open";
            self.emit(&token, "message.created", body.clone());
            if reopened {
                self.emit(
                    &token,
                    "conversation.status_changed",
                    json!({"id": conversation_id, "status": "open"}),
                );
            }
            let epoch = store.epoch;
            let lose_response = store.take_dropped_response();
            drop(store);
            self.schedule_agent(epoch, conversation_id, turn);
            if lose_response {
                Err(dropped())
            } else {
                Ok(body)
            }
        }

        fn list_messages(
            &self,
            inbox: &str,
            source_id: &str,
            conversation: &str,
            before: Option<&str>,
        ) -> Result<Value, Fail> {
            let before = before
                .map(str::parse::<u64>)
                .transpose()
                .map_err(|_| fail(StatusCode::BAD_REQUEST, "`before` must be a message id"))?;
            let store = self.lock();
            let conversation = store.conversation(inbox, source_id, conversation)?;
            let older: Vec<&Msg> = conversation
                .messages
                .iter()
                .filter(|m| before.is_none_or(|before| m.id < before))
                .collect();
            let start = older.len().saturating_sub(PAGE);
            let page: Vec<Value> = older[start..].iter().map(|m| m.to_json()).collect();
            Ok(Value::Array(page))
        }

        fn toggle_typing(
            &self,
            inbox: &str,
            source_id: &str,
            conversation: &str,
            body: &[u8],
        ) -> Result<Value, Fail> {
            let map = parse_object(body)?;
            let status = map.get("typing_status").and_then(Value::as_str);
            if !matches!(status, Some("on" | "off")) {
                return Err(fail(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "`typing_status` must be \"on\" or \"off\"",
                ));
            }
            self.lock().conversation(inbox, source_id, conversation)?;
            Ok(json!({}))
        }

        fn update_last_seen(
            &self,
            inbox: &str,
            source_id: &str,
            conversation: &str,
        ) -> Result<Value, Fail> {
            let mut store = self.lock();
            let conversation = store.conversation_mut(inbox, source_id, conversation)?;
            conversation.contact_last_seen_at = Some(now_secs());
            Ok(json!({}))
        }

        fn toggle_status(
            &self,
            inbox: &str,
            source_id: &str,
            conversation: &str,
        ) -> Result<Value, Fail> {
            let mut store = self.lock();
            let (token, contact) = {
                let contact = store.contact(inbox, source_id)?;
                (contact.pubsub_token.clone(), contact.to_json())
            };
            let conversation = store.conversation_mut(inbox, source_id, conversation)?;
            conversation.status = if conversation.status == "open" {
                "resolved"
            } else {
                "open"
            };
            let body = conversation.to_json(contact);
            let data = json!({"id": conversation.id, "status": conversation.status});
            self.emit(&token, "conversation.status_changed", data);
            Ok(body)
        }

        // --- the scripted agent ---

        fn schedule_agent(&self, epoch: u64, conversation_id: u64, turn: Turn) {
            let app = self.clone();
            tokio::spawn(async move {
                app.agent_turn(epoch, conversation_id, turn).await;
            });
        }

        async fn agent_turn(self, epoch: u64, conversation_id: u64, turn: Turn) {
            tokio::time::sleep(self.config.agent_delay).await;
            if !self.agent_starts_typing(epoch, conversation_id, turn) {
                return;
            }
            tokio::time::sleep(self.config.agent_delay).await;
            self.agent_replies(epoch, conversation_id, turn);
        }

        /// Joins (first turn) and starts typing; false when there is nothing to answer any more.
        fn agent_starts_typing(&self, epoch: u64, conversation_id: u64, turn: Turn) -> bool {
            let store = self.lock();
            if store.epoch != epoch {
                return false;
            }
            let Some((token, status)) = store.conversation_token(conversation_id) else {
                return false;
            };
            if status != "open" {
                return false;
            }
            if turn == Turn::Greeting {
                self.emit(
                    &token,
                    "presence.update",
                    json!({"account_id": ACCOUNT_ID, "users": {"1": "online"}}),
                );
            }
            self.emit(
                &token,
                "conversation.typing_on",
                typing_data(conversation_id),
            );
            true
        }

        fn agent_replies(&self, epoch: u64, conversation_id: u64, turn: Turn) {
            let mut store = self.lock();
            if store.epoch != epoch {
                return;
            }
            let Some((token, status)) = store.conversation_token(conversation_id) else {
                return;
            };
            self.emit(
                &token,
                "conversation.typing_off",
                typing_data(conversation_id),
            );
            if status != "open" {
                return;
            }
            let content = match turn {
                Turn::Greeting => store.greeting_for(conversation_id),
                Turn::Answer => {
                    let Some(conversation) = store.conversations.get_mut(&conversation_id) else {
                        return;
                    };
                    let answer = ANSWERS[conversation.answers % ANSWERS.len()];
                    conversation.answers += 1;
                    answer.to_owned()
                }
                Turn::Goodbye => GOODBYE.to_owned(),
            };
            let sender = json!({
                "id": AGENT_ID,
                "name": AGENT_NAME,
                "available_name": AGENT_NAME,
                "type": "user",
            });
            // A full store silences the agent rather than failing anything.
            let Ok(message) = store.push_message(conversation_id, content, 1, None, sender) else {
                return;
            };
            self.emit(&token, "message.created", message.to_json());
            if turn == Turn::Goodbye {
                if let Some(conversation) = store.conversations.get_mut(&conversation_id) {
                    conversation.status = "resolved";
                }
                self.emit(
                    &token,
                    "conversation.status_changed",
                    json!({"id": conversation_id, "status": "resolved"}),
                );
            }
        }

        // --- the WebSocket's commands ---

        /// Handles one ActionCable command and returns the frames to send back.
        fn cable_command(&self, text: &str, subscriptions: &mut Vec<Subscription>) -> Vec<Value> {
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
                        .filter(|id| {
                            id.get("channel").and_then(Value::as_str) == Some("RoomChannel")
                        })
                        .and_then(|id| {
                            id.get("pubsub_token")
                                .and_then(Value::as_str)
                                .map(str::to_owned)
                        });
                    let known = token.as_deref().is_some_and(|token| {
                        self.lock()
                            .contacts
                            .values()
                            .any(|contact| contact.pubsub_token == token)
                    });
                    let already = subscriptions.iter().any(|s| s.identifier == identifier);
                    match token {
                        Some(token)
                            if known && (already || subscriptions.len() < MAX_SUBSCRIPTIONS) =>
                        {
                            if !already {
                                subscriptions.push(Subscription {
                                    identifier: identifier.to_owned(),
                                    token,
                                });
                            }
                            vec![json!({"identifier": identifier, "type": "confirm_subscription"})]
                        }
                        _ => vec![json!({"identifier": identifier, "type": "reject_subscription"})],
                    }
                }
                Some("unsubscribe") => {
                    subscriptions.retain(|s| s.identifier != identifier);
                    Vec::new()
                }
                _ => Vec::new(),
            }
        }

        // --- faults and inspection for tests ---

        fn go_offline(&self, query: &HashMap<String, String>) -> Result<Value, Fail> {
            let ms: u64 = query
                .get("ms")
                .and_then(|ms| ms.parse::<u64>().ok())
                .filter(|ms| *ms <= MAX_OFFLINE_MS)
                .ok_or_else(|| {
                    fail(
                        StatusCode::BAD_REQUEST,
                        format!("`ms` must be a number of milliseconds from 0 to {MAX_OFFLINE_MS}"),
                    )
                })?;
            let (mode, mode_name) = match query.get("mode").map(String::as_str) {
                None | Some("close") => (OfflineMode::Close, "close"),
                Some("503") => (OfflineMode::Unavailable, "503"),
                Some(other) => {
                    return Err(fail(
                        StatusCode::BAD_REQUEST,
                        format!("unknown mode `{other}`: close or 503"),
                    ))
                }
            };
            let mut store = self.lock();
            if ms == 0 {
                store.offline = None;
            } else {
                store.offline = Some((Instant::now() + Duration::from_millis(ms), mode));
                self.disconnect_all();
            }
            Ok(json!({"offline_ms": ms, "mode": mode_name}))
        }

        fn drop_next_response(&self, query: &HashMap<String, String>) -> Result<Value, Fail> {
            let count: u32 = match query.get("count") {
                None => 1,
                Some(count) => count
                    .parse::<u32>()
                    .ok()
                    .filter(|count| *count <= MAX_DROPPED_RESPONSES)
                    .ok_or_else(|| {
                        fail(
                            StatusCode::BAD_REQUEST,
                            format!("`count` must be 0 to {MAX_DROPPED_RESPONSES}"),
                        )
                    })?,
            };
            self.lock().dropped_responses = count;
            Ok(json!({ "drop_next_responses": count }))
        }

        fn stored_messages(&self, conversation: Option<&str>) -> Result<Value, Fail> {
            let store = self.lock();
            let list: Vec<Value> = match conversation {
                Some(id) => {
                    let id: u64 = id.parse().map_err(|_| {
                        fail(StatusCode::BAD_REQUEST, "`conversation` must be an id")
                    })?;
                    let conversation = store
                        .conversations
                        .get(&id)
                        .ok_or_else(|| not_found("conversation"))?;
                    conversation.messages.iter().map(Msg::to_json).collect()
                }
                None => store
                    .conversations
                    .values()
                    .flat_map(|c| c.messages.iter().map(Msg::to_json))
                    .collect(),
            };
            Ok(Value::Array(list))
        }

        fn update_message(&self, id: Option<&str>, body: &[u8]) -> Result<Value, Fail> {
            let id = id
                .and_then(|id| id.parse::<u64>().ok())
                .ok_or_else(|| fail(StatusCode::BAD_REQUEST, "`id` (a message id) is required"))?;
            let map = parse_object(body)?;
            let content = required_content(&map)?;
            let mut store = self.lock();
            if store.stored_bytes + content.len() > MAX_STORED_BYTES {
                return Err(full("64 MiB of message text"));
            }
            let added = content.len();
            let (body, contact, removed) = {
                let Some(conversation) = store
                    .conversations
                    .values_mut()
                    .find(|c| c.messages.iter().any(|m| m.id == id))
                else {
                    return Err(not_found("message"));
                };
                let Some(message) = conversation.messages.iter_mut().find(|m| m.id == id) else {
                    return Err(not_found("message"));
                };
                let old = std::mem::replace(&mut message.content, content);
                (message.to_json(), conversation.contact.clone(), old.len())
            };
            store.stored_bytes = store.stored_bytes.saturating_sub(removed) + added;
            if let Some(contact) = store.contacts.get(&contact) {
                self.emit(&contact.pubsub_token, "message.updated", body.clone());
            }
            Ok(body)
        }

        fn reset(&self) -> Value {
            self.lock().reset();
            self.disconnect_all();
            json!({ "reset": true })
        }
    }

    // ---------------------------------------------------------------------------------------
    // Routes

    // axum 0.8 path templates: `{name}` is a path parameter, not a format argument.
    #[allow(clippy::literal_string_with_formatting_args)]
    const INBOX: &str = "/public/api/v1/inboxes/{inbox}/contacts";
    #[allow(clippy::literal_string_with_formatting_args)]
    const CONTACT: &str = "/public/api/v1/inboxes/{inbox}/contacts/{contact}";
    #[allow(clippy::literal_string_with_formatting_args)]
    const CONVERSATIONS: &str = "/public/api/v1/inboxes/{inbox}/contacts/{contact}/conversations";
    #[allow(clippy::literal_string_with_formatting_args)]
    const CONVERSATION: &str =
        "/public/api/v1/inboxes/{inbox}/contacts/{contact}/conversations/{conversation}";

    fn router(app: App) -> Router {
        Router::new()
            .route(INBOX, post(create_contact))
            .route(CONTACT, get(get_contact).patch(patch_contact))
            .route(
                CONVERSATIONS,
                post(create_conversation).get(list_conversations),
            )
            .route(CONVERSATION, get(get_conversation))
            .route(
                &format!("{CONVERSATION}/messages"),
                post(create_message).get(list_messages),
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
                &format!("{CONVERSATION}/toggle_status"),
                post(toggle_status),
            )
            .route("/cable", get(cable))
            .route("/__standin/health", get(health))
            .route("/__standin/offline", post(go_offline))
            .route("/__standin/drop-next-response", post(drop_next_response))
            .route("/__standin/messages", get(stored_messages))
            .route("/__standin/update-message", post(update_message))
            .route("/__standin/reset", post(reset))
            .fallback(not_found_route)
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .layer(middleware::from_fn_with_state(app.clone(), frame))
            .with_state(app)
    }

    /// Around every request: the offline fault, CORS preflights, CORS headers.
    async fn frame(State(app): State<App>, request: Request, next: Next) -> Response {
        let control = request.uri().path().starts_with("/__standin/");
        let offline = if control { None } else { app.offline_mode() };
        if let Some(mode) = offline {
            let connection = request.extensions().get::<ConnectInfo<ConnHandle>>();
            if let (OfflineMode::Close, Some(ConnectInfo(connection))) = (mode, connection) {
                // The response below is never written: the connection fails first.
                connection.kill.store(true, Ordering::SeqCst);
            }
            let mut response = fail(
                StatusCode::SERVICE_UNAVAILABLE,
                "the chat stand-in is offline on purpose (POST /__standin/offline)",
            )
            .into_response();
            allow_cors(response.headers_mut());
            return response;
        }
        let mut response = if request.method() == Method::OPTIONS {
            StatusCode::NO_CONTENT.into_response()
        } else {
            next.run(request).await
        };
        allow_cors(response.headers_mut());
        response
    }

    async fn create_contact(
        State(app): State<App>,
        Path(inbox): Path<String>,
        body: Bytes,
    ) -> Response {
        respond(app.create_contact(&inbox, &body))
    }

    async fn get_contact(
        State(app): State<App>,
        Path((inbox, contact)): Path<(String, String)>,
    ) -> Response {
        respond(app.get_contact(&inbox, &contact))
    }

    async fn patch_contact(
        State(app): State<App>,
        Path((inbox, contact)): Path<(String, String)>,
        body: Bytes,
    ) -> Response {
        respond(app.patch_contact(&inbox, &contact, &body))
    }

    async fn create_conversation(
        State(app): State<App>,
        Path((inbox, contact)): Path<(String, String)>,
        body: Bytes,
    ) -> Response {
        respond(app.create_conversation(&inbox, &contact, &body))
    }

    async fn list_conversations(
        State(app): State<App>,
        Path((inbox, contact)): Path<(String, String)>,
    ) -> Response {
        respond(app.list_conversations(&inbox, &contact))
    }

    async fn get_conversation(
        State(app): State<App>,
        Path((inbox, contact, conversation)): Path<(String, String, String)>,
    ) -> Response {
        respond(app.get_conversation(&inbox, &contact, &conversation))
    }

    async fn create_message(
        State(app): State<App>,
        Path((inbox, contact, conversation)): Path<(String, String, String)>,
        body: Bytes,
    ) -> Response {
        respond(app.create_message(&inbox, &contact, &conversation, &body))
    }

    async fn list_messages(
        State(app): State<App>,
        Path((inbox, contact, conversation)): Path<(String, String, String)>,
        Query(query): Query<HashMap<String, String>>,
    ) -> Response {
        let before = query.get("before").map(String::as_str);
        respond(app.list_messages(&inbox, &contact, &conversation, before))
    }

    async fn toggle_typing(
        State(app): State<App>,
        Path((inbox, contact, conversation)): Path<(String, String, String)>,
        body: Bytes,
    ) -> Response {
        respond(app.toggle_typing(&inbox, &contact, &conversation, &body))
    }

    async fn update_last_seen(
        State(app): State<App>,
        Path((inbox, contact, conversation)): Path<(String, String, String)>,
    ) -> Response {
        respond(app.update_last_seen(&inbox, &contact, &conversation))
    }

    async fn toggle_status(
        State(app): State<App>,
        Path((inbox, contact, conversation)): Path<(String, String, String)>,
    ) -> Response {
        respond(app.toggle_status(&inbox, &contact, &conversation))
    }

    async fn health() -> Response {
        json_response(
            StatusCode::OK,
            &json!({"ok": true, "service": "chat stand-in (not a real backend)"}),
        )
    }

    async fn go_offline(
        State(app): State<App>,
        Query(query): Query<HashMap<String, String>>,
    ) -> Response {
        respond(app.go_offline(&query))
    }

    async fn drop_next_response(
        State(app): State<App>,
        Query(query): Query<HashMap<String, String>>,
    ) -> Response {
        respond(app.drop_next_response(&query))
    }

    async fn stored_messages(
        State(app): State<App>,
        Query(query): Query<HashMap<String, String>>,
    ) -> Response {
        respond(app.stored_messages(query.get("conversation").map(String::as_str)))
    }

    async fn update_message(
        State(app): State<App>,
        Query(query): Query<HashMap<String, String>>,
        body: Bytes,
    ) -> Response {
        respond(app.update_message(query.get("id").map(String::as_str), &body))
    }

    async fn reset(State(app): State<App>) -> Response {
        respond(Ok(app.reset()))
    }

    async fn not_found_route() -> Response {
        not_found("route").into_response()
    }

    // ---------------------------------------------------------------------------------------
    // The ActionCable WebSocket

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

    async fn cable(State(app): State<App>, upgrade: WebSocketUpgrade) -> Response {
        if app.sockets.load(Ordering::SeqCst) >= MAX_SOCKETS {
            return fail(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the chat stand-in keeps at most {MAX_SOCKETS} WebSockets open"),
            )
            .into_response();
        }
        upgrade
            .protocols(["actioncable-v1-json"])
            .max_message_size(MAX_WS_MESSAGE_BYTES)
            .max_frame_size(MAX_WS_MESSAGE_BYTES)
            .on_upgrade(move |socket| run_cable(app, socket))
    }

    async fn send(socket: &mut WebSocket, frame: &Value) -> bool {
        socket.send(Message::text(frame.to_string())).await.is_ok()
    }

    /// One client: welcome, pings, subscriptions, and the events of the subscribed contacts.
    /// Returning drops the socket, which closes the connection.
    async fn run_cable(app: App, mut socket: WebSocket) {
        let _guard = SocketGuard::new(&app.sockets);
        let mut events = app.events.subscribe();
        let mut subscriptions: Vec<Subscription> = Vec::new();
        let mut ping =
            tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
        if !send(&mut socket, &json!({"type": "welcome"})).await {
            return;
        }
        loop {
            let frames: Vec<Value> = tokio::select! {
                incoming = socket.recv() => match incoming {
                    Some(Ok(Message::Text(text))) => {
                        app.cable_command(text.as_str(), &mut subscriptions)
                    }
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                    Some(Ok(_)) => Vec::new(),
                },
                _ = ping.tick() => vec![json!({"type": "ping", "message": now_secs()})],
                event = events.recv() => match event {
                    Ok(Event::ToContact { token, message }) => subscriptions
                        .iter()
                        .filter(|s| *s.token == *token)
                        .map(|s| json!({"identifier": s.identifier, "message": &*message}))
                        .collect(),
                    // Offline fault or reset; or this client fell too far behind to be told
                    // everything, so it must reconnect and re-read the message list.
                    Ok(Event::DisconnectAll) | Err(_) => break,
                },
            };
            for frame in &frames {
                if !send(&mut socket, frame).await {
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Small helpers

    fn now_secs() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs())
    }

    fn now_nanos() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos() as u64)
    }

    /// SplitMix64's finaliser: ids that look random without a random number crate.
    fn mix(seed: u64) -> u64 {
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A stable number for an inbox identifier (FNV-1a), as Chatwoot's numeric `inbox_id`.
    fn inbox_id(inbox: &str) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in inbox.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash % 100_000 + 1
    }

    fn typing_data(conversation_id: u64) -> Value {
        json!({
            "conversation": {"id": conversation_id},
            "user": {"id": AGENT_ID, "name": AGENT_NAME, "type": "user"},
            "is_private": false,
        })
    }

    /// Whether a contact message says thanks (en, nb, sv, da, fi).
    fn is_thanks(text: &str) -> bool {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| {
                word.starts_with("thank")
                    || word.starts_with("takk")
                    || word.starts_with("tack")
                    || word.starts_with("kiitos")
                    || word == "tak"
                    || word == "thx"
            })
    }

    /// The items of a trail attribute: the widget joins them with `" | "`; a JSON array of
    /// strings is accepted too. At most 5 items of at most 80 characters each.
    fn attribute_items(attributes: &Map<String, Value>, key: &str) -> Vec<String> {
        let raw: Vec<String> = match attributes.get(key) {
            Some(Value::String(text)) => text.split('|').map(str::to_owned).collect(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        raw.iter()
            .map(|item| item.trim().chars().take(80).collect::<String>())
            .filter(|item| !item.is_empty())
            .take(5)
            .collect()
    }

    /// "a, b and c".
    fn and_list(items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// The agent's first message, quoting the self-help trail when the widget sent one:
    /// `selfhelp_tracking` items are `ID:STATUS` or `ID:-`, `selfhelp_articles` items are
    /// `ID:yes`, `ID:no` or `ID:-`, `selfhelp_searches` items are the queries.
    fn greeting(attributes: &Map<String, Value>) -> String {
        let tracked: Vec<String> = attribute_items(attributes, "selfhelp_tracking")
            .into_iter()
            .map(|item| {
                let labelled = match item.rsplit_once(':') {
                    Some((id, status)) if !id.is_empty() && !status.is_empty() && status != "-" => {
                        Some(format!("{id} ({status})"))
                    }
                    Some((id, _)) if !id.is_empty() => Some(id.to_owned()),
                    _ => None,
                };
                labelled.unwrap_or(item)
            })
            .collect();
        let read: Vec<String> = attribute_items(attributes, "selfhelp_articles")
            .into_iter()
            .map(|item| {
                let labelled = match item.rsplit_once(':') {
                    Some((id, "yes")) if !id.is_empty() => Some(format!("{id} (helpful)")),
                    Some((id, "no")) if !id.is_empty() => Some(format!("{id} (not helpful)")),
                    Some((id, _)) if !id.is_empty() => Some(id.to_owned()),
                    _ => None,
                };
                labelled.unwrap_or(item)
            })
            .collect();
        let searched: Vec<String> = attribute_items(attributes, "selfhelp_searches")
            .iter()
            .map(|query| format!("\"{query}\""))
            .collect();
        let mut parts = Vec::new();
        if !tracked.is_empty() {
            parts.push(format!("tracked {}", and_list(&tracked)));
        }
        if !read.is_empty() {
            parts.push(format!("read {}", and_list(&read)));
        }
        if !searched.is_empty() {
            parts.push(format!("searched for {}", and_list(&searched)));
        }
        if parts.is_empty() {
            format!("Hi! I'm {AGENT_NAME} at PostNord customer service. How can I help you today?")
        } else {
            format!(
                "Hi! I'm {AGENT_NAME} at PostNord customer service. I can see you {}, so you \
                 don't need to repeat any of that. How can I help?",
                and_list(&parts)
            )
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn stand_in(dedupe_echo_id: bool) -> App {
            App::new(Config {
                host: "127.0.0.1".to_owned(),
                port: 0,
                agent_delay: Duration::ZERO,
                dedupe_echo_id,
            })
        }

        fn runtime() -> tokio::runtime::Runtime {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime")
        }

        /// A contact and a conversation in inbox "demo": (source_id, pubsub_token, conversation).
        fn start(app: &App, attributes: &Value) -> (String, String, String) {
            let contact = app
                .create_contact("demo", br#"{"name": "Kari"}"#)
                .expect("a contact");
            let source_id = contact["source_id"].as_str().expect("source_id").to_owned();
            let token = contact["pubsub_token"].as_str().expect("token").to_owned();
            let body = json!({ "custom_attributes": attributes }).to_string();
            let conversation = app
                .create_conversation("demo", &source_id, body.as_bytes())
                .expect("a conversation");
            assert_eq!(conversation["status"], "open");
            (source_id, token, conversation["id"].to_string())
        }

        fn post(
            app: &App,
            source: &str,
            conversation: &str,
            content: &str,
            echo: &str,
        ) -> Result<Value, Fail> {
            let body = json!({ "content": content, "echo_id": echo }).to_string();
            app.create_message("demo", source, conversation, body.as_bytes())
        }

        fn stored(app: &App, conversation: &str) -> Vec<Value> {
            match app.stored_messages(Some(conversation)).expect("messages") {
                Value::Array(list) => list,
                other => panic!("not a list: {other}"),
            }
        }

        async fn settle() {
            for _ in 0..20 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }

        #[test]
        fn a_retried_send_is_stored_twice_unless_deduplication_is_switched_on() {
            let runtime = runtime();
            let _entered = runtime.enter();
            for (dedupe, expected) in [(false, 2), (true, 1)] {
                let app = stand_in(dedupe);
                let (source, _, conversation) = start(&app, &json!({}));
                let first =
                    post(&app, &source, &conversation, "Where is it?", "e-1").expect("sent");
                let again =
                    post(&app, &source, &conversation, "Where is it?", "e-1").expect("sent");
                assert_eq!(first["echo_id"], "e-1");
                assert_eq!(first["message_type"], 0);
                assert_eq!(first["id"] == again["id"], dedupe);
                let from_contact = stored(&app, &conversation)
                    .iter()
                    .filter(|m| m["echo_id"] == "e-1")
                    .count();
                assert_eq!(from_contact, expected);
            }
        }

        #[test]
        fn a_dropped_response_is_a_502_but_the_message_is_stored() {
            let runtime = runtime();
            let _entered = runtime.enter();
            let app = stand_in(false);
            let (source, _, conversation) = start(&app, &json!({}));
            app.drop_next_response(&HashMap::new()).expect("armed");
            let lost = post(&app, &source, &conversation, "Hello", "e-1").expect_err("dropped");
            assert_eq!(lost.status, StatusCode::BAD_GATEWAY);
            assert_eq!(stored(&app, &conversation).len(), 1);
            post(&app, &source, &conversation, "Hello again", "e-2").expect("answered");
            assert_eq!(stored(&app, &conversation).len(), 2);
        }

        #[test]
        fn bad_requests_get_4xx() {
            let runtime = runtime();
            let _entered = runtime.enter();
            let app = stand_in(false);
            let (source, _, conversation) = start(&app, &json!({}));
            let status = |result: Result<Value, Fail>| result.expect_err("refused").status;
            let longest = "a".repeat(MAX_CONTENT_CHARS);
            post(&app, &source, &conversation, &longest, "e-1").expect("the longest is fine");
            let too_long = "å".repeat(MAX_CONTENT_CHARS + 1);
            assert_eq!(
                status(post(&app, &source, &conversation, &too_long, "e-2")),
                StatusCode::PAYLOAD_TOO_LARGE
            );
            assert_eq!(
                status(post(&app, "nobody", &conversation, "Hi", "e-3")),
                StatusCode::NOT_FOUND
            );
            assert_eq!(
                status(post(&app, &source, "999999", "Hi", "e-4")),
                StatusCode::NOT_FOUND
            );
            assert_eq!(
                status(app.create_message("demo", &source, &conversation, b"{not json")),
                StatusCode::BAD_REQUEST
            );
            assert_eq!(
                status(app.create_message("demo", &source, &conversation, b"[1]")),
                StatusCode::BAD_REQUEST
            );
            assert_eq!(
                status(app.create_message("demo", &source, &conversation, b"{}")),
                StatusCode::UNPROCESSABLE_ENTITY
            );
            assert_eq!(
                status(app.get_contact("another-inbox", &source)),
                StatusCode::NOT_FOUND
            );
            assert_eq!(
                status(app.list_messages("demo", &source, &conversation, Some("x"))),
                StatusCode::BAD_REQUEST
            );
            assert_eq!(
                status(app.toggle_typing(
                    "demo",
                    &source,
                    &conversation,
                    b"{\"typing_status\": 1}"
                )),
                StatusCode::UNPROCESSABLE_ENTITY
            );
            assert_eq!(
                status(app.go_offline(&HashMap::from([("ms".to_owned(), "-1".to_owned())]))),
                StatusCode::BAD_REQUEST
            );
        }

        #[test]
        fn messages_come_in_pages_of_twenty_in_id_order() {
            let runtime = runtime();
            let _entered = runtime.enter();
            let app = stand_in(false);
            let (source, _, conversation) = start(&app, &json!({}));
            for n in 0..25 {
                post(
                    &app,
                    &source,
                    &conversation,
                    &format!("message {n}"),
                    &format!("e-{n}"),
                )
                .expect("sent");
            }
            let ids = |page: Value| -> Vec<u64> {
                page.as_array()
                    .expect("a list")
                    .iter()
                    .filter_map(|m| m["id"].as_u64())
                    .collect()
            };
            let newest = ids(app
                .list_messages("demo", &source, &conversation, None)
                .expect("a page"));
            assert_eq!(newest.len(), PAGE);
            assert!(newest.windows(2).all(|pair| pair[0] < pair[1]));
            let before = newest[0].to_string();
            let older = ids(app
                .list_messages("demo", &source, &conversation, Some(before.as_str()))
                .expect("a page"));
            assert_eq!(older.len(), 5);
            assert!(older.iter().all(|id| *id < newest[0]));
        }

        #[test]
        fn the_agent_greets_with_the_trail_and_resolves_on_thanks() {
            runtime().block_on(async {
                let app = stand_in(false);
                let mut events = app.events.subscribe();
                let trail = json!({
                    "selfhelp_tracking": "CP371540625DE:DELAYED | RR747540648SE:-",
                    "selfhelp_articles": "a1:no | a2:yes",
                    "selfhelp_searches": "hentekode",
                });
                let (source, token, conversation) = start(&app, &trail);
                post(&app, &source, &conversation, "Pakken er forsinket", "e-1").expect("sent");
                settle().await;
                let messages = stored(&app, &conversation);
                assert_eq!(messages.len(), 2);
                assert_eq!(messages[1]["message_type"], 1);
                assert_eq!(messages[1]["sender"]["name"], AGENT_NAME);
                let greeting = messages[1]["content"].as_str().expect("content");
                assert!(
                    greeting.contains(
                        "tracked CP371540625DE (DELAYED) and RR747540648SE, read a1 (not helpful) \
                         and a2 (helpful) and searched for \"hentekode\""
                    ),
                    "{greeting}"
                );

                post(&app, &source, &conversation, "Tusen takk!", "e-2").expect("sent");
                settle().await;
                let state = app
                    .get_conversation("demo", &source, &conversation)
                    .expect("the conversation");
                assert_eq!(state["status"], "resolved");
                assert_eq!(stored(&app, &conversation).len(), 4);

                let mut seen = Vec::new();
                while let Ok(Event::ToContact { token: to, message }) = events.try_recv() {
                    assert_eq!(&*to, token.as_str());
                    seen.push(message["event"].as_str().unwrap_or_default().to_owned());
                }
                assert_eq!(
                    seen,
                    [
                        "message.created",
                        "presence.update",
                        "conversation.typing_on",
                        "conversation.typing_off",
                        "message.created",
                        "message.created",
                        "conversation.typing_on",
                        "conversation.typing_off",
                        "message.created",
                        "conversation.status_changed",
                    ]
                );
            });
        }

        #[test]
        fn a_reset_cancels_pending_agent_replies() {
            runtime().block_on(async {
                let app = stand_in(false);
                let (source, _, conversation) = start(&app, &json!({}));
                post(&app, &source, &conversation, "Hello", "e-1").expect("sent");
                app.reset();
                settle().await;
                assert_eq!(app.stored_messages(None).expect("all"), json!([]));
            });
        }

        #[test]
        fn subscriptions_are_confirmed_for_known_tokens_only() {
            let app = stand_in(false);
            let contact = app.create_contact("demo", b"").expect("a contact");
            let token = contact["pubsub_token"].as_str().expect("token");
            assert_eq!(token.len(), 24);
            let mut subscriptions = Vec::new();
            let identifier = json!({"channel": "RoomChannel", "pubsub_token": token}).to_string();
            let command = json!({"command": "subscribe", "identifier": identifier}).to_string();
            let reply = app.cable_command(&command, &mut subscriptions);
            assert_eq!(
                reply,
                vec![json!({"identifier": identifier, "type": "confirm_subscription"})]
            );
            let stranger = json!({"channel": "RoomChannel", "pubsub_token": "nope"}).to_string();
            let command = json!({"command": "subscribe", "identifier": stranger}).to_string();
            let reply = app.cable_command(&command, &mut subscriptions);
            assert_eq!(reply[0]["type"], "reject_subscription");
            assert_eq!(subscriptions.len(), 1);
            assert!(app.cable_command("not json", &mut subscriptions).is_empty());
            let command = json!({"command": "unsubscribe", "identifier": identifier}).to_string();
            app.cable_command(&command, &mut subscriptions);
            assert!(subscriptions.is_empty());
        }

        #[test]
        fn the_offline_fault_starts_and_ends() {
            let app = stand_in(false);
            let query = |ms: &str, mode: &str| {
                HashMap::from([
                    ("ms".to_owned(), ms.to_owned()),
                    ("mode".to_owned(), mode.to_owned()),
                ])
            };
            app.go_offline(&query("60000", "503")).expect("offline");
            assert_eq!(app.offline_mode(), Some(OfflineMode::Unavailable));
            app.go_offline(&query("0", "close")).expect("online");
            assert_eq!(app.offline_mode(), None);
        }

        #[test]
        fn thanks_in_five_languages() {
            for text in [
                "Thanks!",
                "tusen takk",
                "Tack så mycket",
                "mange tak",
                "Kiitos paljon",
            ] {
                assert!(is_thanks(text), "{text}");
            }
            for text in ["I will take it", "where is my parcel?", "tracking"] {
                assert!(!is_thanks(text), "{text}");
            }
        }

        #[test]
        fn a_greeting_without_a_trail_is_generic() {
            assert_eq!(
                greeting(&Map::new()),
                "Hi! I'm Sanna at PostNord customer service. How can I help you today?"
            );
        }

        #[test]
        fn arguments() {
            let args: Vec<String> = ["--port", "0", "--agent-delay-ms=5", "--dedupe-echo-id"]
                .iter()
                .map(ToString::to_string)
                .collect();
            let config = parse_args(&args).expect("valid").expect("a config");
            assert_eq!(config.port, 0);
            assert_eq!(config.host, "127.0.0.1");
            assert_eq!(config.agent_delay, Duration::from_millis(5));
            assert!(config.dedupe_echo_id);
            assert!(parse_args(&["--port".to_owned()]).is_err());
            assert!(parse_args(&["--bogus".to_owned()]).is_err());
        }

        #[test]
        fn ids_look_like_chatwoot_ids() {
            let mut store = Store::default();
            let uuid = store.new_uuid();
            assert_eq!(uuid.len(), 36);
            assert_eq!(uuid.matches('-').count(), 4);
            assert_ne!(store.new_uuid(), uuid);
            assert_ne!(store.new_token(), store.new_token());
        }
    }
}
