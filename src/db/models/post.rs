//! Posts (notes, articles, pages), local or remote, and the local actors a non-public post
//! is addressed to.

use crate::db::models::actor::Actor;
use crate::db::models::follow::STATE_ACCEPTED;
use crate::db::models::search_index::{self, Indexed};
use crate::db::schema::{actors, follows, post_audience, posts};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

crate::text_enum! {
    /// Who may see a post.
    pub enum Visibility ("post visibility") {
        /// Anyone may see it, and it is listed on profiles and in the outbox.
        Public = "public",
        /// Anyone with the link may see it, but it is not listed (Mastodon's "quiet
        /// public").
        Unlisted = "unlisted",
        /// The author's followers only.
        Followers = "followers",
        /// Only the actors it is addressed to.
        Direct = "direct",
    }
}

// The names call sites have always used, now typed.
pub const VISIBILITY_PUBLIC: Visibility = Visibility::Public;
pub const VISIBILITY_UNLISTED: Visibility = Visibility::Unlisted;
pub const VISIBILITY_FOLLOWERS: Visibility = Visibility::Followers;
pub const VISIBILITY_DIRECT: Visibility = Visibility::Direct;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = posts)]
pub struct Post {
    pub id: i64,
    pub ap_id: String,
    pub author_id: i64,
    pub kind: String,
    pub name: Option<String>,
    pub summary: String,
    pub content_html: String,
    pub language: Option<String>,
    pub url: Option<String>,
    pub in_reply_to: Option<String>,
    pub visibility: Visibility,
    pub sensitive: bool,
    /// JSON array of `{url, media_type, name}`, validated before storage.
    pub attachments: String,
    pub is_local: bool,
    pub published: NaiveDateTime,
    pub updated: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// The community this was posted to (threads and their replies).
    pub community_id: Option<i64>,
    /// The root post of a reply in a community thread; `None` for the root itself.
    pub thread_id: Option<i64>,
    pub locked: bool,
    pub pinned: bool,
    /// Removed by a moderator (restorable), unlike `deleted_at` (by the author, for good).
    pub removed_at: Option<NaiveDateTime>,
    pub like_count: i32,
    /// The Markdown the author wrote (local posts), for editing.
    pub source: String,
    /// JSON `[{kind, name, href}]`: hashtags and mentions.
    pub tags: String,
    /// How many people boosted it (`post_boosts`).
    pub boost_count: i32,
}

/// Everything a post row holds, for insert and for an Update from its author.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = posts)]
#[diesel(treat_none_as_null = true)]
pub struct PostForm {
    pub ap_id: String,
    pub author_id: i64,
    pub kind: String,
    pub name: Option<String>,
    pub summary: String,
    pub content_html: String,
    pub language: Option<String>,
    pub url: Option<String>,
    pub in_reply_to: Option<String>,
    pub visibility: Visibility,
    pub sensitive: bool,
    pub attachments: String,
    pub is_local: bool,
    pub published: NaiveDateTime,
    pub updated: Option<NaiveDateTime>,
    pub community_id: Option<i64>,
    pub thread_id: Option<i64>,
    pub source: String,
    pub tags: String,
}

impl Post {
    pub fn is_listed(&self) -> bool {
        self.visibility == VISIBILITY_PUBLIC
    }

    /// Inserts a post; `None` when a post with the same `ap_id` exists already (a remote
    /// server delivered the same Create twice, concurrently).
    pub async fn insert(conn: &mut DbConn, form: &PostForm) -> DbResult<Option<Post>> {
        let now = crate::db::now();
        let post = db_run!(conn, |c| diesel::insert_into(posts::table)
            .values((form, posts::created_at.eq(now)))
            .on_conflict(posts::ap_id)
            .do_nothing()
            .returning(Post::as_returning())
            .get_result(c)
            .await
            .optional())?;
        if let Some(post) = &post {
            search_index::index_post(conn, post).await?;
        }
        Ok(post)
    }

