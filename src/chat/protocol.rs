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

/// Who wrote a message (Chatwoot's `message_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Author {
    /// 0, incoming: from the contact.
    Buyer,
    /// 1, outgoing: an agent or a bot.
    Agent,
    /// 2: activity ("Conversation was resolved"); never shown to the buyer.
    Activity,
    /// 3: a template (bot or automation message), shown like an agent's.
    Template,
}

/// A file an agent sent: images are shown, other files are links with their names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub image: bool,
    /// Only http or https: anything else was dropped when reading.
    pub url: String,
    pub name: String,
}

/// Content a buyer answers in the conversation, as Chatwoot's own widget offers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Interactive {
    None,
    /// `input_select`: options `(title, value)`; `chosen` is the title already submitted.
    Select {
        items: Vec<(String, String)>,
        chosen: Option<String>,
    },
    /// `input_csat`: a 1–5 rating; `rating` once submitted.
    Csat {
        rating: Option<u8>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: u64,
    pub content: String,
    pub author: Author,
    /// Only in the WebSocket's `message.created`: REST answers never carry it (it is an
    /// `attr_accessor` on Chatwoot's `app/models/message.rb`, not a column).
    pub echo_id: Option<String>,
    /// Unix seconds.
    pub created_at: f64,
    /// `available_name || name`, as Chatwoot's widget shows a sender.
    pub sender_name: Option<String>,
    /// The sender is a person (`type` "user"), not a bot: their first message means they joined.
    pub from_person: bool,
    pub private: bool,
    pub attachments: Vec<Attachment>,
    pub interactive: Interactive,
}

/// `url` if it is http or https (images and links from the backend are shown only then).
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.to_owned())
}

