//! `vigie archive`: finds an archived copy of every source that has none,
//! asking a Wayback-compatible availability endpoint for the capture closest
//! to the source's date, and writes `archive:` (and `accessed:` when the
//! source has none) into its file, every other byte kept.
//!
//! Not a stage of the build: it takes the check's `missing-archive`
//! warnings, which say where each such source is, and gives [`Source`]s; an
//! [`Archive`] asks the endpoint at a polite pace; [`write_copy`] writes one
//! answer at once, so that an interrupted run loses nothing and the next one
//! asks only what is still missing.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{Code, Diagnostic};
use crate::edit::{self, FrontMatter};
use crate::parse::yaml::{Node, Value};

/// The Internet Archive's availability endpoint.
pub const AVAILABILITY: &str = "https://archive.org/wayback/available";

/// The Internet Archive's Save Page Now.
pub const SAVE: &str = "https://web.archive.org/save/";

/// A source without an archived copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Its file.
    pub path: PathBuf,
    /// Its file as diagnostics name it (`content/dossiers/x.md`).
    pub shown: String,
    /// The line of its `url`.
    pub line: usize,
    /// Its address.
    pub url: String,
    /// Its date, or the date of what cites it, as `YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

impl Source {
    /// The Wayback timestamp of its date: `YYYY`, `YYYYMM` or `YYYYMMDD`.
    pub fn timestamp(&self) -> Option<String> {
        self.date.as_ref().map(|date| date.replace('-', ""))
    }
}

/// The sources the check found without an archived copy, in the order of
/// its diagnostics (file by file, line by line).
pub fn sources_without_copy(root: &Path, diagnostics: &[Diagnostic]) -> Vec<Source> {
    // Where the check flagged a source's `url`, file by file.
    let mut flagged: BTreeMap<&str, HashSet<(usize, usize)>> = BTreeMap::new();
    let locations = diagnostics
        .iter()
        .filter(|d| d.code == Code::MissingArchive)
        .filter_map(|d| d.location.as_ref());
    for at in locations {
        flagged
            .entry(at.path.as_str())
            .or_default()
            .insert((at.line, at.column));
    }
    let mut sources = Vec::new();
    for (shown, places) in flagged {
        let path = root.join(shown);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(front) = FrontMatter::read(shown, text) else {
            continue;
        };
        let mut found = Vec::new();
        uncopied(&front.root, None, &mut found);
        for source in found {
            let at = front.file.locate(source.url.span.clone());
            if places.contains(&(at.line, at.column)) {
                sources.push(Source {
                    path: path.clone(),
                    shown: shown.to_string(),
                    line: at.line,
                    url: source.url.scalar_text().unwrap_or_default(),
                    date: source.date,
                });
            }
        }
    }
    sources
}

/// A source mapping without an archived copy, as written.
struct Uncopied<'a> {
    /// The mapping.
    map: &'a Node,
    /// Its `url`.
    url: &'a Node,
    /// Its `date`, else that of the nearest mapping holding it.
    date: Option<String>,
}

/// Every mapping under `node` with a `url` and no `archive`.
fn uncopied<'a>(node: &'a Node, date: Option<String>, found: &mut Vec<Uncopied<'a>>) {
    match &node.value {
        Value::Map(entries) => {
            let date = node
                .get("date")
                .and_then(|d| d.value.scalar_text())
                .or(date);
            if let Some(url) = node.get("url")
                && node.get("archive").is_none()
            {
                found.push(Uncopied {
                    map: node,
                    url: &url.value,
                    date: date.clone(),
                });
            }
            for entry in entries {
                uncopied(&entry.value, date.clone(), found);
            }
        }
        Value::Seq(items) => {
            for item in items {
                uncopied(item, date.clone(), found);
            }
        }
        _ => {}
    }
}

/// A Wayback-compatible archive, asked at a polite pace.
pub struct Archive {
    availability: String,
    save: String,
    agent: ureq::Agent,
    delay: Duration,
    last: Option<Instant>,
}

