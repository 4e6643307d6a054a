//! Communities (FEP-1b12 groups), their moderators and members, and the people banned from
//! them. The actor row holds name, summary and keys; [`Community`] what only a community has.

use crate::db::models::actor::Actor;
use crate::db::models::follow::STATE_ACCEPTED;
use crate::db::schema::{actors, communities, community_bans, community_roles, follows, posts};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

crate::text_enum! {
    /// Who may start threads and reply in a community.
    pub enum Posting ("community posting rule") {
        /// Any follower may start threads and reply.
        Followers = "followers",
        /// Only members and moderators may start threads and reply.
        Members = "members",
    }
}

crate::text_enum! {
    /// A role in a community.
    pub enum CommunityRole ("community role") {
        Moderator = "moderator",
        Member = "member",
    }
}

// The names call sites have always used, now typed.
pub const POSTING_FOLLOWERS: Posting = Posting::Followers;
pub const POSTING_MEMBERS: Posting = Posting::Members;
pub const ROLE_MODERATOR: CommunityRole = CommunityRole::Moderator;
pub const ROLE_MEMBER: CommunityRole = CommunityRole::Member;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = communities, primary_key(actor_id))]
pub struct Community {
    pub actor_id: i64,
    pub description_source: String,
    pub description_html: String,
    pub rules_source: String,
    pub rules_html: String,
    /// Space-separated BCP 47 tags.
    pub languages: String,
    pub posting: Posting,
    /// A remote community's moderators collection (Lemmy's `attributedTo`).
    pub moderators_url: Option<String>,
    pub featured_url: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = communities)]
#[diesel(treat_none_as_null = true)]
pub struct CommunityForm {
    pub actor_id: i64,
    pub description_source: String,
    pub description_html: String,
    pub rules_source: String,
    pub rules_html: String,
    pub languages: String,
    pub posting: Posting,
    pub moderators_url: Option<String>,
    pub featured_url: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = community_bans)]
