//! List pages: every page of a kind (`/people/`, `/organizations/`,
//! `/providers/`, `/laws/`, `/topics/`), one line each; and the dossiers,
//! newest first, split over pages (`/dossiers/`, `/dossiers/page/2/`).

use serde::Serialize;

use super::pager::{self, Pager, Position};
use super::{Heading, PagePath, entity_kinds, page_title};
use crate::front_matter::{Dossier, Law, Organization, Person, Provider, Topic};
use crate::kind::Kind;
use crate::render::shape::Shape;
use crate::render::views::{Link, Views};
use crate::resolve::{EntityId, Id, Wiki};

/// The list of every page of a kind.
pub struct KindList {
    kind: Kind,
    /// The kind's pages, by slug.
    pages: Vec<EntityId>,
    /// For the topics' list, how many dossiers each topic has.
    topic_sizes: Vec<usize>,
}

/// One page of the dossiers' list.
pub struct Dossiers {
    /// Its window of the dossiers, newest first.
    dossiers: Vec<Id<Dossier>>,
    position: Position,
}

/// What `list.html` sees.
#[derive(Serialize)]
pub struct ListView {
    /// The kind's folder (`people`, `dossiers`).
    kind: &'static str,
    items: Vec<ListItem>,
    pager: Option<Pager>,
}

/// A line of a list page.
#[derive(Serialize)]
struct ListItem {
    link: Link,
    detail: Option<String>,
}

/// The list of each kind but dossiers.
pub fn plan_kinds(wiki: &Wiki) -> impl Iterator<Item = (PagePath, KindList)> + '_ {
    entity_kinds().map(|kind| {
        let pages: Vec<EntityId> = wiki.entities_of(kind).collect();
        let topic_sizes = pages
            .iter()
            .filter_map(|id| id.typed::<Topic>())
            .map(|topic| wiki.dossiers_in(topic).len())
            .collect();
        let list = KindList {
            kind,
            pages,
            topic_sizes,
        };
        (PagePath::Folder(format!("{}/", kind.folder())), list)
    })
}

/// The pages of the dossiers' list, given the dossiers newest first.
pub fn plan_dossiers(
    newest: &[Id<Dossier>],
    per_page: usize,
) -> impl Iterator<Item = (PagePath, Dossiers)> + '_ {
    pager::split("dossiers/", newest.len(), per_page).map(|(path, position, range)| {
        let page = Dossiers {
            dossiers: newest[range].to_vec(),
            position,
        };
        (path, page)
    })
}

impl KindList {
    pub fn shape<'w>(&self, shape: Shape<'w>) -> Shape<'w> {
        let KindList {
            kind: _,
            pages,
            topic_sizes,
        } = self;
        let shape = shape.entities(pages.iter().copied());
        topic_sizes.iter().fold(shape, |shape, &n| shape.number(n))
    }

    pub fn view(&self, views: &Views<'_>) -> (Heading, ListView) {
        let kind = self.kind;
        let items = self
            .pages
            .iter()
            .enumerate()
            .map(|(position, &id)| ListItem {
                link: views.link(id),
                detail: self.detail(views, id, position),
            })
            .collect();
        let folder = kind.folder();
        let view = ListView {
            kind: folder,
            items,
            pager: None,
        };
        let title = views.theme.label("kind_plural", folder);
        (Heading::website(title, folder), view)
    }

    /// The short line under an entity, the list's `position`-th.
    fn detail(&self, views: &Views<'_>, id: EntityId, position: usize) -> Option<String> {
        if let Some(person) = id.typed::<Person>() {
            let roles = &views.page(person).front.roles;
            roles.first().map(|r| r.title.clone())
        } else if let Some(organization) = id.typed::<Organization>() {
            let kind = views.page(organization).front.kind;
            kind.map(|k| views.theme.label("organization_kind", k.as_str()))
        } else if let Some(provider) = id.typed::<Provider>() {
            let provider = views.page(provider);
            let operator = provider.links.operator.map(|o| views.title(o));
            let category = provider
                .front
                .category
                .map(|c| views.theme.label("provider_category", c.as_str()));
            let parts: Vec<String> = category.into_iter().chain(operator).collect();
            (!parts.is_empty()).then(|| parts.join(" · "))
        } else if let Some(law) = id.typed::<Law>() {
            let jurisdiction = views.page(law).front.jurisdiction.as_ref();
            jurisdiction.map(|c| views.country(&c.0))
        } else if id.kind == Kind::Topic {
            let count = self.topic_sizes.get(position).copied().unwrap_or(0);
            let count = i64::try_from(count).unwrap_or(i64::MAX);
            Some(views.theme.counting.phrase(count, "dossiers"))
        } else {
            None
        }
    }
}

impl Dossiers {
    pub fn shape<'w>(&self, shape: Shape<'w>) -> Shape<'w> {
        let Dossiers {
            dossiers,
            position: Position { number, pages },
        } = self;
        shape.dossiers(dossiers).number(*number).number(*pages)
    }

    pub fn view(&self, views: &Views<'_>) -> (Heading, ListView) {
        let items = self
            .dossiers
            .iter()
            .map(|&d| {
                let card = views.dossier_card(d);
                ListItem {
                    link: Link {
                        url: card.url,
                        title: card.title,
                    },
                    detail: Some(card.date.text),
                }
            })
            .collect();
        let view = ListView {
            kind: "dossiers",
            items,
            pager: Some(self.position.pager("dossiers/", &views.urls)),
        };
        let title = views.theme.label("kind_plural", "dossiers");
        let title = page_title(views.theme, &title, self.position.number);
        (Heading::website(title, "dossiers"), view)
    }
}
