//! The outbox: every chat message the buyer writes, from the moment they press send until the
//! server has it, so nothing they write is lost to a dropped connection or a reload.
//!
//! Pure bookkeeping: the view does the HTTP, reads the clock (milliseconds, `Date.now()`), and
//! keeps [`Outbox::to_json`] in localStorage after every change, restoring it with
//! [`Outbox::from_json`] on load.
//!
//! # Delivery: never lost, duplicated only in one narrow case
//!
//! Every message gets an `echo_id` from the view, sent with it (`{content, echo_id}`), and is
//! kept until a confirmation carrying that `echo_id` arrives: the POST's response, or Chatwoot's
//! `message.created` event on the WebSocket. Then:
//!
//! - **Never lost**: a message leaves the outbox's care only as [`SendState::Sent`]. A failure
//!   schedules a retry; a reload turns anything in flight back into pending; a message that
//!   failed too often waits for the buyer's retry button, with its text still there.
//! - **Not sent twice by us**: [`Outbox::mark_sending`] succeeds only for a pending message, so
//!   one attempt is in flight at a time; [`Outbox::mark_sent`] is idempotent and final, so a
//!   late timeout after the WebSocket already confirmed does not schedule a resend; a
//!   confirmation for an unknown `echo_id` changes nothing.
//! - **The narrow case**: the request reached the server but every confirmation was lost (the
//!   response timed out and the socket was down, or the page was closed mid-request). Chatwoot
//!   does *not* de-duplicate on `echo_id`: it is a transient attribute only echoed back over
//!   ActionCable, never stored (`attr_accessor :echo_id` in its `app/models/message.rb`). So a
//!   blind resend could post the message twice. Such messages are marked
//!   [`Outgoing::may_have_arrived`]; before resending them the chat engine lists the
//!   conversation's messages (paged back far enough) and calls [`Outbox::reconcile`], which marks the ones already there as sent. A
//!   duplicate then needs the message to arrive between that listing and the resend. A backend
//!   that does de-duplicate on `echo_id` (a proxy can) closes even that gap, since the id stays
//!   the same across resends and reloads.
//!
//! Order: [`Outbox::due`] never lets a message overtake an earlier one that is waiting or in
//! flight, so messages arrive in the order they were written.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Failed attempts after which a message waits for the buyer's retry.
pub const MAX_ATTEMPTS: u32 = 6;

/// The wait after the first failure; each further failure doubles it (1 s, 2 s, 4 s, 8 s, 16 s).
/// No jitter: one buyer's browser cannot cause a thundering herd, and tests stay exact.
const FIRST_BACKOFF_MS: f64 = 1000.0;

/// Longest message, in characters: Chatwoot refuses content over 150 000 characters, and a
/// message it refuses would only fail again on every retry.
pub const MAX_CONTENT_CHARS: usize = 150_000;

/// Sent messages kept (for display and for [`Outbox::reconcile`]); older ones are dropped so
/// localStorage does not grow with a long conversation. The server has them all.
const KEEP_SENT: usize = 50;

/// How much earlier than the message's own `created_at` a server copy may be stamped and still
/// be taken for it in [`Outbox::reconcile`]: room for a browser clock that is off. A clock off by
/// more makes a delivered message be sent again (a duplicate), never a lost one.
pub(crate) const CLOCK_SLACK_MS: f64 = 15.0 * 60.0 * 1000.0;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SendState {
    /// Waiting to be sent, at or after `next_try_at`.
    Pending,
    /// A request is in flight.
    Sending,
    /// The server has it, with this message id.
    Sent { id: u64 },
    /// Gave up after [`MAX_ATTEMPTS`]; waits for the buyer's retry.
    Failed,
}

/// One message the buyer wrote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The view's own id for the message, sent with every attempt.
    pub echo_id: String,
    /// The text, trimmed.
    pub content: String,
    pub state: SendState,
    /// Failed attempts since it was written or the buyer last pressed retry.
    #[serde(default)]
    pub attempts: u32,
    /// When the buyer sent it, in milliseconds since the epoch.
    pub created_at: f64,
    /// Not to be sent before this, in milliseconds since the epoch.
    #[serde(default)]
    pub next_try_at: f64,
    /// An attempt went out whose outcome is unknown: the server may already have it. See
    /// [`Outbox::reconcile`].
    #[serde(default)]
    pub may_have_arrived: bool,
}

