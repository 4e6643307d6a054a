//! Any other activity type: acknowledged (the sender's signature was checked) and ignored,
//! with a log line, so that servers do not retry it for days.

use serde::{Deserialize, Serialize};
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Unsupported {
    pub id: Url,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    #[serde(rename = "type", default)]
    pub kind: serde_json::Value,
}
