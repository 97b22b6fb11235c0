//! Tests of the fetch stage through the library API, against a real HTTP server
//! on 127.0.0.1 (tests/fetch_server): charsets, redirects, statuses, retries,
//! Retry-After, timeouts, the size cap, non-HTML content, robots.txt, the
//! per-host limit and delay, and stopping a batch. Waits are bounded by short
//! timeouts in the config and by `within`.

mod fetch_server;

use std::future::Future;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use fetch_server::{article_text, Server};
use rinse::{EncodingSource, FetchConfig, FetchError, Fetcher, Pipeline};

/// A config for tests: no delay, fast retries, short timeouts.
fn fast() -> FetchConfig {
    FetchConfig {
        delay: Duration::ZERO,
        backoff_base: Duration::from_millis(2),
        backoff_max: Duration::from_millis(20),
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        ..FetchConfig::default()
    }
}

fn fetcher(config: FetchConfig) -> Fetcher {
    Fetcher::new(config).unwrap()
}

/// Runs `fut`, failing the test if it takes longer than `secs`.
async fn within<T>(secs: u64, fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), fut)
        .await
        .expect("the fetch did not finish in time")
}

#[tokio::test]
async fn charset_only_in_the_header_reaches_the_decoder() {
    let server = Server::start();
    let page = within(10, fetcher(fast()).fetch(&server.url("/cp1252")))
        .await
        .unwrap();
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=iso-8859-1")
    );
    let article = Pipeline::new().unwrap().clean(&page.into_raw_page());
    assert!(
        article
            .text
            .contains("The café owner said “hello” to every visitor, and the naïve tourists"),
        "{}",
        article.text
    );
    // iso-8859-1 is windows-1252 (WHATWG), and the header decided it.
    assert_eq!(article.encoding, "windows-1252");
    assert_eq!(article.encoding_source, EncodingSource::ContentType);
}

#[tokio::test]
async fn redirects_are_followed_and_the_final_url_is_the_page_url() {
    let server = Server::start();
    let f = fetcher(fast());
    let page = within(10, f.fetch(&server.url("/start/a"))).await.unwrap();
    assert_eq!(page.url, server.url("/final/page"));
    assert_eq!(page.requested_url, server.url("/start/a"));
    assert_eq!(page.redirects, 2);
    let article = Pipeline::new().unwrap().clean(&page.into_raw_page());
    // The relative canonical link resolves against the final URL.
    assert_eq!(
        article.metadata.canonical_url.as_deref(),
        Some(server.url("/final/canon").as_str())
    );
    assert!(article.text.contains(&article_text("final")));

    let looped = within(10, f.fetch(&server.url("/loop"))).await.unwrap_err();
    assert_eq!(looped.kind(), "redirect");
    assert!(
        looped.to_string().contains("more than 10 redirects"),
        "{looped}"
    );
    assert_eq!(server.seen.hits("/loop"), 11);
}

#[tokio::test]
async fn a_404_fails_at_once() {
    let server = Server::start();
    let err = within(10, fetcher(fast()).fetch(&server.url("/missing")))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        FetchError::Status {
            code: 404,
            attempts: 1
        }
    );
    assert_eq!(err.to_string(), "HTTP 404 Not Found");
    assert_eq!(server.seen.hits("/missing"), 1, "a 404 is not retried");
}

#[tokio::test]
async fn a_500_is_retried_until_it_succeeds_or_retries_run_out() {
    let server = Server::start();
    let f = fetcher(FetchConfig {
        retries: 2,
        ..fast()
    });
    let page = within(10, f.fetch(&server.url("/flaky"))).await.unwrap();
    assert_eq!(page.status, 200);
    assert_eq!(page.attempts, 2);
    assert_eq!(server.seen.hits("/flaky"), 2);

    let err = within(10, f.fetch(&server.url("/always500")))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        FetchError::Status {
            code: 500,
            attempts: 3
        }
    );
    assert_eq!(server.seen.hits("/always500"), 3);
}

