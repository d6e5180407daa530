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

/// The text of `practice`'s file with `evidence` appended to the practice,
/// and the file's text before.
pub fn pasted(practice: &Practice, evidence: &[&Evidence]) -> Result<(String, String), String> {
    let text = std::fs::read_to_string(&practice.path)
        .map_err(|error| format!("cannot read {}: {error}", practice.path.display()))?;
    let front = FrontMatter::read(&practice.shown, text).map_err(|error| error.to_string())?;
    let items = serde_yaml::to_string(evidence).map_err(|error| error.to_string())?;
    let found = practices(&front)
        .iter()
        .find(|item| id_of(item).is_some_and(|id| id == practice.id));
    let Some(map) = found else {
        return Err(format!(
            "{} has no practice `{}` any more",
            practice.shown, practice.id
        ));
    };
    let insertion = edit::append_items(front.text(), map, "evidence", &items)
        .map_err(|error: EditError| format!("{}#{}: {error}", practice.shown, practice.id))?;
    let edited = edit::apply(front.text(), vec![insertion]);
    Ok((edited, front.file.text))
}
