//! `vigie new`: writes a new content file with the required fields and a
//! comment per field, so that contributors start from a valid shape.

use std::path::{Path, PathBuf};

use crate::front_matter::values::{is_slug, slug_help};
use crate::kind::Kind;

/// Why a file could not be created.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The slug is not valid.
    #[error("`{slug}` is not a valid slug: {help}")]
    BadSlug {
        /// The slug given.
        slug: String,
        /// How to write it.
        help: String,
    },
    /// A file with this slug (ignoring case) already exists.
    #[error("{0} already exists")]
    Exists(PathBuf),
    /// The file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The starting text of a file of `kind`.
fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::Dossier => include_str!("scaffold/dossier.md"),
        Kind::Person => include_str!("scaffold/person.md"),
        Kind::Organization => include_str!("scaffold/organization.md"),
        Kind::Provider => include_str!("scaffold/provider.md"),
        Kind::Law => include_str!("scaffold/law.md"),
        Kind::Topic => include_str!("scaffold/topic.md"),
        Kind::About => include_str!("scaffold/about.md"),
    }
}

/// Writes `ROOT/content/<kind folder>/<slug>.md` and returns its path. Refuses
/// an invalid slug and a slug already taken in that folder (ignoring case).
pub fn new_file(
    root: &Path,
    kind: Kind,
    slug: &str,
    today: jiff::civil::Date,
) -> Result<PathBuf, Error> {
    if !is_slug(slug) {
        return Err(Error::BadSlug {
            slug: slug.to_string(),
            help: slug_help(slug),
        });
    }
    let folder = root.join("content").join(kind.folder());
    let path = folder.join(format!("{slug}.md"));
    if let Ok(entries) = std::fs::read_dir(&folder) {
        let taken = entries.flatten().map(|e| e.path()).find(|p| {
            p.file_stem()
                .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case(slug))
        });
        if let Some(existing) = taken {
            return Err(Error::Exists(existing));
        }
    }
    let write_error = |source| Error::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(&folder).map_err(write_error)?;
    let text = template(kind).replace("{{today}}", &today.to_string());
    // `create_new` refuses to overwrite a file created meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Exists(path.clone())
            } else {
                Error::Write {
                    path: path.clone(),
                    source,
                }
            }
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
