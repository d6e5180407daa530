//! `vigie archive` against an availability endpoint of the test's own (none
//! of these tests reaches the internet): sources listed, copies written into
//! the files with every other byte kept, captures asked for, a run resumed,
//! failures reported.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use crate::harness::{Fixture, Run};

const SOURCES: &str = "dossiers/sources-to-archive.md";

/// A dossier with three sources without a copy: one written in lines with a
/// comment, the same address again in braces, and one the archive lacks.
const DOSSIER: &str = r#"---
title: "Sources to archive"
subject: jane-doe
date: 2016-08-22
topics: [hosting]
summary: "Three sources without a copy."
statements:
  - id: kept
    date: 2014-05
    quote: "Kept online"
    source:
      url: https://news.example/kept-online   # the publisher's page
      publisher: daily-news
  - id: lost
    date: 2015
    quote: "Lost"
    source: { url: "https://news.example/lost", date: 2015-03-02 }
practices:
  - id: site
    kind: hosting
    date: 2016-08-22
    summary: "Hosted."
    provider: azure
    evidence:
      - kind: press
        date: 2016-08-22
        source: { url: "https://news.example/kept-online" }
---
Body.
"#;

/// The requests the endpoint received, as paths with their queries.
type Seen = Arc<Mutex<Vec<String>>>;

/// A Wayback-compatible endpoint on a free local port: it has a capture of
/// `kept-online` pages, none of others, and answers a capture request with
/// the capture's address. Each answer closes its connection and says so: a
/// client that kept the connection for its next question could find it
/// closed under it, and the run failed now and then.
fn endpoint() -> (SocketAddr, Seen) {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = listener.local_addr().expect("its address");
    let seen: Seen = Arc::default();
    let kept = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let request = crate::harness::request_line(&stream);
            let path = request.split(' ').nth(1).unwrap_or_default().to_string();
            kept.lock().expect("the log").push(path.clone());
            let response = if let Some(page) = path.strip_prefix("/save/") {
                format!(
                    "HTTP/1.1 302 Found\r\nLocation: /web/20261202093000/{page}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
            } else {
                let url = url::Url::parse(&format!("http://endpoint{path}")).expect("a URL");
                let asked = url
                    .query_pairs()
                    .find(|(key, _)| key == "url")
                    .map(|(_, value)| value.into_owned())
                    .unwrap_or_default();
                let body = if asked.contains("kept-online") {
                    format!(
                        r#"{{"url": "{asked}", "archived_snapshots": {{"closest": {{"available": true, "url": "http://web.archive.org/web/20160822101010/{asked}", "timestamp": "20160822101010", "status": "200"}}}}}}"#
                    )
                } else {
                    r#"{"archived_snapshots": {}}"#.to_string()
                };
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            };
            let _ = (&stream).write_all(response.as_bytes());
        }
    });
    (address, seen)
}

fn archive(fixture: &Fixture, server: SocketAddr, more: &[&str]) -> Run {
    let availability = format!("http://{server}/wayback/available");
    let save = format!("http://{server}/save/");
    let mut args = vec![
        "archive",
        "--endpoint",
        &availability,
        "--save-endpoint",
        &save,
    ];
    // No waiting between requests, unless the test is about it.
    if !more.contains(&"--delay") {
        args.extend(["--delay", "0"]);
    }
    args.extend(more);
    fixture.run(&args)
}

