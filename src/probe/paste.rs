//! `vigie probe --into DOSSIER#PRACTICE`: appends the evidence gathered to a
//! practice's `evidence:` in the dossier's file, every other byte kept.

use std::path::{Path, PathBuf};

use super::Evidence;
use crate::edit::{self, EditError, FrontMatter};
use crate::parse::yaml::Node;

/// A practice of a dossier, where evidence goes.
#[derive(Debug, Clone)]
pub struct Practice {
    /// The dossier's file.
    pub path: PathBuf,
    /// The file as diagnostics name it: relative to the root, `/`-separated.
    pub shown: String,
    /// The practice's `id`.
    pub id: String,
}

/// The practice `spec` names (`slug#practice`, or a file's path and
/// `#practice`), once its dossier and the practice are found under `root`.
pub fn practice(root: &Path, spec: &str) -> Result<Practice, String> {
    let Some((dossier, id)) = spec.rsplit_once('#') else {
        return Err(format!(
            "`{spec}` names no practice: write DOSSIER#PRACTICE, as `montebourg-2016-azure#site-2017-azure`"
        ));
    };
    let (path, shown) = if dossier.ends_with(".md") || dossier.contains('/') {
        let path = PathBuf::from(dossier);
        let shown = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        (path, shown)
    } else {
        let shown = format!("content/dossiers/{dossier}.md");
        (root.join(&shown), shown)
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let front = FrontMatter::read(&shown, text).map_err(|error| error.to_string())?;
    let ids = practice_ids(&front);
    if !ids.iter().any(|known| known == id) {
        let mut message = format!("{shown} has no practice `{id}`");
        let help = crate::suggest::did_you_mean(id, ids.iter().map(String::as_str))
            .or_else(|| (!ids.is_empty()).then(|| format!("its practices: {}", ids.join(", "))));
        if let Some(help) = help {
            message.push_str(&format!("; {help}"));
        }
        return Err(message);
    }
    Ok(Practice {
        path,
        shown,
        id: id.to_string(),
    })
}

/// The ids of a dossier's practices.
fn practice_ids(front: &FrontMatter) -> Vec<String> {
    practices(front).iter().filter_map(id_of).collect()
}

/// A dossier's practices, as written.
fn practices(front: &FrontMatter) -> &[Node] {
    front
        .root
        .get("practices")
        .and_then(|entry| entry.value.items())
        .unwrap_or_default()
}

/// A practice's `id`.
fn id_of(practice: &Node) -> Option<String> {
    practice.get("id")?.value.scalar_text()
}

/// What pasting found to do.
pub struct Pasted {
    /// The file's text with the new evidence, if any was new.
    pub edited: Option<String>,
    /// The file's text before.
    pub original: String,
    /// How many pieces of evidence were added.
    pub added: usize,
    /// How many the practice already had: same kind, day and records.
    pub already: usize,
}

/// `practice`'s file with `evidence` appended to the practice, leaving out
/// what it already holds (the same probe run twice on a day adds nothing).
pub fn pasted(practice: &Practice, evidence: &[&Evidence]) -> Result<Pasted, String> {
    let text = std::fs::read_to_string(&practice.path)
        .map_err(|error| format!("cannot read {}: {error}", practice.path.display()))?;
    let front = FrontMatter::read(&practice.shown, text).map_err(|error| error.to_string())?;
    let found = practices(&front)
        .iter()
        .find(|item| id_of(item).is_some_and(|id| id == practice.id));
    let Some(map) = found else {
        return Err(format!(
            "{} has no practice `{}` any more",
            practice.shown, practice.id
        ));
    };
    let held: Vec<Fingerprint> = map
        .get("evidence")
        .and_then(|entry| entry.value.items())
        .unwrap_or_default()
        .iter()
        .map(fingerprint_of_node)
        .collect();
    let new: Vec<&Evidence> = evidence
        .iter()
        .copied()
        .filter(|e| !held.contains(&fingerprint_of(e)))
        .collect();
    let already = evidence.len() - new.len();
    let edited = if new.is_empty() {
        None
    } else {
        let items = serde_yaml::to_string(&new).map_err(|error| error.to_string())?;
        let insertion = edit::append_items(front.text(), map, "evidence", &items)
            .map_err(|error: EditError| format!("{}#{}: {error}", practice.shown, practice.id))?;
        Some(edit::apply(front.text(), vec![insertion]))
    };
    Ok(Pasted {
        edited,
        original: front.file.text,
        added: new.len(),
        already,
    })
}

/// What makes two pieces of evidence the same: kind, day, and the type,
/// name and value of each record.
type Fingerprint = (String, String, Vec<(String, String, String)>);

fn fingerprint_of(evidence: &Evidence) -> Fingerprint {
    let records = evidence
        .records
        .iter()
        .map(|r| {
            (
                r.record_type.to_string(),
                r.name.to_string(),
                r.value.to_string(),
            )
        })
        .collect();
    (
        evidence.kind.as_str().to_string(),
        evidence.date.clone(),
        records,
    )
}

fn fingerprint_of_node(evidence: &Node) -> Fingerprint {
    let text = |node: &Node, key: &str| {
        node.get(key)
            .and_then(|entry| entry.value.scalar_text())
            .unwrap_or_default()
    };
    let records = evidence
        .get("records")
        .and_then(|entry| entry.value.items())
        .unwrap_or_default()
        .iter()
        .map(|r| (text(r, "type"), text(r, "name"), text(r, "value")))
        .collect();
    (text(evidence, "kind"), text(evidence, "date"), records)
}
