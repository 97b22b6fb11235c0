//! Stage: fetch — a whole list of URLs. A dispatcher keeps one queue per host
//! and starts work round-robin across hosts (so one big site cannot starve the
//! others), with at most `concurrency` URLs in progress and `per_host` per host;
//! the scheduler then spaces their requests. Each fetched page is handed to the
//! caller's function on Tokio's blocking pool (cleaning is CPU work), and
//! results come back through a channel as they finish. Every URL yields exactly
//! one [`BatchItem`]; after [`StopHandle::stop`] the unfinished ones yield
//! [`FetchError::Interrupted`].

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use super::http::host_key;
use super::{parse_url, FetchError, FetchedPage, Fetcher};

/// The result for one URL of a batch.
#[derive(Debug)]
pub struct BatchItem<T> {
    /// The URL's position in the list given to [`Fetcher::fetch_all`].
    pub index: usize,
    /// The URL as given.
    pub url: String,
    /// What the processing function returned, or why there was no page.
    pub result: Result<T, FetchError>,
}

/// Stops a running batch: nothing new starts, work in progress is abandoned,
/// and every unfinished URL is reported as [`FetchError::Interrupted`].
#[derive(Debug, Clone)]
pub struct StopHandle {
    tx: Arc<watch::Sender<bool>>,
}

impl StopHandle {
    /// Asks the batch to stop (idempotent).
    pub fn stop(&self) {
        self.tx.send_replace(true);
    }

    /// Whether `stop` was called.
    pub fn is_stopped(&self) -> bool {
        *self.tx.borrow()
    }
}

/// A running batch: yields one item per URL, in the order they finish.
#[derive(Debug)]
pub struct Batch<T> {
    rx: mpsc::Receiver<BatchItem<T>>,
    stop: StopHandle,
}

impl<T> Batch<T> {
    /// The next finished URL, or `None` once every URL has been reported.
    pub async fn next(&mut self) -> Option<BatchItem<T>> {
        self.rx.recv().await
    }

    /// A handle that stops the batch from elsewhere (a Ctrl-C handler).
    pub fn stop_handle(&self) -> StopHandle {
        self.stop.clone()
    }
}

impl Fetcher {
    /// Fetches every URL of `urls` and runs `process` on each page (on the
    /// blocking pool, off the async workers). Must be called from inside a Tokio
    /// runtime (it spawns the dispatcher there); fails with
    /// [`FetchError::Setup`] otherwise. Dropping the [`Batch`] cancels it.
    pub fn fetch_all<T, F>(&self, urls: Vec<String>, process: F) -> Result<Batch<T>, FetchError>
    where
        T: Send + 'static,
        F: Fn(FetchedPage) -> T + Send + Sync + 'static,
    {
        let handle = tokio::runtime::Handle::try_current()
            .map_err(|e| FetchError::Setup(format!("no Tokio runtime: {e}")))?;
        let (tx, rx) = mpsc::channel(64);
        let (stop_tx, stop_rx) = watch::channel(false);
        handle.spawn(dispatch(self.clone(), urls, Arc::new(process), tx, stop_rx));
        Ok(Batch {
            rx,
            stop: StopHandle {
                tx: Arc::new(stop_tx),
            },
        })
    }
}

/// Queues per host, visited round-robin.
#[derive(Default)]
struct Queues {
    pending: HashMap<String, VecDeque<(usize, String)>>,
    ring: VecDeque<String>,
    active: HashMap<String, usize>,
}

impl Queues {
    fn push(&mut self, host: String, item: (usize, String)) {
        let queue = self.pending.entry(host.clone()).or_default();
        if queue.is_empty() {
            self.ring.push_back(host);
        }
        queue.push_back(item);
    }

    /// The next URL whose host has room, taking hosts in turn.
    fn pop(&mut self, per_host: usize) -> Option<(String, (usize, String))> {
        for _ in 0..self.ring.len() {
            let host = self.ring.pop_front()?;
            let busy = self.active.get(&host).copied().unwrap_or(0);
            let item = if busy < per_host {
                self.pending.get_mut(&host).and_then(VecDeque::pop_front)
            } else {
                None
            };
            if self.pending.get(&host).is_some_and(|q| !q.is_empty()) {
                self.ring.push_back(host.clone());
            } else {
                self.pending.remove(&host);
            }
            if let Some(item) = item {
                *self.active.entry(host.clone()).or_default() += 1;
                return Some((host, item));
            }
        }
        None
    }

