//! The driver: runs the stages in order, for a check or a build, and owns
//! what a series of builds keeps ([`Session`]).
//!
//! Each stage is a plain function that takes the previous stage's result by
//! value and returns its own with the problems it found, as
//! `(output, diagnostics)`; the driver gathers the diagnostics, tells
//! [`Options::progress`] which stage runs, and never prints.

mod session;

pub use session::Session;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{self, Diagnostic};
use crate::resolve::{self, Wiki};
use crate::{load, parse, render, validate, write};

/// What stops a run before any content is judged: no content folder, an
/// output that cannot be written, a broken theme.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `ROOT/content` cannot be read.
    #[error("cannot read the content folder {path}: {source}")]
    NoContent {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The output folder is one that vigie must not replace.
    #[error(transparent)]
    Refused(#[from] write::Refusal),
    /// The output could not be written.
    #[error(transparent)]
    Write(#[from] write::Error),
    /// The theme's templates do not compile or render.
    #[error(transparent)]
    Render(#[from] render::Error),
}

/// What a check found.
#[derive(Debug)]
pub struct Checked {
    /// The number of content files read (site settings included).
    pub files: usize,
    /// The wiki, linked as far as the content allowed (shared with the
    /// memory of a series of checks, which changes it in place for the next
    /// check only once this one is dropped).
    pub wiki: Arc<Wiki>,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// A digest of each file read, by path (`content/dossiers/x.md`).
    pub digests: HashMap<String, u64>,
}

impl Checked {
    /// The number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Settings of a run.
#[derive(Clone)]
pub struct Options {
    /// The folder that holds `content/`.
    pub root: PathBuf,
    /// Include dossiers marked `draft: true`.
    pub drafts: bool,
    /// Today's date, which decides what lies in the future.
    pub today: jiff::civil::Date,
    /// Told when each stage starts, for progress and timings.
    pub progress: Option<std::sync::Arc<dyn Fn(Stage) + Send + Sync>>,
    /// Up to how many bytes of content text a one-off build holds each
    /// file's body from check to render ([`HOLD_BODIES_UP_TO`] unless
    /// changed). Past it, no text is held once its file is checked, and a
    /// page reads its body again: that costs a build some 5% more time,
    /// where holding the bodies of 100,000 dossiers cost a fifth of its
    /// memory. [`check`] holds none (it renders nothing); `serve` holds
    /// every text, to read again only what a save changed. A diagnostic
    /// reads again whatever text was not held.
    pub hold_bodies_up_to: usize,
}

/// The default of [`Options::hold_bodies_up_to`]: 256 MiB, some 30,000
/// dossiers of the benchmark's.
pub const HOLD_BODIES_UP_TO: usize = 256 << 20;

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("root", &self.root)
            .field("drafts", &self.drafts)
            .field("today", &self.today)
            .field("hold_bodies_up_to", &self.hold_bodies_up_to)
            .finish_non_exhaustive()
    }
}

impl Options {
    /// Options for the site at `root`, without drafts or progress.
    pub fn new(root: impl Into<PathBuf>, today: jiff::civil::Date) -> Options {
        Options {
            root: root.into(),
            drafts: false,
            today,
            progress: None,
            hold_bodies_up_to: HOLD_BODIES_UP_TO,
        }
    }

    pub(crate) fn stage(&self, stage: Stage) {
        if let Some(progress) = &self.progress {
            progress(stage);
        }
    }
}

/// A stage of the pipeline, as reported to [`Options::progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading `content/`.
    Load,
    /// Splitting and reading front matter.
    Parse,
    /// Checking against the content model.
    Validate,
    /// Linking references.
    Resolve,
    /// The content is checked (the end of `check`).
    Checked,
    /// Rendering pages.
    Render,
    /// Waiting for another build writing the same output to finish.
    Wait,
    /// Writing the output.
    Write,
    /// All done.
    Done,
}

impl Stage {
    /// The stage's name, as shown.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Parse => "parse",
            Stage::Validate => "validate",
            Stage::Resolve => "resolve",
            Stage::Checked => "checked",
            Stage::Render => "render",
            Stage::Wait => "waiting for another build of this output",
            Stage::Write => "write",
            Stage::Done => "done",
        }
    }
}

/// Runs load, parse, validate and resolve: every problem of the content.
pub fn check(options: &Options) -> Result<Checked, Error> {
    // Nothing is rendered after a check: no body is held for a page.
    let options = Options {
        hold_bodies_up_to: 0,
        ..options.clone()
    };
    check_with(&options, None)
}

/// What a series of checks keeps from one to the next, to read, parse and
/// validate again only the files that changed.
#[derive(Debug, Default)]
pub struct Memory {
    /// The files read, with their size and time.
    pub(crate) read: load::ReadCache,
    /// The files parsed and validated, by digest of their text.
    validated: validate::Memo,
    /// The last wiki, with what its files were linked against.
    pub(crate) resolved: Option<resolve::Memo>,
}

