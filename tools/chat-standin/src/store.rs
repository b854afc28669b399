//! What the stand-in stores, and what each request changes and tells the WebSockets.
//!
//! Everything here is plain data and plain functions: an operation takes the request's parts and
//! returns a [`Done`] — the answer, the events to broadcast and the agent turn to schedule — so
//! the HTTP layer (`api.rs`, `control.rs`) only unpacks requests and carries the results out.
//! Who may see what follows `ActionCableListener` (`app/listeners/action_cable_listener.rb`):
//! messages reach the contact unless private or activity (`contact_tokens`); conversation
//! creation and status changes reach the contact; a contact's own typing does not come back to
//! them (`typing_event_listener_tokens` leaves out the typist).

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use serde_json::{Map, Value};

use crate::agent::Turn;
use crate::wire;

pub(crate) const ACCOUNT_ID: u64 = 1;
/// Chatwoot's public messages list: `MessageFinder#messages_latest` / `#messages_before`
/// (`app/finders/message_finder.rb`) take 20.
pub(crate) const PAGE: usize = 20;
/// `validates :content, length: { maximum: 150_000 }` in `app/models/message.rb`.
pub(crate) const MAX_CONTENT_CHARS: usize = 150_000;

const MAX_ATTRIBUTES_BYTES: usize = 16 * 1024;
const MAX_FIELD_CHARS: usize = 255;
const MAX_CONTACTS: usize = 10_000;
const MAX_CONVERSATIONS: usize = 10_000;
const MAX_MESSAGES: usize = 10_000;
const MAX_STORED_BYTES: usize = 64 * 1024 * 1024;
const MAX_ATTACHMENTS: usize = 15;

/// `enum content_type` in `app/models/message.rb`.
const CONTENT_TYPES: [&str; 12] = [
    "text",
    "input_text",
    "input_textarea",
    "input_email",
    "input_select",
    "cards",
    "form",
    "article",
    "incoming_email",
    "input_csat",
    "integrations",
    "sticker",
];
/// `enum file_type` of `Attachment` (`app/models/attachment.rb`).
const FILE_TYPES: [&str; 10] = [
    "image",
    "audio",
    "video",
    "file",
    "location",
    "fallback",
    "share",
    "story_mention",
    "contact",
    "ig_reel",
];

// ------------------------------------------------------------------------------------------
// Errors and results

/// A request refused, answered `{"error": message}` with `status`.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
}

pub(crate) fn refuse(status: StatusCode, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        message: message.into(),
    }
}

/// What Chatwoot answers for a record that `find_by!` does not find (unknown inbox, contact,
/// conversation or message).
pub(crate) fn not_found() -> Refusal {
    refuse(StatusCode::NOT_FOUND, "Resource could not be found")
}

fn full(what: &str) -> Refusal {
    refuse(
        StatusCode::TOO_MANY_REQUESTS,
        format!("the chat stand-in holds at most {what}; POST /__standin/reset"),
    )
}

/// An event for every WebSocket subscribed with `token`.
#[derive(Debug)]
pub(crate) struct Broadcast {
    pub(crate) token: String,
    pub(crate) event: &'static str,
    pub(crate) data: Value,
}

/// The body of a successful answer.
#[derive(Debug)]
pub(crate) enum Reply {
    Json(Value),
    /// `head :ok`: 200 with no body.
    Empty,
}

/// The outcome of an operation: the answer, what to broadcast, and an agent turn to schedule.
#[derive(Debug)]
pub(crate) struct Done {
    pub(crate) reply: Reply,
    pub(crate) broadcasts: Vec<Broadcast>,
    pub(crate) agent: Option<(u64, Turn)>,
}

impl Done {
    fn json(body: Value) -> Self {
        Done {
            reply: Reply::Json(body),
            broadcasts: Vec::new(),
            agent: None,
        }
    }

    fn empty() -> Self {
        Done {
            reply: Reply::Empty,
            broadcasts: Vec::new(),
            agent: None,
        }
    }
}

// ------------------------------------------------------------------------------------------
// Records

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

// ------------------------------------------------------------------------------------------
// The store

