//! The search index: one record per page of the wiki, its text the page's
//! words (a dossier's quotes, practices, replies and body), its metadata what
//! a result shows (title, kind, date) and its filters what a reader narrows
//! by (kind, person or organization, provider, topic, year, verdict); then an
//! inverted index of those records, cut into small JSON files that the
//! theme's `search.js` fetches as a query needs them.
//!
//! Takes the wiki and the theme (for the labels); gives the index's files,
//! under `search/`:
//!
//! - `index.json`: the format's version, the language, each page's length
//!   in words and every filter's values with their counts (for the menus);
//! - `filters.json.gz`: for every filter value, the pages it selects;
//! - `words/<key>.json.gz`, one per first two letters: every word of the
//!   wiki that starts with them, the stem it is indexed under, and each
//!   stem's pages with the word's weight on each;
//! - `results/<n>.json.gz`: what a result shows (address, title, kind,
//!   date) and the page's text, for the excerpt, for the pages `n × 8` to
//!   `n × 8 + 7` (`results_per_file` in `index.json`), in a list.
//!
//! All but `index.json` are gzipped, as Pagefind does its fragments: the
//! texts are a tenth of a build's output and shrink to a third. `search.js`
//! reads the gzip itself, and plain JSON too, for hosts that serve `.gz`
//! with `Content-Encoding: gzip` so that the browser has already unpacked it.
//!
//! Words are cut at every character that is not a letter or a digit,
//! lowercased, stemmed in the site's language (Snowball, when it has one)
//! and their accents removed; `search.js` cuts, lowercases and folds a query
//! the same way and finds the stems through the words. Why not Pagefind,
//! which this replaced: it took 9.5 s and 1.15 GB for 10,000 dossiers where
//! this takes a fraction of a second (docs/performance.md).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Output;
use super::theme::Theme;
use super::urls::entity_path;
use super::views::{date_text, target_title, title};
use crate::front_matter::{Dossier, Person};
use crate::kind::Kind;
use crate::parse::wikilinks::markdown_options;
use crate::resolve::{EntityId, Id, ItemKind, Wiki, Wikilink};

/// The folder of the index under the output, beside the search page.
pub const FOLDER: &str = "search";

/// The version of the index's format, in `index.json`: `search.js` reads
/// only the version it knows. Version 2 had one results file per page.
const VERSION: u32 = 3;

/// How many pages' results share a file. One file per page, each its own
/// gzip stream, was half of a 10,000-dossier build's files: eight to a file,
/// that build writes 15,500 files instead of 26,900 (under the 20,000 of
/// Cloudflare Pages' free plan), the results weigh 12.3 MB instead of 16.1,
/// and it is some 5% faster. A query's twenty results come in at most
/// twenty files (some 10 KB each on the benchmark wiki, where a file per page
/// was 1.2 KB); pages are numbered by kind and slug, so the
/// dossiers about one person, whose slugs start alike, often share one.
const RESULTS_PER_FILE: usize = 8;

/// How much more a word of a page's title weighs than one of its text.
const TITLE_WEIGHT: u32 = 5;

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

/// A page's record once its results file is written: what the index files
/// still need, its text gone.
struct Page {
    /// Its filter values, by their number in [`FilterValues`].
    filters: Vec<u32>,
    /// How many words its text has.
    length: u32,
    /// Its words as written, by their number in [`Words`], each with its
    /// weight (a word of the title weighs more).
    words: Packed,
}

/// Pairs of numbers (a word's and its weight), sorted, each kept as the gap
/// from the previous word's number and the weight, in LEB128: about three
/// bytes a pair where two `u32` took eight. Every page's words are held
/// while the pages render: at 100,000 dossiers the difference was some
/// 200 MB.
#[derive(Debug, Default)]
struct Packed(Vec<u8>);

