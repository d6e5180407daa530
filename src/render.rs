//! Stage 5, render: turns the [`Wiki`] into pages with the theme's templates.
//!
//! Takes the wiki and a [`Theme`]; gives the list of [`Output`] files, each a
//! path under the output folder and its bytes. Pages render in parallel.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, LinkType, Parser, Tag};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::kind::Kind;
use crate::resolve::{EntityId, ItemId, ItemKind, Target, Wiki, Wikilink};

/// A theme that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `themes/<name>/` does not exist and the name is not `default`.
    #[error("the theme `{0}` does not exist: expected a folder themes/{0}/")]
    UnknownTheme(String),
    /// A theme file cannot be read.
    #[error("cannot read the theme file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The strings file is not valid YAML.
    #[error("the theme's strings.yaml is not valid: {0}")]
    Strings(String),
    /// A template does not compile or fails to render.
    #[error("template error: {0}")]
    Template(String),
}

/// The default theme, built into the binary so that a content-only repository
/// builds with no theme folder.
const DEFAULT_TEMPLATES: [(&str, &str); 3] = [
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "dossier.html",
        include_str!("../themes/default/templates/dossier.html"),
    ),
];
const DEFAULT_STRINGS: &str = include_str!("../themes/default/strings.yaml");

/// Compiled templates and the UI strings.
pub struct Theme {
    tera: Tera,
    strings: BTreeMap<String, String>,
}

impl Theme {
    /// The theme `name`: the built-in default, overridden file by file by
    /// `root/themes/<name>/templates/*.html` and `strings.yaml` when present.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Error> {
        let folder = root.join("themes").join(name);
        if name != "default" && !folder.is_dir() {
            return Err(Error::UnknownTheme(name.to_string()));
        }
        let mut templates: BTreeMap<String, String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut strings_text = DEFAULT_STRINGS.to_string();
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|source| Error::Read {
                path: path.display().to_string(),
                source,
            })
        };
        if let Ok(entries) = std::fs::read_dir(folder.join("templates")) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "html") {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    templates.insert(name, read(&path)?);
                }
            }
        }
        let strings_path = folder.join("strings.yaml");
        if strings_path.is_file() {
            strings_text = read(&strings_path)?;
        }
        let mut strings: BTreeMap<String, String> =
            serde_yaml::from_str(DEFAULT_STRINGS).map_err(|e| Error::Strings(e.to_string()))?;
        let overrides: BTreeMap<String, String> =
            serde_yaml::from_str(&strings_text).map_err(|e| Error::Strings(e.to_string()))?;
        strings.extend(overrides);
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| Error::Template(e.to_string()))?;
        Ok(Theme { tera, strings })
    }

    fn render(&self, template: &str, context: &Context) -> Result<String, Error> {
        self.tera
            .render(template, context)
            .map_err(|e| Error::Template(format!("{template}: {e}")))
    }
}

/// A file to write: its path under the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative path with `/` separators, such as `dossiers/x/index.html`.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct DossierView<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    date: String,
    summary: Option<&'a str>,
    statements: Vec<StatementView<'a>>,
    practices: Vec<PracticeView<'a>>,
    body: String,
}

#[derive(Serialize)]
struct StatementView<'a> {
    id: &'a str,
    date: String,
    quote: &'a str,
    lang: String,
    source: &'a str,
}

#[derive(Serialize)]
struct PracticeView<'a> {
    id: &'a str,
    date: String,
    summary: &'a str,
}

