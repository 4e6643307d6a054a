//! Browser sessions and API bearer tokens. Only SHA-256 hashes of the secrets are stored.

use crate::db::schema::{api_tokens, sessions};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: i64,
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// The password was right; the second factor is still awaited (not logged in yet).
    pub second_factor_pending: bool,
    /// The browser's `User-Agent` at log-in (cut short), shown in the list of sessions.
    pub user_agent: String,
    pub last_seen_at: Option<NaiveDateTime>,
}

/// A session about to be stored.
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub csrf_token: &'a str,
    pub expires_at: NaiveDateTime,
    pub second_factor_pending: bool,
    pub user_agent: &'a str,
}

impl Session {
    pub async fn insert(conn: &mut DbConn, new: NewSession<'_>) -> DbResult<Session> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(sessions::table)
            .values((
                sessions::token_hash.eq(new.token_hash),
                sessions::user_id.eq(new.user_id),
                sessions::csrf_token.eq(new.csrf_token),
                sessions::created_at.eq(now),
                sessions::expires_at.eq(new.expires_at),
                sessions::second_factor_pending.eq(new.second_factor_pending),
                sessions::user_agent.eq(new.user_agent),
                sessions::last_seen_at.eq(now),
            ))
            .returning(Session::as_returning())
            .get_result(c)
            .await)?)
    }

    /// A logged-in session that has not expired.
    pub async fn find_live(conn: &mut DbConn, token_hash: &str) -> DbResult<Option<Session>> {
        Self::find_unexpired(conn, token_hash, false).await
    }

    /// A session awaiting its second factor, not expired.
    pub async fn find_pending(conn: &mut DbConn, token_hash: &str) -> DbResult<Option<Session>> {
        Self::find_unexpired(conn, token_hash, true).await
    }

    async fn find_unexpired(
        conn: &mut DbConn,
        token_hash: &str,
        pending: bool,
    ) -> DbResult<Option<Session>> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| sessions::table
            .filter(sessions::token_hash.eq(token_hash))
            .filter(sessions::expires_at.gt(now))
            .filter(sessions::second_factor_pending.eq(pending))
            .select(Session::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// The second factor was given: the session is logged in until `expires_at`.
    pub async fn complete(conn: &mut DbConn, id: i64, expires_at: NaiveDateTime) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(sessions::table.find(id))
            .set((
                sessions::second_factor_pending.eq(false),
                sessions::expires_at.eq(expires_at),
                sessions::last_seen_at.eq(now),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn touch(conn: &mut DbConn, id: i64) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(sessions::table.find(id))
            .set(sessions::last_seen_at.eq(now))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// A member's logged-in sessions, most recently used first.
    pub async fn list_for_user(conn: &mut DbConn, user_id: i64) -> DbResult<Vec<Session>> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::expires_at.gt(now))
            .filter(sessions::second_factor_pending.eq(false))
            .order((sessions::last_seen_at.desc(), sessions::id.desc()))
            .select(Session::as_select())
            .load(c)
            .await)?)
    }

    /// Ends one of `user_id`'s sessions; false when it is not theirs (or gone).
    pub async fn delete_for_user(conn: &mut DbConn, id: i64, user_id: i64) -> DbResult<bool> {
        let n = db_run!(conn, |c| diesel::delete(
            sessions::table
                .filter(sessions::id.eq(id))
                .filter(sessions::user_id.eq(user_id))
        )
        .execute(c)
        .await)?;
        Ok(n > 0)
    }

    pub async fn delete_by_hash(conn: &mut DbConn, token_hash: &str) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            sessions::table.filter(sessions::token_hash.eq(token_hash))
        )
        .execute(c)
        .await)?;
        Ok(())
    }

    /// Ends every session of `user_id` but `keep` (the one changing the password).
    pub async fn delete_others(
        conn: &mut DbConn,
        user_id: i64,
        keep: Option<i64>,
    ) -> DbResult<usize> {
        let keep = keep.unwrap_or(0);
        Ok(db_run!(conn, |c| diesel::delete(
            sessions::table
                .filter(sessions::user_id.eq(user_id))
                .filter(sessions::id.ne(keep))
        )
        .execute(c)
        .await)?)
    }

    pub async fn delete_expired(conn: &mut DbConn) -> DbResult<usize> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::delete(
            sessions::table.filter(sessions::expires_at.le(now))
        )
        .execute(c)
        .await)?)
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: i64,
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    /// What the member called it ("phone app", "import script").
    pub name: String,
    /// Space-separated: `read`, `write`, `admin`.
    pub scopes: String,
}

impl ApiToken {
    pub async fn insert(
        conn: &mut DbConn,
        token_hash: &str,
        user_id: i64,
        name: &str,
        scopes: &str,
    ) -> DbResult<ApiToken> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::token_hash.eq(token_hash),
                api_tokens::user_id.eq(user_id),
                api_tokens::created_at.eq(now),
                api_tokens::name.eq(name),
                api_tokens::scopes.eq(scopes),
            ))
            .returning(ApiToken::as_returning())
            .get_result(c)
            .await)?)
    }

    pub async fn find(conn: &mut DbConn, token_hash: &str) -> DbResult<Option<ApiToken>> {
        Ok(db_run!(conn, |c| api_tokens::table
            .filter(api_tokens::token_hash.eq(token_hash))
            .select(ApiToken::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn touch(conn: &mut DbConn, id: i64) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(api_tokens::table.find(id))
            .set(api_tokens::last_used_at.eq(now))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn list_for_user(conn: &mut DbConn, user_id: i64) -> DbResult<Vec<ApiToken>> {
        Ok(db_run!(conn, |c| api_tokens::table
            .filter(api_tokens::user_id.eq(user_id))
            .order(api_tokens::id.desc())
            .select(ApiToken::as_select())
            .load(c)
            .await)?)
    }

    /// Revokes one of `user_id`'s tokens; false when it is not theirs (or gone).
    pub async fn delete_for_user(conn: &mut DbConn, id: i64, user_id: i64) -> DbResult<bool> {
        let n = db_run!(conn, |c| diesel::delete(
            api_tokens::table
                .filter(api_tokens::id.eq(id))
                .filter(api_tokens::user_id.eq(user_id))
        )
        .execute(c)
        .await)?;
        Ok(n > 0)
    }
}
