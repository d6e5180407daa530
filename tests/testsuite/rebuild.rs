//! Rebuilds after an edit render only the pages it touches, and give exactly
//! the bytes of a build from scratch.

use std::fs;
use std::path::Path;

use crate::harness::{example_copy, same_files, snapshot};

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let path = root.join("content").join(path);
    let text = fs::read_to_string(&path).expect("the file");
    assert!(text.contains(from), "{} lacks {from}", path.display());
    fs::write(&path, text.replacen(from, to, 1)).expect("written");
}

fn options(root: &Path) -> vigie::Options {
    vigie::Options::new(root, jiff::civil::date(2026, 11, 22))
}

/// `output`, claimed as the output of `root`.
fn destination(root: &Path, output: &Path) -> vigie::write::Destination {
    vigie::write::Destination::claim(root, output, false).expect("an output folder of its own")
}

/// Builds `root` from scratch into a folder of its own and snapshots it.
fn from_scratch(root: &Path) -> Vec<(String, Vec<u8>)> {
    let output = root.join("scratch");
    let built = vigie::build(&options(root), &destination(root, &output), false).expect("a build");
    assert!(built.pages.is_some(), "{:#?}", built.checked.diagnostics);
    snapshot(&output)
}

#[test]
fn each_edit_renders_only_what_it_touches_and_matches_a_build_from_scratch() {
    // Short pages, so that edits also move entries from page to page.
    let (dir, output, mut session, total) = example_session(Some(2));
    let root = dir.path();
    assert!(total > 60, "{total}");
    // Entity pages and the dossiers' list are split too, and link up.
    for page in [
        "laws/cloud-act/page/2/index.html",
        "dossiers/page/2/index.html",
    ] {
        assert!(output.join(page).is_file(), "{page}");
    }
    let broken = crate::links::broken_links(&output);
    assert!(broken.is_empty(), "{broken:#?}");

    type Edit = fn(&Path);
    let edits: [(&str, Edit); 9] = [
        ("a quote", |root| {
            edit(
                root,
                "dossiers/montebourg-2016-azure.md",
                "colonies numériques des États-Unis",
                "colonies numériques de l'Amérique",
            )
        }),
        ("a person's name, shown wherever they are named", |root| {
            edit(
                root,
                "people/arnaud-montebourg.md",
                "name: Arnaud Montebourg",
                "name: A. Montebourg",
            )
        }),
        (
            "a practice's date, which moves it in the timeline",
            |root| {
                edit(
                    root,
                    "dossiers/montebourg-2016-azure.md",
                    "    date: 2016-08-22\n    summary: \"Le site",
                    "    date: 2016-07-01\n    summary: \"Le site",
                )
            },
        ),
        ("the laws a provider is subject to", |root| {
            edit(
                root,
                "providers/netlify.md",
                "subject_to: [cloud-act, fisa-702]",
                "subject_to: [cloud-act]",
            )
        }),
        ("a provider's operator", |root| {
            edit(
                root,
                "providers/netlify.md",
                "category: other",
                "category: other\noperator: amazon",
            )
        }),
        ("a new dossier", |root| {
            let text = fs::read_to_string(root.join("content/dossiers/montebourg-2016-azure.md"))
                .expect("the dossier");
            let copy = text
                .replace("title: \"Arnaud", "title: \"Copie : Arnaud")
                .replace(
                    "topics: [souverainete-numerique, hebergement]",
                    "topics: [nouveau-theme]",
                );
            fs::write(root.join("content/dossiers/copie.md"), copy).expect("written");
        }),
        ("a contradiction across dossiers", |root| {
            edit(
                root,
                "dossiers/copie.md",
                "    contradicts:\n",
                "    contradicts:\n      - montebourg-2016-azure#colonies-numeriques\n",
            )
        }),
        ("a dossier removed", |root| {
            fs::remove_file(root.join("content/dossiers/copie.md")).expect("removed")
        }),
        ("the site's title, which every page shows", |root| {
            edit(root, "site.yaml", "title: ", "title: Nouveau ")
        }),
    ];
    for (what, apply) in edits {
        apply(root);
        let built = session.build(false).expect("a rebuild");
        assert!(
            built.pages.is_some(),
            "{what}: {:#?}",
            built.checked.diagnostics
        );
        assert_same_as_from_scratch(root, &output, what);
        if what == "a quote" {
            assert!(
                built.rendered < total / 3,
                "{what}: {} of {total} pages rendered",
                built.rendered
            );
        }
    }
}

