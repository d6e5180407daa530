//! Shapes: a digest of which entries a page lists, in which order, that can be
//! taken from the wiki's links without rendering the page.
//!
//! A page shows its own data, data of the pages it reads (noted by
//! [`Views`](super::views::Views) as it renders) and a list of entries that
//! other files decide: the statements of a person are in the dossiers, the
//! practices exposed to a law in the dossiers and the providers. A rebuild
//! renders a page again when its shape changed or a page it read was edited;
//! otherwise it would give the same bytes. Entries are named by slug and id,
//! not by index, so that adding a file elsewhere leaves shapes alone.

use std::hash::{Hash, Hasher};

// FxHash: shapes hash many short slugs on every rebuild; SipHash showed in
// profiles, and shapes need no defence against chosen inputs.
use rustc_hash::FxHasher;

use super::urls::{item_anchor, slug};
use super::views::Listed;
use crate::front_matter::Dossier;
use crate::resolve::{EntityId, Id, ItemId, ResponseId, Wiki};

/// Builds one page's shape.
pub struct Shape<'a> {
    wiki: &'a Wiki,
    hasher: FxHasher,
}

impl<'a> Shape<'a> {
    /// An empty shape.
    pub fn new(wiki: &'a Wiki) -> Shape<'a> {
        Shape {
            wiki,
            hasher: FxHasher::default(),
        }
    }

    /// Adds a page.
    pub fn entity(mut self, id: EntityId) -> Self {
        id.kind.hash(&mut self.hasher);
        slug(self.wiki, id).hash(&mut self.hasher);
        self
    }

    /// Adds pages, in order.
    pub fn entities(self, ids: impl IntoIterator<Item = EntityId>) -> Self {
        ids.into_iter().fold(self.number(usize::MAX), Shape::entity)
    }

    /// Adds dossiers, in order.
    pub fn dossiers(self, dossiers: &[Id<Dossier>]) -> Self {
        self.entities(dossiers.iter().map(|dossier| dossier.entity()))
    }

    /// Adds statements or practices, in order.
    pub fn items(mut self, items: &[ItemId]) -> Self {
        self = self.number(usize::MAX);
        for &item in items {
            self.wiki[item.dossier].slug.hash(&mut self.hasher);
            item_anchor(self.wiki, item).hash(&mut self.hasher);
        }
        self
    }

    /// Adds responses, in order.
    pub fn responses(mut self, responses: &[ResponseId]) -> Self {
        self = self.number(usize::MAX);
        for &response in responses {
            self.wiki[response.dossier].slug.hash(&mut self.hasher);
            self.wiki.response(response).0.id.hash(&mut self.hasher);
        }
        self
    }

    /// Adds statements or practices as lists show them, in order.
    pub fn listed(mut self, listed: &[Listed]) -> Self {
        self = self.number(usize::MAX);
        for &Listed { item, contradicted } in listed {
            self.wiki[item.dossier].slug.hash(&mut self.hasher);
            item_anchor(self.wiki, item).hash(&mut self.hasher);
            contradicted.hash(&mut self.hasher);
        }
        self
    }

    /// Adds a number, such as a count shown on the page.
    pub fn number(mut self, n: usize) -> Self {
        n.hash(&mut self.hasher);
        self
    }

    /// The digest.
    pub fn finish(self) -> u64 {
        self.hasher.finish()
    }
}
