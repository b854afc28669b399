//! The client API's shapes and rules, each as Chatwoot's source has it.

use serde_json::{json, Value};

use super::{start, Broken};

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

#[tokio::test]
async fn contacts_conversations_and_messages_have_chatwoots_shapes() {
    let standin = start().await;
    let contact = standin
        .request(
            "POST",
            &standin.api("/contacts"),
            Some(r#"{"name":"Kari","email":"k@example.com"}"#),
        )
        .await
        .json();
    assert_eq!(
        keys(&contact),
        ["email", "id", "name", "pubsub_token", "source_id"]
    );
    let source = contact["source_id"].as_str().expect("source_id").to_owned();
    let shown = standin
        .request("GET", &standin.api(&format!("/contacts/{source}")), None)
        .await
        .json();
    assert_eq!(shown, contact);

    let conversation = standin
        .request(
            "POST",
            &standin.api(&format!("/contacts/{source}/conversations")),
            Some("{}"),
        )
        .await
        .json();
    for key in [
        "id",
        "uuid",
        "inbox_id",
        "status",
        "messages",
        "contact",
        "contact_last_seen_at",
        "agent_last_seen_at",
    ] {
        assert!(conversation.get(key).is_some(), "conversation.{key}");
    }
    assert_eq!(conversation["status"], "open");
    assert_eq!(conversation["messages"], json!([]));
    let id = conversation["id"].as_u64().expect("id");

    let sent = standin
        .post_message(&source, id, "Hvor er pakken?", "echo-1")
        .await
        .expect("answered");
    assert_eq!(sent.status, 200);
    let message = sent.json();
    assert_eq!(
        keys(&message),
        [
            "content",
            "content_attributes",
            "content_type",
            "conversation_id",
            "created_at",
            "id",
            "message_type",
            "sender"
        ]
    );
    assert_eq!(message["message_type"], 0);
    assert_eq!(message["sender"]["type"], "contact");
    assert!(message.get("echo_id").is_none(), "no echo_id in REST");

    let listed = standin
        .request(
            "GET",
            &format!("{}/messages", standin.conversation(&source, id)),
            None,
        )
        .await
        .json();
    assert_eq!(listed[0]["content"], "Hvor er pakken?");
    assert!(listed[0].get("echo_id").is_none(), "no echo_id in the list");
    let stored = standin.stored().await;
    assert_eq!(stored[0]["echo_id"], "echo-1", "the control route keeps it");

    let shown = standin
        .request("GET", &standin.conversation(&source, id), None)
        .await
        .json();
    assert_eq!(shown["status"], "open");
    assert!(shown["messages"][0].get("echo_id").is_none());
}

#[tokio::test]
async fn an_unknown_inbox_contact_or_conversation_is_404() {
    let standin = start().await;
    let missing = json!({"error": "Resource could not be found"});
    let answer = standin
        .request(
            "POST",
            "/public/api/v1/inboxes/no-such-inbox/contacts",
            Some("{}"),
        )
        .await;
    assert_eq!((answer.status, answer.json()), (404, missing.clone()));
    let (source, _, id) = standin.session().await;
    let elsewhere = format!("/public/api/v1/inboxes/demo/contacts/{source}");
    assert_eq!(
        standin.request("GET", &elsewhere, None).await.status,
        404,
        "a contact is per inbox"
    );
    let answer = standin
        .request("GET", &standin.conversation("nobody", id), None)
        .await;
    assert_eq!((answer.status, answer.json()), (404, missing.clone()));
    assert_eq!(
        standin
            .request("GET", &standin.conversation(&source, 999), None)
            .await
            .status,
        404
    );
    assert_eq!(
        standin
            .request("GET", "/public/api/v1/nothing", None)
            .await
            .status,
        404
    );
    let no_route = standin
        .request("DELETE", &standin.conversation(&source, id), None)
        .await;
    assert_eq!(
        (no_route.status, no_route.json()),
        (404, missing),
        "no such route in Rails"
    );
}

#[tokio::test]
async fn messages_come_twenty_a_page_back_to_the_start() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    let seeded = standin
        .control(&format!("seed?conversation={id}&count=45"))
        .await;
    assert_eq!(seeded["seeded"], 45);
    let list = format!("{}/messages", standin.conversation(&source, id));
    let ids = |page: Value| -> Vec<u64> {
        page.as_array()
            .expect("a list")
            .iter()
            .filter_map(|m| m["id"].as_u64())
            .collect()
    };
    let latest = ids(standin.request("GET", &list, None).await.json());
    assert_eq!(latest.len(), 20);
    assert!(
        latest.windows(2).all(|pair| pair[0] < pair[1]),
        "ascending within a page"
    );
    let older = ids(standin
        .request("GET", &format!("{list}?before={}", latest[0]), None)
        .await
        .json());
    assert_eq!(older.len(), 20);
    assert!(older.iter().all(|m| *m < latest[0]));
    let oldest = ids(standin
        .request("GET", &format!("{list}?before={}", older[0]), None)
        .await
        .json());
    assert_eq!(oldest.len(), 5);
    let none = ids(standin
        .request("GET", &format!("{list}?before={}", oldest[0]), None)
        .await
        .json());
    assert!(none.is_empty());
    let page = standin
        .request("GET", &format!("{list}?before=abc"), None)
        .await
        .json();
    assert_eq!(page, json!([]), "`before` is read as Ruby's to_i");
    // The conversation itself carries every chat message, unpaged.
    let conversation = standin
        .request("GET", &standin.conversation(&source, id), None)
        .await
        .json();
    assert_eq!(conversation["messages"].as_array().map(Vec::len), Some(45));
}

