//! Stage 4, resolve: turns the validated files into one linked model, the
//! [`Wiki`].
//!
//! Takes [`Validated`]; gives the [`Wiki`] and a diagnostic for every
//! reference or wikilink that names nothing, names the wrong kind or is
//! ambiguous, and for every entity nothing references. The wiki holds each
//! page with its references resolved to ids, "what links here" for every page,
//! statements by speaker, practices by actor, by provider and (through
//! `subject_to`) by law, topics, the timeline and the contradiction pairs. It
//! is built once and only read afterwards, by every renderer.

mod index;

pub use crate::parse::wikilinks::markdown_options;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::front_matter::values::{Format, is_slug};
use crate::front_matter::{
    Date, Dossier, Law, Organization, Person, Provider, Reference, SiteConfig, Source, Topic,
};
use crate::kind::Kind;
use crate::validate::{Document, Step, Validated};
use index::{Index, Unresolved};

use Step::{Field, Index as At};

/// A page of the wiki: a dossier or an entity, by kind and position in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntityId {
    /// The kind.
    pub kind: Kind,
    /// Position in the wiki's list of that kind (sorted by slug).
    pub index: usize,
}

/// Statement or practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// Something said.
    Statement,
    /// Something done.
    Practice,
}

/// A statement or practice: its dossier, its kind and its position there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ItemId {
    /// The dossier's index.
    pub dossier: usize,
    /// Statement or practice.
    pub kind: ItemKind,
    /// Position in the dossier's list.
    pub index: usize,
}

/// What a reference or wikilink points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Target {
    /// A page.
    Entity(EntityId),
    /// A statement or practice, on its dossier's page.
    Item(ItemId),
}

/// A wikilink of a page's body, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wikilink {
    /// The destination as written: `slug`, `kind/slug`, `dossier#item`.
    pub destination: String,
    /// What it names.
    pub target: Target,
}

/// A page with its references resolved.
#[derive(Debug)]
pub struct Page<T, L> {
    /// The slug.
    pub slug: String,
    /// The source file, relative to the root (`None` for a topic used but not described).
    pub source_path: Option<String>,
    /// The front matter.
    pub front: Arc<T>,
    /// The Markdown body.
    pub body: String,
    /// The references of the front matter, resolved.
    pub links: L,
    /// The wikilinks of the body, resolved, in order.
    pub wikilinks: Vec<Wikilink>,
}

/// A dossier's references. An `Option` is `None` only where the reference
/// was reported as an error.
#[derive(Debug, Default)]
pub struct DossierLinks {
    /// The subject.
    pub subject: Option<EntityId>,
    /// Its topics, as indexes of [`Wiki::topics`].
    pub topics: Vec<usize>,
    /// Per statement.
    pub statements: Vec<StatementLinks>,
    /// Per practice.
    pub practices: Vec<PracticeLinks>,
}

/// A statement's references.
#[derive(Debug, Default)]
pub struct StatementLinks {
    /// The speaker (the subject when not given).
    pub speaker: Option<EntityId>,
    /// The source's publisher, when it is an organization of the wiki.
    pub publisher: Option<EntityId>,
}

/// A practice's references.
#[derive(Debug, Default)]
pub struct PracticeLinks {
    /// The actor (the subject when not given).
    pub actor: Option<EntityId>,
    /// The provider, as an index of [`Wiki::providers`].
    pub provider: Option<usize>,
    /// The contractor in between.
    pub via: Option<EntityId>,
    /// Per evidence, the source's publisher when it is an organization of the wiki.
    pub evidence_publishers: Vec<Option<EntityId>>,
    /// The statements it contradicts.
    pub contradicts: Vec<ItemId>,
}

/// A person's references.
#[derive(Debug, Default)]
pub struct PersonLinks {
    /// The party.
    pub party: Option<EntityId>,
    /// Per role, its organization.
    pub role_organizations: Vec<Option<EntityId>>,
}

/// An organization's references.
#[derive(Debug, Default)]
pub struct OrganizationLinks {
    /// The parent organization.
    pub parent: Option<EntityId>,
}

/// A provider's references.
#[derive(Debug, Default)]
pub struct ProviderLinks {
    /// The operator.
    pub operator: Option<EntityId>,
    /// The laws it is subject to, as indexes of [`Wiki::laws`].
    pub subject_to: Vec<usize>,
    /// Its certifications, as indexes of [`Wiki::laws`].
    pub certifications: Vec<usize>,
}

