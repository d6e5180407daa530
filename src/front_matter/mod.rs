//! The front matter of every kind of file, as typed Rust structs.
//!
//! These types are the single definition of the content format: `parse`
//! deserializes into them, the structural check walks the JSON Schema derived
//! from them (so a field added here is checked and documented at once), and
//! `vigie schema` prints that schema for editors. Every struct refuses unknown
//! fields. Doc comments become the schema's descriptions.

mod codes;
pub mod values;

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use values::{CountryCode, Date, HttpUrl, LanguageTag, Reference, Slug, Verdict, WikidataId};

/// The JSON Schema (2020-12) of a kind's front matter, or of `site.yaml` for
/// `None`, derived from the types below: what `vigie schema` prints and what
/// validation checks.
pub fn json_schema(kind: Option<crate::kind::Kind>) -> serde_json::Value {
    use crate::kind::Kind;
    let schema = match kind {
        None => schemars::schema_for!(SiteConfig),
        Some(Kind::Dossier) => schemars::schema_for!(Dossier),
        Some(Kind::Person) => schemars::schema_for!(Person),
        Some(Kind::Organization) => schemars::schema_for!(Organization),
        Some(Kind::Provider) => schemars::schema_for!(Provider),
        Some(Kind::Law) => schemars::schema_for!(Law),
        Some(Kind::Topic) => schemars::schema_for!(Topic),
        Some(Kind::About) => schemars::schema_for!(About),
    };
    schema.to_value()
}

/// `content/site.yaml`: the site's settings.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown on every page.
    pub title: String,
    /// The address the site is published at, such as `https://vigie.example.org/`
    /// or `https://example.org/wiki/`.
    pub base_url: HttpUrl,
    /// The language of the site's text (BCP 47).
    #[serde(default = "default_language")]
    pub language: LanguageTag,
    /// One sentence on what the site is, for search engines and the home page.
    #[serde(default)]
    pub description: Option<String>,
    /// The theme: a folder under `themes/`, or `default` (built in).
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Who publishes the site.
    #[serde(default)]
    pub author: Option<String>,
    /// Run every HTML page through minify-html: pages about 5% smaller, builds
    /// about twice as slow (docs/performance.md), hence off by default.
    #[serde(default = "default_minify")]
    pub minify: bool,
    /// How many entries the timeline and the contradictions show per page;
    /// longer lists continue at `timeline/page/2/` and so on.
    #[serde(default = "default_per_page")]
    pub per_page: std::num::NonZeroUsize,
    /// The page of `about/` that gives the editorial rules and says how to
    /// report an error: every page's footer links to it ("Signaler une
    /// erreur").
    #[serde(default)]
    pub editorial_rules: Option<Reference>,
    /// Full-text search: a search box on every page, the `/search/` page and
    /// the index under `search/`. On by default.
    #[serde(default = "default_search")]
    pub search: bool,
}

impl SiteConfig {
    /// The settings of a wiki without a valid `site.yaml`, so that its pages
    /// can still be checked and linked.
    pub fn fallback() -> SiteConfig {
        SiteConfig {
            title: "vigie".into(),
            base_url: HttpUrl("http://localhost/".into()),
            language: default_language(),
            description: None,
            theme: default_theme(),
            author: None,
            minify: default_minify(),
            per_page: default_per_page(),
            editorial_rules: None,
            search: default_search(),
        }
    }
}

fn default_search() -> bool {
    true
}

fn default_per_page() -> std::num::NonZeroUsize {
    std::num::NonZeroUsize::new(200).unwrap_or(std::num::NonZeroUsize::MIN)
}

fn default_minify() -> bool {
    false
}

fn default_language() -> LanguageTag {
    LanguageTag("fr".into())
}

fn default_theme() -> String {
    "default".into()
}

