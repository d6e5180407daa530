//! The page of a person, organization, provider, law or topic
//! (`/people/x/`, `/organizations/x/`, `/providers/x/`, `/laws/x/`,
//! `/topics/x/`): its facts, its text, and the long lists that other files
//! make (statements and practices, dossiers about it, practices that use a
//! provider or are exposed to a law), split over pages
//! (`/people/x/page/2/`) when longer than `per_page`.

use rayon::prelude::*;
use serde::Serialize;

use super::pager::{self, Pager, Position};
use super::{Heading, PagePath, entity_kinds, page_title};
use crate::front_matter::{About, Dossier, Law, Organization, Person, Provider};
use crate::render::shape::Shape;
use crate::render::urls::entity_path;
use crate::render::views::{self, BriefView, DateView, DossierCard, Link, Listed, Views};
use crate::resolve::{EntityId, Id, ItemId, Kinded, ResponseId, Wiki};

/// One page of an entity.
pub struct Entity {
    id: EntityId,
    position: Position,
    /// This page's window of the entity's lists.
    lists: Lists,
    /// The pages that link to it, but for the dossiers its lists show
    /// (on the first page; none on the others).
    backlinks: Vec<EntityId>,
    /// Whether its lists show some of the pages that link to it.
    links_listed: bool,
    /// The providers that an organization operates, or that a law reaches
    /// (on the first page; none on the others).
    providers: Vec<Id<Provider>>,
}

/// The long lists of an entity's page, sorted as shown (items by date,
/// dossiers newest first), or one page's window of them.
#[derive(Debug, Clone, Default)]
struct Lists {
    statements: Vec<Listed>,
    practices: Vec<Listed>,
    responses: Vec<ResponseId>,
    about: Vec<Id<Dossier>>,
    topic_dossiers: Vec<Id<Dossier>>,
    uses: Vec<Listed>,
    exposed: Vec<Listed>,
}

impl Lists {
    fn of(wiki: &Wiki, id: EntityId) -> Lists {
        let items = |list: &[ItemId]| views::listed_by_date(wiki, list);
        let newest = |list: &[Id<Dossier>]| views::newest_first(wiki, list);
        Lists {
            statements: items(wiki.statements_by(id)),
            practices: items(wiki.practices_by(id)),
            responses: by_date(wiki, wiki.responses_by(id)),
            about: newest(wiki.dossiers_about(id)),
            topic_dossiers: newest(id.typed().map_or(&[], |topic| wiki.dossiers_in(topic))),
            uses: items(id.typed().map_or(&[], |p| wiki.practices_using(p))),
            exposed: items(id.typed().map_or(&[], |law| wiki.practices_exposed_to(law))),
        }
    }

