//! Stage 3, validate: checks every parsed file against the content model and
//! types it.
//!
//! Takes [`Parsed`]; gives [`Validated`]: the site settings and, for each kind,
//! the files that passed as typed [`Document`]s, with every problem found. Each
//! file is checked in three steps, in parallel across files: the structure of
//! its YAML against the schema of its kind (`structure`), deserialization into
//! the front-matter types, then the rules that tie fields together (`rules`).
//! References between files are checked later, by `resolve`.
//!
//! A file needs nothing of the others to be validated: the driver hands each
//! file to a [`FileValidator`] as soon as `parse` has read it (so that its YAML
//! tree is dropped at once), and [`validate_with`] gathers the results.

mod deserialize;
pub mod quotes;
mod rules;
pub mod structure;

use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::front_matter::{About, Dossier, Law, Organization, Person, Provider, SiteConfig, Topic};
use crate::kind::Kind;
use crate::load::Loaded;
use crate::parse::wikilinks::Found;
use crate::parse::yaml::{self, Spans, Value};
use crate::parse::{Parsed, ParsedFile};
use crate::source::{Body, SourceFile};
use deserialize::ValueDeserializer;
use structure::Schema;

/// A file that passed validation: its typed front matter, with what is needed
/// to point at any of its fields later.
#[derive(Debug, Clone)]
pub struct Document<T> {
    /// Its file stem.
    pub slug: String,
    /// The file (shared: a memo and a check may hold the same document).
    pub file: Arc<SourceFile>,
    /// The typed front matter (shared, like the file: the wiki keeps it).
    pub front: Arc<T>,
    /// The opening `---` line.
    pub header: Range<usize>,
    /// The YAML of the front matter.
    pub yaml: Range<usize>,
    /// Where each field of the front matter is, found again from the YAML
    /// the first time a diagnostic points at a field: most documents never
    /// need it, and keeping every file's was a tenth of a check's memory.
    spans: Arc<OnceLock<Option<Spans>>>,
    /// The Markdown body.
    pub body: Range<usize>,
    /// The wikilinks of the body, as written.
    pub wikilinks: Arc<[Found]>,
}

pub use crate::parse::yaml::Step;

impl<T> Document<T> {
    /// The Markdown body's text, shared with the file rather than copied.
    pub fn body_text(&self) -> Body {
        Body::of(&self.file, self.body.clone())
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
        // The whole file, read again when only a part of its text was kept.
        let Some(whole) = self.file.whole() else {
            return self.header.clone();
        };
        let spans = self.spans.get_or_init(|| {
            // The text parsed once already, without error.
            let tree = yaml::parse(&whole, self.yaml.clone(), &mut Vec::new());
            tree.ok().flatten().map(|root| Spans::of(&root))
        });
        match spans {
            Some(spans) => spans.find(&whole.text, path, key),
            None => self.header.clone(),
        }
    }
}

/// The whole tree, validated and typed.
#[derive(Debug, Default)]
pub struct Validated {
    /// The site settings, when `site.yaml` is valid.
    pub site: Option<Document<SiteConfig>>,
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
    /// Pages about the wiki, by slug.
    pub about: Vec<Document<About>>,
    /// Files under `content/media/`.
    pub media: BTreeSet<String>,
    /// Every Markdown file's kind and slug, valid or not.
    pub pages: BTreeSet<(Kind, String)>,
}

/// A content file that passed validation, typed by its kind.
#[derive(Debug, Clone)]
pub enum Valid {
    /// A dossier.
    Dossier(Document<Dossier>),
    /// A person.
    Person(Document<Person>),
    /// An organization.
    Organization(Document<Organization>),
    /// A provider.
    Provider(Document<Provider>),
    /// A law.
    Law(Document<Law>),
    /// A topic.
    Topic(Document<Topic>),
    /// A page about the wiki.
    About(Document<About>),
}

impl Valid {
    /// Keeps only `keep` of its file's text, when nothing else holds the file.
    fn keep_only(&mut self, keep: Keep) {
        fn of<T>(document: &mut Document<T>, keep: Keep) {
            let range = match keep {
                Keep::All => return,
                Keep::Body => document.body.clone(),
                Keep::Nothing => document.body.end..document.body.end,
            };
            if let Some(file) = Arc::get_mut(&mut document.file) {
                file.keep_only(range);
            }
        }
        match self {
            Valid::Dossier(document) => of(document, keep),
            Valid::Person(document) => of(document, keep),
            Valid::Organization(document) => of(document, keep),
            Valid::Provider(document) => of(document, keep),
            Valid::Law(document) => of(document, keep),
            Valid::Topic(document) => of(document, keep),
            Valid::About(document) => of(document, keep),
        }
    }
}

