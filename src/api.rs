//! The merchant's backends as typed calls: URL building and the meaning of each answer. Views
//! call these and render the result; they never see a status code or raw JSON.

use crate::diagnostics::{Area, Diagnostic, Problem};
use crate::i18n::Lang;
use crate::net::{self, Canceller, FetchError};
use crate::tracking::id::TrackingId;
use crate::tracking::model::{parse_response, Shipment, TrackingError};

/// Why a lookup shows no parcel, as the buyer should understand it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LookupError {
    /// A well-formed number PostNord does not know (yet).
    NotFound,
    /// The proxy refused or broke (403, 400, 5xx, a request fault): not the buyer's doing.
    Unavailable,
    /// 429: try again after this many seconds, when the server said.
    RateLimited(Option<u32>),
    Timeout,
    Network,
    /// An answer we could not read (malformed or huge JSON).
    Unreadable,
    /// Replaced by a newer lookup: show nothing.
    Cancelled,
}

/// Fills the merchant's template: `{id}` and `{locale}` (PostNord's locale codes).
pub(crate) fn tracking_url(template: &str, id: &TrackingId, lang: Lang) -> String {
    template
        .replace("{id}", id.as_str())
        .replace("{locale}", lang.postnord_locale())
}

/// What an HTTP answer from the tracking proxy means.
pub(crate) fn read_tracking_answer(
    outcome: Result<net::Answer, FetchError>,
) -> Result<Vec<Shipment>, LookupError> {
    let answer = outcome.map_err(|error| match error {
        FetchError::Timeout => LookupError::Timeout,
        FetchError::Network => LookupError::Network,
        FetchError::Cancelled => LookupError::Cancelled,
        FetchError::RateLimited { retry_after } => LookupError::RateLimited(retry_after),
        FetchError::TooLarge => LookupError::Unreadable,
    })?;
    match answer.status {
        200..=299 => parse_response(&answer.body).map_err(|error| match error {
            TrackingError::NotFound => LookupError::NotFound,
            TrackingError::Malformed | TrackingError::TooLarge => LookupError::Unreadable,
            TrackingError::Fault { .. } => LookupError::Unavailable,
        }),
        404 => Err(LookupError::NotFound),
        _ => Err(LookupError::Unavailable),
    }
}

/// Looks a parcel up through the merchant's proxy. Besides what the buyer hears, a proxy that
/// fails (unreachable, refused by CORS, 5xx, too slow) is a problem for the merchant, named by
/// the template, never the number. PostNord's "not found" (404) is the buyer's, not theirs.
pub(crate) async fn track(
    template: &str,
    id: &TrackingId,
    lang: Lang,
    canceller: &Canceller,
) -> (Result<Vec<Shipment>, LookupError>, Option<Diagnostic>) {
    let outcome = net::get(&tracking_url(template, id, lang), canceller).await;
    let problem = Diagnostic::of_request(Area::Tracking, template, &outcome)
        .filter(|d| !matches!(d.problem, Problem::Status { status: 404, .. }));
    (read_tracking_answer(outcome), problem)
}

/// Sends delivery feedback to the merchant's endpoint; Ok when it answered 2xx, else what went
/// wrong, for the merchant.
pub(crate) async fn send_feedback(url: &str, json: &str) -> Result<(), Diagnostic> {
    let outcome = net::post_json(url, json).await;
    match Diagnostic::of_request(Area::Feedback, url, &outcome) {
        None if outcome.is_ok() => Ok(()),
        None => Err(Diagnostic::new(
            Area::Feedback,
            Problem::Unreachable {
                url: url.to_owned(),
            },
        )),
        Some(problem) => Err(problem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::Answer;

    fn body(status: u16, body: &str) -> Result<Answer, FetchError> {
        Ok(Answer {
            status,
            body: body.to_owned(),
        })
    }

    #[test]
    fn the_template_gets_the_id_and_postnords_locale() {
        let id = TrackingId::parse("rr 747 540 648 se").expect("valid");
        assert_eq!(
            tracking_url("/track/{id}?locale={locale}", &id, Lang::Nb),
            "/track/RR747540648SE?locale=no"
        );
        assert_eq!(
            tracking_url("https://p.example/t?id={id}", &id, Lang::Fi),
            "https://p.example/t?id=RR747540648SE"
        );
    }

    #[test]
    fn answers_mean_what_the_buyer_needs_to_hear() {
        let empty = r#"{"TrackingInformationResponse":{"shipments":[]}}"#;
        assert_eq!(
            read_tracking_answer(body(200, empty)),
            Err(LookupError::NotFound)
        );
        assert_eq!(
            read_tracking_answer(body(200, "{not json")),
            Err(LookupError::Unreadable)
        );
        assert_eq!(
            read_tracking_answer(body(403, "")),
            Err(LookupError::Unavailable)
        );
        assert_eq!(
            read_tracking_answer(body(400, "{}")),
            Err(LookupError::Unavailable)
        );
        assert_eq!(
            read_tracking_answer(body(500, "")),
            Err(LookupError::Unavailable)
        );
        assert_eq!(
            read_tracking_answer(body(404, "")),
            Err(LookupError::NotFound)
        );
        assert_eq!(
            read_tracking_answer(Err(FetchError::RateLimited {
                retry_after: Some(30)
            })),
            Err(LookupError::RateLimited(Some(30)))
        );
        assert_eq!(
            read_tracking_answer(Err(FetchError::TooLarge)),
            Err(LookupError::Unreadable)
        );
        let found = include_str!("../public/demo/tracking/370724760120000898.json");
        assert_eq!(
            read_tracking_answer(body(200, found)).map(|s| s.len()),
            Ok(1)
        );
    }
}
