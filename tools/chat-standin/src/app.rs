//! The shared state of the running stand-in, and the one way requests change it.
//!
//! Every change goes through [`App::run`]: lock the store, apply a pure operation from
//! `store.rs`, send its broadcasts while the store is still locked (so events leave in the order
//! the state changed), then schedule the agent's turn, if any.

use std::sync::atomic::{AtomicU64, AtomicUsize};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{json, Value};
use tokio::sync::{broadcast, Notify};

use crate::faults::Faults;
use crate::store::{Broadcast, Done, Refusal, Reply, Store};
use crate::Config;

/// Events buffered per WebSocket; one that falls further behind is closed (it must reconnect
/// and re-read the list), never silently skipped.
const EVENT_BUFFER: usize = 4096;

/// What the WebSockets are told.
#[derive(Clone, Debug)]
pub(crate) enum Event {
    /// `message` is `{"event", "data"}`, for every subscription to `token`
    /// (`ActionCable.server.broadcast(pubsub_token, …)` in `app/jobs/action_cable_broadcast_job.rb`).
    ToToken {
        token: Arc<str>,
        message: Arc<Value>,
    },
    /// Close every WebSocket now. `restart` (close-sockets, reset) says goodbye first as a Rails
    /// server does when it closes connections itself; without it (offline) the socket just drops.
    CloseAll { restart: bool },
}

#[derive(Clone)]
pub(crate) struct App {
    store: Arc<Mutex<Store>>,
    faults: Arc<Mutex<Faults>>,
    pub(crate) events: broadcast::Sender<Event>,
    /// Wakes every held (`hang`) request on reset, to close its connection.
    pub(crate) released: Arc<Notify>,
    /// Open WebSockets.
    pub(crate) sockets: Arc<AtomicUsize>,
    /// The id the next WebSocket gets (the `pings` fault silences sockets by id).
    pub(crate) next_socket: Arc<AtomicU64>,
    pub(crate) config: Arc<Config>,
}

impl App {
    pub(crate) fn new(config: Config) -> Self {
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        App {
            store: Arc::new(Mutex::new(Store::new(config.inboxes.clone()))),
            faults: Arc::new(Mutex::new(Faults::default())),
            events,
            released: Arc::new(Notify::new()),
            sockets: Arc::new(AtomicUsize::new(0)),
            next_socket: Arc::new(AtomicU64::new(1)),
            config: Arc::new(config),
        }
    }

    /// The store; a panic elsewhere while it was held does not make it unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sends each broadcast to the WebSockets subscribed to its token. Call with the store locked.
    pub(crate) fn emit(&self, broadcasts: Vec<Broadcast>) {
        for Broadcast { token, event, data } in broadcasts {
            // No receiver (no socket open) is not an error: nobody is listening.
            let _unheard = self.events.send(Event::ToToken {
                token: Arc::from(token.as_str()),
                message: Arc::new(json!({ "event": event, "data": data })),
            });
        }
    }

    /// Applies one operation: store, broadcast, agent turn.
    pub(crate) fn run(
        &self,
        operation: impl FnOnce(&mut Store) -> Result<Done, Refusal>,
    ) -> Result<Reply, Refusal> {
        let mut store = self.lock();
        let Done {
            reply,
            broadcasts,
            agent,
        } = operation(&mut store)?;
        self.emit(broadcasts);
        let epoch = store.epoch;
        drop(store);
        if let Some((conversation, turn)) = agent {
            crate::agent::schedule(self.clone(), epoch, conversation, turn);
        }
        Ok(reply)
    }

    /// Closes every WebSocket; with `restart`, after ActionCable's `disconnect` frame.
    pub(crate) fn close_sockets(&self, restart: bool) {
        let _unheard = self.events.send(Event::CloseAll { restart });
    }

    /// Forgets everything, ends every fault, closes sockets and held requests.
    pub(crate) fn reset(&self) {
        self.lock().reset();
        *self.faults() = Faults::default();
        self.close_sockets(true);
        self.released.notify_waiters();
    }
}
