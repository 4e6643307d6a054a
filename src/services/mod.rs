//! Use cases, one file per noun: validate, write, enqueue federation.
//! Called by `api` and `web`; they receive the request context [`crate::federation::Ctx`].

pub mod actors;
pub mod directory;
pub mod entries;
pub mod feeds;
pub mod follows;
pub mod instance;
pub mod media;
pub mod memberships;
pub mod posts;
pub mod sessions;
pub mod users;
