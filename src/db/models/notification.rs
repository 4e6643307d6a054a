//! A member's notifications and their preferences per kind.

use crate::db::schema::{notification_prefs, notifications};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub post_id: Option<i64>,
    pub event_id: Option<i64>,
    pub report_id: Option<i64>,
    pub dedupe_key: String,
    pub read_at: Option<NaiveDateTime>,
    pub emailed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// The project, organisation or community it reached the member for, if any.
    pub target_actor_id: Option<i64>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = notifications)]
pub struct NewNotification {
    pub user_id: i64,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub post_id: Option<i64>,
    pub event_id: Option<i64>,
    pub report_id: Option<i64>,
    pub dedupe_key: String,
    pub created_at: NaiveDateTime,
    pub target_actor_id: Option<i64>,
}

impl Notification {
    /// Stores one; None when the same thing was already notified (an activity received
    /// twice).
    pub async fn insert(
        conn: &mut DbConn,
        new: &NewNotification,
    ) -> DbResult<Option<Notification>> {
        Ok(db_run!(conn, |c| diesel::insert_into(
            notifications::table
        )
        .values(new)
        .on_conflict_do_nothing()
        .returning(Notification::as_returning())
        .get_result(c)
        .await
        .optional())?)
    }

    /// A page of a member's notifications, newest first, before the id `before` (if any).
    pub async fn page(
        conn: &mut DbConn,
        user_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> DbResult<Vec<Notification>> {
        Ok(db_run!(conn, |c| {
            let mut query = notifications::table
                .filter(notifications::user_id.eq(user_id))
                .order(notifications::id.desc())
                .limit(limit)
                .select(Notification::as_select())
                .into_boxed();
            if let Some(b) = before {
                query = query.filter(notifications::id.lt(b));
            }
            query.load(c).await
        })?)
    }

    pub async fn count_unread(conn: &mut DbConn, user_id: i64) -> DbResult<i64> {
        Ok(db_run!(conn, |c| notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null())
            .count()
            .get_result(c)
            .await)?)
    }

    /// Marks read every notification of the member up to `up_to` (all when None).
    pub async fn mark_read(conn: &mut DbConn, user_id: i64, up_to: Option<i64>) -> DbResult<usize> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| {
            let mut query = diesel::update(notifications::table)
                .filter(notifications::user_id.eq(user_id))
                .filter(notifications::read_at.is_null())
                .into_boxed();
            if let Some(id) = up_to {
                query = query.filter(notifications::id.le(id));
            }
            query
                .set(notifications::read_at.eq(Some(now)))
                .execute(c)
                .await
        })?)
    }

    /// Marks read a member's notifications about any of `post_ids` (the messages of a
    /// conversation they just read).
    pub async fn mark_read_about_posts(
        conn: &mut DbConn,
        user_id: i64,
        post_ids: &[i64],
    ) -> DbResult<usize> {
        let now = crate::db::now();
        let ids = post_ids.to_vec();
        Ok(db_run!(conn, |c| diesel::update(notifications::table)
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null())
            .filter(notifications::post_id.eq_any(ids))
            .set(notifications::read_at.eq(Some(now)))
            .execute(c)
            .await)?)
    }

    /// Not yet e-mailed notifications of the given kinds for a member, oldest first.
    pub async fn not_emailed(
        conn: &mut DbConn,
        user_id: i64,
        kinds: &[String],
    ) -> DbResult<Vec<Notification>> {
        let kinds = kinds.to_vec();
        Ok(db_run!(conn, |c| notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::emailed_at.is_null())
            .filter(notifications::read_at.is_null())
            .filter(notifications::kind.eq_any(kinds.clone()))
            .order(notifications::id)
            .limit(200)
            .select(Notification::as_select())
            .load(c)
            .await)?)
    }

    pub async fn mark_emailed(conn: &mut DbConn, ids: &[i64]) -> DbResult<()> {
        let now = crate::db::now();
        let ids = ids.to_vec();
        db_run!(conn, |c| diesel::update(
            notifications::table.filter(notifications::id.eq_any(ids.clone()))
        )
        .set(notifications::emailed_at.eq(Some(now)))
        .execute(c)
        .await)?;
        Ok(())
    }
}

/// A member's choice for one kind; a kind without a row is shown and not e-mailed.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = notification_prefs)]
pub struct NotificationPref {
    pub user_id: i64,
    pub kind: String,
    pub web: bool,
    pub email: String,
}

impl NotificationPref {
    pub async fn of(conn: &mut DbConn, user_id: i64) -> DbResult<Vec<NotificationPref>> {
        Ok(db_run!(conn, |c| notification_prefs::table
            .filter(notification_prefs::user_id.eq(user_id))
            .select(NotificationPref::as_select())
            .load(c)
            .await)?)
    }

    pub async fn find(
        conn: &mut DbConn,
        user_id: i64,
        kind: &str,
    ) -> DbResult<Option<NotificationPref>> {
        let kind = kind.to_owned();
        Ok(db_run!(conn, |c| notification_prefs::table
            .find((user_id, kind.clone()))
            .select(NotificationPref::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn save(conn: &mut DbConn, pref: &NotificationPref) -> DbResult<()> {
        db_run!(conn, |c| diesel::insert_into(notification_prefs::table)
            .values(pref)
            .on_conflict((notification_prefs::user_id, notification_prefs::kind))
            .do_update()
            .set((
                notification_prefs::web.eq(pref.web),
                notification_prefs::email.eq(pref.email.clone()),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Members who want some kind e-mailed with `cadence` ("daily", "weekly").
    pub async fn users_with_email(
        conn: &mut DbConn,
        cadence: &str,
    ) -> DbResult<Vec<(i64, String)>> {
        let cadence = cadence.to_owned();
        Ok(db_run!(conn, |c| notification_prefs::table
            .filter(notification_prefs::email.eq(cadence.clone()))
            .select((notification_prefs::user_id, notification_prefs::kind))
            .load(c)
            .await)?)
    }
}
