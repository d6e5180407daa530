//! Stage 6, write: puts the rendered files in the output folder, all or
//! nothing, and never anywhere else.
//!
//! Takes a [`Destination`] (an output folder that passed the [`guard`]), the
//! [`Output`] files as render hands them on, and the media folder; writes
//! them into a fresh folder beside the output ([`Staging`]), then swaps it in
//! (on Linux in one step, `renameat2` with `RENAME_EXCHANGE`). A failure, or
//! the process being killed, at any point leaves the previous output exactly
//! as it was; the next build removes what a killed one left beside it. One
//! build at a time writes a given output ([`Lock`]): a second waits for the
//! first, so the output is always one whole site.

pub mod guard;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::render::Output;
pub use guard::{Destination, MARKER, Refusal};

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct Error {
    /// The file or folder concerned.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

fn at(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error {
        path: path.to_path_buf(),
        source,
    }
}

/// The right to write one output folder, held by one build at a time across
/// processes: an advisory lock on the folder that holds it, which the system
/// releases when the process ends, however it ends.
#[derive(Debug)]
pub struct Lock {
    #[cfg(unix)]
    _folder: fs::File,
}

impl Lock {
    /// Takes the lock of `destination`'s output; calls `waiting` first when
    /// another build holds it, then waits for it.
    pub fn take(destination: &Destination, waiting: impl FnOnce()) -> Result<Lock, Error> {
        let parent = parent_of(destination.path());
        fs::create_dir_all(&parent).map_err(at(&parent))?;
        #[cfg(unix)]
        {
            let folder = fs::File::open(&parent).map_err(at(&parent))?;
            match folder.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    waiting();
                    folder.lock().map_err(at(&parent))?;
                }
                Err(fs::TryLockError::Error(error)) => return Err(at(&parent)(error)),
            }
            Ok(Lock { _folder: folder })
        }
        #[cfg(not(unix))]
        {
            let _ = waiting;
            Ok(Lock {})
        }
    }
}

/// A new output folder being filled beside the real one. It replaces the real
/// one only on [`commit`](Staging::commit); dropped before that, it is deleted
/// and the previous output stays exactly as it was.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    folder: PathBuf,
    /// Where the old output goes should the swap take two renames.
    aside: PathBuf,
    committed: bool,
    _lock: Lock,
}

impl Staging {
    /// Starts a new output for `destination`, in a fresh folder beside it,
    /// once the lock is held (`waiting` is called if it must be waited for);
    /// removes first what killed builds left there.
    pub fn new(destination: &Destination, waiting: impl FnOnce()) -> Result<Staging, Error> {
        let lock = Lock::take(destination, waiting)?;
        let output = destination.path();
        let leftovers = Leftovers::of(output);
        leftovers.clear()?;
        let folder = leftovers.new_folder(std::process::id());
        let aside = leftovers.old_folder(std::process::id());
        fs::create_dir_all(&folder).map_err(at(&folder))?;
        let marker = folder.join(MARKER);
        fs::write(&marker, guard::MARKER_TEXT).map_err(at(&marker))?;
        Ok(Staging {
            output: output.to_path_buf(),
            folder,
            aside,
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one file; may be called from several threads at once.
    pub fn put(&self, file: &Output) -> Result<(), Error> {
        let path = self.folder.join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(at(folder))?;
        }
        fs::write(&path, &file.bytes).map_err(at(&path))
    }

    /// Writes one file through `content`, which writes it a piece at a
    /// time (the JSON export, which is never held whole).
    pub fn put_with<E: From<Error>>(
        &self,
        path: &str,
        content: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    ) -> Result<(), E> {
        let path = self.folder.join(path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(at(folder))?;
        }
        write_with(&path, content)
    }

    /// Copies `media` (when it exists) as `media/`, then swaps the new output in.
    pub fn commit(mut self, media: &Path) -> Result<(), Error> {
        copy_media(&self.folder, media)?;
        swap(&self.folder, &self.output, &self.aside)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.folder);
        }
    }
}

/// The folders a build makes beside the output (`.public.vigie-new-<pid>`,
/// `.public.vigie-old-<pid>`), which a killed build leaves behind.
struct Leftovers {
    parent: PathBuf,
    output: PathBuf,
    name: String,
}

impl Leftovers {
    fn of(output: &Path) -> Leftovers {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        Leftovers {
            parent: parent_of(output),
            output: output.to_path_buf(),
            name,
        }
    }

    fn new_folder(&self, pid: u32) -> PathBuf {
        self.parent.join(format!(".{}.vigie-new-{pid}", self.name))
    }

    fn old_folder(&self, pid: u32) -> PathBuf {
        self.parent.join(format!(".{}.vigie-old-{pid}", self.name))
    }

    /// Removes every leftover folder; with the lock held, none belongs to a
    /// live build. A previous output that a build killed half-way through
    /// its swap left aside (where the swap takes two renames) is put back
    /// first.
    fn clear(&self) -> Result<(), Error> {
        let new = format!(".{}.vigie-new-", self.name);
        let old = format!(".{}.vigie-old-", self.name);
        let entries = fs::read_dir(&self.parent).map_err(at(&self.parent))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_old = name.starts_with(&old);
            if !(is_old || name.starts_with(&new)) {
                continue;
            }
            let path = entry.path();
            if is_old && !self.output.exists() {
                fs::rename(&path, &self.output).map_err(at(&self.output))?;
            } else {
                fs::remove_dir_all(&path).map_err(at(&path))?;
            }
        }
        Ok(())
    }
}

