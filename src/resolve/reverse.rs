//! What other files say of each page: the links of the wiki reversed
//! (backlinks, statements by speaker, practices by provider and by law, the
//! timeline, the contradiction pairs). Built once, from the linked pages, when
//! the [`Wiki`](super::Wiki) is made.

use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap as HashMap;

use super::{Contradiction, EntityId, Id, ItemId, ItemKind, Pages, ResponseId, Target};
use crate::front_matter::{Date, Dossier, Provider};

/// The indexes, read through `Wiki`'s methods. Keyed by ids, which are
/// small numbers: FxHash, where SipHash was most of building them.
#[derive(Debug, Default)]
pub(super) struct Reverse {
    pub backlinks: HashMap<EntityId, Vec<EntityId>>,
    pub contradicted_by: HashMap<ItemId, Vec<ItemId>>,
    pub refuted_by: HashMap<ItemId, Vec<ItemId>>,
    pub responses_to: HashMap<ItemId, Vec<ResponseId>>,
    pub responses_by_speaker: HashMap<EntityId, Vec<ResponseId>>,
    pub dossiers_by_topic: Vec<Vec<Id<Dossier>>>,
    pub timeline: Vec<ItemId>,
    pub contradictions: Vec<Contradiction>,
    pub statements_by_speaker: HashMap<EntityId, Vec<ItemId>>,
    pub practices_by_actor: HashMap<EntityId, Vec<ItemId>>,
    pub practices_by_provider: Vec<Vec<ItemId>>,
    pub practices_by_law: Vec<Vec<ItemId>>,
    pub providers_by_law: Vec<Vec<Id<Provider>>>,
    pub providers_by_operator: HashMap<EntityId, Vec<Id<Provider>>>,
    pub dossiers_by_subject: HashMap<EntityId, Vec<Id<Dossier>>>,
}

impl Reverse {
    /// Reverses the links of `pages`; `outgoing` is what each page links to.
    pub fn build(pages: &Pages, outgoing: Vec<(EntityId, Vec<Target>)>) -> Reverse {
        // Backlinks need nothing of the rest: built on the other core.
        let (backlinks, mut reverse) = rayon::join(
            || backlinks(outgoing),
            || {
                let mut reverse = Reverse::default();
                reverse.providers(pages);
                reverse.dossiers(pages);
                reverse
            },
        );
        reverse.backlinks = backlinks;
        reverse
    }

    fn providers(&mut self, pages: &Pages) {
        self.providers_by_law = vec![Vec::new(); pages.laws.len()];
        for (p, provider) in pages.providers.iter().enumerate() {
            let id = Id::new(p);
            for &law in &provider.links.subject_to {
                self.providers_by_law[law.index()].push(id);
            }
            if let Some(operator) = provider.links.operator {
                self.providers_by_operator
                    .entry(operator)
                    .or_default()
                    .push(id);
            }
        }
    }

    fn dossiers(&mut self, pages: &Pages) {
        self.practices_by_provider = vec![Vec::new(); pages.providers.len()];
        self.practices_by_law = vec![Vec::new(); pages.laws.len()];
        self.dossiers_by_topic = vec![Vec::new(); pages.topics.len()];
        let mut dated: Vec<(Date, &str, ItemId)> = Vec::new();
        // With the practice's date, to sort by it without looking it up.
        let mut contradictions: Vec<(Date, Contradiction)> = Vec::new();
        for (d, dossier) in pages.dossiers.iter().enumerate() {
            let id: Id<Dossier> = Id::new(d);
            if let Some(subject) = dossier.links.subject {
                self.dossiers_by_subject
                    .entry(subject)
                    .or_default()
                    .push(id);
            }
            for &topic in &dossier.links.topics {
                self.dossiers_by_topic[topic.index()].push(id);
            }
            let front = &dossier.front;
            for (i, (statement, links)) in front
                .statements
                .iter()
                .zip(&dossier.links.statements)
                .enumerate()
            {
                let item = ItemId {
                    dossier: id,
                    kind: ItemKind::Statement,
                    index: i,
                };
                dated.push((statement.date, &statement.id.0, item));
                if let Some(speaker) = links.speaker {
                    self.statements_by_speaker
                        .entry(speaker)
                        .or_default()
                        .push(item);
                }
            }
            for (i, (practice, links)) in front
                .practices
                .iter()
                .zip(&dossier.links.practices)
                .enumerate()
            {
                let item = ItemId {
                    dossier: id,
                    kind: ItemKind::Practice,
                    index: i,
                };
                dated.push((practice.date, &practice.id.0, item));
                if let Some(actor) = links.actor {
                    self.practices_by_actor.entry(actor).or_default().push(item);
                }
                if let Some(provider) = links.provider {
                    self.practices_by_provider[provider.index()].push(item);
                    for &law in &pages.providers[provider.index()].links.subject_to {
                        self.practices_by_law[law.index()].push(item);
                    }
                }
                for statement in links.contradicted() {
                    let said = &pages.dossiers[statement.dossier.index()].front.statements
                        [statement.index];
                    contradictions.push((
                        practice.date,
                        Contradiction {
                            statement,
                            practice: item,
                            days: said.date.days_until(&practice.date),
                        },
                    ));
                    self.contradicted_by
                        .entry(statement)
                        .or_default()
                        .push(item);
                }
                for &statement in &links.refutes {
                    self.refuted_by.entry(statement).or_default().push(item);
                }
            }
            for (index, links) in dossier.links.responses.iter().enumerate() {
                let response = ResponseId { dossier: id, index };
                if let Some(speaker) = links.speaker {
                    self.responses_by_speaker
                        .entry(speaker)
                        .or_default()
                        .push(response);
                }
                for &item in &links.replies_to {
                    let responses = self.responses_to.entry(item).or_default();
                    if !responses.contains(&response) {
                        responses.push(response);
                    }
                }
            }
        }
        // By date, then by dossier (ids follow the slugs' order), then by id.
        dated.par_sort_by(|a, b| (a.0, a.2.dossier, a.1).cmp(&(b.0, b.2.dossier, b.1)));
        self.timeline = dated.into_iter().map(|(_, _, item)| item).collect();
        contradictions.sort_unstable_by_key(|(date, c)| (*date, c.practice, c.statement));
        self.contradictions = contradictions.into_iter().map(|(_, c)| c).collect();
    }
}

/// For each page, the pages that link to it, in order, without repeats.
fn backlinks(outgoing: Vec<(EntityId, Vec<Target>)>) -> HashMap<EntityId, Vec<EntityId>> {
    let mut backlinks: HashMap<EntityId, Vec<EntityId>> = HashMap::default();
    for (source, targets) in outgoing {
        for target in targets {
            let page = match target {
                Target::Entity(id) => id,
                Target::Item(item) => item.dossier.entity(),
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
    backlinks
}
