//! One broken tree per diagnostic code: the code, the `path:line:column`, the
//! exit status, and a previous output left exactly as it was.

use crate::harness::{D, Fixture, snapshot};

const EVIDENCE: &str = "    evidence:\n      - kind: press\n        date: 2016-08-22\n        source: { url: \"https://example.org/b\", archive: \"https://web.archive.org/b\" }\n";

/// A way to break the valid tree, and what the contributor must be told.
struct Case {
    code: &'static str,
    breaks: fn(Fixture) -> Fixture,
    location: &'static str,
    /// Text the diagnostic must also contain (help, message).
    mentions: &'static str,
}

const ERRORS: &[Case] = &[
    Case {
        code: "yaml-syntax",
        breaks: |f| f.edit(D, "title: \"Azure for", "title: [\"Azure for"),
        location: "content/dossiers/azure-made-in-france.md:3:",
        mentions: "YAML syntax error",
    },
    Case {
        code: "unsupported-yaml",
        breaks: |f| f.edit(D, "subject: jane-doe", "subject: &who jane-doe"),
        location: "content/dossiers/azure-made-in-france.md:3:10",
        mentions: "anchors (`&name`) are not read in front matter",
    },
    Case {
        code: "file-too-large",
        breaks: |f| {
            let body = "Une ligne de texte.\n".repeat(60_000);
            f.edit(
                D,
                "[[jane-doe]] chose",
                &format!("{body}[[jane-doe]] chose"),
            )
        },
        location: "content/dossiers/azure-made-in-france.md:1:1",
        mentions: "at most 1024 KiB",
    },
    Case {
        code: "too-much-structure",
        breaks: |f| {
            let quotes = ">".repeat(40_000);
            f.edit(
                D,
                "[[jane-doe]] chose",
                &format!("{quotes}[[jane-doe]] chose"),
            )
        },
        location: "content/dossiers/azure-made-in-france.md:28:",
        mentions: "more than 32768 Markdown marks",
    },
    Case {
        code: "duplicate-key",
        breaks: |f| {
            f.edit(
                D,
                "subject: jane-doe\n",
                "subject: jane-doe\ntitle: again\n",
            )
        },
        location: "content/dossiers/azure-made-in-france.md:4:1",
        mentions: "first `title` is on line 2",
    },
    Case {
        code: "unknown-field",
        breaks: |f| f.edit(D, "summary:", "sumary:"),
        location: "content/dossiers/azure-made-in-france.md:6:1",
        mentions: "did you mean `summary`?",
    },
    Case {
        code: "missing-field",
        breaks: |f| f.edit(D, "subject: jane-doe\n", ""),
        location: "content/dossiers/azure-made-in-france.md:1:1",
        mentions: "missing field `subject`",
    },
    Case {
        code: "wrong-type",
        breaks: |f| f.edit(D, "topics: [hosting]", "topics: hosting"),
        location: "content/dossiers/azure-made-in-france.md:5:9",
        mentions: "should be a list",
    },
    Case {
        code: "bad-value",
        breaks: |f| f.edit(D, "kind: hosting", "kind: hostin"),
        location: "content/dossiers/azure-made-in-france.md:17:11",
        mentions: "did you mean `hosting`?",
    },
    Case {
        code: "bad-slug",
        breaks: |f| f.edit(D, "id: colonies", "id: Colonies"),
        location: "content/dossiers/azure-made-in-france.md:8:9",
        mentions: "`colonies`",
    },
    Case {
        code: "bad-slug",
        breaks: |f| f.file("people/John_Doe.md", "---\nname: John\n---\n"),
        location: "content/people/John_Doe.md:1:1",
        mentions: "`john-doe`",
    },
    Case {
        code: "bad-date",
        breaks: |f| f.edit(D, "date: 2014-05", "date: 2014-13"),
        location: "content/dossiers/azure-made-in-france.md:9:11",
        mentions: "months run from 01 to 12",
    },
    Case {
        code: "bad-date",
        breaks: |f| f.edit(D, "date: 2014-05", "date: 2015-02-29"),
        location: "content/dossiers/azure-made-in-france.md:9:11",
        mentions: "not in the calendar",
    },
    Case {
        code: "bad-country",
        breaks: |f| f.edit(D, "country: NL", "country: nl"),
        location: "content/dossiers/azure-made-in-france.md:21:26",
        mentions: "`NL`",
    },
    Case {
        code: "bad-language",
        breaks: |f| {
            f.edit(
                D,
                "    quote: \"Not a digital colony\"\n",
                "    quote: \"Not a digital colony\"\n    lang: french\n",
            )
        },
        location: "content/dossiers/azure-made-in-france.md:11:11",
        mentions: "BCP 47",
    },
    Case {
        code: "bad-url",
        breaks: |f| {
            f.edit(
                D,
                "url: https://example.org/article",
                "url: ftp://example.org/article",
            )
        },
        location: "content/dossiers/azure-made-in-france.md:12:12",
        mentions: "http(s)",
    },
    Case {
        code: "bad-url",
        breaks: |f| {
            f.edit(
                D,
                "url: https://example.org/article",
                "url: javascript:alert(1)",
            )
        },
        location: "content/dossiers/azure-made-in-france.md:12:12",
        mentions: "javascript",
    },
    Case {
        code: "bad-wikidata",
        breaks: |f| {
            f.edit(
                "people/jane-doe.md",
                "name: Jane Doe\n",
                "name: Jane Doe\nwikidata: https://www.wikidata.org/wiki/Q42\n",
            )
        },
        location: "content/people/jane-doe.md:3:11",
        mentions: "Q1234",
    },
    Case {
        code: "bad-reference",
        breaks: |f| f.edit(D, "subject: jane-doe", "subject: persons/jane-doe"),
        location: "content/dossiers/azure-made-in-france.md:3:10",
        mentions: "not a kind",
    },
    Case {
        code: "missing-file",
        breaks: |f| {
            f.edit(
                D,
                "        date: 2016-08-22\n        source",
                "        date: 2016-08-22\n        file: media/nope.png\n        source",
            )
        },
        location: "content/dossiers/azure-made-in-france.md:25:15",
        mentions: "media/nope.png",
    },
    Case {
        code: "duplicate-id",
        breaks: |f| f.edit(D, "id: site-azure", "id: colonies"),
        location: "content/dossiers/azure-made-in-france.md:16:9",
        mentions: "line 8",
    },
    Case {
        code: "duplicate-slug",
        breaks: |f| f.file("people/Jane-Doe.md", "---\nname: Jane\n---\n"),
        location: "content/people/jane-doe.md:1:1",
        mentions: "Jane-Doe.md",
    },
    Case {
        code: "unknown-reference",
        breaks: |f| f.edit(D, "provider: azure", "provider: azur"),
        location: "content/dossiers/azure-made-in-france.md:20:15",
        mentions: "did you mean `azure`?",
    },
    Case {
        code: "unknown-reference",
        breaks: |f| f.edit(D, "[[cloud-act]]", "[[cloud-acts]]"),
        location: "content/dossiers/azure-made-in-france.md:28:52",
        mentions: "did you mean `cloud-act`?",
    },
    Case {
        code: "unknown-reference",
        breaks: |f| {
            f.file("about/rules.md", "---\ntitle: Rules\n---\nHow we work.\n")
                .edit(
                    "site.yaml",
                    "language: fr\n",
                    "language: fr\neditorial_rules: rule\n",
                )
        },
        location: "content/site.yaml:4:18",
        mentions: "did you mean `rules`?",
    },
    Case {
        code: "wrong-kind",
        breaks: |f| f.edit(D, "provider: azure", "provider: jane-doe"),
        location: "content/dossiers/azure-made-in-france.md:20:15",
        mentions: "is a person, but a provider is expected",
    },
    Case {
        code: "ambiguous-reference",
        breaks: |f| f.file("topics/azure.md", "---\nname: Azure\n---\n"),
        location: "content/dossiers/azure-made-in-france.md:28:20",
        mentions: "`providers/azure` or `topics/azure`",
    },
    Case {
        code: "not-a-statement",
        breaks: |f| f.edit(D, "contradicts: [colonies]", "contradicts: [site-azure]"),
        location: "content/dossiers/azure-made-in-france.md:26:19",
        mentions: "is a practice",
    },
    Case {
        code: "missing-verdict-note",
        breaks: |f| {
            f.edit(
                D,
                "    quote: \"Not a digital colony\"\n",
                "    quote: \"Not a digital colony\"\n    verdict: false\n",
            )
        },
        location: "content/dossiers/azure-made-in-france.md:11:14",
        mentions: "verdict_note",
    },
    Case {
        code: "missing-evidence",
        breaks: |f| f.edit(D, EVIDENCE, "    evidence: []\n"),
        location: "content/dossiers/azure-made-in-france.md:16:9",
        mentions: "no evidence",
    },
    Case {
        code: "missing-source",
        breaks: |f| {
            f.edit(D, "        source: { url: \"https://example.org/b\", archive: \"https://web.archive.org/b\" }\n", "")
        },
        location: "content/dossiers/azure-made-in-france.md:23:15",
        mentions: "must cite a `source`",
    },
    Case {
        code: "empty-dossier",
        breaks: |f| {
            f.file(
                "dossiers/empty.md",
                "---\ntitle: Empty\nsubject: jane-doe\ndate: 2020\n---\n",
            )
        },
        location: "content/dossiers/empty.md:1:1",
        mentions: "neither statements nor practices",
    },
    Case {
        code: "missing-front-matter",
        breaks: |f| f.file("people/bare.md", "name: Bare\n"),
        location: "content/people/bare.md:1:1",
        mentions: "`---`",
    },
    Case {
        code: "unclosed-front-matter",
        breaks: |f| f.file("people/open.md", "---\nname: Open\n"),
        location: "content/people/open.md:1:1",
        mentions: "never closed",
    },
    Case {
        code: "unexpected-file",
        breaks: |f| f.file("notes.txt", "notes"),
        location: "content/notes.txt:1:1",
        mentions: "no place",
    },
    Case {
        code: "unexpected-file",
        breaks: |f| f.file("people/jane.txt", "notes"),
        location: "content/people/jane.txt:1:1",
        mentions: "not a Markdown file",
    },
    Case {
        code: "not-utf8",
        breaks: |f| f.bytes("people/latin.md", b"---\nname: Ren\xe9\n---\n"),
        location: "content/people/latin.md:2:1",
        mentions: "UTF-8",
    },
    Case {
        code: "missing-site-config",
        breaks: |f| f.remove("site.yaml"),
        location: "content/site.yaml:1:1",
        mentions: "base_url",
    },
    Case {
        code: "missing-field",
        breaks: |f| f.file("site.yaml", "title: No address\n"),
        location: "content/site.yaml:1:1",
        mentions: "missing field `base_url`",
    },
    Case {
        code: "empty-response",
        breaks: |f| f.edit(D, CONTRADICTS, &response("replies_to: [site-azure]")),
        location: "content/dossiers/azure-made-in-france.md:28:9",
        mentions: "neither `quote` nor `summary`",
    },
    Case {
        code: "missing-field",
        breaks: |f| {
            let response = response("replies_to: [site-azure]\n    quote: \"Non.\"");
            f.edit(
                D,
                CONTRADICTS,
                response.split("    source:").next().unwrap_or(""),
            )
        },
        location: "content/dossiers/azure-made-in-france.md:28:5",
        mentions: "missing field `source`",
    },
    Case {
        code: "unknown-reference",
        breaks: |f| {
            f.edit(
                D,
                CONTRADICTS,
                &response("replies_to: [site-azur]\n    quote: \"Non.\""),
            )
        },
        location: "content/dossiers/azure-made-in-france.md:30:18",
        mentions: "did you mean `site-azure`?",
    },
    Case {
        code: "duplicate-id",
        breaks: |f| {
            let response = response("replies_to: [site-azure]\n    quote: \"Non.\"");
            f.edit(
                D,
                CONTRADICTS,
                &response.replace("id: reply", "id: colonies"),
            )
        },
        location: "content/dossiers/azure-made-in-france.md:28:9",
        mentions: "the first `colonies` is on line 8",
    },
    Case {
        code: "wrong-type",
        breaks: |f| {
            f.edit(
                D,
                "contradicts: [colonies]",
                "contradicts: [{ statement: colonies, noted_by: Daily News }]",
            )
        },
        location: "content/dossiers/azure-made-in-france.md:26:52",
        mentions: "`noted_by` should be a mapping of fields, not text",
    },
    Case {
        code: "wrong-type",
        breaks: |f| {
            f.edit(D, "    quote: \"Not a digital colony\"\n", "    quote: \"Not a digital colony\"\n    verdict_source: https://example.org/check\n")
        },
        location: "content/dossiers/azure-made-in-france.md:11:21",
        mentions: "`verdict_source` should be a mapping of fields, not text",
    },
    Case {
        code: "not-a-statement",
        breaks: |f| f.edit(D, CONTRADICTS, "    refutes: [site-azure]\n"),
        location: "content/dossiers/azure-made-in-france.md:26:15",
        mentions: "`refutes` names statements",
    },
    Case {
        code: "missing-file",
        breaks: |f| {
            f.edit(D, "      archive: https://web.archive.org/example\n", "      archive: https://web.archive.org/example\n      file: media/sources/article.html\n")
        },
        location: "content/dossiers/azure-made-in-france.md:15:13",
        mentions: "does not exist",
    },
];

