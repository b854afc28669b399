//! The scripted agent, "Sanna Berg" (shown as "Sanna"), so the demo and the tests have someone
//! answering.
//!
//! After a contact's first message, and `--agent-delay-ms` later, she takes the conversation
//! (an activity message, which Chatwoot never sends to contacts: her joining shows only through
//! her first message) and types (`conversation.typing_on`); one more delay later she stops typing
//! and greets, quoting the self-help trail the widget put in the conversation's (or contact's)
//! custom attributes `selfhelp_tracking`, `selfhelp_articles` and `selfhelp_searches`. Each later
//! contact message gets a short scripted answer the same way; one that says thanks (thank, takk,
//! tack, tak, kiitos) gets a goodbye and the conversation is resolved. She is always online
//! (`presence.update` lists her).

use serde_json::{Map, Value};

use crate::app::App;
use crate::model::{MessageType, NewMessage, Sender, Status};
use crate::wire;

pub(crate) const AGENT_ID: u64 = 1;
pub(crate) const AGENT_NAME: &str = "Sanna Berg";
pub(crate) const AGENT_SHORT_NAME: &str = "Sanna";

const ANSWERS: [&str; 3] = [
    "Thanks, let me check that for you.",
    "I have looked it up: the parcel is on its way, and the tracking page updates as soon as \
     it is scanned again.",
    "Is there anything else I can help you with?",
];
const GOODBYE: &str = "You're welcome! I'm closing this conversation now. Have a nice day, and \
                       thank you for contacting PostNord.";

/// What the agent does after a contact message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Turn {
    Greeting,
    Answer,
    Goodbye,
}

/// The agent as a sender: `User#push_event_data`.
pub(crate) fn agent() -> Value {
    wire::agent_sender(AGENT_ID, AGENT_NAME, AGENT_SHORT_NAME)
}

/// Plays one turn in the background; a reset (a new epoch) or a closed conversation ends it.
pub(crate) fn schedule(app: App, epoch: u64, conversation: u64, turn: Turn) {
    tokio::spawn(async move {
        tokio::time::sleep(app.config.agent_delay).await;
        if !starts_typing(&app, epoch, conversation, turn) {
            return;
        }
        tokio::time::sleep(app.config.agent_delay).await;
        replies(&app, epoch, conversation, turn);
    });
}

/// Takes the conversation (first turn) and starts typing; false when there is nothing to answer.
fn starts_typing(app: &App, epoch: u64, conversation: u64, turn: Turn) -> bool {
    let mut store = app.lock();
    let open = store
        .with_contact(conversation)
        .is_some_and(|(c, _)| c.status == Status::Open);
    if store.epoch != epoch || !open {
        return false;
    }
    if turn == Turn::Greeting {
        store.push_activity(
            conversation,
            format!("{AGENT_NAME} self-assigned this conversation"),
        );
    }
    let typing = store.typing_broadcast(conversation, true, &agent());
    app.emit(typing.into_iter().collect());
    true
}

fn replies(app: &App, epoch: u64, conversation: u64, turn: Turn) {
    let mut store = app.lock();
    if store.epoch != epoch {
        return;
    }
    let mut broadcasts: Vec<_> = store
        .typing_broadcast(conversation, false, &agent())
        .into_iter()
        .collect();
    let Some((open, trail, answers)) = store.with_contact(conversation).map(|(state, contact)| {
        let mut trail = contact.custom_attributes.clone();
        trail.extend(state.custom_attributes.clone());
        (state.status == Status::Open, trail, state.agent.answers)
    }) else {
        return;
    };
    if !open {
        app.emit(broadcasts);
        return;
    }
    let content = match turn {
        Turn::Greeting => greeting(&trail),
        Turn::Answer => {
            if let Some(state) = store.conversation_mut(conversation) {
                state.agent.answers += 1;
            }
            ANSWERS[answers % ANSWERS.len()].to_owned()
        }
        Turn::Goodbye => GOODBYE.to_owned(),
    };
    let reply = NewMessage::text(MessageType::Outgoing, content, Some(Sender::User(agent())));
    match store.push_message(conversation, reply) {
        Ok((_, created)) => broadcasts.extend(created),
        // A full store silences the agent rather than failing anything.
        Err(refusal) => eprintln!(
            "chat_standin: the agent's answer was not stored: {}",
            refusal.message
        ),
    }
    if turn == Turn::Goodbye {
        broadcasts.extend(store.set_status(
            conversation,
            Status::Resolved,
            format!("Conversation was marked resolved by {AGENT_NAME}"),
        ));
    }
    app.emit(broadcasts);
}
/// Whether a contact message says thanks (en, nb, sv, da, fi).
pub(crate) fn is_thanks(text: &str) -> bool {
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
pub(crate) fn greeting(attributes: &Map<String, Value>) -> String {
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
        format!(
            "Hi! I'm {AGENT_SHORT_NAME} at PostNord customer service. How can I help you today?"
        )
    } else {
        format!(
            "Hi! I'm {AGENT_SHORT_NAME} at PostNord customer service. I can see you {}, so you \
             don't need to repeat any of that. How can I help?",
            and_list(&parts)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
