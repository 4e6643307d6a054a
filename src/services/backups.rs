//! `tessera backup` and `tessera restore`: the database and the media folder in one
//! `.tar.gz`, so that a part-time admin keeps one file per day and needs nothing else.
//!
//! Layout of the archive, under `tessera-backup/`: `manifest.json` (format, version,
//! backend, domain, time), the database (`database.sqlite`, a consistent copy made online
//! with `VACUUM INTO`; or `database.pgdump`, made by `pg_dump --format=custom`) and
//! `media/` (every uploaded file).
//!
//! A restore never leaves a half-written database: SQLite is restored beside the old file
//! and renamed over it (the old one is kept as `<file>.before-restore`); PostgreSQL is
//! restored by `pg_restore --single-transaction`. Migrations bring an older backup up to
//! date when the hub next starts.

use crate::config::Config;
use crate::db::{Backend, DbPool};
use anyhow::{anyhow, bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

const ROOT: &str = "tessera-backup";
const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub version: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub domain: String,
    pub created_at: String,
}

/// What a backup or restore did, for the command's output.
#[derive(Debug)]
pub struct Summary {
    pub archive: PathBuf,
    pub backend: String,
    pub database_bytes: u64,
    pub media_files: usize,
}

/// Writes the database and the media folder to `output` (written beside it first, then
/// renamed, so an interrupted backup never looks complete).
pub async fn backup(config: &Config, output: &Path) -> Result<Summary> {
    let staging = tempfile::tempdir().context("making a temporary folder")?;
    let backend = Backend::from_url(&config.database.url)?;
    let (db_name, backend_name) = match &backend {
        Backend::Sqlite(_) => ("database.sqlite", "sqlite"),
        Backend::Postgres(_) => ("database.pgdump", "postgres"),
    };
    let db_file = staging.path().join(db_name);
    match &backend {
        Backend::Sqlite(_) => {
            let pool = DbPool::connect(&config.database.url, 1).await?;
            vacuum_into(&pool, &db_file).await?;
        }
        Backend::Postgres(url) => {
            run_tool(
                Command::new("pg_dump")
                    .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                    .arg(&db_file)
                    .arg(format!("--dbname={url}")),
                "pg_dump",
            )?;
        }
    }
    let manifest = Manifest {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").to_string(),
        backend: backend_name.to_string(),
        domain: config.server.domain.clone(),
        created_at: chrono::Utc::now().to_rfc3339(),
    };
    let database_bytes = std::fs::metadata(&db_file)?.len();
    let media = PathBuf::from(&config.media.dir);
    let output = output.to_path_buf();
    let partial = partial_path(&output);
    let media_files = tokio::task::spawn_blocking({
        let (partial, db_file) = (partial.clone(), db_file.clone());
        move || write_archive(&partial, &manifest, &db_file, db_name, &media)
    })
    .await??;
    std::fs::rename(&partial, &output)
        .with_context(|| format!("moving the backup to {}", output.display()))?;
    Ok(Summary {
        archive: output,
        backend: backend_name.to_string(),
        database_bytes,
        media_files,
    })
}

async fn vacuum_into(pool: &DbPool, file: &Path) -> Result<()> {
    use diesel_async::SimpleAsyncConnection;
    let target = file
        .to_str()
        .ok_or_else(|| anyhow!("the temporary folder's path is not UTF-8"))?;
    let sql = format!("VACUUM INTO '{}'", target.replace('\'', "''"));
    let mut conn = pool.get().await?;
    crate::db::db_run!(conn, |c| c.batch_execute(&sql).await).context("VACUUM INTO")?;
    Ok(())
}

fn partial_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    output.with_file_name(name)
}