/// The last line of the fixture dossier's front matter.
const CONTRADICTS: &str = "    contradicts: [colonies]\n";

/// The fixture dossier's last line followed by a response with `fields`.
fn response(fields: &str) -> String {
    format!(
        "{CONTRADICTS}responses:\n  - id: reply\n    date: 2016-09\n    {fields}\n    source: {{ url: \"https://example.org/r\", archive: \"https://web.archive.org/r\" }}\n"
    )
}

/// The fixture with a stored copy of the statement's source, whose quote
/// reads `quote`.
fn stored_copy(f: Fixture, quote: &str) -> Fixture {
    f.file(
        "media/sources/article.html",
        "<html><body><p>She said: \u{201c}Not&nbsp;a <em>digital</em>\ncolony\u{201d}, and left.</p></body></html>",
    )
    .edit(
        D,
        "      archive: https://web.archive.org/example\n",
        "      archive: https://web.archive.org/example\n      file: media/sources/article.html\n",
    )
    .edit(D, "quote: \"Not a digital colony\"", &format!("quote: \"{quote}\""))
}

const WARNINGS: &[Case] = &[
    Case {
        code: "quote-not-in-source",
        breaks: |f| stored_copy(f, "Not a digital province"),
        location: "content/dossiers/azure-made-in-france.md:10:12",
        mentions: "the closest passage of media/sources/article.html reads: « Not a digital colony »",
    },
    Case {
        code: "contradiction-by-another-actor",
        breaks: |f| {
            f.file("organizations/other.md", "---\nname: Other\n---\n")
                .edit(
                    D,
                    "    quote: \"Not a digital colony\"\n",
                    "    speaker: other\n    quote: \"Not a digital colony\"\n",
                )
        },
        location: "content/dossiers/azure-made-in-france.md:27:19",
        mentions: "list the statement under `refutes`",
    },
    Case {
        code: "missing-archive",
        breaks: |f| f.edit(D, "      archive: https://web.archive.org/example\n", ""),
        location: "content/dossiers/azure-made-in-france.md:12:12",
        mentions: "archive",
    },
    Case {
        code: "future-date",
        breaks: |f| f.edit(D, "date: 2016-08-22\ntopics", "date: 2999-01-01\ntopics"),
        location: "content/dossiers/azure-made-in-france.md:4:7",
        mentions: "in the future",
    },
    Case {
        code: "unreferenced-entity",
        breaks: |f| f.file("laws/gdpr.md", "---\nname: GDPR\n---\n"),
        location: "content/laws/gdpr.md:1:1",
        mentions: "nothing references a law `gdpr`",
    },
    Case {
        code: "duplicate-reference",
        breaks: |f| f.edit(D, "topics: [hosting]", "topics: [hosting, hosting]"),
        location: "content/dossiers/azure-made-in-france.md:5:19",
        mentions: "`hosting` is listed twice",
    },
    Case {
        code: "duplicate-reference",
        breaks: |f| {
            f.edit(
                "providers/azure.md",
                "subject_to: [cloud-act]",
                "subject_to: [cloud-act, cloud-act]",
            )
        },
        location: "content/providers/azure.md:5:25",
        mentions: "`cloud-act` is listed twice",
    },
    Case {
        code: "unknown-publisher",
        breaks: |f| f.edit(D, "publisher: daily-news", "publisher: daily-newz"),
        location: "content/dossiers/azure-made-in-france.md:13:18",
        mentions: "did you mean `daily-news`?",
    },
];

