//! Hub peering (issue 8): the instance actors of two hubs follow each other, and each hub
//! `Announce`s the Create, Update and Delete of its public items (projects, organisations,
//! events, communities) to its peers, so that every peer keeps a current copy.
//!
//! - [`profile`]: the hub profile terms on the instance actor.
//! - [`announce`]: wrapping an item's activity in the hub's `Announce`, to every peer.
//! - [`receive`]: an `Announce` from a peer: checked, applied, relayed in relay mode.
//! - [`items`]: the paged collection of a hub's public items (`/actor/items`).
//! - [`backfill`]: the background task that reads a new peer's collection, page by page,
//!   with its position saved after each page so that it resumes after a restart.

pub mod announce;
pub mod backfill;
pub mod items;
pub mod profile;
pub mod receive;

pub use announce::{announce_instance_actor, to_peers};
