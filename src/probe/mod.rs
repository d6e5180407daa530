//! `vigie probe`: gathers, with one command, the evidence of where a site is
//! hosted that the founding cases were found with, dated and ready to paste
//! under a practice's `evidence:`: the site's DNS records (`dns`), for each
//! address the published range that holds it and whose it is (`ip-asn`), and
//! the home page's response headers that name a host or a CDN, redirects
//! included (`http-headers`), the certificate it presents (`tls-certificate`)
//! and the hosts its legal notice names (`legal-notice`), in the record shape
//! of the content model's section 8.
//!
//! Not a stage of the build: a command of its own, which reads the network.
//! Failure is information: a name that does not exist is a `NXDOMAIN` record,
//! a resolver that does not answer is said in the evidence's `detail`.

pub mod dns;
pub mod http;
pub mod legal;
pub mod paste;
pub mod ranges;
pub mod tls;

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::time::Duration;

use hickory_proto::rr::RecordType;
use serde::Serialize;

use crate::front_matter::{EvidenceKind, NetworkRecord, Reference};
use dns::Answer;
use ranges::Ranges;

/// What a probe asks, and of whom.
pub struct Options {
    /// The DNS resolver to ask.
    pub resolver: SocketAddr,
    /// The published ranges to place addresses in.
    pub ranges: Ranges,
    /// What the wiki names: a record names a provider only when the wiki
    /// has it, so that the pasted evidence checks.
    pub wiki: Wiki,
    /// How long to wait for each answer.
    pub timeout: Duration,
    /// The day of the probe (the evidence's `date`).
    pub today: String,
}

/// One piece of evidence, as written in a dossier.
#[derive(Debug, Serialize)]
pub struct Evidence {
    /// `dns`, `ip-asn` or `http-headers`.
    pub kind: EvidenceKind,
    /// When it was observed.
    pub date: String,
    /// The page it was read on (a legal notice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<PageSource>,
    /// The tool, what it asked and what it could not learn.
    pub detail: String,
    /// What it found.
    pub records: Vec<NetworkRecord>,
    /// What could not be learnt, as the end of `detail` says it.
    #[serde(skip)]
    pub missing: Option<String>,
}

impl Evidence {
    /// Evidence of `kind` observed on the probe's day: `about` names the tool
    /// and what it asked, and `detail` ends with what could not be learnt.
    fn new(
        kind: EvidenceKind,
        options: &Options,
        about: String,
        records: Vec<NetworkRecord>,
        missing: Option<String>,
    ) -> Evidence {
        let detail = match &missing {
            Some(missing) => format!("{about}; {missing}"),
            None => about,
        };
        Evidence {
            kind,
            date: options.today.clone(),
            source: None,
            detail,
            records,
            missing,
        }
    }
}

/// A page read by the probe, as a source.
#[derive(Debug, Serialize)]
pub struct PageSource {
    /// Its address.
    pub url: String,
    /// Its title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The probe's day.
    pub accessed: String,
}

/// The questions that got no answer, said once for the evidence's detail.
fn not_learnt(problems: &[String]) -> Option<String> {
    (!problems.is_empty()).then(|| format!("not learnt: {}", problems.join("; ")))
}

/// What a probe found.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The evidence, ready to paste.
    pub evidence: Vec<Evidence>,
    /// Whose each address is, for the terminal's summary.
    #[serde(skip)]
    pub owners: Vec<Owner>,
}

/// Whose an address is, by the published ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The address.
    pub address: IpAddr,
    /// The provider's name.
    pub provider: String,
    /// Its operator's country.
    pub country: String,
    /// The region, if the list gives one.
    pub region: Option<String>,
}

impl Report {
    /// Whether anything was found.
    pub fn gathered(&self) -> bool {
        self.evidence.iter().any(|e| !e.records.is_empty())
    }
}

