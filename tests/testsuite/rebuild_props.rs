//! A proof that rebuilds are right: random sequences of edits to a generated
//! wiki, and after each one, every byte of a `serve` session's output compared
//! with a build from scratch.
//!
//! The wiki is a model (people, laws, providers, dossiers with statements,
//! practices, contradictions and wikilinks) written out as content files
//! after each edit. Edits: a quote, a dossier's title, a dossier's date (the
//! lists of dossiers are newest first), a dossier's or a person's body (only
//! its own page shows it), a person's name, a
//! practice's provider, a new dossier (its practice dated to land anywhere in
//! the lists), a deletion, a rename with the wikilinks and contradictions that
//! name it, topics, `per_page`, a law, the laws of a provider, a contradiction
//! across dossiers, who noted a contradiction, a refuting fact, a response to
//! an item of any dossier, a correction, a wikilink in a body, the theme, the
//! site's title, media, and an error then its fix.
//!
//! `cargo test` runs `VIGIE_PROP_CASES` sequences (default 16) from
//! `VIGIE_PROP_SEED` (default: from the clock), printing the seed so that a
//! failure can be run again; proptest shrinks a failing sequence to a short
//! one. `benches/rebuild_props.sh` runs thousands.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::harness::{same_files, snapshot};

/// A statement of the model.
#[derive(Debug, Clone)]
struct Statement {
    id: String,
    year: u16,
    quote: String,
    speaker: usize,
}

/// A practice of the model.
#[derive(Debug, Clone)]
struct Practice {
    id: String,
    year: u16,
    provider: usize,
    /// Statements it contradicts: (dossier slug, statement id).
    contradicts: Vec<(String, String)>,
    /// Whether a source noted its first contradiction.
    noted: bool,
    /// Statements it refutes: (dossier slug, statement id).
    refutes: Vec<(String, String)>,
}

/// A response of the model: its id and the items it answers.
#[derive(Debug, Clone)]
struct Response {
    id: String,
    replies_to: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
struct Dossier {
    slug: String,
    title: String,
    subject: usize,
    year: u16,
    topics: Vec<&'static str>,
    statements: Vec<Statement>,
    practices: Vec<Practice>,
    /// Wikilink destinations in the body.
    links: Vec<String>,
    responses: Vec<Response>,
    /// How many corrections it lists.
    corrections: u16,
    /// Words added to its body, without links.
    prose: String,
}

#[derive(Debug, Clone)]
struct Provider {
    slug: String,
    name: String,
    laws: Vec<usize>,
}

/// The wiki, as a contributor would edit it.
#[derive(Debug, Clone)]
struct Model {
    title: String,
    per_page: usize,
    people: Vec<(String, String)>,
    laws: Vec<(String, String)>,
    providers: Vec<Provider>,
    dossiers: Vec<Dossier>,
    /// A theme override of one string, when set.
    theme_string: Option<String>,
    media: Vec<String>,
    /// A person's file broken on purpose, to be fixed by the next edit.
    broken: bool,
    /// How many dossiers were ever made, for fresh slugs.
    made: usize,
    /// Words in each person's body.
    person_prose: Vec<String>,
}

const TOPICS: [&str; 3] = ["hebergement", "messagerie", "souverainete"];

impl Model {
    fn new() -> Model {
        let people = (0..4)
            .map(|i| (format!("personne-{i}"), format!("Personne {i}")))
            .collect();
        let laws = (0..3)
            .map(|i| (format!("loi-{i}"), format!("Loi {i}")))
            .collect();
        let providers = (0..3)
            .map(|i| Provider {
                slug: format!("hebergeur-{i}"),
                name: format!("Hébergeur {i}"),
                laws: vec![i % 3, (i + 1) % 3],
            })
            .collect();
        let mut model = Model {
            title: "Wiki d'essai".into(),
            per_page: 2,
            people,
            laws,
            providers,
            dossiers: Vec::new(),
            theme_string: None,
            media: Vec::new(),
            broken: false,
            made: 0,
            person_prose: vec![String::new(); 4],
        };
        for i in 0..5 {
            model.add_dossier(i, i, 2010 + (i as u16 * 3) % 12);
        }
        // One contradiction across dossiers from the start.
        let target = (model.dossiers[0].slug.clone(), "d0".to_string());
        model.dossiers[1].practices[0].contradicts.push(target);
        model
    }

