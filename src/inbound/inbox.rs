//! The inbox: per-actor inboxes and the shared inbox share one handler.
//!
//! Cheap checks run before anything is fetched, so that an unsigned, malformed, replayed or
//! duplicate request causes no outbound request at all: body size (413), a `Signature`
//! header that signs `(request-target)`, `host`, `digest` and `date` or `(created)` with a
//! key on the activity's host (401), a signing time within the window (401), JSON no deeper than
//! [`MAX_JSON_DEPTH`] with `id`, `type` and `actor` (400), and an id not seen in the last
//! [`REMEMBER_DAYS`] days (202, not processed again). Before all of them, a host over its
//! quota of activities (`limits.inbox`) gets 429 with `Retry-After`. Only then is the
//! digest checked, the actor fetched if unknown, the signature verified, and the activity
//! dispatched (`inbound::verify`, the library's steps with a faster RSA check).

use crate::db::models::actor::Actor;
use crate::db::models::received_activity::ReceivedActivity;
use crate::error::{AppError, AppResult};
use crate::limits::{Action, Key};
use crate::state::{authority, Ctx};
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use url::Url;

/// Largest accepted activity. The library reads at most 1 MiB; we answer 413 above that
/// instead of failing inside it.
pub const MAX_INBOX_BODY: usize = 1024 * 1024;
/// Deepest JSON nesting accepted; real activities stay under 10.
pub const MAX_JSON_DEPTH: usize = 32;
pub use crate::db::models::received_activity::REMEMBER_DAYS;
/// A signed request's `Date` or `(created)` may be this old (replays of older requests are refused)...
pub const DATE_MAX_AGE_SECS: i64 = 3600;
/// ... or this far in the future (clock skew).
pub const DATE_MAX_SKEW_SECS: i64 = 300;

/// The nesting depth of a JSON text, without parsing it (strings are skipped).
pub fn json_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in bytes {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The parameters of a `Signature` header.
fn signature_params(header: &str) -> std::collections::HashMap<String, String> {
    header
        .split(',')
        .filter_map(|part| {
            let (k, v) = part.trim().split_once('=')?;
            Some((
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_string(),
            ))
        })
        .collect()
}

pub async fn post_inbox(data: Ctx, request: Request) -> Response {
    let mut kind = None;
    let result = handle(&data, request, &mut kind).await;
    let (response, outcome) = match result {
        Ok(received) => (StatusCode::ACCEPTED.into_response(), received.as_str()),
        Err(e) => {
            let response = e.into_response();
            let outcome = match response.status().as_u16() {
                400 | 422 => "malformed",
                401 => "unauthenticated",
                403 => "refused",
                413 => "too_large",
                429 => "rate_limited",
                500.. => "error",
                _ => "rejected",
            };
            (response, outcome)
        }
    };
    data.metrics.inbox(kind.as_deref(), outcome);
    response
}

/// What became of an activity that was not refused.
enum Received {
    Processed,
    /// Seen before (or being processed by a concurrent copy): acknowledged only.
    Duplicate,
    /// About nothing we hold (the Delete of an actor we never knew).
    Ignored,
}

impl Received {
    fn as_str(&self) -> &'static str {
        match self {
            Received::Processed => "accepted",
            Received::Duplicate => "duplicate",
            Received::Ignored => "ignored",
        }
    }
}

/// The first host in an activity that the hub does not federate with: the signer, the
/// activity, its actor, and (two levels down, so that an Announce of a Create is seen
/// through) its object's id, actor and author. A blocked actor's post relayed by an allowed
/// server is refused like the post itself.
fn blocked_party(data: &Ctx, key_owner: &Url, json: &Value) -> Option<String> {
    let rules = data.domains.rules();
    let mut urls: Vec<&str> = vec![key_owner.as_str()];
    named_ids(json, &mut urls);
    urls.into_iter()
        .filter_map(|u| Url::parse(u).ok())
        .filter_map(|u| u.host_str().map(str::to_string))
        .find(|host| rules.is_suspended(host))
}

/// The ids an activity names as its own, its actor's, and (two levels down) its object's id,
/// actor and author.
fn named_ids<'a>(json: &'a Value, urls: &mut Vec<&'a str>) {
    fn collect<'a>(v: &'a Value, depth: usize, out: &mut Vec<&'a str>) {
        match v {
            Value::String(s) => out.push(s),
            Value::Array(items) => {
                for item in items.iter().take(50) {
                    collect(item, depth, out);
                }
            }
            Value::Object(map) => {
                for key in ["id", "actor", "attributedTo"] {
                    if let Some(inner) = map.get(key) {
                        collect(inner, 0, out);
                    }
                }
                if depth > 0 {
                    if let Some(inner) = map.get("object") {
                        collect(inner, depth - 1, out);
                    }
                }
            }
            _ => {}
        }
    }
    collect(json, 3, urls);
}

