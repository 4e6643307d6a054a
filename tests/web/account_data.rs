//! A member's data: the archive of everything they own, the follows CSV out and in (as
//! Mastodon writes it), and deleting the account: every known server told, content gone,
//! the name kept from reuse, handing over first what they run alone.

use crate::harness::browser::{csrf, log_in, member, shows, Browser, PASSWORD};
use crate::harness::{eventually, hub_and_fake, Hub};
use reqwest::StatusCode;
use serde_json::json;
use std::io::Read;
use tessera::services::{archives, follows, posts};

const BOUNDARY: &str = "tessera-import-41b2";

fn unpack(bytes: &[u8]) -> Vec<(String, String)> {
    let gz = flate2::read::GzDecoder::new(bytes);
    let mut archive = tar::Archive::new(gz);
    let mut out = Vec::new();
    for entry in archive.entries().expect("a tar archive") {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().to_string();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).unwrap();
        out.push((name, String::from_utf8_lossy(&text).to_string()));
    }
    out
}

async fn import(b: &mut Browser, hub: &Hub, csv: &str) -> (StatusCode, String) {
    let (_, page) = b.get(&hub.url("/settings/account")).await;
    let token = csrf(&page);
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csv\"; filename=\"f.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{BOUNDARY}--\r\n"
    );
    b.post_raw(
        &hub.url("/settings/account/import"),
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        body.into_bytes(),
    )
    .await
}

#[tokio::test]
async fn a_member_takes_everything_along_and_brings_follows_in() {
    let (net, hub, fake) = hub_and_fake(&["felix", "gina"]).await;
    let mut ana = member(&net, &hub, "ana").await;
    let user = hub.user("ana").await;
    let post = posts::PostInput {
        content: "Compost in the courtyard",
        summary: "",
        visibility: "followers",
        in_reply_to: None,
        language: Some("en"),
    };
    posts::create(&hub.ctx, &user, post).await.unwrap();
    let felix = format!("@felix@{}", fake.domain);
    follows::follow(&hub.ctx, &user, &felix).await.unwrap();
    let row = crate::harness::moderation::follow_row(
        &hub,
        &hub.actor_url("ana"),
        &fake.actor_id("felix"),
    )
    .await
    .unwrap();
    let accept = json!({"id": format!("{}/accepts/1", fake.actor_id("felix")), "type": "Accept",
        "actor": fake.actor_id("felix"), "object": row.ap_id});
    let status = fake.send("felix", &hub, &hub.url("/inbox"), &accept).await;
    assert!(status.is_success(), "{status}");

    let (status, csv) = ana
        .get(&hub.url("/settings/account/following_accounts.csv"))
        .await;
    assert_eq!(status, 200);
    assert!(
        csv.starts_with("Account address,Show boosts,Notify on new posts,Languages\n"),
        "{csv}"
    );
    assert!(csv.contains(&format!("felix@{},true,false,", fake.domain)));

    let res = net
        .client()
        .get(hub.url("/settings/account/archive"))
        .header("cookie", ana.cookie_header_value())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/gzip");
    let files = unpack(&res.bytes().await.unwrap());
    let names: Vec<&str> = files
        .iter()
        .map(|(n, _)| n.rsplit('/').next().unwrap())
        .collect();
    for wanted in [
        "actor.json",
        "outbox.json",
        "following_accounts.csv",
        "followers.csv",
        "events.json",
        "participations.json",
        "memberships.json",
    ] {
        assert!(names.contains(&wanted), "{wanted} missing: {names:?}");
    }
    let outbox = &files
        .iter()
        .find(|(n, _)| n.ends_with("outbox.json"))
        .unwrap()
        .1;
    assert!(outbox.contains("Compost in the courtyard"), "{outbox}");
    let actor = &files
        .iter()
        .find(|(n, _)| n.ends_with("actor.json"))
        .unwrap()
        .1;
    assert!(actor.contains(&hub.actor_url("ana")));

    // Import: a file that is not a follows list is refused; Mastodon's file is taken.
    let (status, page) = import(&mut ana, &hub, "hello\nworld").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(&page, &["This is not a follows CSV"]);
    let mastodon = format!(
        "Account address,Show boosts,Notify on new posts,Languages\n\
         felix@{d},true,false,\ngina@{d},true,false,en\n",
        d = fake.domain
    );
    let (status, page) = import(&mut ana, &hub, &mastodon).await;
    assert_eq!(status, 200);
    shows(&page, &["2 accounts are being followed"]);
    eventually("gina is followed", || async {
        crate::harness::moderation::follow_row(&hub, &hub.actor_url("ana"), &fake.actor_id("gina"))
            .await
            .is_some()
    })
    .await;

    // The service reports what it could not follow.
    let handles = archives::parse_follows(&format!("nobody@{}\n", fake.domain)).unwrap();
    let report = archives::import_follows(&hub.ctx, &user, &handles).await;
    assert_eq!((report.followed, report.failed.len()), (0, 1));
}