/// [`check`], reading, parsing and validating only the files that changed
/// since `memory` saw them last, and recording the others in it.
pub fn check_with(options: &Options, memory: Option<&mut Memory>) -> Result<Checked, Error> {
    options.stage(Stage::Load);
    let (read, memo) = match memory {
        Some(Memory {
            read,
            validated,
            resolved,
        }) => (Some(read), Some((validated, resolved))),
        None => (None, None),
    };
    let loaded = load::load_cached(&options.root, read).map_err(|source| Error::NoContent {
        path: options.root.join("content"),
        source,
    })?;
    Ok(check_loaded(options, loaded, memo))
}

/// Runs parse, validate and resolve on a tree already loaded (from disk, or
/// from memory with [`load::load_files`]) with the problems loading found,
/// parsing and validating only the files whose text differs from when
/// `memo` saw them last, and recording the others in it; with `memo`, the
/// edited files are put in place in its last wiki when their links allow it
/// (see [`resolve::resolve_again`]).
pub fn check_loaded(
    options: &Options,
    (loaded, mut diagnostics): (load::Loaded, Vec<Diagnostic>),
    memo: Option<(&mut validate::Memo, &mut Option<resolve::Memo>)>,
) -> Checked {
    let (mut memo, resolved) = memo.unzip();
    let files =
        loaded.files.len() + usize::from(loaded.site.is_some()) + count_unread(&diagnostics);
    let digests = loaded
        .files
        .iter()
        .map(|f| &f.file)
        .chain(&loaded.site)
        .map(|f| (f.path.clone(), f.digest))
        .collect();
    let (loaded, reused) = match memo.as_deref_mut() {
        Some(memo) => memo.split(loaded, options.today),
        None => (loaded, Vec::new()),
    };
    options.stage(Stage::Parse);
    // Each file is validated as soon as it is parsed, its YAML tree dropped
    // before the next: the trees of all files at once were half the memory.
    let each = validate::FileValidator::new(&loaded.media, options.today);
    // A one-off check keeps no text for a next one, and a front matter is
    // read again only for a diagnostic.
    let texts: usize = loaded.files.iter().map(|f| f.file.text.len()).sum();
    let each = each.keeping(match memo {
        Some(_) => validate::Keep::All,
        None if texts > options.hold_bodies_up_to => validate::Keep::Nothing,
        None => validate::Keep::Body,
    });
    let (parsed, found) = parse::parse_then(loaded, |file| each.validate(file));
    diagnostics.extend(found);
    options.stage(Stage::Validate);
    let (validated, found) = validate::validate_with(parsed, options.today, reused, memo);
    diagnostics.extend(found);
    // The stored copies of sources are read here, not by load: only the
    // validated sources say which files under media/ are copies.
    let (copies, found) = load::read_copies(&options.root, &validate::quotes::wanted(&validated));
    diagnostics.extend(found);
    diagnostics.extend(validate::quotes::check(&validated, &copies));
    options.stage(Stage::Resolve);
    let resolve_options = resolve::Options {
        drafts: options.drafts,
        complete: !diagnostics.iter().any(Diagnostic::is_error),
    };
    let (wiki, found) = match resolved {
        Some(resolved) => resolve::resolve_again(validated, resolve_options, resolved),
        None => {
            let (wiki, found) = resolve::resolve(validated, resolve_options);
            (Arc::new(wiki), found)
        }
    };
    diagnostics.extend(found);
    diagnostic::sort(&mut diagnostics);
    options.stage(Stage::Checked);
    Checked {
        files,
        wiki,
        diagnostics,
        digests,
    }
}

/// Files that were found but could not be read still count as files.
fn count_unread(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                diagnostic::Code::Io | diagnostic::Code::NotUtf8 | diagnostic::Code::FileTooLarge
            )
        })
        .count()
}

/// What a build produced.
#[derive(Debug)]
pub struct Built {
    /// The check that preceded it.
    pub checked: Checked,
    /// Files in the output; `None` when the content had errors and nothing was written.
    pub pages: Option<usize>,
    /// HTML pages rendered by this build: all of them, or after an edit, the
    /// ones it touched.
    pub rendered: usize,
}

/// Checks, then renders and writes the site into `output` (which passed the
/// [`write::guard`]), replacing it only
/// when everything succeeded. With errors in the content (or warnings and
/// `deny_warnings`), nothing is written and the previous output stays. The
/// first build of a [`Session`]: `serve` keeps the session for the next
/// ones.
pub fn build(
    options: &Options,
    output: &write::Destination,
    deny_warnings: bool,
) -> Result<Built, Error> {
    Session::single(options.clone(), output.clone()).build(deny_warnings)
}
