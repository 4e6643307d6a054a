//! `tessera backup` and `tessera restore`, by the real binary: a round trip carries the
//! accounts, posts and uploaded files to an empty database and media folder; a restore does
//! not overwrite a hub without `--force`; a damaged archive changes nothing.

use crate::harness::fresh_database;
use std::path::Path;
use std::process::Command;

/// Runs the binary with `db` and `media` as its database and media folder.
fn tessera(db: &str, media: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(args)
        .env("TESSERA_DATABASE__URL", db)
        .env("TESSERA_MEDIA__DIR", media)
        .env("TESSERA_SERVER__DOMAIN", "hub.test")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run tessera");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn pg_tools() -> bool {
    Command::new("pg_dump").arg("--version").output().is_ok()
}

/// The number of posts and whether the account `name` exists, read by a fresh app.
async fn contents(db: &str, name: &str) -> (bool, i64) {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use tessera::db::schema::posts;
    let pool = tessera::db::DbPool::connect(db, 1).await.expect("connect");
    let mut conn = pool.get().await.unwrap();
    let user = tessera::db::models::user::User::find_by_username(&mut conn, name)
        .await
        .unwrap();
    let count: i64 = tessera::db_run!(conn, |c| posts::table.count().get_result(c).await).unwrap();
    (user.is_some(), count)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_restores_into_an_empty_hub_and_protects_a_full_one() {
    let postgres = std::env::var("TESSERA_TEST_DATABASE_URL").is_ok();
    let work = tempfile::tempdir().unwrap();
    let (db, _database) = fresh_database().await;
    let media = work.path().join("media");
    let archive = work.path().join("hub.tar.gz");
    let archive_arg = archive.to_str().unwrap();

    // A hub with an account, a post and an uploaded file.
    let (ok, out) = tessera(&db, &media, &["user", "create", "ana"]);
    assert!(ok, "{out}");
    {
        let config = {
            let mut c = tessera::config::Config::default();
            c.database.url = db.clone();
            c.server.domain = "hub.test".into();
            c.media.dir = media.to_string_lossy().into_owned();
            c
        };
        let app = tessera::app::build(config, Default::default())
            .await
            .unwrap();
        let ctx = app.context();
        let mut conn = ctx.pool.get().await.unwrap();
        let ana = tessera::db::models::user::User::find_by_username(&mut conn, "ana")
            .await
            .unwrap()
            .unwrap();
        drop(conn);
        let input = tessera::services::posts::PostInput {
            content: "Kept in the backup",
            summary: "",
            visibility: "public",
            in_reply_to: None,
            language: None,
        };
        tessera::services::posts::create(&ctx, &ana, input)
            .await
            .unwrap();
    }
    std::fs::create_dir_all(media.join("sub")).unwrap();
    std::fs::write(media.join("logo.png"), b"\x89PNG fake image bytes").unwrap();
    std::fs::write(media.join("sub/report.pdf"), b"%PDF-1.7 fake").unwrap();
    assert_eq!(contents(&db, "ana").await, (true, 1));

    let (ok, out) = tessera(&db, &media, &["backup", "--output", archive_arg]);
    if postgres && !pg_tools() {
        assert!(!ok && out.contains("pg_dump is not installed"), "{out}");
        return;
    }
    assert!(ok, "{out}");
    assert!(out.contains("2 media files"), "{out}");
    assert!(archive.is_file());

    // Into an empty database and media folder.
    let (db2, _database2) = fresh_database().await;
    let media2 = work.path().join("media2");
    let (ok, out) = tessera(&db2, &media2, &["restore", archive_arg]);
    assert!(ok, "{out}");
    assert_eq!(contents(&db2, "ana").await, (true, 1));
    assert_eq!(
        std::fs::read(media2.join("logo.png")).unwrap(),
        b"\x89PNG fake image bytes"
    );
    assert_eq!(
        std::fs::read(media2.join("sub/report.pdf")).unwrap(),
        b"%PDF-1.7 fake"
    );
    // The restored hub starts and migrates as usual.
    let (ok, out) = tessera(&db2, &media2, &["migrate"]);
    assert!(ok && out.contains("0 migration(s) applied"), "{out}");

    // A hub that holds data is not overwritten by mistake...
    let (ok, out) = tessera(&db2, &media2, &["user", "create", "bob"]);
    assert!(ok, "{out}");
    let (ok, out) = tessera(&db2, &media2, &["restore", archive_arg]);
    assert!(!ok && out.contains("--force"), "{out}");
    assert!(contents(&db2, "bob").await.0);
    // ... a damaged archive changes nothing, even with --force ...
    let damaged = work.path().join("damaged.tar.gz");
    let bytes = std::fs::read(&archive).unwrap();
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).unwrap();
    let (ok, out) = tessera(
        &db2,
        &media2,
        &["restore", "--force", damaged.to_str().unwrap()],
    );
    assert!(!ok, "{out}");
    assert!(contents(&db2, "bob").await.0);
    let (ok, out) = tessera(
        &db2,
        &media2,
        &["restore", "--force", "/no/such/backup.tar.gz"],
    );
    assert!(!ok && out.contains("/no/such/backup.tar.gz"), "{out}");
    // ... and --force puts the backup's state back.
    let (ok, out) = tessera(&db2, &media2, &["restore", "--force", archive_arg]);
    assert!(ok, "{out}");
    assert!(!contents(&db2, "bob").await.0);
    assert_eq!(contents(&db2, "ana").await, (true, 1));
    if !postgres {
        let path = db2.strip_prefix("sqlite://").unwrap();
        assert!(
            Path::new(&format!("{path}.before-restore")).is_file(),
            "the replaced SQLite file is kept"
        );
    }
}