/// A statement and a practice that `contradicts` joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Contradiction {
    /// What was said.
    pub statement: ItemId,
    /// What was done.
    pub practice: ItemId,
    /// Days from the words to the deed (negative when the deed came first).
    pub days: i64,
}

/// The whole wiki, linked.
#[derive(Debug)]
pub struct Wiki {
    /// The site settings.
    pub site: SiteConfig,
    /// Dossiers, by slug.
    pub dossiers: Vec<Page<Dossier, DossierLinks>>,
    /// People, by slug.
    pub people: Vec<Page<Person, PersonLinks>>,
    /// Organizations, by slug.
    pub organizations: Vec<Page<Organization, OrganizationLinks>>,
    /// Providers, by slug.
    pub providers: Vec<Page<Provider, ProviderLinks>>,
    /// Laws, by slug.
    pub laws: Vec<Page<Law, ()>>,
    /// Topics, described or only used, by slug.
    pub topics: Vec<Page<Topic, ()>>,
    // What follows is what other files say of a page: indexes of links
    // reversed. A page's own file cannot change them, so a page that shows
    // them must track them in its shape (`render::pages`); a page's view
    // cannot reach them.
    /// Pages that reference each page, in order, without repeats.
    pub backlinks: HashMap<EntityId, Vec<EntityId>>,
    /// The practices that contradict each statement.
    pub contradicted_by: HashMap<ItemId, Vec<ItemId>>,
    /// The dossiers filed under each topic (indexed like `topics`).
    pub dossiers_by_topic: Vec<Vec<usize>>,
    /// Every statement and practice, by date.
    pub timeline: Vec<ItemId>,
    /// Every contradiction, by the practice's date.
    pub contradictions: Vec<Contradiction>,
    /// Statements by who said them.
    pub statements_by_speaker: HashMap<EntityId, Vec<ItemId>>,
    /// Practices by who did them.
    pub practices_by_actor: HashMap<EntityId, Vec<ItemId>>,
    /// Practices by provider (indexed like `providers`).
    pub practices_by_provider: Vec<Vec<ItemId>>,
    /// Practices exposed to each law through their provider (indexed like `laws`).
    pub practices_by_law: Vec<Vec<ItemId>>,
    /// Providers subject to each law (indexed like `laws`).
    pub providers_by_law: Vec<Vec<usize>>,
    /// Providers by the organization that operates them.
    pub providers_by_operator: HashMap<EntityId, Vec<usize>>,
    /// Dossiers by subject.
    pub dossiers_by_subject: HashMap<EntityId, Vec<usize>>,
}

impl Wiki {
    /// How many pages of each kind there are.
    pub fn counts(&self) -> [(Kind, usize); 6] {
        [
            (Kind::Dossier, self.dossiers.len()),
            (Kind::Person, self.people.len()),
            (Kind::Organization, self.organizations.len()),
            (Kind::Provider, self.providers.len()),
            (Kind::Law, self.laws.len()),
            (Kind::Topic, self.topics.len()),
        ]
    }

    /// Every page, dossiers first, each kind by slug.
    pub fn entities(&self) -> impl Iterator<Item = EntityId> {
        self.counts()
            .into_iter()
            .flat_map(|(kind, count)| (0..count).map(move |index| EntityId { kind, index }))
    }

    /// What a page has whatever its kind: its slug, file and body. The one place that matches a kind to its pages' list.
    pub fn common(&self, id: EntityId) -> Common<'_> {
        match id.kind {
            Kind::Dossier => self.dossiers[id.index].common(),
            Kind::Person => self.people[id.index].common(),
            Kind::Organization => self.organizations[id.index].common(),
            Kind::Provider => self.providers[id.index].common(),
            Kind::Law => self.laws[id.index].common(),
            Kind::Topic => self.topics[id.index].common(),
        }
    }

    /// The pages that link to a page.
    pub fn backlinks(&self, id: EntityId) -> &[EntityId] {
        self.backlinks.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The practices that contradict a statement.
    pub fn contradicted_by(&self, statement: ItemId) -> &[ItemId] {
        self.contradicted_by
            .get(&statement)
            .map_or(&[], Vec::as_slice)
    }

    /// The file a page comes from (`None` for a topic used but not described).
    pub fn source_path(&self, id: EntityId) -> Option<&str> {
        self.common(id).source_path
    }
}