impl Outgoing {
    fn is_sent(&self) -> bool {
        matches!(self.state, SendState::Sent { .. })
    }
}

/// A message the buyer sent, as the server lists it (Chatwoot: `message_type` 0), for
/// [`Outbox::reconcile`]. `created_at` in milliseconds (Chatwoot gives seconds: multiply).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ServerMessage<'a> {
    pub id: u64,
    pub content: &'a str,
    pub created_at: f64,
}

/// The buyer's messages in the order written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outbox {
    items: Vec<Outgoing>,
}

impl Outbox {
    pub fn new() -> Outbox {
        Outbox::default()
    }

    /// Queues a message, due now. The text is trimmed. Refused (None) when it is empty or over
    /// [`MAX_CONTENT_CHARS`], or when `echo_id` is empty or already used (a reused id would make
    /// two messages one); the view then keeps the text in the input.
    pub fn push(&mut self, content: &str, echo_id: &str, now: f64) -> Option<&Outgoing> {
        let content = content.trim();
        let echo_id = echo_id.trim();
        if content.is_empty()
            || content.chars().nth(MAX_CONTENT_CHARS).is_some()
            || echo_id.is_empty()
            || self.get(echo_id).is_some()
        {
            return None;
        }
        let now = finite(now);
        self.items.push(Outgoing {
            echo_id: echo_id.to_owned(),
            content: content.to_owned(),
            state: SendState::Pending,
            attempts: 0,
            created_at: now,
            next_try_at: now,
            may_have_arrived: false,
        });
        self.items.last()
    }

    /// The echo ids to send now, in the order written. Send them in this order, one after the
    /// other, marking each with [`Outbox::mark_sending`] first.
    ///
    /// The list stops at the first unsent message that is in flight or still waiting out its
    /// backoff: a later message must not overtake it. Messages that gave up ([`SendState::Failed`])
    /// do not hold the others back; the buyer's retry sends them. If [`Outbox::needs_check`],
    /// call [`Outbox::reconcile`] first.
    pub fn due(&self, now: f64) -> Vec<String> {
        let mut ids = Vec::new();
        for item in &self.items {
            match item.state {
                SendState::Sent { .. } | SendState::Failed => continue,
                SendState::Pending if item.next_try_at <= now => ids.push(item.echo_id.clone()),
                SendState::Pending | SendState::Sending => break,
            }
        }
        ids
    }

    /// A request for this message is about to go out. False, and the view must not send, unless
    /// it was pending: this is what keeps one attempt in flight per message.
    pub fn mark_sending(&mut self, echo_id: &str) -> bool {
        match self.find(echo_id) {
            Some(item) if item.state == SendState::Pending => {
                item.state = SendState::Sending;
                item.may_have_arrived = true;
                true
            }
            _ => false,
        }
    }

    /// The server confirmed the message (the POST's response, or `message.created` with this
    /// `echo_id`). Final and idempotent: a second confirmation keeps the first id. True if this
    /// changed the message; a confirmation for an unknown `echo_id` is ignored.
    pub fn mark_sent(&mut self, echo_id: &str, server_id: u64) -> bool {
        let changed = match self.find(echo_id) {
            Some(item) if !item.is_sent() => {
                item.state = SendState::Sent { id: server_id };
                item.may_have_arrived = false;
                true
            }
            _ => false,
        };
        if changed {
            self.forget_old_sent();
        }
        changed
    }