#[tokio::test]
async fn activity_and_private_messages_are_not_listed() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    for body in [
        json!({"content": "Assigned to Sanna Berg", "message_type": 2}),
        json!({"content": "internal note", "private": true}),
        json!({"content": "Visible"}),
    ] {
        let answer = standin
            .request(
                "POST",
                &format!("/__standin/agent-message?conversation={id}"),
                Some(&body.to_string()),
            )
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
    let listed = standin
        .request(
            "GET",
            &format!("{}/messages", standin.conversation(&source, id)),
            None,
        )
        .await
        .json();
    let contents: Vec<&str> = listed
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|m| m["content"].as_str())
        .collect();
    assert_eq!(contents, ["Visible"]);
    let conversation = standin
        .request("GET", &standin.conversation(&source, id), None)
        .await
        .json();
    assert_eq!(conversation["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(standin.stored().await.len(), 3, "all three are stored");
}

#[tokio::test]
async fn cors_answers_only_under_public_api() {
    let standin = start().await;
    let origin = ("Origin", "http://shop.example");
    let answer = standin
        .send("POST", &standin.api("/contacts"), &[origin], Some("{}"))
        .await
        .expect("answered");
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    assert_eq!(answer.header("vary"), Some("Origin"));
    assert_eq!(
        answer.header("access-control-allow-methods"),
        Some("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
    );
    let missing = standin
        .send(
            "GET",
            "/public/api/v1/inboxes/nope/contacts/x",
            &[origin],
            None,
        )
        .await
        .expect("answered");
    assert_eq!(
        (
            missing.status,
            missing.header("access-control-allow-origin")
        ),
        (404, Some("*"))
    );

    let preflight = standin
        .send(
            "OPTIONS",
            &standin.api("/contacts"),
            &[
                origin,
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type, x-custom"),
            ],
            None,
        )
        .await
        .expect("answered");
    assert_eq!(preflight.status, 200);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        preflight.header("access-control-allow-headers"),
        Some("content-type, x-custom")
    );
    assert_eq!(preflight.header("access-control-max-age"), Some("7200"));

    for path in ["/__standin/health", "/cable"] {
        let answer = standin
            .send("GET", path, &[origin], None)
            .await
            .expect("answered");
        assert_eq!(answer.header("access-control-allow-origin"), None, "{path}");
        assert_eq!(answer.header("vary"), None, "{path}");
        let preflight = standin
            .send(
                "OPTIONS",
                path,
                &[origin, ("Access-Control-Request-Method", "GET")],
                None,
            )
            .await
            .expect("answered");
        assert_eq!(
            preflight.header("access-control-allow-origin"),
            None,
            "{path}"
        );
    }
    let health = standin
        .request("GET", "/__standin/health", None)
        .await
        .json();
    assert_eq!(health, json!({"ok": true}));
}

#[tokio::test]
async fn status_typing_and_last_seen_answer_as_chatwoot_does() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    let conversation = standin.conversation(&source, id);
    for action in ["toggle_typing", "update_last_seen"] {
        let answer = standin
            .request(
                "POST",
                &format!("{conversation}/{action}"),
                Some(r#"{"typing_status":"on"}"#),
            )
            .await;
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (200, ""),
            "{action}: head :ok"
        );
    }
    let resolved = standin
        .request("POST", &format!("{conversation}/toggle_status"), None)
        .await
        .json();
    assert_eq!(resolved["status"], "resolved");
    let again = standin
        .request("POST", &format!("{conversation}/toggle_status"), None)
        .await
        .json();
    assert_eq!(again["status"], "resolved", "toggle_status only resolves");
    assert_eq!(
        standin.request("GET", &conversation, None).await.json()["status"],
        "resolved"
    );
    standin
        .post_message(&source, id, "One more thing", "e-1")
        .await
        .expect("sent");
    assert_eq!(
        standin.request("GET", &conversation, None).await.json()["status"],
        "open",
        "a contact message reopens"
    );
    let last_seen = standin.request("GET", &conversation, None).await.json();
    assert!(last_seen["contact_last_seen_at"].as_u64().unwrap_or(0) > 0);
}