pub(crate) struct Store {
    /// Inbox identifiers; an inbox's numeric id is its position + 1.
    inboxes: Vec<String>,
    /// Bumped by a reset: agent turns scheduled before it are dropped.
    pub(crate) epoch: u64,
    seq: u64,
    next_contact_id: u64,
    next_conversation_id: u64,
    next_message_id: u64,
    next_attachment_id: u64,
    /// By `source_id`.
    contacts: HashMap<String, Contact>,
    conversations: BTreeMap<u64, Conversation>,
    message_count: usize,
    stored_bytes: usize,
}

impl Store {
    pub(crate) fn new(inboxes: Vec<String>) -> Self {
        Store {
            inboxes,
            epoch: 0,
            seq: 0,
            next_contact_id: 0,
            next_conversation_id: 0,
            next_message_id: 0,
            next_attachment_id: 0,
            contacts: HashMap::new(),
            conversations: BTreeMap::new(),
            message_count: 0,
            stored_bytes: 0,
        }
    }

    /// Forgets every contact, conversation and message; ids keep counting up.
    pub(crate) fn reset(&mut self) {
        self.epoch += 1;
        self.contacts.clear();
        self.conversations.clear();
        self.message_count = 0;
        self.stored_bytes = 0;
    }

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

    /// 24 characters of base58, like `has_secure_token :pubsub_token` on `ContactInbox`.
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

    // --- lookups, each a `find_by!` in Chatwoot's controllers ---

    /// `Channel::Api.find_by!(identifier: params[:inbox_id])`
    /// (`app/controllers/public/api/v1/inboxes_controller.rb`).
    fn inbox_id(&self, inbox: &str) -> Result<u64, Refusal> {
        self.inboxes
            .iter()
            .position(|known| known == inbox)
            .map(|index| index as u64 + 1)
            .ok_or_else(not_found)
    }

    /// `inbox.contact_inboxes.find_by!(source_id: …)`.
    fn contact(&self, inbox: &str, source_id: &str) -> Result<&Contact, Refusal> {
        let inbox_id = self.inbox_id(inbox)?;
        self.contacts
            .get(source_id)
            .filter(|contact| contact.inbox_id == inbox_id)
            .ok_or_else(not_found)
    }

    /// `conversations.find_by!(display_id: …)` among the contact's conversations.
    fn conversation_id(&self, inbox: &str, source_id: &str, id: &str) -> Result<u64, Refusal> {
        self.contact(inbox, source_id)?;
        let id: u64 = id.parse().map_err(|_| not_found())?;
        self.conversations
            .get(&id)
            .filter(|c| c.contact == source_id)
            .map(|c| c.id)
            .ok_or_else(not_found)
    }

    /// A conversation with its contact, by id alone (control routes and the agent).
    pub(crate) fn with_contact(&self, conversation_id: u64) -> Option<(&Conversation, &Contact)> {
        let conversation = self.conversations.get(&conversation_id)?;
        let contact = self.contacts.get(&conversation.contact)?;
        Some((conversation, contact))
    }

    pub(crate) fn conversation_mut(&mut self, conversation_id: u64) -> Option<&mut Conversation> {
        self.conversations.get_mut(&conversation_id)
    }

    pub(crate) fn knows_token(&self, token: &str) -> bool {
        self.contacts.values().any(|c| c.pubsub_token == token)
    }

    // --- writing messages ---

    /// Stores a message and returns the events Chatwoot would send the contact for it.
    pub(crate) fn push_message(
        &mut self,
        conversation_id: u64,
        new: NewMessage,
    ) -> Result<(u64, Vec<Broadcast>), Refusal> {
        if self.message_count >= MAX_MESSAGES {
            return Err(full(&format!("{MAX_MESSAGES} messages")));
        }
        let bytes = new.content.as_ref().map_or(0, String::len);
        if self.stored_bytes + bytes > MAX_STORED_BYTES {
            return Err(full("64 MiB of message text"));
        }
        let inbox_id = self
            .conversations
            .get(&conversation_id)
            .map(|c| c.inbox_id)
            .ok_or_else(not_found)?;
        self.next_message_id += 1;
        let id = self.next_message_id;
        let mut attachments = new.attachments;
        for attachment in &mut attachments {
            self.next_attachment_id += 1;
            attachment.id = self.next_attachment_id;
            attachment.message_id = id;
        }
        let now = now_secs();
        let message = Message {
            id,
            conversation_id,
            inbox_id,
            content: new.content,
            message_type: new.message_type,
            content_type: new.content_type,
            content_attributes: new.content_attributes,
            private: new.private,
            created_at: now,
            updated_at: now,
            echo_id: new.echo_id,
            sender: new.sender,
            attachments,
        };
        let reaches_contact = message.is_chat();
        let conversation = self
            .conversations
            .get_mut(&conversation_id)
            .ok_or_else(not_found)?;
        conversation.last_activity_at = now;
        conversation.messages.push(message);
        self.message_count += 1;
        self.stored_bytes += bytes;
        let mut broadcasts = Vec::new();
        if reaches_contact {
            broadcasts.extend(self.message_broadcast(conversation_id, id, "message.created"));
        }
        Ok((id, broadcasts))
    }

