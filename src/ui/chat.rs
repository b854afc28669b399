//! The built-in chat over Chatwoot's client API, built so nothing the buyer writes is lost: the
//! contact and conversation are created when the buyer starts the chat (never before); every
//! message goes through the persisted outbox (shown as sending, retried with backoff, marked
//! not sent with a retry button); agent messages arrive over the ActionCable WebSocket, with
//! polling while it is down; the draft, the session and the outbox survive a reload, after
//! which the conversation resumes with its history. The connection state is shown and announced.

use super::faq::Screen;
use super::shell::Shell;
use crate::chat::protocol::{self, Author, CableEvent, Message, Session};
use crate::escalation::outbox::{Outbox, SendState, ServerMessage};
use crate::i18n::Key;
use crate::net::{self, Canceller};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, WebSocket};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Connection {
    Connecting,
    Connected,
    Reconnecting,
    Offline,
}

/// The chat's state, one `Copy` handle of signals in the shell.
#[derive(Clone, Copy)]
pub(crate) struct Chat {
    pub session: RwSignal<Option<SessionCell>>,
    pub messages: RwSignal<Vec<Message>>,
    pub outbox: RwSignal<Outbox>,
    pub connection: RwSignal<Connection>,
    pub agent_typing: RwSignal<bool>,
    pub agent_joined: RwSignal<bool>,
    pub resolved: RwSignal<bool>,
    pub draft: RwSignal<String>,
    socket: StoredValue<Option<WebSocket>, LocalStorage>,
    pumping: StoredValue<bool>,
    reconnects: StoredValue<u32>,
}

/// A [`Session`] that can live in a signal.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SessionCell(pub Session);

