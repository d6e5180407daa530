//! The contradictions (`/contradictions/`): each statement beside the
//! practice that contradicts it, with the time between, split over pages
//! (`/contradictions/page/2/`).

use serde::Serialize;

use super::pager::{self, Pager, Position};
use super::{Heading, PagePath, page_title};
use crate::render::shape::Shape;
use crate::render::views::{ContradictionView, Listed, Views};
use crate::resolve::{EntityId, ItemId, Wiki};

const BASE: &str = "contradictions/";

/// One page of the contradictions.
pub struct Contradictions {
    /// Its window of the wiki's contradictions: statement, then practice.
    pairs: Vec<(ItemId, ItemId)>,
    position: Position,
}

/// What `contradictions.html` sees.
#[derive(Serialize)]
pub struct ContradictionsView {
    contradictions: Vec<ContradictionView>,
    pager: Pager,
}

/// The pages of the contradictions.
pub fn plan(wiki: &Wiki, per_page: usize) -> impl Iterator<Item = (PagePath, Contradictions)> + '_ {
    pager::split(BASE, wiki.contradictions().len(), per_page).map(|(path, position, range)| {
        let pairs = wiki.contradictions()[range]
            .iter()
            .map(|c| (c.statement, c.practice))
            .collect();
        (path, Contradictions { pairs, position })
    })
}

impl Contradictions {
    pub fn shape<'w>(&self, shape: Shape<'w>) -> Shape<'w> {
        let Contradictions {
            pairs,
            position: Position { number, pages },
        } = self;
        let items: Vec<ItemId> = pairs.iter().flat_map(|&(s, p)| [s, p]).collect();
        shape.items(&items).number(*number).number(*pages)
    }

    pub fn view(&self, views: &Views<'_>) -> (Heading, ContradictionsView) {
        let contradictions = self
            .pairs
            .iter()
            .map(|&(statement, practice)| ContradictionView {
                // Both sides of a contradiction are, by definition, contradicted.
                statement: views.brief(Listed {
                    item: statement,
                    contradicted: true,
                }),
                practice: views.brief(Listed {
                    item: practice,
                    contradicted: true,
                }),
                dossiers: views.links(&dossiers_of(statement, practice)),
                gap: views.gap(&views.item_date(statement), &views.item_date(practice)),
                noted_by: views.noted_by(practice, statement),
            })
            .collect();
        let view = ContradictionsView {
            contradictions,
            pager: self.position.pager(BASE, &views.urls),
        };
        let title = views.theme.label("page", "contradictions");
        let title = page_title(views.theme, &title, self.position.number);
        (Heading::website(title, "contradictions"), view)
    }
}

/// The dossiers of a contradiction's two sides, each once.
fn dossiers_of(statement: ItemId, practice: ItemId) -> Vec<EntityId> {
    let mut dossiers = vec![statement.dossier.entity()];
    if practice.dossier != statement.dossier {
        dossiers.push(practice.dossier.entity());
    }
    dossiers
}
