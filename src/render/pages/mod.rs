//! The HTML pages of the site, one module per page type: `home`, `dossier`,
//! `entity` (people, organizations, providers, laws, topics), `lists` (a
//! kind's list, the dossiers' list), `timeline`, `contradictions`,
//! `not_found`. Each module has:
//!
//! - a page struct, made by its `plan` from the wiki, holding what other
//!   files decide about the page: which entries it lists and in which order
//!   (a person's statements are in the dossiers; a law's practices in the
//!   dossiers and the providers); its [shape](super::shape) is a digest of
//!   exactly those fields, destructured so that a new field cannot be left
//!   out;
//! - a typed view (`#[derive(Serialize)]`, handed to Tera as it is), built
//!   from that struct and from [`Views`], which notes every page whose data it
//!   reads. A view has no other way to the wiki.
//!
//! So a page shows nothing that its rebuild does not track: what it lists is
//! in its shape, what it reads is in its read set (see `driver::Session`).
//! [`PagePath`] says where each page is; from a URL to its module: `/` is
//! `home`, `/dossiers/x/` `dossier`, `/people/x/` and the other kinds
//! `entity`, `/people/` `lists`, `/dossiers/` `lists`, `/timeline/`,
//! `/contradictions/`, `/404.html`; `feed.xml`, `sitemap.xml` and
//! `data/wiki.json` are made by the modules of those names.

mod contradictions;
mod dossier;
mod entity;
pub mod export;
pub mod feed;
mod home;
mod lists;
mod not_found;
mod pager;
mod search;
pub mod sitemap;
mod timeline;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::Error;
use super::shape::Shape;
use super::theme::Theme;
use super::urls::{Urls, entity_path};
use super::views::{self, Views};
use crate::kind::Kind;
use crate::resolve::{EntityId, Wiki};

/// Where a page is: a folder under the output root, served as its address
/// (`""` for home, `people/x/`, `people/x/page/2/`), or a file that can be
/// served at any address (`404.html`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PagePath {
    /// A page at `path` (ends with `/`, or is empty), written as `path/index.html`.
    Folder(String),
    /// A page written as the file `name`, linked from the base URL's path.
    File(&'static str),
}

impl PagePath {
    /// The file to write, under the output root: `people/x/index.html`.
    pub fn output(&self) -> String {
        match self {
            PagePath::Folder(path) => [path.as_str(), "index.html"].concat(),
            PagePath::File(name) => (*name).to_string(),
        }
    }

    /// The address under the root, for canonical links and the sitemap.
    pub fn address(&self) -> &str {
        match self {
            PagePath::Folder(path) => path,
            PagePath::File(name) => name,
        }
    }

    /// The folder that links on the page are relative to (`None` for a page
    /// served at any address, whose links start from the base URL's path).
    fn links_from(&self) -> Option<&str> {
        match self {
            PagePath::Folder(path) => Some(path),
            PagePath::File(_) => None,
        }
    }
}

/// What a page says about itself, for `<head>`: `page` in templates.
#[derive(Debug, Serialize)]
struct PageMeta {
    /// The `<title>` (without the site's name).
    title: String,
    /// The meta description.
    description: String,
    /// The absolute address.
    canonical: String,
    /// `website` or `article`, for Open Graph.
    og_type: &'static str,
    /// Which section of the navigation is current.
    section: &'static str,
}

/// What a page type says of one page besides its view: its title and
/// description (the site's when `None`), its Open Graph type and the section
/// of the navigation it belongs to.
pub(super) struct Heading {
    title: String,
    description: Option<String>,
    og_type: &'static str,
    section: &'static str,
}

impl Heading {
    /// A page of a section, described by the site's description.
    fn website(title: String, section: &'static str) -> Heading {
        Heading {
            title,
            description: None,
            og_type: "website",
            section,
        }
    }
}