    /// An attempt failed (network error, timeout, server error). The message waits 1, 2, 4, 8
    /// then 16 seconds after the 1st to 5th failure; the 6th makes it [`SendState::Failed`].
    /// Ignored for a message already sent (a late timeout after the confirmation) or given up.
    pub fn mark_failed_attempt(&mut self, echo_id: &str, now: f64) -> bool {
        let Some(item) = self.find(echo_id) else {
            return false;
        };
        if !matches!(item.state, SendState::Pending | SendState::Sending) {
            return false;
        }
        item.attempts = item.attempts.saturating_add(1);
        // Whether the request got through before it failed is unknown.
        item.may_have_arrived = true;
        if item.attempts >= MAX_ATTEMPTS {
            item.state = SendState::Failed;
        } else {
            item.state = SendState::Pending;
            item.next_try_at = finite(now) + backoff_ms(item.attempts);
        }
        true
    }

    /// The buyer's retry button: a failed (or waiting) message is due now, with a fresh set of
    /// attempts. Ignored for a message in flight or sent.
    pub fn retry(&mut self, echo_id: &str, now: f64) -> bool {
        match self.find(echo_id) {
            Some(item) if matches!(item.state, SendState::Failed | SendState::Pending) => {
                item.state = SendState::Pending;
                item.attempts = 0;
                item.next_try_at = finite(now);
                true
            }
            _ => false,
        }
    }

    /// Not before `at` (a server's `Retry-After`), for a message waiting to be sent.
    pub fn postpone(&mut self, echo_id: &str, at: f64) -> bool {
        match self.find(echo_id) {
            Some(item) if item.state == SendState::Pending => {
                item.next_try_at = item.next_try_at.max(finite(at));
                true
            }
            _ => false,
        }
    }

    /// Whether an unsent message may already be on the server, so the view should list the
    /// conversation's messages and call [`Outbox::reconcile`] before sending.
    pub fn needs_check(&self) -> bool {
        self.items.iter().any(|item| {
            item.may_have_arrived && matches!(item.state, SendState::Pending | SendState::Failed)
        })
    }

