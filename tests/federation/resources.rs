//! Knowledge resources across servers (issue 22): a Mastodon follower of the sharer gets the
//! resource as an `Article` (name, summary, link, and the content Lemmy and Mbin read), then
//! its Update when a file is attached and its Delete; a member on another hub who follows
//! the sharer gets it stored there with its origin, its files as links, and its edits;
//! resources from someone nobody follows are dropped, and one claimed by another server is
//! refused.

use crate::harness::api::call;
use crate::harness::remote::FakeMastodon;
use crate::harness::resources::{attach, pdf, resource_body, share};
use crate::harness::{eventually, Network};
use reqwest::Method;
use serde_json::json;
use tessera::db::models::resource::Resource;

async fn stored(hub: &crate::harness::Hub, ap_id: &str) -> Option<Resource> {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    Resource::find_by_ap_id(&mut conn, ap_id).await.unwrap()
}

#[tokio::test]
async fn a_resource_reaches_the_sharers_followers_on_mastodon_and_on_other_hubs() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test", "masto.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let domain = net.domain("masto.test");
    let fake = FakeMastodon::start(net.take("masto.test"), &domain, &["mia"], net.client()).await;
    let client = net.client();
    a.create_user("ana").await;
    b.create_user("ben").await;
    let ana = a.token("ana").await;
    let ben = b.token("ben").await;
    let ana_id = a.url("/users/ana");

    let mia = fake.actor_id("mia");
    let follow = json!({"@context": "https://www.w3.org/ns/activitystreams", "id": format!("{mia}#follows/1"),
        "type": "Follow", "actor": mia, "object": ana_id});
    assert_eq!(fake.send("mia", &a, &a.url("/inbox"), &follow).await, 202);
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::POST,
        "/follows",
        Some(json!({"target": format!("@ana@{}", a.domain)})),
    )
    .await;
    assert_eq!(status, 201);
    eventually("ana accepts ben", || async {
        let (_, list) = call(&client, &b, Some(&ben), Method::GET, "/follows", None).await;
        list[0]["state"] == "accepted"
    })
    .await;

    // Mia also follows a project of ana's, as Lemmy and Mbin follow a community.
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::POST,
        "/projects",
        Some(crate::harness::entries::project_body()),
    )
    .await;
    assert_eq!(status, 201);
    let project = a.url("/projects/green_roofs");
    let follow = json!({"@context": "https://www.w3.org/ns/activitystreams", "id": format!("{mia}#follows/2"),
        "type": "Follow", "actor": mia, "object": project});
    assert_eq!(fake.send("mia", &a, &a.url("/inbox"), &follow).await, 202);

    let mut body = resource_body();
    body["projects"] = json!(["@green_roofs"]);
    let view = share(&client, &a, &ana, body).await;
    let id = view["id"].as_str().unwrap().to_string();
    let key = view["key"].as_str().unwrap().to_string();
    let create = || {
        fake.inbox_items()
            .into_iter()
            .find(|x| x["type"] == "Create" && x["object"]["id"] == json!(id))
    };
    eventually("Mastodon gets the Create", || async { create().is_some() }).await;
    let create = create().unwrap();
    let article = &create["object"];
    assert_eq!(create["actor"], json!(ana_id));
    assert_eq!(article["type"], "Article");
    assert_eq!(article["objectKind"], "resource");
    // What Mastodon shows of an Article: its name, its summary and a link to it.
    assert_eq!(article["name"], "Co-design toolkit for care services");
    assert_eq!(
        article["summary"],
        "Twelve workshop formats to design care services with their users."
    );
    assert_eq!(article["url"], json!(id));
    // What Lemmy and Mbin read: HTML content, its Markdown source, the language.
    assert_eq!(article["mediaType"], "text/html");
    assert_eq!(article["source"]["mediaType"], "text/markdown");
    assert_eq!(article["language"]["identifier"], "en");
    assert!(article["contentMap"]["en"]
        .as_str()
        .unwrap()
        .contains("<strong>listening session</strong>"));
    assert_eq!(
        article["license"],
        "https://creativecommons.org/licenses/by-sa/4.0/"
    );
    assert_eq!(article["authors"][0]["name"], "Maria Silva");
    assert!(create["@context"]
        .to_string()
        .contains("tessera:resourceKind"));
    // The project relays it to its followers: the Create wrapped (what Lemmy and Mbin read,
    // filed under the project by `audience`), and the Article itself (a boost on Mastodon).
    assert_eq!(article["audience"], json!(project));
    // Lemmy's own post has these members too, under the same names (its fixture).
    let lemmy: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/fixtures/activitypub/lemmy/objects/page.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for key in [
        "id",
        "type",
        "attributedTo",
        "to",
        "name",
        "content",
        "mediaType",
        "source",
        "published",
        "audience",
        "sensitive",
        "language",
    ] {
        assert!(lemmy.get(key).is_some(), "Lemmy's page has no {key}");
        assert!(
            article.get(key).is_some(),
            "the Article has no {key}: {article}"
        );
    }
    assert_eq!(
        lemmy["language"]
            .as_object()
            .map(|o| o.contains_key("identifier")),
        article["language"]
            .as_object()
            .map(|o| o.contains_key("identifier")),
    );
    eventually("the project announces the resource", || async {
        let items = fake.inbox_items();
        let wrapped = items.iter().any(|x| {
            x["type"] == "Announce"
                && x["actor"] == json!(project)
                && x["object"]["type"] == "Create"
        });
        let boosted = items.iter().any(|x| {
            x["type"] == "Announce"
                && x["actor"] == json!(project)
                && x["object"]["type"] == "Article"
        });
        wrapped && boosted
    })
    .await;
    let res = client
        .get(create["id"].as_str().unwrap())
        .header("Accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "the Create's id answers");

    eventually("B stores the resource", || async {
        stored(&b, &id).await.is_some()
    })
    .await;
    let copy = stored(&b, &id).await.unwrap();
    assert!(!copy.is_local);
    assert_eq!(copy.licence, "cc-by-sa");
    assert_eq!(copy.resource_kind, "toolkit");
    let (_, found) = call(
        &client,
        &b,
        None,
        Method::GET,
        "/resources?theme=health-care&language=pt&q=workshops",
        None,
    )
    .await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(
        found["items"][0]["publisher"]["handle"],
        format!("@ana@{}", a.domain)
    );

    // A file attached: an Update with a Document, kept on B as a link to A.
    let (status, _) = attach(&client, &a, &ana, &key, "Facilitator guide", pdf()).await;
    assert_eq!(status, 201);
    eventually("Mastodon and B get the Update with the file", || async {
        let masto = fake
            .inbox_items()
            .iter()
            .any(|x| x["type"] == "Update" && x["object"]["attachment"][0]["type"] == "Document");
        let mut conn = b.ctx.pool.get().await.unwrap();
        let copy = Resource::find_by_ap_id(&mut conn, &id).await.unwrap();
        let hub = match copy {
            Some(r) => {
                let parts = Resource::parts_of(&mut conn, &[r.id]).await.unwrap();
                parts[&r.id].attachments.len() == 1
            }
            None => false,
        };
        masto && hub
    })
    .await;
    let copy = stored(&b, &id).await.unwrap();
    let html = client
        .get(b.url(&format!("/resources/{}", copy.key)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Facilitator guide")
            && html.contains(&crate::harness::browser::escaped(&a.url("/media/"))),
        "the file links to its origin: {html}"
    );

    // The deletion.
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::DELETE,
        &format!("/resources/{key}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    eventually("Mastodon and B get the Delete", || async {
        let masto = fake
            .inbox_items()
            .iter()
            .any(|x| x["type"] == "Delete" && x["object"]["id"] == json!(id));
        masto && stored(&b, &id).await.is_none()
    })
    .await;
}

