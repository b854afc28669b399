//! A stand-in for PostNord Track & Trace that serves the recorded responses in
//! `public/demo/tracking/` on loopback, at PostNord's own path, so that `UPSTREAM=fixtures:<dir>`
//! sends the demo and the tests through the very client code production uses.
//!
//! It reads `manifest.json` as `scripts/serve.mjs` does: `errors` first (an HTTP status, an
//! optional body, `retryAfter`, `delayMs`, and `times` failures before `thenFile`), then
//! `<ID>.json`; an id with no file gets `empty-shipments.json`, which is how PostNord answers a
//! well-formed id it does not know. It counts calls, so tests can prove coalescing.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::upstream::FIND_PATH;

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    errors: Vec<ErrorEntry>,
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ErrorEntry {
    id: String,
    file: Option<String>,
    http: u16,
    retry_after: Option<u32>,
    delay_ms: Option<u64>,
    times: Option<usize>,
    then_file: Option<String>,
}

/// What the stand-in saw, for tests: calls, and whether anything of the buyer's arrived.
#[derive(Default)]
pub(crate) struct Seen {
    pub(crate) calls: AtomicUsize,
    pub(crate) header_names: Mutex<Vec<String>>,
    pub(crate) apikeys: Mutex<Vec<String>>,
}

struct StandIn {
    files: HashMap<String, Vec<u8>>,
    errors: HashMap<String, ErrorEntry>,
    served: Mutex<HashMap<String, usize>>,
    /// Added to every answer, to hold requests in flight (tests and the load benchmark).
    delay: Duration,
    seen: Arc<Seen>,
}

#[derive(Debug)]
pub(crate) enum StandInError {
    Read(std::io::Error),
    Manifest(serde_json::Error),
}

impl std::fmt::Display for StandInError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StandInError::Read(e) => write!(f, "cannot read the fixtures: {e}"),
            StandInError::Manifest(e) => write!(f, "cannot read manifest.json: {e}"),
        }
    }
}

impl std::error::Error for StandInError {}

/// Loads `dir` and serves it on 127.0.0.1 on a free port; returns the base URL.
pub(crate) async fn start(
    dir: &Path,
    delay: Duration,
) -> Result<(String, Arc<Seen>), StandInError> {
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(dir.join("manifest.json")).map_err(StandInError::Read)?,
    )
    .map_err(StandInError::Manifest)?;
    let mut files = HashMap::new();
    for entry in std::fs::read_dir(dir).map_err(StandInError::Read)? {
        let path = entry.map_err(StandInError::Read)?.path();
        if path.extension().is_some_and(|e| e == "json") {
            if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                files.insert(
                    name.to_string(),
                    std::fs::read(&path).map_err(StandInError::Read)?,
                );
            }
        }
    }
    let seen = Arc::new(Seen::default());
    let state = Arc::new(StandIn {
        files,
        errors: manifest
            .errors
            .into_iter()
            .map(|e| (e.id.clone(), e))
            .collect(),
        served: Mutex::new(HashMap::new()),
        delay,
        seen: seen.clone(),
    });
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .map_err(StandInError::Read)?;
    let addr = listener.local_addr().map_err(StandInError::Read)?;
    let app = Router::new().route(FIND_PATH, get(find)).with_state(state);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "tracking stand-in stopped");
        }
    });
    Ok((format!("http://{addr}"), seen))
}

async fn find(
    State(standin): State<Arc<StandIn>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let seen = &standin.seen;
    seen.calls.fetch_add(1, Ordering::SeqCst);
    if let Ok(mut names) = seen.header_names.lock() {
        names.extend(headers.keys().map(|k| k.as_str().to_string()));
    }
    if let (Some(key), Ok(mut keys)) = (query.get("apikey"), seen.apikeys.lock()) {
        keys.push(key.clone());
    }
    let id = query.get("id").cloned().unwrap_or_default();
    let (status, file, retry_after, delay) = match standin.errors.get(&id) {
        Some(entry) => {
            let count = standin
                .served
                .lock()
                .map(|mut served| {
                    let n = served.entry(id.clone()).or_default();
                    *n += 1;
                    *n
                })
                .unwrap_or(1);
            if entry.times.is_some_and(|times| count > times) {
                (200, entry.then_file.clone(), None, 0)
            } else {
                (
                    entry.http,
                    entry.file.clone(),
                    entry.retry_after,
                    entry.delay_ms.unwrap_or(0),
                )
            }
        }
        None => {
            let own = format!("{id}.json");
            let file = if standin.files.contains_key(&own) {
                own
            } else {
                "empty-shipments.json".to_string()
            };
            (200, Some(file), None, 0)
        }
    };
    tokio::time::sleep(standin.delay + Duration::from_millis(delay)).await;
    let body = file
        .and_then(|f| standin.files.get(&f).cloned())
        .unwrap_or_default();
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        body,
    )
        .into_response();
    let content_type = if status == 400 {
        "application/problem+json"
    } else {
        "application/json; charset=utf-8"
    };
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static(content_type),
    );
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}
