//! The transport of e-mail: SMTP when `email.smtp_url` is set, else `.eml` files under
//! `email.dir` (logged), so that a hub runs without a mail server and tests read what was
//! sent. What is sent, and when, is decided by `services::emails`, which keeps every message
//! in the database until this transport has taken it.

use crate::config::Config;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl Mailer {
    /// The transport the configuration names; an error says which setting is wrong.
    pub fn new(config: &Config) -> Result<Mailer, String> {
        let from = sender(config)?;
        let transport = if config.email.smtp_url.trim().is_empty() {
            let dir = PathBuf::from(&config.email.dir);
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("email.dir {}: {e}", dir.display()))?;
            Transport::File(AsyncFileTransport::new(&dir), dir)
        } else {
            let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(config.email.smtp_url.trim())
                .map_err(|e| format!("email.smtp_url: {e}"))?
                .build();
            Transport::Smtp(smtp)
        };
        Ok(Mailer { transport, from })
    }

    /// Sends one message with a plain-text and an HTML part.
    pub async fn send(
        &self,
        to: &str,
        subject: &str,
        text: &str,
        html: &str,
    ) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("recipient {to:?}: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.clone())
            .subject(subject)
            .multipart(MultiPart::alternative_plain_html(
                text.to_string(),
                html.to_string(),
            ))
            .map_err(|e| format!("message: {e}"))?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.map_err(|e| format!("SMTP: {e}"))?;
            }
            Transport::File(files, dir) => {
                let id = files
                    .send(message)
                    .await
                    .map_err(|e| format!("file transport: {e}"))?;
                tracing::info!(to = %to.email, subject, file = %dir.join(format!("{id}.eml")).display(), "e-mail written to a file (no SMTP configured)");
            }
        }
        Ok(())
    }
}

/// `email.from`, or `noreply@` the hub's domain (without its port) named after the hub.
pub fn sender(config: &Config) -> Result<Mailbox, String> {
    let from = config.email.from.trim();
    if !from.is_empty() {
        return from
            .parse()
            .map_err(|e| format!("email.from {from:?}: {e} (write Name <address@example.org>)"));
    }
    let host = config.server.domain.split(':').next().unwrap_or_default();
    let host = if host.contains('.') {
        host.to_string()
    } else {
        format!("{host}.localdomain")
    };
    let address: lettre::Address = format!("noreply@{host}")
        .parse()
        .map_err(|e| format!("email.from (from server.domain): {e}"))?;
    Ok(Mailbox::new(
        Some(config.instance.name.trim().to_string()),
        address,
    ))
}
