//! The built-in chat's runner and view. Every decision is `chat::engine`'s: this module only
//! carries out its effects (requests through `net::send` with their deadline and an abort, one
//! WebSocket whose handlers are dropped with it, localStorage, one timer for the engine's next
//! wake-up, console warnings for the merchant) and feeds back what happened, with `Date.now()`.
//! The view renders the engine's `View`, and always offers the way back to search and tracking.

use super::dom::{focus_in, Field};
use super::host::Host;
use super::panel::{PanelState, Screen};
use super::part::{lazy_part, ChunkLoadFailed, Draw};
use super::views::{shown, wording};
use crate::chat::engine::{
    AnswerState, Effect, Endpoint, Engine, Entry, Input, Link, RequestId, StoreKey, View,
};
use crate::chat::protocol::{self, Author, Interactive, Message, Session};
use crate::i18n::{Key, Lang};
use crate::net::{self, Canceller, Outgoing};
use leptos::prelude::*;
use std::any::Any;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, WebSocket};

/// The chat's context: what waits for the chat's code, the draft, and the running chat.
#[derive(Clone, Copy)]
pub(crate) struct Chat {
    /// The running chat ([`Live`]), once the chat's code made it (see [`with_live`]). Boxed as
    /// `dyn Any` so that its code (making, reading and dropping the engine, the view, the
    /// socket and the rest), which is large, is made where the box is, in the chat's own file,
    /// and not in the main module that creates this slot with the widget.
    live: StoredValue<Option<Box<dyn Any>>, LocalStorage>,
    pub draft: RwSignal<String>,
    /// Storage was read once this page view (restoring never happens twice).
    restored: StoredValue<bool>,
    /// What the chat's code does first once it is there (it comes in its own file in the split
    /// build): resume the stored chat, start one. Kept until then, so a failed download loses
    /// nothing and a retry picks it up.
    pending: StoredValue<Pending, LocalStorage>,
    /// A chat was started or resumed this page view, even if its code has not arrived yet.
    begun: RwSignal<bool>,
    host: Host,
}

/// A chat of this page view: the engine, what it shows and the handles of its effects. Made by
/// the chat's own code ([`chat_body`]); dropped with the widget.
#[derive(Default)]
struct Live {
    /// None until a chat starts or resumes.
    engine: Option<Engine>,
    /// What the chat screen shows; None until a chat starts or resumes.
    view: ArcRwSignal<Option<View>>,
    socket: Option<LiveSocket>,
    timer: Option<TimeoutHandle>,
    requests: Vec<(RequestId, Canceller)>,
    listeners: Option<OnlineListeners>,
}

/// When the widget goes, so do the timer and every request in flight (the socket and the
/// listeners detach themselves as they drop).
impl Drop for Live {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
        for (_, canceller) in self.requests.drain(..) {
            canceller.cancel();
        }
    }
}

#[derive(Default)]
struct Pending {
    restore: bool,
    start: Option<Escalation>,
}

/// The buyer asked for a person: the trail as the agent reads it, its custom attributes, and
/// whether it holds anything the buyer did (searches, articles, lookups).
pub(crate) struct Escalation {
    pub summary: String,
    pub attributes: serde_json::Value,
    pub has_steps: bool,
}

impl Chat {
    pub fn new(host: Host) -> Chat {
        let chat = Chat {
            live: StoredValue::new_local(None),
            draft: RwSignal::new(String::new()),
            restored: StoredValue::new(false),
            pending: StoredValue::new_local(Pending::default()),
            begun: RwSignal::new(false),
            host,
        };
        // When the widget goes, so does the running chat (its drop ends its effects), taken
        // out of the slot first so that nothing it drops finds the slot borrowed.
        on_cleanup(move || drop(chat.live.try_update_value(Option::take)));
        chat
    }
}

/// A WebSocket with its handlers; dropping it detaches and closes it, so a reconnect leaks
/// nothing and an old socket's late events never reach the engine.
struct LiveSocket {
    socket: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut()>,
}

impl Drop for LiveSocket {
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close();
    }
}

/// The window's `online` / `offline` listeners, removed when dropped.
struct OnlineListeners {
    on_online: Closure<dyn FnMut()>,
    on_offline: Closure<dyn FnMut()>,
}

