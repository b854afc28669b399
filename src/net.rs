//! HTTP to the merchant's backends, over gloo-net: one attempt at a time with a timeout, one
//! automatic retry with backoff on a network error or a 5xx, cancellation of a request that a
//! newer one replaces, and typed errors so "not found" and "network down" read differently.
//!
//! Every request, whatever its method, goes through [`send`]: a deadline and an abort. The retry
//! and header rules are plain functions, tested natively; only [`send`] touches the browser.

use gloo_net::http::Request;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

/// How long one attempt may take before it is given up.
pub(crate) const TIMEOUT_MS: i32 = 10_000;
/// Largest body read into memory; bigger answers are an error page or an attack.
pub(crate) const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Why a request gave no usable answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FetchError {
    /// No answer within [`TIMEOUT_MS`].
    Timeout,
    /// Offline, DNS, CORS, connection reset: the browser could not get an answer.
    Network,
    /// A newer request replaced this one.
    Cancelled,
    /// 429; the seconds from `Retry-After` when it gave them.
    RateLimited { retry_after: Option<u32> },
    /// The body is over [`MAX_BODY_BYTES`].
    TooLarge,
}

/// An answer with its HTTP status (any status but 429).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Answer {
    pub status: u16,
    pub body: String,
}

/// The backoff before the next attempt, or None to stop. One retry only: a buyer waits at most
/// two timeouts, and a real outage is reported rather than hammered.
pub(crate) fn retry_delay_ms(attempt: u32, outcome: &Result<Answer, FetchError>) -> Option<i32> {
    let transient = match outcome {
        Err(FetchError::Network) => true,
        Ok(answer) => answer.status >= 500,
        Err(_) => false,
    };
    (transient && attempt == 0).then_some(800)
}

/// `Retry-After` in seconds. The HTTP-date form is not worth a date parser here: None.
pub(crate) fn retry_after_seconds(header: &str) -> Option<u32> {
    header.trim().parse().ok()
}

/// Cancels the request in flight when a newer one starts (or the view goes away).
#[derive(Clone, Default)]
pub(crate) struct Canceller(Rc<CancelState>);

#[derive(Default)]
struct CancelState {
    cancelled: Cell<bool>,
    current: RefCell<Option<AbortController>>,
}

impl Canceller {
    pub fn cancel(&self) {
        self.0.cancelled.set(true);
        if let Some(controller) = self.0.current.borrow_mut().take() {
            controller.abort();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.get()
    }
}

/// The HTTP methods the widget uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    /// Answers to a chat's interactive messages (`PATCH …/messages/{id}`).
    #[allow(dead_code)]
    Patch,
}

/// One request: every method goes through [`send`], so every request has a deadline and can be
/// aborted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Outgoing {
    pub method: Method,
    pub url: String,
    /// A JSON body (sent as `application/json`).
    pub json: Option<String>,
}

impl Outgoing {
    pub fn get(url: impl Into<String>) -> Outgoing {
        Outgoing {
            method: Method::Get,
            url: url.into(),
            json: None,
        }
    }

    pub fn post_json(url: impl Into<String>, json: impl Into<String>) -> Outgoing {
        Outgoing {
            method: Method::Post,
            url: url.into(),
            json: Some(json.into()),
        }
    }
}

/// GETs `url` as text, with the timeout, retry and cancellation above.
pub(crate) async fn get(url: &str, canceller: &Canceller) -> Result<Answer, FetchError> {
    let request = Outgoing::get(url);
    let mut attempt = 0;
    loop {
        let outcome = send(&request, TIMEOUT_MS, canceller).await;
        match retry_delay_ms(attempt, &outcome) {
            Some(ms) if !canceller.is_cancelled() => sleep(ms).await,
            _ => return outcome,
        }
        if canceller.is_cancelled() {
            return Err(FetchError::Cancelled);
        }
        attempt += 1;
    }
}

/// Runs `requests` at once and gives their outcomes in order. `futures::future::join_all` does
/// the same, with `FuturesOrdered` for long lists: some 4 KB of WebAssembly for the one or two
/// FAQ bundles a page asks for. Each is polled until it is ready, never again after.
pub(crate) async fn all<F: Future>(requests: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut pending: Vec<Pin<Box<F>>> = requests.into_iter().map(Box::pin).collect();
    let mut outcomes: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut waiting = false;
        for (request, outcome) in pending.iter_mut().zip(&mut outcomes) {
            if outcome.is_none() {
                match request.as_mut().poll(cx) {
                    Poll::Ready(value) => *outcome = Some(value),
                    Poll::Pending => waiting = true,
                }
            }
        }
        if waiting {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outcomes.into_iter().flatten().collect()
}

/// POSTs a JSON body once, within [`TIMEOUT_MS`], and reads the answer (the caller keeps what it
/// sent, for a retry by the buyer; the chat needs what the server made).
pub(crate) async fn post_json(url: &str, json: &str) -> Result<Answer, FetchError> {
    send(
        &Outgoing::post_json(url, json),
        TIMEOUT_MS,
        &Canceller::default(),
    )
    .await
}

/// Makes one attempt at `request`: aborted after `deadline_ms` (headers and body both), or when
/// `canceller` cancels it. The one primitive every request goes through.
pub(crate) async fn send(
    request: &Outgoing,
    deadline_ms: i32,
    canceller: &Canceller,
) -> Result<Answer, FetchError> {
    if canceller.is_cancelled() {
        return Err(FetchError::Cancelled);
    }
    let controller = AbortController::new().map_err(|_| FetchError::Network)?;
    *canceller.0.current.borrow_mut() = Some(controller.clone());
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (timed_out, controller) = (timed_out.clone(), controller.clone());
        leptos::prelude::set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            std::time::Duration::from_millis(deadline_ms.max(0) as u64),
        )
        .ok()
    };
    let result = read(request, &controller).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    let failed = |error: FetchError| {
        if timed_out.get() {
            FetchError::Timeout
        } else if canceller.is_cancelled() {
            FetchError::Cancelled
        } else {
            error
        }
    };
    result.map_err(failed)
}