impl Archive {
    /// An archive answering at `availability` (and capturing at `save`),
    /// asked at most once every `delay`, each answer awaited `timeout`.
    pub fn new(availability: &str, save: &str, delay: Duration, timeout: Duration) -> Archive {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(format!(
                "vigie archive {} (sources of an accountability wiki)",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .into();
        Archive {
            availability: availability.to_string(),
            save: save.to_string(),
            agent,
            delay,
            last: None,
        }
    }

    /// Waits until `delay` has passed since the last request.
    fn pace(&mut self) {
        if let Some(last) = self.last {
            let waited = last.elapsed();
            if waited < self.delay {
                std::thread::sleep(self.delay - waited);
            }
        }
        self.last = Some(Instant::now());
    }

    /// The address of the capture of `source` closest to its date, if the
    /// archive has one that is not an error page.
    pub fn closest(&mut self, source: &Source) -> Result<Option<String>, String> {
        self.pace();
        let mut request = self.agent.get(&self.availability).query("url", &source.url);
        if let Some(timestamp) = source.timestamp() {
            request = request.query("timestamp", &timestamp);
        }
        let mut response = request.call().map_err(|error| self.unanswered(&error))?;
        if !response.status().is_success() {
            return Err(format!("the archive answered {}", response.status()));
        }
        let text = response
            .body_mut()
            .with_config()
            .limit(1024 * 1024)
            .read_to_string()
            .map_err(|error| error.to_string())?;
        let answer: serde_json::Value = serde_json::from_str(&text)
            .map_err(|error| format!("the archive's answer is not JSON: {error}"))?;
        let closest = &answer["archived_snapshots"]["closest"];
        let available = closest["available"].as_bool().unwrap_or(false);
        let status_ok = closest["status"]
            .as_str()
            .is_none_or(|status| status.starts_with('2'));
        match closest["url"].as_str() {
            Some(url) if available && status_ok => Ok(Some(secure(url))),
            _ => Ok(None),
        }
    }

    /// Asks the archive to capture `source` now; the capture's address when
    /// the archive gives it.
    pub fn save(&mut self, source: &Source) -> Result<Option<String>, String> {
        self.pace();
        let address = format!("{}{}", self.save, source.url);
        let response = self
            .agent
            .get(&address)
            .call()
            .map_err(|error| self.unanswered(&error))?;
        let status = response.status();
        if !(status.is_success() || status.is_redirection()) {
            return Err(format!("the archive answered {status} to the capture"));
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        };
        let Some(place) = header("content-location").or_else(|| header("location")) else {
            return Ok(None);
        };
        let url = url::Url::parse(&address)
            .and_then(|base| base.join(&place))
            .map(String::from)
            .unwrap_or(place);
        Ok(Some(secure(&url)))
    }

    /// Why the archive gave no answer, naming it: the source's own site is
    /// never asked.
    fn unanswered(&self, error: &ureq::Error) -> String {
        let host = url::Url::parse(&self.availability)
            .ok()
            .and_then(|url| url.host_str().map(str::to_string))
            .unwrap_or_default();
        format!(
            "the archive ({host}) did not answer: {}",
            crate::probe::http::failure(error)
        )
    }
}

/// An archive's address over HTTPS: the Wayback Machine answers in `http://`
/// but serves both.
fn secure(url: &str) -> String {
    match url.strip_prefix("http://web.archive.org/") {
        Some(rest) => format!("https://web.archive.org/{rest}"),
        None => url.to_string(),
    }
}

/// Writes the capture at `copy` as the `archive:` of every source of `source.url` in its
/// file that has none, with `accessed: today` where the source has no
/// `accessed`; returns how many sources were written.
pub fn write_copy(source: &Source, copy: &str, today: &str) -> Result<usize, String> {
    let text = std::fs::read_to_string(&source.path)
        .map_err(|error| format!("cannot read {}: {error}", source.path.display()))?;
    let front = FrontMatter::read(&source.shown, text).map_err(|error| error.to_string())?;
    let mut found = Vec::new();
    uncopied(&front.root, None, &mut found);
    let insertions: Vec<edit::Insertion> = found
        .iter()
        .filter(|found| found.url.scalar_text().is_some_and(|url| url == source.url))
        .map(|found| {
            let mut entries = vec![("archive", edit::quoted(copy))];
            if found.map.get("accessed").is_none() {
                entries.push(("accessed", today.to_string()));
            }
            edit::add_entries(front.text(), found.map, &entries)
        })
        .collect();
    let written = insertions.len();
    if written > 0 {
        let edited = edit::apply(front.text(), insertions);
        edit::write_whole(&source.path, &edited)
            .map_err(|error| format!("cannot write {}: {error}", source.path.display()))?;
    }
    Ok(written)
}
