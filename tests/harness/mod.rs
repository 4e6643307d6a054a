//! Starts several hubs in this test process, each on a 127.0.0.1 ephemeral port with its
//! own host name (resolved to loopback by every HTTP client here) and its own fresh
//! database: SQLite by default, PostgreSQL when TESSERA_TEST_DATABASE_URL names a server.

pub mod api;
pub mod browser;
pub mod calls;
pub mod communities;
pub mod community_form;
pub mod ecosystem;
pub mod entries;
pub mod event_form;
pub mod events;
pub mod forms;
pub mod mail;
pub mod moderation;
pub mod peering;
pub mod remote;
pub mod replications;
pub mod resources;
pub mod sink;
pub mod wire;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tessera::config::{Config, RegistrationMode};
use tessera::db::models::user::{User, STATUS_ACTIVE};
use tessera::state::Ctx;
use tokio::net::TcpListener;

pub struct Hub {
    pub host: String,
    /// `host:port`, the hub's `server.domain`.
    pub domain: String,
    pub ctx: Ctx,
    /// Declared last: dropped after the hub's context, removing its database.
    _database: TestDatabase,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);
static CLEANED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Drops the test databases of earlier runs whose process is gone: each run creates a
/// few hundred, and a machine that runs the suite all day would fill its disk.
async fn drop_stale_databases(conn: &mut diesel_async::AsyncPgConnection) {
    use diesel::sql_types::Text;
    use diesel_async::{RunQueryDsl, SimpleAsyncConnection};
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        datname: String,
    }
    let names: Vec<Name> =
        diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'tessera\\_t\\_%'")
            .load(conn)
            .await
            .unwrap_or_default();
    for Name { datname } in names {
        let pid = datname
            .split('_')
            .nth(2)
            .and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = conn
                .batch_execute(&format!("DROP DATABASE IF EXISTS {datname} WITH (FORCE)"))
                .await;
        }
    }
}

