//! Chatwoot's public client API as the widget uses it: the URLs, the JSON it sends, and what it
//! reads back, including the ActionCable WebSocket frames. Everything is read through
//! `serde_json::Value` with small readers (derived serde code costs WebAssembly size), and
//! anything unexpected reads as `None`, never a panic.

use serde_json::{json, Value};

/// The contact and conversation the buyer chats in; kept (in localStorage) so a reload resumes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub source_id: String,
    pub pubsub_token: String,
    pub conversation_id: u64,
}

impl Session {
    pub fn to_json(&self) -> String {
        json!({ "source_id": self.source_id, "pubsub_token": self.pubsub_token, "conversation_id": self.conversation_id })
            .to_string()
    }

    pub fn from_json(text: &str) -> Option<Session> {
        let v: Value = serde_json::from_str(text).ok()?;
        Some(Session {
            source_id: v.get("source_id")?.as_str()?.to_owned(),
            pubsub_token: v.get("pubsub_token")?.as_str()?.to_owned(),
            conversation_id: v.get("conversation_id")?.as_u64()?,
        })
    }
}

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Author {
    Buyer,
    Agent,
    /// Chatwoot's activity messages ("Conversation was resolved").
    Activity,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: u64,
    pub content: String,
    pub author: Author,
    pub echo_id: Option<String>,
    /// Unix seconds.
    pub created_at: f64,
    pub sender_name: Option<String>,
}

impl Message {
    pub fn from_value(v: &Value) -> Option<Message> {
        let author = match v.get("message_type")?.as_u64()? {
            0 => Author::Buyer,
            1 => Author::Agent,
            _ => Author::Activity,
        };
        Some(Message {
            id: v.get("id")?.as_u64()?,
            content: v
                .get("content")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            author,
            echo_id: v.get("echo_id").and_then(Value::as_str).map(str::to_owned),
            created_at: v
                .get("created_at")
                .and_then(Value::as_f64)
                .unwrap_or_default(),
            sender_name: v
                .pointer("/sender/name")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }
}

fn base(api: &str, inbox: &str) -> String {
    format!(
        "{}/public/api/v1/inboxes/{inbox}",
        api.trim_end_matches('/')
    )
}

pub fn contacts_url(api: &str, inbox: &str) -> String {
    format!("{}/contacts", base(api, inbox))
}

pub fn conversations_url(api: &str, inbox: &str, source_id: &str) -> String {
    format!("{}/contacts/{source_id}/conversations", base(api, inbox))
}

pub fn messages_url(api: &str, inbox: &str, session: &Session) -> String {
    format!(
        "{}/{}/messages",
        conversations_url(api, inbox, &session.source_id),
        session.conversation_id
    )
}

/// The WebSocket address: `wss://host/cable` for `https://host`.
pub fn cable_url(api: &str) -> String {
    let api = api.trim_end_matches('/');
    let (scheme, rest) = api.split_once("://").unwrap_or(("https", api));
    let ws = if scheme.eq_ignore_ascii_case("http") {
        "ws"
    } else {
        "wss"
    };
    let host = rest.split('/').next().unwrap_or(rest);
    format!("{ws}://{host}/cable")
}

pub fn contact_body(attributes: &Value) -> String {
    json!({ "custom_attributes": attributes }).to_string()
}

/// A contact who leaves a message out of hours: the agent answers by e-mail.
pub fn named_contact_body(name: &str, email: &str, attributes: &Value) -> String {
    json!({ "name": name.trim(), "email": email.trim(), "custom_attributes": attributes })
        .to_string()
}

/// Whether `text` can be an e-mail address: something@something.tld, no spaces. The backend
/// checks properly; this catches typos before anything is sent.
pub fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
        && !domain.contains('@')
}

pub fn conversation_body(attributes: &Value) -> String {
    json!({ "custom_attributes": attributes }).to_string()
}

pub fn message_body(content: &str, echo_id: &str) -> String {
    json!({ "content": content, "echo_id": echo_id }).to_string()
}

/// `(source_id, pubsub_token)` from the contact Chatwoot created.
pub fn read_contact(body: &str) -> Option<(String, String)> {
    let v: Value = serde_json::from_str(body).ok()?;
    Some((
        v.get("source_id")?.as_str()?.to_owned(),
        v.get("pubsub_token")?.as_str()?.to_owned(),
    ))
}

pub fn read_conversation_id(body: &str) -> Option<u64> {
    serde_json::from_str::<Value>(body)
        .ok()?
        .get("id")?
        .as_u64()
}

pub fn read_message(body: &str) -> Option<Message> {
    Message::from_value(&serde_json::from_str::<Value>(body).ok()?)
}

/// A message list: a JSON array, or `{ "payload": [...] }` as some Chatwoot versions answer.
pub fn read_messages(body: &str) -> Vec<Message> {
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return Vec::new();
    };
    let list = v
        .as_array()
        .or_else(|| v.get("payload").and_then(Value::as_array));
    list.map(|l| l.iter().filter_map(Message::from_value).collect())
        .unwrap_or_default()
}

fn identifier(pubsub_token: &str) -> String {
    json!({ "channel": "RoomChannel", "pubsub_token": pubsub_token }).to_string()
}

