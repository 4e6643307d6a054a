//! Hub peering (issue 8): the instance actors of two hubs follow each other, and each hub
//! `Announce`s the Create, Update and Delete of its public items (projects, organisations,
//! events, communities) to its peers, so that every peer keeps a current copy.
//!
//! - [`profile`]: the hub profile terms on the instance actor.
//! - [`announce`]: wrapping an item's activity in the hub's `Announce`, to every peer.
//! - [`items`]: the paged collection of a hub's public items (`/actor/items`).

pub mod announce;
pub mod items;
pub mod profile;

pub use announce::{announce_instance_actor, to_peers};

// What arrives from peers (their Announces, the backfill of their items) is in
// `inbound::peering` and `inbound::peering::backfill`.
