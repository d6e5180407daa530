//! The search index, built in-process with Pagefind (no Node step, no
//! separate tool): one record per dossier and per page of the wiki, its text
//! the page's words (a dossier's quotes, practices, replies and body), its
//! metadata what a result shows (title, kind, date) and its filters what a
//! reader narrows by (kind, person or organization, provider, topic, year,
//! verdict). Records rather than whole pages: Pagefind parsing the rendered
//! HTML of a 10,000-dossier site took a minute and gigabytes of memory; the
//! records take seconds (docs/performance.md).
//!
//! Takes the wiki and the theme (for the labels); gives the files of
//! Pagefind's bundle, to write under `pagefind/`.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rayon::prelude::*;

use super::theme::Theme;
use super::urls::entity_path;
use super::views::{date_text, target_title, title};
use super::{Error, Output};
use crate::front_matter::{Dossier, Person};
use crate::kind::Kind;
use crate::parse::wikilinks::markdown_options;
use crate::resolve::{EntityId, Id, ItemKind, Wiki, Wikilink};

/// The folder of the bundle under the output.
pub const FOLDER: &str = "pagefind";

/// One searchable record: the page it leads to, its words, what a result
/// shows and what filters select it.
#[derive(Debug, Default)]
struct Record {
    /// The page's address under the site's root (`dossiers/x/`).
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

impl Record {
    fn filter(&mut self, name: &str, value: String) {
        let values = self.filters.entry(name.to_string()).or_default();
        if !values.contains(&value) {
            values.push(value);
        }
    }
}

/// Builds the index of every page of `wiki`; gives the bundle's files.
pub fn index(wiki: &Wiki, theme: &Theme) -> Result<Vec<Output<'static>>, Error> {
    let records: Vec<Record> = wiki
        .entities()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|id| record(wiki, theme, id))
        .collect();
    bundle(records, wiki.site().language.primary()).map_err(Error::Search)
}

/// Hands the records to Pagefind and gives the bundle's files. Pagefind is
/// asynchronous: this starts a runtime of its own, so it must be called
/// outside one (the session calls it on a thread of its own).
fn bundle(records: Vec<Record>, language: String) -> Result<Vec<Output<'static>>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let mut index = pagefind::api::PagefindIndex::new(None).map_err(|e| e.to_string())?;
        for record in records {
            index
                .add_custom_record(
                    record.url,
                    record.content,
                    language.clone(),
                    Some(record.meta),
                    Some(record.filters),
                    None,
                )
                .await
                .map_err(|e| e.to_string())?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        let mut outputs: Vec<Output<'static>> = files
            .into_iter()
            .filter(|file| is_used(&file.filename))
            .map(|file| {
                let path = file.filename.to_string_lossy().replace('\\', "/");
                Output::new(format!("{FOLDER}/{path}"), file.contents)
            })
            .collect();
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(outputs)
    })
}

/// Whether the theme's search page uses a file of Pagefind's bundle: the
/// index and its loader are; Pagefind's own interfaces (`pagefind-ui.js` and
/// the like) and its highlighter are not, and are left out.
fn is_used(file: &std::path::Path) -> bool {
    let name = file.to_string_lossy();
    !(name.starts_with("pagefind-")
        && name != "pagefind-entry.json"
        && name != "pagefind-worker.js")
}

/// The record of one page.
fn record(wiki: &Wiki, theme: &Theme, id: EntityId) -> Record {
    let common = wiki.common(id);
    let name = common.title.to_string();
    let kind = theme.label("kind", id.kind.folder());
    let mut record = Record {
        url: entity_path(wiki, id),
        ..Record::default()
    };
    record.meta.insert("title".into(), name.clone());
    record.meta.insert("kind".into(), kind.clone());
    record.filter("kind", kind);
    // A page about someone, a provider or a topic is found by its own filter.
    let own_filter = match id.kind {
        Kind::Person | Kind::Organization => Some("actor"),
        Kind::Provider => Some("provider"),
        Kind::Topic => Some("topic"),
        Kind::Dossier | Kind::Law | Kind::About => None,
    };
    if let Some(filter) = own_filter {
        record.filter(filter, name.clone());
    }
    let mut words = vec![name];
    if let Some(dossier) = id.typed::<Dossier>() {
        dossier_words(wiki, theme, dossier, &mut record, &mut words);
    } else if let Some(person) = id.typed::<Person>() {
        let aliases = wiki[person].front.aliases.iter();
        words.extend(
            aliases
                .filter(|alias| !common.title.contains(alias.as_str()))
                .cloned(),
        );
    }
    words.push(plain_text(wiki, theme, common.body, common.wikilinks));
    record.content = words.join("\n");
    record
}