    fn add_dossier(&mut self, subject: usize, provider: usize, year: u16) {
        let n = self.made;
        self.made += 1;
        let subject = subject % self.people.len();
        let mut dossier = Dossier {
            slug: format!("dossier-{n}"),
            title: format!("Dossier {n}"),
            subject,
            year,
            topics: vec![TOPICS[n % TOPICS.len()]],
            statements: vec![Statement {
                id: "d0".into(),
                year: year.saturating_sub(1),
                quote: format!("Phrase {n}"),
                speaker: subject,
            }],
            practices: vec![Practice {
                id: "p0".into(),
                year,
                provider: provider % self.providers.len(),
                // Half the dossiers start with a statement contradicted.
                contradicts: if n.is_multiple_of(2) {
                    vec![("".into(), "d0".into())]
                } else {
                    Vec::new()
                },
                noted: false,
                refutes: Vec::new(),
            }],
            links: vec![self.people[subject].0.clone()],
            responses: Vec::new(),
            corrections: 0,
            prose: String::new(),
        };
        if n.is_multiple_of(2) {
            dossier.statements.push(Statement {
                id: "d1".into(),
                year,
                quote: format!("Autre phrase {n}"),
                speaker: (subject + 1) % self.people.len(),
            });
        }
        self.dossiers.push(dossier);
    }