/// The first resolver of the system's `/etc/resolv.conf`, on port 53.
pub fn system_resolver() -> Option<SocketAddr> {
    let conf = std::fs::read_to_string("/etc/resolv.conf").ok()?;
    conf.lines()
        .filter_map(|line| line.trim().strip_prefix("nameserver"))
        .filter_map(|address| address.trim().parse::<IpAddr>().ok())
        .map(|address| SocketAddr::new(address, 53))
        .next()
}

/// What the wiki under a root names, by slug and name.
#[derive(Debug, Default, Clone)]
pub struct Wiki {
    /// Its providers (`content/providers/*.md`).
    pub providers: Vec<(String, String)>,
    /// Its organizations (`content/organizations/*.md`).
    pub organizations: Vec<(String, String)>,
}

impl Wiki {
    /// The wiki under `root`; empty when there is none. A file whose name
    /// cannot be read is known by its slug.
    pub fn read(root: &Path) -> Wiki {
        Wiki {
            providers: named(&root.join("content").join("providers")),
            organizations: named(&root.join("content").join("organizations")),
        }
    }

    /// Whether the wiki has the provider `slug`.
    pub fn has_provider(&self, slug: &str) -> bool {
        self.providers.iter().any(|(known, _)| known == slug)
    }
}

/// The slug and `name` of each `.md` file in `folder`, in slug order.
fn named(folder: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut named: Vec<(String, String)> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            let slug = file.strip_suffix(".md")?.to_string();
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let name = crate::edit::FrontMatter::read(&file, text)
                .ok()
                .and_then(|front| front.root.get("name")?.value.scalar_text())
                .unwrap_or_else(|| slug.clone());
            Some((slug, name))
        })
        .collect();
    named.sort();
    named
}

/// What to probe: a host, and the page to fetch there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The host: a domain name or an address.
    pub host: String,
    /// The URL given, or the host's home page over HTTPS.
    pub url: String,
    /// Whether the URL was given (else HTTP is tried when HTTPS fails).
    pub url_given: bool,
}

/// What `target` names: a URL, a domain, or an address.
pub fn target_of(target: &str) -> Result<Target, String> {
    let target = target.trim();
    let (host, url) = match url::Url::parse(target) {
        Ok(url) if url.has_host() => (url.host_str().unwrap_or_default().to_string(), Some(url)),
        _ => (target.trim_end_matches('/').to_string(), None),
    };
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_lowercase();
    let plausible = !host.is_empty()
        && (host.parse::<IpAddr>().is_ok()
            || host.split('.').all(|label| {
                !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            }));
    if !plausible {
        return Err(format!(
            "`{target}` is neither a URL, a domain name nor an address"
        ));
    }
    let home = || match host.parse::<IpAddr>() {
        Ok(IpAddr::V6(address)) => format!("https://[{address}]/"),
        _ => format!("https://{host}/"),
    };
    Ok(Target {
        url: url.as_ref().map_or_else(home, |u| u.to_string()),
        url_given: url.is_some(),
        host,
    })
}

/// Probes `target`; `progress` is told what is being asked.
pub fn probe(target: &Target, options: &Options, progress: impl Fn(&str)) -> Report {
    let tool = format!("vigie probe {}", env!("CARGO_PKG_VERSION"));
    let host = target.host.as_str();
    let mut evidence = Vec::new();
    let mut owners = Vec::new();
    let addresses: Vec<IpAddr> = match host.parse::<IpAddr>() {
        Ok(address) => vec![address],
        Err(_) => {
            let (dns, addresses) = lookup(host, options, &tool, &progress);
            evidence.push(dns);
            addresses
        }
    };
    if !addresses.is_empty() {
        evidence.push(place(&addresses, options, &tool, &mut owners));
        progress(&format!("fetching {}", target.url));
        let (found, home) = headers(target, options, &tool);
        evidence.push(found);
        if let Some(port) = tls_port(&target.url) {
            progress(&format!("reading the certificate of {}", target.host));
            evidence.push(certificate(target, &addresses, port, options, &tool));
        }
        if let Some(home) = home {
            evidence.extend(notice(&home, options, &tool, &progress));
        }
    }
    Report { evidence, owners }
}

