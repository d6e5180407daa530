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

mod acting;
mod again;
mod ids;
mod index;
mod reverse;

pub use crate::parse::wikilinks::markdown_options;
pub use again::{Memo, resolve_again};

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::front_matter::values::{Format, is_slug};
use crate::front_matter::{
    About, ContradictionLink, Date, Dossier, Law, Organization, Person, Practice, Provider,
    Reference, Response, SiteConfig, Source, Statement, Topic,
};
use crate::kind::Kind;
use crate::source::Body;
use crate::validate::{Document, Step, Validated};
use acting::Acting;
pub use ids::{EntityId, Id, ItemId, ItemKind, Kinded, ResponseId};
use index::{Index, Items, Unresolved};
use reverse::Reverse;

use Step::{Field, Index as At};

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
    pub body: Body,
    /// The references of the front matter, resolved.
    pub links: L,
    /// The wikilinks of the body, resolved, in order.
    pub wikilinks: Vec<Wikilink>,
}

/// A dossier's references. An `Option` is `None` only where the reference
/// was reported as an error.
#[derive(Debug, Default, PartialEq)]
pub struct DossierLinks {
    /// The subject.
    pub subject: Option<EntityId>,
    /// Its topics.
    pub topics: Vec<Id<Topic>>,
    /// Per statement.
    pub statements: Vec<StatementLinks>,
    /// Per practice.
    pub practices: Vec<PracticeLinks>,
    /// Per response.
    pub responses: Vec<ResponseLinks>,
}

/// A statement's references.
#[derive(Debug, Default, PartialEq)]
pub struct StatementLinks {
    /// The speaker (the subject when not given).
    pub speaker: Option<EntityId>,
    /// The source's publisher, when it is an organization of the wiki.
    pub publisher: Option<EntityId>,
    /// The publisher of the `verdict_source`, when it is an organization of the wiki.
    pub verdict_publisher: Option<EntityId>,
}

/// A response's references.
#[derive(Debug, Default, PartialEq)]
pub struct ResponseLinks {
    /// Who answered (the subject when not given).
    pub speaker: Option<EntityId>,
    /// The source's publisher, when it is an organization of the wiki.
    pub publisher: Option<EntityId>,
    /// The statements and practices it answers.
    pub replies_to: Vec<ItemId>,
}

/// A practice's references.
#[derive(Debug, Default, PartialEq)]
pub struct PracticeLinks {
    /// The actor (the subject when not given).
    pub actor: Option<EntityId>,
    /// The provider.
    pub provider: Option<Id<Provider>>,
    /// The contractor in between.
    pub via: Option<EntityId>,
    /// Per evidence, the source's publisher when it is an organization of the wiki.
    pub evidence_publishers: Vec<Option<EntityId>>,
    /// Per evidence, per record, the provider it names.
    pub record_providers: Vec<Vec<Option<Id<Provider>>>>,
    /// Per `contradicts` entry, the statement it names (`None` where that
    /// was reported as an error).
    pub contradicts: Vec<Option<ItemId>>,
    /// Per `contradicts` entry, the publisher of its `noted_by` source when it
    /// is an organization of the wiki.
    pub noted_by_publishers: Vec<Option<EntityId>>,
    /// The statements it refutes.
    pub refutes: Vec<ItemId>,
}

impl PracticeLinks {
    /// The statements it contradicts.
    pub fn contradicted(&self) -> impl Iterator<Item = ItemId> + '_ {
        self.contradicts.iter().flatten().copied()
    }
}

/// A person's references.
#[derive(Debug, Default, PartialEq)]
pub struct PersonLinks {
    /// The party.
    pub party: Option<EntityId>,
    /// Per role, its organization.
    pub role_organizations: Vec<Option<EntityId>>,
}

/// An organization's references.
#[derive(Debug, Default, PartialEq)]
pub struct OrganizationLinks {
    /// The parent organization.
    pub parent: Option<EntityId>,
}