/// The `keyId` of a `Signature` header, without its fragment.
fn signature_key_owner(header: &str) -> Option<Url> {
    let start = header.find("keyId=\"")? + "keyId=\"".len();
    let rest = &header[start..];
    let key_id = &rest[..rest.find('"')?];
    let mut url = Url::parse(key_id).ok()?;
    url.set_fragment(None);
    Some(url)
}

/// `kind` is set to the activity's type as soon as it is read, for the metrics.
async fn handle(
    data: &Ctx,
    request: Request,
    kind_seen: &mut Option<String>,
) -> AppResult<Received> {
    let (parts, body) = request.into_parts();
    // A host over its quota (`limits.inbox`) is refused before its body is read and before
    // any lookup or fetch. A header without a usable keyId is refused below anyway.
    let key_host = parts
        .headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .and_then(signature_key_owner)
        .map(|owner| authority(&owner));
    if let Some(host) = key_host {
        data.limits.check(Action::Inbox, &Key::Host(host))?;
    }
    let bytes: Bytes = axum::body::to_bytes(body, MAX_INBOX_BODY)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;

    let signature = parts
        .headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AppError::Signature("missing Signature header".into()))?;
    let key_owner = signature_key_owner(signature)
        .ok_or_else(|| AppError::Signature("Signature header has no usable keyId".into()))?;
    let params = signature_params(signature);
    let signed: Vec<&str> = params
        .get("headers")
        .map(|h| h.split_whitespace().collect())
        .unwrap_or_default();
    let covers = |name: &str| signed.iter().any(|h| h.eq_ignore_ascii_case(name));
    for required in ["(request-target)", "host", "digest"] {
        if !covers(required) {
            return Err(AppError::Signature(format!(
                "the signature does not cover {required}"
            )));
        }
    }
    // The time the request was signed: `(created)` (draft 11, as Lemmy and this library send)
    // or the signed `Date` header (as Mastodon sends). Either must be within the window.
    let signed_at = if covers("(created)") {
        params
            .get("created")
            .and_then(|c| c.parse::<i64>().ok())
            .and_then(|c| chrono::DateTime::from_timestamp(c, 0))
    } else if covers("date") {
        parts
            .headers
            .get("date")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .map(chrono::DateTime::<chrono::Utc>::from)
    } else {
        None
    };
    let signed_at = signed_at.ok_or_else(|| {
        AppError::Signature("the signature covers neither a readable Date nor (created)".into())
    })?;
    let age = chrono::Utc::now()
        .signed_duration_since(signed_at)
        .num_seconds();
    if age > DATE_MAX_AGE_SECS || -age > DATE_MAX_SKEW_SECS {
        return Err(AppError::Signature(format!(
            "signed {age}s ago, outside the accepted window"
        )));
    }

    if json_depth(&bytes) > MAX_JSON_DEPTH {
        return Err(AppError::BadRequest(format!(
            "JSON nested deeper than {MAX_JSON_DEPTH}"
        )));
    }
    let json: Value =
        serde_json::from_slice(&bytes).map_err(|e| AppError::bad_input("activity JSON", e))?;
    let field = |name: &str| json.get(name).and_then(Value::as_str);
    // The actor may be given as an id, an embedded actor or a list of one (see `lenient`).
    let actor = json.get("actor").map(crate::federation::lenient::id_of);
    *kind_seen = field("type").map(str::to_string);
    let (Some(id), Some(kind), Some(actor)) = (field("id"), field("type"), actor) else {
        return Err(AppError::BadRequest(
            "an activity needs string id, type and actor".into(),
        ));
    };
    let actor = actor.ok_or_else(|| AppError::BadRequest("the actor is not a URL".into()))?;
    if authority(&key_owner) != authority(&actor) {
        return Err(AppError::Signature(format!(
            "key {key_owner} cannot sign for {actor}"
        )));
    }

    if let Some(blocked) = blocked_party(data, &key_owner, &json) {
        tracing::warn!(activity = id, %blocked, "refused: from or about a blocked domain");
        return Err(AppError::Refused(format!(
            "{blocked} is blocked by this hub"
        )));
    }

    // Claim the id first: a copy seen before (or being processed right now) is acknowledged
    // without being processed again. Every refusal below gives the claim back, so that a
    // corrected retry by the sender is not taken for a duplicate.
    let mut conn = data.pool.get().await?;
    if !ReceivedActivity::insert_new(&mut conn, id, crate::db::now()).await? {
        tracing::info!(
            activity = id,
            "duplicate activity acknowledged, not processed again"
        );
        return Ok(Received::Duplicate);
    }

    // A deleted account announces its own deletion; its key can no longer be fetched and we
    // hold nothing of it, so there is nothing to verify or do.
    if kind == "Delete"
        && json.get("object").and_then(Value::as_str) == Some(actor.as_str())
        && Actor::find_by_ap_id(&mut conn, actor.as_str())
            .await?
            .is_none()
    {
        tracing::info!(activity = id, "Delete of an actor we never knew; ignored");
        return Ok(Received::Ignored);
    }

    // A suspended account is refused on every path, as its domain would be: sending, or
    // relayed (its post in a community's Announce).
    let mut named = Vec::new();
    named_ids(&json, &mut named);
    named.sort_unstable();
    named.dedup();
    if let Some(suspended) = Actor::first_suspended(&mut conn, &named).await? {
        tracing::warn!(activity = id, account = %suspended, "refused: a suspended account");
        ReceivedActivity::forget(&mut conn, id).await?;
        return Err(AppError::Refused(format!("{suspended} is suspended here")));
    }
    drop(conn);

    let mut result = verify_and_dispatch(data, &parts, &bytes).await;
    // A sender that rotated its key signs with a key we have not seen: fetch the actor again
    // (at most once a minute per actor, so bad signatures cannot make us fetch at will) and
    // retry once if its key changed, as Mastodon does.
    if matches!(result, Err(AppError::Signature(_))) && refreshed_key(data, &actor).await {
        result = verify_and_dispatch(data, &parts, &bytes).await;
    }
    if result.is_err() {
        // Not processed: a corrected retry by the sender must not be taken for a duplicate.
        let mut conn = data.pool.get().await?;
        ReceivedActivity::forget(&mut conn, id).await?;
    }
    match result {
        Ok(()) => {
            tracing::info!(activity = id, kind, "activity received");
            // A host that talks to us is alive, whatever our deliveries to it said. Written
            // once a minute per host at most: a busy peer's every activity would otherwise
            // take the database's write lock twice more.
            let host = authority(&actor);
            if contact_due(&data.config.server.domain, &host) {
                let mut conn = data.pool.get().await?;
                crate::db::models::host::Host::contacted(&mut conn, &host).await?;
                crate::db::models::peer::Peer::touch(&mut conn, &host).await?;
            }
            Ok(Received::Processed)
        }
        // The signing actor could not be fetched: we cannot verify who sent this.
        Err(AppError::Remote(e)) => Err(AppError::Signature(format!(
            "could not verify the sender {actor}: {e}"
        ))),
        Err(e) => Err(e),
    }
}

