//! The records the stand-in keeps: contacts, conversations, messages and attachments, with the
//! fields Chatwoot's schema gives them (`db/schema.rb`, the models under `app/models/`) that the
//! client API or its events show.

use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Open,
    Resolved,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
        }
    }
}

/// `enum message_type` in `app/models/message.rb`; JSON carries the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MessageType {
    Incoming,
    Outgoing,
    Activity,
    Template,
}

impl MessageType {
    pub(crate) fn code(self) -> u8 {
        match self {
            MessageType::Incoming => 0,
            MessageType::Outgoing => 1,
            MessageType::Activity => 2,
            MessageType::Template => 3,
        }
    }

    pub(crate) fn from_code(code: u64) -> Option<Self> {
        match code {
            0 => Some(MessageType::Incoming),
            1 => Some(MessageType::Outgoing),
            2 => Some(MessageType::Activity),
            3 => Some(MessageType::Template),
            _ => None,
        }
    }
}

pub(crate) struct Contact {
    pub(crate) id: u64,
    pub(crate) source_id: String,
    pub(crate) pubsub_token: String,
    pub(crate) inbox_id: u64,
    pub(crate) identifier: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone_number: Option<String>,
    pub(crate) custom_attributes: Map<String, Value>,
    pub(crate) created_at: u64,
}

#[derive(Clone, Debug)]
pub(crate) enum Sender {
    /// The conversation's contact (rendered from the contact as it is now).
    Contact,
    /// An agent: `User#push_event_data`, or any sender object a test supplied.
    User(Value),
}

#[derive(Clone, Debug)]
pub(crate) struct Attachment {
    pub(crate) id: u64,
    pub(crate) message_id: u64,
    pub(crate) file_type: String,
    pub(crate) data_url: Option<String>,
    pub(crate) thumb_url: Option<String>,
    pub(crate) file_size: Option<u64>,
    pub(crate) extension: Option<String>,
    pub(crate) width: Option<u64>,
    pub(crate) height: Option<u64>,
    pub(crate) fallback_title: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct Message {
    pub(crate) id: u64,
    pub(crate) conversation_id: u64,
    pub(crate) inbox_id: u64,
    pub(crate) content: Option<String>,
    pub(crate) message_type: MessageType,
    pub(crate) content_type: String,
    pub(crate) content_attributes: Map<String, Value>,
    pub(crate) private: bool,
    pub(crate) created_at: u64,
    pub(crate) updated_at: u64,
    /// Only for the `message.created` event and `/__standin/messages`; never in REST.
    pub(crate) echo_id: Option<String>,
    pub(crate) sender: Option<Sender>,
    pub(crate) attachments: Vec<Attachment>,
}

impl Message {
    /// `scope :chat` in `app/models/message.rb` (not activity, not private): what the public
    /// list shows and what reaches the contact's WebSocket.
    pub(crate) fn is_chat(&self) -> bool {
        self.message_type != MessageType::Activity && !self.private
    }
}

/// A message to store, before it has an id.
#[derive(Debug)]
pub(crate) struct NewMessage {
    pub(crate) content: Option<String>,
    pub(crate) message_type: MessageType,
    pub(crate) content_type: String,
    pub(crate) content_attributes: Map<String, Value>,
    pub(crate) private: bool,
    pub(crate) echo_id: Option<String>,
    pub(crate) sender: Option<Sender>,
    /// Attachments with `id` and `message_id` still 0.
    pub(crate) attachments: Vec<Attachment>,
}

impl NewMessage {
    pub(crate) fn text(message_type: MessageType, content: String, sender: Option<Sender>) -> Self {
        NewMessage {
            content: Some(content),
            message_type,
            content_type: "text".to_owned(),
            content_attributes: Map::new(),
            private: false,
            echo_id: None,
            sender,
            attachments: Vec::new(),
        }
    }
}

/// Where the scripted agent is in a conversation.
#[derive(Default)]
pub(crate) struct AgentProgress {
    pub(crate) greeted: bool,
    pub(crate) answers: usize,
}

pub(crate) struct Conversation {
    pub(crate) id: u64,
    pub(crate) uuid: String,
    pub(crate) inbox_id: u64,
    /// The contact's `source_id`.
    pub(crate) contact: String,
    pub(crate) status: Status,
    pub(crate) custom_attributes: Map<String, Value>,
    pub(crate) created_at: u64,
    pub(crate) last_activity_at: u64,
    pub(crate) contact_last_seen_at: Option<u64>,
    pub(crate) agent_last_seen_at: Option<u64>,
    pub(crate) messages: Vec<Message>,
    pub(crate) agent: AgentProgress,
}