    /// How many entries the longest list has.
    fn longest(&self) -> usize {
        let Lists {
            statements,
            practices,
            responses,
            about,
            topic_dossiers,
            uses,
            exposed,
        } = self;
        [
            statements.len(),
            practices.len(),
            responses.len(),
            about.len(),
            topic_dossiers.len(),
            uses.len(),
            exposed.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }

    /// The dossiers that the lists show, themselves or by an item, on any
    /// of the entity's pages.
    fn dossiers_shown(&self) -> std::collections::HashSet<Id<Dossier>> {
        let items = [&self.statements, &self.practices, &self.uses, &self.exposed];
        let of_items = items
            .into_iter()
            .flatten()
            .map(|listed| listed.item.dossier);
        let of_responses = self.responses.iter().map(|response| response.dossier);
        (self.about.iter().chain(&self.topic_dossiers).copied())
            .chain(of_items)
            .chain(of_responses)
            .collect()
    }

    /// The entries in `range` of every list.
    fn window(&self, range: std::ops::Range<usize>) -> Lists {
        fn cut<T: Clone>(list: &[T], range: &std::ops::Range<usize>) -> Vec<T> {
            let end = range.end.min(list.len());
            list.get(range.start.min(end)..end)
                .unwrap_or_default()
                .to_vec()
        }
        Lists {
            statements: cut(&self.statements, &range),
            practices: cut(&self.practices, &range),
            responses: cut(&self.responses, &range),
            about: cut(&self.about, &range),
            topic_dossiers: cut(&self.topic_dossiers, &range),
            uses: cut(&self.uses, &range),
            exposed: cut(&self.exposed, &range),
        }
    }
}

/// What `entity.html` sees.
#[derive(Serialize)]
pub struct EntityPageView {
    entity: EntityView,
    /// Facts from the front matter, first page only.
    facts: Vec<Fact>,
    /// A person's roles, first page only.
    roles: Vec<RoleView>,
    statements: Vec<BriefView>,
    practices: Vec<BriefView>,
    /// What it answered in dossiers.
    responses: Vec<BriefView>,
    /// Dossiers about it.
    about: Vec<DossierCard>,
    /// A topic's dossiers.
    topic_dossiers: Vec<DossierCard>,
    /// Practices that use a provider.
    uses: Vec<BriefView>,
    /// Practices exposed to a law.
    exposed: Vec<BriefView>,
    pager: Pager,
}

/// The entity's own fields: `entity` in the template.
#[derive(Serialize)]
struct EntityView {
    /// `people`, `providers`, ...
    kind: &'static str,
    /// The kind in the theme's words.
    kind_label: String,
    title: String,
    /// Its text, as HTML, first page only.
    body: String,
    /// What links here, but for the dossiers that its lists show, first
    /// page only.
    backlinks: Vec<Link>,
    /// Whether the lists show some of what links here: with nothing else
    /// linking here, the page does not say that nothing does.
    links_listed: bool,
    source_path: Option<String>,
}

/// A labelled fact: `{label, text}`, `{label, link}` or `{label, links}`.
#[derive(Serialize)]
struct Fact {
    label: String,
    #[serde(flatten)]
    value: FactValue,
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum FactValue {
    Text(String),
    Link(Link),
    Links(Vec<Link>),
}

/// A role of a person.
#[derive(Serialize)]
struct RoleView {
    title: String,
    organization: Option<Link>,
    from: Option<DateView>,
    until: Option<DateView>,
}

/// Every page of every entity that is not a dossier, planned on every core,
/// in order.
pub fn plan(wiki: &Wiki, per_page: usize) -> impl ParallelIterator<Item = (PagePath, Entity)> + '_ {
    let ids: Vec<EntityId> = entity_kinds()
        .flat_map(|kind| wiki.entities_of(kind))
        .collect();
    ids.into_par_iter().flat_map_iter(move |id| {
        let all = Lists::of(wiki, id);
        let base = entity_path(wiki, id);
        let providers = match id.typed::<Law>() {
            Some(law) => wiki.providers_subject_to(law),
            None => wiki.providers_operated_by(id),
        }
        .to_vec();
        // What links here, less the dossiers the lists already show: a
        // topic's page listed every dossier of the topic twice.
        let linking = wiki.backlinks(id);
        let shown = all.dossiers_shown();
        let backlinks: Vec<EntityId> = linking
            .iter()
            .copied()
            .filter(|page| page.typed::<Dossier>().is_none_or(|d| !shown.contains(&d)))
            .collect();
        let links_listed = backlinks.len() < linking.len();
        let mut first = Some((backlinks, providers));
        pager::split(&base, all.longest(), per_page)
            .map(|(path, position, range)| {
                // The facts and what links here are on the first page only:
                // a law's 400 pages at 100,000 dossiers each linked its
                // thousands of providers again, for the template to drop.
                let (backlinks, providers) = first.take().unwrap_or_default();
                let page = Entity {
                    id,
                    position,
                    lists: all.window(range),
                    backlinks,
                    links_listed,
                    providers,
                };
                (path, page)
            })
            .collect::<Vec<_>>()
    })
}

impl Entity {
    /// The entity.
    pub fn id(&self) -> EntityId {
        self.id
    }

