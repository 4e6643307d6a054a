//! Block lists: Mastodon's CSV written exactly as Mastodon's export writes it and read back
//! into a fresh hub; lists published at a URL that the hub subscribes to, applied at once or
//! held as suggestions, entries dropped from the list lifted, an admin's own blocks never
//! touched, and a list that cannot be fetched or read lifting nothing.

use crate::harness::moderation::{block, blocks};
use crate::harness::{Hub, Network};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use std::sync::{Arc, Mutex};
use tessera::db::models::domain_block::{BlockSuggestion, BlocklistSubscription, DomainBlock};
use tessera::services::blocklists::{self, to_csv};
use tessera::services::domain_blocks::{self, BlockInput};

/// A server publishing one block list at `/blocks.csv`: its status, content type and body
/// are changed by the test between fetches.
#[derive(Clone)]
struct ListServer {
    answer: Arc<Mutex<(u16, &'static str, String)>>,
    hits: Arc<Mutex<usize>>,
}

impl ListServer {
    async fn start(net: &mut Network, host: &str) -> (ListServer, String) {
        let url = format!("http://{}/blocks.csv", net.domain(host));
        let listener = net.take(host);
        let server = ListServer {
            answer: Arc::new(Mutex::new((200, "text/csv", String::new()))),
            hits: Arc::new(Mutex::new(0)),
        };
        let shared = server.clone();
        let router = axum::Router::new().route(
            "/blocks.csv",
            axum::routing::get(move || {
                let shared = shared.clone();
                async move {
                    *shared.hits.lock().unwrap() += 1;
                    let (status, content_type, body) = shared.answer.lock().unwrap().clone();
                    (
                        StatusCode::from_u16(status).unwrap(),
                        [(header::CONTENT_TYPE, content_type)],
                        body,
                    )
                        .into_response()
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, router).await });
        (server, url)
    }

    fn publish(&self, csv: &str) {
        *self.answer.lock().unwrap() = (200, "text/csv", csv.to_string());
    }

    fn answer(&self, status: u16, content_type: &'static str, body: &str) {
        *self.answer.lock().unwrap() = (status, content_type, body.to_string());
    }
}

const HEADER: &str = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate";

/// (domain, severity, reject_media, reject_reports, public_comment, obfuscate, source).
type Shape = (String, String, bool, bool, String, bool, String);

fn shape(b: &DomainBlock) -> Shape {
    (
        b.domain.clone(),
        b.severity.clone(),
        b.reject_media,
        b.reject_reports,
        b.public_comment.clone(),
        b.obfuscate,
        b.source.clone(),
    )
}

async fn shapes(hub: &Hub) -> Vec<Shape> {
    blocks(hub).await.iter().map(shape).collect()
}

async fn subscription(hub: &Hub, url: &str, auto_apply: bool) -> BlocklistSubscription {
    blocklists::subscribe(&hub.ctx, None, url, auto_apply)
        .await
        .expect("subscribe")
}

async fn pending(hub: &Hub) -> Vec<BlockSuggestion> {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    BlockSuggestion::pending(&mut conn).await.unwrap()
}

#[tokio::test]
async fn the_export_is_mastodons_and_imports_into_a_fresh_hub() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let saved = [
        BlockInput {
            domain: "Spam.Test".into(),
            severity: "suspend".into(),
            reject_media: true,
            public_comment: "Spam, waves of it".into(),
            private_comment: "ticket 4".into(),
            ..Default::default()
        },
        BlockInput {
            domain: "noisy.test".into(),
            severity: "limit".into(),
            reject_reports: true,
            public_comment: "Loud \"jokes\"".into(),
            obfuscate: true,
            ..Default::default()
        },
        BlockInput {
            domain: "media.test".into(),
            severity: "noop".into(),
            reject_media: true,
            ..Default::default()
        },
    ];
    for input in &saved {
        domain_blocks::save(&a.ctx, None, input, "")
            .await
            .expect("save");
    }
    let exported = to_csv(&blocks(&a).await);
    // Mastodon's export: its header, `silence` for limit, true/false, RFC 4180 quoting, no
    // private comment.
    let expected = format!(
        "{HEADER}\n\
         media.test,noop,true,false,,false\n\
         noisy.test,silence,false,true,\"Loud \"\"jokes\"\"\",true\n\
         spam.test,suspend,true,false,\"Spam, waves of it\",false\n"
    );
    assert_eq!(exported, expected);

