//! One error type for the whole application, one status mapping and stable error codes.
//!
//! The JSON API answers `{"error": {"code": "...", "message": "..."}}`; the HTML pages show
//! the translated message of [`AppError::message_id`].

use crate::db::DbError;
use activitypub_federation::error::Error as FedError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// It existed and was deleted (a Tombstone is all that is left).
    #[error("gone")]
    Gone,
    #[error("authentication required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    /// A remote server asked for something its sender may not do (a relayed activity that is
    /// not vouched for by its own actor, a moderation of content the community does not own);
    /// the text says why, for the log and the sender.
    #[error("refused: {0}")]
    Refused(String),
    /// A community rule refuses this (banned, locked thread, members only); the code names
    /// the rule (a translation id).
    #[error("not allowed: {0}")]
    NotAllowed(&'static str),
    #[error("invalid CSRF token")]
    Csrf,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A form or API field failed validation; the code names the rule (a translation id).
    #[error("invalid input: {0}")]
    Validation(&'static str),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("signature rejected: {0}")]
    Signature(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("remote server error: {0}")]
    Remote(String),
    #[error("database error: {0}")]
    Database(#[from] DbError),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Gone => StatusCode::GONE,
            AppError::Unauthorized | AppError::Signature(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden
            | AppError::Refused(_)
            | AppError::Csrf
            | AppError::NotAllowed(_) => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Remote(_) => StatusCode::BAD_GATEWAY,
            AppError::Database(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code clients may rely on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Gone => "gone",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden | AppError::Refused(_) => "forbidden",
            AppError::Csrf => "csrf_failed",
            AppError::NotAllowed(_) => "not_allowed",
            AppError::BadRequest(_) => "bad_request",
            AppError::Validation(_) => "validation_failed",
            AppError::Conflict(_) => "conflict",
            AppError::Signature(_) => "signature_invalid",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::Remote(_) => "remote_error",
            AppError::Database(_) | AppError::Internal(_) => "internal_error",
        }
    }

    /// The translation id of the message shown to people.
    pub fn message_id(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::Gone => "error-gone",
            AppError::Unauthorized | AppError::Signature(_) => "error-unauthorized",
            AppError::Forbidden | AppError::Refused(_) => "error-forbidden",
            AppError::Csrf => "error-csrf",
            AppError::BadRequest(_)
            | AppError::PayloadTooLarge
            | AppError::UnsupportedMediaType => "error-bad-request",
            AppError::Validation(id) | AppError::NotAllowed(id) => id,
            AppError::Conflict(_) => "error-conflict",
            AppError::Remote(_) => "error-remote",
            AppError::Database(_) | AppError::Internal(_) => "error-internal",
        }
    }

    /// What a client may be told: internals are not leaked.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Database(_) | AppError::Internal(_) => "internal error".into(),
            other => other.to_string(),
        }
    }

    /// Logs the error at a level matching its cause: server faults are errors,
    /// bad input is worth a line but not an alarm.
    pub fn log(&self) {
        if self.status().is_server_error() && !matches!(self, AppError::Remote(_)) {
            tracing::error!(code = self.code(), error = %self, "request failed");
        } else {
            tracing::info!(code = self.code(), error = %self, "request rejected");
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let body = json!({"error": {"code": self.code(), "message": self.public_message()}});
        (self.status(), axum::Json(body)).into_response()
    }
}

impl From<FedError> for AppError {
    fn from(e: FedError) -> Self {
        match e {
            FedError::NotFound => AppError::NotFound,
            FedError::ActivitySignatureInvalid => AppError::Signature(e.to_string()),
            FedError::ActivityBodyDigestInvalid => AppError::Signature(e.to_string()),
            FedError::ParseReceivedActivity { .. } => AppError::BadRequest(e.to_string()),
            FedError::UrlVerificationError(_)
            | FedError::DomainResolveError(_)
            | FedError::ResolveInternalIpError(..)
            | FedError::UrlParse(_) => AppError::BadRequest(e.to_string()),
            FedError::WebfingerResolveFailed(_) => AppError::NotFound,
            FedError::ObjectDeleted(_) => AppError::NotFound,
            other => AppError::Remote(other.to_string()),
        }
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::BadRequest(format!("invalid JSON: {e}"))
    }
}

impl From<url::ParseError> for AppError {
    fn from(e: url::ParseError) -> Self {
        AppError::BadRequest(format!("invalid URL: {e}"))
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e.to_string())
    }
}
