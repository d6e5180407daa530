//! The rules that tie fields of one file together, beyond what the schema
//! says: a dossier has statements or practices, ids are unique, a verdict has
//! a note, a practice has evidence, press evidence cites a source, evidence
//! files exist, sources have archive copies.

use std::collections::{BTreeSet, HashMap};

use super::{Document, Step};
use crate::diagnostic::{Code, Diagnostic};
use crate::front_matter::{Dossier, Source};

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

    // Statements and practices share one set of anchors on the page.
    let mut seen: HashMap<&str, (&str, usize)> = HashMap::new();
    let ids = front
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| ("statements", i, s.id.0.as_str()))
        .chain(
            front
                .practices
                .iter()
                .enumerate()
                .map(|(i, p)| ("practices", i, p.id.0.as_str())),
        );
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
            &mut out,
        );
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
                Some(source) => check_source(doc, source, &path("source"), &mut out),
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
            if let Some(file) = &evidence.file
                && !media.contains(file.trim_start_matches('/'))
            {
                out.push(
                    Diagnostic::new(
                        Code::MissingFile,
                        format!("`{file}` does not exist"),
                        Some(at("file")),
                    )
                    .with_help(
                        "put the file under content/media/ and write its path as `media/<name>`"
                            .to_string(),
                    ),
                );
            }
        }
    }
    out
}

/// A source should have an archived copy: articles disappear.
fn check_source(
    doc: &Document<Dossier>,
    source: &Source,
    path: &[Step<'_>],
    out: &mut Vec<Diagnostic>,
) {
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