/// A source: where a fact or quote was published.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The address of the article or document (http or https).
    pub url: HttpUrl,
    /// Its title (recommended).
    #[serde(default)]
    pub title: Option<Box<str>>,
    /// An organization's slug (then linked), or the publisher's name as printed.
    #[serde(default)]
    pub publisher: Option<Box<str>>,
    /// The author, as printed.
    #[serde(default)]
    pub author: Option<Box<str>>,
    /// The publication date.
    #[serde(default)]
    pub date: Option<Date>,
    /// The address of an archived copy (recommended).
    #[serde(default)]
    pub archive: Option<HttpUrl>,
    /// When the source was last read.
    #[serde(default)]
    pub accessed: Option<Date>,
    /// The language of the source.
    #[serde(default)]
    pub lang: Option<LanguageTag>,
    /// A stored copy of the source under `content/media/` (plain text, HTML or
    /// PDF), such as `media/sources/huffpost-2016-02-10.html`: `check` looks
    /// for every quote that cites the source in it.
    #[serde(default)]
    pub file: Option<Box<str>>,
}

/// `content/dossiers/<slug>.md`: what was said set beside what was done.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    /// The dossier's headline.
    pub title: Box<str>,
    /// The person or organization held to account.
    pub subject: Reference,
    /// When the case became public.
    pub date: Date,
    /// When the dossier was last substantially updated.
    #[serde(default)]
    pub updated: Option<Date>,
    /// Topic slugs; a topic exists as soon as a dossier uses it.
    #[serde(default)]
    pub topics: Vec<Slug>,
    /// One paragraph, plain text.
    #[serde(default)]
    pub summary: Option<Box<str>>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// What was said.
    #[serde(default)]
    pub statements: Vec<Statement>,
    /// What was done.
    #[serde(default)]
    pub practices: Vec<Practice>,
    /// What the subject (or someone for them) answered.
    #[serde(default)]
    pub responses: Vec<Response>,
    /// When the wiki asked the subject for a reply and got none.
    #[serde(default)]
    pub response_sought: Option<Date>,
    /// Corrections made after publication, with their dates.
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

impl Dossier {
    /// When the dossier last changed: `updated`, else `date`, or its latest
    /// correction when later.
    pub fn last_changed(&self) -> Date {
        let stated = self.updated.unwrap_or(self.date);
        self.corrections
            .iter()
            .map(|correction| correction.date)
            .fold(stated, Date::max)
    }
}

/// A reply of the dossier's subject: shown beside what it answers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Unique among the dossier's statements, practices and responses; the anchor of the
    /// response on the page.
    pub id: Slug,
    /// Who answered (a person or organization); defaults to the dossier's subject.
    #[serde(default)]
    pub speaker: Option<Reference>,
    /// When.
    pub date: Date,
    /// The statements or practices it answers: `item-id` in this dossier, or `dossier#item-id`.
    pub replies_to: Vec<Reference>,
    /// The words, verbatim (this, `summary`, or both).
    #[serde(default)]
    pub quote: Option<Box<str>>,
    /// The answer in the wiki's words (this, `quote`, or both).
    #[serde(default)]
    pub summary: Option<Box<str>>,
    /// The language of the quote; defaults to the site's language.
    #[serde(default)]
    pub lang: Option<LanguageTag>,
    /// Where the answer was published.
    pub source: Source,
}

/// A correction of a dossier after publication.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// When it was made.
    pub date: Date,
    /// What was corrected (inline Markdown).
    pub note: Box<str>,
}

