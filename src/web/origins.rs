//! Where remote items come from: pages that list or show them get `origins`, a map from
//! an actor's domain (`host[:port]`) to the name of the peer hub there, and show
//! "from <hub name>" (the bare domain for hosts this hub does not peer with):
//! `(origins or {})[item.host] or item.host` in the templates.

use crate::web::page::{Page, WebError};
use minijinja::value::Value;

/// The names of the hubs this hub peers with, by domain.
pub async fn names(page: &Page) -> Result<Value, WebError> {
    let names = crate::services::peering::origin_names(&page.data).await?;
    Ok(Value::from_serialize(&names))
}