impl Packed {
    fn of(mut pairs: Vec<(u32, u32)>) -> Packed {
        pairs.sort_unstable();
        let mut bytes = Vec::with_capacity(pairs.len() * 3);
        let mut previous = 0;
        for (number, weight) in pairs {
            push_leb128(&mut bytes, number - previous);
            push_leb128(&mut bytes, weight);
            previous = number;
        }
        bytes.shrink_to_fit();
        Packed(bytes)
    }

    /// The pairs, in order.
    fn pairs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut bytes = self.0.iter();
        let mut next = move || {
            let mut value = 0u32;
            for shift in (0..32).step_by(7) {
                let byte = *bytes.next()?;
                value |= u32::from(byte & 0x7f) << shift;
                if byte < 0x80 {
                    break;
                }
            }
            Some(value)
        };
        let mut number = 0;
        std::iter::from_fn(move || {
            number += next()?;
            Some((number, next()?))
        })
    }
}

fn push_leb128(bytes: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        bytes.push(value as u8 | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

/// Builds the index of every page of `wiki`, handing each file to `write`
/// as soon as it is made; gives their paths, in order.
pub fn index<E: Send + From<super::Error>>(
    wiki: &Wiki,
    theme: &Theme,
    write: &(impl Fn(Output<'static>) -> Result<(), E> + Sync),
) -> Result<Vec<String>, E> {
    let language = wiki.site().language.primary();
    // Each page's text goes to its results file as soon as it is made, and
    // only its words' numbers are kept: the texts are most of the index,
    // and holding them all was a fifth of a build's memory.
    let words = Words::default();
    let values = FilterValues::default();
    let ids: Vec<EntityId> = wiki.entities().collect();
    let files: Vec<(String, Vec<Page>)> = ids
        .par_chunks(RESULTS_PER_FILE)
        .enumerate()
        .map(|(number, ids)| {
            let records = ids
                .iter()
                .map(|&id| record(wiki, theme, id))
                .collect::<Result<Vec<_>, _>>()
                .map_err(super::Error::from)?;
            let file = results_file(number, &records);
            let path = file.path.clone();
            write(file)?;
            let pages = records.into_iter().map(|r| to_page(r, &words, &values));
            Ok((path, pages.collect()))
        })
        .collect::<Result<_, E>>()?;
    let (mut paths, pages): (Vec<String>, Vec<Vec<Page>>) = files.into_iter().unzip();
    let mut pages: Vec<Page> = pages.into_iter().flatten().collect();
    let vocabulary = Vocabulary::of(&words.into_keys(), &language);
    let counted: Vec<Counted> = pages.par_iter_mut().map(|p| vocabulary.count(p)).collect();
    let values = values.into_keys();
    let mut files = vec![
        index_file(&pages, &values, &counted, &language),
        filters_file(&pages, &values),
    ];
    files.extend(word_files(&vocabulary, counted));
    for file in files {
        paths.push(file.path.clone());
        write(file)?;
    }
    paths.sort();
    Ok(paths)
}

/// `record` as a [`Page`]: its words counted and numbered in `known_words`,
/// its filter values numbered in `known_values`.
fn to_page(record: Record, known_words: &Words, known_values: &FilterValues) -> Page {
    let mut weights: FxHashMap<&str, u32> = FxHashMap::default();
    let mut length = 0;
    for word in words(&record.content) {
        *weights.entry(word).or_default() += 1;
        length += 1;
    }
    // The title's words are in the text too: they get the rest of their weight here.
    let title = record.meta.get("title").map(String::as_str).unwrap_or("");
    for word in words(title) {
        if let Some(weight) = weights.get_mut(word) {
            *weight += TITLE_WEIGHT - 1;
        }
    }
    let (written, weights): (Vec<&str>, Vec<u32>) = weights.into_iter().unzip();
    let numbers = known_words.numbers(written.into_iter());
    // A page's filter values, by name then value, each once.
    let filters: Vec<(String, String)> = record
        .filters
        .into_iter()
        .flat_map(|(name, values)| values.into_iter().map(move |v| (name.clone(), v)))
        .collect();
    let mut filters = known_values.numbers(filters.iter());
    filters.sort_unstable();
    filters.dedup();
    filters.shrink_to_fit();
    Page {
        filters,
        length,
        words: Packed::of(numbers.into_iter().zip(weights).collect()),
    }
}

/// Keys numbered as the pages bring them, by every thread that makes pages
/// (in no set order: the numbers are only ever a way back to the keys).
struct Numbering<K>(Mutex<HashMap<K, u32>>);

/// Every word of the wiki as written.
type Words = Numbering<String>;

/// Every filter value of the wiki (`actor`, `Jane Doe`): a page keeps its
/// values' numbers, not a map of strings (at 100,000 dossiers the maps held
/// some 150 MB until the index was written).
type FilterValues = Numbering<(String, String)>;

impl<K> Default for Numbering<K> {
    fn default() -> Self {
        Numbering(Mutex::new(HashMap::new()))
    }
}

impl<K: std::hash::Hash + Eq> Numbering<K> {
    /// The number of each key, a new one for a key not seen before; the
    /// lock is taken once for them all.
    fn numbers<'q, Q>(&self, keys: impl Iterator<Item = &'q Q>) -> Vec<u32>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ToOwned<Owned = K> + ?Sized + 'q,
    {
        let mut numbers = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        keys.map(|key| match numbers.get(key) {
            Some(&number) => number,
            None => {
                let number = numbers.len() as u32;
                numbers.insert(key.to_owned(), number);
                number
            }
        })
        .collect()
    }

    /// The keys, each at its number.
    fn into_keys(self) -> Vec<K>
    where
        K: Default + Clone,
    {
        let numbers = self.0.into_inner().unwrap_or_else(PoisonError::into_inner);
        let mut keys = vec![K::default(); numbers.len()];
        for (key, number) in numbers {
            keys[number as usize] = key;
        }
        keys
    }
}

/// Every word of the wiki: each word as written leads to its folded form
/// (lowercase, no accents), each folded form to its stem. Words are
/// analyzed once each, however often they occur.
struct Vocabulary {
    /// The number of each written word's folded form, by the word's number
    /// in [`Words`].
    written: Vec<u32>,
    /// The folded forms in order, each with the number of its stem.
    folded: Vec<(String, u32)>,
    /// The stems in order.
    stems: Vec<String>,
}

/// A record's words: its length and its stems' numbers with their weights.
struct Counted {
    length: u32,
    stems: Vec<(u32, u32)>,
}

impl Vocabulary {
    fn of(written: &[String], language: &str) -> Vocabulary {
        // In the words' order, whatever order pages brought them in.
        let mut order: Vec<usize> = (0..written.len()).collect();
        order.sort_unstable_by(|a, b| written[*a].cmp(&written[*b]));
        let algorithm = stemmer(language);
        let analyzed: Vec<(String, String)> = order
            .par_iter()
            .map_init(
                || algorithm.map(Stemmer::create),
                |stemmer, &word| {
                    let lower = written[word].to_lowercase();
                    let folded = fold(&lower);
                    let stem = match stemmer {
                        Some(stemmer) => fold(&stemmer.stem(&lower)),
                        None => folded.clone(),
                    };
                    // A stem shorter than the two letters that find its word
                    // file would not be found: the word is its own stem then.
                    let stem = if stem.chars().nth(1).is_some() {
                        stem
                    } else {
                        folded.clone()
                    };
                    (folded, stem)
                },
            )
            .collect();
        // Several written words can fold alike (case, accents): the folded
        // form takes the stem of the first, for the same index every time.
        let mut folded: BTreeMap<&str, &str> = BTreeMap::new();
        for (form, stem) in &analyzed {
            folded.entry(form).or_insert(stem);
        }
        let stems: BTreeSet<&str> = folded.values().copied().collect();
        let stem_numbers: HashMap<&str, u32> = stems
            .iter()
            .enumerate()
            .map(|(n, stem)| (*stem, n as u32))
            .collect();
        let folded_numbers: HashMap<&str, u32> = folded
            .keys()
            .enumerate()
            .map(|(n, form)| (*form, n as u32))
            .collect();
        let mut numbers = vec![0; written.len()];
        for (&word, (form, _)) in order.iter().zip(&analyzed) {
            numbers[word] = folded_numbers[form.as_str()];
        }
        Vocabulary {
            written: numbers,
            folded: folded
                .iter()
                .map(|(form, stem)| (form.to_string(), stem_numbers[stem]))
                .collect(),
            stems: stems.into_iter().map(str::to_string).collect(),
        }
    }

    /// A page's stems, weighted. Its words are let go: at 100,000 dossiers
    /// they and the stems, held together, were a tenth of a build's memory.
    fn count(&self, page: &mut Page) -> Counted {
        let mut weights: FxHashMap<u32, u32> = FxHashMap::default();
        for (word, weight) in std::mem::take(&mut page.words).pairs() {
            let stem = self.folded[self.written[word as usize] as usize].1;
            *weights.entry(stem).or_default() += weight;
        }
        let mut stems: Vec<(u32, u32)> = weights.into_iter().collect();
        stems.sort_unstable();
        Counted {
            length: page.length,
            stems,
        }
    }
}

/// The Snowball algorithm of a language, when there is one.
fn stemmer(language: &str) -> Option<Algorithm> {
    Some(match language {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" | "nb" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// The words of `text`: its runs of letters and digits of two characters or more.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().nth(1).is_some())
}

/// `word` without its accents (decomposed, combining marks dropped).
fn fold(word: &str) -> String {
    word.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

/// The name of the word file of words starting as `word` does: its first two
/// characters, each a letter or digit of ASCII or `_` and its code point.
fn word_key(word: &str) -> String {
    let mut key = String::new();
    for c in word.chars().take(2) {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else {
            let _ = write!(key, "_{:x}", u32::from(c));
        }
    }
    key
}

/// One file per word key: the folded words with their stems (`0` for a word
/// that is its own stem), and the pages of each of those stems, as pairs of
/// (page number after the previous one, weight).
fn word_files(vocabulary: &Vocabulary, counted: Vec<Counted>) -> Vec<Output<'static>> {
    let mut postings: Vec<Vec<(u32, u32)>> = vec![Vec::new(); vocabulary.stems.len()];
    for (page, record) in counted.into_iter().enumerate() {
        for (stem, weight) in record.stems {
            postings[stem as usize].push((page as u32, weight));
        }
    }
    let mut by_key: BTreeMap<String, Vec<&(String, u32)>> = BTreeMap::new();
    for word in &vocabulary.folded {
        by_key.entry(word_key(&word.0)).or_default().push(word);
    }
    by_key
        .into_par_iter()
        .map(|(key, words)| {
            let stem_of = |stem: u32| vocabulary.stems[stem as usize].as_str();
            let forms: BTreeMap<&str, serde_json::Value> = words
                .iter()
                .map(|(word, stem)| {
                    let stem = stem_of(*stem);
                    let value = if word == stem { 0.into() } else { stem.into() };
                    (word.as_str(), value)
                })
                .collect();
            let stems: BTreeMap<&str, Vec<u32>> = words
                .iter()
                .map(|(_, stem)| (stem_of(*stem), pairs(&postings[*stem as usize])))
                .collect();
            let file = serde_json::json!({ "words": forms, "stems": stems });
            gzipped(format!("{FOLDER}/words/{key}.json.gz"), &file)
        })
        .collect()
}

/// A stem's pages and weights as one list: each page's number after the
/// previous one (the first after 0), then its weight.
fn pairs(postings: &[(u32, u32)]) -> Vec<u32> {
    let mut pages: Vec<u32> = postings.iter().map(|(page, _)| *page).collect();
    to_gaps(&mut pages);
    pages
        .into_iter()
        .zip(postings)
        .flat_map(|(gap, (_, weight))| [gap, *weight])
        .collect()
}

/// Page numbers, ascending, turned into gaps from the one before (the first
/// from 0): small numbers keep the index's files short.
fn to_gaps(pages: &mut [u32]) {
    for i in (1..pages.len()).rev() {
        pages[i] -= pages[i - 1];
    }
}

/// `index.json`: what the search page needs before any query.
fn index_file(
    pages: &[Page],
    values: &[(String, String)],
    counted: &[Counted],
    language: &str,
) -> Output<'static> {
    let mut filters: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
    for page in pages {
        for &number in &page.filters {
            let (name, value) = &values[number as usize];
            *filters.entry(name).or_default().entry(value).or_default() += 1;
        }
    }
    let lengths: Vec<u32> = counted.iter().map(|record| record.length).collect();
    let index = serde_json::json!({
        "version": VERSION,
        "language": language,
        "lengths": lengths,
        "filters": filters,
        "results_per_file": RESULTS_PER_FILE,
    });
    Output::new(
        format!("{FOLDER}/index.json"),
        index.to_string().into_bytes(),
    )
}

/// `filters.json`: the pages each filter value selects, as numbers after
/// the previous one.
fn filters_file(pages: &[Page], values: &[(String, String)]) -> Output<'static> {
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (page, record) in pages.iter().enumerate() {
        for &number in &record.filters {
            let (name, value) = &values[number as usize];
            let pages = filters.entry(name).or_default().entry(value).or_default();
            pages.push(page as u32);
        }
    }
    for pages in filters.values_mut().flat_map(|values| values.values_mut()) {
        to_gaps(pages);
    }
    gzipped(format!("{FOLDER}/filters.json.gz"), &filters)
}

/// `results/<n>.json`: what the results of `records`, the pages of file
/// `n`, show, in their order.
fn results_file(n: usize, records: &[Record]) -> Output<'static> {
    /// The fields in the order `json!` gave them (by name), borrowed: a
    /// page's text is not copied to be written.
    #[derive(serde::Serialize)]
    struct Shown<'a> {
        date: Option<&'a String>,
        kind: Option<&'a String>,
        text: &'a str,
        title: Option<&'a String>,
        url: &'a str,
    }
    let results: Vec<Shown> = records
        .iter()
        .map(|record| Shown {
            date: record.meta.get("date"),
            kind: record.meta.get("kind"),
            text: &record.content,
            title: record.meta.get("title"),
            url: &record.url,
        })
        .collect();
    gzipped(format!("{FOLDER}/results/{n}.json.gz"), &results)
}

/// `value` as JSON, gzipped at the fastest level: the next levels save a
/// tenth more for three times the work. The header carries no time or name,
/// so the same index gives the same bytes.
fn gzipped(path: String, value: &impl serde::Serialize) -> Output<'static> {
    // Serialized whole first: serde_json writes a piece at a time, and each
    // write into the encoder is a call into the compressor.
    // Writing to a vector cannot fail, nor can serializing maps and strings.
    let json = serde_json::to_vec(value).unwrap_or_default();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = std::io::Write::write_all(&mut encoder, &json);
    Output::new(path, encoder.finish().unwrap_or_default())
}