pub struct CommunityBan {
    pub community_id: i64,
    pub actor_id: i64,
    pub reason: String,
    pub expires_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A community with its actor and counts, for lists.
#[derive(Debug, Clone)]
pub struct CommunitySummary {
    pub community: Community,
    pub actor: Actor,
    pub followers: i64,
    pub threads: i64,
}

impl Community {
    /// Forgets a remote community (deleted at its origin, or its hub's entries removed).
    pub async fn delete(conn: &mut DbConn, actor_id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(communities::table.find(actor_id))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub fn language_list(&self) -> Vec<&str> {
        self.languages.split_whitespace().collect()
    }

    /// Inserts or replaces the community row of an actor.
    pub async fn save(conn: &mut DbConn, form: &CommunityForm) -> DbResult<Community> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(communities::table)
            .values((
                form,
                communities::created_at.eq(now),
                communities::updated_at.eq(now)
            ))
            .on_conflict(communities::actor_id)
            .do_update()
            .set((form, communities::updated_at.eq(now)))
            .returning(Community::as_returning())
            .get_result(c)
            .await)?)
    }

    pub async fn find(conn: &mut DbConn, actor_id: i64) -> DbResult<Option<Community>> {
        Ok(db_run!(conn, |c| communities::table
            .find(actor_id)
            .select(Community::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// The community whose moderators or featured collection is `url` (remote communities
    /// record theirs).
    pub async fn find_by_collection(conn: &mut DbConn, url: &str) -> DbResult<Option<i64>> {
        let url = url.to_string();
        Ok(db_run!(conn, |c| communities::table
            .filter(
                communities::moderators_url
                    .eq(&url)
                    .or(communities::featured_url.eq(&url))
            )
            .select(communities::actor_id)
            .first(c)
            .await
            .optional())?)
    }

    /// A community and its actor by the actor's id.
    pub async fn with_actor(
        conn: &mut DbConn,
        actor_id: i64,
    ) -> DbResult<Option<(Community, Actor)>> {
        Ok(db_run!(conn, |c| communities::table
            .inner_join(actors::table)
            .filter(communities::actor_id.eq(actor_id))
            .select((Community::as_select(), Actor::as_select()))
            .first(c)
            .await
            .optional())?)
    }

    /// A community by handle: `name` for a local one, `name@domain` for a remote one.
    pub async fn by_handle(
        conn: &mut DbConn,
        username: &str,
        domain: Option<&str>,
    ) -> DbResult<Option<(Community, Actor)>> {
        let username = username.to_lowercase();
        let domain = domain.map(str::to_lowercase);
        Ok(db_run!(conn, |c| {
            let mut q = communities::table
                .inner_join(actors::table)
                .filter(actors::username.eq(&username))
                .into_boxed();
            q = match &domain {
                Some(d) => q
                    .filter(actors::domain.eq(d))
                    .filter(actors::is_local.eq(false)),
                None => q.filter(actors::is_local.eq(true)),
            };
            q.select((Community::as_select(), Actor::as_select()))
                .first(c)
                .await
                .optional()
        })?)
    }

    /// Every community (local first, then remote ones someone here follows), by name, with
    /// follower and thread counts. `language` keeps those that list it.
    pub async fn list(
        conn: &mut DbConn,
        language: Option<&str>,
    ) -> DbResult<Vec<CommunitySummary>> {
        let rows: Vec<(Community, Actor)> = db_run!(conn, |c| communities::table
            .inner_join(actors::table)
            .order((actors::is_local.desc(), actors::display_name.asc()))
            .limit(500)
            .select((Community::as_select(), Actor::as_select()))
            .load(c)
            .await)?;
        let mut out = Vec::new();
        for (community, actor) in rows {
            if let Some(lang) = language {
                if !community
                    .language_list()
                    .iter()
                    .any(|l| l.eq_ignore_ascii_case(lang))
                {
                    continue;
                }
            }
            let id = actor.id;
            let followers: i64 = db_run!(conn, |c| follows::table
                .filter(follows::followee_id.eq(id))
                .filter(follows::state.eq(STATE_ACCEPTED))
                .count()
                .get_result(c)
                .await)?;
            let threads: i64 = db_run!(conn, |c| posts::table
                .filter(posts::community_id.eq(id))
                .filter(posts::thread_id.is_null())
                .filter(posts::deleted_at.is_null())
                .filter(posts::removed_at.is_null())
                .count()
                .get_result(c)
                .await)?;
            out.push(CommunitySummary {
                community,
                actor,
                followers,
                threads,
            });
        }
        Ok(out)
    }

    /// Gives `actor_id` a role (replacing any other).
    pub async fn set_role(
        conn: &mut DbConn,
        community_id: i64,
        actor_id: i64,
        role: CommunityRole,
    ) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::insert_into(community_roles::table)
            .values((
                community_roles::community_id.eq(community_id),
                community_roles::actor_id.eq(actor_id),
                community_roles::role.eq(role),
                community_roles::created_at.eq(now),
            ))
            .on_conflict((community_roles::community_id, community_roles::actor_id))
            .do_update()
            .set(community_roles::role.eq(role))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn remove_role(conn: &mut DbConn, community_id: i64, actor_id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            community_roles::table
                .filter(community_roles::community_id.eq(community_id))
                .filter(community_roles::actor_id.eq(actor_id))
        )
        .execute(c)
        .await)?;
        Ok(())
    }

    /// The communities `actor_id` moderates.
    pub async fn moderated_by(conn: &mut DbConn, actor_id: i64) -> DbResult<Vec<i64>> {
        Ok(db_run!(conn, |c| community_roles::table
            .filter(community_roles::actor_id.eq(actor_id))
            .filter(community_roles::role.eq(ROLE_MODERATOR))
            .select(community_roles::community_id)
            .load(c)
            .await)?)
    }

    /// The communities where `actor_id` has any role.
    pub async fn roles_of(conn: &mut DbConn, actor_id: i64) -> DbResult<Vec<i64>> {
        Ok(db_run!(conn, |c| community_roles::table
            .filter(community_roles::actor_id.eq(actor_id))
            .select(community_roles::community_id)
            .load(c)
            .await)?)
    }

    pub async fn role_of(
        conn: &mut DbConn,
        community_id: i64,
        actor_id: i64,
    ) -> DbResult<Option<CommunityRole>> {
        Ok(db_run!(conn, |c| community_roles::table
            .filter(community_roles::community_id.eq(community_id))
            .filter(community_roles::actor_id.eq(actor_id))
            .select(community_roles::role)
            .first(c)
            .await
            .optional())?)
    }

    /// The actors with `role`, in the order they got it.
    pub async fn with_role(
        conn: &mut DbConn,
        community_id: i64,
        role: CommunityRole,
    ) -> DbResult<Vec<Actor>> {
        Ok(db_run!(conn, |c| community_roles::table
            .inner_join(actors::table.on(actors::id.eq(community_roles::actor_id)))
            .filter(community_roles::community_id.eq(community_id))
            .filter(community_roles::role.eq(role))
            .order(community_roles::created_at.asc())
            .select(Actor::as_select())
            .load(c)
            .await)?)
    }

    pub async fn ban(
        conn: &mut DbConn,
        community_id: i64,
        actor_id: i64,
        reason: &str,
        expires_at: Option<NaiveDateTime>,
    ) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::insert_into(community_bans::table)
            .values((
                community_bans::community_id.eq(community_id),
                community_bans::actor_id.eq(actor_id),
                community_bans::reason.eq(reason),
                community_bans::expires_at.eq(expires_at),
                community_bans::created_at.eq(now),
            ))
            .on_conflict((community_bans::community_id, community_bans::actor_id))
            .do_update()
            .set((
                community_bans::reason.eq(reason),
                community_bans::expires_at.eq(expires_at),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn unban(conn: &mut DbConn, community_id: i64, actor_id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            community_bans::table
                .filter(community_bans::community_id.eq(community_id))
                .filter(community_bans::actor_id.eq(actor_id))
        )
        .execute(c)
        .await)?;
        Ok(())
    }

    /// Whether `actor_id` is banned from the community now.
    pub async fn is_banned(
        conn: &mut DbConn,
        community_id: i64,
        actor_id: i64,
        now: NaiveDateTime,
    ) -> DbResult<bool> {
        let n: i64 = db_run!(conn, |c| community_bans::table
            .filter(community_bans::community_id.eq(community_id))
            .filter(community_bans::actor_id.eq(actor_id))
            .filter(
                community_bans::expires_at
                    .is_null()
                    .or(community_bans::expires_at.gt(now))
            )
            .count()
            .get_result(c)
            .await)?;
        Ok(n > 0)
    }

    pub async fn bans(
        conn: &mut DbConn,
        community_id: i64,
    ) -> DbResult<Vec<(CommunityBan, Actor)>> {
        Ok(db_run!(conn, |c| community_bans::table
            .inner_join(actors::table.on(actors::id.eq(community_bans::actor_id)))
            .filter(community_bans::community_id.eq(community_id))
            .order(community_bans::created_at.desc())
            .select((CommunityBan::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }
}
