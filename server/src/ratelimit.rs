//! A token bucket per client, in memory and bounded, so one client cannot spend the merchant's
//! PostNord quota or flood the report with made-up visits.
//!
//! Clients are keyed by a keyed hash of their IP address (SipHash with a key drawn at start):
//! the address itself is never stored or logged, and the hash means nothing after a restart.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::config::RateConfig;

struct Bucket {
    tokens: f64,
    at: Instant,
}

pub(crate) struct RateLimiter {
    buckets: Mutex<HashMap<u64, Bucket>>,
    hasher: RandomState,
    burst: f64,
    per_second: f64,
    max_clients: usize,
}

/// Refused: try again after this long.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Limited {
    pub(crate) retry_after: Duration,
}

impl RateLimiter {
    pub(crate) fn new(config: RateConfig) -> RateLimiter {
        RateLimiter {
            buckets: Mutex::new(HashMap::new()),
            hasher: RandomState::new(),
            burst: f64::from(config.burst.max(1)),
            per_second: f64::from(config.per_minute.max(1)) / 60.0,
            max_clients: config.max_clients.max(1),
        }
    }

    /// Takes one token from `client`'s bucket.
    pub(crate) fn check(&self, client: IpAddr) -> Result<(), Limited> {
        let key = self.hasher.hash_one(client);
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() >= self.max_clients && !buckets.contains_key(&key) {
            self.forget_idle(&mut buckets, now);
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / self.per_second;
            Err(Limited {
                retry_after: Duration::from_secs_f64(wait.ceil().max(1.0)),
            })
        }
    }

    /// Drops buckets that have refilled (their clients are idle; forgetting them changes
    /// nothing). If every client is active, starts over rather than grow without bound.
    fn forget_idle(&self, buckets: &mut HashMap<u64, Bucket>, now: Instant) {
        let full_after = self.burst / self.per_second;
        buckets.retain(|_, b| now.saturating_duration_since(b.at).as_secs_f64() < full_after);
        if buckets.len() >= self.max_clients {
            buckets.clear();
        }
    }

    #[cfg(test)]
    pub(crate) fn clients(&self) -> usize {
        self.buckets.lock().map(|b| b.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(burst: u32, per_minute: u32, max_clients: usize) -> RateLimiter {
        RateLimiter::new(RateConfig {
            burst,
            per_minute,
            max_clients,
        })
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_then_the_sustained_rate() {
        let rl = limiter(3, 60, 10);
        let ip: IpAddr = [192, 0, 2, 1].into();
        for _ in 0..3 {
            assert_eq!(rl.check(ip), Ok(()));
        }
        assert_eq!(
            rl.check(ip),
            Err(Limited {
                retry_after: Duration::from_secs(1)
            })
        );
        // Another client has its own bucket.
        assert_eq!(rl.check([192, 0, 2, 2].into()), Ok(()));
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(rl.check(ip), Ok(()));
        assert!(rl.check(ip).is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn memory_is_bounded() {
        let rl = limiter(2, 60, 100);
        for i in 0..1000u32 {
            let _ = rl.check(IpAddr::from(i.to_be_bytes()));
        }
        assert!(rl.clients() <= 100);
    }
}
