//! The JSON export (`/data/wiki.json`): the whole wiki with its references
//! resolved, for machines.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::front_matter::{About, Dossier, Law, Organization, Person, Provider, Topic};
use crate::render::urls::{Urls, entity_path, item_anchor, slug};
use crate::render::views::title;
use crate::resolve::{EntityId, Id, ItemId, ItemKind, Kinded, Page, ResponseId, Wiki};

/// A resolved reference: kind, slug, name, path under the site and address.
fn reference(wiki: &Wiki, urls: &Urls, id: Option<EntityId>) -> Value {
    match id {
        Some(id) => {
            let path = entity_path(wiki, id);
            json!({ "kind": id.kind.folder(), "slug": slug(wiki, id), "name": title(wiki, id), "path": path, "url": urls.absolute(&path) })
        }
        None => Value::Null,
    }
}

fn references<I: Into<EntityId>>(
    wiki: &Wiki,
    urls: &Urls,
    ids: impl IntoIterator<Item = I>,
) -> Value {
    Value::Array(
        ids.into_iter()
            .map(|id| reference(wiki, urls, Some(id.into())))
            .collect(),
    )
}

fn item_reference(wiki: &Wiki, urls: &Urls, item: ItemId) -> Value {
    anchored_reference(wiki, urls, item.dossier, item_anchor(wiki, item))
}

/// A reference to what `anchor` names on the page of `dossier` (a statement,
/// practice or response): `{dossier, id, path, url}`.
fn anchored_reference(wiki: &Wiki, urls: &Urls, dossier: Id<Dossier>, anchor: &str) -> Value {
    let path = [&entity_path(wiki, dossier.entity()), "#", anchor].concat();
    json!({ "dossier": wiki[dossier].slug, "id": anchor, "path": path, "url": urls.absolute(&path) })
}

/// Resolved references to statements or practices.
fn item_references(wiki: &Wiki, urls: &Urls, items: &[ItemId]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|&item| item_reference(wiki, urls, item))
            .collect(),
    )
}

/// Resolved references to responses: `{dossier, id, path, url}`.
fn response_references(wiki: &Wiki, urls: &Urls, responses: &[ResponseId]) -> Value {
    Value::Array(
        responses
            .iter()
            .map(|&response| {
                let anchor = &wiki.response(response).0.id.0;
                anchored_reference(wiki, urls, response.dossier, anchor)
            })
            .collect(),
    )
}

/// One side (`shown`) of the contradiction between `practice` and
/// `statement`, with who made the link.
fn contradiction(
    wiki: &Wiki,
    urls: &Urls,
    practice: ItemId,
    statement: ItemId,
    shown: ItemId,
) -> Value {
    let mut value = item_reference(wiki, urls, shown);
    who_linked(wiki, urls, &mut value, practice, statement);
    value
}

/// Adds to `value` who set `practice` beside `statement`: `noted_by` (the
/// source, its publisher resolved) or `"editorial": true`.
fn who_linked(wiki: &Wiki, urls: &Urls, value: &mut Value, practice: ItemId, statement: ItemId) {
    match wiki.noted_by(practice, statement) {
        Some((source, publisher)) => {
            // A source is text, dates and addresses: it always serializes.
            let mut source = serde_json::to_value(source).unwrap_or(Value::Null);
            set(
                &mut source,
                "publisher_ref",
                reference(wiki, urls, publisher),
            );
            set(value, "noted_by", source);
        }
        None => set(value, "editorial", Value::Bool(true)),
    }
}

/// Sets `value[key]` when `value` is an object.
fn set(value: &mut Value, key: &str, new: Value) {
    if let Some(object) = value.as_object_mut() {
        object.insert(key.to_string(), new);
    }
}

/// The page fields every entry carries: slug, path, address and backlinks.
fn page_fields(wiki: &Wiki, urls: &Urls, value: &mut Value, id: EntityId, backlinks: &[EntityId]) {
    let path = entity_path(wiki, id);
    set(value, "slug", json!(slug(wiki, id)));
    set(value, "url", json!(urls.absolute(&path)));
    set(value, "path", json!(path));
    set(
        value,
        "backlinks",
        references(wiki, urls, backlinks.iter().copied()),
    );
}

/// Entries of the JSON export already serialized, by page path (`people/x/`),
/// for a rebuild to reuse: an entry shows nothing that its page does not, so
/// it is stale exactly when its page is.
pub type Entries = HashMap<String, Vec<u8>>;