impl Chat {
    pub fn new() -> Chat {
        Chat {
            session: RwSignal::new(None),
            messages: RwSignal::new(Vec::new()),
            outbox: RwSignal::new(Outbox::new()),
            connection: RwSignal::new(Connection::Connecting),
            agent_typing: RwSignal::new(false),
            agent_joined: RwSignal::new(false),
            resolved: RwSignal::new(false),
            draft: RwSignal::new(String::new()),
            socket: StoredValue::new_local(None),
            pumping: StoredValue::new(false),
            reconnects: StoredValue::new(0),
        }
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn key(shell: Shell, what: &str) -> Option<String> {
    shell.config.with_value(|c| {
        c.chat
            .as_ref()
            .map(|(_, inbox)| format!("selfhelp:chat:{inbox}:{what}"))
    })
}

fn load(shell: Shell, what: &str) -> Option<String> {
    storage()?.get_item(&key(shell, what)?).ok()?
}

fn save(shell: Shell, what: &str, value: &str) {
    if let (Some(storage), Some(key)) = (storage(), key(shell, what)) {
        let _ = storage.set_item(&key, value);
    }
}

fn save_outbox(shell: Shell) {
    let json = shell.chat.outbox.with_untracked(Outbox::to_json);
    save(shell, "outbox", &json);
}

/// Whether a chat from an earlier page view can be resumed; restores its draft and outbox.
/// Reads storage only when called, which is on the buyer's first open.
pub(crate) fn restore(shell: Shell) -> bool {
    if shell.config.with_value(|c| c.chat.is_none()) || shell.chat.session.get_untracked().is_some()
    {
        return shell.chat.session.get_untracked().is_some();
    }
    if let Some(draft) = load(shell, "draft") {
        shell.chat.draft.set(draft);
    }
    let Some(session) = load(shell, "session").and_then(|s| Session::from_json(&s)) else {
        return false;
    };
    if let Some(outbox) = load(shell, "outbox") {
        shell.chat.outbox.set(Outbox::from_json(&outbox));
    }
    shell.chat.session.set(Some(SessionCell(session)));
    resume(shell);
    true
}

fn endpoint(shell: Shell) -> Option<(String, String)> {
    shell.config.with_value(|c| c.chat.clone())
}

/// Starts the chat with the trail: creates the contact and conversation, then sends the
/// readable summary as the first message.
pub(crate) fn start(shell: Shell, summary: String, attributes: serde_json::Value) {
    shell.screen.set(Screen::Chat);
    super::dom::focus_in(shell, "#sh-chat-input");
    if shell.chat.session.get_untracked().is_some() {
        return;
    }
    let Some((api, inbox)) = endpoint(shell) else {
        return;
    };
    let echo = format!("sh-{}", now() as u64);
    shell.chat.outbox.update(|o| {
        o.push(&summary, &echo, now());
    });
    save_outbox(shell);
    leptos::task::spawn_local(async move {
        let contact = net::post_json(
            &protocol::contacts_url(&api, &inbox),
            &protocol::contact_body(&attributes),
        )
        .await;
        let Some((source_id, pubsub_token)) =
            contact.ok().and_then(|a| protocol::read_contact(&a.body))
        else {
            shell.chat.connection.set(Connection::Offline);
            return;
        };
        let conversation = net::post_json(
            &protocol::conversations_url(&api, &inbox, &source_id),
            &protocol::conversation_body(&attributes),
        )
        .await;
        let Some(conversation_id) = conversation
            .ok()
            .and_then(|a| protocol::read_conversation_id(&a.body))
        else {
            shell.chat.connection.set(Connection::Offline);
            return;
        };
        let session = Session {
            source_id,
            pubsub_token,
            conversation_id,
        };
        save(shell, "session", &session.to_json());
        shell.chat.session.set(Some(SessionCell(session)));
        connect(shell);
        pump(shell);
    });
}

/// Out of hours: leaves a message (name, e-mail, text and the trail) in the same inbox, as a
/// new conversation the agents answer by e-mail. Ok when the backend has it.
pub(crate) async fn leave_message(
    shell: Shell,
    name: String,
    email: String,
    text: String,
    summary: String,
    attributes: serde_json::Value,
) -> Result<(), ()> {
    let (api, inbox) = endpoint(shell).ok_or(())?;
    let ok = |a: &net::Answer| (200..300).contains(&a.status);
    let contact = net::post_json(
        &protocol::contacts_url(&api, &inbox),
        &protocol::named_contact_body(&name, &email, &attributes),
    )
    .await
    .map_err(|_| ())?;
    let (source_id, _) = ok(&contact)
        .then(|| protocol::read_contact(&contact.body))
        .flatten()
        .ok_or(())?;
    let conversation = net::post_json(
        &protocol::conversations_url(&api, &inbox, &source_id),
        &protocol::conversation_body(&attributes),
    )
    .await
    .map_err(|_| ())?;
    let conversation_id = ok(&conversation)
        .then(|| protocol::read_conversation_id(&conversation.body))
        .flatten()
        .ok_or(())?;
    let session = Session {
        source_id,
        pubsub_token: String::new(),
        conversation_id,
    };
    let body = protocol::message_body(
        &format!("{}\n\n{summary}", text.trim()),
        &format!("sh-offline-{}", now() as u64),
    );
    let sent = net::post_json(&protocol::messages_url(&api, &inbox, &session), &body)
        .await
        .map_err(|_| ())?;
    ok(&sent).then_some(()).ok_or(())
}

/// After a reload: history first (in order), then the socket, then anything still unsent.
fn resume(shell: Shell) {
    leptos::task::spawn_local(async move {
        catch_up(shell).await;
        connect(shell);
        pump(shell);
    });
}

fn session(shell: Shell) -> Option<Session> {
    shell
        .chat
        .session
        .with_untracked(|s| s.as_ref().map(|c| c.0.clone()))
}

/// Lists the conversation's messages, reconciles the outbox with them, and shows them.
async fn catch_up(shell: Shell) {
    let (Some((api, inbox)), Some(session)) = (endpoint(shell), session(shell)) else {
        return;
    };
    let Ok(answer) = net::get(
        &protocol::messages_url(&api, &inbox, &session),
        &Canceller::default(),
    )
    .await
    else {
        return;
    };
    if !(200..300).contains(&answer.status) {
        return;
    }
    let list = protocol::read_messages(&answer.body);
    let mine: Vec<ServerMessage> = list
        .iter()
        .filter(|m| m.author == Author::Buyer)
        .map(|m| ServerMessage {
            id: m.id,
            content: &m.content,
            created_at: m.created_at * 1000.0,
        })
        .collect();
    shell.chat.outbox.update(|o| {
        o.reconcile(&mine);
        for m in &list {
            if let Some(echo) = &m.echo_id {
                o.mark_sent(echo, m.id);
            }
        }
    });
    save_outbox(shell);
    for message in list {
        add_message(shell, message);
    }
}

fn add_message(shell: Shell, message: Message) {
    if message.author == Author::Agent {
        shell.chat.agent_typing.set(false);
    }
    shell.chat.messages.update(|all| {
        match all.iter_mut().find(|m| m.id == message.id) {
            Some(known) => *known = message,
            None => all.push(message),
        }
        all.sort_by_key(|m| m.id);
    });
}

/// Sends what is due, one message at a time and in order; schedules itself for backoffs.
pub(crate) fn pump(shell: Shell) {
    if shell.chat.pumping.get_value() || session(shell).is_none() {
        return;
    }
    shell.chat.pumping.set_value(true);
    leptos::task::spawn_local(async move {
        loop {
            if shell.chat.outbox.with_untracked(Outbox::needs_check) {
                catch_up(shell).await;
            }
            let Some(echo) = shell
                .chat
                .outbox
                .with_untracked(|o| o.due(now()).into_iter().next())
            else {
                break;
            };
            let (Some((api, inbox)), Some(session)) = (endpoint(shell), session(shell)) else {
                break;
            };
            let Some(content) = shell
                .chat
                .outbox
                .with_untracked(|o| o.get(&echo).map(|m| m.content.clone()))
            else {
                break;
            };
            if !shell
                .chat
                .outbox
                .try_update(|o| o.mark_sending(&echo))
                .unwrap_or(false)
            {
                break;
            }
            let answer = net::post_json(
                &protocol::messages_url(&api, &inbox, &session),
                &protocol::message_body(&content, &echo),
            )
            .await;
            match answer
                .ok()
                .filter(|a| (200..300).contains(&a.status))
                .and_then(|a| protocol::read_message(&a.body))
            {
                Some(message) => {
                    shell.chat.outbox.update(|o| {
                        o.mark_sent(&echo, message.id);
                    });
                    add_message(shell, message);
                }
                None => {
                    shell.chat.outbox.update(|o| {
                        o.mark_failed_attempt(&echo, now());
                    });
                    save_outbox(shell);
                    let wait = shell
                        .chat
                        .outbox
                        .with_untracked(|o| o.get(&echo).map(|m| m.next_try_at - now()));
                    if let Some(wait) = wait.filter(|w| *w > 0.0) {
                        set_timeout(move || pump(shell), Duration::from_millis(wait as u64 + 10));
                    }
                    break;
                }
            }
            save_outbox(shell);
        }
        shell.chat.pumping.set_value(false);
    });
}

/// Opens the ActionCable socket; on loss, polls and reconnects with backoff.
fn connect(shell: Shell) {
    let (Some((api, _)), Some(session)) = (endpoint(shell), session(shell)) else {
        return;
    };
    let Ok(socket) = WebSocket::new(&protocol::cable_url(&api)) else {
        return schedule_reconnect(shell);
    };
    let token = session.pubsub_token.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(frame) = event.data().as_string() else {
            return;
        };
        match protocol::read_cable(&frame) {
            CableEvent::Welcome => {
                shell.chat.socket.with_value(|s| {
                    if let Some(socket) = s {
                        let _ = socket.send_with_str(&protocol::subscribe_frame(&token));
                    }
                });
            }
            CableEvent::Subscribed => {
                shell.chat.connection.set(Connection::Connected);
                shell.chat.reconnects.set_value(0);
                // Whatever happened while we were away, then anything still unsent.
                leptos::task::spawn_local(async move {
                    catch_up(shell).await;
                    pump(shell);
                });
            }
            CableEvent::MessageCreated(message) => {
                if let Some(echo) = &message.echo_id {
                    shell.chat.outbox.update(|o| {
                        o.mark_sent(echo, message.id);
                    });
                    save_outbox(shell);
                }
                if message.author != Author::Activity {
                    add_message(shell, message);
                }
            }
            CableEvent::Typing(on) => shell.chat.agent_typing.set(on),
            CableEvent::AgentOnline => shell.chat.agent_joined.set(true),
            CableEvent::StatusChanged(status) => shell.chat.resolved.set(status == "resolved"),
            CableEvent::Ping | CableEvent::Other => {}
        }
    });
    let on_close = Closure::<dyn FnMut()>::new(move || {
        shell.chat.connection.set(if navigator_online() {
            Connection::Reconnecting
        } else {
            Connection::Offline
        });
        schedule_reconnect(shell);
    });
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    on_message.forget();
    on_close.forget();
    shell.chat.socket.set_value(Some(socket));
}

