//! Replication and scaling through the API (issue 22, part 5): each field checked with its
//! code, who may declare, both directions listed with the replicas' countries, removal, the
//! limit of sources, and the directory's `replicated` filter with its exports.

use crate::harness::api::call;
use crate::harness::replications::{declare, of, project, refused_fields};
use crate::harness::Network;
use reqwest::Method;
use serde_json::{json, Value};

fn names(view: &Value, list: &str, key: &str) -> Vec<String> {
    view[list]
        .as_array()
        .unwrap_or_else(|| panic!("{list}: {view}"))
        .iter()
        .map(|r| r[key]["handle"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn replications_are_checked_listed_and_removed_by_members() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    hub.create_user("bea").await;
    let client = net.client();
    let (ana, bea) = (hub.token("ana").await, hub.token("bea").await);
    let d = hub.domain.clone();
    project(
        &client,
        &hub,
        &ana,
        "green_roofs",
        "Green Roofs Lisboa",
        "pt",
    )
    .await;
    project(&client, &hub, &ana, "tartu_roofs", "Tartu Roofs", "ee").await;
    project(&client, &hub, &bea, "riga_roofs", "Riga Roofs", "lv").await;
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/organisations",
        Some(json!({"handle": "coop", "name": "Roof Coop"})),
    )
    .await;
    assert_eq!(status, 201);

    // Every field at once, each named.
    let long = "x".repeat(501);
    let body = json!({"source": "", "relation": "copies", "note": long});
    let (status, err) = declare(&client, &hub, Some(&ana), "tartu_roofs", body).await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["error"]["code"], "validation_failed");
    let fields = refused_fields(&err);
    let expected = [
        ("relation", "replication-error-relation"),
        ("note", "replication-error-note-too-long"),
        ("source", "replication-error-source-required"),
    ];
    for (field, code) in expected {
        assert!(
            fields.contains(&(field.to_string(), code.to_string())),
            "{field} {code}: {err}"
        );
    }
    // The source must be a project held here or found elsewhere, and not itself.
    for (source, code) in [
        ("no_such_project", "replication-error-source-not-found"),
        ("@ana", "replication-error-not-project"),
        (&format!("@coop@{d}"), "replication-error-not-project"),
        ("tartu_roofs", "replication-error-self"),
        ("not a handle!", "lookup-error-invalid"),
    ] {
        let body = json!({"source": source, "relation": "adapts"});
        let (status, err) = declare(&client, &hub, Some(&ana), "tartu_roofs", body).await;
        assert_eq!(status, 422, "{source}: {err}");
        let want = vec![("source".to_string(), code.to_string())];
        assert_eq!(refused_fields(&err), want, "{source}");
    }
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/projects/tartu_roofs/replications",
        Some(json!({"source": "green_roofs", "colour": "red"})),
    )
    .await;
    assert_eq!(status, 400, "unknown fields are refused");

    // Only members declare; nobody declares for a project that is not there.
    let good = json!({"source": "@green_roofs", "relation": "adapts", "note": "Same roofs, colder winters."});
    let (status, _) = declare(&client, &hub, None, "tartu_roofs", good.clone()).await;
    assert_eq!(status, 401);
    let (status, _) = declare(&client, &hub, Some(&bea), "tartu_roofs", good.clone()).await;
    assert_eq!(status, 403);
    let (status, _) = declare(&client, &hub, Some(&ana), "nowhere", good.clone()).await;
    assert_eq!(status, 404);

    let (status, made) = declare(&client, &hub, Some(&ana), "tartu_roofs", good).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["relation"], "adapts");
    assert_eq!(made["note"], "Same roofs, colder winters.");
    assert_eq!(made["source"]["handle"], format!("@green_roofs@{d}"));
    assert_eq!(made["source_id"], hub.url("/projects/green_roofs"));
    // Declaring the same source again changes it rather than adding one.
    let again = json!({"source": hub.url("/projects/green_roofs"), "relation": "replicates"});
    let (status, _) = declare(&client, &hub, Some(&ana), "tartu_roofs", again).await;
    assert_eq!(status, 201);
    let inspired = json!({"source": "green_roofs", "relation": "inspired_by"});
    let (status, _) = declare(&client, &hub, Some(&bea), "riga_roofs", inspired).await;
    assert_eq!(status, 201);

    let tartu = of(&client, &hub, "tartu_roofs").await;
    assert_eq!(
        names(&tartu, "sources", "source"),
        [format!("@green_roofs@{d}")]
    );
    assert_eq!(tartu["sources"][0]["relation"], "replicates");
    assert_eq!(
        tartu["sources"][0]["note"], "",
        "a change replaces the note"
    );
    assert_eq!(tartu["replicas"], json!([]));
    let green = of(&client, &hub, "green_roofs").await;
    assert_eq!(
        names(&green, "replicas", "project"),
        [format!("@tartu_roofs@{d}"), format!("@riga_roofs@{d}")]
    );
    assert_eq!(green["replicas"][1]["country"], "LV");
    // Riga was only inspired: it is listed, but not counted as a replication.
    assert_eq!(green["replicated_in"], json!(["EE"]));
    let (_, read) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/projects/green_roofs",
        None,
    )
    .await;
    assert_eq!(
        read["replications"]["replicated_in"],
        json!(["EE"]),
        "{read}"
    );
    let (_, org) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/organisations/coop",
        None,
    )
    .await;
    assert!(org.get("replications").is_none(), "{org}");

    // The directory lists the projects that have been replicated, in its exports too.
    let (status, found) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/directory?replicated=1",
        None,
    )
    .await;
    assert_eq!(status, 200, "{found}");
    let handles: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["handle"].as_str().unwrap())
        .collect();
    assert_eq!(handles, [format!("@green_roofs@{d}")]);
    let (_, all) = call(&client, &hub, None, Method::GET, "/directory", None).await;
    assert_eq!(all["total"], 4, "the filter is what narrows: {all}");
    let (_, export) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/directory.json?replicated=true&kind=project",
        None,
    )
    .await;
    assert_eq!(export["total"], 1, "{export}");
    let csv = client
        .get(hub.url("/api/v1/directory.csv?replicated=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("green_roofs") && !csv.contains("tartu_roofs"),
        "{csv}"
    );
    let (status, _) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/directory?replicated=often",
        None,
    )
    .await;
    assert_eq!(status, 422);

    // Removal: members only, then gone from both sides.
    let id = tartu["sources"][0]["id"].as_i64().unwrap();
    let path = format!("/projects/tartu_roofs/replications/{id}");
    let (status, _) = call(&client, &hub, Some(&bea), Method::DELETE, &path, None).await;
    assert_eq!(status, 403);
    let other = format!("/projects/riga_roofs/replications/{id}");
    let (status, _) = call(&client, &hub, Some(&bea), Method::DELETE, &other, None).await;
    assert_eq!(status, 404, "an id of another project");
    let (status, _) = call(&client, &hub, Some(&ana), Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (status, _) = call(&client, &hub, Some(&ana), Method::DELETE, &path, None).await;
    assert_eq!(status, 404);
    assert_eq!(of(&client, &hub, "tartu_roofs").await["sources"], json!([]));
    let green = of(&client, &hub, "green_roofs").await;
    assert_eq!(
        names(&green, "replicas", "project"),
        [format!("@riga_roofs@{d}")]
    );
    assert_eq!(green["replicated_in"], json!([]));
}

