//! Rows and their queries, one file per noun.

pub mod actor;
pub mod delivery;
pub mod follow;
pub mod host;
pub mod instance_setting;
pub mod post;
pub mod received_activity;
pub mod session;
pub mod user;
