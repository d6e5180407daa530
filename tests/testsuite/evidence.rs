//! Evidence rigour (content model, section 7): the subject's reply, who made
//! a link between words and deed, who rated a claim, corrections, facts that
//! refute a claim, on the pages, in the feed and in the JSON export.

use std::path::Path;

use crate::harness::{D, Fixture};

/// The fixture's dossier with every field of section 7: a second statement
/// rated by a fact-check and refuted by a fact, a link noted by the press, a
/// reply to the practice, a reply to an item of another dossier, a request
/// for a reply and two corrections.
fn rigorous() -> Fixture {
    Fixture::valid()
        .edit(
            D,
            "    contradicts: [colonies]\n",
            r#"    contradicts:
      - statement: colonies
        noted_by: { url: "https://example.org/noted", publisher: daily-news, date: 2016-08-23, archive: "https://web.archive.org/noted" }
  - id: other-host
    actor: daily-news
    kind: hosting
    date: 2016-09
    summary: "Daily News hosts its site in France."
    evidence:
      - kind: dns
        detail: "A record in Paris"
    refutes: [only-us]
responses:
  - id: reply
    date: 2016-09-02
    replies_to: [site-azure]
    quote: "Notre prestataire a choisi l'hébergeur."
    source: { url: "https://example.org/reply", archive: "https://web.archive.org/reply" }
  - id: reply-elsewhere
    date: 2016-09-03
    replies_to: [other-case#said]
    summary: "She says the other case is unrelated."
    source: { url: "https://example.org/reply2", archive: "https://web.archive.org/reply2" }
response_sought: 2016-08-21
corrections:
  - date: 2016-10-01
    note: "The *date* of the quote was corrected."
  - date: 2016-12-01
    note: "The provider's name was corrected."
"#,
        )
        .edit(
            D,
            "practices:\n",
            r#"  - id: only-us
    date: 2015
    quote: "Everyone hosts in the US"
    source: { url: "https://example.org/claim", archive: "https://web.archive.org/claim" }
    verdict: "false"
    verdict_note: "Some host in France."
    verdict_source: { url: "https://factcheck.example.org/us", publisher: daily-news, date: 2016-02, archive: "https://web.archive.org/us" }
practices:
"#,
        )
        .file(
            "dossiers/other-case.md",
            "---\ntitle: Other case\nsubject: jane-doe\ndate: 2017\nstatements:\n  - { id: said, date: 2017, quote: \"Other words\", source: { url: \"https://example.org/o\", archive: \"https://web.archive.org/o\" } }\n---\n",
        )
}

fn built(fixture: &Fixture) -> (String, serde_json::Value) {
    let run = fixture.run(&["build", "--deny-warnings"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let output = fixture.output();
    let read = |path: &str| {
        std::fs::read_to_string(output.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let json = serde_json::from_str(&read("data/wiki.json")).expect("valid JSON");
    (read("dossiers/azure-made-in-france/index.html"), json)
}

fn page(output: &Path, path: &str) -> String {
    std::fs::read_to_string(output.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_response_is_shown_beside_what_it_answers_and_on_its_speakers_page() {
    let fixture = rigorous();
    let (dossier, json) = built(&fixture);
    // Placed once, with its anchor, inside the practice it answers.
    let practice = &dossier[dossier.find("id=\"site-azure\"").expect("the practice")..];
    let practice = &practice[..practice.find("</article>").expect("its end")];
    assert!(practice.contains("id=\"reply\""), "{practice}");
    assert!(practice.contains("Notre prestataire a choisi l&#39;hébergeur."));
    assert_eq!(dossier.matches("id=\"reply\"").count(), 1);
    // A reply to another dossier's item is placed on its own page, saying what it answers,
    // and shown on the other page linking back.
    assert!(dossier.contains("id=\"reply-elsewhere\""));
    assert!(dossier.contains("En réponse à"));
    let other = page(&fixture.output(), "dossiers/other-case/index.html");
    assert!(
        other.contains("../../dossiers/azure-made-in-france/#reply-elsewhere"),
        "{other}"
    );
    assert!(!other.contains("id=\"reply-elsewhere\""));
    // The speaker (the subject by default) lists it.
    let jane = page(&fixture.output(), "people/jane-doe/index.html");
    assert!(
        jane.contains("../../dossiers/azure-made-in-france/#reply"),
        "{jane}"
    );
    // The request for a reply is said.
    assert!(dossier.contains("Réponse demandée le"));
    // In the export, references are `kind/slug` keys of its `entities` table.
    let responses = &json["dossiers"][0]["responses"];
    assert_eq!(
        responses[0]["replies_to"][0],
        "dossiers/azure-made-in-france#site-azure"
    );
    assert_eq!(responses[0]["speaker"], "people/jane-doe");
    assert_eq!(json["entities"]["people/jane-doe"], "Jane Doe");
}

#[test]
fn who_made_each_link_and_who_rated_each_claim_is_shown() {
    let fixture = rigorous();
    let (dossier, json) = built(&fixture);
    assert!(dossier.contains("rapprochement fait par"));
    assert!(dossier.contains("https://example.org/noted"));
    let practice = &json["dossiers"][0]["practices"][0];
    assert_eq!(
        practice["contradicts"][0]["noted_by"]["url"],
        "https://example.org/noted"
    );
    assert_eq!(
        practice["contradicts"][0]["noted_by"]["publisher"],
        "organizations/daily-news"
    );
    assert!(practice["contradicts"][0]["noted_by"]["publisher_ref"].is_null());
    let contradiction = &json["contradictions"][0];
    assert!(contradiction["noted_by"].is_object(), "{contradiction}");
    // The rating is the fact-check's: its publisher and address in ClaimReview,
    // dates at their known precision.
    let start = dossier.find("application/ld+json").expect("JSON-LD");
    let json_start = start + dossier[start..].find('>').expect("its start") + 1;
    let json_end = json_start + dossier[json_start..].find("</script>").expect("its end");
    let reviews: serde_json::Value =
        serde_json::from_str(&dossier[json_start..json_end]).expect("valid JSON-LD");
    let review = &reviews[0];
    assert_eq!(review["author"]["name"], "Daily News");
    assert_eq!(review["url"], "https://factcheck.example.org/us");
    assert_eq!(review["datePublished"], "2016-02");
    assert_eq!(review["itemReviewed"]["datePublished"], "2015");
    assert!(dossier.contains("Vérification publiée par"));
}

#[test]
fn an_editorial_link_and_an_editorial_rating_say_so() {
    let fixture = Fixture::valid().edit(
        D,
        "    quote: \"Not a digital colony\"\n",
        "    quote: \"Not a digital colony\"\n    verdict: misleading\n    verdict_note: \"Why.\"\n",
    );
    let (dossier, json) = built(&fixture);
    assert!(dossier.contains("rapprochement fait par la rédaction"));
    assert!(dossier.contains("Vérification de la rédaction"));
    // In the export, a link the editors made is the statement's bare reference,
    // as in the front matter, and `"editorial": true` in `contradictions`.
    let contradicted = &json["dossiers"][0]["practices"][0]["contradicts"][0];
    assert!(contradicted.is_string(), "{contradicted}");
    assert_eq!(json["contradictions"][0]["editorial"], true);
}

#[test]
fn a_refuting_fact_goes_with_the_verdict_not_on_the_contradictions_page() {
    let fixture = rigorous();
    let (dossier, json) = built(&fixture);
    let claim = &dossier[dossier.find("id=\"only-us\"").expect("the claim")..];
    let claim = &claim[..claim.find("</article>").expect("its end")];
    assert!(claim.contains("Démenti par les faits"), "{claim}");
    assert!(claim.contains("#other-host"));
    let contradictions = page(&fixture.output(), "contradictions/index.html");
    assert!(!contradictions.contains("other-host"));
    assert_eq!(json["contradictions"].as_array().map(Vec::len), Some(1));
    let practices = json["dossiers"][0]["practices"]
        .as_array()
        .expect("practices");
    let refuting = practices
        .iter()
        .find(|p| p["id"] == "other-host")
        .expect("the fact");
    assert_eq!(
        refuting["refutes"][0],
        "dossiers/azure-made-in-france#only-us"
    );
}

#[test]
fn corrections_are_listed_newest_first_and_date_the_feed_entry() {
    let fixture = rigorous();
    let (dossier, _) = built(&fixture);
    let newest = dossier.find("The provider").expect("the newest correction");
    let oldest = dossier
        .find("of the quote was corrected")
        .expect("the oldest");
    assert!(newest < oldest);
    assert!(dossier.contains("The <em>date</em> of the quote"));
    let feed = page(&fixture.output(), "feed.xml");
    let entry = &feed[feed.find("azure-made-in-france").expect("the entry")..];
    assert!(
        entry.contains("<updated>2016-12-01T00:00:00Z</updated>"),
        "{feed}"
    );
    assert!(entry.contains("The provider"), "{feed}");
}

#[test]
fn every_page_links_the_editorial_rules_that_site_yaml_names() {
    let fixture = Fixture::valid()
        .file(
            "about/rules.md",
            "---\ntitle: Our rules\ndescription: How we work.\n---\nReport an error to the [[azure-made-in-france]] editors.\n",
        )
        .edit(
            "site.yaml",
            "language: fr\n",
            "language: fr\neditorial_rules: rules\n",
        );
    let (dossier, json) = built(&fixture);
    assert!(
        dossier.contains("<a href=\"../../about/rules/\">Signaler une erreur</a>"),
        "{dossier}"
    );
    let rules = page(&fixture.output(), "about/rules/index.html");
    assert!(rules.contains("<h1>Our rules</h1>"), "{rules}");
    assert!(rules.contains("content=\"How we work.\""), "{rules}");
    assert!(rules.contains("../../dossiers/azure-made-in-france/"));
    let not_found = page(&fixture.output(), "404.html");
    assert!(
        not_found.contains("href=\"/wiki/about/rules/\""),
        "{not_found}"
    );
    assert_eq!(json["about"][0]["slug"], "rules");
    // Without the setting, no page links a report.
    let plain = Fixture::valid();
    let (dossier, _) = built(&plain);
    assert!(!dossier.contains("Signaler une erreur"));
}
