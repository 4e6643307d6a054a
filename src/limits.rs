//! Rate limits: how often one client address or one account may log in, sign up, change a
//! password, post and call the JSON API, and how many activities one remote host may
//! deliver to our inboxes (`[limits]` in the configuration). Over a quota the answer is
//! 429 with `Retry-After`.
//!
//! The counts live in this process's memory and are forgotten on restart: several Tessera
//! processes sharing one PostgreSQL database each count their own, so together they allow
//! up to that many times each quota.
//!
//! Built on `governor` itself (keyed GCRA limiters) rather than `tower_governor`: that
//! middleware keys a route on what the request's head says and answers with its own body,
//! whereas these limits key on the account name typed in a form, on the member behind a
//! session or token and on the host of a signature's `keyId`, and they answer with our
//! error page or JSON error.

use crate::config::{LimitsConfig, Quota};
use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use governor::clock::Clock;
use governor::DefaultKeyedRateLimiter;
use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// What is counted; each has its own quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Login,
    Signup,
    Password,
    Posting,
    Api,
    Inbox,
}

const ACTIONS: [Action; 6] = [
    Action::Login,
    Action::Signup,
    Action::Password,
    Action::Posting,
    Action::Api,
    Action::Inbox,
];

/// Who is counted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// A client address; an IPv6 address by its /64, which one home or host has whole.
    Ip(IpAddr),
    /// A request whose address is unknown (one that did not come through the listener):
    /// all of them share this one count.
    UnknownClient,
    /// A member, by user id.
    Account(i64),
    /// The account name typed on the log-in form, whether or not it exists.
    Name(String),
    /// A remote server, `host[:port]`.
    Host(String),
}

impl Key {
    pub fn client(ip: Option<IpAddr>) -> Key {
        match ip.map(|ip| ip.to_canonical()) {
            Some(IpAddr::V6(v6)) => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                Key::Ip(IpAddr::V6(Ipv6Addr::from(prefix)))
            }
            Some(v4) => Key::Ip(v4),
            None => Key::UnknownClient,
        }
    }

    /// A typed account name as log-in reads it; a very long one is cut, it names no one.
    pub fn name(typed: &str) -> Key {
        Key::Name(typed.trim().to_lowercase().chars().take(64).collect())
    }
}

/// A refusal: the client may try again after this many seconds (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub retry_after_secs: u64,
}

/// The limiters of this process, one per [`Action`], in `AppState`.
pub struct Limits {
    enabled: bool,
    trusted_proxies: Vec<IpNet>,
    limiters: Vec<Limiter>,
}

struct Limiter {
    keyed: DefaultKeyedRateLimiter<Key>,
    /// Checks so far, to forget idle keys now and then.
    checks: AtomicU64,
}

/// Every this many checks of one limiter, keys back at a full quota are dropped, so that
/// the maps do not grow with every address ever seen.
const TIDY_EVERY: u64 = 4096;

fn governor_quota(quota: Quota) -> governor::Quota {
    // Validated by `Config::validate`: 1..=1e6 requests over at least a second, so the
    // interval is at least a microsecond.
    let requests = NonZeroU32::new(quota.requests.max(1)).unwrap_or(NonZeroU32::MIN);
    let interval = Duration::from_secs(quota.period_secs.max(1)) / requests.get();
    governor::Quota::with_period(interval)
        .unwrap_or_else(|| governor::Quota::per_second(requests))
        .allow_burst(requests)
}

impl Limits {
    pub fn new(config: &LimitsConfig) -> Limits {
        let limiters = config
            .quotas()
            .iter()
            .map(|(_, quota)| Limiter {
                keyed: DefaultKeyedRateLimiter::keyed(governor_quota(*quota)),
                checks: AtomicU64::new(0),
            })
            .collect();
        Limits {
            enabled: config.enabled,
            // Validated at start-up; a bad entry would only have been ignored.
            trusted_proxies: config.trusted_networks().unwrap_or_default(),
            limiters,
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Counts one `action` for `key`; refused when its quota is spent.
    pub fn check(&self, action: Action, key: &Key) -> Result<(), Limited> {
        if !self.enabled {
            return Ok(());
        }
        let index = ACTIONS.iter().position(|a| *a == action).unwrap_or(0);
        let Some(limiter) = self.limiters.get(index) else {
            return Ok(());
        };
        if limiter.checks.fetch_add(1, Ordering::Relaxed) % TIDY_EVERY == TIDY_EVERY - 1 {
            limiter.keyed.retain_recent();
            limiter.keyed.shrink_to_fit();
        }
        limiter.keyed.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(limiter.keyed.clock().now());
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            Limited {
                retry_after_secs: secs.max(1),
            }
        })
    }

