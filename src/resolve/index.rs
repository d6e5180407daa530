//! Looks references up: every slug of every kind, and every statement and
//! practice id of every dossier. Unresolved references become diagnostics
//! with the nearest slugs or ids as help.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{EntityId, Id, ItemId, ItemKind};
use crate::diagnostic::Code;
use crate::front_matter::Dossier;
use crate::front_matter::Reference;
use crate::kind::Kind;
use crate::suggest::did_you_mean;

/// Why a reference did not resolve.
#[derive(Debug)]
pub struct Unresolved {
    /// The diagnostic code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// The nearest candidates, or the expected kinds.
    pub help: Option<String>,
}

/// Every name a reference can use.
#[derive(Debug, Default)]
pub struct Index {
    /// Slug to the entities of every kind that use it.
    slugs: HashMap<String, Vec<EntityId>>,
    /// The slugs of each kind, in order, for suggestions.
    by_kind: HashMap<Kind, Vec<String>>,
    /// For each dossier, its statements and practices.
    items: Vec<Items>,
    /// Files of the tree that failed their own checks, by kind and slug.
    rejected: HashSet<(Kind, String)>,
}

impl Index {
    /// Adds an entity.
    pub fn add(&mut self, slug: &str, id: EntityId) {
        self.slugs.entry(slug.to_string()).or_default().push(id);
        self.by_kind
            .entry(id.kind)
            .or_default()
            .push(slug.to_string());
    }

    /// Notes a file that exists but failed its own checks, and so was not added.
    pub fn reject(&mut self, kind: Kind, slug: &str) {
        self.rejected.insert((kind, slug.to_string()));
    }

    /// Whether `reference`, expected to name one of `kinds`, may name a file
    /// that failed its own checks: what it names is then unknown, and the
    /// file's own errors already say why.
    pub fn is_rejected(&self, reference: &Reference, kinds: &[Kind]) -> bool {
        let written = reference.kind;
        kinds
            .iter()
            .copied()
            .filter(|kind| written.is_none_or(|w| w == *kind))
            .any(|kind| self.rejected.contains(&(kind, reference.slug.to_string())))
    }

    /// Adds a dossier's statements and practices; dossiers must be added in
    /// index order.
    pub fn add_items(&mut self, items: Items) {
        self.items.push(items);
    }

    /// Puts `items` in place of those of dossier `index`, which must have
    /// the same ids in the same order.
    pub fn replace_items(&mut self, index: usize, items: Items) {
        if let Some(slot) = self.items.get_mut(index) {
            *slot = items;
        }
    }

