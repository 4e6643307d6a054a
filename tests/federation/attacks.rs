//! The attack suite: hostile requests to the inbox, each answered with an exact status,
//! with nothing stored and nothing fetched; and outgoing requests kept off private networks.

use crate::harness::remote::FakeMastodon;
use crate::harness::{Hub, Network};
use base64::Engine;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Digest;

/// What an attack could have changed: follows, actors, remembered activity ids, and the
/// requests the hub made to the attacker's server.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    follows: i64,
    actors: i64,
    received: i64,
    fetches: usize,
}

async fn snapshot(hub: &Hub, fake: &FakeMastodon) -> Snapshot {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use tessera::db::schema::{actors, follows, received_activities};
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let follows =
        tessera::db_run!(conn, |c| follows::table.count().get_result::<i64>(c).await).unwrap();
    let actors =
        tessera::db_run!(conn, |c| actors::table.count().get_result::<i64>(c).await).unwrap();
    let received = tessera::db_run!(conn, |c| received_activities::table
        .count()
        .get_result::<i64>(c)
        .await)
    .unwrap();
    Snapshot {
        follows,
        actors,
        received,
        fetches: fake.fetches().len(),
    }
}

fn digest(body: &[u8]) -> String {
    format!(
        "SHA-256={}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body))
    )
}

fn now_date() -> String {
    httpdate::fmt_http_date(std::time::SystemTime::now())
}

fn date_shifted(secs: i64) -> String {
    let now = std::time::SystemTime::now();
    let t = if secs >= 0 {
        now + std::time::Duration::from_secs(secs as u64)
    } else {
        now - std::time::Duration::from_secs((-secs) as u64)
    };
    httpdate::fmt_http_date(t)
}

/// A forged `Signature` header (the signature value itself is garbage).
fn forged(key_id: &str, headers: &str, extra: &str) -> String {
    format!("keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"{headers}\"{extra},signature=\"AAAA\"")
}

const FULL: &str = "(request-target) host date digest";

/// One crafted request: name, expected status, headers, body.
type RawCase = (&'static str, u16, Vec<(&'static str, String)>, Vec<u8>);

