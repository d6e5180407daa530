//! The kinds of pages a wiki is made of, and the folders that hold them.

use serde::Serialize;

/// A kind of content file, and of page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `dossiers/`: statements contrasted with practice.
    Dossier,
    /// `people/`.
    Person,
    /// `organizations/`.
    Organization,
    /// `providers/`: digital services.
    Provider,
    /// `laws/`: laws and legal regimes.
    Law,
    /// `topics/`: optional descriptions of topics.
    Topic,
    /// `about/`: pages about the wiki itself (its editorial rules, who
    /// writes it).
    About,
}

impl Kind {
    /// Every kind, in the order pages list them.
    pub const ALL: [Kind; 7] = [
        Kind::Dossier,
        Kind::Person,
        Kind::Organization,
        Kind::Provider,
        Kind::Law,
        Kind::Topic,
        Kind::About,
    ];

    /// The folder under `content/` and in the output: `people`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Dossier => "dossiers",
            Kind::Person => "people",
            Kind::Organization => "organizations",
            Kind::Provider => "providers",
            Kind::Law => "laws",
            Kind::Topic => "topics",
            Kind::About => "about",
        }
    }

    /// The kind named by a folder.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// The kind in a sentence, with its article: "a person".
    pub fn with_article(self) -> &'static str {
        match self {
            Kind::Dossier => "a dossier",
            Kind::Person => "a person",
            Kind::Organization => "an organization",
            Kind::Provider => "a provider",
            Kind::Law => "a law",
            Kind::Topic => "a topic",
            Kind::About => "a page about the wiki",
        }
    }
}