/// A provider's references.
#[derive(Debug, Default, PartialEq)]
pub struct ProviderLinks {
    /// The operator.
    pub operator: Option<EntityId>,
    /// The laws it is subject to.
    pub subject_to: Vec<Id<Law>>,
    /// Its certifications.
    pub certifications: Vec<Id<Law>>,
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

/// The whole wiki, linked: every page by kind, and what other files say of
/// each (the links reversed). Made whole by [`resolve`] and only read
/// afterwards: a page of one kind is `wiki[id]` for an [`Id`] of that kind.
#[derive(Debug)]
pub struct Wiki {
    site: SiteConfig,
    editorial_rules: Option<Id<About>>,
    pages: Pages,
    reverse: Reverse,
}

/// The linked pages, each kind by slug.
#[derive(Debug, Default)]
struct Pages {
    dossiers: Vec<Page<Dossier, DossierLinks>>,
    people: Vec<Page<Person, PersonLinks>>,
    organizations: Vec<Page<Organization, OrganizationLinks>>,
    providers: Vec<Page<Provider, ProviderLinks>>,
    laws: Vec<Page<Law, ()>>,
    topics: Vec<Page<Topic, ()>>,
    about: Vec<Page<About, ()>>,
}

impl Wiki {
    /// Hands over the finished wiki: the pages with the indexes of their
    /// links reversed. `outgoing` is what each page links to.
    fn new(
        (site, editorial_rules): (SiteConfig, Option<Id<About>>),
        pages: Pages,
        outgoing: Vec<(EntityId, Vec<Target>)>,
    ) -> Wiki {
        let reverse = Reverse::build(&pages, outgoing);
        Wiki {
            site,
            editorial_rules,
            pages,
            reverse,
        }
    }

    /// The site settings.
    pub fn site(&self) -> &SiteConfig {
        &self.site
    }

    /// The page that `site.yaml` names as the editorial rules.
    pub fn editorial_rules(&self) -> Option<Id<About>> {
        self.editorial_rules
    }

    /// The pages of one kind, with their ids, by slug.
    pub fn all<T: Kinded>(&self) -> impl ExactSizeIterator<Item = (Id<T>, &Page<T, T::Links>)> {
        T::pages(self)
            .iter()
            .enumerate()
            .map(|(index, page)| (Id::new(index), page))
    }

    /// The ids of the pages of one kind, by slug.
    pub fn ids<T: Kinded>(&self) -> impl ExactSizeIterator<Item = Id<T>> + use<T> {
        (0..T::pages(self).len()).map(Id::new)
    }

    /// How many pages of each kind there are.
    pub fn counts(&self) -> [(Kind, usize); Kind::ALL.len()] {
        Kind::ALL.map(|kind| (kind, self.count(kind)))
    }

    /// How many pages of `kind` there are.
    pub fn count(&self, kind: Kind) -> usize {
        let pages = &self.pages;
        match kind {
            Kind::Dossier => pages.dossiers.len(),
            Kind::Person => pages.people.len(),
            Kind::Organization => pages.organizations.len(),
            Kind::Provider => pages.providers.len(),
            Kind::Law => pages.laws.len(),
            Kind::Topic => pages.topics.len(),
            Kind::About => pages.about.len(),
        }
    }

    /// The pages of `kind`, by slug.
    pub fn entities_of(&self, kind: Kind) -> impl Iterator<Item = EntityId> + use<> {
        (0..self.count(kind)).map(move |index| EntityId::new(kind, index))
    }

    /// Every page, dossiers first, each kind by slug.
    pub fn entities(&self) -> impl Iterator<Item = EntityId> + use<> {
        self.counts()
            .into_iter()
            .flat_map(|(kind, count)| (0..count).map(move |index| EntityId::new(kind, index)))
    }

    /// What a page has whatever its kind: its title, slug, file and body.
    /// The one place that matches a kind to its pages' list.
    pub fn common(&self, id: EntityId) -> Common<'_> {
        let pages = &self.pages;
        let index = id.index();
        match id.kind {
            Kind::Dossier => pages.dossiers[index].common(&pages.dossiers[index].front.title),
            Kind::Person => pages.people[index].common(&pages.people[index].front.name),
            Kind::Organization => {
                pages.organizations[index].common(&pages.organizations[index].front.name)
            }
            Kind::Provider => pages.providers[index].common(&pages.providers[index].front.name),
            Kind::Law => pages.laws[index].common(&pages.laws[index].front.name),
            Kind::Topic => {
                let topic = &pages.topics[index];
                topic.common(topic.front.name.as_deref().unwrap_or(&topic.slug))
            }
            Kind::About => pages.about[index].common(&pages.about[index].front.title),
        }
    }

