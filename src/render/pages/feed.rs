//! The Atom feed (`/feed.xml`): the dossiers most recently updated.

use serde::Serialize;
use tera::Context;

use crate::front_matter::{Date, Dossier};
use crate::render::Error;
use crate::render::markdown::inline_html;
use crate::render::theme::Theme;
use crate::render::urls::{Urls, entity_path};
use crate::resolve::Wiki;

/// How many dossiers the feed carries, most recently updated first.
const ENTRIES: usize = 50;

/// An entry of the feed.
#[derive(Serialize)]
struct Entry {
    url: String,
    title: String,
    summary: Option<String>,
    published: String,
    updated: String,
    /// Corrections, newest first.
    corrections: Vec<CorrectionEntry>,
}

/// A correction, in an entry's content.
#[derive(Serialize)]
struct CorrectionEntry {
    /// `2026-12-01`.
    date: String,
    /// The note, as HTML.
    note: String,
}

/// Renders `feed.xml`.
pub fn render(wiki: &Wiki, theme: &Theme) -> Result<Vec<u8>, Error> {
    let urls = Urls::new(wiki, Some(""));
    let mut dossiers: Vec<_> = wiki.all::<Dossier>().collect();
    dossiers.sort_by(|(_, a), (_, b)| {
        (b.front.last_changed(), &a.slug).cmp(&(a.front.last_changed(), &b.slug))
    });
    // A feed carries the latest entries, not the archive: readers poll it.
    dossiers.truncate(ENTRIES);
    let entries: Vec<Entry> = dossiers
        .iter()
        .map(|&(id, page)| Entry {
            url: urls.absolute(&entity_path(wiki, id.entity())),
            title: page.front.title.to_string(),
            summary: page.front.summary.as_deref().map(str::to_string),
            published: atom_date(&page.front.date),
            updated: atom_date(&page.front.last_changed()),
            corrections: {
                let mut corrections: Vec<_> = page.front.corrections.iter().collect();
                corrections.sort_by_key(|c| std::cmp::Reverse(c.date));
                corrections
                    .into_iter()
                    .map(|c| CorrectionEntry {
                        date: c.date.to_string(),
                        note: inline_html(wiki, theme, &urls, &c.note),
                    })
                    .collect()
            },
        })
        .collect();
    let mut context = Context::new();
    context.insert("root", &urls.to(""));
    context.insert(
        "feed_updated",
        &entries
            .first()
            .map_or_else(|| "1970-01-01T00:00:00Z".into(), |e| e.updated.clone()),
    );
    context.insert("entries", &entries);
    context.insert("base_url", &urls.absolute(""));
    theme.render("feed.xml", &context)
}

/// An RFC 3339 timestamp for a date, taking unknown parts as the first.
fn atom_date(date: &Date) -> String {
    format!("{}T00:00:00Z", date.first_day())
}
