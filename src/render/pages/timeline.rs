//! The timeline (`/timeline/`): every statement and practice of the wiki by
//! date, in brief, split over pages (`/timeline/page/2/`).

use serde::Serialize;

use super::pager::{self, Pager, Position};
use super::{Heading, PagePath, page_title};
use crate::render::shape::Shape;
use crate::render::views::{BriefView, Listed, Views};
use crate::resolve::Wiki;

const BASE: &str = "timeline/";

/// One page of the timeline.
pub struct Timeline {
    /// Its window of the wiki's items, by date.
    items: Vec<Listed>,
    position: Position,
}

/// What `timeline.html` sees.
#[derive(Serialize)]
pub struct TimelineView {
    items: Vec<BriefView>,
    pager: Pager,
}

/// The pages of the timeline.
pub fn plan(wiki: &Wiki, per_page: usize) -> impl Iterator<Item = (PagePath, Timeline)> + '_ {
    pager::split(BASE, wiki.timeline().len(), per_page).map(|(path, position, range)| {
        let page = Timeline {
            items: wiki.timeline()[range]
                .iter()
                .map(|&item| Listed::new(wiki, item))
                .collect(),
            position,
        };
        (path, page)
    })
}

impl Timeline {
    pub fn shape<'w>(&self, shape: Shape<'w>) -> Shape<'w> {
        let Timeline {
            items,
            position: Position { number, pages },
        } = self;
        shape.listed(items).number(*number).number(*pages)
    }

    pub fn view(&self, views: &Views<'_>) -> (Heading, TimelineView) {
        let view = TimelineView {
            items: self.items.iter().map(|&item| views.brief(item)).collect(),
            pager: self.position.pager(BASE, &views.urls),
        };
        let title = views.theme.label("page", "timeline");
        let title = page_title(views.theme, &title, self.position.number);
        (Heading::website(title, "timeline"), view)
    }
}
