//! The hub's rules about other domains, in memory: domain blocks (limit or suspend, reject
//! media, reject reports) and the allow-list mode. Every layer asks these rules (the HTTP
//! client before each request, the inbox before each activity, lists before showing), so
//! they live here, a leaf, and are loaded from `domain_blocks` and `domain_allows` by
//! `services::domain_blocks`, after each change and every [`RELOAD_SECS`] seconds (other
//! processes sharing a PostgreSQL database pick changes up within that time).
//!
//! A rule on `example.com` covers `a.example.com`; names are compared after [`normalize`].

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

/// How often every process reloads the rules from the database.
pub const RELOAD_SECS: u64 = 30;

/// What a domain block does, as Mastodon's `silence`, `suspend` and `noop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Content leaves public lists, search and the directory; follows need approval.
    Limit,
    /// Nothing accepted from it or delivered to it; its content is removed.
    Suspend,
    /// Only the flags (reject media, reject reports) apply.
    Noop,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Limit => "limit",
            Severity::Suspend => "suspend",
            Severity::Noop => "noop",
        }
    }

    /// Reads our names and Mastodon's (`silence` is its name for limit).
    pub fn parse(raw: &str) -> Option<Severity> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "limit" | "silence" | "limited" | "silenced" => Some(Severity::Limit),
            "suspend" | "suspended" | "block" => Some(Severity::Suspend),
            "noop" | "none" => Some(Severity::Noop),
            _ => None,
        }
    }

    /// The name Mastodon's CSV export uses.
    pub fn mastodon_name(self) -> &'static str {
        match self {
            Severity::Limit => "silence",
            Severity::Suspend => "suspend",
            Severity::Noop => "noop",
        }
    }
}

/// A domain name as rules compare it: no scheme, path or port, lower case, IDNA ASCII
/// (punycode), no trailing dot. `None` for something that is not a domain name.
pub fn normalize(raw: &str) -> Option<String> {
    let mut s = raw.trim();
    if let Some((_, rest)) = s.split_once("://") {
        s = rest;
    }
    s = s.split(['/', '?', '#']).next().unwrap_or("");
    if let Some((_, host)) = s.rsplit_once('@') {
        s = host;
    }
    // A port, but not the colons of an IPv6 literal.
    if !s.starts_with('[') {
        if let Some((host, port)) = s.rsplit_once(':') {
            if port.chars().all(|c| c.is_ascii_digit()) {
                s = host;
            }
        }
    }
    let s = s.trim_start_matches("*.").trim_end_matches('.');
    if s.is_empty() || s.len() > 253 {
        return None;
    }
    let ascii = idna::domain_to_ascii(s).ok()?;
    let ascii = ascii.trim_end_matches('.').to_string();
    if ascii.is_empty()
        || ascii
            .split('.')
            .any(|label| label.is_empty() || label.len() > 63)
        || !ascii
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '[' | ']' | ':'))
    {
        return None;
    }
    Some(ascii)
}

/// The host itself and every parent domain, most specific first (`a.b.c`, `b.c`, `c`).
fn suffixes(host: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(host);
    std::iter::from_fn(move || {
        let current = next?;
        next = current.split_once('.').map(|(_, rest)| rest);
        Some(current)
    })
}

/// Whether a rule on `rule_domain` (normalised) covers `host` (any spelling).
pub fn covers(rule_domain: &str, host: &str) -> bool {
    normalize(host).is_some_and(|h| suffixes(&h).any(|d| d == rule_domain))
}

/// One domain block as the rules need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub severity: Severity,
    pub reject_media: bool,
    pub reject_reports: bool,
}

/// A snapshot of the rules.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    blocks: HashMap<String, Rule>,
    /// `Some` in allow-list mode: only these domains (and their subdomains) federate.
    allowed: Option<HashSet<String>>,
    /// This hub's own host, never blocked.
    own: String,
}

impl Rules {
    pub fn new(
        own: &str,
        blocks: impl IntoIterator<Item = (String, Rule)>,
        allowed: Option<HashSet<String>>,
    ) -> Rules {
        Rules {
            blocks: blocks.into_iter().collect(),
            allowed,
            own: normalize(own).unwrap_or_default(),
        }
    }

    /// The most specific block covering `host` (a host, `host:port` or URL authority).
    pub fn rule(&self, host: &str) -> Option<&Rule> {
        let host = normalize(host)?;
        let found = suffixes(&host).find_map(|d| self.blocks.get(d));
        found
    }

