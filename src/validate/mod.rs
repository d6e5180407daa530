//! Stage 3, validate: checks every parsed file against the content model and
//! types it.
//!
//! Takes [`Parsed`]; gives [`Validated`]: the site settings and, for each kind,
//! the files that passed as typed [`Document`]s, with every problem found. Each
//! file is checked in three steps, in parallel across files: the structure of
//! its YAML against the schema of its kind (`structure`), deserialization into
//! the front-matter types, then the rules that tie fields together (`rules`).
//! References between files are checked later, by `resolve`.

mod rules;
pub mod structure;

use std::collections::BTreeSet;
use std::ops::Range;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::front_matter::{Dossier, Law, Organization, Person, Provider, SiteConfig, Topic};
use crate::kind::Kind;
use crate::parse::yaml::{Node, Value};
use crate::parse::{Parsed, ParsedFile};
use crate::source::SourceFile;
use structure::Schema;

/// A file that passed validation: its typed front matter, with what is needed
/// to point at any of its fields later.
#[derive(Debug)]
pub struct Document<T> {
    /// Its file stem.
    pub slug: String,
    /// The file.
    pub file: SourceFile,
    /// The typed front matter.
    pub front: T,
    /// The front matter as YAML, to locate fields.
    pub tree: Option<Node>,
    /// The opening `---` line.
    pub header: Range<usize>,
    /// The Markdown body.
    pub body: Range<usize>,
}

/// One step of a path into the front matter: a field or a list index.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// A field of a mapping.
    Field(&'a str),
    /// An item of a list.
    Index(usize),
}

impl<T> Document<T> {
    /// The Markdown body's text.
    pub fn body_text(&self) -> &str {
        &self.file.text[self.body.clone()]
    }