    /// Takes the conversation's messages from the buyer (oldest to newest, covering at least the
    /// time since the oldest unsent message, listed after the doubt arose) and marks every unsent
    /// message that may have arrived and is among them as sent. A message is taken to be a server
    /// copy when its text is the same, it is no older than the message (less [`CLOCK_SLACK_MS`]),
    /// and no other outbox message has claimed its id; identical texts written twice are matched
    /// one to one, oldest first. A message in flight that is found has landed (its late answer
    /// then changes nothing); one not found keeps its doubt, since its request may still land.
    /// Other messages not found did not arrive and lose their doubt. Returns how many were
    /// marked sent.
    pub fn reconcile(&mut self, history: &[ServerMessage<'_>]) -> usize {
        let mut claimed: Vec<u64> = self
            .items
            .iter()
            .filter_map(|item| match item.state {
                SendState::Sent { id } => Some(id),
                _ => None,
            })
            .collect();
        let mut confirmed = 0;
        for item in &mut self.items {
            if !item.may_have_arrived
                || !matches!(
                    item.state,
                    SendState::Pending | SendState::Failed | SendState::Sending
                )
            {
                continue;
            }
            let copy = history
                .iter()
                .filter(|seen| {
                    !claimed.contains(&seen.id)
                        && seen.content.trim() == item.content
                        && seen.created_at >= item.created_at - CLOCK_SLACK_MS
                })
                .min_by_key(|seen| seen.id);
            if let Some(seen) = copy {
                item.state = SendState::Sent { id: seen.id };
                item.may_have_arrived = false;
                claimed.push(seen.id);
                confirmed += 1;
            } else if item.state != SendState::Sending {
                // Not among the server's messages: it did not arrive.
                item.may_have_arrived = false;
            }
        }
        if confirmed > 0 {
            self.forget_old_sent();
        }
        confirmed
    }

    /// The unsent messages that may already be on the server (their doubt is what
    /// [`Outbox::reconcile`] settles): the oldest one's `created_at`, if any.
    pub fn oldest_in_doubt(&self) -> Option<f64> {
        self.items
            .iter()
            .filter(|item| item.may_have_arrived && !item.is_sent())
            .map(|item| item.created_at)
            .reduce(f64::min)
    }

    /// For localStorage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.items).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Restores what [`Outbox::to_json`] wrote, leniently: an unreadable entry is skipped, not
    /// the whole outbox, and anything unreadable as a whole is an empty outbox. A message that was
    /// in flight is pending again and may have arrived (see the module docs).
    pub fn from_json(text: &str) -> Outbox {
        let entries: Vec<Value> = serde_json::from_str(text).unwrap_or_default();
        let mut outbox = Outbox::default();
        for entry in entries {
            let Ok(mut item) = serde_json::from_value::<Outgoing>(entry) else {
                continue;
            };
            item.content = item.content.trim().to_owned();
            item.echo_id = item.echo_id.trim().to_owned();
            if item.content.is_empty()
                || item.echo_id.is_empty()
                || outbox.get(&item.echo_id).is_some()
            {
                continue;
            }
            if item.state == SendState::Sending {
                item.state = SendState::Pending;
                item.may_have_arrived = true;
            }
            outbox.items.push(item);
        }
        outbox.forget_old_sent();
        outbox
    }

    /// Messages waiting to go or in flight (not sent, not given up).
    #[cfg(test)]
    pub fn pending_count(&self) -> usize {
        self.items
            .iter()
            .filter(|item| matches!(item.state, SendState::Pending | SendState::Sending))
            .count()
    }

    /// Messages that gave up and wait for the buyer's retry.
    #[cfg(test)]
    pub fn failed_count(&self) -> usize {
        self.items
            .iter()
            .filter(|item| item.state == SendState::Failed)
            .count()
    }

    pub fn items(&self) -> &[Outgoing] {
        &self.items
    }

    pub fn get(&self, echo_id: &str) -> Option<&Outgoing> {
        self.items.iter().find(|item| item.echo_id == echo_id)
    }

    fn find(&mut self, echo_id: &str) -> Option<&mut Outgoing> {
        self.items.iter_mut().find(|item| item.echo_id == echo_id)
    }

    /// Drops the oldest sent messages beyond [`KEEP_SENT`].
    fn forget_old_sent(&mut self) {
        let sent = self.items.iter().filter(|item| item.is_sent()).count();
        let mut excess = sent.saturating_sub(KEEP_SENT);
        self.items.retain(|item| {
            if excess > 0 && item.is_sent() {
                excess -= 1;
                false
            } else {
                true
            }
        });
    }
}

/// The wait after the `attempts`-th failure: 1 s doubled per earlier failure.
fn backoff_ms(attempts: u32) -> f64 {
    FIRST_BACKOFF_MS * f64::from(1u32 << attempts.saturating_sub(1).min(16))
}

/// A time the view passed, or 0 if it is not a number: JSON has no NaN (serde_json would write
/// `null`), and one unreadable number must not cost the buyer their messages after a reload.
fn finite(ms: f64) -> f64 {
    if ms.is_finite() {
        ms
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: f64 = 1_700_000_000_000.0;

    fn outbox_with(messages: &[(&str, &str)]) -> Outbox {
        let mut outbox = Outbox::new();
        for (echo_id, content) in messages {
            assert!(outbox.push(content, echo_id, T0).is_some());
        }
        outbox
    }

    fn state(outbox: &Outbox, echo_id: &str) -> SendState {
        outbox
            .get(echo_id)
            .map(|item| item.state.clone())
            .unwrap_or_else(|| panic!("no message {echo_id}"))
    }

    #[test]
    fn push_trims_and_refuses_empty_or_reused() {
        let mut outbox = Outbox::new();
        let item = outbox
            .push("  hei, pakken min er borte \n", "e1", T0)
            .cloned();
        let item = item.expect("queued");
        assert_eq!(item.content, "hei, pakken min er borte");
        assert_eq!(item.state, SendState::Pending);
        assert_eq!(
            (item.created_at, item.next_try_at, item.attempts),
            (T0, T0, 0)
        );
        assert!(outbox.push(" \n\t ", "e2", T0).is_none());
        assert!(outbox.push("again", "e1", T0).is_none());
        assert!(outbox.push("no id", "  ", T0).is_none());
        assert!(outbox
            .push(&"x".repeat(MAX_CONTENT_CHARS + 1), "e3", T0)
            .is_none());
        assert!(outbox
            .push(&"ø".repeat(MAX_CONTENT_CHARS), "e4", T0)
            .is_some());
        assert_eq!(outbox.items().len(), 2);
        assert_eq!(outbox.pending_count(), 2);
    }

    #[test]
    fn due_messages_go_in_the_order_written() {
        let mut outbox = outbox_with(&[("e1", "one"), ("e2", "two"), ("e3", "three")]);
        assert_eq!(outbox.due(T0), ["e1", "e2", "e3"]);
        assert!(outbox.due(T0 - 1.0).is_empty());
        // While the first is in flight, nothing overtakes it.
        assert!(outbox.mark_sending("e1"));
        assert!(outbox.due(T0).is_empty());
        assert!(outbox.mark_sent("e1", 101));
        assert_eq!(outbox.due(T0), ["e2", "e3"]);
        // While the second waits out its backoff, the third waits too.
        assert!(outbox.mark_sending("e2"));
        assert!(outbox.mark_failed_attempt("e2", T0));
        assert!(outbox.due(T0 + 999.0).is_empty());
        assert_eq!(outbox.due(T0 + 1000.0), ["e2", "e3"]);
    }

    #[test]
    fn mark_sending_only_from_pending() {
        let mut outbox = outbox_with(&[("e1", "one")]);
        assert!(outbox.mark_sending("e1"));
        assert!(!outbox.mark_sending("e1"), "already in flight");
        assert!(!outbox.mark_sending("unknown"));
        assert!(outbox.mark_sent("e1", 7));
        assert!(!outbox.mark_sending("e1"), "already sent");
        assert_eq!(outbox.pending_count(), 0);
    }

    #[test]
    fn confirmations_are_idempotent_and_final() {
        let mut outbox = outbox_with(&[("e1", "one")]);
        assert!(outbox.mark_sending("e1"));
        // The WebSocket confirms first, then the POST's response: the first id stays.
        assert!(outbox.mark_sent("e1", 42));
        assert!(!outbox.mark_sent("e1", 43));
        assert_eq!(state(&outbox, "e1"), SendState::Sent { id: 42 });
        // A late timeout for the same request does not schedule a resend.
        assert!(!outbox.mark_failed_attempt("e1", T0));
        assert!(!outbox.retry("e1", T0));
        assert_eq!(state(&outbox, "e1"), SendState::Sent { id: 42 });
        assert!(outbox.due(T0 + 60_000.0).is_empty());
        // A confirmation for a message this outbox never had is ignored.
        let before = outbox.clone();
        assert!(!outbox.mark_sent("someone-else", 44));
        assert_eq!(outbox, before);
    }

    #[test]
    fn backoff_doubles_then_gives_up_after_six_attempts() {
        let mut outbox = outbox_with(&[("e1", "one")]);
        let mut now = T0;
        for (attempt, wait) in [
            (1, 1000.0),
            (2, 2000.0),
            (3, 4000.0),
            (4, 8000.0),
            (5, 16000.0),
        ] {
            assert!(outbox.mark_sending("e1"));
            assert!(outbox.mark_failed_attempt("e1", now));
            let item = outbox.get("e1").cloned().expect("kept");
            assert_eq!(item.attempts, attempt);
            assert_eq!(item.state, SendState::Pending);
            assert_eq!(item.next_try_at, now + wait);
            assert!(outbox.due(now + wait - 1.0).is_empty());
            now += wait;
            assert_eq!(outbox.due(now), ["e1"]);
        }
        assert!(outbox.mark_sending("e1"));
        assert!(outbox.mark_failed_attempt("e1", now));
        assert_eq!(state(&outbox, "e1"), SendState::Failed);
        assert!(outbox.due(now + 1e9).is_empty());
        assert_eq!((outbox.pending_count(), outbox.failed_count()), (0, 1));
        assert!(!outbox.mark_failed_attempt("e1", now), "already given up");
        assert_eq!(backoff_ms(u32::MAX), 1000.0 * 65536.0);
    }

    #[test]
    fn a_failure_reported_without_mark_sending_still_counts() {
        let mut outbox = outbox_with(&[("e1", "one")]);
        for _ in 0..MAX_ATTEMPTS {
            assert!(outbox.mark_failed_attempt("e1", T0));
        }
        assert_eq!(state(&outbox, "e1"), SendState::Failed);
    }

    #[test]
    fn retry_makes_a_failed_message_due_now_with_fresh_attempts() {
        let mut outbox = outbox_with(&[("e1", "one"), ("e2", "two")]);
        for _ in 0..MAX_ATTEMPTS {
            assert!(outbox.mark_sending("e1"));
            assert!(outbox.mark_failed_attempt("e1", T0));
        }
        assert_eq!(state(&outbox, "e1"), SendState::Failed);
        // A message that gave up does not hold back the next one.
        assert_eq!(outbox.due(T0), ["e2"]);
        let later = T0 + 120_000.0;
        assert!(outbox.retry("e1", later));
        let item = outbox.get("e1").cloned().expect("kept");
        assert_eq!(
            (item.state, item.attempts, item.next_try_at),
            (SendState::Pending, 0, later)
        );
        assert_eq!(outbox.due(later), ["e1", "e2"]);
        // A message waiting out its backoff can be hurried; one in flight cannot be retried.
        assert!(outbox.mark_sending("e1"));
        assert!(!outbox.retry("e1", later));
        assert!(outbox.mark_failed_attempt("e1", later));
        assert!(outbox.due(later).is_empty());
        assert!(outbox.retry("e1", later));
        assert_eq!(outbox.due(later), ["e1", "e2"]);
        assert!(!outbox.retry("unknown", later));
    }

    #[test]
    fn a_reload_restores_everything_and_in_flight_is_pending_again() {
        let mut outbox = outbox_with(&[("e1", "one"), ("e2", "two"), ("e3", "three")]);
        assert!(outbox.mark_sending("e1"));
        assert!(outbox.mark_sent("e1", 5));
        assert!(outbox.mark_sending("e2"));
        let restored = Outbox::from_json(&outbox.to_json());
        assert_eq!(state(&restored, "e1"), SendState::Sent { id: 5 });
        assert_eq!(state(&restored, "e2"), SendState::Pending);
        assert_eq!(state(&restored, "e3"), SendState::Pending);
        assert!(restored.get("e2").is_some_and(|item| item.may_have_arrived));
        assert!(restored.needs_check());
        assert_eq!(restored.due(T0), ["e2", "e3"]);
        assert_eq!(restored.items().len(), 3);
    }

    #[test]
    fn restoring_is_lenient() {
        assert_eq!(Outbox::from_json(""), Outbox::new());
        assert_eq!(Outbox::from_json("{not json"), Outbox::new());
        assert_eq!(Outbox::from_json(r#"{"items":[]}"#), Outbox::new());
        let text = r#"[
            {"echo_id":"e1","content":"one","state":"Pending","created_at":1.0},
            {"echo_id":"e2","content":"two","state":"Exploded","created_at":1.0},
            {"echo_id":"e3","content":"   ","state":"Pending","created_at":1.0},
            {"echo_id":"e1","content":"dup","state":"Pending","created_at":1.0},
            {"echo_id":"e4","content":"four","state":{"Sent":{"id":9}},"created_at":null},
            42,
            {"echo_id":"e5","content":"five","state":"Failed","attempts":6,"created_at":2.0,
             "next_try_at":3.0,"may_have_arrived":true}
        ]"#;
        let outbox = Outbox::from_json(text);
        let ids: Vec<&str> = outbox
            .items()
            .iter()
            .map(|item| item.echo_id.as_str())
            .collect();
        assert_eq!(ids, ["e1", "e5"]);
        assert_eq!(outbox.get("e1").map(|item| item.attempts), Some(0));
        assert_eq!(state(&outbox, "e5"), SendState::Failed);
    }

    #[test]
    fn times_that_are_not_numbers_survive_a_reload() {
        let mut outbox = Outbox::new();
        assert!(outbox.push("one", "e1", f64::NAN).is_some());
        assert!(outbox.mark_failed_attempt("e1", f64::INFINITY));
        let restored = Outbox::from_json(&outbox.to_json());
        assert_eq!(restored.items().len(), 1);
        assert_eq!(
            restored.get("e1").map(|item| item.next_try_at),
            Some(1000.0)
        );
    }

    #[test]
    fn reconcile_marks_messages_already_on_the_server_as_sent() {
        let mut outbox = outbox_with(&[("e1", "hei"), ("e2", "hei"), ("e3", "pakken er borte")]);
        assert!(outbox.mark_sending("e1"));
        assert!(outbox.mark_sent("e1", 10));
        // e2 timed out but reached the server; e3 timed out and did not.
        for echo_id in ["e2", "e3"] {
            assert!(outbox.mark_sending(echo_id));
            assert!(outbox.mark_failed_attempt(echo_id, T0));
        }
        assert!(outbox.needs_check());
        let history = [
            ServerMessage {
                id: 3,
                content: "hei",
                created_at: T0 - 86_400_000.0,
            },
            ServerMessage {
                id: 10,
                content: "hei",
                created_at: T0,
            },
            ServerMessage {
                id: 11,
                content: " hei ",
                created_at: T0 + 500.0,
            },
        ];
        assert_eq!(outbox.reconcile(&history), 1);
        // e1 keeps 10; e2 takes 11, not yesterday's "hei" (3) nor e1's.
        assert_eq!(state(&outbox, "e1"), SendState::Sent { id: 10 });
        assert_eq!(state(&outbox, "e2"), SendState::Sent { id: 11 });
        assert_eq!(state(&outbox, "e3"), SendState::Pending);
        assert!(!outbox.needs_check());
        assert_eq!(outbox.due(T0 + 1000.0), ["e3"]);
        // Nothing left in doubt: a second pass changes nothing.
        assert_eq!(outbox.reconcile(&history), 0);
    }

    #[test]
    fn reconcile_takes_an_in_flight_message_found_on_the_server_as_sent() {
        let mut outbox = outbox_with(&[("e1", "hei"), ("e2", "og en til")]);
        assert!(outbox.mark_sending("e1"));
        // Listed before it landed: it keeps its doubt, the request may still land.
        assert_eq!(outbox.reconcile(&[]), 0);
        assert_eq!(state(&outbox, "e1"), SendState::Sending);
        assert_eq!(outbox.oldest_in_doubt(), Some(T0));
        let history = [ServerMessage {
            id: 1,
            content: "hei",
            created_at: T0,
        }];
        assert_eq!(outbox.reconcile(&history), 1);
        assert_eq!(state(&outbox, "e1"), SendState::Sent { id: 1 });
        // Its late answer changes nothing; a late timeout schedules no resend.
        assert!(!outbox.mark_sent("e1", 1));
        assert!(!outbox.mark_failed_attempt("e1", T0));
        assert_eq!(outbox.oldest_in_doubt(), None);
    }

    #[test]
    fn only_the_last_fifty_sent_messages_are_kept() {
        let mut outbox = Outbox::new();
        for n in 0..60u64 {
            let echo_id = format!("e{n}");
            assert!(outbox.push("text", &echo_id, T0).is_some());
            assert!(outbox.mark_sending(&echo_id));
            assert!(outbox.mark_sent(&echo_id, n));
        }
        assert!(outbox.push("still waiting", "last", T0).is_some());
        assert_eq!(outbox.items().len(), KEEP_SENT + 1);
        assert_eq!(outbox.items()[0].echo_id, "e10");
        assert_eq!(outbox.pending_count(), 1);
    }

    #[test]
    fn the_stored_shape_is_plain_json() {
        let mut outbox = outbox_with(&[("e1", "one")]);
        assert!(outbox.mark_sending("e1"));
        assert!(outbox.mark_sent("e1", 7));
        assert_eq!(
            outbox.to_json(),
            r#"[{"echo_id":"e1","content":"one","state":{"Sent":{"id":7}},"attempts":0,"created_at":1700000000000.0,"next_try_at":1700000000000.0,"may_have_arrived":false}]"#
        );
    }
}
