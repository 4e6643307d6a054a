//! One error type for the whole application, one status mapping and stable error codes.
//!
//! The JSON API answers `{"error": {"code": "...", "message": "..."}}` (with `fields`, every
//! failing field, for [`AppError::Invalid`]); the HTML pages show the translated message of
//! [`AppError::message_id`], and forms show each field's beside it.

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
    /// Several fields failed validation, each with its rule; collected by [`Checks`] so that
    /// a person sees every mistake at once. Never empty.
    #[error("invalid input: {}", codes(.0))]
    Invalid(Vec<FieldError>),
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
    /// A rate limit (`crate::limits`) is spent: 429 with `Retry-After`.
    #[error("too many requests; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
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
            AppError::Validation(_) | AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Remote(_) => StatusCode::BAD_GATEWAY,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
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
            AppError::Validation(_) | AppError::Invalid(_) => "validation_failed",
            AppError::Conflict(_) => "conflict",
            AppError::Signature(_) => "signature_invalid",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::Remote(_) => "remote_error",
            AppError::RateLimited { .. } => "rate_limited",
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
            AppError::Invalid(fields) => fields.first().map_or("error-bad-request", |f| f.code),
            AppError::Conflict(_) => "error-conflict",
            AppError::Remote(_) => "error-remote",
            AppError::RateLimited { .. } => "error-rate-limited",
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

    /// Input from a client or a remote server that does not parse: 400, saying what was
    /// wrong (`what` names the input: "activity", "request body", "inReplyTo URL").
    pub fn bad_input(what: &str, e: impl std::fmt::Display) -> AppError {
        AppError::BadRequest(format!("invalid {what}: {e}"))
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
        let mut body = json!({"error": {"code": self.code(), "message": self.public_message()}});
        if let AppError::Invalid(fields) = &self {
            // English text beside the codes, for people reading an answer in a terminal;
            // programs go by `field` and `code`.
            let fields: Vec<_> = fields
                .iter()
                .map(|f| {
                    let message = crate::i18n::translate(crate::i18n::DEFAULT, f.code, &[]);
                    json!({"field": f.field, "code": f.code, "message": message})
                })
                .collect();
            body["error"]["fields"] = json!(fields);
        }
        let mut response = (self.status(), axum::Json(body)).into_response();
        self.add_retry_after(&mut response);
        response
    }
}

impl AppError {
    /// The `Retry-After` of a rate limit's refusal, in seconds.
    pub fn add_retry_after(&self, response: &mut Response) {
        if let AppError::RateLimited { retry_after_secs } = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(*retry_after_secs),
            );
        }
    }
}

impl From<crate::limits::Limited> for AppError {
    fn from(l: crate::limits::Limited) -> Self {
        AppError::RateLimited {
            retry_after_secs: l.retry_after_secs,
        }
    }
}

/// One field that failed validation: its name (as the form and the JSON body name it) and
/// the rule it breaks (a translation id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
}

fn codes(fields: &[FieldError]) -> String {
    fields.iter().map(|f| f.code).collect::<Vec<_>>().join(", ")
}

/// Collects the failures of every field of a form or body, so that all are answered at
/// once ([`AppError::Invalid`]) rather than one per submission.
///
/// A failed check yields a stand-in value (`None`, or the caller's default) so that the
/// other fields are still checked; [`Checks::finish`] refuses before a stand-in is used.
#[derive(Debug, Default)]
pub struct Checks {
    errors: Vec<FieldError>,
    /// An error that is not about a field (a database failure): it wins over the fields.
    other: Option<AppError>,
}

impl Checks {
    pub fn new() -> Checks {
        Checks::default()
    }

    /// Records that `field` breaks the rule `code`. A field keeps its first failure: later
    /// rules about it usually follow from the first.
    pub fn fail(&mut self, field: &'static str, code: &'static str) {
        if !self.has(field) {
            self.errors.push(FieldError { field, code });
        }
    }

    /// Records the failure unless `ok`; returns `ok`.
    pub fn check(&mut self, ok: bool, field: &'static str, code: &'static str) -> bool {
        if !ok {
            self.fail(field, code);
        }
        ok
    }