    fn message_broadcast(
        &self,
        conversation_id: u64,
        message_id: u64,
        event: &'static str,
    ) -> Option<Broadcast> {
        let (conversation, contact) = self.with_contact(conversation_id)?;
        let message = conversation.messages.iter().find(|m| m.id == message_id)?;
        Some(Broadcast {
            token: contact.pubsub_token.clone(),
            event,
            data: wire::message_event(message, contact),
        })
    }

    /// An activity message (`Conversation#create_activity`; wording as in Chatwoot's
    /// `config/locales/en.yml`, `conversations.activity`): stored, listed nowhere public,
    /// sent to no contact.
    pub(crate) fn push_activity(&mut self, conversation_id: u64, content: String) {
        // A full store skips the activity line rather than failing what caused it.
        let activity = NewMessage::text(MessageType::Activity, content, None);
        if let Err(refusal) = self.push_message(conversation_id, activity) {
            eprintln!(
                "chat_standin: activity message not stored: {}",
                refusal.message
            );
        }
    }

    /// Sets the status; the activity line and `conversation.status_changed` follow, as
    /// `ActionCableListener#conversation_status_changed` sends it to the contact.
    pub(crate) fn set_status(
        &mut self,
        conversation_id: u64,
        status: Status,
        activity: String,
    ) -> Vec<Broadcast> {
        let Some(conversation) = self.conversations.get_mut(&conversation_id) else {
            return Vec::new();
        };
        if conversation.status == status {
            return Vec::new();
        }
        conversation.status = status;
        self.push_activity(conversation_id, activity);
        self.conversation_broadcast(conversation_id, "conversation.status_changed")
            .into_iter()
            .collect()
    }

    fn conversation_broadcast(
        &self,
        conversation_id: u64,
        event: &'static str,
    ) -> Option<Broadcast> {
        let (conversation, contact) = self.with_contact(conversation_id)?;
        Some(Broadcast {
            token: contact.pubsub_token.clone(),
            event,
            data: wire::conversation_event(conversation, contact),
        })
    }

    /// `conversation.typing_on|off` from `user` to the conversation's contact.
    pub(crate) fn typing_broadcast(
        &self,
        conversation_id: u64,
        on: bool,
        user: &Value,
    ) -> Option<Broadcast> {
        let (conversation, contact) = self.with_contact(conversation_id)?;
        Some(Broadcast {
            token: contact.pubsub_token.clone(),
            event: if on {
                "conversation.typing_on"
            } else {
                "conversation.typing_off"
            },
            data: wire::typing(conversation, contact, user),
        })
    }

    // --- the public client API (`app/controllers/public/api/v1/inboxes/*`) ---

    /// `ContactsController#create`: a new contact with a fresh `source_id` and `pubsub_token`.
    pub(crate) fn create_contact(&mut self, inbox: &str, body: &[u8]) -> Result<Done, Refusal> {
        let inbox_id = self.inbox_id(inbox)?;
        let map = parse_object(body)?;
        if self.contacts.len() >= MAX_CONTACTS {
            return Err(full(&format!("{MAX_CONTACTS} contacts")));
        }
        self.next_contact_id += 1;
        let contact = Contact {
            id: self.next_contact_id,
            source_id: self.new_uuid(),
            pubsub_token: self.new_token(),
            inbox_id,
            identifier: opt_string(&map, "identifier")?,
            name: opt_string(&map, "name")?,
            email: opt_string(&map, "email")?,
            phone_number: opt_string(&map, "phone_number")?,
            custom_attributes: opt_attributes(&map, "custom_attributes")?.unwrap_or_default(),
            created_at: now_secs(),
        };
        let body = wire::contact_with_token(&contact);
        self.contacts.insert(contact.source_id.clone(), contact);
        Ok(Done::json(body))
    }