/// A test's database. Dropping it removes it, also when the test panics (unwinding drops
/// it): the SQLite folder, or the PostgreSQL database with any connection still open to it.
/// Databases of a process that was killed are dropped by the next run (`drop_stale_databases`).
pub struct TestDatabase {
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// The PostgreSQL database's name (`None` on SQLite).
    #[allow(dead_code)] // not every binary sharing the harness uses it
    pub fn postgres_name(&self) -> Option<&str> {
        self.postgres.as_ref().map(|(_, name)| name.as_str())
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((server, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which may not block on its own tasks: a thread
        // with a runtime of its own removes the database, and this waits for it.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
                let mut conn = AsyncPgConnection::establish(&server)
                    .await
                    .map_err(|e| e.to_string())?;
                conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .map_err(|e| format!("dropping {name}: {e}"))
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("test database left behind: {e}"),
            Err(_) => eprintln!("test database left behind: the dropping thread panicked"),
        }
    }
}

/// A fresh database URL: a SQLite file in a temporary folder, or a new PostgreSQL database;
/// keep the [`TestDatabase`] for as long as the database is used.
pub async fn fresh_database() -> (String, TestDatabase) {
    match std::env::var("TESSERA_TEST_DATABASE_URL") {
        Ok(server) if !server.is_empty() => {
            use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
            let name = format!(
                "tessera_t_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst)
            );
            let mut conn = AsyncPgConnection::establish(&server)
                .await
                .expect("connect to TESSERA_TEST_DATABASE_URL");
            if !CLEANED.swap(true, Ordering::SeqCst) {
                drop_stale_databases(&mut conn).await;
            }
            conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                .await
                .expect("drop old test database");
            conn.batch_execute(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let mut url = url::Url::parse(&server).expect("database url");
            url.set_path(&format!("/{name}"));
            let guard = TestDatabase {
                _dir: None,
                postgres: Some((server, name)),
            };
            (url.to_string(), guard)
        }
        _ => {
            let dir = tempfile::tempdir().expect("tempdir");
            let url = format!("sqlite://{}/hub.db", dir.path().display());
            let guard = TestDatabase {
                _dir: Some(dir),
                postgres: None,
            };
            (url, guard)
        }
    }
}

pub fn test_config(domain: &str, database_url: &str) -> Config {
    let mut config = Config::default();
    config.server.domain = domain.to_string();
    config.server.https = false;
    config.database.url = database_url.to_string();
    config.database.pool_size = 4;
    config.registration.mode = RegistrationMode::Open;
    config.instance.name = format!("Hub {domain}");
    config.federation.allow_private_addresses = true;
    config.federation.request_timeout_secs = 5;
    // Every request of a test comes from 127.0.0.1: the rate limits would count a whole
    // test as one client. Tests of the limits turn them on with tiny quotas.
    config.limits.enabled = false;
    // Each hub its own media folder, outside the repository.
    config.media.dir = std::env::temp_dir()
        .join(format!("tessera-media-{domain}-{}", rand_suffix()))
        .to_string_lossy()
        .into_owned();
    // And its own mail folder: no SMTP, the messages are files the tests read.
    config.email.dir = std::env::temp_dir()
        .join(format!("tessera-mail-{domain}-{}", rand_suffix()))
        .to_string_lossy()
        .into_owned();
    config
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Hub host names and the addresses they resolve to, shared by every client in a test.
pub struct Network {
    pub listeners: Vec<(String, TcpListener)>,
    pub overrides: HashMap<String, SocketAddr>,
}

impl Network {
    /// Binds one listener per host name.
    pub async fn bind(hosts: &[&str]) -> Network {
        // Logs follow RUST_LOG (e.g. RUST_LOG=tessera=debug cargo test -- --nocapture).
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
        let mut listeners = Vec::new();
        let mut overrides = HashMap::new();
        for host in hosts {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let addr = listener.local_addr().expect("addr");
            overrides.insert(host.to_string(), addr);
            listeners.push((host.to_string(), listener));
        }
        Network {
            listeners,
            overrides,
        }
    }

    /// Makes `host` resolve to the same address as `existing` (a sink standing for many hosts).
    pub fn alias(&mut self, host: &str, existing: &str) {
        let addr = self.overrides[existing];
        self.overrides.insert(host.to_string(), addr);
    }

    /// Makes `host` resolve to a closed port: connections are refused at once.
    pub fn dead(&mut self, host: &str) {
        self.overrides
            .insert(host.to_string(), "127.0.0.1:9".parse().expect("addr"));
    }

    /// Takes the listener of `host` (to start a hub or a fake server on it).
    pub fn take(&mut self, host: &str) -> TcpListener {
        let i = self
            .listeners
            .iter()
            .position(|(h, _)| h == host)
            .expect("host bound");
        self.listeners.remove(i).1
    }

    pub fn domain(&self, host: &str) -> String {
        format!("{host}:{}", self.overrides[host].port())
    }

    /// Starts a hub on `host` with a config adjusted by `tweak`.
    pub async fn start_hub_with(&mut self, host: &str, tweak: impl FnOnce(&mut Config)) -> Hub {
        let listener = self.take(host);
        let domain = self.domain(host);
        let (url, database) = fresh_database().await;
        let mut config = test_config(&domain, &url);
        tweak(&mut config);
        let options = tessera::app::Options {
            host_overrides: self.overrides.clone(),
        };
        let app = tessera::app::build(config, options)
            .await
            .expect("build hub");
        let ctx = app.context();
        tokio::spawn(async move {
            let _ = tessera::app::serve(app, listener).await;
        });
        Hub {
            host: host.to_string(),
            domain,
            ctx,
            _database: database,
        }
    }

    pub async fn start_hub(&mut self, host: &str) -> Hub {
        self.start_hub_with(host, |_| {}).await
    }

    /// A client that resolves every test host to its loopback port, without cookies.
    pub fn client(&self) -> reqwest::Client {
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20));
        for (host, addr) in &self.overrides {
            builder = builder.resolve(host, *addr);
        }
        builder.build().expect("client")
    }
}

impl Hub {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.domain, path)
    }

    /// Creates an active member; returns the user row.
    pub async fn create_user(&self, name: &str) -> User {
        let account = tessera::services::users::NewAccount {
            username: name,
            password: "correct horse battery",
            is_admin: false,
            status: STATUS_ACTIVE,
            reason: "",
        };
        tessera::services::users::create(&self.ctx.pool, &self.ctx.config, account)
            .await
            .expect("create user")
    }

    pub async fn create_admin(&self, name: &str) -> User {
        let user = self.create_user(name).await;
        let mut conn = self.ctx.pool.get().await.expect("conn");
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        use tessera::db::schema::users;
        tessera::db_run!(conn, |c| diesel::update(users::table.find(user.id))
            .set(users::is_admin.eq(true))
            .execute(c)
            .await)
        .expect("make admin");
        user
    }

    /// A bearer token for `name`.
    pub async fn token(&self, name: &str) -> String {
        tessera::services::sessions::create_api_token(&self.ctx, name)
            .await
            .expect("token")
    }

    pub async fn handle_of(&self, name: &str) -> String {
        format!("@{name}@{}", self.domain)
    }

    pub fn actor_url(&self, name: &str) -> String {
        self.url(&format!("/users/{name}"))
    }

    pub async fn user(&self, name: &str) -> User {
        let mut conn = self.ctx.pool.get().await.expect("conn");
        User::find_by_username(&mut conn, name)
            .await
            .expect("query")
            .expect("user exists")
    }
}