    /// The value of a check that may fail: its validation error is recorded against
    /// `field` and `None` is returned.
    pub fn take<T>(&mut self, field: &'static str, result: AppResult<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.absorb(field, e);
                None
            }
        }
    }

    /// Adds an error: a single rule goes against `field`, several fields keep their own,
    /// anything else is kept to be returned as it is.
    pub fn absorb(&mut self, field: &'static str, error: AppError) {
        match error {
            AppError::Validation(code) => self.fail(field, code),
            AppError::Invalid(fields) => {
                for f in fields {
                    self.fail(f.field, f.code);
                }
            }
            other => {
                self.other.get_or_insert(other);
            }
        }
    }

    /// Whether `field` failed already (to skip checks that depend on it).
    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.other.is_none()
    }

    /// `Ok` when every check passed; otherwise the error that is not about a field, or
    /// every failing field.
    pub fn finish(self) -> AppResult<()> {
        match (self.other, self.errors.is_empty()) {
            (Some(e), _) => Err(e),
            (None, true) => Ok(()),
            (None, false) => Err(AppError::Invalid(self.errors)),
        }
    }

    /// The refusal, for a caller that knows something failed.
    pub fn error(self) -> AppError {
        match self.finish() {
            Err(e) => e,
            Ok(()) => AppError::Internal("a refusal without a reason".into()),
        }
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

/// Serialising or reading JSON of our own making: a fault here, not the client's. Input that
/// does not parse is mapped explicitly with [`AppError::bad_input`].
impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::Internal(format!("JSON of our own: {e}"))
    }
}

/// A URL built from our own configuration or rows: a fault here. URLs a client or remote
/// server gave are mapped explicitly with [`AppError::bad_input`].
impl From<url::ParseError> for AppError {
    fn from(e: url::ParseError) -> Self {
        AppError::Internal(format!("URL of our own: {e}"))
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A map with non-string keys cannot be JSON: a serialisation failure of our own.
    fn own_json() -> AppResult<serde_json::Value> {
        let mut map = std::collections::HashMap::new();
        map.insert((1, 2), "x");
        Ok(serde_json::to_value(map)?)
    }

    #[test]
    fn our_own_serialisation_failure_is_500() {
        let err = own_json().unwrap_err();
        assert!(matches!(err, AppError::Internal(_)), "{err:?}");
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(err.code(), "internal_error");
        assert_eq!(err.public_message(), "internal error");
        let url: AppResult<url::Url> = url::Url::parse("not a url").map_err(Into::into);
        assert_eq!(url.unwrap_err().status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn bad_input_is_400_and_says_what() {
        let parse = serde_json::from_slice::<serde_json::Value>(b"{oops").unwrap_err();
        let err = AppError::bad_input("activity JSON", parse);
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
        assert!(err
            .public_message()
            .starts_with("bad request: invalid activity JSON: "));
        let url = url::Url::parse("http//x").unwrap_err();
        let err = AppError::bad_input("actor URL", url);
        assert_eq!(
            err.public_message(),
            "bad request: invalid actor URL: relative URL without a base"
        );
    }

    #[test]
    fn checks_collect_every_field_and_keep_the_first_rule_of_each() {
        let mut c = Checks::new();
        assert!(c.check(true, "title", "event-error-title"));
        assert!(!c.check(false, "title", "event-error-title"));
        c.fail("title", "event-error-too-long");
        let zone: Option<i32> = c.take("time_zone", Err(AppError::Validation("event-error-zone")));
        assert_eq!(zone, None);
        assert_eq!(c.take("capacity", Ok(3)), Some(3));
        assert!(c.has("time_zone") && !c.has("capacity"));
        let err = c.finish().unwrap_err();
        assert_eq!(err.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.code(), "validation_failed");
        assert_eq!(err.message_id(), "event-error-title");
        assert_eq!(
            err.public_message(),
            "invalid input: event-error-title, event-error-zone"
        );
        assert!(Checks::new().finish().is_ok());
        // An error that is not about a field is returned as it is.
        let mut c = Checks::new();
        c.fail("title", "event-error-title");
        c.absorb("x", AppError::NotFound);
        assert!(matches!(c.finish(), Err(AppError::NotFound)));
    }
}
