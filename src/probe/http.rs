//! Fetches a site's home page, following redirects one by one so that each is
//! recorded, and keeps the response headers that reveal a host or a CDN, and
//! the page itself for the legal notice's link.
//!
//! Certificates are not verified here: a site whose certificate is expired
//! or self-signed still tells who serves it, and the `tls-certificate`
//! evidence says whether it verifies.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hickory_proto::rr::RecordType;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use super::dns::{self, Answer};
use super::record;
use crate::front_matter::NetworkRecord;

/// Headers that say who serves a page: a server's name, a proxy's or a CDN's
/// request ids. Others (cookies, caching rules) say nothing of the host.
const REVEALING: &[&str] = &[
    "server",
    "via",
    "x-powered-by",
    "x-served-by",
    "x-cache",
    "x-amz-cf-id",
    "x-amz-cf-pop",
    "x-amz-request-id",
    "x-azure-ref",
    "x-msedge-ref",
    "x-ms-request-id",
    "x-nf-request-id",
    "x-github-request-id",
    "x-vercel-id",
    "x-fastly-request-id",
    "x-akamai-transformed",
    "x-clevercloud-request-id",
    "x-ovh-request-id",
    "cf-ray",
    "fly-request-id",
    "x-goog-generation",
];

/// The most redirects followed.
const MAX_REDIRECTS: usize = 5;

/// The most of a page read, for its links or its text.
const MAX_PAGE: u64 = 4 * 1024 * 1024;

/// What fetching a page showed.
#[derive(Debug, Default)]
pub struct Fetched {
    /// The `status`, `redirect` and `header` records of each request.
    pub records: Vec<NetworkRecord>,
    /// What could not be learnt.
    pub problems: Vec<String>,
    /// The HTML page at the end of the redirects, if it was one.
    pub page: Option<Page>,
}

/// An HTML page, and where it was found.
#[derive(Debug)]
pub struct Page {
    /// Its address, after redirects.
    pub url: String,
    /// Its text.
    pub html: String,
}

/// Fetches `url`, following redirects one by one, finding hosts' addresses
/// with `resolver`.
pub fn fetch(url: &str, resolver: SocketAddr, timeout: Duration, user_agent: &str) -> Fetched {
    let tls = ureq::tls::TlsConfig::builder()
        .disable_verification(true)
        .build();
    let config = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .user_agent(user_agent)
        .tls_config(tls)
        .build();
    let resolver = AskingResolver { resolver, timeout };
    let agent = ureq::Agent::with_parts(config, DefaultConnector::default(), resolver);
    let mut fetched = Fetched::default();
    let records = &mut fetched.records;
    let mut url = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let mut response = match agent.get(&url).call() {
            Ok(response) => response,
            Err(error) => {
                fetched.problems.push(format!("{url}: {}", failure(&error)));
                return fetched;
            }
        };
        let status = response.status();
        let line = format!(
            "{:?} {} {}",
            response.version(),
            status.as_str(),
            status.canonical_reason().unwrap_or_default()
        );
        records.push(record("status", &url, line.trim_end()));
        for name in REVEALING {
            for value in response.headers().get_all(*name) {
                let value = String::from_utf8_lossy(value.as_bytes());
                records.push(record("header", name, &value));
            }
        }
        let location = response
            .headers()
            .get("location")
            .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
        let next = match (status.is_redirection(), location) {
            (true, Some(location)) => url::Url::parse(&url)
                .and_then(|base| base.join(&location))
                .map(String::from)
                .unwrap_or(location),
            _ => {
                let html = response
                    .headers()
                    .get("content-type")
                    .is_some_and(|kind| kind.as_bytes().windows(4).any(|w| w == b"html"));
                if status.is_success() && html {
                    let body = response.body_mut().with_config().limit(MAX_PAGE);
                    match body.read_to_vec() {
                        Ok(bytes) => {
                            let html = String::from_utf8_lossy(&bytes).into_owned();
                            fetched.page = Some(Page { url, html });
                        }
                        Err(error) => fetched.problems.push(format!("{url}: {error}")),
                    }
                }
                return fetched;
            }
        };
        records.push(record("redirect", &url, &next));
        url = next;
    }
    let problem = format!("{url}: more than {MAX_REDIRECTS} redirects, not followed");
    fetched.problems.push(problem);
    fetched
}

/// Finds a host's addresses by asking the probe's DNS resolver, so that the
/// page is fetched from the addresses the `dns` evidence shows.
#[derive(Debug)]
struct AskingResolver {
    resolver: SocketAddr,
    timeout: Duration,
}

impl Resolver for AskingResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().ok_or(ureq::Error::HostNotFound)?;
        let https = uri.scheme_str() == Some("https");
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        let mut found = self.empty();
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(address) = literal.parse::<IpAddr>() {
            found.push(SocketAddr::new(address, port));
            return Ok(found);
        }
        for kind in [RecordType::A, RecordType::AAAA] {
            if let Answer::Records(records) = dns::ask(self.resolver, host, kind, self.timeout) {
                let addresses = records
                    .iter()
                    .filter(|(record_type, ..)| *record_type == "A" || *record_type == "AAAA")
                    .filter_map(|(_, _, value, _)| value.parse::<IpAddr>().ok());
                for address in addresses {
                    // ureq takes at most 16 addresses.
                    if found.len() < 16 {
                        found.push(SocketAddr::new(address, port));
                    }
                }
            }
        }
        if found.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(found)
    }
}

/// What went wrong with a request, as a contributor would say it.
pub fn failure(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "no answer in time".into(),
        ureq::Error::HostNotFound => "the host was not found".into(),
        ureq::Error::ConnectionFailed => "the connection was refused or failed".into(),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "the connection was refused".into(),
            std::io::ErrorKind::TimedOut => "no answer in time".into(),
            _ => io.to_string(),
        },
        other => other.to_string(),
    }
}