fn text(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// An attachment as Chatwoot's `Attachment#push_event_data` sends it (`file_type`, `data_url`;
/// no file name in most versions, so the URL's last segment names it).
fn read_attachment(v: &Value) -> Option<Attachment> {
    let url = safe_url(v.get("data_url")?.as_str()?)?;
    let name = text(v, "/file_name")
        .or_else(|| {
            url.split(['?', '#'])
                .next()
                .and_then(|path| path.rsplit('/').next())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| url.clone());
    Some(Attachment {
        image: v.get("file_type").and_then(Value::as_str) == Some("image"),
        url,
        name,
    })
}

/// `input_select` items and `input_csat` answers from `content_attributes`, as Chatwoot's
/// widget reads them (`app/javascript/widget/components/AgentMessageBubble.vue`,
/// `shared/components/CustomerSatisfaction.vue`).
fn read_interactive(v: &Value) -> Interactive {
    let attrs = v.get("content_attributes").unwrap_or(&Value::Null);
    match v.get("content_type").and_then(Value::as_str) {
        Some("input_select") => {
            let items = attrs
                .get("items")
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| {
                            let title = text(i, "/title")?;
                            let value = text(i, "/value").unwrap_or_else(|| title.clone());
                            Some((title, value))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let chosen = attrs
                .get("submitted_values")
                .and_then(Value::as_array)
                .and_then(|list| list.first())
                .and_then(|first| text(first, "/title").or_else(|| text(first, "/value")));
            Interactive::Select { items, chosen }
        }
        Some("input_csat") => Interactive::Csat {
            rating: attrs
                .pointer("/csat_survey_response/rating")
                .or_else(|| attrs.pointer("/submitted_values/csat_survey_response/rating"))
                .and_then(Value::as_u64)
                .and_then(|r| u8::try_from(r).ok()),
        },
        _ => Interactive::None,
    }
}

impl Message {
    pub fn from_value(v: &Value) -> Option<Message> {
        let author = match v.get("message_type")?.as_u64()? {
            0 => Author::Buyer,
            1 => Author::Agent,
            3 => Author::Template,
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
            sender_name: text(v, "/sender/available_name").or_else(|| text(v, "/sender/name")),
            from_person: author == Author::Agent
                && v.pointer("/sender/type").and_then(Value::as_str) != Some("agent_bot"),
            private: v.get("private").and_then(Value::as_bool).unwrap_or(false),
            attachments: v
                .get("attachments")
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(read_attachment).collect())
                .unwrap_or_default(),
            interactive: read_interactive(v),
        })
    }

    /// Whether the buyer sees it: no activity messages, no private notes.
    pub fn is_shown(&self) -> bool {
        self.author != Author::Activity && !self.private
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

/// The WebSocket address: `wss://host/base/cable` for `https://host/base`, keeping the base
/// path an installation under a sub-path serves REST from too.
pub fn cable_url(api: &str) -> String {
    let api = api.trim().trim_end_matches('/');
    let (scheme, rest) = api.split_once("://").unwrap_or(("https", api));
    let ws = if scheme.eq_ignore_ascii_case("http") {
        "ws"
    } else {
        "wss"
    };
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    format!("{ws}://{rest}/cable")
}

pub fn conversation_url(api: &str, inbox: &str, session: &Session) -> String {
    format!(
        "{}/{}",
        conversations_url(api, inbox, &session.source_id),
        session.conversation_id
    )
}

/// One page of messages: the latest 20, or the 20 before `before` (Chatwoot's
/// `app/finders/message_finder.rb`).
pub fn messages_page_url(api: &str, inbox: &str, session: &Session, before: Option<u64>) -> String {
    let url = messages_url(api, inbox, session);
    match before {
        Some(id) => format!("{url}?before={id}"),
        None => url,
    }
}

pub fn message_url(api: &str, inbox: &str, session: &Session, message_id: u64) -> String {
    format!("{}/{message_id}", messages_url(api, inbox, session))
}

/// The answer to an `input_select`: `submitted_values` with the chosen item, as Chatwoot's
/// widget sends it (`app/javascript/widget/store/modules/message.js`; the public API permits
/// `submitted_values: [:name, :title, :value]` in `messages_controller.rb`).
pub fn select_answer_body(title: &str, value: &str) -> String {
    json!({ "submitted_values": [{ "title": title, "value": value }] }).to_string()
}

/// The answer to an `input_csat`, as `shared/components/CustomerSatisfaction.vue` sends it.
pub fn csat_answer_body(rating: u8) -> String {
    json!({ "submitted_values": { "csat_survey_response": { "rating": rating, "feedback_message": "" } } })
        .to_string()
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

/// A conversation's `status` ("open", "resolved", "pending", "snoozed").
pub fn read_status(body: &str) -> Option<String> {
    Some(
        serde_json::from_str::<Value>(body)
            .ok()?
            .get("status")?
            .as_str()?
            .to_owned(),
    )
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

/// ActionCable's `perform('update_presence')`, which Chatwoot's widget sends every 20 s
/// (`app/javascript/shared/helpers/BaseActionCableConnector.js`) to stay listed as online.
pub fn presence_frame(pubsub_token: &str) -> String {
    json!({
        "command": "message",
        "identifier": identifier(pubsub_token),
        "data": json!({ "action": "update_presence" }).to_string(),
    })
    .to_string()
}

/// What arrives over the WebSocket.
#[derive(Clone, Debug, PartialEq)]
pub enum CableEvent {
    Welcome,
    Ping,
    Subscribed,
    /// `reject_subscription`.
    Rejected,
    /// `disconnect`; whether the server wants the client to reconnect.
    Disconnect {
        reconnect: bool,
    },
    MessageCreated(Message),
    MessageUpdated(Message),
    Typing(bool),
    /// `presence.update`: whether any agent of the account is online (`users` non-empty,
    /// `app/channels/room_channel.rb`). Not an assignment: those never reach contacts.
    Presence {
        agents_online: bool,
    },
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
        Some("reject_subscription") => return CableEvent::Rejected,
        Some("disconnect") => {
            return CableEvent::Disconnect {
                reconnect: v.get("reconnect").and_then(Value::as_bool).unwrap_or(true),
            }
        }
        _ => {}
    }
    let Some(message) = v.get("message") else {
        return CableEvent::Other;
    };
    let data = message.get("data").unwrap_or(&Value::Null);
    let read = |wrap: fn(Message) -> CableEvent| {
        Message::from_value(data)
            .map(wrap)
            .unwrap_or(CableEvent::Other)
    };
    match message.get("event").and_then(Value::as_str) {
        Some("message.created") => read(CableEvent::MessageCreated),
        Some("message.updated") => read(CableEvent::MessageUpdated),
        Some("conversation.typing_on") => CableEvent::Typing(true),
        Some("conversation.typing_off") => CableEvent::Typing(false),
        Some("presence.update") => CableEvent::Presence {
            agents_online: match data.get("users") {
                Some(Value::Object(users)) => !users.is_empty(),
                Some(Value::Array(users)) => !users.is_empty(),
                _ => false,
            },
        },
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
            cable_url("https://chat.example/support/"),
            "wss://chat.example/support/cable",
            "the base path is kept"
        );
        assert_eq!(
            messages_page_url("https://c.example", "i", &s, Some(40)),
            "https://c.example/public/api/v1/inboxes/i/contacts/abc/conversations/7/messages?before=40"
        );
        assert_eq!(
            conversation_url("https://c.example", "i", &s),
            "https://c.example/public/api/v1/inboxes/i/contacts/abc/conversations/7"
        );
    }

    #[test]
    fn cable_frames_are_read() {
        assert_eq!(read_cable(r#"{"type":"welcome"}"#), CableEvent::Welcome);
        assert_eq!(
            read_cable(r#"{"type":"confirm_subscription","identifier":"x"}"#),
            CableEvent::Subscribed
        );
        let created = r#"{"identifier":"x","message":{"event":"message.created","data":{"id":5,"content":"Hi!","message_type":1,"created_at":1700000000,"sender":{"name":"Sanna Berg","available_name":"Sanna","type":"user"}}}}"#;
        match read_cable(created) {
            CableEvent::MessageCreated(m) => {
                assert_eq!(
                    (
                        m.id,
                        m.author,
                        m.content.as_str(),
                        m.sender_name.as_deref(),
                        m.from_person
                    ),
                    (5, Author::Agent, "Hi!", Some("Sanna"), true)
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
        assert_eq!(
            read_cable(r#"{"type":"disconnect","reason":"unauthorized","reconnect":false}"#),
            CableEvent::Disconnect { reconnect: false }
        );
        assert_eq!(
            read_cable(r#"{"type":"reject_subscription"}"#),
            CableEvent::Rejected
        );
        assert_eq!(
            read_cable(
                r#"{"message":{"event":"presence.update","data":{"account_id":1,"users":{}}}}"#
            ),
            CableEvent::Presence {
                agents_online: false
            }
        );
        assert_eq!(
            read_cable(
                r#"{"message":{"event":"presence.update","data":{"users":{"3":"online"}}}}"#
            ),
            CableEvent::Presence {
                agents_online: true
            }
        );
    }

    #[test]
    fn attachments_templates_and_interactive_content_are_read() {
        let v: Value = serde_json::from_str(
            r#"{"id":9,"content":null,"message_type":1,"attachments":[
                {"file_type":"image","data_url":"https://cdn.example/a/label.png?x=1"},
                {"file_type":"file","data_url":"http://cdn.example/b/receipt.pdf"},
                {"file_type":"image","data_url":"javascript:alert(1)"}]}"#,
        )
        .unwrap();
        let m = Message::from_value(&v).unwrap();
        assert_eq!(m.content, "");
        assert_eq!(
            m.attachments,
            vec![
                Attachment {
                    image: true,
                    url: "https://cdn.example/a/label.png?x=1".into(),
                    name: "label.png".into()
                },
                Attachment {
                    image: false,
                    url: "http://cdn.example/b/receipt.pdf".into(),
                    name: "receipt.pdf".into()
                },
            ]
        );
        let select: Value = serde_json::from_str(
            r#"{"id":10,"content":"Pick one","message_type":3,"content_type":"input_select",
                "content_attributes":{"items":[{"title":"Return","value":"return"},{"title":"Other","value":"other"}]}}"#,
        )
        .unwrap();
        let m = Message::from_value(&select).unwrap();
        assert_eq!(m.author, Author::Template);
        assert_eq!(
            m.interactive,
            Interactive::Select {
                items: vec![
                    ("Return".into(), "return".into()),
                    ("Other".into(), "other".into())
                ],
                chosen: None
            }
        );
        let csat: Value = serde_json::from_str(
            r#"{"id":11,"message_type":3,"content_type":"input_csat","content_attributes":{"submitted_values":{"csat_survey_response":{"rating":4}}}}"#,
        )
        .unwrap();
        assert_eq!(
            Message::from_value(&csat).unwrap().interactive,
            Interactive::Csat { rating: Some(4) }
        );
        let note: Value =
            serde_json::from_str(r#"{"id":12,"message_type":1,"private":true,"content":"x"}"#)
                .unwrap();
        assert!(!Message::from_value(&note).unwrap().is_shown());
        assert_eq!(
            select_answer_body("Return", "return"),
            r#"{"submitted_values":[{"title":"Return","value":"return"}]}"#
        );
        assert_eq!(
            read_status(r#"{"id":1,"status":"resolved"}"#).as_deref(),
            Some("resolved")
        );
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