    /// A dossier's statements, in order.
    pub fn statements_of(&self, dossier: Id<Dossier>) -> impl Iterator<Item = ItemId> + use<> {
        let count = self[dossier].front.statements.len();
        (0..count).map(move |index| ItemId {
            dossier,
            kind: ItemKind::Statement,
            index,
        })
    }

    /// A dossier's statements then its practices, in order.
    pub fn items_of(&self, dossier: Id<Dossier>) -> impl Iterator<Item = ItemId> + use<> {
        let count = self[dossier].front.practices.len();
        let practices = (0..count).map(move |index| ItemId {
            dossier,
            kind: ItemKind::Practice,
            index,
        });
        self.statements_of(dossier).chain(practices)
    }

    /// A statement, with its references.
    pub fn statement(&self, item: ItemId) -> (&Statement, &StatementLinks) {
        debug_assert_eq!(item.kind, ItemKind::Statement);
        let dossier = &self[item.dossier];
        (
            &dossier.front.statements[item.index],
            &dossier.links.statements[item.index],
        )
    }

    /// A practice, with its references.
    pub fn practice(&self, item: ItemId) -> (&Practice, &PracticeLinks) {
        debug_assert_eq!(item.kind, ItemKind::Practice);
        let dossier = &self[item.dossier];
        (
            &dossier.front.practices[item.index],
            &dossier.links.practices[item.index],
        )
    }

    /// A response, with its references.
    pub fn response(&self, response: ResponseId) -> (&Response, &ResponseLinks) {
        let dossier = &self[response.dossier];
        (
            &dossier.front.responses[response.index],
            &dossier.links.responses[response.index],
        )
    }

    /// A dossier's responses, in order.
    pub fn responses_of(&self, dossier: Id<Dossier>) -> impl Iterator<Item = ResponseId> + use<> {
        let count = self[dossier].front.responses.len();
        (0..count).map(move |index| ResponseId { dossier, index })
    }

    /// Who set a practice beside a statement it contradicts: the `noted_by`
    /// source of its `contradicts` entry, with the source's publisher when
    /// it is an organization of the wiki; `None` for the editors' own link.
    pub fn noted_by(
        &self,
        practice: ItemId,
        statement: ItemId,
    ) -> Option<(&Source, Option<EntityId>)> {
        let (front, links) = self.practice(practice);
        front
            .contradicts
            .iter()
            .zip(&links.contradicts)
            .zip(&links.noted_by_publishers)
            .find(|((_, named), _)| **named == Some(statement))
            .and_then(|((link, _), publisher)| Some((link.noted_by()?, *publisher)))
    }

    /// The date of a statement or practice.
    pub fn item_date(&self, item: ItemId) -> Date {
        match item.kind {
            ItemKind::Statement => self.statement(item).0.date,
            ItemKind::Practice => self.practice(item).0.date,
        }
    }

    // What other files say of a page. A page's own file cannot change it, so
    // a page that shows it must track it in its shape (`render::pages`).

    /// The pages that link to a page, in order, without repeats.
    pub fn backlinks(&self, id: EntityId) -> &[EntityId] {
        slice(self.reverse.backlinks.get(&id))
    }

    /// The practices that contradict a statement.
    pub fn contradicted_by(&self, statement: ItemId) -> &[ItemId] {
        slice(self.reverse.contradicted_by.get(&statement))
    }

    /// The practices that refute a statement.
    pub fn refuted_by(&self, statement: ItemId) -> &[ItemId] {
        slice(self.reverse.refuted_by.get(&statement))
    }

    /// The responses to a statement or practice, of any dossier, in order.
    pub fn responses_to(&self, item: ItemId) -> &[ResponseId] {
        slice(self.reverse.responses_to.get(&item))
    }