    /// Replaces a post's fields (an Update from its author, or an edit here).
    pub async fn replace(conn: &mut DbConn, id: i64, form: &PostForm) -> DbResult<Post> {
        let post = db_run!(conn, |c| diesel::update(posts::table.find(id))
            .set(form)
            .returning(Post::as_returning())
            .get_result(c)
            .await)?;
        search_index::index_post(conn, &post).await?;
        Ok(post)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<Post>> {
        Ok(db_run!(conn, |c| posts::table
            .find(id)
            .select(Post::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_ap_id(conn: &mut DbConn, ap_id: &str) -> DbResult<Option<Post>> {
        Ok(db_run!(conn, |c| posts::table
            .filter(posts::ap_id.eq(ap_id))
            .select(Post::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Removes a remote post for good (its author deleted it).
    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        search_index::remove(conn, Indexed::Post, id).await?;
        db_run!(conn, |c| diesel::delete(posts::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Blanks a local post and keeps its row, so its id answers 410 Gone with a Tombstone.
    pub async fn mark_deleted(conn: &mut DbConn, id: i64) -> DbResult<()> {
        search_index::remove(conn, Indexed::Post, id).await?;
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(posts::table.find(id))
            .set((
                posts::deleted_at.eq(Some(now)),
                posts::content_html.eq(""),
                posts::summary.eq(""),
                posts::name.eq(None::<String>),
                posts::attachments.eq("[]"),
            ))
            .execute(c)
            .await)?;
        db_run!(conn, |c| diesel::delete(
            post_audience::table.filter(post_audience::post_id.eq(id))
        )
        .execute(c)
        .await)?;
        Ok(())
    }

    /// Every post of an author that is not deleted, oldest first (a member's archive).
    pub async fn all_by_author(conn: &mut DbConn, author_id: i64) -> DbResult<Vec<Post>> {
        Ok(db_run!(conn, |c| posts::table
            .filter(posts::author_id.eq(author_id))
            .filter(posts::deleted_at.is_null())
            .order((posts::published, posts::id))
            .select(Post::as_select())
            .load(c)
            .await)?)
    }

    /// Deletes every post of a local author that is going away (each keeps a Tombstone).
    pub async fn mark_all_deleted(conn: &mut DbConn, author_id: i64) -> DbResult<()> {
        let ids: Vec<i64> = db_run!(conn, |c| posts::table
            .filter(posts::author_id.eq(author_id))
            .filter(posts::deleted_at.is_null())
            .select(posts::id)
            .load(c)
            .await)?;
        for id in ids {
            Self::mark_deleted(conn, id).await?;
        }
        Ok(())
    }

    /// Sets the local actors a post is addressed to (replacing any earlier list).
    pub async fn set_audience(conn: &mut DbConn, post_id: i64, actor_ids: &[i64]) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            post_audience::table.filter(post_audience::post_id.eq(post_id))
        )
        .execute(c)
        .await)?;
        // One row at a time: batch inserts are not available on SQLite through diesel-async,
        // and audiences are short.
        for actor_id in actor_ids {
            db_run!(conn, |c| diesel::insert_into(post_audience::table)
                .values((
                    post_audience::post_id.eq(post_id),
                    post_audience::actor_id.eq(*actor_id),
                ))
                .on_conflict_do_nothing()
                .execute(c)
                .await)?;
        }
        Ok(())
    }

    pub async fn is_addressed_to(conn: &mut DbConn, post_id: i64, actor_id: i64) -> DbResult<bool> {
        let n: i64 = db_run!(conn, |c| post_audience::table
            .filter(post_audience::post_id.eq(post_id))
            .filter(post_audience::actor_id.eq(actor_id))
            .count()
            .get_result(c)
            .await)?;
        Ok(n > 0)
    }

    /// A member's home timeline, newest first: their own posts, posts by actors they follow
    /// (public, unlisted or for followers) and posts addressed to them. `before` pages by id.
    pub async fn home_timeline(
        conn: &mut DbConn,
        viewer: i64,
        before: Option<i64>,
        limit: i64,
    ) -> DbResult<Vec<(Post, Actor)>> {
        let before = before.unwrap_or(i64::MAX);
        let shown = [VISIBILITY_PUBLIC, VISIBILITY_UNLISTED, VISIBILITY_FOLLOWERS];
        Ok(db_run!(conn, |c| posts::table
            .inner_join(actors::table.on(actors::id.eq(posts::author_id)))
            .filter(posts::deleted_at.is_null())
            .filter(posts::id.lt(before))
            .filter(
                posts::author_id
                    .eq(viewer)
                    .or(posts::author_id
                        .eq_any(
                            follows::table
                                .filter(follows::follower_id.eq(viewer))
                                .filter(follows::state.eq(STATE_ACCEPTED))
                                .select(follows::followee_id),
                        )
                        .and(posts::visibility.eq_any(shown)))
                    .or(posts::id.eq_any(
                        post_audience::table
                            .filter(post_audience::actor_id.eq(viewer))
                            .select(post_audience::post_id),
                    )),
            )
            .order(posts::id.desc())
            .limit(limit)
            .select((Post::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    /// An author's listed (public) posts, newest first.
    pub async fn listed_by_author(
        conn: &mut DbConn,
        author_id: i64,
        limit: i64,
        offset: i64,
    ) -> DbResult<Vec<Post>> {
        Ok(db_run!(conn, |c| posts::table
            .filter(posts::author_id.eq(author_id))
            .filter(posts::visibility.eq(VISIBILITY_PUBLIC))
            .filter(posts::deleted_at.is_null())
            .order(posts::id.desc())
            .limit(limit)
            .offset(offset)
            .select(Post::as_select())
            .load(c)
            .await)?)
    }

    pub async fn count_listed_by_author(conn: &mut DbConn, author_id: i64) -> DbResult<i64> {
        Ok(db_run!(conn, |c| posts::table
            .filter(posts::author_id.eq(author_id))
            .filter(posts::visibility.eq(VISIBILITY_PUBLIC))
            .filter(posts::deleted_at.is_null())
            .count()
            .get_result(c)
            .await)?)
    }

    /// Visible replies to a post, oldest first.
    pub async fn replies(
        conn: &mut DbConn,
        ap_id: &str,
        limit: i64,
    ) -> DbResult<Vec<(Post, Actor)>> {
        Ok(db_run!(conn, |c| posts::table
            .inner_join(actors::table.on(actors::id.eq(posts::author_id)))
            .filter(posts::in_reply_to.eq(ap_id))
            .filter(posts::deleted_at.is_null())
            .filter(posts::visibility.eq_any([VISIBILITY_PUBLIC, VISIBILITY_UNLISTED]))
            .order(posts::id.asc())
            .limit(limit)
            .select((Post::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }
}
