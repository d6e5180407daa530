//! Typed ids of the wiki's pages and items.
//!
//! An [`Id<T>`] names a page of one kind (`Id<Provider>`) and indexes the
//! [`Wiki`] directly (`&wiki[provider]`), so that a provider's index cannot be
//! used where a law's is meant. An [`EntityId`] names a page of any kind, for
//! what mixes kinds (backlinks, wikilinks, what a page read); it converts
//! back to an `Id<T>` only when the kind matches. Both are made only here and
//! by the resolve stage: no code outside counts positions by hand.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::{Serialize, Serializer};

use super::{DossierLinks, OrganizationLinks, Page, PersonLinks, ProviderLinks, Wiki};
use crate::front_matter::{About, Dossier, Law, Organization, Person, Provider, Topic};
use crate::kind::Kind;

/// The front matter of a kind of page: ties the type to its [`Kind`], its
/// resolved links and its list in the [`Wiki`].
pub trait Kinded: Sized + 'static {
    /// The kind.
    const KIND: Kind;
    /// Its references, resolved.
    type Links: 'static;
    /// The wiki's pages of this kind, by slug.
    fn pages(wiki: &Wiki) -> &[Page<Self, Self::Links>];
}

macro_rules! kinded {
    ($($front:ty => $kind:ident, $links:ty, $field:ident;)*) => {$(
        impl Kinded for $front {
            const KIND: Kind = Kind::$kind;
            type Links = $links;
            fn pages(wiki: &Wiki) -> &[Page<Self, Self::Links>] {
                &wiki.pages.$field
            }
        }
    )*};
}

kinded! {
    Dossier => Dossier, DossierLinks, dossiers;
    Person => Person, PersonLinks, people;
    Organization => Organization, OrganizationLinks, organizations;
    Provider => Provider, ProviderLinks, providers;
    Law => Law, (), laws;
    Topic => Topic, (), topics;
    About => About, (), about;
}

/// A page of one kind: its position in the wiki's list of that kind.
pub struct Id<T> {
    index: u32,
    kind: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    /// The id of the `index`-th page of the kind (resolve numbers them).
    pub(super) fn new(index: usize) -> Id<T> {
        Id {
            index: u32::try_from(index).expect("fewer than 2^32 pages of a kind"),
            kind: PhantomData,
        }
    }

    /// The position in the wiki's list of the kind.
    pub(super) fn index(self) -> usize {
        self.index as usize
    }
}

impl<T: Kinded> Id<T> {
    /// The same page, as a page of any kind.
    pub fn entity(self) -> EntityId {
        EntityId {
            kind: T::KIND,
            index: self.index,
        }
    }
}

impl<T: Kinded> From<Id<T>> for EntityId {
    fn from(id: Id<T>) -> EntityId {
        id.entity()
    }
}

impl<T: Kinded> std::ops::Index<Id<T>> for Wiki {
    type Output = Page<T, T::Links>;

    fn index(&self, id: Id<T>) -> &Self::Output {
        &T::pages(self)[id.index()]
    }
}

// By hand: derives would require `T` itself to be `Copy`, `Eq`...
impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Id<T> {}
impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}
impl<T> Eq for Id<T> {}
impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}
impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}
impl<T: Kinded> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}#{}", T::KIND, self.index)
    }
}
impl<T> Serialize for Id<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.index.serialize(serializer)
    }
}

/// A page of the wiki, of any kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntityId {
    /// The kind.
    pub kind: Kind,
    index: u32,
}

impl EntityId {
    /// The page as a page of kind `T`, when it is one.
    pub fn typed<T: Kinded>(self) -> Option<Id<T>> {
        (self.kind == T::KIND).then_some(Id {
            index: self.index,
            kind: PhantomData,
        })
    }

    /// The `index`-th page of `kind` (resolve numbers them).
    pub(super) fn new(kind: Kind, index: usize) -> EntityId {
        EntityId {
            kind,
            index: u32::try_from(index).expect("fewer than 2^32 pages of a kind"),
        }
    }

    /// The position in the wiki's list of its kind.
    pub(super) fn index(self) -> usize {
        self.index as usize
    }
}

/// Statement or practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// Something said.
    Statement,
    /// Something done.
    Practice,
}

/// A statement or practice: its dossier, its kind and its position in the
/// dossier's list of that kind (`statements[index]` or `practices[index]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ItemId {
    /// The dossier.
    pub dossier: Id<Dossier>,
    /// Statement or practice.
    pub kind: ItemKind,
    /// Position in the dossier's list of statements or of practices.
    pub index: usize,
}

/// A response: its dossier and its position in the dossier's `responses`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ResponseId {
    /// The dossier.
    pub dossier: Id<Dossier>,
    /// Position in the dossier's list of responses.
    pub index: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_id_comes_back_only_as_its_own_kind() {
        let provider: Id<Provider> = Id::new(3);
        let entity = provider.entity();
        assert_eq!(entity.kind, Kind::Provider);
        assert_eq!(entity.typed::<Provider>(), Some(provider));
        assert_eq!(entity.typed::<Law>(), None);
        assert_eq!(format!("{provider:?}"), "Provider#3");
    }
}