/// How often a host's contact is written down.
const CONTACT_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether `host`'s contact with this hub (`ours`, so that hubs sharing a test process keep
/// apart) should be written now: the first time, then once a minute. Until a host failed,
/// skipping costs nothing; after, its circuit closes within the minute.
fn contact_due(ours: &str, host: &str) -> bool {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};
    use std::time::Instant;
    static LAST: LazyLock<Mutex<HashMap<(String, String), Instant>>> =
        LazyLock::new(Default::default);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    let key = (ours.to_string(), host.to_string());
    match last.get(&key) {
        Some(at) if at.elapsed() < CONTACT_EVERY => false,
        _ => {
            if last.len() >= 10_000 {
                last.clear();
            }
            last.insert(key, Instant::now());
            true
        }
    }
}

async fn verify_and_dispatch(
    data: &Ctx,
    parts: &axum::http::request::Parts,
    bytes: &Bytes,
) -> AppResult<()> {
    crate::inbound::verify::receive(data, parts, bytes).await
}

/// How often a known actor's key may be fetched again after a signature failure.
const KEY_REFRESH_MIN_SECS: i64 = 60;

/// Fetches a known actor again; true when its public key changed.
async fn refreshed_key(data: &Ctx, actor_id: &Url) -> bool {
    let known = match data.pool.get().await {
        Ok(mut conn) => Actor::find_by_ap_id(&mut conn, actor_id.as_str())
            .await
            .ok()
            .flatten(),
        Err(_) => None,
    };
    let Some(known) = known.filter(|a| !a.is_local) else {
        return false;
    };
    let age = crate::db::now() - known.last_refreshed_at;
    if age.num_seconds() < KEY_REFRESH_MIN_SECS {
        return false;
    }
    let id = activitypub_federation::fetch::object_id::ObjectId::<Actor>::from(actor_id.clone());
    match id.dereference_forced(data).await {
        Ok(fresh) => {
            let changed = fresh.public_key_pem != known.public_key_pem;
            tracing::info!(actor = %actor_id, changed, "actor fetched again after a signature failure");
            changed
        }
        Err(e) => {
            tracing::info!(actor = %actor_id, error = %e, "actor could not be fetched again");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_depth_skips_strings() {
        assert_eq!(json_depth(br#"{"a": [1, {"b": "[[[{{{"}]}"#), 3);
        assert_eq!(json_depth(br#""x\\"[""#), 1);
        assert_eq!(json_depth(&[b'['; 100]), 100);
    }

    #[test]
    fn key_owner_is_key_id_without_fragment() {
        let h = r#"keyId="https://a.example/users/x#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="abc""#;
        assert_eq!(
            signature_key_owner(h).map(|u| u.to_string()).as_deref(),
            Some("https://a.example/users/x")
        );
        assert!(signature_key_owner("algorithm=\"rsa\"").is_none());
    }
}
