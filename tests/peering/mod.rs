//! Hub peering: what a peer publishes reaches the other, the peering API, backfill and
//! catching up, relay mode, and trusting only what an item's origin serves.

mod api;
mod backfill;
mod calls;
mod ecosystem;
mod flow;
mod relay;
mod replications;
mod resources;
mod trust;