fn write_archive(
    path: &Path,
    manifest: &Manifest,
    db_file: &Path,
    db_name: &str,
    media: &Path,
) -> Result<usize> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    let json = serde_json::to_vec_pretty(manifest)?;
    let mut header = tar::Header::new_gnu();
    header.set_size(json.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(chrono::Utc::now().timestamp().max(0) as u64);
    header.set_cksum();
    tar.append_data(
        &mut header,
        format!("{ROOT}/manifest.json"),
        json.as_slice(),
    )?;
    tar.append_path_with_name(db_file, format!("{ROOT}/{db_name}"))?;
    let mut count = 0;
    if media.is_dir() {
        count = add_folder(&mut tar, media, &format!("{ROOT}/media"))?;
    }
    tar.into_inner()?.finish()?.sync_all()?;
    Ok(count)
}

fn add_folder<W: std::io::Write>(
    tar: &mut tar::Builder<W>,
    dir: &Path,
    prefix: &str,
) -> Result<usize> {
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            count += add_folder(tar, &entry.path(), &format!("{prefix}/{name}"))?;
        } else if kind.is_file() {
            tar.append_path_with_name(entry.path(), format!("{prefix}/{name}"))?;
            count += 1;
        }
    }
    Ok(count)
}

/// Replaces the database and adds the media of `archive`. Refuses to overwrite a database
/// that holds data unless `force` is set. Run it with the hub stopped.
pub async fn restore(config: &Config, archive: &Path, force: bool) -> Result<Summary> {
    let staging = tempfile::tempdir().context("making a temporary folder")?;
    let unpacked = {
        let (archive, dir) = (archive.to_path_buf(), staging.path().to_path_buf());
        tokio::task::spawn_blocking(move || unpack(&archive, &dir)).await??
    };
    let backend = Backend::from_url(&config.database.url)?;
    let expected = match backend {
        Backend::Sqlite(_) => "sqlite",
        Backend::Postgres(_) => "postgres",
    };
    if unpacked.manifest.backend != expected {
        bail!(
            "this backup holds a {} database and database.url names a {expected} one: restore it \
             into the same kind of database",
            unpacked.manifest.backend
        );
    }
    let db_file = staging.path().join(match backend {
        Backend::Sqlite(_) => "database.sqlite",
        Backend::Postgres(_) => "database.pgdump",
    });
    if !db_file.is_file() {
        bail!("the archive has no database file");
    }
    let media = PathBuf::from(&config.media.dir);
    if !force {
        if database_has_data(&config.database.url).await? {
            bail!(
                "the database at database.url already holds a hub: pass --force to replace it{}",
                if expected == "sqlite" {
                    " (the current file is kept as <file>.before-restore)"
                } else {
                    ""
                }
            );
        }
        if crate::services::health::folder_bytes(&media) > 0 {
            bail!(
                "the media folder {} is not empty: pass --force to add the backup's files to it",
                media.display()
            );
        }
    }
    let database_bytes = std::fs::metadata(&db_file)?.len();
    match &backend {
        Backend::Sqlite(path) => replace_sqlite(path, &db_file)?,
        Backend::Postgres(url) => run_tool(
            Command::new("pg_restore")
                .args([
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                ])
                .arg(format!("--dbname={url}"))
                .arg(&db_file),
            "pg_restore",
        )?,
    }
    let media_files = copy_media(&staging.path().join("media"), &media)?;
    Ok(Summary {
        archive: archive.to_path_buf(),
        backend: expected.to_string(),
        database_bytes,
        media_files,
    })
}

struct Unpacked {
    manifest: Manifest,
}

