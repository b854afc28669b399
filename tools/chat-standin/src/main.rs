//! `chat_standin`: a local development stand-in for a Chatwoot inbox, with a scripted agent.
//!
//! This is NOT a Chatwoot server and not a chat backend for production. It is a small in-memory
//! program that answers the public Client API of a Chatwoot API inbox and its ActionCable
//! WebSocket the way Chatwoot's own source answers them (each shape names the Chatwoot file it
//! follows), so that the demo and the end-to-end tests can run a whole chat on one machine, and so
//! that tests can make the backend misbehave on purpose. All state lives in memory and is lost when
//! the process stops. It never makes an outbound connection.
//!
//! ```text
//! chat_standin [--port 8090] [--host 127.0.0.1] [--agent-delay-ms 800] [--inbox ID]...
//! ```
//!
//! `--inbox` is repeatable; without it the known inboxes are `nordvik-hem`, `test-inbox` and
//! `demo`. On start it prints one line to stdout:
//! `chat stand-in (a local stand-in for a Chatwoot inbox, not a real backend): http://HOST:PORT`
//! (`--port 0` picks a free port and the line shows it).
//!
//! Where to read on:
//! - `api.rs`: the client API routes (`/public/api/v1/inboxes/…`), as in Chatwoot's routes and
//!   controllers; `wire.rs`: the JSON of each thing, as in Chatwoot's jbuilder views and models;
//!   `model.rs`: the records kept; `input.rs`: request bodies, read as Rails and Chatwoot read
//!   them; `store.rs`: what each request changes and broadcasts.
//! - `cors.rs`: the CORS answers of Chatwoot's rack-cors set-up, only under `/public/api/`.
//! - `cable.rs`: the ActionCable WebSocket at `/cable` (`RoomChannel`).
//! - `faults.rs` and `control.rs`: the fault controls and inspection routes under `/__standin/`.
//! - `agent.rs`: the scripted agent, "Sanna".
//! - `listener.rs`: the TCP listener whose connections a fault can cut without an answer.
//!
//! Where it knowingly differs from Chatwoot: contacts' file uploads (multipart) are not taken;
//! HMAC identity validation is not checked; there is one account (id 1) and one agent; message
//! ids, conversation ids and display ids are one counter; bounds (below) answer 413/422/429 where
//! Chatwoot would have none; fault responses under `/public/api/` carry the CORS headers, as if
//! rack-cors had answered them.
//!
//! Bounds: request bodies up to 1 MiB (413 above), message content up to 150,000 characters (422,
//! as Chatwoot's validation), custom attributes up to 16 KiB (413), names, e-mails, identifiers and
//! `echo_id` up to 255 characters (422), at most 10,000 contacts, 10,000 conversations, 10,000
//! messages and 64 MiB of message text (429 when full: reset), 256 WebSockets with 16 subscriptions
//! each, WebSocket frames from clients up to 64 KiB, a held (`hang`) request at most 10 minutes.

mod agent;
mod api;
mod app;
mod cable;
mod control;
mod cors;
mod faults;
mod input;
mod listener;
mod model;
mod store;
mod wire;

#[cfg(test)]
mod tests;

use std::process::ExitCode;
use std::time::Duration;

use tokio::net::TcpListener;

const USAGE: &str = "usage: chat_standin [--port 8090] [--host 127.0.0.1] \
                     [--agent-delay-ms 800] [--inbox ID]...
  a local development stand-in for a Chatwoot inbox (not a real backend); see the source's doc";

const DEFAULT_INBOXES: [&str; 3] = ["nordvik-hem", "test-inbox", "demo"];
const MAX_AGENT_DELAY_MS: u64 = 600_000;
const MAX_INBOXES: usize = 64;

/// What the command line chose.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub(crate) host: String,
    pub(crate) port: u16,
    /// How long the scripted agent waits before typing, and again before answering.
    pub(crate) agent_delay: Duration,
    /// The inbox identifiers that exist; any other answers 404, as in Chatwoot.
    pub(crate) inboxes: Vec<String>,
}

