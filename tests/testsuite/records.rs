//! Technical evidence records (content model, section 8): one shape, `type`,
//! `name` and `value` with a few optional fields, for every kind of evidence;
//! a record's provider is a reference like any other.

use crate::harness::{D, Fixture};

/// Where the fixture's practice lists its evidence.
const EVIDENCE: &str = "    evidence:\n";

/// The fixture with `records` evidence added to its practice.
fn with_evidence(evidence: &str) -> Fixture {
    Fixture::valid().edit(D, EVIDENCE, &format!("{EVIDENCE}{evidence}"))
}

const PROBED: &str = r#"      - kind: dns
        date: 2016-08-22
        detail: "vigie probe 0.1.0"
        records:
          - { type: CNAME, name: www.example.fr, value: example.azurewebsites.net, ttl: 300 }
          - { type: A, name: example.azurewebsites.net, value: 192.0.2.10, ttl: 60 }
      - kind: ip-asn
        date: 2016-08-22
        detail: "vigie probe 0.1.0, ranges of 2016-08-15"
        records:
          - type: IP
            name: 192.0.2.10
            value: 192.0.2.0/24
            asn: 8075
            as_name: MICROSOFT-CORP-MSN-AS-BLOCK
            country: NL
            provider: azure
            region: westeurope
            data: "Azure IP Ranges and Service Tags, 2016-08-15"
"#;

#[test]
fn records_of_every_field_are_shown_and_exported() {
    let fixture = with_evidence(PROBED);
    let run = fixture.run(&["build", "--deny-warnings"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let output = fixture.output();
    let page = std::fs::read_to_string(output.join("dossiers/azure-made-in-france/index.html"))
        .expect("the dossier page");
    // The provider is linked, with its region; the range list is named once.
    assert!(
        page.contains(r#"<a href="../../providers/azure/">Azure</a> (westeurope)"#),
        "{page}"
    );
    assert_eq!(
        page.matches("Azure IP Ranges and Service Tags, 2016-08-15")
            .count(),
        1
    );
    assert!(page.contains("AS8075 MICROSOFT-CORP-MSN-AS-BLOCK"));
    assert!(page.contains("(TTL 300 s)"));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(output.join("data/wiki.json")).expect("the export"),
    )
    .expect("valid JSON");
    let evidence = &json["dossiers"][0]["practices"][0]["evidence"];
    let ip = &evidence[1]["records"][0];
    assert_eq!(ip["provider"], "providers/azure");
    assert_eq!(ip["region"], "westeurope");
    assert_eq!(ip["asn"], 8075);
    assert_eq!(evidence[0]["records"][0]["ttl"], 300);
    // The provider's page counts the dossier among the pages that lead to it.
    let provider = std::fs::read_to_string(output.join("providers/azure/index.html"))
        .expect("the provider page");
    assert!(provider.contains("../../dossiers/azure-made-in-france/"));
}

#[test]
fn a_record_that_names_no_provider_of_the_wiki_is_an_error_at_its_line() {
    let fixture = with_evidence(&PROBED.replace("provider: azure", "provider: azur"));
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    let out = run.all();
    assert!(out.contains("error[unknown-reference]"), "{out}");
    // The record's `provider:`, line 39 of the dossier.
    assert!(out.contains("azure-made-in-france.md:39:23"), "{out}");
    assert!(out.contains("did you mean `azure`"), "{out}");
}

#[test]
fn a_record_type_foreign_to_its_kind_of_evidence_is_refused() {
    let fixture = with_evidence(&PROBED.replace("type: CNAME", "type: CNAM"));
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    let out = run.all();
    assert!(out.contains("error[bad-value]"), "{out}");
    assert!(
        out.contains("`CNAM` is not a type of record for `dns` evidence"),
        "{out}"
    );
    assert!(out.contains("did you mean `CNAME`"), "{out}");
    assert!(out.contains("azure-made-in-france.md:27:21"), "{out}");
    // Kinds of evidence the model gives no types for take any.
    let free = with_evidence(
        "      - kind: traceroute\n        date: 2016-08-22\n        records: [{ type: hop, name: \"1\", value: 192.0.2.1 }]\n",
    );
    let run = free.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
}

#[test]
fn a_record_needs_a_type_a_name_and_a_value() {
    let fixture = with_evidence(
        "      - kind: dns\n        date: 2016-08-22\n        records: [{ type: A, value: 192.0.2.1 }]\n",
    );
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    let out = run.all();
    assert!(out.contains("error[missing-field]"), "{out}");
    assert!(out.contains("`name`"), "{out}");
}

#[test]
fn an_address_or_a_prefix_that_is_not_one_is_refused() {
    let cases = [
        (
            "value: 192.0.2.10, ttl: 60",
            "value: 192.0.2, ttl: 60",
            "`192.0.2` is not an IPv4 address",
        ),
        (
            "name: 192.0.2.10\n",
            "name: azure.example\n",
            "`azure.example` is not an IP address",
        ),
        (
            "value: 192.0.2.0/24",
            "value: 198.51.100.0/24",
            "the prefix `198.51.100.0/24` does not contain the address `192.0.2.10`",
        ),
        (
            "value: 192.0.2.0/24",
            "value: 192.0.2.0/33",
            "`192.0.2.0/33` is not an address prefix",
        ),
    ];
    for (from, to, message) in cases {
        assert!(PROBED.contains(from), "{from}");
        let run = with_evidence(&PROBED.replacen(from, to, 1)).run(&["check"]);
        assert_eq!(run.code, Some(1), "{}", run.all());
        let out = run.all();
        assert!(
            out.contains("error[bad-value]") && out.contains(message),
            "{out}"
        );
    }
}