/// The User-Agent of the probe's requests: says what it is, to whom it may
/// concern.
fn user_agent(tool: &str) -> String {
    format!("{tool} (evidence for an accountability wiki)")
}

/// The `http-headers` evidence of `target`'s page, over HTTPS, or over HTTP
/// when HTTPS could not be had and no URL was given; and the page.
fn headers(target: &Target, options: &Options, tool: &str) -> (Evidence, Option<http::Page>) {
    let user_agent = user_agent(tool);
    let mut fetched = http::fetch(&target.url, options.resolver, options.timeout, &user_agent);
    if fetched.records.is_empty() && !target.url_given {
        let plain = format!("http://{}/", target.host);
        let mut again = http::fetch(&plain, options.resolver, options.timeout, &user_agent);
        again.problems.splice(0..0, fetched.problems);
        fetched = again;
    }
    let about = format!(
        "{tool}, User-Agent \"{user_agent}\", certificates not verified (see tls-certificate)"
    );
    let missing = not_learnt(&fetched.problems);
    let evidence = Evidence::new(
        EvidenceKind::HttpHeaders,
        options,
        about,
        fetched.records,
        missing,
    );
    (evidence, fetched.page)
}

/// The `legal-notice` evidence of the notice linked from `home`: the hosts,
/// providers and organizations it names. None when no link looks like one.
fn notice(
    home: &http::Page,
    options: &Options,
    tool: &str,
    progress: &impl Fn(&str),
) -> Option<Evidence> {
    let url = legal::notice_link(&home.url, &home.html)?;
    progress(&format!("reading the legal notice {url}"));
    let fetched = http::fetch(&url, options.resolver, options.timeout, &user_agent(tool));
    let names = legal::names(&options.wiki.providers, &options.wiki.organizations);
    let (title, records) = match &fetched.page {
        Some(page) => legal::mentions(&page.html, &names),
        None => (None, Vec::new()),
    };
    let mut problems = fetched.problems;
    if fetched.page.is_some() && records.is_empty() {
        problems.push(
            "it names none of the wiki's providers and organizations nor a common host".into(),
        );
    }
    let about = format!("{tool}, the legal notice linked from {}", home.url);
    let mut evidence = Evidence::new(
        EvidenceKind::LegalNotice,
        options,
        about,
        records,
        not_learnt(&problems),
    );
    evidence.source = Some(PageSource {
        url: fetched.page.map_or(url, |page| page.url),
        title,
        accessed: options.today.clone(),
    });
    Some(evidence)
}

/// The port of `url` when it is an HTTPS address.
fn tls_port(url: &str) -> Option<u16> {
    let url = url::Url::parse(url).ok()?;
    (url.scheme() == "https").then(|| url.port_or_known_default())?
}

/// The `tls-certificate` evidence of `target`, read from the first of
/// `addresses` that completes a handshake.
fn certificate(
    target: &Target,
    addresses: &[IpAddr],
    port: u16,
    options: &Options,
    tool: &str,
) -> Evidence {
    let mut problems = Vec::new();
    let mut records = Vec::new();
    for &address in addresses {
        let at = SocketAddr::new(address, port);
        match tls::certificate(&target.host, at, options.timeout) {
            Ok(found) => {
                records = found;
                break;
            }
            Err(problem) => problems.push(problem),
        }
    }
    let about = format!(
        "{tool}, TLS handshake with {}:{port}, any certificate accepted; `verified` says whether its chain reaches a root of Mozilla's list (webpki-roots)",
        target.host
    );
    // Once one address answered, the others' failures are not evidence.
    let missing = if records.is_empty() {
        not_learnt(&problems)
    } else {
        None
    };
    Evidence::new(
        EvidenceKind::TlsCertificate,
        options,
        about,
        records,
        missing,
    )
}

