//! Keys for running the hub: metrics for a scraper and the log format.

use serde::{Deserialize, Serialize};

/// `/metrics` in the Prometheus text format. Off unless a token or an address is set: it
/// names the hosts this hub talks to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// A bearer token a scraper sends to read `/metrics` on the hub's own address.
    pub token: String,
    /// A second address serving only `/metrics`, without a token (keep it on loopback).
    pub bind: String,
}

impl MetricsConfig {
    /// The extra metrics address, when one is set (checked by `Config::validate`).
    pub fn bind_addr(&self) -> Option<std::net::SocketAddr> {
        self.bind.parse().ok()
    }
}

/// How log lines are written to standard error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line per event.
    #[default]
    Text,
    /// One JSON object per line, for log collectors (journald, Loki, Elasticsearch).
    Json,
}
