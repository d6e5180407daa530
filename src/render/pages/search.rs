//! The search page (`/search/`): a box, filters and results, filled in the
//! reader's browser by the theme's `search.js` from the index that
//! `render::search` builds. Without JavaScript it says that search needs it.

use serde::Serialize;

use super::Heading;
use crate::render::views::Views;

/// What `search.html` sees: the theme's `search` strings as JSON, for the
/// script, besides `page`, `root` and `strings`.
#[derive(Serialize)]
pub struct SearchView {
    /// JSON, `<` escaped so that it cannot close the `<script>` holding it.
    strings_json: String,
}

pub fn view(views: &Views<'_>) -> (Heading, SearchView) {
    let title = views.theme.label("page", "search");
    let strings = views
        .theme
        .strings
        .get("search")
        .cloned()
        .unwrap_or_default();
    let strings_json = strings.to_string().replace('<', "\\u003c");
    (
        Heading::website(title, "search"),
        SearchView { strings_json },
    )
}
