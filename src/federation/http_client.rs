//! The outbound HTTP client used for every fetch and delivery: private networks refused
//! (see `ssrf`), no redirects followed by the client, a timeout and our user agent.

use crate::federation::ssrf::{GuardIpLiterals, GuardedResolver};
use reqwest::redirect::Policy;
use reqwest_middleware::ClientWithMiddleware;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Extra host → address mappings (tests give each in-process hub its own host name).
/// They go through the same address checks as DNS answers.
pub type HostOverrides = HashMap<String, SocketAddr>;

pub fn build(
    allow_private_addresses: bool,
    timeout: Duration,
    overrides: &HostOverrides,
    domain: &str,
) -> Result<ClientWithMiddleware, reqwest::Error> {
    let user_agent = format!("Tessera/{} (+{})", env!("CARGO_PKG_VERSION"), domain);
    let client = reqwest::Client::builder()
        .user_agent(user_agent)
        .redirect(Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout)
        .dns_resolver(Arc::new(GuardedResolver {
            overrides: Arc::new(overrides.clone()),
            allow_private: allow_private_addresses,
        }))
        .build()?;
    Ok(reqwest_middleware::ClientBuilder::new(client)
        .with(GuardIpLiterals {
            allow_private: allow_private_addresses,
        })
        .build())
}
