//! The `tessera` binary: migrate, user create, token create, and configuration errors.

use std::io::Write;
use std::process::{Command, Stdio};

fn tessera(db: &str, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(args)
        .env("TESSERA_DATABASE__URL", db)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tessera");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[tokio::test]
async fn users_tokens_and_migrations_from_the_command_line() {
    let (db, _dir) = crate::harness::fresh_database().await;
    let (code, out, err) = tessera(&db, &["migrate"], None);
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.starts_with("0 ") && out.contains("migration(s) applied"),
        "{out}"
    );
    let (code, out, _) = tessera(&db, &["migrate"], None);
    assert_eq!(code, 0);
    assert!(out.contains("0 migration(s) applied"));

    let (code, out, err) = tessera(&db, &["user", "create", "ana", "--admin"], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(admin)"));
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .expect("a generated password is printed");
    assert!(password.len() >= 16);

    let (code, out, err) = tessera(
        &db,
        &["user", "create", "ben", "--password-stdin"],
        Some("a chosen password\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("password:"));
    let (code, _, err) = tessera(&db, &["user", "create", "ben"], None);
    assert_ne!(code, 0, "a taken name fails");
    assert!(!err.is_empty());
    let (code, _, _) = tessera(&db, &["user", "create", "x"], None);
    assert_ne!(code, 0, "a too-short name fails");

    let (code, token, err) = tessera(&db, &["token", "create", "ana"], None);
    assert_eq!(code, 0, "{err}");
    let token = token.trim().to_string();
    assert_eq!(token.len(), 64);

    // The password and the token work against a hub on the same database.
    let mut net = crate::harness::Network::bind(&["localhost"]).await;
    let listener = net.take("localhost");
    let mut config = crate::harness::test_config("localhost:8080", &db);
    config.server.domain = "localhost:8080".into();
    let app = tessera::app::build(config, Default::default())
        .await
        .unwrap();
    let ctx = app.context();
    tokio::spawn(async move { tessera::app::serve(app, listener).await });
    let user = tessera::services::users::authenticate(&ctx, "ana", password)
        .await
        .expect("password works");
    assert!(user.is_admin);
    tessera::services::users::authenticate(&ctx, "ben", "a chosen password")
        .await
        .expect("stdin password works");
    let addr = net.overrides["localhost"];
    let res = reqwest::Client::new()
        .get(format!("http://{addr}/api/v1/follows"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "[]");

    let (code, out, err) = tessera(&db, &["queue", "status"], None);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("deliveries: 0 pending, 0 in flight, 0 failed"),
        "{out}"
    );

    let (code, _, err) = tessera(&db, &["token", "create", "nobody"], None);
    assert_ne!(code, 0);
    assert!(err.contains("nobody"));
}

#[test]
fn a_bad_setting_stops_start_up_naming_the_key() {
    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["serve"])
        .env("TESSERA_SERVER__BIND", "not-an-address")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("server.bind"), "{err}");

    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["--config", "/nonexistent/tessera.toml", "migrate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/tessera.toml"));
}