    fn done(&mut self, host: &str) {
        if let Some(n) = self.active.get_mut(host) {
            *n = n.saturating_sub(1);
        }
    }

    /// Everything not started, in list order.
    fn drain(&mut self) -> Vec<(usize, String)> {
        let mut rest: Vec<_> = self.pending.drain().flat_map(|(_, q)| q).collect();
        self.ring.clear();
        rest.sort_by_key(|(i, _)| *i);
        rest
    }
}

async fn dispatch<T, F>(
    fetcher: Fetcher,
    urls: Vec<String>,
    process: Arc<F>,
    tx: mpsc::Sender<BatchItem<T>>,
    mut stop: watch::Receiver<bool>,
) where
    T: Send + 'static,
    F: Fn(FetchedPage) -> T + Send + Sync + 'static,
{
    let limit = fetcher.config().concurrency.max(1);
    let per_host = fetcher.config().per_host.max(1);
    let mut queues = Queues::default();
    for (index, url) in urls.into_iter().enumerate() {
        match parse_url(&url) {
            Ok(parsed) => queues.push(host_key(&parsed), (index, url)),
            Err(e) => {
                let item = BatchItem {
                    index,
                    url,
                    result: Err(e),
                };
                if tx.send(item).await.is_err() {
                    return;
                }
            }
        }
    }
    let mut set = JoinSet::new();
    let mut running = HashMap::new();
    let mut stopped = false;
    loop {
        while !stopped && set.len() < limit {
            let Some((host, (index, url))) = queues.pop(per_host) else {
                break;
            };
            let task = work(fetcher.clone(), url.clone(), process.clone(), stop.clone());
            let id = set.spawn(task).id();
            running.insert(id, (index, url, host));
        }
        if set.is_empty() {
            break;
        }
        let joined = tokio::select! {
            joined = set.join_next_with_id() => joined,
            () = stopped_signal(&mut stop), if !stopped => {
                stopped = true;
                continue;
            }
        };
        let (id, result) = match joined {
            Some(Ok((id, result))) => (id, result),
            Some(Err(e)) => {
                let what = if e.is_panic() {
                    "processing panicked"
                } else {
                    "task cancelled"
                };
                (e.id(), Err(FetchError::Internal(what.into())))
            }
            None => continue,
        };
        if let Some((index, url, host)) = running.remove(&id) {
            queues.done(&host);
            if tx.send(BatchItem { index, url, result }).await.is_err() {
                return;
            }
        }
    }
    for (index, url) in queues.drain() {
        let item = BatchItem {
            index,
            url,
            result: Err(FetchError::Interrupted),
        };
        if tx.send(item).await.is_err() {
            return;
        }
    }
}

/// Resolves once the batch is stopped (or its stop handle is gone).
async fn stopped_signal(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// One URL: fetch, then process on the blocking pool; gives up at once when the
/// batch is stopped.
async fn work<T, F>(
    fetcher: Fetcher,
    url: String,
    process: Arc<F>,
    mut stop: watch::Receiver<bool>,
) -> Result<T, FetchError>
where
    T: Send + 'static,
    F: Fn(FetchedPage) -> T + Send + Sync + 'static,
{
    let job = async {
        let page = fetcher.fetch(&url).await?;
        tokio::task::spawn_blocking(move || process(page))
            .await
            .map_err(|e| FetchError::Internal(format!("processing failed: {e}")))
    };
    tokio::select! {
        biased;
        () = stopped_signal(&mut stop) => Err(FetchError::Interrupted),
        result = job => result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_take_turns_within_their_limit() {
        let mut q = Queues::default();
        for (i, h) in ["a", "a", "a", "b", "c"].iter().enumerate() {
            q.push(h.to_string(), (i, format!("{h}{i}")));
        }
        let order: Vec<usize> = std::iter::from_fn(|| q.pop(1).map(|(_, (i, _))| i)).collect();
        assert_eq!(order, vec![0, 3, 4], "one per host while each is busy");
        q.done("a");
        assert_eq!(q.pop(1).map(|(_, (i, _))| i), Some(1));
        assert_eq!(q.pop(1), None);
        assert_eq!(q.drain(), vec![(2, "a2".to_string())]);
    }
}
