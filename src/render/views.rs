//! What templates see: plain, serializable views of the wiki's pages, with
//! links already made relative to the page being rendered, dates already
//! written in the theme's words, and labels taken from the theme's strings.
//!
//! [`Views`] is a page's only way to the wiki while it renders, and it notes
//! every page whose data it hands out. What other files decide about a page
//! (its backlinks, the practices that contradict its statements, the lists
//! of an entity's page) is not read here but given by the page's own struct
//! (`pages/`), whose shape tracks it.

use std::cell::RefCell;

use serde::Serialize;

use super::markdown::{body_html, inline_html};
use super::theme::Theme;
use super::urls::Urls;
use super::urls::entity_path;
use crate::front_matter::{Date, Dossier, Provider, SiteConfig, Source};
use crate::resolve::{
    Common, EntityId, Id, ItemId, ItemKind, Kinded, Page, ResponseId, Target, Wiki,
};

/// A link with its text.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Where it goes, relative to the page.
    pub url: String,
    /// What it says.
    pub title: String,
}

/// A date: machine-readable and as a reader reads it.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2014-05`.
    pub iso: String,
    /// `mai 2014`.
    pub text: String,
}

/// A source, with its publisher linked when the wiki knows it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// The address.
    pub url: String,
    /// The title, if given.
    pub title: Option<String>,
    /// The publisher's name.
    pub publisher: Option<String>,
    /// The publisher's page, when it is an organization of the wiki.
    pub publisher_url: Option<String>,
    /// The author.
    pub author: Option<String>,
    /// The publication date.
    pub date: Option<DateView>,
    /// An archived copy.
    pub archive: Option<String>,
    /// When it was read.
    pub accessed: Option<DateView>,
    /// Its language.
    pub lang: Option<String>,
    /// A link to the stored copy under media/.
    pub file: Option<String>,
}

/// The time between words and deed.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// Days from the statement to the practice (negative when the deed came first).
    pub days: i64,
    /// `2 ans et 3 mois plus tard`.
    pub text: String,
}

/// The other side of a contradiction.
#[derive(Debug, Clone, Serialize)]
pub struct Counterpart {
    /// The statement or practice on the other side.
    pub link: Link,
    /// The dossier it belongs to, when it is another one.
    pub dossier: Option<Link>,
    /// Time between the statement and the practice.
    pub gap: Gap,
    /// The source that set the two side by side; `None` when the editors did.
    pub noted_by: Option<SourceView>,
}

/// What a statement or practice links to, or what links to it, by another
/// relation than contradiction: a refuting fact, a refuted claim, the item a
/// response answers.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// The statement, practice or response.
    pub link: Link,
    /// The dossier it belongs to, when it is another one.
    pub dossier: Option<Link>,
}

/// What the subject answered, as shown beside what it answers.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    /// `response`.
    pub side: &'static str,
    /// The anchor id, where the response is placed on its dossier's page
    /// (once per page: elsewhere it links there).
    pub anchor: Option<String>,
    /// A link to it on its dossier's page.
    pub url: String,
    /// Who answered.
    pub speaker: Option<Link>,
    /// When.
    pub date: DateView,
    /// The words, verbatim.
    pub quote: Option<String>,
    /// The answer in the wiki's words.
    pub summary: Option<String>,
    /// The quote's language.
    pub lang: String,
    /// Whether that language differs from the site's.
    pub foreign: bool,
    /// The source.
    pub source: SourceView,
    /// What it answers.
    pub replies_to: Vec<Related>,
}

/// What other files say of one statement or practice, which its page's
/// struct holds so that its shape tracks it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OtherFiles {
    /// The practices that contradict it (a statement).
    pub contradicted_by: Vec<ItemId>,
    /// The practices that refute it (a statement).
    pub refuted_by: Vec<ItemId>,
    /// The responses to it.
    pub responses: Vec<ResponseId>,
}

impl OtherFiles {
    /// What other files say of `item`.
    pub fn of(wiki: &Wiki, item: ItemId) -> OtherFiles {
        OtherFiles {
            contradicted_by: wiki.contradicted_by(item).to_vec(),
            refuted_by: wiki.refuted_by(item).to_vec(),
            responses: wiki.responses_to(item).to_vec(),
        }
    }
}