impl Drop for OnlineListeners {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "online",
                self.on_online.as_ref().unchecked_ref(),
            );
            let _ = window.remove_event_listener_with_callback(
                "offline",
                self.on_offline.as_ref().unchecked_ref(),
            );
        }
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn endpoint(chat: Chat) -> Option<Endpoint> {
    chat.host.config(|c| {
        c.chat.as_ref().map(|(api, inbox)| Endpoint {
            api: api.clone(),
            inbox: inbox.clone(),
        })
    })
}

fn key(chat: Chat, what: &str) -> Option<String> {
    endpoint(chat).map(|e| format!("selfhelp:chat:{}:{what}", e.inbox))
}

fn load(chat: Chat, what: &str) -> Option<String> {
    super::dom::local_storage()?
        .get_item(&key(chat, what)?)
        .ok()?
}

fn save(chat: Chat, what: &str, value: &str) {
    if let (Some(storage), Some(key)) = (super::dom::local_storage(), key(chat, what)) {
        // Full or blocked storage: the chat goes on, it just will not survive a reload.
        let _ = storage.set_item(&key, value);
    }
}

impl Chat {
    /// Whether a chat exists this page view (started or resumed).
    pub fn is_active(&self) -> bool {
        // A chat that shows anything was begun (only [`run_pending`] installs an engine, after
        // `begun` was set) and stays begun.
        self.begun.get()
    }

    /// Resumes a chat from an earlier page view, once per page view, on the buyer's first open
    /// (storage is never read before). True when there is one to resume, so the panel opens on
    /// the chat; reopening the panel later does not pull the buyer back into it. Only storage is
    /// read here: the engine resumes it when the chat screen's code runs ([`run_pending`]).
    pub fn restore(self) -> bool {
        restore(self)
    }
}

fn restore(chat: Chat) -> bool {
    if chat.restored.get_value() || endpoint(chat).is_none() {
        return false;
    }
    chat.restored.set_value(true);
    if let Some(draft) = load(chat, "draft") {
        chat.draft.set(draft);
    }
    if load(chat, "session").is_none() {
        return false;
    }
    chat.pending.update_value(|p| p.restore = true);
    chat.begun.set(true);
    true
}

/// Starts the chat with the trail: the contact, the conversation, then the summary as the
/// first message, all through the engine, once the chat screen's code runs. Into a chat that
/// already exists (resumed after a reload), the new trail goes as a message instead.
pub(crate) fn start(chat: Chat, panel: PanelState, escalation: Escalation) {
    restore(chat);
    chat.pending.update_value(|p| p.start = Some(escalation));
    chat.begun.set(true);
    panel.screen.set(Screen::Chat);
    focus_in(chat.host, Field::ChatMessage);
}

/// Carries out what waits for the chat's code: resumes the stored chat, starts a new one. A
/// stored chat that cannot resume (and no new one) sends the buyer back to the start screen.
fn run_pending(chat: Chat, panel: PanelState) {
    // The widget may have gone while the chat's code was coming: then there is nothing to run.
    let Some(Pending { restore, start }) = chat.pending.try_update_value(std::mem::take) else {
        return;
    };
    if chat.live.try_with_value(Option::is_none) == Some(true) {
        chat.live.set_value(Some(Box::new(Live::default())));
    }
    if restore {
        let resumed = endpoint(chat).and_then(|endpoint| {
            let (session, outbox) = (load(chat, "session"), load(chat, "outbox"));
            Engine::restore(endpoint, session.as_deref(), outbox.as_deref(), now())
        });
        match resumed {
            Some(engine) => install(chat, engine),
            None if start.is_none() => {
                chat.begun.set(false);
                panel.go(Screen::Home, Field::Search);
                return;
            }
            None => {}
        }
    }
    if let Some(Escalation {
        summary,
        attributes,
        has_steps,
    }) = start
    {
        if !has_engine(chat) {
            if let Some(endpoint) = endpoint(chat) {
                install(chat, Engine::new(endpoint));
                save(chat, "trail", &summary);
                feed(
                    chat,
                    Input::Start {
                        summary,
                        attributes,
                    },
                );
            }
        } else if has_steps && load(chat, "trail").as_deref() != Some(summary.as_str()) {
            // Back for more help in the same conversation: the agent reads what the buyer did
            // since, once (the same trail is not sent twice).
            save(chat, "trail", &summary);
            feed(chat, Input::Write { text: summary });
        }
    }
    if restore || has_engine(chat) {
        // The panel shows the chat: focus goes where the buyer will type.
        focus_in(chat.host, Field::ChatMessage);
    }
}

