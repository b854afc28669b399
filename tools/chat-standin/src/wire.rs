//! The JSON of each thing, as Chatwoot's own source writes it (repository chatwoot/chatwoot).
//!
//! Chatwoot writes the same record in two shapes: the REST answers of the public client API go
//! through the jbuilder views under `app/views/public/api/v1/`, and the ActionCable events go
//! through the models' `push_event_data`. They differ in ways a client must not paper over:
//! `echo_id` is only in the event (it is an `attr_accessor` on `Message`, never stored), the REST
//! message has no `private`/`status`, and `attachments` is left out of a REST message without any.

use serde_json::{json, Map, Value};

use crate::model::{Attachment, Contact, Conversation, Message, Sender};
use crate::store::ACCOUNT_ID;

/// `POST …/contacts` and `GET …/contacts/{id}`:
/// `app/views/public/api/v1/inboxes/contacts/{create,show}.json.jbuilder` (source_id,
/// pubsub_token) with the partial `app/views/public/api/v1/models/_contact.json.jbuilder`
/// (id, name, email).
pub(crate) fn contact_with_token(contact: &Contact) -> Value {
    json!({
        "source_id": contact.source_id,
        "pubsub_token": contact.pubsub_token,
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
    })
}

/// The contact record itself, as Rails renders a model (`render json: contact` in
/// `app/controllers/public/api/v1/inboxes/contacts_controller.rb#update`, and
/// `json.contact resource.contact` in `models/_conversation.json.jbuilder`).
pub(crate) fn contact_record(contact: &Contact) -> Value {
    json!({
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone_number": contact.phone_number,
        "account_id": ACCOUNT_ID,
        "created_at": iso8601(contact.created_at),
        "updated_at": iso8601(contact.created_at),
        "additional_attributes": {},
        "identifier": contact.identifier,
        "custom_attributes": contact.custom_attributes,
        "last_activity_at": null,
        "blocked": false,
    })
}

/// A contact as a message's sender or a conversation's `meta.sender`:
/// `Contact#push_event_data` in `app/models/contact.rb`.
pub(crate) fn contact_sender(contact: &Contact) -> Value {
    json!({
        "additional_attributes": {},
        "custom_attributes": contact.custom_attributes,
        "email": contact.email,
        "id": contact.id,
        "identifier": contact.identifier,
        "name": contact.name,
        "phone_number": contact.phone_number,
        "thumbnail": "",
        "blocked": false,
        "type": "contact",
    })
}

/// An agent as a sender: `User#push_event_data` in `app/models/user.rb`. Chatwoot's widget shows
/// `available_name || name` (`app/javascript/widget/components/AgentMessage.vue`).
pub(crate) fn agent_sender(id: u64, name: &str, available_name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "available_name": available_name,
        "avatar_url": "",
        "type": "user",
        "availability_status": "online",
        "thumbnail": "",
    })
}

fn sender(message: &Message, contact: &Contact) -> Option<Value> {
    match &message.sender {
        Some(Sender::Contact) => Some(contact_sender(contact)),
        Some(Sender::User(user)) => Some(user.clone()),
        None => None,
    }
}

/// One message in a REST answer: `app/views/public/api/v1/models/_message.json.jbuilder`.
/// No `echo_id`, no `private`, no `status`; `attachments` and `sender` only when present.
pub(crate) fn message_public(message: &Message, contact: &Contact) -> Value {
    let mut body = Map::new();
    body.insert("id".into(), json!(message.id));
    body.insert("content".into(), json!(message.content));
    body.insert("message_type".into(), json!(message.message_type.code()));
    body.insert("content_type".into(), json!(message.content_type));
    body.insert(
        "content_attributes".into(),
        json!(message.content_attributes),
    );
    body.insert("created_at".into(), json!(message.created_at));
    body.insert("conversation_id".into(), json!(message.conversation_id));
    if !message.attachments.is_empty() {
        body.insert("attachments".into(), attachments(message));
    }
    if let Some(sender) = sender(message, contact) {
        body.insert("sender".into(), sender);
    }
    Value::Object(body)
}