    /// The entity of one of the `expected` kinds that `reference` names.
    pub fn entity(&self, reference: &Reference, expected: &[Kind]) -> Result<EntityId, Unresolved> {
        let expected_text = || {
            expected
                .iter()
                .map(|k| k.with_article())
                .collect::<Vec<_>>()
                .join(" or ")
        };
        if reference.item.is_some() {
            return Err(Unresolved {
                code: Code::WrongKind,
                message: format!(
                    "`{reference}` names a statement or practice, not {}",
                    expected_text()
                ),
                help: Some(format!("write the slug of {}", expected_text())),
            });
        }
        let named = self
            .slugs
            .get(reference.slug.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let written_kind = reference.kind;
        let fits = |id: &EntityId| {
            expected.contains(&id.kind) && written_kind.is_none_or(|k| k == id.kind)
        };
        // The common case, without gathering matches: once per reference of
        // the wiki, on every rebuild.
        if let [one] = named
            && fits(one)
        {
            return Ok(*one);
        }
        let matching: Vec<EntityId> = named.iter().copied().filter(fits).collect();
        match matching.as_slice() {
            [one] => Ok(*one),
            [] if !named.is_empty()
                && named
                    .iter()
                    .all(|id| written_kind.is_none_or(|k| k == id.kind)) =>
            {
                let found: Vec<&str> = named.iter().map(|id| id.kind.with_article()).collect();
                Err(Unresolved {
                    code: Code::WrongKind,
                    message: format!(
                        "`{reference}` is {}, but {} is expected here",
                        found.join(" and "),
                        expected_text()
                    ),
                    help: self.suggest(&reference.slug, expected),
                })
            }
            [] => {
                let kinds: Vec<Kind> = written_kind.map_or_else(|| expected.to_vec(), |k| vec![k]);
                let wrong_folder = written_kind.filter(|k| !expected.contains(k));
                Err(Unresolved {
                    code: if wrong_folder.is_some() {
                        Code::WrongKind
                    } else {
                        Code::UnknownReference
                    },
                    message: match wrong_folder {
                        Some(kind) => format!(
                            "`{reference}` would be {}, but {} is expected here",
                            kind.with_article(),
                            expected_text()
                        ),
                        None => format!(
                            "`{reference}` names nothing: there is no {} with this slug",
                            kinds_text(&kinds)
                        ),
                    },
                    help: self.suggest(&reference.slug, &kinds).or_else(|| {
                        Some(format!(
                            "create content/{}/{}.md",
                            kinds[0].folder(),
                            reference.slug
                        ))
                    }),
                })
            }
            several => Err(Unresolved {
                code: Code::AmbiguousReference,
                message: format!("`{reference}` names {} things", several.len()),
                help: Some(format!(
                    "say which: {}",
                    several
                        .iter()
                        .map(|id| format!("`{}/{}`", id.kind.folder(), reference.slug))
                        .collect::<Vec<_>>()
                        .join(" or ")
                )),
            }),
        }
    }

    /// The item a `contradicts` entry or a wikilink names: `item-id` inside
    /// dossier `here`, or `dossier-slug#item-id` anywhere.
    pub fn item(
        &self,
        reference: &Reference,
        here: Option<Id<Dossier>>,
    ) -> Result<ItemId, Unresolved> {
        let (dossier, id) = match (&reference.item, here) {
            (Some(item), _) => {
                let dossier = Reference {
                    kind: reference.kind,
                    slug: reference.slug.clone(),
                    item: None,
                };
                let id = self.entity(&dossier, &[Kind::Dossier])?;
                (id.typed::<Dossier>(), item.as_str())
            }
            (None, Some(here)) if reference.kind.is_none() => (Some(here), reference.slug.as_str()),
            (None, _) => {
                return Err(Unresolved {
                    code: Code::BadReference,
                    message: format!("`{reference}` does not name a statement"),
                    help: Some("write `dossier-slug#statement-id`, or the statement's id alone within its dossier".into()),
                });
            }
        };
        let ids = dossier.and_then(|d| self.items.get(d.index()));
        match (dossier, ids.and_then(|ids| ids.get(id))) {
            (Some(dossier), Some((kind, index))) => Ok(ItemId {
                dossier,
                kind,
                index,
            }),
            _ => Err(Unresolved {
                code: Code::UnknownReference,
                message: format!(
                    "`{reference}` names nothing: the dossier has no statement or practice `{id}`"
                ),
                help: ids.and_then(|ids| did_you_mean(id, ids.ids())),
            }),
        }
    }

    /// Whether some entity of `kind` has this slug.
    pub fn has(&self, kind: Kind, slug: &str) -> Option<EntityId> {
        self.slugs
            .get(slug)?
            .iter()
            .copied()
            .find(|id| id.kind == kind)
    }

    /// "did you mean" over the slugs of `kinds`.
    pub fn suggest(&self, slug: &str, kinds: &[Kind]) -> Option<String> {
        let candidates = kinds
            .iter()
            .filter_map(|k| self.by_kind.get(k))
            .flatten()
            .map(String::as_str);
        did_you_mean(slug, candidates)
    }
}

fn kinds_text(kinds: &[Kind]) -> String {
    if kinds.len() == Kind::ALL.len() {
        return "page".into();
    }
    let names: Vec<&str> = kinds
        .iter()
        .map(|k| k.with_article().split_once(' ').map_or("", |(_, n)| n))
        .collect();
    names.join(" or ")
}

/// A dossier's statements and practices, found by id. Sorted positions
/// rather than a map of copied ids: every dossier's are gathered again on
/// each rebuild, and ten thousand small maps of strings took longer than
/// the lookups they served.
#[derive(Debug)]
pub struct Items {
    front: Arc<Dossier>,
    /// Every item's kind and index, by id; of two items with one id (an
    /// error `validate` reports), the statement, or the first, comes first.
    by_id: Box<[(ItemKind, usize)]>,
}

impl Items {
    /// The statements and practices of `front`.
    pub fn new(front: Arc<Dossier>) -> Items {
        let mut by_id: Vec<_> = (0..front.statements.len())
            .map(|i| (ItemKind::Statement, i))
            .chain((0..front.practices.len()).map(|i| (ItemKind::Practice, i)))
            .collect();
        // Stable: the first of equal ids stays first.
        by_id.sort_by(|&a, &b| id_of(&front, a).cmp(id_of(&front, b)));
        Items {
            front,
            by_id: by_id.into_boxed_slice(),
        }
    }

    /// The kind and index of the first item called `id`.
    fn get(&self, id: &str) -> Option<(ItemKind, usize)> {
        let at = self
            .by_id
            .partition_point(|&item| id_of(&self.front, item) < id);
        let &item = self.by_id.get(at)?;
        (id_of(&self.front, item) == id).then_some(item)
    }

    /// Every id, in the order written.
    fn ids(&self) -> impl Iterator<Item = &str> {
        let front = &self.front;
        let statements = front.statements.iter().map(|s| s.id.0.as_str());
        statements.chain(front.practices.iter().map(|p| p.id.0.as_str()))
    }
}

/// The id of item `(kind, index)` of `front`.
fn id_of(front: &Dossier, (kind, index): (ItemKind, usize)) -> &str {
    match kind {
        ItemKind::Statement => &front.statements[index].id.0,
        ItemKind::Practice => &front.practices[index].id.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dossier(yaml: &str) -> Arc<Dossier> {
        Arc::new(serde_yaml::from_str(yaml).expect("a dossier"))
    }

    #[test]
    fn items_are_found_by_id_the_first_of_two_winning() {
        let source = "{ url: https://example.org }";
        let front = dossier(&format!(
            "title: T\nsubject: s\ndate: 2020\nstatements:\n  - {{ id: zeta, date: 2020, quote: Q, source: {source} }}\n  - {{ id: alpha, date: 2020, quote: Q, source: {source} }}\n  - {{ id: alpha, date: 2021, quote: Q, source: {source} }}\npractices:\n  - {{ id: zeta, kind: hosting, date: 2020, summary: S }}\n  - {{ id: mid, kind: hosting, date: 2020, summary: S }}\n"
        ));
        let items = Items::new(front);
        assert_eq!(items.get("alpha"), Some((ItemKind::Statement, 1)));
        // A statement and a practice with one id: the statement keeps it.
        assert_eq!(items.get("zeta"), Some((ItemKind::Statement, 0)));
        assert_eq!(items.get("mid"), Some((ItemKind::Practice, 1)));
        assert_eq!(items.get("beta"), None);
        assert_eq!(items.get(""), None);
        // Suggestions go through the ids as written.
        let ids: Vec<&str> = items.ids().collect();
        assert_eq!(ids, ["zeta", "alpha", "alpha", "zeta", "mid"]);
    }
}
