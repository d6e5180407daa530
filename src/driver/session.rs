//! Builds that reuse the previous one: `build` runs one, `vigie serve` one
//! after each save.
//!
//! A [`Session`] remembers from its last good build each page file's digest
//! and, for each page, its shape and the pages it read ([`render::Made`]),
//! and the plan of its pages, which stands until a save changes a link, an
//! id, a date or a file's place (see [`resolve::Memo::linked`]).
//! The next build checks the whole content again (every problem is still
//! found), then renders only the pages whose shape changed, that read a page
//! whose file's front matter changed, or that show a body that changed (its
//! own page only), writes them in place, removes the pages that are gone,
//! and then writes the JSON export, feed, sitemap and search index again. A
//! change to the theme, the site settings, the media or the output folder
//! renders everything into a fresh folder, as the first build does.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::{Built, Checked, Error, Memory, Options, Stage, check_with};
use crate::render::{self, Entries, Made, Output, PageKey, PagePath, Plan, Theme};
use crate::resolve::{self, EntityId, Wiki};
use crate::write::Destination;
use crate::{load, write};

/// A series of builds of one site into one output folder.
pub struct Session {
    options: Options,
    output: Destination,
    /// Files read, parsed and validated by the previous checks.
    memory: Memory,
    /// Whether to fill the memo: not for a single build.
    remembers: bool,
    last: Option<Last>,
}

/// What the last good build rendered.
struct Last {
    /// The digest of the theme, settings and media it was built with.
    globals: u64,
    /// The digests of each page's file, by page.
    digests: HashMap<PageKey, Digests>,
    /// Each page, by path.
    pages: HashMap<PagePath, Made>,
    /// The entries of the JSON export, by page path.
    entries: Entries,
    /// The other files it wrote (export, feed, assets, search index).
    rest: HashSet<String>,
    /// Its plan, and how many times the wiki had been linked whole when it
    /// was made: the plan holds while that count does (a fifth of a save's
    /// rebuild at 10,000 dossiers).
    plan: Option<Plan>,
    linked: Option<u64>,
}

impl Session {
    /// A session whose first build renders everything, and that remembers
    /// each file it validated for the next builds.
    pub fn new(options: Options, output: Destination) -> Session {
        Session {
            options,
            output,
            memory: Memory::default(),
            remembers: true,
            last: None,
        }
    }

    /// A session for one build, which keeps nothing for a next one.
    pub fn single(options: Options, output: Destination) -> Session {
        Session {
            remembers: false,
            ..Session::new(options, output)
        }
    }

    /// Tells the session which paths changed since its last build (`None`:
    /// some changes were lost), so that the next build looks only at those
    /// (see [`load::ReadCache::note_changes`]). A session told nothing
    /// compares every file's size and time.
    pub fn note_changes(&mut self, paths: Option<Vec<std::path::PathBuf>>) {
        self.memory.read.note_changes(paths);
    }

    /// Checks, then renders what changed since the last good build into the
    /// output (everything the first time). With errors in the content (or
    /// warnings and `deny_warnings`), nothing is written and the previous
    /// output stays.
    pub fn build(&mut self, deny_warnings: bool) -> Result<Built, Error> {
        self.build_then(deny_warnings, |_| {})
    }

    /// As [`Session::build`]; when it updates the last build, calls
    /// `pages_ready` as soon as the pages are in place, before the files
    /// that follow the whole wiki (the JSON export, the search index), which
    /// take most of a save's time in a large wiki: `vigie serve` reloads the
    /// open pages then.
    pub fn build_then(
        &mut self,
        deny_warnings: bool,
        pages_ready: impl FnOnce(&Checked),
    ) -> Result<Built, Error> {
        let options = &self.options;
        // A one-off build has no next build to remember files for.
        let memory = self.remembers.then_some(&mut self.memory);
        let checked = check_with(options, memory)?;
        if checked.errors() > 0 || (deny_warnings && checked.warnings() > 0) {
            options.stage(Stage::Done);
            return Ok(Built {
                checked,
                pages: None,
                rendered: 0,
            });
        }
        options.stage(Stage::Render);
        let wiki = &checked.wiki;
        let theme = Theme::load(&options.root, wiki.site())?;
        let linked = self.memory.resolved.as_ref().map(resolve::Memo::linked);
        let plan = match self.last.as_mut() {
            Some(last) if linked.is_some() && last.linked == linked => last.plan.take(),
            _ => None,
        }
        .unwrap_or_else(|| Plan::new(wiki));
        let last_digests = self.last.as_ref().map(|last| &last.digests);
        let digests = page_digests(&checked, self.remembers, last_digests);
        let globals = globals(&theme, &options.root.join("content").join("media"));
        // Taken out first: should the update fail half-way, the next build
        // starts afresh.
        let last = self
            .last
            .take()
            .filter(|last| last.globals == globals && self.output.path().is_dir());
        let done = match last {
            Some(last) => self.update(&checked, &theme, &plan, last, &digests, pages_ready)?,
            None => self.full(&checked, &theme, &plan)?,
        };
        self.options.stage(Stage::Done);
        let files = done.pages.len() + done.rest.len();
        self.last = Some(Last {
            globals,
            digests,
            pages: done.pages,
            entries: done.entries,
            rest: done.rest,
            plan: Some(plan),
            linked,
        });
        Ok(Built {
            checked,
            pages: Some(files),
            rendered: done.rendered,
        })
    }