    /// Counts one `action` for each key in turn, stopping at the first refusal.
    pub fn check_all(&self, action: Action, keys: &[Key]) -> Result<(), Limited> {
        keys.iter().try_for_each(|key| self.check(action, key))
    }

    /// The client's address: the connection's peer, or, when that peer is one of
    /// `limits.trusted_proxies`, the right-most address of `X-Forwarded-For` that is not a
    /// trusted proxy (addresses further left were written by the client and may be
    /// forged). None when the request did not come through the listener.
    pub fn client_ip(&self, extensions: &Extensions, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = extensions
            .get::<ConnectInfo<SocketAddr>>()?
            .0
            .ip()
            .to_canonical();
        Some(self.forwarded_client(peer, headers))
    }

    fn trusted(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&ip))
    }

    fn forwarded_client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusted(peer) {
            return peer;
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // Something unreadable was written by whoever is left of the last trusted hop:
            // that hop's own address is all we know.
            let Some(ip) = parse_hop(hop) else {
                return client;
            };
            client = ip;
            if !self.trusted(ip) {
                return ip;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5`,
/// `[2001:db8::1]:5`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    hop.parse::<SocketAddr>()
        .ok()
        .map(|s| s.ip().to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(tweak: impl FnOnce(&mut LimitsConfig)) -> Limits {
        let mut config = LimitsConfig::default();
        tweak(&mut config);
        Limits::new(&config)
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_quota_is_counted_per_key_and_says_when_to_come_back() {
        let l = limits(|c| c.login = Quota::new(2, 600));
        let a = Key::client(Some(ip("192.0.2.1")));
        let b = Key::client(Some(ip("192.0.2.2")));
        assert!(l.check(Action::Login, &a).is_ok());
        assert!(l.check(Action::Login, &a).is_ok());
        let refused = l.check(Action::Login, &a).unwrap_err();
        // One more request every 300 s.
        assert!(
            (290..=300).contains(&refused.retry_after_secs),
            "{refused:?}"
        );
        assert!(l.check(Action::Login, &b).is_ok(), "another address");
        assert!(l.check(Action::Signup, &a).is_ok(), "another action");
        assert!(l.check(Action::Login, &Key::name("Ana ")).is_ok());
    }

    #[test]
    fn disabled_limits_refuse_nothing() {
        let l = limits(|c| {
            c.enabled = false;
            c.login = Quota::new(1, 600);
        });
        for _ in 0..5 {
            assert!(l.check(Action::Login, &Key::UnknownClient).is_ok());
        }
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_and_mapped_v4_as_v4() {
        assert_eq!(
            Key::client(Some(ip("2001:db8:1:2:aaaa::1"))),
            Key::client(Some(ip("2001:db8:1:2:bbbb::2")))
        );
        assert_ne!(
            Key::client(Some(ip("2001:db8:1:2::1"))),
            Key::client(Some(ip("2001:db8:1:3::1")))
        );
        assert_eq!(
            Key::client(Some(ip("::ffff:192.0.2.7"))),
            Key::Ip(ip("192.0.2.7"))
        );
        assert_eq!(Key::client(None), Key::UnknownClient);
        assert_eq!(Key::name("  ANA "), Key::Name("ana".into()));
    }

    fn forwarded(l: &Limits, peer: &str, xff: &[&str]) -> IpAddr {
        let mut headers = HeaderMap::new();
        for value in xff {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::new(ip(peer), 40000)));
        l.client_ip(&extensions, &headers).unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let l = limits(|c| c.trusted_proxies = vec!["10.0.0.0/8".into(), "127.0.0.1".into()]);
        // An untrusted peer: its header is ignored.
        assert_eq!(
            forwarded(&l, "198.51.100.9", &["203.0.113.5"]),
            ip("198.51.100.9")
        );
        // A trusted proxy: the right-most address that is not a proxy; what the client
        // wrote on the left is not believed.
        assert_eq!(
            forwarded(&l, "127.0.0.1", &["6.6.6.6, 203.0.113.5, 10.1.2.3"]),
            ip("203.0.113.5")
        );
        // Several headers are read as one list.
        assert_eq!(
            forwarded(&l, "10.0.0.2", &["6.6.6.6", "203.0.113.5:4431"]),
            ip("203.0.113.5")
        );
        // No header, or only proxies, or garbage: the last trusted hop.
        assert_eq!(forwarded(&l, "10.0.0.2", &[]), ip("10.0.0.2"));
        assert_eq!(forwarded(&l, "10.0.0.2", &["10.9.9.9"]), ip("10.9.9.9"));
        assert_eq!(
            forwarded(&l, "10.0.0.2", &["nonsense, 10.9.9.9"]),
            ip("10.9.9.9")
        );
        // Without the connection's address (a request made in-process): unknown.
        assert_eq!(l.client_ip(&Extensions::new(), &HeaderMap::new()), None);
    }
}
