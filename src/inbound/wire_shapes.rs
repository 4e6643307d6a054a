//! Every fixture through the typed wire in both shapes (each listable property as a single
//! value and as a list, see `federation::lenient`): the same type must be chosen and the same
//! values read, for activities, their embedded objects and actor documents.

use super::InboxActivity;
use crate::federation::lenient::{canonical, other_shape};
use crate::federation::objects::event::Event;
use crate::federation::objects::note::Note;
use crate::federation::objects::person::{Person, ACTOR_TYPES};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

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

/// Reads `doc` and its other shape as `T`; both must read, and read alike.
fn same_in_both_shapes<T: DeserializeOwned + Serialize>(name: &str, doc: &Value) -> Option<T> {
    let flipped = other_shape(doc);
    let a = serde_json::from_value::<T>(doc.clone());
    let b = serde_json::from_value::<T>(flipped);
    match (a, b) {
        (Ok(a), Ok(b)) => {
            let (va, vb) = (
                serde_json::to_value(&a).unwrap(),
                serde_json::to_value(&b).unwrap(),
            );
            assert_eq!(canonical(&va), canonical(&vb), "{name}: read differently");
            Some(a)
        }
        (Err(_), Err(_)) => None,
        (a, b) => panic!(
            "{name}: one shape reads, the other does not: {:?} / {:?}",
            a.err(),
            b.err()
        ),
    }
}

fn variant(a: &InboxActivity) -> std::mem::Discriminant<InboxActivity> {
    std::mem::discriminant(a)
}

fn object_types(value: &Value, name: &str) {
    match value.get("type").and_then(Value::as_str) {
        Some("Note" | "Article" | "Page" | "Question" | "Video" | "Image") => {
            same_in_both_shapes::<Note>(name, value)
                .unwrap_or_else(|| panic!("{name}: object not readable as a Note"));
        }
        Some("Event") => {
            same_in_both_shapes::<Event>(name, value)
                .unwrap_or_else(|| panic!("{name}: not readable as an Event"));
        }
        Some(kind) if ACTOR_TYPES.contains(&kind) => {
            same_in_both_shapes::<Person>(name, value);
        }
        _ => {}
    }
}

#[test]
fn every_fixture_reads_alike_in_both_shapes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/activitypub");
    let mut files = vec![];
    json_files(&root, &mut files);
    assert!(files.len() >= 100, "fixtures found: {}", files.len());
    let (mut activities, mut objects) = (0, 0);
    for path in &files {
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        if doc.get("actor").is_some() && doc.get("inbox").is_none() {
            let flipped = other_shape(&doc);
            let a = serde_json::from_value::<InboxActivity>(doc.clone());
            let b = serde_json::from_value::<InboxActivity>(flipped);
            match (&a, &b) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(variant(a), variant(b), "{name}: {a:?}\n  /  {b:?}");
                    let (va, vb) = (
                        serde_json::to_value(a).unwrap(),
                        serde_json::to_value(b).unwrap(),
                    );
                    assert_eq!(canonical(&va), canonical(&vb), "{name}: read differently");
                    activities += 1;
                }
                (Err(_), Err(_)) => {}
                _ => panic!("{name}: one shape reads, the other not: {a:?} / {b:?}"),
            }
            if let Some(object) = doc.get("object").filter(|o| o.is_object()) {
                object_types(object, &name);
                if let Some(inner) = object.get("object").filter(|o| o.is_object()) {
                    object_types(inner, &name);
                }
            }
        } else {
            object_types(&doc, &name);
            objects += 1;
        }
    }
    assert!(
        activities >= 50 && objects >= 20,
        "{activities} / {objects}"
    );
}