    /// `ContactsController#show`.
    pub(crate) fn show_contact(&self, inbox: &str, source_id: &str) -> Result<Done, Refusal> {
        let contact = self.contact(inbox, source_id)?;
        Ok(Done::json(wire::contact_with_token(contact)))
    }

    /// `ContactsController#update` (`ContactIdentifyAction`): fields replace, custom attributes
    /// merge; answers the contact record.
    pub(crate) fn update_contact(
        &mut self,
        inbox: &str,
        source_id: &str,
        body: &[u8],
    ) -> Result<Done, Refusal> {
        self.contact(inbox, source_id)?;
        let map = parse_object(body)?;
        let name = opt_string(&map, "name")?;
        let email = opt_string(&map, "email")?;
        let phone_number = opt_string(&map, "phone_number")?;
        let identifier = opt_string(&map, "identifier")?;
        let attributes = opt_attributes(&map, "custom_attributes")?;
        let contact = self.contacts.get_mut(source_id).ok_or_else(not_found)?;
        if let Some(attributes) = attributes {
            let mut merged = contact.custom_attributes.clone();
            merged.extend(attributes);
            if json_size(&merged) > MAX_ATTRIBUTES_BYTES {
                return Err(refuse(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("custom attributes larger than {MAX_ATTRIBUTES_BYTES} bytes"),
                ));
            }
            contact.custom_attributes = merged;
        }
        for (field, value) in [
            (&mut contact.name, name),
            (&mut contact.email, email),
            (&mut contact.phone_number, phone_number),
            (&mut contact.identifier, identifier),
        ] {
            if value.is_some() {
                *field = value;
            }
        }
        Ok(Done::json(wire::contact_record(contact)))
    }

    /// `ConversationsController#create` (`ConversationBuilder`); `conversation.created` goes to
    /// the contact (`ActionCableListener#conversation_created`).
    pub(crate) fn create_conversation(
        &mut self,
        inbox: &str,
        source_id: &str,
        body: &[u8],
    ) -> Result<Done, Refusal> {
        let inbox_id = self.contact(inbox, source_id)?.inbox_id;
        let map = parse_object(body)?;
        let custom_attributes = opt_attributes(&map, "custom_attributes")?.unwrap_or_default();
        if self.conversations.len() >= MAX_CONVERSATIONS {
            return Err(full(&format!("{MAX_CONVERSATIONS} conversations")));
        }
        self.next_conversation_id += 1;
        let now = now_secs();
        let conversation = Conversation {
            id: self.next_conversation_id,
            uuid: self.new_uuid(),
            inbox_id,
            contact: source_id.to_owned(),
            status: Status::Open,
            custom_attributes,
            created_at: now,
            last_activity_at: now,
            contact_last_seen_at: None,
            agent_last_seen_at: None,
            messages: Vec::new(),
            agent: AgentProgress::default(),
        };
        let id = conversation.id;
        self.conversations.insert(id, conversation);
        let mut done = Done::json(self.conversation_json(id)?);
        done.broadcasts
            .extend(self.conversation_broadcast(id, "conversation.created"));
        Ok(done)
    }

    fn conversation_json(&self, id: u64) -> Result<Value, Refusal> {
        let (conversation, contact) = self.with_contact(id).ok_or_else(not_found)?;
        Ok(wire::conversation_public(conversation, contact))
    }

    /// `ConversationsController#index`: the contact's conversations in this inbox.
    pub(crate) fn list_conversations(&self, inbox: &str, source_id: &str) -> Result<Done, Refusal> {
        let contact = self.contact(inbox, source_id)?;
        let list: Vec<Value> = self
            .conversations
            .values()
            .filter(|c| c.contact == source_id)
            .map(|c| wire::conversation_public(c, contact))
            .collect();
        Ok(Done::json(Value::Array(list)))
    }

    /// `ConversationsController#show`.
    pub(crate) fn show_conversation(
        &self,
        inbox: &str,
        source_id: &str,
        id: &str,
    ) -> Result<Done, Refusal> {
        let id = self.conversation_id(inbox, source_id, id)?;
        Ok(Done::json(self.conversation_json(id)?))
    }

