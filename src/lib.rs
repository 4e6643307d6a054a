//! Tessera: a federated ActivityPub server for social-innovation hubs.
//!
//! # Architecture map
//!
//! ARCHITECTURE.md at the root says the same with examples: where an arriving activity goes,
//! where a new noun goes, which file to copy. From the top of the house down:
//!
//! | layer | path | what it holds |
//! |---|---|---|
//! | assembly | [`app`] | every router, the federation config, the background tasks; `app/ops.rs`: requests counted for `/metrics`, the metrics endpoint, the cache of rendered federation documents in front of the router, graceful shutdown |
//! | HTML | [`web`] | server-rendered pages, templates, translations |
//! | JSON API | [`api`] | `/api/v1`, `<noun>s.rs` |
//! | receiving wing | [`inbound`] | what other servers send or ask: the inbox (`inbox`: the cheap checks; `verify`: the library's receive steps with the RSA check by aws-lc-rs on cached keys), one file per verb deciding once by object type, the use cases of what arrives (`threads`, `events`, `moderation`, `reactions`, `peering`), `trust` (who stands behind what is relayed), what a follow brings along (`backfill`) and a member's lookups (`resolve`), the documents they GET (`routes`: actors, objects, collections, and every activity we sent at its id; `signed_fetch` says who signed a GET of something private) |
//! | use cases | [`services`] | `<noun>s.rs`: validate, write, send through the outbox; `health` (what `/admin/health` and `/metrics` read) and `backups` (`tessera backup` and `restore`) |
//! | wire and queue | [`federation`] | `objects/<noun>.rs` and `activities/<verb>.rs` (typed wire structs with their builders), `lenient` (every property AS allows as one value or a list read in either shape), `outbox` (transaction, queue, wake), `delivery/` (the persistent queue, its workers finishing what they hold at shutdown), `peering/` (what a hub sends its peers), `instance` (the hub's settings, profile and actor), HTTP client, SSRF guard, WebFinger, NodeInfo, collections |
//! | shared state | [`state`] | [`state::AppState`] and [`state::Ctx`], which every layer receives |
//! | database | [`db`] | pool over SQLite or PostgreSQL, `schema.rs`, `models/<noun>.rs`, `notify` (PostgreSQL `LISTEN` for wake-ups between processes; on SQLite, the count of writes federation documents are made of) |
//! | leaves | [`text`], [`vocabulary`], [`config`], [`limits`], [`metrics`], [`doc_cache`], [`mailer`], [`error`], [`clock`], [`i18n`], [`domains`] | escaping, HTML to plain text, sanitising, Markdown, dates and query strings (used by every layer, `db` included); the directory's controlled lists; typed settings; rate limits (per process, kept in `AppState`); the counters of `/metrics` (per process, kept in `AppState`); the federation documents already rendered, dropped on any change (per process, kept in `AppState`); the e-mail transport (SMTP, or files without it); one [`error::AppError`] with stable codes; the clock; translations; the rules on other domains (blocks, allow-list) in memory |
//!
//! # Layering rules
//!
//! Checked by `tests/app/layering.rs`, which fails on a forbidden `use`:
//!
//! - a module uses its own layer and those below it, never one above: `db` imports nothing
//!   above it; `federation` (wire, builders, queue) never imports `services`; `services`
//!   never imports `inbound`;
//! - nothing but [`app`] imports [`inbound`], [`api`] or [`web`] (except `inbound::resolve`,
//!   the lookups `web` and `api` make), and nothing imports `app`;
//! - three types per concept: a DB row named by the domain (`Actor`, `Follow`), a wire
//!   type named by ActivityStreams (`Person`, `Follow` activity), and an API view
//!   (`FollowView`). Rows are never serialised straight to clients;
//! - a domain noun sits at the same path in every layer (`db/models/event.rs`,
//!   `federation/objects/event.rs`, `inbound/events.rs`, `services/events.rs`,
//!   `api/events.rs`, `web/events.rs`).

pub mod api;
pub mod app;
pub mod clock;
pub mod config;
pub mod db;
pub mod doc_cache;
pub mod domains;
pub mod error;
pub mod federation;
pub mod i18n;
pub mod inbound;
pub mod limits;
pub mod mailer;
pub mod metrics;
pub mod services;
pub mod state;
pub mod text;
pub mod vocabulary;
pub mod web;

pub use state::AppState;
