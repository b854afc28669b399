//! Request bodies, read as Rails and Chatwoot read them: JSON parameters, strong parameters
//! (`params.permit`, which drops what is not permitted instead of refusing it), and the
//! validations of `Message`. The stand-in's own bounds (lengths, sizes) refuse with 413/422.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use crate::model::Attachment;
use crate::store::{refuse, Refusal};

pub(crate) const MAX_ATTRIBUTES_BYTES: usize = 16 * 1024;
pub(crate) const MAX_FIELD_CHARS: usize = 255;
const MAX_ATTACHMENTS: usize = 15;

/// `enum content_type` in `app/models/message.rb`.
const CONTENT_TYPES: [&str; 12] = [
    "text",
    "input_text",
    "input_textarea",
    "input_email",
    "input_select",
    "cards",
    "form",
    "article",
    "incoming_email",
    "input_csat",
    "integrations",
    "sticker",
];
/// `enum file_type` of `Attachment` (`app/models/attachment.rb`).
const FILE_TYPES: [&str; 10] = [
    "image",
    "audio",
    "video",
    "file",
    "location",
    "fallback",
    "share",
    "story_mention",
    "contact",
    "ig_reel",
];

/// A JSON object body. Not JSON is 400 (Rails' `ParseError`); JSON that is not an object has no
/// named parameters (Rails puts it under `_json`), so it reads as `{}`.
pub(crate) fn parse_object(body: &[u8]) -> Result<Map<String, Value>, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(Map::new()),
        Err(error) => Err(refuse(
            StatusCode::BAD_REQUEST,
            format!("the body is not JSON: {error}"),
        )),
    }
}

pub(crate) fn opt_string(map: &Map<String, Value>, key: &str) -> Result<Option<String>, Refusal> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.chars().count() <= MAX_FIELD_CHARS => {
            Ok(Some(text.clone()))
        }
        Some(Value::String(_)) => Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("`{key}` is longer than {MAX_FIELD_CHARS} characters"),
        )),
        // Strong parameters drop what is not a scalar.
        Some(_) => Ok(None),
    }
}

pub(crate) fn json_size(map: &Map<String, Value>) -> usize {
    serde_json::to_string(map).map_or(usize::MAX, |text| text.len())
}

pub(crate) fn opt_attributes(
    map: &Map<String, Value>,
    key: &str,
) -> Result<Option<Map<String, Value>>, Refusal> {
    match map.get(key) {
        Some(Value::Object(attributes)) if json_size(attributes) <= MAX_ATTRIBUTES_BYTES => {
            Ok(Some(attributes.clone()))
        }
        Some(Value::Object(_)) => Err(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("`{key}` is larger than {MAX_ATTRIBUTES_BYTES} bytes"),
        )),
        _ => Ok(None),
    }
}

/// Strong parameters for `submitted_values`: a hash or an array of hashes, keeping only `name`,
/// `title`, `value` (scalars) and `csat_survey_response: {feedback_message, rating}`.
pub(crate) fn permit_submitted(value: &Value) -> Option<Value> {
    fn scalar(value: &Value) -> bool {
        matches!(
            value,
            Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null
        )
    }
    fn permit(map: &Map<String, Value>) -> Value {
        let mut kept = Map::new();
        for key in ["name", "title", "value"] {
            if let Some(v) = map.get(key).filter(|v| scalar(v)) {
                kept.insert(key.to_owned(), v.clone());
            }
        }
        if let Some(Value::Object(csat)) = map.get("csat_survey_response") {
            let mut response = Map::new();
            for key in ["feedback_message", "rating"] {
                if let Some(v) = csat.get(key).filter(|v| scalar(v)) {
                    response.insert(key.to_owned(), v.clone());
                }
            }
            kept.insert("csat_survey_response".to_owned(), Value::Object(response));
        }
        Value::Object(kept)
    }
    match value {
        Value::Object(map) => Some(permit(map)),
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .filter_map(Value::as_object)
                .map(permit)
                .collect(),
        )),
        _ => None,
    }
}