#[tokio::test]
async fn a_project_declares_at_most_twenty_sources() {
    use tessera::db::models::replication::{Replication, ReplicationForm};
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    let client = net.client();
    let ana = hub.token("ana").await;
    project(
        &client,
        &hub,
        &ana,
        "green_roofs",
        "Green Roofs Lisboa",
        "pt",
    )
    .await;
    let tartu = project(&client, &hub, &ana, "tartu_roofs", "Tartu Roofs", "ee").await;
    let actor = {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        let id = tartu["id"].as_str().unwrap();
        tessera::db::models::actor::Actor::find_by_ap_id(&mut conn, id)
            .await
            .unwrap()
            .unwrap()
    };
    // Nineteen sources elsewhere, written straight to the table (making twenty projects
    // would cost twenty key pairs).
    let mut conn = hub.ctx.pool.get().await.unwrap();
    for i in 0..19 {
        let form = ReplicationForm {
            source_ap_id: format!("https://far.example/projects/p{i}"),
            source_id: None,
            relation: "adapts".into(),
            note: String::new(),
        };
        Replication::upsert(&mut conn, actor.id, &form)
            .await
            .unwrap();
    }
    drop(conn);
    let body = json!({"source": "green_roofs", "relation": "adapts"});
    let (status, made) = declare(&client, &hub, Some(&ana), "tartu_roofs", body.clone()).await;
    assert_eq!(status, 201, "the twentieth: {made}");
    // A twentieth already declared may still change; a twenty-first may not come.
    let (status, _) = declare(&client, &hub, Some(&ana), "tartu_roofs", body).await;
    assert_eq!(status, 201);
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let form = ReplicationForm {
        source_ap_id: "https://far.example/projects/last".into(),
        source_id: None,
        relation: "adapts".into(),
        note: String::new(),
    };
    Replication::upsert(&mut conn, actor.id, &form)
        .await
        .unwrap();
    let id = made["id"].as_i64().unwrap();
    Replication::delete(&mut conn, id).await.unwrap();
    drop(conn);
    let body = json!({"source": "green_roofs", "relation": "adapts"});
    let (status, err) = declare(&client, &hub, Some(&ana), "tartu_roofs", body).await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(
        refused_fields(&err),
        [(
            "source".to_string(),
            "replication-error-too-many".to_string()
        )]
    );
}