    /// `ConversationsController#toggle_status`: it only resolves (`return if
    /// @conversation.resolved?`), with the contact as the resolver; the answer is the
    /// conversation either way.
    pub(crate) fn toggle_status(
        &mut self,
        inbox: &str,
        source_id: &str,
        id: &str,
    ) -> Result<Done, Refusal> {
        let id = self.conversation_id(inbox, source_id, id)?;
        let name = self
            .contact(inbox, source_id)?
            .name
            .clone()
            .unwrap_or_else(|| "the contact".to_owned());
        let broadcasts = self.set_status(
            id,
            Status::Resolved,
            format!("Conversation was resolved by {name}"),
        );
        let mut done = Done::json(self.conversation_json(id)?);
        done.broadcasts = broadcasts;
        Ok(done)
    }

    /// `ConversationsController#toggle_typing`: `head :ok` whatever `typing_status` says; the
    /// event goes to agents, never back to the contact who typed.
    pub(crate) fn toggle_typing(
        &self,
        inbox: &str,
        source_id: &str,
        id: &str,
    ) -> Result<Done, Refusal> {
        self.conversation_id(inbox, source_id, id)?;
        Ok(Done::empty())
    }

    /// `ConversationsController#update_last_seen`: `head :ok`.
    pub(crate) fn update_last_seen(
        &mut self,
        inbox: &str,
        source_id: &str,
        id: &str,
    ) -> Result<Done, Refusal> {
        let id = self.conversation_id(inbox, source_id, id)?;
        if let Some(conversation) = self.conversations.get_mut(&id) {
            conversation.contact_last_seen_at = Some(now_secs());
        }
        Ok(Done::empty())
    }

