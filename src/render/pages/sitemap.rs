//! The sitemap (`/sitemap.xml`): the absolute address of every page but 404.

use tera::Context;

use super::{PagePath, Plan};
use crate::render::Error;
use crate::render::theme::Theme;
use crate::render::urls::Urls;
use crate::resolve::Wiki;

/// Renders `sitemap.xml`.
pub fn render(wiki: &Wiki, theme: &Theme, plan: &Plan) -> Result<Vec<u8>, Error> {
    let urls = Urls::new(wiki, Some(""));
    let pages: Vec<String> = plan
        .pages()
        .filter_map(|(path, _)| match path {
            PagePath::Folder(folder) => Some(urls.absolute(folder)),
            PagePath::File(_) => None,
        })
        .collect();
    let mut context = Context::new();
    context.insert("root", &urls.to(""));
    context.insert("pages", &pages);
    context.insert("base_url", &urls.absolute(""));
    theme.render("sitemap.xml", &context)
}