/// What every page has, whatever its kind (see [`Wiki::common`]).
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    /// The slug.
    pub slug: &'a str,
    /// The source file, relative to the root.
    pub source_path: Option<&'a str>,
    /// The Markdown body.
    pub body: &'a str,
    /// The wikilinks of the body, resolved.
    pub wikilinks: &'a [Wikilink],
}

impl<T, L> Page<T, L> {
    fn common(&self) -> Common<'_> {
        Common {
            slug: &self.slug,
            source_path: self.source_path.as_deref(),
            body: &self.body,
            wikilinks: &self.wikilinks,
        }
    }
}

/// Options of the resolution.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Keep dossiers marked `draft: true`.
    pub drafts: bool,
    /// Whether every file of the tree was read, parsed and validated without
    /// an error: when not, some references are unknown, and pages that
    /// nothing references cannot be told from pages whose referrers failed.
    pub complete: bool,
}

/// Links every page. Returns the wiki and the problems found; the wiki is
/// complete only when no problem is an error.
pub fn resolve(validated: Validated, options: Options) -> (Wiki, Vec<Diagnostic>) {
    let Validated {
        site,
        mut dossiers,
        people,
        organizations,
        providers,
        laws,
        topics: topic_files,
        media: _,
        pages,
    } = validated;
    let complete = options.complete;
    // Files that failed their own checks, taken before drafts are left out:
    // a draft is valid, and a reference to it is an error of its own.
    let rejected: Vec<(Kind, String)> = pages
        .into_iter()
        .filter(|(kind, slug)| match kind {
            Kind::Dossier => !has_slug(&dossiers, slug),
            Kind::Person => !has_slug(&people, slug),
            Kind::Organization => !has_slug(&organizations, slug),
            Kind::Provider => !has_slug(&providers, slug),
            Kind::Law => !has_slug(&laws, slug),
            Kind::Topic => !has_slug(&topic_files, slug),
        })
        .collect();
    if !options.drafts {
        dossiers.retain(|d| !d.front.draft);
    }
    let site = site.unwrap_or_else(SiteConfig::fallback);

    // Topics exist by use as well as by file.
    let mut topic_slugs: BTreeMap<String, Option<Document<Topic>>> = BTreeMap::new();
    for dossier in &dossiers {
        for topic in &dossier.front.topics {
            topic_slugs.entry(topic.0.clone()).or_insert(None);
        }
    }
    for file in topic_files {
        topic_slugs.insert(file.slug.clone(), Some(file));
    }

    let mut index = Index::default();
    add_all(
        &mut index,
        Kind::Dossier,
        dossiers.iter().map(|d| d.slug.as_str()),
    );
    add_all(
        &mut index,
        Kind::Person,
        people.iter().map(|d| d.slug.as_str()),
    );
    add_all(
        &mut index,
        Kind::Organization,
        organizations.iter().map(|d| d.slug.as_str()),
    );
    add_all(
        &mut index,
        Kind::Provider,
        providers.iter().map(|d| d.slug.as_str()),
    );
    add_all(&mut index, Kind::Law, laws.iter().map(|d| d.slug.as_str()));
    add_all(
        &mut index,
        Kind::Topic,
        topic_slugs.keys().map(String::as_str),
    );
    for dossier in &dossiers {
        let statements = dossier
            .front
            .statements
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.0.clone(), (ItemKind::Statement, i)));
        let practices = dossier
            .front
            .practices
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.0.clone(), (ItemKind::Practice, i)));
        // On a duplicate id (reported by `validate`), the first item keeps it.
        let mut items = HashMap::new();
        for (id, item) in statements.chain(practices) {
            items.entry(id).or_insert(item);
        }
        index.add_items(items);
    }
    for (kind, slug) in &rejected {
        index.reject(*kind, slug);
    }

    let mut diagnostics = Vec::new();
    let mut outgoing: Vec<(EntityId, Vec<Target>)> = Vec::new();
    let dossiers = link_all(
        &index,
        dossiers,
        Kind::Dossier,
        &mut diagnostics,
        &mut outgoing,
        link_dossier,
    );
    let people = link_all(
        &index,
        people,
        Kind::Person,
        &mut diagnostics,
        &mut outgoing,
        |r, _, d| PersonLinks {
            party: d
                .front
                .party
                .as_ref()
                .and_then(|p| r.entity(p, ORGANIZATION, &[Field("party")])),
            role_organizations: d
                .front
                .roles
                .iter()
                .enumerate()
                .map(|(i, role)| {
                    let path = [Field("roles"), At(i), Field("organization")];
                    role.organization
                        .as_ref()
                        .and_then(|o| r.entity(o, ORGANIZATION, &path))
                })
                .collect(),
        },
    );
    let organizations = link_all(
        &index,
        organizations,
        Kind::Organization,
        &mut diagnostics,
        &mut outgoing,
        |r, _, d| OrganizationLinks {
            parent: d
                .front
                .parent
                .as_ref()
                .and_then(|p| r.entity(p, ORGANIZATION, &[Field("parent")])),
        },
    );
    let providers = link_all(
        &index,
        providers,
        Kind::Provider,
        &mut diagnostics,
        &mut outgoing,
        |r, _, d| ProviderLinks {
            operator: d
                .front
                .operator
                .as_ref()
                .and_then(|o| r.entity(o, ORGANIZATION, &[Field("operator")])),
            subject_to: r.laws("subject_to", &d.front.subject_to),
            certifications: r.laws("certifications", &d.front.certifications),
        },
    );
    let laws = link_all(
        &index,
        laws,
        Kind::Law,
        &mut diagnostics,
        &mut outgoing,
        |_, _, _| (),
    );
    let topics: Vec<Page<Topic, ()>> = topic_slugs
        .into_iter()
        .enumerate()
        .map(|(i, (slug, file))| match file {
            Some(document) => {
                let mut linker = Linker::new(&index, &document);
                let wikilinks = linker.wikilinks(None);
                diagnostics.extend(linker.diagnostics);
                outgoing.push((
                    EntityId {
                        kind: Kind::Topic,
                        index: i,
                    },
                    linker.targets,
                ));
                page(document, (), wikilinks)
            }
            None => Page {
                front: Arc::new(Topic { name: None }),
                slug,
                source_path: None,
                body: String::new(),
                links: (),
                wikilinks: Vec::new(),
            },
        })
        .collect();

    let mut wiki = Wiki {
        site,
        dossiers,
        people,
        organizations,
        providers,
        laws,
        topics,
        backlinks: HashMap::new(),
        contradicted_by: HashMap::new(),
        dossiers_by_topic: Vec::new(),
        timeline: Vec::new(),
        contradictions: Vec::new(),
        statements_by_speaker: HashMap::new(),
        practices_by_actor: HashMap::new(),
        practices_by_provider: Vec::new(),
        practices_by_law: Vec::new(),
        providers_by_law: Vec::new(),
        providers_by_operator: HashMap::new(),
        dossiers_by_subject: HashMap::new(),
    };
    fill_backlinks(&mut wiki, outgoing);
    fill_indexes(&mut wiki);
    if complete {
        diagnostics.extend(unreferenced(&wiki));
    }
    (wiki, diagnostics)
}

