//! Use cases, one file per noun: validate, write, enqueue federation.
//! Called by `api` and `web`; they receive the request context [`crate::state::Ctx`].

pub mod accounts;
pub mod actors;
pub mod audit;
pub mod blocklists;
pub mod blocks;
pub mod calendars;
pub mod communities;
pub mod directory;
pub mod domain_blocks;
pub mod emails;
pub mod entries;
pub mod event_feeds;
pub mod event_input;
pub mod events;
pub mod feeds;
pub mod follows;
pub mod ical;
pub mod instance;
pub mod invites;
pub mod media;
pub mod memberships;
pub mod moderation;
pub mod notifications;
pub mod participations;
pub mod peer_views;
pub mod peering;
pub mod posts;
pub mod reactions;
pub mod reports;
pub mod search;
pub mod sessions;
pub mod thread_text;
pub mod threads;
pub mod two_factor;
pub mod users;
