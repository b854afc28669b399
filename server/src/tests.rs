//! The server end to end on loopback: real sockets, the real client, the fixture stand-in as
//! PostNord (it counts calls), a temporary SQLite file.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::app::{serve as serve_app, App};
use crate::config::Config;
use crate::standin::Seen;

const TOKEN: &str = "report-token-for-tests";
const APIKEY: &str = "apikey-for-tests-0123";
const SHOP: &str = "http://shop.example";

struct Server {
    base: String,
    seen: Arc<Seen>,
    client: reqwest::Client,
    db: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.db.display()));
        }
    }
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn calls(&self) -> usize {
        self.seen.calls.load(Ordering::SeqCst)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    async fn beacon(&self, json: &str) -> StatusCode {
        self.client
            .post(self.url("/collect"))
            .header("content-type", "text/plain;charset=UTF-8")
            .body(json.to_string())
            .send()
            .await
            .unwrap()
            .status()
    }
}

/// Starts the server with test defaults, overridden by `vars`.
async fn serve(vars: &[(&str, &str)]) -> Server {
    static N: AtomicUsize = AtomicUsize::new(0);
    let db = std::env::temp_dir().join(format!(
        "selfhelp-server-test-{}-{}.db",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/demo/tracking");
    let mut map: HashMap<String, String> = [
        ("UPSTREAM", format!("fixtures:{fixtures}")),
        ("POSTNORD_APIKEY", APIKEY.to_string()),
        ("DATABASE_URL", format!("sqlite:{}", db.display())),
        ("RATE_LIMIT_BURST", "10000".to_string()),
        ("REPORT_TOKEN", TOKEN.to_string()),
        ("ALLOWED_ORIGINS", SHOP.to_string()),
        ("REPORT_UTC_OFFSET", "+00:00".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (k, v) in vars {
        map.insert(k.to_string(), v.to_string());
    }
    let config = Config::from_lookup(|name| map.get(name).cloned()).unwrap();
    let (app, seen) = App::start(&config).await.unwrap();
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve_app(listener, app, std::future::pending()));
    Server {
        base,
        seen: seen.unwrap_or_default(),
        client: reqwest::Client::new(),
        db,
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../public/demo/tracking/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[tokio::test]
async fn postnords_json_as_served_then_from_the_cache() {
    let s = serve(&[]).await;
    let first = s
        .client
        .get(s.url("/track?id=3707 2476 0120 0008 98&locale=sv"))
        .header("cookie", "session=buyer-secret")
        .header("x-buyer", "jane@example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()["x-selfhelp-cache"], "miss");
    assert_eq!(
        first.bytes().await.unwrap(),
        fixture("370724760120000898.json")
    );
    let second = s.get("/track?id=370724760120000898&locale=sv").await;
    assert_eq!(second.headers()["x-selfhelp-cache"], "hit");
    assert_eq!(s.calls(), 1);
    // Another locale is another answer (PostNord localises its texts).
    s.get("/track?id=370724760120000898&locale=nb").await;
    assert_eq!(s.calls(), 2);
    // The key went upstream; nothing of the buyer's did.
    assert_eq!(*s.seen.apikeys.lock().unwrap(), [APIKEY, APIKEY]);
    let names = s.seen.header_names.lock().unwrap().clone();
    assert!(
        !names.iter().any(|n| n == "cookie" || n == "x-buyer"),
        "{names:?}"
    );
}

#[tokio::test]
async fn ids_are_validated_before_any_upstream_call() {
    let s = serve(&[]).await;
    for path in [
        "/track",
        "/track?id=",
        "/track?id=RB123456786US",
        "/track?id=hello",
        "/track?id=370724760120000898&locale=de",
    ] {
        let r = s.get(path).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
    }
    assert_eq!(s.calls(), 0);
    // An unknown but well-formed id is PostNord's to answer (empty shipments).
    let r = s.get("/track?id=370724760120099120").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap(), fixture("empty-shipments.json"));
}

#[tokio::test]
async fn two_hundred_buyers_one_upstream_call() {
    let s = Arc::new(serve(&[("STANDIN_DELAY_MS", "300")]).await);
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let r = s.get("/track?id=RR747540648SE&locale=sv").await;
            (r.status(), r.bytes().await.unwrap().len())
        }));
    }
    let expected = fixture("RR747540648SE.json").len();
    for task in tasks {
        assert_eq!(task.await.unwrap(), (StatusCode::OK, expected));
    }
    assert_eq!(s.calls(), 1);
}

#[tokio::test]
async fn upstream_failures_are_passed_on() {
    let s = serve(&[("UPSTREAM_TIMEOUT_MS", "300")]).await;
    // Timeout: the stand-in answers this id after 15 s.
    let started = Instant::now();
    let r = s.get("/track?id=RR110352194DK").await;
    assert_eq!(r.status(), StatusCode::GATEWAY_TIMEOUT);
    assert!(started.elapsed() < Duration::from_secs(3));
    // 429 with Retry-After, kept for those seconds rather than asked again.
    let r = s.get("/track?id=CP903177457FI").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "30");
    let calls = s.calls();
    let r = s.get("/track?id=CP903177457FI").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(s.calls(), calls);
    // 5xx is passed on and not cached: the widget's retry reaches PostNord and succeeds.
    assert_eq!(s.get("/track?id=370731102400002633").await.status(), 500);
    assert_eq!(s.get("/track?id=370731102400002633").await.status(), 200);
    assert_eq!(s.get("/track?id=370724760120099502").await.status(), 500);
    // A rejected key is the proxy's problem, passed on as 403.
    assert_eq!(s.get("/track?id=370724760120099434").await.status(), 403);
    // A problem+json 400 keeps its type.
    let r = s.get("/track?id=RR110346018NO").await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn upstream_unreachable_is_a_502() {
    // A port nothing listens on (bound, then closed).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let s = serve(&[("UPSTREAM", base.as_str())]).await;
    let r = s.get("/track?id=RR747540648SE").await;
    assert_eq!(r.status(), StatusCode::BAD_GATEWAY);
}

#[tokio::test]
async fn cors_answers_shop_origins_only() {
    let s = serve(&[]).await;
    let shop = s
        .client
        .get(s.url("/track?id=RR747540648SE"))
        .header("origin", SHOP)
        .send()
        .await
        .unwrap();
    assert_eq!(shop.status(), StatusCode::OK);
    assert_eq!(shop.headers()["access-control-allow-origin"], SHOP);
    assert_eq!(
        shop.headers()["access-control-expose-headers"],
        "retry-after"
    );
    let calls = s.calls();
    let other = s
        .client
        .get(s.url("/track?id=CX806123945US"))
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    assert!(other.headers().get("access-control-allow-origin").is_none());
    assert_eq!(s.calls(), calls);
    let preflight = s
        .client
        .request(reqwest::Method::OPTIONS, s.url("/collect"))
        .header("origin", SHOP)
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(preflight.headers()["access-control-allow-origin"], SHOP);
    let beacon = s
        .client
        .post(s.url("/collect"))
        .header("origin", "http://evil.example")
        .body(VISIT)
        .send()
        .await
        .unwrap();
    assert_eq!(beacon.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_client_over_its_rate_is_refused_without_an_upstream_call() {
    let s = serve(&[("RATE_LIMIT_BURST", "3"), ("RATE_LIMIT_PER_MINUTE", "6")]).await;
    for _ in 0..3 {
        assert_eq!(s.get("/track?id=RR747540648SE").await.status(), 200);
    }
    let r = s.get("/track?id=CX806123945US").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "10");
    assert_eq!(s.calls(), 1);
    // /collect has its own bucket.
    for _ in 0..3 {
        assert_eq!(s.beacon(VISIT).await, StatusCode::NO_CONTENT);
    }
    assert_eq!(s.beacon(VISIT).await, StatusCode::TOO_MANY_REQUESTS);
    // So does the report: guessing its token is rate-limited too.
    for _ in 0..3 {
        assert_eq!(s.get("/report?token=guess").await.status(), 401);
    }
    assert_eq!(s.get("/report?token=guess").await.status(), 429);
}

const VISIT: &str = r#"{"v":1,"outcome":"solved-by-article","lang":"sv","market":"se","context":"order-confirmation","searches":3,"articles":2,"lookups":1}"#;

#[tokio::test]
async fn collect_takes_the_beacon_and_refuses_the_rest() {
    let s = serve(&[]).await;
    assert_eq!(s.beacon(VISIT).await, StatusCode::NO_CONTENT);
    assert_eq!(
        s.beacon(&VISIT.replace("\"lookups\":1", "\"lookups\":1,\"email\":\"a@b.se\""))
            .await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(s.beacon("not json").await, StatusCode::BAD_REQUEST);
    assert_eq!(
        s.beacon(&format!("{{\"pad\":\"{}\"}}", "x".repeat(5000)))
            .await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        s.get("/collect").await.status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test]
async fn the_report_is_refused_without_the_token() {
    let s = serve(&[]).await;
    s.beacon(VISIT).await;
    for r in [
        s.get("/report").await,
        s.get("/report?token=wrong&lang=sv").await,
        s.client
            .get(s.url("/report"))
            .bearer_auth("report-token-for-testz")
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'"));
        let body = r.text().await.unwrap();
        assert!(
            !body.contains("Självservice") && !body.contains("<"),
            "{body}"
        );
    }
    let none = serve(&[("REPORT_TOKEN", "")]).await;
    assert_eq!(
        none.get("/report?token=").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_report_shows_the_seeded_numbers() {
    let s = serve(&[]).await;
    for _ in 0..3 {
        assert_eq!(s.beacon(VISIT).await, StatusCode::NO_CONTENT);
    }
    let escalated = r#"{"v":1,"outcome":"escalated","lang":"sv","market":"se","searches":2,"articles":1,"lookups":0,"notHelpful":["return-parcel"],"emptySearches":2}"#;
    assert_eq!(s.beacon(escalated).await, StatusCode::NO_CONTENT);
    let r = s
        .client
        .get(s.url("/report?lang=sv"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'; style-src 'self'"));
    let page = r.text().await.unwrap();
    assert!(page.contains("<html lang=\"sv\">"));
    assert!(
        page.contains("<p class=\"big\" id=\"rate\">75\u{a0}%</p>"),
        "{page}"
    );
    assert!(page.contains("<code>return-parcel</code></th><td>1</td>"));
    assert!(page.contains("<td id=\"empty-searches\">2</td>"));
    assert!(
        !page.contains("token="),
        "a bearer token is not put in links"
    );
    let by_query = s.get(&format!("/report?lang=fi&token={TOKEN}")).await;
    assert_eq!(by_query.status(), StatusCode::OK);
    assert!(by_query
        .text()
        .await
        .unwrap()
        .contains("Itsepalveluraportti"));
    let danish = s
        .client
        .get(s.url("/report"))
        .bearer_auth(TOKEN)
        .header("accept-language", "de-DE,da;q=0.8,en;q=0.5")
        .send()
        .await
        .unwrap();
    assert!(danish.text().await.unwrap().contains("<html lang=\"da\">"));
    let css = s.get("/report.css").await;
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
}

#[tokio::test]
async fn health_and_readiness() {
    let s = serve(&[]).await;
    assert_eq!(s.get("/healthz").await.text().await.unwrap(), "ok");
    assert_eq!(s.get("/readyz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/demo/tracking");
    let db = std::env::temp_dir().join(format!("selfhelp-shutdown-{}.db", std::process::id()));
    let vars: HashMap<&str, String> = [
        ("UPSTREAM", format!("fixtures:{fixtures}")),
        ("DATABASE_URL", format!("sqlite:{}", db.display())),
        ("STANDIN_DELAY_MS", "400".to_string()),
    ]
    .into_iter()
    .collect();
    let config = Config::from_lookup(|name| vars.get(name).cloned()).unwrap();
    let (app, _) = App::start(&config).await.unwrap();
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_app(listener, app, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let in_flight = tokio::spawn({
        let url = format!("{base}/track?id=RR747540648SE");
        let client = client.clone();
        async move { client.get(url).send().await.map(|r| r.status()) }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).unwrap();
    assert_eq!(in_flight.await.unwrap().unwrap(), StatusCode::OK);
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(reqwest::get(format!("{base}/healthz")).await.is_err());
    let _ = std::fs::remove_file(&db);
}