/// Whether `documents`, sorted by slug, hold one with `slug`.
fn has_slug<T>(documents: &[Document<T>], slug: &str) -> bool {
    documents
        .binary_search_by(|d| d.slug.as_str().cmp(slug))
        .is_ok()
}

const ACTOR: &[Kind] = &[Kind::Person, Kind::Organization];
const ORGANIZATION: &[Kind] = &[Kind::Organization];
const DOSSIER: &[Kind] = &[Kind::Dossier];

fn add_all<'a>(index: &mut Index, kind: Kind, slugs: impl Iterator<Item = &'a str>) {
    for (i, slug) in slugs.enumerate() {
        index.add(slug, EntityId { kind, index: i });
    }
}

/// Resolves the pages of one kind in parallel.
fn link_all<T: Sync + Send, L: Send>(
    index: &Index,
    documents: Vec<Document<T>>,
    kind: Kind,
    diagnostics: &mut Vec<Diagnostic>,
    outgoing: &mut Vec<(EntityId, Vec<Target>)>,
    links: impl Fn(&mut Linker<'_, T>, usize, &Document<T>) -> L + Sync,
) -> Vec<Page<T, L>> {
    let linked: Vec<_> = documents
        .into_par_iter()
        .enumerate()
        .map(|(i, document)| {
            let mut linker = Linker::new(index, &document);
            let resolved = links(&mut linker, i, &document);
            let here = (kind == Kind::Dossier).then_some(i);
            let wikilinks = linker.wikilinks(here);
            let Linker {
                diagnostics,
                targets,
                ..
            } = linker;
            (page(document, resolved, wikilinks), diagnostics, targets)
        })
        .collect();
    linked
        .into_iter()
        .enumerate()
        .map(|(i, (page, found, targets))| {
            diagnostics.extend(found);
            outgoing.push((EntityId { kind, index: i }, targets));
            page
        })
        .collect()
}

fn page<T, L>(document: Document<T>, links: L, wikilinks: Vec<Wikilink>) -> Page<T, L> {
    let body = document.body_text().to_string();
    Page {
        slug: document.slug,
        source_path: Some(document.file.path.clone()),
        front: document.front,
        body,
        links,
        wikilinks,
    }
}

fn link_dossier(
    linker: &mut Linker<'_, Dossier>,
    here: usize,
    document: &Document<Dossier>,
) -> DossierLinks {
    let front = &document.front;
    let subject = linker.entity(&front.subject, ACTOR, &[Field("subject")]);
    let topics = front
        .topics
        .iter()
        .filter_map(|t| linker.index.has(Kind::Topic, &t.0))
        .map(|id| {
            linker.targets.push(Target::Entity(id));
            id.index
        })
        .collect();
    let statements = front
        .statements
        .iter()
        .enumerate()
        .map(|(i, statement)| StatementLinks {
            speaker: match &statement.speaker {
                Some(speaker) => linker.entity(
                    speaker,
                    ACTOR,
                    &[Field("statements"), At(i), Field("speaker")],
                ),
                None => subject,
            },
            publisher: linker.publisher(
                &statement.source,
                &[
                    Field("statements"),
                    At(i),
                    Field("source"),
                    Field("publisher"),
                ],
            ),
        })
        .collect();
    let practices = front
        .practices
        .iter()
        .enumerate()
        .map(|(i, practice)| {
            let at = |field| [Field("practices"), At(i), Field(field)];
            PracticeLinks {
                actor: match &practice.actor {
                    Some(actor) => linker.entity(actor, ACTOR, &at("actor")),
                    None => subject,
                },
                provider: practice
                    .provider
                    .as_ref()
                    .and_then(|p| linker.entity(p, &[Kind::Provider], &at("provider")))
                    .map(|id| id.index),
                via: practice
                    .via
                    .as_ref()
                    .and_then(|v| linker.entity(v, ORGANIZATION, &at("via"))),
                evidence_publishers: practice
                    .evidence
                    .iter()
                    .enumerate()
                    .map(|(j, evidence)| {
                        let path = [
                            Field("practices"),
                            At(i),
                            Field("evidence"),
                            At(j),
                            Field("source"),
                            Field("publisher"),
                        ];
                        evidence
                            .source
                            .as_ref()
                            .and_then(|s| linker.publisher(s, &path))
                    })
                    .collect(),
                contradicts: practice
                    .contradicts
                    .iter()
                    .enumerate()
                    .filter_map(|(j, c)| {
                        linker.statement(
                            c,
                            here,
                            &[Field("practices"), At(i), Field("contradicts"), At(j)],
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    DossierLinks {
        subject,
        topics,
        statements,
        practices,
    }
}

/// Resolves the references of one page, collecting what it links to and
/// what failed.
struct Linker<'a, T> {
    index: &'a Index,
    document: &'a Document<T>,
    diagnostics: Vec<Diagnostic>,
    targets: Vec<Target>,
}

impl<'a, T> Linker<'a, T> {
    fn new(index: &'a Index, document: &'a Document<T>) -> Self {
        Linker {
            index,
            document,
            diagnostics: Vec::new(),
            targets: Vec::new(),
        }
    }

    fn report(&mut self, unresolved: Unresolved, path: &[Step<'_>]) {
        self.diagnostics.push(
            Diagnostic::new(
                unresolved.code,
                unresolved.message,
                Some(self.document.locate(path)),
            )
            .with_help(unresolved.help),
        );
    }

    fn entity(
        &mut self,
        reference: &Reference,
        kinds: &[Kind],
        path: &[Step<'_>],
    ) -> Option<EntityId> {
        match self.index.entity(reference, kinds) {
            Ok(id) => {
                self.targets.push(Target::Entity(id));
                Some(id)
            }
            Err(_) if self.index.is_rejected(reference, kinds) => None,
            Err(unresolved) => {
                self.report(unresolved, path);
                None
            }
        }
    }

    /// A list of laws, as indexes of [`Wiki::laws`].
    fn laws(&mut self, field: &str, list: &[Reference]) -> Vec<usize> {
        list.iter()
            .enumerate()
            .filter_map(|(i, law)| {
                self.entity(law, &[Kind::Law], &[Field(field), At(i)])
                    .map(|id| id.index)
            })
            .collect()
    }

    /// A `contradicts` entry: must name a statement.
    fn statement(
        &mut self,
        reference: &Reference,
        here: usize,
        path: &[Step<'_>],
    ) -> Option<ItemId> {
        match self.index.item(reference, Some(here)) {
            Ok(item) if item.kind == ItemKind::Statement => {
                self.targets.push(Target::Item(item));
                Some(item)
            }
            Ok(_) => {
                let unresolved = Unresolved {
                    code: Code::NotAStatement,
                    message: format!("`{reference}` is a practice; `contradicts` names statements"),
                    help: Some(
                        "list the ids of statements (what was said) that this practice contradicts"
                            .into(),
                    ),
                };
                self.report(unresolved, path);
                None
            }
            Err(_) if reference.item.is_some() && self.index.is_rejected(reference, DOSSIER) => {
                None
            }
            Err(unresolved) => {
                self.report(unresolved, path);
                None
            }
        }
    }

    /// A source's publisher: linked when it names an organization; a
    /// slug-shaped name that names none is probably a typo.
    fn publisher(&mut self, source: &Source, path: &[Step<'_>]) -> Option<EntityId> {
        let name = source.publisher.as_deref()?;
        if let Some(id) = self.index.has(Kind::Organization, name) {
            self.targets.push(Target::Entity(id));
            return Some(id);
        }
        if is_slug(name) {
            let help = self
                .index
                .suggest(name, ORGANIZATION)
                .or_else(|| Some(format!("create content/organizations/{name}.md, or write the publisher's name as printed")));
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnknownPublisher,
                    format!("the publisher `{name}` looks like a slug but names no organization"),
                    Some(self.document.locate(path)),
                )
                .with_help(help),
            );
        }
        None
    }

    /// The wikilinks of the body, resolved; `here` is the dossier the body
    /// belongs to, for `[[#item]]`-style links within it.
    fn wikilinks(&mut self, here: Option<usize>) -> Vec<Wikilink> {
        let document = self.document;
        let mut resolved = Vec::new();
        for link in document.wikilinks.iter() {
            let span = document.body.start + link.span.start..document.body.start + link.span.end;
            let reference = match Reference::parse(&link.destination) {
                Ok(reference) => reference,
                Err(problem) => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            problem.code,
                            format!("wikilink: {}", problem.message),
                            Some(document.file.locate(span)),
                        )
                        .with_help(problem.help),
                    );
                    continue;
                }
            };
            let kinds = if reference.item.is_some() {
                DOSSIER
            } else {
                &Kind::ALL
            };
            let target = if reference.item.is_some() {
                self.index.item(&reference, here).map(Target::Item)
            } else {
                self.index
                    .entity(&reference, &Kind::ALL)
                    .map(Target::Entity)
            };
            match target {
                Ok(target) => {
                    self.targets.push(target);
                    resolved.push(Wikilink {
                        destination: link.destination.clone(),
                        target,
                    });
                }
                Err(_) if self.index.is_rejected(&reference, kinds) => {}
                Err(unresolved) => self.diagnostics.push(
                    Diagnostic::new(
                        unresolved.code,
                        format!("wikilink: {}", unresolved.message),
                        Some(document.file.locate(span)),
                    )
                    .with_help(unresolved.help),
                ),
            }
        }
        resolved
    }
}

fn fill_backlinks(wiki: &mut Wiki, outgoing: Vec<(EntityId, Vec<Target>)>) {
    let mut backlinks: HashMap<EntityId, Vec<EntityId>> = HashMap::new();
    for (source, targets) in outgoing {
        for target in targets {
            let page = match target {
                Target::Entity(id) => id,
                Target::Item(item) => EntityId {
                    kind: Kind::Dossier,
                    index: item.dossier,
                },
            };
            if page != source {
                backlinks.entry(page).or_default().push(source);
            }
        }
    }
    for sources in backlinks.values_mut() {
        sources.sort();
        sources.dedup();
    }
    wiki.backlinks = backlinks;
}

fn fill_indexes(wiki: &mut Wiki) {
    wiki.practices_by_provider = vec![Vec::new(); wiki.providers.len()];
    wiki.practices_by_law = vec![Vec::new(); wiki.laws.len()];
    wiki.providers_by_law = vec![Vec::new(); wiki.laws.len()];
    for (p, provider) in wiki.providers.iter().enumerate() {
        for &law in &provider.links.subject_to {
            wiki.providers_by_law[law].push(p);
        }
        if let Some(operator) = provider.links.operator {
            wiki.providers_by_operator
                .entry(operator)
                .or_default()
                .push(p);
        }
    }
    let mut dated: Vec<(Date, &str, ItemId)> = Vec::new();
    let mut contradicted_by: Vec<(ItemId, ItemId)> = Vec::new();
    wiki.dossiers_by_topic = vec![Vec::new(); wiki.topics.len()];
    for (d, dossier) in wiki.dossiers.iter().enumerate() {
        if let Some(subject) = dossier.links.subject {
            wiki.dossiers_by_subject.entry(subject).or_default().push(d);
        }
        for &topic in &dossier.links.topics {
            wiki.dossiers_by_topic[topic].push(d);
        }
        for (i, (statement, links)) in dossier
            .front
            .statements
            .iter()
            .zip(&dossier.links.statements)
            .enumerate()
        {
            let item = ItemId {
                dossier: d,
                kind: ItemKind::Statement,
                index: i,
            };
            dated.push((statement.date, &statement.id.0, item));
            if let Some(speaker) = links.speaker {
                wiki.statements_by_speaker
                    .entry(speaker)
                    .or_default()
                    .push(item);
            }
        }
        for (i, (practice, links)) in dossier
            .front
            .practices
            .iter()
            .zip(&dossier.links.practices)
            .enumerate()
        {
            let item = ItemId {
                dossier: d,
                kind: ItemKind::Practice,
                index: i,
            };
            dated.push((practice.date, &practice.id.0, item));
            if let Some(actor) = links.actor {
                wiki.practices_by_actor.entry(actor).or_default().push(item);
            }
            if let Some(provider) = links.provider {
                wiki.practices_by_provider[provider].push(item);
                for &law in &wiki.providers[provider].links.subject_to {
                    wiki.practices_by_law[law].push(item);
                }
            }
            for &statement in &links.contradicts {
                let said = &wiki.dossiers[statement.dossier].front.statements[statement.index];
                wiki.contradictions.push(Contradiction {
                    statement,
                    practice: item,
                    days: said.date.days_until(&practice.date),
                });
                contradicted_by.push((statement, item));
            }
        }
    }
    dated.sort_by(|a, b| {
        (a.0, &wiki.dossiers[a.2.dossier].slug, a.1).cmp(&(
            b.0,
            &wiki.dossiers[b.2.dossier].slug,
            b.1,
        ))
    });
    wiki.timeline = dated.into_iter().map(|(_, _, item)| item).collect();
    for (statement, practice) in contradicted_by {
        wiki.contradicted_by
            .entry(statement)
            .or_default()
            .push(practice);
    }
    let date_of =
        |wiki: &Wiki, item: ItemId| wiki.dossiers[item.dossier].front.practices[item.index].date;
    let mut contradictions = std::mem::take(&mut wiki.contradictions);
    contradictions.sort_by_key(|c| (date_of(wiki, c.practice), c.practice, c.statement));
    wiki.contradictions = contradictions;
}

/// Entities nothing references are probably orphans of a removed dossier.
fn unreferenced(wiki: &Wiki) -> Vec<Diagnostic> {
    fn check<'w, T, L>(
        wiki: &'w Wiki,
        pages: &'w [Page<T, L>],
        kind: Kind,
    ) -> impl Iterator<Item = Diagnostic> + 'w {
        pages
            .iter()
            .enumerate()
            .filter(move |&(index, _)| wiki.backlinks(EntityId { kind, index }).is_empty())
            .filter_map(move |(_, p)| {
                let path = p.source_path.clone()?;
                Some(
                    Diagnostic::new(
                        Code::UnreferencedEntity,
                        format!("nothing references {} `{}`", kind.with_article(), p.slug),
                        Some(crate::diagnostic::Location::file(path)),
                    )
                    .with_help("reference it from a dossier, or remove the file".to_string()),
                )
            })
    }
    check(wiki, &wiki.people, Kind::Person)
        .chain(check(wiki, &wiki.organizations, Kind::Organization))
        .chain(check(wiki, &wiki.providers, Kind::Provider))
        .chain(check(wiki, &wiki.laws, Kind::Law))
        .chain(check(wiki, &wiki.topics, Kind::Topic))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wiki(files: &[(&str, &str)]) -> (Wiki, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (path, text) in files {
            let full = dir.path().join("content").join(path);
            std::fs::create_dir_all(full.parent().expect("a parent")).expect("a folder");
            std::fs::write(full, text).expect("a file");
        }
        let options = crate::Options::new(dir.path(), jiff::civil::date(2026, 1, 1));
        let checked = crate::check(&options).expect("a content folder");
        (checked.wiki, checked.diagnostics)
    }

    const SOURCE: &str = "{ url: https://example.org, archive: https://archive.org/x }";

    #[test]
    fn links_backlinks_indexes_and_contradictions() {
        let dossier = format!(
            "---\ntitle: T\nsubject: jane\ndate: 2016-08-22\ntopics: [cloud]\nstatements:\n  - {{ id: said, date: 2014-05, quote: Q, source: {SOURCE} }}\npractices:\n  - id: done\n    kind: hosting\n    date: 2016-08-22\n    summary: S\n    provider: azure\n    via: acme\n    evidence: [{{ kind: dns }}]\n    contradicts: [said]\n---\nSee [[other#quote]].\n"
        );
        let other = format!(
            "---\ntitle: O\nsubject: acme\ndate: 2015\nstatements:\n  - {{ id: quote, speaker: jane, date: 2015, quote: R, source: {SOURCE} }}\n---\n"
        );
        let (wiki, diagnostics) = wiki(&[
            ("site.yaml", "title: W\nbase_url: https://example.org/\n"),
            ("dossiers/case.md", &dossier),
            ("dossiers/other.md", &other),
            ("people/jane.md", "---\nname: Jane\n---\n"),
            ("organizations/acme.md", "---\nname: Acme\n---\n"),
            ("organizations/ms.md", "---\nname: MS\n---\n"),
            (
                "providers/azure.md",
                "---\nname: Azure\noperator: ms\nsubject_to: [cloud-act]\n---\n",
            ),
            ("laws/cloud-act.md", "---\nname: CLOUD Act\n---\n"),
        ]);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let case = 0;
        let done = ItemId {
            dossier: case,
            kind: ItemKind::Practice,
            index: 0,
        };
        let said = ItemId {
            dossier: case,
            kind: ItemKind::Statement,
            index: 0,
        };
        assert_eq!(
            wiki.contradictions,
            vec![Contradiction {
                statement: said,
                practice: done,
                days: 844
            }]
        );
        assert_eq!(wiki.contradicted_by(said), [done]);
        assert_eq!(wiki.practices_by_provider[0], vec![done]);
        assert_eq!(wiki.practices_by_law[0], vec![done]);
        assert_eq!(wiki.providers_by_law[0], vec![0]);
        let jane = EntityId {
            kind: Kind::Person,
            index: 0,
        };
        assert_eq!(wiki.statements_by_speaker[&jane].len(), 2);
        assert_eq!(wiki.practices_by_actor[&jane], vec![done]);
        // The other dossier is linked from the first one's body.
        assert_eq!(
            wiki.backlinks(EntityId {
                kind: Kind::Dossier,
                index: 1
            }),
            [EntityId {
                kind: Kind::Dossier,
                index: 0
            }]
        );
        // Acme: subject of `other`, contractor in `case`.
        let acme = EntityId {
            kind: Kind::Organization,
            index: 0,
        };
        assert_eq!(wiki.backlinks(acme).len(), 2);
        assert_eq!(wiki.dossiers_by_topic[0], vec![case]);
        assert_eq!(wiki.timeline.first(), Some(&said));
        assert_eq!(wiki.timeline.last(), Some(&done));
    }

    #[test]
    fn drafts_are_left_out_unless_asked() {
        let draft = format!(
            "---\ntitle: T\nsubject: jane\ndate: 2016\ndraft: true\nstatements:\n  - {{ id: a, date: 2014, quote: Q, source: {SOURCE} }}\n---\n"
        );
        let (wiki, _) = wiki(&[
            ("site.yaml", "title: W\nbase_url: https://example.org/\n"),
            ("dossiers/draft.md", &draft),
            ("people/jane.md", "---\nname: Jane\n---\n"),
        ]);
        assert!(wiki.dossiers.is_empty());
    }
}
