//! The activities we send and read, one verb per file: each wire type with its builders.
//! What we do when one arrives is in [`crate::inbound`]; these types import nothing above
//! `db`.

pub mod announce;
pub mod answer;
pub mod block;
pub mod community;
pub mod create;
pub mod delete;
pub mod flag;
pub mod follow;
pub mod join;
pub mod moves;
pub mod reaction;
pub mod undo;
pub mod unsupported;
pub mod update;

use crate::error::{AppError, AppResult};
use serde_json::Value;
use url::Url;

/// The id of an embedded object or of a bare reference (or of the first of a list).
pub fn object_id(value: &Value) -> Option<Url> {
    crate::federation::lenient::id_of(value)
}

/// The `type` of an embedded object, if it is one.
pub fn object_type(value: &Value) -> Option<&str> {
    value.get("type").and_then(Value::as_str)
}

/// Reduces a `type` given as an array (`["Note", "Article"]`, valid JSON-LD) to one of
/// `known`, or to its first entry, so that the rest of the code sees one type.
pub fn single_type(value: &mut Value, known: &[&str]) {
    if let Some(Value::Array(types)) = value.get("type") {
        let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
        let chosen = names
            .iter()
            .find(|t| known.contains(t))
            .or(names.first())
            .map(|t| Value::String(t.to_string()));
        if let (Some(chosen), Some(map)) = (chosen, value.as_object_mut()) {
            map.insert("type".into(), chosen);
        }
    }
}
/// Reads an address list from one value or an array (see [`crate::federation::lenient`]).
pub use crate::federation::lenient::urls as one_or_many;

pub(crate) fn ensure(cond: bool, why: impl Into<String>) -> AppResult<()> {
    if cond {
        Ok(())
    } else {
        Err(AppError::BadRequest(why.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_type_array_becomes_one_known_type() {
        let mut v = json!({"type": ["Object", "Article"]});
        single_type(&mut v, &["Note", "Article"]);
        assert_eq!(v["type"], "Article");
        let mut v = json!({"type": ["Thing", "Other"]});
        single_type(&mut v, &["Note"]);
        assert_eq!(v["type"], "Thing");
        let mut v = json!({"type": "Note"});
        single_type(&mut v, &["Article"]);
        assert_eq!(v["type"], "Note");
    }
}