/// The folder that holds `output` (`.` for a bare name).
fn parent_of(output: &Path) -> PathBuf {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn copy_media(staging: &Path, media: &Path) -> Result<(), Error> {
    if !media.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(media).follow_links(false) {
        let entry = entry.map_err(|e| Error {
            path: e.path().map(Path::to_path_buf).unwrap_or_default(),
            source: e.into(),
        })?;
        let relative = entry.path().strip_prefix(media).unwrap_or(entry.path());
        let target = staging.join("media").join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).map_err(at(&target))?;
        } else if entry.file_type().is_file() {
            fs::copy(entry.path(), &target).map_err(at(&target))?;
        }
    }
    Ok(())
}

/// Puts the new output in place of the old one, then deletes the old one.
/// On Linux the two folders are exchanged in one step, so the output path
/// always holds a whole site; elsewhere, or on a file system that cannot
/// exchange, the old output is moved aside first and put back if the second
/// move fails.
fn swap(staging: &Path, output: &Path, aside: &Path) -> Result<(), Error> {
    if !output.exists() {
        return fs::rename(staging, output).map_err(at(output));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE).is_ok() {
            // The staging path now holds the old output; should deleting it
            // fail, the next build removes it.
            let _ = fs::remove_dir_all(staging);
            return Ok(());
        }
    }
    fs::rename(output, aside).map_err(at(output))?;
    if let Err(error) = fs::rename(staging, output) {
        let _ = fs::rename(aside, output);
        return Err(at(output)(error));
    }
    fs::remove_dir_all(aside).map_err(at(aside))
}

/// Writes one file of a live output folder in place, through a temporary
/// file and a rename, so that a reader (the preview's server) never sees it
/// half-written. For rebuilds that change a few pages of a good output.
pub fn replace(output: &Path, file: &Output) -> Result<(), Error> {
    through_temporary(output, &file.path, |temporary| {
        fs::write(temporary, &file.bytes).map_err(at(temporary))
    })
}

/// [`replace`], the file written through `content`, a piece at a time.
pub fn replace_with<E: From<Error>>(
    output: &Path,
    path: &str,
    content: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    through_temporary(output, path, |temporary| write_with(temporary, content))
}

/// Writes `path` of `output` with `write`, given a temporary file beside it,
/// which then takes its place.
fn through_temporary<E: From<Error>>(
    output: &Path,
    path: &str,
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    let path = output.join(path);
    let folder = path.parent().unwrap_or(output);
    fs::create_dir_all(folder).map_err(at(folder))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = folder.join(format!(".{name}.vigie-{}.tmp", std::process::id()));
    if let Err(error) = write(&temporary) {
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    fs::rename(&temporary, &path).map_err(|error| {
        let _ = fs::remove_file(&temporary);
        E::from(at(&path)(error))
    })
}

/// Creates `path` and writes it through `content`, buffered.
fn write_with<E: From<Error>>(
    path: &Path,
    content: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let file = fs::File::create(path).map_err(at(path))?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 16, file);
    content(&mut writer)?;
    writer.flush().map_err(at(path))?;
    Ok(())
}

/// Removes a file that is no longer part of a live output folder, and its
/// folders that this leaves empty.
pub fn remove(output: &Path, path: &str) -> Result<(), Error> {
    let file = output.join(path);
    match fs::remove_file(&file) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(at(&file)(error)),
    }
    let mut folder = file.parent();
    while let Some(dir) = folder.filter(|dir| *dir != output) {
        if fs::remove_dir(dir).is_err() {
            break;
        }
        folder = dir.parent();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abandoned_staging_leaves_no_trace() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let output = dir.path().join("public");
        fs::create_dir_all(&output)?;
        fs::write(output.join("kept.html"), "kept")?;
        fs::write(output.join(MARKER), "")?;
        {
            let staging = Staging::new(&Destination::claim(dir.path(), &output, false)?, || {})?;
            staging.put(&Output::new("new.html", b"new".to_vec()))?;
        }
        let left: Vec<_> = fs::read_dir(dir.path())?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("public")]);
        assert_eq!(fs::read_to_string(output.join("kept.html"))?, "kept");
        Ok(())
    }

    #[test]
    fn replaces_the_output_whole() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let output = dir.path().join("public");
        fs::create_dir_all(output.join("old"))?;
        fs::write(output.join("old/stale.html"), "stale")?;
        fs::write(output.join(MARKER), "")?;
        let staging = Staging::new(&Destination::claim(dir.path(), &output, false)?, || {})?;
        staging.put(&Output::new("a/index.html", b"new".to_vec()))?;
        staging.commit(&dir.path().join("no-media"))?;
        assert_eq!(fs::read_to_string(output.join("a/index.html"))?, "new");
        assert!(!output.join("old").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
        Ok(())
    }

    #[test]
    fn clears_what_killed_builds_left_and_restores_a_moved_output()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let output = dir.path().join("public");
        // A build killed while filling its folder, and one killed between
        // the two moves of a swap, with the previous output set aside.
        fs::create_dir_all(dir.path().join(".public.vigie-new-1/a"))?;
        fs::create_dir_all(dir.path().join(".public.vigie-old-2"))?;
        fs::write(dir.path().join(".public.vigie-old-2/kept.html"), "kept")?;
        fs::create_dir_all(dir.path().join(".other.vigie-new-3"))?;
        let staging = Staging::new(&Destination::claim(dir.path(), &output, false)?, || {})?;
        assert_eq!(fs::read_to_string(output.join("kept.html"))?, "kept");
        drop(staging);
        let mut left: Vec<_> = fs::read_dir(dir.path())?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        left.sort();
        assert_eq!(
            left,
            vec![
                std::ffi::OsString::from(".other.vigie-new-3"),
                "public".into()
            ]
        );
        Ok(())
    }
}
