//! Federation: interop with Mastodon, Lemmy, Mobilizon and other hubs (fixtures and live
//! hubs), discovery, the delivery queue, hostile inboxes and relays, SSRF, actor trust,
//! and snapshots of the JSON we send.

mod actor_trust;
mod attacks;
mod backfill;
mod bad_input;
mod communities;
mod community_interop;
mod delivery;
mod discovery;
mod entries;
mod event_answers;
mod events;
mod fixtures;
mod follows;
mod inbox_limits;
mod lookup;
mod mastodon;
mod posts;
mod reactions;
mod relay_attacks;
mod remote_entries;
mod ssrf;
mod wire;
