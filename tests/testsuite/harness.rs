//! The integration-test harness: writes a small content tree into a temporary
//! folder and runs the `vigie` binary on it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The path of the valid tree's dossier, under `content/`.
pub const D: &str = "dossiers/azure-made-in-france.md";

/// A valid site: one dossier that references a person, an organization, a
/// provider and a law, so that every kind is used.
pub const SITE: &str = "title: Test wiki\nbase_url: https://example.org/wiki/\nlanguage: fr\n";

pub const DOSSIER: &str = r#"---
title: "Azure for the made in France"
subject: jane-doe
date: 2016-08-22
topics: [hosting]
summary: "Said one thing, did another."
statements:
  - id: colonies
    date: 2014-05
    quote: "Not a digital colony"
    source:
      url: https://example.org/article
      publisher: daily-news
      archive: https://web.archive.org/example
practices:
  - id: site-azure
    kind: hosting
    date: 2016-08-22
    summary: "The campaign site runs on Azure."
    provider: azure
    location: { country: NL, city: Amsterdam }
    evidence:
      - kind: press
        date: 2016-08-22
        source: { url: "https://example.org/b", archive: "https://web.archive.org/b" }
    contradicts: [colonies]
---
[[jane-doe]] chose [[azure|Azure]], subject to the [[cloud-act]].
"#;

pub const PERSON: &str = "---\nname: Jane Doe\nparty: daily-news\n---\n";
pub const ORGANIZATION: &str = "---\nname: Daily News\nkind: media\ncountry: FR\n---\n";
pub const PROVIDER: &str =
    "---\nname: Azure\noperator: daily-news\nheadquarters: US\nsubject_to: [cloud-act]\n---\n";
pub const LAW: &str = "---\nname: CLOUD Act\njurisdiction: US\nenacted: 2018-03-23\n---\nA law.\n";

/// A content tree in a temporary folder.
pub struct Fixture {
    dir: tempfile::TempDir,
}

/// What a run printed and returned.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Both streams, for assertion messages.
    pub fn all(&self) -> String {
        format!(
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Fixture {
    /// An empty root with no `content/`.
    pub fn empty() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// The valid tree above.
    pub fn valid() -> Fixture {
        Fixture::empty()
            .file("site.yaml", SITE)
            .file("dossiers/azure-made-in-france.md", DOSSIER)
            .file("people/jane-doe.md", PERSON)
            .file("organizations/daily-news.md", ORGANIZATION)
            .file("providers/azure.md", PROVIDER)
            .file("laws/cloud-act.md", LAW)
    }

    /// Writes `content/<path>`.
    pub fn file(self, path: &str, text: &str) -> Fixture {
        self.bytes(path, text.as_bytes())
    }

    /// Writes `content/<path>` as raw bytes.
    pub fn bytes(self, path: &str, bytes: &[u8]) -> Fixture {
        let full = self.content().join(path);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("a folder");
        std::fs::write(full, bytes).expect("a file");
        self
    }

    /// Replaces `from` by `to` in `content/<path>`, which must contain it.
    pub fn edit(self, path: &str, from: &str, to: &str) -> Fixture {
        let full = self.content().join(path);
        let text = std::fs::read_to_string(&full).expect("the file to edit");
        assert!(text.contains(from), "{path} does not contain {from:?}");
        std::fs::write(full, text.replacen(from, to, 1)).expect("a file");
        self
    }

    /// Removes `content/<path>`.
    pub fn remove(self, path: &str) -> Fixture {
        std::fs::remove_file(self.content().join(path)).expect("a file to remove");
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    pub fn output(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Runs `vigie <args> --root <root>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        all.push("--root".as_ref());
        all.push(self.root().as_os_str());
        self.run_plain(&all)
    }

    /// Runs `vigie <args>` as given.
    pub fn run_plain<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Run {
        let output = Command::new(vigie())
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("vigie runs");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// The binary under test: this build's, or the one `VIGIE_BIN` names (to
/// check that a test fails on an older build, say).
pub fn vigie() -> std::ffi::OsString {
    std::env::var_os("VIGIE_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_vigie").into())
}

/// Every file under `dir`, with its bytes, sorted: to compare output folders.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .into_owned();
            (path, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}

/// Whether two snapshots hold the same files with the same bytes; if not,
/// which files are missing, extra or different.
pub fn same_files(expected: &[(String, Vec<u8>)], got: &[(String, Vec<u8>)]) -> Result<(), String> {
    let names = |files: &[(String, Vec<u8>)]| -> std::collections::BTreeMap<String, usize> {
        files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.0.clone(), i))
            .collect()
    };
    let (wanted, written) = (names(expected), names(got));
    let missing: Vec<&String> = wanted
        .keys()
        .filter(|n| !written.contains_key(*n))
        .collect();
    let extra: Vec<&String> = written
        .keys()
        .filter(|n| !wanted.contains_key(*n))
        .collect();
    let differing: Vec<&String> = wanted
        .iter()
        .filter(|&(name, &i)| {
            written
                .get(name)
                .is_some_and(|&j| expected[i].1 != got[j].1)
        })
        .map(|(name, _)| name)
        .collect();
    if missing.is_empty() && extra.is_empty() && differing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "missing: {missing:?}; extra: {extra:?}; differing: {differing:?}"
        ))
    }
}

/// A copy of the example wiki (`content/`) in a temporary folder, where a
/// test may edit it; `settings` are appended to its `site.yaml`.
pub fn example_copy(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
        let to = dir
            .path()
            .join("content")
            .join(entry.path().strip_prefix(&from).expect("under content"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("a folder");
        } else {
            std::fs::copy(entry.path(), &to).expect("a copy");
        }
    }
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).expect("site.yaml");
    std::fs::write(&site, format!("{text}{settings}")).expect("written");
    dir
}

/// Builds the wiki at `root` into `output`, quietly; fails the test with
/// the diagnostics if the build fails.
pub fn build_into(root: &Path, output: &Path) {
    let run = Command::new(vigie())
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .output()
        .expect("vigie runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The request line of an HTTP request read from `stream` (`GET /path
/// HTTP/1.1`), its headers read and dropped: for the tests' small servers.
pub fn request_line(stream: impl std::io::Read) -> String {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::new(stream);
    let mut request = String::new();
    let _ = reader.read_line(&mut request);
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    request
}

/// A local address where nothing listens: a port taken, then let go.
pub fn closed_port() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.local_addr().expect("its address")
}