    /// The location of the value at `path` (`statements`, 0, `date`), or of
    /// the nearest enclosing value when the path does not exist.
    pub fn locate(&self, path: &[Step<'_>]) -> Location {
        self.file.locate(self.span(path, false))
    }

    /// The location of the key that ends `path`, falling back like [`locate`](Self::locate).
    pub fn locate_key(&self, path: &[Step<'_>]) -> Location {
        self.file.locate(self.span(path, true))
    }

    fn span(&self, path: &[Step<'_>], key: bool) -> Range<usize> {
        let Some(mut node) = self.tree.as_ref() else {
            return self.header.clone();
        };
        let mut span = node.span.clone();
        for step in path {
            let next = match step {
                Step::Field(name) => node.get(name).map(|e| (&e.value, e.key_span.clone())),
                Step::Index(i) => node
                    .items()
                    .and_then(|items| items.get(*i))
                    .map(|n| (n, n.span.clone())),
            };
            match next {
                Some((child, child_key)) => {
                    node = child;
                    span = if key { child_key } else { child.span.clone() };
                }
                None => break,
            }
        }
        span
    }
}

/// The whole tree, validated and typed.
#[derive(Debug, Default)]
pub struct Validated {
    /// The site settings, when `site.yaml` is valid.
    pub site: Option<SiteConfig>,
    /// Valid dossiers, by slug.
    pub dossiers: Vec<Document<Dossier>>,
    /// Valid people, by slug.
    pub people: Vec<Document<Person>>,
    /// Valid organizations, by slug.
    pub organizations: Vec<Document<Organization>>,
    /// Valid providers, by slug.
    pub providers: Vec<Document<Provider>>,
    /// Valid laws, by slug.
    pub laws: Vec<Document<Law>>,
    /// Topic files, by slug.
    pub topics: Vec<Document<Topic>>,
    /// Files under `content/media/`.
    pub media: BTreeSet<String>,
    /// Problems found so far (earlier stages' included).
    pub diagnostics: Vec<Diagnostic>,
    /// Whether every file of the tree was read, parsed and validated: when
    /// not, some references are unknown and orphans cannot be told.
    pub complete: bool,
}

/// Validates every file; `today` decides which dates lie in the future.
pub fn validate(parsed: Parsed, today: jiff::civil::Date) -> Validated {
    let Parsed {
        site,
        files,
        media,
        diagnostics,
    } = parsed;
    let complete = !diagnostics.iter().any(Diagnostic::is_error);
    let mut validated = Validated {
        diagnostics,
        complete,
        ..Validated::default()
    };
    if let Some(file) = site {
        let (document, problems) = typed::<SiteConfig>(file, &Schema::of::<SiteConfig>(), today);
        validated.site = document.map(|d| d.front);
        validated.diagnostics.extend(problems);
    }

    let mut by_kind: Vec<Vec<ParsedFile>> = Kind::ALL.iter().map(|_| Vec::new()).collect();
    for file in files {
        if let Some(kind) = file.kind {
            by_kind[kind as usize].push(file);
        }
    }
    let mut groups = by_kind.into_iter();
    let mut next = || groups.next().unwrap_or_default();
    let context = Context {
        media: &media,
        today,
    };
    macro_rules! validate_kind {
        ($field:ident, $type:ty, $rules:expr) => {
            let (documents, problems) = all::<$type>(next(), &context, $rules);
            validated.$field = documents;
            validated.diagnostics.extend(problems);
        };
    }
    // In the order of `Kind::ALL`.
    validate_kind!(dossiers, Dossier, |d, c| rules::dossier(d, c.media));
    validate_kind!(people, Person, no_rules);
    validate_kind!(organizations, Organization, no_rules);
    validate_kind!(providers, Provider, no_rules);
    validate_kind!(laws, Law, no_rules);
    validate_kind!(topics, Topic, no_rules);
    validated.media = media;
    validated.complete &= !validated.diagnostics.iter().any(Diagnostic::is_error);
    validated
}

/// Kinds whose files have no rules beyond their schema.
fn no_rules<T>(_: &Document<T>, _: &Context<'_>) -> Vec<Diagnostic> {
    Vec::new()
}

/// What the per-file rules may consult.
struct Context<'a> {
    media: &'a BTreeSet<String>,
    today: jiff::civil::Date,
}

/// Validates the files of one kind in parallel.
fn all<T>(
    files: Vec<ParsedFile>,
    context: &Context<'_>,
    rules: impl Fn(&Document<T>, &Context<'_>) -> Vec<Diagnostic> + Sync,
) -> (Vec<Document<T>>, Vec<Diagnostic>)
where
    T: DeserializeOwned + schemars::JsonSchema + Send,
{
    let schema = Schema::of::<T>();
    let results: Vec<(Option<Document<T>>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|file| {
            let (document, mut problems) = typed::<T>(file, &schema, context.today);
            if let Some(document) = &document {
                problems.extend(rules(document, context));
            }
            (document, problems)
        })
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (document, problems) in results {
        documents.extend(document);
        diagnostics.extend(problems);
    }
    (documents, diagnostics)
}

/// Checks one file's structure and, when it is sound, types it.
fn typed<T: DeserializeOwned>(
    file: ParsedFile,
    schema: &Schema,
    today: jiff::civil::Date,
) -> (Option<Document<T>>, Vec<Diagnostic>) {
    let ParsedFile {
        slug,
        file,
        tree,
        header,
        body,
        ..
    } = file;
    let mut problems = schema.check(&file, tree.as_ref(), header.clone(), today);
    if problems.iter().any(Diagnostic::is_error) {
        return (None, problems);
    }
    let value = tree.as_ref().map_or_else(
        || serde_yaml::Value::Mapping(serde_yaml::Mapping::new()),
        |node| to_yaml(&node.value),
    );
    match T::deserialize(value) {
        Ok(front) => {
            let document = Document {
                slug,
                file,
                front,
                tree,
                header,
                body,
            };
            (Some(document), problems)
        }
        Err(error) => {
            // The structural check should have caught everything serde refuses;
            // should it miss something, the contributor still learns what.
            problems.push(Diagnostic::new(
                Code::WrongType,
                format!("the front matter does not fit: {error}"),
                Some(file.locate(header)),
            ));
            (None, problems)
        }
    }
}

/// The located tree as a plain serde_yaml value, for serde to type.
fn to_yaml(value: &Value) -> serde_yaml::Value {
    use serde_yaml::Value as Yaml;
    match value {
        Value::Null => Yaml::Null,
        Value::Bool(b) => Yaml::Bool(*b),
        Value::Int(i) => Yaml::Number((*i).into()),
        Value::Float(f) => Yaml::Number((*f).into()),
        Value::String(s) => Yaml::String(s.clone()),
        Value::Seq(items) => Yaml::Sequence(items.iter().map(|n| to_yaml(&n.value)).collect()),
        Value::Map(entries) => Yaml::Mapping(
            entries
                .iter()
                .map(|e| (Yaml::String(e.key.clone()), to_yaml(&e.value.value)))
                .collect(),
        ),
    }
}
