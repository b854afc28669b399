//! The one client that calls PostNord Track & Trace (v5 `findByIdentifier.json`), whether the base
//! URL is PostNord's, its sandbox, a test fake or the in-process fixture stand-in: the deadline,
//! the size bound and the error mapping are the same code in the demo, the tests and production.
//!
//! Nothing from the buyer's request reaches this module but the validated id and a known locale:
//! no header, no cookie, no body. The API key is added here and never leaves: reqwest's errors
//! carry the URL (with `apikey=`), so they are classified and dropped, never printed.

use std::time::Duration;

use axum::body::Bytes;
use selfhelp::tracking::id::TrackingId;

/// PostNord's v5 lookup path; v7 answers the same JSON, v5 takes the id as a query parameter.
pub(crate) const FIND_PATH: &str = "/rest/shipment/v5/trackandtrace/findByIdentifier.json";

/// Larger answers are not PostNord's (a shipment with many items is tens of kilobytes).
const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// What PostNord answered, as served (status, `Retry-After`, the JSON body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<u32>,
    pub(crate) problem_json: bool,
    pub(crate) body: Bytes,
}

/// Why no answer came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UpstreamError {
    /// The deadline passed.
    Timeout,
    /// No connection, a cut connection or a body larger than any real answer.
    Unavailable,
}

#[derive(Clone)]
pub(crate) struct Upstream {
    client: reqwest::Client,
    base: String,
    apikey: Option<String>,
}

impl Upstream {
    pub(crate) fn new(
        base: String,
        apikey: Option<String>,
        deadline: Duration,
    ) -> Result<Upstream, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(deadline)
            .connect_timeout(deadline.min(Duration::from_secs(3)))
            .user_agent(concat!("selfhelp-server/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Upstream {
            client,
            base,
            apikey,
        })
    }

    /// One lookup. `locale` is one of PostNord's codes (en sv no da fi).
    pub(crate) async fn find(
        &self,
        id: &TrackingId,
        locale: &'static str,
    ) -> Result<Reply, UpstreamError> {
        let mut query = vec![("id", id.as_str()), ("locale", locale)];
        if let Some(key) = &self.apikey {
            query.push(("apikey", key.as_str()));
        }
        let response = self
            .client
            .get(format!("{}{FIND_PATH}", self.base))
            .query(&query)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(classify)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u32>().ok());
        let problem_json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/problem+json"));
        let body = read_bounded(response).await?;
        Ok(Reply {
            status,
            retry_after,
            problem_json,
            body: self.scrubbed(body),
        })
    }

    /// A defence in depth: an error body that echoed the request URL would carry the key.
    fn scrubbed(&self, body: Bytes) -> Bytes {
        let Some(key) = self.apikey.as_deref().filter(|k| k.len() >= 4) else {
            return body;
        };
        match std::str::from_utf8(&body) {
            Ok(text) if text.contains(key) => Bytes::from(text.replace(key, "***")),
            _ => body,
        }
    }
}

async fn read_bounded(mut response: reqwest::Response) -> Result<Bytes, UpstreamError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(UpstreamError::Unavailable);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

/// The error's kind only; its text (with the URL and key) is dropped here.
fn classify(error: reqwest::Error) -> UpstreamError {
    if error.is_timeout() {
        UpstreamError::Timeout
    } else {
        UpstreamError::Unavailable
    }
}