/// Whether `run` reported the case in a diagnostic block of its own: the
/// header with the code, the location and the mention, in that one block.
fn reported(run: &crate::harness::Run, severity: &str, case: &Case) -> Result<(), String> {
    let header = format!("{severity}[{}]", case.code);
    let location = format!("┌─ {}", case.location);
    let blocks: Vec<&str> = run
        .stderr
        .split("\n\n")
        .map(str::trim_start)
        .filter(|block| block.starts_with(&header))
        .collect();
    if blocks.is_empty() {
        return Err(format!("{header} not reported"));
    }
    let Some(block) = blocks.iter().find(|block| block.contains(&location)) else {
        return Err(format!(
            "{header} not reported at {}:\n{}",
            case.location,
            blocks.join("\n\n")
        ));
    };
    if !block.contains(case.mentions) {
        return Err(format!(
            "{header} should mention {:?}:\n{block}",
            case.mentions
        ));
    }
    Ok(())
}

/// Runs `check` on each case, collecting every failure rather than stopping
/// at the first, and fails with all of them.
fn each_case(cases: &[Case], test: impl Fn(&Case) -> Result<(), String>) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| test(case).err().map(|why| format!("[{}] {why}", case.code)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// `Err` with `message` and the run's output unless `holds`.
fn expect(holds: bool, message: &str, run: &crate::harness::Run) -> Result<(), String> {
    if holds {
        Ok(())
    } else {
        Err(format!("{message}\n{}", run.all()))
    }
}

#[test]
fn every_error_is_located_fails_the_build_and_keeps_the_previous_output() {
    each_case(ERRORS, |case| {
        let fixture = Fixture::valid();
        let first = fixture.run(&["build"]);
        expect(first.code == Some(0), "the valid tree must build", &first)?;
        let before = snapshot(&fixture.output());
        let fixture = (case.breaks)(fixture);
        let check = fixture.run(&["check"]);
        expect(check.code == Some(1), "check must fail", &check)?;
        reported(&check, "error", case)?;
        let build = fixture.run(&["build"]);
        expect(build.code == Some(1), "build must fail", &build)?;
        expect(
            snapshot(&fixture.output()) == before,
            "the previous output changed",
            &build,
        )
    });
}

#[test]
fn a_check_that_lets_texts_go_reports_every_problem_as_one_that_holds_them() {
    // A one-off check lets each file's text go once it is typed, and a
    // diagnostic found later reads the file again; a session holds them all.
    let same = |case: &Case| {
        let fixture = (case.breaks)(Fixture::valid());
        let options = vigie::Options::new(fixture.root(), jiff::civil::date(2026, 11, 22));
        let shown = |checked: Result<vigie::Checked, vigie::Error>| {
            checked
                .map(|checked| format!("{:#?}", checked.diagnostics))
                .map_err(|error| error.to_string())
        };
        let held = shown(vigie::check_with(
            &options,
            Some(&mut vigie::Memory::default()),
        ))?;
        let let_go = shown(vigie::check(&options))?;
        match held == let_go {
            true => Ok(()),
            false => Err(format!("held:\n{held}\nlet go:\n{let_go}")),
        }
    };
    each_case(ERRORS, same);
    each_case(WARNINGS, same);
}

#[test]
fn warnings_are_located_and_fail_only_when_denied() {
    each_case(WARNINGS, |case| {
        let fixture = (case.breaks)(Fixture::valid());
        let check = fixture.run(&["check"]);
        expect(check.code == Some(0), "a warning must not fail", &check)?;
        reported(&check, "warning", case)?;
        let denied = fixture.run(&["check", "--deny-warnings"]);
        expect(denied.code == Some(1), "--deny-warnings must fail", &denied)
    });
}

#[test]
fn the_valid_tree_has_no_diagnostics() {
    let run = Fixture::valid().run(&["check"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert!(run.stderr.contains("0 errors, 0 warnings"), "{}", run.all());
}

#[test]
fn faults_in_three_files_are_all_reported_in_one_run() {
    let fixture = Fixture::valid()
        .edit(D, "summary:", "sumary:")
        .edit("people/jane-doe.md", "name: Jane Doe", "nom: Jane Doe")
        .edit(
            "providers/azure.md",
            "headquarters: US",
            "headquarters: USA",
        );
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    for at in [
        "content/dossiers/azure-made-in-france.md:6:1",
        "content/people/jane-doe.md:2:1",
        "content/providers/azure.md:4:15",
    ] {
        assert!(run.stderr.contains(at), "{at} not reported\n{}", run.all());
    }
    assert!(run.stderr.contains("4 errors"), "{}", run.all());
}

#[test]
fn every_problem_of_one_file_is_reported() {
    let fixture = Fixture::valid()
        .edit(D, "summary:", "sumary:")
        .edit(D, "kind: hosting", "kind: cloud")
        .edit(D, "date: 2014-05", "date: May 2014")
        .edit(D, "country: NL", "country: Netherlands");
    let run = fixture.run(&["check"]);
    for code in ["unknown-field", "bad-value", "bad-date", "bad-country"] {
        assert!(
            run.stderr.contains(&format!("error[{code}]")),
            "{code} missing\n{}",
            run.all()
        );
    }
}

#[test]
fn references_to_a_file_with_errors_of_its_own_are_not_reported_again() {
    // Jane's file fails its own check; the dossier names her as its subject
    // and in a wikilink. Her file's errors say what to fix; saying that
    // `jane-doe` names nothing (with a wrong "did you mean") would mislead.
    let run = Fixture::valid()
        .edit("people/jane-doe.md", "name: Jane Doe", "nom: Jane Doe")
        .run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    assert!(run.stderr.contains("error[unknown-field]"), "{}", run.all());
    assert!(!run.stderr.contains("unknown-reference"), "{}", run.all());
    assert!(run.stderr.contains("2 errors"), "{}", run.all());

    // A slug that no file has is still reported.
    let run = Fixture::valid()
        .edit("people/jane-doe.md", "name: Jane Doe", "nom: Jane Doe")
        .edit(D, "[[jane-doe]]", "[[jane-do]]")
        .run(&["check"]);
    assert!(
        run.stderr
            .contains("wikilink: `jane-do` names nothing: there is no page with this slug"),
        "{}",
        run.all()
    );
}

#[test]
fn a_quote_is_found_in_its_stored_copy_whatever_its_typography() {
    let fixture = stored_copy(Fixture::valid(), "not a digital colony");
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert!(run.stderr.contains("0 errors, 0 warnings"), "{}", run.all());
}