#[tokio::test]
async fn inbox_attack_suite() {
    let mut net = Network::bind(&["hub-a.test", "remote.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("remote.test");
    let fake = FakeMastodon::start(
        net.take("remote.test"),
        &domain,
        &["mallory", "eve", "htmlmallory", "movedmallory"],
        net.client(),
    )
    .await;
    hub.create_user("alice").await;
    let client = net.client();
    let inbox = hub.url("/users/alice/inbox");
    let (mallory, eve) = (fake.actor_id("mallory"), fake.actor_id("eve"));
    let key = format!("{mallory}#main-key");
    let alice = hub.actor_url("alice");
    let mut n = 0u32;
    let mut next_id = || {
        n += 1;
        format!("http://{domain}/attacks/{n}")
    };

    // Known attackers: their actors are stored first, so that later checks need no fetch.
    for who in ["mallory", "eve"] {
        let hello = json!({"id": next_id(), "type": "Wobble", "actor": fake.actor_id(who), "object": alice});
        assert_eq!(fake.send(who, &hub, &inbox, &hello).await, 202);
    }
    // A follow from alice to mallory, and one from mallory to alice, for the forgery cases.
    let res = client
        .post(hub.url("/api/v1/follows"))
        .bearer_auth(hub.token("alice").await)
        .json(&json!({"target": mallory}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let alice_follow_id = {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        let a = tessera::db::models::actor::Actor::find_by_ap_id(&mut conn, &alice)
            .await
            .unwrap()
            .unwrap();
        let m = tessera::db::models::actor::Actor::find_by_ap_id(&mut conn, &mallory)
            .await
            .unwrap()
            .unwrap();
        tessera::db::models::follow::Follow::find_pair(&mut conn, a.id, m.id)
            .await
            .unwrap()
            .unwrap()
            .ap_id
    };
    let mallory_follow =
        json!({"id": next_id(), "type": "Follow", "actor": mallory, "object": alice});
    assert_eq!(
        fake.send("mallory", &hub, &inbox, &mallory_follow).await,
        202
    );

    let valid = |id: String| json!({"id": id, "type": "Follow", "actor": mallory, "object": alice});
    let mut cases = 0;

    // Requests with forged or missing signature headers: `raw(name, status, headers, body)`.
    let raw_cases: Vec<RawCase> = {
        let body = valid(next_id()).to_string().into_bytes();
        let d = digest(&body);
        let std = |sig: String| {
            vec![
                ("signature", sig),
                ("date", now_date()),
                ("digest", d.clone()),
            ]
        };
        let json_case = |v: Value| {
            let b = v.to_string().into_bytes();
            let dg = digest(&b);
            (
                vec![
                    ("signature", forged(&key, FULL, "")),
                    ("date", now_date()),
                    ("digest", dg),
                ],
                b,
            )
        };
        let mut deep = String::new();
        for _ in 0..40 {
            deep.push_str("{\"a\":");
        }
        deep.push('1');
        for _ in 0..40 {
            deep.push('}');
        }
        let deep_body = format!(
            r#"{{"id":"{}","type":"Follow","actor":"{mallory}","object":{deep}}}"#,
            next_id()
        );
        let mut v = vec![
            ("no Signature header", 401, vec![("date", now_date()), ("digest", d.clone())], body.clone()),
            ("Signature without keyId", 401, std("algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\",signature=\"AAAA\"".into()), body.clone()),
            ("keyId not a URL", 401, std(forged("main-key", FULL, "")), body.clone()),
            ("keyId on another host than the actor", 401, std(forged("http://evil.test/users/x#main-key", FULL, "")), body.clone()),
            ("signature does not cover host", 401, std(forged(&key, "(request-target) date digest", "")), body.clone()),
            ("signature does not cover digest", 401, std(forged(&key, "(request-target) host date", "")), body.clone()),
            ("signature does not cover (request-target)", 401, std(forged(&key, "host date digest", "")), body.clone()),
            ("signature covers neither date nor (created)", 401, std(forged(&key, "(request-target) host digest", "")), body.clone()),
            ("Date two hours old", 401, vec![("signature", forged(&key, FULL, "")), ("date", date_shifted(-7200)), ("digest", d.clone())], body.clone()),
            ("Date an hour ahead", 401, vec![("signature", forged(&key, FULL, "")), ("date", date_shifted(3600)), ("digest", d.clone())], body.clone()),
            ("Date unreadable", 401, vec![("signature", forged(&key, FULL, "")), ("date", "yesterday".into()), ("digest", d.clone())], body.clone()),
            ("(created) two hours old", 401, std(forged(&key, "(request-target) (created) host digest", &format!(",created=\"{}\"", chrono::Utc::now().timestamp() - 7200))), body.clone()),
            ("(created) not a number", 401, std(forged(&key, "(request-target) (created) host digest", ",created=\"soon\"")), body.clone()),
            ("forged signature value from a known actor", 401, std(forged(&key, FULL, "")), body.clone()),
            ("digest does not match the body", 401, vec![("signature", forged(&key, FULL, "")), ("date", now_date()), ("digest", digest(b"other"))], body.clone()),
            ("Digest header missing", 401, vec![("signature", forged(&key, FULL, "")), ("date", now_date())], body.clone()),
            ("body over 1 MiB", 413, std(forged(&key, FULL, "")), vec![b' '; 1024 * 1024 + 1]),
        ];
        for (name, value) in [
            ("JSON array", json!([1, 2])),
            ("JSON string", json!("Follow")),
            (
                "no id",
                json!({"type": "Follow", "actor": mallory, "object": alice}),
            ),
            (
                "no type",
                json!({"id": next_id(), "actor": mallory, "object": alice}),
            ),
            (
                "no actor",
                json!({"id": next_id(), "type": "Follow", "object": alice}),
            ),
            (
                "id is a number",
                json!({"id": 7, "type": "Follow", "actor": mallory, "object": alice}),
            ),
            (
                "actor is not a URL",
                json!({"id": next_id(), "type": "Follow", "actor": "mallory", "object": alice}),
            ),
            (
                // An embedded actor with its id is read (lenient by rule); one without is not.
                "actor is an object without an id",
                json!({"id": next_id(), "type": "Follow", "actor": {"name": "mallory"}, "object": alice}),
            ),
        ] {
            let (headers, b) = json_case(value);
            v.push((name, 400, headers, b));
        }
        for (name, b) in [
            ("not JSON", b"{\"type\": \"Follow\", ".to_vec()),
            ("empty body", vec![]),
        ] {
            let dg = digest(&b);
            v.push((
                name,
                400,
                vec![
                    ("signature", forged(&key, FULL, "")),
                    ("date", now_date()),
                    ("digest", dg),
                ],
                b,
            ));
        }
        let deep_bytes = deep_body.into_bytes();
        let dg = digest(&deep_bytes);
        v.push((
            "JSON nested 42 deep",
            400,
            vec![
                ("signature", forged(&key, FULL, "")),
                ("date", now_date()),
                ("digest", dg),
            ],
            deep_bytes,
        ));
        // An actor that is an IP literal: refused before any fetch.
        let ip_body = json!({"id": "http://127.0.0.1/x", "type": "Follow", "actor": "http://127.0.0.1/users/x", "object": alice}).to_string().into_bytes();
        let dg = digest(&ip_body);
        v.push((
            "actor on an IP literal",
            400,
            vec![
                (
                    "signature",
                    forged("http://127.0.0.1/users/x#main-key", FULL, ""),
                ),
                ("date", now_date()),
                ("digest", dg),
            ],
            ip_body,
        ));
        let ftp_actor = format!("ftp://{domain}/users/x");
        let ftp_body = json!({"id": format!("ftp://{domain}/x"), "type": "Follow", "actor": ftp_actor, "object": alice}).to_string().into_bytes();
        let dg = digest(&ftp_body);
        v.push((
            "actor with an ftp URL",
            400,
            vec![
                (
                    "signature",
                    forged(&format!("{ftp_actor}#main-key"), FULL, ""),
                ),
                ("date", now_date()),
                ("digest", dg),
            ],
            ftp_body,
        ));
        v
    };

    let before = snapshot(&hub, &fake).await;
    for (name, expect, headers, body) in raw_cases {
        let mut req = client
            .post(&inbox)
            .header("content-type", "application/activity+json");
        for (k, v) in headers {
            req = req.header(k, v);
        }
        let res = req.body(body).send().await.unwrap();
        assert_eq!(res.status().as_u16(), expect, "{name}");
        assert_eq!(
            snapshot(&hub, &fake).await,
            before,
            "{name}: something was stored or fetched"
        );
        cases += 1;
    }

    // Correctly signed by a known actor, but wrong: `signed(name, status, signer, body)`.
    let hub_id = hub.url("/activities/forged");
    let signed_cases: Vec<(&str, u16, &str, Value)> = vec![
        (
            "signed by Mallory, claiming to be Eve",
            401,
            "mallory",
            json!({"id": next_id(), "type": "Follow", "actor": eve, "object": alice}),
        ),
        (
            "activity id on another host than its actor",
            400,
            "mallory",
            json!({"id": "http://evil.test/1", "type": "Follow", "actor": mallory, "object": alice}),
        ),
        (
            "activity id claiming to be ours",
            400,
            "mallory",
            json!({"id": hub_id, "type": "Follow", "actor": mallory, "object": alice}),
        ),
        (
            "Follow of someone on another server",
            400,
            "mallory",
            json!({"id": next_id(), "type": "Follow", "actor": mallory, "object": "http://elsewhere.test/users/bob"}),
        ),
        (
            "Follow of an unknown local account",
            404,
            "mallory",
            json!({"id": next_id(), "type": "Follow", "actor": mallory, "object": hub.actor_url("nobody")}),
        ),
        (
            "Accept of a follow by someone else than the followee",
            403,
            "eve",
            json!({"id": next_id(), "type": "Accept", "actor": eve, "object": alice_follow_id}),
        ),
        (
            "Reject of a follow by someone else than the followee",
            403,
            "eve",
            json!({"id": next_id(), "type": "Reject", "actor": eve, "object": alice_follow_id}),
        ),
        (
            "Undo of someone else's follow",
            403,
            "eve",
            json!({"id": next_id(), "type": "Undo", "actor": eve, "object": mallory_follow["id"]}),
        ),
        (
            "Update of another actor's profile",
            403,
            "mallory",
            json!({"id": next_id(), "type": "Update", "actor": mallory, "object": {"id": eve, "type": "Person", "inbox": format!("{eve}/inbox"), "publicKey": {"id": "x", "owner": eve, "publicKeyPem": "x"}}}),
        ),
    ];
    for (name, expect, signer, body) in signed_cases {
        let status = fake.send(signer, &hub, &inbox, &body).await;
        assert_eq!(status.as_u16(), expect, "{name}");
        assert_eq!(
            snapshot(&hub, &fake).await,
            before,
            "{name}: something was stored or fetched"
        );
        cases += 1;
    }

    // Correct signatures over a request changed afterwards.
    let body = valid(next_id()).to_string();
    let status = fake
        .send_raw_tampered(
            "mallory",
            &hub,
            &inbox,
            body.clone(),
            valid(next_id()).to_string(),
        )
        .await;
    assert_eq!(status.as_u16(), 401, "body changed after signing");
    let status = fake
        .send_modified("mallory", &hub, &inbox, body.clone(), None, |r| {
            r.headers_mut().remove("digest");
        })
        .await;
    assert_eq!(status.as_u16(), 401, "Digest removed after signing");
    let status = fake
        .send_modified(
            "mallory",
            &hub,
            &inbox,
            body.clone(),
            Some(date_shifted(-7200)),
            |_| {},
        )
        .await;
    assert_eq!(
        status.as_u16(),
        401,
        "a correctly signed but two-hour-old request (replay)"
    );
    let status = fake
        .send_modified(
            "mallory",
            &hub,
            &hub.url("/users/alice/inbox?x=1"),
            body,
            None,
            |r| {
                *r.url_mut() = url::Url::parse(&hub.url("/inbox")).unwrap();
            },
        )
        .await;
    assert_eq!(status.as_u16(), 401, "signed for another path");
    assert_eq!(
        snapshot(&hub, &fake).await,
        before,
        "tampered requests stored or fetched something"
    );
    cases += 4;

    // Actors whose documents fail the fetch checks: the one fetch happens, nothing is kept.
    for (who, why) in [
        ("htmlmallory", "actor served as text/html"),
        ("movedmallory", "actor whose id is not its URL"),
    ] {
        let body = json!({"id": next_id(), "type": "Follow", "actor": fake.actor_id(who), "object": alice});
        let fetches = fake.fetches().len();
        assert_eq!(
            fake.send(who, &hub, &inbox, &body).await.as_u16(),
            401,
            "{why}"
        );
        assert!(
            fake.fetches().len() > fetches,
            "{why}: the actor was fetched"
        );
        let after = snapshot(&hub, &fake).await;
        assert_eq!(
            (after.follows, after.actors, after.received),
            (before.follows, before.actors, before.received),
            "{why}"
        );
        cases += 1;
    }

    // Wrong method.
    assert_eq!(
        client.get(&inbox).send().await.unwrap().status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
    cases += 1;

    // A duplicate is acknowledged and not processed again: the replayed Follow does not
    // come back after its row was removed.
    {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        let row = tessera::db::models::follow::Follow::find_by_ap_id(
            &mut conn,
            mallory_follow["id"].as_str().unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
        tessera::db::models::follow::Follow::delete(&mut conn, row.id)
            .await
            .unwrap();
    }
    let before = snapshot(&hub, &fake).await;
    assert_eq!(
        fake.send("mallory", &hub, &inbox, &mallory_follow).await,
        202,
        "duplicate acknowledged"
    );
    assert_eq!(
        snapshot(&hub, &fake).await,
        before,
        "the duplicate was processed"
    );
    cases += 1;

    assert!(cases >= 40, "{cases} attack cases");
}
