//! A link checker for built sites: every `href` and `src` that points inside
//! the site must name a file of the output, and every `#fragment` an id of
//! the page it points to.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use scraper::{Html, Selector};

/// Every broken internal link of the site in `output`, as `page -> target`.
pub fn broken_links(output: &Path) -> Vec<String> {
    let pages: BTreeMap<String, Html> = crate::harness::snapshot(output)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, Html::parse_document(&String::from_utf8_lossy(&bytes))))
        .collect();
    let files: BTreeSet<String> = crate::harness::snapshot(output)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let id_selector = Selector::parse("[id]").expect("a selector");
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(path, html)| {
            let ids = html
                .select(&id_selector)
                .filter_map(|e| e.value().attr("id").map(str::to_string))
                .collect();
            (path.as_str(), ids)
        })
        .collect();
    let link_selector =
        Selector::parse("a[href], link[href], img[src], script[src]").expect("a selector");
    let mut broken = Vec::new();
    for (page, html) in &pages {
        if page == "404.html" {
            continue; // links from the base URL's path, checked by `the_404_page_links_from_the_base_path`
        }
        for element in html.select(&link_selector) {
            let Some(link) = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
            else {
                continue;
            };
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = link
                .split_once('#')
                .map_or((link, None), |(p, f)| (p, Some(f)));
            let target = if path.is_empty() {
                page.clone()
            } else {
                resolve(page, path)
            };
            let Some(target) = target_file(&target, &files) else {
                broken.push(format!("{page} -> {link} (no file {target})"));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let found = ids
                    .get(target.as_str())
                    .is_some_and(|ids| ids.contains(fragment));
                if !found {
                    broken.push(format!("{page} -> {link} (no id `{fragment}` in {target})"));
                }
            }
        }
    }
    broken
}

/// `link` resolved against the folder of `page`, as a path under the root.
pub fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if link.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    joined
}

/// The file a path serves: itself, or its `index.html`.
fn target_file(path: &str, files: &BTreeSet<String>) -> Option<String> {
    let candidates = [
        path.to_string(),
        format!("{}index.html", path),
        format!("{}/index.html", path.trim_end_matches('/')),
    ];
    candidates
        .into_iter()
        .find(|c| files.contains(c.trim_start_matches('/')))
}

#[test]
fn resolves_relative_links() {
    assert_eq!(
        resolve("dossiers/x/index.html", "../../people/y/"),
        "people/y/"
    );
    assert_eq!(resolve("index.html", "dossiers/"), "dossiers/");
    assert_eq!(resolve("index.html", "./"), "");
}
