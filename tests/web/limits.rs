//! Rate limits on the HTML side: log-in (per address and per account name), sign-up,
//! password changes and posting answer 429 with `Retry-After` and an error page once a
//! tiny quota is spent, while other addresses and accounts go on.
//!
//! Every request of a test comes from 127.0.0.1, named a trusted proxy here, so that each
//! browser's `X-Forwarded-For` stands for a different client.

use crate::harness::browser::{csrf, Browser, PASSWORD};
use crate::harness::{Hub, Network};
use reqwest::StatusCode;
use tessera::config::{Config, Quota};

async fn limited_hub(tweak: impl FnOnce(&mut Config)) -> (Network, Hub) {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net
        .start_hub_with("hub-a.test", |c| {
            c.limits.enabled = true;
            c.limits.trusted_proxies = vec!["127.0.0.1".into()];
            tweak(c);
        })
        .await;
    (net, hub)
}

fn browser(net: &Network, ip: &str) -> Browser {
    let mut b = Browser::new(net);
    b.forwarded_for = Some(ip.to_string());
    b
}

/// Posts the log-in form as `name`; the status, `Retry-After` and page.
async fn log_in(
    b: &mut Browser,
    hub: &Hub,
    name: &str,
    password: &str,
) -> (StatusCode, Option<u64>, String) {
    let (_, form) = b.get(&hub.url("/login")).await;
    let token = csrf(&form);
    let fields = [
        ("csrf_token", token.as_str()),
        ("username", name),
        ("password", password),
    ];
    b.post_retry_after(&hub.url("/login"), &fields).await
}

/// A 429 page: a `Retry-After` of at most `period` seconds, the error page's title and a
/// message saying how long to wait.
fn assert_limited((status, retry_after, page): &(StatusCode, Option<u64>, String), period: u64) {
    assert_eq!(*status, 429, "{page}");
    let secs = retry_after.expect("Retry-After");
    assert!((1..=period).contains(&secs), "Retry-After {secs}");
    assert!(page.contains("<h1>Too many requests</h1>"), "{page}");
    assert!(page.contains("Please wait"), "{page}");
    assert!(page.contains("Error code: 429"), "{page}");
}

#[tokio::test]
async fn log_in_is_limited_per_address_and_per_account_name() {
    let (net, hub) = limited_hub(|c| c.limits.login = Quota::new(2, 600)).await;
    for name in ["ana", "bea", "cara"] {
        hub.create_user(name).await;
    }

    // One address: two attempts, then refused whatever is typed, right password included.
    let mut a = browser(&net, "203.0.113.1");
    assert_eq!(log_in(&mut a, &hub, "ana", "wrong password!").await.0, 401);
    assert_eq!(log_in(&mut a, &hub, "zed", "wrong password!").await.0, 401);
    assert_limited(&log_in(&mut a, &hub, "bea", PASSWORD).await, 600);
    // Another address is not affected.
    let mut b = browser(&net, "203.0.113.2");
    assert_eq!(log_in(&mut b, &hub, "bea", PASSWORD).await.0, 303);

    // One account name, tried from ever new addresses: refused on the third.
    let mut c = browser(&net, "198.51.100.1");
    let mut d = browser(&net, "198.51.100.2");
    let mut e = browser(&net, "198.51.100.3");
    assert_eq!(log_in(&mut c, &hub, "cara", "guess one!").await.0, 401);
    // The name as typed is counted as log-in reads it: case and spaces do not matter.
    assert_eq!(log_in(&mut d, &hub, " CARA", "guess two!").await.0, 401);
    assert_limited(&log_in(&mut e, &hub, "cara", PASSWORD).await, 600);
    // In French too.
    let mut f = browser(&net, "198.51.100.4");
    f.lang = "fr";
    let (status, _, page) = log_in(&mut f, &hub, "cara", PASSWORD).await;
    assert_eq!(status, 429);
    assert!(page.contains("Trop de requêtes"), "{page}");
    assert!(page.contains("Veuillez patienter"), "{page}");
    // Those addresses may still log in to another account.
    assert_eq!(log_in(&mut e, &hub, "bea", PASSWORD).await.0, 303);
}

async fn sign_up(b: &mut Browser, hub: &Hub, name: &str) -> (StatusCode, Option<u64>, String) {
    let (_, form) = b.get(&hub.url("/signup")).await;
    let token = csrf(&form);
    let fields = [
        ("csrf_token", token.as_str()),
        ("username", name),
        ("password", "long enough password"),
        ("password_confirm", "long enough password"),
    ];
    b.post_retry_after(&hub.url("/signup"), &fields).await
}

#[tokio::test]
async fn sign_up_is_limited_per_address() {
    let (net, hub) = limited_hub(|c| c.limits.signup = Quota::new(2, 1800)).await;
    let mut a = browser(&net, "203.0.113.1");
    assert_eq!(sign_up(&mut a, &hub, "ana").await.0, 200);
    // A refused sign-up counts too: the quota is of attempts.
    assert_eq!(sign_up(&mut a, &hub, "x").await.0, 422);
    assert_limited(&sign_up(&mut a, &hub, "bea").await, 1800);
    let mut b = browser(&net, "2001:db8:1:2::1");
    assert_eq!(sign_up(&mut b, &hub, "bea").await.0, 200);
    // IPv6 clients are counted by their /64: this one shares bea's.
    let mut c = browser(&net, "2001:db8:1:2::99");
    assert_eq!(sign_up(&mut c, &hub, "cid").await.0, 200);
    assert_limited(&sign_up(&mut c, &hub, "dan").await, 1800);
}

