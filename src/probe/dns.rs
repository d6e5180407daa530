//! Asks one DNS resolver one question at a time, over UDP (over TCP when the
//! answer does not fit), and gives the answer as records of the evidence's
//! shape. Messages are read and written by `hickory-proto`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use hickory_proto::op::{Message, Query, ResponseCode};
use hickory_proto::rr::{Name, RData, RecordType};

/// What a question gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The records of the answer section, as `(type, name, value, ttl)`,
    /// each name without its final dot. Empty when the name exists but has
    /// no record of the type asked.
    Records(Vec<(String, String, String, u32)>),
    /// The name does not exist.
    NoSuchName,
    /// The resolver answered with an error (`SERVFAIL`, `REFUSED`, ...).
    Refused(String),
    /// No answer came in time.
    TimedOut,
    /// The question could not be asked, or the answer not read.
    Failed(String),
}

/// Asks `resolver` for the records of `kind` at `name`, waiting at most
/// `timeout` for each exchange.
pub fn ask(resolver: SocketAddr, name: &str, kind: RecordType, timeout: Duration) -> Answer {
    let name = match Name::from_utf8(name) {
        Ok(name) => name,
        Err(error) => return Answer::Failed(format!("`{name}` is not a domain name: {error}")),
    };
    let mut query = Message::query();
    query.metadata.recursion_desired = true;
    query.add_query(Query::query(name, kind));
    let bytes = match query.to_vec() {
        Ok(bytes) => bytes,
        Err(error) => return Answer::Failed(error.to_string()),
    };
    let id = query.metadata.id;
    let response = match over_udp(resolver, &bytes, id, timeout) {
        Ok(response) if response.metadata.truncation => over_tcp(resolver, &bytes, timeout),
        other => other,
    };
    match response {
        Ok(response) => answer(&response),
        Err(Failure::TimedOut) => Answer::TimedOut,
        Err(Failure::Other(message)) => Answer::Failed(message),
    }
}

enum Failure {
    TimedOut,
    Other(String),
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Failure {
        match error.kind() {
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => Failure::TimedOut,
            _ => Failure::Other(error.to_string()),
        }
    }
}

fn over_udp(
    resolver: SocketAddr,
    query: &[u8],
    id: u16,
    timeout: Duration,
) -> Result<Message, Failure> {
    let local: SocketAddr = if resolver.is_ipv4() {
        ([0, 0, 0, 0], 0).into()
    } else {
        ([0u16; 8], 0).into()
    };
    let socket = UdpSocket::bind(local)?;
    socket.connect(resolver)?;
    socket.send(query)?;
    let deadline = Instant::now() + timeout;
    let mut buffer = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::TimedOut);
        }
        socket.set_read_timeout(Some(left))?;
        let size = socket.recv(&mut buffer)?;
        // A stray datagram (a late answer to another question) is skipped.
        if let Ok(message) = Message::from_vec(&buffer[..size])
            && message.metadata.id == id
        {
            return Ok(message);
        }
    }
}

fn over_tcp(resolver: SocketAddr, query: &[u8], timeout: Duration) -> Result<Message, Failure> {
    let mut stream = TcpStream::connect_timeout(&resolver, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let length = u16::try_from(query.len()).map_err(|e| Failure::Other(e.to_string()))?;
    stream.write_all(&length.to_be_bytes())?;
    stream.write_all(query)?;
    let mut length = [0u8; 2];
    stream.read_exact(&mut length)?;
    let mut bytes = vec![0u8; usize::from(u16::from_be_bytes(length))];
    stream.read_exact(&mut bytes)?;
    Message::from_vec(&bytes).map_err(|e| Failure::Other(e.to_string()))
}

fn answer(response: &Message) -> Answer {
    match response.metadata.response_code {
        ResponseCode::NoError => {}
        ResponseCode::NXDomain => return Answer::NoSuchName,
        code => return Answer::Refused(code.to_string()),
    }
    let records = response
        .answers
        .iter()
        .filter_map(|record| {
            let value = match &record.data {
                RData::A(a) => a.0.to_string(),
                RData::AAAA(aaaa) => aaaa.0.to_string(),
                RData::CNAME(name) => without_dot(&name.0.to_utf8()),
                RData::NS(name) => without_dot(&name.0.to_utf8()),
                RData::MX(mx) => {
                    format!("{} {}", mx.preference, without_dot(&mx.exchange.to_utf8()))
                }
                _ => return None,
            };
            let name = without_dot(&record.name.to_utf8());
            Some((record.record_type().to_string(), name, value, record.ttl))
        })
        .collect();
    Answer::Records(records)
}

fn without_dot(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_string()
}
