//! Stage 5, render: turns the [`Wiki`] into the pages of the site.
//!
//! Takes the wiki and a [`Theme`]; hands on every [`Output`] file: the HTML pages
//! (home, dossiers, people, organizations, providers, laws, topics, their
//! lists, the timeline, the contradictions, 404), `data/wiki.json`, the Atom
//! feed, the sitemap and the theme's static files. Pages render in parallel,
//! each from views (`views`) whose links are relative to it (`urls`); HTML is
//! minified when the site asks (`minify: true`). The same wiki always gives
//! the same bytes.

mod data;
mod markdown;
mod shape;
mod theme;
pub mod urls;
pub mod views;

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

pub use data::Entries;
pub use theme::Theme;

use crate::kind::Kind;
use crate::resolve::{EntityId, ItemId, ItemKind, Wiki};
use shape::Shape;
use urls::{Urls, entity_path};
use views::{ContradictionView, Link, Views};

/// Why the site could not be rendered.
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
    /// The JSON export failed.
    #[error("cannot write the JSON export: {0}")]
    Json(#[from] serde_json::Error),
}

/// A file to write: its path under the output folder and its bytes, in
/// parts written one after the other (the JSON export is written from its
/// entries as they are, without gathering them into one buffer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output<'a> {
    /// Relative path with `/` separators, such as `dossiers/x/index.html`.
    pub path: String,
    /// The content.
    pub parts: Vec<Cow<'a, [u8]>>,
}

impl Output<'static> {
    /// A file of one piece.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Output<'static> {
        Output {
            path: path.into(),
            parts: vec![Cow::Owned(bytes)],
        }
    }
}

/// What every page says about itself, for `<head>`.
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

/// Makes a page's meta from its path, title, description, Open Graph type
/// and navigation section.
type MetaOf<'a> = dyn Fn(&str, String, Option<String>, &'static str, &'static str) -> PageMeta + 'a;

/// Fills a page's template context from the views of that page.
type Fill = Box<dyn Fn(&Views<'_>, &mut Context) + Send + Sync>;

/// A page to render: its path, template and what the template sees.
struct Job {
    path: String,
    template: &'static str,
    meta: PageMeta,
    /// Which entries it lists, in which order (see [`shape`]).
    shape: u64,
    /// The page path (`laws/x/`) of the entry of `data/wiki.json` that this
    /// page shows part of, for an entity's pages.
    entry: Option<String>,
    fill: Fill,
}

/// The HTML pages of a site, planned but not yet rendered: each with its
/// path and its [shape](shape), so that a rebuild can choose which to render.
pub struct Plan {
    jobs: Vec<Job>,
}

impl Plan {
    /// Plans every page of `wiki`.
    pub fn new(wiki: &Wiki, theme: &Theme) -> Plan {
        Plan {
            jobs: jobs(wiki, theme),
        }
    }

    /// Each page's output path (`dossiers/x/index.html`) and shape.
    pub fn pages(&self) -> impl Iterator<Item = (&str, u64)> {
        self.jobs.iter().map(|job| (job.path.as_str(), job.shape))
    }

    /// The entries of `data/wiki.json` (by page path, `laws/x/`) that the
    /// pages chosen by `chosen` (by output path) show part of. An entry
    /// shows nothing that its pages do not: any of them stale, it is stale.
    pub fn entries_of<'p>(
        &'p self,
        chosen: impl Fn(&str) -> bool + 'p,
    ) -> impl Iterator<Item = &'p str> {
        self.jobs
            .iter()
            .filter(move |job| chosen(&job.path))
            .filter_map(|job| job.entry.as_deref())
    }
}

/// What a rendered page was made from: the pages whose data it shows (as
/// paths such as `people/x/`) and its shape. A page needs rendering again
/// only when its shape changes or one of the pages it read was edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    /// The output path.
    pub path: String,
    /// Its shape when rendered.
    pub shape: u64,
    /// The paths of the pages it read, sorted.
    pub read: Vec<String>,
}

