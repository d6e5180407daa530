//! Stage 1, load: walks `content/` and reads every file.
//!
//! Takes the site root; gives a [`Loaded`] tree: `site.yaml`, each Markdown file
//! with its kind and slug, the media files, and a diagnostic for every file
//! that has no place in the content model, is unreadable or is not UTF-8.
//! Symbolic links are not followed, so nothing outside the tree is read.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
// FxHash: a save's load looks up and stores every file of the tree by path,
// and checks every slug (the map and the check were 14 ms of a 44 ms load).
use rustc_hash::FxHashMap;
use walkdir::WalkDir;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::front_matter::values::{is_slug, slug_help};
use crate::kind::Kind;
use crate::source::SourceFile;

/// A Markdown file of the content tree, read.
#[derive(Debug)]
pub struct ContentFile {
    /// Which folder it is in.
    pub kind: Kind,
    /// Its file stem.
    pub slug: String,
    /// Its text (shared: a [`ReadCache`] and the documents made from it
    /// may hold the same file).
    pub file: Arc<SourceFile>,
}

/// The content tree, read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// `content/site.yaml`, when present and readable.
    pub site: Option<Arc<SourceFile>>,
    /// The Markdown files, sorted by kind and slug.
    pub files: Vec<ContentFile>,
    /// Files under `content/media/`, as `media/...` paths.
    pub media: BTreeSet<String>,
    /// The kind and slug of every Markdown file found, readable or not: a
    /// reference to a file with problems of its own is not reported again.
    pub pages: BTreeSet<(Kind, String)>,
}

/// The tree as it is being read, and the problems found so far.
#[derive(Default)]
struct Walk {
    loaded: Loaded,
    diagnostics: Vec<Diagnostic>,
}

/// The largest content file vigie reads, in bytes. A dossier is a few
/// kilobytes; a file past this is refused with a `file-too-large` diagnostic,
/// unread, so that a mistaken paste or a binary dump costs no memory.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// Where a file's text will come from.
enum Source {
    /// A file on disk, read in parallel once the walk is done.
    Disk(PathBuf),
    /// Bytes already in memory.
    Memory(Vec<u8>),
}

/// A file to read: its kind and slug (`None` for `site.yaml`), its source
/// and its path relative to the root.
type ToRead = (Option<(Kind, String)>, Source, String);

/// Files read by an earlier load, with the size and modification time they
/// had then. A later load given the cache takes from it, unread, each file
/// whose size and time have not changed: `vigie serve` loads the whole tree
/// again on each save, and reading every file was most of that load.
#[derive(Debug, Default)]
pub struct ReadCache {
    files: FxHashMap<PathBuf, Cached>,
    /// Every file the last load found, when its walk met nothing amiss (no
    /// unreadable folder, no symbolic link): given the paths that changed
    /// since, the next load lists the tree without walking it.
    listing: Option<BTreeSet<PathBuf>>,
    /// What changed since the last load, as far as the caller knows.
    changes: Changes,
}

/// What changed in the tree since the last load.
#[derive(Debug, Default)]
enum Changes {
    /// Nothing said: the next load walks the tree.
    #[default]
    Unknown,
    /// These paths, and no others.
    Named(BTreeSet<PathBuf>),
    /// Changes were lost: the next load walks the tree, whatever is said
    /// before it.
    Lost,
}

impl ReadCache {
    /// Tells the cache which paths changed (created, written, removed,
    /// renamed) since the last load, or `None` when some changes were lost.
    /// Each call adds to the last ones until the next load. The caller
    /// must name every change since the last load: `vigie serve`'s watcher
    /// does, from the file system's events; a cache told nothing walks the
    /// tree and compares every file's size and time, as before.
    pub fn note_changes(&mut self, paths: Option<Vec<PathBuf>>) {
        self.changes = match (std::mem::take(&mut self.changes), paths) {
            (Changes::Lost, _) | (_, None) => Changes::Lost,
            (Changes::Unknown, Some(paths)) => Changes::Named(paths.into_iter().collect()),
            (Changes::Named(mut named), Some(paths)) => {
                named.extend(paths);
                Changes::Named(named)
            }
        };
    }
}

