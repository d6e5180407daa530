//! Linking again after edits that change no link (`vigie serve`).
//!
//! Takes the last resolve's [`Memo`] and the files as validated now; gives
//! what [`resolve`](super::resolve) would give, without linking every file
//! again, when each edited file keeps its page's place and links: the same
//! file and slug, no problem in linking it before or after, its references
//! and wikilinks resolved to the same pages and items, its statements and
//! practices under the same ids and dates (the timeline and the
//! contradictions follow them), the same date (the lists of dossiers, newest
//! first, follow it), the same topics (a topic exists by use). Its page then takes the new front matter
//! and body, and every index of the wiki stands as it was. Anything else
//! (a file added, removed or renamed, a link changed, a problem, the site's
//! settings, an edited topic file) links everything again.
//!
//! A title, a quote, a summary or a body edited: the save's rebuild skips
//! the linking of the whole wiki (about 60 ms at 10,000 dossiers).

use std::sync::Arc;

use super::acting::Acting;
use super::index::{Index, Items};
use super::{
    Id, Kinded, Linked, Linker, Options, Page, Wiki, link_dossier, link_everything,
    link_organization, link_person, link_provider, no_links,
};
use crate::diagnostic::Diagnostic;
use crate::front_matter::{
    About, Date, Dossier, Law, Organization, Person, Practice, Provider, Statement,
};
use crate::kind::Kind;
use crate::validate::{Document, Validated};

/// What a resolve leaves for the next one: the wiki (shared with the check
/// that gave it: it can be changed in place only once that check is
/// dropped), what its files were linked against, and the problems found.
pub struct Memo {
    wiki: Arc<Wiki>,
    index: Index,
    acting: Acting,
    diagnostics: Vec<Diagnostic>,
    options: Options,
    /// The digest of the site settings' text.
    site: Option<u64>,
    /// Whether the wiki is the one before with edits put in place.
    in_place: bool,
    /// How many times this series of resolves linked every file.
    linked: u64,
}

impl Memo {
    /// Whether the last resolve put its edits in place in the wiki before,
    /// rather than linking every file.
    pub fn in_place(&self) -> bool {
        self.in_place
    }