#[tokio::test]
async fn a_deleted_account_is_gone_everywhere_and_its_name_stays_taken() {
    let (net, hub, fake) = hub_and_fake(&["felix"]).await;
    let client = net.client();
    hub.create_admin("eva").await;
    let mut ana = member(&net, &hub, "ana").await;
    let user = hub.user("ana").await;
    follows::follow(&hub.ctx, &user, &format!("@felix@{}", fake.domain))
        .await
        .unwrap();
    let post = posts::PostInput {
        content: "Soon gone",
        summary: "",
        visibility: "public",
        in_reply_to: None,
        language: Some("en"),
    };
    let post = posts::create(&hub.ctx, &user, post).await.unwrap();

    // An organisation she runs alone must be handed over first.
    let input = tessera::services::entries::EntryInput {
        handle: "repair_lab".into(),
        name: "Repair Lab".into(),
        ..Default::default()
    };
    let (_, lab) = tessera::services::entries::create(&hub.ctx, &user, "organisation", input)
        .await
        .unwrap();
    let (_, page) = ana.get(&hub.url("/settings/account")).await;
    shows(&page, &["First hand these over", "Repair Lab"]);
    let err = tessera::services::accounts::delete_account(&hub.ctx, &user, PASSWORD, "ana")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("hand-over"), "{err}");
    let eva = hub.user("eva").await;
    tessera::db::models::membership::Membership::upsert(
        &mut hub.ctx.pool.get().await.unwrap(),
        lab.id,
        eva.id,
        tessera::db::models::membership::ROLE_ADMIN,
        tessera::db::models::membership::STATE_ACTIVE,
        None,
    )
    .await
    .unwrap();

    let (_, page) = ana.get(&hub.url("/settings/account")).await;
    let token = csrf(&page);
    let delete = hub.url("/settings/account/delete");
    let (status, page, _, _) = ana
        .post(
            &delete,
            &[
                ("csrf_token", &token),
                ("confirm", "anna"),
                ("current_password", "wrong"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(&page, &["Type your user name exactly", "current password"]);
    let (status, _, cookies, location) = ana
        .post(
            &delete,
            &[
                ("csrf_token", &token),
                ("confirm", "ana"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/"))
    );
    assert!(cookies.iter().any(|c| c.starts_with("tessera_session=;")));

    // Every server that knows the hub hears of it.
    eventually("felix's server gets the Delete", || async {
        fake.inbox_items()
            .iter()
            .any(|i| i["type"] == "Delete" && i["object"] == json!(hub.actor_url("ana")))
    })
    .await;
    let res = client
        .get(hub.actor_url("ana"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::GONE);
    let finger = client
        .get(hub.url(&format!(
            "/.well-known/webfinger?resource=acct:ana@{}",
            hub.domain
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(finger.status(), StatusCode::NOT_FOUND);
    let (status, _) = Browser::new(&net).get(&hub.url("/@ana")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let res = client
        .get(post.ap_id.to_string())
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::GONE);
    let mut again = Browser::new(&net);
    let (status, _, _) = log_in(&mut again, &hub, "ana", PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The name is not given to someone else.
    let signup = tessera::services::users::SignUp {
        username: "ana",
        password: "another long password",
        password_confirm: "another long password",
        reason: "",
        invite: "",
        email: "",
        lang: "en",
    };
    assert!(tessera::services::users::sign_up(&hub.ctx, signup)
        .await
        .is_err());

    // The last admin cannot leave the hub without one.
    let eva = hub.user("eva").await;
    let err = tessera::services::accounts::delete_account(&hub.ctx, &eva, PASSWORD, "eva")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("last-admin"), "{err}");
}
