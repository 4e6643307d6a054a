//! The HTML side as a person uses it: accounts and sessions, communities and their
//! moderation, the directory, projects and organisations, events, posts, peering pages.

mod account_data;
mod accounts;
mod calls;
mod communities;
mod community_moderation;
mod dashboards;
mod directory;
mod ecosystem;
mod emails;
mod entries;
mod entry_page;
mod event_sections;
mod events;
mod follow_to_post;
mod forms;
mod health;
mod home;
mod invites;
mod limits;
mod login_return;
mod messages;
mod mutes;
mod notification_kinds;
mod notifications;
mod password;
mod peering;
mod posts;
mod profiles;
mod reload;
mod replications;
mod reports;
mod resources;
mod search;
mod security;
mod small_things;
