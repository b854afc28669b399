//! Readers for PostNord's JSON fields, hand-written over `serde_json::Value`. Each takes
//! whatever value arrived (`None` when the key is absent) and keeps what it can use. PostNord's
//! schema and its responses disagree on scalar types (numbers as strings and back, a single object
//! where a list is expected in old responses), and a strict reader would reject a whole response
//! over one of them. Hand-written rather than serde derives with custom deserializers, which cost
//! the widget about 130 KB of WebAssembly; deliberately not generic, so each is compiled once.

use serde_json::{Map, Value};

use crate::domain::ShipmentStatus;

/// Strings, numbers and booleans as text; null, arrays and objects as `None`.
pub(crate) fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(String::from(if *b { "true" } else { "false" })),
        // Integers exactly (`5.0` reads as "5"), other numbers as serde_json writes them: its
        // formatter is in the WebAssembly anyway, Rust's own float formatting is not.
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(n), _, _) => Some(n.to_string()),
            (None, Some(n), _) => Some(n.to_string()),
            (None, None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                Some((f as i64).to_string())
            }
            (None, None, _) => Some(n.to_string()),
        },
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// A finite number, from a JSON number or a numeric string.
pub(crate) fn number(value: Option<&Value>) -> Option<f64> {
    let n = match value? {
        Value::Number(n) => n.as_f64()?,
        // Nordic locales write a decimal comma.
        // Read as a JSON number (serde_json's parser, already in the WebAssembly, instead of
        // Rust's `f64::from_str`, which would add its own tables).
        Value::String(s) => serde_json::from_str::<f64>(&s.trim().replace(',', ".")).ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// A boolean, also from `"true"`/`"false"`, `1`/`0` and similar.
pub(crate) fn flag(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        // Integers only: `0.5` says nothing clear.
        Value::Number(n) => match n.as_u64() {
            Some(n) => Some(n != 0),
            None => n.as_i64().map(|n| n != 0),
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A weekday flag in opening hours: anything but a clear "yes" means closed.
pub(crate) fn day(value: Option<&Value>) -> bool {
    flag(value).unwrap_or(false)
}

/// Null or absent is no status; any other value is one, and a number or an object where a code
/// belongs reads as [`ShipmentStatus::Other`] rather than failing the parcel.
pub(crate) fn status(value: Option<&Value>) -> Option<ShipmentStatus> {
    match value? {
        Value::Null => None,
        Value::String(code) => Some(ShipmentStatus::from_code(code)),
        // No status code is a number or a boolean, so their text would read as `Other` too.
        _ => Some(ShipmentStatus::Other),
    }
}

/// An object, or `None` for null, absent or any other type.
pub(crate) fn object(value: Option<&Value>) -> Option<&Map<String, Value>> {
    value?.as_object()
}

/// The objects of a list, also from a single object (old responses); entries that are not
/// objects are skipped, and null or any other value is an empty list.
pub(crate) fn objects<'a>(
    value: Option<&'a Value>,
) -> impl Iterator<Item = &'a Map<String, Value>> {
    let many: &'a [Value] = match value {
        Some(Value::Array(list)) => list.as_slice(),
        _ => &[],
    };
    many.iter()
        .filter_map(Value::as_object)
        .chain(object(value))
}
