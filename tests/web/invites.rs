//! Invite links: an admin makes them on `/admin/invites`, a person signs up with one while
//! registration is by invitation (or skips approval with one), and an expired, revoked or
//! used-up link is refused on the form, saying which. Uses are counted atomically.

use crate::harness::browser::{csrf, log_in, member, shows, Browser, PASSWORD};
use crate::harness::forms::assert_refused;
use crate::harness::{Hub, Network};
use reqwest::StatusCode;
use tessera::config::RegistrationMode;

async fn hub_in(mode: RegistrationMode) -> (Network, Hub) {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net
        .start_hub_with("hub-a.test", |c| c.registration.mode = mode)
        .await;
    (net, hub)
}

async fn admin(net: &Network, hub: &Hub) -> Browser {
    hub.create_admin("root").await;
    let mut b = Browser::new(net);
    assert_eq!(log_in(&mut b, hub, "root", PASSWORD).await.0, 303);
    b
}

/// The codes of the links listed on the invites page, newest first.
fn codes(page: &str) -> Vec<String> {
    page.match_indices("<code class=\"invite-link\">")
        .map(|(i, m)| {
            let rest = &page[i + m.len()..];
            let link = &rest[..rest.find("</code>").unwrap()];
            link.rsplit("&#x2f;").next().unwrap().to_string()
        })
        .collect()
}

/// Makes a link on the page; returns its code.
async fn make(admin: &mut Browser, hub: &Hub, expires: &str, uses: &str) -> String {
    let (status, page) = admin.get(&hub.url("/admin/invites")).await;
    assert_eq!(status, 200, "{page}");
    let token = csrf(&page);
    let form = [
        ("csrf_token", token.as_str()),
        ("expires_in_days", expires),
        ("max_uses", uses),
    ];
    let (status, _, _, location) = admin.post(&hub.url("/admin/invites"), &form).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/admin/invites"));
    let (_, page) = admin.get(&hub.url("/admin/invites")).await;
    codes(&page).into_iter().next().expect("a link listed")
}

async fn sign_up(hub: &Hub, b: &mut Browser, name: &str, invite: &str) -> (StatusCode, String) {
    let (_, form) = b.get(&hub.url("/signup")).await;
    let token = csrf(&form);
    let fields = [
        ("csrf_token", token.as_str()),
        ("invite", invite),
        ("username", name),
        ("password", "long enough password"),
        ("password_confirm", "long enough password"),
    ];
    let (status, body, _, _) = b.post(&hub.url("/signup"), &fields).await;
    (status, body)
}

#[tokio::test]
async fn sign_up_by_invitation() {
    let (net, hub) = hub_in(RegistrationMode::Invite).await;
    let mut root = admin(&net, &hub).await;
    let (_, admin_page) = root.get(&hub.url("/admin")).await;
    shows(
        &admin_page,
        &["href=\"/admin/invites\"", "value=\"invite\" selected"],
    );
    let (_, page) = root.get(&hub.url("/admin/invites")).await;
    shows(&page, &["Sign-up is by invitation", "No invite links yet."]);
    for label in ["for=\"invite-expires_in_days\"", "for=\"invite-max_uses\""] {
        assert!(page.contains(label), "{label}: {page}");
    }
    let code = make(&mut root, &hub, "7", "1").await;

    // Without a code: the form says sign-up is by invitation, and refuses.
    let mut visitor = Browser::new(&net);
    let (_, form) = visitor.get(&hub.url("/signup")).await;
    shows(&form, &["you need an invite link", "for=\"invite\""]);
    let (status, page) = sign_up(&hub, &mut visitor, "ana", "").await;
    assert_eq!(status, 422);
    assert_refused(
        &page,
        "errors",
        &[(
            "invite",
            "Sign-up is by invitation: enter the code of your invite link.",
        )],
    );
    let (status, page) = sign_up(&hub, &mut visitor, "ana", "nonsense").await;
    assert_eq!(status, 422);
    shows(&page, &["This invite code is not known here."]);

    // The link leads to the form with the code; the account is active at once.
    let (status, location) = visitor
        .get_location(&hub.url(&format!("/invite/{code}")))
        .await;
    assert_eq!(status, 303);
    assert_eq!(location, Some(format!("/signup?invite={code}")));
    let (_, form) = visitor
        .get(&hub.url(&format!("/signup?invite={code}")))
        .await;
    assert!(form.contains(&format!("value=\"{code}\"")), "{form}");
    let (status, page) = sign_up(&hub, &mut visitor, "ana", &code).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        log_in(&mut visitor, &hub, "ana", "long enough password")
            .await
            .0,
        303
    );

    // Used up: refused on the form, and said as soon as the link is opened.
    let mut late = Browser::new(&net);
    let (status, page) = sign_up(&hub, &mut late, "bea", &code).await;
    assert_eq!(status, 422);
    let used_up = "This invite link has been used as many times as it allows. Ask whoever sent it for a new one.";
    assert_refused(&page, "errors", &[("invite", used_up)]);
    let (status, page) = late.get(&hub.url(&format!("/signup?invite={code}"))).await;
    assert_eq!(status, 200);
    assert_refused(&page, "errors", &[("invite", used_up)]);
    let (_, list) = root.get(&hub.url("/admin/invites")).await;
    shows(&list, &["1 of 1", "Used up"]);

    // Revoked.
    let code = make(&mut root, &hub, "never", "unlimited").await;
    let (_, list) = root.get(&hub.url("/admin/invites")).await;
    shows(&list, &["0 (no limit)"]);
    let id = hub_invite_id(&hub, &code).await;
    let token = csrf(&list);
    let (status, _, _, _) = root
        .post(
            &hub.url(&format!("/admin/invites/{id}/revoke")),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(status, 303);
    let (_, list) = root.get(&hub.url("/admin/invites")).await;
    shows(&list, &["Revoked", "Invite link revoked."]);
    let (status, page) = sign_up(&hub, &mut late, "bea", &code).await;
    assert_eq!(status, 422);
    shows(&page, &["This invite link was withdrawn."]);

    // Expired: a day-long link, two days later.
    let code = make(&mut root, &hub, "1", "5").await;
    let id = hub_invite_id(&hub, &code).await;
    hub.ctx.clock.advance(chrono::Duration::days(2));
    let (status, page) = sign_up(&hub, &mut late, "bea", &code).await;
    assert_eq!(status, 422);
    shows(&page, &["This invite link has expired."]);
    let (_, list) = root.get(&hub.url("/admin/invites")).await;
    shows(&list, &["Expired"]);
    let revoke = format!("/admin/invites/{id}/revoke");
    assert!(!list.contains(&revoke), "no revoke button once expired");

    // Only admins see the page; members get 403.
    let mut cid = member(&net, &hub, "cid").await;
    assert_eq!(cid.get(&hub.url("/admin/invites")).await.0, 403);
    let (_, home) = Browser::new(&net).get(&hub.url("/")).await;
    shows(&home, &["Joining is by invitation"]);
}

