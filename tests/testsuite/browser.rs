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

/// Evaluates `script` in the page until it returns `expected`, or fails after ten seconds.
fn wait_for(tab: &headless_chrome::Tab, script: &str, expected: impl Fn(&str) -> bool, what: &str) {
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
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have Chromium: .ci/run installs Debian's chromium"
        );
        eprintln!(
            "skipped: Chromium is not installed (apt-get install chromium, or run bash .ci/run)"
        );
        return;
    };
    let fixture = Fixture::valid();
    let port = free_port();
    let _server = start(&fixture, port);
    let page = "/dossiers/azure-made-in-france/";
    assert_eq!(get(port, page).0, 200);

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
        .user_data_dir(Some(profile.path().to_path_buf()))
        .args(flags)
        .build()
        .expect("launch options");
    let browser = Browser::new(options).expect("Chromium starts");
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