#[tokio::test]
async fn resources_from_people_nobody_follows_or_from_another_server_are_not_kept() {
    let (_net, hub, fake) = crate::harness::hub_and_fake(&["ada"]).await;
    let ada = fake.actor_id("ada");
    let doc = |id: &str| {
        json!({"id": id, "type": "Article", "objectKind": "resource", "attributedTo": ada,
            "name": "Open data playbook", "content": "<p>Steps<script>x()</script></p>",
            "resourceKind": "method", "license": "http://creativecommons.org/publicdomain/zero/1.0/",
            "contentMap": {"de": "<p>Schritte</p>"},
            "attachment": [{"type": "Document", "mediaType": "application/pdf", "url": "https://files.example/p.pdf"}],
            "to": ["https://www.w3.org/ns/activitystreams#Public"]})
    };
    let id = format!("http://{}/articles/1", fake.domain);
    let create = json!({"@context": "https://www.w3.org/ns/activitystreams", "id": format!("{id}/activity"),
        "type": "Create", "actor": ada, "object": doc(&id)});
    assert_eq!(
        fake.send("ada", &hub, &hub.url("/inbox"), &create).await,
        202
    );
    assert!(stored(&hub, &id).await.is_none(), "nobody here follows ada");

    // Followed, it is kept, read leniently and sanitised.
    let ana = hub.create_user("ana").await;
    let actor = tessera::services::actors::lookup(&hub.ctx, &ada)
        .await
        .expect("actor");
    let mut conn = hub.ctx.pool.get().await.unwrap();
    tessera::db::models::follow::Follow::upsert(
        &mut conn,
        &hub.url("/follows/test"),
        ana.actor_id,
        actor.id,
        tessera::db::models::follow::STATE_ACCEPTED,
    )
    .await
    .unwrap();
    drop(conn);
    let mut again = create.clone();
    again["id"] = json!(format!("{id}/activity2"));
    assert_eq!(
        fake.send("ada", &hub, &hub.url("/inbox"), &again).await,
        202
    );
    let kept = stored(&hub, &id).await.expect("kept");
    assert_eq!(kept.resource_kind, "method");
    assert_eq!(kept.licence, "cc0");
    assert_eq!(kept.language, "de");
    assert!(!kept.body_html.contains("script"), "{}", kept.body_html);

    // One whose id is on another server is refused.
    let forged = json!({"@context": "https://www.w3.org/ns/activitystreams", "id": format!("{id}/activity3"),
        "type": "Create", "actor": ada, "object": doc("http://elsewhere.test/articles/9")});
    let status = fake.send("ada", &hub, &hub.url("/inbox"), &forged).await;
    assert!(status.is_client_error(), "{status}");
    assert!(stored(&hub, "http://elsewhere.test/articles/9")
        .await
        .is_none());
}