#[derive(Debug, Clone)]
struct Cached {
    len: u64,
    modified: SystemTime,
    file: Arc<SourceFile>,
}

/// A file to keep in the cache, by its full path.
type ToCache = (PathBuf, Cached);

/// How long after its last change a file is trusted to its size and time: a
/// second write within the same tick of the file system's clock (coarse on
/// some systems) keeps both, so a file changed this recently is read again.
const SETTLING: Duration = Duration::from_secs(2);

impl ReadCache {
    /// The cached file at `full`, if its size and time are still `metadata`'s.
    fn get(&self, full: &Path, metadata: &std::fs::Metadata) -> Option<Arc<SourceFile>> {
        let cached = self.files.get(full)?;
        let same =
            cached.len == metadata.len() && Some(cached.modified) == metadata.modified().ok();
        same.then(|| Arc::clone(&cached.file))
    }
}

/// Reads the content tree under `root/content`, with every problem found.
/// Fails only when the folder itself cannot be read; every problem with a
/// file is a diagnostic.
pub fn load(root: &Path) -> Result<(Loaded, Vec<Diagnostic>), std::io::Error> {
    load_cached(root, None)
}

/// [`load`], taking from `cache` the files that did not change since it was
/// filled, and leaving in it the files of this load. When the cache was told
/// which paths changed ([`ReadCache::note_changes`]), only those are looked
/// at: the tree is not walked, and the other files are taken from the cache
/// without asking their size and time (at 10,000 dossiers, a sixth of a
/// save's rebuild).
pub fn load_cached(
    root: &Path,
    mut cache: Option<&mut ReadCache>,
) -> Result<(Loaded, Vec<Diagnostic>), std::io::Error> {
    let content = root.join("content");
    std::fs::read_dir(&content)?;
    let changes = cache
        .as_deref_mut()
        .map(|cache| std::mem::take(&mut cache.changes))
        .unwrap_or_default();
    // The listing is made again by every load: taken, not copied.
    let last = cache.as_deref_mut().and_then(|cache| cache.listing.take());
    let listed = match (&changes, last) {
        (Changes::Named(changed), Some(listing)) => relist(root, &content, listing, changed),
        _ => None,
    };
    let mut walk = Walk::default();
    let (listing, fresh, sound) = match listed {
        Some((listing, fresh)) => (listing, Some(fresh), true),
        None => {
            let (listing, sound) = walk.tree(root, &content);
            (listing, None, sound)
        }
    };
    // Where each file goes, worked out on every core: a save's load goes
    // through the whole listing.
    let placed: Vec<(Place, String)> = listing
        .par_iter()
        .map(|full| {
            let inner: Vec<_> = full
                .strip_prefix(&content)
                .map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect()
                })
                .unwrap_or_default();
            (classify(&inner), relative(root, full))
        })
        .collect();
    let mut to_read: Vec<ToRead> = Vec::new();
    for (full, (place, path)) in listing.iter().zip(placed) {
        if let Some(place) = walk.note(place, &path) {
            to_read.push((place, Source::Disk(full.clone()), path));
        }
    }
    // Files named as changed are read; the others, when cached, are trusted.
    let loaded = walk.read(to_read, cache.as_deref_mut(), fresh.as_ref());
    if let Some(cache) = cache {
        cache.listing = sound.then_some(listing);
    }
    Ok(loaded)
}

