//! `/admin/health`: the queue, failing servers, peer backfills, disk use and version, for
//! admins only.

use crate::harness::browser::{self, Browser};
use crate::harness::Network;

#[tokio::test]
async fn admins_see_the_hubs_health_and_no_one_else_does() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let anonymous = net.client();
    let res = anonymous
        .get(hub.url("/admin/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "a visitor is asked to log in");

    let mut member = browser::member(&net, &hub, "mia").await;
    let (status, _) = member.get(&hub.url("/admin/health")).await;
    assert_eq!(status, 403);

    hub.create_admin("root").await;
    let mut admin = Browser::new(&net);
    let (status, _, _) = browser::log_in(&mut admin, &hub, "root", browser::PASSWORD).await;
    assert_eq!(status, 303);
    let (_, admin_page) = admin.get(&hub.url("/admin")).await;
    assert!(admin_page.contains("href=\"/admin/health\""));
    let (status, page) = admin.get(&hub.url("/admin/health")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<h1>Hub health</h1>"));
    assert!(page.contains(&format!("Tessera {}", env!("CARGO_PKG_VERSION"))));
    let backend = if std::env::var("TESSERA_TEST_DATABASE_URL").is_ok() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    assert!(page.contains(&format!("{backend}, ")), "{page}");
    assert!(page.contains("Nothing waits"));
    assert!(page.contains("This hub has no peer hubs yet."));
    assert!(page.contains("Metrics for Prometheus are off"));
    assert!(page.contains("tessera backup --output"));

    // In French too, with the plural rules of French.
    admin.lang = "fr";
    let (status, page) = admin.get(&hub.url("/admin/health")).await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>État du hub</h1>"), "{page}");
}
