//! Stage 2, parse: splits each file into front matter and body and reads the
//! YAML into located trees.
//!
//! Takes [`Loaded`]; gives [`Parsed`] and the problems found: for every file, its YAML as a
//! [`yaml::Node`] tree whose keys and values know their place in the file,
//! and the byte range of its Markdown body with the wikilinks it holds.
//! Files are parsed in parallel.
//! Nothing is typed or checked against the content model yet: that is
//! `validate`'s work.

pub mod markup;
pub mod split;
pub mod wikilinks;
pub mod yaml;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::kind::Kind;
use crate::load::{ContentFile, Loaded};
use crate::source::SourceFile;
use split::SplitError;
use yaml::Node;

/// A file whose front matter parsed as YAML.
#[derive(Debug)]
pub struct ParsedFile {
    /// Which folder it is in (`None` for `site.yaml`).
    pub kind: Option<Kind>,
    /// Its file stem.
    pub slug: String,
    /// The file, for locating diagnostics.
    pub file: Arc<SourceFile>,
    /// The front matter (`None` when empty).
    pub tree: Option<Node>,
    /// Where diagnostics about the whole front matter point: the opening `---`.
    pub header: Range<usize>,
    /// The YAML of the front matter.
    pub yaml: Range<usize>,
    /// The Markdown body.
    pub body: Range<usize>,
    /// The wikilinks of the body, as written: finding them is parsing
    /// Markdown, which is best done once per file.
    pub wikilinks: Vec<wikilinks::Found>,
}

impl ParsedFile {
    /// The Markdown body's text.
    pub fn body_text(&self) -> &str {
        &self.file.text[self.body.clone()]
    }
}

/// Every file of the tree, parsed: each Markdown file as a [`ParsedFile`],
/// or as what [`parse_then`] made of it.
#[derive(Debug)]
pub struct Parsed<F = ParsedFile> {
    /// `site.yaml`, when it parsed.
    pub site: Option<ParsedFile>,
    /// The Markdown files that parsed, sorted by kind and slug.
    pub files: Vec<F>,
    /// Files under `content/media/`.
    pub media: BTreeSet<String>,
    /// Every Markdown file's kind and slug, as [`Loaded::pages`].
    pub pages: BTreeSet<(Kind, String)>,
}

/// Parses every file of the tree in parallel; gives the files that parsed
/// and the problems of the others.
pub fn parse(loaded: Loaded) -> (Parsed, Vec<Diagnostic>) {
    parse_then(loaded, |file| file)
}

/// [`parse`], handing each Markdown file that parsed to `then` at once, on
/// the same thread: a file's YAML tree is the largest thing it ever is in
/// memory, and `then` (validation) can drop it before the next file is read,
/// where holding every tree until all are parsed doubled a check's memory.
/// Gives what `then` made of each file, in order.
pub fn parse_then<F: Send>(
    loaded: Loaded,
    then: impl Fn(ParsedFile) -> F + Sync,
) -> (Parsed<F>, Vec<Diagnostic>) {
    let results: Vec<(Option<F>, Vec<Diagnostic>)> = loaded
        .files
        .into_par_iter()
        .map(|content| {
            let (file, diagnostics) = parse_markdown(content);
            (file.map(&then), diagnostics)
        })
        .collect();
    let mut parsed = Parsed {
        site: None,
        files: Vec::with_capacity(results.len()),
        media: loaded.media,
        pages: loaded.pages,
    };
    let mut problems = Vec::new();
    if let Some(file) = loaded.site {
        let mut diagnostics = Vec::new();
        let whole = 0..file.text.len();
        match yaml::parse(&file, whole.clone(), &mut diagnostics) {
            Ok(tree) => {
                parsed.site = Some(ParsedFile {
                    kind: None,
                    slug: "site".into(),
                    file,
                    tree,
                    header: 0..0,
                    yaml: whole.clone(),
                    body: whole.end..whole.end,
                    wikilinks: Vec::new(),
                })
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
        problems.extend(diagnostics);
    }
    for (file, diagnostics) in results {
        parsed.files.extend(file);
        problems.extend(diagnostics);
    }
    (parsed, problems)
}

fn parse_markdown(content: ContentFile) -> (Option<ParsedFile>, Vec<Diagnostic>) {
    let ContentFile { kind, slug, file } = content;
    let mut diagnostics = Vec::new();
    let parts = match split::split(&file.text) {
        Ok(parts) => parts,
        Err(SplitError::NoOpening(line)) => {
            let diagnostic = Diagnostic::new(
                Code::MissingFrontMatter,
                "the file does not start with front matter",
                Some(file.locate(line)),
            )
            .with_label("expected `---` here")
            .with_help(
                "start the file with a `---` line, the YAML fields, then another `---` line"
                    .to_string(),
            );
            return (None, vec![diagnostic]);
        }
        Err(SplitError::NoClosing(line)) => {
            let diagnostic = Diagnostic::new(
                Code::UnclosedFrontMatter,
                "the front matter is never closed",
                Some(file.locate(line)),
            )
            .with_label("opened here")
            .with_help("end the YAML fields with a line holding only `---`".to_string());
            return (None, vec![diagnostic]);
        }
    };
    if let Some(at) = markup::past_limit(&file.text) {
        return (None, vec![too_much_markup(&file, at)]);
    }
    match yaml::parse(&file, parts.yaml.clone(), &mut diagnostics) {
        Ok(tree) => {
            let wikilinks = wikilinks::find(&file.text[parts.body.clone()]);
            let parsed = ParsedFile {
                kind: Some(kind),
                slug,
                file,
                tree,
                header: parts.opening,
                yaml: parts.yaml,
                body: parts.body,
                wikilinks,
            };
            (Some(parsed), diagnostics)
        }
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            (None, diagnostics)
        }
    }
}

/// The file holds more marks than [`markup::MAX_MARKS`]: it is not parsed.
fn too_much_markup(file: &SourceFile, at: usize) -> Diagnostic {
    let limit = markup::MAX_MARKS;
    Diagnostic::new(
        Code::TooMuchStructure,
        format!("the file holds more than {limit} Markdown marks"),
        Some(file.locate(at..at + 1)),
    )
    .with_label(format!("mark number {} is here", limit + 1))
    .with_help(format!(
        "every line counts, and every `*`, `_`, `[`, `|`, `>`, `#`, list bullet and number: {limit} \
         is about 800 KB of ordinary text; split the page, or remove the repeated markup"
    ))
}
