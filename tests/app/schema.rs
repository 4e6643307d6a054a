//! `src/db/schema.rs` is written by hand for both backends: every column it names must
//! exist in the migrated database of each backend (selecting every column of every table
//! fails otherwise).

use crate::harness::Network;
use diesel::query_builder::QueryFragment;
use diesel::{QueryDsl, Table};
use diesel_async::RunQueryDsl;
use tessera::db::schema::*;
use tessera::db::DbConn;

/// `SELECT <every column> FROM <table>` as each backend spells it.
fn sql<Q>(query: Q) -> (String, String)
where
    Q: QueryFragment<diesel::sqlite::Sqlite> + QueryFragment<diesel::pg::Pg>,
{
    (
        diesel::debug_query::<diesel::sqlite::Sqlite, _>(&query).to_string(),
        diesel::debug_query::<diesel::pg::Pg, _>(&query).to_string(),
    )
}

macro_rules! all_columns {
    ($($t:ident),* $(,)?) => {
        vec![$((stringify!($t), sql($t::table.select($t::table::all_columns())))),*]
    };
}

#[tokio::test]
async fn every_column_of_schema_rs_exists_in_the_migrated_database() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let queries = all_columns![
        actors,
        users,
        follows,
        sessions,
        api_tokens,
        invites,
        instance_settings,
        outgoing_activities,
        deliveries,
        hosts,
        received_activities,
        posts,
        post_audience,
        directory_entries,
        directory_tags,
        directory_changes,
        memberships,
        entry_links,
        project_replications,
        media,
        events,
        event_tags,
        participations,
        communities,
        community_roles,
        community_bans,
        post_likes,
        peers,
        hub_item_versions,
        funding_calls,
        funding_call_deadlines,
        funding_call_tags,
    ];
    let mut conn = hub.ctx.pool.get().await.unwrap();
    for (table, (sqlite, pg)) in queries {
        // debug_query appends the binds as a comment; there are none here.
        let result = match &mut conn {
            DbConn::Sqlite(c) => {
                let q = format!("{} LIMIT 0", sqlite.split(" -- binds").next().unwrap());
                diesel::sql_query(q).execute(&mut **c).await
            }
            DbConn::Postgres(c) => {
                let q = format!("{} LIMIT 0", pg.split(" -- binds").next().unwrap());
                diesel::sql_query(q).execute(&mut ***c).await
            }
        };
        if let Err(e) = result {
            panic!("schema.rs table {table} does not match the migrations: {e}");
        }
    }
}