    fn apply(&mut self, edit: &Edit) {
        let dossiers = self.dossiers.len();
        // The previous edit broke a file: this one fixes it first.
        self.broken = false;
        match *edit {
            Edit::Quote(d, word) if dossiers > 0 => {
                let dossier = &mut self.dossiers[d % dossiers];
                let statement = word % dossier.statements.len();
                dossier.statements[statement]
                    .quote
                    .push_str(&format!(" mot{word}"));
            }
            Edit::Title(d) if dossiers > 0 => {
                self.dossiers[d % dossiers].title.push_str(" (bis)");
            }
            Edit::DossierDate(d, year) if dossiers > 0 => {
                self.dossiers[d % dossiers].year = 2005 + year as u16 % 20;
            }
            Edit::Prose(d) if dossiers > 0 => {
                self.dossiers[d % dossiers].prose.push_str(" Texte.");
            }
            Edit::PersonProse(p) => {
                let count = self.person_prose.len();
                self.person_prose[p % count].push_str(" Texte.");
            }
            Edit::PersonName(p) => {
                let count = self.people.len();
                self.people[p % count].1.push_str(" Jr");
            }
            Edit::Provider(d, p) if dossiers > 0 => {
                let count = self.providers.len();
                self.dossiers[d % dossiers].practices[0].provider = p % count;
            }
            Edit::NewDossier(subject, provider, year) => {
                self.add_dossier(subject, provider, 2005 + year as u16 % 20);
            }
            Edit::Delete(d) if dossiers > 1 => {
                let gone = self.dossiers.remove(d % dossiers).slug;
                self.forget(&gone, None);
            }
            Edit::Rename(d) if dossiers > 0 => {
                let n = self.made;
                self.made += 1;
                let new = format!("renomme-{n}");
                let old = std::mem::replace(&mut self.dossiers[d % dossiers].slug, new.clone());
                self.forget(&old, Some(&new));
            }
            Edit::Topic(d, t) if dossiers > 0 => {
                let topics = &mut self.dossiers[d % dossiers].topics;
                let topic = TOPICS[t % TOPICS.len()];
                match topics.iter().position(|&x| x == topic) {
                    Some(i) if topics.len() > 1 => {
                        topics.remove(i);
                    }
                    Some(_) => {}
                    None => topics.push(topic),
                }
            }
            Edit::PerPage(n) => self.per_page = 1 + n % 4,
            Edit::LawName(l) => {
                let count = self.laws.len();
                self.laws[l % count].1.push_str(" modifiée");
            }
            Edit::ProviderLaws(p, l) => {
                let count = self.providers.len();
                let laws = &mut self.providers[p % count].laws;
                let law = l % self.laws.len();
                match laws.iter().position(|&x| x == law) {
                    Some(i) => {
                        laws.remove(i);
                    }
                    None => laws.push(law),
                }
            }
            Edit::Contradict(from, to, s) if dossiers > 1 && from % dossiers != to % dossiers => {
                let target = &self.dossiers[to % dossiers];
                let statement = target.statements[s % target.statements.len()].id.clone();
                let slug = target.slug.clone();
                let practice = &mut self.dossiers[from % dossiers].practices[0];
                let pair = (slug, statement);
                if !practice.contradicts.contains(&pair) {
                    practice.contradicts.push(pair);
                }
            }
            Edit::Note(d) if dossiers > 0 => {
                let practice = &mut self.dossiers[d % dossiers].practices[0];
                practice.noted = !practice.noted;
            }
            Edit::Refute(from, to, s) if dossiers > 0 => {
                let target = &self.dossiers[to % dossiers];
                let statement = target.statements[s % target.statements.len()].id.clone();
                let slug = target.slug.clone();
                let practice = &mut self.dossiers[from % dossiers].practices[0];
                let pair = (slug, statement);
                match practice.refutes.iter().position(|p| *p == pair) {
                    Some(i) => {
                        practice.refutes.remove(i);
                    }
                    None => practice.refutes.push(pair),
                }
            }
            Edit::Respond(from, to, item) if dossiers > 0 => {
                let target = &self.dossiers[to % dossiers];
                let ids: Vec<String> = target
                    .statements
                    .iter()
                    .map(|s| s.id.clone())
                    .chain(target.practices.iter().map(|p| p.id.clone()))
                    .collect();
                let pair = (target.slug.clone(), ids[item % ids.len()].clone());
                let dossier = &mut self.dossiers[from % dossiers];
                match dossier.responses.first_mut() {
                    // One response per dossier, answering one item or two.
                    Some(response) if response.replies_to.len() < 2 => {
                        if !response.replies_to.contains(&pair) {
                            response.replies_to.push(pair);
                        }
                    }
                    Some(_) => {
                        dossier.responses.clear();
                    }
                    None => dossier.responses.push(Response {
                        id: "r0".into(),
                        replies_to: vec![pair],
                    }),
                }
            }
            Edit::Correct(d) if dossiers > 0 => {
                self.dossiers[d % dossiers].corrections += 1;
            }
            Edit::BodyLink(d, target) if dossiers > 0 => {
                let destinations: Vec<String> = self
                    .people
                    .iter()
                    .map(|p| p.0.clone())
                    .chain(self.providers.iter().map(|p| p.slug.clone()))
                    .chain(self.laws.iter().map(|l| l.0.clone()))
                    .chain(self.dossiers.iter().map(|d| d.slug.clone()))
                    .collect();
                let destination = destinations[target % destinations.len()].clone();
                let dossier = &mut self.dossiers[d % dossiers];
                if dossier.slug != destination && !dossier.links.contains(&destination) {
                    dossier.links.push(destination);
                }
            }
            Edit::Theme(n) => {
                self.theme_string = match self.theme_string {
                    Some(_) => None,
                    None => Some(format!("Accueil {n}")),
                }
            }
            Edit::SiteTitle => self.title.push('!'),
            Edit::Media(n) => {
                let name = format!("capture-{}.txt", n % 3);
                match self.media.iter().position(|m| *m == name) {
                    Some(i) => {
                        self.media.remove(i);
                    }
                    None => self.media.push(name),
                }
            }
            Edit::Break => self.broken = true,
            _ => {}
        }
    }

