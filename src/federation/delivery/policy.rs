//! What a delivery's outcome means, as pure functions of the time and the config, so that
//! retries, Retry-After, permanent failures and the circuit breaker are tested without
//! waiting.

use crate::config::FederationConfig;
use crate::db::models::host::Host;
use chrono::{Duration, NaiveDateTime};
use rand::Rng;

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// The server answered with an error status.
    Refused {
        status: u16,
        retry_after: Option<std::time::Duration>,
    },
    /// No usable answer: connection refused, timeout, TLS failure...
    Unreachable,
    /// The delivery itself is wrong (an inbox that fails URL checks, a deleted actor).
    Invalid,
}

/// What to do with the delivery after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Done,
    RetryAt(NaiveDateTime),
    GiveUp,
}

/// Statuses that will not change however often we retry. 401 may be a key the remote has
/// not fetched yet, 408 and 429 are temporary; 410 means gone for good.
pub fn is_permanent(status: u16) -> bool {
    status == 410 || ((400..500).contains(&status) && ![401, 408, 429].contains(&status))
}

/// Delay before attempt `attempt + 1`: `first_secs` (30 s by default) doubling, capped at
/// 12 h, with ±20 % jitter so that retries to one host spread out.
pub fn backoff(attempt: i32, first_secs: u32) -> Duration {
    let base = i64::from(first_secs.max(1))
        .saturating_mul(1i64 << attempt.clamp(0, 20))
        .min(12 * 3600);
    let jitter = rand::thread_rng().gen_range(-(base / 5)..=(base / 5));
    Duration::seconds(base + jitter)
}

/// The longest `Retry-After` we honour; beyond it the normal backoff applies.
const MAX_RETRY_AFTER: i64 = 24 * 3600;

pub fn decide(
    outcome: &Outcome,
    attempts: i32,
    created_at: NaiveDateTime,
    now: NaiveDateTime,
    config: &FederationConfig,
) -> Decision {
    let wait = match outcome {
        Outcome::Delivered => return Decision::Done,
        Outcome::Invalid => return Decision::GiveUp,
        Outcome::Refused { status, .. } if is_permanent(*status) => return Decision::GiveUp,
        Outcome::Refused {
            retry_after: Some(after),
            ..
        } => {
            let after = Duration::seconds((after.as_secs() as i64).min(MAX_RETRY_AFTER));
            after.max(backoff(attempts, config.delivery_retry_base_secs))
        }
        Outcome::Refused { .. } | Outcome::Unreachable => {
            backoff(attempts, config.delivery_retry_base_secs)
        }
    };
    let next = now + wait;
    if next > created_at + Duration::days(i64::from(config.delivery_retry_days)) {
        Decision::GiveUp
    } else {
        Decision::RetryAt(next)
    }
}

/// Whether an outcome says something about the host's health (not about one delivery).
pub fn counts_against_host(outcome: &Outcome) -> bool {
    match outcome {
        Outcome::Unreachable => true,
        Outcome::Refused { status, .. } => *status >= 500 || *status == 429,
        _ => false,
    }
}

/// The host after a failed attempt. (In the worker the count is an atomic increment in the
/// database, so that concurrent failures to one host are all counted; then
/// [`apply_breaker`] decides.)
pub fn host_after_failure(
    mut host: Host,
    outcome: &Outcome,
    error: &str,
    now: NaiveDateTime,
    config: &FederationConfig,
) -> Host {
    host.consecutive_failures = host.consecutive_failures.saturating_add(1);
    host.first_failure_at = host.first_failure_at.or(Some(now));
    host.last_failure_at = Some(now);
    host.last_error = Some(error.chars().take(500).collect());
    apply_breaker(host, outcome, now, config)
}

/// The breaker's verdict on a host whose failures are counted: consecutive failures open
/// its circuit (30 s doubling, at most 1 h), a `Retry-After` holds every delivery to it,
/// and days of nothing but failures mark it unavailable.
pub fn apply_breaker(
    mut host: Host,
    outcome: &Outcome,
    now: NaiveDateTime,
    config: &FederationConfig,
) -> Host {
    let mut open_until = None;
    if host.consecutive_failures >= config.circuit_breaker_failures {
        let over = (host.consecutive_failures - config.circuit_breaker_failures).clamp(0, 7);
        let first = i64::from(config.delivery_retry_base_secs.max(1));
        open_until = Some(now + Duration::seconds((first << over).min(3600)));
    }
    if let Outcome::Refused {
        retry_after: Some(after),
        ..
    } = outcome
    {
        let until = now + Duration::seconds((after.as_secs() as i64).min(MAX_RETRY_AFTER));
        open_until = Some(open_until.map_or(until, |o: NaiveDateTime| o.max(until)));
    }
    host.circuit_open_until = open_until.or(host.circuit_open_until.filter(|t| *t > now));
    if let Some(first) = host.first_failure_at {
        let never_since = host.last_success_at.is_none_or(|s| s < first);
        if never_since && now - first >= Duration::days(i64::from(config.host_unavailable_days)) {
            host.unavailable = true;
        }
    }
    host
}

