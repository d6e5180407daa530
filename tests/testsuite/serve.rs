//! `vigie serve` on loopback: builds, serves pages and the 404 page, and moves
//! to the next port when the asked one is busy.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::Fixture;

/// A running `vigie serve`, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(fixture: &Fixture, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(fixture.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("vigie serve starts");
    Server(child)
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// GET `path`, retrying until the server answers or ten seconds pass.
fn get(port: u16, path: &str) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
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
