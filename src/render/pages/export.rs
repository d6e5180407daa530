//! The JSON export (`/data/wiki.json`): the whole wiki with its references
//! resolved, for machines.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::front_matter::{About, Dossier, Law, Organization, Person, Provider, Topic};
use crate::render::urls::{entity_path, item_anchor, slug};
use crate::render::views::title;
use crate::resolve::{EntityId, Id, ItemId, ItemKind, Kinded, Page, Wiki};

/// The version of the export's format, its `version` key. Version 2 made
/// references `kind/slug` strings with one `entities` table, and left out
/// fields without a value: the same wiki in a fifth of the bytes. Version 3
/// resolves a source's `publisher` in place (no `publisher_ref` beside the
/// slug it repeats) and reduces `entities` to names, since an address is
/// `base_url` followed by the reference and `/`.
const VERSION: u32 = 3;

/// A reference to a page: `kind/slug` (`people/jean-dupont`), the key of the
/// export's `entities` table.
fn reference(wiki: &Wiki, id: Option<EntityId>) -> Value {
    match id {
        Some(id) => Value::String(page_reference(wiki, id)),
        None => Value::Null,
    }
}

fn page_reference(wiki: &Wiki, id: EntityId) -> String {
    let mut path = entity_path(wiki, id);
    path.pop(); // its closing `/`
    path
}

fn references<I: Into<EntityId>>(wiki: &Wiki, ids: impl IntoIterator<Item = I>) -> Value {
    Value::Array(
        ids.into_iter()
            .map(|id| reference(wiki, Some(id.into())))
            .collect(),
    )
}

fn item_reference(wiki: &Wiki, item: ItemId) -> Value {
    anchored_reference(wiki, item.dossier, item_anchor(wiki, item))
}

/// A reference to what `anchor` names on the page of `dossier` (a statement,
/// practice or response): `dossiers/<slug>#<id>`.
fn anchored_reference(wiki: &Wiki, dossier: Id<Dossier>, anchor: &str) -> Value {
    Value::String([&page_reference(wiki, dossier.entity()), "#", anchor].concat())
}

/// References to statements or practices.
fn item_references(wiki: &Wiki, items: &[ItemId]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|&item| item_reference(wiki, item))
            .collect(),
    )
}

/// A statement that `practice` contradicts, in the front matter's shape:
/// its reference when the editors made the link, else `{statement, noted_by}`.
fn contradicted(wiki: &Wiki, practice: ItemId, statement: ItemId) -> Value {
    let reference = item_reference(wiki, statement);
    match noted_by(wiki, practice, statement) {
        Some(source) => json!({ "statement": reference, "noted_by": source }),
        None => reference,
    }
}

/// Adds to `value` who set `practice` beside `statement`: `noted_by` or
/// `"editorial": true`.
fn who_linked(wiki: &Wiki, value: &mut Value, practice: ItemId, statement: ItemId) {
    match noted_by(wiki, practice, statement) {
        Some(source) => set(value, "noted_by", source),
        None => set(value, "editorial", Value::Bool(true)),
    }
}

/// The source that set `practice` beside `statement`, its publisher
/// resolved; `None` when the editors did.
fn noted_by(wiki: &Wiki, practice: ItemId, statement: ItemId) -> Option<Value> {
    let (source, publisher) = wiki.noted_by(practice, statement)?;
    // A source is text, dates and addresses: it always serializes.
    let mut source = serde_json::to_value(source).unwrap_or(Value::Null);
    resolve_publisher(wiki, &mut source, publisher);
    Some(source)
}

/// Replaces a source's `publisher` by its page's reference when it names an
/// organization of the wiki; a publisher outside the wiki stays its name.
fn resolve_publisher(wiki: &Wiki, source: &mut Value, publisher: Option<EntityId>) {
    if publisher.is_some() {
        set(source, "publisher", reference(wiki, publisher));
    }
}

/// Sets `value[key]` when `value` is an object.
fn set(value: &mut Value, key: &str, new: Value) {
    if let Some(object) = value.as_object_mut() {
        object.insert(key.to_string(), new);
    }
}

/// Removes every field without a value (`null` or an empty list), at any depth.
fn drop_empty(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.retain(|_, field| {
                !field.is_null() && field.as_array().is_none_or(|l| !l.is_empty())
            });
            object.values_mut().for_each(drop_empty);
        }
        Value::Array(list) => list.iter_mut().for_each(drop_empty),
        _ => {}
    }
}

/// The `entities` table: every page's reference and its name.
fn entities(wiki: &Wiki) -> Result<Vec<u8>, serde_json::Error> {
    let table: serde_json::Map<String, Value> = wiki
        .entities()
        .map(|id| (page_reference(wiki, id), json!(title(wiki, id))))
        .collect();
    serde_json::to_vec(&table)
}

