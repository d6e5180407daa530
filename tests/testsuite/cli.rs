//! The contributor's commands: `check --format json|github`, `vigie new`,
//! `vigie schema` (and that the schema covers every field the engine accepts).

use std::path::Path;

use crate::harness::{D, Fixture};

#[test]
fn json_diagnostics_have_the_documented_shape() {
    let fixture = Fixture::valid().edit(D, "summary:", "sumary:");
    let run = fixture.run(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let first = &list.as_array().expect("a list")[0];
    assert_eq!(first["code"], "unknown-field");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "content/dossiers/azure-made-in-france.md");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(6), Some(1))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(6), Some(7))
    );
    assert_eq!(first["help"], "did you mean `summary`?");
    assert!(first["message"].is_string());
    // The documented shape: no other fields.
    let allowed = [
        "code",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "label",
        "help",
    ];
    for diagnostic in list.as_array().expect("a list") {
        for key in diagnostic.as_object().expect("an object").keys() {
            assert!(allowed.contains(&key.as_str()), "undocumented field {key}");
        }
    }
}

#[test]
fn github_format_annotates_the_line() {
    let fixture = Fixture::valid().edit(D, "summary:", "sumary:");
    let run = fixture.run(&["check", "--format", "github"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout.starts_with("::error file=content/dossiers/azure-made-in-france.md,line=6,col=1,endLine=6,endColumn=7,title=unknown-field::unknown field `sumary`%0Ahelp: did you mean `summary`?"),
        "{}",
        run.all()
    );
}

#[test]
fn new_writes_each_kind_and_refuses_bad_or_taken_slugs() {
    let fixture = Fixture::valid();
    for kind in [
        "dossier",
        "person",
        "organization",
        "provider",
        "law",
        "topic",
        "about",
    ] {
        let run = fixture.run(&["new", kind, &format!("new-{kind}")]);
        assert_eq!(run.code, Some(0), "{}", run.all());
    }
    // The new files parse and fit the schema: what remains are the references
    // and orphans a contributor fills in.
    let run = fixture.run(&["check", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    for diagnostic in list.as_array().expect("a list") {
        let code = diagnostic["code"].as_str().unwrap_or_default();
        assert!(
            ["unknown-reference", "unreferenced-entity"].contains(&code),
            "unexpected {code} in a new file: {diagnostic}"
        );
    }
    assert_eq!(
        fixture.run(&["new", "person", "jane-doe"]).code,
        Some(2),
        "an existing slug is refused"
    );
    assert_eq!(
        fixture.run(&["new", "person", "JANE-DOE"]).code,
        Some(2),
        "so is one that differs by case"
    );
    let bad = fixture.run(&["new", "person", "Jean Dupont"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("`jean-dupont`"), "{}", bad.all());
    assert_eq!(fixture.run(&["new", "nothing", "x"]).code, Some(2));
}

/// The front matter of every content file, as JSON, with its kind.
fn front_matters(content: &Path) -> Vec<(String, String, serde_json::Value)> {
    let mut found = Vec::new();
    for (path, bytes) in crate::harness::snapshot(content) {
        let Some((kind, _)) = path.split_once('/') else {
            continue;
        };
        if !path.ends_with(".md") {
            continue;
        }
        let text = String::from_utf8(bytes).expect("UTF-8");
        let yaml = text
            .trim_start_matches('\u{feff}')
            .split("---")
            .nth(1)
            .expect("front matter");
        let value: serde_json::Value = serde_yaml::from_str(yaml).expect("YAML");
        found.push((kind.to_string(), path.clone(), value));
    }
    found
}

fn schema_of(fixture: &Fixture, kind: &str) -> serde_json::Value {
    let run = fixture.run_plain(&["schema", kind]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    serde_json::from_str(&run.stdout).expect("a JSON schema")
}

fn singular(folder: &str) -> &str {
    match folder {
        "dossiers" => "dossier",
        "people" => "person",
        "organizations" => "organization",
        "providers" => "provider",
        "laws" => "law",
        "about" => "about",
        _ => "topic",
    }
}

#[test]
fn the_example_content_validates_against_the_schema() {
    let fixture = Fixture::empty();
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let files = front_matters(&content);
    assert!(files.len() > 20);
    for (folder, path, value) in files {
        let schema = schema_of(&fixture, singular(&folder));
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        let validator = jsonschema::validator_for(&schema).expect("a valid schema");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
    }
}

/// Front matter using every field the engine accepts, per kind.
const EVERY_FIELD: &[(&str, &str)] = &[
    (
        "site",
        "title: T\nbase_url: https://example.org/\nlanguage: fr\ndescription: D\ntheme: default\nauthor: A\nminify: true\n",
    ),
    (
        "dossier",
        "title: T\nsubject: jane-doe\ndate: 2016\nupdated: 2017\ntopics: [hosting]\nsummary: S\ndraft: false\nstatements:\n  - id: s\n    speaker: jane-doe\n    date: 2014\n    quote: Q\n    lang: fr\n    context: C\n    verdict: false\n    verdict_note: N\n    source: { url: https://example.org, title: T, publisher: daily-news, author: A, date: 2016, archive: https://archive.org/x, accessed: 2020, lang: fr }\npractices:\n  - id: p\n    actor: jane-doe\n    kind: hosting\n    date: 2016\n    until: 2017\n    summary: S\n    site: example.org\n    provider: azure\n    via: daily-news\n    location: { country: NL, city: Amsterdam }\n    evidence:\n      - { kind: dns, date: 2016, detail: D, source: { url: https://example.org, archive: https://archive.org/y }, records: [{ type: A, name: example.org, value: 192.0.2.1, asn: 64500, as_name: X, country: NL }] }\n    contradicts: [s]\n",
    ),
    (
        "person",
        "name: N\naliases: [A]\nroles: [{ title: T, organization: daily-news, from: 2012, until: 2014 }]\nparty: daily-news\nwikidata: Q1\nwebsite: https://example.org\n",
    ),
    (
        "organization",
        "name: N\nkind: media\ncountry: FR\nparent: daily-news\nwikidata: Q2\nwebsite: https://example.org\n",
    ),
    (
        "provider",
        "name: N\noperator: daily-news\ncategory: cloud\nheadquarters: US\nsubject_to: [cloud-act]\ncertifications: [cloud-act]\nwebsite: https://example.org\n",
    ),
    (
        "law",
        "name: N\njurisdiction: US\nenacted: 2018\nurl: https://example.org\n",
    ),
    ("topic", "name: N\n"),
];

#[test]
fn every_field_the_engine_accepts_is_in_the_schema() {
    let fixture = Fixture::valid();
    for (kind, yaml) in EVERY_FIELD {
        // The engine accepts it...
        let fixture_path = match *kind {
            "site" => "site.yaml".to_string(),
            "person" => "people/every-field.md".to_string(),
            other => format!("{other}s/every-field.md"),
        };
        let text = if *kind == "site" {
            yaml.to_string()
        } else {
            format!("---\n{yaml}---\n")
        };
        let one = Fixture::valid().file(&fixture_path, &text);
        let run = one.run(&["check", "--format", "json"]);
        let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let errors: Vec<&serde_json::Value> = list
            .as_array()
            .expect("a list")
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{kind}: the engine refuses {errors:#?}");
        // ...and so does the schema, which also names every field used.
        let schema = schema_of(&fixture, kind);
        let value: serde_json::Value = serde_yaml::from_str(yaml).expect("YAML");
        let validator = jsonschema::validator_for(&schema).expect("a valid schema");
        let problems: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(problems.is_empty(), "{kind}: {problems:#?}");
        let properties = schema["properties"].as_object().expect("properties");
        for field in value.as_object().expect("a mapping").keys() {
            assert!(
                properties.contains_key(field),
                "{kind}: `{field}` is missing from the schema"
            );
        }
    }
}

#[test]
fn quiet_prints_no_summary() {
    let run = Fixture::valid().run(&["check", "--quiet"]);
    assert_eq!(run.code, Some(0));
    assert!(run.stderr.is_empty(), "{}", run.all());
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    let fixture = Fixture::valid();
    for args in [&["schema", "dossier"][..], &["check", "--format", "json"]] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = std::process::Command::new(crate::harness::vigie())
            .args(args)
            .current_dir(fixture.root())
            .stdout(writer)
            .output()
            .expect("vigie runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            output.status.code().is_some(),
            "{args:?}: killed by a signal"
        );
    }
}
