//! Typed configuration: built-in defaults, then an optional TOML file, then
//! `TESSERA_<SECTION>__<KEY>` environment variables. `config/defaults.toml` documents every key
//! and must equal [`Config::default`] (a test checks it).

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::str::FromStr;

mod operations;
pub use operations::{LogConfig, LogFormat, MetricsConfig};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub registration: RegistrationConfig,
    pub instance: InstanceConfig,
    pub federation: FederationConfig,
    pub media: MediaConfig,
    pub peering: PeeringConfig,
    pub limits: LimitsConfig,
    pub moderation: ModerationConfig,
    pub email: EmailConfig,
    pub accounts: AccountsConfig,
    pub metrics: MetricsConfig,
    pub log: LogConfig,
}

/// Rules on members' accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct AccountsConfig {
    /// Admins must turn two-factor authentication on before using admin pages or an API
    /// token's admin scope.
    pub require_admin_two_factor: bool,
}

/// Outgoing e-mail. With `smtp_url` empty, messages are written as `.eml` files to `dir`
/// (and logged), so a hub runs without a mail server and tests read what was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmailConfig {
    /// `smtps://user:password@host:465` (TLS), `smtp://user:password@host:587?tls=required`
    /// (STARTTLS), or empty for the file transport.
    pub smtp_url: String,
    /// The sender, as `Name <address>`; empty: `noreply@` the hub's domain.
    pub from: String,
    /// Where the file transport writes messages.
    pub dir: String,
    /// Hours a password-reset link stays valid (an address-verification link: 7 days).
    pub reset_link_hours: i64,
}

impl Default for EmailConfig {
    fn default() -> Self {
        EmailConfig {
            smtp_url: String::new(),
            from: String::new(),
            dir: "data/mail".into(),
            reset_link_hours: 2,
        }
    }
}

/// Moderation: what the public moderation log shows, how often block-list subscriptions
/// are fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModerationConfig {
    /// Whether `/modlog` names the moderator of each decision (Lemmy shows them; off by
    /// default, so that a small hub's volunteers are not targeted).
    pub show_moderators: bool,
    /// Hours between two fetches of each block-list subscription.
    pub subscription_interval_hours: u64,
}

impl Default for ModerationConfig {
    fn default() -> Self {
        ModerationConfig {
            show_moderators: false,
            subscription_interval_hours: 6,
        }
    }
}

/// Peering with other hubs (their instance actors follow ours and ours theirs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PeeringConfig {
    pub manual_approval: bool,
    pub relay: bool,
    pub page_size: usize,
}

impl Default for PeeringConfig {
    fn default() -> Self {
        PeeringConfig {
            manual_approval: false,
            relay: false,
            page_size: 100,
        }
    }
}

/// Rate limits (`crate::limits`): each quota is counted separately for every client
/// address and every account (the inbox's for every remote host).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    pub enabled: bool,
    /// Reverse proxies (addresses or networks such as `10.0.0.0/8`) whose
    /// `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<String>,
    /// Log-in attempts, per client address and per account name typed.
    pub login: Quota,
    /// Sign-ups, per client address.
    pub signup: Quota,
    /// Password changes, per client address and per account.
    pub password: Quota,
    /// New posts, threads, replies, events, entries and their updates, communities (web
    /// and API), per client address and per account.
    pub posting: Quota,
    /// Every request to `/api/v1`, per client address and per account (bearer token).
    pub api: Quota,
    /// Activities delivered to our inboxes, per remote host (the signature's key owner).
    pub inbox: Quota,
}

/// `requests` at once, then one more every `period_secs / requests` seconds: at most
/// `requests` in any `period_secs` after a quiet spell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub requests: u32,
    pub period_secs: u64,
}

impl Quota {
    pub const fn new(requests: u32, period_secs: u64) -> Quota {
        Quota {
            requests,
            period_secs,
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        // Close to Mastodon's: log-in and password attempts in fives, a few sign-ups per
        // half hour, a post a minute on average, an API call a second, and room for busy
        // servers in the inbox.
        LimitsConfig {
            enabled: true,
            // A reverse proxy on the same machine (the deployment in deploy/): only a
            // local process can connect from loopback, so this trusts nothing more.
            trusted_proxies: vec!["127.0.0.1".into(), "::1".into()],
            login: Quota::new(5, 300),
            signup: Quota::new(5, 1800),
            password: Quota::new(5, 300),
            posting: Quota::new(30, 1800),
            api: Quota::new(300, 300),
            inbox: Quota::new(300, 60),
        }
    }
}

impl LimitsConfig {
    /// Every quota with its key, for validation and the limiters.
    pub fn quotas(&self) -> [(&'static str, Quota); 6] {
        [
            ("login", self.login),
            ("signup", self.signup),
            ("password", self.password),
            ("posting", self.posting),
            ("api", self.api),
            ("inbox", self.inbox),
        ]
    }

    /// `trusted_proxies` parsed; a plain address is a network of one.
    pub fn trusted_networks(&self) -> Result<Vec<ipnet::IpNet>, String> {
        self.trusted_proxies
            .iter()
            .map(|text| {
                let text = text.trim();
                text.parse::<ipnet::IpNet>()
                    .or_else(|_| text.parse::<IpAddr>().map(ipnet::IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| {
                        format!(
                            "{text:?} is not an address or network such as 10.0.0.1 or 10.0.0.0/8"
                        )
                    })
            })
            .collect()
    }
}

/// Uploaded images (logos and banners of projects and organisations).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MediaConfig {
    pub dir: String,
    pub max_upload_bytes: usize,
    /// Largest file attached to a knowledge resource (PDF reports run larger than logos).
    pub max_document_bytes: usize,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            dir: "data/media".into(),
            max_upload_bytes: 2 * 1024 * 1024,
            max_document_bytes: 20 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    pub bind: SocketAddr,
    pub domain: String,
    pub https: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            domain: "localhost:8080".into(),
            https: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    pub url: String,
    pub pool_size: usize,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            url: "sqlite://data/tessera.db".into(),
            pool_size: 8,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationMode {
    Closed,
    #[default]
    Approval,
    Open,
    /// Only people holding an invite link an admin made (`/admin/invites`).
    Invite,
}

impl RegistrationMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationMode::Closed => "closed",
            RegistrationMode::Approval => "approval",
            RegistrationMode::Open => "open",
            RegistrationMode::Invite => "invite",
        }
    }
}

