//! Wire types of the objects we serve and read, one file per noun.

pub mod community;
pub mod entry;
pub mod entry_link;
pub mod event;
pub mod event_reading;
pub mod funding_call;
pub mod note;
pub mod person;
pub mod person_profile;
pub mod replication;
pub mod resource;
pub mod thread;
