//! Watches the content and the themes, and rebuilds after each change.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::{Error, Status};
use crate::Built;
use crate::Session;
use crate::diagnostic::{Code, Diagnostic};

/// How long changes settle before a rebuild: editors write a file in several
/// steps (temporary file, rename, metadata), all within a few milliseconds.
/// Should a save outlast it, the rebuild that follows its last step puts
/// things right.
const SETTLE: Duration = Duration::from_millis(10);

/// What one rebuild gave, for the caller to report.
pub enum Rebuilt<'a> {
    /// The build ran, in the time given: pages written, or content errors
    /// and nothing written.
    Built(&'a Built, Duration),
    /// The build could not run (unreadable folder, broken theme).
    Failed(&'a crate::Error),
}

/// Whether a changed path is a contributor's file rather than an editor's
/// temporary or backup file.
fn matters(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    let temporary = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    !temporary
}

/// Watches `ROOT/content` and `ROOT/themes` for changes.
pub struct Watcher {
    changes: mpsc::Receiver<DebounceEventResult>,
    // Kept alive: dropping it stops the watching.
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

impl Watcher {
    /// Starts watching the site at `root` now, so that no change made from
    /// here on is missed.
    pub fn new(root: &Path) -> Result<Watcher, Error> {
        let (sender, changes) = mpsc::channel::<DebounceEventResult>();
        let watch_error = |path: &Path, e: &dyn std::fmt::Display| Error::Watch {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let mut debouncer =
            new_debouncer(SETTLE, None, sender).map_err(|e| watch_error(root, &e))?;
        for folder in ["content", "themes"] {
            let path = root.join(folder);
            if path.is_dir() {
                debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| watch_error(&path, &e))?;
            }
        }
        Ok(Watcher {
            changes,
            _debouncer: debouncer,
        })
    }

    /// Rebuilds with `session` after each change, until the process ends.
    /// Each rebuild is passed to `report`, and its status sent to `status`.
    /// Blocks: run it on a thread of its own.
    pub fn run(
        self,
        mut session: Session,
        status: tokio::sync::watch::Sender<Status>,
        report: impl Fn(Rebuilt<'_>),
    ) {
        let mut build = status.borrow().build;
        while let Ok(first) = self.changes.recv() {
            // Changes already queued are part of this rebuild. A file saved
            // unchanged is rebuilt too, but renders no page: its digest is
            // the same.
            let batches: Vec<_> = std::iter::once(first)
                .chain(self.changes.try_iter())
                .collect();
            // The next build looks only at the paths named (or at every
            // file when events were lost); those of batches that start no
            // build count too: a backup file an editor leaves behind is out
            // of place all the same.
            session.note_changes(changed_paths(&batches));
            if !batches.iter().any(is_change) {
                continue;
            }
            build += 1;
            let started = Instant::now();
            // Open pages reload as soon as the pages are written; the export
            // and the search index follow.
            let sent = std::cell::Cell::new(false);
            let pages_ready = |checked: &crate::Checked| {
                let _ = status.send(Status::after(build, &checked.diagnostics));
                sent.set(true);
            };
            match session.build_then(false, pages_ready) {
                Ok(built) => {
                    report(Rebuilt::Built(&built, started.elapsed()));
                    if !sent.get() {
                        let _ = status.send(Status::after(build, &built.checked.diagnostics));
                    }
                }
                Err(error) => {
                    report(Rebuilt::Failed(&error));
                    let message = Diagnostic::new(Code::Io, error.to_string(), None);
                    let _ = status.send(Status::after(build, &[message]));
                }
            }
        }
    }
}

/// Whether a batch of events holds a change to a contributor's file. Reads
/// (the build's own, an editor's) raise access events: they do not count.
/// A notice that events were lost counts: many events at once (an editor's
/// search and replace over 10,000 files) can fill the kernel's queue of
/// events (16,384 by default) and drop a save's; the rebuild then compares
/// every file's size and time with those it last read.
fn is_change(batch: &DebounceEventResult) -> bool {
    match batch {
        Ok(events) => events.iter().any(|e| {
            e.event.need_rescan()
                || (!matches!(e.event.kind, EventKind::Access(_))
                    && e.event.paths.iter().any(|p| matters(p)))
        }),
        Err(_) => true,
    }
}

/// Every path the batches name, but for reads; `None` when events were
/// lost or the watcher failed.
fn changed_paths(batches: &[DebounceEventResult]) -> Option<Vec<std::path::PathBuf>> {
    let mut paths = Vec::new();
    for batch in batches {
        for event in batch.as_ref().ok()? {
            if event.event.need_rescan() {
                return None;
            }
            if !matches!(event.event.kind, EventKind::Access(_)) {
                paths.extend(event.event.paths.iter().cloned());
            }
        }
    }
    Some(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lost_events_count_as_a_change_and_reads_do_not() {
        use notify_debouncer_full::DebouncedEvent;
        use notify_debouncer_full::notify::event::{AccessKind, Event, Flag};
        let batch = |event: Event| Ok(vec![DebouncedEvent::new(event, Instant::now())]);
        let read = Event::new(EventKind::Access(AccessKind::Any)).add_path("content/a.md".into());
        assert!(!is_change(&batch(read)));
        let lost = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert!(is_change(&batch(lost)));
        let saved = Event::new(EventKind::Any).add_path("content/a.md".into());
        assert!(is_change(&batch(saved.clone())));
        // What the build is told: the saved path, not the read one; nothing
        // named once events were lost.
        let read = Event::new(EventKind::Access(AccessKind::Any)).add_path("content/b.md".into());
        let named = changed_paths(&[batch(saved.clone()), batch(read)]);
        assert_eq!(named, Some(vec!["content/a.md".into()]));
        let lost = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert_eq!(changed_paths(&[batch(saved), batch(lost)]), None);
    }

    #[test]
    fn editor_temporary_files_do_not_trigger_rebuilds() {
        assert!(matters(Path::new("content/dossiers/a.md")));
        for temporary in [".a.md.swp", "a.md~", "#a.md#", "4913", ".#a.md", "a.md.tmp"] {
            assert!(!matters(Path::new(temporary)), "{temporary}");
        }
    }
}