    /// Renders every page into a fresh folder and swaps it in.
    fn full(&self, checked: &Checked, theme: &Theme, plan: &Plan) -> Result<Rendered, Error> {
        let wiki = &checked.wiki;
        // Pages go to disk as they are rendered: the site is never held whole.
        let waiting = || self.options.stage(Stage::Wait);
        let staging = write::Staging::new(&self.output, waiting)?;
        let sink = |page: Output<'_>| staging.put(&page).map_err(Error::from);
        let mut entries = Entries::new();
        // A one-off build has no next build to reuse the export's entries.
        let known = self.remembers.then_some(&mut entries);
        let (made, rest) = with_search_index(wiki, theme, sink, || {
            let made = render::render_pages(wiki, theme, plan, |_| true, self.remembers, sink)?;
            staging.put_with(render::EXPORT, |out| {
                render::export(wiki, known, out).map_err(Error::from)
            })?;
            let mut rest = render::render_rest(wiki, theme, plan, sink)?;
            rest.push(render::EXPORT.to_string());
            Ok((made, rest))
        })?;
        self.options.stage(Stage::Write);
        staging.commit(&self.options.root.join("content").join("media"))?;
        Ok(Rendered {
            rendered: made.len(),
            pages: by_path(made),
            entries,
            rest,
        })
    }

    /// Renders the pages an edit touched, in place.
    fn update(
        &self,
        checked: &Checked,
        theme: &Theme,
        plan: &Plan,
        last: Last,
        digests: &HashMap<PageKey, Digests>,
        pages_ready: impl FnOnce(&Checked),
    ) -> Result<Rendered, Error> {
        let wiki = &checked.wiki;
        // Files whose front matter changed (or that came or went), and files
        // whose body alone changed: only the body's own page shows it.
        // FxHash: every page's reads are looked up here on each save.
        let mut edited: FxHashSet<PageKey> = FxHashSet::default();
        let mut bodies: FxHashSet<PageKey> = FxHashSet::default();
        for (page, now) in digests {
            match last.digests.get(page) {
                Some(before) if before.file == now.file => {}
                Some(before) if now.front.is_some() && before.front == now.front => {
                    bodies.insert(*page);
                }
                _ => {
                    edited.insert(*page);
                }
            }
        }
        edited.extend(
            last.digests
                .keys()
                .filter(|page| !digests.contains_key(*page))
                .copied(),
        );
        let shows_edited_body = |id: Option<EntityId>| {
            !bodies.is_empty() && id.is_some_and(|id| bodies.contains(&PageKey::of(wiki, id)))
        };
        // Every page's list of what it read is gone through: on both cores.
        let stale: HashSet<&PagePath> = plan
            .par_pages()
            .filter(|(path, shape, id)| match last.pages.get(*path) {
                None => true,
                Some(made) => {
                    made.shape != *shape
                        || made.read.iter().any(|r| edited.contains(r))
                        || shows_edited_body(*id)
                }
            })
            .map(|(path, _, _)| path)
            .collect();
        // Held until the end: a build into the same output waits for it.
        let _lock = write::Lock::take(&self.output, || self.options.stage(Stage::Wait))?;
        let output = self.output.path();
        let sink = |page: Output<'_>| write::replace(output, &page).map_err(Error::from);
        let mut pages = last.pages;
        // As many pages as before, none of them new: none is gone either
        // (the common save, which then skips a set of every page).
        let same_pages = plan.pages().count() == pages.len()
            && stale.iter().all(|path| pages.contains_key(*path));
        let gone: Vec<PagePath> = if same_pages {
            Vec::new()
        } else {
            let planned: HashSet<&PagePath> = plan.pages().map(|(path, _)| path).collect();
            pages
                .keys()
                .filter(|path| !planned.contains(path))
                .cloned()
                .collect()
        };
        // A JSON entry shows nothing its pages do not: stale with any of
        // them, and gone with the last of them.
        let mut entries = last.entries;
        for entry in plan.entries_of(wiki, |path| stale.contains(path)) {
            entries.remove(&entry);
        }
        let shown: HashSet<String> = plan.entries_of(wiki, |_| true).collect();
        entries.retain(|entry, _| shown.contains(entry));
        let made =
            render::render_pages(wiki, theme, plan, |path| stale.contains(path), true, sink)?;
        for path in &gone {
            write::remove(output, &path.output())?;
            pages.remove(path);
        }
        pages_ready(checked);
        let ((), rest) = with_search_index(wiki, theme, sink, || {
            write::replace_with(output, render::EXPORT, |out| {
                render::export(wiki, Some(&mut entries), out).map_err(Error::from)
            })?;
            let mut rest = render::render_rest(wiki, theme, plan, sink)?;
            rest.push(render::EXPORT.to_string());
            Ok(((), rest))
        })?;
        self.options.stage(Stage::Write);
        // Files other than pages (the search index's, a theme's) that the
        // last build wrote and this one did not are stale.
        for path in last.rest.difference(&rest) {
            write::remove(output, path)?;
        }
        let rendered = made.len();
        pages.extend(by_path(made));
        Ok(Rendered {
            pages,
            entries,
            rendered,
            rest,
        })
    }
}

