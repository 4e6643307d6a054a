//! The application as a whole: the binary's commands, configuration, the database schema
//! on both backends, and deliveries surviving crashes.

mod backup;
mod cli;
mod config;
mod crash;
mod layering;
mod metrics;
mod moderation;
mod schema;
mod test_databases;