/// A statement, as shown wherever it appears.
#[derive(Debug, Clone, Serialize)]
pub struct StatementView {
    /// `statement`.
    pub side: &'static str,
    /// The anchor id.
    pub id: String,
    /// A link to it on its dossier's page.
    pub url: String,
    /// Who said it.
    pub speaker: Option<Link>,
    /// When.
    pub date: DateView,
    /// The words.
    pub quote: String,
    /// Their language.
    pub lang: String,
    /// Whether that language differs from the site's (then marked with `lang`).
    pub foreign: bool,
    /// Where and in what role, as HTML.
    pub context: Option<String>,
    /// The source.
    pub source: SourceView,
    /// The verdict's value (`false`, `mostly-true`, ...).
    pub verdict: Option<&'static str>,
    /// The verdict in the theme's words.
    pub verdict_label: Option<String>,
    /// Why the verdict.
    pub verdict_note: Option<String>,
    /// The fact-check that rated it; `None` when the editors did.
    pub verdict_source: Option<SourceView>,
    /// Facts that show it false: the evidence for the verdict.
    pub refuted_by: Vec<Related>,
    /// Practices that contradict it.
    pub contradicted_by: Vec<Counterpart>,
    /// What the speaker answered.
    pub responses: Vec<ResponseView>,
}

/// A provider in brief, where a practice uses it.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderBrief {
    /// Its page.
    pub link: Link,
    /// Its operator.
    pub operator: Option<Link>,
    /// The operator's head office, as a country name.
    pub headquarters: Option<String>,
    /// Laws it is subject to.
    pub laws: Vec<Link>,
}

/// One piece of evidence.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    /// The kind's value.
    pub kind: &'static str,
    /// The kind in the theme's words.
    pub kind_label: String,
    /// When observed.
    pub date: Option<DateView>,
    /// The source.
    pub source: Option<SourceView>,
    /// What it shows.
    pub detail: Option<String>,
    /// A link to the file under media/.
    pub file: Option<String>,
    /// Technical records.
    pub records: Vec<RecordView>,
    /// Whether a record names a provider or a region (a column of its own).
    pub records_name_providers: bool,
    /// The range lists the records' addresses were matched against, once each.
    pub records_data: Vec<String>,
}

/// A technical record.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    /// A, CNAME, ...
    pub record_type: String,
    /// What was looked up.
    pub name: String,
    /// The answer.
    pub value: String,
    /// `AS8075 MICROSOFT-CORP`.
    pub network: Option<String>,
    /// The country, by name.
    pub country: Option<String>,
    /// A DNS answer's time to live, in seconds.
    pub ttl: Option<u32>,
    /// The provider the record names.
    pub provider: Option<Link>,
    /// The provider's region.
    pub region: Option<String>,
}

/// A practice, as shown wherever it appears.
#[derive(Debug, Clone, Serialize)]
pub struct PracticeView {
    /// `practice`.
    pub side: &'static str,
    /// The anchor id.
    pub id: String,
    /// A link to it on its dossier's page.
    pub url: String,
    /// Who did it.
    pub actor: Option<Link>,
    /// The kind's value.
    pub kind: &'static str,
    /// The kind in the theme's words.
    pub kind_label: String,
    /// When observed or started.
    pub date: DateView,
    /// When it ended.
    pub until: Option<DateView>,
    /// What was done.
    pub summary: String,
    /// The site concerned.
    pub site: Option<String>,
    /// The provider.
    pub provider: Option<ProviderBrief>,
    /// The contractor in between.
    pub via: Option<Link>,
    /// Where the data is: `Amsterdam, Pays-Bas`.
    pub location: Option<String>,
    /// The evidence.
    pub evidence: Vec<EvidenceView>,
    /// Statements it contradicts.
    pub contradicts: Vec<Counterpart>,
    /// Claims it shows false.
    pub refutes: Vec<Related>,
    /// What the actor answered.
    pub responses: Vec<ResponseView>,
}

/// A statement or a practice on a time axis.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ItemView {
    /// Something said.
    Statement(Box<StatementView>),
    /// Something done.
    Practice(Box<PracticeView>),
}

