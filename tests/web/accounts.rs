//! The HTML side as a person uses it: sign-up in each registration mode, log-in, CSRF,
//! sessions, translations, admin approval, follow buttons.

use crate::harness::browser::{csrf, log_in, Browser};
use crate::harness::{Hub, Network};
use reqwest::StatusCode;

async fn sign_up(b: &mut Browser, hub: &Hub, name: &str, password: &str) -> (StatusCode, String) {
    let (_, form) = b.get(&hub.url("/signup")).await;
    let token = csrf(&form);
    let (status, body, _, _) = b
        .post(
            &hub.url("/signup"),
            &[
                ("csrf_token", &token),
                ("username", name),
                ("password", password),
                ("password_confirm", password),
                ("reason", "I run a project"),
            ],
        )
        .await;
    (status, body)
}

#[tokio::test]
async fn open_sign_up_log_in_and_csrf() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut b = Browser::new(&net);

    let (status, home) = b.get(&hub.url("/")).await;
    assert_eq!(status, 200);
    assert!(home.contains("<html lang=\"en\""));
    assert!(home.contains("/signup"));

    // Validation: reserved, bad characters, short password, mismatch.
    let (status, body) = sign_up(&mut b, &hub, "admin", "long enough password").await;
    assert_eq!(status, 422);
    assert!(body.contains("reserved"), "{body}");
    let (status, _) = sign_up(&mut b, &hub, "Bad Name!", "long enough password").await;
    assert_eq!(status, 422);
    let (status, body) = sign_up(&mut b, &hub, "ana", "short").await;
    assert_eq!(status, 422);
    assert!(body.contains("10 characters"));

    let (status, body) = sign_up(&mut b, &hub, "ana", "long enough password").await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = sign_up(&mut b, &hub, "ana", "long enough password").await;
    assert_eq!(status, 422, "a taken name is refused");

    // A wrong password and an unknown user get the same answer.
    let (s1, wrong, _) = log_in(&mut b, &hub, "ana", "not the password").await;
    let (s2, unknown, _) = log_in(&mut b, &hub, "zed", "not the password").await;
    assert_eq!(s1, 401);
    assert_eq!(s1, s2);
    assert_eq!(
        wrong.replace("value=\"ana\"", ""),
        unknown.replace("value=\"zed\"", "")
    );

    // Log-in sets a session cookie with the right flags.
    let (status, _, cookies) = log_in(&mut b, &hub, "ana", "long enough password").await;
    assert_eq!(status, 303);
    let session = cookies
        .iter()
        .find(|c| c.starts_with("tessera_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    let (_, home) = b.get(&hub.url("/")).await;
    assert!(home.contains("/@ana"));

    // A form without the right token is refused and changes nothing.
    let (status, _, _, _) = b
        .post(
            &hub.url("/settings"),
            &[("csrf_token", "0000"), ("display_name", "Hacked")],
        )
        .await;
    assert_eq!(status, 403);
    let (_, settings) = b.get(&hub.url("/settings")).await;
    assert!(!settings.contains("Hacked"));
    let token = csrf(&settings);
    let (status, _, _, location) = b
        .post(
            &hub.url("/settings"),
            &[
                ("csrf_token", &token),
                ("display_name", "Ana Silva"),
                ("summary", "Cities <b>&</b> care"),
                ("locale", "fr"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/settings"));
    // The member's language setting wins over the browser's.
    let (_, profile) = b.get(&hub.url("/@ana")).await;
    assert!(profile.contains("<html lang=\"fr\""));
    assert!(profile.contains("Ana Silva"));
    assert!(
        profile.contains("Cities &lt;b&gt;&amp;&lt;/b&gt; care"),
        "summary is escaped: {profile}"
    );

    // Log-out ends the session.
    let (_, page) = b.get(&hub.url("/")).await;
    let token = csrf(&page);
    let (status, _, _, _) = b.post(&hub.url("/logout"), &[("csrf_token", &token)]).await;
    assert_eq!(status, 303);
    let (status, _) = b.get(&hub.url("/settings")).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn approval_mode_and_admin_page() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net
        .start_hub_with("hub-a.test", |c| {
            c.registration.mode = tessera::config::RegistrationMode::Approval
        })
        .await;
    hub.create_admin("root").await;
    let mut visitor = Browser::new(&net);
    visitor.lang = "fr-FR,fr;q=0.9";
    let (_, home) = visitor.get(&hub.url("/")).await;
    assert!(
        home.contains("<html lang=\"fr\""),
        "Accept-Language picks French"
    );

    let (status, body) = sign_up(&mut visitor, &hub, "joao", "long enough password").await;
    assert_eq!(status, 200);
    assert!(body.contains("lang=\"fr\""));
    // Pending: cannot log in, has no public actor yet.
    let (status, _, _) = log_in(&mut visitor, &hub, "joao", "long enough password").await;
    assert_eq!(status, 401);
    let client = net.client();
    let actor = client
        .get(hub.actor_url("joao"))
        .header("accept", crate::harness::AP_ACCEPT)
        .send()
        .await
        .unwrap();
    assert_eq!(actor.status(), 404);

    // Members who are not admins cannot see the admin page.
    let mut admin = Browser::new(&net);
    let (status, _) = admin.get(&hub.url("/admin")).await;
    assert_eq!(status, 401);
    log_in(&mut admin, &hub, "root", "correct horse battery").await;
    let (status, page) = admin.get(&hub.url("/admin")).await;
    assert_eq!(status, 200);
    assert!(page.contains("joao") && page.contains("I run a project"));
    let id = hub.user("joao").await.id;
    let token = csrf(&page);
    let (status, _, _, _) = admin
        .post(
            &hub.url(&format!("/admin/signups/{id}/approve")),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(status, 303);
    let (status, _, _) = log_in(&mut visitor, &hub, "joao", "long enough password").await;
    assert_eq!(status, 303);

    // Instance settings from the admin page win over the config file.
    let (status, _, _, _) = admin
        .post(
            &hub.url("/admin/settings"),
            &[
                ("csrf_token", &token),
                ("name", "Centro de Inovação Social"),
                ("description", "Lisboa"),
                ("registration_mode", "closed"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (_, home) = Browser::new(&net).get(&hub.url("/")).await;
    assert!(home.contains("Centro de Inovação Social"));
    let mut late = Browser::new(&net);
    let (_, form) = late.get(&hub.url("/signup")).await;
    assert!(
        !form.contains("name=\"password\""),
        "no sign-up form when closed"
    );
    let (_, login) = late.get(&hub.url("/login")).await;
    let token = csrf(&login);
    let (status, _, _, _) = late
        .post(
            &hub.url("/signup"),
            &[
                ("csrf_token", &token),
                ("username", "late"),
                ("password", "long enough password"),
                ("password_confirm", "long enough password"),
            ],
        )
        .await;
    assert_eq!(status, 422, "closed registrations refuse sign-ups");

    // A rejected application leaves nothing behind.
    let mut other = Browser::new(&net);
    let (_, page) = admin.get(&hub.url("/admin")).await;
    let token = csrf(&page);
    admin
        .post(
            &hub.url("/admin/settings"),
            &[
                ("csrf_token", &token),
                ("name", "Hub"),
                ("description", ""),
                ("registration_mode", "approval"),
            ],
        )
        .await;
    sign_up(&mut other, &hub, "spam", "long enough password").await;
    let id = hub.user("spam").await.id;
    admin
        .post(
            &hub.url(&format!("/admin/signups/{id}/reject")),
            &[("csrf_token", &token)],
        )
        .await;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    assert!(tessera::db::models::user::User::find(&mut conn, id)
        .await
        .unwrap()
        .is_none());
    assert!(
        tessera::db::models::actor::Actor::find_local(&mut conn, "spam")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn follow_buttons_between_hubs() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b_hub = net.start_hub("hub-b.test").await;
    a.create_user("alice").await;
    b_hub.create_user("bob").await;
    let mut alice = Browser::new(&net);
    log_in(&mut alice, &a, "alice", "correct horse battery").await;

    let (status, _) = alice
        .get(&a.url(&format!("/search?q=@bob@{}", b_hub.domain)))
        .await;
    assert_eq!(status, 303);
    let (status, page) = alice.get(&a.url(&format!("/@bob@{}", b_hub.domain))).await;
    assert_eq!(status, 200);
    let token = csrf(&page);
    let (status, _, _, _) = alice
        .post(
            &a.url("/follows"),
            &[("csrf_token", &token), ("target", &b_hub.actor_url("bob"))],
        )
        .await;
    assert_eq!(status, 303);
    crate::harness::eventually("bob's page lists alice", || async {
        let html = net
            .client()
            .get(b_hub.url("/@bob"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        html.contains(&format!("@alice@{}", a.domain))
    })
    .await;
    // A search for nobody shows an error page, not a crash.
    let (status, body) = alice.get(&a.url("/search?q=@nobody@nowhere.invalid")).await;
    assert_eq!(status, 404);
    assert!(body.contains("nobody"));
}
