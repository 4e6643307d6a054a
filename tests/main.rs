//! One integration binary. Every test runs on SQLite, and on PostgreSQL when
//! TESSERA_TEST_DATABASE_URL names a server (each hub gets its own fresh database).
//!
//! Tests are grouped by layer or capability; what they share lives in `harness`, and no
//! test module imports from another.

mod harness;

mod api;
mod app;
mod federation;
mod peering;
mod web;
