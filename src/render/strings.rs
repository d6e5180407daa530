//! The theme's UI strings, checked when the theme loads.
//!
//! The default theme's `strings.yaml` is the whole set of keys. A theme's own
//! `strings.yaml` replaces values key by key; a key that the default does not
//! have is a mistake (a typo would otherwise leave the default's word in
//! place, unnoticed), and is refused with the file, the key and the nearest
//! known keys. Every key that the generator asks for (a label for each
//! verdict, kind of practice, of evidence, ...), and every `strings.<key>`
//! that a template names, must be there.

use serde_json::Value as Json;

use super::Error;
use crate::front_matter::{
    EvidenceKind, OrganizationKind, PracticeKind, ProviderCategory, Verdict,
};
use crate::kind::Kind;

/// The key paths of `overrides` that `reference` does not have, as dotted
/// paths (`pager.frist`).
pub fn unknown_keys(reference: &Json, overrides: &Json) -> Vec<(String, Vec<String>)> {
    let mut unknown = Vec::new();
    walk(reference, overrides, "", &mut unknown);
    unknown
}

/// Collects each unknown key with the known keys beside it, for "did you mean".
fn walk(
    reference: &Json,
    overrides: &Json,
    prefix: &str,
    unknown: &mut Vec<(String, Vec<String>)>,
) {
    let (Json::Object(known), Json::Object(given)) = (reference, overrides) else {
        return;
    };
    for (key, value) in given {
        // Country names are open-ended: a theme may name more countries.
        if prefix.is_empty() && key == "countries" {
            continue;
        }
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match known.get(key) {
            Some(known_value) => walk(known_value, value, &path, unknown),
            None => unknown.push((path, known.keys().cloned().collect())),
        }
    }
}

/// The key paths that the generator reads, as they must be in the strings.
pub fn required_keys() -> Vec<Vec<String>> {
    let mut keys: Vec<Vec<String>> = Vec::new();
    let mut set = |set: &str, values: &mut dyn Iterator<Item = &'static str>| {
        keys.extend(values.map(|value| vec![set.to_string(), value.to_string()]));
    };
    set("kind", &mut Kind::ALL.iter().map(|k| k.folder()));
    set("kind_plural", &mut Kind::ALL.iter().map(|k| k.folder()));
    set("verdict", &mut Verdict::ALL.iter().map(|v| v.as_str()));
    set(
        "practice_kind",
        &mut PracticeKind::ALL.iter().map(|v| v.as_str()),
    );
    set(
        "evidence_kind",
        &mut EvidenceKind::ALL.iter().map(|v| v.as_str()),
    );
    set(
        "organization_kind",
        &mut OrganizationKind::ALL.iter().map(|v| v.as_str()),
    );
    set(
        "provider_category",
        &mut ProviderCategory::ALL.iter().map(|v| v.as_str()),
    );
    set("page", &mut PAGE.iter().copied());
    set("field", &mut FIELDS.iter().copied());
    set("gap", &mut GAP.iter().copied());
    set("counts", &mut COUNTED.iter().copied());
    set("count_one", &mut COUNTED.iter().copied());
    set("date_format", &mut ["day", "month"].into_iter());
    for key in TYPOGRAPHY {
        keys.push(vec![key.to_string()]);
    }
    keys
}

/// What the generator counts (`counts.statements`, `count_one.statements`).
pub const COUNTED: &[&str] = &[
    "dossiers",
    "statements",
    "practices",
    "contradictions",
    "people",
    "organizations",
    "providers",
    "laws",
    "topics",
];

/// How the language writes numbers, quotes and page descriptions.
pub const TYPOGRAPHY: &[&str] = &[
    "digit_group",
    "singular_for",
    "quote_open",
    "quote_close",
    "entity_description",
];

/// Words of page titles and counts (`page.timeline`).
pub const PAGE: &[&str] = &["timeline", "contradictions", "not_found", "search", "page"];