#[tokio::test]
async fn a_429_waits_for_retry_after() {
    let server = Server::start();
    let f = fetcher(fast());
    let page = within(10, f.fetch(&server.url("/busy"))).await.unwrap();
    assert_eq!(page.attempts, 2);
    let times = server.seen.times("/busy");
    assert_eq!(times.len(), 2);
    let gap = times[1] - times[0];
    // The backoff alone would be a few ms; Retry-After asked for 1 s.
    assert!(gap >= Duration::from_millis(950), "retried after {gap:?}");

    // A Retry-After beyond the limit fails at once instead of waiting an hour.
    let started = Instant::now();
    let err = within(10, f.fetch(&server.url("/busy-long")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::RetryTooLate { code: 503, .. }),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_stalled_server_times_out() {
    let server = Server::start();
    let f = fetcher(FetchConfig {
        timeout: Duration::from_millis(300),
        ..fast()
    });
    for path in ["/stall", "/stall-body"] {
        let started = Instant::now();
        let err = within(10, f.fetch(&server.url(path))).await.unwrap_err();
        assert_eq!(
            err,
            FetchError::Timeout {
                after: Duration::from_millis(300),
                attempts: 1
            },
            "{path}"
        );
        assert!(started.elapsed() < Duration::from_secs(5), "{path}");
        assert_eq!(server.seen.hits(path), 1, "a timeout is not retried");
    }
}

#[tokio::test]
async fn an_endless_body_stops_at_the_cap() {
    let server = Server::start();
    let f = fetcher(FetchConfig {
        max_bytes: 100_000,
        ..fast()
    });
    let err = within(10, f.fetch(&server.url("/endless")))
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::TooLarge { max: 100_000 });
    assert_eq!(err.kind(), "too_large");
}

#[tokio::test]
async fn pdf_and_images_are_skipped() {
    let server = Server::start();
    let f = fetcher(fast());
    let pdf = within(10, f.fetch(&server.url("/doc.pdf")))
        .await
        .unwrap_err();
    assert_eq!(
        pdf,
        FetchError::NotHtml {
            content_type: "application/pdf".into()
        }
    );
    assert!(pdf.is_skip());
    // No Content-Type: the bytes are sniffed.
    let png = within(10, f.fetch(&server.url("/image")))
        .await
        .unwrap_err();
    assert_eq!(
        png,
        FetchError::NotHtml {
            content_type: "PNG image".into()
        }
    );
}

#[tokio::test]
async fn gzip_bodies_are_decoded_and_the_user_agent_is_sent() {
    let server = Server::start();
    let page = within(10, fetcher(fast()).fetch(&server.url("/gzip")))
        .await
        .unwrap();
    let text = String::from_utf8(page.bytes).unwrap();
    assert!(text.contains(&article_text("gzip")));
    let agents = server.seen.agents();
    assert!(
        agents.iter().all(|a| a == rinse::fetch::DEFAULT_USER_AGENT),
        "{agents:?}"
    );
    assert!(rinse::fetch::DEFAULT_USER_AGENT.starts_with("rinse/0."));
    assert!(rinse::fetch::DEFAULT_USER_AGENT.contains("(+https://"));

    let custom = fetcher(FetchConfig {
        user_agent: "testbot/2".into(),
        ..fast()
    });
    within(10, custom.fetch(&server.url("/article/1")))
        .await
        .unwrap();
    assert_eq!(
        server.seen.agents().last().map(String::as_str),
        Some("testbot/2")
    );
}

#[tokio::test]
async fn robots_txt_is_fetched_once_and_obeyed() {
    let server = Server::with_robots(Some((
        200,
        "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n",
    )));
    let f = fetcher(fast());
    let urls: Vec<String> = (0..6)
        .map(|i| server.url(&format!("/article/{i}")))
        .collect();
    let results = within(
        10,
        futures_util::future::join_all(urls.iter().map(|u| f.fetch(u))),
    )
    .await;
    assert!(results.iter().all(Result::is_ok));
    let err = within(10, f.fetch(&server.url("/private/x")))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        FetchError::RobotsDisallowed {
            robots_url: server.url("/robots.txt")
        }
    );
    assert!(err.is_skip());
    assert_eq!(server.seen.hits("/private/x"), 0);
    assert_eq!(server.seen.hits("/robots.txt"), 1, "robots.txt is cached");

    // Opting out: robots.txt is neither fetched nor obeyed.
    let rude = fetcher(FetchConfig {
        obey_robots: false,
        ..fast()
    });
    within(10, rude.fetch(&server.url("/private/y")))
        .await
        .unwrap();
    assert_eq!(server.seen.hits("/robots.txt"), 1);
}

