//! E-mail as a member meets it: confirming an address (at sign-up or in the settings), a
//! forgotten password reset by a single-use, expiring link, the notices that follow, and
//! messages kept until the mail server takes them.

use crate::harness::browser::{csrf, log_in, member, shows, Browser, PASSWORD};
use crate::harness::mail::{link, queued, sent_to};
use crate::harness::Network;
use reqwest::StatusCode;

const NEW_PASSWORD: &str = "a much longer secret";

#[tokio::test]
async fn a_member_confirms_an_address_then_resets_a_forgotten_password() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let settings = hub.url("/settings/email");

    let (status, page) = ana.get(&settings).await;
    assert_eq!(status, 200);
    shows(&page, &["No confirmed address yet"]);
    let token = csrf(&page);
    // A wrong password, a malformed address: refused, each field says why.
    let (status, page, _, _) = ana
        .post(
            &settings,
            &[
                ("csrf_token", &token),
                ("email", "not an address"),
                ("current_password", "wrong"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(
        &page,
        &["Enter an e-mail address such as", "current password"],
    );
    assert!(queued(&hub).await.is_empty());

    let (status, _, _, location) = ana
        .post(
            &settings,
            &[
                ("csrf_token", &token),
                ("email", " Ana@Example.org "),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/settings/email"))
    );
    let (_, page) = ana.get(&settings).await;
    shows(&page, &["Waiting for confirmation: ana@example.org"]);
    let mail = sent_to(&hub, "ana@example.org", 1).await.remove(0);
    assert!(
        mail.subject.contains("Confirm your e-mail address"),
        "{}",
        mail.subject
    );
    assert!(mail.html_body.contains("<a href="), "{}", mail.html_body);
    let verify = link(&mail, &hub, "/email/verify/");

    // Followed (from any browser): the address is the member's; the link works once.
    let (status, location) = Browser::new(&net).get_location(&verify).await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/login"))
    );
    let (_, page) = ana.get(&settings).await;
    shows(&page, &["ana@example.org"]);
    assert!(!page.contains("Waiting for confirmation"));
    let (status, _) = ana.get(&verify).await;
    assert_eq!(status, StatusCode::GONE);

    // Forgotten: asked by user name. An unknown name gets the same answer and no message.
    let mut visitor = Browser::new(&net);
    let forgot = hub.url("/password/forgot");
    let (_, form) = visitor.get(&forgot).await;
    let token = csrf(&form);
    let (status, unknown, _, _) = visitor
        .post(&forgot, &[("csrf_token", &token), ("who", "nobody")])
        .await;
    assert_eq!(status, 200);
    let (status, known, _, _) = visitor
        .post(&forgot, &[("csrf_token", &token), ("who", "ana")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        unknown, known,
        "the answer tells whether the account exists"
    );
    let reset_mail = sent_to(&hub, "ana@example.org", 2).await.remove(1);
    assert!(
        reset_mail.subject.contains("new password"),
        "{}",
        reset_mail.subject
    );
    assert_eq!(
        queued(&hub).await.len(),
        2,
        "a message went to an unknown account"
    );
    let reset = link(&reset_mail, &hub, "/password/reset/");

    // The link's form: mismatched passwords refused, then the new one set.
    let (status, form) = visitor.get(&reset).await;
    assert_eq!(status, 200);
    let token = csrf(&form);
    let (status, _, _, _) = visitor
        .post(
            &reset,
            &[
                ("csrf_token", &token),
                ("new_password", NEW_PASSWORD),
                ("new_password_confirm", "something else"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _, location) = visitor
        .post(
            &reset,
            &[
                ("csrf_token", &token),
                ("new_password", NEW_PASSWORD),
                ("new_password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/login"))
    );
    // Every session ended: ana's browser is logged out; the new password logs in.
    let (status, page) = ana.get(&settings).await;
    assert!(
        status == StatusCode::UNAUTHORIZED && !page.contains("ana@example.org"),
        "still logged in: {status}"
    );
    let (status, _, _) = log_in(&mut Browser::new(&net), &hub, "ana", PASSWORD).await;
    assert_ne!(
        status,
        StatusCode::SEE_OTHER,
        "the old password still works"
    );
    let (status, _, _) = log_in(&mut Browser::new(&net), &hub, "ana", NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Used once; the member is told their password changed.
    let (status, _) = visitor.get(&reset).await;
    assert_eq!(status, StatusCode::GONE);
    let notice = sent_to(&hub, "ana@example.org", 3).await.remove(2);
    assert!(notice.subject.contains("password"), "{}", notice.subject);

    // Asked by address; a newer link retires the older one; an expired one is refused.
    let (_, form) = visitor.get(&forgot).await;
    let token = csrf(&form);
    for _ in 0..2 {
        visitor
            .post(
                &forgot,
                &[("csrf_token", &token), ("who", "ANA@example.org")],
            )
            .await;
    }
    let all = sent_to(&hub, "ana@example.org", 5).await;
    let (older, newer) = (
        link(&all[3], &hub, "/password/reset/"),
        link(&all[4], &hub, "/password/reset/"),
    );
    assert_eq!(
        visitor.get(&older).await.0,
        StatusCode::GONE,
        "an older link still works"
    );
    assert_eq!(visitor.get(&newer).await.0, StatusCode::OK);
    hub.ctx.clock.advance(chrono::Duration::hours(3));
    assert_eq!(
        visitor.get(&newer).await.0,
        StatusCode::GONE,
        "an expired link works"
    );
}

#[tokio::test]
async fn an_address_given_at_sign_up_is_confirmed_and_cannot_be_taken_twice() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let signup = hub.url("/signup");
    let mut b = Browser::new(&net);
    let (_, form) = b.get(&signup).await;
    shows(&form, &["E-mail address (optional)"]);
    let token = csrf(&form);
    let fields = |name: &'static str, email: &'static str| {
        vec![
            ("csrf_token", token.clone()),
            ("username", name.to_string()),
            ("email", email.to_string()),
            ("password", PASSWORD.to_string()),
            ("password_confirm", PASSWORD.to_string()),
        ]
    };
    let f = fields("bea", "bea@example.org");
    let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, page, _, _) = b.post(&signup, &form).await;
    assert_eq!(status, 200, "{page}");
    let mail = sent_to(&hub, "bea@example.org", 1).await.remove(0);
    let verify = link(&mail, &hub, "/email/verify/");
    assert_eq!(b.get_location(&verify).await.0, StatusCode::SEE_OTHER);
    assert_eq!(
        hub.user("bea").await.email.as_deref(),
        Some("bea@example.org")
    );

    // The same address for another account: refused on the form.
    let f = fields("cleo", "BEA@example.org");
    let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, page, _, _) = b.post(&signup, &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(&page, &["Another account uses this address."]);
    // Without an address: signed up, nothing sent.
    let f = fields("dora", "");
    let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, _, _) = b.post(&signup, &form).await;
    assert_eq!(status, 200);
    assert_eq!(queued(&hub).await.len(), 1);
}

#[tokio::test]
async fn a_message_the_mail_server_refuses_is_kept_and_tried_again() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    // Nothing listens on port 9: every attempt fails.
    let hub = net
        .start_hub_with("hub-a.test", |c| {
            c.email.smtp_url = "smtp://127.0.0.1:9".into()
        })
        .await;
    let user = hub.create_user("ana").await;
    tessera::services::emails::send_verification(&hub.ctx, &user, "ana@example.org", "en")
        .await
        .expect("queued");
    crate::harness::eventually("the first attempt fails", || async {
        queued(&hub)
            .await
            .first()
            .is_some_and(|m| m.attempts >= 1 && !m.last_error.is_empty())
    })
    .await;
    let mail = queued(&hub).await.remove(0);
    assert!(
        mail.sent_at.is_none() && mail.failed_at.is_none(),
        "{mail:?}"
    );
    assert!(
        mail.next_attempt_at > mail.created_at,
        "no pause before the next attempt"
    );
    // Due again later: tried again, still kept.
    hub.ctx.clock.advance(chrono::Duration::minutes(10));
    tessera::services::emails::send_due(&hub.ctx)
        .await
        .expect("pass");
    let again = queued(&hub).await.remove(0);
    assert_eq!(again.attempts, 2, "{again:?}");
    assert!(again.failed_at.is_none());
}
