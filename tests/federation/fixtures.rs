//! Every payload under ../shared/fixtures/activitypub goes through the inbox: its actor is
//! rewritten to a test actor (so that signature and origin checks pass) and it is sent
//! signed. Each must be handled (202) or rejected with a precise 4xx; never a 5xx or a panic.
//! Actor documents are also read through our actor reader.

use crate::harness::remote::FakeMastodon;
use crate::harness::Network;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tessera::federation::objects::person::{remote_actor_form, Person, ACTOR_TYPES};

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[tokio::test]
async fn every_fixture_is_handled_or_cleanly_rejected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/activitypub");
    let mut files = vec![];
    json_files(&root, &mut files);
    assert!(files.len() >= 100, "fixtures found: {}", files.len());

    let mut net = Network::bind(&["hub-a.test", "remote.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("remote.test");
    let fake =
        FakeMastodon::start(net.take("remote.test"), &domain, &["tester"], net.client()).await;
    hub.create_user("alice").await;
    let actor = fake.actor_id("tester");

    let (mut handled, mut rejected, mut actors_read) = (0, 0, 0);
    for (i, path) in files.iter().enumerate() {
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();

        let kind = doc["type"].as_str().unwrap_or_default().to_string();
        if ACTOR_TYPES.contains(&kind.as_str()) {
            // Our actor reader takes every real actor document (or says why not), no panic.
            match serde_json::from_value::<Person>(doc.clone()) {
                Ok(person) => {
                    let form = remote_actor_form(person).unwrap();
                    assert!(!form.username.is_empty(), "{name}");
                    actors_read += 1;
                }
                Err(e) => panic!("{name}: actor document not readable: {e}"),
            }
        }

        let is_activity = doc.get("actor").is_some();
        if is_activity {
            // An undone or wrapped activity of the same actor is rewritten with it, so that
            // it stays that actor's own (an Undo of someone else's activity is refused).
            let original = doc["actor"].clone();
            if doc["object"].is_object() && doc["object"]["actor"] == original {
                doc["object"]["actor"] = json!(actor);
                doc["object"]["id"] = json!(format!("http://{domain}/fixtures/{i}/inner"));
            }
            doc["actor"] = json!(actor);
            doc["id"] = json!(format!("http://{domain}/fixtures/{i}"));
            if let Some(obj) = doc.as_object_mut() {
                obj.remove("signature");
            }
        }
        let status = fake
            .send("tester", &hub, &hub.url("/inbox"), &doc)
            .await
            .as_u16();
        assert!(
            matches!(status, 202 | 400 | 403 | 404),
            "{name}: unexpected status {status}"
        );
        if !is_activity {
            assert_eq!(status, 400, "{name}: a non-activity is refused as such");
        }
        if status == 202 {
            handled += 1;
        } else {
            rejected += 1;
        }
    }
    eprintln!(
        "fixtures: {handled} handled, {rejected} rejected, {actors_read} actor documents read"
    );
    assert!(
        handled >= 40,
        "most real activities are acknowledged: {handled}"
    );
    assert!(actors_read >= 5);
}