/// The `dns` evidence of `host`, and the addresses it resolves to.
fn lookup(
    host: &str,
    options: &Options,
    tool: &str,
    progress: &impl Fn(&str),
) -> (Evidence, Vec<IpAddr>) {
    let mut records: Vec<NetworkRecord> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    // The zone's name servers and mail: a site's `www.` name has none itself.
    let zone = host.strip_prefix("www.").unwrap_or(host);
    let questions = [
        (host, RecordType::A),
        (host, RecordType::AAAA),
        (zone, RecordType::NS),
        (zone, RecordType::MX),
    ];
    for (name, kind) in questions {
        progress(&format!(
            "asking {} for the {kind} records of {name}",
            options.resolver
        ));
        match dns::ask(options.resolver, name, kind, options.timeout) {
            Answer::Records(found) => {
                for (record_type, name, value, ttl) in found {
                    let record = NetworkRecord {
                        ttl: Some(ttl),
                        ..record(&record_type, &name, &value)
                    };
                    // A CNAME comes with the A and with the AAAA answers.
                    let seen = records.iter().any(|r| {
                        (&r.record_type, &r.name, &r.value)
                            == (&record.record_type, &record.name, &record.value)
                    });
                    if !seen {
                        records.push(record);
                    }
                }
            }
            Answer::NoSuchName => {
                let already = records
                    .iter()
                    .any(|r| r.record_type == "NXDOMAIN" && r.name == name);
                if !already {
                    let value = format!("no such domain, said {}", options.resolver);
                    records.push(record("NXDOMAIN", name, &value));
                }
            }
            Answer::Refused(code) => {
                problems.push(format!("{kind} {name}: the resolver answered {code}"))
            }
            Answer::TimedOut => problems.push(format!(
                "{kind} {name}: no answer within {} s",
                options.timeout.as_secs_f32()
            )),
            Answer::Failed(message) => problems.push(format!("{kind} {name}: {message}")),
        }
    }
    let addresses = records
        .iter()
        .filter(|r| r.record_type == "A" || r.record_type == "AAAA")
        .filter_map(|r| r.value.parse().ok())
        .collect();
    let about = format!("{tool}, resolver {}", options.resolver);
    let missing = not_learnt(&problems);
    let evidence = Evidence::new(EvidenceKind::Dns, options, about, records, missing);
    (evidence, addresses)
}

/// The `ip-asn` evidence of `addresses`: the published range of each.
fn place(addresses: &[IpAddr], options: &Options, tool: &str, owners: &mut Vec<Owner>) -> Evidence {
    let mut records = Vec::new();
    let mut unplaced = Vec::new();
    for &address in addresses {
        let Some(found) = options.ranges.lookup(address) else {
            unplaced.push(address.to_string());
            continue;
        };
        let (list, region) = (found.list, found.region.map(str::to_string));
        owners.push(Owner {
            address,
            provider: list.name.clone(),
            country: list.country.clone(),
            region: region.clone(),
        });
        let known = options.wiki.has_provider(&list.provider);
        // The list says whose range it is: by the wiki's slug when the wiki
        // has the provider, else by name in `data`.
        let data = match (known, list.sources.first()) {
            (true, Some(source)) => format!("{source}, {}", list.date),
            (false, Some(source)) => format!("{}: {source}, {}", list.name, list.date),
            (_, None) => format!("{}, {}", list.name, list.date),
        };
        records.push(NetworkRecord {
            provider: known.then(|| Box::new(Reference::to(&list.provider))),
            region: region.map(String::into_boxed_str),
            data: Some(data.into()),
            ..record("IP", &address.to_string(), &found.prefix.to_string())
        });
    }
    let about = format!("{tool}, the providers' published ranges");
    let missing =
        (!unplaced.is_empty()).then(|| format!("in none of them: {}", unplaced.join(", ")));
    Evidence::new(EvidenceKind::IpAsn, options, about, records, missing)
}

/// A record with its three fields, and none of the optional ones.
fn record(record_type: &str, name: &str, value: &str) -> NetworkRecord {
    NetworkRecord {
        record_type: record_type.into(),
        name: name.into(),
        value: value.into(),
        ttl: None,
        asn: None,
        as_name: None,
        country: None,
        provider: None,
        region: None,
        data: None,
    }
}
