//! The JSON export (`/data/wiki.json`): the whole wiki with its references
//! resolved, for machines.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::kind::Kind;
use crate::render::urls::{Urls, entity_path, item_anchor, slug};
use crate::render::views::title;
use crate::resolve::{EntityId, ItemId, Page, Wiki};

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

fn references(wiki: &Wiki, urls: &Urls, ids: impl IntoIterator<Item = EntityId>) -> Value {
    Value::Array(
        ids.into_iter()
            .map(|id| reference(wiki, urls, Some(id)))
            .collect(),
    )
}

fn item_reference(wiki: &Wiki, urls: &Urls, item: ItemId) -> Value {
    let dossier = EntityId {
        kind: Kind::Dossier,
        index: item.dossier,
    };
    let path = [&entity_path(wiki, dossier), "#", item_anchor(wiki, item)].concat();
    json!({ "dossier": wiki.dossiers[item.dossier].slug, "id": item_anchor(wiki, item), "path": path, "url": urls.absolute(&path) })
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
/// fields, completed by `resolve_links` (given the entry, its index and its
/// page). Entries missing from `known` are serialized, in parallel, each on
/// its own, so that the whole wiki is never one tree in memory, and added to it.
fn entries<T: serde::Serialize + Send + Sync, L: Sync>(
    wiki: &Wiki,
    urls: &Urls,
    pages: &[Page<T, L>],
    kind: Kind,
    known: &mut Entries,
    resolve_links: impl Fn(&mut Value, usize, &Page<T, L>) + Sync,
) -> Result<Vec<String>, serde_json::Error> {
    let paths: Vec<String> = (0..pages.len())
        .map(|index| entity_path(wiki, EntityId { kind, index }))
        .collect();
    let new = pages
        .par_iter()
        .zip(&paths)
        .enumerate()
        .filter(|(_, (_, path))| !known.contains_key(*path))
        .map(|(index, (page, path))| {
            let mut value = serde_json::to_value(&page.front)?;
            page_fields(
                wiki,
                urls,
                &mut value,
                EntityId { kind, index },
                wiki.backlinks(EntityId { kind, index }),
            );
            resolve_links(&mut value, index, page);
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
    let id = |kind, index| EntityId { kind, index };

    let dossiers = entries(
        wiki,
        urls,
        &wiki.dossiers,
        Kind::Dossier,
        known,
        |value, d, page| {
            set(value, "subject", reference(wiki, urls, page.links.subject));
            set(
                value,
                "topics",
                references(
                    wiki,
                    urls,
                    page.links.topics.iter().map(|&t| id(Kind::Topic, t)),
                ),
            );
            if let Some(statements) = value.get_mut("statements").and_then(Value::as_array_mut) {
                for (i, (statement, links)) in statements
                    .iter_mut()
                    .zip(&page.links.statements)
                    .enumerate()
                {
                    let statement_id = ItemId {
                        dossier: d,
                        kind: crate::resolve::ItemKind::Statement,
                        index: i,
                    };
                    set(statement, "speaker", reference(wiki, urls, links.speaker));
                    if let Some(source) = statement.get_mut("source") {
                        set(
                            source,
                            "publisher_ref",
                            reference(wiki, urls, links.publisher),
                        );
                    }
                    set(
                        statement,
                        "contradicted_by",
                        item_references(wiki, urls, wiki.contradicted_by(statement_id)),
                    );
                }
            }
            if let Some(practices) = value.get_mut("practices").and_then(Value::as_array_mut) {
                for (practice, links) in practices.iter_mut().zip(&page.links.practices) {
                    set(practice, "actor", reference(wiki, urls, links.actor));
                    set(
                        practice,
                        "provider",
                        reference(wiki, urls, links.provider.map(|p| id(Kind::Provider, p))),
                    );
                    set(practice, "via", reference(wiki, urls, links.via));
                    set(
                        practice,
                        "contradicts",
                        item_references(wiki, urls, &links.contradicts),
                    );
                    if let Some(evidence) =
                        practice.get_mut("evidence").and_then(Value::as_array_mut)
                    {
                        for (item, publisher) in evidence.iter_mut().zip(&links.evidence_publishers)
                        {
                            if let Some(source) = item.get_mut("source").filter(|s| s.is_object()) {
                                set(source, "publisher_ref", reference(wiki, urls, *publisher));
                            }
                        }
                    }
                }
            }
        },
    )?;
    let people = entries(
        wiki,
        urls,
        &wiki.people,
        Kind::Person,
        known,
        |value, _, page| {
            set(value, "party", reference(wiki, urls, page.links.party));
            if let Some(roles) = value.get_mut("roles").and_then(Value::as_array_mut) {
                for (role, organization) in roles.iter_mut().zip(&page.links.role_organizations) {
                    set(role, "organization", reference(wiki, urls, *organization));
                }
            }
        },
    )?;
    let organizations = entries(
        wiki,
        urls,
        &wiki.organizations,
        Kind::Organization,
        known,
        |value, _, page| {
            set(value, "parent", reference(wiki, urls, page.links.parent));
        },
    )?;
    let providers = entries(
        wiki,
        urls,
        &wiki.providers,
        Kind::Provider,
        known,
        |value, i, page| {
            let laws =
                |list: &[usize]| references(wiki, urls, list.iter().map(|&l| id(Kind::Law, l)));
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
                item_references(wiki, urls, &wiki.practices_by_provider[i]),
            );
        },
    )?;
    let laws = entries(wiki, urls, &wiki.laws, Kind::Law, known, |value, i, _| {
        set(
            value,
            "providers",
            references(
                wiki,
                urls,
                wiki.providers_by_law[i]
                    .iter()
                    .map(|&p| id(Kind::Provider, p)),
            ),
        );
        set(
            value,
            "practices",
            item_references(wiki, urls, &wiki.practices_by_law[i]),
        );
    })?;
    let topics = entries(
        wiki,
        urls,
        &wiki.topics,
        Kind::Topic,
        known,
        |value, i, _| {
            set(value, "name", json!(title(wiki, id(Kind::Topic, i))));
            set(
                value,
                "dossiers",
                references(
                    wiki,
                    urls,
                    wiki.dossiers_by_topic[i]
                        .iter()
                        .map(|&d| id(Kind::Dossier, d)),
                ),
            );
        },
    )?;

    let contradictions = wiki
        .contradictions
        .par_iter()
        .map(|c| serde_json::to_vec(&json!({ "statement": item_reference(wiki, urls, c.statement), "practice": item_reference(wiki, urls, c.practice), "days": c.days })))
        .collect::<Result<Vec<_>, _>>()?;

    // One object, key by key, from the parts as they are: the file grows with
    // the wiki, and copying it into one buffer showed at 10,000 dossiers.
    // Compact, since a pretty one was half whitespace.
    let known: &'k Entries = known;
    let mut parts: Vec<Cow<'k, [u8]>> = Vec::new();
    parts.push(Cow::Borrowed(b"{\"site\":"));
    parts.push(Cow::Owned(serde_json::to_vec(&wiki.site)?));
    let lists: [(&str, Vec<Cow<'k, [u8]>>); 7] = [
        ("dossiers", borrowed(known, &dossiers)),
        ("people", borrowed(known, &people)),
        ("organizations", borrowed(known, &organizations)),
        ("providers", borrowed(known, &providers)),
        ("laws", borrowed(known, &laws)),
        ("topics", borrowed(known, &topics)),
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
