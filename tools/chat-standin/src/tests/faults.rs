//! Every fault control, as the end-to-end tests use it.

use std::time::Duration;

use serde_json::json;

use super::{start, Broken};

/// A request that gets no answer in this long counts as hung.
const HUNG: Duration = Duration::from_millis(700);

#[tokio::test]
async fn hang_holds_a_request_unanswered_and_does_not_act_on_it() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    standin.control("hang?count=1&route=messages").await;
    let held = tokio::time::timeout(HUNG, standin.post_message(&source, id, "Held", "e-1")).await;
    assert!(held.is_err(), "no answer: {held:?}");
    assert!(standin.stored().await.is_empty(), "not acted on");
    let next = standin
        .post_message(&source, id, "Next", "e-2")
        .await
        .expect("answered");
    assert_eq!(next.status, 200);
    assert_eq!(standin.stored().await[0]["content"], "Next");
}

#[tokio::test]
async fn a_reset_closes_held_requests() {
    let standin = start().await;
    standin.control("hang?route=contacts").await;
    let held = {
        let addr = standin.addr;
        tokio::spawn(async move {
            let standin = super::StandIn { addr };
            standin
                .send("POST", &standin.api("/contacts"), &[], Some("{}"))
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    standin.control("reset").await;
    let outcome = tokio::time::timeout(Duration::from_secs(2), held)
        .await
        .expect("released")
        .expect("joined");
    assert_eq!(outcome.map(|a| a.status), Err(Broken::NoAnswer));
}

#[tokio::test]
async fn hang_any_holds_reads_too_and_counts_down() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    standin.control("hang?count=2").await;
    let list = format!("{}/messages", standin.conversation(&source, id));
    for _ in 0..2 {
        let held = tokio::time::timeout(HUNG, standin.send("GET", &list, &[], None)).await;
        assert!(held.is_err());
    }
    assert_eq!(standin.request("GET", &list, None).await.status, 200);
}

#[tokio::test]
async fn cut_acts_and_then_breaks_the_body_off() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    standin.control("cut?count=1&route=messages").await;
    let cut = standin.post_message(&source, id, "Cut short", "e-1").await;
    match cut {
        Err(Broken::Truncated {
            status,
            got,
            promised,
        }) => {
            assert_eq!(status, 200);
            assert!(got < promised, "{got} of {promised}");
        }
        other => panic!("not cut: {other:?}"),
    }
    let stored = standin.stored().await;
    assert_eq!(stored[0]["content"], "Cut short", "acted on");
    assert_eq!(stored.iter().filter(|m| m["message_type"] == 0).count(), 1);
    assert_eq!(
        standin
            .post_message(&source, id, "Whole", "e-2")
            .await
            .map(|a| a.status),
        Ok(200)
    );
}

#[tokio::test]
async fn fail_answers_the_status_without_acting() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    standin
        .control("fail?status=500&count=2&route=messages")
        .await;
    for _ in 0..2 {
        let answer = standin
            .post_message(&source, id, "Try", "e-1")
            .await
            .expect("answered");
        assert_eq!(answer.status, 500);
    }
    assert!(standin.stored().await.is_empty());
    assert_eq!(
        standin
            .post_message(&source, id, "Try", "e-1")
            .await
            .map(|a| a.status),
        Ok(200)
    );

    standin.control("fail?status=429").await;
    let limited = standin
        .send(
            "POST",
            &standin.api("/contacts"),
            &[("Origin", "http://shop.example")],
            Some("{}"),
        )
        .await
        .expect("answered");
    assert_eq!(
        (limited.status, limited.header("retry-after")),
        (429, Some("2"))
    );
    assert_eq!(
        limited.header("access-control-allow-origin"),
        Some("*"),
        "readable by the page"
    );

    standin.control("fail?status=404&route=conversations").await;
    let path = standin.api(&format!("/contacts/{source}/conversations"));
    let missing = standin.request("POST", &path, Some("{}")).await;
    assert_eq!(
        (missing.status, missing.json()),
        (404, json!({"error": "Resource could not be found"}))
    );
    for status in [502, 503] {
        standin
            .control(&format!("fail?status={status}&route=contacts"))
            .await;
        assert_eq!(
            standin
                .request("POST", &standin.api("/contacts"), Some("{}"))
                .await
                .status,
            status
        );
    }
}

#[tokio::test]
async fn a_dropped_response_is_a_502_but_the_message_is_stored() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    standin.control("drop-next-response").await;
    let lost = standin
        .post_message(&source, id, "Hello", "e-1")
        .await
        .expect("answered");
    assert_eq!(lost.status, 502);
    assert_eq!(standin.stored().await[0]["content"], "Hello", "acted on");
    standin.control("drop-next-response").await;
    let again = standin
        .post_message(&source, id, "Hello", "e-1")
        .await
        .expect("answered");
    assert_eq!(again.status, 502);
    let retried = standin
        .post_message(&source, id, "Hello", "e-1")
        .await
        .expect("answered");
    assert_eq!(retried.status, 200);
    let copies = standin
        .stored()
        .await
        .iter()
        .filter(|m| m["echo_id"] == "e-1")
        .count();
    assert_eq!(
        copies, 3,
        "Chatwoot does not de-duplicate on echo_id, nor does the stand-in"
    );
}

#[tokio::test]
async fn offline_closes_connections_or_answers_503_while_control_routes_work() {
    let standin = start().await;
    standin.control("offline?ms=600").await;
    let closed = standin
        .send("POST", &standin.api("/contacts"), &[], Some("{}"))
        .await;
    assert_eq!(closed.map(|a| a.status), Err(Broken::NoAnswer));
    assert_eq!(
        standin
            .request("GET", "/__standin/health", None)
            .await
            .status,
        200
    );
    standin.control("offline?ms=600&mode=503").await;
    assert_eq!(
        standin
            .request("POST", &standin.api("/contacts"), Some("{}"))
            .await
            .status,
        503
    );
    standin.control("offline?ms=0").await;
    assert_eq!(
        standin
            .request("POST", &standin.api("/contacts"), Some("{}"))
            .await
            .status,
        200
    );
}
