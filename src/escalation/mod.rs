//! Escalation to a person, pure Rust: when contact is offered ([`policy`]), the self-help trail
//! handed to the agent so the buyer never repeats themselves ([`trail`]), whether the customer
//! centre is open and when its queue is short ([`hours`]), and the queue of messages that
//! survives a dropped connection or a reload ([`outbox`]), and each visit's outcome for the
//! deflection figures ([`outcome`], shared with the merchant's server).
//!
//! No DOM, no web-sys and no network here: the view keeps the counters, reads the clock and does
//! the HTTP and WebSocket work, and asks these modules what to do. So every decision about
//! escalation is tested natively, in seconds.

pub(crate) mod hours;
pub(crate) mod outbox;
pub(crate) mod outcome;
pub(crate) mod policy;
pub(crate) mod trail;
