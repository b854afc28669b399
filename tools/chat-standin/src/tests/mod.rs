//! The stand-in driven over loopback, as the widget and the end-to-end tests meet it: the real
//! router on `127.0.0.1:0`, a raw HTTP/1.1 client (so a hung or cut answer is visible as such),
//! and a WebSocket client. Every wait is bounded.

mod cable;
mod faults;
mod rest;

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message as Frame;

use crate::app::App;
use crate::Config;

/// How long a request may take before the client gives up (a `hang` shows as this).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);

pub(super) struct StandIn {
    pub(super) addr: SocketAddr,
}

/// A stand-in with the default inboxes and a quick agent.
pub(super) async fn start() -> StandIn {
    let mut config = Config::new(Duration::from_millis(20));
    config.inboxes = vec!["test-inbox".to_owned(), "demo".to_owned()];
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(crate::listener::serve(listener, App::new(config)));
    StandIn { addr }
}

/// An answer as it came off the wire.
#[derive(Debug)]
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: String,
}

impl Answer {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub(super) fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
}

/// What went wrong on the wire.
#[derive(Debug, PartialEq)]
pub(super) enum Broken {
    /// Nothing came back within [`REQUEST_TIMEOUT`].
    TimedOut,
    /// The connection closed before a status line.
    NoAnswer,
    /// Headers came, then fewer body bytes than `content-length` promised.
    Truncated {
        status: u16,
        got: usize,
        promised: usize,
    },
}

impl StandIn {
    pub(super) fn api(&self, path: &str) -> String {
        format!("/public/api/v1/inboxes/test-inbox{path}")
    }

