//! Actors: every local or remote ActivityPub actor, keyed by its `ap_id`.

use crate::db::models::search_index;
use crate::db::schema::actors;
use crate::db::types::DbUrl;
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = actors)]
pub struct Actor {
    pub id: i64,
    pub ap_id: DbUrl,
    pub kind: String,
    pub username: String,
    pub domain: String,
    pub display_name: String,
    pub summary: String,
    pub inbox_url: String,
    pub shared_inbox_url: Option<String>,
    pub outbox_url: Option<String>,
    pub followers_url: Option<String>,
    pub following_url: Option<String>,
    pub profile_url: Option<String>,
    pub public_key_pem: String,
    pub private_key_pem: Option<String>,
    pub is_local: bool,
    pub manually_approves_followers: bool,
    pub discoverable: bool,
    pub published: Option<NaiveDateTime>,
    pub last_refreshed_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    /// An admin's decision on the account: ok, limited or suspended.
    pub standing: String,
    /// Whether a domain block limits the actor's domain (kept in step with the blocks).
    pub domain_limited: bool,
}

/// Everything an actor row holds, for insert and for refreshing a remote actor.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = actors)]
#[diesel(treat_none_as_null = true)]
pub struct ActorForm {
    pub ap_id: String,
    pub kind: String,
    pub username: String,
    pub domain: String,
    pub display_name: String,
    pub summary: String,
    pub inbox_url: String,
    pub shared_inbox_url: Option<String>,
    pub outbox_url: Option<String>,
    pub followers_url: Option<String>,
    pub following_url: Option<String>,
    pub profile_url: Option<String>,
    pub public_key_pem: String,
    pub private_key_pem: Option<String>,
    pub is_local: bool,
    pub manually_approves_followers: bool,
    pub discoverable: bool,
    pub published: Option<NaiveDateTime>,
    pub last_refreshed_at: NaiveDateTime,
    pub domain_limited: bool,
}

/// The fields a local member edits on the settings page.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = actors)]
pub struct ProfileChanges {
    pub display_name: String,
    pub summary: String,
    pub manually_approves_followers: bool,
}

