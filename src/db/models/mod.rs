//! Rows and their queries, one file per noun.

pub mod actor;
pub mod community;
pub mod delivery;
pub mod directory_facets;
pub mod directory_index;
pub mod directory_search;
pub mod entry;
pub mod entry_link;
pub mod event;
pub mod follow;
pub mod host;
pub mod instance_setting;
pub mod invite;
pub mod media;
pub mod membership;
pub mod participation;
pub mod peer;
pub mod peer_item;
pub mod post;
pub mod reaction;
pub mod received_activity;
pub mod search_index;
pub mod search_terms;
pub mod session;
pub mod thread;
pub mod user;