/// The ActionCable subscribe command for the contact's room.
pub fn subscribe_frame(pubsub_token: &str) -> String {
    json!({ "command": "subscribe", "identifier": identifier(pubsub_token) }).to_string()
}

/// What arrives over the WebSocket.
#[derive(Clone, Debug, PartialEq)]
pub enum CableEvent {
    Welcome,
    Ping,
    Subscribed,
    MessageCreated(Message),
    Typing(bool),
    AgentOnline,
    StatusChanged(String),
    Other,
}

pub fn read_cable(frame: &str) -> CableEvent {
    let Ok(v) = serde_json::from_str::<Value>(frame) else {
        return CableEvent::Other;
    };
    match v.get("type").and_then(Value::as_str) {
        Some("welcome") => return CableEvent::Welcome,
        Some("ping") => return CableEvent::Ping,
        Some("confirm_subscription") => return CableEvent::Subscribed,
        _ => {}
    }
    let Some(message) = v.get("message") else {
        return CableEvent::Other;
    };
    let data = message.get("data").unwrap_or(&Value::Null);
    match message.get("event").and_then(Value::as_str) {
        Some("message.created") | Some("message.updated") => Message::from_value(data)
            .map(CableEvent::MessageCreated)
            .unwrap_or(CableEvent::Other),
        Some("conversation.typing_on") => CableEvent::Typing(true),
        Some("conversation.typing_off") => CableEvent::Typing(false),
        Some("presence.update") => CableEvent::AgentOnline,
        Some("conversation.status_changed") => CableEvent::StatusChanged(
            data.get("status")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        ),
        _ => CableEvent::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_the_client_api() {
        let s = Session {
            source_id: "abc".into(),
            pubsub_token: "tok".into(),
            conversation_id: 7,
        };
        assert_eq!(
            contacts_url("http://127.0.0.1:8090/", "inbox1"),
            "http://127.0.0.1:8090/public/api/v1/inboxes/inbox1/contacts"
        );
        assert_eq!(
            messages_url("https://chat.example", "inbox1", &s),
            "https://chat.example/public/api/v1/inboxes/inbox1/contacts/abc/conversations/7/messages"
        );
        assert_eq!(
            cable_url("http://127.0.0.1:8090"),
            "ws://127.0.0.1:8090/cable"
        );
        assert_eq!(
            cable_url("https://chat.example/app"),
            "wss://chat.example/cable"
        );
    }

    #[test]
    fn sessions_survive_a_round_trip_and_bad_storage() {
        let s = Session {
            source_id: "abc".into(),
            pubsub_token: "tok".into(),
            conversation_id: 7,
        };
        assert_eq!(Session::from_json(&s.to_json()), Some(s));
        assert_eq!(Session::from_json("{broken"), None);
        assert_eq!(Session::from_json(r#"{"source_id":1}"#), None);
    }

    #[test]
    fn cable_frames_are_read() {
        assert_eq!(read_cable(r#"{"type":"welcome"}"#), CableEvent::Welcome);
        assert_eq!(
            read_cable(r#"{"type":"confirm_subscription","identifier":"x"}"#),
            CableEvent::Subscribed
        );
        let created = r#"{"identifier":"x","message":{"event":"message.created","data":{"id":5,"content":"Hi!","message_type":1,"created_at":1700000000,"sender":{"name":"Sanna"}}}}"#;
        match read_cable(created) {
            CableEvent::MessageCreated(m) => {
                assert_eq!(
                    (m.id, m.author, m.content.as_str(), m.sender_name.as_deref()),
                    (5, Author::Agent, "Hi!", Some("Sanna"))
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            read_cable(r#"{"message":{"event":"conversation.typing_on","data":{}}}"#),
            CableEvent::Typing(true)
        );
        assert_eq!(
            read_cable(
                r#"{"message":{"event":"conversation.status_changed","data":{"status":"resolved"}}}"#
            ),
            CableEvent::StatusChanged("resolved".into())
        );
        assert_eq!(read_cable("not json"), CableEvent::Other);
    }

    #[test]
    fn e_mail_addresses_are_checked_for_typos() {
        assert!(looks_like_email(" anna.lind@example.com "));
        for bad in [
            "anna",
            "anna@",
            "@example.com",
            "anna@example",
            "anna@@example.com",
            "an na@example.com",
            "anna@example.",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn bodies_and_answers() {
        assert_eq!(
            message_body("Hei", "e1"),
            r#"{"content":"Hei","echo_id":"e1"}"#
        );
        assert_eq!(
            read_contact(r#"{"source_id":"s","pubsub_token":"p","id":1}"#),
            Some(("s".into(), "p".into()))
        );
        assert_eq!(
            read_conversation_id(r#"{"id":12,"status":"open"}"#),
            Some(12)
        );
        let list = read_messages(
            r#"[{"id":1,"content":"a","message_type":0,"echo_id":"e1"},{"bad":true}]"#,
        );
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].echo_id.as_deref(), Some("e1"));
        assert_eq!(
            read_messages(r#"{"payload":[{"id":2,"content":"b","message_type":1}]}"#).len(),
            1
        );
    }
}