/// A quote: something a person or organization said.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Unique in the dossier; the anchor of the statement on the page.
    pub id: Slug,
    /// Who said it (a person or organization); defaults to the dossier's subject.
    #[serde(default)]
    pub speaker: Option<Reference>,
    /// When it was said.
    pub date: Date,
    /// The exact words, short.
    pub quote: Box<str>,
    /// The language of the quote; defaults to the site's language.
    #[serde(default)]
    pub lang: Option<LanguageTag>,
    /// Where and in what role it was said (inline Markdown).
    #[serde(default)]
    pub context: Option<Box<str>>,
    /// Where the quote was published.
    pub source: Source,
    /// Fact-check of a factual claim.
    #[serde(default)]
    pub verdict: Option<Verdict>,
    /// Why the verdict: required with `verdict`.
    #[serde(default)]
    pub verdict_note: Option<Box<str>>,
    /// The fact-check that rated the claim; without it, the rating is the editors'.
    #[serde(default)]
    pub verdict_source: Option<Box<Source>>,
}

/// What kind of practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PracticeKind {
    /// Where a site or service is hosted.
    Hosting,
    /// A campaign or consultation platform.
    Platform,
    /// A messaging application.
    Messaging,
    /// A contractor that runs a service.
    Contractor,
    /// Software used.
    Software,
    /// Anything else.
    Other,
}

impl PracticeKind {
    /// Every value.
    pub const ALL: &'static [PracticeKind] = &[
        PracticeKind::Hosting,
        PracticeKind::Platform,
        PracticeKind::Messaging,
        PracticeKind::Contractor,
        PracticeKind::Software,
        PracticeKind::Other,
    ];

    /// The value as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            PracticeKind::Hosting => "hosting",
            PracticeKind::Platform => "platform",
            PracticeKind::Messaging => "messaging",
            PracticeKind::Contractor => "contractor",
            PracticeKind::Software => "software",
            PracticeKind::Other => "other",
        }
    }
}

/// A deed: a service chosen, a site hosted, a contractor hired.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// Unique in the dossier; the anchor of the practice on the page.
    pub id: Slug,
    /// Who did it (a person or organization); defaults to the dossier's subject.
    #[serde(default)]
    pub actor: Option<Reference>,
    /// What kind of practice.
    pub kind: PracticeKind,
    /// When it was observed, or started.
    pub date: Date,
    /// When it ended (migration, shutdown).
    #[serde(default)]
    pub until: Option<Date>,
    /// What was done, in one sentence.
    pub summary: Box<str>,
    /// The domain or URL concerned.
    #[serde(default)]
    pub site: Option<Box<str>>,
    /// The provider used.
    #[serde(default)]
    pub provider: Option<Reference>,
    /// The contractor in between.
    #[serde(default)]
    pub via: Option<Reference>,
    /// Where the data is.
    #[serde(default)]
    pub location: Option<DataLocation>,
    /// What shows it: at least one piece.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Statements of the actor (or of whom the actor acts for) that this deed goes
    /// against: `item-id` in this dossier, or `dossier#item-id` (the editors' own
    /// link), or `{ statement: ..., noted_by: source }` (a link a source made).
    #[serde(default)]
    pub contradicts: Vec<ContradictionLink>,
    /// Factual claims, of anyone, that this fact shows false: `item-id` or
    /// `dossier#item-id`. Shown with the claim's verdict, not as a contradiction.
    #[serde(default)]
    pub refutes: Vec<Reference>,
}

/// An entry of `contradicts`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ContradictionLink {
    /// `item-id` or `dossier#item-id`: a link the editors made.
    Editorial(Reference),
    /// A link that a source made (boxed: most links are the editors', and
    /// a source inline made every link three times its size).
    Noted(Box<NotedContradiction>),
}

/// A `contradicts` entry with the source that made the link.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotedContradiction {
    /// The statement: `item-id` in this dossier, or `dossier#item-id`.
    pub statement: Reference,
    /// Who set the words beside the deed.
    pub noted_by: Source,
}

impl ContradictionLink {
    /// The statement it names.
    pub fn statement(&self) -> &Reference {
        match self {
            ContradictionLink::Editorial(statement) => statement,
            ContradictionLink::Noted(noted) => &noted.statement,
        }
    }

