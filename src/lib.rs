//! Tessera: a federated ActivityPub server for social-innovation hubs.
//!
//! # Architecture map
//!
//! A domain noun sits at the same path in every layer:
//!
//! | layer | path | what it holds |
//! |---|---|---|
//! | configuration | [`config`] | typed settings; `config/defaults.toml` documents each key |
//! | errors | [`error`] | one [`error::AppError`], one status mapping, stable codes |
//! | database | [`db`] | pool over SQLite or PostgreSQL, `schema.rs`, `models/<noun>.rs` |
//! | use cases | [`services`] | `<noun>s.rs`: validate, write, enqueue federation |
//! | federation | [`federation`] | `objects/<noun>.rs`, `activities/<verb>.rs`, queue, inbox, `trust` (who stands behind what is relayed), WebFinger, NodeInfo, `hub/` (peering between hubs) |
//! | JSON API | [`api`] | `/api/v1`, `<noun>s.rs` |
//! | HTML | [`web`] | server-rendered pages, templates, translations |
//! | vocabularies | [`vocabulary`] | the directory's controlled lists (pure data, used by every layer) |
//!
//! # Layering rules
//!
//! - `db` imports nothing above it.
//! - `federation` and `services` use `db`; services call federation to build and enqueue
//!   activities, and federation's inbox handlers call services for the shared use cases.
//! - `api` and `web` call `services` (and federation's HTTP handlers are mounted by
//!   [`app`]); nothing imports `api` or `web`.
//! - Three types per concept: a DB row named by the domain (`Actor`, `Follow`), a wire
//!   type named by ActivityStreams (`Person`, `Follow` activity), and an API view
//!   (`FollowView`). Rows are never serialised straight to clients.

pub mod api;
pub mod app;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod federation;
pub mod i18n;
pub mod services;
pub mod vocabulary;
pub mod web;

pub use app::AppState;