    pub fn shape<'w>(&self, shape: Shape<'w>) -> Shape<'w> {
        let Entity {
            id,
            position: Position { number, pages },
            lists:
                Lists {
                    statements,
                    practices,
                    responses,
                    about,
                    topic_dossiers,
                    uses,
                    exposed,
                },
            backlinks,
            links_listed: _,
            providers,
        } = self;
        shape
            .entity(*id)
            .number(*number)
            .number(*pages)
            .entities(backlinks.iter().copied())
            .listed(statements)
            .listed(practices)
            .responses(responses)
            .dossiers(about)
            .dossiers(topic_dossiers)
            .listed(uses)
            .listed(exposed)
            .entities(providers.iter().map(|provider| provider.entity()))
    }

    pub fn view(&self, views: &Views<'_>) -> Result<(Heading, EntityPageView), super::Error> {
        let id = self.id;
        let base = views.path(id);
        // On its own page an entity is not named again beside each item.
        let own = views.link(id).url;
        let briefs = |items: &[Listed]| -> Vec<_> {
            items
                .iter()
                .map(|&i| views.brief(i).seen_from(&own))
                .collect()
        };
        let cards = |dossiers: &[Id<Dossier>]| -> Vec<_> {
            let card = |&d| views.dossier_card(d).seen_from(&own);
            dossiers.iter().map(card).collect()
        };
        let common = views.common(id);
        let name = views.title(id);
        let kind_label = views.theme.label("kind", id.kind.folder());
        // The entity's own text and facts are on its first page only.
        let first = self.position.number == 1;
        let (facts, roles) = match first {
            true => self.facts(views),
            false => Default::default(),
        };
        let view = EntityPageView {
            entity: EntityView {
                kind: id.kind.folder(),
                kind_label: kind_label.clone(),
                title: name.clone(),
                body: match first {
                    true => views.body(common.body, common.wikilinks)?,
                    false => String::new(),
                },
                backlinks: views.links(&self.backlinks),
                links_listed: self.links_listed,
                source_path: common.source_path.map(str::to_string),
            },
            facts,
            roles,
            statements: briefs(&self.lists.statements),
            practices: briefs(&self.lists.practices),
            responses: self
                .lists
                .responses
                .iter()
                .map(|&r| views.response_brief(r).seen_from(&own))
                .collect(),
            about: cards(&self.lists.about),
            topic_dossiers: cards(&self.lists.topic_dossiers),
            // Nor a provider beside each practice that uses it.
            uses: briefs(&self.lists.uses)
                .into_iter()
                .map(|brief| BriefView {
                    provider: None,
                    ..brief
                })
                .collect(),
            exposed: briefs(&self.lists.exposed),
            pager: self.position.pager(&base, &views.urls),
        };
        let heading = Heading {
            title: page_title(views.theme, &name, self.position.number),
            description: Some(self.description(views, &kind_label, &name)),
            og_type: "website",
            section: id.kind.folder(),
        };
        Ok((heading, view))
    }

    /// The meta description: a page about the wiki's own, else its kind and name.
    fn description(&self, views: &Views<'_>, kind_label: &str, name: &str) -> String {
        let own = self.id.typed::<About>();
        own.and_then(|about| views.page(about).front.description.clone())
            .unwrap_or_else(|| {
                let pattern = views.theme.text("entity_description");
                pattern
                    .replace("{kind}", kind_label)
                    .replace("{name}", name)
            })
    }

    /// The facts of the entity's front matter, in the order shown, and a
    /// person's roles.
    fn facts(&self, views: &Views<'_>) -> (Vec<Fact>, Vec<RoleView>) {
        let mut facts = Vec::new();
        let mut fact = |key: &str, value: Option<FactValue>| {
            let empty = matches!(&value, Some(FactValue::Links(links)) if links.is_empty());
            if let (Some(value), false) = (value, empty) {
                facts.push(Fact {
                    label: views.theme.label("field", key),
                    value,
                });
            }
        };
        let link = |id: Option<EntityId>| id.map(|id| FactValue::Link(views.link(id)));
        let links = |ids: Vec<EntityId>| Some(FactValue::Links(views.links(&ids)));
        let text = |text: Option<String>| text.map(FactValue::Text);
        let external = |url: Option<&str>| {
            url.map(|u| {
                FactValue::Link(Link {
                    url: u.to_string(),
                    title: u.to_string(),
                })
            })
        };
        let wikidata = |id: Option<&crate::front_matter::WikidataId>| {
            external(
                id.map(|w| format!("https://www.wikidata.org/wiki/{w}"))
                    .as_deref(),
            )
        };
        let country = |code: Option<&crate::front_matter::CountryCode>| {
            text(code.map(|c| views.country(&c.0)))
        };
        let mut roles = Vec::new();
        let id = self.id;
        if let Some(person) = id.typed::<Person>() {
            let page = views.page(person);
            let aliases = &page.front.aliases;
            fact(
                "aliases",
                text((!aliases.is_empty()).then(|| aliases.join(", "))),
            );
            fact("party", link(page.links.party));
            roles = page
                .front
                .roles
                .iter()
                .zip(&page.links.role_organizations)
                .map(|(role, organization)| RoleView {
                    title: role.title.clone(),
                    organization: organization.map(|o| views.link(o)),
                    from: role.from.as_ref().map(|d| views.date(d)),
                    until: role.until.as_ref().map(|d| views.date(d)),
                })
                .collect();
            fact("wikidata", wikidata(page.front.wikidata.as_ref()));
            fact(
                "website",
                external(page.front.website.as_ref().map(|w| &*w.0)),
            );
        } else if let Some(organization) = id.typed::<Organization>() {
            let page = views.page(organization);
            let kind = page.front.kind.map(|k| k.as_str());
            fact(
                "kind",
                text(kind.map(|k| views.theme.label("organization_kind", k))),
            );
            fact("country", country(page.front.country.as_ref()));
            fact("parent", link(page.links.parent));
            fact("wikidata", wikidata(page.front.wikidata.as_ref()));
            fact(
                "website",
                external(page.front.website.as_ref().map(|w| &*w.0)),
            );
            fact("operates", links(entities(&self.providers)));
        } else if let Some(provider) = id.typed::<Provider>() {
            let page = views.page(provider);
            let category = page.front.category.map(|c| c.as_str());
            fact(
                "category",
                text(category.map(|c| views.theme.label("provider_category", c))),
            );
            fact("operator", link(page.links.operator));
            fact("headquarters", country(page.front.headquarters.as_ref()));
            fact("subject_to", links(entities(&page.links.subject_to)));
            fact(
                "certifications",
                links(entities(&page.links.certifications)),
            );
            fact(
                "website",
                external(page.front.website.as_ref().map(|w| &*w.0)),
            );
        } else if let Some(law) = id.typed::<Law>() {
            let page = views.page(law);
            fact("jurisdiction", country(page.front.jurisdiction.as_ref()));
            fact(
                "enacted",
                text(page.front.enacted.as_ref().map(|d| views.date(d).text)),
            );
            fact("text", external(page.front.url.as_ref().map(|u| &*u.0)));
            fact("providers", links(entities(&self.providers)));
        }
        (facts, roles)
    }
}

/// Pages of one kind as pages of any kind.
fn entities<T: Kinded>(ids: &[Id<T>]) -> Vec<EntityId> {
    ids.iter().map(|id| id.entity()).collect()
}

/// Responses by date (then by dossier and position).
fn by_date(wiki: &Wiki, responses: &[ResponseId]) -> Vec<ResponseId> {
    let mut sorted = responses.to_vec();
    sorted.sort_by_key(|&response| (wiki.response(response).0.date, response));
    sorted
}
