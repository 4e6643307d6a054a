//! Read-path benchmark (not a test): `cargo bench --bench read_path`.
//!
//! Starts one hub in-process over real HTTP (`tests/harness`: SQLite, or PostgreSQL when
//! TESSERA_TEST_DATABASE_URL is set) with 200 members, 20 projects, 20 organisations, a
//! community, 400 public posts and 100 events; then loads it with `wrk` (Debian's `wrk`
//! package: `apt-get install wrk`), 16 connections on 2 threads for `READ_PATH_SECS`
//! seconds (20 by default) per case, the load generator on the same cores as the server.
//! Each case cycles through many documents of its kind, as other servers ask for them:
//! WebFinger, actor documents of every kind, NodeInfo, collections' first pages, objects,
//! and all of them mixed. Prints requests per second, p50 and p99 latency, and the
//! process's memory before and after.

#[path = "../tests/harness/mod.rs"]
#[allow(dead_code)]
mod harness;

use harness::api::call;
use reqwest::Method;
use serde_json::json;
use std::process::Command;

const MEMBERS: usize = 200;
const ENTRIES: usize = 20;
const POSTS: usize = 400;
const EVENTS: usize = 100;
const AP: &str = "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A wrk script that asks for `paths` in turn with `accept`.
fn script(paths: &[String], accept: &str) -> String {
    let list: Vec<String> = paths.iter().map(|p| format!("{p:?}")).collect();
    format!(
        "local paths = {{{}}}\nlocal i = math.random(#paths)\n\
         request = function()\n  i = i % #paths + 1\n  \
         return wrk.format(\"GET\", paths[i], {{[\"Accept\"] = {accept:?}}})\nend\n",
        list.join(", ")
    )
}

struct Run {
    rps: f64,
    p50: String,
    p99: String,
    non_2xx: String,
}

fn wrk(base: &str, paths: &[String], accept: &str, secs: u64) -> Run {
    let file = std::env::temp_dir().join(format!("tessera-read-{}.lua", std::process::id()));
    std::fs::write(&file, script(paths, accept)).expect("write the wrk script");
    let out = Command::new("wrk")
        .args(["-t2", "-c16", &format!("-d{secs}s"), "--latency", "-s"])
        .arg(&file)
        .arg(base)
        .output()
        .expect("wrk is missing: apt-get install wrk");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix))
            .map(|v| v.trim().to_string())
    };
    Run {
        rps: field("Requests/sec:")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no result from wrk:\n{text}")),
        p50: field("50%").unwrap_or_default(),
        p99: field("99%").unwrap_or_default(),
        non_2xx: field("Non-2xx or 3xx responses:").unwrap_or_else(|| "0".into()),
    }
}

/// Every document of `paths` answers 200 before it is measured.
async fn check(client: &reqwest::Client, base: &str, paths: &[String], accept: &str) {
    for p in paths {
        let res = client
            .get(format!("{base}{p}"))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{p}");
    }
}

