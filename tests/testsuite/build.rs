//! Building: a valid tree writes its pages, identically every time, and drafts
//! only on request.

use crate::harness::{Fixture, snapshot};

#[test]
fn a_valid_tree_builds_its_pages() {
    let fixture = Fixture::valid();
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert!(run.stderr.contains("built"), "{}", run.all());
    let page = std::fs::read_to_string(
        fixture
            .output()
            .join("dossiers/azure-made-in-france/index.html"),
    )
    .expect("the dossier page");
    assert!(page.contains("Azure for the made in France"));
    assert!(
        crate::site::has_id(&page, "colonies") && crate::site::has_id(&page, "site-azure"),
        "{page}"
    );
    // Wikilinks point at their pages, relative to the page.
    assert!(page.contains("href=\"../../providers/azure/\">"), "{page}");
}

#[test]
fn a_topic_or_law_named_twice_lists_its_dossier_or_provider_once() {
    let fixture = Fixture::valid()
        .edit(
            crate::harness::D,
            "topics: [hosting]",
            "topics: [hosting, hosting]",
        )
        .edit(
            "providers/azure.md",
            "subject_to: [cloud-act]",
            "subject_to: [cloud-act, cloud-act]",
        );
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert!(
        run.stderr.contains("warning[duplicate-reference]"),
        "{}",
        run.all()
    );
    let read = |page: &str| {
        std::fs::read_to_string(fixture.output().join(page).join("index.html")).expect(page)
    };
    let topic = read("topics/hosting");
    assert_eq!(
        topic
            .matches("href=\"../../dossiers/azure-made-in-france/\"")
            .count(),
        1,
        "{topic}"
    );
    let law = read("laws/cloud-act");
    assert!(
        law.contains("<dd><a href=\"../../providers/azure/\">Azure</a></dd>"),
        "{law}"
    );
}

#[test]
fn the_same_content_gives_the_same_bytes() {
    let fixture = Fixture::valid();
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    let first = snapshot(&fixture.output());
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    assert_eq!(snapshot(&fixture.output()), first);
}

#[test]
fn drafts_are_built_only_on_request() {
    let draft = crate::harness::DOSSIER.replacen("summary:", "draft: true\nsummary:", 1);
    let fixture = Fixture::valid().file("dossiers/draft-case.md", &draft);
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    assert!(!fixture.output().join("dossiers/draft-case").exists());
    assert_eq!(fixture.run(&["build", "--drafts"]).code, Some(0));
    assert!(
        fixture
            .output()
            .join("dossiers/draft-case/index.html")
            .exists()
    );
}

