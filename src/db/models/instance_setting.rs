//! Instance settings an admin changed at run time; they override the config file's values.

use crate::db::schema::instance_settings;
use crate::db::{db_run, DbConn, DbResult};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::HashMap;

pub struct InstanceSetting;

impl InstanceSetting {
    pub async fn all(conn: &mut DbConn) -> DbResult<HashMap<String, String>> {
        let rows: Vec<(String, String)> = db_run!(conn, |c| instance_settings::table
            .select((instance_settings::key, instance_settings::value))
            .load(c)
            .await)?;
        Ok(rows.into_iter().collect())
    }

    pub async fn set(conn: &mut DbConn, key: &str, value: &str) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::insert_into(instance_settings::table)
            .values((
                instance_settings::key.eq(key),
                instance_settings::value.eq(value),
                instance_settings::updated_at.eq(now),
            ))
            .on_conflict(instance_settings::key)
            .do_update()
            .set((
                instance_settings::value.eq(value),
                instance_settings::updated_at.eq(now),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }
}