/// What reading and validating one content file gave: its document, when it
/// passed, and its problems.
pub type FileResult = (Option<Valid>, Vec<Diagnostic>);

/// Files parsed and validated by earlier checks, by path, with the digest of
/// the text they came from: a check given a memo parses and validates again
/// only the files whose text changed. Kept by `serve` between rebuilds.
#[derive(Debug, Default)]
pub struct Memo {
    files: HashMap<String, (u64, FileResult)>,
    /// The day and the media files the memo holds for: rules depend on them.
    context: u64,
}

impl Memo {
    /// Splits `loaded` into the files whose text changed since they were last
    /// validated, still to parse, and what the others gave then.
    pub fn split(
        &mut self,
        mut loaded: Loaded,
        today: jiff::civil::Date,
    ) -> (Loaded, Vec<FileResult>) {
        let mut hasher = DefaultHasher::new();
        (today, &loaded.media).hash(&mut hasher);
        let context = hasher.finish();
        if context != self.context {
            self.files.clear();
            self.context = context;
        }
        let mut reused = Vec::new();
        loaded.files.retain(|content| {
            let file = &content.file;
            match self.files.get(&file.path) {
                Some((digest, result)) if *digest == file.digest => {
                    reused.push(result.clone());
                    false
                }
                _ => true,
            }
        });
        (loaded, reused)
    }

    fn remember(&mut self, path: String, digest: u64, result: &FileResult) {
        self.files.insert(path, (digest, result.clone()));
    }
}

/// Validates every file; `today` decides which dates lie in the future.
/// Gives the valid files, typed, and the problems of the others.
pub fn validate(parsed: Parsed, today: jiff::civil::Date) -> (Validated, Vec<Diagnostic>) {
    let files = FileValidator::new(&parsed.media, today);
    let Parsed {
        site,
        files: parsed_files,
        media,
        pages,
    } = parsed;
    let checked = parsed_files
        .into_par_iter()
        .map(|file| files.validate(file))
        .collect();
    let parsed = Parsed {
        site,
        files: checked,
        media,
        pages,
    };
    validate_with(parsed, today, Vec::new(), None)
}

/// One file, validated on its own ([`FileValidator::validate`]).
#[derive(Debug)]
pub struct FileValidated {
    path: String,
    digest: u64,
    result: FileResult,
}

/// What a valid file keeps of its text once it is typed and its wikilinks
/// found; what a diagnostic or a page needs later and was not kept, it reads
/// from disk again (see [`SourceFile::keep_only`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The whole text: for `serve`, whose next check reuses it.
    All,
    /// The body, which the build renders.
    Body,
    /// Nothing: for a check, which renders nothing, or a build too large to
    /// hold its bodies.
    Nothing,
}

/// Validates files one by one against the schema and rules of their kind:
/// all that a file's checks need besides the file itself.
pub struct FileValidator {
    media: BTreeSet<String>,
    today: jiff::civil::Date,
    /// What a valid file keeps of its text.
    keep: Keep,
}

impl FileValidator {
    /// Checks for a tree with these `media` files, on the day `today`.
    pub fn new(media: &BTreeSet<String>, today: jiff::civil::Date) -> FileValidator {
        FileValidator {
            media: media.clone(),
            today,
            keep: Keep::All,
        }
    }

    /// The same, each valid file keeping only `keep` of its text.
    pub fn keeping(self, keep: Keep) -> FileValidator {
        FileValidator { keep, ..self }
    }

    /// Validates one Markdown file.
    pub fn validate(&self, file: ParsedFile) -> FileValidated {
        let context = Context {
            media: &self.media,
            today: self.today,
            schemas: &SCHEMAS,
        };
        let path = file.file.path.clone();
        let digest = file.file.digest;
        let (mut valid, problems) = validate_file(file, &context);
        if let Some(valid) = &mut valid {
            valid.keep_only(self.keep);
        }
        FileValidated {
            path,
            digest,
            result: (valid, problems),
        }
    }
}

