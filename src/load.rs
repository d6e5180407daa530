//! Stage 1, load: walks `content/` and reads every file.
//!
//! Takes the site root; gives a [`Loaded`] tree: `site.yaml`, each Markdown file
//! with its kind and slug, the media files, and a diagnostic for every file
//! that has no place in the content model, is unreadable or is not UTF-8.
//! Symbolic links are not followed, so nothing outside the tree is read.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
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
    /// Its text.
    pub file: SourceFile,
}

/// The content tree, read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// `content/site.yaml`, when present and readable.
    pub site: Option<SourceFile>,
    /// The Markdown files, sorted by kind and slug.
    pub files: Vec<ContentFile>,
    /// Files under `content/media/`, as `media/...` paths.
    pub media: BTreeSet<String>,
    /// The kind and slug of every Markdown file found, readable or not: a
    /// reference to a file with problems of its own is not reported again.
    pub pages: BTreeSet<(Kind, String)>,
    /// Every problem found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// A file to read: its kind and slug (`None` for `site.yaml`), its full path
/// and its path relative to the root.
type ToRead = (Option<(Kind, String)>, PathBuf, String);

/// Reads the content tree under `root/content`. Fails only when the folder
/// itself cannot be read; every problem with a file is a diagnostic.
pub fn load(root: &Path) -> Result<Loaded, std::io::Error> {
    let content = root.join("content");
    std::fs::read_dir(&content)?;
    let mut loaded = Loaded::default();
    let mut to_read: Vec<ToRead> = Vec::new();

    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(|p| relative(root, p)).unwrap_or_default();
                loaded.diagnostics.push(Diagnostic::new(
                    Code::Io,
                    format!("cannot read: {error}"),
                    Some(Location::file(path)),
                ));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = relative(root, entry.path());
        if entry.path_is_symlink() {
            loaded.diagnostics.push(
                Diagnostic::new(
                    Code::UnexpectedFile,
                    "symbolic links are not followed",
                    Some(Location::file(path)),
                )
                .with_help("copy the file into the content tree instead".to_string()),
            );
            continue;
        }
        let inner = entry
            .path()
            .strip_prefix(&content)
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        match classify(&inner) {
            Place::Site => to_read.push((None, entry.into_path(), path)),
            Place::Media(media) => {
                loaded.media.insert(media);
            }
            Place::Page(kind, slug) => {
                loaded.pages.insert((kind, slug.clone()));
                to_read.push((Some((kind, slug)), entry.into_path(), path));
            }
            Place::Nowhere(why) => loaded.diagnostics.push(
                Diagnostic::new(Code::UnexpectedFile, why, Some(Location::file(path))).with_help(
                    "content files go in dossiers/, people/, organizations/, providers/, laws/ or topics/ as <slug>.md; other files go under media/, or in a folder whose name starts with `_` to be ignored"
                        .to_string(),
                ),
            ),
        }
    }

    let read: Vec<_> = to_read
        .into_par_iter()
        .map(|(place, full, path)| (place, read_text(&full, path)))
        .collect();
    for (place, result) in read {
        match (place, result) {
            (None, Ok(file)) => loaded.site = Some(file),
            (Some((kind, slug)), Ok(file)) => loaded.files.push(ContentFile { kind, slug, file }),
            (_, Err(diagnostic)) => loaded.diagnostics.push(diagnostic),
        }
    }
    if loaded.site.is_none() && !loaded.diagnostics.iter().any(is_site_file) {
        loaded.diagnostics.push(
            Diagnostic::new(
                Code::MissingSiteConfig,
                "content/site.yaml is missing",
                Some(Location::file("content/site.yaml")),
            )
            .with_help("create it with at least `title:` and `base_url:`".to_string()),
        );
    }
    loaded
        .files
        .sort_by(|a, b| (a.kind, &a.slug).cmp(&(b.kind, &b.slug)));
    check_slugs(&mut loaded);
    Ok(loaded)
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

fn read_text(full: &Path, path: String) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(full).map_err(|error| {
        Diagnostic::new(
            Code::Io,
            format!("cannot read: {error}"),
            Some(Location::file(path.clone())),
        )
    })?;
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
fn check_slugs(loaded: &mut Loaded) {
    let mut seen: HashMap<(Kind, String), &str> = HashMap::new();
    for content in &loaded.files {
        let path = &content.file.path;
        if !is_slug(&content.slug) {
            loaded.diagnostics.push(
                Diagnostic::new(
                    Code::BadSlug,
                    format!("`{}` is not a valid slug", content.slug),
                    Some(Location::file(path.clone())),
                )
                .with_help(format!("rename the file: {}", slug_help(&content.slug))),
            );
        }
        let key = (content.kind, content.slug.to_lowercase());
        if let Some(first) = seen.get(&key) {
            loaded.diagnostics.push(
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
