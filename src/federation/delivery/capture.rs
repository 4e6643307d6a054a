//! Reads the answer to each delivery. The library's `sign_and_send` treats most 4xx answers
//! as done and hides the status, but we must retry 401 and honour `Retry-After`; a client
//! middleware records the status into the task that is sending.

use http::Extensions;
use reqwest::{Request, Response};
use reqwest_middleware::{Middleware, Next, Result};
use std::cell::Cell;
use std::time::Duration;

/// What the remote server answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<Duration>,
}

tokio::task_local! {
    static ANSWER: Cell<Option<Answer>>;
}

/// Runs `f` and returns its result with the last answer a request inside it received.
pub async fn capture<F: std::future::Future>(f: F) -> (F::Output, Option<Answer>) {
    ANSWER
        .scope(Cell::new(None), async {
            let out = f.await;
            (out, ANSWER.with(Cell::get))
        })
        .await
}

/// `Retry-After` as seconds or as an HTTP date.
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

pub struct CaptureAnswer;

#[async_trait::async_trait]
impl Middleware for CaptureAnswer {
    async fn handle(&self, req: Request, ext: &mut Extensions, next: Next<'_>) -> Result<Response> {
        let response = next.run(req, ext).await;
        if let Ok(r) = &response {
            let retry_after = r
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, std::time::SystemTime::now()));
            let answer = Answer {
                status: r.status().as_u16(),
                retry_after,
            };
            // Outside a capture scope (fetches) there is nothing to record.
            let _ = ANSWER.try_with(|cell| cell.set(Some(answer)));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(90))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