    /// After `slug` is deleted (or renamed to `new`), every wikilink and
    /// contradiction that named it follows (or goes).
    fn forget(&mut self, slug: &str, new: Option<&str>) {
        for dossier in &mut self.dossiers {
            let own = dossier.slug.clone();
            let follow = |(target, _): &mut (String, String)| {
                if target == slug {
                    match new {
                        Some(new) if new == own => {
                            target.clear();
                            true
                        }
                        Some(new) => {
                            *target = new.to_string();
                            true
                        }
                        None => false,
                    }
                } else {
                    true
                }
            };
            for practice in &mut dossier.practices {
                practice.contradicts.retain_mut(follow);
                practice.refutes.retain_mut(follow);
            }
            for response in &mut dossier.responses {
                response.replies_to.retain_mut(follow);
            }
            dossier.responses.retain(|r| !r.replies_to.is_empty());
            dossier.links.retain_mut(|link| {
                if link == slug {
                    match new {
                        Some(new) => {
                            *link = new.to_string();
                            true
                        }
                        None => false,
                    }
                } else {
                    true
                }
            });
            let own = dossier.slug.clone();
            dossier.links.retain(|link| *link != own);
        }
    }

    /// The content files of the model: path under `content/` and text.
    fn files(&self) -> Vec<(String, String)> {
        let mut files = vec![(
            "site.yaml".to_string(),
            format!(
                "title: \"{}\"\nbase_url: https://example.org/wiki/\nlanguage: fr\nper_page: {}\n",
                self.title, self.per_page
            ),
        )];
        for (i, (slug, name)) in self.people.iter().enumerate() {
            let field = if self.broken && i == 0 {
                "nmae"
            } else {
                "name"
            };
            let prose = &self.person_prose[i];
            files.push((
                format!("people/{slug}.md"),
                format!("---\n{field}: \"{name}\"\n---\n{prose}\n"),
            ));
        }
        for (slug, name) in &self.laws {
            files.push((
                format!("laws/{slug}.md"),
                format!("---\nname: \"{name}\"\njurisdiction: US\n---\n"),
            ));
        }
        for provider in &self.providers {
            let laws: Vec<&str> = provider
                .laws
                .iter()
                .map(|&l| self.laws[l].0.as_str())
                .collect();
            files.push((
                format!("providers/{}.md", provider.slug),
                format!(
                    "---\nname: \"{}\"\nheadquarters: US\nsubject_to: [{}]\n---\n",
                    provider.name,
                    laws.join(", ")
                ),
            ));
        }
        for dossier in &self.dossiers {
            files.push((
                format!("dossiers/{}.md", dossier.slug),
                self.dossier_text(dossier),
            ));
        }
        for name in &self.media {
            files.push((format!("media/{name}"), name.clone()));
        }
        files
    }

    /// Makes the content of `root` the model's, touching only the files that
    /// change (media are stamped by time: rewriting them all would make
    /// every rebuild a full one).
    fn write(&self, root: &Path) {
        let content = root.join("content");
        let files = self.files();
        for entry in walkdir::WalkDir::new(&content).into_iter().flatten() {
            let relative = entry.path().strip_prefix(&content).unwrap_or(entry.path());
            let relative = relative.to_string_lossy();
            if entry.file_type().is_file() && !files.iter().any(|(path, _)| *path == relative) {
                fs::remove_file(entry.path()).expect("removed");
            }
        }
        for (path, text) in &files {
            let full = content.join(path);
            if fs::read_to_string(&full).ok().as_deref() != Some(text.as_str()) {
                fs::create_dir_all(full.parent().expect("a parent")).expect("a folder");
                fs::write(full, text).expect("a file");
            }
        }
        let theme = root.join("themes/default/strings.yaml");
        match &self.theme_string {
            Some(home) => {
                fs::create_dir_all(theme.parent().expect("a parent")).expect("a folder");
                fs::write(&theme, format!("home: \"{home}\"\n")).expect("a file");
            }
            None => {
                let _ = fs::remove_file(&theme);
            }
        }
    }