/// Entries of the JSON export already serialized, by page path (`people/x/`),
/// for a rebuild to reuse: an entry shows nothing that its page does not, so
/// it is stale exactly when its page is.
pub type Entries = HashMap<String, Vec<u8>>;

/// How many entries are serialized at once (in parallel) and written before
/// the next ones: at 100,000 dossiers, holding every entry until the end was
/// a sixth of a one-off build's memory.
const CHUNK: usize = 1024;

/// Writes `bytes` to the export.
fn put(out: &mut dyn Write, bytes: &[u8]) -> Result<(), serde_json::Error> {
    out.write_all(bytes).map_err(serde_json::Error::io)
}

/// A JSON array of the export, written an entry at a time.
struct Array<'o> {
    out: &'o mut dyn Write,
    empty: bool,
}

impl<'o> Array<'o> {
    /// Opens the array `key` of the export's object.
    fn open(out: &'o mut dyn Write, key: &str) -> Result<Self, serde_json::Error> {
        put(out, format!(",\"{key}\":[").as_bytes())?;
        Ok(Array { out, empty: true })
    }

    fn entry(&mut self, bytes: &[u8]) -> Result<(), serde_json::Error> {
        if !std::mem::take(&mut self.empty) {
            put(self.out, b",")?;
        }
        put(self.out, bytes)
    }

    fn close(self) -> Result<(), serde_json::Error> {
        put(self.out, b"]")
    }
}

/// The pages of one kind as the JSON array `key`: each front matter with its
/// page fields, completed by `resolve_links` (given the entry, its page's id
/// and its page). Entries are serialized a chunk at a time, in parallel, each
/// on its own, so that the whole wiki is never one tree in memory. With
/// `known`, entries found there are written as they are, and those made are
/// added to it.
fn entries<T>(
    wiki: &Wiki,
    known: &mut Option<&mut Entries>,
    out: &mut dyn Write,
    key: &str,
    resolve_links: impl Fn(&mut Value, Id<T>, &Page<T, T::Links>) + Sync,
) -> Result<(), serde_json::Error>
where
    T: Kinded + serde::Serialize + Send + Sync,
    T::Links: Sync,
{
    let mut array = Array::open(out, key)?;
    let pages: Vec<_> = wiki.all::<T>().collect();
    for chunk in pages.chunks(CHUNK) {
        let paths: Vec<String> = chunk
            .iter()
            .map(|(id, _)| entity_path(wiki, id.entity()))
            .collect();
        // An entry `known` holds is written as it is; one made is added to it.
        let cached = known.as_deref();
        let made = chunk
            .par_iter()
            .zip(&paths)
            .map(|(&(id, page), path)| {
                if let Some(entry) = cached.and_then(|known| known.get(path)) {
                    return Ok(Cow::Borrowed(entry.as_slice()));
                }
                let mut value = serde_json::to_value(&page.front)?;
                set(&mut value, "slug", json!(slug(wiki, id.entity())));
                resolve_links(&mut value, id, page);
                drop_empty(&mut value);
                serde_json::to_vec(&value).map(Cow::Owned)
            })
            .collect::<Result<Vec<_>, serde_json::Error>>()?;
        let mut new = Vec::new();
        for (path, entry) in paths.into_iter().zip(made) {
            array.entry(&entry)?;
            if known.is_some()
                && let Cow::Owned(entry) = entry
            {
                new.push((path, entry));
            }
        }
        if let Some(known) = known.as_deref_mut() {
            known.extend(new);
        }
    }
    array.close()
}

