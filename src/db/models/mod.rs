//! Rows and their queries, one file per noun.

pub mod actor;
pub mod community;
pub mod delivery;
pub mod directory;
pub mod directory_facets;
pub mod directory_index;
pub mod directory_search;
pub mod entry_link;
pub mod event;
pub mod follow;
pub mod host;
pub mod hub_item;
pub mod instance_setting;
pub mod media;
pub mod membership;
pub mod participation;
pub mod peer;
pub mod post;
pub mod received_activity;
pub mod session;
pub mod thread;
pub mod user;