/// The record of one page; an error when its file, read again for its
/// body, is not the file that was checked.
fn record(wiki: &Wiki, theme: &Theme, id: EntityId) -> Result<Record, crate::source::Changed> {
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
    words.push(plain_text(
        wiki,
        theme,
        &common.body.text()?,
        common.wikilinks,
    ));
    record.content = words.join("\n");
    Ok(record)
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
    words.extend(front.summary.as_deref().map(str::to_string));
    if let Some(subject) = page.links.subject {
        record.filter("actor", title(wiki, subject));
    }
    for &topic in &page.links.topics {
        record.filter("topic", title(wiki, topic.entity()));
    }
    for item in wiki.statements_of(dossier) {
        let (statement, links) = wiki.statement(item);
        words.push(statement.quote.to_string());
        words.extend(statement.context.as_deref().map(str::to_string));
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
        words.push(practice.summary.to_string());
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
        words.extend(reply.quote.as_deref().map(str::to_string));
        words.extend(reply.summary.as_deref().map(str::to_string));
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
        (
            std::sync::Arc::into_inner(checked.wiki).expect("the only wiki"),
            theme,
        )
    }

    #[test]
    fn a_dossier_record_holds_its_items_words_and_filters() {
        let (wiki, theme) = example();
        let dossier = wiki
            .entities()
            .find(|id| wiki.common(*id).slug == "melenchon-2016-nationbuilder")
            .expect("the dossier");
        let record = record(&wiki, &theme, dossier).expect("a record");
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

    #[test]
    fn packed_pairs_come_back_in_order() {
        let pairs = vec![
            (300, 1),
            (0, 5),
            (70_000, 2),
            (u32::MAX, u32::MAX),
            (128, 128),
        ];
        let mut sorted = pairs.clone();
        sorted.sort_unstable();
        let packed = Packed::of(pairs);
        assert_eq!(packed.pairs().collect::<Vec<_>>(), sorted);
        assert!(packed.0.len() < 8 * sorted.len());
        assert_eq!(Packed::default().pairs().count(), 0);
    }

    #[test]
    fn words_are_cut_lowercased_and_folded_as_search_js_does() {
        let cut: Vec<&str> = words("L'hébergement « Azure » : 2 sites, 5G.").collect();
        assert_eq!(cut, ["hébergement", "Azure", "sites", "5G"]);
        assert_eq!(fold(&"Élysée".to_lowercase()), "elysee");
        assert_eq!(word_key("elysee"), "el");
        assert_eq!(word_key("œuvre"), "_153u");
        assert_eq!(word_key("中文"), "_4e2d_6587");
    }

    #[test]
    fn a_word_leads_to_its_stem_and_the_stem_to_the_pages_that_hold_it() {
        let (wiki, theme) = example();
        let files = std::sync::Mutex::new(Vec::new());
        let paths = index(&wiki, &theme, &|file: Output<'static>| {
            files
                .lock()
                .map(|mut files| files.push(file))
                .map_err(|_| super::super::Error::Template("poisoned".into()))
        })
        .expect("indexed");
        let files = files.into_inner().expect("the files");
        assert_eq!(paths.len(), files.len());
        let file = |path: &str| -> serde_json::Value {
            let output = files.iter().find(|f| f.path == path).expect(path);
            let bytes: &[u8] = &output.bytes;
            if path.ends_with(".gz") {
                serde_json::from_reader(flate2::read::GzDecoder::new(bytes)).expect("gzipped JSON")
            } else {
                serde_json::from_slice(bytes).expect("JSON")
            }
        };
        let words = file("search/words/co.json.gz");
        // Two forms of one word share a stem, accents and all.
        assert_eq!(words["words"]["colonies"], words["words"]["colonie"]);
        let stem = words["words"]["colonies"].as_str().expect("a stem");
        // The stem's pages, read back from their gaps, include the dossier
        // that quotes "colonies numériques".
        let postings = words["stems"][stem].as_array().expect("postings");
        let mut page = 0;
        let mut urls = Vec::new();
        for pair in postings.chunks(2) {
            page += pair[0].as_u64().expect("a gap");
            let per_file = RESULTS_PER_FILE as u64;
            let results = file(&format!("search/results/{}.json.gz", page / per_file));
            urls.push(results[(page % per_file) as usize]["url"].clone());
        }
        assert!(
            urls.contains(&"dossiers/montebourg-2016-azure/".into()),
            "{urls:?}"
        );
        let meta = file("search/index.json");
        assert_eq!(meta["version"], VERSION);
        assert_eq!(meta["language"], "fr");
        assert_eq!(meta["filters"]["verdict"]["Faux"], 1);
        assert_eq!(meta["results_per_file"], RESULTS_PER_FILE);
    }
}
