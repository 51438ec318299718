//! JSON round trips of generated values (the `serde` derives): a value
//! goes to JSON and back and must come back equal. serde is reached through
//! `pbx_soap::rt::serde`, as a user without a serde dependency would.

// Test support: failing loudly is what these helpers are for.
#![allow(clippy::panic)]

use std::fmt::Debug;

use pbx_soap::rt::serde::Serialize;
use pbx_soap::rt::serde::de::DeserializeOwned;

/// `value` -> JSON -> value; panics unless it comes back equal. Returns
/// the JSON for further checks.
pub fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) -> serde_json::Value {
    let json = serde_json::to_value(value).unwrap_or_else(|e| panic!("{value:?} does not serialize: {e}"));
    let text = json.to_string();
    let back: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text} does not deserialize: {e}"));
    assert_eq!(&back, value, "the JSON round trip changed the value\n{text}");
    json
}

/// Every string anywhere in `json` (keys excluded), for "is this text in
/// the output at all" checks.
pub fn strings(json: &serde_json::Value) -> Vec<&str> {
    match json {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(items) => items.iter().flat_map(strings).collect(),
        serde_json::Value::Object(map) => map.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}
