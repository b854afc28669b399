//! The HTTP surface: routes, CORS for the configured shop origins, per-client rate limits, and a
//! request log that names the route, never the query (which holds the tracking id) or the client.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, DefaultBodyLimit, MatchedPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use selfhelp::domain::Lang;
use selfhelp::tracking::id::TrackingId;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::cache::{Cache, Source};
use crate::clock::CentreClock;
use crate::config::{Config, UpstreamKind};
use crate::ratelimit::{Limited, RateLimiter};
use crate::report;
use crate::standin::{self, Seen};
use crate::store::{self, Store};
use crate::upstream::{Upstream, UpstreamError};

/// The report's policy: nothing but our own stylesheet, no script, no framing, no forms.
const REPORT_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
    base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub(crate) struct App {
    upstream: Upstream,
    cache: Cache<(TrackingId, &'static str)>,
    track_limit: RateLimiter,
    collect_limit: RateLimiter,
    /// Guesses at the report token cost a token each, like any other request.
    report_limit: RateLimiter,
    store: Box<dyn Store>,
    allowed_origins: Vec<String>,
    trust_forwarded_for: bool,
    report_token: Option<String>,
    clock: CentreClock,
}

#[derive(Debug)]
pub(crate) enum StartError {
    StandIn(standin::StandInError),
    /// The TLS client could not be built (no usable root certificates).
    Client,
    Store(store::StoreError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::StandIn(e) => write!(f, "tracking stand-in: {e}"),
            StartError::Client => f.write_str("cannot build the HTTP client"),
            StartError::Store(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

impl App {
    /// Opens the database, starts the fixture stand-in when configured, builds the client.
    /// Returns what the stand-in saw, for tests and the demo's log.
    pub(crate) async fn start(
        config: &Config,
    ) -> Result<(Arc<App>, Option<Arc<Seen>>), StartError> {
        let (base, seen) = match &config.upstream {
            UpstreamKind::Http { base } => (base.clone(), None),
            UpstreamKind::Fixtures { dir } => {
                let (base, seen) = standin::start(dir, config.standin_delay)
                    .await
                    .map_err(StartError::StandIn)?;
                (base, Some(seen))
            }
        };
        let upstream = Upstream::new(base, config.apikey.clone(), config.upstream_timeout)
            .map_err(|_| StartError::Client)?;
        let store = store::open(&config.database)
            .await
            .map_err(StartError::Store)?;
        let app = App {
            upstream,
            cache: Cache::new(config.ttl, config.cache_max_entries),
            track_limit: RateLimiter::new(config.rate),
            collect_limit: RateLimiter::new(config.rate),
            report_limit: RateLimiter::new(config.rate),
            store,
            allowed_origins: config.allowed_origins.clone(),
            trust_forwarded_for: config.trust_forwarded_for,
            report_token: config.report_token.clone(),
            clock: config.clock,
        };
        Ok((Arc::new(app), seen))
    }
}

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/track", get(track))
        .route("/collect", post(collect))
        .route("/report", get(report_page))
        .route("/report.css", get(report_css))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .layer(DefaultBodyLimit::max(crate::collect::MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(app.clone(), cors))
        .layer(middleware::from_fn(log))
        .with_state(app)
}

/// Serves until `shutdown` resolves, then stops accepting and lets requests in flight finish.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    app: Arc<App>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(app).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// One line per request: method, route, status and time. No query, no client address.
async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| match p.as_str() {
            "/track" => "/track",
            "/collect" => "/collect",
            "/report" => "/report",
            _ => "other",
        });
    let started = Instant::now();
    let response = next.run(request).await;
    let cache = response
        .headers()
        .get("x-selfhelp-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info!(
        %method,
        route,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        cache,
        "request"
    );
    response
}

/// CORS for the buyer-facing routes: only the configured shop origins get an answer a browser
/// will hand to the page; a request from any other origin is refused before it costs anything.
/// Requests without `Origin` (same-origin, or not a browser) pass without CORS headers.
async fn cors(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path != "/track" && path != "/collect" {
        return next.run(request).await;
    }
    let Some(origin) = request.headers().get(header::ORIGIN).cloned() else {
        return next.run(request).await;
    };
    let allowed = origin
        .to_str()
        .is_ok_and(|o| app.allowed_origins.iter().any(|a| a == o));
    let mut response = if !allowed {
        error(StatusCode::FORBIDDEN, "origin-not-allowed")
    } else if request.method() == Method::OPTIONS {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        r
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("origin"));
    if allowed {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("retry-after"),
        );
    }
    response
}

fn error(status: StatusCode, code: &'static str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!("{{\"error\":\"{code}\"}}"),
    )
        .into_response()
}

fn limited(l: Limited) -> Response {
    let mut r = error(StatusCode::TOO_MANY_REQUESTS, "rate-limited");
    r.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(l.retry_after.as_secs()),
    );
    r
}

/// The client, for the rate limit only: the socket's peer, or behind a trusted reverse proxy
/// the address it appended last to `X-Forwarded-For`.
fn client_ip(app: &App, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    if app.trust_forwarded_for {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .and_then(|v| v.trim().parse().ok());
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    peer.ip()
}

#[derive(Deserialize)]
struct TrackQuery {
    id: Option<String>,
    locale: Option<String>,
}

/// PostNord's locale for `locale` (`no`, or a tag such as `nb` or `sv-SE`); English by default.
fn postnord_locale(locale: Option<&str>) -> Option<&'static str> {
    match locale {
        None | Some("") => Some("en"),
        Some(tag) => Lang::from_tag(tag).map(Lang::postnord_locale),
    }
}