/// Renders every page of the wiki.
pub fn render(wiki: &Wiki, theme: &Theme) -> Result<Vec<Output>, Error> {
    let urls = Urls::new(wiki);
    let mut base = Context::new();
    base.insert("site", &wiki.site);
    base.insert("base_path", &urls.base);
    base.insert("strings", &theme.strings);

    let mut outputs: Vec<Output> = wiki
        .dossiers
        .par_iter()
        .map(|page| {
            let front = &page.front;
            let view = DossierView {
                slug: &page.slug,
                url: urls.page(Kind::Dossier, &page.slug),
                title: &front.title,
                date: front.date.to_string(),
                summary: front.summary.as_deref(),
                statements: front
                    .statements
                    .iter()
                    .map(|s| StatementView {
                        id: &s.id.0,
                        date: s.date.to_string(),
                        quote: &s.quote,
                        lang: s.lang.as_ref().unwrap_or(&wiki.site.language).to_string(),
                        source: &s.source.url.0,
                    })
                    .collect(),
                practices: front
                    .practices
                    .iter()
                    .map(|p| PracticeView {
                        id: &p.id.0,
                        date: p.date.to_string(),
                        summary: &p.summary,
                    })
                    .collect(),
                body: markdown(&page.body, &page.wikilinks, &urls),
            };
            let mut context = base.clone();
            context.insert("dossier", &view);
            Ok(Output {
                path: format!("dossiers/{}/index.html", page.slug),
                bytes: theme.render("dossier.html", &context)?.into_bytes(),
            })
        })
        .collect::<Result<_, Error>>()?;

    let list: Vec<BTreeMap<&str, String>> = wiki
        .dossiers
        .iter()
        .map(|d| {
            BTreeMap::from([
                ("url", urls.page(Kind::Dossier, &d.slug)),
                ("title", d.front.title.clone()),
                ("date", d.front.date.to_string()),
            ])
        })
        .collect();
    let mut context = base.clone();
    context.insert("dossiers", &list);
    outputs.push(Output {
        path: "index.html".into(),
        bytes: theme.render("index.html", &context)?.into_bytes(),
    });
    Ok(outputs)
}

/// Builds the addresses of pages, under the base URL's path so that a site
/// published in a sub-folder links right.
struct Urls<'a> {
    wiki: &'a Wiki,
    base: String,
}

impl<'a> Urls<'a> {
    fn new(wiki: &'a Wiki) -> Self {
        let path = url::Url::parse(&wiki.site.base_url.0)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| "/".into());
        let base = if path.ends_with('/') {
            path
        } else {
            format!("{path}/")
        };
        Urls { wiki, base }
    }

    fn page(&self, kind: Kind, slug: &str) -> String {
        format!("{}{}/{}/", self.base, kind.folder(), slug)
    }

    fn entity(&self, id: EntityId) -> String {
        let slug = match id.kind {
            Kind::Dossier => &self.wiki.dossiers[id.index].slug,
            Kind::Person => &self.wiki.people[id.index].slug,
            Kind::Organization => &self.wiki.organizations[id.index].slug,
            Kind::Provider => &self.wiki.providers[id.index].slug,
            Kind::Law => &self.wiki.laws[id.index].slug,
            Kind::Topic => &self.wiki.topics[id.index].slug,
        };
        self.page(id.kind, slug)
    }

    fn item(&self, item: ItemId) -> String {
        let dossier = &self.wiki.dossiers[item.dossier];
        let id = match item.kind {
            ItemKind::Statement => &dossier.front.statements[item.index].id.0,
            ItemKind::Practice => &dossier.front.practices[item.index].id.0,
        };
        format!("{}#{id}", self.page(Kind::Dossier, &dossier.slug))
    }

    fn target(&self, target: Target) -> String {
        match target {
            Target::Entity(id) => self.entity(id),
            Target::Item(item) => self.item(item),
        }
    }
}

/// A Markdown body as HTML, with wikilinks pointing at their pages.
fn markdown(body: &str, wikilinks: &[Wikilink], urls: &Urls<'_>) -> String {
    let events =
        Parser::new_ext(body, crate::resolve::markdown_options()).map(|event| match event {
            Event::Start(Tag::Link {
                link_type: link_type @ LinkType::WikiLink { .. },
                dest_url,
                title,
                id,
            }) => {
                let destination = wikilinks
                    .iter()
                    .find(|w| w.destination == dest_url.trim())
                    .map(|w| urls.target(w.target))
                    .unwrap_or_else(|| dest_url.to_string());
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: destination.into(),
                    title,
                    id,
                })
            }
            other => other,
        });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}
