//! Addresses of pages. Internal links are relative to the page that holds
//! them (`../../people/x/`), so a build works at a domain's root, under a
//! sub-path and from disk alike; only canonical links, feeds and the sitemap,
//! which must be absolute, use `base_url`.

use crate::resolve::{EntityId, ItemId, ItemKind, ResponseId, Target, Wiki};

/// The path of a page under the output root, as written in URLs: `""` for the
/// home page, `dossiers/x/` for a dossier.
pub fn entity_path(wiki: &Wiki, id: EntityId) -> String {
    // `concat` rather than `format!`: this runs for every link of every page.
    [id.kind.folder(), "/", slug(wiki, id), "/"].concat()
}

/// The slug of a page.
pub fn slug(wiki: &Wiki, id: EntityId) -> &str {
    wiki.common(id).slug
}

/// The anchor id of a statement or practice.
pub fn item_anchor(wiki: &Wiki, item: ItemId) -> &str {
    match item.kind {
        ItemKind::Statement => &wiki.statement(item).0.id.0,
        ItemKind::Practice => &wiki.practice(item).0.id.0,
    }
}

/// Makes links from one page to others.
#[derive(Debug, Clone)]
pub struct Urls {
    /// What leads from the current page back to the root: `../../`, or the
    /// base URL's path for pages served at any address (404).
    prefix: String,
    /// The site's address, with a trailing slash.
    base_url: String,
    /// The page's own path, so that links within it are bare `#anchors`.
    here: Option<String>,
}

impl Urls {
    /// Links for the page at `path` (`dossiers/x/`); `None` for a page that
    /// can be served at any address, which links from the base URL's path.
    pub fn new(wiki: &Wiki, path: Option<&str>) -> Urls {
        let base_url = if wiki.site().base_url.0.ends_with('/') {
            wiki.site().base_url.0.to_string()
        } else {
            format!("{}/", wiki.site().base_url.0)
        };
        let prefix = match path {
            Some(path) => "../".repeat(path.matches('/').count()),
            None => {
                url::Url::parse(&base_url).map_or_else(|_| "/".into(), |u| u.path().to_string())
            }
        };
        Urls {
            prefix,
            base_url,
            here: path.map(str::to_string),
        }
    }

    /// A link to a path under the root.
    pub fn to(&self, path: &str) -> String {
        if self.prefix.is_empty() && path.is_empty() {
            return "./".into();
        }
        [self.prefix.as_str(), path].concat()
    }

    /// The absolute address of a path under the root.
    pub fn absolute(&self, path: &str) -> String {
        [self.base_url.as_str(), path].concat()
    }

    /// A link to a page.
    pub fn entity(&self, wiki: &Wiki, id: EntityId) -> String {
        [&self.prefix, id.kind.folder(), "/", slug(wiki, id), "/"].concat()
    }

    /// A link to a statement or practice on its dossier's page.
    pub fn item(&self, wiki: &Wiki, item: ItemId) -> String {
        self.anchored(wiki, item.dossier.entity(), item_anchor(wiki, item))
    }

    /// A link to a response on its dossier's page.
    pub fn response(&self, wiki: &Wiki, response: ResponseId) -> String {
        let anchor = &wiki.response(response).0.id.0;
        self.anchored(wiki, response.dossier.entity(), anchor)
    }

    /// A link to `anchor` on the page of `dossier`.
    fn anchored(&self, wiki: &Wiki, dossier: EntityId, anchor: &str) -> String {
        let path = entity_path(wiki, dossier);
        if self.here.as_deref() == Some(path.as_str()) {
            return ["#", anchor].concat();
        }
        [&self.prefix, &path, "#", anchor].concat()
    }

    /// A link to what a wikilink names.
    pub fn target(&self, wiki: &Wiki, target: Target) -> String {
        match target {
            Target::Entity(id) => self.entity(wiki, id),
            Target::Item(item) => self.item(wiki, item),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefixes_climb_to_the_root() {
        assert_eq!("../".repeat("dossiers/x/".matches('/').count()), "../../");
        assert_eq!("../".repeat("".matches('/').count()), "");
    }
}