/// Unpacks into `dir` only what a backup holds: the manifest, the database file and plain
/// files under `media/`, with no `..`, absolute path or link.
fn unpack(archive: &Path, dir: &Path) -> Result<Unpacked> {
    let file = File::open(archive).with_context(|| format!("opening {}", archive.display()))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut manifest = None;
    let entries = tar
        .entries()
        .with_context(|| format!("{} is not a Tessera backup", archive.display()))?;
    for entry in entries {
        let mut entry =
            entry.with_context(|| format!("{} is damaged or not a backup", archive.display()))?;
        let path = entry.path()?.into_owned();
        let Ok(inner) = path.strip_prefix(ROOT) else {
            bail!("unexpected file in the archive: {}", path.display());
        };
        if !inner
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            bail!("refusing the path {} in the archive", path.display());
        }
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            bail!("refusing a link or special file: {}", path.display());
        }
        let allowed = inner == Path::new("manifest.json")
            || inner == Path::new("database.sqlite")
            || inner == Path::new("database.pgdump")
            || inner.starts_with("media");
        if !allowed {
            bail!("unexpected file in the archive: {}", path.display());
        }
        let target = dir.join(inner);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut out = File::create(&target)?;
        std::io::copy(&mut entry, &mut out)
            .with_context(|| format!("{} is damaged or cut short", archive.display()))?;
        if inner == Path::new("manifest.json") {
            let text = std::fs::read(&target)?;
            manifest = Some(
                serde_json::from_slice::<Manifest>(&text)
                    .context("the archive's manifest.json is not a Tessera manifest")?,
            );
        }
    }
    let manifest =
        manifest.ok_or_else(|| anyhow!("{} is not a Tessera backup", archive.display()))?;
    if manifest.format > FORMAT {
        bail!(
            "this backup was made by Tessera {} in a newer format ({}): upgrade Tessera first",
            manifest.version,
            manifest.format
        );
    }
    Ok(Unpacked { manifest })
}

/// Whether the database holds a migrated hub (or, on SQLite, exists with any table).
async fn database_has_data(url: &str) -> Result<bool> {
    use diesel::sql_types::BigInt;
    use diesel_async::RunQueryDsl;
    if let Ok(Backend::Sqlite(path)) = Backend::from_url(url) {
        if !Path::new(&path).exists() {
            return Ok(false);
        }
    }
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let pool = DbPool::connect(url, 1).await?;
    let query = if pool.is_postgres() {
        "SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = 'public'"
    } else {
        "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'"
    };
    let mut conn = pool.get().await?;
    let count: Count = crate::db::db_run!(conn, |c| diesel::sql_query(query).get_result(c).await)?;
    Ok(count.n > 0)
}

/// Moves the restored file into place; the old database (with its write-ahead log) is kept
/// beside it as `.before-restore`.
fn replace_sqlite(path: &str, restored: &Path) -> Result<()> {
    let target = PathBuf::from(path);
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let incoming = target.with_extension("restoring");
    std::fs::copy(restored, &incoming)
        .with_context(|| format!("writing {}", incoming.display()))?;
    File::open(&incoming)?.sync_all()?;
    for suffix in ["", "-wal", "-shm"] {
        let old = PathBuf::from(format!("{path}{suffix}"));
        if old.exists() {
            let kept = PathBuf::from(format!("{path}.before-restore{suffix}"));
            std::fs::rename(&old, &kept)
                .with_context(|| format!("keeping the old {}", old.display()))?;
        }
    }
    std::fs::rename(&incoming, &target)
        .with_context(|| format!("moving the restored database to {}", target.display()))?;
    Ok(())
}

/// Copies the backup's media into the media folder (files are named by their hash, so a
/// file already there is the same file).
fn copy_media(from: &Path, to: &Path) -> Result<usize> {
    if !from.is_dir() {
        return Ok(0);
    }
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    let mut count = 0;
    for entry in std::fs::read_dir(from)?.flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            count += copy_media(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("writing {}", target.display()))?;
            count += 1;
        }
    }
    Ok(count)
}

/// Runs pg_dump or pg_restore, with a clear message when the tool is missing.
fn run_tool(command: &mut Command, tool: &str) -> Result<()> {
    let output = match command.output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{tool} is not installed: install the PostgreSQL client tools of the server's major \
             version (Debian: apt install postgresql-client), or back the database up with your \
             own tools and copy media.dir beside it"
        ),
        Err(e) => bail!("cannot run {tool}: {e}"),
    };
    if !output.status.success() {
        bail!(
            "{tool} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}