    /// `MessagesController#create`: an incoming message from the contact. `echo_id` is kept
    /// only for the `message.created` event (`attr_accessor :echo_id` in `app/models/message.rb`);
    /// a resolved conversation reopens (`Message#reopen_conversation`). Chatwoot does not
    /// de-duplicate: the same `echo_id` twice is two messages.
    pub(crate) fn create_message(
        &mut self,
        inbox: &str,
        source_id: &str,
        conversation: &str,
        body: &[u8],
    ) -> Result<Done, Refusal> {
        let id = self.conversation_id(inbox, source_id, conversation)?;
        let map = parse_object(body)?;
        // `params.permit(:content, :echo_id)`: scalars only; anything else is dropped.
        let content = match map.get("content") {
            Some(Value::String(text)) => Some(text.clone()),
            Some(Value::Number(number)) => Some(number.to_string()),
            Some(Value::Bool(flag)) => Some(flag.to_string()),
            _ => None,
        };
        if content
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_CONTENT_CHARS)
        {
            return Err(refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("Content is too long (maximum is {MAX_CONTENT_CHARS} characters)"),
            ));
        }
        let echo_id = match map.get("echo_id") {
            Some(Value::String(text)) if text.chars().count() <= MAX_FIELD_CHARS => {
                Some(text.clone())
            }
            Some(Value::String(_)) => {
                return Err(refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("`echo_id` is longer than {MAX_FIELD_CHARS} characters"),
                ))
            }
            Some(Value::Number(number)) => Some(number.to_string()),
            _ => None,
        };
        let thanks = content.as_deref().is_some_and(crate::agent::is_thanks);
        let new = NewMessage {
            content,
            message_type: MessageType::Incoming,
            content_type: "text".to_owned(),
            content_attributes: Map::new(),
            private: false,
            echo_id,
            sender: Some(Sender::Contact),
            attachments: Vec::new(),
        };
        let (message_id, created) = self.push_message(id, new)?;
        // `reopen_conversation` runs before `dispatch_create_events` in
        // `Message#execute_after_create_commit_callbacks`: the status change goes out first.
        let mut broadcasts = self.set_status(
            id,
            Status::Open,
            "System reopened the conversation due to a new incoming message.".to_owned(),
        );
        broadcasts.extend(created);
        let conversation = self.conversations.get_mut(&id).ok_or_else(not_found)?;
        let turn = if !conversation.agent.greeted {
            Turn::Greeting
        } else if thanks {
            Turn::Goodbye
        } else {
            Turn::Answer
        };
        conversation.agent.greeted = true;
        let (conversation, contact) = self.with_contact(id).ok_or_else(not_found)?;
        let message = conversation
            .messages
            .iter()
            .find(|m| m.id == message_id)
            .ok_or_else(not_found)?;
        Ok(Done {
            reply: Reply::Json(wire::message_public(message, contact)),
            broadcasts,
            agent: Some((id, turn)),
        })
    }

    /// `MessagesController#index` with `MessageFinder` (`filter_internal_messages: true`, so no
    /// private and no activity messages): the latest 20, or the 20 before `before`, in ascending
    /// order. `before` is read as Ruby's `to_i` reads it ("abc" is 0, so nothing is older).
    pub(crate) fn list_messages(
        &self,
        inbox: &str,
        source_id: &str,
        conversation: &str,
        before: Option<&str>,
    ) -> Result<Done, Refusal> {
        let id = self.conversation_id(inbox, source_id, conversation)?;
        let (conversation, contact) = self.with_contact(id).ok_or_else(not_found)?;
        let before = before.filter(|b| !b.is_empty()).map(ruby_to_i);
        let older: Vec<&Message> = conversation
            .messages
            .iter()
            .filter(|m| m.is_chat())
            .filter(|m| before.is_none_or(|before| (m.id as i64) < before))
            .collect();
        let start = older.len().saturating_sub(PAGE);
        let page: Vec<Value> = older[start..]
            .iter()
            .map(|m| wire::message_public(m, contact))
            .collect();
        Ok(Done::json(Value::Array(page)))
    }

    /// `MessagesController#update`: the contact's answer to a template or interactive message.
    /// Only `submitted_values` is permitted (`params.permit(submitted_values: [:name, :title,
    /// :value, { csat_survey_response: [:feedback_message, :rating] }])`); it replaces
    /// `content_attributes.submitted_values`, and `message.updated` follows
    /// (`after_update_commit :dispatch_update_event`). Chatwoot's widget sends `[{title, value}]`
    /// for `input_select`, `[{name, value}]` for `form`, and `{csat_survey_response: {rating,
    /// feedback_message}}` for `input_csat` (`app/javascript/widget/components/AgentMessage.vue`,
    /// `store/modules/message.js`).
    pub(crate) fn update_message(
        &mut self,
        inbox: &str,
        source_id: &str,
        conversation: &str,
        message: &str,
        body: &[u8],
    ) -> Result<Done, Refusal> {
        let id = self.conversation_id(inbox, source_id, conversation)?;
        let message_id: u64 = message.parse().map_err(|_| not_found())?;
        let map = parse_object(body)?;
        let submitted = map.get("submitted_values").and_then(permit_submitted);
        if let Some(submitted) = &submitted {
            if serde_json::to_string(submitted).map_or(usize::MAX, |t| t.len())
                > MAX_ATTRIBUTES_BYTES
            {
                return Err(refuse(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("`submitted_values` is larger than {MAX_ATTRIBUTES_BYTES} bytes"),
                ));
            }
        }
        let conversation = self.conversations.get_mut(&id).ok_or_else(not_found)?;
        let stored = conversation
            .messages
            .iter_mut()
            .find(|m| m.id == message_id)
            .ok_or_else(not_found)?;
        let mut broadcasts = Vec::new();
        let changed = submitted.is_some_and(|submitted| {
            let before = stored
                .content_attributes
                .insert("submitted_values".into(), submitted);
            before.as_ref() != stored.content_attributes.get("submitted_values")
        });
        if changed {
            stored.updated_at = now_secs();
            if stored.is_chat() {
                broadcasts.extend(self.message_broadcast(id, message_id, "message.updated"));
            }
        }
        let (conversation, contact) = self.with_contact(id).ok_or_else(not_found)?;
        let message = conversation
            .messages
            .iter()
            .find(|m| m.id == message_id)
            .ok_or_else(not_found)?;
        Ok(Done {
            reply: Reply::Json(wire::message_public(message, contact)),
            broadcasts,
            agent: None,
        })
    }

    // --- for the control routes ---

    /// Every stored message, of one conversation or of all, in id order, in the control shape.
    pub(crate) fn stored_messages(&self, conversation: Option<u64>) -> Result<Value, Refusal> {
        let mut all: Vec<(u64, Value)> = Vec::new();
        for c in self.conversations.values() {
            if conversation.is_some_and(|id| id != c.id) {
                continue;
            }
            let Some(contact) = self.contacts.get(&c.contact) else {
                continue;
            };
            all.extend(
                c.messages
                    .iter()
                    .map(|m| (m.id, wire::message_control(m, contact))),
            );
        }
        if let Some(id) = conversation {
            if !self.conversations.contains_key(&id) {
                return Err(not_found());
            }
        }
        all.sort_by_key(|(id, _)| *id);
        Ok(Value::Array(all.into_iter().map(|(_, m)| m).collect()))
    }

    /// The control shape of one stored message.
    pub(crate) fn message_control(&self, conversation_id: u64, message_id: u64) -> Option<Value> {
        let (conversation, contact) = self.with_contact(conversation_id)?;
        let message = conversation.messages.iter().find(|m| m.id == message_id)?;
        Some(wire::message_control(message, contact))
    }
}