/// One page of each type; see the modules. An entity's page is boxed: its
/// lists made it five times the size of a dossier's, and every planned page
/// took its size (a tenth of the plan's memory at 100,000 dossiers).
enum Page {
    Home(home::Home),
    Dossier(dossier::Dossier),
    Entity(Box<entity::Entity>),
    KindList(lists::KindList),
    Dossiers(lists::Dossiers),
    Timeline(timeline::Timeline),
    Contradictions(contradictions::Contradictions),
    Search,
    NotFound,
}

impl Page {
    fn template(&self) -> &'static str {
        match self {
            Page::Home(_) => "index.html",
            Page::Dossier(_) => "dossier.html",
            Page::Entity(_) => "entity.html",
            Page::KindList(_) | Page::Dossiers(_) => "list.html",
            Page::Timeline(_) => "timeline.html",
            Page::Contradictions(_) => "contradictions.html",
            Page::Search => "search.html",
            Page::NotFound => "404.html",
        }
    }

    fn shape(&self, wiki: &Wiki) -> u64 {
        let shape = Shape::new(wiki);
        match self {
            Page::Home(page) => page.shape(shape),
            Page::Dossier(page) => page.shape(shape),
            Page::Entity(page) => page.shape(shape),
            Page::KindList(page) => page.shape(shape),
            Page::Dossiers(page) => page.shape(shape),
            Page::Timeline(page) => page.shape(shape),
            Page::Contradictions(page) => page.shape(shape),
            Page::Search | Page::NotFound => shape,
        }
        .finish()
    }

    /// The page of the wiki whose entry in the JSON export this page shows
    /// part of.
    fn entity(&self) -> Option<EntityId> {
        match self {
            Page::Dossier(page) => Some(page.id()),
            Page::Entity(page) => Some(page.id()),
            _ => None,
        }
    }

    /// Renders the page's template with its view.
    fn render(&self, path: &PagePath, views: &Views<'_>) -> Result<Vec<u8>, Error> {
        match self {
            Page::Home(page) => fill(path, views, self.template(), page.view(views)),
            Page::Dossier(page) => fill(path, views, self.template(), page.view(views)?),
            Page::Entity(page) => fill(path, views, self.template(), page.view(views)?),
            Page::KindList(page) => fill(path, views, self.template(), page.view(views)),
            Page::Dossiers(page) => fill(path, views, self.template(), page.view(views)),
            Page::Timeline(page) => fill(path, views, self.template(), page.view(views)),
            Page::Contradictions(page) => fill(path, views, self.template(), page.view(views)),
            Page::Search => fill(path, views, self.template(), search::view(views)),
            Page::NotFound => fill(path, views, self.template(), not_found::view(views)),
        }
    }
}

/// Renders `template` with `view`, its fields at the top level, plus `page`
/// (the page's [`PageMeta`]), `root` (the link to the home page) and
/// `editorial_rules` (the link to the editorial rules, if any).
fn fill(
    path: &PagePath,
    views: &Views<'_>,
    template: &str,
    (heading, view): (Heading, impl Serialize),
) -> Result<Vec<u8>, Error> {
    let mut context =
        Context::from_serialize(&view).map_err(|e| Error::Template(format!("{template}: {e}")))?;
    let meta = PageMeta {
        title: heading.title,
        description: heading
            .description
            .unwrap_or_else(|| views.site().description.clone().unwrap_or_default()),
        canonical: views.urls.absolute(path.address()),
        og_type: heading.og_type,
        section: heading.section,
    };
    context.insert("page", &meta);
    context.insert("root", &views.urls.to(""));
    context.insert("editorial_rules", &views.editorial_rules());
    views.theme.render(template, &context)
}

/// A page to render: where it goes, and what it is.
struct Planned {
    path: PagePath,
    page: Page,
    /// Its shape, taken once when planned.
    shape: u64,
}