#[tokio::test]
async fn robots_txt_errors_follow_rfc_9309() {
    // 404: no rules.
    let none = Server::start();
    within(10, fetcher(fast()).fetch(&none.url("/article/1")))
        .await
        .unwrap();
    // 5xx (after retries): the whole site is off limits.
    let broken = Server::with_robots(Some((503, "")));
    let f = fetcher(FetchConfig {
        retries: 1,
        ..fast()
    });
    let err = within(10, f.fetch(&broken.url("/article/1")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RobotsUnavailable { .. }), "{err}");
    assert_eq!(broken.seen.hits("/robots.txt"), 2);
    assert_eq!(broken.seen.hits("/article/1"), 0);
}

#[tokio::test]
async fn the_per_host_limit_is_held() {
    let server = Server::start();
    // Through a batch (dispatcher and scheduler), and through plain concurrent
    // `fetch` calls (the scheduler alone).
    for (per_host, batch) in [(2, true), (3, false)] {
        server.seen.max_in_flight.store(0, Ordering::SeqCst);
        let f = fetcher(FetchConfig {
            per_host,
            concurrency: 16,
            obey_robots: false,
            ..fast()
        });
        let urls: Vec<String> = (0..10)
            .map(|i| server.url(&format!("/slow/{per_host}-{i}")))
            .collect();
        let statuses: Vec<Result<u16, FetchError>> = if batch {
            let mut batch = f.fetch_all(urls, |page| page.status).unwrap();
            let mut all = Vec::new();
            while let Some(item) = within(20, batch.next()).await {
                all.push(item.result);
            }
            all
        } else {
            let calls = urls
                .iter()
                .map(|u| async { f.fetch(u).await.map(|p| p.status) });
            within(20, futures_util::future::join_all(calls)).await
        };
        assert_eq!(statuses, vec![Ok(200); 10]);
        // Each request is held 200 ms, so the limit is reached and never passed.
        assert_eq!(server.seen.max_in_flight.load(Ordering::SeqCst), per_host);
    }
}

#[tokio::test]
async fn requests_to_one_host_are_spaced_by_the_delay() {
    let server = Server::start();
    let f = fetcher(FetchConfig {
        delay: Duration::from_millis(150),
        per_host: 4,
        obey_robots: false,
        ..fast()
    });
    let urls: Vec<String> = (0..4)
        .map(|i| server.url(&format!("/article/{i}")))
        .collect();
    let mut batch = f.fetch_all(urls, |page| page.status).unwrap();
    while within(10, batch.next()).await.is_some() {}
    let mut times = server.seen.times("/article/");
    times.sort();
    assert_eq!(times.len(), 4);
    for pair in times.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(100), "gap {gap:?}");
    }
}

#[tokio::test]
async fn a_stopped_batch_reports_every_url() {
    let server = Server::start();
    let f = fetcher(FetchConfig {
        obey_robots: false,
        ..fast()
    });
    let mut urls: Vec<String> = (0..3).map(|i| server.url(&format!("/stall?{i}"))).collect();
    urls.push("not a url".into());
    let mut batch = f.fetch_all(urls, |page| page.status).unwrap();
    // The invalid URL is reported first, without waiting.
    let first = within(10, batch.next()).await.unwrap();
    assert_eq!(first.index, 3);
    assert_eq!(first.result.unwrap_err().kind(), "invalid_url");
    within(10, async {
        while server.seen.total() < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    batch.stop_handle().stop();
    let mut rest = Vec::new();
    while let Some(item) = within(10, batch.next()).await {
        assert_eq!(item.result, Err(FetchError::Interrupted));
        rest.push(item.index);
    }
    rest.sort();
    assert_eq!(rest, vec![0, 1, 2]);
}
