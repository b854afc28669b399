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
use crate::input::{
    json_size, opt_attributes, opt_string, parse_object, permit_submitted, ruby_to_i,
    MAX_ATTRIBUTES_BYTES, MAX_FIELD_CHARS,
};
use crate::model::{
    AgentProgress, Contact, Conversation, Message, MessageType, NewMessage, Sender, Status,
};
use crate::wire;

pub(crate) const ACCOUNT_ID: u64 = 1;
/// Chatwoot's public messages list: `MessageFinder#messages_latest` / `#messages_before`
/// (`app/finders/message_finder.rb`) take 20.
pub(crate) const PAGE: usize = 20;
/// `validates :content, length: { maximum: 150_000 }` in `app/models/message.rb`.
pub(crate) const MAX_CONTENT_CHARS: usize = 150_000;

const MAX_CONTACTS: usize = 10_000;
const MAX_CONVERSATIONS: usize = 10_000;
const MAX_MESSAGES: usize = 10_000;
const MAX_STORED_BYTES: usize = 64 * 1024 * 1024;

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
    /// de-duplicate: the same `echo_id` twice is two messages. The answer is the message partial
    /// (`messages/create.json.jbuilder` is not in the copy of Chatwoot read here; its swagger
    /// gives `public_message`, the same shape as `index` and `update`).
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