impl Actor {
    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<Actor>> {
        Ok(db_run!(conn, |c| actors::table
            .find(id)
            .select(Actor::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_ap_id(conn: &mut DbConn, ap_id: &str) -> DbResult<Option<Actor>> {
        Ok(db_run!(conn, |c| actors::table
            .filter(actors::ap_id.eq(ap_id))
            .select(Actor::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// The local actor whose followers collection is at `url` (addressing names it).
    pub async fn find_by_followers_url(conn: &mut DbConn, url: &str) -> DbResult<Option<Actor>> {
        let url = url.to_string();
        Ok(db_run!(conn, |c| actors::table
            .filter(actors::followers_url.eq(&url))
            .filter(actors::is_local.eq(true))
            .select(Actor::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Several actors by id, in one query (the organisers of a page of events).
    pub async fn find_many(conn: &mut DbConn, ids: &[i64]) -> DbResult<Vec<Actor>> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let ids = ids.to_vec();
        Ok(db_run!(conn, |c| actors::table
            .filter(actors::id.eq_any(ids.clone()))
            .select(Actor::as_select())
            .load(c)
            .await)?)
    }

    /// The actors among `ap_ids` that are stored, local or not (the organisers of a
    /// backfill page), in one query.
    pub async fn find_by_ap_ids(conn: &mut DbConn, ap_ids: &[String]) -> DbResult<Vec<Actor>> {
        if ap_ids.is_empty() {
            return Ok(vec![]);
        }
        let ap_ids = ap_ids.to_vec();
        Ok(db_run!(conn, |c| actors::table
            .filter(actors::ap_id.eq_any(ap_ids.clone()))
            .select(Actor::as_select())
            .load(c)
            .await)?)
    }

    /// The local actors among `ap_ids` (the addressees of an incoming post).
    pub async fn find_local_by_ap_ids(
        conn: &mut DbConn,
        ap_ids: &[String],
    ) -> DbResult<Vec<Actor>> {
        if ap_ids.is_empty() {
            return Ok(vec![]);
        }
        Ok(db_run!(conn, |c| actors::table
            .filter(actors::is_local.eq(true))
            .filter(actors::ap_id.eq_any(ap_ids))
            .select(Actor::as_select())
            .load(c)
            .await)?)
    }

    /// An actor by the address of its profile page (what people copy from a browser).
    pub async fn find_by_profile_url(conn: &mut DbConn, url: &str) -> DbResult<Option<Actor>> {
        Ok(db_run!(conn, |c| actors::table
            .filter(actors::profile_url.eq(url))
            .select(Actor::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// The first of `ap_ids` that is a suspended account, if any.
    pub async fn first_suspended(conn: &mut DbConn, ap_ids: &[&str]) -> DbResult<Option<String>> {
        if ap_ids.is_empty() {
            return Ok(None);
        }
        Ok(db_run!(conn, |c| actors::table
            .filter(actors::ap_id.eq_any(ap_ids))
            .filter(actors::standing.eq("suspended"))
            .select(actors::ap_id)
            .first::<String>(c)
            .await
            .optional())?)
    }

    /// Records an admin's decision on the account: ok, limited or suspended.
    pub async fn set_standing(conn: &mut DbConn, id: i64, standing: &str) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(actors::table.find(id))
            .set(actors::standing.eq(standing))
            .execute(c)
            .await)?;
        if crate::db::models::entry::DirectoryEntry::find(conn, id)
            .await?
            .is_some()
        {
            crate::db::models::directory_facets::log_change(conn, id).await?;
        }
        Ok(())
    }

    pub async fn find_local(conn: &mut DbConn, username: &str) -> DbResult<Option<Actor>> {
        Ok(db_run!(conn, |c| actors::table
            .filter(actors::is_local.eq(true))
            .filter(actors::username.eq(username))
            .select(Actor::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// A local actor the outside may see: the instance actor and active members
    /// (accounts awaiting approval do not exist to other servers yet).
    pub async fn find_local_visible(conn: &mut DbConn, username: &str) -> DbResult<Option<Actor>> {
        let Some(actor) = Self::find_local(conn, username).await? else {
            return Ok(None);
        };
        // A deleted project or organisation keeps its row (its handle stays taken) but is
        // no longer served, found or followable.
        if matches!(actor.kind.as_str(), "Group" | "Organization") {
            let entry: i64 = db_run!(conn, |c| crate::db::schema::directory_entries::table
                .filter(crate::db::schema::directory_entries::actor_id.eq(actor.id))
                .count()
                .get_result(c)
                .await)?;
            // Communities are groups too, with a community row instead of an entry.
            let community: i64 = db_run!(conn, |c| crate::db::schema::communities::table
                .filter(crate::db::schema::communities::actor_id.eq(actor.id))
                .count()
                .get_result(c)
                .await)?;
            return Ok((entry + community > 0).then_some(actor));
        }
        let status: Option<crate::db::models::user::UserStatus> =
            db_run!(conn, |c| crate::db::schema::users::table
                .filter(crate::db::schema::users::actor_id.eq(actor.id))
                .select(crate::db::schema::users::status)
                .first(c)
                .await
                .optional())?;
        match status {
            Some(crate::db::models::user::STATUS_ACTIVE) => Ok(Some(actor)),
            // A person without an account is one who deleted it.
            None if actor.kind != "Person" => Ok(Some(actor)),
            _ => Ok(None),
        }
    }

    /// A remote actor by `@username@domain`; the most recently refreshed wins if a server
    /// re-created an account under a new id.
    pub async fn find_remote_by_handle(
        conn: &mut DbConn,
        username: &str,
        domain: &str,
    ) -> DbResult<Option<Actor>> {
        Ok(db_run!(conn, |c| actors::table
            .filter(actors::is_local.eq(false))
            .filter(actors::username.eq(username))
            .filter(actors::domain.eq(domain))
            .order(actors::last_refreshed_at.desc())
            .select(Actor::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn insert(conn: &mut DbConn, form: &ActorForm) -> DbResult<Actor> {
        let now = crate::db::now();
        let actor = db_run!(conn, |c| diesel::insert_into(actors::table)
            .values((form, actors::created_at.eq(now)))
            .returning(Actor::as_returning())
            .get_result(c)
            .await)?;
        search_index::index_actor(conn, &actor).await?;
        Ok(actor)
    }

    /// Inserts a remote actor or refreshes the stored copy, keyed by `ap_id`.
    pub async fn upsert_remote(conn: &mut DbConn, form: &ActorForm) -> DbResult<Actor> {
        let now = crate::db::now();
        let actor = db_run!(conn, |c| diesel::insert_into(actors::table)
            .values((form, actors::created_at.eq(now)))
            .on_conflict(actors::ap_id)
            .do_update()
            .set(form)
            .returning(Actor::as_returning())
            .get_result(c)
            .await)?;
        search_index::index_actor(conn, &actor).await?;
        Ok(actor)
    }

    /// Records the picture a remote actor shows (its `icon`), or that it has none.
    pub async fn set_icon_url(conn: &mut DbConn, id: i64, url: Option<&str>) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(actors::table.find(id))
            .set(actors::icon_url.eq(url))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// The pictures of those of `ids` that have one (remote actors' icons).
    pub async fn icon_urls(
        conn: &mut DbConn,
        ids: &[i64],
    ) -> DbResult<std::collections::HashMap<i64, String>> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let rows: Vec<(i64, Option<String>)> = db_run!(conn, |c| actors::table
            .filter(actors::id.eq_any(ids))
            .filter(actors::icon_url.is_not_null())
            .select((actors::id, actors::icon_url))
            .load(c)
            .await)?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, url)| url.map(|u| (id, u)))
            .collect())
    }

    pub async fn update_profile(
        conn: &mut DbConn,
        id: i64,
        changes: &ProfileChanges,
    ) -> DbResult<Actor> {
        let actor = db_run!(conn, |c| diesel::update(actors::table.find(id))
            .set(changes)
            .returning(Actor::as_returning())
            .get_result(c)
            .await)?;
        search_index::index_actor(conn, &actor).await?;
        Ok(actor)
    }

    /// The hub's own actor takes the name and description the admin set (served as its
    /// `name` and `summary`).
    pub async fn set_name_and_summary(
        conn: &mut DbConn,
        id: i64,
        name: &str,
        summary: &str,
    ) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(actors::table.find(id))
            .set((actors::display_name.eq(name), actors::summary.eq(summary)))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub fn parsed_ap_id(&self) -> &url::Url {
        &self.ap_id.0
    }

    /// `@username@domain`, the handle people type into search boxes.
    pub fn handle(&self) -> String {
        format!("@{}@{}", self.username, self.domain)
    }

    /// Where deliveries to this actor go: the shared inbox when it has one.
    pub fn delivery_inbox(&self) -> &str {
        delivery_inbox(&self.inbox_url, self.shared_inbox_url.as_deref())
    }

    pub fn display_name_or_username(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }

    /// Every remote server's inbox we know of, once per server where it has a shared inbox
    /// (where an account deletion is announced, as Mastodon does).
    pub async fn known_inboxes(conn: &mut DbConn) -> DbResult<Vec<String>> {
        let rows: Vec<(Option<String>, String)> = db_run!(conn, |c| actors::table
            .filter(actors::is_local.eq(false))
            .select((actors::shared_inbox_url, actors::inbox_url))
            .load(c)
            .await)?;
        let mut inboxes: Vec<String> = rows
            .into_iter()
            .map(|(shared, own)| shared.unwrap_or(own))
            .collect();
        inboxes.sort();
        inboxes.dedup();
        Ok(inboxes)
    }
}

/// Where deliveries for an actor go: its shared inbox when it has one on the same host as its
/// own inbox, else its inbox. Actor documents are refused when their endpoints are on another
/// host; this also keeps a row stored before that check from sending deliveries elsewhere.
pub fn delivery_inbox<'a>(inbox: &'a str, shared: Option<&'a str>) -> &'a str {
    let host = |u: &str| {
        url::Url::parse(u)
            .ok()
            .map(|u| (u.host_str().map(str::to_string), u.port_or_known_default()))
    };
    match shared {
        Some(s) if host(s).is_some() && host(s) == host(inbox) => s,
        _ => inbox,
    }
}

#[cfg(test)]
mod tests {
    use super::delivery_inbox;

    #[test]
    fn a_shared_inbox_elsewhere_is_not_used() {
        let inbox = "https://a.example/users/x/inbox";
        assert_eq!(
            delivery_inbox(inbox, Some("https://a.example/inbox")),
            "https://a.example/inbox"
        );
        assert_eq!(
            delivery_inbox(inbox, Some("https://b.example/inbox")),
            inbox
        );
        assert_eq!(
            delivery_inbox(inbox, Some("https://a.example:444/inbox")),
            inbox
        );
        assert_eq!(delivery_inbox(inbox, Some("not a url")), inbox);
        assert_eq!(delivery_inbox(inbox, None), inbox);
    }
}