/// Gathers the files of `parsed`, each validated by a [`FileValidator`], with
/// the results of files validated before (`reused`), and validates the site
/// settings; records the new results in `memo`, when given.
pub fn validate_with(
    parsed: Parsed<FileValidated>,
    today: jiff::civil::Date,
    reused: Vec<FileResult>,
    memo: Option<&mut Memo>,
) -> (Validated, Vec<Diagnostic>) {
    let Parsed {
        site,
        files: fresh,
        media,
        pages,
    } = parsed;
    let mut validated = Validated {
        pages,
        ..Validated::default()
    };
    let mut diagnostics = Vec::new();
    if let Some(file) = site {
        let (document, problems) = typed::<SiteConfig>(file, &SITE_SCHEMA, today);
        validated.site = document;
        diagnostics.extend(problems);
    }
    let mut results = reused;
    results.reserve(fresh.len());
    match memo {
        Some(memo) => {
            for FileValidated {
                path,
                digest,
                result,
            } in fresh
            {
                memo.remember(path, digest, &result);
                results.push(result);
            }
        }
        None => results.extend(fresh.into_iter().map(|file| file.result)),
    }
    for (document, problems) in results {
        diagnostics.extend(problems);
        match document {
            Some(Valid::Dossier(d)) => validated.dossiers.push(d),
            Some(Valid::Person(d)) => validated.people.push(d),
            Some(Valid::Organization(d)) => validated.organizations.push(d),
            Some(Valid::Provider(d)) => validated.providers.push(d),
            Some(Valid::Law(d)) => validated.laws.push(d),
            Some(Valid::Topic(d)) => validated.topics.push(d),
            Some(Valid::About(d)) => validated.about.push(d),
            None => {}
        }
    }
    // Files reused and files validated anew come in two runs: put each kind
    // back in slug order.
    validated.dossiers.sort_by(|a, b| a.slug.cmp(&b.slug));
    validated.people.sort_by(|a, b| a.slug.cmp(&b.slug));
    validated.organizations.sort_by(|a, b| a.slug.cmp(&b.slug));
    validated.providers.sort_by(|a, b| a.slug.cmp(&b.slug));
    validated.laws.sort_by(|a, b| a.slug.cmp(&b.slug));
    validated.topics.sort_by(|a, b| a.slug.cmp(&b.slug));
    validated.about.sort_by(|a, b| a.slug.cmp(&b.slug));
    validated.media = media;
    (validated, diagnostics)
}

/// What the per-file checks consult.
struct Context<'a> {
    media: &'a BTreeSet<String>,
    today: jiff::civil::Date,
    /// The schema of each kind, in the order of `Kind::ALL`.
    schemas: &'a [Schema; Kind::ALL.len()],
}

/// The schemas, compiled once per process: they follow from the types alone.
static SCHEMAS: std::sync::LazyLock<[Schema; Kind::ALL.len()]> =
    std::sync::LazyLock::new(|| Kind::ALL.map(schema_of));
static SITE_SCHEMA: std::sync::LazyLock<Schema> =
    std::sync::LazyLock::new(Schema::of::<SiteConfig>);

fn schema_of(kind: Kind) -> Schema {
    match kind {
        Kind::Dossier => Schema::of::<Dossier>(),
        Kind::Person => Schema::of::<Person>(),
        Kind::Organization => Schema::of::<Organization>(),
        Kind::Provider => Schema::of::<Provider>(),
        Kind::Law => Schema::of::<Law>(),
        Kind::Topic => Schema::of::<Topic>(),
        Kind::About => Schema::of::<About>(),
    }
}

/// Validates one content file against the schema and rules of its kind.
fn validate_file(file: ParsedFile, context: &Context<'_>) -> FileResult {
    let Some(kind) = file.kind else {
        return (None, Vec::new());
    };
    let schema = &context.schemas[kind as usize];
    let today = context.today;
    match kind {
        Kind::Dossier => {
            let (document, mut problems) = typed::<Dossier>(file, schema, today);
            if let Some(document) = &document {
                problems.extend(rules::dossier(document, context.media));
            }
            (document.map(Valid::Dossier), problems)
        }
        Kind::Person => of_kind(typed(file, schema, today), Valid::Person),
        Kind::Organization => of_kind(typed(file, schema, today), Valid::Organization),
        Kind::Provider => of_kind(typed(file, schema, today), Valid::Provider),
        Kind::Law => of_kind(typed(file, schema, today), Valid::Law),
        Kind::Topic => of_kind(typed(file, schema, today), Valid::Topic),
        Kind::About => of_kind(typed(file, schema, today), Valid::About),
    }
}

fn of_kind<T>(
    (document, problems): (Option<Document<T>>, Vec<Diagnostic>),
    kind: fn(Document<T>) -> Valid,
) -> FileResult {
    (document.map(kind), problems)
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
        yaml,
        body,
        wikilinks,
        ..
    } = file;
    let mut problems = schema.check(&file, tree.as_ref(), header.clone(), today);
    if problems.iter().any(Diagnostic::is_error) {
        return (None, problems);
    }
    let value = tree.map_or(Value::Map(Vec::new()), |node| node.value);
    match T::deserialize(ValueDeserializer(value)) {
        Ok(front) => {
            let document = Document {
                slug,
                file,
                front: Arc::new(front),
                header,
                yaml,
                spans: Arc::default(),
                body,
                wikilinks: wikilinks.into(),
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
