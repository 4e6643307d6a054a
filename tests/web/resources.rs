//! Knowledge resources on the HTML side (issue 22): the form refuses with every mistake
//! beside its field and keeps what was typed, a resource's page with its files (a refused
//! file explained at the upload form), the library's facets (400 for a bad one), a
//! translation started from its original, deletion, and French.

use crate::harness::browser::{csrf, member, shows, submit, Browser};
use crate::harness::forms::assert_refused;
use crate::harness::resources::pdf;
use crate::harness::Network;

const RESOURCE: &[(&str, &str)] = &[
    ("publisher", ""),
    ("kind", "case-study"),
    ("title", "Care circles in Porto"),
    ("summary", "How neighbours organised care for each other."),
    ("body", "Three years of **care circles**."),
    ("licence", "cc-by"),
    ("language", "en"),
    ("languages", "pt"),
    ("translation_of", ""),
    ("authors", "Maria Silva\n@bob"),
    ("projects", ""),
    ("themes", "health-care"),
];

fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut fields: Vec<_> = RESOURCE
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .copied()
        .collect();
    fields.extend_from_slice(changes);
    fields
}

const BOUNDARY: &str = "tessera-resource-test";

/// A multipart body with the token, a file and its name.
fn upload_body(token: &str, file: &[u8], name: &str) -> Vec<u8> {
    let mut body = Vec::new();
    for (field, value) in [("csrf_token", token), ("name", name)] {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

#[tokio::test]
async fn a_resource_is_shared_through_the_form_with_its_files_listed_translated_and_deleted() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut bob = member(&net, &hub, "bob").await;
    let mut ana = member(&net, &hub, "ana").await;
    let (status, form) = ana.get(&hub.url("/resources/new")).await;
    assert_eq!(status, 200);
    shows(
        &form,
        &[
            "Yourself",
            "Case study",
            "CC BY-SA 4.0",
            "All rights reserved",
        ],
    );

    // Refused: every mistake beside its field, what was typed kept.
    let bad = with(&[
        ("title", ""),
        ("language", "elvish"),
        ("authors", "@ghost@nowhere.invalid"),
        ("translation_of", "https://nowhere.invalid/r/1"),
    ]);
    let (status, page, _) = submit(&mut ana, &hub, "/resources/new", "/resources/new", &bad).await;
    assert_eq!(status, 422, "{page}");
    assert_refused(
        &page,
        "errors",
        &[
            ("title", "Give the resource a title."),
            ("authors", "An author could not be found: check the @name@server or the address, or write a name without @."),
            ("language", "Use a language code such as en, fr or pt."),
            ("translation_of", "No resource was found at this address (a resource cannot translate itself)."),
        ],
    );
    shows(
        &page,
        &["Three years of **care circles**.", "value=\"elvish\""],
    );

    let (status, _, location) =
        submit(&mut ana, &hub, "/resources/new", "/resources/new", RESOURCE).await;
    assert_eq!(status, 303);
    let path = location.expect("the resource's page");
    assert!(path.starts_with("/resources/"), "{path}");
    let mut visitor = Browser::new(&net);
    let (status, page) = visitor.get(&hub.url(&path)).await;
    assert_eq!(status, 200);
    shows(
        &page,
        &[
            "Care circles in Porto",
            "Case study",
            "Maria Silva",
            "CC BY 4.0",
            "https://creativecommons.org/licenses/by/4.0/",
            "English, Portuguese",
            "Health and care",
            "<strong>care circles</strong>",
            "No file is attached.",
        ],
    );
    assert!(!page.contains("/files\""), "visitors get no upload form");

    // A file: a PDF is attached; text posing as a PDF is refused at the upload form.
    let (_, own) = ana.get(&hub.url(&path)).await;
    let token = csrf(&own);
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let (status, page) = ana
        .post_raw(
            &hub.url(&format!("{path}/files")),
            &content_type,
            upload_body(&token, b"just some text", "Notes"),
        )
        .await;
    assert_eq!(status, 400, "{page}");
    shows(
        &page,
        &[
            "Attach a PDF or a PNG, JPEG, GIF or WebP image.",
            "aria-invalid=\"true\"",
        ],
    );
    let (status, _) = ana
        .post_raw(
            &hub.url(&format!("{path}/files")),
            &content_type,
            upload_body(&token, &pdf(), "Evaluation report"),
        )
        .await;
    assert_eq!(status, 303);
    let (_, page) = visitor.get(&hub.url(&path)).await;
    shows(&page, &["Evaluation report", "PDF"]);
    // Bob may not attach to Ana's resource.
    let (_, bobs) = bob.get(&hub.url(&path)).await;
    let (status, _) = bob
        .post_raw(
            &hub.url(&format!("{path}/files")),
            &content_type,
            upload_body(&csrf(&bobs), &pdf(), "Mine"),
        )
        .await;
    assert_eq!(status, 403);

    // The library and its facets; a bad facet is a 400 with the reason.
    let (status, list) = visitor
        .get(&hub.url("/resources?kind=case-study&theme=health-care"))
        .await;
    assert_eq!(status, 200);
    shows(
        &list,
        &[
            "1 resource",
            "Care circles in Porto",
            "Case study (1)",
            "By Maria Silva, bob",
        ],
    );
    let (status, list) = visitor.get(&hub.url("/resources?kind=report")).await;
    assert_eq!(status, 200);
    shows(&list, &["0 resources", "Case study (1)"]);
    let (status, list) = visitor.get(&hub.url("/resources?licence=gpl")).await;
    assert_eq!(status, 400);
    shows(&list, &["Unknown licence."]);

    // Bob translates it: the form starts from the original, and both pages link each other.
    let key = path.trim_start_matches("/resources/");
    let (status, form) = bob
        .get(&hub.url(&format!("/resources/new?translation_of={key}")))
        .await;
    assert_eq!(status, 200);
    shows(&form, &["Care circles in Porto", &hub.url(&path)]);
    let original: &'static str = Box::leak(hub.url(&path).into_boxed_str());
    let pt = with(&[
        ("title", "Círculos de cuidado no Porto"),
        ("language", "pt"),
        ("languages", ""),
        ("translation_of", original),
    ]);
    let (status, _, location) =
        submit(&mut bob, &hub, "/resources/new", "/resources/new", &pt).await;
    assert_eq!(status, 303);
    let translation = location.unwrap();
    let (_, page) = visitor.get(&hub.url(&path)).await;
    shows(
        &page,
        &["Also in", "Portuguese: Círculos de cuidado no Porto"],
    );
    let (_, page) = visitor.get(&hub.url(&translation)).await;
    shows(&page, &["English: Care circles in Porto", "original"]);

    // In French.
    let mut french = Browser::new(&net);
    french.lang = "fr";
    let (_, page) = french.get(&hub.url(&path)).await;
    shows(
        &page,
        &["Étude de cas", "Fichiers", "anglais, portugais", "Aussi en"],
    );
    let (_, page) = french.get(&hub.url("/resources")).await;
    shows(&page, &["Bibliothèque", "2 ressources"]);

    // Deleting it: not by Bob; by Ana, then gone.
    let (status, _, _) = submit(&mut bob, &hub, &translation, &format!("{path}/delete"), &[]).await;
    assert_eq!(status, 403);
    let (status, _, location) = submit(&mut ana, &hub, &path, &format!("{path}/delete"), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/resources"));
    let (status, _) = visitor.get(&hub.url(&path)).await;
    assert_eq!(status, 404);
}
