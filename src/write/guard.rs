//! The output guard: decides, before anything is written, whether a folder
//! may be replaced by a build.
//!
//! Every check runs on canonical paths (symbolic links resolved), so a link
//! cannot lead a build into the sources. Refused always: the site root, a
//! folder that contains it, anything inside `content/`, `themes/` or `.git/`,
//! the user's home and `/`. Refused unless forced: an existing folder that
//! holds files but no [`MARKER`], so that nothing vigie did not make is ever
//! deleted.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// The file vigie writes at the top of every output folder; its presence
/// tells a later build that the folder is vigie's to replace.
pub const MARKER: &str = ".vigie-output";

/// What the marker file says, for whoever finds it.
pub const MARKER_TEXT: &str =
    "This folder is vigie's build output, replaced whole by each build: keep nothing else here.\n";

/// An output folder that passed the guard: the only way to get one is
/// [`Destination::claim`], and every writer takes one.
#[derive(Debug, Clone)]
pub struct Destination {
    /// The folder, symbolic links resolved.
    path: PathBuf,
}

/// Why a folder may not be the output.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The site root cannot be resolved (it does not exist, say).
    #[error("cannot read the site root {path}: {source}")]
    NoRoot {
        /// The root given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The output cannot be resolved.
    #[error("cannot use {path} as the output: {source}")]
    Unresolvable {
        /// The path given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The output is the site root itself.
    #[error(
        "refusing to write the site into {output}: it is the site root, and a build replaces its output folder whole; choose a folder of its own, such as {suggestion}"
    )]
    IsRoot {
        /// The output given.
        output: PathBuf,
        /// A folder that would do.
        suggestion: PathBuf,
    },
    /// The output holds the root (`..`, the home folder, `/`).
    #[error(
        "refusing to write the site into {output}: it contains the site root {root}, which a build would delete; choose a folder of its own, such as {suggestion}"
    )]
    ContainsRoot {
        /// The output given.
        output: PathBuf,
        /// The root, resolved.
        root: PathBuf,
        /// A folder that would do.
        suggestion: PathBuf,
    },
    /// The output lies inside the sources.
    #[error(
        "refusing to write the site into {output}: it lies inside {folder}/, which holds the wiki's sources; choose a folder outside it, such as {suggestion}"
    )]
    InsideSources {
        /// The output given.
        output: PathBuf,
        /// `content`, `themes` or `.git`.
        folder: &'static str,
        /// A folder that would do.
        suggestion: PathBuf,
    },
    /// The output is the user's home or `/`.
    #[error(
        "refusing to write the site into {output}: it is {what}, and a build replaces its output folder whole; choose a folder of its own"
    )]
    Precious {
        /// The output given.
        output: PathBuf,
        /// "your home folder" or "the file system's root".
        what: &'static str,
    },
    /// The output exists and is not a folder.
    #[error("refusing to write the site into {output}: it is a file, not a folder")]
    NotAFolder {
        /// The output given.
        output: PathBuf,
    },
    /// The output holds files that vigie did not write.
    #[error(
        "refusing to replace {output}: it holds files and no `{MARKER}`, so vigie did not make it; choose an empty or new folder, or pass --force to replace it and everything in it"
    )]
    NotOurs {
        /// The output given.
        output: PathBuf,
    },
}

impl Destination {
    /// Checks that `output` may be replaced by a build of the site at `root`
    /// (see the module's documentation); `force` allows replacing a folder
    /// that vigie did not make, and nothing else.
    pub fn claim(root: &Path, output: &Path, force: bool) -> Result<Destination, Refusal> {
        let unresolvable = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Refusal::Unresolvable { path, source }
        };
        // Suggested as the user wrote the root: `wiki/public`, not `/home/...`.
        let suggestion = root.join("public");
        let root = fs::canonicalize(root).map_err(|source| Refusal::NoRoot {
            path: root.to_path_buf(),
            source,
        })?;
        let path = resolve(output).map_err(unresolvable(output))?;
        let given = || output.to_path_buf();
        if path.parent().is_none() {
            return Err(Refusal::Precious {
                output: given(),
                what: "the file system's root",
            });
        }
        if home().is_some_and(|home| home == path) {
            return Err(Refusal::Precious {
                output: given(),
                what: "your home folder",
            });
        }
        if path == root {
            return Err(Refusal::IsRoot {
                output: given(),
                suggestion,
            });
        }
        if root.starts_with(&path) {
            return Err(Refusal::ContainsRoot {
                output: given(),
                root,
                suggestion,
            });
        }
        for folder in ["content", "themes", ".git"] {
            if path.starts_with(root.join(folder)) {
                return Err(Refusal::InsideSources {
                    output: given(),
                    folder,
                    suggestion,
                });
            }
        }
        match fs::metadata(&path) {
            Ok(metadata) if !metadata.is_dir() => Err(Refusal::NotAFolder { output: given() }),
            Ok(_) if !force && !is_ours_or_empty(&path).map_err(unresolvable(output))? => {
                Err(Refusal::NotOurs { output: given() })
            }
            Ok(_) => Ok(Destination { path }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Destination { path }),
            Err(error) => Err(unresolvable(output)(error)),
        }
    }

    /// The folder, symbolic links resolved.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Whether a folder is empty or carries vigie's marker.
