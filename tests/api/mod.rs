//! The JSON API (`/api/v1`) on one hub: communities, threads and their moderation,
//! projects and organisations, events and calendars, the directory.

mod calendars;
mod calls;
mod communities;
mod community_moderation;
mod dashboards;
mod directory;
mod ecosystem;
mod entries;
mod events;
mod field_errors;
mod invites;
mod limits;
mod replications;
mod resources;
mod threads;