/// A dossier's words and filters: its summary, every quote, practice and
/// reply, who said or did them, with what, on which topics, in which years.
fn dossier_words(
    wiki: &Wiki,
    theme: &Theme,
    dossier: Id<Dossier>,
    record: &mut Record,
    words: &mut Vec<String>,
) {
    let page = &wiki[dossier];
    let front = &page.front;
    let date = date_text(theme, &front.date);
    record.meta.insert("date".into(), date);
    record.filter("year", front.date.year.to_string());
    words.extend(front.summary.iter().cloned());
    if let Some(subject) = page.links.subject {
        record.filter("actor", title(wiki, subject));
    }
    for &topic in &page.links.topics {
        record.filter("topic", title(wiki, topic.entity()));
    }
    for item in wiki.statements_of(dossier) {
        let (statement, links) = wiki.statement(item);
        words.push(statement.quote.clone());
        words.extend(statement.context.iter().cloned());
        if let Some(speaker) = links.speaker {
            record.filter("actor", title(wiki, speaker));
        }
        if let Some(verdict) = statement.verdict {
            record.filter("verdict", theme.label("verdict", verdict.as_str()));
        }
        record.filter("year", statement.date.year.to_string());
    }
    let practices = wiki
        .items_of(dossier)
        .filter(|item| item.kind == ItemKind::Practice);
    for item in practices {
        let (practice, links) = wiki.practice(item);
        words.push(practice.summary.clone());
        if let Some(actor) = links.actor {
            record.filter("actor", title(wiki, actor));
        }
        if let Some(provider) = links.provider {
            let name = title(wiki, provider.entity());
            words.push(name.clone());
            record.filter("provider", name);
        }
        record.filter("year", practice.date.year.to_string());
    }
    for response in wiki.responses_of(dossier) {
        let (reply, _) = wiki.response(response);
        words.extend(reply.quote.iter().cloned());
        words.extend(reply.summary.iter().cloned());
    }
    for values in record.filters.values_mut() {
        values.sort();
    }
}

/// The words of a Markdown body, a wikilink's replaced by its target's name.
fn plain_text(wiki: &Wiki, theme: &Theme, markdown: &str, wikilinks: &[Wikilink]) -> String {
    let mut text = String::new();
    let mut in_wikilink = false;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => {
                in_wikilink = true;
                let link = wikilinks.iter().find(|l| *l.destination == *dest_url);
                if let Some(link) = link {
                    text.push_str(&target_title(wiki, theme, link.target));
                }
            }
            Event::End(TagEnd::Link) => in_wikilink = false,
            Event::Text(words) | Event::Code(words) if !in_wikilink => text.push_str(&words),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example wiki, checked, with the default theme.
    fn example() -> (Wiki, Theme) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = crate::Options::new(root, jiff::civil::date(2026, 12, 2));
        let checked = crate::check(&options).expect("the example");
        let theme = Theme::load(root, checked.wiki.site()).expect("the default theme");
        (checked.wiki, theme)
    }

    #[test]
    fn a_dossier_record_holds_its_items_words_and_filters() {
        let (wiki, theme) = example();
        let dossier = wiki
            .entities()
            .find(|id| wiki.common(*id).slug == "melenchon-2016-nationbuilder")
            .expect("the dossier");
        let record = record(&wiki, &theme, dossier);
        assert_eq!(record.url, "dossiers/melenchon-2016-nationbuilder/");
        assert!(
            record
                .content
                .contains("J'ai la même plateforme que Bernie Sanders")
        );
        // The body's wikilinks read as their targets' names, without markup.
        assert!(!record.content.contains("[["), "{}", record.content);
        let filter = |name: &str| record.filters.get(name).cloned().unwrap_or_default();
        assert_eq!(filter("kind"), ["Dossier"]);
        assert_eq!(filter("verdict"), ["Faux"]);
        assert!(filter("provider").contains(&"NationBuilder".to_string()));
        assert!(filter("actor").contains(&"Jean-Luc Mélenchon".to_string()));
        assert!(filter("year").contains(&"2016".to_string()));
        assert_eq!(record.meta.get("date").map(String::as_str), Some("2016"));
    }
}