/// A statement or practice in brief, where many are listed (the timeline,
/// the contradictions, an entity's page): the full card with its evidence
/// lives on the dossier's page only, so that list pages stay small.
#[derive(Debug, Clone, Serialize)]
pub struct BriefView {
    /// `statement`, `practice` or `response`.
    pub side: &'static str,
    /// A link to it on its dossier's page.
    pub url: String,
    /// Who said, did or answered it.
    pub who: Option<Link>,
    /// When.
    pub date: DateView,
    /// The quote (statements) or the summary (practices); a response's quote,
    /// else its summary.
    pub text: String,
    /// Whether `text` is a quote (shown between quotation marks).
    pub quoted: bool,
    /// The language of a quote that differs from the site's.
    pub foreign_lang: Option<String>,
    /// The provider's name, for practices.
    pub provider: Option<String>,
    /// Whether a contradiction joins it to something.
    pub contradicted: bool,
}

impl BriefView {
    /// The item as listed on the page at `page` (a URL relative to itself):
    /// without its author when that is the page.
    pub fn seen_from(self, page: &str) -> BriefView {
        BriefView {
            who: self.who.filter(|who| who.url != page),
            ..self
        }
    }
}

/// A dossier in a list.
#[derive(Debug, Clone, Serialize)]
pub struct DossierCard {
    /// Its page.
    pub url: String,
    /// Its title.
    pub title: String,
    /// When the case became public.
    pub date: DateView,
    /// Its summary.
    pub summary: Option<String>,
    /// Its subject.
    pub subject: Option<Link>,
    /// Counts, for the card.
    pub statements: usize,
    /// Counts, for the card.
    pub practices: usize,
    /// Contradictions within.
    pub contradictions: usize,
}

impl DossierCard {
    /// The card as shown on the page at `page` (a URL relative to itself):
    /// without its subject when that is the page.
    pub fn seen_from(self, page: &str) -> DossierCard {
        DossierCard {
            subject: self.subject.filter(|subject| subject.url != page),
            ..self
        }
    }
}

/// A contradiction, for the list of them.
#[derive(Debug, Clone, Serialize)]
pub struct ContradictionView {
    /// What was said.
    pub statement: BriefView,
    /// What was done.
    pub practice: BriefView,
    /// The dossiers the two are in: one when they share it, which is usual.
    pub dossiers: Vec<Link>,
    /// Time between.
    pub gap: Gap,
    /// The source that set the two side by side; `None` when the editors did.
    pub noted_by: Option<SourceView>,
}

/// Builds views for one page: every link is relative to it. It notes every
/// page whose data it reads, so that a rebuild knows which pages an edit
/// touches ([`Views::read`]).
pub struct Views<'a> {
    /// The wiki: reached only through methods that note what they read.
    wiki: &'a Wiki,
    /// The theme, for words.
    pub theme: &'a Theme,
    /// Links from the page.
    pub urls: Urls,
    read: RefCell<Vec<EntityId>>,
}

/// A date in the theme's words and order (`date_format`): `2014`,
/// `mai 2014`, `1er août 2016`, `22 August 2016`.
pub fn date_text(theme: &Theme, date: &Date) -> String {
    theme.dates.text(date)
}

/// The display name of a page.
pub fn title(wiki: &Wiki, id: EntityId) -> String {
    wiki.common(id).title.to_string()
}

/// The display name of what a wikilink names.
pub fn target_title(wiki: &Wiki, theme: &Theme, target: Target) -> String {
    match target {
        Target::Entity(id) => title(wiki, id),
        Target::Item(item) => match item.kind {
            ItemKind::Statement => format!(
                "{}{}{}",
                theme.text("quote_open"),
                wiki.statement(item).0.quote,
                theme.text("quote_close")
            ),
            ItemKind::Practice => wiki.practice(item).0.summary.to_string(),
        },
    }
}

/// Dossiers by date, newest first (then by slug).
pub fn newest_first(wiki: &Wiki, dossiers: &[Id<Dossier>]) -> Vec<Id<Dossier>> {
    // Ids follow the slugs' order (`Wiki::all`): the slug breaks ties
    // without a comparison of text.
    let mut dated: Vec<_> = dossiers
        .iter()
        .map(|&id| (std::cmp::Reverse(wiki[id].front.date), id))
        .collect();
    dated.sort_unstable();
    dated.into_iter().map(|(_, id)| id).collect()
}