#[tokio::test]
async fn a_contact_answers_an_interactive_message_with_submitted_values() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    let select = json!({
        "content": "Where should we leave it?",
        "content_type": "input_select",
        "content_attributes": {"items": [{"title": "Mailbox", "value": "mailbox"}, {"title": "Door", "value": "door"}]},
    });
    let stored = standin
        .request(
            "POST",
            &format!("/__standin/agent-message?conversation={id}"),
            Some(&select.to_string()),
        )
        .await
        .json();
    let message = stored["id"].as_u64().expect("id");
    let path = format!("{}/messages/{message}", standin.conversation(&source, id));
    let answer = json!({"submitted_values": [{"title": "Door", "value": "door", "extra": 1}]});
    let updated = standin
        .request("PATCH", &path, Some(&answer.to_string()))
        .await
        .json();
    assert_eq!(
        updated["content_attributes"]["submitted_values"],
        json!([{"title": "Door", "value": "door"}])
    );
    assert_eq!(
        updated["content_attributes"]["items"][0]["title"],
        "Mailbox"
    );
    let listed = standin
        .request(
            "GET",
            &format!("{}/messages", standin.conversation(&source, id)),
            None,
        )
        .await
        .json();
    assert_eq!(
        listed[0]["content_attributes"]["submitted_values"][0]["value"],
        "door"
    );
    let csat = json!({"content_type": "input_csat", "message_type": 3, "content": "Rate us"});
    let survey = standin
        .request(
            "POST",
            &format!("/__standin/agent-message?conversation={id}"),
            Some(&csat.to_string()),
        )
        .await
        .json();
    let path = format!(
        "{}/messages/{}",
        standin.conversation(&source, id),
        survey["id"]
    );
    let rating = json!({"submitted_values": {"csat_survey_response": {"rating": 5, "feedback_message": "Quick!"}}});
    let rated = standin
        .request("PUT", &path, Some(&rating.to_string()))
        .await
        .json();
    assert_eq!(
        rated["content_attributes"]["submitted_values"]["csat_survey_response"]["rating"],
        5
    );
    assert_eq!(rated["message_type"], 3);
    let unknown = format!("{}/messages/99999", standin.conversation(&source, id));
    assert_eq!(
        standin.request("PATCH", &unknown, Some("{}")).await.status,
        404
    );
}