/// The output of a session holds exactly the bytes of a build from scratch.
fn assert_same_as_from_scratch(root: &Path, output: &Path, what: &str) {
    let expected = from_scratch(root);
    fs::remove_dir_all(root.join("scratch")).expect("cleaned");
    if let Err(why) = same_files(&expected, &snapshot(output)) {
        panic!("{what}: {why}");
    }
}

/// A session on a copy of the example with `per_page` set, built once.
fn example_session(
    per_page: Option<usize>,
) -> (tempfile::TempDir, std::path::PathBuf, vigie::Session, usize) {
    let dir = example_copy("");
    let root = dir.path();
    if let Some(per_page) = per_page {
        let site = root.join("content/site.yaml");
        let settings = fs::read_to_string(&site).expect("site.yaml");
        fs::write(&site, format!("{settings}per_page: {per_page}\n")).expect("written");
    }
    let output = root.join("public");
    let mut session = vigie::Session::new(options(root), destination(root, &output));
    let first = session.build(false).expect("the first build");
    (dir, output, session, first.rendered)
}

/// A dossier whose one practice, dated `date`, runs on `provider`.
fn dossier_with_practice(date: &str, provider: &str) -> String {
    format!(
        "---\ntitle: \"Essai\"\nsubject: conseil-national-de-la-refondation\ndate: 2022-12-06\n\
         summary: \"Essai.\"\npractices:\n  - id: essai\n    kind: hosting\n    date: {date}\n\
         \x20   summary: \"Essai.\"\n    provider: {provider}\n    evidence:\n\
         \x20     - kind: legal-notice\n        date: {date}\n        source:\n\
         \x20         url: https://example.org/essai\n          publisher: Le HuffPost\n---\n"
    )
}

/// A practice that sorts onto a later page of a law's list leaves the law's
/// first page as it was, but the law's entry in the JSON export lists it.
#[test]
fn a_practice_on_a_later_page_of_a_list_updates_the_export() {
    let (dir, output, mut session, _) = example_session(Some(4));
    let root = dir.path();
    // The CLOUD Act lists 6 practices, 2 pages of 4, oldest first: a
    // seventh, the newest, keeps 2 pages and lands on the last.
    let first_page = output.join("laws/cloud-act/index.html");
    let before = fs::read(&first_page).expect("the law's page");
    let path = root.join("content/dossiers/essai.md");
    fs::write(&path, dossier_with_practice("2026-01-01", "microsoft-365")).expect("written");
    let built = session.build(false).expect("a rebuild");
    assert!(built.pages.is_some(), "{:#?}", built.checked.diagnostics);
    assert_eq!(
        fs::read(&first_page).expect("the law's page"),
        before,
        "page 1 changed"
    );
    assert_same_as_from_scratch(root, &output, "a practice on the last page");
}

#[test]
fn a_rebuild_after_errors_starts_from_the_last_good_output() {
    let (dir, output, mut session, _) = example_session(None);
    let root = dir.path();
    edit(root, "people/axelle-lemaire.md", "name:", "nmae:");
    let broken = session.build(false).expect("a build");
    assert!(broken.pages.is_none());
    edit(root, "people/axelle-lemaire.md", "nmae:", "name:");
    edit(root, "people/cedric-o.md", "name: ", "name: M. ");
    let fixed = session.build(false).expect("a build");
    assert!(fixed.pages.is_some());
    assert_eq!(snapshot(&output), from_scratch(root));
}

/// A statement newly contradicted from another dossier is marked as such
/// wherever it is listed in brief (the timeline, its speaker's page), though
/// its own dossier did not change.
#[test]
fn a_contradiction_from_another_dossier_marks_the_statement_everywhere() {
    let (dir, output, mut session, _) = example_session(None);
    let root = dir.path();
    edit(
        root,
        "dossiers/montebourg-2016-azure.md",
        "    contradicts:\n",
        "    contradicts:\n      - cnr-je-participe-aws#aucune-donnee-chez-amazon\n",
    );
    let built = session.build(false).expect("a rebuild");
    assert!(built.pages.is_some(), "{:#?}", built.checked.diagnostics);
    assert_same_as_from_scratch(root, &output, "a contradiction from another dossier");
}
