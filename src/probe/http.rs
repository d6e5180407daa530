//! Fetches a site's home page, following redirects one by one so that each is
//! recorded, and keeps the response headers that reveal a host or a CDN.

use std::time::Duration;

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

/// The requests made from `url` on, as `status`, `redirect` and `header`
/// records, and what could not be learnt.
pub fn fetch(url: &str, timeout: Duration, user_agent: &str) -> (Vec<NetworkRecord>, Vec<String>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .user_agent(user_agent)
        .build()
        .into();
    let mut records = Vec::new();
    let mut url = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let response = match agent.get(&url).call() {
            Ok(response) => response,
            Err(error) => return (records, vec![format!("{url}: {}", failure(&error))]),
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
            _ => return (records, Vec::new()),
        };
        records.push(record("redirect", &url, &next));
        url = next;
    }
    let problem = format!("{url}: more than {MAX_REDIRECTS} redirects, not followed");
    (records, vec![problem])
}

/// What went wrong, as a contributor would say it.
fn failure(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "no answer in time".into(),
        ureq::Error::HostNotFound => "the host was not found".into(),
        ureq::Error::ConnectionFailed => "the connection was refused or failed".into(),
        other => other.to_string(),
    }
}