/// Writes the whole wiki as JSON to `out` (keys `version`, `site`,
/// `entities`, `dossiers`, `people`, `organizations`, `providers`, `laws`,
/// `topics`, `about`, `contradictions`): each entry is its front matter with
/// every reference replaced by its `kind/slug`, a key of `entities`, and no
/// field without a value (`null`, an empty list). Compact, since a pretty
/// one was half whitespace.
///
/// `known` (a session that builds again) holds entries serialized before:
/// those are written as they are, and those missing are added. Without it,
/// each entry is let go once written.
pub fn write_wiki_json(
    wiki: &Wiki,
    mut known: Option<&mut Entries>,
    out: &mut dyn Write,
) -> Result<(), serde_json::Error> {
    put(out, format!("{{\"version\":{VERSION},\"site\":").as_bytes())?;
    let mut site = serde_json::to_value(wiki.site())?;
    drop_empty(&mut site);
    put(out, &serde_json::to_vec(&site)?)?;
    put(out, b",\"entities\":")?;
    put(out, &entities(wiki)?)?;
    let known = &mut known;
    entries::<Dossier>(wiki, known, out, "dossiers", |value, d, page| {
        // `draft: false` is every published dossier's: said only when true.
        if let Some(object) = value.as_object_mut()
            && object.get("draft") == Some(&Value::Bool(false))
        {
            object.remove("draft");
        }
        set(value, "subject", reference(wiki, page.links.subject));
        set(
            value,
            "topics",
            references(wiki, page.links.topics.iter().copied()),
        );
        if let Some(statements) = value.get_mut("statements").and_then(Value::as_array_mut) {
            for (statement, links) in statements.iter_mut().zip(&page.links.statements) {
                set(statement, "speaker", reference(wiki, links.speaker));
                if let Some(source) = statement.get_mut("source") {
                    resolve_publisher(wiki, source, links.publisher);
                }
                if let Some(source) = statement.get_mut("verdict_source") {
                    resolve_publisher(wiki, source, links.verdict_publisher);
                }
            }
        }
        if let Some(responses) = value.get_mut("responses").and_then(Value::as_array_mut) {
            for (response, links) in responses.iter_mut().zip(&page.links.responses) {
                set(response, "speaker", reference(wiki, links.speaker));
                set(
                    response,
                    "replies_to",
                    item_references(wiki, &links.replies_to),
                );
                if let Some(source) = response.get_mut("source") {
                    resolve_publisher(wiki, source, links.publisher);
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
                set(practice, "actor", reference(wiki, links.actor));
                set(
                    practice,
                    "provider",
                    reference(wiki, links.provider.map(Id::entity)),
                );
                set(practice, "via", reference(wiki, links.via));
                let contradicts = links
                    .contradicted()
                    .map(|statement| contradicted(wiki, practice_id, statement))
                    .collect();
                set(practice, "contradicts", Value::Array(contradicts));
                set(practice, "refutes", item_references(wiki, &links.refutes));
                if let Some(evidence) = practice.get_mut("evidence").and_then(Value::as_array_mut) {
                    let links = links
                        .evidence_publishers
                        .iter()
                        .zip(&links.record_providers);
                    for (item, (publisher, providers)) in evidence.iter_mut().zip(links) {
                        if let Some(source) = item.get_mut("source").filter(|s| s.is_object()) {
                            resolve_publisher(wiki, source, *publisher);
                        }
                        let records = item.get_mut("records").and_then(Value::as_array_mut);
                        for (record, provider) in records.into_iter().flatten().zip(providers) {
                            if provider.is_some() {
                                let id = provider.map(Id::entity);
                                set(record, "provider", reference(wiki, id));
                            }
                        }
                    }
                }
            }
        }
    })?;
    entries::<Person>(wiki, known, out, "people", |value, _, page| {
        set(value, "party", reference(wiki, page.links.party));
        if let Some(roles) = value.get_mut("roles").and_then(Value::as_array_mut) {
            for (role, organization) in roles.iter_mut().zip(&page.links.role_organizations) {
                set(role, "organization", reference(wiki, *organization));
            }
        }
    })?;
    entries::<Organization>(wiki, known, out, "organizations", |value, _, page| {
        set(value, "parent", reference(wiki, page.links.parent));
    })?;
    entries::<Provider>(wiki, known, out, "providers", |value, _, page| {
        let laws = |list: &[Id<Law>]| references(wiki, list.iter().copied());
        set(value, "operator", reference(wiki, page.links.operator));
        set(value, "subject_to", laws(&page.links.subject_to));
        set(value, "certifications", laws(&page.links.certifications));
    })?;
    entries::<Law>(wiki, known, out, "laws", |_, _, _| {})?;
    entries::<Topic>(wiki, known, out, "topics", |value, topic, _| {
        set(value, "name", json!(title(wiki, topic.entity())));
    })?;
    entries::<About>(wiki, known, out, "about", |_, _, _| {})?;

    let mut array = Array::open(out, "contradictions")?;
    for chunk in wiki.contradictions().chunks(CHUNK) {
        let made = chunk
            .par_iter()
            .map(|c| {
                let mut value = json!({ "statement": item_reference(wiki, c.statement), "practice": item_reference(wiki, c.practice), "days": c.days });
                who_linked(wiki, &mut value, c.practice, c.statement);
                drop_empty(&mut value);
                serde_json::to_vec(&value)
            })
            .collect::<Result<Vec<_>, _>>()?;
        for entry in &made {
            array.entry(entry)?;
        }
    }
    array.close()?;
    put(out, b"}")
}
