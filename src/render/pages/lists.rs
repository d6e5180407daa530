//! List pages: every page of a kind (`/people/`, `/organizations/`,
//! `/providers/`, `/laws/`, `/topics/`), one line each; and the dossiers,
//! newest first, split over pages (`/dossiers/`, `/dossiers/page/2/`).

use serde::Serialize;

use super::pager::{self, Pager, Position};
use super::{Heading, PagePath, entity_kinds, page_title};
use crate::kind::Kind;
use crate::render::shape::Shape;
use crate::render::views::{Link, Views};
use crate::resolve::{EntityId, Wiki};

/// The list of every page of a kind.
pub struct KindList {
    kind: Kind,
    count: usize,
    /// For the topics' list, how many dossiers each topic has.
    topic_sizes: Vec<usize>,
}

/// One page of the dossiers' list.
pub struct Dossiers {
    /// Its window of the dossiers, newest first.
    dossiers: Vec<usize>,
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
    entity_kinds(wiki).map(|(kind, count)| {
        let topic_sizes = match kind {
            Kind::Topic => wiki.dossiers_by_topic.iter().map(Vec::len).collect(),
            _ => Vec::new(),
        };
        let list = KindList {
            kind,
            count,
            topic_sizes,
        };
        (PagePath::Folder(format!("{}/", kind.folder())), list)
    })
}

/// The pages of the dossiers' list, given the dossiers newest first.
pub fn plan_dossiers(
    newest: &[usize],
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
            kind,
            count,
            topic_sizes,
        } = self;
        let kind = *kind;
        let shape = shape.entities((0..*count).map(|index| EntityId { kind, index }));
        topic_sizes.iter().fold(shape, |shape, &n| shape.number(n))
    }

    pub fn view(&self, views: &Views<'_>) -> (Heading, ListView) {
        let kind = self.kind;
        let items = (0..self.count)
            .map(|index| {
                let id = EntityId { kind, index };
                ListItem {
                    link: views.link(id),
                    detail: self.detail(views, id),
                }
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

    /// The short line under an entity in its list.
    fn detail(&self, views: &Views<'_>, id: EntityId) -> Option<String> {
        match id.kind {
            Kind::Person => views
                .person(id.index)
                .front
                .roles
                .first()
                .map(|r| r.title.clone()),
            Kind::Organization => views
                .organization(id.index)
                .front
                .kind
                .map(|k| views.theme.label("organization_kind", k.as_str())),
            Kind::Provider => {
                let provider = views.provider(id.index);
                let operator = provider.links.operator.map(|o| views.title(o));
                let category = provider
                    .front
                    .category
                    .map(|c| views.theme.label("provider_category", c.as_str()));
                let parts: Vec<String> = category.into_iter().chain(operator).collect();
                (!parts.is_empty()).then(|| parts.join(" · "))
            }
            Kind::Law => views
                .law(id.index)
                .front
                .jurisdiction
                .as_ref()
                .map(|c| views.country(&c.0)),
            Kind::Topic => {
                let count = self.topic_sizes.get(id.index).copied().unwrap_or(0);
                let key = if count == 1 { "dossier" } else { "dossiers" };
                Some(format!("{count} {}", views.theme.label("page", key)))
            }
            Kind::Dossier => None,
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
