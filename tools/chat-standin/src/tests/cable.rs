//! The ActionCable socket as a contact meets it.

use std::time::Duration;

use serde_json::json;

use super::{names, start, Cable};

const SHORT: Duration = Duration::from_millis(400);

#[tokio::test]
async fn subscribing_confirms_and_broadcasts_presence_which_means_online() {
    let standin = start().await;
    let (_, token, _) = standin.session().await;
    let mut cable = Cable::open(&standin).await;
    cable.subscribe(&token).await;
    let presence = cable
        .next_event(SHORT)
        .await
        .expect("presence on subscribe");
    assert_eq!(
        presence,
        json!({
            "identifier": Cable::identifier(&token),
            "message": {"event": "presence.update", "data": {"account_id": 1, "users": {"1": "online"}}},
        })
    );
    cable
        .command("message", &token, Some(r#"{"action":"update_presence"}"#))
        .await;
    let again = cable.next_event(SHORT).await.expect("presence again");
    assert_eq!(again["message"]["event"], "presence.update");
    cable
        .command("message", &token, Some(r#"{"action":"nothing_like_it"}"#))
        .await;
    assert_eq!(
        cable.next_event(SHORT).await,
        None,
        "an unknown action is silence"
    );
    cable.command("unsubscribe", &token, None).await;
    assert_eq!(
        cable.next_event(SHORT).await,
        None,
        "unsubscribe has no reply"
    );
}

#[tokio::test]
async fn a_bad_token_or_channel_gets_silence() {
    let standin = start().await;
    let mut cable = Cable::open(&standin).await;
    cable.command("subscribe", "not-a-token", None).await;
    assert_eq!(cable.next_event(SHORT).await, None, "no confirm, no reject");
    let other =
        json!({"command": "subscribe", "identifier": "{\"channel\":\"AppearanceChannel\"}"});
    cable.raw(&other.to_string()).await;
    assert_eq!(
        cable.next_event(SHORT).await,
        None,
        "an unknown channel is silence too"
    );
    cable.raw("not json").await;
    assert_eq!(cable.next_event(SHORT).await, None);
}

#[tokio::test]
async fn message_created_carries_echo_id_and_the_agent_joins_by_her_first_message() {
    let standin = start().await;
    let (source, token, id) = standin.session().await;
    let mut cable = Cable::open(&standin).await;
    cable.subscribe(&token).await;
    let _presence = cable.next_event(SHORT).await;
    standin
        .post_message(&source, id, "Hvor er pakken?", "echo-7")
        .await
        .expect("sent");
    let events = cable.events_for(Duration::from_millis(600)).await;
    assert_eq!(
        names(&events),
        [
            "message.created",
            "conversation.typing_on",
            "conversation.typing_off",
            "message.created"
        ],
        "no presence or assignment event: the agent joins by her message"
    );
    let mine = &events[0]["data"];
    assert_eq!(
        (mine["echo_id"].as_str(), mine["message_type"].as_u64()),
        (Some("echo-7"), Some(0))
    );
    assert_eq!(mine["account_id"], 1);
    let typing = &events[1]["data"];
    assert_eq!(typing["user"]["type"], "user");
    assert_eq!(typing["conversation"]["id"], id);
    let hers = &events[3]["data"];
    assert_eq!(hers["message_type"], 1);
    assert_eq!(hers["sender"]["available_name"], "Sanna");
    assert!(hers.get("echo_id").is_none());
    assert!(
        hers["content"]
            .as_str()
            .unwrap_or_default()
            .contains("hentekode"),
        "the trail is quoted"
    );
    let stored = standin.stored().await;
    assert!(
        stored.iter().any(|m| m["message_type"] == 2),
        "her assignment is an activity message, stored"
    );
}

#[tokio::test]
async fn activity_and_private_messages_never_reach_the_contact() {
    let standin = start().await;
    let (_, token, id) = standin.session().await;
    let mut cable = Cable::open(&standin).await;
    cable.subscribe(&token).await;
    let _presence = cable.next_event(SHORT).await;
    for body in [
        json!({"content": "Conversation was assigned", "message_type": 2}),
        json!({"content": "note to self", "private": true}),
        json!({"content": "Hello from Sanna", "content_type": "input_select", "content_attributes": {"items": [{"title": "A", "value": "a"}]}}),
    ] {
        standin
            .request(
                "POST",
                &format!("/__standin/agent-message?conversation={id}"),
                Some(&body.to_string()),
            )
            .await;
    }
    let events = cable.events_for(SHORT).await;
    assert_eq!(names(&events), ["message.created"]);
    assert_eq!(events[0]["data"]["content_type"], "input_select");
    assert_eq!(
        events[0]["data"]["content_attributes"]["items"][0]["value"],
        "a"
    );
}

#[tokio::test]
async fn status_typing_and_updates_are_broadcast() {
    let standin = start().await;
    let (source, token, id) = standin.session().await;
    let mut cable = Cable::open(&standin).await;
    cable.subscribe(&token).await;
    let _presence = cable.next_event(SHORT).await;
    standin
        .control(&format!("typing?conversation={id}&on=true"))
        .await;
    standin
        .control(&format!("typing?conversation={id}&on=false"))
        .await;
    standin
        .control(&format!("status?conversation={id}&status=resolved"))
        .await;
    let survey = json!({"content_type": "input_csat", "message_type": 3});
    let stored = standin
        .request(
            "POST",
            &format!("/__standin/agent-message?conversation={id}"),
            Some(&survey.to_string()),
        )
        .await
        .json();
    let path = format!(
        "{}/messages/{}",
        standin.conversation(&source, id),
        stored["id"]
    );
    standin
        .request(
            "PATCH",
            &path,
            Some(r#"{"submitted_values":{"csat_survey_response":{"rating":4}}}"#),
        )
        .await;
    standin
        .request(
            "POST",
            &format!("{}/toggle_typing", standin.conversation(&source, id)),
            Some(r#"{"typing_status":"on"}"#),
        )
        .await;
    let events = cable.events_for(SHORT).await;
    assert_eq!(
        names(&events),
        [
            "conversation.typing_on",
            "conversation.typing_off",
            "conversation.status_changed",
            "message.created",
            "message.updated"
        ],
        "the contact's own typing does not come back"
    );
    assert_eq!(events[2]["data"]["status"], "resolved");
    assert_eq!(
        events[4]["data"]["content_attributes"]["submitted_values"]["csat_survey_response"]
            ["rating"],
        4
    );
}

#[tokio::test]
async fn close_sockets_and_reset_close_every_socket() {
    let standin = start().await;
    let (_, token, _) = standin.session().await;
    let mut cable = Cable::open(&standin).await;
    cable.subscribe(&token).await;
    let _presence = cable.next_event(SHORT).await;
    let goodbye = json!({"type": "disconnect", "reason": "server_restart", "reconnect": true});
    standin.control("close-sockets").await;
    assert_eq!(cable.next_event(SHORT).await, Some(goodbye.clone()));
    assert_eq!(cable.next_event(SHORT).await, Some(json!({"closed": true})));
    let mut cable = Cable::open(&standin).await;
    standin.control("reset").await;
    assert_eq!(cable.next_event(SHORT).await, Some(goodbye));
    assert_eq!(cable.next_event(SHORT).await, Some(json!({"closed": true})));
    let mut cable = Cable::open(&standin).await;
    standin.control("offline?ms=300").await;
    assert_eq!(
        cable.next_event(SHORT).await,
        Some(json!({"closed": true})),
        "offline drops the socket with nothing said"
    );
    tokio::time::sleep(SHORT).await;
    let mut cable = Cable::open(&standin).await;
    cable.command("subscribe", &token, None).await;
    assert_eq!(
        cable.next_event(SHORT).await,
        None,
        "a forgotten token gets silence"
    );
}

#[tokio::test]
async fn pings_come_every_three_seconds_and_can_stop() {
    let standin = start().await;
    let mut cable = Cable::open(&standin).await;
    let ping = cable
        .next(Duration::from_millis(3_500))
        .await
        .expect("a ping");
    assert_eq!(ping["type"], "ping");
    assert!(
        ping["message"].as_u64().unwrap_or(0) > 1_700_000_000,
        "unix seconds"
    );
    standin.control("pings?on=false").await;
    assert_eq!(
        cable.next(Duration::from_millis(3_500)).await,
        None,
        "silent, still open"
    );
    let mut fresh = Cable::open(&standin).await;
    standin.control("pings?on=true").await;
    assert_eq!(
        cable
            .next(Duration::from_millis(3_500))
            .await
            .map(|p| p["type"].clone()),
        Some(json!("ping"))
    );
    assert_eq!(
        fresh
            .next(Duration::from_millis(3_500))
            .await
            .map(|p| p["type"].clone()),
        Some(json!("ping"))
    );
}
