//! Who acts for whom: what decides whether a practice can contradict a
//! statement (content model 7.6). A deed contradicts the words of its own
//! actor, or of someone the actor is tied to: a person's party or the
//! organizations of their roles, an organization's parent. Read from the
//! validated files before dossiers are linked, quietly: the references here
//! are reported, when wrong, where each file is linked.

use std::collections::HashMap;

use rayon::prelude::*;

use super::index::Index;
use super::{EntityId, Id, ItemId, ItemKind};
use crate::front_matter::{Dossier, Organization, Person};
use crate::kind::Kind;
use crate::validate::Document;

const ACTOR: &[Kind] = &[Kind::Person, Kind::Organization];
const ORGANIZATION: &[Kind] = &[Kind::Organization];

/// Each statement's speaker, and the ties between people and organizations.
pub(super) struct Acting {
    /// Per dossier, per statement, its speaker.
    speakers: Vec<Vec<Option<EntityId>>>,
    /// For each person, their party and role organizations; for each
    /// organization, its parent.
    ties: HashMap<EntityId, Vec<EntityId>>,
}

impl Acting {
    pub fn new(
        index: &Index,
        dossiers: &[Document<Dossier>],
        people: &[Document<Person>],
        organizations: &[Document<Organization>],
    ) -> Acting {
        let speakers = dossiers
            .par_iter()
            .map(|dossier| {
                let subject = index.entity(&dossier.front.subject, ACTOR).ok();
                let front = &dossier.front;
                front
                    .statements
                    .iter()
                    .map(|statement| match &statement.speaker {
                        Some(speaker) => index.entity(speaker, ACTOR).ok(),
                        None => subject,
                    })
                    .collect()
            })
            .collect();
        let mut ties: HashMap<EntityId, Vec<EntityId>> = HashMap::new();
        for (i, person) in people.iter().enumerate() {
            let id = Id::<Person>::new(i).entity();
            let front = &person.front;
            let organizations = front
                .party
                .iter()
                .chain(
                    front
                        .roles
                        .iter()
                        .filter_map(|role| role.organization.as_ref()),
                )
                .filter_map(|reference| index.entity(reference, ORGANIZATION).ok());
            ties.entry(id).or_default().extend(organizations);
        }
        for (i, organization) in organizations.iter().enumerate() {
            let id = Id::<Organization>::new(i).entity();
            if let Some(parent) = &organization.front.parent
                && let Ok(parent) = index.entity(parent, ORGANIZATION)
            {
                ties.entry(id).or_default().push(parent);
            }
        }
        Acting { speakers, ties }
    }

    /// Who made a statement, when known.
    pub fn speaker(&self, statement: ItemId) -> Option<EntityId> {
        debug_assert_eq!(statement.kind, ItemKind::Statement);
        *self
            .speakers
            .get(statement.dossier.index())?
            .get(statement.index)?
    }

    /// Whether `actor`'s deeds count as `speaker`'s: the same, or tied
    /// either way (a person and their party, a campaign and its parent).
    pub fn acts_for(&self, actor: EntityId, speaker: EntityId) -> bool {
        let tied =
            |from: EntityId, to: EntityId| self.ties.get(&from).is_some_and(|t| t.contains(&to));
        actor == speaker || tied(speaker, actor) || tied(actor, speaker)
    }
}