/// Renders the pages of `plan` that `select` chooses (by output path), in
/// parallel, handing each to `sink`; returns what each was made from.
pub fn render_pages<E>(
    wiki: &Wiki,
    theme: &Theme,
    plan: &Plan,
    select: impl Fn(&str) -> bool + Sync,
    sink: impl Fn(Output<'_>) -> Result<(), E> + Sync,
) -> Result<Vec<Made>, E>
where
    E: From<Error> + Send,
{
    plan.jobs
        .par_iter()
        .filter(|job| select(&job.path))
        .map(|job| {
            let (output, read) = render_job(wiki, theme, job)?;
            sink(output)?;
            Ok(Made {
                path: job.path.clone(),
                shape: job.shape,
                read: read.into_iter().map(|id| entity_path(wiki, id)).collect(),
            })
        })
        .collect()
}

/// Renders what is not a page: `data/wiki.json`, the feed, the sitemap and
/// the theme's static files, which follow the whole wiki. Returns how many.
/// The JSON export reuses the entries in `known` and adds the others.
pub fn render_rest<E>(
    wiki: &Wiki,
    theme: &Theme,
    plan: &Plan,
    known: &mut Entries,
    sink: impl Fn(Output<'_>) -> Result<(), E>,
) -> Result<usize, E>
where
    E: From<Error>,
{
    sink(Output {
        path: "data/wiki.json".into(),
        parts: data::wiki_json(wiki, known).map_err(Error::from)?,
    })?;
    for (path, bytes) in &theme.assets {
        sink(Output {
            path: path.clone(),
            parts: vec![Cow::Borrowed(bytes)],
        })?;
    }
    for (template, path) in [("feed.xml", "feed.xml"), ("sitemap.xml", "sitemap.xml")] {
        sink(Output::new(path, render_xml(wiki, theme, plan, template)?))?;
    }
    Ok(theme.assets.len() + 3)
}

/// Renders one page; returns it with the pages it read.
fn render_job(
    wiki: &Wiki,
    theme: &Theme,
    job: &Job,
) -> Result<(Output<'static>, Vec<EntityId>), Error> {
    let is_404 = job.path == "404.html";
    let page_path = job.path.trim_end_matches("index.html");
    let urls = Urls::new(wiki, (!is_404).then_some(page_path));
    let views = Views::new(wiki, theme, urls);
    let mut context = base_context(&views.urls);
    context.insert("page", &job.meta);
    (job.fill)(&views, &mut context);
    let html = theme.render(job.template, &context)?;
    let bytes = if wiki.site.minify {
        minify_html::minify(&html, &minify_html::Cfg::default())
    } else {
        html
    };
    let output = Output::new(job.path.clone(), bytes);
    Ok((output, views.read()))
}

/// What every page's template sees besides the globals (`site`, `strings`).
fn base_context(urls: &Urls) -> Context {
    let mut context = Context::new();
    context.insert("root", &urls.to(""));
    context
}

/// How many dossiers the Atom feed carries, most recently updated first.
const FEED_ENTRIES: usize = 50;

fn render_xml(wiki: &Wiki, theme: &Theme, plan: &Plan, template: &str) -> Result<Vec<u8>, Error> {
    let urls = Urls::new(wiki, Some(""));
    let mut context = base_context(&urls);
    let absolute = |path: String| urls.absolute(&path);
    let mut dossiers: Vec<usize> = (0..wiki.dossiers.len()).collect();
    dossiers.sort_by(|&a, &b| {
        let (a, b) = (&wiki.dossiers[a], &wiki.dossiers[b]);
        (b.front.updated.unwrap_or(b.front.date), &a.slug)
            .cmp(&(a.front.updated.unwrap_or(a.front.date), &b.slug))
    });
    #[derive(Serialize)]
    struct Entry {
        url: String,
        title: String,
        summary: Option<String>,
        published: String,
        updated: String,
    }
    // A feed carries the latest entries, not the archive: readers poll it.
    dossiers.truncate(FEED_ENTRIES);
    let entries: Vec<Entry> = dossiers
        .iter()
        .map(|&d| {
            let page = &wiki.dossiers[d];
            let updated = page.front.updated.unwrap_or(page.front.date);
            Entry {
                url: absolute(entity_path(
                    wiki,
                    EntityId {
                        kind: Kind::Dossier,
                        index: d,
                    },
                )),
                title: page.front.title.clone(),
                summary: page.front.summary.clone(),
                published: atom_date(&page.front.date),
                updated: atom_date(&updated),
            }
        })
        .collect();
    context.insert(
        "feed_updated",
        &entries
            .first()
            .map_or_else(|| "1970-01-01T00:00:00Z".into(), |e| e.updated.clone()),
    );
    context.insert("entries", &entries);
    let pages: Vec<String> = plan
        .pages()
        .filter(|(path, _)| *path != "404.html")
        .map(|(path, _)| absolute(path.trim_end_matches("index.html").to_string()))
        .collect();
    context.insert("pages", &pages);
    context.insert("base_url", &urls.absolute(""));
    theme.render(template, &context)
}

/// An RFC 3339 timestamp for a date, taking unknown parts as the first.
fn atom_date(date: &crate::front_matter::Date) -> String {
    format!("{}T00:00:00Z", date.first_day())
}

/// A line of a list page.
#[derive(Serialize)]
struct ListItem {
    link: Link,
    detail: Option<String>,
}

fn jobs(wiki: &Wiki, theme: &Theme) -> Vec<Job> {
    let string = |key: &str| theme.label("page", key);
    let site_description = wiki.site.description.clone().unwrap_or_default();
    let absolute = Urls::new(wiki, Some(""));
    let meta = |path: &str,
                title: String,
                description: Option<String>,
                og_type: &'static str,
                section: &'static str| PageMeta {
        title,
        description: description.unwrap_or_else(|| site_description.clone()),
        canonical: absolute.absolute(path),
        og_type,
        section,
    };
    let meta: &MetaOf<'_> = &meta;
    let mut jobs = Vec::new();

    // Newest first, for the home page and the dossiers' list: sorted once.
    let newest = std::sync::Arc::new(views::newest_first(
        wiki,
        &(0..wiki.dossiers.len()).collect::<Vec<_>>(),
    ));
    let latest: Vec<usize> = newest.iter().take(10).copied().collect();
    let statements: usize = wiki.dossiers.iter().map(|d| d.front.statements.len()).sum();
    let practices: usize = wiki.dossiers.iter().map(|d| d.front.practices.len()).sum();
    let counts = [
        ("dossiers", wiki.dossiers.len()),
        ("statements", statements),
        ("practices", practices),
        ("contradictions", wiki.contradictions.len()),
        ("people", wiki.people.len()),
        ("organizations", wiki.organizations.len()),
        ("providers", wiki.providers.len()),
        ("laws", wiki.laws.len()),
        ("topics", wiki.topics.len()),
    ];
    jobs.push(Job {
        path: "index.html".into(),
        template: "index.html",
        meta: meta("", wiki.site.title.clone(), None, "website", "home"),
        entry: None,
        shape: counts
            .iter()
            .fold(Shape::new(wiki).dossiers(&latest), |shape, &(_, n)| {
                shape.number(n)
            })
            .finish(),
        fill: Box::new(move |views, context| {
            let cards: Vec<_> = latest.iter().map(|&d| views.dossier_card(d)).collect();
            context.insert("latest", &cards);
            let counts: BTreeMap<&str, usize> = counts.into_iter().collect();
            context.insert("counts", &counts);
        }),
    });

    for index in 0..wiki.dossiers.len() {
        let page = &wiki.dossiers[index];
        let id = EntityId {
            kind: Kind::Dossier,
            index,
        };
        jobs.push(Job {
            path: format!("{}index.html", entity_path(wiki, id)),
            template: "dossier.html",
            meta: meta(
                &entity_path(wiki, id),
                page.front.title.clone(),
                page.front.summary.clone(),
                "article",
                "dossiers",
            ),
            shape: dossier_shape(wiki, index),
            entry: Some(entity_path(wiki, id)),
            fill: Box::new(move |views, context| fill_dossier(views, context, index)),
        });
    }

    let per_page = wiki.site.per_page.get();
    for (kind, count) in wiki.counts().into_iter().skip(1) {
        for index in 0..count {
            let id = EntityId { kind, index };
            let base = entity_path(wiki, id);
            let name = views::title(wiki, id);
            let description = format!("{} : {}", theme.label("kind", kind.folder()), name);
            let all = EntityLists::of(wiki, id);
            let pages = all.pages(per_page);
            for number in 1..=pages {
                let path = paged_path(&base, number);
                let lists = all.page(number, per_page);
                let title = page_title(theme, &name, number);
                let pager = Pager::new(&base, number, pages);
                jobs.push(Job {
                    path: format!("{path}index.html"),
                    template: "entity.html",
                    meta: meta(
                        &path,
                        title,
                        Some(description.clone()),
                        "website",
                        kind.folder(),
                    ),
                    shape: entity_shape(wiki, id, &lists, pages),
                    entry: Some(base.clone()),
                    fill: Box::new(move |views, context| {
                        context.insert("pager", &pager.relative(&views.urls));
                        fill_entity(views, context, id, &lists);
                    }),
                });
            }
        }
    }

    // The dossiers' list grows with the wiki: it is split like the timeline.
    jobs.extend(paged_jobs(
        Paged {
            base: "dossiers/",
            template: "list.html",
            section: "dossiers",
            title: theme.label("kind_plural", "dossiers"),
            entries: newest.len(),
            per_page,
        },
        meta,
        theme,
        |range| Shape::new(wiki).dossiers(&newest[range]),
        |range| {
            let newest = newest.clone();
            Box::new(move |views, context| {
                let items: Vec<ListItem> = newest[range.clone()]
                    .iter()
                    .map(|&d| {
                        let card = views.dossier_card(d);
                        ListItem {
                            link: Link {
                                url: card.url,
                                title: card.title,
                            },
                            detail: Some(card.date.text),
                        }
                    })
                    .collect();
                context.insert("kind", "dossiers");
                context.insert("items", &items);
            })
        },
    ));
    for (kind, count) in wiki.counts().into_iter().skip(1) {
        let folder = kind.folder();
        jobs.push(Job {
            path: format!("{folder}/index.html"),
            template: "list.html",
            meta: meta(
                &format!("{folder}/"),
                theme.label("kind_plural", folder),
                None,
                "website",
                folder,
            ),
            shape: list_shape(wiki, kind, count),
            entry: None,
            fill: Box::new(move |views, context| {
                let items: Vec<ListItem> = (0..count)
                    .map(|index| {
                        let id = EntityId { kind, index };
                        ListItem {
                            link: views.link(id),
                            detail: list_detail(views, id),
                        }
                    })
                    .collect();
                context.insert("kind", folder);
                context.insert("items", &items);
            }),
        });
    }

    jobs.extend(paged_jobs(
        Paged {
            base: "timeline/",
            template: "timeline.html",
            section: "timeline",
            title: string("timeline"),
            entries: wiki.timeline.len(),
            per_page,
        },
        meta,
        theme,
        |range| Shape::new(wiki).items(&wiki.timeline[range]),
        |range| {
            Box::new(move |views, context| {
                let items: Vec<_> = views.wiki.timeline[range.clone()]
                    .iter()
                    .map(|&item| views.brief(item))
                    .collect();
                context.insert("items", &items);
            })
        },
    ));
    jobs.extend(paged_jobs(
        Paged {
            base: "contradictions/",
            template: "contradictions.html",
            section: "contradictions",
            title: string("contradictions"),
            entries: wiki.contradictions.len(),
            per_page,
        },
        meta,
        theme,
        |range| {
            let pairs: Vec<ItemId> = wiki.contradictions[range]
                .iter()
                .flat_map(|c| [c.statement, c.practice])
                .collect();
            Shape::new(wiki).items(&pairs)
        },
        |range| {
            Box::new(move |views, context| {
                let pairs: Vec<ContradictionView> = views.wiki.contradictions[range.clone()]
                    .iter()
                    .map(|c| ContradictionView {
                        statement: views.brief(c.statement),
                        practice: views.brief(c.practice),
                        gap: views.gap(
                            &views::item_date(views.wiki, c.statement),
                            &views::item_date(views.wiki, c.practice),
                        ),
                    })
                    .collect();
                context.insert("contradictions", &pairs);
            })
        },
    ));

    jobs.push(Job {
        path: "404.html".into(),
        template: "404.html",
        meta: meta("404.html", string("not_found"), None, "website", "none"),
        shape: 0,
        entry: None,
        fill: Box::new(|_, _| {}),
    });
    jobs
}

/// A list split over several pages: the dossiers, the timeline, the
/// contradictions.
struct Paged {
    /// The first page's path, such as `timeline/`.
    base: &'static str,
    template: &'static str,
    /// Which section of the navigation it belongs to.
    section: &'static str,
    title: String,
    /// How many entries the list has.
    entries: usize,
    per_page: usize,
}

impl Paged {
    /// How many pages the list takes (one, even when empty).
    fn pages(&self) -> usize {
        self.entries.div_ceil(self.per_page).max(1)
    }

    /// The path of page `number` (from 1): page 1 is the list's own address.
    fn path(&self, number: usize) -> String {
        paged_path(self.base, number)
    }
}

/// The path of page `number` (from 1) of the list at `base`.
fn paged_path(base: &str, number: usize) -> String {
    if number == 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

/// Where a page of a split list stands among the others: paths under the root.
#[derive(Debug, Clone)]
struct Pager {
    number: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    first: String,
    last: String,
}

impl Pager {
    /// Page `number` of `pages` of the list whose first page is at `base`.
    fn new(base: &str, number: usize, pages: usize) -> Pager {
        Pager {
            number,
            pages,
            previous: (number > 1).then(|| paged_path(base, number - 1)),
            next: (number < pages).then(|| paged_path(base, number + 1)),
            first: paged_path(base, 1),
            last: paged_path(base, pages),
        }
    }

    /// The same, with links relative to the page, for the template.
    fn relative(&self, urls: &Urls) -> serde_json::Value {
        serde_json::json!({
            "number": self.number,
            "pages": self.pages,
            "previous": self.previous.as_deref().map(|p| urls.to(p)),
            "next": self.next.as_deref().map(|p| urls.to(p)),
            "first": urls.to(&self.first),
            "last": urls.to(&self.last),
        })
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

/// One job per page of a split list; `fill` gets the range of entries of
/// each page and returns what fills its template.
fn paged_jobs<'w>(
    list: Paged,
    meta: &MetaOf<'_>,
    theme: &Theme,
    shape: impl Fn(std::ops::Range<usize>) -> Shape<'w>,
    fill: impl Fn(std::ops::Range<usize>) -> Fill,
) -> Vec<Job> {
    let pages = list.pages();
    (1..=pages)
        .map(|number| {
            let path = list.path(number);
            let start = (number - 1) * list.per_page;
            let range = start..(start + list.per_page).min(list.entries);
            let title = page_title(theme, &list.title, number);
            let pager = Pager::new(list.base, number, pages);
            // The pager links to the last page: the count is part of the shape.
            let shape = shape(range.clone()).number(pages).finish();
            let items = fill(range);
            Job {
                path: format!("{path}index.html"),
                template: list.template,
                meta: meta(&path, title, None, "website", list.section),
                shape,
                entry: None,
                fill: Box::new(move |views, context| {
                    context.insert("pager", &pager.relative(&views.urls));
                    items(views, context);
                }),
            }
        })
        .collect()
}

/// The long lists of an entity's page, sorted as shown (items by date,
/// dossiers newest first), or one page's window of them.
#[derive(Debug, Clone, Default)]
struct EntityLists {
    statements: Vec<ItemId>,
    practices: Vec<ItemId>,
    about: Vec<usize>,
    topic_dossiers: Vec<usize>,
    uses: Vec<ItemId>,
    exposed: Vec<ItemId>,
}

impl EntityLists {
    fn of(wiki: &Wiki, id: EntityId) -> EntityLists {
        let items =
            |list: Option<&Vec<ItemId>>| views::by_date(wiki, list.map_or(&[][..], Vec::as_slice));
        let newest = |list: Option<&Vec<usize>>| {
            views::newest_first(wiki, list.map_or(&[][..], Vec::as_slice))
        };
        EntityLists {
            statements: items(wiki.statements_by_speaker.get(&id)),
            practices: items(wiki.practices_by_actor.get(&id)),
            about: newest(wiki.dossiers_by_subject.get(&id)),
            topic_dossiers: newest(
                (id.kind == Kind::Topic).then(|| &wiki.topics[id.index].links.dossiers),
            ),
            uses: items((id.kind == Kind::Provider).then(|| &wiki.practices_by_provider[id.index])),
            exposed: items((id.kind == Kind::Law).then(|| &wiki.practices_by_law[id.index])),
        }
    }

    /// How many pages of `per_page` entries the longest list takes (at least one).
    fn pages(&self, per_page: usize) -> usize {
        [
            self.statements.len(),
            self.practices.len(),
            self.about.len(),
            self.topic_dossiers.len(),
            self.uses.len(),
            self.exposed.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
        .div_ceil(per_page)
        .max(1)
    }

    /// The entries of page `number` (from 1): the same window of every list.
    fn page(&self, number: usize, per_page: usize) -> EntityLists {
        fn window<T: Clone>(list: &[T], number: usize, per_page: usize) -> Vec<T> {
            list.iter()
                .skip((number - 1) * per_page)
                .take(per_page)
                .cloned()
                .collect()
        }
        EntityLists {
            statements: window(&self.statements, number, per_page),
            practices: window(&self.practices, number, per_page),
            about: window(&self.about, number, per_page),
            topic_dossiers: window(&self.topic_dossiers, number, per_page),
            uses: window(&self.uses, number, per_page),
            exposed: window(&self.exposed, number, per_page),
        }
    }
}

/// A dossier page lists, besides its own items, what other dossiers say of
/// it: the pages that link to it and the practices that contradict it.
fn dossier_shape(wiki: &Wiki, index: usize) -> u64 {
    let page = &wiki.dossiers[index];
    page.links
        .statements
        .iter()
        .fold(
            Shape::new(wiki).entities(page.backlinks.iter().copied()),
            |shape, links| shape.items(&links.contradicted_by),
        )
        .finish()
}

/// An entity page lists what names it: its backlinks, the window of its
/// lists that it shows, and what its kind adds.
fn entity_shape(wiki: &Wiki, id: EntityId, lists: &EntityLists, pages: usize) -> u64 {
    let shape = Shape::new(wiki)
        .entity(id)
        .number(pages)
        .entities(wiki.backlinks(id).iter().copied())
        .items(&lists.statements)
        .items(&lists.practices)
        .dossiers(&lists.about)
        .dossiers(&lists.topic_dossiers)
        .items(&lists.uses)
        .items(&lists.exposed);
    let shape = match id.kind {
        Kind::Organization => shape.entities(operated_by(wiki, id)),
        Kind::Law => shape.entities(providers(&wiki.providers_by_law[id.index])),
        _ => shape,
    };
    shape.finish()
}

/// A list page lists every page of its kind; the topics' list also counts
/// each topic's dossiers.
fn list_shape(wiki: &Wiki, kind: Kind, count: usize) -> u64 {
    let shape = Shape::new(wiki).entities((0..count).map(|index| EntityId { kind, index }));
    let shape = if kind == Kind::Topic {
        wiki.topics.iter().fold(shape, |shape, topic| {
            shape.number(topic.links.dossiers.len())
        })
    } else {
        shape
    };
    shape.finish()
}

/// The providers an organization operates.
fn operated_by(wiki: &Wiki, id: EntityId) -> Vec<EntityId> {
    providers(
        wiki.providers_by_operator
            .get(&id)
            .map_or(&[][..], Vec::as_slice),
    )
}

/// Providers by index, as pages.
fn providers(indexes: &[usize]) -> Vec<EntityId> {
    indexes
        .iter()
        .map(|&index| EntityId {
            kind: Kind::Provider,
            index,
        })
        .collect()
}

/// The short line under an entity in its list.
fn list_detail(views: &Views<'_>, id: EntityId) -> Option<String> {
    let wiki = views.wiki;
    match id.kind {
        Kind::Person => wiki.people[id.index]
            .front
            .roles
            .first()
            .map(|r| r.title.clone()),
        Kind::Organization => wiki.organizations[id.index]
            .front
            .kind
            .map(|k| views.theme.label("organization_kind", k.as_str())),
        Kind::Provider => {
            let provider = &wiki.providers[id.index];
            let operator = provider.links.operator.map(|o| views.title(o));
            let category = provider
                .front
                .category
                .map(|c| views.theme.label("provider_category", c.as_str()));
            let parts: Vec<String> = category.into_iter().chain(operator).collect();
            (!parts.is_empty()).then(|| parts.join(" · "))
        }
        Kind::Law => wiki.laws[id.index]
            .front
            .jurisdiction
            .as_ref()
            .map(|c| views.country(&c.0)),
        Kind::Topic => {
            let count = wiki.topics[id.index].links.dossiers.len();
            Some(format!(
                "{count} {}",
                views
                    .theme
                    .label("page", if count == 1 { "dossier" } else { "dossiers" })
            ))
        }
        Kind::Dossier => None,
    }
}

fn fill_dossier(views: &Views<'_>, context: &mut Context, index: usize) {
    views.saw(EntityId {
        kind: Kind::Dossier,
        index,
    });
    let wiki = views.wiki;
    let page = &wiki.dossiers[index];
    let items: Vec<ItemId> = (0..page.front.statements.len())
        .map(|i| ItemId {
            dossier: index,
            kind: ItemKind::Statement,
            index: i,
        })
        .chain((0..page.front.practices.len()).map(|i| ItemId {
            dossier: index,
            kind: ItemKind::Practice,
            index: i,
        }))
        .collect();
    let axis = views.items_by_date(&items);
    let topics: Vec<Link> = page
        .links
        .topics
        .iter()
        .map(|&t| {
            views.link(EntityId {
                kind: Kind::Topic,
                index: t,
            })
        })
        .collect();
    context.insert(
        "dossier",
        &serde_json::json!({
            "slug": page.slug,
            "title": page.front.title,
            "subject": page.links.subject.map(|s| views.link(s)),
            "date": views.date(&page.front.date),
            "updated": page.front.updated.as_ref().map(|d| views.date(d)),
            "summary": page.front.summary,
            "topics": topics,
            "body": views.body(&page.body, &page.wikilinks),
            "backlinks": views.links(&page.backlinks),
            "source_path": page.source_path,
        }),
    );
    context.insert("axis", &axis);
    context.insert("claim_reviews", &data::claim_reviews(wiki, views, index));
}

fn fill_entity(views: &Views<'_>, context: &mut Context, id: EntityId, lists: &EntityLists) {
    views.saw(id);
    let wiki = views.wiki;
    let briefs = |items: &[ItemId]| -> Vec<_> { items.iter().map(|&i| views.brief(i)).collect() };
    let cards = |dossiers: &[usize]| -> Vec<_> {
        dossiers.iter().map(|&d| views.dossier_card(d)).collect()
    };
    let statements = briefs(&lists.statements);
    let practices = briefs(&lists.practices);
    let about = cards(&lists.about);
    let mut facts: Vec<(String, serde_json::Value)> = Vec::new();
    let mut fact = |key: &str, value: serde_json::Value| {
        if !value.is_null() && value != serde_json::json!([]) {
            facts.push((views.theme.label("field", key), value));
        }
    };
    let link =
        |id: Option<EntityId>| serde_json::to_value(id.map(|i| views.link(i))).unwrap_or_default();
    let links = |ids: Vec<EntityId>| serde_json::to_value(views.links(&ids)).unwrap_or_default();
    let text = |s: Option<String>| serde_json::to_value(s).unwrap_or_default();
    let external = |url: Option<&String>| {
        serde_json::to_value(url.map(|u| Link {
            url: u.clone(),
            title: u.clone(),
        }))
        .unwrap_or_default()
    };
    let wikidata = |id: Option<&crate::front_matter::WikidataId>| {
        external(
            id.map(|w| format!("https://www.wikidata.org/wiki/{w}"))
                .as_ref(),
        )
    };
    let (body, wikilinks, backlinks, source_path) = match id.kind {
        Kind::Person => {
            let page = &wiki.people[id.index];
            fact(
                "aliases",
                text((!page.front.aliases.is_empty()).then(|| page.front.aliases.join(", "))),
            );
            fact("party", link(page.links.party));
            let roles: Vec<serde_json::Value> = page
                .front
                .roles
                .iter()
                .zip(&page.links.role_organizations)
                .map(|(role, org)| {
                    serde_json::json!({
                        "title": role.title,
                        "organization": org.map(|o| views.link(o)),
                        "from": role.from.as_ref().map(|d| views.date(d)),
                        "until": role.until.as_ref().map(|d| views.date(d)),
                    })
                })
                .collect();
            context.insert("roles", &roles);
            fact("wikidata", wikidata(page.front.wikidata.as_ref()));
            fact(
                "website",
                external(page.front.website.as_ref().map(|w| &w.0)),
            );
            (
                &page.body,
                &page.wikilinks,
                &page.backlinks,
                &page.source_path,
            )
        }
        Kind::Organization => {
            let page = &wiki.organizations[id.index];
            fact(
                "kind",
                text(
                    page.front
                        .kind
                        .map(|k| views.theme.label("organization_kind", k.as_str())),
                ),
            );
            fact(
                "country",
                text(page.front.country.as_ref().map(|c| views.country(&c.0))),
            );
            fact("parent", link(page.links.parent));
            fact("wikidata", wikidata(page.front.wikidata.as_ref()));
            fact(
                "website",
                external(page.front.website.as_ref().map(|w| &w.0)),
            );
            fact("operates", links(operated_by(wiki, id)));
            (
                &page.body,
                &page.wikilinks,
                &page.backlinks,
                &page.source_path,
            )
        }
        Kind::Provider => {
            let page = &wiki.providers[id.index];
            fact(
                "category",
                text(
                    page.front
                        .category
                        .map(|c| views.theme.label("provider_category", c.as_str())),
                ),
            );
            fact("operator", link(page.links.operator));
            fact(
                "headquarters",
                text(
                    page.front
                        .headquarters
                        .as_ref()
                        .map(|c| views.country(&c.0)),
                ),
            );
            let laws = |list: &[usize]| {
                links(
                    list.iter()
                        .map(|&index| EntityId {
                            kind: Kind::Law,
                            index,
                        })
                        .collect(),
                )
            };
            fact("subject_to", laws(&page.links.subject_to));
            fact("certifications", laws(&page.links.certifications));
            fact(
                "website",
                external(page.front.website.as_ref().map(|w| &w.0)),
            );
            context.insert("uses", &briefs(&lists.uses));
            (
                &page.body,
                &page.wikilinks,
                &page.backlinks,
                &page.source_path,
            )
        }
        Kind::Law => {
            let page = &wiki.laws[id.index];
            fact(
                "jurisdiction",
                text(
                    page.front
                        .jurisdiction
                        .as_ref()
                        .map(|c| views.country(&c.0)),
                ),
            );
            fact(
                "enacted",
                serde_json::to_value(page.front.enacted.as_ref().map(|d| views.date(d).text))
                    .unwrap_or_default(),
            );
            fact("text", external(page.front.url.as_ref().map(|u| &u.0)));
            fact(
                "providers",
                links(providers(&wiki.providers_by_law[id.index])),
            );
            context.insert("exposed", &briefs(&lists.exposed));
            (
                &page.body,
                &page.wikilinks,
                &page.backlinks,
                &page.source_path,
            )
        }
        Kind::Topic => {
            let page = &wiki.topics[id.index];
            context.insert("topic_dossiers", &cards(&lists.topic_dossiers));
            (
                &page.body,
                &page.wikilinks,
                &page.backlinks,
                &page.source_path,
            )
        }
        // Dossiers have their own template and are never rendered here.
        Kind::Dossier => return,
    };
    let facts: Vec<serde_json::Value> = facts
        .into_iter()
        .map(|(label, value)| serde_json::json!({ "label": label, "value": value }))
        .collect();
    context.insert(
        "entity",
        &serde_json::json!({
            "kind": id.kind.folder(),
            "kind_label": views.theme.label("kind", id.kind.folder()),
            "title": views::title(wiki, id),
            "body": views.body(body, wikilinks),
            "backlinks": views.links(backlinks),
            "source_path": source_path,
        }),
    );
    context.insert("facts", &facts);
    context.insert("statements", &statements);
    context.insert("practices", &practices);
    context.insert("about", &about);
}
