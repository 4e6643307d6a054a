//! Knowledge resources through the API (issue 22): validation with every mistake at once,
//! who may share and as whom, files checked by their bytes, the library's facets and stemmed
//! search, translations, related projects, edits, deletion and permissions.

use crate::harness::api::call;
use crate::harness::entries::project_body;
use crate::harness::resources::{attach, pdf, resource_body, share};
use crate::harness::{Hub, Network};
use reqwest::Method;
use serde_json::{json, Value};

async fn library(client: &reqwest::Client, hub: &Hub, query: &str) -> Value {
    let (status, page) = call(
        client,
        hub,
        None,
        Method::GET,
        &format!("/resources?{query}"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{query}: {page}");
    page
}

fn titles(page: &Value) -> Vec<String> {
    let mut out: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn resources_are_checked_shared_found_translated_and_deleted() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    hub.create_user("bob").await;
    let client = net.client();
    let ana = hub.token("ana").await;
    let bob = hub.token("bob").await;
    let (status, project) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    assert_eq!(status, 201, "{project}");

    // Every mistake at once, each under its field.
    let mut bad = resource_body();
    for (k, v) in [
        ("title", json!(" ")),
        ("kind", json!("poster")),
        ("licence", json!("gpl")),
        ("language", json!("klingonese")),
        ("themes", json!(["gardening"])),
        ("authors", json!(["@nobody@nowhere.invalid"])),
        ("projects", json!(["@no_such_project"])),
        ("translation_of", json!("https://elsewhere.example/r/1")),
        ("publisher", json!("green_roofs_not_mine")),
    ] {
        bad[k] = v;
    }
    let (status, err) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/resources",
        Some(bad),
    )
    .await;
    assert_eq!(status, 422, "{err}");
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for f in [
        "title",
        "kind",
        "licence",
        "language",
        "themes",
        "authors",
        "projects",
        "translation_of",
        "publisher",
    ] {
        assert!(fields.contains(&f), "{f} not reported: {err}");
    }
    assert!(err.to_string().contains("resource-error-licence"), "{err}");
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/resources",
        Some(json!({"colour": "red"})),
    )
    .await;
    assert_eq!(status, 400, "unknown fields are refused");
    let (status, _) = call(
        &client,
        &hub,
        None,
        Method::POST,
        "/resources",
        Some(resource_body()),
    )
    .await;
    assert_eq!(status, 401);
    // Bob is no member of the project: he may not share as it.
    let mut as_project = resource_body();
    as_project["publisher"] = json!("green_roofs");
    let (status, err) = call(
        &client,
        &hub,
        Some(&bob),
        Method::POST,
        "/resources",
        Some(as_project.clone()),
    )
    .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["error"]["fields"][0]["field"], "publisher");

    // Ana shares as the project, naming herself and a person without an account.
    as_project["authors"] = json!(["@ana", "Maria Silva"]);
    as_project["projects"] = json!(["@green_roofs"]);
    let toolkit = share(&client, &hub, &ana, as_project).await;
    assert_eq!(
        toolkit["publisher"]["handle"],
        format!("@green_roofs@{}", hub.domain)
    );
    assert_eq!(toolkit["licence"], "cc-by-sa");
    assert_eq!(
        toolkit["licence_url"],
        "https://creativecommons.org/licenses/by-sa/4.0/"
    );
    assert_eq!(toolkit["languages"], json!(["en", "pt"]));
    assert_eq!(toolkit["authors"][0]["id"], hub.url("/users/ana"));
    assert_eq!(
        toolkit["authors"][1],
        json!({"name": "Maria Silva", "kind": "person", "id": null})
    );
    assert_eq!(
        toolkit["projects"],
        json!([hub.url("/projects/green_roofs")])
    );
    let key = toolkit["key"].as_str().unwrap().to_string();

    // Bob shares a report as himself, all rights reserved, in French.
    let mut report = resource_body();
    report["kind"] = json!("report");
    report["title"] = json!("Évaluation des cercles de soins");
    report["summary"] = json!("Ce que trois années de cercles ont appris.");
    report["body"] = json!("Les **cercles** réduisent l'isolement.");
    report["licence"] = json!("all-rights-reserved");
    report["language"] = json!("fr-BE");
    report["languages"] = json!([]);
    report["themes"] = json!(["health-care", "work-employment"]);
    report["authors"] = json!([]);
    let evaluation = share(&client, &hub, &bob, report).await;
    assert_eq!(evaluation["licence_url"], Value::Null);
    assert_eq!(evaluation["languages"], json!(["fr"]));

    // The library: facets with counts, each filter, stemmed search.
    let all = library(&client, &hub, "").await;
    assert_eq!(all["total"], 2, "{all}");
    assert_eq!(all["facets"]["kind"]["toolkit"], 1);
    assert_eq!(all["facets"]["theme"]["health-care"], 2);
    assert_eq!(all["facets"]["language"]["pt"], 1);
    let kind = library(&client, &hub, "kind=report").await;
    assert_eq!(titles(&kind), vec!["Évaluation des cercles de soins"]);
    // A facet's own counts ignore its own filter, so that the other choices stay visible.
    assert_eq!(kind["facets"]["kind"]["toolkit"], 1, "{kind}");
    let lang = library(&client, &hub, "language=pt-PT").await;
    assert_eq!(titles(&lang), vec!["Co-design toolkit for care services"]);
    let licence = library(&client, &hub, "licence=cc-by-sa&theme=health-care").await;
    assert_eq!(licence["total"], 1);
    let project = library(&client, &hub, "project=@green_roofs").await;
    assert_eq!(project["total"], 1);
    let author = library(&client, &hub, "author=ana").await;
    assert_eq!(author["total"], 1);
    let publisher = library(&client, &hub, "publisher=bob").await;
    assert_eq!(titles(&publisher), vec!["Évaluation des cercles de soins"]);
    let found = library(&client, &hub, "q=prototype").await;
    assert_eq!(
        titles(&found),
        vec!["Co-design toolkit for care services"],
        "stemmed: prototypes"
    );
    for bad in [
        "kind=poster",
        "licence=gpl",
        "theme=x",
        "language=123",
        "page=0",
    ] {
        let (status, err) = call(
            &client,
            &hub,
            None,
            Method::GET,
            &format!("/resources?{bad}"),
            None,
        )
        .await;
        assert_eq!(status, 422, "{bad}: {err}");
    }
    let (_, of_project) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/projects/green_roofs/resources",
        None,
    )
    .await;
    assert_eq!(of_project.as_array().unwrap().len(), 1, "{of_project}");

    // A translation names its original; translating a translation joins the same family.
    let mut pt = resource_body();
    pt["title"] = json!("Kit de co-design para serviços de cuidado");
    pt["language"] = json!("pt");
    pt["languages"] = json!([]);
    pt["translation_of"] = json!(hub.url(&format!("/resources/{key}")));
    let translated = share(&client, &hub, &bob, pt.clone()).await;
    assert_eq!(translated["translation_of"], toolkit["id"]);
    pt["title"] = json!("Kit de codiseño");
    pt["language"] = json!("es");
    pt["translation_of"] = translated["id"].clone();
    let spanish = share(&client, &hub, &bob, pt).await;
    assert_eq!(spanish["translation_of"], toolkit["id"], "{spanish}");
    let page = client
        .get(hub.url(&format!("/resources/{key}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Kit de co-design") && page.contains("Kit de codiseño"),
        "the original lists its translations"
    );

    // Files: a PDF and an image are kept; anything else, a cut PDF or an empty body is
    // refused with its reason; someone else may not attach.
    let (status, with_file) = attach(&client, &hub, &ana, &key, "Facilitator guide", pdf()).await;
    assert_eq!(status, 201, "{with_file}");
    let file = &with_file["attachments"][0];
    assert_eq!(file["media_type"], "application/pdf");
    assert_eq!(file["name"], "Facilitator guide");
    let res = client
        .get(file["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf());
    let png = crate::harness::resources::PNG.to_vec();
    let (status, _) = attach(&client, &hub, &ana, &key, "", png).await;
    assert_eq!(status, 201);
    let mut cut = pdf();
    cut.truncate(40);
    for (bytes, code) in [
        (
            b"MZ\x90\x00 not a document".to_vec(),
            "resource-error-file-type",
        ),
        (cut, "resource-error-file-type"),
        (Vec::new(), "resource-error-file-empty"),
    ] {
        let (status, err) = attach(&client, &hub, &ana, &key, "x", bytes).await;
        assert_eq!(status, 422, "{err}");
        assert!(err.to_string().contains(code), "{err}");
    }
    let (status, _) = attach(&client, &hub, &bob, &key, "mine", pdf()).await;
    assert_eq!(status, 403);
    let (status, after) = call(
        &client,
        &hub,
        Some(&ana),
        Method::DELETE,
        &format!("/resources/{key}/attachments/2"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["attachments"].as_array().unwrap().len(), 1);

    // Edits: only those who may manage it; every field replaced, the files kept.
    let mut edited = resource_body();
    edited["title"] = json!("Co-design toolkit, second edition");
    edited["licence"] = json!("cc0");
    let path = format!("/resources/{key}");
    let (status, _) = call(
        &client,
        &hub,
        Some(&bob),
        Method::PUT,
        &path,
        Some(edited.clone()),
    )
    .await;
    assert_eq!(status, 403);
    let (status, saved) = call(&client, &hub, Some(&ana), Method::PUT, &path, Some(edited)).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["licence"], "cc0");
    assert_eq!(saved["attachments"].as_array().unwrap().len(), 1);
    assert!(saved["updated"].is_string());

    // Deleting: not by others; then gone, with its translations' link left dangling.
    let (status, _) = call(&client, &hub, Some(&bob), Method::DELETE, &path, None).await;
    assert_eq!(status, 403);
    let (status, _) = call(&client, &hub, Some(&ana), Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (status, _) = call(&client, &hub, None, Method::GET, &path, None).await;
    assert_eq!(status, 404);
    assert_eq!(library(&client, &hub, "").await["total"], 3);
}
