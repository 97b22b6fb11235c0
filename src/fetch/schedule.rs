//! Stage: fetch — the per-host scheduler. Every request (pages, robots.txt,
//! retries, redirect hops) takes a slot from it first: at most `per_host`
//! requests in flight to one host, start times at least `delay` apart (each
//! request reserves the next start time of its host), and at most `concurrency`
//! requests in flight overall. Waiting for a retry happens outside it, so a
//! backing-off request holds no slot.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use super::FetchError;

/// One host's limit and timetable.
#[derive(Debug)]
struct Host {
    /// Requests in flight.
    slots: Arc<Semaphore>,
    /// When its last request started, and the least gap between starts.
    timetable: Mutex<Timetable>,
}

#[derive(Debug)]
struct Timetable {
    /// When the last request started (or is reserved to start).
    last: Option<Instant>,
    /// The least gap between two starts.
    delay: Duration,
}

/// Hands out request slots per host and overall.
#[derive(Debug)]
pub(crate) struct Scheduler {
    per_host: usize,
    delay: Duration,
    global: Arc<Semaphore>,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

/// The right to send one request; dropping it frees the slots.
#[derive(Debug)]
pub(crate) struct Slot {
    _host: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
}

impl Scheduler {
    /// A scheduler with the given limits (0 is taken as 1).
    pub(crate) fn new(concurrency: usize, per_host: usize, delay: Duration) -> Self {
        Scheduler {
            per_host: per_host.max(1),
            delay,
            global: Arc::new(Semaphore::new(concurrency.max(1))),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    fn host(&self, name: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        hosts
            .entry(name.to_string())
            .or_insert_with(|| {
                Arc::new(Host {
                    slots: Arc::new(Semaphore::new(self.per_host)),
                    timetable: Mutex::new(Timetable {
                        last: None,
                        delay: self.delay,
                    }),
                })
            })
            .clone()
    }

    /// Waits for a slot for `host`: a free place among its `per_host`, then its
    /// reserved start time, then a free place overall.
    pub(crate) async fn acquire(&self, host: &str) -> Result<Slot, FetchError> {
        let host = self.host(host);
        let host_permit = host
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| FetchError::Internal(e.to_string()))?;
        let start = {
            let mut t = host
                .timetable
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let start = t.last.map_or(now, |last| (last + t.delay).max(now));
            t.last = Some(start);
            start
        };
        tokio::time::sleep_until(start).await;
        let global_permit = self
            .global
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| FetchError::Internal(e.to_string()))?;
        Ok(Slot {
            _host: host_permit,
            _global: global_permit,
        })
    }

    /// Makes the gap between requests to `host` at least `delay` (a robots.txt
    /// `Crawl-delay`); never shortens it.
    pub(crate) fn slow_down(&self, host: &str, delay: Duration) {
        let host = self.host(host);
        let mut t = host
            .timetable
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        t.delay = t.delay.max(delay);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn starts_are_spaced_and_limited() {
        let s = Arc::new(Scheduler::new(8, 2, Duration::from_millis(100)));
        let t0 = Instant::now();
        let a = s.acquire("h").await.ok();
        let b = s.acquire("h").await.ok();
        assert!(a.is_some() && b.is_some());
        assert_eq!(Instant::now() - t0, Duration::from_millis(100));
        // A third waits for a free place, even though its start time has come.
        let s2 = s.clone();
        let third = tokio::spawn(async move { s2.acquire("h").await.map(|_| Instant::now()) });
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(!third.is_finished());
        drop(a);
        let started = third.await.ok().and_then(Result::ok);
        assert_eq!(started.map(|t| t - t0), Some(Duration::from_millis(600)));
        // Another host is not held up.
        let t1 = Instant::now();
        let other = s.acquire("other").await;
        assert!(other.is_ok());
        assert_eq!(Instant::now(), t1);
    }

    #[tokio::test(start_paused = true)]
    async fn global_limit_and_slow_down() {
        let s = Scheduler::new(1, 4, Duration::ZERO);
        let held = s.acquire("a").await;
        assert!(held.is_ok());
        let wait = tokio::time::timeout(Duration::from_secs(1), s.acquire("b")).await;
        assert!(wait.is_err(), "the global limit of 1 was not held");
        drop(held);
        s.slow_down("c", Duration::from_secs(2));
        let t0 = Instant::now();
        drop(s.acquire("c").await);
        drop(s.acquire("c").await);
        assert_eq!(Instant::now() - t0, Duration::from_secs(2));
    }
}