fn is_ours_or_empty(folder: &Path) -> std::io::Result<bool> {
    if folder.join(MARKER).is_file() {
        return Ok(true);
    }
    Ok(fs::read_dir(folder)?.next().is_none())
}

/// The user's home folder, resolved, when it exists.
fn home() -> Option<PathBuf> {
    std::env::home_dir().and_then(|home| fs::canonicalize(home).ok())
}

/// `path` made absolute with symbolic links resolved, although it (or some
/// of its last folders) may not exist yet: the longest existing prefix is
/// resolved, and the rest appended, `.` and `..` applied.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let mut resolved = loop {
        match fs::canonicalize(existing) {
            Ok(resolved) => break resolved,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                match (existing.parent(), existing.file_name()) {
                    (Some(parent), Some(name)) => {
                        rest.push(name.to_os_string());
                        existing = parent;
                    }
                    // `..` or `.` last: canonicalize its parent, then apply it.
                    (Some(parent), None) => {
                        rest.push(
                            existing
                                .components()
                                .next_back()
                                .map_or_else(|| ".".into(), |c| c.as_os_str().to_os_string()),
                        );
                        existing = parent;
                    }
                    (None, _) => return Err(error),
                }
            }
            Err(error) => return Err(error),
        }
    };
    let mut went_up = false;
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                went_up = true;
                resolved.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(_) => resolved.push(part),
        }
    }
    // After a `..`, what follows may name an existing link: resolve again
    // (the path has no `..` left, so this happens once).
    if went_up {
        return resolve(&resolved);
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_that_do_not_exist_yet() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let base = fs::canonicalize(dir.path())?;
        fs::create_dir(base.join("a"))?;
        assert_eq!(resolve(&base.join("a/b/c"))?, base.join("a/b/c"));
        assert_eq!(resolve(&base.join("a/new/../b"))?, base.join("a/b"));
        assert_eq!(resolve(&base.join("a/.."))?, base.clone());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("a"), base.join("link"))?;
            assert_eq!(resolve(&base.join("link/new"))?, base.join("a/new"));
        }
        Ok(())
    }

    #[test]
    fn refuses_the_sources_and_what_contains_them() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = fs::canonicalize(dir.path())?.join("wiki");
        fs::create_dir_all(root.join("content/dossiers"))?;
        fs::create_dir_all(root.join(".git"))?;
        let refused = |output: &Path| Destination::claim(&root, output, true).is_err();
        assert!(refused(&root));
        assert!(refused(&root.join(".")));
        assert!(refused(&root.join("content")));
        assert!(refused(&root.join("content/dossiers/new")));
        assert!(refused(&root.join("themes/default")));
        assert!(refused(&root.join(".git/x")));
        assert!(refused(root.parent().expect("a parent")));
        assert!(refused(Path::new("/")));
        assert!(!refused(&root.join("public")));
        assert!(!refused(&root.join("../elsewhere")));
        Ok(())
    }

    #[test]
    fn a_folder_that_vigie_did_not_make_needs_force() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        fs::create_dir_all(root.join("mine"))?;
        fs::write(root.join("mine/notes.txt"), "keep")?;
        assert!(matches!(
            Destination::claim(root, &root.join("mine"), false),
            Err(Refusal::NotOurs { .. })
        ));
        assert!(Destination::claim(root, &root.join("mine"), true).is_ok());
        fs::write(root.join("mine").join(MARKER), MARKER_TEXT)?;
        assert!(Destination::claim(root, &root.join("mine"), false).is_ok());
        fs::create_dir_all(root.join("empty"))?;
        assert!(Destination::claim(root, &root.join("empty"), false).is_ok());
        fs::write(root.join("file"), "x")?;
        assert!(matches!(
            Destination::claim(root, &root.join("file"), true),
            Err(Refusal::NotAFolder { .. })
        ));
        Ok(())
    }
}
