//! One integration binary. Every test runs on SQLite, and on PostgreSQL when
//! TESSERA_TEST_DATABASE_URL names a server (each hub gets its own fresh database).

mod harness;

mod actor_trust;
mod attacks;
mod bad_input;
mod cli;
pub(crate) mod communities_api;
pub(crate) mod community_federation;
mod community_interop;
mod community_moderation_api;
mod config;
mod crash;
mod delivery;
mod directory;
mod discovery;
pub(crate) mod entries;
mod entry_federation;
mod event_answers;
mod event_calendars;
pub(crate) mod event_federation;
pub(crate) mod events;
mod fixtures;
mod follows;
mod mastodon;
pub(crate) mod peering;
mod peering_api;
mod peering_backfill;
mod peering_relay;
mod peering_trust;
mod posts;
mod relay_attacks;
mod remote_entries;
mod schema;
mod ssrf;
mod thread_api;
mod web;
pub(crate) mod web_communities;
mod web_community_moderation;
mod web_directory;
mod web_entries;
mod web_entry_page;
mod web_event_sections;
mod web_events;
mod web_peering;
mod web_posts;
