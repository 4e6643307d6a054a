//! Reading by the rule of ActivityStreams rather than by the habits of one server: a
//! property that is not functional may arrive as one value or as a list, and either shape
//! must read the same. Fields we hold as a list take a single value; fields we hold as one
//! value take a list and use its first usable entry. Every wire type names one of these on
//! each such field; `tests` below run every fixture through the typed wire in both shapes.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use url::Url;

/// The properties ActivityStreams allows as one value or a list (those that are not
/// functional) that any of our wire types reads.
pub const LISTABLE: &[&str] = &[
    "to",
    "cc",
    "bto",
    "bcc",
    "audience",
    "actor",
    "attributedTo",
    "object",
    "target",
    "origin",
    "inReplyTo",
    "tag",
    "attachment",
    "url",
    "icon",
    "image",
    "location",
    "context",
    "generator",
    "instrument",
    "result",
];

/// The id of an embedded object, of a bare reference, or of the first of a list of them.
pub fn id_of(value: &Value) -> Option<Url> {
    match value {
        Value::String(s) => Url::parse(s).ok(),
        Value::Object(map) => map
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| Url::parse(s).ok()),
        Value::Array(items) => items.iter().find_map(id_of),
        _ => None,
    }
}

/// One URL (an id, an object with an `id`, or a list of them: its first usable entry).
pub fn url<'de, D>(deserializer: D) -> Result<Url, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    id_of(&value).ok_or_else(|| serde::de::Error::custom(format!("not an id: {value}")))
}

/// As [`url`], optional: absent, `null` or nothing usable reads as `None`.
pub fn opt_url<'de, D>(deserializer: D) -> Result<Option<Url>, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    Ok(id_of(&value))
}

/// A list of URLs from one value or an array, each an id or an object with an `id`;
/// entries that are no URL are skipped.
pub fn urls<'de, D>(deserializer: D) -> Result<Vec<Url>, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    Ok(match &value {
        Value::Array(items) => items.iter().filter_map(id_of).collect(),
        Value::Null => Vec::new(),
        single => id_of(single).into_iter().collect(),
    })
}

/// One embedded value kept as sent (an `object`): a list stands for its first entry.
pub fn one<'de, D>(deserializer: D) -> Result<Value, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) if !items.is_empty() => items.into_iter().next().unwrap_or_default(),
        other => other,
    })
}

/// A typed value that may arrive inside a list: the first entry that reads as `T`.
pub fn first<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Null => None,
        Value::Array(items) => items
            .into_iter()
            .find_map(|v| serde_json::from_value(v).ok()),
        other => Some(serde_json::from_value(other).map_err(serde::de::Error::custom)?),
    })
}

/// A list kept as sent, always as an array (a single value becomes a list of one), so the
/// code that reads it sees one shape. Absent or `null` stays `null`.
pub fn list<'de, D>(deserializer: D) -> Result<Value, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Null => Value::Null,
        Value::Array(items) => Value::Array(items),
        single => Value::Array(vec![single]),
    })
}

/// The other shape of a document: each listable property given as a list of one becomes
/// the single value, and each given as a single value becomes a list of one, at every
/// depth. What we read must not change between the two.
pub fn other_shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if LISTABLE.contains(&k.as_str()) {
                        match v {
                            Value::Array(items) if items.len() == 1 => other_shape(&items[0]),
                            Value::Array(_) | Value::Null => other_shape(v),
                            single => Value::Array(vec![other_shape(single)]),
                        }
                    } else {
                        other_shape(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(other_shape).collect()),
        other => other.clone(),
    }
}

/// A document with every list of one written as its single value, so that two readings
/// can be compared whatever shape each kept.
pub fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
        }
        Value::Array(items) if items.len() == 1 => canonical(&items[0]),
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_shapes_of_a_field_read_alike() {
        #[derive(Deserialize)]
        struct Doc {
            #[serde(deserialize_with = "url")]
            actor: Url,
            #[serde(default, deserialize_with = "urls")]
            to: Vec<Url>,
            #[serde(default, deserialize_with = "opt_url")]
            target: Option<Url>,
        }
        let a: Doc = serde_json::from_value(json!({
            "actor": "https://a.example/u", "to": "https://a.example/f",
            "target": ["https://a.example/t"]}))
        .unwrap();
        let b: Doc = serde_json::from_value(json!({
            "actor": [{"id": "https://a.example/u"}], "to": ["https://a.example/f"],
            "target": "https://a.example/t"}))
        .unwrap();
        assert_eq!(a.actor, b.actor);
        assert_eq!(a.to, b.to);
        assert_eq!(a.target, b.target);
        assert!(serde_json::from_value::<Doc>(json!({"actor": []})).is_err());
    }

    #[test]
    fn the_other_shape_flips_lists_of_one_and_single_values() {
        let doc = json!({"to": "x", "cc": ["y"], "tag": ["a", "b"], "name": ["n"],
            "object": {"to": ["z"]}});
        let flipped = other_shape(&doc);
        assert_eq!(
            flipped,
            json!({"to": ["x"], "cc": "y", "tag": ["a", "b"], "name": ["n"],
                "object": [{"to": "z"}]})
        );
        assert_eq!(canonical(&doc), canonical(&flipped));
    }
}
