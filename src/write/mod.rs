//! Stage 6, write: puts the rendered files in the output folder, all or
//! nothing.
//!
//! Takes the [`Output`] files, as render hands them on, and the media folder;
//! writes them into a fresh folder beside the output ([`Staging`]), then swaps
//! it in with two renames. A failure at any point removes the new folder and
//! leaves the previous output exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::render::Output;

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

/// A new output folder being filled beside the real one. It replaces the real
/// one only on [`commit`](Staging::commit); dropped before that, it is deleted
/// and the previous output stays exactly as it was.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    folder: PathBuf,
    previous: PathBuf,
    committed: bool,
}

impl Staging {
    /// Starts a new output for `output`, in a fresh folder beside it.
    pub fn new(output: &Path) -> Result<Staging, Error> {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(at(&parent))?;
        let folder = parent.join(format!(".{name}.vigie-new-{}", std::process::id()));
        let previous = parent.join(format!(".{name}.vigie-old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder).map_err(at(&folder))?;
        Ok(Staging {
            output: output.to_path_buf(),
            folder,
            previous,
            committed: false,
        })
    }

    /// Writes one file; may be called from several threads at once.
    pub fn put(&self, file: &Output) -> Result<(), Error> {
        let path = self.folder.join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(at(folder))?;
        }
        write_parts(&path, file).map_err(at(&path))
    }

    /// Copies `media` (when it exists) as `media/`, then swaps the new output in.
    pub fn commit(mut self, media: &Path) -> Result<(), Error> {
        copy_media(&self.folder, media)?;
        swap(&self.folder, &self.output, &self.previous)?;
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

/// Writes a file's parts one after the other, small ones gathered.
fn write_parts(path: &Path, file: &Output<'_>) -> std::io::Result<()> {
    use std::io::Write;
    // Pages come whole: a buffer would only copy them once more.
    if let [whole] = file.parts.as_slice() {
        return fs::write(path, whole);
    }
    let mut writer = std::io::BufWriter::with_capacity(1 << 16, fs::File::create(path)?);
    for part in &file.parts {
        writer.write_all(part)?;
    }
    writer.flush()
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

/// Moves the old output aside, the new one in, then deletes the old one; puts
/// the old one back if the second move fails.
fn swap(staging: &Path, output: &Path, previous: &Path) -> Result<(), Error> {
    let had_output = output.exists();
    if had_output {
        let _ = fs::remove_dir_all(previous);
        fs::rename(output, previous).map_err(at(output))?;
    }
    if let Err(error) = fs::rename(staging, output) {
        if had_output {
            let _ = fs::rename(previous, output);
        }
        return Err(at(output)(error));
    }
    if had_output {
        let _ = fs::remove_dir_all(previous);
    }
    Ok(())
}

/// Writes one file of a live output folder in place, through a temporary
/// file and a rename, so that a reader (the preview's server) never sees it
/// half-written. For rebuilds that change a few pages of a good output.
pub fn replace(output: &Path, file: &Output) -> Result<(), Error> {
    let path = output.join(&file.path);
    let folder = path.parent().unwrap_or(output);
    fs::create_dir_all(folder).map_err(at(folder))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = folder.join(format!(".{name}.vigie-{}.tmp", std::process::id()));
    write_parts(&temporary, file).map_err(at(&temporary))?;
    fs::rename(&temporary, &path).map_err(|error| {
        let _ = fs::remove_file(&temporary);
        at(&path)(error)
    })
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
        {
            let staging = Staging::new(&output)?;
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
        let staging = Staging::new(&output)?;
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
}