#[test]
fn output_can_be_elsewhere_and_media_is_copied() {
    let fixture = Fixture::valid().bytes("media/shot.png", b"\x89PNG");
    let elsewhere = fixture.root().join("site-out");
    let run = fixture.run(&["build", "--output", elsewhere.to_str().expect("a path")]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert_eq!(
        std::fs::read(elsewhere.join("media/shot.png")).ok(),
        Some(b"\x89PNG".to_vec())
    );
    assert!(!fixture.output().exists());
}

#[test]
fn a_site_overrides_the_theme_file_by_file_and_string_by_string() {
    let fixture = Fixture::valid()
        .file(
            "../themes/default/strings.yaml",
            "said: \"Paroles données\"\ngap: { later: \"après\" }\n",
        )
        .file(
            "../themes/custom/templates/404.html",
            "{% extends \"base.html\" %}{% block content %}<h1>Perdu</h1>{% endblock content %}",
        );
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    let page = std::fs::read_to_string(
        fixture
            .output()
            .join("dossiers/azure-made-in-france/index.html"),
    )
    .expect("a page");
    assert!(
        page.contains("Paroles données") && page.contains("Ce qui a été fait"),
        "{page}"
    );
    assert!(page.contains("2 ans et 3 mois après"), "{page}");

    let custom = fixture.edit(
        "site.yaml",
        "language: fr\n",
        "language: fr\ntheme: custom\n",
    );
    assert_eq!(custom.run(&["build"]).code, Some(0));
    let not_found = std::fs::read_to_string(custom.output().join("404.html")).expect("a page");
    assert!(not_found.contains("<h1>Perdu</h1>"), "{not_found}");
    assert!(
        not_found.contains("Aller au contenu"),
        "the rest of the default theme stays"
    );

    let missing = custom.edit("site.yaml", "theme: custom", "theme: nowhere");
    let run = missing.run(&["build"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(
        run.stderr.contains("the theme `nowhere` does not exist"),
        "{}",
        run.all()
    );
}

#[test]
fn a_template_that_fails_midway_leaves_the_previous_output() {
    let fixture = Fixture::valid();
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    let before = snapshot(&fixture.output());
    let broken = fixture.file(
        "../themes/default/templates/entity.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_thing.field }}{% endblock content %}",
    );
    let run = broken.run(&["build"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(run.stderr.contains("template error"), "{}", run.all());
    assert_eq!(
        snapshot(&broken.output()),
        before,
        "the previous output changed"
    );
    let names: Vec<String> = std::fs::read_dir(broken.root())
        .expect("the root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("vigie-new")),
        "a staging folder was left: {names:?}"
    );
}

/// A theme's strings are checked when it loads: a misspelt key would
/// otherwise leave the default's word in place, and a string a template
/// names but nobody wrote would fail only when that page renders.
#[test]
fn a_theme_string_misnamed_or_missing_is_reported_by_file_and_key() {
    let misspelt = Fixture::valid().file(
        "../themes/default/strings.yaml",
        "gap: { latter: \"après\" }\n",
    );
    let run = misspelt.run(&["build"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(
        run.stderr
            .contains("themes/default/strings.yaml has `gap.latter`")
            && run.stderr.contains("did you mean `later`?"),
        "{}",
        run.all()
    );
    // A theme may name more countries than the default does.
    let countries = Fixture::valid().file(
        "../themes/default/strings.yaml",
        "countries: { LU: \"Luxembourg\" }\n",
    );
    assert_eq!(countries.run(&["build"]).code, Some(0));

    let unwritten = Fixture::valid().file(
        "../themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}{{ strings.lost_words }}{% endblock content %}",
    );
    let run = unwritten.run(&["check"]);
    assert_eq!(
        run.code,
        Some(0),
        "check does not load the theme\n{}",
        run.all()
    );
    let run = unwritten.run(&["build"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(
        run.stderr
            .contains("has no `lost_words` (templates/404.html uses it)"),
        "{}",
        run.all()
    );
}

/// A language the default theme lacks: a site theme's `strings.<lang>.yaml`
/// with every key gives the interface; one missing a key is refused, naming
/// it, since the French word would otherwise show through.
#[test]
fn a_new_language_is_a_strings_file_in_a_site_theme() {
    let english = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/strings.en.yaml"),
    )
    .expect("the English strings");
    let german = english
        .replace("said: \"What was said\"", "said: \"Was gesagt wurde\"")
        .replace("months: [January, ", "months: [Januar, ");
    let site = "language: fr\n";
    let complete = Fixture::valid()
        .file("../themes/default/strings.de.yaml", &german)
        .edit("site.yaml", site, "language: de\n");
    let run = complete.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let page = std::fs::read_to_string(
        complete
            .output()
            .join("dossiers/azure-made-in-france/index.html"),
    )
    .expect("the dossier page");
    assert!(page.contains("<html lang=\"de\">") && page.contains("Was gesagt wurde"));

    let incomplete = Fixture::valid()
        .file(
            "../themes/default/strings.de.yaml",
            &german.replace("said: \"Was gesagt wurde\"\n", ""),
        )
        .edit("site.yaml", site, "language: de\n");
    let run = incomplete.run(&["build"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(
        run.stderr
            .contains("themes/default/strings.de.yaml has no `said`"),
        "{}",
        run.all()
    );
}