/// The usual cross-hub start: hub A with ana, hub B with ben, and their API tokens.
pub struct TwoHubs {
    pub net: Network,
    pub a: Hub,
    pub b: Hub,
    pub client: reqwest::Client,
    pub ana: String,
    pub ben: String,
}

impl TwoHubs {
    pub async fn start() -> TwoHubs {
        let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
        let a = net.start_hub("hub-a.test").await;
        let b = net.start_hub("hub-b.test").await;
        a.create_user("ana").await;
        b.create_user("ben").await;
        let client = net.client();
        let (ana, ben) = (a.token("ana").await, b.token("ben").await);
        TwoHubs {
            net,
            a,
            b,
            client,
            ana,
            ben,
        }
    }

    /// ben follows ana through B's API and waits for A's Accept.
    pub async fn ben_follows_ana(&self) {
        let target = serde_json::json!({"target": format!("ana@{}", self.a.domain)});
        let res = (self.client.post(self.b.url("/api/v1/follows")))
            .bearer_auth(&self.ben)
            .json(&target)
            .send()
            .await
            .expect("follow");
        assert_eq!(res.status().as_u16(), 201);
        eventually("ana accepts ben", || async {
            let res = (self.client.get(self.b.url("/api/v1/follows")))
                .bearer_auth(&self.ben)
                .send()
                .await
                .expect("follows");
            res.text().await.unwrap_or_default().contains("accepted")
        })
        .await;
    }
}

/// Polls `check` until it returns true or 45 s pass (deliveries are asynchronous, and on a
/// loaded 2-core CI machine a first attempt can fail transiently: one retry, 30 s later by
/// the default backoff, must still be waited for).
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(45);
    loop {
        if check().await {
            return;
        }
        if tokio::time::Instant::now() > deadline {
            panic!("timed out waiting for: {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The ActivityPub document at `url`, asked for the way Mastodon asks (must answer 200).
#[allow(dead_code)] // not every binary sharing the harness uses it
pub async fn ap_document(client: &reqwest::Client, url: &str) -> serde_json::Value {
    let res = client
        .get(url)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .expect("fetch");
    assert_eq!(res.status(), 200, "{url}");
    res.json().await.expect("JSON")
}

pub const AP_ACCEPT: &str = "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\", text/html;q=0.1";

pub fn fixture(path: &str) -> serde_json::Value {
    let full = format!(
        "{}/../shared/fixtures/activitypub/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// A hub on `hub-a.test` and a fake Mastodon serving `names` on `remote.test`.
#[allow(dead_code)] // not every binary sharing the harness uses it
pub async fn hub_and_fake(names: &[&str]) -> (Network, Hub, remote::FakeMastodon) {
    let mut net = Network::bind(&["hub-a.test", "remote.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("remote.test");
    let fake =
        remote::FakeMastodon::start(net.take("remote.test"), &domain, names, net.client()).await;
    (net, hub, fake)
}