/// The pages of one kind as a JSON array: each front matter with its page
/// fields, completed by `resolve_links` (given the entry, its page's id and
/// its page). Entries missing from `known` are serialized, in parallel, each
/// on its own, so that the whole wiki is never one tree in memory, and added to it.
fn entries<T>(
    wiki: &Wiki,
    urls: &Urls,
    known: &mut Entries,
    resolve_links: impl Fn(&mut Value, Id<T>, &Page<T, T::Links>) + Sync,
) -> Result<Vec<String>, serde_json::Error>
where
    T: Kinded + serde::Serialize + Send + Sync,
    T::Links: Sync,
{
    let pages: Vec<_> = wiki.all::<T>().collect();
    let paths: Vec<String> = pages
        .iter()
        .map(|(id, _)| entity_path(wiki, id.entity()))
        .collect();
    let new = pages
        .par_iter()
        .zip(&paths)
        .filter(|(_, path)| !known.contains_key(*path))
        .map(|(&(id, page), path)| {
            let mut value = serde_json::to_value(&page.front)?;
            let entity = id.entity();
            page_fields(wiki, urls, &mut value, entity, wiki.backlinks(entity));
            resolve_links(&mut value, id, page);
            Ok((path.clone(), serde_json::to_vec(&value)?))
        })
        .collect::<Result<Vec<_>, serde_json::Error>>()?;
    known.extend(new);
    Ok(paths)
}