/// The listing of the last load with the `changed` paths applied, and those
/// of them to read, written as the listing writes paths (under `content` as
/// given, where the watcher may give them absolute). `None` when they say
/// something a listing cannot follow (a folder created, removed or renamed,
/// a symbolic link, a path that cannot be read or placed): the tree must be
/// walked then.
fn relist(
    root: &Path,
    content: &Path,
    mut listing: BTreeSet<PathBuf>,
    changed: &BTreeSet<PathBuf>,
) -> Option<(BTreeSet<PathBuf>, BTreeSet<PathBuf>)> {
    let absolute_content = std::path::absolute(content).ok()?;
    let themes = std::path::absolute(root.join("themes")).ok()?;
    let mut fresh = BTreeSet::new();
    for path in changed {
        let absolute = std::path::absolute(path).ok()?;
        let inner = match absolute.strip_prefix(&absolute_content) {
            Ok(inner) => inner,
            // A theme's file is not the load's business.
            Err(_) if absolute.starts_with(&themes) => continue,
            Err(_) => return None,
        };
        // `..` would name a file twice over.
        if inner
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let ignored = inner
            .components()
            .any(|c| is_ignored(&c.as_os_str().to_string_lossy()));
        if inner.as_os_str().is_empty() || ignored {
            continue;
        }
        let listed = content.join(inner);
        match std::fs::symlink_metadata(&listed) {
            Ok(metadata) if metadata.is_file() => {
                listing.insert(listed.clone());
                fresh.insert(listed);
            }
            Ok(_) => return None,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                listing.remove(&listed);
                // A folder gone with its files.
                if listing.iter().any(|file| file.starts_with(&listed)) {
                    return None;
                }
            }
            Err(_) => return None,
        }
    }
    Some((listing, fresh))
}

/// Loads a content tree held in memory: each file's path inside `content/`
/// (`/`-separated, as `dossiers/x.md`) and its bytes. The same checks as
/// [`load`] apply, names and sizes included; for tests and fuzzing, which
/// need no disk.
pub fn load_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> (Loaded, Vec<Diagnostic>) {
    let mut walk = Walk::default();
    let mut to_read: Vec<ToRead> = Vec::new();
    let mut files: Vec<_> = files.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (inner, bytes) in files {
        let parts: Vec<std::borrow::Cow<'_, str>> = inner
            .split('/')
            .filter(|part| !part.is_empty())
            .map(std::borrow::Cow::Borrowed)
            .collect();
        if parts.is_empty() || parts.iter().any(|part| is_ignored(part)) {
            continue;
        }
        let path = format!("content/{}", parts.join("/"));
        if let Some(place) = walk.note(classify(&parts), &path) {
            to_read.push((place, Source::Memory(bytes), path));
        }
    }
    walk.read(to_read, None, None)
}