    /// The source that made the link; `None` for the editors' own.
    pub fn noted_by(&self) -> Option<&Source> {
        match self {
            ContradictionLink::Editorial(_) => None,
            ContradictionLink::Noted(noted) => Some(&noted.noted_by),
        }
    }
}

/// Where data sits.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataLocation {
    /// The country of the data centre.
    #[serde(default)]
    pub country: Option<CountryCode>,
    /// The city of the data centre.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub city: Option<CompactString>,
}

/// What kind of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    /// A press article.
    Press,
    /// A site's legal notice (mentions légales).
    LegalNotice,
    /// DNS records.
    Dns,
    /// The network (AS) an address belongs to.
    IpAsn,
    /// A traceroute.
    Traceroute,
    /// HTTP response headers.
    HttpHeaders,
    /// A TLS certificate.
    TlsCertificate,
    /// A WHOIS record.
    Whois,
    /// A statement by the organization concerned.
    OfficialStatement,
    /// A document (contract, report, tender).
    Document,
    /// A screenshot.
    Screenshot,
    /// Anything else.
    Other,
}

impl EvidenceKind {
    /// Every value.
    pub const ALL: &'static [EvidenceKind] = &[
        EvidenceKind::Press,
        EvidenceKind::LegalNotice,
        EvidenceKind::Dns,
        EvidenceKind::IpAsn,
        EvidenceKind::Traceroute,
        EvidenceKind::HttpHeaders,
        EvidenceKind::TlsCertificate,
        EvidenceKind::Whois,
        EvidenceKind::OfficialStatement,
        EvidenceKind::Document,
        EvidenceKind::Screenshot,
        EvidenceKind::Other,
    ];

    /// The value as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Press => "press",
            EvidenceKind::LegalNotice => "legal-notice",
            EvidenceKind::Dns => "dns",
            EvidenceKind::IpAsn => "ip-asn",
            EvidenceKind::Traceroute => "traceroute",
            EvidenceKind::HttpHeaders => "http-headers",
            EvidenceKind::TlsCertificate => "tls-certificate",
            EvidenceKind::Whois => "whois",
            EvidenceKind::OfficialStatement => "official-statement",
            EvidenceKind::Document => "document",
            EvidenceKind::Screenshot => "screenshot",
            EvidenceKind::Other => "other",
        }
    }
}

impl EvidenceKind {
    /// Kinds that cannot stand without a published source.
    pub fn needs_source(self) -> bool {
        matches!(
            self,
            EvidenceKind::Press
                | EvidenceKind::LegalNotice
                | EvidenceKind::OfficialStatement
                | EvidenceKind::Document
                | EvidenceKind::Screenshot
        )
    }
}

/// One piece of evidence for a practice.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What kind of evidence.
    pub kind: EvidenceKind,
    /// When it was observed.
    #[serde(default)]
    pub date: Option<Date>,
    /// Where it was published: required for press, legal-notice,
    /// official-statement, document and screenshot.
    #[serde(default)]
    pub source: Option<Box<Source>>,
    /// Free text: what the evidence shows.
    #[serde(default)]
    pub detail: Option<Box<str>>,
    /// A file under `content/media/`, such as `media/montebourg-2016-credits.png`.
    #[serde(default)]
    pub file: Option<Box<str>>,
    /// Technical records (DNS, addresses, networks).
    #[serde(default)]
    pub records: Vec<NetworkRecord>,
}