    fn dossier_text(&self, dossier: &Dossier) -> String {
        let mut text = String::new();
        let topics = dossier.topics.join(", ");
        let _ = write!(
            text,
            "---\ntitle: \"{}\"\nsubject: {}\ndate: {}-06-01\ntopics: [{topics}]\nsummary: \"Résumé de {}.\"\nstatements:\n",
            dossier.title, self.people[dossier.subject].0, dossier.year, dossier.slug
        );
        for statement in &dossier.statements {
            let _ = write!(
                text,
                "  - id: {}\n    date: {}-03\n    quote: \"{}\"\n    speaker: {}\n    source: {{ url: \"https://example.org/{}/{}\", archive: \"https://web.archive.org/{}/{}\" }}\n",
                statement.id,
                statement.year,
                statement.quote,
                self.people[statement.speaker].0,
                dossier.slug,
                statement.id,
                dossier.slug,
                statement.id
            );
        }
        text.push_str("practices:\n");
        for practice in &dossier.practices {
            let mut contradicts: Vec<String> = practice.contradicts.iter().map(reference).collect();
            if practice.noted
                && let Some(first) = contradicts.first_mut()
            {
                *first = format!(
                    "{{ statement: \"{first}\", noted_by: {{ url: \"https://example.org/{}/note\", publisher: \"Le Journal\", archive: \"https://web.archive.org/{}/note\" }} }}",
                    dossier.slug, dossier.slug
                );
            }
            let refutes: Vec<String> = practice.refutes.iter().map(reference).collect();
            let _ = write!(
                text,
                "  - id: {}\n    kind: hosting\n    date: {}-09-01\n    summary: \"Hébergé chez {}.\"\n    provider: {}\n    evidence:\n      - kind: press\n        date: {}-09-01\n        source: {{ url: \"https://example.org/{}/p\", archive: \"https://web.archive.org/{}/p\" }}\n    contradicts: [{}]\n    refutes: [{}]\n",
                practice.id,
                practice.year,
                self.providers[practice.provider].name,
                self.providers[practice.provider].slug,
                practice.year,
                dossier.slug,
                dossier.slug,
                contradicts.join(", "),
                refutes.join(", ")
            );
        }
        if !dossier.responses.is_empty() {
            text.push_str("responses:\n");
        }
        for response in &dossier.responses {
            let replies: Vec<String> = response.replies_to.iter().map(reference).collect();
            let _ = write!(
                text,
                "  - id: {}\n    date: {}-10\n    replies_to: [{}]\n    quote: \"Réponse de {}.\"\n    source: {{ url: \"https://example.org/{}/r\", archive: \"https://web.archive.org/{}/r\" }}\n",
                response.id,
                dossier.year,
                replies.join(", "),
                dossier.slug,
                dossier.slug,
                dossier.slug
            );
        }
        if dossier.corrections > 0 {
            text.push_str("corrections:\n");
        }
        for n in 0..dossier.corrections {
            let _ = write!(
                text,
                "  - date: {}-11-{:02}\n    note: \"Correction {n}.\"\n",
                dossier.year,
                1 + n % 28
            );
        }
        text.push_str("---\n");
        for link in &dossier.links {
            let _ = writeln!(text, "Voir [[{link}]].\n");
        }
        let _ = writeln!(text, "{}", dossier.prose);
        text
    }
}

/// A reference to an item as written: `id` in its own dossier, else `dossier#id`.
fn reference((slug, id): &(String, String)) -> String {
    if slug.is_empty() {
        id.clone()
    } else {
        format!("{slug}#{id}")
    }
}

/// One edit; numbers pick among what exists (modulo its count).
#[derive(Debug, Clone)]
enum Edit {
    Quote(usize, usize),
    Title(usize),
    DossierDate(usize, u8),
    Prose(usize),
    PersonProse(usize),
    PersonName(usize),
    Provider(usize, usize),
    NewDossier(usize, usize, u8),
    Delete(usize),
    Rename(usize),
    Topic(usize, usize),
    PerPage(usize),
    LawName(usize),
    ProviderLaws(usize, usize),
    Contradict(usize, usize, usize),
    Note(usize),
    Refute(usize, usize, usize),
    Respond(usize, usize, usize),
    Correct(usize),
    BodyLink(usize, usize),
    Theme(u8),
    SiteTitle,
    Media(usize),
    Break,
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = || 0..16usize;
    prop_oneof![
        (n(), n()).prop_map(|(a, b)| Edit::Quote(a, b)),
        n().prop_map(Edit::Title),
        (n(), any::<u8>()).prop_map(|(d, year)| Edit::DossierDate(d, year)),
        n().prop_map(Edit::Prose),
        n().prop_map(Edit::PersonProse),
        n().prop_map(Edit::PersonName),
        (n(), n()).prop_map(|(a, b)| Edit::Provider(a, b)),
        (n(), n(), any::<u8>()).prop_map(|(a, b, c)| Edit::NewDossier(a, b, c)),
        n().prop_map(Edit::Delete),
        n().prop_map(Edit::Rename),
        (n(), n()).prop_map(|(a, b)| Edit::Topic(a, b)),
        n().prop_map(Edit::PerPage),
        n().prop_map(Edit::LawName),
        (n(), n()).prop_map(|(a, b)| Edit::ProviderLaws(a, b)),
        (n(), n(), n()).prop_map(|(a, b, c)| Edit::Contradict(a, b, c)),
        n().prop_map(Edit::Note),
        (n(), n(), n()).prop_map(|(a, b, c)| Edit::Refute(a, b, c)),
        (n(), n(), n()).prop_map(|(a, b, c)| Edit::Respond(a, b, c)),
        n().prop_map(Edit::Correct),
        (n(), n()).prop_map(|(a, b)| Edit::BodyLink(a, b)),
        any::<u8>().prop_map(Edit::Theme),
        Just(Edit::SiteTitle),
        n().prop_map(Edit::Media),
        Just(Edit::Break),
    ]
}

fn options(root: &Path) -> vigie::Options {
    vigie::Options::new(root, jiff::civil::date(2026, 11, 22))
}

/// Runs one sequence: the model written, a session built, then each edit
/// applied, rebuilt and compared with a build from scratch.
fn check_sequence(edits: &[Edit]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    let output = root.join("public");
    let scratch = root.join("scratch");
    let claim = |path: &Path| {
        vigie::write::Destination::claim(root, path, false).expect("an output of its own")
    };
    let mut model = Model::new();
    model.write(root);
    let mut session = vigie::Session::new(options(root), claim(&output));
    let first = session.build(false).expect("a first build");
    prop_assert!(
        first.pages.is_some(),
        "the generated wiki has errors: {:#?}",
        first.checked.diagnostics
    );
    for (step, edit) in edits.iter().enumerate() {
        model.apply(edit);
        model.write(root);
        let before = snapshot(&output);
        let built = session.build(false).expect("a rebuild");
        if model.broken {
            prop_assert!(
                built.pages.is_none(),
                "step {step}, {edit:?}: an error was not found"
            );
            prop_assert!(
                snapshot(&output) == before,
                "step {step}, {edit:?}: output changed on error"
            );
            continue;
        }
        prop_assert!(
            built.pages.is_some(),
            "step {step}, {edit:?}: {:#?}",
            built.checked.diagnostics
        );
        let _ = fs::remove_dir_all(&scratch);
        let fresh = vigie::build(&options(root), &claim(&scratch), false).expect("a build");
        prop_assert!(fresh.pages.is_some());
        if let Err(why) = same_files(&snapshot(&scratch), &snapshot(&output)) {
            return Err(TestCaseError::fail(format!("step {step}, {edit:?}: {why}")));
        }
    }
    Ok(())
}

#[test]
fn every_rebuild_equals_a_build_from_scratch() {
    let cases: u32 = std::env::var("VIGIE_PROP_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let seed: u64 = std::env::var("VIGIE_PROP_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs())
        });
    println!("rebuild property: {cases} sequences, VIGIE_PROP_SEED={seed}");
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let result = runner.run(&prop::collection::vec(edit(), 1..8), |edits| {
        check_sequence(&edits)
    });
    if let Err(failure) = result {
        panic!("{failure}\nrun again with VIGIE_PROP_SEED={seed}");
    }
}