/// The whole wiki as JSON (keys `site`, `dossiers`, `people`, `organizations`,
/// `providers`, `laws`, `topics`, `contradictions`): each entry is its front
/// matter with every reference replaced by `{kind, slug, name, path, url}`.
///
/// `known` holds entries serialized before; those missing are added.
/// The export comes in parts, to be written one after the other.
pub fn wiki_json<'k>(
    wiki: &Wiki,
    known: &'k mut Entries,
) -> Result<Vec<Cow<'k, [u8]>>, serde_json::Error> {
    let urls = Urls::new(wiki, Some(""));
    let urls = &urls;
    let dossiers = entries::<Dossier>(wiki, urls, known, |value, d, page| {
        set(value, "subject", reference(wiki, urls, page.links.subject));
        set(
            value,
            "topics",
            references(wiki, urls, page.links.topics.iter().copied()),
        );
        if let Some(statements) = value.get_mut("statements").and_then(Value::as_array_mut) {
            for ((statement, links), statement_id) in statements
                .iter_mut()
                .zip(&page.links.statements)
                .zip(wiki.statements_of(d))
            {
                set(statement, "speaker", reference(wiki, urls, links.speaker));
                if let Some(source) = statement.get_mut("source") {
                    set(
                        source,
                        "publisher_ref",
                        reference(wiki, urls, links.publisher),
                    );
                }
                if let Some(source) = statement.get_mut("verdict_source") {
                    set(
                        source,
                        "publisher_ref",
                        reference(wiki, urls, links.verdict_publisher),
                    );
                }
                let contradicted_by = wiki
                    .contradicted_by(statement_id)
                    .iter()
                    .map(|&practice| contradiction(wiki, urls, practice, statement_id, practice))
                    .collect();
                set(statement, "contradicted_by", Value::Array(contradicted_by));
                set(
                    statement,
                    "refuted_by",
                    item_references(wiki, urls, wiki.refuted_by(statement_id)),
                );
                set(
                    statement,
                    "responses",
                    response_references(wiki, urls, wiki.responses_to(statement_id)),
                );
            }
        }
        if let Some(responses) = value.get_mut("responses").and_then(Value::as_array_mut) {
            for (response, links) in responses.iter_mut().zip(&page.links.responses) {
                set(response, "speaker", reference(wiki, urls, links.speaker));
                set(
                    response,
                    "replies_to",
                    item_references(wiki, urls, &links.replies_to),
                );
                if let Some(source) = response.get_mut("source") {
                    set(
                        source,
                        "publisher_ref",
                        reference(wiki, urls, links.publisher),
                    );
                }
            }
        }
        if let Some(practices) = value.get_mut("practices").and_then(Value::as_array_mut) {
            for ((practice, links), practice_id) in
                practices.iter_mut().zip(&page.links.practices).zip(
                    wiki.items_of(d)
                        .filter(|item| item.kind == ItemKind::Practice),
                )
            {
                set(practice, "actor", reference(wiki, urls, links.actor));
                set(
                    practice,
                    "provider",
                    reference(wiki, urls, links.provider.map(Id::entity)),
                );
                set(practice, "via", reference(wiki, urls, links.via));
                let contradicts = links
                    .contradicted()
                    .map(|statement| contradiction(wiki, urls, practice_id, statement, statement))
                    .collect();
                set(practice, "contradicts", Value::Array(contradicts));
                set(
                    practice,
                    "refutes",
                    item_references(wiki, urls, &links.refutes),
                );
                set(
                    practice,
                    "responses",
                    response_references(wiki, urls, wiki.responses_to(practice_id)),
                );
                if let Some(evidence) = practice.get_mut("evidence").and_then(Value::as_array_mut) {
                    for (item, publisher) in evidence.iter_mut().zip(&links.evidence_publishers) {
                        if let Some(source) = item.get_mut("source").filter(|s| s.is_object()) {
                            set(source, "publisher_ref", reference(wiki, urls, *publisher));
                        }
                    }
                }
            }
        }
    })?;
    let people = entries::<Person>(wiki, urls, known, |value, _, page| {
        set(value, "party", reference(wiki, urls, page.links.party));
        if let Some(roles) = value.get_mut("roles").and_then(Value::as_array_mut) {
            for (role, organization) in roles.iter_mut().zip(&page.links.role_organizations) {
                set(role, "organization", reference(wiki, urls, *organization));
            }
        }
    })?;
    let organizations = entries::<Organization>(wiki, urls, known, |value, _, page| {
        set(value, "parent", reference(wiki, urls, page.links.parent));
    })?;
    let providers = entries::<Provider>(wiki, urls, known, |value, provider, page| {
        let laws = |list: &[Id<Law>]| references(wiki, urls, list.iter().copied());
        set(
            value,
            "operator",
            reference(wiki, urls, page.links.operator),
        );
        set(value, "subject_to", laws(&page.links.subject_to));
        set(value, "certifications", laws(&page.links.certifications));
        set(
            value,
            "practices",
            item_references(wiki, urls, wiki.practices_using(provider)),
        );
    })?;
    let laws = entries::<Law>(wiki, urls, known, |value, law, _| {
        set(
            value,
            "providers",
            references(wiki, urls, wiki.providers_subject_to(law).iter().copied()),
        );
        set(
            value,
            "practices",
            item_references(wiki, urls, wiki.practices_exposed_to(law)),
        );
    })?;
    let topics = entries::<Topic>(wiki, urls, known, |value, topic, _| {
        set(value, "name", json!(title(wiki, topic.entity())));
        set(
            value,
            "dossiers",
            references(wiki, urls, wiki.dossiers_in(topic).iter().copied()),
        );
    })?;
    let about = entries::<About>(wiki, urls, known, |_, _, _| {})?;

    let contradictions = wiki
        .contradictions()
        .par_iter()
        .map(|c| {
            let mut value = json!({ "statement": item_reference(wiki, urls, c.statement), "practice": item_reference(wiki, urls, c.practice), "days": c.days });
            who_linked(wiki, urls, &mut value, c.practice, c.statement);
            serde_json::to_vec(&value)
        })
        .collect::<Result<Vec<_>, _>>()?;

    // One object, key by key, from the parts as they are: the file grows with
    // the wiki, and copying it into one buffer showed at 10,000 dossiers.
    // Compact, since a pretty one was half whitespace.
    let known: &'k Entries = known;
    let mut parts: Vec<Cow<'k, [u8]>> = Vec::new();
    parts.push(Cow::Borrowed(b"{\"site\":"));
    parts.push(Cow::Owned(serde_json::to_vec(&wiki.site())?));
    let lists: [(&str, Vec<Cow<'k, [u8]>>); 8] = [
        ("dossiers", borrowed(known, &dossiers)),
        ("people", borrowed(known, &people)),
        ("organizations", borrowed(known, &organizations)),
        ("providers", borrowed(known, &providers)),
        ("laws", borrowed(known, &laws)),
        ("topics", borrowed(known, &topics)),
        ("about", borrowed(known, &about)),
        (
            "contradictions",
            contradictions.into_iter().map(Cow::Owned).collect(),
        ),
    ];
    for (key, values) in lists {
        parts.push(Cow::Owned(format!(",\"{key}\":[").into_bytes()));
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                parts.push(Cow::Borrowed(b","));
            }
            parts.push(value);
        }
        parts.push(Cow::Borrowed(b"]"));
    }
    parts.push(Cow::Borrowed(b"}"));
    Ok(parts)
}

/// The entries of `paths`, in order, as they are in `known`.
fn borrowed<'k>(known: &'k Entries, paths: &[String]) -> Vec<Cow<'k, [u8]>> {
    paths
        .iter()
        .filter_map(|path| known.get(path).map(|entry| Cow::Borrowed(entry.as_slice())))
        .collect()
}