// ------------------------------------------------------------------------------------------
// Request bodies

/// A JSON object body. Not JSON is 400 (Rails' `ParseError`); JSON that is not an object has no
/// named parameters (Rails puts it under `_json`), so it reads as `{}`.
pub(crate) fn parse_object(body: &[u8]) -> Result<Map<String, Value>, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(Map::new()),
        Err(error) => Err(refuse(
            StatusCode::BAD_REQUEST,
            format!("the body is not JSON: {error}"),
        )),
    }
}

fn opt_string(map: &Map<String, Value>, key: &str) -> Result<Option<String>, Refusal> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.chars().count() <= MAX_FIELD_CHARS => {
            Ok(Some(text.clone()))
        }
        Some(Value::String(_)) => Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("`{key}` is longer than {MAX_FIELD_CHARS} characters"),
        )),
        // Strong parameters drop what is not a scalar.
        Some(_) => Ok(None),
    }
}

fn json_size(map: &Map<String, Value>) -> usize {
    serde_json::to_string(map).map_or(usize::MAX, |text| text.len())
}

pub(crate) fn opt_attributes(
    map: &Map<String, Value>,
    key: &str,
) -> Result<Option<Map<String, Value>>, Refusal> {
    match map.get(key) {
        Some(Value::Object(attributes)) if json_size(attributes) <= MAX_ATTRIBUTES_BYTES => {
            Ok(Some(attributes.clone()))
        }
        Some(Value::Object(_)) => Err(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("`{key}` is larger than {MAX_ATTRIBUTES_BYTES} bytes"),
        )),
        _ => Ok(None),
    }
}

/// Strong parameters for `submitted_values`: a hash or an array of hashes, keeping only `name`,
/// `title`, `value` (scalars) and `csat_survey_response: {feedback_message, rating}`.
fn permit_submitted(value: &Value) -> Option<Value> {
    fn scalar(value: &Value) -> bool {
        matches!(
            value,
            Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null
        )
    }
    fn permit(map: &Map<String, Value>) -> Value {
        let mut kept = Map::new();
        for key in ["name", "title", "value"] {
            if let Some(v) = map.get(key).filter(|v| scalar(v)) {
                kept.insert(key.to_owned(), v.clone());
            }
        }
        if let Some(Value::Object(csat)) = map.get("csat_survey_response") {
            let mut response = Map::new();
            for key in ["feedback_message", "rating"] {
                if let Some(v) = csat.get(key).filter(|v| scalar(v)) {
                    response.insert(key.to_owned(), v.clone());
                }
            }
            kept.insert("csat_survey_response".to_owned(), Value::Object(response));
        }
        Value::Object(kept)
    }
    match value {
        Value::Object(map) => Some(permit(map)),
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .filter_map(Value::as_object)
                .map(permit)
                .collect(),
        )),
        _ => None,
    }
}

/// Checks an agent-side message as `ContentAttributeValidator`
/// (`app/validators/content_attribute_validator.rb`) does: `input_select`, `cards`, `form` and
/// `article` need a non-empty `items` array of objects with only the allowed keys.
pub(crate) fn validate_content(
    content_type: &str,
    attributes: &Map<String, Value>,
) -> Result<(), Refusal> {
    if !CONTENT_TYPES.contains(&content_type) {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("unknown content_type `{content_type}`: one of {CONTENT_TYPES:?}"),
        ));
    }
    let allowed: &[&str] = match content_type {
        "input_select" => &["title", "value"],
        "cards" => &["title", "description", "media_url", "actions"],
        "form" => &[
            "type",
            "placeholder",
            "label",
            "name",
            "options",
            "default",
            "required",
            "pattern",
            "title",
            "pattern_error",
        ],
        "article" => &["title", "description", "link"],
        _ => return Ok(()),
    };
    let invalid = |why: String| refuse(StatusCode::UNPROCESSABLE_ENTITY, why);
    let items = match attributes.get("items") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        _ => return Err(invalid("At least one item is required.".to_owned())),
    };
    for item in items {
        let Value::Object(item) = item else {
            return Err(invalid("Items should be a hash.".to_owned()));
        };
        if let Some(key) = item.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(invalid(format!(
                "contains invalid keys for items : [{key}]"
            )));
        }
    }
    Ok(())
}