/// A technical record: a DNS answer, an address and its network, a header, a
/// certificate's field, a name found in a legal notice. One shape for every
/// kind of evidence (content model, section 8): `type`, `name` and `value`,
/// with a few optional fields that say what a lookup found.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkRecord {
    /// The record type: for `dns` evidence `A`, `AAAA`, `CNAME`, `NS`, `MX` or
    /// `NXDOMAIN`; for `ip-asn` `IP`; for `http-headers` `status`, `header` or
    /// `redirect`; for `tls-certificate` `subject`, `san`, `issuer`,
    /// `not-before`, `not-after`, `sha256` or `verified`; for `legal-notice`
    /// `mention`.
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub record_type: CompactString,
    /// What was looked up: the name queried, the address, the URL or the
    /// header's name, the host, the name found.
    #[schemars(with = "String")]
    pub name: CompactString,
    /// The answer: the record's data, the matched prefix, the header's value,
    /// the certificate's field, the sentence the name occurs in.
    #[schemars(with = "String")]
    pub value: CompactString,
    /// A DNS answer's time to live, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u32>,
    /// The autonomous system number of the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asn: Option<u32>,
    /// The autonomous system's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_name: Option<Box<str>>,
    /// Where the address is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// The provider the address or name belongs to: a provider's slug,
    /// checked like any reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Box<Reference>>,
    /// The provider's region, as its range list names it (`westeurope`,
    /// `eu-west-3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Box<str>>,
    /// Which range list matched the address, and its date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Box<str>>,
}

impl NetworkRecord {
    /// The record types each kind of evidence takes (content model,
    /// section 8); kinds not listed take any.
    pub fn types_of(kind: EvidenceKind) -> Option<&'static [&'static str]> {
        match kind {
            EvidenceKind::Dns => Some(&["A", "AAAA", "CNAME", "NS", "MX", "NXDOMAIN"]),
            EvidenceKind::IpAsn => Some(&["IP"]),
            EvidenceKind::HttpHeaders => Some(&["status", "header", "redirect"]),
            EvidenceKind::TlsCertificate => Some(&[
                "subject",
                "san",
                "issuer",
                "not-before",
                "not-after",
                "sha256",
                "verified",
            ]),
            EvidenceKind::LegalNotice => Some(&["mention"]),
            _ => None,
        }
    }
}

/// `content/people/<slug>.md`: a person.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Other names the person is known by.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Offices held.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The person's party.
    #[serde(default)]
    pub party: Option<Reference>,
    /// Wikidata item id.
    #[serde(default)]
    pub wikidata: Option<WikidataId>,
    /// Official website.
    #[serde(default)]
    pub website: Option<HttpUrl>,
}

/// An office a person held.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The office, as titled.
    pub title: String,
    /// The organization the office belongs to.
    #[serde(default)]
    pub organization: Option<Reference>,
    /// When it started.
    #[serde(default)]
    pub from: Option<Date>,
    /// When it ended.
    #[serde(default)]
    pub until: Option<Date>,
}

/// What kind of organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OrganizationKind {
    /// A political party.
    Party,
    /// A public institution.
    Institution,
    /// A company.
    Company,
    /// A contractor to a public body.
    Contractor,
    /// A newspaper or other medium.
    Media,
    /// A non-governmental organization.
    Ngo,
    /// An electoral campaign.
    Campaign,
    /// Anything else.
    Other,
}

impl OrganizationKind {
    /// Every value.
    pub const ALL: &'static [OrganizationKind] = &[
        OrganizationKind::Party,
        OrganizationKind::Institution,
        OrganizationKind::Company,
        OrganizationKind::Contractor,
        OrganizationKind::Media,
        OrganizationKind::Ngo,
        OrganizationKind::Campaign,
        OrganizationKind::Other,
    ];

    /// The value as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganizationKind::Party => "party",
            OrganizationKind::Institution => "institution",
            OrganizationKind::Company => "company",
            OrganizationKind::Contractor => "contractor",
            OrganizationKind::Media => "media",
            OrganizationKind::Ngo => "ngo",
            OrganizationKind::Campaign => "campaign",
            OrganizationKind::Other => "other",
        }
    }
}