/// The HTML pages of a site, planned but not yet rendered: each with its
/// path and its shape, so that a rebuild can choose which to render.
pub struct Plan {
    pages: Vec<Planned>,
}

impl Plan {
    /// Plans every page of `wiki`.
    pub fn new(wiki: &Wiki) -> Plan {
        let per_page = wiki.site().per_page.get();
        let dossiers: Vec<_> = wiki.ids().collect();
        let newest = views::newest_first(wiki, &dossiers);
        let mut pages: Vec<(PagePath, Page)> = Vec::new();
        pages.push((
            PagePath::Folder(String::new()),
            Page::Home(home::plan(wiki, &newest)),
        ));
        pages.par_extend(dossier::plan(wiki).map(|(path, page)| (path, Page::Dossier(page))));
        pages.par_extend(
            entity::plan(wiki, per_page).map(|(path, page)| (path, Page::Entity(Box::new(page)))),
        );
        pages.extend(
            lists::plan_dossiers(&newest, per_page)
                .map(|(path, page)| (path, Page::Dossiers(page))),
        );
        pages.extend(lists::plan_kinds(wiki).map(|(path, page)| (path, Page::KindList(page))));
        pages.extend(
            timeline::plan(wiki, per_page).map(|(path, page)| (path, Page::Timeline(page))),
        );
        pages.extend(
            contradictions::plan(wiki, per_page)
                .map(|(path, page)| (path, Page::Contradictions(page))),
        );
        if wiki.site().search {
            pages.push((PagePath::Folder("search/".into()), Page::Search));
        }
        pages.push((PagePath::File("404.html"), Page::NotFound));
        // A page's shape hashes what it shows: the larger part of planning,
        // done on every core (the order stays the plan's).
        Plan {
            pages: pages
                .into_par_iter()
                .map(|(path, page)| Planned {
                    shape: page.shape(wiki),
                    path,
                    page,
                })
                .collect(),
        }
    }

    /// Each page's path and shape.
    pub fn pages(&self) -> impl Iterator<Item = (&PagePath, u64)> {
        self.pages
            .iter()
            .map(|planned| (&planned.path, planned.shape))
    }

    /// [`Plan::pages`], to go through on every core, with the entity each
    /// page is about, if any (the page that shows its body).
    pub fn par_pages(&self) -> impl ParallelIterator<Item = (&PagePath, u64, Option<EntityId>)> {
        self.pages
            .par_iter()
            .map(|planned| (&planned.path, planned.shape, planned.page.entity()))
    }

    /// The entries of `data/wiki.json` (by page path, `laws/x/`) that the
    /// pages chosen by `chosen` show part of. An entry shows nothing that its
    /// pages do not: any of them stale, it is stale.
    pub fn entries_of<'p>(
        &'p self,
        wiki: &'p Wiki,
        chosen: impl Fn(&PagePath) -> bool + 'p,
    ) -> impl Iterator<Item = String> + 'p {
        self.pages
            .iter()
            .filter(move |planned| chosen(&planned.path))
            .filter_map(|planned| planned.page.entity())
            .map(|id| entity_path(wiki, id))
    }

    /// Renders the pages that `chosen` picks, in parallel, handing each to
    /// `each` with its shape and the pages it read; returns what `each` gave.
    pub(super) fn render<R, E>(
        &self,
        wiki: &Wiki,
        theme: &Theme,
        chosen: impl Fn(&PagePath) -> bool + Sync,
        each: impl Fn(&PagePath, u64, Vec<u8>, Vec<EntityId>) -> Result<R, E> + Sync,
    ) -> Result<Vec<R>, E>
    where
        R: Send,
        E: From<Error> + Send,
    {
        self.pages
            .par_iter()
            .filter(|planned| chosen(&planned.path))
            .map(|planned| {
                let urls = Urls::new(wiki, planned.path.links_from());
                let views = Views::new(wiki, theme, urls);
                let html = planned.page.render(&planned.path, &views)?;
                let bytes = if wiki.site().minify {
                    minify_html::minify(&html, &minify_html::Cfg::default())
                } else {
                    html
                };
                each(&planned.path, planned.shape, bytes, views.read())
            })
            .collect()
    }
}