/// Logs `name` in from `ip`, with the log-in limit out of the way.
async fn member_at(net: &Network, hub: &Hub, name: &str, ip: &str) -> Browser {
    hub.create_user(name).await;
    let mut b = browser(net, ip);
    assert_eq!(log_in(&mut b, hub, name, PASSWORD).await.0, 303);
    b
}

async fn change_password(
    b: &mut Browser,
    hub: &Hub,
    current: &str,
) -> (StatusCode, Option<u64>, String) {
    let (status, form) = b.get(&hub.url("/settings/password")).await;
    assert_eq!(status, 200, "{form}");
    let token = csrf(&form);
    let fields = [
        ("csrf_token", token.as_str()),
        ("current_password", current),
        ("new_password", "a brand new passphrase"),
        ("new_password_confirm", "a brand new passphrase"),
    ];
    b.post_retry_after(&hub.url("/settings/password"), &fields)
        .await
}

#[tokio::test]
async fn password_changes_are_limited_per_address_and_per_account() {
    let (net, hub) = limited_hub(|c| c.limits.password = Quota::new(2, 300)).await;
    let mut ana = member_at(&net, &hub, "ana", "203.0.113.1").await;
    assert_eq!(change_password(&mut ana, &hub, "guess one!").await.0, 422);
    assert_eq!(change_password(&mut ana, &hub, "guess two!").await.0, 422);
    // The right password no longer helps: the guessing is what is limited.
    assert_limited(&change_password(&mut ana, &hub, PASSWORD).await, 300);
    // Ana from another address: her account's quota is spent.
    let mut ana_elsewhere = browser(&net, "198.51.100.7");
    assert_eq!(
        log_in(&mut ana_elsewhere, &hub, "ana", PASSWORD).await.0,
        303
    );
    assert_limited(
        &change_password(&mut ana_elsewhere, &hub, PASSWORD).await,
        300,
    );
    // Bea, elsewhere, changes hers.
    let mut bea = member_at(&net, &hub, "bea", "198.51.100.8").await;
    let (status, _, _) = change_password(&mut bea, &hub, PASSWORD).await;
    assert_eq!(status, 303);
}

async fn post(b: &mut Browser, hub: &Hub, text: &str) -> (StatusCode, Option<u64>, String) {
    let (_, home) = b.get(&hub.url("/")).await;
    let token = csrf(&home);
    let fields = [
        ("csrf_token", token.as_str()),
        ("content", text),
        ("visibility", "public"),
    ];
    b.post_retry_after(&hub.url("/posts"), &fields).await
}

#[tokio::test]
async fn posting_is_limited_per_address_and_per_account() {
    let (net, hub) = limited_hub(|c| c.limits.posting = Quota::new(2, 1800)).await;
    let mut ana = member_at(&net, &hub, "ana", "203.0.113.1").await;
    assert_eq!(post(&mut ana, &hub, "one").await.0, 303);
    assert_eq!(post(&mut ana, &hub, "two").await.0, 303);
    assert_limited(&post(&mut ana, &hub, "three").await, 1800);
    // A reply in a community thread is posting too: refused as well.
    let token = csrf(&ana.get(&hub.url("/")).await.1);
    let fields = [("csrf_token", token.as_str()), ("content", "x")];
    let (status, _, page) = ana
        .post_retry_after(&hub.url("/threads/1/reply"), &fields)
        .await;
    assert_eq!(status, 429, "{page}");

    // Ana from another address: her account's quota is spent.
    ana.forwarded_for = Some("203.0.113.50".into());
    assert_eq!(post(&mut ana, &hub, "four").await.0, 429);
    // Bea on ana's first address: that address's quota is spent.
    let mut bea = member_at(&net, &hub, "bea", "203.0.113.1").await;
    assert_eq!(post(&mut bea, &hub, "hello").await.0, 429);
    // Bea elsewhere posts.
    bea.forwarded_for = Some("198.51.100.9".into());
    assert_eq!(post(&mut bea, &hub, "hello").await.0, 303);
    // Reading is not limited.
    assert_eq!(ana.get(&hub.url("/")).await.0, 200);
}

#[tokio::test]
async fn without_a_trusted_proxy_forwarded_for_is_ignored() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net
        .start_hub_with("hub-a.test", |c| {
            c.limits.enabled = true;
            c.limits.trusted_proxies = Vec::new();
            c.limits.login = Quota::new(1, 600);
        })
        .await;
    hub.create_user("ana").await;
    // Two "addresses" that are really one connection's, 127.0.0.1.
    let mut a = browser(&net, "203.0.113.1");
    let mut b = browser(&net, "203.0.113.2");
    assert_eq!(log_in(&mut a, &hub, "ana", PASSWORD).await.0, 303);
    assert_limited(&log_in(&mut b, &hub, "bea", PASSWORD).await, 600);
}