impl FromStr for RegistrationMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "closed" => Ok(RegistrationMode::Closed),
            "approval" => Ok(RegistrationMode::Approval),
            "open" => Ok(RegistrationMode::Open),
            "invite" => Ok(RegistrationMode::Invite),
            other => Err(format!(
                "unknown registration mode {other:?}; use closed, approval, invite or open"
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct RegistrationConfig {
    pub mode: RegistrationMode,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InstanceConfig {
    pub name: String,
    pub description: String,
    pub country: String,
    pub languages: Vec<String>,
    /// IANA zone offered first for new events; "" takes the zone of `country`'s capital.
    pub timezone: String,
}

impl Default for InstanceConfig {
    fn default() -> Self {
        InstanceConfig {
            name: "Tessera hub".into(),
            description: "A social-innovation hub on the fediverse.".into(),
            country: String::new(),
            languages: vec!["en".into()],
            timezone: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FederationConfig {
    pub allow_private_addresses: bool,
    pub delivery_workers: usize,
    pub delivery_per_host: usize,
    pub delivery_retry_days: u32,
    pub delivery_retry_base_secs: u32,
    pub circuit_breaker_failures: i32,
    pub host_unavailable_days: u32,
    pub delivery_lease_secs: u64,
    pub request_timeout_secs: u64,
    pub resolve: std::collections::BTreeMap<String, SocketAddr>,
}

impl Default for FederationConfig {
    fn default() -> Self {
        FederationConfig {
            allow_private_addresses: false,
            delivery_workers: 16,
            delivery_per_host: 4,
            delivery_retry_days: 7,
            delivery_retry_base_secs: 30,
            circuit_breaker_failures: 5,
            host_unavailable_days: 7,
            delivery_lease_secs: 120,
            request_timeout_secs: 10,
            resolve: Default::default(),
        }
    }
}

/// A configuration problem, naming the key and the reason.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

impl Config {
    /// Defaults, then `file` (if given, it must exist), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError(format!(
                    "--config {}: no such file",
                    path.display()
                )));
            }
            figment = figment.merge(Toml::file(path));
        }
        // Only `TESSERA_<SECTION>__<KEY>` names config keys; other TESSERA_ variables
        // (such as TESSERA_TEST_DATABASE_URL) are not ours to read here.
        figment = figment.merge(
            Env::prefixed("TESSERA_")
                .filter(|key| key.as_str().contains("__"))
                .split("__"),
        );
        Self::from_figment(figment)
    }

    /// Parses TOML text over the defaults (no environment), for tests and tools.
    pub fn from_toml_str(text: &str) -> Result<Config, ConfigError> {
        Self::from_figment(
            Figment::from(Serialized::defaults(Config::default())).merge(Toml::string(text)),
        )
    }

    fn from_figment(figment: Figment) -> Result<Config, ConfigError> {
        let config: Config = figment.extract().map_err(|errors| {
            let lines: Vec<String> = errors
                .into_iter()
                .map(|e| {
                    let key = e.path.join(".");
                    if key.is_empty() {
                        e.kind.to_string()
                    } else {
                        format!("{key}: {}", e.kind)
                    }
                })
                .collect();
            ConfigError(lines.join("; "))
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Checks what serde cannot: each message names the key and the reason.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = |key: &str, why: String| Err(ConfigError(format!("{key}: {why}")));
        let domain = &self.server.domain;
        if domain.is_empty() {
            return err("server.domain", "must not be empty".into());
        }
        let parsed = url::Url::parse(&format!("http://{domain}/"));
        let host_ok = match &parsed {
            Ok(u) => {
                let rebuilt = match u.port() {
                    Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
                    None => u.host_str().unwrap_or_default().to_string(),
                };
                rebuilt == domain.to_ascii_lowercase() && u.path() == "/"
            }
            Err(_) => false,
        };
        if !host_ok {
            return err(
                "server.domain",
                format!(
                    "{domain:?} is not a host name (with optional :port), e.g. hub.example.org"
                ),
            );
        }
        if domain.chars().any(|c| c.is_ascii_uppercase()) {
            return err("server.domain", "must be lower case".into());
        }
        if !self.server.https && !is_local_host(domain) {
            return err(
                "server.https",
                format!(
                    "must be true for the public domain {domain:?}; plain http is only for local hosts"
                ),
            );
        }
        if let Err(e) = crate::db::Backend::from_url(&self.database.url) {
            return err("database.url", e.to_string());
        }
        if self.database.pool_size == 0 {
            return err("database.pool_size", "must be at least 1".into());
        }
        if self.instance.name.trim().is_empty() {
            return err("instance.name", "must not be empty".into());
        }
        let country = &self.instance.country;
        if !country.is_empty() && isocountry::CountryCode::for_alpha2(country).is_err() {
            return err(
                "instance.country",
                format!("{country:?} is not an ISO 3166-1 alpha-2 code such as EE or PT"),
            );
        }
        let zone = &self.instance.timezone;
        if !zone.is_empty() && zone.parse::<chrono_tz::Tz>().is_err() {
            return err(
                "instance.timezone",
                format!("{zone:?} is not an IANA time zone such as Europe/Tallinn"),
            );
        }
        for tag in &self.instance.languages {
            if crate::text::language_tag(tag).is_none() {
                return err(
                    "instance.languages",
                    format!("{tag:?} is not a BCP 47 language tag such as en or pt-PT"),
                );
            }
        }
        if self.federation.delivery_workers == 0 {
            return err("federation.delivery_workers", "must be at least 1".into());
        }
        if self.federation.delivery_per_host == 0 {
            return err("federation.delivery_per_host", "must be at least 1".into());
        }
        if self.federation.delivery_retry_days == 0 {
            return err(
                "federation.delivery_retry_days",
                "must be at least 1".into(),
            );
        }
        if self.federation.circuit_breaker_failures < 1 {
            return err(
                "federation.circuit_breaker_failures",
                "must be at least 1".into(),
            );
        }
        if self.federation.host_unavailable_days == 0 {
            return err(
                "federation.host_unavailable_days",
                "must be at least 1".into(),
            );
        }
        if self.federation.delivery_lease_secs <= self.federation.request_timeout_secs {
            return err(
                "federation.delivery_lease_secs",
                "must be longer than federation.request_timeout_secs, or a slow delivery could be sent twice".into(),
            );
        }
        if self.federation.request_timeout_secs == 0 {
            return err(
                "federation.request_timeout_secs",
                "must be at least 1".into(),
            );
        }
        for (name, quota) in self.limits.quotas() {
            if !(1..=1_000_000).contains(&quota.requests) {
                return err(
                    &format!("limits.{name}.requests"),
                    "must be between 1 and 1000000".into(),
                );
            }
            if !(1..=31_536_000).contains(&quota.period_secs) {
                return err(
                    &format!("limits.{name}.period_secs"),
                    "must be between 1 and 31536000 (a year)".into(),
                );
            }
        }
        if let Err(why) = self.limits.trusted_networks() {
            return err("limits.trusted_proxies", why);
        }
        if !self.metrics.bind.is_empty() && self.metrics.bind_addr().is_none() {
            return err(
                "metrics.bind",
                format!(
                    "{:?} is not an address such as 127.0.0.1:9464",
                    self.metrics.bind
                ),
            );
        }
        if !self.metrics.token.is_empty() && self.metrics.token.len() < 16 {
            return err(
                "metrics.token",
                "must be at least 16 characters (it is all that guards the metrics)".into(),
            );
        }
        Ok(())
    }

    /// `https` or `http`, as used in every id this hub mints.
    pub fn scheme(&self) -> &'static str {
        if self.server.https {
            "https"
        } else {
            "http"
        }
    }

    /// The base URL of this hub, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}://{}", self.scheme(), self.server.domain)
    }

    /// The host name without a port.
    pub fn host(&self) -> &str {
        host_without_port(&self.server.domain)
    }
}

pub fn host_without_port(domain: &str) -> &str {
    if domain.starts_with('[') {
        return domain.split(']').next().map(|h| &h[1..]).unwrap_or(domain);
    }
    domain.split(':').next().unwrap_or(domain)
}

/// Hosts for which plain http is acceptable: loopback and names reserved for local use.
pub fn is_local_host(domain: &str) -> bool {
    let host = host_without_port(domain);
    if let Ok(ip) = host.parse::<IpAddr>() {
        return match ip {
            IpAddr::V4(v4) => v4.is_loopback() || v4.is_private() || v4.is_link_local(),
            IpAddr::V6(v6) => v6.is_loopback(),
        };
    }
    host == "localhost"
        || [
            ".localhost",
            ".test",
            ".local",
            ".internal",
            ".lan",
            ".home.arpa",
        ]
        .iter()
        .any(|suffix| host.ends_with(suffix))
}
