//! The tracking cache: one slot per (id, locale), a lifetime chosen by what PostNord said, and
//! coalescing, so a parcel that two hundred buyers look up at once costs one upstream call.
//!
//! Each slot holds an async mutex. The first request takes it and calls upstream; the others
//! wait on it. A waiter then uses the stored answer if it is still fresh, or if a call finished
//! after the waiter arrived (it is the call they were waiting for, even when it was an error that
//! is not cached for anyone who comes later; a counter of finished calls tells, not the clock). The map is bounded: over capacity, slots nobody is
//! using are dropped, expired ones first.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::config::Ttl;
use crate::upstream::{Reply, UpstreamError};

/// The longest a 429's `Retry-After` keeps an answer cached.
const MAX_RETRY_AFTER_CACHE: Duration = Duration::from_secs(300);

pub(crate) type Answer = Result<Arc<Reply>, UpstreamError>;

struct Stored {
    answer: Answer,
    expires_at: Instant,
}

#[derive(Default)]
struct Slot {
    stored: tokio::sync::Mutex<Option<Stored>>,
    /// Upstream calls finished for this key, counted while holding `stored`.
    finished: AtomicU64,
}

/// Whether an answer came from the cache, for logs and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Cache,
    Upstream,
}

pub(crate) struct Cache<K> {
    slots: Mutex<HashMap<K, Arc<Slot>>>,
    ttl: Ttl,
    capacity: usize,
}

impl<K: Clone + Eq + Hash> Cache<K> {
    pub(crate) fn new(ttl: Ttl, capacity: usize) -> Cache<K> {
        Cache {
            slots: Mutex::new(HashMap::new()),
            ttl,
            capacity: capacity.max(1),
        }
    }

    /// The answer for `key`: fresh from the cache, shared with a call in flight, or from `fetch`.
    pub(crate) async fn get<F, Fut>(&self, key: K, fetch: F) -> (Answer, Source)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Reply, UpstreamError>>,
    {
        let slot = self.slot(key);
        let finished_before = slot.finished.load(Ordering::Acquire);
        let mut stored = slot.stored.lock().await;
        if let Some(s) = stored.as_ref() {
            let waited_for_it = slot.finished.load(Ordering::Acquire) > finished_before;
            if waited_for_it || Instant::now() < s.expires_at {
                return (s.answer.clone(), Source::Cache);
            }
        }
        let answer = fetch().await.map(Arc::new);
        let lifetime = match &answer {
            Ok(reply) => lifetime(reply, self.ttl),
            Err(_) => Duration::ZERO,
        };
        *stored = Some(Stored {
            answer: answer.clone(),
            expires_at: Instant::now() + lifetime,
        });
        slot.finished.fetch_add(1, Ordering::Release);
        (answer, Source::Upstream)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.lock().map(|s| s.len()).unwrap_or(0)
    }

    fn slot(&self, key: K) -> Arc<Slot> {
        let Ok(mut slots) = self.slots.lock() else {
            // A panic while holding the map lock: serve uncached rather than fail.
            return Arc::new(Slot::default());
        };
        if let Some(slot) = slots.get(&key) {
            return slot.clone();
        }
        if slots.len() >= self.capacity {
            evict(&mut slots, self.capacity);
        }
        let slot = Arc::new(Slot::default());
        slots.insert(key, slot.clone());
        slot
    }
}

/// Makes room: drops unused expired slots, then unused slots of any age, to 90 % of capacity.
fn evict<K: Eq + Hash>(slots: &mut HashMap<K, Arc<Slot>>, capacity: usize) {
    let now = Instant::now();
    let unused_and_expired = |slot: &Arc<Slot>| {
        Arc::strong_count(slot) == 1
            && slot
                .stored
                .try_lock()
                .is_ok_and(|s| s.as_ref().is_none_or(|s| s.expires_at <= now))
    };
    slots.retain(|_, slot| !unused_and_expired(slot));
    let target = capacity - capacity / 10;
    if slots.len() > target {
        let mut excess = slots.len() - target;
        slots.retain(|_, slot| {
            if excess > 0 && Arc::strong_count(slot) == 1 {
                excess -= 1;
                false
            } else {
                true
            }
        });
    }
}

/// How long PostNord's answer stays good. A delivered or returned parcel changes rarely; one on
/// its way changes every few hours; an unknown id may appear soon (the sender just booked it). A
/// 429 is kept for its `Retry-After`, so waiting buyers do not hammer a limit. Other errors and
/// unreadable bodies are not kept: the widget's one retry after a 5xx must reach PostNord.
pub(crate) fn lifetime(reply: &Reply, ttl: Ttl) -> Duration {
    match reply.status {
        200 => match parcel_state(&reply.body) {
            Some(ParcelState::Final) => ttl.delivered,
            Some(ParcelState::Moving) => ttl.in_transit,
            Some(ParcelState::Unknown) => ttl.not_found,
            None => Duration::ZERO,
        },
        404 => ttl.not_found,
        429 => reply
            .retry_after
            .map(|s| Duration::from_secs(s.into()).min(MAX_RETRY_AFTER_CACHE))
            .unwrap_or(Duration::ZERO),
        _ => Duration::ZERO,
    }
}

