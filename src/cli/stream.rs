//! Record streams, the engine: one producer thread reads items in order,
//! worker threads process them in parallel, and the calling thread writes the
//! results in input order as soon as each next one is ready. At most `window`
//! items are between the producer and the writer at any time, so memory is
//! bounded whatever the stream's length, and an item is written as soon as it
//! and the ones before it are done (a line in gives a line out without waiting
//! for more input, as a coprocess expects).
//!
//! Used by filter mode (`filter.rs`) and WARC input (`warc.rs`).

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread;

use anyhow::{anyhow, Result};

/// What the workers do with one item: its result, or (`crashed`) the result
/// to write when processing it panicked.
pub trait Work<I, O>: Send + Sync + 'static {
    /// Processes one item.
    fn run(&self, item: &I) -> O;
    /// The result of an item whose processing panicked with `message`.
    fn crashed(&self, item: &I, message: String) -> O;
}

/// Runs a stream: `produce` (on its own thread) hands items to `emit`, which
/// returns `false` once the writer has stopped; `work` runs on `workers`
/// threads; `write` gets every result in input order. Returns what `produce`
/// returned. An error from `write` stops the run at once (threads still
/// blocked on input are left behind, to end with the process).
pub fn run<I, O, R>(
    workers: usize,
    window: usize,
    produce: impl FnOnce(&mut dyn FnMut(I) -> bool) -> R + Send + 'static,
    work: impl Work<I, O>,
    mut write: impl FnMut(O) -> Result<()>,
) -> Result<R>
where
    I: Send + 'static,
    O: Send + 'static,
    R: Send + 'static,
{
    let window = window.max(1);
    let (job_tx, job_rx) = sync_channel::<(u64, I)>(window);
    let (done_tx, done_rx) = channel::<(u64, O)>();
    // One token per item in flight: the producer sends one before it hands an
    // item over (blocking when `window` are out), the writer takes one back per
    // item written.
    let (slot_tx, slot_rx) = sync_channel::<()>(window);

    let producer = thread::Builder::new()
        .name("rinse-reader".into())
        .spawn(move || {
            let mut seq = 0u64;
            let mut emit = |item: I| {
                if slot_tx.send(()).is_err() || job_tx.send((seq, item)).is_err() {
                    return false;
                }
                seq += 1;
                true
            };
            produce(&mut emit)
        })?;

    let job_rx = Arc::new(Mutex::new(job_rx));
    let work = Arc::new(work);
    for n in 0..workers.max(1) {
        let job_rx = Arc::clone(&job_rx);
        let done_tx = done_tx.clone();
        let work = Arc::clone(&work);
        thread::Builder::new()
            .name(format!("rinse-worker-{n}"))
            .spawn(move || loop {
                let job = match job_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((seq, item)) = job else { return };
                let out = catch_unwind(AssertUnwindSafe(|| work.run(&item)))
                    .unwrap_or_else(|panic| work.crashed(&item, panic_message(panic.as_ref())));
                if done_tx.send((seq, out)).is_err() {
                    return;
                }
            })?;
    }
    drop(done_tx);

    let mut pending: BTreeMap<u64, O> = BTreeMap::new();
    let mut next = 0u64;
    for (seq, out) in done_rx.iter() {
        pending.insert(seq, out);
        while let Some(out) = pending.remove(&next) {
            write(out)?;
            // The token of the item just written (sent before it was handed out).
            let _ = slot_rx.recv();
            next += 1;
        }
    }
    // Every worker has ended, so the producer has too (or stopped early).
    let produced = producer
        .join()
        .map_err(|p| anyhow!("the reader thread failed: {}", panic_message(p.as_ref())))?;
    if !pending.is_empty() {
        return Err(anyhow!("{} results were lost", pending.len()));
    }
    Ok(produced)
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    struct Slow;
    impl Work<u64, u64> for Slow {
        fn run(&self, item: &u64) -> u64 {
            // Later items finish first: the writer must still put them in order.
            thread::sleep(Duration::from_micros((50 - item % 50) * 20));
            if *item == 77 {
                panic!("item 77");
            }
            item * 2
        }
        fn crashed(&self, _: &u64, message: String) -> u64 {
            assert_eq!(message, "item 77");
            u64::MAX
        }
    }

    #[test]
    fn results_come_in_input_order_with_bounded_flight() {
        let mut got = Vec::new();
        let produced = run(
            3,
            4,
            |emit| (0..500u64).take_while(|i| emit(*i)).count(),
            Slow,
            |o| {
                got.push(o);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(produced, 500);
        let want: Vec<u64> = (0..500)
            .map(|i| if i == 77 { u64::MAX } else { i * 2 })
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_write_error_stops_the_producer() {
        let mut written = 0;
        let err = run(
            2,
            2,
            |emit| (0..u64::MAX).take_while(|i| emit(*i)).count(),
            Slow,
            |_| {
                written += 1;
                if written == 10 {
                    return Err(anyhow!("disk full"));
                }
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
    }
}
