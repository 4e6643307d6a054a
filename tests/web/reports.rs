//! Being told of a decision before the hub sends e-mail: an anonymous reporter keeps a
//! private link to their report's outcome; a member's menu counts decisions on their
//! reports and about their account until they open their moderation page.

use crate::harness::browser::{csrf, member, shows, Browser};
use crate::harness::{Hub, Network};
use reqwest::StatusCode;
use tessera::db::models::report::Decision;
use tessera::services::{posts, reports};

async fn open_report_id(hub: &Hub) -> i64 {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let open = tessera::db::models::report::Report::list(&mut conn, "open", None, 10)
        .await
        .unwrap();
    open.first().expect("an open report").id
}

/// The private link on the thank-you page.
fn status_link(page: &str, hub: &Hub) -> String {
    let page = page.replace("&#x2f;", "/");
    let start = page
        .find(&hub.url("/report/status/"))
        .unwrap_or_else(|| panic!("no private link: {page}"));
    let rest = &page[start..];
    rest[..rest.find('"').unwrap()].to_string()
}

#[tokio::test]
async fn an_anonymous_reporter_reads_the_decision_at_a_private_link() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_admin("root").await;
    let root = hub.user("root").await;
    hub.create_user("ana").await;
    let ana = hub.actor_url("ana");
    let mut b = Browser::new(&net);

    let form_path = format!("/report?object={}", urlencode(&ana));
    let (status, form) = b.get(&hub.url(&form_path)).await;
    assert_eq!(status, 200);
    let token = csrf(&form);
    let url = hub.url("/report");
    let fields = |contact: &'static str| {
        [
            ("csrf_token", token.clone()),
            ("object", ana.clone()),
            ("category", "spam".to_string()),
            ("comment", "The same advert everywhere".to_string()),
            ("contact", contact.to_string()),
        ]
    };
    // Without a way to reach them, refused with the reason on the form.
    let f = fields("");
    let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, page, _, _) = b.post(&url, &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    shows(&page, &["Enter an e-mail address."]);

    let f = fields("eva@example.org");
    let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, page, _, _) = b.post(&url, &form).await;
    assert_eq!(status, 200, "{page}");
    let link = status_link(&page, &hub);
    let (status, waiting) = b.get(&link).await;
    assert_eq!(status, 200, "{waiting}");
    shows(&waiting, &["Waiting for a decision", "Spam", &ana]);
    assert!(!waiting.contains("eva@example.org"), "the contact is shown");

    let id = open_report_id(&hub).await;
    reports::decide(
        &hub.ctx,
        &root,
        id,
        Decision::LimitAccount,
        "Advertising in every community breaks rule 2.",
    )
    .await
    .expect("decide");
    let (status, decided) = b.get(&link).await;
    assert_eq!(status, 200);
    shows(&decided, &["Advertising in every community breaks rule 2."]);
    // And by e-mail, at the address the reporter gave.
    let mail = crate::harness::mail::sent_to(&hub, "eva@example.org", 1)
        .await
        .remove(0);
    assert!(
        mail.subject.contains(&format!("report {id}")),
        "{}",
        mail.subject
    );
    assert!(mail
        .text_body
        .contains("Advertising in every community breaks rule 2."));
    assert!(!decided.contains("Waiting for a decision"), "{decided}");

    // Another secret, or none of the right shape, finds nothing.
    let (status, _) = b.get(&hub.url("/report/status/not-the-secret")).await;
    assert_eq!(status, 404);
    let long = "x".repeat(500);
    let (status, _) = b.get(&hub.url(&format!("/report/status/{long}"))).await;
    assert_eq!(status, 404);
    // The secret itself is not stored.
    let secret = link.rsplit('/').next().unwrap();
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let stored = tessera::db::models::report::Report::find(&mut conn, id)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.comment, secret);
    assert!(
        tessera::db::models::report::Report::by_status_token(&mut conn, secret)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn members_see_new_decisions_in_their_menu_until_they_read_them() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_admin("root").await;
    let root = hub.user("root").await;
    let mut eva_b = member(&net, &hub, "eva").await;
    let mut ana_b = member(&net, &hub, "ana").await;
    let (eva, ana) = (hub.user("eva").await, hub.user("ana").await);
    let input = posts::PostInput {
        content: "Buy cheap watches",
        summary: "",
        visibility: "public",
        in_reply_to: None,
        language: Some("en"),
    };
    let spam = posts::create(&hub.ctx, &ana, input).await.expect("post");

    let (_, home) = eva_b.get(&hub.url("/")).await;
    assert!(!home.contains("Moderation decisions"), "{home}");
    let report = reports::create(
        &hub.ctx,
        Some(&eva),
        &reports::ReportInput {
            object: spam.ap_id.to_string(),
            category: "spam".into(),
            ..Default::default()
        },
    )
    .await
    .expect("report");
    reports::decide(
        &hub.ctx,
        &root,
        report.id,
        Decision::RemoveContent,
        "Advertising is not allowed here.",
    )
    .await
    .expect("decide");

    // The reporter (by a notification) and the member whose post was removed (a statement
    // of reasons) are both told; both read it with its reasons on their moderation page.
    let (_, home) = eva_b.get(&hub.url("/")).await;
    shows(&home, &["Notifications (1)"]);
    assert!(
        !home.contains("Moderation decisions ("),
        "eva's account was not concerned"
    );
    let (_, home) = ana_b.get(&hub.url("/")).await;
    shows(&home, &["Moderation decisions (1)"]);
    for (b, who) in [(&mut eva_b, "eva"), (&mut ana_b, "ana")] {
        let (status, mine) = b.get(&hub.url("/settings/moderation")).await;
        assert_eq!(status, 200, "{who}");
        shows(&mine, &["New", "Advertising is not allowed here."]);
        let (_, home) = b.get(&hub.url("/")).await;
        assert!(
            !home.contains("Moderation decisions"),
            "{who} still has a notice after reading it"
        );
        let (_, again) = b.get(&hub.url("/settings/moderation")).await;
        shows(&again, &["Advertising is not allowed here."]);
        assert!(
            !again.contains("class=\"badge\">New"),
            "{who}: still new on a second visit"
        );
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