/// Runs `render` (the pages, then the other files) while the search index
/// is built and written through `sink` on a thread of its own (both share
/// the thread pool). Gives what `render` made and the paths of every file
/// but the pages, the index's included.
fn with_search_index<T>(
    wiki: &Wiki,
    theme: &Theme,
    sink: impl Fn(Output<'_>) -> Result<(), Error> + Sync,
    render: impl FnOnce() -> Result<(T, Vec<String>), Error>,
) -> Result<(T, HashSet<String>), Error> {
    std::thread::scope(|scope| {
        let index = scope.spawn(|| render::search_index(wiki, theme, &sink));
        let rendered = render();
        let index = index
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let (made, rest) = rendered?;
        Ok((made, rest.into_iter().chain(index?).collect()))
    })
}

/// What a render leaves for the next build, and what it did.
struct Rendered {
    /// Every page of the output, by path.
    pages: HashMap<PagePath, Made>,
    /// The JSON export's entries.
    entries: Entries,
    /// How many pages this render rendered.
    rendered: usize,
    /// The other files it wrote (export, feed, sitemap, assets, search index).
    rest: HashSet<String>,
}

fn by_path(made: Vec<Made>) -> HashMap<PagePath, Made> {
    made.into_iter().map(|m| (m.path.clone(), m)).collect()
}

/// The digests of a page's file.
#[derive(Debug, Clone, Copy)]
struct Digests {
    /// Of the whole text.
    file: u64,
    /// Of the front matter alone, when known.
    front: Option<u64>,
}

/// The digests of each page's file, by page; pages without a file (topics
/// only used) have none, and change only through their shape. Two pages
/// whose keys are the same share one digest made of both, which changes
/// when either file does, and no front matter's. With `fronts` (a session
/// that builds again), a file's front matter is digested too, or its digest
/// taken from `last` when the file is the same.
fn page_digests(
    checked: &Checked,
    fronts: bool,
    last: Option<&HashMap<PageKey, Digests>>,
) -> HashMap<PageKey, Digests> {
    let wiki = &checked.wiki;
    let mut files: HashMap<PageKey, (u64, Option<EntityId>)> = HashMap::new();
    for id in wiki.entities() {
        let Some(&digest) = wiki.source_path(id).and_then(|p| checked.digests.get(p)) else {
            continue;
        };
        files
            .entry(PageKey::of(wiki, id))
            .and_modify(|(both, only)| {
                *both = both.rotate_left(1) ^ digest;
                *only = None;
            })
            .or_insert((digest, Some(id)));
    }
    files
        .into_iter()
        .map(|(page, (file, only))| {
            let front = match last.and_then(|last| last.get(&page)) {
                _ if !fronts => None,
                Some(before) if before.file == file => before.front,
                _ => only.and_then(|id| wiki.common(id).body.front_digest()),
            };
            (page, Digests { file, front })
        })
        .collect()
}

/// A digest of what every page depends on: the theme with the site settings,
/// and the media files (path, size, time), which are copied on a full build.
fn globals(theme: &Theme, media: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    theme.digest.hash(&mut hasher);
    load::stamp(media, &mut hasher);
    hasher.finish()
}
