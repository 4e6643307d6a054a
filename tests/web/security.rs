//! Account security as a member meets it: two-factor authentication (set up with an
//! authenticator app, asked at log-in, recovery codes, turned off), the sessions logged in
//! (listed, ended one by one or all but this one), API tokens with scopes, and a hub that
//! requires admins to use a second factor.

use crate::harness::api::call;
use crate::harness::browser::{csrf, log_in, member, shows, Browser, PASSWORD};
use crate::harness::{Hub, Network};
use reqwest::{Method, StatusCode};
use totp_rs::{Algorithm, Secret, TOTP};

/// The app's side: the secret typed from the set-up page.
struct App(TOTP);

impl App {
    fn from_page(page: &str) -> App {
        let marker = "id=\"totp-secret\">";
        let start = page.find(marker).expect("the secret is shown") + marker.len();
        let end = start + page[start..].find('<').unwrap();
        let secret: String = page[start..end].split_whitespace().collect();
        let bytes = Secret::Encoded(secret).to_bytes().expect("base32 secret");
        App(TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, None, "x".into()).expect("totp"))
    }

    /// The code of the current step, or of the step after it (`ahead` = 1).
    fn code(&self, ahead: u64) -> String {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        self.0.generate(now + 30 * ahead)
    }
}

/// Sets up two-factor authentication for a logged-in browser; returns the app and the
/// recovery codes shown.
async fn turn_on(b: &mut Browser, hub: &Hub) -> (App, Vec<String>) {
    let (status, page) = b.get(&hub.url("/settings/security")).await;
    assert_eq!(status, 200);
    shows(&page, &["Set up two-factor authentication"]);
    let token = csrf(&page);
    let (status, _, _, location) = b
        .post(
            &hub.url("/settings/security/two-factor"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/settings/security/two-factor"))
    );
    let (status, page) = b.get(&hub.url("/settings/security/two-factor")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("src=\"data:image&#x2f;svg+xml;base64,"),
        "{page}"
    );
    let app = App::from_page(&page);
    let confirm = hub.url("/settings/security/two-factor/confirm");
    let (status, page, _, _) = b
        .post(&confirm, &[("csrf_token", &token), ("code", "000000x")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(&page, &["That code is not right"]);
    let (status, page, _, _) = b
        .post(&confirm, &[("csrf_token", &token), ("code", &app.code(0))])
        .await;
    assert_eq!(status, 200, "{page}");
    shows(
        &page,
        &["Two-factor authentication is on", "Your recovery codes"],
    );
    let codes: Vec<String> = page
        .split("<li><code>")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].to_string())
        .collect();
    assert_eq!(codes.len(), 10, "{page}");
    (app, codes)
}

/// Logs in with the password; returns where the hub sends the browser.
async fn password_step(b: &mut Browser, hub: &Hub, name: &str) -> Option<String> {
    let (_, form) = b.get(&hub.url("/login")).await;
    let token = csrf(&form);
    let (status, _, _, location) = b
        .post(
            &hub.url("/login"),
            &[
                ("csrf_token", &token),
                ("username", name),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    location
}

async fn code_step(b: &mut Browser, hub: &Hub, code: &str) -> (StatusCode, String) {
    let (status, page) = b.get(&hub.url("/login/two-factor")).await;
    assert_eq!(status, 200, "{page}");
    let token = csrf(&page);
    let (status, page, _, _) = b
        .post(
            &hub.url("/login/two-factor"),
            &[("csrf_token", &token), ("code", code)],
        )
        .await;
    (status, page)
}

async fn logged_in(b: &mut Browser, hub: &Hub) -> bool {
    let (status, _) = b.get(&hub.url("/settings")).await;
    status == StatusCode::OK
}

#[tokio::test]
async fn a_member_turns_two_factor_on_and_logs_in_with_codes() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let (app, recovery) = turn_on(&mut ana, &hub).await;
    let (_, page) = ana.get(&hub.url("/settings/security")).await;
    shows(&page, &["On since", "You have 10 recovery codes left"]);

    // The password alone does not log in: a code is asked, and the session is not yet one.
    let mut b = Browser::new(&net);
    let location = password_step(&mut b, &hub, "ana").await;
    assert_eq!(location.as_deref(), Some("/login/two-factor"));
    assert!(!logged_in(&mut b, &hub).await);
    let (status, page) = code_step(&mut b, &hub, "123456").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    shows(&page, &["That code is not right"]);
    // The code that confirmed the set-up was used: it does not work a second time.
    let (status, page) = code_step(&mut b, &hub, &app.code(0)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    shows(&page, &["That code was already used"]);
    let (status, _) = code_step(&mut b, &hub, &app.code(1)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(logged_in(&mut b, &hub).await);

    // A recovery code logs in once.
    let mut c = Browser::new(&net);
    password_step(&mut c, &hub, "ana").await;
    let (status, _) = code_step(&mut c, &hub, &recovery[3].to_uppercase()).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(logged_in(&mut c, &hub).await);
    let mut d = Browser::new(&net);
    password_step(&mut d, &hub, "ana").await;
    let (status, _) = code_step(&mut d, &hub, &recovery[3]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(!logged_in(&mut d, &hub).await);
    let (_, page) = ana.get(&hub.url("/settings/security")).await;
    shows(&page, &["You have 9 recovery codes left"]);

    // Off only with the password and a code.
    let token = csrf(&page);
    let off = hub.url("/settings/security/two-factor/disable");
    let (status, page, _, _) = ana
        .post(
            &off,
            &[
                ("csrf_token", &token),
                ("current_password", "wrong"),
                ("code", &recovery[0]),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(&page, &["off-current_password-error"]);
    let (status, _, _, _) = ana
        .post(
            &off,
            &[
                ("csrf_token", &token),
                ("current_password", PASSWORD),
                ("code", &recovery[0]),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut e = Browser::new(&net);
    let (status, _, _) = log_in(&mut e, &hub, "ana", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(logged_in(&mut e, &hub).await);
}

#[tokio::test]
async fn a_waiting_log_in_without_its_code_goes_nowhere() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    turn_on(&mut ana, &hub).await;
    // Opening the code page without the password first sends to the log-in page.
    let mut visitor = Browser::new(&net);
    let (status, location) = visitor
        .get_location(&hub.url("/login/two-factor?next=/settings"))
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/login?next=%2Fsettings"))
    );
    // A log-in going elsewhere keeps where it goes through the code step.
    let mut b = Browser::new(&net);
    let (_, form) = b.get(&hub.url("/login?next=/settings/security")).await;
    let token = csrf(&form);
    let (_, _, _, location) = b
        .post(
            &hub.url("/login"),
            &[
                ("csrf_token", &token),
                ("username", "ana"),
                ("password", PASSWORD),
                ("next", "/settings/security"),
            ],
        )
        .await;
    assert_eq!(
        location.as_deref(),
        Some("/login/two-factor?next=%2Fsettings%2Fsecurity")
    );
}

#[tokio::test]
async fn sessions_are_listed_and_ended() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let mut phone = Browser::new(&net);
    log_in(&mut phone, &hub, "ana", PASSWORD).await;
    let mut laptop = Browser::new(&net);
    log_in(&mut laptop, &hub, "ana", PASSWORD).await;

    let (_, page) = ana.get(&hub.url("/settings/security")).await;
    assert_eq!(page.matches("/end\"").count(), 3, "{page}");
    shows(&page, &["This device", "Log out everywhere else"]);
    // The phone's session (the second listed is not this one) is ended from here.
    let ids: Vec<i64> = page
        .split("/settings/security/sessions/")
        .skip(1)
        .filter_map(|s| s.split('/').next()?.parse().ok())
        .collect();
    let token = csrf(&page);
    let phone_id = {
        let (_, phone_page) = phone.get(&hub.url("/settings/security")).await;
        let mine = phone_page
            .split("<li>")
            .find(|li| li.contains("This device"))
            .unwrap()
            .to_string();
        ids.iter()
            .copied()
            .find(|id| mine.contains(&format!("sessions/{id}/end")))
            .unwrap()
    };
    let (status, _, _, _) = ana
        .post(
            &hub.url(&format!("/settings/security/sessions/{phone_id}/end")),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(!logged_in(&mut phone, &hub).await);
    assert!(logged_in(&mut laptop, &hub).await);

    // Another member cannot end ana's sessions.
    let mut ben = member(&net, &hub, "ben").await;
    let (_, page) = ben.get(&hub.url("/settings/security")).await;
    let ben_token = csrf(&page);
    let laptop_or_ana = ids.iter().find(|id| **id != phone_id).unwrap();
    let (status, _, _, _) = ben
        .post(
            &hub.url(&format!("/settings/security/sessions/{laptop_or_ana}/end")),
            &[("csrf_token", &ben_token)],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _, _, _) = ana
        .post(
            &hub.url("/settings/security/sessions/end-others"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(!logged_in(&mut laptop, &hub).await);
    assert!(logged_in(&mut ana, &hub).await);
}

/// Makes a token on the security page; returns it.
async fn make_token(b: &mut Browser, hub: &Hub, name: &str, scopes: &[&str]) -> String {
    let (_, page) = b.get(&hub.url("/settings/security")).await;
    let token = csrf(&page);
    let mut form = vec![("csrf_token", token.as_str()), ("name", name)];
    for s in scopes {
        form.push((s, "on"));
    }
    let (status, page, _, _) = b.post(&hub.url("/settings/security/tokens"), &form).await;
    assert_eq!(status, 200, "{page}");
    shows(&page, &["Copy it now"]);
    let marker = "id=\"new-token\">";
    let start = page.find(marker).unwrap() + marker.len();
    page[start..start + 64].to_string()
}

#[tokio::test]
async fn api_tokens_do_what_their_scopes_allow_until_revoked() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let client = net.client();
    let mut ana = member(&net, &hub, "ana").await;

    // Refused: no name, no scope; a member is not offered the admin scope.
    let (_, page) = ana.get(&hub.url("/settings/security")).await;
    assert!(!page.contains("id=\"scope-admin\""));
    let token = csrf(&page);
    let (status, page, _, _) = ana
        .post(
            &hub.url("/settings/security/tokens"),
            &[("csrf_token", &token), ("name", "  ")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(&page, &["Give the token a name"]);
    let (status, page, _, _) = ana
        .post(
            &hub.url("/settings/security/tokens"),
            &[("csrf_token", &token), ("name", "script")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(&page, &["Choose at least one thing"]);
    let (status, page, _, _) = ana
        .post(
            &hub.url("/settings/security/tokens"),
            &[("csrf_token", &token), ("name", "script"), ("admin", "on")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(&page, &["Only an administrator"]);

    let reader = make_token(&mut ana, &hub, "phone app", &["read"]).await;
    let (status, _) = call(
        &client,
        &hub,
        Some(&reader),
        Method::GET,
        "/notifications",
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = call(
        &client,
        &hub,
        Some(&reader),
        Method::POST,
        "/notifications/read",
        None,
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "not_allowed", "{body}");
    let writer = make_token(&mut ana, &hub, "poster", &["write"]).await;
    let (status, _) = call(
        &client,
        &hub,
        Some(&writer),
        Method::GET,
        "/notifications",
        None,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = call(
        &client,
        &hub,
        Some(&writer),
        Method::POST,
        "/notifications/read",
        None,
    )
    .await;
    assert_eq!(status, 204);

    // Listed without the secret; revoked, it stops working.
    let (_, page) = ana.get(&hub.url("/settings/security")).await;
    shows(&page, &["phone app", "poster", "last used"]);
    assert!(!page.contains(&reader));
    let id: i64 = page
        .split("/settings/security/tokens/")
        .nth(2)
        .and_then(|s| s.split('/').next()?.parse().ok())
        .expect("the phone app's token is listed second");
    let (status, _, _, _) = ana
        .post(
            &hub.url(&format!("/settings/security/tokens/{id}/revoke")),
            &[("csrf_token", &csrf(&page))],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = call(
        &client,
        &hub,
        Some(&reader),
        Method::GET,
        "/notifications",
        None,
    )
    .await;
    assert_eq!(status, 401);

    // The API lists the member's sessions and tokens (never a secret) and ends them.
    let both = make_token(&mut ana, &hub, "both", &["read", "write"]).await;
    let (status, list) = call(&client, &hub, Some(&both), Method::GET, "/tokens", None).await;
    assert_eq!(status, 200);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["both", "poster"], "{list}");
    assert_eq!(list[0]["scopes"], serde_json::json!(["read", "write"]));
    assert!(!list.to_string().contains(&both));
    let (status, sessions) = call(&client, &hub, Some(&both), Method::GET, "/sessions", None).await;
    assert_eq!((status, sessions.as_array().unwrap().len()), (200, 1));
    let poster_id = list[1]["id"].as_str().unwrap().to_string();
    let path = format!("/tokens/{poster_id}");
    let (status, _) = call(&client, &hub, Some(&both), Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (status, _) = call(
        &client,
        &hub,
        Some(&writer),
        Method::GET,
        "/notifications",
        None,
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = call(&client, &hub, Some(&both), Method::DELETE, &path, None).await;
    assert_eq!(status, 404);

    // An admin's powers go only through the admin scope.
    hub.create_admin("eva").await;
    let mut eva = Browser::new(&net);
    log_in(&mut eva, &hub, "eva", PASSWORD).await;
    let plain = make_token(&mut eva, &hub, "reader", &["read"]).await;
    let admin = make_token(&mut eva, &hub, "admin tool", &["read", "admin"]).await;
    let blocks = "/admin/domain_blocks";
    let (status, _) = call(&client, &hub, Some(&plain), Method::GET, blocks, None).await;
    assert_eq!(status, 403);
    let (status, _) = call(&client, &hub, Some(&admin), Method::GET, blocks, None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_hub_can_require_admins_to_use_two_factor() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net
        .start_hub_with("hub-a.test", |c| c.accounts.require_admin_two_factor = true)
        .await;
    let client = net.client();
    hub.create_admin("eva").await;
    let token = hub.token("eva").await;
    let mut eva = Browser::new(&net);
    log_in(&mut eva, &hub, "eva", PASSWORD).await;

    let (status, page) = eva.get(&hub.url("/admin")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    shows(
        &page,
        &["requires administrators to use two-factor authentication"],
    );
    let (_, page) = eva.get(&hub.url("/")).await;
    shows(&page, &["set it up now to use the admin pages"]);
    let blocks = "/admin/domain_blocks";
    let (status, _) = call(&client, &hub, Some(&token), Method::GET, blocks, None).await;
    assert_eq!(status, 403);
    // Members are not asked.
    let mut ana = member(&net, &hub, "ana").await;
    let (_, page) = ana.get(&hub.url("/")).await;
    assert!(!page.contains("set it up now"));

    turn_on(&mut eva, &hub).await;
    let (status, _) = eva.get(&hub.url("/admin")).await;
    assert_eq!(status, 200);
    let (status, _) = call(&client, &hub, Some(&token), Method::GET, blocks, None).await;
    assert_eq!(status, 200);
}
