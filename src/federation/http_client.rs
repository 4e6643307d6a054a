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
    let domains = crate::domains::DomainPolicy::new(domain);
    build_with_domains(allow_private_addresses, timeout, overrides, domain, domains)
}

/// The client, refusing every request to a suspended domain (or, in allow-list mode, to a
/// domain not on the list) under `domains`: one check for every fetch and delivery.
pub fn build_with_domains(
    allow_private_addresses: bool,
    timeout: Duration,
    overrides: &HostOverrides,
    domain: &str,
    domains: crate::domains::DomainPolicy,
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
        .with(GuardBlockedDomains { domains })
        .with(GuardIpLiterals {
            allow_private: allow_private_addresses,
        })
        .build())
}

/// Refuses requests to domains the hub does not federate with.
pub struct GuardBlockedDomains {
    pub domains: crate::domains::DomainPolicy,
}

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for GuardBlockedDomains {
    async fn handle(
        &self,
        req: reqwest::Request,
        ext: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        if self.domains.url_suspended(req.url()) {
            tracing::warn!(url = %req.url(), "refused: the domain is blocked");
            return Err(reqwest_middleware::Error::Middleware(anyhow::anyhow!(
                "{} is blocked by this hub",
                req.url().host_str().unwrap_or_default()
            )));
        }
        next.run(req, ext).await
    }
}