/// One message in a `message.created` / `message.updated` event: `Message#push_event_data` in
/// `app/models/message.rb` (every column, `echo_id` when the POST carried one), with the
/// `account_id` that `ActionCableListener#broadcast` (`app/listeners/action_cable_listener.rb`)
/// merges in.
pub(crate) fn message_event(message: &Message, contact: &Contact) -> Value {
    let (sender_type, sender_id) = match &message.sender {
        Some(Sender::Contact) => (json!("Contact"), json!(contact.id)),
        Some(Sender::User(user)) => (
            json!("User"),
            user.get("id").cloned().unwrap_or(Value::Null),
        ),
        None => (Value::Null, Value::Null),
    };
    let mut data = Map::new();
    data.insert("id".into(), json!(message.id));
    data.insert("content".into(), json!(message.content));
    data.insert("account_id".into(), json!(ACCOUNT_ID));
    data.insert("inbox_id".into(), json!(message.inbox_id));
    data.insert("conversation_id".into(), json!(message.conversation_id));
    data.insert("message_type".into(), json!(message.message_type.code()));
    data.insert("created_at".into(), json!(message.created_at));
    data.insert("updated_at".into(), json!(iso8601(message.updated_at)));
    data.insert("private".into(), json!(message.private));
    data.insert("status".into(), json!("sent"));
    data.insert("source_id".into(), Value::Null);
    data.insert("content_type".into(), json!(message.content_type));
    data.insert(
        "content_attributes".into(),
        json!(message.content_attributes),
    );
    data.insert("sender_type".into(), sender_type);
    data.insert("sender_id".into(), sender_id);
    data.insert("external_source_ids".into(), json!({}));
    data.insert("additional_attributes".into(), json!({}));
    data.insert("processed_message_content".into(), json!(message.content));
    data.insert("sentiment".into(), json!({}));
    data.insert(
        "conversation".into(),
        json!({"assignee_id": null, "unread_count": 0}),
    );
    if let Some(echo_id) = &message.echo_id {
        data.insert("echo_id".into(), json!(echo_id));
    }
    if !message.attachments.is_empty() {
        data.insert("attachments".into(), attachments(message));
    }
    if let Some(sender) = sender(message, contact) {
        data.insert("sender".into(), sender);
    }
    Value::Object(data)
}

/// The stand-in's own inspection shape (`GET /__standin/messages`): the REST message plus what
/// REST hides — `private`, `echo_id` — so tests can count deliveries exactly.
pub(crate) fn message_control(message: &Message, contact: &Contact) -> Value {
    let mut body = message_public(message, contact);
    if let Value::Object(map) = &mut body {
        map.insert("private".into(), json!(message.private));
        map.insert("echo_id".into(), json!(message.echo_id));
        map.insert("attachments".into(), attachments(message));
    }
    body
}

fn attachments(message: &Message) -> Value {
    Value::Array(message.attachments.iter().map(attachment).collect())
}

/// `Attachment#push_event_data` in `app/models/attachment.rb`: `base_data` (id, message_id,
/// file_type, account_id) with `file_metadata` (extension, data_url, thumb_url, file_size,
/// width, height), or `fallback_title` + `data_url` for `location` and `fallback`.
pub(crate) fn attachment(attachment: &Attachment) -> Value {
    let mut data = Map::new();
    data.insert("id".into(), json!(attachment.id));
    data.insert("message_id".into(), json!(attachment.message_id));
    data.insert("file_type".into(), json!(attachment.file_type));
    data.insert("account_id".into(), json!(ACCOUNT_ID));
    if matches!(attachment.file_type.as_str(), "location" | "fallback") {
        data.insert("fallback_title".into(), json!(attachment.fallback_title));
        data.insert("data_url".into(), json!(attachment.data_url));
    } else {
        data.insert("extension".into(), json!(attachment.extension));
        data.insert("data_url".into(), json!(attachment.data_url));
        data.insert("thumb_url".into(), json!(attachment.thumb_url));
        data.insert("file_size".into(), json!(attachment.file_size));
        data.insert("width".into(), json!(attachment.width));
        data.insert("height".into(), json!(attachment.height));
    }
    Value::Object(data)
}