/// `content/organizations/<slug>.md`: a party, institution, company, contractor,
/// newspaper or campaign.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// The organization's name.
    pub name: String,
    /// What kind of organization.
    #[serde(default)]
    pub kind: Option<OrganizationKind>,
    /// Where it is based.
    #[serde(default)]
    pub country: Option<CountryCode>,
    /// The organization it belongs to.
    #[serde(default)]
    pub parent: Option<Reference>,
    /// Wikidata item id.
    #[serde(default)]
    pub wikidata: Option<WikidataId>,
    /// Official website.
    #[serde(default)]
    pub website: Option<HttpUrl>,
}

/// What kind of digital service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProviderCategory {
    /// Cloud hosting and computing.
    Cloud,
    /// Campaign management (NationBuilder, NGP VAN).
    CampaignPlatform,
    /// Messaging applications.
    Messaging,
    /// Online consultation platforms.
    ConsultationPlatform,
    /// Content delivery networks.
    Cdn,
    /// Email services.
    Email,
    /// Audience measurement.
    Analytics,
    /// Source code hosting.
    CodeHosting,
    /// Anything else.
    Other,
}

impl ProviderCategory {
    /// Every value.
    pub const ALL: &'static [ProviderCategory] = &[
        ProviderCategory::Cloud,
        ProviderCategory::CampaignPlatform,
        ProviderCategory::Messaging,
        ProviderCategory::ConsultationPlatform,
        ProviderCategory::Cdn,
        ProviderCategory::Email,
        ProviderCategory::Analytics,
        ProviderCategory::CodeHosting,
        ProviderCategory::Other,
    ];

    /// The value as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderCategory::Cloud => "cloud",
            ProviderCategory::CampaignPlatform => "campaign-platform",
            ProviderCategory::Messaging => "messaging",
            ProviderCategory::ConsultationPlatform => "consultation-platform",
            ProviderCategory::Cdn => "cdn",
            ProviderCategory::Email => "email",
            ProviderCategory::Analytics => "analytics",
            ProviderCategory::CodeHosting => "code-hosting",
            ProviderCategory::Other => "other",
        }
    }
}

/// `content/providers/<slug>.md`: a digital service.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// The service's name.
    pub name: String,
    /// The organization that runs it.
    #[serde(default)]
    pub operator: Option<Reference>,
    /// What kind of service.
    #[serde(default)]
    pub category: Option<ProviderCategory>,
    /// The country of the operator's head office.
    #[serde(default)]
    pub headquarters: Option<CountryCode>,
    /// Laws the service is subject to.
    #[serde(default)]
    pub subject_to: Vec<Reference>,
    /// Certifications or regimes it holds (laws/regimes).
    #[serde(default)]
    pub certifications: Vec<Reference>,
    /// Official website.
    #[serde(default)]
    pub website: Option<HttpUrl>,
}

/// `content/laws/<slug>.md`: a law or legal regime.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// The law's usual name.
    pub name: String,
    /// The country or union that enacted it.
    #[serde(default)]
    pub jurisdiction: Option<CountryCode>,
    /// When it was enacted.
    #[serde(default)]
    pub enacted: Option<Date>,
    /// The official text.
    #[serde(default)]
    pub url: Option<HttpUrl>,
}

/// `content/topics/<slug>.md`: the optional description of a topic.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// The topic's name; defaults to its slug.
    #[serde(default)]
    pub name: Option<String>,
}

/// `content/about/<slug>.md`: a page about the wiki itself, such as its
/// editorial rules; its body is the page.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct About {
    /// The page's title.
    pub title: String,
    /// One sentence on what the page says, for search engines.
    #[serde(default)]
    pub description: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_name<T: Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    #[test]
    fn names_match_serde() {
        for &k in PracticeKind::ALL {
            assert_eq!(serde_name(k), k.as_str());
        }
        for &k in EvidenceKind::ALL {
            assert_eq!(serde_name(k), k.as_str());
        }
        for &k in OrganizationKind::ALL {
            assert_eq!(serde_name(k), k.as_str());
        }
        for &k in ProviderCategory::ALL {
            assert_eq!(serde_name(k), k.as_str());
        }
    }
}