/// The title of page `number` of a list called `title`.
fn page_title(theme: &Theme, title: &str, number: usize) -> String {
    if number == 1 {
        title.to_string()
    } else {
        format!("{title} · {} {number}", theme.label("page", "page"))
    }
}

/// The kinds that have a page of their own besides dossiers.
fn entity_kinds() -> impl Iterator<Item = Kind> {
    Kind::ALL.into_iter().filter(|kind| *kind != Kind::Dossier)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small wiki: two people, a law, two providers subject to it, and
    /// three dossiers whose practices the law exposes; one statement is
    /// contradicted from another dossier.
    pub(super) fn wiki() -> (Wiki, Theme) {
        let dossier = |slug: &str, year: u16, provider: &str, contradicts: &str| {
            format!(
                "---\ntitle: \"Dossier {slug}\"\nsubject: jeanne\ndate: {year}-06-01\ntopics: [hebergement]\nsummary: \"Résumé.\"\nstatements:\n  - id: dit\n    date: {year}-03\n    quote: \"Paroles {slug}\"\n    source: {{ url: \"https://example.org/{slug}\", archive: \"https://web.archive.org/{slug}\" }}\npractices:\n  - id: fait\n    kind: hosting\n    date: {year}-09-01\n    summary: \"Fait {slug}.\"\n    provider: {provider}\n    evidence:\n      - kind: press\n        date: {year}-09-01\n        source: {{ url: \"https://example.org/{slug}/p\", archive: \"https://web.archive.org/{slug}/p\" }}\n    contradicts: [{contradicts}]\n---\nVoir [[paul]].\n"
            )
        };
        let files = [
            (
                "site.yaml",
                "title: Essai\nbase_url: https://example.org/\nlanguage: fr\nper_page: 2\n"
                    .to_string(),
            ),
            ("people/jeanne.md", "---\nname: Jeanne\n---\n".to_string()),
            ("people/paul.md", "---\nname: Paul\n---\n".to_string()),
            (
                "laws/loi.md",
                "---\nname: La loi\njurisdiction: US\n---\n".to_string(),
            ),
            (
                "providers/nuage.md",
                "---\nname: Nuage\nheadquarters: US\nsubject_to: [loi]\n---\n".to_string(),
            ),
            (
                "providers/ciel.md",
                "---\nname: Ciel\nheadquarters: US\nsubject_to: [loi]\n---\n".to_string(),
            ),
            ("dossiers/a.md", dossier("a", 2014, "nuage", "dit")),
            ("dossiers/b.md", dossier("b", 2016, "ciel", "a#dit")),
            ("dossiers/c.md", dossier("c", 2018, "nuage", "")),
        ];
        let loaded = crate::load::load_files(
            files
                .iter()
                .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec())),
        );
        let options = crate::Options::new(".", jiff::civil::date(2026, 11, 22));
        let checked = crate::check_loaded(&options, loaded, None);
        assert_eq!(checked.errors(), 0, "{:#?}", checked.diagnostics);
        let theme = Theme::load(std::path::Path::new("/nonexistent"), checked.wiki.site())
            .expect("the default theme");
        (
            std::sync::Arc::into_inner(checked.wiki).expect("the only wiki"),
            theme,
        )
    }

    fn view<V: Serialize>(view: V) -> serde_json::Value {
        serde_json::to_value(view).expect("a view")
    }

    fn id(wiki: &Wiki, kind: Kind, slug: &str) -> EntityId {
        wiki.entities()
            .find(|id| id.kind == kind && wiki.common(*id).slug == slug)
            .expect("the page")
    }

    #[test]
    fn plans_every_page_with_its_place() {
        let (wiki, _) = wiki();
        let plan = Plan::new(&wiki);
        let paths: Vec<&str> = plan.pages().map(|(path, _)| path.address()).collect();
        for expected in [
            "",
            "dossiers/a/",
            "people/jeanne/",
            "laws/loi/",
            // Three practices exposed to the law, two a page.
            "laws/loi/page/2/",
            "dossiers/page/2/",
            "people/",
            "timeline/",
            "timeline/page/3/",
            "contradictions/",
            "404.html",
        ] {
            assert!(paths.contains(&expected), "{expected} not in {paths:?}");
        }
        assert_eq!(
            PagePath::Folder("laws/loi/".into()).output(),
            "laws/loi/index.html"
        );
        assert_eq!(PagePath::File("404.html").output(), "404.html");
    }

    #[test]
    fn a_law_page_lists_its_window_of_practices_with_their_marks() {
        let (wiki, theme) = wiki();
        let law = id(&wiki, Kind::Law, "loi");
        let pages: Vec<(PagePath, entity::Entity)> = entity::plan(&wiki, 2)
            .filter(|(_, page)| page.id() == law)
            .collect();
        assert_eq!(pages.len(), 2);
        let views = Views::new(&wiki, &theme, Urls::new(&wiki, Some("laws/loi/page/2/")));
        let (heading, page) = pages[1].1.view(&views).expect("a view");
        assert_eq!(heading.title, "La loi · page 2");
        let page = view(page);
        // Oldest first: the third practice, of dossier c, is alone on page 2.
        let exposed = page["exposed"].as_array().expect("a list");
        assert_eq!(exposed.len(), 1);
        assert_eq!(exposed[0]["url"], "../../../../dossiers/c/#fait");
        assert_eq!(exposed[0]["contradicted"], false);
        assert_eq!(page["pager"]["previous"], "../../../../laws/loi/");
        // Its facts and what links to it are shown on the first page only,
        // and not made for the others.
        assert_eq!(page["facts"], serde_json::json!([]));
        assert_eq!(page["entity"]["backlinks"], serde_json::json!([]));
        // Its facts are on the first page, with the providers it reaches.
        let (_, first) = pages[0].1.view(&views).expect("a view");
        let facts = view(first)["facts"].clone();
        assert_eq!(facts[0]["text"], "États-Unis");
        let providers = facts[1]["links"].as_array().expect("links");
        assert_eq!(providers.len(), 2);
        // The page read the dossiers it lists, not the others.
        let read: Vec<&str> = views
            .read()
            .iter()
            .map(|&id| wiki.common(id).slug)
            .collect();
        assert!(read.contains(&"c") && read.contains(&"loi"), "{read:?}");
    }

    #[test]
    fn a_statement_contradicted_from_another_dossier_is_marked_in_lists() {
        let (wiki, theme) = wiki();
        let timeline: Vec<(PagePath, timeline::Timeline)> = timeline::plan(&wiki, 10).collect();
        let views = Views::new(&wiki, &theme, Urls::new(&wiki, Some("timeline/")));
        let items = view(timeline[0].1.view(&views).1)["items"].clone();
        let marked = |url: &str| {
            items
                .as_array()
                .and_then(|items| items.iter().find(|i| i["url"] == url))
                .map(|i| i["contradicted"].clone())
        };
        // a#dit: contradicted by a's practice and by b's.
        assert_eq!(marked("../dossiers/a/#dit"), Some(serde_json::json!(true)));
        // c#dit: by nothing.
        assert_eq!(marked("../dossiers/c/#dit"), Some(serde_json::json!(false)));
        // The dossier's own page lists both practices that contradict it.
        let (_, dossier) = dossier::plan(&wiki)
            .find_first(|(path, _)| path.address() == "dossiers/a/")
            .expect("dossier a");
        let views = Views::new(&wiki, &theme, Urls::new(&wiki, Some("dossiers/a/")));
        let axis = view(dossier.view(&views).expect("a view").1)["axis"].clone();
        let statement = axis
            .as_array()
            .and_then(|axis| axis.iter().find(|i| i["side"] == "statement"))
            .expect("the statement");
        assert_eq!(
            statement["contradicted_by"].as_array().map(Vec::len),
            Some(2)
        );
    }

    #[test]
    fn the_home_page_counts_and_shows_the_newest_first() {
        let (wiki, theme) = wiki();
        let dossiers: Vec<_> = wiki.ids().collect();
        let newest = views::newest_first(&wiki, &dossiers);
        let views = Views::new(&wiki, &theme, Urls::new(&wiki, Some("")));
        let (heading, home) = home::plan(&wiki, &newest).view(&views);
        assert_eq!(heading.title, "Essai");
        let home = view(home);
        assert_eq!(home["counts"]["dossiers"], 3);
        assert_eq!(home["counts"]["contradictions"], 2);
        assert_eq!(home["latest"][0]["title"], "Dossier c");
    }

    #[test]
    fn a_topic_list_counts_dossiers_from_its_page_struct() {
        let (wiki, theme) = wiki();
        let (_, topics) = lists::plan_kinds(&wiki)
            .find(|(path, _)| path.address() == "topics/")
            .expect("the topics' list");
        let views = Views::new(&wiki, &theme, Urls::new(&wiki, Some("topics/")));
        let list = view(topics.view(&views).1);
        assert_eq!(list["items"][0]["detail"], "3 dossiers");
        assert_eq!(list["pager"], serde_json::Value::Null);
    }

    #[test]
    fn a_body_read_again_from_a_changed_file_is_an_error_not_a_page() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("created");
            std::fs::write(path, text).expect("written");
        };
        write(
            "content/site.yaml",
            "title: Essai\nbase_url: https://example.org/\n",
        );
        write(
            "content/people/jeanne.md",
            "---\nname: Jeanne\n---\nLe corps de Jeanne.\n",
        );
        let mut options = crate::Options::new(dir.path(), jiff::civil::date(2026, 11, 22));
        let body_of_jeanne = |options: &crate::Options, edit: &dyn Fn()| {
            // As a one-off build checks.
            let checked = crate::check_with(options, None).expect("checked");
            assert_eq!(checked.errors(), 0, "{:#?}", checked.diagnostics);
            let wiki = &checked.wiki;
            let theme = Theme::load(dir.path(), wiki.site()).expect("the default theme");
            let (_, page) = entity::plan(wiki, 10)
                .find_first(|(path, _)| path.address() == "people/jeanne/")
                .expect("Jeanne's page");
            let views = Views::new(wiki, &theme, Urls::new(wiki, Some("people/jeanne/")));
            edit();
            page.view(&views)
                .map(|(_, shown)| view(shown)["entity"]["body"].to_string())
                .map_err(|error| error.to_string())
        };
        let edit = || {
            write(
                "content/people/jeanne.md",
                "---\nname: Paul\n---\nUn autre.\n",
            )
        };
        // A small wiki's bodies are held: the page shows what was checked.
        let body = body_of_jeanne(&options, &edit).expect("a body");
        assert!(body.contains("Le corps de Jeanne."), "{body}");
        // Past the size, the page reads its body again, and a file edited
        // since the check is an error, not a page that mixes old and new.
        write(
            "content/people/jeanne.md",
            "---\nname: Jeanne\n---\nLe corps de Jeanne.\n",
        );
        options.hold_bodies_up_to = 0;
        let body = body_of_jeanne(&options, &|| ()).expect("a body");
        assert!(body.contains("Le corps de Jeanne."), "{body}");
        let error = body_of_jeanne(&options, &edit).expect_err("changed");
        assert!(
            error.contains("content/people/jeanne.md changed"),
            "{error}"
        );
    }
}