impl Config {
    pub(crate) fn new(agent_delay: Duration) -> Self {
        Config {
            host: "127.0.0.1".to_owned(),
            port: 8090,
            agent_delay,
            inboxes: Vec::new(),
        }
    }
}

/// `Ok(None)` asks for the usage text.
fn parse_args(args: &[String]) -> Result<Option<Config>, String> {
    let mut config = Config::new(Duration::from_millis(800));
    let mut i = 0;
    while i < args.len() {
        let (flag, inline) = match args[i].split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (args[i].as_str(), None),
        };
        i += 1;
        if matches!(flag, "-h" | "--help") {
            return Ok(None);
        }
        if !matches!(flag, "--port" | "--host" | "--agent-delay-ms" | "--inbox") {
            return Err(format!("unknown argument `{flag}`"));
        }
        let value = match inline {
            Some(value) => value,
            None => {
                let value = args
                    .get(i)
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))?;
                i += 1;
                value
            }
        };
        match flag {
            "--port" => {
                config.port = value
                    .parse()
                    .map_err(|_| format!("not a port number: {value}"))?;
            }
            "--host" => config.host = value,
            "--inbox" => {
                if value.is_empty() || value.chars().count() > 255 {
                    return Err("--inbox takes an identifier of 1 to 255 characters".to_owned());
                }
                if config.inboxes.len() >= MAX_INBOXES {
                    return Err(format!("at most {MAX_INBOXES} inboxes"));
                }
                if !config.inboxes.contains(&value) {
                    config.inboxes.push(value);
                }
            }
            _ => {
                let ms = value
                    .parse::<u64>()
                    .ok()
                    .filter(|ms| *ms <= MAX_AGENT_DELAY_MS)
                    .ok_or_else(|| format!("--agent-delay-ms takes 0 to {MAX_AGENT_DELAY_MS}"))?;
                config.agent_delay = Duration::from_millis(ms);
            }
        }
    }
    if config.inboxes.is_empty() {
        config.inboxes = DEFAULT_INBOXES.iter().map(|id| (*id).to_owned()).collect();
    }
    Ok(Some(config))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args) {
        Ok(Some(config)) => config,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("chat_standin: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("chat_standin: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("chat_standin: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), String> {
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    if !local.ip().is_loopback() {
        eprintln!(
            "chat_standin: warning: listening on {local}, not a loopback address; \
             this stand-in is for local development only"
        );
    }
    let host = if config.host.contains(':') && !config.host.starts_with('[') {
        format!("[{}]", config.host)
    } else {
        config.host.clone()
    };
    println!(
        "chat stand-in (a local stand-in for a Chatwoot inbox, not a real backend): \
         http://{host}:{}",
        local.port()
    );
    listener::serve(listener, app::App::new(config))
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}

#[cfg(test)]
mod args_tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn arguments() {
        let config = parse_args(&args(&["--port", "0", "--agent-delay-ms=5"]))
            .expect("valid")
            .expect("a config");
        assert_eq!(config.port, 0);
        assert_eq!(config.host, "127.0.0.1");
        assert_eq!(config.agent_delay, Duration::from_millis(5));
        assert_eq!(config.inboxes, ["nordvik-hem", "test-inbox", "demo"]);
        let config = parse_args(&args(&["--inbox", "a", "--inbox=b", "--inbox", "a"]))
            .expect("valid")
            .expect("a config");
        assert_eq!(config.inboxes, ["a", "b"]);
        assert!(parse_args(&args(&["--port"])).is_err());
        assert!(parse_args(&args(&["--bogus"])).is_err());
        assert!(parse_args(&args(&["--dedupe-echo-id"])).is_err());
        assert!(parse_args(&args(&["--inbox", ""])).is_err());
        assert!(parse_args(&args(&["--help"])).expect("usage").is_none());
    }
}