/// Checks an agent-side message as `ContentAttributeValidator`
/// (`app/validators/content_attribute_validator.rb`) does: `input_select`, `cards`, `form` and
/// `article` need a non-empty `items` array of objects with only the allowed keys.
pub(crate) fn validate_content(
    content_type: &str,
    attributes: &Map<String, Value>,
) -> Result<(), Refusal> {
    if !CONTENT_TYPES.contains(&content_type) {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("unknown content_type `{content_type}`: one of {CONTENT_TYPES:?}"),
        ));
    }
    let allowed: &[&str] = match content_type {
        "input_select" => &["title", "value"],
        "cards" => &["title", "description", "media_url", "actions"],
        "form" => &[
            "type",
            "placeholder",
            "label",
            "name",
            "options",
            "default",
            "required",
            "pattern",
            "title",
            "pattern_error",
        ],
        "article" => &["title", "description", "link"],
        _ => return Ok(()),
    };
    let invalid = |why: String| refuse(StatusCode::UNPROCESSABLE_ENTITY, why);
    let items = match attributes.get("items") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        _ => return Err(invalid("At least one item is required.".to_owned())),
    };
    for item in items {
        let Value::Object(item) = item else {
            return Err(invalid("Items should be a hash.".to_owned()));
        };
        if let Some(key) = item.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(invalid(format!(
                "contains invalid keys for items : [{key}]"
            )));
        }
    }
    Ok(())
}

/// An attachment given to `/__standin/agent-message`: `file_type` one of Chatwoot's, the rest
/// optional (ids are given when stored).
pub(crate) fn parse_attachment(value: &Value) -> Result<Attachment, Refusal> {
    let bad = |why: &str| {
        refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("attachment: {why}"),
        )
    };
    let Value::Object(map) = value else {
        return Err(bad("must be an object"));
    };
    let file_type = map
        .get("file_type")
        .and_then(Value::as_str)
        .unwrap_or("file");
    if !FILE_TYPES.contains(&file_type) {
        return Err(bad(&format!("file_type must be one of {FILE_TYPES:?}")));
    }
    let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
    let number = |key: &str| map.get(key).and_then(Value::as_u64);
    Ok(Attachment {
        id: 0,
        message_id: 0,
        file_type: file_type.to_owned(),
        data_url: text("data_url"),
        thumb_url: text("thumb_url"),
        file_size: number("file_size"),
        extension: text("extension"),
        width: number("width"),
        height: number("height"),
        fallback_title: text("fallback_title"),
    })
}

pub(crate) fn parse_attachments(value: Option<&Value>) -> Result<Vec<Attachment>, Refusal> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) if items.len() <= MAX_ATTACHMENTS => {
            items.iter().map(parse_attachment).collect()
        }
        Some(Value::Array(_)) => Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("at most {MAX_ATTACHMENTS} attachments (NUMBER_OF_PERMITTED_ATTACHMENTS)"),
        )),
        Some(_) => Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "`attachments` must be an array",
        )),
    }
}

/// Ruby's `String#to_i`: leading blanks, an optional sign, leading digits; otherwise 0.
pub(crate) fn ruby_to_i(text: &str) -> i64 {
    let text = text.trim_start();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().map_or(0, |n| sign * n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn before_reads_as_ruby_to_i() {
        assert_eq!(ruby_to_i("42"), 42);
        assert_eq!(ruby_to_i(" 7abc"), 7);
        assert_eq!(ruby_to_i("abc"), 0);
        assert_eq!(ruby_to_i("-3"), -3);
    }

    #[test]
    fn submitted_values_keep_only_permitted_keys() {
        let permitted = permit_submitted(&json!([{"title": "Yes", "value": "yes", "x": 1}]));
        assert_eq!(permitted, Some(json!([{"title": "Yes", "value": "yes"}])));
        let csat = permit_submitted(&json!({"csat_survey_response": {"rating": 5, "evil": true}}));
        assert_eq!(csat, Some(json!({"csat_survey_response": {"rating": 5}})));
        assert_eq!(permit_submitted(&json!("text")), None);
    }

    #[test]
    fn content_is_validated_as_chatwoot_validates_it() {
        let items = |v: Value| v.as_object().cloned().unwrap_or_default();
        assert!(validate_content("text", &Map::new()).is_ok());
        assert!(validate_content("input_csat", &Map::new()).is_ok());
        assert!(validate_content("input_select", &Map::new()).is_err());
        assert!(validate_content(
            "input_select",
            &items(json!({"items": [{"title": "A", "value": "a"}]}))
        )
        .is_ok());
        assert!(
            validate_content("input_select", &items(json!({"items": [{"label": "A"}]}))).is_err()
        );
        assert!(validate_content("input_select", &items(json!({"items": ["A"]}))).is_err());
        assert!(validate_content("bogus", &Map::new()).is_err());
    }
}
