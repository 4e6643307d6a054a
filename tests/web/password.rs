//! Changing one's password on `/settings/password`: the current one is asked again, every
//! mistake is shown at once, the new one works and the old one no longer does, and other
//! sessions end while this one goes on.

use crate::harness::browser::{csrf, log_in, member, Browser, PASSWORD};
use crate::harness::forms::assert_refused;
use crate::harness::Network;

#[tokio::test]
async fn a_member_changes_their_password() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    // A second session, on another device.
    let mut phone = Browser::new(&net);
    assert_eq!(log_in(&mut phone, &hub, "ana", PASSWORD).await.0, 303);

    let (status, settings) = ana.get(&hub.url("/settings")).await;
    assert_eq!(status, 200);
    assert!(
        settings.contains("href=\"/settings/password\""),
        "{settings}"
    );
    let (status, form) = ana.get(&hub.url("/settings/password")).await;
    assert_eq!(status, 200);
    for label in [
        "for=\"current_password\"",
        "for=\"new_password\"",
        "for=\"new_password_confirm\"",
    ] {
        assert!(form.contains(label), "{label}: {form}");
    }
    let token = csrf(&form);

    // Every mistake at once; nothing typed comes back.
    let (status, page, _, _) = ana
        .post(
            &hub.url("/settings/password"),
            &[
                ("csrf_token", &token),
                ("current_password", "not my password"),
                ("new_password", "short"),
                ("new_password_confirm", "shorter"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert_refused(
        &page,
        "errors",
        &[
            ("current_password", "The current password is not right."),
            (
                "new_password",
                "The password must be at least 10 characters long.",
            ),
            ("new_password_confirm", "The two passwords do not match."),
        ],
    );
    assert!(
        !page.contains("not my password"),
        "a password was sent back"
    );

    let (status, _, _, location) = ana
        .post(
            &hub.url("/settings/password"),
            &[
                ("csrf_token", &token),
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
                ("new_password_confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/settings"));
    let (_, settings) = ana.get(&hub.url("/settings")).await;
    assert!(
        settings.contains("Your password was changed."),
        "{settings}"
    );
    // The other session has ended; this one goes on.
    assert_eq!(phone.get(&hub.url("/settings")).await.0, 401);
    assert_eq!(ana.get(&hub.url("/settings")).await.0, 200);
    let mut fresh = Browser::new(&net);
    assert_eq!(log_in(&mut fresh, &hub, "ana", PASSWORD).await.0, 401);
    assert_eq!(
        log_in(&mut fresh, &hub, "ana", "a brand new passphrase")
            .await
            .0,
        303
    );
    // Visitors are sent to log in.
    assert_eq!(
        Browser::new(&net)
            .get(&hub.url("/settings/password"))
            .await
            .0,
        401
    );
}
