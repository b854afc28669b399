//! The binary as the end-to-end tests start it: `--port 0`, one line naming the address, the
//! health route answering on it. Bounded: the process is killed after a few seconds at most.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn it_prints_its_address_and_answers_there() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chat_standin"))
        .args([
            "--port",
            "0",
            "--agent-delay-ms",
            "150",
            "--inbox",
            "test-inbox",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the stand-in starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("a line");
    let prefix =
        "chat stand-in (a local stand-in for a Chatwoot inbox, not a real backend): http://";
    let address = line
        .trim()
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{line:?}"))
        .to_owned();
    let mut stream = TcpStream::connect(&address).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(3)))
        .expect("a timeout");
    let request =
        format!("GET /__standin/health HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("sends");
    let mut answer = String::new();
    let read = stream.read_to_string(&mut answer);
    child.kill().expect("killed");
    child.wait().expect("reaped");
    read.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with(r#"{"ok":true}"#), "{answer}");
}

#[test]
fn a_bad_argument_is_refused_with_the_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_chat_standin"))
        .arg("--dedupe-echo-id")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage: chat_standin"));
}