impl Walk {
    /// Walks `content` (under `root`): gives every file found, and whether
    /// the walk met nothing amiss; reports unreadable folders and symbolic
    /// links.
    fn tree(&mut self, root: &Path, content: &Path) -> (BTreeSet<PathBuf>, bool) {
        let mut files = BTreeSet::new();
        let mut sound = true;
        let walker = WalkDir::new(content)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref())
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().map(|p| relative(root, p)).unwrap_or_default();
                    self.diagnostics.push(Diagnostic::new(
                        Code::Io,
                        format!("cannot read: {error}"),
                        Some(Location::file(path)),
                    ));
                    sound = false;
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            if entry.path_is_symlink() {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::UnexpectedFile,
                        "symbolic links are not followed",
                        Some(Location::file(relative(root, entry.path()))),
                    )
                    .with_help("copy the file into the content tree instead".to_string()),
                );
                sound = false;
                continue;
            }
            files.insert(entry.into_path());
        }
        (files, sound)
    }

    /// Records a file found at `path`, placed at `place`: gives its kind
    /// and slug when it is to be read (`None` inside for `site.yaml`), notes
    /// a media file, or reports a file out of place.
    fn note(&mut self, place: Place, path: &str) -> Option<Option<(Kind, String)>> {
        match place {
            Place::Site => Some(None),
            Place::Media(media) => {
                self.loaded.media.insert(media);
                None
            }
            Place::Page(kind, slug) => {
                self.loaded.pages.insert((kind, slug.clone()));
                Some(Some((kind, slug)))
            }
            Place::Nowhere(why) => {
                self.diagnostics.push(
                    Diagnostic::new(Code::UnexpectedFile, why, Some(Location::file(path))).with_help(
                        "content files go in dossiers/, people/, organizations/, providers/, laws/ or topics/ as <slug>.md; other files go under media/, or in a folder whose name starts with `_` to be ignored"
                            .to_string(),
                    ),
                );
                None
            }
        }
    }

    /// Reads the files found (from disk in parallel, or from `cache` when
    /// unchanged), then checks what needs them all: a site file, and slugs.
    /// Files in `fresh`, when given, are read whatever the cache holds, and
    /// the others are taken from it unasked when it holds them.
    fn read(
        mut self,
        to_read: Vec<ToRead>,
        cache: Option<&mut ReadCache>,
        fresh: Option<&BTreeSet<PathBuf>>,
    ) -> (Loaded, Vec<Diagnostic>) {
        let started = SystemTime::now();
        let previous = cache.as_deref();
        let read: Vec<_> = to_read
            .into_par_iter()
            .map(|(place, source, path)| match source {
                Source::Disk(full) => {
                    let trusted = fresh.is_some_and(|fresh| !fresh.contains(&full));
                    let (file, cached) = read_file(full, path, previous, trusted, started);
                    (place, file, cached)
                }
                Source::Memory(bytes) => {
                    let file = within_limit(bytes.len() as u64, &path, &CONTENT_FILE)
                        .and_then(|()| decode(bytes, path));
                    (place, file.map(Arc::new), None)
                }
            })
            .collect();
        let mut files = FxHashMap::default();
        files.reserve(read.len());
        for (place, result, cached) in read {
            files.extend(cached);
            match (place, result) {
                (None, Ok(file)) => self.loaded.site = Some(file),
                (Some((kind, slug)), Ok(file)) => {
                    self.loaded.files.push(ContentFile { kind, slug, file })
                }
                (_, Err(diagnostic)) => self.diagnostics.push(diagnostic),
            }
        }
        if let Some(cache) = cache {
            cache.files = files;
        }
        if self.loaded.site.is_none() && !self.diagnostics.iter().any(is_site_file) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::MissingSiteConfig,
                    "content/site.yaml is missing",
                    Some(Location::file("content/site.yaml")),
                )
                .with_help("create it with at least `title:` and `base_url:`".to_string()),
            );
        }
        self.loaded
            .files
            .sort_by(|a, b| (a.kind, &a.slug).cmp(&(b.kind, &b.slug)));
        check_slugs(&self.loaded, &mut self.diagnostics);
        (self.loaded, self.diagnostics)
    }
}

/// Hashes the path, size and modification time of everything under `folder`
/// (nothing when it does not exist): a cheap stamp of whether files changed,
/// without reading them.
pub fn stamp(folder: &Path, hasher: &mut impl std::hash::Hasher) {
    use std::hash::Hash;
    for entry in WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        entry.path().hash(hasher);
        if let Ok(metadata) = entry.metadata() {
            metadata.len().hash(hasher);
            metadata.modified().ok().hash(hasher);
        }
    }
}

fn is_site_file(diagnostic: &Diagnostic) -> bool {
    diagnostic
        .location
        .as_ref()
        .is_some_and(|l| l.path == "content/site.yaml")
}

/// Folders and files whose names start with `_` or `.` are the contributors'
/// own (drafts, notes, editor files) and are skipped.
fn is_ignored(name: &str) -> bool {
    name.starts_with('_') || name.starts_with('.')
}

enum Place {
    Site,
    Media(String),
    Page(Kind, String),
    Nowhere(String),
}