    /// Whether nothing may be exchanged with `host`: a suspended domain, or (in allow-list
    /// mode) one not on the list.
    pub fn is_suspended(&self, host: &str) -> bool {
        let Some(host) = normalize(host) else {
            return false;
        };
        if host == self.own {
            return false;
        }
        if let Some(allowed) = &self.allowed {
            if !suffixes(&host).any(|d| allowed.contains(d)) {
                return true;
            }
        }
        let suspended = suffixes(&host)
            .find_map(|d| self.blocks.get(d))
            .is_some_and(|r| r.severity == Severity::Suspend);
        suspended
    }

    pub fn is_limited(&self, host: &str) -> bool {
        self.rule(host)
            .is_some_and(|r| r.severity == Severity::Limit)
    }

    pub fn rejects_media(&self, host: &str) -> bool {
        self.is_suspended(host) || self.rule(host).is_some_and(|r| r.reject_media)
    }

    pub fn rejects_reports(&self, host: &str) -> bool {
        self.is_suspended(host) || self.rule(host).is_some_and(|r| r.reject_reports)
    }

    pub fn allowlist_mode(&self) -> bool {
        self.allowed.is_some()
    }
}

/// The rules shared by every task of one process; readers take a cheap snapshot.
#[derive(Clone, Default)]
pub struct DomainPolicy(Arc<RwLock<Arc<Rules>>>);

impl DomainPolicy {
    pub fn new(own: &str) -> DomainPolicy {
        DomainPolicy(Arc::new(RwLock::new(Arc::new(Rules::new(own, [], None)))))
    }

    pub fn rules(&self) -> Arc<Rules> {
        self.0.read().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn replace(&self, rules: Rules) {
        if let Ok(mut slot) = self.0.write() {
            *slot = Arc::new(rules);
        }
    }

    /// Whether `url`'s host is suspended (or outside the allow-list).
    pub fn url_suspended(&self, url: &url::Url) -> bool {
        url.host_str().is_some_and(|h| self.rules().is_suspended(h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        let rule = |severity| Rule {
            severity,
            reject_media: false,
            reject_reports: false,
        };
        Rules::new(
            "hub.example",
            [
                ("bad.example".to_string(), rule(Severity::Suspend)),
                ("xn--bcher-kva.example".to_string(), rule(Severity::Suspend)),
                ("noisy.example".to_string(), rule(Severity::Limit)),
            ],
            None,
        )
    }

    #[test]
    fn names_are_normalised() {
        assert_eq!(normalize("Bad.Example.").as_deref(), Some("bad.example"));
        assert_eq!(
            normalize("https://bad.example:8443/x").as_deref(),
            Some("bad.example")
        );
        assert_eq!(
            normalize("bücher.example").as_deref(),
            Some("xn--bcher-kva.example")
        );
        assert_eq!(normalize("*.bad.example").as_deref(), Some("bad.example"));
        assert_eq!(
            normalize("user@bad.example").as_deref(),
            Some("bad.example")
        );
        assert_eq!(normalize(""), None);
        assert_eq!(normalize("a..b"), None);
        assert_eq!(normalize("bad example"), None);
    }

    #[test]
    fn a_block_covers_subdomains_in_any_spelling() {
        let r = rules();
        for host in [
            "bad.example",
            "BAD.EXAMPLE",
            "bad.example.",
            "social.bad.example",
            "bad.example:443",
            "bücher.example",
            "xn--bcher-kva.example",
            "a.BÜCHER.example",
        ] {
            assert!(r.is_suspended(host), "{host} should be suspended");
        }
        for host in [
            "notbad.example",
            "example",
            "bad.example.org",
            "hub.example",
        ] {
            assert!(!r.is_suspended(host), "{host} should not be suspended");
        }
        assert!(r.is_limited("x.noisy.example"));
        assert!(!r.is_limited("bad.example"));
    }

    #[test]
    fn the_allow_list_admits_only_listed_domains_and_ourselves() {
        let r = Rules::new(
            "hub.example:8080",
            [],
            Some(["peer.example".to_string()].into_iter().collect()),
        );
        assert!(!r.is_suspended("peer.example"));
        assert!(!r.is_suspended("events.peer.example"));
        assert!(!r.is_suspended("hub.example:8080"));
        assert!(r.is_suspended("other.example"));
        assert!(r.allowlist_mode());
    }

    #[test]
    fn severities_read_mastodon_names() {
        assert_eq!(Severity::parse("silence"), Some(Severity::Limit));
        assert_eq!(Severity::parse("Suspend"), Some(Severity::Suspend));
        assert_eq!(Severity::parse("noop"), Some(Severity::Noop));
        assert_eq!(Severity::parse("ban"), None);
        assert_eq!(Severity::Limit.mastodon_name(), "silence");
    }
}