/// An attachment given to `/__standin/agent-message`: `file_type` one of Chatwoot's, the rest
/// optional (ids are given when stored).
pub(crate) fn parse_attachment(value: &Value) -> Result<Attachment, Refusal> {
    let bad = |why: &str| {
        refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("attachment: {why}"),
        )
    };
    let Value::Object(map) = value else {
        return Err(bad("must be an object"));
    };
    let file_type = map
        .get("file_type")
        .and_then(Value::as_str)
        .unwrap_or("file");
    if !FILE_TYPES.contains(&file_type) {
        return Err(bad(&format!("file_type must be one of {FILE_TYPES:?}")));
    }
    let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
    let number = |key: &str| map.get(key).and_then(Value::as_u64);
    Ok(Attachment {
        id: 0,
        message_id: 0,
        file_type: file_type.to_owned(),
        data_url: text("data_url"),
        thumb_url: text("thumb_url"),
        file_size: number("file_size"),
        extension: text("extension"),
        width: number("width"),
        height: number("height"),
        fallback_title: text("fallback_title"),
    })
}

pub(crate) fn parse_attachments(value: Option<&Value>) -> Result<Vec<Attachment>, Refusal> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) if items.len() <= MAX_ATTACHMENTS => {
            items.iter().map(parse_attachment).collect()
        }
        Some(Value::Array(_)) => Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("at most {MAX_ATTACHMENTS} attachments (NUMBER_OF_PERMITTED_ATTACHMENTS)"),
        )),
        Some(_) => Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "`attachments` must be an array",
        )),
    }
}

/// Ruby's `String#to_i`: leading blanks, an optional sign, leading digits; otherwise 0.
fn ruby_to_i(text: &str) -> i64 {
    let text = text.trim_start();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().map_or(0, |n| sign * n)
}

pub(crate) fn now_secs() -> u64 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn before_reads_as_ruby_to_i() {
        assert_eq!(ruby_to_i("42"), 42);
        assert_eq!(ruby_to_i(" 7abc"), 7);
        assert_eq!(ruby_to_i("abc"), 0);
        assert_eq!(ruby_to_i("-3"), -3);
    }

    #[test]
    fn submitted_values_keep_only_permitted_keys() {
        let permitted = permit_submitted(&json!([{"title": "Yes", "value": "yes", "x": 1}]));
        assert_eq!(permitted, Some(json!([{"title": "Yes", "value": "yes"}])));
        let csat = permit_submitted(&json!({"csat_survey_response": {"rating": 5, "evil": true}}));
        assert_eq!(csat, Some(json!({"csat_survey_response": {"rating": 5}})));
        assert_eq!(permit_submitted(&json!("text")), None);
    }

    #[test]
    fn content_is_validated_as_chatwoot_validates_it() {
        let items = |v: Value| v.as_object().cloned().unwrap_or_default();
        assert!(validate_content("text", &Map::new()).is_ok());
        assert!(validate_content("input_csat", &Map::new()).is_ok());
        assert!(validate_content("input_select", &Map::new()).is_err());
        assert!(validate_content(
            "input_select",
            &items(json!({"items": [{"title": "A", "value": "a"}]}))
        )
        .is_ok());
        assert!(
            validate_content("input_select", &items(json!({"items": [{"label": "A"}]}))).is_err()
        );
        assert!(validate_content("input_select", &items(json!({"items": ["A"]}))).is_err());
        assert!(validate_content("bogus", &Map::new()).is_err());
    }

    #[test]
    fn ids_look_like_chatwoot_ids() {
        let mut store = Store::new(vec!["demo".to_owned()]);
        let uuid = store.new_uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(uuid.matches('-').count(), 4);
        assert_ne!(store.new_uuid(), uuid);
        let token = store.new_token();
        assert_eq!(token.len(), 24);
        assert_ne!(store.new_token(), token);
    }
}