/// Where a file sits in the content model, from its path inside `content/`.
fn classify(parts: &[std::borrow::Cow<'_, str>]) -> Place {
    match parts {
        [name] if name == "site.yaml" => Place::Site,
        [first, ..] if first == "media" => Place::Media(parts.join("/")),
        [folder, name] => match Kind::from_folder(folder) {
            Some(kind) => match name.strip_suffix(".md") {
                Some(stem) => Place::Page(kind, stem.to_string()),
                None => Place::Nowhere(format!(
                    "`{name}` is not a Markdown file; {folder}/ holds only <slug>.md files"
                )),
            },
            None => Place::Nowhere(format!("`{folder}/` is not a folder of the content model")),
        },
        [folder, ..] if Kind::from_folder(folder).is_some() => Place::Nowhere(format!(
            "{folder}/ holds <slug>.md files directly, not in subfolders"
        )),
        _ => Place::Nowhere(format!(
            "`{}` has no place in the content model",
            parts.join("/")
        )),
    }
}

/// Reads a file from disk, unless it is larger than [`MAX_FILE_BYTES`]:
/// its size is asked first, and the read stops past the limit should the
/// file grow meanwhile.
fn read_bytes(
    full: &Path,
    path: &str,
    limit: &Limit,
) -> Result<(Vec<u8>, std::fs::Metadata), Diagnostic> {
    use std::io::Read;
    let unreadable = |error: std::io::Error| {
        Diagnostic::new(
            Code::Io,
            format!("cannot read: {error}"),
            Some(Location::file(path)),
        )
    };
    let file = std::fs::File::open(full).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    let size = metadata.len();
    within_limit(size, path, limit)?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    within_limit(bytes.len() as u64, path, limit)?;
    Ok((bytes, metadata))
}

/// A content file from disk, or from `cache` when its size and time did not
/// change (when `trusted`, when the cache holds it at all: no change was
/// named for it); with what to cache of it, when it has settled (see
/// [`SETTLING`]).
fn read_file(
    full: PathBuf,
    path: String,
    cache: Option<&ReadCache>,
    trusted: bool,
    started: SystemTime,
) -> (Result<Arc<SourceFile>, Diagnostic>, Option<ToCache>) {
    if let Some(cached) = cache
        .filter(|_| trusted)
        .and_then(|cache| cache.files.get(&full))
    {
        return (Ok(Arc::clone(&cached.file)), Some((full, cached.clone())));
    }
    let known = cache.and_then(|cache| {
        let metadata = std::fs::symlink_metadata(&full).ok()?;
        Some((cache.get(&full, &metadata)?, metadata))
    });
    let (file, metadata) = match known {
        Some((file, metadata)) => (Ok(file), Some(metadata)),
        None => match read_bytes(&full, &path, &CONTENT_FILE) {
            Ok((bytes, metadata)) => {
                let file = decode(bytes, path).map(|file| Arc::new(file.on_disk(full.clone())));
                (file, Some(metadata))
            }
            Err(diagnostic) => (Err(diagnostic), None),
        },
    };
    let cached = match (&file, metadata) {
        (Ok(file), Some(metadata)) if cache.is_some() => metadata
            .modified()
            .ok()
            .filter(|&modified| modified + SETTLING <= started)
            .map(|modified| {
                let cached = Cached {
                    len: metadata.len(),
                    modified,
                    file: Arc::clone(file),
                };
                (full, cached)
            }),
        _ => None,
    };
    (file, cached)
}

/// How large a file vigie reads, and what to do about one larger.
struct Limit {
    bytes: u64,
    what: &'static str,
    help: &'static str,
}

const CONTENT_FILE: Limit = Limit {
    bytes: MAX_FILE_BYTES,
    what: "content files",
    help: "split the text into several dossiers, or put documents under media/ and link them",
};

/// The largest stored copy of a source that `check` reads (a saved web page
/// with its markup; quotes are looked for in its text).
pub const MAX_COPY_BYTES: u64 = 16 << 20;

const STORED_COPY: Limit = Limit {
    bytes: MAX_COPY_BYTES,
    what: "stored copies of sources",
    help: "keep only the article: save its text, or the page without its scripts and images",
};

fn within_limit(size: u64, path: &str, limit: &Limit) -> Result<(), Diagnostic> {
    if size <= limit.bytes {
        return Ok(());
    }
    Err(Diagnostic::new(
        Code::FileTooLarge,
        format!(
            "the file is {} KiB; vigie reads {} of at most {} KiB",
            size.div_ceil(1024),
            limit.what,
            limit.bytes / 1024
        ),
        Some(Location::file(path)),
    )
    .with_help(limit.help.to_string()))
}

/// Reads the stored copies of sources at `paths` (`media/...`, under
/// `root/content/`), for the quote check. Gives the bytes of those read and
/// a diagnostic for each that could not be.
pub fn read_copies(root: &Path, paths: &[String]) -> (HashMap<String, Vec<u8>>, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut copies = HashMap::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        let shown = format!("content/{path}");
        match read_bytes(&content.join(path), &shown, &STORED_COPY) {
            Ok((bytes, _)) => {
                copies.insert(path.clone(), bytes);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (copies, diagnostics)
}

/// The text of a file's bytes, which must be UTF-8.
fn decode(bytes: Vec<u8>, path: String) -> Result<SourceFile, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Diagnostic::new(
                Code::NotUtf8,
                format!("the file is not UTF-8 text (first bad byte on line {line})"),
                Some(Location {
                    line,
                    end_line: line,
                    ..Location::file(path)
                }),
            )
            .with_help("save the file as UTF-8".to_string()))
        }
    }
}