    /// The responses of a person or organization.
    pub fn responses_by(&self, speaker: EntityId) -> &[ResponseId] {
        slice(self.reverse.responses_by_speaker.get(&speaker))
    }

    /// Every statement and practice, by date.
    pub fn timeline(&self) -> &[ItemId] {
        &self.reverse.timeline
    }

    /// Every contradiction, by the practice's date.
    pub fn contradictions(&self) -> &[Contradiction] {
        &self.reverse.contradictions
    }

    /// The statements of a person or organization.
    pub fn statements_by(&self, speaker: EntityId) -> &[ItemId] {
        slice(self.reverse.statements_by_speaker.get(&speaker))
    }

    /// The practices of a person or organization.
    pub fn practices_by(&self, actor: EntityId) -> &[ItemId] {
        slice(self.reverse.practices_by_actor.get(&actor))
    }

    /// The dossiers about a person or organization.
    pub fn dossiers_about(&self, subject: EntityId) -> &[Id<Dossier>] {
        slice(self.reverse.dossiers_by_subject.get(&subject))
    }

    /// The dossiers filed under a topic.
    pub fn dossiers_in(&self, topic: Id<Topic>) -> &[Id<Dossier>] {
        &self.reverse.dossiers_by_topic[topic.index()]
    }

    /// The practices that use a provider.
    pub fn practices_using(&self, provider: Id<Provider>) -> &[ItemId] {
        &self.reverse.practices_by_provider[provider.index()]
    }

    /// The practices exposed to a law through their provider.
    pub fn practices_exposed_to(&self, law: Id<Law>) -> &[ItemId] {
        &self.reverse.practices_by_law[law.index()]
    }

    /// The providers subject to a law.
    pub fn providers_subject_to(&self, law: Id<Law>) -> &[Id<Provider>] {
        &self.reverse.providers_by_law[law.index()]
    }

    /// The providers an organization operates.
    pub fn providers_operated_by(&self, operator: EntityId) -> &[Id<Provider>] {
        slice(self.reverse.providers_by_operator.get(&operator))
    }

    /// The file a page comes from (`None` for a topic used but not described).
    pub fn source_path(&self, id: EntityId) -> Option<&str> {
        self.common(id).source_path
    }
}

fn slice<T>(list: Option<&Vec<T>>) -> &[T] {
    list.map_or(&[], Vec::as_slice)
}

/// What every page has, whatever its kind (see [`Wiki::common`]).
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    /// The display name: a dossier's title, an entity's name (a topic's slug
    /// when it has none).
    pub title: &'a str,
    /// The slug.
    pub slug: &'a str,
    /// The source file, relative to the root.
    pub source_path: Option<&'a str>,
    /// The Markdown body.
    pub body: &'a crate::source::Body,
    /// The wikilinks of the body, resolved.
    pub wikilinks: &'a [Wikilink],
}

impl<T, L> Page<T, L> {
    fn common<'a>(&'a self, title: &'a str) -> Common<'a> {
        Common {
            title,
            slug: &self.slug,
            source_path: self.source_path.as_deref(),
            body: &self.body,
            wikilinks: &self.wikilinks,
        }
    }
}

/// Options of the resolution.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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
    let linked = link_everything(validated, options);
    (linked.wiki, linked.diagnostics)
}

/// A resolve of every file, with what the files were linked against.
struct Linked {
    wiki: Wiki,
    diagnostics: Vec<Diagnostic>,
    index: Index,
    acting: Acting,
    /// The digest of the site settings' text.
    site: Option<u64>,
}

