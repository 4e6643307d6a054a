//! The `tessera` command: serve the hub, migrate, manage users and tokens.

use clap::{Parser, Subcommand};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use tessera::config::{Config, LogFormat};
use tessera::db::models::user::STATUS_ACTIVE;

#[derive(Parser)]
#[command(
    name = "tessera",
    version,
    about = "A federated hub for social innovation"
)]
struct Cli {
    /// A TOML configuration file (keys as in config/defaults.toml).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the hub (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API bearer tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Inspect the outgoing delivery queue.
    Queue {
        #[command(subcommand)]
        command: QueueCommand,
    },
    /// Write the database and the media folder to one .tar.gz (safe while the hub runs).
    Backup {
        /// Where to write it (default: tessera-backup-<date>-<time>.tar.gz here).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Restore a backup made by `tessera backup` (stop the hub first).
    Restore {
        archive: PathBuf,
        /// Replace a database that already holds a hub, and add to a non-empty media folder.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum QueueCommand {
    /// Pending, in-flight and failed deliveries, and the health of remote hosts.
    Status,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an active account; prints a generated password unless one is given on stdin.
    Create {
        name: String,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
        /// Read the password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a bearer token for /api/v1 for the account NAME and print it.
    Create {
        name: String,
        /// What the token may do: read, write, admin (comma- or space-separated). Default:
        /// read and write, and admin for an admin account (what its admin powers need).
        #[arg(long)]
        scopes: Option<String>,
        /// A label shown in the member's list of tokens.
        #[arg(long, default_value = "command line")]
        label: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=info".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match config.log.format {
        // One JSON object per line, with the event's fields at the top level.
        LogFormat::Json => logs.json().flatten_event(true).init(),
        // Colours only on a terminal: journald and log files get plain text.
        LogFormat::Text => logs
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            let bind = config.server.bind;
            let app = tessera::app::build(config.clone(), Default::default()).await?;
            let listener = tokio::net::TcpListener::bind(bind)
                .await
                .map_err(|e| anyhow::anyhow!("server.bind {bind}: {e}"))?;
            tracing::info!(
                "Tessera is serving {} on http://{bind} (database {})",
                config.base_url(),
                tessera::app::redact(&config.database.url)
            );
            tessera::app::serve(app, listener).await
        }
        Command::Migrate => {
            let pool = tessera::db::DbPool::connect(&config.database.url, 1).await?;
            let applied = pool.migrate().await?;
            println!("{applied} migration(s) applied");
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Create {
                    name,
                    admin,
                    password_stdin,
                },
        } => {
            let app = tessera::app::build(config, Default::default()).await?;
            let data = app.context();
            let name = tessera::services::users::validate_username(&name, true)
                .map_err(|e| anyhow::anyhow!("invalid username: {}", e))?;
            let (password, generated) = if password_stdin {
                let mut input = String::new();
                std::io::stdin().read_to_string(&mut input)?;
                let first = input.lines().next().unwrap_or("").to_string();
                tessera::services::users::validate_password(&first)
                    .map_err(|_| anyhow::anyhow!("the password must be at least 10 characters"))?;
                (first, false)
            } else {
                (tessera::services::users::generate_password(), true)
            };
            let account = tessera::services::users::NewAccount {
                username: &name,
                password: &password,
                is_admin: admin,
                status: STATUS_ACTIVE,
                reason: "",
            };
            tessera::services::users::create(&data.pool, &data.config, account)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "created {}@{}{}",
                name,
                data.config.server.domain,
                if admin { " (admin)" } else { "" }
            );
            if generated {
                println!("password: {password}");
            }
            Ok(())
        }
        Command::Queue {
            command: QueueCommand::Status,
        } => {
            let app = tessera::app::build(config, Default::default()).await?;
            let status = tessera::federation::delivery::status(&app.context())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let c = status.counts;
            println!(
                "deliveries: {} pending, {} in flight, {} failed",
                c.pending, c.in_flight, c.failed
            );
            if status.hosts.is_empty() {
                println!("hosts: none with a delivery record");
            } else {
                println!(
                    "{:<40} {:>8}  {:<30} last error",
                    "host", "failures", "state"
                );
                for h in status.hosts {
                    let state = if h.unavailable {
                        "unavailable".to_string()
                    } else if let Some(t) = h.circuit_open_until {
                        format!("paused until {}", t.format("%Y-%m-%d %H:%M:%S"))
                    } else {
                        "ok".to_string()
                    };
                    let error = h.last_error.unwrap_or_default();
                    println!(
                        "{:<40} {:>8}  {:<30} {error}",
                        h.host, h.consecutive_failures, state
                    );
                }
            }
            Ok(())
        }
        Command::Backup { output } => {
            let output = output.unwrap_or_else(|| {
                let now = chrono::Utc::now().format("%Y%m%d-%H%M%S");
                PathBuf::from(format!("tessera-backup-{now}.tar.gz"))
            });
            let done = tessera::services::backups::backup(&config, &output).await?;
            println!(
                "backup written to {} ({} database of {} bytes, {} media files)",
                done.archive.display(),
                done.backend,
                done.database_bytes,
                done.media_files
            );
            Ok(())
        }
        Command::Restore { archive, force } => {
            let done = tessera::services::backups::restore(&config, &archive, force).await?;
            println!(
                "restored {} ({} database of {} bytes, {} media files); start the hub to use it",
                done.archive.display(),
                done.backend,
                done.database_bytes,
                done.media_files
            );
            Ok(())
        }
        Command::Token {
            command:
                TokenCommand::Create {
                    name,
                    scopes,
                    label,
                },
        } => {
            let app = tessera::app::build(config, Default::default()).await?;
            let data = app.context();
            let scopes = scopes
                .map(|s| tessera::services::sessions::Scopes::parse(&s))
                .transpose()
                .map_err(|e| anyhow::anyhow!("--scopes: {e}"))?;
            let token =
                tessera::services::sessions::create_scoped_api_token(&data, &name, &label, scopes)
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot make a token for {name:?}: {e}"))?;
            println!("{token}");
            Ok(())
        }
    }
}