/// `GET /track?id=…&locale=…`: PostNord's answer as served, through the cache. Only the
/// validated id and the locale go upstream; the buyer's headers and cookies stay here.
async fn track(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<TrackQuery>,
) -> Response {
    if let Err(l) = app.track_limit.check(client_ip(&app, peer, &headers)) {
        return limited(l);
    }
    let Some(Ok(id)) = query.id.as_deref().map(TrackingId::parse) else {
        return error(StatusCode::BAD_REQUEST, "invalid-id");
    };
    let Some(locale) = postnord_locale(query.locale.as_deref()) else {
        return error(StatusCode::BAD_REQUEST, "invalid-locale");
    };
    let upstream = &app.upstream;
    let (answer, source) = app
        .cache
        .get((id.clone(), locale), || upstream.find(&id, locale))
        .await;
    let cache = match source {
        Source::Cache => "hit",
        Source::Upstream => "miss",
    };
    let mut response = match answer {
        Ok(reply) => {
            let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_GATEWAY);
            let content_type = if reply.problem_json {
                "application/problem+json"
            } else {
                "application/json; charset=utf-8"
            };
            let mut r = (
                status,
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                Body::from(reply.body.clone()),
            )
                .into_response();
            if let Some(seconds) = reply.retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            r
        }
        Err(UpstreamError::Timeout) => error(StatusCode::GATEWAY_TIMEOUT, "upstream-timeout"),
        Err(UpstreamError::Unavailable) => error(StatusCode::BAD_GATEWAY, "upstream-unavailable"),
    };
    response
        .headers_mut()
        .insert("x-selfhelp-cache", HeaderValue::from_static(cache));
    response
}

/// `POST /collect`: one visit's anonymous outcome (the widget's `sendBeacon`, text/plain).
async fn collect(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(l) = app.collect_limit.check(client_ip(&app, peer, &headers)) {
        return limited(l);
    }
    let now = OffsetDateTime::now_utc();
    let visit = match crate::collect::parse(&body, now, app.clock.offset_at(now)) {
        Ok(visit) => visit,
        Err(e) => {
            tracing::debug!(reason = %e, "beacon refused");
            return error(StatusCode::BAD_REQUEST, "invalid-beacon");
        }
    };
    match app.store.record(&visit).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "visit not stored");
            error(StatusCode::SERVICE_UNAVAILABLE, "store-unavailable")
        }
    }
}

#[derive(Deserialize)]
struct ReportQuery {
    token: Option<String>,
    lang: Option<String>,
    days: Option<u16>,
}

/// Compares without an early exit, so the time taken says nothing about the token.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn page_headers(response: &mut Response) {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(REPORT_CSP),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
}

/// `GET /report`: the token as `Authorization: Bearer …` or `?token=`; without it, 401 and
/// nothing else (no figures, no language links).
async fn report_page(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<ReportQuery>,
) -> Response {
    if let Err(l) = app.report_limit.check(client_ip(&app, peer, &headers)) {
        return limited(l);
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let given = bearer.or(query.token.as_deref());
    let authorised = match (&app.report_token, given) {
        (Some(token), Some(given)) => same_secret(token.as_bytes(), given.as_bytes()),
        _ => false,
    };
    if !authorised {
        let mut r = (
            StatusCode::UNAUTHORIZED,
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::WWW_AUTHENTICATE, "Bearer"),
            ],
            "401 Unauthorized\n",
        )
            .into_response();
        page_headers(&mut r);
        return r;
    }
    let lang = query
        .lang
        .as_deref()
        .and_then(|code| crate::collect::find(&Lang::ALL, |l| l.code(), code))
        .or_else(|| preferred_lang(&headers))
        .unwrap_or(Lang::En);
    let days = query.days.unwrap_or(28).clamp(7, 366);
    let now = OffsetDateTime::now_utc();
    let offset = app.clock.offset_at(now);
    let today = now.to_offset(offset).date();
    let first = store::day_code(report::first_day(today, days));
    let rows = app.store.visits_since(&first).await;
    let articles = app.store.not_helpful_since(&first).await;
    let (rows, articles) = match (rows, articles) {
        (Ok(r), Ok(a)) => (r, a),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "report not read");
            return error(StatusCode::SERVICE_UNAVAILABLE, "store-unavailable");
        }
    };
    let report = report::build(today, days, &rows, articles);
    let token_in_url = if bearer.is_none() {
        query.token.as_deref()
    } else {
        None
    };
    let page = report::html::render(&report, lang, token_in_url, offset);
    let mut r = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
    page_headers(&mut r);
    r
}

/// The first of the browser's languages the report speaks (`Accept-Language`, in its order).
fn preferred_lang(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get(header::ACCEPT_LANGUAGE)?
        .to_str()
        .ok()?
        .split(',')
        .filter_map(|tag| Lang::from_tag(tag.split(';').next().unwrap_or("")))
        .next()
}

async fn report_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        report::html::CSS,
    )
        .into_response()
}

async fn readyz(State(app): State<Arc<App>>) -> Response {
    match app.store.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