    /// How many times this series of resolves linked every file. Edits put
    /// in place change no link, id, date or order, nothing that the plan of
    /// the pages reads: two wikis with the same count plan the same pages.
    pub fn linked(&self) -> u64 {
        self.linked
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// [`resolve`](super::resolve), putting the edited files in place in the
/// wiki of `memo` when their links allow it, and leaving in `memo` what the
/// next call needs.
pub fn resolve_again(
    validated: Validated,
    options: Options,
    memo: &mut Option<Memo>,
) -> (Arc<Wiki>, Vec<Diagnostic>) {
    let linked = memo.as_ref().map_or(0, |last| last.linked + 1);
    // Taken: should the edits not fit, the last wiki is gone before the new
    // one is made, not held beside it.
    if let Some(last) = memo.take()
        && let Some(edits) = last.edits(&validated, options)
        && let Ok(mut wiki) = Arc::try_unwrap(last.wiki)
    {
        let mut index = last.index;
        apply(&mut wiki, &mut index, &edits);
        let wiki = Arc::new(wiki);
        let diagnostics = last.diagnostics.clone();
        *memo = Some(Memo {
            wiki: Arc::clone(&wiki),
            index,
            in_place: true,
            ..last
        });
        return (wiki, diagnostics);
    }
    let Linked {
        wiki,
        diagnostics,
        index,
        acting,
        site,
    } = link_everything(validated, options);
    let wiki = Arc::new(wiki);
    *memo = Some(Memo {
        wiki: Arc::clone(&wiki),
        index,
        acting,
        diagnostics: diagnostics.clone(),
        options,
        site,
        in_place: false,
        linked,
    });
    (wiki, diagnostics)
}

/// The edited files of each kind, with their pages' positions.
struct Edits<'v> {
    dossiers: Vec<(usize, &'v Document<Dossier>)>,
    people: Vec<(usize, &'v Document<Person>)>,
    organizations: Vec<(usize, &'v Document<Organization>)>,
    providers: Vec<(usize, &'v Document<Provider>)>,
    laws: Vec<(usize, &'v Document<Law>)>,
    about: Vec<(usize, &'v Document<About>)>,
}

impl Memo {
    /// The files of `validated` that differ from the wiki's pages, when each
    /// can take its page's place; `None` when the wiki must be linked again.
    fn edits<'v>(&self, validated: &'v Validated, options: Options) -> Option<Edits<'v>> {
        // An incomplete wiki (a file in error) lacks links that a fix adds.
        if options != self.options || !options.complete {
            return None;
        }
        // The settings are validated again on every check: their text says
        // whether they changed.
        let same_site = validated.site.as_ref().map(|d| d.file.digest) == self.site;
        let pages = &self.wiki.pages;
        let topics_in_place = validated.topics.len()
            == pages
                .topics
                .iter()
                .filter(|t| t.source_path.is_some())
                .count()
            && validated.topics.iter().all(|document| {
                let page = pages
                    .topics
                    .binary_search_by(|t| t.slug.as_str().cmp(&document.slug))
                    .ok()
                    .and_then(|i| pages.topics.get(i));
                page.is_some_and(|page| Arc::ptr_eq(&page.front, &document.front))
            });
        if !same_site || !topics_in_place {
            return None;
        }
        // Drafts are not in the wiki, unless asked for.
        let dossiers: Vec<_> = validated
            .dossiers
            .iter()
            .filter(|d| options.drafts || !d.front.draft)
            .collect();
        let acting = &self.acting;
        Some(Edits {
            dossiers: self.edited(
                &pages.dossiers,
                &dossiers,
                |linker, id, document| link_dossier(linker, id, document, acting),
                same_indexed,
            )?,
            people: self.edited(&pages.people, &all(&validated.people), link_person, any)?,
            organizations: self.edited(
                &pages.organizations,
                &all(&validated.organizations),
                link_organization,
                any,
            )?,
            providers: self.edited(
                &pages.providers,
                &all(&validated.providers),
                link_provider,
                any,
            )?,
            laws: self.edited(&pages.laws, &all(&validated.laws), no_links, any)?,
            about: self.edited(&pages.about, &all(&validated.about), no_links, any)?,
        })
    }

    /// The `documents` of one kind that are not their page's (a file parsed
    /// again; an unchanged one shares its page's front matter), with their
    /// positions, when each can take its page's place; `None` otherwise.
    fn edited<'v, T: Kinded>(
        &self,
        pages: &[Page<T, T::Links>],
        documents: &[&'v Document<T>],
        link: impl Fn(&mut Linker<'_, T>, Id<T>, &Document<T>) -> T::Links,
        same: impl Fn(&T, &T) -> bool,
    ) -> Option<Vec<(usize, &'v Document<T>)>>
    where
        T::Links: PartialEq,
    {
        if pages.len() != documents.len() {
            return None;
        }
        let mut edited = Vec::new();
        for (i, (page, &document)) in pages.iter().zip(documents).enumerate() {
            if Arc::ptr_eq(&page.front, &document.front) {
                continue;
            }
            let path = document.file.path.as_str();
            let found_problems = self.diagnostics.iter().any(|d| {
                d.location
                    .as_ref()
                    .is_some_and(|location| location.path == path)
            });
            if page.slug != document.slug
                || page.source_path.as_deref() != Some(path)
                || found_problems
                || !same(&page.front, &document.front)
            {
                return None;
            }
            let mut linker = Linker::new(&self.index, document);
            let links = link(&mut linker, Id::new(i), document);
            let here = (T::KIND == Kind::Dossier).then(|| Id::new(i));
            let wikilinks = linker.wikilinks(here);
            if !linker.diagnostics.is_empty() || links != page.links || wikilinks != page.wikilinks
            {
                return None;
            }
            edited.push((i, document));
        }
        Some(edited)
    }
}

/// Puts the edited files in their pages' place.
fn apply(wiki: &mut Wiki, index: &mut Index, edits: &Edits<'_>) {
    let pages = &mut wiki.pages;
    put(&mut pages.dossiers, &edits.dossiers);
    for &(i, dossier) in &edits.dossiers {
        index.replace_items(i, Items::new(Arc::clone(&dossier.front)));
    }
    put(&mut pages.people, &edits.people);
    put(&mut pages.organizations, &edits.organizations);
    put(&mut pages.providers, &edits.providers);
    put(&mut pages.laws, &edits.laws);
    put(&mut pages.about, &edits.about);
}

/// Gives each edited page its document's front matter and body; its links
/// and wikilinks are the same (see [`Memo::edited`]).
fn put<T, L>(pages: &mut [Page<T, L>], edited: &[(usize, &Document<T>)]) {
    for &(i, document) in edited {
        if let Some(page) = pages.get_mut(i) {
            page.front = Arc::clone(&document.front);
            page.body = document.body_text();
        }
    }
}

fn all<T>(documents: &[Document<T>]) -> Vec<&Document<T>> {
    documents.iter().collect()
}

/// For pages whose own fields no index of the wiki reads.
fn any<T>(_: &T, _: &T) -> bool {
    true
}

/// Whether two versions of a dossier agree on what the wiki's indexes read
/// of them besides their links: their topics as written (a topic exists by
/// use: one named for the first time is a new page, which linking against
/// the last index would silently leave out), their statements and
/// practices by id and date, in order, and their own date (the lists of
/// dossiers are newest first: see [`Memo::linked`]).
fn same_indexed(old: &Dossier, new: &Dossier) -> bool {
    fn statement(s: &Statement) -> (&str, Date) {
        (&s.id.0, s.date)
    }
    fn practice(p: &Practice) -> (&str, Date) {
        (&p.id.0, p.date)
    }
    old.topics == new.topics
        && old.date == new.date
        && old
            .statements
            .iter()
            .map(statement)
            .eq(new.statements.iter().map(statement))
        && old
            .practices
            .iter()
            .map(practice)
            .eq(new.practices.iter().map(practice))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use crate::resolve::{ItemKind, Wiki};

    const SOURCE: &str = "{ url: https://example.org, archive: https://archive.org/x }";

    /// A dossier whose statement `said` (dated `said_in`, quoting `quote`)
    /// the practice `done` contradicts when `contradicts`.
    fn dossier(quote: &str, said_in: &str, contradicts: bool) -> String {
        let link = if contradicts { "[said]" } else { "[]" };
        format!(
            "---\ntitle: T\nsubject: jane\ndate: 2016\nstatements:\n  - {{ id: said, date: {said_in}, quote: {quote}, source: {SOURCE} }}\npractices:\n  - {{ id: done, kind: hosting, date: 2016-08-22, summary: S, provider: azure, evidence: [{{ kind: dns }}], contradicts: {link} }}\n---\nSee [[other]].\n"
        )
    }

    fn write(root: &std::path::Path, path: &str, text: &str) {
        let full = root.join("content").join(path);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("a folder");
        std::fs::write(full, text).expect("a file");
    }

    /// What the wiki says, in words: each dossier's items, the timeline,
    /// the contradictions, the backlinks.
    fn said(wiki: &Wiki) -> String {
        let mut out = String::new();
        for (id, page) in wiki.all::<crate::front_matter::Dossier>() {
            let _ = writeln!(
                out,
                "{} {:?} {}",
                page.slug,
                page.front.title,
                page.body.text().expect("the body")
            );
            for statement in &page.front.statements {
                let _ = writeln!(out, "  {} {:?}", statement.id.0, statement.quote);
            }
            let _ = writeln!(out, "  backlinks {:?}", wiki.backlinks(id.entity()));
        }
        for &item in wiki.timeline() {
            let (slug, kind) = (&wiki[item.dossier].slug, item.kind == ItemKind::Statement);
            let _ = writeln!(
                out,
                "timeline {slug} {kind} {} {}",
                item.index,
                wiki.item_date(item)
            );
        }
        let _ = writeln!(out, "{:?}", wiki.contradictions());
        for (id, topic) in wiki.all::<crate::front_matter::Topic>() {
            let _ = writeln!(out, "topic {} {:?}", topic.slug, wiki.dossiers_in(id));
        }
        out
    }

    #[test]
    fn edits_that_keep_the_links_are_put_in_place_and_give_what_a_full_resolve_gives() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        write(
            root,
            "site.yaml",
            "title: W\nbase_url: https://example.org/\n",
        );
        write(root, "people/jane.md", "---\nname: Jane\n---\n");
        write(root, "organizations/ms.md", "---\nname: MS\n---\n");
        write(
            root,
            "providers/azure.md",
            "---\nname: Azure\noperator: ms\n---\n",
        );
        write(root, "dossiers/other.md", &dossier("R", "2015", false));
        write(root, "dossiers/case.md", &dossier("Q", "2014-05", true));
        let options = crate::Options::new(root, jiff::civil::date(2026, 1, 1));
        let mut memory = crate::Memory::default();
        let first = crate::check_with(&options, Some(&mut memory)).expect("a check");
        assert_eq!(first.errors(), 0, "{:#?}", first.diagnostics);
        // Held, the first wiki cannot be changed in place: the next check
        // links everything.
        let mut held = Some(first);
        // (the edit, whether it keeps every link, id and date)
        let edits = [
            (dossier("Q2", "2014-05", true), false),
            (dossier("Q3", "2014-05", true), true),
            (dossier("Q3", "2013", true), false),
            (dossier("Q3", "2013", false), false),
            (dossier("Q4", "2013", false), true),
            // The dossier's own date orders the lists of dossiers.
            (
                dossier("Q4", "2013", false).replace("date: 2016\n", "date: 2017\n"),
                false,
            ),
            (dossier("Q4", "2013", false), false),
            (
                dossier("Q4", "2013", false).replace("[[other]]", "[[jane]]"),
                false,
            ),
            (
                dossier("Q4", "2013", false)
                    .replace("[[other]]", "[[jane]]")
                    .replace("title: T", "title: U"),
                true,
            ),
            // A topic named for the first time is a new page.
            (
                dossier("Q4", "2013", false)
                    .replace("[[other]]", "[[jane]]")
                    .replace("title: T", "title: U\ntopics: [cloud]"),
                false,
            ),
            (
                dossier("Q5", "2013", false)
                    .replace("[[other]]", "[[jane]]")
                    .replace("title: T", "title: U\ntopics: [cloud]"),
                true,
            ),
        ];
        let mut linked = memory.resolved.as_ref().map(super::Memo::linked);
        for (step, (text, in_place)) in edits.iter().enumerate() {
            write(root, "dossiers/case.md", text);
            // The memory compares sizes and times: a save within the same
            // tick of the clock is told by the path.
            memory.read.note_changes(None);
            let again = crate::check_with(&options, Some(&mut memory)).expect("a check");
            let scratch = crate::check(&options).expect("a check");
            assert_eq!(said(&again.wiki), said(&scratch.wiki), "step {step}");
            assert_eq!(again.diagnostics, scratch.diagnostics, "step {step}");
            let memo = memory.resolved.as_ref().expect("a memo");
            assert_eq!(
                memo.in_place(),
                *in_place,
                "step {step}: {:#?}",
                again.diagnostics
            );
            // The count of whole links tells the edits put in place apart.
            assert_eq!(Some(memo.linked()) == linked, *in_place, "step {step}");
            linked = Some(memo.linked());
            held = None;
            drop(again);
        }
        assert!(held.is_none());
    }
}