fn install(chat: Chat, engine: Engine) {
    with_live(chat, |live| live.engine = Some(engine));
    listen_online(chat);
    step(chat, |_, _| {});
}

fn feed(chat: Chat, input: Input) {
    step(chat, move |engine, now| engine.handle(now, input));
}

/// `f` on the running chat, if the chat's code made it ([`run_pending`]: only a [`Live`] goes
/// in). `f` must not reach the slot again: it is borrowed meanwhile, and a nested call would
/// silently do nothing. What `f` hands out is carried out after.
fn with_live<R>(chat: Chat, f: impl FnOnce(&mut Live) -> R) -> Option<R> {
    chat.live
        .try_update_value(|slot| slot.as_mut()?.downcast_mut::<Live>().map(f))
        .flatten()
}

/// `f` on the engine, if a chat started or resumed.
fn with_engine<R>(chat: Chat, f: impl FnOnce(&mut Engine) -> R) -> Option<R> {
    with_live(chat, |live| live.engine.as_mut().map(f)).flatten()
}

fn has_engine(chat: Chat) -> bool {
    with_engine(chat, |_| ()).is_some()
}

/// What the chat screen shows, as a signal of the component that reads it.
fn shown_view(chat: Chat) -> RwSignal<Option<View>> {
    with_live(chat, |live| live.view.clone())
        .unwrap_or_default()
        .into()
}

/// Runs `f` on the engine, then carries out its effects, shows its view and sets its timer.
fn step(chat: Chat, f: impl FnOnce(&mut Engine, f64)) {
    let at = now();
    let outcome = with_live(chat, |live| {
        let engine = live.engine.as_mut()?;
        f(engine, at);
        let mut effects = Vec::new();
        while let Some(effect) = engine.poll_effect() {
            effects.push(effect);
        }
        Some((
            effects,
            engine.view(at),
            engine.next_timeout(),
            live.view.clone(),
        ))
    });
    let Some(Some((effects, view, next, on_screen))) = outcome else {
        return;
    };
    for effect in effects {
        run(chat, effect);
    }
    if on_screen.with_untracked(|v| v.as_ref() != Some(&view)) {
        on_screen.set(Some(view));
    }
    schedule(chat, next, at);
}

/// One timer for the engine's next wake-up, replacing the previous one.
fn schedule(chat: Chat, next: Option<f64>, at: f64) {
    if let Some(Some(old)) = with_live(chat, |live| live.timer.take()) {
        old.clear();
    }
    let Some(next) = next else {
        return;
    };
    // At least 10 ms: a wake-up due now still yields to the browser.
    let wait = (next - at).clamp(10.0, 600_000.0) as u64;
    let handle = set_timeout_with_handle(
        move || step(chat, |engine, now| engine.handle_timeout(now)),
        Duration::from_millis(wait),
    );
    if let Ok(handle) = handle {
        with_live(chat, |live| live.timer = Some(handle));
    }
}

fn run(chat: Chat, effect: Effect) {
    match effect {
        Effect::Request {
            id,
            request,
            deadline_ms,
        } => send(chat, id, request, deadline_ms),
        Effect::Abort(id) => {
            let found = with_live(chat, |live| {
                let at = live.requests.iter().position(|(r, _)| *r == id)?;
                Some(live.requests.remove(at).1)
            });
            if let Some(Some(canceller)) = found {
                canceller.cancel();
            }
        }
        Effect::OpenSocket { url, socket } => open_socket(chat, &url, socket),
        Effect::CloseSocket => drop(with_live(chat, |live| live.socket.take())),
        Effect::SendFrame(frame) => {
            with_live(chat, |live| {
                if let Some(open) = &live.socket {
                    // A frame that cannot go is a socket about to close: the engine hears of that.
                    let _ = open.socket.send_with_str(&frame);
                }
            });
        }
        Effect::Store { key, value } => save(
            chat,
            match key {
                StoreKey::Session => "session",
                StoreKey::Outbox => "outbox",
            },
            &value,
        ),
        Effect::WarnMerchant(diagnostic) => chat.host.report(&diagnostic),
    }
}

