//! The home page (`/`): the site's numbers and the latest dossiers.

use serde::Serialize;

use super::Heading;
use crate::front_matter::Dossier;
use crate::kind::Kind;
use crate::render::shape::Shape;
use crate::render::views::{DossierCard, Views};
use crate::resolve::{Id, Wiki};

/// How many dossiers the home page shows.
const LATEST: usize = 10;

/// The home page: the ten newest dossiers, and counts of everything.
pub struct Home {
    latest: Vec<Id<Dossier>>,
    counts: Counts,
}

/// How many of each thing the wiki holds: `counts` in the template.
#[derive(Debug, Clone, Copy, Serialize)]
struct Counts {
    dossiers: usize,
    statements: usize,
    practices: usize,
    contradictions: usize,
    people: usize,
    organizations: usize,
    providers: usize,
    laws: usize,
    topics: usize,
}

/// What `index.html` sees.
#[derive(Serialize)]
pub struct HomeView {
    /// The newest dossiers.
    latest: Vec<DossierCard>,
    /// How many of each thing.
    counts: Counts,
}

/// The home page, given the dossiers newest first.
pub fn plan(wiki: &Wiki, newest: &[Id<Dossier>]) -> Home {
    let dossiers = || wiki.all::<Dossier>().map(|(_, page)| &page.front);
    Home {
        latest: newest.iter().take(LATEST).copied().collect(),
        counts: Counts {
            dossiers: wiki.count(Kind::Dossier),
            statements: dossiers().map(|d| d.statements.len()).sum(),
            practices: dossiers().map(|d| d.practices.len()).sum(),
            contradictions: wiki.contradictions().len(),
            people: wiki.count(Kind::Person),
            organizations: wiki.count(Kind::Organization),
            providers: wiki.count(Kind::Provider),
            laws: wiki.count(Kind::Law),
            topics: wiki.count(Kind::Topic),
        },
    }
}

impl Home {
    pub fn shape<'w>(&self, shape: Shape<'w>) -> Shape<'w> {
        let Home { latest, counts } = self;
        let Counts {
            dossiers,
            statements,
            practices,
            contradictions,
            people,
            organizations,
            providers,
            laws,
            topics,
        } = *counts;
        [
            dossiers,
            statements,
            practices,
            contradictions,
            people,
            organizations,
            providers,
            laws,
            topics,
        ]
        .into_iter()
        .fold(shape.dossiers(latest), Shape::number)
    }

    pub fn view(&self, views: &Views<'_>) -> (Heading, HomeView) {
        let view = HomeView {
            latest: self.latest.iter().map(|&d| views.dossier_card(d)).collect(),
            counts: self.counts,
        };
        (Heading::website(views.site().title.clone(), "home"), view)
    }
}