fn link_everything(validated: Validated, options: Options) -> Linked {
    let Validated {
        site,
        mut dossiers,
        people,
        organizations,
        providers,
        laws,
        topics: topic_files,
        about,
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
            Kind::About => !has_slug(&about, slug),
        })
        .collect();
    if !options.drafts {
        dossiers.retain(|d| !d.front.draft);
    }

    // Topics exist by use as well as by file.
    let mut topic_slugs: BTreeMap<String, Option<Document<Topic>>> = BTreeMap::new();
    for dossier in &dossiers {
        for topic in &dossier.front.topics {
            topic_slugs.entry(topic.0.to_string()).or_insert(None);
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
    add_all(
        &mut index,
        Kind::About,
        about.iter().map(|d| d.slug.as_str()),
    );
    let items: Vec<Items> = dossiers
        .par_iter()
        .map(|dossier| Items::new(Arc::clone(&dossier.front)))
        .collect();
    items.into_iter().for_each(|items| index.add_items(items));
    for (kind, slug) in &rejected {
        index.reject(*kind, slug);
    }

    let mut diagnostics = Vec::new();
    let mut outgoing: Vec<(EntityId, Vec<Target>)> = Vec::new();
    let acting = Acting::new(&index, &dossiers, &people, &organizations);
    let dossiers = link_all(
        &index,
        dossiers,
        &mut diagnostics,
        &mut outgoing,
        |linker, id, document| link_dossier(linker, id, document, &acting),
    );
    let people = link_all(&index, people, &mut diagnostics, &mut outgoing, link_person);
    let organizations = link_all(
        &index,
        organizations,
        &mut diagnostics,
        &mut outgoing,
        link_organization,
    );
    let providers = link_all(
        &index,
        providers,
        &mut diagnostics,
        &mut outgoing,
        link_provider,
    );
    let laws = link_all(&index, laws, &mut diagnostics, &mut outgoing, no_links);
    let topics: Vec<Page<Topic, ()>> = topic_slugs
        .into_iter()
        .enumerate()
        .map(|(i, (slug, file))| match file {
            Some(document) => {
                let mut linker = Linker::new(&index, &document);
                let wikilinks = linker.wikilinks(None);
                diagnostics.extend(linker.diagnostics);
                outgoing.push((EntityId::new(Kind::Topic, i), linker.targets));
                page(document, (), wikilinks)
            }
            None => Page {
                front: Arc::new(Topic { name: None }),
                slug,
                source_path: None,
                body: Body::default(),
                links: (),
                wikilinks: Vec::new(),
            },
        })
        .collect();

    let about = link_all(&index, about, &mut diagnostics, &mut outgoing, no_links);
    let site_digest = site.as_ref().map(|document| document.file.digest);
    let site = match site {
        Some(document) => {
            let mut linker = Linker::new(&index, &document);
            let editorial_rules = document.front.editorial_rules.as_ref().and_then(|rules| {
                linker
                    .entity(rules, &[Kind::About], &[Field("editorial_rules")])
                    .and_then(EntityId::typed)
            });
            diagnostics.extend(linker.diagnostics);
            (Arc::unwrap_or_clone(document.front), editorial_rules)
        }
        None => (SiteConfig::fallback(), None),
    };

    let pages = Pages {
        dossiers,
        people,
        organizations,
        providers,
        laws,
        topics,
        about,
    };
    let wiki = Wiki::new(site, pages, outgoing);
    if complete {
        diagnostics.extend(unreferenced(&wiki));
    }
    Linked {
        wiki,
        diagnostics,
        index,
        acting,
        site: site_digest,
    }
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
        index.add(slug, EntityId::new(kind, i));
    }
}