/// A statement or practice as lists show it in brief, with what other files
/// may say of it: whether a contradiction joins it (for a statement, the
/// practices of any dossier decide). Made when a page is planned, so that the
/// page's shape tracks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    /// The statement or practice.
    pub item: ItemId,
    /// Whether a contradiction joins it to something.
    pub contradicted: bool,
}

impl Listed {
    /// `item` as lists show it.
    pub fn new(wiki: &Wiki, item: ItemId) -> Listed {
        let contradicted = match item.kind {
            ItemKind::Statement => !wiki.contradicted_by(item).is_empty(),
            ItemKind::Practice => wiki.practice(item).1.contradicted().next().is_some(),
        };
        Listed { item, contradicted }
    }
}

/// Statements and practices in date order (then by dossier and id), as lists
/// show them.
pub fn listed_by_date(wiki: &Wiki, items: &[ItemId]) -> Vec<Listed> {
    by_date(wiki, items)
        .into_iter()
        .map(|item| Listed::new(wiki, item))
        .collect()
}

/// Statements and practices in date order (then by dossier and id).
pub fn by_date(wiki: &Wiki, items: &[ItemId]) -> Vec<ItemId> {
    // Each date looked up once, not at every comparison: planning sorts
    // every statement and practice of the wiki several times over.
    let mut dated: Vec<_> = items
        .iter()
        .map(|&item| (wiki.item_date(item), item))
        .collect();
    dated.sort_unstable();
    dated.into_iter().map(|(_, item)| item).collect()
}