async fn read(request: &Outgoing, controller: &AbortController) -> Result<Answer, FetchError> {
    let signal = controller.signal();
    let builder = match request.method {
        Method::Get => Request::get(&request.url),
        Method::Post => Request::post(&request.url),
        Method::Patch => Request::patch(&request.url),
    }
    .abort_signal(Some(&signal));
    let response = match &request.json {
        Some(json) => {
            builder
                .header("content-type", "application/json")
                .body(json.clone())
                .map_err(|_| FetchError::Network)?
                .send()
                .await
        }
        None => builder.send().await,
    }
    .map_err(|_| FetchError::Network)?;
    let status = response.status();
    let header = |name: &str| response.headers().get(name);
    if status == 429 {
        let retry_after = header("retry-after")
            .as_deref()
            .and_then(retry_after_seconds);
        return Err(FetchError::RateLimited { retry_after });
    }
    let declared = header("content-length").and_then(|l| l.trim().parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES) {
        return Err(FetchError::TooLarge);
    }
    // The bytes, not `text()`: a JS string comes into WebAssembly through a buffer sized for
    // three bytes a character (wasm-bindgen's encoder), and memory grown for it is never given
    // back; 13.6 MB of JSON cost 41 MB that way. The bytes arrive at their own size.
    let bytes = response.binary().await.map_err(|_| FetchError::Network)?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(FetchError::TooLarge);
    }
    Ok(Answer {
        status,
        body: utf8_text(bytes),
    })
}

/// The body as `Response.text()` reads it: UTF-8 without a leading byte order mark, a malformed
/// sequence as U+FFFD.
fn utf8_text(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16) -> Result<Answer, FetchError> {
        Ok(Answer {
            status,
            body: String::new(),
        })
    }

    #[test]
    fn retries_once_on_network_errors_and_server_errors_only() {
        assert_eq!(retry_delay_ms(0, &Err(FetchError::Network)), Some(800));
        assert_eq!(retry_delay_ms(0, &answer(500)), Some(800));
        assert_eq!(retry_delay_ms(0, &answer(503)), Some(800));
        assert_eq!(retry_delay_ms(1, &answer(500)), None, "only one retry");
        assert_eq!(retry_delay_ms(0, &answer(200)), None);
        assert_eq!(retry_delay_ms(0, &answer(404)), None);
        assert_eq!(retry_delay_ms(0, &answer(403)), None);
        assert_eq!(
            retry_delay_ms(0, &Err(FetchError::Timeout)),
            None,
            "a timeout already cost 10 s"
        );
        assert_eq!(
            retry_delay_ms(
                0,
                &Err(FetchError::RateLimited {
                    retry_after: Some(3)
                })
            ),
            None
        );
        assert_eq!(retry_delay_ms(0, &Err(FetchError::Cancelled)), None);
    }

    #[test]
    fn a_body_reads_as_response_text_does() {
        assert_eq!(utf8_text("på väg".as_bytes().to_vec()), "på väg");
        assert_eq!(
            utf8_text(b"\xEF\xBB\xBF{}".to_vec()),
            "{}",
            "a byte order mark is dropped"
        );
        assert_eq!(
            utf8_text(b"a\xEF\xBB\xBF".to_vec()),
            "a\u{feff}",
            "only a leading one"
        );
        assert_eq!(utf8_text(b"a\xFFb\xC3".to_vec()), "a\u{fffd}b\u{fffd}");
        assert_eq!(utf8_text(Vec::new()), "");
    }

    /// Ready after `polls` polls, counting them in `seen`.
    struct Later {
        polls: u32,
        value: &'static str,
        seen: Rc<Cell<u32>>,
    }

    impl Future for Later {
        type Output = &'static str;
        fn poll(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<&'static str> {
            self.seen.set(self.seen.get() + 1);
            if self.polls == 0 {
                return Poll::Ready(self.value);
            }
            self.polls -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    /// Polls `future` with a waker that does nothing until it is ready: its output and how
    /// many polls that took.
    fn run<F: Future>(future: F) -> (F::Output, u32) {
        let mut future = Box::pin(future);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        for polls in 1..100 {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return (output, polls);
            }
        }
        panic!("not ready after 100 polls");
    }

    #[test]
    fn all_requests_run_at_once_and_answer_in_order() {
        let seen: Vec<Rc<Cell<u32>>> = (0..3).map(|_| Rc::default()).collect();
        let later = |polls, value, at: usize| Later {
            polls,
            value,
            seen: seen[at].clone(),
        };
        let (outcomes, polls) = run(all([
            later(2, "first", 0),
            later(0, "second", 1),
            later(4, "third", 2),
        ]));
        assert_eq!(outcomes, ["first", "second", "third"]);
        assert_eq!(
            polls, 5,
            "the slowest sets the pace; none waits for another"
        );
        let each: Vec<u32> = seen.iter().map(|s| s.get()).collect();
        assert_eq!(each, [3, 1, 5], "a ready request is not polled again");

        let (none, polls) = run(all(Vec::<std::future::Ready<()>>::new()));
        assert_eq!(
            (none, polls),
            (vec![], 1),
            "no requests: nothing to wait for"
        );
    }

    #[test]
    fn retry_after_takes_seconds() {
        assert_eq!(retry_after_seconds(" 30 "), Some(30));
        assert_eq!(retry_after_seconds("Wed, 21 Oct 2026 07:28:00 GMT"), None);
    }
}
