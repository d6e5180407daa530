//! Search, in a real browser: the example wiki built with its search
//! index, served as a static host serves it (at the root and under a
//! sub-path), searched from the header's box with the keyboard alone; a
//! filter narrows the results. And without JavaScript the box still leads
//! to the search page, which says why it is empty.

use std::path::Path;

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;

use crate::browser::{Gz, launch, serve_folder_as, wait_for};

/// The example wiki with `settings`, built under `<dir>/host/<prefix>`.
fn example_site(prefix: &str, settings: &str) -> tempfile::TempDir {
    let dir = crate::harness::example_copy(settings);
    crate::harness::build_into(dir.path(), &dir.path().join("host").join(prefix));
    dir
}

fn text(tab: &headless_chrome::Tab, script: &str) -> String {
    tab.evaluate(script, false)
        .ok()
        .and_then(|r| r.value)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The results' links, one per line.
const RESULTS: &str = "[...document.querySelectorAll('.search-results a')].map(a => a.getAttribute('href')).join('\\n')";

#[test]
fn a_quote_typed_in_the_header_box_is_found_and_a_filter_narrows_the_results() {
    // At the root the index's `.gz` files come as files, which search.js
    // unpacks; under a sub-path as Apache may serve them, already unpacked
    // by the browser.
    for (prefix, gz) in [("", Gz::AsFiles), ("sub/path/", Gz::AsEncoding)] {
        let site = example_site(prefix, "");
        assert!(
            site.path()
                .join("host")
                .join(prefix)
                .join("search/index.json")
                .is_file()
        );
        let Some((browser, _profile)) = launch(1280, 900) else {
            return;
        };
        let port = serve_folder_as(&site.path().join("host"), gz);
        let tab = browser.new_tab().expect("a tab");
        tab.navigate_to(&format!("http://127.0.0.1:{port}/{prefix}"))
            .and_then(|t| t.wait_until_navigated())
            .expect("the home page loads");
        // The keyboard alone: Tab to the header's box, type, Enter.
        for _ in 0..30 {
            if text(&tab, "document.activeElement.id") == "site-search-query" {
                break;
            }
            tab.press_key("Tab").expect("Tab");
        }
        assert_eq!(text(&tab, "document.activeElement.id"), "site-search-query");
        tab.type_str("colonies numériques").expect("typing");
        tab.press_key("Enter").expect("Enter");
        wait_for(
            &tab,
            RESULTS,
            |links| links.contains("dossiers/montebourg-2016-azure/"),
            "the dossier quoting « colonies numériques »",
        );
        let links = text(&tab, RESULTS);
        assert!(
            links.starts_with(&format!("/{prefix}")),
            "results stay under the site's path: {links}"
        );
        assert!(text(&tab, "location.search").contains("q=colonies"));
        let excerpt = text(
            &tab,
            "document.querySelector('.search-results mark').textContent",
        );
        assert!(!excerpt.is_empty(), "the excerpt marks the words found");

        // A broad query, then a filter on the kind of page.
        tab.evaluate(
            "const q = document.getElementById('search-query'); q.value = 'Montebourg'; q.dispatchEvent(new Event('input'));",
            false,
        )
        .expect("a new query");
        wait_for(
            &tab,
            RESULTS,
            |links| links.contains("people/arnaud-montebourg/") && links.contains("dossiers/"),
            "people and dossiers",
        );
        let before = text(&tab, RESULTS).lines().count();
        tab.evaluate(
            "const s = document.getElementById('search-filter-kind'); s.value = 'Personne'; s.dispatchEvent(new Event('change'));",
            false,
        )
        .expect("a filter");
        wait_for(
            &tab,
            RESULTS,
            |links| !links.is_empty() && links.lines().all(|l| l.contains("/people/")),
            "only people",
        );
        assert!(text(&tab, RESULTS).lines().count() < before);
        // To look at the page: VIGIE_SCREENSHOTS=folder cargo test search
        if let Some(folder) = std::env::var_os("VIGIE_SCREENSHOTS") {
            let png = tab
                .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                .expect("a screenshot");
            let name = format!("search{}.png", prefix.replace('/', "-"));
            std::fs::write(Path::new(&folder).join(name), png).expect("written");
        }
        assert!(text(&tab, "location.search").contains("kind=Personne"));

        // Past the first page of results, a button shows the next.
        tab.evaluate(
            "{ const k = document.getElementById('search-filter-kind'); k.value = ''; k.dispatchEvent(new Event('change'));
               const q = document.getElementById('search-query'); q.value = 'de'; q.dispatchEvent(new Event('input')); }",
            false,
        )
        .expect("a common word");
        // "de" is in 30 records of the example; results come 20 at a time.
        wait_for(
            &tab,
            RESULTS,
            |links| links.lines().count() == 20,
            "a first page of 20",
        );
        assert_eq!(
            text(
                &tab,
                "String(document.querySelector('.search-more').hidden)"
            ),
            "false"
        );
        tab.evaluate("document.querySelector('.search-more').click()", false)
            .expect("a click");
        wait_for(
            &tab,
            RESULTS,
            |links| links.lines().count() == 30,
            "the next page",
        );
        assert_eq!(
            text(
                &tab,
                "String(document.querySelector('.search-more').hidden)"
            ),
            "true"
        );
    }
}

#[test]
fn without_javascript_the_box_leads_to_a_page_that_says_why() {
    let site = example_site("", "");
    let page =
        std::fs::read_to_string(site.path().join("host/search/index.html")).expect("the page");
    let noscript = &page[page.find("<noscript>").expect("a <noscript>")..];
    assert!(noscript.contains("besoin de JavaScript"), "{page}");
    // The header's box is a plain form: without a script, it opens that page.
    let home = std::fs::read_to_string(site.path().join("host/index.html")).expect("home");
    // No `method`: a form's default is GET, which puts the words in the address.
    assert!(home.contains("action=\"./search/\">"), "{home}");
}

#[test]
fn search_false_leaves_out_the_box_the_page_and_the_index() {
    let site = example_site("", "search: false\n");
    let host = site.path().join("host");
    assert!(!host.join("search").exists());
    let home = std::fs::read_to_string(host.join("index.html")).expect("home");
    assert!(!home.contains("role=\"search\""));
}

#[test]
fn search_works_from_vigie_serve() {
    let Some((browser, _profile)) = launch(1280, 900) else {
        return;
    };
    let fixture = crate::harness::Fixture::valid();
    let port = crate::serve::free_port();
    let _server = crate::serve::start(&fixture, port);
    assert_eq!(crate::serve::get(port, "/search/index.json").0, 200);
    let tab = browser.new_tab().expect("a tab");
    tab.navigate_to(&format!(
        "http://127.0.0.1:{port}/search/?q=digital%20colony"
    ))
    .and_then(|t| t.wait_until_navigated())
    .expect("the search page loads");
    wait_for(
        &tab,
        RESULTS,
        |links| links.contains("/dossiers/azure-made-in-france/"),
        "the fixture's dossier",
    );
}