/// Labels of the facts of an entity's page (`field.party`).
pub const FIELDS: &[&str] = &[
    "aliases",
    "party",
    "wikidata",
    "website",
    "kind",
    "country",
    "parent",
    "operates",
    "category",
    "operator",
    "headquarters",
    "subject_to",
    "certifications",
    "jurisdiction",
    "enacted",
    "text",
    "providers",
];

/// Words of the time between words and deed (`gap.later`).
pub const GAP: &[&str] = &[
    "year",
    "years",
    "month",
    "months",
    "day",
    "days",
    "and",
    "later",
    "earlier",
    "same_day",
    "same_period",
];

/// The `strings.<key>` paths that a template names (`strings.pager_first`,
/// `strings.counts.dossiers`), in order, without repeats.
pub fn named_in_template(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find("strings.") {
        let start = from + found;
        from = start + "strings.".len();
        // `strings.` as a whole word, not the end of `my_strings.`.
        let whole =
            start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        let path: String = text[from..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let path = path.trim_end_matches('.');
        if whole && !path.is_empty() && !names.iter().any(|n| n == path) {
            names.push(path.to_string());
        }
    }
    names
}

/// Whether `strings` has a value at the dotted or split `path`.
pub fn has(strings: &Json, path: &[&str]) -> bool {
    path.iter()
        .try_fold(strings, |value, key| value.get(key))
        .is_some_and(|value| !value.is_null())
}

/// Checks the merged strings: every required key, and every key that a
/// template names, is there; `months` has twelve names.
pub fn check(strings: &Json, templates: &[(String, String)], file: &str) -> Result<(), Error> {
    for path in required_keys() {
        let parts: Vec<&str> = path.iter().map(String::as_str).collect();
        if !has(strings, &parts) {
            return Err(missing(file, &path.join("."), "vigie shows it"));
        }
    }
    let months = strings
        .get("months")
        .and_then(Json::as_array)
        .map_or(0, Vec::len);
    if months != 12 {
        return Err(missing(file, "months", "twelve month names are needed"));
    }
    for (name, text) in templates {
        for path in named_in_template(text) {
            let parts: Vec<&str> = path.split('.').collect();
            if !has(strings, &parts) {
                return Err(missing(file, &path, &format!("templates/{name} uses it")));
            }
        }
    }
    Ok(())
}

fn missing(file: &str, key: &str, why: &str) -> Error {
    Error::Strings(format!("{file} has no `{key}` ({why}): add it"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_that_the_reference_lacks() {
        let reference = serde_json::json!({"home": "Accueil", "gap": {"later": "plus tard"}});
        let overrides =
            serde_json::json!({"hom": "Home", "gap": {"later": "later", "latter": "x"}});
        let mut unknown: Vec<String> = unknown_keys(&reference, &overrides)
            .into_iter()
            .map(|u| u.0)
            .collect();
        unknown.sort();
        assert_eq!(unknown, ["gap.latter", "hom"]);
    }

    #[test]
    fn finds_the_strings_a_template_names() {
        let template = "{{ strings.home }} {% if x %}{{ strings.counts.dossiers }}{% endif %} {{ my_strings.no }} {{ strings.home }}.";
        assert_eq!(named_in_template(template), ["home", "counts.dossiers"]);
    }

    #[test]
    fn the_default_strings_have_every_key() {
        let strings: Json =
            serde_yaml::from_str(include_str!("../../themes/default/strings.yaml")).expect("YAML");
        assert!(check(&strings, &[], "strings.yaml").is_ok());
        let mut broken = strings.clone();
        if let Some(verdicts) = broken.get_mut("verdict").and_then(Json::as_object_mut) {
            verdicts.remove("misleading");
        }
        let error = check(&broken, &[], "strings.yaml").expect_err("a missing key");
        assert!(
            error.to_string().contains("`verdict.misleading`"),
            "{error}"
        );
    }
}