fn send(chat: Chat, id: RequestId, request: Outgoing, deadline_ms: i32) {
    let canceller = Canceller::default();
    with_live(chat, |live| live.requests.push((id, canceller.clone())));
    leptos::task::spawn_local(async move {
        let result = net::send(&request, deadline_ms, &canceller).await;
        with_live(chat, |live| live.requests.retain(|(r, _)| *r != id));
        feed(chat, Input::Response { id, result });
    });
}

fn open_socket(chat: Chat, url: &str, socket: u32) {
    // The old socket (if any) is dropped first: its handlers go with it.
    drop(with_live(chat, |live| live.socket.take()));
    let Ok(ws) = WebSocket::new(url) else {
        feed(chat, Input::SocketClosed { socket });
        return;
    };
    let on_open = Closure::<dyn FnMut()>::new(move || feed(chat, Input::SocketOpened { socket }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(text) = event.data().as_string() {
            feed(chat, Input::SocketFrame { socket, text });
        }
    });
    let on_close = Closure::<dyn FnMut()>::new(move || feed(chat, Input::SocketClosed { socket }));
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    let open = LiveSocket {
        socket: ws,
        _on_open: on_open,
        _on_message: on_message,
        _on_close: on_close,
    };
    with_live(chat, |live| live.socket = Some(open));
}

fn listen_online(chat: Chat) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if with_live(chat, |live| live.listeners.is_some()).unwrap_or(true) {
        return;
    }
    let on_online = Closure::<dyn FnMut()>::new(move || feed(chat, Input::Online(true)));
    let on_offline = Closure::<dyn FnMut()>::new(move || feed(chat, Input::Online(false)));
    let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
    let listeners = OnlineListeners {
        on_online,
        on_offline,
    };
    with_live(chat, |live| live.listeners = Some(listeners));
    if !window.navigator().on_line() {
        feed(chat, Input::Online(false));
    }
}

/// Why leaving a message failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LeaveError {
    /// No `chat-url` / `chat-inbox`.
    NotConfigured,
    /// No answer, or not one the widget can read.
    Failed(net::FetchError),
    /// The backend answered with this status.
    Status(u16),
    /// A success without the contact or conversation in it.
    Unreadable,
}

async fn post(url: String, body: String) -> Result<String, LeaveError> {
    let answer = net::send(
        &Outgoing::post_json(url, body),
        crate::chat::engine::REQUEST_DEADLINE_MS,
        &Canceller::default(),
    )
    .await
    .map_err(LeaveError::Failed)?;
    if (200..300).contains(&answer.status) {
        Ok(answer.body)
    } else {
        Err(LeaveError::Status(answer.status))
    }
}

impl Chat {
    /// Out of hours: leaves a message (name, e-mail, text and the trail) in the same inbox, as
    /// a new conversation. Each request has the engine's deadline.
    pub async fn leave_message(
        self,
        name: String,
        email: String,
        text: String,
        summary: String,
        attributes: serde_json::Value,
    ) -> Result<(), LeaveError> {
        leave_message(self, name, email, text, summary, attributes).await
    }
}

async fn leave_message(
    chat: Chat,
    name: String,
    email: String,
    text: String,
    summary: String,
    attributes: serde_json::Value,
) -> Result<(), LeaveError> {
    let Endpoint { api, inbox } = endpoint(chat).ok_or(LeaveError::NotConfigured)?;
    let contact = post(
        protocol::contacts_url(&api, &inbox),
        protocol::named_contact_body(&name, &email, &attributes),
    )
    .await?;
    let (source_id, _) = protocol::read_contact(&contact).ok_or(LeaveError::Unreadable)?;
    let conversation = post(
        protocol::conversations_url(&api, &inbox, &source_id),
        protocol::conversation_body(&attributes),
    )
    .await?;
    let conversation_id =
        protocol::read_conversation_id(&conversation).ok_or(LeaveError::Unreadable)?;
    let session = Session {
        source_id,
        pubsub_token: String::new(),
        conversation_id,
    };
    let body = protocol::message_body(
        &format!("{}\n\n{summary}", text.trim()),
        &format!("sh-offline-{}", now() as u64),
    );
    post(protocol::messages_url(&api, &inbox, &session), body).await?;
    Ok(())
}

fn send_draft(chat: Chat) {
    let text = chat.draft.get_untracked();
    if text.trim().is_empty() {
        return;
    }
    let queued = || with_engine(chat, |e| e.outbox().items().len()).unwrap_or(0);
    let before = queued();
    feed(chat, Input::Write { text });
    // Cleared only once the outbox has it: a refused message stays in the field.
    if queued() > before {
        chat.draft.set(String::new());
        save(chat, "draft", "");
    }
}

