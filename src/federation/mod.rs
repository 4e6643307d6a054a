//! ActivityPub federation on top of `activitypub_federation`: wire types (`objects/`),
//! activities (`activities/`, one verb per file), the persistent delivery queue, the inbox,
//! collections, WebFinger and NodeInfo.

pub mod activities;
pub mod collections;
pub mod delivery;
pub mod http_client;
pub mod instance;
pub mod lenient;
pub mod nodeinfo;
pub mod objects;
pub mod outbox;
pub mod peering;
pub mod ssrf;
pub mod webfinger;

/// The id of an activity that follows from its object (the Delete of a post, the Update
/// of an event at one sequence): the same change always gets the same id, and, like every
/// id we give an activity, it is served at `/activities/{verb}/{key}` on the object's host.
pub fn derived_activity_id(
    object: &str,
    verb: &str,
    which: &str,
) -> crate::error::AppResult<url::Url> {
    use sha2::Digest;
    let mut id = url::Url::parse(object)?;
    let key = hex::encode(&sha2::Sha256::digest(format!("{object} {verb} {which}"))[..16]);
    id.set_path(&format!("/activities/{verb}/{key}"));
    id.set_query(None);
    id.set_fragment(None);
    Ok(id)
}

/// The `published` of an activity made now (RFC 3339, UTC): every activity we send carries
/// one. To the microsecond, since peers order two quick changes of one item by it.
pub fn published_now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub use crate::state::authority;

/// The JSON-LD context of our actor documents: ActivityStreams, security (public keys) and
/// the non-AS terms we use, each defined.
pub fn actor_context() -> serde_json::Value {
    let mut terms = objects::entry::context_terms();
    terms.extend(objects::community::context_terms());
    terms.extend(objects::replication::context_terms());
    terms.extend(objects::entry_link::context_terms());
    terms.extend(peering::profile::context_terms());
    terms.insert(
        "manuallyApprovesFollowers".into(),
        "as:manuallyApprovesFollowers".into(),
    );
    terms.insert("toot".into(), "http://joinmastodon.org/ns#".into());
    terms.insert("mz".into(), "https://joinmobilizon.org/ns#".into());
    terms.insert(
        "events".into(),
        serde_json::json!({"@id": "mz:events", "@type": "@id"}),
    );
    terms.insert("discoverable".into(), "toot:discoverable".into());
    serde_json::json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        terms
    ])
}

/// Ids and paths minted by this hub. All ids are absolute URLs under `base_url`.
pub struct Urls<'a> {
    base: &'a str,
}

impl<'a> Urls<'a> {
    pub fn new(base: &'a str) -> Self {
        Urls { base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn user(&self, name: &str) -> String {
        self.url(&format!("/users/{name}"))
    }
    pub fn user_inbox(&self, name: &str) -> String {
        self.url(&format!("/users/{name}/inbox"))
    }
    pub fn user_outbox(&self, name: &str) -> String {
        self.url(&format!("/users/{name}/outbox"))
    }
    pub fn user_followers(&self, name: &str) -> String {
        self.url(&format!("/users/{name}/followers"))
    }
    pub fn user_following(&self, name: &str) -> String {
        self.url(&format!("/users/{name}/following"))
    }
    pub fn profile_page(&self, name: &str) -> String {
        self.url(&format!("/@{name}"))
    }
    pub fn shared_inbox(&self) -> String {
        self.url("/inbox")
    }
    pub fn instance_actor(&self) -> String {
        self.url("/actor")
    }
    pub fn instance_inbox(&self) -> String {
        self.url("/actor/inbox")
    }
    pub fn instance_outbox(&self) -> String {
        self.url("/actor/outbox")
    }
    /// An uploaded image, named by its hash.
    pub fn media(&self, file_name: &str) -> String {
        self.url(&format!("/media/{file_name}"))
    }
    pub fn home(&self) -> String {
        self.url("/")
    }
    /// A fresh activity id. Like Mastodon's Follow ids these are not dereferenceable yet;
    /// the outgoing copy is kept in `outgoing_activities`.
    pub fn new_activity(&self, verb: &str) -> String {
        let mut bytes = [0u8; 16];
        rand::Rng::fill(&mut rand::thread_rng(), &mut bytes);
        self.url(&format!("/activities/{verb}/{}", hex::encode(bytes)))
    }
}
