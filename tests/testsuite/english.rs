//! The English interface: the example wiki built with `language: en` shows
//! no French string of the theme on any page, writes dates, time gaps,
//! counts and quotation marks the English way, and keeps the `lang` of the
//! French quotes it shows.

use std::path::Path;

use serde_json::Value as Json;

fn strings(file: &str) -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("the strings file");
    serde_yaml::from_str(&text).expect("valid YAML")
}

/// Words the two languages write alike: the only strings the English file
/// may leave as the French file has them (an untranslated string fails).
const SAME_IN_BOTH: &[&str] = &[
    "Canada",
    "Certifications",
    "Cloud",
    "Contradiction",
    "Contradictions",
    "Corrections",
    "DNS",
    "Document",
    "Dossier",
    "Dossiers",
    "France",
    "Institution",
    "Luxembourg",
    "Portugal",
    "Source",
    "Sources",
    "TTL",
    "Traceroute",
    "Type",
    "Verdict",
    "Whois",
    "Wikidata",
    "contradiction",
    "contradictions",
    "dossier",
    "dossiers",
    "page",
    "{day} {month} {year}",
    "{month} {year}",
];

/// Every French string of the theme, and those the English file copies.
fn french_strings(french: &Json, english: &Json, found: &mut Vec<String>, same: &mut Vec<String>) {
    match (french, english) {
        (Json::Object(fr), en) => {
            for (key, value) in fr {
                french_strings(value, en.get(key).unwrap_or(&Json::Null), found, same);
            }
        }
        (Json::Array(fr), en) => {
            for (i, value) in fr.iter().enumerate() {
                french_strings(value, en.get(i).unwrap_or(&Json::Null), found, same);
            }
        }
        (Json::String(fr), en) if en.as_str() == Some(fr.as_str()) => same.push(fr.clone()),
        (Json::String(fr), _) => found.push(fr.clone()),
        _ => {}
    }
}

#[test]
fn the_english_build_has_no_french_ui_string() {
    let dir = crate::harness::example_copy("");
    let site = dir.path().join("content/site.yaml");
    let settings = std::fs::read_to_string(&site).expect("site.yaml");
    std::fs::write(&site, settings.replace("language: fr", "language: en")).expect("written");
    let output = dir.path().join("public");
    crate::harness::build_into(dir.path(), &output);
    // Every word the contributors wrote, to tell the theme's words from theirs.
    let content: String = crate::harness::snapshot(&dir.path().join("content"))
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();

    let (mut french, mut same) = (Vec::new(), Vec::new());
    french_strings(
        &strings("strings.yaml"),
        &strings("strings.en.yaml"),
        &mut french,
        &mut same,
    );
    let untranslated: Vec<&String> = same
        .iter()
        .filter(|s| !SAME_IN_BOTH.contains(&s.as_str()))
        .collect();
    assert!(
        untranslated.is_empty(),
        "strings.en.yaml copies French: {untranslated:?}"
    );
    // A French word of the theme that the contributors also wrote (a topic
    // named "Messagerie", "mai 2021" in a body) cannot be told apart from
    // theirs: those are left out, and what they stand for (month names,
    // labels) is checked through the English forms below.
    let (absent, in_content): (Vec<String>, Vec<String>) = french
        .into_iter()
        .partition(|value| !content.contains(value.as_str()));
    assert!(
        absent.len() > 150,
        "most strings are checked ({} left out: {in_content:?})",
        in_content.len()
    );
    let pages: Vec<(String, String)> = crate::harness::snapshot(&output)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html") || path.ends_with(".xml"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("UTF-8")))
        .collect();
    let mut found = Vec::new();
    for value in &absent {
        let escaped = html_escape::encode_double_quoted_attribute(value).replace("&#x27;", "&#39;");
        for (path, page) in &pages {
            if page.contains(value.as_str()) || page.contains(&escaped) {
                found.push(format!("{path}: {value:?}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "French UI strings in the English build:\n{}",
        found.join("\n")
    );

    let read = |path: &str| {
        pages
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, page)| page.clone())
            .unwrap_or_else(|| panic!("{path}"))
    };
    let dossier = read("dossiers/montebourg-2016-azure/index.html");
    assert!(dossier.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(dossier.contains("22 August 2016"), "a day's date");
    assert!(dossier.contains("May 2014"), "a month's date");
    assert!(dossier.contains("2 years and 3 months later"), "a time gap");
    // The French quote keeps its language, in English quotation marks.
    assert!(
        dossier.contains("<blockquote lang=\"fr\"><p>“"),
        "{dossier}"
    );
    let home = read("index.html");
    assert!(home.contains("0 statements"), "English plural for zero");
    assert!(home.contains("1 statement,"), "singular for one");
}