/// A conversation in a REST answer: `app/views/public/api/v1/models/_conversation.json.jbuilder`.
/// `messages` is `resource.messages.chat`: every message that is neither activity nor private,
/// all of them (this list is not paged).
pub(crate) fn conversation_public(conversation: &Conversation, contact: &Contact) -> Value {
    let messages: Vec<Value> = conversation
        .messages
        .iter()
        .filter(|m| m.is_chat())
        .map(|m| message_public(m, contact))
        .collect();
    json!({
        "id": conversation.id,
        "uuid": conversation.uuid,
        "inbox_id": conversation.inbox_id,
        "contact_last_seen_at": conversation.contact_last_seen_at.unwrap_or(0),
        "status": conversation.status.as_str(),
        "agent_last_seen_at": conversation.agent_last_seen_at.unwrap_or(0),
        "messages": messages,
        "contact": contact_record(contact),
    })
}

/// A conversation in an event (`conversation.created`, `conversation.status_changed`, the
/// `conversation` of typing events): `Conversations::EventDataPresenter#push_data` in
/// `app/presenters/conversations/event_data_presenter.rb`, plus `account_id` from the listener.
pub(crate) fn conversation_event(conversation: &Conversation, contact: &Contact) -> Value {
    let last: Vec<Value> = conversation
        .messages
        .iter()
        .rev()
        .find(|m| m.is_chat())
        .map(|m| message_event(m, contact))
        .into_iter()
        .collect();
    json!({
        "additional_attributes": {},
        "can_reply": true,
        "channel": "Channel::Api",
        "contact_inbox": {"source_id": conversation.contact, "inbox_id": conversation.inbox_id},
        "id": conversation.id,
        "inbox_id": conversation.inbox_id,
        "messages": last,
        "labels": [],
        "meta": {
            "sender": contact_sender(contact),
            "assignee": null,
            "assignee_type": null,
            "team": null,
            "hmac_verified": false,
        },
        "status": conversation.status.as_str(),
        "custom_attributes": conversation.custom_attributes,
        "snoozed_until": null,
        "unread_count": 0,
        "first_reply_created_at": null,
        "priority": null,
        "waiting_since": 0,
        "agent_last_seen_at": conversation.agent_last_seen_at.unwrap_or(0),
        "contact_last_seen_at": conversation.contact_last_seen_at.unwrap_or(0),
        "last_activity_at": conversation.last_activity_at,
        "timestamp": conversation.last_activity_at,
        "created_at": conversation.created_at,
        "account_id": ACCOUNT_ID,
    })
}

/// `conversation.typing_on` / `conversation.typing_off`: `ActionCableListener#conversation_typing_*`
/// (conversation, user, is_private, account_id).
pub(crate) fn typing(conversation: &Conversation, contact: &Contact, user: &Value) -> Value {
    json!({
        "conversation": conversation_event(conversation, contact),
        "user": user,
        "is_private": false,
        "account_id": ACCOUNT_ID,
    })
}

/// `presence.update`: `RoomChannel#broadcast_presence` (`app/channels/room_channel.rb`) with
/// `OnlineStatusTracker.get_available_users` (`lib/online_status_tracker.rb`): the account's agents
/// seen in the last 60 s, `{"<user id>": "online"|"busy"|…}`. It lists who is online in the
/// account, not who is in this conversation. Contacts are listed only to agents.
pub(crate) fn presence(online_agents: &[u64]) -> Value {
    let users: Map<String, Value> = online_agents
        .iter()
        .map(|id| (id.to_string(), json!("online")))
        .collect();
    json!({"account_id": ACCOUNT_ID, "users": users})
}

/// Rails' JSON time: `2026-12-01T08:52:08.000Z`.
pub(crate) fn iso8601(secs: u64) -> String {
    let days = secs / 86_400;
    let rest = secs % 86_400;
    // Civil from days (Howard Hinnant's algorithm), for 1970 onwards.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_rails_writes_them() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_796_115_128), "2026-12-01T08:52:08.000Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00.000Z");
    }
}