enum ParcelState {
    /// Delivered or returned to the sender.
    Final,
    /// Every other status, including ones we do not know yet.
    Moving,
    /// No shipment: an id PostNord does not know, or a fault.
    Unknown,
}

/// Reads only the first shipment's `status` from PostNord's JSON; None if it is not JSON.
fn parcel_state(body: &[u8]) -> Option<ParcelState> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    let response = json.get("TrackingInformationResponse")?;
    let first = response
        .get("shipments")
        .and_then(|s| s.as_array())
        .and_then(|s| s.first());
    Some(match first {
        None => ParcelState::Unknown,
        Some(shipment) => match shipment.get("status").and_then(|s| s.as_str()) {
            Some("DELIVERED" | "RETURNED") => ParcelState::Final,
            _ => ParcelState::Moving,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;
    use std::sync::atomic::AtomicUsize;

    const TTL: Ttl = Ttl {
        delivered: Duration::from_secs(3600),
        in_transit: Duration::from_secs(300),
        not_found: Duration::from_secs(60),
    };

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status,
            retry_after: None,
            problem_json: false,
            body: Bytes::from(body.to_string()),
        }
    }

    fn parcel(status: &str) -> Reply {
        reply(
            200,
            &format!(
                r#"{{"TrackingInformationResponse":{{"shipments":[{{"shipmentId":"X","status":"{status}"}}]}}}}"#
            ),
        )
    }

    #[test]
    fn lifetime_follows_the_status() {
        assert_eq!(lifetime(&parcel("DELIVERED"), TTL), TTL.delivered);
        assert_eq!(lifetime(&parcel("EN_ROUTE"), TTL), TTL.in_transit);
        assert_eq!(lifetime(&parcel("SOMETHING_NEW"), TTL), TTL.in_transit);
        let empty = r#"{"TrackingInformationResponse":{"shipments":[]}}"#;
        assert_eq!(lifetime(&reply(200, empty), TTL), TTL.not_found);
        assert_eq!(lifetime(&reply(200, "{\"Tracking"), TTL), Duration::ZERO);
        assert_eq!(lifetime(&reply(500, ""), TTL), Duration::ZERO);
        assert_eq!(lifetime(&reply(403, ""), TTL), Duration::ZERO);
        let mut limited = reply(429, "");
        limited.retry_after = Some(30);
        assert_eq!(lifetime(&limited, TTL), Duration::from_secs(30));
    }

    /// A fetch that counts its calls and answers `make()` after `delay`.
    async fn counted(
        calls: &AtomicUsize,
        delay: Duration,
        answer: Reply,
    ) -> Result<Reply, UpstreamError> {
        calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(delay).await;
        Ok(answer)
    }

    #[tokio::test(start_paused = true)]
    async fn entries_expire_by_their_status() {
        let cache = Cache::new(TTL, 100);
        let calls = AtomicUsize::new(0);
        let ask = |key: &'static str, answer: Reply| {
            let calls = &calls;
            let cache = &cache;
            async move {
                cache
                    .get(key, || counted(calls, Duration::ZERO, answer))
                    .await
                    .1
            }
        };
        assert_eq!(ask("moving", parcel("EN_ROUTE")).await, Source::Upstream);
        assert_eq!(ask("done", parcel("DELIVERED")).await, Source::Upstream);
        tokio::time::advance(Duration::from_secs(299)).await;
        assert_eq!(ask("moving", parcel("EN_ROUTE")).await, Source::Cache);
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(ask("moving", parcel("EN_ROUTE")).await, Source::Upstream);
        assert_eq!(ask("done", parcel("DELIVERED")).await, Source::Cache);
        tokio::time::advance(Duration::from_secs(3600)).await;
        assert_eq!(ask("done", parcel("DELIVERED")).await, Source::Upstream);
        assert_eq!(calls.load(Ordering::SeqCst), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_waiters_share_one_call_even_an_uncached_error() {
        let cache = Arc::new(Cache::new(TTL, 100));
        let calls = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..200 {
            let (cache, calls) = (cache.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get("id", || {
                        counted(&calls, Duration::from_millis(100), reply(503, ""))
                    })
                    .await
                    .0
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().status, 503);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // A 503 is not kept: the next buyer asks again.
        let _ = cache
            .get("id", || counted(&calls, Duration::ZERO, reply(200, "")))
            .await;
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn the_map_stays_bounded() {
        let cache = Cache::new(TTL, 50);
        let calls = AtomicUsize::new(0);
        for i in 0..500 {
            let _ = cache
                .get(i, || counted(&calls, Duration::ZERO, parcel("DELIVERED")))
                .await;
        }
        assert!(cache.len() <= 50, "{} slots", cache.len());
    }
}