/// The host after a successful delivery: healthy again.
pub fn host_after_success(mut host: Host, now: NaiveDateTime) -> Host {
    host.consecutive_failures = 0;
    host.first_failure_at = None;
    host.circuit_open_until = None;
    host.unavailable = false;
    host.last_success_at = Some(now);
    host
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> FederationConfig {
        FederationConfig::default()
    }

    fn t0() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn permanent_statuses() {
        for s in [400, 403, 404, 405, 410, 413, 422] {
            assert!(is_permanent(s), "{s}");
        }
        for s in [401, 408, 429, 500, 502, 503, 504] {
            assert!(!is_permanent(s), "{s}");
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        for attempt in 0..30 {
            let base = (30i64 << attempt.min(20)).min(12 * 3600);
            let got = backoff(attempt, 30).num_seconds();
            assert!(
                got >= base - base / 5 && got <= base + base / 5,
                "{attempt}: {got}"
            );
        }
    }

    #[test]
    fn retries_for_the_configured_window_then_gives_up() {
        let c = config();
        let created = t0();
        let mut now = created;
        let mut attempts = 0;
        loop {
            match decide(&Outcome::Unreachable, attempts, created, now, &c) {
                Decision::RetryAt(next) => {
                    assert!(next > now);
                    now = next;
                    attempts += 1;
                }
                Decision::GiveUp => break,
                Decision::Done => unreachable!(),
            }
        }
        let days = (now - created).num_hours() as f64 / 24.0;
        assert!(
            (6.0..=7.0).contains(&days),
            "gave up after {days} days, {attempts} attempts"
        );
        assert!(attempts >= 20);
    }

    #[test]
    fn retry_after_is_honoured_and_permanent_failures_stop() {
        let c = config();
        let refused = |status, secs: Option<u64>| Outcome::Refused {
            status,
            retry_after: secs.map(std::time::Duration::from_secs),
        };
        assert_eq!(
            decide(&refused(429, Some(3600)), 0, t0(), t0(), &c),
            Decision::RetryAt(t0() + Duration::seconds(3600))
        );
        assert_eq!(
            decide(&refused(503, Some(7200)), 1, t0(), t0(), &c),
            Decision::RetryAt(t0() + Duration::seconds(7200))
        );
        assert_eq!(
            decide(&refused(410, None), 0, t0(), t0(), &c),
            Decision::GiveUp
        );
        assert_eq!(
            decide(&refused(404, None), 0, t0(), t0(), &c),
            Decision::GiveUp
        );
        assert!(matches!(
            decide(&refused(401, None), 0, t0(), t0(), &c),
            Decision::RetryAt(_)
        ));
        assert_eq!(
            decide(&Outcome::Invalid, 0, t0(), t0(), &c),
            Decision::GiveUp
        );
        assert_eq!(
            decide(&Outcome::Delivered, 3, t0(), t0(), &c),
            Decision::Done
        );
    }

    #[test]
    fn circuit_opens_after_consecutive_failures_and_closes_on_success() {
        let c = config();
        let mut host = Host::healthy("slow.example");
        for i in 1..c.circuit_breaker_failures {
            host = host_after_failure(host, &Outcome::Unreachable, "timeout", t0(), &c);
            assert_eq!(host.consecutive_failures, i);
            assert!(host.circuit_open_until.is_none());
        }
        host = host_after_failure(host, &Outcome::Unreachable, "timeout", t0(), &c);
        assert_eq!(host.circuit_open_until, Some(t0() + Duration::seconds(30)));
        host = host_after_failure(host, &Outcome::Unreachable, "timeout", t0(), &c);
        assert_eq!(host.circuit_open_until, Some(t0() + Duration::seconds(60)));
        assert!(!host.unavailable);
        let host = host_after_success(host, t0());
        assert_eq!(host.consecutive_failures, 0);
        assert!(host.circuit_open_until.is_none());
    }

    #[test]
    fn a_host_failing_for_days_becomes_unavailable() {
        let c = config();
        let mut host = host_after_failure(
            Host::healthy("dead.example"),
            &Outcome::Unreachable,
            "refused",
            t0(),
            &c,
        );
        let later =
            t0() + Duration::days(i64::from(c.host_unavailable_days)) - Duration::minutes(1);
        host = host_after_failure(host, &Outcome::Unreachable, "refused", later, &c);
        assert!(!host.unavailable);
        host = host_after_failure(
            host,
            &Outcome::Unreachable,
            "refused",
            later + Duration::minutes(2),
            &c,
        );
        assert!(host.unavailable);
    }

    #[test]
    fn retry_after_holds_the_whole_host() {
        let c = config();
        let outcome = Outcome::Refused {
            status: 429,
            retry_after: Some(std::time::Duration::from_secs(600)),
        };
        let host = host_after_failure(Host::healthy("busy.example"), &outcome, "429", t0(), &c);
        assert_eq!(host.circuit_open_until, Some(t0() + Duration::seconds(600)));
        assert!(counts_against_host(&outcome));
        assert!(!counts_against_host(&Outcome::Refused {
            status: 404,
            retry_after: None
        }));
    }
}
