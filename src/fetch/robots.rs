//! Stage: fetch — robots.txt, fetched once per origin (scheme, host, port) and
//! cached; concurrent first requests to a site wait for the same fetch. What an
//! answer means follows RFC 9309: 2xx is parsed (first 512 KiB), other 4xx
//! allow everything, 5xx or no connection (after retries) disallow everything
//! (a site that cannot be reached is reported with that connection error),
//! up to 5 redirects are followed. Matching (groups, longest match, `*`, `$`)
//! is done by `texting_robots`. A `Crawl-delay` slows the host down (capped).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use texting_robots::Robot;
use tokio::sync::OnceCell;
use url::Url;

use super::http::{self, host_key, Purpose, Reply};
use super::{FetchError, Inner};

/// Redirects followed for robots.txt.
const MAX_ROBOTS_REDIRECTS: usize = 5;

/// What a site's robots.txt says.
pub(crate) enum Rules {
    /// No robots.txt (4xx), or one that could not be parsed.
    AllowAll,
    /// robots.txt could not be fetched: nothing may be.
    Unavailable(FetchError),
    /// The parsed rules for our user agent.
    Parsed {
        robot: Box<Robot>,
        robots_url: String,
    },
}

/// robots.txt per origin, each fetched at most once.
#[derive(Default)]
pub(crate) struct Cache {
    sites: Mutex<HashMap<String, Arc<OnceCell<Arc<Rules>>>>>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("robots::Cache")
    }
}

impl Cache {
    /// Checks `url` against its site's robots.txt, fetching that first if needed.
    pub(crate) async fn check(&self, inner: &Inner, url: &Url) -> Result<(), FetchError> {
        let origin = url.origin().ascii_serialization();
        let cell = {
            let mut sites = self.sites.lock().unwrap_or_else(PoisonError::into_inner);
            sites.entry(origin.clone()).or_default().clone()
        };
        let rules = cell.get_or_init(|| load(inner, url, &origin)).await;
        match rules.as_ref() {
            Rules::AllowAll => Ok(()),
            // A site that cannot be reached is reported as such.
            Rules::Unavailable(
                e @ (FetchError::Connection { .. } | FetchError::Timeout { .. }),
            ) => Err(e.clone()),
            Rules::Unavailable(e) => Err(FetchError::RobotsUnavailable {
                reason: e.to_string(),
            }),
            Rules::Parsed { robot, robots_url } => {
                if robot.allowed(url.as_str()) {
                    Ok(())
                } else {
                    Err(FetchError::RobotsDisallowed {
                        robots_url: robots_url.clone(),
                    })
                }
            }
        }
    }
}

/// The product token of a User-Agent (`rinse` in `rinse/0.1 (+…)`), which
/// robots.txt groups are matched against.
pub(crate) fn agent_token(user_agent: &str) -> String {
    let token: String = user_agent
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if token.is_empty() {
        "*".into()
    } else {
        token
    }
}

async fn load(inner: &Inner, page: &Url, origin: &str) -> Arc<Rules> {
    let robots_url = match Url::parse(&format!("{origin}/robots.txt")) {
        Ok(u) => u,
        Err(_) => return Arc::new(Rules::AllowAll),
    };
    let mut current = robots_url.clone();
    for _ in 0..=MAX_ROBOTS_REDIRECTS {
        let reply = http::request(inner, &current, Purpose::Robots).await;
        let rules = match reply {
            Ok((Reply::Redirect(next), _)) => {
                current = next;
                continue;
            }
            Ok((Reply::Body { status, bytes, .. }, _)) if (200..300).contains(&status) => {
                parse(inner, page, &bytes, robots_url.as_str())
            }
            Ok((Reply::Body { .. }, _)) => Rules::AllowAll,
            Err(
                e @ (FetchError::Status { .. }
                | FetchError::RetryTooLate { .. }
                | FetchError::Timeout { .. }
                | FetchError::Connection { .. }),
            ) => Rules::Unavailable(e),
            Err(_) => Rules::AllowAll,
        };
        return Arc::new(rules);
    }
    // Too many redirects: RFC 9309 allows treating it as unavailable (4xx).
    Arc::new(Rules::AllowAll)
}

fn parse(inner: &Inner, page: &Url, bytes: &[u8], robots_url: &str) -> Rules {
    let Ok(robot) = Robot::new(&inner.agent_token, bytes) else {
        return Rules::AllowAll;
    };
    if let Some(delay) = robot
        .delay
        .and_then(|d| Duration::try_from_secs_f32(d).ok())
    {
        let delay = delay.min(inner.config.max_crawl_delay);
        inner.scheduler.slow_down(&host_key(page), delay);
    }
    Rules::Parsed {
        robot: Box::new(robot),
        robots_url: robots_url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_tokens() {
        assert_eq!(agent_token("rinse/0.1.0 (+https://x)"), "rinse");
        assert_eq!(agent_token("My-Bot_2 extra"), "My-Bot_2");
        assert_eq!(agent_token("  "), "*");
    }

    #[test]
    fn robot_groups_are_matched_by_token() {
        let txt = b"User-agent: *\nDisallow: /private\n\nUser-agent: rinse\nDisallow: /no-rinse\n";
        let robot = Robot::new(&agent_token("rinse/0.1"), txt).unwrap();
        assert!(!robot.allowed("http://h/no-rinse/x"));
        assert!(
            robot.allowed("http://h/private/x"),
            "the * group is not ours"
        );
        let other = Robot::new(&agent_token("otherbot/1"), txt).unwrap();
        assert!(!other.allowed("http://h/private/x"));
        assert!(other.allowed("http://h/no-rinse/x"));
    }
}