    pub(super) async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Answer, Broken> {
        let mut stream = TcpStream::connect(self.addr).await.expect("connects");
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n",
            self.addr
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        let body = body.unwrap_or("");
        if !body.is_empty() || method != "GET" {
            request.push_str(&format!(
                "content-type: application/json\r\ncontent-length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).await.expect("sends");
        let mut raw = Vec::new();
        let read = tokio::time::timeout(REQUEST_TIMEOUT, async {
            let mut chunk = [0u8; 8192];
            loop {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => raw.extend_from_slice(&chunk[..n]),
                }
            }
        })
        .await;
        if read.is_err() {
            return Err(Broken::TimedOut);
        }
        parse(&raw)
    }

    pub(super) async fn request(&self, method: &str, path: &str, body: Option<&str>) -> Answer {
        self.send(method, path, &[], body)
            .await
            .unwrap_or_else(|broken| panic!("{method} {path}: {broken:?}"))
    }

    pub(super) async fn control(&self, what: &str) -> Value {
        self.request("POST", &format!("/__standin/{what}"), None)
            .await
            .json()
    }

    pub(super) async fn stored(&self) -> Vec<Value> {
        match self
            .request("GET", "/__standin/messages", None)
            .await
            .json()
        {
            Value::Array(list) => list,
            other => panic!("not a list: {other}"),
        }
    }

    /// A contact and a conversation: (source_id, pubsub_token, conversation id).
    pub(super) async fn session(&self) -> (String, String, u64) {
        let contact = self
            .request("POST", &self.api("/contacts"), Some(r#"{"name":"Kari"}"#))
            .await
            .json();
        let source = contact["source_id"].as_str().expect("source_id").to_owned();
        let token = contact["pubsub_token"].as_str().expect("token").to_owned();
        let conversation = self
            .request(
                "POST",
                &self.api(&format!("/contacts/{source}/conversations")),
                Some(r#"{"custom_attributes":{"selfhelp_searches":"hentekode"}}"#),
            )
            .await
            .json();
        let id = conversation["id"].as_u64().expect("conversation id");
        (source, token, id)
    }

    pub(super) fn conversation(&self, source: &str, id: u64) -> String {
        self.api(&format!("/contacts/{source}/conversations/{id}"))
    }

    pub(super) async fn post_message(
        &self,
        source: &str,
        id: u64,
        content: &str,
        echo: &str,
    ) -> Result<Answer, Broken> {
        let body = json!({"content": content, "echo_id": echo}).to_string();
        self.send(
            "POST",
            &format!("{}/messages", self.conversation(source, id)),
            &[],
            Some(&body),
        )
        .await
    }
}

fn parse(raw: &[u8]) -> Result<Answer, Broken> {
    let text = String::from_utf8_lossy(raw);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return Err(Broken::NoAnswer);
    };
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or(Broken::NoAnswer)?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let answer = Answer {
        status,
        headers,
        body: body.to_owned(),
    };
    if let Some(promised) = answer
        .header("content-length")
        .and_then(|l| l.parse::<usize>().ok())
    {
        if answer.body.len() < promised {
            return Err(Broken::Truncated {
                status,
                got: answer.body.len(),
                promised,
            });
        }
    }
    Ok(answer)
}

/// A WebSocket client of `/cable`.
pub(super) struct Cable {
    socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>,
}

impl Cable {
    pub(super) async fn open(standin: &StandIn) -> Cable {
        let (socket, _) = tokio_tungstenite::connect_async(format!("ws://{}/cable", standin.addr))
            .await
            .expect("the cable opens");
        let mut cable = Cable { socket };
        let welcome = cable.next(Duration::from_secs(2)).await.expect("welcome");
        assert_eq!(welcome, json!({"type": "welcome"}));
        cable
    }

    pub(super) fn identifier(token: &str) -> String {
        json!({"channel": "RoomChannel", "pubsub_token": token}).to_string()
    }

    pub(super) async fn command(&mut self, command: &str, token: &str, data: Option<&str>) {
        let mut frame = json!({"command": command, "identifier": Cable::identifier(token)});
        if let Some(data) = data {
            frame["data"] = json!(data);
        }
        self.socket
            .send(Frame::text(frame.to_string()))
            .await
            .expect("sent");
    }

    pub(super) async fn raw(&mut self, text: &str) {
        self.socket
            .send(Frame::text(text.to_owned()))
            .await
            .expect("sent");
    }

    /// The next frame of any kind, pings included; `None` when nothing came in time.
    pub(super) async fn next(&mut self, wait: Duration) -> Option<Value> {
        loop {
            match tokio::time::timeout(wait, self.socket.next()).await {
                Ok(Some(Ok(Frame::Text(text)))) => {
                    return Some(serde_json::from_str(text.as_str()).expect("a JSON frame"))
                }
                Ok(Some(Ok(Frame::Close(_)))) | Ok(Some(Err(_))) | Ok(None) => {
                    return Some(json!({"closed": true}))
                }
                Ok(Some(Ok(_))) => continue,
                Err(_) => return None,
            }
        }
    }

    /// The next frame that is not a ping.
    pub(super) async fn next_event(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let frame = self.next(left).await?;
            if frame["type"] != "ping" {
                return Some(frame);
            }
        }
    }

    /// Every event (`message.event` names) within `wait`.
    pub(super) async fn events_for(&mut self, wait: Duration) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut seen = Vec::new();
        while let Some(frame) = self
            .next_event(deadline.saturating_duration_since(tokio::time::Instant::now()))
            .await
        {
            if frame.get("closed").is_some() {
                break;
            }
            seen.push(frame["message"].clone());
        }
        seen
    }

    pub(super) async fn subscribe(&mut self, token: &str) {
        self.command("subscribe", token, None).await;
        let confirm = self
            .next_event(Duration::from_secs(2))
            .await
            .expect("a confirmation");
        assert_eq!(
            confirm,
            json!({"identifier": Cable::identifier(token), "type": "confirm_subscription"})
        );
    }
}

pub(super) fn names(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["event"].as_str().unwrap_or_default().to_owned())
        .collect()
}
