//! Stage 5, render: turns the [`Wiki`] into the files of the site.
//!
//! Takes the wiki and a [`Theme`]; hands on every [`Output`] file: the HTML
//! pages planned by [`Plan`] (one module per page type in `pages/`), the
//! JSON export, the Atom feed, the sitemap and the theme's static files.
//! Pages render in parallel, each from its typed view (built by `views`,
//! with links relative to the page by `urls`); HTML is minified when the
//! site asks (`minify: true`). The same wiki always gives the same bytes.

mod counting;
mod dates;
mod markdown;
mod pages;
mod search;
mod shape;
mod strings;
mod theme;
pub mod urls;
pub mod views;

use std::borrow::Cow;
use std::io::Write;

pub use pages::export::Entries;
pub use pages::{PagePath, Plan};
pub use theme::Theme;

use crate::resolve::{EntityId, Wiki};

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
    /// The strings file is not valid YAML, or lacks or misnames a key.
    #[error("{0}")]
    Strings(String),
    /// A template does not compile or fails to render.
    #[error("template error: {0}")]
    Template(String),
    /// A content file read again to render its body changed since it was checked.
    #[error(transparent)]
    Changed(#[from] crate::source::Changed),
    /// The JSON export failed.
    #[error("cannot write the JSON export: {0}")]
    Json(#[from] serde_json::Error),
}

/// A file to write: its path under the output folder and its bytes (the
/// JSON export, too large to hold, is written through [`export`] instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output<'a> {
    /// Relative path with `/` separators, such as `dossiers/x/index.html`.
    pub path: String,
    /// The content.
    pub bytes: Cow<'a, [u8]>,
}

impl Output<'static> {
    /// A file of bytes made for it.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Output<'static> {
        Output {
            path: path.into(),
            bytes: Cow::Owned(bytes),
        }
    }
}

/// What a rendered page was made from: the pages whose data it shows and
/// its shape. A page needs rendering again only when its shape changes or
/// one of the pages it read was edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    /// Where the page is.
    pub path: PagePath,
    /// Its shape when rendered.
    pub shape: u64,
    /// The pages it read.
    pub read: Vec<PageKey>,
}

/// A page of the wiki named by a digest of its kind and slug, which stay
/// the same from one build to the next where its id may not. A rebuild asks
/// of every page whether it read an edited one: digests make that a lookup
/// of a number, not of an address (tens of milliseconds at 10,000 dossiers).
/// Two pages with the same key would only make pages render more often
/// than they need to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageKey(u64);

impl PageKey {
    /// The key of page `id` of `wiki`.
    pub fn of(wiki: &Wiki, id: EntityId) -> PageKey {
        use std::hash::{Hash, Hasher};
        let mut hasher = rustc_hash::FxHasher::default();
        id.kind.hash(&mut hasher);
        urls::slug(wiki, id).hash(&mut hasher);
        PageKey(hasher.finish())
    }
}

/// Renders the pages of `plan` that `chosen` picks, in parallel, handing each
/// to `sink`; returns what each was made from. Without `keep_reads` (a
/// one-off build, which has no next build to compare with) each page's list
/// of what it read is left empty: at 100,000 dossiers, about 137,000 lists
/// of addresses that nothing would read.
pub fn render_pages<E>(
    wiki: &Wiki,
    theme: &Theme,
    plan: &Plan,
    chosen: impl Fn(&PagePath) -> bool + Sync,
    keep_reads: bool,
    sink: impl Fn(Output<'_>) -> Result<(), E> + Sync,
) -> Result<Vec<Made>, E>
where
    E: From<Error> + Send,
{
    plan.render(wiki, theme, chosen, |path, shape, bytes, read| {
        sink(Output::new(path.output(), bytes))?;
        let read = match keep_reads {
            true => read.into_iter().map(|id| PageKey::of(wiki, id)).collect(),
            false => Vec::new(),
        };
        Ok(Made {
            path: path.clone(),
            shape,
            read,
        })
    })
}

/// Writes the search index's files through `sink` (none when the site turns
/// search off); gives their paths.
pub fn search_index<E: Send + From<Error>>(
    wiki: &Wiki,
    theme: &Theme,
    sink: &(impl Fn(Output<'static>) -> Result<(), E> + Sync),
) -> Result<Vec<String>, E> {
    if wiki.site().search {
        search::index(wiki, theme, sink)
    } else {
        Ok(Vec::new())
    }
}

/// Where the JSON export goes under the output.
pub const EXPORT: &str = "data/wiki.json";

/// Writes the JSON export ([`EXPORT`]) to `out` as it is made. `known` (a
/// session that builds again) keeps the entries serialized, and reuses
/// those it has; without it, the entries are let go once written, so that
/// the export is never held whole.
pub fn export(wiki: &Wiki, known: Option<&mut Entries>, out: &mut dyn Write) -> Result<(), Error> {
    pages::export::write_wiki_json(wiki, known, out).map_err(Error::from)
}

/// Renders what is not a page and not the export: the feed, the sitemap and
/// the theme's static files, which follow the whole wiki. Returns their paths.
pub fn render_rest<E>(
    wiki: &Wiki,
    theme: &Theme,
    plan: &Plan,
    sink: impl Fn(Output<'_>) -> Result<(), E>,
) -> Result<Vec<String>, E>
where
    E: From<Error>,
{
    let mut written = Vec::new();
    let mut put = |file: Output<'_>| {
        written.push(file.path.clone());
        sink(file)
    };
    for (path, bytes) in &theme.assets {
        put(Output {
            path: path.clone(),
            bytes: Cow::Borrowed(bytes),
        })?;
    }
    put(Output::new("feed.xml", pages::feed::render(wiki, theme)?))?;
    put(Output::new(
        "sitemap.xml",
        pages::sitemap::render(wiki, theme, plan)?,
    ))?;
    Ok(written)
}