impl<'a> Views<'a> {
    /// Views for the page that `urls` links from.
    pub fn new(wiki: &'a Wiki, theme: &'a Theme, urls: Urls) -> Views<'a> {
        Views {
            wiki,
            theme,
            urls,
            read: RefCell::new(Vec::new()),
        }
    }

    /// Notes that the page shows data of `id`.
    fn saw(&self, id: EntityId) {
        self.read.borrow_mut().push(id);
    }

    /// The site's settings: every page depends on them, and a change to
    /// them renders every page (see `driver::Session`).
    pub fn site(&self) -> &'a SiteConfig {
        self.wiki.site()
    }

    /// The link to the editorial rules that every page's footer shows. Not
    /// noted as read: the link follows from `site.yaml` alone, whose edits
    /// render every page anyway.
    pub fn editorial_rules(&self) -> Option<String> {
        let rules = self.wiki.editorial_rules()?;
        Some(self.urls.entity(self.wiki, rules.entity()))
    }

    /// A page of one kind.
    pub fn page<T: Kinded>(&self, id: Id<T>) -> &'a Page<T, T::Links> {
        self.saw(id.entity());
        &self.wiki[id]
    }

    /// What a page has whatever its kind (slug, file, body).
    pub fn common(&self, id: EntityId) -> Common<'a> {
        self.saw(id);
        self.wiki.common(id)
    }

    /// A page's address under the root (`people/x/`).
    pub fn path(&self, id: EntityId) -> String {
        self.saw(id);
        entity_path(self.wiki, id)
    }

    /// Statements and practices in date order (then by dossier and id).
    pub fn by_date(&self, items: &[ItemId]) -> Vec<ItemId> {
        for item in items {
            self.saw_dossier(item.dossier);
        }
        by_date(self.wiki, items)
    }

    /// A dossier's statements then its practices, in order.
    pub fn items_of(&self, dossier: Id<Dossier>) -> impl Iterator<Item = ItemId> + use<> {
        self.saw_dossier(dossier);
        self.wiki.items_of(dossier)
    }

    /// The date of a statement or practice.
    pub fn item_date(&self, item: ItemId) -> Date {
        self.saw_dossier(item.dossier);
        self.wiki.item_date(item)
    }

    fn saw_dossier(&self, dossier: Id<Dossier>) {
        self.saw(dossier.entity());
    }

    /// The pages whose data the views built so far have read, sorted, without repeats.
    pub fn read(&self) -> Vec<EntityId> {
        let mut read = self.read.borrow().clone();
        read.sort_unstable();
        read.dedup();
        read
    }

    /// The display name of a page.
    pub fn title(&self, id: EntityId) -> String {
        self.saw(id);
        title(self.wiki, id)
    }

    /// A link to a page, titled with its name.
    pub fn link(&self, id: EntityId) -> Link {
        self.saw(id);
        Link {
            url: self.urls.entity(self.wiki, id),
            title: title(self.wiki, id),
        }
    }

    fn optional_link(&self, id: Option<EntityId>) -> Option<Link> {
        id.map(|id| self.link(id))
    }

    /// A date in the theme's words, with its ISO form.
    pub fn date(&self, date: &Date) -> DateView {
        DateView {
            iso: date.to_string(),
            text: date_text(self.theme, date),
        }
    }

    fn optional_date(&self, date: Option<&Date>) -> Option<DateView> {
        date.map(|d| self.date(d))
    }

    /// A country code as the theme names it.
    pub fn country(&self, code: &str) -> String {
        self.theme.label("countries", code)
    }

    /// The time from words (`said`) to deed (`done`): "2 ans et 3 mois plus
    /// tard", to no finer a unit than both dates know.
    pub fn gap(&self, said: &Date, done: &Date) -> Gap {
        let days = said.days_until(done);
        let counting = &self.theme.counting;
        let words = |key: &str, n: i64| {
            let form = if counting.is_plural(n) {
                format!("{key}s")
            } else {
                key.to_string()
            };
            format!("{} {}", counting.number(n), self.theme.label("gap", &form))
        };
        let knows_months = said.month.is_some() && done.month.is_some();
        let knows_days = said.day.is_some() && done.day.is_some();
        let span = days.abs();
        let (years, months, rest) = (span / 365, (span % 365) / 30, (span % 365) % 30);
        let mut parts = Vec::new();
        if years > 0 {
            parts.push(words("year", years));
        }
        if months > 0 && knows_months {
            parts.push(words("month", months));
        }
        if years == 0 && rest > 0 && knows_days {
            parts.push(words("day", rest));
        }
        let direction = match days {
            d if d > 0 => "later",
            d if d < 0 => "earlier",
            _ => "same_day",
        };
        let text = match parts.as_slice() {
            [] if knows_days => self.theme.label("gap", "same_day"),
            [] => self.theme.label("gap", "same_period"),
            [one] => format!("{one} {}", self.theme.label("gap", direction)),
            [first, second] => {
                format!(
                    "{first} {} {second} {}",
                    self.theme.label("gap", "and"),
                    self.theme.label("gap", direction)
                )
            }
            _ => format!(
                "{} {}",
                parts.join(", "),
                self.theme.label("gap", direction)
            ),
        };
        Gap { days, text }
    }

    /// A source.
    pub fn source(&self, source: &Source, publisher: Option<EntityId>) -> SourceView {
        SourceView {
            url: source.url.0.to_string(),
            title: source.title.as_deref().map(str::to_string),
            publisher: publisher
                .map(|id| self.title(id))
                .or_else(|| source.publisher.as_deref().map(str::to_string)),
            publisher_url: publisher.map(|id| self.urls.entity(self.wiki, id)),
            author: source.author.as_deref().map(str::to_string),
            date: self.optional_date(source.date.as_ref()),
            archive: source.archive.as_ref().map(|a| a.0.to_string()),
            accessed: self.optional_date(source.accessed.as_ref()),
            lang: source.lang.as_ref().map(|l| l.0.to_string()),
            file: source.file.as_ref().map(|f| self.media(f)),
        }
    }

    /// A link to a file under media/.
    fn media(&self, file: &str) -> String {
        self.urls.to(file.trim_start_matches('/'))
    }

    fn dossier_link(&self, dossier: Id<Dossier>) -> Link {
        self.link(dossier.entity())
    }

    fn item_link(&self, item: ItemId) -> Link {
        self.saw_dossier(item.dossier);
        Link {
            url: self.urls.item(self.wiki, item),
            title: target_title(self.wiki, self.theme, Target::Item(item)),
        }
    }

    /// The other side of a contradiction between `statement` and `practice`,
    /// seen from `from` (one of the two).
    fn counterpart(&self, statement: ItemId, practice: ItemId, from: ItemId) -> Counterpart {
        let other = if from == statement {
            practice
        } else {
            statement
        };
        let said = self.wiki.statement(statement).0;
        let done = self.wiki.practice(practice).0;
        Counterpart {
            link: self.item_link(other),
            dossier: (other.dossier != from.dossier).then(|| self.dossier_link(other.dossier)),
            gap: self.gap(&said.date, &done.date),
            noted_by: self.noted_by(practice, statement),
        }
    }

    /// The source of a `contradicts` link; `None` for the editors' own.
    pub fn noted_by(&self, practice: ItemId, statement: ItemId) -> Option<SourceView> {
        self.saw_dossier(practice.dossier);
        let (source, publisher) = self.wiki.noted_by(practice, statement)?;
        Some(self.source(source, publisher))
    }

    /// A statement, practice or response related to an item of `from_dossier`.
    fn related(&self, link: Link, dossier: Id<Dossier>, from_dossier: Id<Dossier>) -> Related {
        Related {
            link,
            dossier: (dossier != from_dossier).then(|| self.dossier_link(dossier)),
        }
    }

    /// A response, seen from the page of `from_dossier`; `anchor` when it is
    /// placed there.
    pub fn response(
        &self,
        response: ResponseId,
        from_dossier: Id<Dossier>,
        anchor: bool,
    ) -> ResponseView {
        self.saw_dossier(response.dossier);
        let wiki = self.wiki;
        let (front, links) = wiki.response(response);
        let language = &wiki.site().language;
        let lang = front.lang.as_ref().unwrap_or(language).0.to_string();
        ResponseView {
            side: "response",
            anchor: anchor.then(|| front.id.0.to_string()),
            url: self.urls.response(wiki, response),
            speaker: self.optional_link(links.speaker),
            date: self.date(&front.date),
            quote: front.quote.as_deref().map(str::to_string),
            summary: front.summary.as_deref().map(str::to_string),
            foreign: lang != language.0,
            lang,
            source: self.source(&front.source, links.publisher),
            replies_to: links
                .replies_to
                .iter()
                .map(|&item| self.related(self.item_link(item), item.dossier, from_dossier))
                .collect(),
        }
    }

    /// The responses to an item, seen from its page; those not yet placed
    /// on it are placed here, with their anchors.
    fn responses(
        &self,
        item: ItemId,
        responses: &[ResponseId],
        placed: &mut Vec<ResponseId>,
    ) -> Vec<ResponseView> {
        responses
            .iter()
            .map(|&response| {
                let anchor = response.dossier == item.dossier && !placed.contains(&response);
                if anchor {
                    placed.push(response);
                }
                self.response(response, item.dossier, anchor)
            })
            .collect()
    }

    /// A statement, with what other files say of it (the caller's page
    /// tracks it); places on the page the responses not yet in `placed`.
    pub fn statement(
        &self,
        item: ItemId,
        others: &OtherFiles,
        placed: &mut Vec<ResponseId>,
    ) -> StatementView {
        self.saw_dossier(item.dossier);
        let wiki = self.wiki;
        let (statement, links) = wiki.statement(item);
        let language = &wiki.site().language;
        let lang = statement.lang.as_ref().unwrap_or(language).0.to_string();
        StatementView {
            side: "statement",
            id: statement.id.0.to_string(),
            url: self.urls.item(wiki, item),
            speaker: self.optional_link(links.speaker),
            date: self.date(&statement.date),
            quote: statement.quote.to_string(),
            foreign: lang != language.0,
            lang,
            context: statement
                .context
                .as_deref()
                .map(|c| inline_html(wiki, self.theme, &self.urls, c)),
            source: self.source(&statement.source, links.publisher),
            verdict: statement.verdict.map(|v| v.as_str()),
            verdict_label: statement
                .verdict
                .map(|v| self.theme.label("verdict", v.as_str())),
            verdict_note: statement.verdict_note.as_deref().map(str::to_string),
            verdict_source: statement
                .verdict_source
                .as_ref()
                .map(|source| self.source(source, links.verdict_publisher)),
            refuted_by: others
                .refuted_by
                .iter()
                .map(|&practice| {
                    self.related(self.item_link(practice), practice.dossier, item.dossier)
                })
                .collect(),
            contradicted_by: others
                .contradicted_by
                .iter()
                .map(|&practice| self.counterpart(item, practice, item))
                .collect(),
            responses: self.responses(item, &others.responses, placed),
        }
    }

    /// A practice, with its responses (which the caller's page tracks);
    /// places on the page the responses not yet in `placed`.
    pub fn practice(
        &self,
        item: ItemId,
        others: &OtherFiles,
        placed: &mut Vec<ResponseId>,
    ) -> PracticeView {
        self.saw_dossier(item.dossier);
        let wiki = self.wiki;
        let (practice, links) = wiki.practice(item);
        let kind = practice.kind.as_str();
        PracticeView {
            side: "practice",
            id: practice.id.0.to_string(),
            url: self.urls.item(wiki, item),
            actor: self.optional_link(links.actor),
            kind,
            kind_label: self.theme.label("practice_kind", kind),
            date: self.date(&practice.date),
            until: self.optional_date(practice.until.as_ref()),
            summary: practice.summary.to_string(),
            site: practice.site.as_deref().map(str::to_string),
            provider: links.provider.map(|p| self.provider_brief(p)),
            via: self.optional_link(links.via),
            location: practice.location.as_ref().and_then(|l| {
                let country = l.country.as_ref().map(|c| self.country(&c.0));
                let parts: Vec<String> = l
                    .city
                    .iter()
                    .map(|c| c.to_string())
                    .chain(country)
                    .collect();
                (!parts.is_empty()).then(|| parts.join(", "))
            }),
            evidence: practice
                .evidence
                .iter()
                .zip(&links.evidence_publishers)
                .zip(&links.record_providers)
                .map(|((evidence, publisher), providers)| {
                    let kind = evidence.kind.as_str();
                    let mut records_data: Vec<String> = Vec::new();
                    for data in evidence.records.iter().filter_map(|r| r.data.as_ref()) {
                        if !records_data.iter().any(|known| **known == **data) {
                            records_data.push(data.to_string());
                        }
                    }
                    EvidenceView {
                        kind,
                        kind_label: self.theme.label("evidence_kind", kind),
                        date: self.optional_date(evidence.date.as_ref()),
                        source: evidence.source.as_ref().map(|s| self.source(s, *publisher)),
                        detail: evidence.detail.as_deref().map(str::to_string),
                        file: evidence
                            .file
                            .as_ref()
                            .map(|f| self.urls.to(f.trim_start_matches('/'))),
                        records_name_providers: evidence
                            .records
                            .iter()
                            .any(|r| r.provider.is_some() || r.region.is_some()),
                        records_data,
                        records: evidence
                            .records
                            .iter()
                            .zip(providers)
                            .map(|(r, provider)| RecordView {
                                record_type: r.record_type.to_string(),
                                name: r.name.to_string(),
                                ttl: r.ttl,
                                provider: provider.map(|p| self.link(p.entity())),
                                region: r.region.as_deref().map(str::to_string),
                                value: r.value.to_string(),
                                network: match (r.asn, &r.as_name) {
                                    (Some(asn), Some(name)) => Some(format!("AS{asn} {name}")),
                                    (Some(asn), None) => Some(format!("AS{asn}")),
                                    (None, Some(name)) => Some(name.to_string()),
                                    (None, None) => None,
                                },
                                country: r.country.as_ref().map(|c| self.country(&c.0)),
                            })
                            .collect(),
                    }
                })
                .collect(),
            contradicts: links
                .contradicted()
                .map(|statement| self.counterpart(statement, item, item))
                .collect(),
            refutes: links
                .refutes
                .iter()
                .map(|&statement| {
                    self.related(self.item_link(statement), statement.dossier, item.dossier)
                })
                .collect(),
            responses: self.responses(item, &others.responses, placed),
        }
    }

    /// A provider in brief.
    pub fn provider_brief(&self, provider: Id<Provider>) -> ProviderBrief {
        let page = self.page(provider);
        ProviderBrief {
            link: self.link(provider.entity()),
            operator: self.optional_link(page.links.operator),
            headquarters: page.front.headquarters.as_ref().map(|c| self.country(&c.0)),
            laws: page
                .links
                .subject_to
                .iter()
                .map(|&law| self.link(law.entity()))
                .collect(),
        }
    }

    /// A statement or practice in brief.
    pub fn brief(&self, listed: Listed) -> BriefView {
        let Listed { item, contradicted } = listed;
        self.saw_dossier(item.dossier);
        let wiki = self.wiki;
        let (side, who, date, text, foreign_lang, provider) = match item.kind {
            ItemKind::Statement => {
                let (statement, links) = wiki.statement(item);
                let foreign = statement
                    .lang
                    .as_ref()
                    .filter(|lang| **lang != wiki.site().language)
                    .map(|lang| lang.0.to_string());
                (
                    "statement",
                    links.speaker,
                    &statement.date,
                    &statement.quote,
                    foreign,
                    None,
                )
            }
            ItemKind::Practice => {
                let (practice, links) = wiki.practice(item);
                let provider = links.provider.map(|p| self.title(p.entity()));
                (
                    "practice",
                    links.actor,
                    &practice.date,
                    &practice.summary,
                    None,
                    provider,
                )
            }
        };
        BriefView {
            side,
            url: self.urls.item(wiki, item),
            who: self.optional_link(who),
            date: self.date(date),
            text: text.to_string(),
            quoted: item.kind == ItemKind::Statement,
            foreign_lang,
            provider,
            contradicted,
        }
    }

    /// A response in brief.
    pub fn response_brief(&self, response: ResponseId) -> BriefView {
        self.saw_dossier(response.dossier);
        let wiki = self.wiki;
        let (front, links) = wiki.response(response);
        let foreign_lang = front
            .lang
            .as_ref()
            .filter(|lang| **lang != wiki.site().language)
            .map(|lang| lang.0.to_string());
        BriefView {
            side: "response",
            url: self.urls.response(wiki, response),
            who: self.optional_link(links.speaker),
            date: self.date(&front.date),
            text: front
                .quote
                .as_deref()
                .or(front.summary.as_deref())
                .unwrap_or_default()
                .to_string(),
            quoted: front.quote.is_some(),
            foreign_lang: front.quote.as_ref().and(foreign_lang),
            provider: None,
            contradicted: false,
        }
    }

    /// A dossier in a list.
    pub fn dossier_card(&self, dossier: Id<Dossier>) -> DossierCard {
        let page = self.page(dossier);
        DossierCard {
            url: self.urls.entity(self.wiki, dossier.entity()),
            title: page.front.title.to_string(),
            date: self.date(&page.front.date),
            summary: page.front.summary.as_deref().map(str::to_string),
            subject: self.optional_link(page.links.subject),
            statements: page.front.statements.len(),
            practices: page.front.practices.len(),
            contradictions: page
                .links
                .practices
                .iter()
                .map(|p| p.contradicted().count())
                .sum(),
        }
    }

    /// Links to pages, in the order given.
    pub fn links(&self, ids: &[EntityId]) -> Vec<Link> {
        ids.iter().map(|&id| self.link(id)).collect()
    }

    /// Inline Markdown (a context, a correction's note), as HTML.
    pub fn inline(&self, markdown: &str) -> String {
        inline_html(self.wiki, self.theme, &self.urls, markdown)
    }

    /// A dossier's responses, in order.
    pub fn responses_of(&self, dossier: Id<Dossier>) -> impl Iterator<Item = ResponseId> + use<> {
        self.saw_dossier(dossier);
        self.wiki.responses_of(dossier)
    }

    /// A Markdown body, as HTML; an error when its file, read again, is not
    /// the file that was checked.
    pub fn body(
        &self,
        body: &crate::source::Body,
        wikilinks: &[crate::resolve::Wikilink],
    ) -> Result<String, super::Error> {
        let markdown = body.text()?;
        for wikilink in wikilinks {
            match wikilink.target {
                Target::Entity(id) => self.saw(id),
                Target::Item(item) => self.saw_dossier(item.dossier),
            }
        }
        Ok(body_html(
            self.wiki, self.theme, &self.urls, &markdown, wikilinks,
        ))
    }
}
