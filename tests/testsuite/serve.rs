//! `vigie serve` on loopback: builds, serves pages and the 404 page, and moves
//! to the next port when the asked one is busy.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{D, Fixture};

/// A running `vigie serve`, stopped when dropped.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start(fixture: &Fixture, port: u16) -> Server {
    let child = Command::new(crate::harness::vigie())
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(fixture.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("vigie serve starts");
    Server(child)
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// GET `path`, retrying until the server answers or ten seconds pass.
pub fn get(port: u16, path: &str) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            // Whatever answers on the port (another test's server may have
            // taken it), a read never waits past the deadline.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let request =
                format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            let mut response = String::new();
            if stream.write_all(request.as_bytes()).is_ok()
                && stream.read_to_string(&mut response).is_ok()
            {
                let status = response
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                return (status, response);
            }
        }
        assert!(Instant::now() < deadline, "no answer on port {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serves_pages_and_a_404() {
    let fixture = Fixture::valid();
    let port = free_port();
    let _server = start(&fixture, port);
    let (status, body) = get(port, "/dossiers/azure-made-in-france/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Azure for the made in France"));
    let (status, body) = get(port, "/no/such/page/");
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("Page introuvable"));
}

#[test]
fn a_busy_port_moves_to_the_next_one() {
    let fixture = Fixture::valid();
    let busy = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = busy.local_addr().expect("an address").port();
    let _server = start(&fixture, port);
    // The next free port after the busy one answers.
    let deadline = Instant::now() + Duration::from_secs(10);
    let answered = loop {
        let found = (1..=10)
            .map(|i| port + i)
            .find(|&p| TcpStream::connect(("127.0.0.1", p)).is_ok());
        if found.is_some() || Instant::now() > deadline {
            break found;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let next = answered.expect("the server listens on a port after the busy one");
    assert_eq!(get(next, "/").0, 200);
}

/// The first server-sent event of a fresh connection: the current status.
fn status(port: u16) -> serde_json::Value {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server answers");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    let request =
        "GET /__vigie/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n";
    stream.write_all(request.as_bytes()).expect("a request");
    let mut received = Vec::new();
    let mut buffer = [0; 65536];
    loop {
        let read = stream.read(&mut buffer).expect("an event");
        assert!(read > 0, "the event stream closed");
        received.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&received);
        if let Some(start) = text.find("data: ")
            && let Some(end) = text[start..].find('\n')
        {
            return serde_json::from_str(&text[start + 6..start + end]).expect("JSON data");
        }
    }
}

/// Polls `check` until it holds or ten seconds pass.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn edits_rebuild_errors_show_and_fixes_clear() {
    let fixture = Fixture::valid();
    let port = free_port();
    let _server = start(&fixture, port);
    let page = "/dossiers/azure-made-in-france/";
    let (status_code, body) = get(port, page);
    assert_eq!(status_code, 200);
    assert!(
        body.contains("/__vigie/live.js"),
        "the reload script is injected when serving"
    );
    assert!(
        !std::fs::read_to_string(
            fixture
                .output()
                .join("dossiers/azure-made-in-france/index.html")
        )
        .expect("the built page")
        .contains("__vigie"),
        "but never written to the output"
    );

    // An edit shows in the page.
    let fixture = fixture.edit(D, "Azure for the made in France", "Azure, edited");
    eventually("the edit to show", || {
        get(port, page).1.contains("Azure, edited")
    });

    // A typo: the overlay's status names the file, line and fix; the last good page stays.
    let fixture = fixture.edit(D, "summary:", "sumary:");
    eventually("the error to be reported", || {
        status(port)["state"] == "errors"
    });
    let broken = status(port);
    let text = broken["diagnostics"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        text.contains("content/dossiers/azure-made-in-france.md:6:1"),
        "{text}"
    );
    assert!(text.contains("did you mean `summary`?"), "{text}");
    assert!(
        get(port, page).1.contains("Azure, edited"),
        "the last good page is still served"
    );

    // The fix clears it.
    let _fixture = fixture.edit(D, "sumary:", "summary:");
    eventually("the error to clear", || status(port)["state"] == "ok");
}