#[tokio::main]
async fn main() {
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("this benchmark drives the hub with wrk: apt-get install wrk");
        std::process::exit(2);
    }
    let secs: u64 = std::env::var("READ_PATH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let mut net = harness::Network::bind(&["hub.test"]).await;
    let hub = net.start_hub("hub.test").await;
    let client = net.client();
    let backend = if hub.ctx.pool.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let started = std::time::Instant::now();
    let mut names = Vec::new();
    for i in 0..MEMBERS {
        let name = format!("member{i}");
        hub.create_user(&name).await;
        names.push(name);
    }
    let token = hub.token("member0").await;
    let mut entries = Vec::new();
    for (kind, path) in [("project", "/projects"), ("organisation", "/organisations")] {
        for i in 0..ENTRIES {
            let mut body = harness::entries::project_body();
            body["handle"] = json!(format!("{kind}{i}"));
            body["name"] = json!(format!("The {kind} number {i}"));
            let (status, got) =
                call(&client, &hub, Some(&token), Method::POST, path, Some(body)).await;
            assert_eq!(status, 201, "{got}");
            entries.push(format!("{path}/{kind}{i}"));
        }
    }
    let community = tessera::services::communities::create(
        &hub.ctx,
        &hub.user("member0").await,
        harness::communities::input("cities"),
    )
    .await
    .expect("community");
    let mut authors = Vec::new();
    for name in names.iter().take(20) {
        authors.push(hub.token(name).await);
    }
    let mut objects = Vec::new();
    for i in 0..POSTS {
        let author = &authors[i % authors.len()];
        let (status, post) = call(
            &client,
            &hub,
            Some(author),
            Method::POST,
            "/posts",
            Some(json!({"content": format!("Update number {i} from the field, #housing"), "language": "en"})),
        )
        .await;
        assert_eq!(status, 201, "{post}");
        objects.push(
            url::Url::parse(post["ap_id"].as_str().unwrap())
                .unwrap()
                .path()
                .to_string(),
        );
    }
    for i in 0..EVENTS {
        let event = harness::events::create(
            &client,
            &hub,
            &token,
            json!({"title": format!("Peer-learning visit {i}")}),
        )
        .await;
        objects.push(
            url::Url::parse(event["id"].as_str().unwrap())
                .unwrap()
                .path()
                .to_string(),
        );
    }
    // Followers, so that the collections have items.
    for name in names.iter().skip(1).take(50) {
        let t = hub.token(name).await;
        let (status, _) = call(
            &client,
            &hub,
            Some(&t),
            Method::POST,
            "/follows",
            Some(json!({"target": hub.actor_url("member0")})),
        )
        .await;
        assert!(status < 300, "follow: {status}");
    }
    println!(
        "backend: {backend}; cores: {}; {MEMBERS} members, {} projects and organisations, \
         {POSTS} posts, {EVENTS} events saved in {:.1} s; wrk -t2 -c16 -d{secs}s per case",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        entries.len(),
        started.elapsed().as_secs_f64()
    );

    let domain = &hub.domain;
    let webfinger: Vec<String> = names
        .iter()
        .map(|n| format!("/.well-known/webfinger?resource=acct:{n}@{domain}"))
        .collect();
    let mut actors: Vec<String> = names.iter().map(|n| format!("/users/{n}")).collect();
    actors.extend(entries.iter().cloned());
    actors.push(format!("/communities/{}", community.actor.username));
    actors.push("/actor".into());
    let nodeinfo: Vec<String> = ["/.well-known/nodeinfo", "/nodeinfo/2.1", "/nodeinfo/2.0"]
        .map(String::from)
        .to_vec();
    let mut collections = Vec::new();
    for n in names.iter().take(50) {
        for c in ["outbox", "followers", "following"] {
            collections.push(format!("/users/{n}/{c}"));
        }
        collections.push(format!("/users/{n}/outbox?page=1"));
    }
    for e in &entries {
        collections.push(format!("{e}/outbox"));
        collections.push(format!("{e}/followers"));
    }
    let mut mixed: Vec<String> = Vec::new();
    for list in [&webfinger, &actors, &nodeinfo, &collections, &objects] {
        mixed.extend(list.iter().cloned());
    }
    let cases: Vec<(&str, &Vec<String>)> = vec![
        ("WebFinger", &webfinger),
        (
            "actor documents (members, projects, organisations, community, instance)",
            &actors,
        ),
        ("NodeInfo (discovery, 2.1, 2.0)", &nodeinfo),
        (
            "collections' first pages (outbox, followers, following)",
            &collections,
        ),
        ("objects (posts, events)", &objects),
        ("all of the above, mixed", &mixed),
    ];
    let base = format!("http://{}", net.overrides["hub.test"]);
    for (_, paths) in &cases {
        check(&client, &hub.url(""), paths, AP).await;
    }
    let before = rss_mib();
    println!("| case | documents | requests/s | p50 | p99 | non-200 |");
    println!("|---|---|---|---|---|---|");
    for (name, paths) in &cases {
        // wrk runs as its own process; the hub keeps serving on this runtime meanwhile.
        let (b, p) = (base.clone(), (*paths).clone());
        let run = tokio::task::spawn_blocking(move || wrk(&b, &p, AP, secs))
            .await
            .unwrap();
        println!(
            "| {name} | {} | {:.0} | {} | {} | {} |",
            paths.len(),
            run.rps,
            run.p50,
            run.p99,
            run.non_2xx
        );
    }
    println!(
        "memory (resident): {before:.0} MiB before the load, {:.0} MiB after; documents kept: {}",
        rss_mib(),
        hub.ctx.docs.len()
    );
}