#[test]
fn sources_without_a_copy_are_listed_then_given_the_closest_capture() {
    let fixture = Fixture::valid().file(SOURCES, DOSSIER);
    let (server, seen) = endpoint();
    let path = fixture.content().join(SOURCES);

    let listed = archive(&fixture, server, &["--dry-run"]);
    assert_eq!(listed.code, Some(0), "{}", listed.all());
    let file = "content/dossiers/sources-to-archive.md";
    assert_eq!(
        listed.stdout,
        format!(
            "{file}:12  https://news.example/kept-online  (2014-05)\n\
             {file}:17  https://news.example/lost  (2015-03-02)\n\
             {file}:27  https://news.example/kept-online  (2016-08-22)\n"
        )
    );
    assert!(
        seen.lock().expect("the log").is_empty(),
        "a dry run asks nothing"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("the dossier"),
        DOSSIER
    );

    let run = archive(&fixture, server, &[]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let today = jiff::Zoned::now().date().to_string();
    let copy = "https://web.archive.org/web/20160822101010/https://news.example/kept-online";
    // The capture is written to both sources of the address, in the style
    // each is written in; nothing else changes.
    let expected = DOSSIER
        .replace(
            "      publisher: daily-news\n",
            &format!("      publisher: daily-news\n      archive: \"{copy}\"\n      accessed: {today}\n"),
        )
        .replace(
            "source: { url: \"https://news.example/kept-online\" }",
            &format!("source: {{ url: \"https://news.example/kept-online\", archive: \"{copy}\", accessed: {today} }}"),
        );
    assert_eq!(
        std::fs::read_to_string(&path).expect("the dossier"),
        expected
    );
    assert!(
        run.stdout
            .contains("none     content/dossiers/sources-to-archive.md:17"),
        "{}",
        run.all()
    );
    // The address was asked once, for the capture closest to the date of
    // the statement that cites it.
    let asked = seen.lock().expect("the log").clone();
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked[0].contains("timestamp=201405"), "{asked:?}");
    assert!(asked[1].contains("timestamp=20150302"), "{asked:?}");

    // Again, with captures asked for: only what is still missing is asked.
    seen.lock().expect("the log").clear();
    let started = std::time::Instant::now();
    let again = archive(&fixture, server, &["--save", "--delay", "0.3"]);
    assert_eq!(again.code, Some(0), "{}", again.all());
    let asked = seen.lock().expect("the log").clone();
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked.iter().all(|path| path.contains("lost")), "{asked:?}");
    assert!(
        asked[1].starts_with("/save/https://news.example/lost"),
        "{asked:?}"
    );
    // Rate-limited: the capture request waited for the delay.
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    let saved = format!("http://{server}/web/20261202093000/https://news.example/lost");
    let text = std::fs::read_to_string(&path).expect("the dossier");
    assert!(
        text.contains(&format!(
            "source: {{ url: \"https://news.example/lost\", date: 2015-03-02, archive: \"{saved}\", accessed: {today} }}"
        )),
        "{text}"
    );
    let check = fixture.run(&["check"]);
    assert!(!check.stderr.contains("missing-archive"), "{}", check.all());
    let done = archive(&fixture, server, &[]);
    assert_eq!(done.code, Some(0), "{}", done.all());
    assert!(
        done.stderr.contains("every source has an archived copy"),
        "{}",
        done.all()
    );
}

#[test]
fn an_archive_that_does_not_answer_is_reported_and_nothing_is_written() {
    let fixture = Fixture::valid().file(SOURCES, DOSSIER);
    let server = crate::harness::closed_port();
    let run = archive(&fixture, server, &["--timeout", "1"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    assert!(
        run.stdout
            .contains("failed   content/dossiers/sources-to-archive.md:12"),
        "{}",
        run.all()
    );
    assert!(
        run.stderr
            .contains("0 archive addresses written, 0 sources without a copy, 2 failed"),
        "{}",
        run.all()
    );
    let text = std::fs::read_to_string(fixture.content().join(SOURCES)).expect("the dossier");
    assert_eq!(text, DOSSIER);
    // Three unanswered questions in a row: the archive is out of reach, and
    // the rest is not asked.
    let more = DOSSIER
        .replace("kept-online", "other-a")
        .replace("/lost", "/other-b");
    let fixture = fixture.file("dossiers/more-sources.md", &more);
    let run = archive(&fixture, server, &["--timeout", "1"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    assert!(
        run.stdout
            .contains("stopped: the archive did not answer three times in a row"),
        "{}",
        run.all()
    );
    assert!(
        run.stderr.contains("3 failed, 2 not asked"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout
            .contains("the archive (127.0.0.1) did not answer"),
        "{}",
        run.all()
    );
    for bad in [
        vec!["archive", "--endpoint", "ftp://archive.example/"],
        vec!["archive", "--delay", "-1"],
        vec!["archive", "--timeout", "0"],
    ] {
        let run = fixture.run(&bad);
        assert_eq!(run.code, Some(2), "{bad:?}: {}", run.all());
        assert!(run.stderr.starts_with("error: "), "{}", run.all());
    }
}
