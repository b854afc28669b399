//! CORS as Chatwoot's rack-cors set-up answers it, and nowhere else.
//!
//! `config/initializers/cors.rb` allows `origins '*'` on `resource '/public/api/*', headers:
//! :any, methods: :any` (besides `/packs/*` and `/audio/*`, which the stand-in does not serve).
//! rack-cors (cyu/rack-cors, `Rack::Cors::Resource#to_headers` / `#to_preflight_headers`) then
//! answers a preflight itself — 200, `Access-Control-Allow-Origin: *`, every method,
//! `Access-Control-Max-Age: 7200`, and the requested headers echoed back — and adds the same
//! headers (without `Allow-Headers`) to every answer of a request that carries an `Origin`, with
//! `Vary: Origin`. `/cable` and `/__standin/` get no CORS headers at all.

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// rack-cors' `methods: :any`.
const ALL_METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
/// rack-cors' default `max_age`.
const MAX_AGE: &str = "7200";

/// Whether rack-cors would touch a request to `path`.
pub(crate) fn covers(path: &str) -> bool {
    path.starts_with("/public/api/")
}

/// rack-cors' own answer to a preflight (`OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`) under `/public/api/`; `None` for any other request.
pub(crate) fn preflight(method: &Method, path: &str, headers: &HeaderMap) -> Option<Response> {
    if method != Method::OPTIONS
        || !covers(path)
        || !headers.contains_key(header::ORIGIN)
        || !headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        return None;
    }
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"))],
    )
        .into_response();
    let out = response.headers_mut();
    allow(out);
    if let Some(requested) = headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested.clone());
    }
    Some(response)
}

/// Adds the CORS headers to an answer under `/public/api/` (for a request with an `Origin`).
pub(crate) fn decorate(response: &mut Response, had_origin: bool) {
    let out = response.headers_mut();
    if had_origin {
        allow(out);
    } else {
        out.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

fn allow(out: &mut HeaderMap) {
    out.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    out.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALL_METHODS),
    );
    // rack-cors sends the header even with nothing exposed: a page cannot read `Retry-After`.
    out.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(""),
    );
    out.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE),
    );
    out.append(header::VARY, HeaderValue::from_static("Origin"));
}