async fn hub_invite_id(hub: &Hub, code: &str) -> i64 {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    tessera::db::models::invite::Invite::find_by_code(&mut conn, code)
        .await
        .unwrap()
        .expect("the invite")
        .id
}

#[tokio::test]
async fn an_invite_skips_approval() {
    let (net, hub) = hub_in(RegistrationMode::Approval).await;
    let mut root = admin(&net, &hub).await;
    let code = make(&mut root, &hub, "30", "10").await;
    let mut invited = Browser::new(&net);
    let (_, form) = invited
        .get(&hub.url(&format!("/signup?invite={code}")))
        .await;
    shows(&form, &["your account is ready at once"]);
    assert!(
        !form.contains("id=\"reason\""),
        "no reason asked of the invited"
    );
    assert_eq!(sign_up(&hub, &mut invited, "ana", &code).await.0, 200);
    assert_eq!(
        log_in(&mut invited, &hub, "ana", "long enough password")
            .await
            .0,
        303
    );
    // Without one, the application waits for an admin, as before.
    let mut other = Browser::new(&net);
    assert_eq!(sign_up(&hub, &mut other, "bea", "").await.0, 200);
    assert_eq!(
        log_in(&mut other, &hub, "bea", "long enough password")
            .await
            .0,
        401
    );
    let (_, list) = root.get(&hub.url("/admin/invites")).await;
    shows(&list, &["1 of 10"]);
}

/// Sign-ups racing for the last use of a link: exactly as many succeed as it allows.
#[tokio::test]
async fn racing_sign_ups_take_each_use_once() {
    let (net, hub) = hub_in(RegistrationMode::Invite).await;
    let mut root = admin(&net, &hub).await;
    let code = make(&mut root, &hub, "7", "2").await;
    let mut browsers = Vec::new();
    for _ in 0..6 {
        let mut b = Browser::new(&net);
        let (_, form) = b.get(&hub.url("/signup")).await;
        let token = csrf(&form);
        browsers.push((b, token));
    }
    // Six sign-ups at once, each past the form's early check before any has taken a use.
    let attempts = browsers.iter_mut().enumerate().map(|(i, (b, token))| {
        let name = format!("racer{i}");
        let (url, code) = (hub.url("/signup"), code.clone());
        async move {
            let fields = [
                ("csrf_token", token.as_str()),
                ("invite", code.as_str()),
                ("username", name.as_str()),
                ("password", "long enough password"),
                ("password_confirm", "long enough password"),
            ];
            b.post(&url, &fields).await.0
        }
    });
    let statuses = futures::future::join_all(attempts).await;
    let won = statuses.iter().filter(|s| **s == 200).count();
    let lost = statuses.iter().filter(|s| **s == 422).count();
    assert_eq!((won, lost), (2, 4), "{statuses:?}");
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let invite = tessera::db::models::invite::Invite::find_by_code(&mut conn, &code)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(invite.uses, 2);
    let users = tessera::db::models::user::User::count_active(&mut conn)
        .await
        .unwrap();
    assert_eq!(users, 3, "root and the two who won");
}
