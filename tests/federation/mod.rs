//! Federation: interop with Mastodon, Lemmy, Mobilizon and other hubs (fixtures and live
//! hubs), discovery, the delivery queue, hostile inboxes and relays, SSRF, actor trust,
//! and snapshots of the JSON we send.

mod activity_ids;
mod actor_trust;
mod attacks;
mod backfill;
mod bad_input;
mod blocklists;
mod calls;
mod communities;
mod community_interop;
mod delivery;
mod direct_messages;
mod discovery;
mod doc_cache;
mod domain_blocks;
mod entries;
mod event_answers;
mod events;
mod fixtures;
mod flags;
mod follows;
mod inbox_limits;
mod limited_domains;
mod lookup;
mod mastodon;
mod member_blocks;
mod moves;
mod posts;
mod reactions;
mod relay_attacks;
mod relayed_blocks;
mod remote_entries;
mod replications;
mod resources;
mod ssrf;
mod wire;
