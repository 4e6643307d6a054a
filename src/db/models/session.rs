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
}

impl Session {
    pub async fn insert(
        conn: &mut DbConn,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        expires_at: NaiveDateTime,
    ) -> DbResult<Session> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(sessions::table)
            .values((
                sessions::token_hash.eq(token_hash),
                sessions::user_id.eq(user_id),
                sessions::csrf_token.eq(csrf_token),
                sessions::created_at.eq(now),
                sessions::expires_at.eq(expires_at),
            ))
            .returning(Session::as_returning())
            .get_result(c)
            .await)?)
    }

    /// A session that has not expired.
    pub async fn find_live(conn: &mut DbConn, token_hash: &str) -> DbResult<Option<Session>> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| sessions::table
            .filter(sessions::token_hash.eq(token_hash))
            .filter(sessions::expires_at.gt(now))
            .select(Session::as_select())
            .first(c)
            .await
            .optional())?)
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
}

impl ApiToken {
    pub async fn insert(conn: &mut DbConn, token_hash: &str, user_id: i64) -> DbResult<ApiToken> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::token_hash.eq(token_hash),
                api_tokens::user_id.eq(user_id),
                api_tokens::created_at.eq(now),
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
}
