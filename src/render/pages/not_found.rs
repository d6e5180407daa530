//! The page for addresses that lead nowhere (`/404.html`), served by static
//! hosts at any address: its links start from the base URL's path.

use serde::Serialize;

use super::Heading;
use crate::render::views::Views;

/// What `404.html` sees: nothing but `page` and `root`.
#[derive(Serialize)]
pub struct NotFoundView {}

pub fn view(views: &Views<'_>) -> (Heading, NotFoundView) {
    let title = views.theme.label("page", "not_found");
    (Heading::website(title, "none"), NotFoundView {})
}