/// Slugs must be valid, and unique within a kind even ignoring case (two files
/// that differ only by case collide on case-insensitive disks and hosts).
fn check_slugs(loaded: &Loaded, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: FxHashMap<(Kind, std::borrow::Cow<'_, str>), &str> = FxHashMap::default();
    for content in &loaded.files {
        let path = &content.file.path;
        if !is_slug(&content.slug) {
            diagnostics.push(
                Diagnostic::new(
                    Code::BadSlug,
                    format!("`{}` is not a valid slug", content.slug),
                    Some(Location::file(path.clone())),
                )
                .with_help(format!("rename the file: {}", slug_help(&content.slug))),
            );
        }
        // Slugs are lowercase but for the few reported above.
        let slug = &content.slug;
        let lowercase = if slug.chars().any(char::is_uppercase) {
            std::borrow::Cow::Owned(slug.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(slug.as_str())
        };
        let key = (content.kind, lowercase);
        if let Some(first) = seen.get(&key) {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateSlug,
                    format!("`{}` has the same slug as {first}", path),
                    Some(Location::file(path.clone())),
                )
                .with_help("slugs must differ by more than letter case; rename one".to_string()),
            );
        } else {
            seen.insert(key, path);
        }
    }
}

/// `path` relative to `root`, with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(diagnostics: &[Diagnostic]) -> Vec<(&str, Code)> {
        diagnostics
            .iter()
            .map(|d| (d.location.as_ref().map_or("", |l| l.path.as_str()), d.code))
            .collect()
    }

    #[test]
    fn a_tree_in_memory_gets_the_checks_of_one_on_disk() {
        let files = [
            ("site.yaml", "title: x\n".as_bytes().to_vec()),
            ("people/jane.md", b"---\nname: Jane\n---\n".to_vec()),
            ("people/café.md", b"---\nname: Caf\n---\n".to_vec()),
            ("people/big.md", vec![b'a'; MAX_FILE_BYTES as usize + 1]),
            ("people/latin.md", b"\xe9".to_vec()),
            ("_drafts/x.md", b"ignored".to_vec()),
            ("notes.txt", b"out of place".to_vec()),
            ("media/a.png", b"png".to_vec()),
        ];
        let (loaded, diagnostics) = load_files(files.map(|(p, b)| (p.to_string(), b)));
        assert!(loaded.site.is_some());
        let slugs: Vec<&str> = loaded.files.iter().map(|f| f.slug.as_str()).collect();
        assert_eq!(slugs, ["café", "jane"]);
        assert_eq!(loaded.media.iter().collect::<Vec<_>>(), ["media/a.png"]);
        assert_eq!(
            codes(&diagnostics),
            [
                ("content/notes.txt", Code::UnexpectedFile),
                ("content/people/big.md", Code::FileTooLarge),
                ("content/people/latin.md", Code::NotUtf8),
                ("content/people/café.md", Code::BadSlug),
            ]
        );
    }

    #[test]
    fn a_file_over_the_limit_on_disk_is_not_read() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let people = dir.path().join("content/people");
        std::fs::create_dir_all(&people)?;
        std::fs::write(dir.path().join("content/site.yaml"), "title: x\n")?;
        let file = std::fs::File::create(people.join("huge.md"))?;
        // Sparse: a 64 MiB file that costs no disk.
        file.set_len(64 << 20)?;
        let (loaded, diagnostics) = load(dir.path())?;
        assert!(loaded.files.is_empty());
        assert_eq!(
            codes(&diagnostics),
            [("content/people/huge.md", Code::FileTooLarge)]
        );
        let message = &diagnostics[0].message;
        assert!(
            message.contains("65536 KiB") && message.contains("1024 KiB"),
            "{message}"
        );
        Ok(())
    }

    /// Writes `text` to `path` and dates it `ago` in the past.
    fn write_dated(path: &Path, text: &str, ago: Duration) -> std::io::Result<()> {
        std::fs::write(path, text)?;
        let file = std::fs::File::options().write(true).open(path)?;
        file.set_modified(SystemTime::now() - ago)
    }

    fn person<'l>(loaded: &'l Loaded, slug: &str) -> &'l Arc<SourceFile> {
        let found = loaded.files.iter().find(|f| f.slug == slug);
        &found.expect("the person is loaded").file
    }

    #[test]
    fn a_cached_file_is_read_again_only_when_its_size_or_time_changed() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let people = dir.path().join("content/people");
        std::fs::create_dir_all(&people)?;
        let old = Duration::from_secs(60);
        write_dated(&dir.path().join("content/site.yaml"), "title: x\n", old)?;
        write_dated(&people.join("jane.md"), "---\nname: Jane\n---\n", old)?;
        write_dated(&people.join("john.md"), "---\nname: John\n---\n", old)?;
        let mut cache = ReadCache::default();
        let (first, _) = load_cached(dir.path(), Some(&mut cache))?;
        let (second, _) = load_cached(dir.path(), Some(&mut cache))?;
        // Unchanged: the very same text, not read again.
        assert!(Arc::ptr_eq(person(&first, "jane"), person(&second, "jane")));
        // The same size, another time: read again.
        write_dated(&people.join("jane.md"), "---\nname: Jena\n---\n", old / 2)?;
        let (third, _) = load_cached(dir.path(), Some(&mut cache))?;
        assert!(person(&third, "jane").text.contains("Jena"));
        assert!(Arc::ptr_eq(person(&first, "john"), person(&third, "john")));
        // Changed just now: a second write in the same tick of the clock
        // would keep its time, so it is read on each load until it settles.
        std::fs::write(people.join("john.md"), "---\nname: Jon\n---\n")?;
        let (fourth, _) = load_cached(dir.path(), Some(&mut cache))?;
        let (fifth, _) = load_cached(dir.path(), Some(&mut cache))?;
        assert!(person(&fourth, "john").text.contains("Jon"));
        assert!(!Arc::ptr_eq(
            person(&fourth, "john"),
            person(&fifth, "john")
        ));
        // A file removed leaves the cache with its load.
        std::fs::remove_file(people.join("jane.md"))?;
        let (sixth, _) = load_cached(dir.path(), Some(&mut cache))?;
        assert!(sixth.files.iter().all(|f| f.slug != "jane"));
        assert!(!cache.files.keys().any(|path| path.ends_with("jane.md")));
        Ok(())
    }

    /// What a load gave, to compare: each file's place and text, the media,
    /// the pages and the problems.
    fn summary(loaded: &Loaded, diagnostics: &[Diagnostic]) -> String {
        let files: Vec<String> = loaded
            .files
            .iter()
            .map(|f| format!("{:?}/{}: {}", f.kind, f.slug, f.file.text))
            .collect();
        let mut problems: Vec<String> = codes(diagnostics)
            .into_iter()
            .map(|(path, code)| format!("{path} {code:?}"))
            .collect();
        problems.sort();
        format!(
            "{:?}\n{files:#?}\n{:?}\n{:?}\n{problems:#?}",
            loaded.site.as_ref().map(|s| &s.text),
            loaded.media,
            loaded.pages
        )
    }

    #[test]
    fn a_load_told_what_changed_gives_what_a_load_from_scratch_gives() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        let content = root.join("content");
        let people = content.join("people");
        std::fs::create_dir_all(&people)?;
        std::fs::create_dir_all(content.join("media"))?;
        let old = Duration::from_secs(60);
        write_dated(&content.join("site.yaml"), "title: x\n", old)?;
        for name in ["jane", "john", "joan"] {
            write_dated(
                &people.join(format!("{name}.md")),
                "---\nname: x\n---\n",
                old,
            )?;
        }
        let mut cache = ReadCache::default();
        let (first, _) = load_cached(root, Some(&mut cache))?;
        // An edit, a new page, a page removed, a new media file, a file out
        // of place and one in an ignored folder, each named.
        std::fs::write(people.join("jane.md"), "---\nname: Jane\n---\n")?;
        std::fs::write(people.join("jill.md"), "---\nname: Jill\n---\n")?;
        std::fs::remove_file(people.join("joan.md"))?;
        std::fs::write(content.join("media/a.png"), "png")?;
        std::fs::write(people.join("notes.txt"), "out of place")?;
        std::fs::create_dir_all(content.join("_drafts"))?;
        std::fs::write(content.join("_drafts/x.md"), "ignored")?;
        // Named as a watcher may name them: absolute, or not quite as the
        // walk writes them.
        let named = ["jane.md", "./jill.md", "joan.md", "notes.txt"]
            .map(|name| people.join(name))
            .into_iter()
            .chain([content.join("media/a.png"), content.join("_drafts/x.md")])
            .chain([root.join("themes/x/page.html")])
            .collect();
        cache.note_changes(Some(named));
        let (told, told_problems) = load_cached(root, Some(&mut cache))?;
        let (scratch, scratch_problems) = load(root)?;
        assert_eq!(
            summary(&told, &told_problems),
            summary(&scratch, &scratch_problems)
        );
        // The files not named were taken from the cache, unasked.
        assert!(Arc::ptr_eq(person(&first, "john"), person(&told, "john")));
        assert!(person(&told, "jane").text.contains("Jane"));
        // A new folder cannot be followed by name: the tree is walked.
        std::fs::create_dir_all(content.join("topics"))?;
        std::fs::write(content.join("topics/t.md"), "---\nname: T\n---\n")?;
        cache.note_changes(Some(vec![content.join("topics")]));
        let (walked, walked_problems) = load_cached(root, Some(&mut cache))?;
        let (scratch, scratch_problems) = load(root)?;
        assert_eq!(
            summary(&walked, &walked_problems),
            summary(&scratch, &scratch_problems)
        );
        // Lost events: walked too, whatever is named after.
        std::fs::write(people.join("john.md"), "---\nname: John\n---\n")?;
        cache.note_changes(None);
        cache.note_changes(Some(Vec::new()));
        let (after_loss, _) = load_cached(root, Some(&mut cache))?;
        assert!(person(&after_loss, "john").text.contains("John"));
        // Told nothing: every file's size and time is compared, as before.
        std::fs::write(people.join("jill.md"), "---\nname: Jil\n---\n")?;
        let (untold, _) = load_cached(root, Some(&mut cache))?;
        assert!(person(&untold, "jill").text.contains("Jil"));
        Ok(())
    }
}