/// What the buyer wrote, for the page's own chat or the message form when the chat cannot start.
fn written(chat: Chat) -> String {
    with_engine(chat, |e| {
        e.outbox()
            .items()
            .iter()
            .map(|item| item.content.clone())
            .collect::<Vec<_>>()
            .join("\n\n")
    })
    .unwrap_or_default()
}

fn link_text(lang: Lang, link: Link) -> &'static str {
    lang.t(match link {
        Link::Idle | Link::Connecting => Key::ConnConnecting,
        Link::Live => Key::ConnConnected,
        Link::Reconnecting => Key::ConnReconnecting,
        Link::Polling => Key::ConnPolling,
        Link::Offline => Key::ConnOffline,
    })
}

/// "Back to your chat", on the home screen once a chat exists.
#[component]
pub(crate) fn ReturnToChat() -> impl IntoView {
    let panel = expect_context::<PanelState>();
    let lang = expect_context::<Host>().lang;
    view! {
        <button type="button" class="sh-button sh-button--quiet sh-return-chat" on:click=move |_| {
            panel.go(Screen::Chat, Field::ChatMessage);
        }>{wording(lang, Key::ChatReturn)}</button>
    }
}

/// The chat's own code: in the split build it comes in `split_chat.wasm`, downloaded the first
/// time the buyer reaches the chat (or warmed up on the contact screen, [`preload`]). Everything
/// that drives the engine is reachable only from here.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        chat,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_chat)
    )
)]
fn chat_body(chat: Chat, panel: PanelState) -> Result<Draw, ChunkLoadFailed> {
    run_pending(chat, panel);
    Ok(|| view! { <ChatBody/> }.into_any())
}

async fn load_chat_body(chat: Chat, panel: PanelState) -> Result<Draw, ChunkLoadFailed> {
    #[cfg(feature = "split")]
    {
        chat_body(chat, panel).await
    }
    #[cfg(not(feature = "split"))]
    {
        chat_body(chat, panel)
    }
}

/// Fetches the chat's code ahead of need (the buyer is on the contact screen), so Start chat
/// is instant. A failure here is silent: the chat screen tries again and says so.
pub(crate) fn preload() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = preload_chat().await;
    });
}

/// The chat screen: the way back and the title at once, the rest when the chat's code is there.
/// If that download fails the buyer reads so, with a button that tries again; the way back to
/// search and tracking stays.
#[component]
pub(crate) fn ChatScreen() -> impl IntoView {
    let (panel, chat) = (expect_context::<PanelState>(), expect_context::<Chat>());
    let lang = expect_context::<Host>().lang;
    let body = lazy_part(
        chat.host,
        "split_chat.wasm",
        Key::ChatOpening,
        Key::ChatLoadFailed,
        move || load_chat_body(chat, panel),
    );
    view! {
        <div class="sh-chat">
            <button type="button" class="sh-back" on:click=move |_| {
                panel.go(Screen::Home, Field::Search);
            }>
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M15 5l-7 7 7 7"/></svg>
                {wording(lang, Key::ChatBackToHelp)}
            </button>
            <h3 class="sh-article-title" id="sh-chat-title" tabindex="-1">{wording(lang, Key::ChatTitle)}</h3>
            {body}
        </div>
    }
}

