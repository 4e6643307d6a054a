//! The outbound HTTP client used for every fetch and delivery.
//!
//! Addresses are checked where they are resolved (the library's validating resolver), so a
//! host name that resolves to loopback or a private network is refused unless
//! `federation.allow_private_addresses` is on. Redirects are not followed by the client
//! (the library follows one itself, after checking it).

use activitypub_federation::resolver::ValidatingDnsResolver;
use reqwest::redirect::Policy;
use reqwest_middleware::ClientWithMiddleware;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Extra host → address mappings (tests give each in-process hub its own host name).
pub type HostOverrides = HashMap<String, SocketAddr>;

pub fn build(
    allow_private_addresses: bool,
    timeout: Duration,
    overrides: &HostOverrides,
    domain: &str,
) -> Result<ClientWithMiddleware, reqwest::Error> {
    let user_agent = format!("Tessera/{} (+{})", env!("CARGO_PKG_VERSION"), domain);
    let mut builder = reqwest::Client::builder()
        .user_agent(user_agent)
        .redirect(Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout)
        .dns_resolver(Arc::new(ValidatingDnsResolver::new(
            vec![],
            !allow_private_addresses,
        )));
    for (host, addr) in overrides {
        builder = builder.resolve(host, *addr);
    }
    Ok(reqwest_middleware::ClientBuilder::new(builder.build()?)
        .with(crate::federation::delivery::capture::CaptureAnswer)
        .build())
}