#[tokio::test]
async fn agent_messages_of_every_shape_are_stored_as_chatwoot_stores_them() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    let post = |body: Value| {
        let standin = &standin;
        async move {
            standin
                .request(
                    "POST",
                    &format!("/__standin/agent-message?conversation={id}"),
                    Some(&body.to_string()),
                )
                .await
        }
    };
    let image = post(json!({
        "content": null,
        "attachments": [{"file_type": "image", "data_url": "https://cdn.example/p.png", "thumb_url": "https://cdn.example/t.png", "file_size": 1234, "extension": "png"}],
    }))
    .await
    .json();
    let attachment = &image["attachments"][0];
    assert_eq!(attachment["file_type"], "image");
    assert_eq!(attachment["message_id"], image["id"]);
    for key in ["id", "data_url", "thumb_url", "file_size", "extension"] {
        assert!(attachment.get(key).is_some(), "attachment.{key}");
    }
    assert_eq!(image["content"], Value::Null);
    assert_eq!(image["sender"]["available_name"], "Sanna");
    for (content_type, attributes) in [
        (
            "cards",
            json!({"items": [{"title": "Locker", "description": "Open 24/7", "media_url": "https://x/l.png", "actions": [{"type": "link", "text": "Map", "uri": "https://x"}]}]}),
        ),
        (
            "form",
            json!({"items": [{"name": "email", "label": "E-mail", "type": "email", "placeholder": "you@example.com"}]}),
        ),
        (
            "input_select",
            json!({"items": [{"title": "Yes", "value": "yes"}]}),
        ),
        ("input_csat", json!({})),
    ] {
        let answer = post(json!({"content": "x", "content_type": content_type, "content_attributes": attributes, "message_type": 3, "sender": null})).await;
        assert_eq!(answer.status, 200, "{content_type}: {}", answer.body);
        assert_eq!(answer.json()["message_type"], 3);
        assert!(
            answer.json().get("sender").is_none(),
            "a template without a sender"
        );
    }
    let bad = post(
        json!({"content_type": "input_select", "content_attributes": {"items": [{"label": "no"}]}}),
    )
    .await;
    assert_eq!(bad.status, 422, "ContentAttributeValidator");
    assert_eq!(post(json!({"content_type": "bogus"})).await.status, 422);
    assert_eq!(post(json!({"message_type": 7})).await.status, 422);
    let listed = standin
        .request(
            "GET",
            &format!("{}/messages", standin.conversation(&source, id)),
            None,
        )
        .await
        .json();
    let first = &listed[0];
    assert_eq!(
        first["attachments"][0]["data_url"],
        "https://cdn.example/p.png"
    );
    assert!(
        listed[1].get("attachments").is_none(),
        "no attachments key without attachments"
    );
}

#[tokio::test]
async fn bad_requests_are_refused_without_a_crash() {
    let standin = start().await;
    let (source, _, id) = standin.session().await;
    let messages = format!("{}/messages", standin.conversation(&source, id));
    assert_eq!(
        standin
            .request("POST", &messages, Some("{not json"))
            .await
            .status,
        400
    );
    let too_long = json!({"content": "å".repeat(150_001)}).to_string();
    assert_eq!(
        standin
            .request("POST", &messages, Some(&too_long))
            .await
            .status,
        422
    );
    let longest = json!({"content": "a".repeat(150_000)}).to_string();
    assert_eq!(
        standin
            .request("POST", &messages, Some(&longest))
            .await
            .status,
        200
    );
    let empty = standin.request("POST", &messages, Some("{}")).await;
    assert_eq!(
        (empty.status, empty.json()["content"].clone()),
        (200, Value::Null),
        "Chatwoot stores a message without content"
    );
    let huge = "x".repeat(2 * 1024 * 1024);
    let answer = standin.send("POST", &messages, &[], Some(&huge)).await;
    assert!(
        matches!(answer, Ok(ref a) if a.status == 413) || matches!(answer, Err(Broken::NoAnswer)),
        "{answer:?}"
    );
    assert_eq!(
        standin
            .request("POST", "/__standin/offline?ms=-1", None)
            .await
            .status,
        400
    );
    assert_eq!(
        standin
            .request("POST", "/__standin/fail?status=200", None)
            .await
            .status,
        400
    );
    assert_eq!(
        standin
            .request("POST", "/__standin/hang?route=nowhere", None)
            .await
            .status,
        400
    );
    assert_eq!(
        standin
            .request("POST", "/__standin/seed?conversation=999", None)
            .await
            .status,
        404
    );
}
