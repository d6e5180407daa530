//! A real browser (Debian's headless Chromium, driven over the DevTools
//! protocol) shows that an open page reloads by itself after an edit, shows
//! the diagnostics overlay after a typo, and clears it after the fix.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use headless_chrome::{Browser, LaunchOptions};

use crate::harness::{D, Fixture};
use crate::serve::{free_port, get, start};

/// Debian's Chromium, when installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    path.is_file().then_some(path)
}

/// A headless Chromium with a window of `width` × `height` pixels, and the
/// profile folder it uses; `None` (the test then skips, saying why) where
/// Chromium is not installed, which CI does not allow.
pub fn launch(width: u32, height: u32) -> Option<(Browser, tempfile::TempDir)> {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have Chromium: .ci/run installs Debian's chromium"
        );
        eprintln!(
            "skipped: Chromium is not installed (apt-get install chromium, or run bash .ci/run)"
        );
        return None;
    };
    let profile = tempfile::tempdir().expect("a profile folder");
    let flags: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium))
        .sandbox(false)
        .headless(true)
        .window_size(Some((width, height)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .args(flags)
        .build()
        .expect("launch options");
    let browser = Browser::new(options).expect("Chromium starts");
    Some((browser, profile))
}

/// Evaluates `script` in the page until it returns `expected`, or fails after ten seconds.
pub fn wait_for(
    tab: &headless_chrome::Tab,
    script: &str,
    expected: impl Fn(&str) -> bool,
    what: &str,
) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(result) = tab.evaluate(script, false) {
            last = result
                .value
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            if expected(&last) {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}; last value: {last:?}");
}

#[test]
fn an_open_page_reloads_itself_and_shows_errors() {
    let Some((browser, _profile)) = launch(1280, 800) else {
        return;
    };
    let fixture = Fixture::valid();
    let port = free_port();
    let _server = start(&fixture, port);
    let page = "/dossiers/azure-made-in-france/";
    assert_eq!(get(port, page).0, 200);

    let tab = browser.new_tab().expect("a tab");
    tab.navigate_to(&format!("http://127.0.0.1:{port}{page}"))
        .and_then(|t| t.wait_until_navigated())
        .expect("the page loads");
    // A mark that only survives if the page is not reloaded.
    tab.evaluate(
        "window.vigieMark = 'not reloaded'; document.querySelector('h1').textContent",
        false,
    )
    .expect("the page runs scripts");

    let fixture = fixture.edit(D, "Azure for the made in France", "Azure, edited");
    wait_for(
        &tab,
        "document.querySelector('h1').textContent + ' / ' + (window.vigieMark || 'reloaded')",
        |v| v == "Azure, edited / reloaded",
        "the page to reload with the edit",
    );

    let fixture = fixture.edit(D, "summary:", "sumary:");
    wait_for(
        &tab,
        "(document.getElementById('vigie-overlay') || {}).textContent || ''",
        |v| {
            v.contains("content/dossiers/azure-made-in-france.md:6:1")
                && v.contains("did you mean `summary`?")
        },
        "the overlay with the diagnostic",
    );

    let _fixture = fixture.edit(D, "sumary:", "summary:");
    wait_for(
        &tab,
        "document.getElementById('vigie-overlay') ? 'shown' : 'gone'",
        |v| v == "gone",
        "the overlay to go",
    );
}

/// Serves the files of `folder` over HTTP on a free port, as a static host
/// does (`/x/` is `/x/index.html`, anything missing is `/404.html` with
/// status 404), until the test ends; gives the port.
pub fn serve_folder(folder: &std::path::Path) -> u16 {
    serve_folder_as(folder, Gz::AsFiles)
}

/// How a host serves a `.gz` file.
#[derive(Clone, Copy)]
pub enum Gz {
    /// As a file like any other (GitHub Pages, `python3 -m http.server`).
    AsFiles,
    /// With `Content-Encoding: gzip`, so the browser unpacks it (Apache's
    /// `AddEncoding x-gzip .gz`).
    AsEncoding,
}

/// [`serve_folder`], serving `.gz` files as `gz` says.
pub fn serve_folder_as(folder: &std::path::Path, gz: Gz) -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("an address").port();
    let root = folder.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            let mut reader = BufReader::new(&stream);
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Drain the headers, so that the browser sees a complete exchange.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = line.split(' ').nth(1).unwrap_or("/");
            let path = path.split(['?', '#']).next().unwrap_or("/");
            let mut file = root.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file.push("index.html");
            }
            let (status, file) = if file.is_file() {
                ("200 OK", file)
            } else {
                ("404 Not Found", root.join("404.html"))
            };
            let body = std::fs::read(&file).unwrap_or_default();
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("json") => "application/json",
                Some("xml") => "application/xml",
                _ => "application/octet-stream",
            };
            let encoding = match (gz, file.extension().and_then(|e| e.to_str())) {
                (Gz::AsEncoding, Some("gz")) => "Content-Encoding: gzip\r\n",
                _ => "",
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{encoding}Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let mut stream = &stream;
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(&body));
        }
    });
    port
}