    let summary = blocklists::import(&b.ctx, None, &exported)
        .await
        .expect("import");
    assert_eq!(summary.applied, 3, "{summary:?}");
    assert!(summary.bad.is_empty(), "{summary:?}");
    assert_eq!(shapes(&b).await, shapes(&a).await);
    assert_eq!(
        to_csv(&blocks(&b).await),
        exported,
        "the round trip changed the list"
    );
    let rules = b.ctx.domains.rules();
    assert!(rules.is_suspended("www.spam.test"));
    assert!(rules.is_limited("noisy.test") && rules.rejects_reports("noisy.test"));
    assert!(!rules.is_suspended("media.test") && rules.rejects_media("media.test"));

    // A list naming this hub (by its own name, or a parent domain that covers it) is refused
    // on those lines; the others are applied.
    let hostile = format!(
        "{HEADER}\nhub-b.test,suspend,false,false,,false\ntest,suspend,false,false,,false\n\
         other.test,suspend,false,false,,false\n"
    );
    let summary = blocklists::import(&b.ctx, None, &hostile)
        .await
        .expect("import");
    assert_eq!(summary.applied, 1, "{summary:?}");
    assert_eq!(summary.bad.len(), 2, "{summary:?}");
    assert!(!b.ctx.domains.rules().is_suspended(&b.domain));
    assert!(b.ctx.domains.rules().is_suspended("other.test"));
}

#[tokio::test]
async fn a_subscription_applies_its_list_and_lifts_what_it_drops() {
    let mut net = Network::bind(&["hub-a.test", "lists.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let (list, url) = ListServer::start(&mut net, "lists.test").await;
    // The admin's own block, before any list.
    block(&hub, "mine.test", "limit").await;
    list.publish(&format!(
        "{HEADER}\n\
         spam.test,suspend,false,false,Spam,false\n\
         noisy.test,silence,false,false,,false\n\
         mine.test,suspend,true,true,The list's word,false\n\
         hub-a.test,suspend,false,false,,false\n"
    ));
    let sub = subscription(&hub, &url, true).await;
    let summary = blocklists::sync(&hub.ctx, &sub).await.expect("sync");
    assert_eq!(summary.applied, 2, "{summary:?}");
    let s = |d: &str, sev: &str, comment: &str, source: &str| -> Shape {
        (
            d.into(),
            sev.into(),
            false,
            false,
            comment.into(),
            false,
            source.into(),
        )
    };
    assert_eq!(
        shapes(&hub).await,
        vec![
            s("mine.test", "limit", "", ""),
            s("noisy.test", "limit", "", &url),
            s("spam.test", "suspend", "Spam", &url),
        ]
    );
    let rules = hub.ctx.domains.rules();
    assert!(rules.is_suspended("spam.test") && rules.is_limited("noisy.test"));
    assert!(
        !rules.is_suspended("mine.test"),
        "the list overrode the admin's block"
    );
    assert!(!rules.is_suspended(&hub.domain));

    // The admin takes noisy.test over by saving it themselves.
    block(&hub, "noisy.test", "limit").await;
    // Next version: spam.test dropped, noisy.test and mine.test dropped, worse.test added.
    list.publish(&format!(
        "{HEADER}\nworse.test,suspend,false,false,,false\n"
    ));
    blocklists::sync(&hub.ctx, &sub).await.expect("sync");
    assert_eq!(
        shapes(&hub).await,
        vec![
            s("mine.test", "limit", "", ""),
            s("noisy.test", "limit", "", ""),
            s("worse.test", "suspend", "", &url),
        ]
    );
    assert!(
        !hub.ctx.domains.rules().is_suspended("spam.test"),
        "a dropped entry was not lifted"
    );

    // A changed entry is updated.
    list.publish(&format!(
        "{HEADER}\nworse.test,silence,false,false,Calmer now,false\n"
    ));
    blocklists::sync(&hub.ctx, &sub).await.expect("sync");
    assert!(hub.ctx.domains.rules().is_limited("worse.test"));

    // Unsubscribing lifts what the list brought, and only that.
    blocklists::unsubscribe(&hub.ctx, None, sub.id)
        .await
        .expect("unsubscribe");
    let left: Vec<String> = blocks(&hub).await.into_iter().map(|b| b.domain).collect();
    assert_eq!(left, ["mine.test", "noisy.test"]);
}

#[tokio::test]
async fn a_subscription_without_auto_apply_holds_suggestions() {
    let mut net = Network::bind(&["hub-a.test", "lists.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let (list, url) = ListServer::start(&mut net, "lists.test").await;
    list.publish(&format!(
        "{HEADER}\nspam.test,suspend,true,false,Spam,false\nodd.test,silence,false,false,,false\n"
    ));
    let sub = subscription(&hub, &url, false).await;
    let summary = blocklists::sync(&hub.ctx, &sub).await.expect("sync");
    assert_eq!((summary.applied, summary.held), (0, 2), "{summary:?}");
    assert!(blocks(&hub).await.is_empty(), "a held entry was applied");
    assert!(!hub.ctx.domains.rules().is_suspended("spam.test"));
    let held = pending(&hub).await;
    assert_eq!(
        held.iter()
            .map(|s| (s.domain.as_str(), s.severity.as_str(), s.source.as_str()))
            .collect::<Vec<_>>(),
        [
            ("spam.test", "suspend", url.as_str()),
            ("odd.test", "limit", url.as_str())
        ]
    );

    // Applied: a block of the list's (lifted when the list drops it); dismissed: not
    // proposed again.
    let (spam, odd) = (held[0].id, held[1].id);
    blocklists::apply_suggestion(&hub.ctx, None, spam)
        .await
        .expect("apply");
    blocklists::dismiss_suggestion(&hub.ctx, None, odd)
        .await
        .expect("dismiss");
    assert!(hub.ctx.domains.rules().is_suspended("spam.test"));
    assert!(hub.ctx.domains.rules().rejects_media("spam.test"));
    assert!(
        blocklists::apply_suggestion(&hub.ctx, None, spam)
            .await
            .is_err(),
        "applied twice"
    );
    let summary = blocklists::sync(&hub.ctx, &sub).await.expect("sync");
    assert_eq!(summary.held, 0, "{summary:?}");
    assert!(pending(&hub).await.is_empty());
    assert!(blocks(&hub).await.iter().all(|b| b.domain != "odd.test"));

    list.publish(&format!("{HEADER}\nodd.test,silence,false,false,,false\n"));
    blocklists::sync(&hub.ctx, &sub).await.expect("sync");
    assert!(blocks(&hub).await.is_empty());
    assert!(!hub.ctx.domains.rules().is_suspended("spam.test"));
}

#[tokio::test]
async fn an_unreachable_list_lifts_nothing() {
    let mut net = Network::bind(&["hub-a.test", "lists.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let (list, url) = ListServer::start(&mut net, "lists.test").await;
    list.publish(&format!("{HEADER}\nspam.test,suspend,false,false,,false\n"));
    let sub = subscription(&hub, &url, true).await;
    blocklists::sync(&hub.ctx, &sub).await.expect("sync");
    assert!(hub.ctx.domains.rules().is_suspended("spam.test"));

    list.answer(503, "text/plain", "down for maintenance");
    assert!(blocklists::sync(&hub.ctx, &sub).await.is_err());
    assert!(
        hub.ctx.domains.rules().is_suspended("spam.test"),
        "a failed fetch lifted the list"
    );
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let recorded = BlocklistSubscription::find(&mut conn, sub.id)
        .await
        .unwrap()
        .unwrap();
    assert!(recorded.last_error.is_some_and(|e| e.contains("503")));
    assert_eq!(*list.hits.lock().unwrap(), 2);
}

#[tokio::test]
async fn an_unreadable_list_lifts_nothing() {
    let mut net = Network::bind(&["hub-a.test", "lists.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let (list, url) = ListServer::start(&mut net, "lists.test").await;
    list.publish(&format!("{HEADER}\nspam.test,suspend,false,false,,false\n"));
    let sub = subscription(&hub, &url, true).await;
    blocklists::sync(&hub.ctx, &sub).await.expect("sync");
    assert!(hub.ctx.domains.rules().is_suspended("spam.test"));

    // A misconfigured server answers 200 with a maintenance page instead of the list: not
    // a single line of it is a block, so it is not a list that dropped every entry.
    list.answer(
        200,
        "text/html; charset=utf-8",
        "<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>\n<body><p>Back soon.</p></body></html>\n",
    );
    let _ = blocklists::sync(&hub.ctx, &sub).await;
    assert!(
        hub.ctx.domains.rules().is_suspended("spam.test"),
        "a page that is not a block list lifted every block the subscription brought"
    );
}