/// The chat itself, under the screen's title.
#[component]
fn ChatBody() -> impl IntoView {
    let chat = expect_context::<Chat>();
    let lang = expect_context::<Host>().lang;
    let on_screen = shown_view(chat);
    let view_of = move || on_screen.get();
    let link = move || view_of().map(|v| v.link).unwrap_or(Link::Connecting);
    let agent_name = move || {
        view_of()
            .and_then(|v| v.joined.flatten())
            .unwrap_or_else(|| lang.get().t(Key::ChatAgent).to_owned())
    };
    // Only whether there is trouble: the offer (and a form the buyer is filling in) stays put
    // while the rest of the view changes.
    let troubled = Memo::new(move |_| {
        on_screen
            .with(|v| v.as_ref().and_then(|v| v.trouble))
            .is_some()
    });
    // The list re-renders only when its entries change, not when typing or the link does.
    let entries = Memo::new(move |_| {
        on_screen
            .with(|v| v.as_ref().map(|v| v.entries.clone()))
            .unwrap_or_default()
    });
    // The newest message from customer service, read out once (the list itself is not a live
    // region: re-rendering it would read everything again).
    let latest_reply = Memo::new(move |_| {
        entries.with(|list| {
            list.iter().rev().find_map(|entry| match entry {
                Entry::Server { message, .. }
                    if message.author != Author::Buyer && !message.content.trim().is_empty() =>
                {
                    Some((message.sender_name.clone(), message.content.clone()))
                }
                _ => None,
            })
        })
    });
    let hint = move || {
        let v = view_of()?;
        let l = lang.get();
        let mut parts = Vec::new();
        match &v.joined {
            Some(Some(name)) => parts.push(l.t(Key::ChatJoinedName).replace("{name}", name)),
            Some(None) => parts.push(l.t(Key::ChatAgentJoined).to_owned()),
            None if v.agent_online => parts.push(l.t(Key::ChatAgentOnline).to_owned()),
            None => {}
        }
        if v.typing {
            parts.push(l.t(Key::ChatTyping).replace("{name}", &agent_name()));
        }
        Some(parts.join(" "))
    };
    view! {
            <p class="sh-conn" class:sh-conn--ok=move || link() == Link::Live role="status">{move || link_text(lang.get(), link())}</p>
            {shown(move || troubled.get(), move || view! {
                <Trouble/>
            }.into_any())}
            {shown(move || view_of().is_some_and(|v| v.loading_history), move || view! {
                <p class="sh-hint">{wording(lang, Key::ChatLoadingHistory)}</p>
            }.into_any())}
            <ol class="sh-messages" aria-labelledby="sh-chat-title">
                {move || entries.get().into_iter().map(|entry| view! { <EntryView entry/> }).collect_view()}
            </ol>
            <p class="sh-hint" aria-live="polite">{hint}</p>
            <p class="sh-vh" aria-live="polite">
                {move || latest_reply.get().map(|(who, text)| {
                    let who = who.unwrap_or_else(|| lang.get().t(Key::ChatAgent).to_owned());
                    format!("{who}: {text}")
                })}
            </p>
            {shown(move || view_of().is_some_and(|v| v.resolved), move || view! {
                <p class="sh-notice" role="status">{wording(lang, Key::ChatResolved)}</p>
            }.into_any())}
            <form class="sh-entry" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send_draft(chat); }>
                <label class="sh-label" for="sh-chat-input">{wording(lang, Key::ChatMessageLabel)}</label>
                <textarea
                    id="sh-chat-input"
                    class="sh-input sh-textarea"
                    rows="3"
                    prop:value=move || chat.draft.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        save(chat, "draft", &text);
                        chat.draft.set(text);
                    }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            send_draft(chat);
                        }
                    }
                ></textarea>
                <button type="submit" class="sh-button">{wording(lang, Key::ChatSend)}</button>
            </form>
    }
}

/// The chat cannot start: say so, and offer the page's own chat or the message form, with what
/// the buyer wrote. The form goes to the same inbox, so it is not offered when that inbox is
/// unknown.
#[component]
fn Trouble() -> impl IntoView {
    let chat = expect_context::<Chat>();
    let lang = expect_context::<Host>().lang;
    let on_screen = shown_view(chat);
    let inbox_known = Memo::new(move |_| {
        on_screen.with(|v| {
            v.as_ref().and_then(|v| v.trouble)
                != Some(crate::chat::engine::StartTrouble::UnknownInbox)
        })
    });
    let nobody = RwSignal::new(false);
    let form = RwSignal::new(false);
    let open_shop_chat = move |_| {
        let text = written(chat);
        let handed = super::handoff::open_vendor_chat(&text, &js_sys::Object::new().into());
        nobody.set(handed == super::handoff::HandedTo::Nobody);
    };
    view! {
        <div class="sh-notice sh-notice--problem">
            <p role="alert">{wording(lang, Key::ChatCannotStart)}</p>
            <button type="button" class="sh-link-button" on:click=open_shop_chat>{wording(lang, Key::ChatUseShopChat)}</button>
            {shown(move || inbox_known.get(), move || view! {
                " "
                <button type="button" class="sh-link-button" on:click=move |_| form.set(true)>{wording(lang, Key::ChatLeaveMessage)}</button>
            }.into_any())}
            {shown(move || nobody.get(), move || view! {
                <p role="status">{wording(lang, Key::ChatUnavailable)}</p>
            }.into_any())}
            {shown(move || form.get() && inbox_known.get(), move || view! {
                <super::contact::OfflineForm prefill=written(chat)/>
            }.into_any())}
        </div>
    }
}