fn navigator_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

fn schedule_reconnect(shell: Shell) {
    let attempt = shell.chat.reconnects.get_value();
    shell.chat.reconnects.set_value(attempt + 1);
    let delay = 500u64 << attempt.min(5);
    set_timeout(
        move || {
            if shell.chat.connection.get_untracked() != Connection::Connected {
                // Poll while the socket is down, so agent replies still arrive.
                leptos::task::spawn_local(async move { catch_up(shell).await });
                connect(shell);
            }
        },
        Duration::from_millis(delay.min(15_000)),
    );
}

fn send_draft(shell: Shell) {
    let text = shell.chat.draft.get_untracked();
    if text.trim().is_empty() {
        return;
    }
    let echo = format!(
        "sh-{}-{}",
        now() as u64,
        shell.chat.outbox.with_untracked(|o| o.items().len())
    );
    let pushed = shell
        .chat
        .outbox
        .try_update(|o| o.push(&text, &echo, now()).is_some())
        .unwrap_or(false);
    if pushed {
        shell.chat.draft.set(String::new());
        save(shell, "draft", "");
        save_outbox(shell);
        pump(shell);
    }
}

/// The chat screen.
#[component]
pub(crate) fn ChatScreen() -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    let chat = shell.chat;
    let connection_text = move || {
        let l = lang.get();
        l.t(match chat.connection.get() {
            Connection::Connecting => Key::ConnConnecting,
            Connection::Connected => Key::ConnConnected,
            Connection::Reconnecting => Key::ConnReconnecting,
            Connection::Offline => Key::ConnOffline,
        })
    };
    // Messages the server has, then the buyer's not yet confirmed ones in the order written.
    let unsent = move || {
        chat.outbox.with(|o| {
            o.items()
                .iter()
                .filter(|m| !matches!(m.state, SendState::Sent { .. }))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="sh-chat">
            <h3 class="sh-article-title" id="sh-chat-title" tabindex="-1">{move || lang.get().t(Key::ChatTitle)}</h3>
            <p class="sh-conn" class:sh-conn--ok=move || chat.connection.get() == Connection::Connected role="status">{connection_text}</p>
            <ol class="sh-messages" aria-labelledby="sh-chat-title">
                {move || chat.messages.get().into_iter().map(|m| {
                    let mine = m.author == Author::Buyer;
                    let who = move || if mine { lang.get().t(Key::ChatYou).to_owned() } else { m.sender_name.clone().unwrap_or_else(|| lang.get().t(Key::ChatAgent).to_owned()) };
                    view! {
                        <li class="sh-msg" class:sh-msg--mine=mine>
                            <span class="sh-msg-who">{who}</span>
                            <span class="sh-msg-text">{m.content.clone()}</span>
                        </li>
                    }
                }).collect_view()}
                {move || unsent().into_iter().map(|m| {
                    let failed = m.state == SendState::Failed;
                    let echo = m.echo_id.clone();
                    view! {
                        <li class="sh-msg sh-msg--mine sh-msg--pending">
                            <span class="sh-msg-who">{move || lang.get().t(Key::ChatYou)}</span>
                            <span class="sh-msg-text">{m.content.clone()}</span>
                            <span class="sh-msg-state">{move || lang.get().t(if failed { Key::ChatNotSent } else { Key::ChatSending })}</span>
                            {failed.then(|| view! {
                                <button type="button" class="sh-link-button" on:click=move |_| {
                                    chat.outbox.update(|o| { o.retry(&echo, now()); });
                                    save_outbox(shell);
                                    pump(shell);
                                }>{move || lang.get().t(Key::ChatRetry)}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="sh-hint" aria-live="polite">
                {move || chat.agent_joined.get().then(|| lang.get().t(Key::ChatAgentJoined))}
                " "
                {move || chat.agent_typing.get().then(|| lang.get().t(Key::ChatTyping).replace("{name}", lang.get().t(Key::ChatAgent)))}
            </p>
            <Show when=move || chat.resolved.get()>
                <p class="sh-notice" role="status">{move || lang.get().t(Key::ChatResolved)}</p>
            </Show>
            <form class="sh-entry" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send_draft(shell); }>
                <label class="sh-label" for="sh-chat-input">{move || lang.get().t(Key::ChatMessageLabel)}</label>
                <textarea
                    id="sh-chat-input"
                    class="sh-input sh-textarea"
                    rows="3"
                    prop:value=move || chat.draft.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        save(shell, "draft", &text);
                        chat.draft.set(text);
                    }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            send_draft(shell);
                        }
                    }
                ></textarea>
                <button type="submit" class="sh-button">{move || lang.get().t(Key::ChatSend)}</button>
            </form>
        </div>
    }
}
