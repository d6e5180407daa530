//! The rules that tie fields of one file together, beyond what the schema
//! says: a dossier has statements or practices, ids are unique, a verdict has
//! a note, a practice has evidence, press evidence cites a source, a response
//! has words, evidence files and stored copies of sources exist, sources have
//! archive copies, technical records fit their kind of evidence (an address
//! where an address is due, a prefix that holds it).

use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

use super::{Document, Step};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::front_matter::{ContradictionLink, Dossier, EvidenceKind, NetworkRecord, Source};
use crate::suggest::{did_you_mean, one_of};

use Step::{Field, Index};

/// Checks one dossier.
pub fn dossier(doc: &Document<Dossier>, media: &BTreeSet<String>) -> Vec<Diagnostic> {
    let front = &doc.front;
    let mut out = Vec::new();
    if front.statements.is_empty() && front.practices.is_empty() {
        out.push(
            Diagnostic::new(
                Code::EmptyDossier,
                "the dossier has neither statements nor practices",
                Some(doc.file.locate(doc.header.clone())),
            )
            .with_help("add at least one entry under `statements:` (what was said) or `practices:` (what was done)".to_string()),
        );
    }

    // Statements, practices and responses share one set of anchors on the page.
    let mut seen: HashMap<&str, (&str, usize)> = HashMap::new();
    let statements = front.statements.iter().enumerate();
    let practices = front.practices.iter().enumerate();
    let responses = front.responses.iter().enumerate();
    let ids = (statements.map(|(i, s)| ("statements", i, s.id.0.as_str())))
        .chain(practices.map(|(i, p)| ("practices", i, p.id.0.as_str())))
        .chain(responses.map(|(i, r)| ("responses", i, r.id.0.as_str())));
    for (list, index, id) in ids {
        if let Some(&(first_list, first_index)) = seen.get(id) {
            let first = doc.locate(&[Field(first_list), Index(first_index), Field("id")]);
            out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("the id `{id}` is used twice in this dossier"),
                    Some(doc.locate(&[Field(list), Index(index), Field("id")])),
                )
                .with_label("second use")
                .with_help(format!(
                    "ids are page anchors and must be unique; the first `{id}` is on line {}",
                    first.line
                )),
            );
        } else {
            seen.insert(id, (list, index));
        }
    }

    for (i, statement) in front.statements.iter().enumerate() {
        let at = |field| doc.locate(&[Field("statements"), Index(i), Field(field)]);
        if statement.verdict.is_some()
            && statement
                .verdict_note
                .as_deref()
                .is_none_or(|n| n.trim().is_empty())
        {
            out.push(
                Diagnostic::new(
                    Code::MissingVerdictNote,
                    "a verdict needs a `verdict_note`",
                    Some(at("verdict")),
                )
                .with_help(
                    "add `verdict_note:` saying why, with the facts that decide it".to_string(),
                ),
            );
        }
        check_source(
            doc,
            &statement.source,
            &[Field("statements"), Index(i), Field("source")],
            media,
            &mut out,
        );
        if let Some(source) = &statement.verdict_source {
            let path = [Field("statements"), Index(i), Field("verdict_source")];
            check_source(doc, source, &path, media, &mut out);
        }
    }

    for (i, response) in front.responses.iter().enumerate() {
        if response.quote.is_none() && response.summary.is_none() {
            out.push(
                Diagnostic::new(
                    Code::EmptyResponse,
                    format!("the response `{}` has neither `quote` nor `summary`", response.id),
                    Some(doc.locate(&[Field("responses"), Index(i), Field("id")])),
                )
                .with_help(
                    "add `quote:` with the words as published, or `summary:` with the answer in the wiki's words"
                        .to_string(),
                ),
            );
        }
        let path = [Field("responses"), Index(i), Field("source")];
        check_source(doc, &response.source, &path, media, &mut out);
    }

    for (i, practice) in front.practices.iter().enumerate() {
        if practice.evidence.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::MissingEvidence,
                    format!("the practice `{}` has no evidence", practice.id),
                    Some(doc.locate(&[Field("practices"), Index(i), Field("id")])),
                )
                .with_help(
                    "add an `evidence:` list with at least one item: what shows this was done"
                        .to_string(),
                ),
            );
        }
        for (j, evidence) in practice.evidence.iter().enumerate() {
            let path = |field| {
                [
                    Field("practices"),
                    Index(i),
                    Field("evidence"),
                    Index(j),
                    Field(field),
                ]
            };
            let at = |field| doc.locate(&path(field));
            match &evidence.source {
                Some(source) => check_source(doc, source, &path("source"), media, &mut out),
                None if evidence.kind.needs_source() => out.push(
                    Diagnostic::new(
                        Code::MissingSource,
                        "this kind of evidence must cite a `source`",
                        Some(at("kind")),
                    )
                    .with_help("add `source: { url: ... }`: where it was published".to_string()),
                ),
                None => {}
            }
            if let Some(file) = &evidence.file {
                check_file(file, at("file"), media, &mut out);
            }
            let records = path("records");
            for (k, record) in evidence.records.iter().enumerate() {
                let at = |field| {
                    let mut path = records.to_vec();
                    path.extend([Index(k), Field(field)]);
                    doc.locate(&path)
                };
                out.extend(check_record(evidence.kind, record, at));
            }
        }
        for (j, link) in practice.contradicts.iter().enumerate() {
            if let ContradictionLink::Noted(noted) = link {
                let path = [
                    Field("practices"),
                    Index(i),
                    Field("contradicts"),
                    Index(j),
                    Field("noted_by"),
                ];
                check_source(doc, &noted.noted_by, &path, media, &mut out);
            }
        }
    }
    out
}