#[component]
fn EntryView(entry: Entry) -> impl IntoView {
    let chat = expect_context::<Chat>();
    let lang = expect_context::<Host>().lang;
    match entry {
        Entry::Unsent {
            echo_id,
            content,
            failed,
        } => view! {
            <li class="sh-msg sh-msg--mine sh-msg--pending">
                <span class="sh-msg-who">{wording(lang, Key::ChatYou)}</span>
                <span class="sh-msg-text">{content}</span>
                <span class="sh-msg-state">{move || lang.get().t(if failed { Key::ChatNotSent } else { Key::ChatSending })}</span>
                {failed.then(|| view! {
                    <button type="button" class="sh-link-button" on:click=move |_| {
                        feed(chat, Input::Retry { echo_id: echo_id.clone() });
                    }>{wording(lang, Key::ChatRetry)}</button>
                })}
            </li>
        }
        .into_any(),
        Entry::Server { message, answer } => view! { <ServerMessage message answer/> }.into_any(),
    }
}

#[component]
fn ServerMessage(message: Message, answer: Option<AnswerState>) -> impl IntoView {
    let chat = expect_context::<Chat>();
    let lang = expect_context::<Host>().lang;
    let mine = message.author == Author::Buyer;
    let name = message.sender_name.clone();
    let who = move || {
        if mine {
            lang.get().t(Key::ChatYou).to_owned()
        } else {
            name.clone()
                .unwrap_or_else(|| lang.get().t(Key::ChatAgent).to_owned())
        }
    };
    let text = (!message.content.trim().is_empty()).then(|| {
        view! { <span class="sh-msg-text">{message.content.clone()}</span> }
    });
    let attachments = message
        .attachments
        .iter()
        .map(|a| {
            let (url, file) = (a.url.clone(), a.name.clone());
            if a.image {
                let alt = move || lang.get().t(Key::ChatImage).replace("{name}", &file);
                view! { <img class="sh-msg-image" src=url alt=alt/> }.into_any()
            } else {
                view! { <a class="sh-msg-file" href=url target="_blank" rel="noopener noreferrer">{file}</a> }.into_any()
            }
        })
        .collect_view();
    let id = message.id;
    let sending = answer == Some(AnswerState::Sending);
    let failed = (answer == Some(AnswerState::Failed)).then(
        || view! { <p class="sh-error" role="alert">{wording(lang, Key::ChatAnswerFailed)}</p> },
    );
    let interactive = match message.interactive {
        Interactive::None => None,
        Interactive::Select { chosen: Some(title), .. } => {
            Some(view! { <p class="sh-msg-chosen">{title}</p> }.into_any())
        }
        Interactive::Select { items, chosen: None } => Some(
            view! {
                <div class="sh-msg-options">
                    {items.into_iter().map(|(title, value)| {
                        let label = title.clone();
                        view! {
                            <button type="button" class="sh-button sh-button--quiet" disabled=sending on:click=move |_| {
                                feed(chat, Input::Choose { message_id: id, title: title.clone(), value: value.clone() });
                            }>{label}</button>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any(),
        ),
        Interactive::Csat { rating: Some(_) } => Some(
            view! { <p class="sh-msg-chosen">{wording(lang, Key::CsatThanks)}</p> }.into_any(),
        ),
        Interactive::Csat { rating: None } => Some(
            view! {
                <div class="sh-msg-options" role="group" aria-label=wording(lang, Key::CsatQuestion)>
                    <p>{wording(lang, Key::CsatQuestion)}</p>
                    {(1u8..=5).map(|rating| view! {
                        <button type="button" class="sh-button sh-button--quiet" disabled=sending
                            aria-label=move || lang.get().t(Key::CsatRating).replace("{n}", &rating.to_string())
                            on:click=move |_| feed(chat, Input::Rate { message_id: id, rating })
                        >{rating}</button>
                    }).collect_view()}
                </div>
            }
            .into_any(),
        ),
    };
    view! {
        <li class="sh-msg" class:sh-msg--mine=mine>
            <span class="sh-msg-who">{who}</span>
            {text}
            {attachments}
            {interactive}
            {failed}
        </li>
    }
}
