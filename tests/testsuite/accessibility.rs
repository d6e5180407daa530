//! Accessibility, audited in a real browser: axe-core, run in headless
//! Chromium over every page type of the example wiki at a desktop and a
//! mobile width, finds no violation of WCAG 2.2 A and AA or of its best
//! practices; and what axe does not check (the skip link's focus ring over
//! the dark header) is measured here.

use std::path::{Path, PathBuf};

use headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride;

use crate::browser::{launch, serve_folder, wait_for};

/// The axe-core release `.ci/run` fetches from the npm registry.
const AXE_VERSION: &str = "4.14.1";

/// The rules: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and best practices.
const TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']";

/// One page of each type, by its address (the last is the not-found page).
const PAGES: &[&str] = &[
    "",
    "dossiers/",
    "dossiers/montebourg-2016-azure/",
    "dossiers/melenchon-2016-nationbuilder/",
    "people/",
    "people/arnaud-montebourg/",
    "organizations/bluenove/",
    "providers/microsoft-azure/",
    "laws/cloud-act/",
    "topics/",
    "topics/hebergement/",
    "about/regles-editoriales/",
    "timeline/",
    "contradictions/",
    "search/?q=Montebourg&kind=Dossier",
    "a-page-that-does-not-exist/",
];

/// Desktop and mobile windows.
const WIDTHS: [(u32, u32); 2] = [(1280, 900), (375, 740)];

/// axe-core's script: `AXE_CORE` names it, else where `.ci/run` puts it.
/// `None` (the test skips, saying why) when absent, which CI does not allow.
fn axe_script() -> Option<String> {
    let path = std::env::var_os("AXE_CORE").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("target/tools/axe-core-{AXE_VERSION}/axe.min.js"))
        },
        PathBuf::from,
    );
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(error) => {
            assert!(
                std::env::var("CI").is_err(),
                "CI must have axe-core at {}: .ci/run fetches it ({error})",
                path.display()
            );
            eprintln!(
                "skipped: no axe-core at {} ({error}); bash .ci/run fetches it",
                path.display()
            );
            None
        }
    }
}

#[test]
fn every_page_type_passes_axe_at_both_widths() {
    let Some(axe) = axe_script() else { return };
    let (_site, public) = crate::site::build_example();
    let port = serve_folder(&public);
    let mut violations = Vec::new();
    for (width, height) in WIDTHS {
        let Some((browser, _profile)) = launch(1280, 900) else {
            return;
        };
        let tab = browser.new_tab().expect("a tab");
        // Headless windows are at least 500 pixels wide: a phone's viewport
        // is emulated, as the browser's device toolbar does.
        tab.call_method(SetDeviceMetricsOverride {
            width,
            height,
            device_scale_factor: 1.0,
            mobile: width < 600,
            scale: None,
            screen_width: None,
            screen_height: None,
            position_x: None,
            position_y: None,
            dont_set_visible_size: None,
            screen_orientation: None,
            viewport: None,
            display_feature: None,
            device_posture: None,
        })
        .expect("the viewport is set");
        for page in PAGES {
            tab.navigate_to(&format!("http://127.0.0.1:{port}/{page}"))
                .and_then(|t| t.wait_until_navigated())
                .unwrap_or_else(|e| panic!("{page}: {e}"));
            let inner = tab
                .evaluate("window.innerWidth", false)
                .ok()
                .and_then(|r| r.value)
                .and_then(|v| v.as_u64());
            assert_eq!(inner, Some(u64::from(width)), "{page}: the window's width");
            if page.starts_with("search/") {
                // The results, filters and status are written by the page's script.
                wait_for(
                    &tab,
                    "String(document.querySelectorAll('.search-results li').length)",
                    |n| n != "0",
                    "search results",
                );
            }
            tab.evaluate(&axe, false)
                .unwrap_or_else(|e| panic!("axe-core loads: {e}"));
            let script = format!(
                "axe.run(document, {{ runOnly: {{ type: 'tag', values: {TAGS} }} }})
                   .then(r => JSON.stringify(r.violations.map(v => v.id + ' (' + v.impact + '): '
                     + v.nodes.map(n => n.target.join(' ')).join(', '))))"
            );
            let found = tab
                .evaluate(&script, true)
                .ok()
                .and_then(|r| r.value)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| panic!("{page}: axe gave no result"));
            let found: Vec<String> = serde_json::from_str(&found).expect("a list");
            violations.extend(
                found
                    .into_iter()
                    .map(|v| format!("{page} at {width}px: {v}")),
            );
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// WCAG 1.4.11: a focus ring contrasts 3:1 with what surrounds it. The skip
/// link, the first thing the keyboard reaches, shows over the dark header.
#[test]
fn the_skip_link_focus_ring_contrasts_with_the_header() {
    let (_site, public) = crate::site::build_example();
    let Some((browser, _profile)) = launch(1280, 900) else {
        return;
    };
    let tab = browser.new_tab().expect("a tab");
    let port = serve_folder(&public);
    tab.navigate_to(&format!("http://127.0.0.1:{port}/"))
        .and_then(|t| t.wait_until_navigated())
        .expect("the home page loads");
    tab.press_key("Tab").expect("a key press");
    let script = "(() => {
        const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
          return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
          return (x + 0.05) / (y + 0.05); };
        const link = document.activeElement;
        const ring = getComputedStyle(link).outlineColor;
        const header = getComputedStyle(document.querySelector('.site-header')).backgroundColor;
        const inside = getComputedStyle(link).backgroundColor;
        return JSON.stringify([link.className, ratio(ring, header), ratio(ring, inside)]);
      })()";
    let result = tab
        .evaluate(script, false)
        .ok()
        .and_then(|r| r.value)
        .and_then(|v| v.as_str().map(str::to_string))
        .expect("a measure");
    let (class, over_header, inside): (String, f64, f64) =
        serde_json::from_str(&result).expect("three values");
    assert_eq!(class, "skip", "Tab reaches the skip link first");
    assert!(
        over_header >= 3.0,
        "ring over the header: {over_header:.2}:1"
    );
    assert!(inside >= 3.0, "ring against the link: {inside:.2}:1");
}