/// Resolves the pages of one kind in parallel.
fn link_all<T: Kinded + Sync + Send>(
    index: &Index,
    documents: Vec<Document<T>>,
    diagnostics: &mut Vec<Diagnostic>,
    outgoing: &mut Vec<(EntityId, Vec<Target>)>,
    links: impl Fn(&mut Linker<'_, T>, Id<T>, &Document<T>) -> T::Links + Sync,
) -> Vec<Page<T, T::Links>>
where
    T::Links: Send,
{
    let kind = T::KIND;
    let linked: Vec<_> = documents
        .into_par_iter()
        .enumerate()
        .map(|(i, document)| {
            let mut linker = Linker::new(index, &document);
            let resolved = links(&mut linker, Id::new(i), &document);
            let here = (kind == Kind::Dossier).then(|| Id::new(i));
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
            outgoing.push((EntityId::new(kind, i), targets));
            page
        })
        .collect()
}

fn page<T, L>(document: Document<T>, links: L, wikilinks: Vec<Wikilink>) -> Page<T, L> {
    let body = document.body_text();
    Page {
        slug: document.slug,
        source_path: Some(document.file.path.clone()),
        front: document.front,
        body,
        links,
        wikilinks,
    }
}

/// A person's references: their party and their roles' organizations.
fn link_person(r: &mut Linker<'_, Person>, _: Id<Person>, d: &Document<Person>) -> PersonLinks {
    PersonLinks {
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
    }
}

/// An organization's reference: its parent.
fn link_organization(
    r: &mut Linker<'_, Organization>,
    _: Id<Organization>,
    d: &Document<Organization>,
) -> OrganizationLinks {
    OrganizationLinks {
        parent: d
            .front
            .parent
            .as_ref()
            .and_then(|p| r.entity(p, ORGANIZATION, &[Field("parent")])),
    }
}

/// A provider's references: its operator and the laws it answers to.
fn link_provider(
    r: &mut Linker<'_, Provider>,
    _: Id<Provider>,
    d: &Document<Provider>,
) -> ProviderLinks {
    ProviderLinks {
        operator: d
            .front
            .operator
            .as_ref()
            .and_then(|o| r.entity(o, ORGANIZATION, &[Field("operator")])),
        subject_to: r.laws("subject_to", &d.front.subject_to),
        certifications: r.laws("certifications", &d.front.certifications),
    }
}

/// Pages without references of their own (laws, topics, pages about the
/// wiki): only their bodies' wikilinks.
fn no_links<T>(_: &mut Linker<'_, T>, _: Id<T>, _: &Document<T>) {}

fn link_dossier(
    linker: &mut Linker<'_, Dossier>,
    here: Id<Dossier>,
    document: &Document<Dossier>,
    acting: &Acting,
) -> DossierLinks {
    let front = &document.front;
    let subject = linker.entity(&front.subject, ACTOR, &[Field("subject")]);
    let mut topics = Vec::new();
    for (i, topic) in front.topics.iter().enumerate() {
        if let Some(id) = linker.index.has(Kind::Topic, &topic.0) {
            linker.targets.push(Target::Entity(id));
            if let Some(id) = id.typed() {
                linker.once(&mut topics, id, &topic.0, &[Field("topics"), At(i)]);
            }
        }
    }
    let statements = front
        .statements
        .iter()
        .enumerate()
        .map(|(i, statement)| {
            let at = |field| [Field("statements"), At(i), Field(field)];
            let publisher_at =
                |field| [Field("statements"), At(i), Field(field), Field("publisher")];
            StatementLinks {
                speaker: match &statement.speaker {
                    Some(speaker) => linker.entity(speaker, ACTOR, &at("speaker")),
                    None => subject,
                },
                publisher: linker.publisher(&statement.source, &publisher_at("source")),
                verdict_publisher: statement
                    .verdict_source
                    .as_ref()
                    .and_then(|s| linker.publisher(s, &publisher_at("verdict_source"))),
            }
        })
        .collect();
    let practices = front
        .practices
        .iter()
        .enumerate()
        .map(|(i, practice)| link_practice(linker, here, subject, acting, i, practice))
        .collect();
    let responses = front
        .responses
        .iter()
        .enumerate()
        .map(|(i, response)| {
            let at = |field| [Field("responses"), At(i), Field(field)];
            ResponseLinks {
                speaker: match &response.speaker {
                    Some(speaker) => linker.entity(speaker, ACTOR, &at("speaker")),
                    None => subject,
                },
                publisher: linker.publisher(
                    &response.source,
                    &[
                        Field("responses"),
                        At(i),
                        Field("source"),
                        Field("publisher"),
                    ],
                ),
                replies_to: response
                    .replies_to
                    .iter()
                    .enumerate()
                    .filter_map(|(j, item)| {
                        let path = [Field("responses"), At(i), Field("replies_to"), At(j)];
                        linker.item(item, here, &path)
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
        responses,
    }
}

fn link_practice(
    linker: &mut Linker<'_, Dossier>,
    here: Id<Dossier>,
    subject: Option<EntityId>,
    acting: &Acting,
    i: usize,
    practice: &Practice,
) -> PracticeLinks {
    let at = |field| [Field("practices"), At(i), Field(field)];
    let actor = match &practice.actor {
        Some(actor) => linker.entity(actor, ACTOR, &at("actor")),
        None => subject,
    };
    let evidence_publishers = practice
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
        .collect();
    let record_providers = practice
        .evidence
        .iter()
        .enumerate()
        .map(|(j, evidence)| {
            let records = evidence.records.iter().enumerate();
            records
                .map(|(k, record)| {
                    let path = [
                        Field("practices"),
                        At(i),
                        Field("evidence"),
                        At(j),
                        Field("records"),
                        At(k),
                        Field("provider"),
                    ];
                    let provider = record.provider.as_ref()?;
                    linker
                        .entity(provider, &[Kind::Provider], &path)
                        .and_then(EntityId::typed)
                })
                .collect()
        })
        .collect();
    let mut contradicts = Vec::new();
    let mut noted_by_publishers = Vec::new();
    for (j, link) in practice.contradicts.iter().enumerate() {
        let entry = [Field("practices"), At(i), Field("contradicts"), At(j)];
        let (statement_at, noted_at) = match link {
            ContradictionLink::Editorial(_) => (entry.to_vec(), None),
            ContradictionLink::Noted(_) => {
                let mut statement = entry.to_vec();
                statement.push(Field("statement"));
                let mut publisher = entry.to_vec();
                publisher.extend([Field("noted_by"), Field("publisher")]);
                (statement, Some(publisher))
            }
        };
        let statement = linker.statement(link.statement(), here, &statement_at, "contradicts");
        if let (Some(statement), Some(actor)) = (statement, actor)
            && let Some(speaker) = acting.speaker(statement)
            && !acting.acts_for(actor, speaker)
        {
            linker.contradiction_by_another_actor(link.statement(), &statement_at);
        }
        contradicts.push(statement);
        noted_by_publishers.push(match (link.noted_by(), noted_at) {
            (Some(source), Some(path)) => linker.publisher(source, &path),
            _ => None,
        });
    }
    PracticeLinks {
        actor,
        provider: practice
            .provider
            .as_ref()
            .and_then(|p| linker.entity(p, &[Kind::Provider], &at("provider")))
            .and_then(EntityId::typed),
        via: practice
            .via
            .as_ref()
            .and_then(|v| linker.entity(v, ORGANIZATION, &at("via"))),
        evidence_publishers,
        record_providers,
        contradicts,
        noted_by_publishers,
        refutes: practice
            .refutes
            .iter()
            .enumerate()
            .filter_map(|(j, statement)| {
                let path = [Field("practices"), At(i), Field("refutes"), At(j)];
                linker.statement(statement, here, &path, "refutes")
            })
            .collect(),
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

    /// A list of laws.
    fn laws(&mut self, field: &str, list: &[Reference]) -> Vec<Id<Law>> {
        let mut laws = Vec::new();
        for (i, law) in list.iter().enumerate() {
            let path = [Field(field), At(i)];
            if let Some(id) = self
                .entity(law, &[Kind::Law], &path)
                .and_then(EntityId::typed)
            {
                self.once(&mut laws, id, law, &path);
            }
        }
        laws
    }

    /// Adds `id` to `list` unless it is there already, in which case the
    /// mention at `path` (written `written`) is a warning: a list page would
    /// otherwise show the same dossier or provider twice.
    fn once<I: PartialEq>(
        &mut self,
        list: &mut Vec<I>,
        id: I,
        written: &dyn std::fmt::Display,
        path: &[Step<'_>],
    ) {
        if !list.contains(&id) {
            list.push(id);
            return;
        }
        let unresolved = Unresolved {
            code: Code::DuplicateReference,
            message: format!("`{written}` is listed twice here"),
            help: Some("remove this second mention".into()),
        };
        self.report(unresolved, path);
    }

    /// A `contradicts` or `refutes` entry (`field`): must name a statement.
    fn statement(
        &mut self,
        reference: &Reference,
        here: Id<Dossier>,
        path: &[Step<'_>],
        field: &str,
    ) -> Option<ItemId> {
        let item = self.item(reference, here, path)?;
        if item.kind == ItemKind::Statement {
            return Some(item);
        }
        let unresolved = Unresolved {
            code: Code::NotAStatement,
            message: format!("`{reference}` is a practice; `{field}` names statements"),
            help: Some(format!(
                "list the ids of statements (what was said) that this practice {field}"
            )),
        };
        self.report(unresolved, path);
        None
    }

    /// A statement or practice: `item-id` in dossier `here`, or `dossier#item-id`.
    fn item(
        &mut self,
        reference: &Reference,
        here: Id<Dossier>,
        path: &[Step<'_>],
    ) -> Option<ItemId> {
        match self.index.item(reference, Some(here)) {
            Ok(item) => {
                self.targets.push(Target::Item(item));
                Some(item)
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

    /// Warns that a practice's actor is not the contradicted statement's speaker,
    /// nor someone tied to them.
    fn contradiction_by_another_actor(&mut self, statement: &Reference, path: &[Step<'_>]) {
        let unresolved = Unresolved {
            code: Code::ContradictionByAnotherActor,
            message: format!(
                "`{statement}` was said by someone other than this practice's actor, or anyone tied to them"
            ),
            help: Some("a deed contradicts only its actor's own words: if it shows a claim false, list the statement under `refutes`; if an organization acted for the speaker, set `actor` to it and link it to the speaker (a person's `party` or `roles`, an organization's `parent`)".into()),
        };
        self.report(unresolved, path);
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
    fn wikilinks(&mut self, here: Option<Id<Dossier>>) -> Vec<Wikilink> {
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

/// Entities nothing references are probably orphans of a removed dossier.
fn unreferenced(wiki: &Wiki) -> Vec<Diagnostic> {
    wiki.entities()
        // Dossiers are what the wiki is for, and the pages about it are
        // linked from every page's footer or from /about/.
        .filter(|id| !matches!(id.kind, Kind::Dossier | Kind::About))
        .filter(|id| wiki.backlinks(*id).is_empty())
        .filter_map(|id| {
            let page = wiki.common(id);
            Some(
                Diagnostic::new(
                    Code::UnreferencedEntity,
                    format!(
                        "nothing references {} `{}`",
                        id.kind.with_article(),
                        page.slug
                    ),
                    Some(crate::diagnostic::Location::file(page.source_path?)),
                )
                .with_help("reference it from a dossier, or remove the file".to_string()),
            )
        })
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
        (
            Arc::into_inner(checked.wiki).expect("the only wiki"),
            checked.diagnostics,
        )
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
        let case: Id<Dossier> = Id::new(0);
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
            wiki.contradictions(),
            [Contradiction {
                statement: said,
                practice: done,
                days: 844
            }]
        );
        assert_eq!(wiki.contradicted_by(said), [done]);
        let (azure, cloud_act) = (Id::<Provider>::new(0), Id::<Law>::new(0));
        assert_eq!(wiki.practices_using(azure), [done]);
        assert_eq!(wiki.practices_exposed_to(cloud_act), [done]);
        assert_eq!(wiki.providers_subject_to(cloud_act), [azure]);
        let ms = Id::<Organization>::new(1).entity();
        assert_eq!(wiki.providers_operated_by(ms), [azure]);
        let jane = Id::<Person>::new(0).entity();
        assert_eq!(wiki.statements_by(jane).len(), 2);
        assert_eq!(wiki.practices_by(jane), [done]);
        // The other dossier is linked from the first one's body.
        let other = Id::<Dossier>::new(1);
        assert_eq!(wiki.backlinks(other.entity()), [case.entity()]);
        assert_eq!(wiki.dossiers_about(jane), [case]);
        // Acme: subject of `other`, contractor in `case`.
        let acme = Id::<Organization>::new(0).entity();
        assert_eq!(wiki.backlinks(acme).len(), 2);
        assert_eq!(wiki.dossiers_about(acme), [other]);
        assert_eq!(wiki.dossiers_in(Id::<Topic>::new(0)), [case]);
        assert_eq!(wiki.timeline().first(), Some(&said));
        assert_eq!(wiki.timeline().last(), Some(&done));
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
        assert_eq!(wiki.count(Kind::Dossier), 0);
    }
}