/// A file named by evidence or a source must exist under `content/media/`.
fn check_file(
    file: &str,
    location: crate::diagnostic::Location,
    media: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    if !media.contains(file.trim_start_matches('/')) {
        out.push(
            Diagnostic::new(
                Code::MissingFile,
                format!("`{file}` does not exist"),
                Some(location),
            )
            .with_help(
                "put the file under content/media/ and write its path as `media/<name>`"
                    .to_string(),
            ),
        );
    }
}

/// A source should have an archived copy: articles disappear. Its stored
/// copy, when it names one, must exist.
fn check_source(
    doc: &Document<Dossier>,
    source: &Source,
    path: &[Step<'_>],
    media: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(file) = &source.file {
        let mut at = path.to_vec();
        at.push(Field("file"));
        check_file(file, doc.locate(&at), media, out);
    }
    if source.archive.is_none() {
        let mut url = path.to_vec();
        url.push(Field("url"));
        out.push(
            Diagnostic::new(
                Code::MissingArchive,
                format!("no archived copy of {}", source.url),
                Some(doc.locate(&url)),
            )
            .with_help("add `archive:` with the address of a copy in a web archive".to_string()),
        );
    }
}

/// A record's type must fit its kind of evidence, and an address or a prefix
/// must be one: `at` locates a field of the record.
fn check_record(
    kind: EvidenceKind,
    record: &NetworkRecord,
    at: impl Fn(&'static str) -> Location,
) -> Option<Diagnostic> {
    let kind_name = kind.as_str();
    let record_type = record.record_type.as_str();
    if let Some(types) = NetworkRecord::types_of(kind)
        && !types.contains(&record_type)
    {
        let help = did_you_mean(record_type, types.iter().copied())
            .unwrap_or_else(|| format!("`{kind_name}` records are of type {}", one_of(types)));
        let message = format!("`{record_type}` is not a type of record for `{kind_name}` evidence");
        return Some(Diagnostic::new(Code::BadValue, message, Some(at("type"))).with_help(help));
    }
    let bad = |field, message: String, help: &str| {
        Some(Diagnostic::new(Code::BadValue, message, Some(at(field))).with_help(help.to_string()))
    };
    let (name, value) = (record.name.trim(), record.value.trim());
    match (kind, record_type) {
        (EvidenceKind::Dns, "A") if value.parse::<Ipv4Addr>().is_err() => bad(
            "value",
            format!("`{value}` is not an IPv4 address, as an `A` record's value must be"),
            "write the address the name resolves to, such as `192.0.2.10`",
        ),
        (EvidenceKind::Dns, "AAAA") if value.parse::<Ipv6Addr>().is_err() => bad(
            "value",
            format!("`{value}` is not an IPv6 address, as an `AAAA` record's value must be"),
            "write the address the name resolves to, such as `2001:db8::10`",
        ),
        (EvidenceKind::IpAsn, "IP") => match (name.parse::<IpAddr>(), value.parse::<IpNet>()) {
            (Err(_), _) => bad(
                "name",
                format!("`{name}` is not an IP address, as an `IP` record's name must be"),
                "write the address looked up, such as `192.0.2.10`",
            ),
            (_, Err(_)) => bad(
                "value",
                format!("`{value}` is not an address prefix, as an `IP` record's value must be"),
                "write the prefix that matched, such as `192.0.2.0/24`",
            ),
            (Ok(address), Ok(prefix)) if !prefix.contains(&address) => bad(
                "value",
                format!("the prefix `{value}` does not contain the address `{name}`"),
                "write the prefix of the range list that holds the address",
            ),
            _ => None,
        },
        _ => None,
    }
}
