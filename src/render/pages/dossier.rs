//! A dossier's page (`/dossiers/x/`): its statements and practices on one
//! time axis, in full, with their sources and evidence and the subject's
//! responses beside them; its analysis; its corrections; the pages that link
//! to it; and the schema.org `ClaimReview` records of its fact-checked
//! statements.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use super::{Heading, PagePath};
use crate::front_matter;
use crate::front_matter::Verdict;
use crate::kind::Kind;
use crate::render::shape::Shape;
use crate::render::urls::entity_path;
use crate::render::views::{DateView, ItemView, Link, OtherFiles, ResponseView, Views};
use crate::resolve::{EntityId, Id, ItemId, ItemKind, Wiki};

/// A dossier's page, with what other files say of it: the pages that link to
/// it, and for each statement and practice (in `Wiki::items_of` order) the
/// practices that contradict or refute it and the responses to it.
pub struct Dossier {
    id: Id<front_matter::Dossier>,
    backlinks: Vec<EntityId>,
    others: Vec<OtherFiles>,
}

/// What `dossier.html` sees.
#[derive(Serialize)]
pub struct DossierPageView {
    /// The dossier itself.
    dossier: DossierView,
    /// Statements and practices, by date.
    axis: Vec<ItemView>,
    /// JSON-LD text, when a statement has a verdict.
    claim_reviews: Option<String>,
}

/// The dossier's own fields: `dossier` in the template.
#[derive(Serialize)]
struct DossierView {
    slug: String,
    title: String,
    subject: Option<Link>,
    date: DateView,
    updated: Option<DateView>,
    summary: Option<String>,
    topics: Vec<Link>,
    /// The analysis, as HTML.
    body: String,
    backlinks: Vec<Link>,
    /// The file it comes from, for "edit this page".
    source_path: Option<String>,
    /// When the wiki asked the subject for a reply and got none.
    response_sought: Option<DateView>,
    /// Its responses that answer only items of other dossiers (the others
    /// are beside what they answer).
    responses: Vec<ResponseView>,
    /// Corrections, newest first.
    corrections: Vec<CorrectionView>,
}

/// A correction: `dossier.corrections` in the template.
#[derive(Serialize)]
struct CorrectionView {
    date: DateView,
    /// The note, as HTML.
    note: String,
}

/// Every dossier's page, planned on every core, in order.
pub fn plan(wiki: &Wiki) -> impl IndexedParallelIterator<Item = (PagePath, Dossier)> + '_ {
    let ids: Vec<Id<front_matter::Dossier>> = wiki.ids().collect();
    ids.into_par_iter().map(|id| {
        let dossier = Dossier {
            id,
            backlinks: wiki.backlinks(id.entity()).to_vec(),
            others: wiki
                .items_of(id)
                .map(|item| OtherFiles::of(wiki, item))
                .collect(),
        };
        (PagePath::Folder(entity_path(wiki, dossier.id())), dossier)
    })
}

impl Dossier {
    /// The dossier.
    pub fn id(&self) -> EntityId {
        self.id.entity()
    }

    pub fn shape<'w>(&self, shape: Shape<'w>) -> Shape<'w> {
        let Dossier {
            id: _,
            backlinks,
            others,
        } = self;
        others.iter().fold(
            shape.entities(backlinks.iter().copied()),
            |shape, others| {
                let OtherFiles {
                    contradicted_by,
                    refuted_by,
                    responses,
                } = others;
                shape
                    .items(contradicted_by)
                    .items(refuted_by)
                    .responses(responses)
            },
        )
    }

    /// What other files say of one of the dossier's items.
    fn others(&self, statements: usize, item: ItemId) -> &OtherFiles {
        let position = match item.kind {
            ItemKind::Statement => item.index,
            ItemKind::Practice => statements + item.index,
        };
        &self.others[position]
    }

    pub fn view(&self, views: &Views<'_>) -> Result<(Heading, DossierPageView), super::Error> {
        let page = views.page(self.id);
        let items: Vec<ItemId> = views.items_of(self.id).collect();
        let statements = page.front.statements.len();
        let mut placed = Vec::new();
        let axis = views
            .by_date(&items)
            .into_iter()
            .map(|item| {
                let others = self.others(statements, item);
                match item.kind {
                    ItemKind::Statement => {
                        ItemView::Statement(Box::new(views.statement(item, others, &mut placed)))
                    }
                    ItemKind::Practice => {
                        ItemView::Practice(Box::new(views.practice(item, others, &mut placed)))
                    }
                }
            })
            .collect();
        let responses = views
            .responses_of(self.id)
            .filter(|response| !placed.contains(response))
            .map(|response| views.response(response, self.id, true))
            .collect();
        let mut corrections: Vec<_> = page.front.corrections.iter().collect();
        // Newest first; the sort is stable, so one date keeps the file's order.
        corrections.sort_by_key(|c| std::cmp::Reverse(c.date));
        let corrections = corrections
            .into_iter()
            .map(|correction| CorrectionView {
                date: views.date(&correction.date),
                note: views.inline(&correction.note),
            })
            .collect();
        let topics = page
            .links
            .topics
            .iter()
            .map(|topic| views.link(topic.entity()))
            .collect();
        let dossier = DossierView {
            slug: page.slug.clone(),
            title: page.front.title.to_string(),
            subject: page.links.subject.map(|s| views.link(s)),
            date: views.date(&page.front.date),
            updated: page.front.updated.as_ref().map(|d| views.date(d)),
            summary: page.front.summary.as_deref().map(str::to_string),
            topics,
            body: views.body(&page.body, &page.wikilinks)?,
            backlinks: views.links(&self.backlinks),
            source_path: page.source_path.clone(),
            response_sought: page.front.response_sought.as_ref().map(|d| views.date(d)),
            responses,
            corrections,
        };
        let heading = Heading {
            title: page.front.title.to_string(),
            description: page.front.summary.as_deref().map(str::to_string),
            og_type: "article",
            section: "dossiers",
        };
        let view = DossierPageView {
            dossier,
            axis,
            claim_reviews: self.claim_reviews(views),
        };
        Ok((heading, view))
    }

    /// schema.org `ClaimReview` records for the fact-checked statements, as
    /// the text of a JSON-LD script (`None` when there are none). A verdict
    /// with a `verdict_source` is that fact-check's (its publisher the
    /// author, its address the review's); without one, the editors' (the
    /// site). Dates keep their known precision.
    fn claim_reviews(&self, views: &Views<'_>) -> Option<String> {
        let page = views.page(self.id);
        let canonical = views.urls.absolute(&views.path(self.id()));
        let reviews: Vec<Value> = page
            .front
            .statements
            .iter()
            .zip(&page.links.statements)
            .filter_map(|(statement, links)| {
                let verdict = statement.verdict?;
                let speaker = links.speaker.map(|s| {
                    let kind = if s.kind == Kind::Person { "Person" } else { "Organization" };
                    json!({ "@type": kind, "name": views.title(s) })
                });
                let mut rating = json!({ "@type": "Rating", "alternateName": views.theme.label("verdict", verdict.as_str()) });
                if let (Some(value), Some(object)) = (rating_value(verdict), rating.as_object_mut()) {
                    object.insert("ratingValue".into(), json!(value));
                    object.insert("bestRating".into(), json!(5));
                    object.insert("worstRating".into(), json!(1));
                }
                let (url, author, published) = match &statement.verdict_source {
                    Some(source) => {
                        let name = match links.verdict_publisher {
                            Some(publisher) => views.title(publisher),
                            None => source.publisher.as_deref().map_or_else(|| source.url.host(), str::to_string),
                        };
                        let published = source.date.or(page.front.updated).unwrap_or(page.front.date);
                        (source.url.0.to_string(), json!({ "@type": "Organization", "name": name }), published)
                    }
                    None => (
                        format!("{canonical}#{}", statement.id),
                        json!({ "@type": "Organization", "name": views.site().title, "url": views.urls.absolute("") }),
                        page.front.updated.unwrap_or(page.front.date),
                    ),
                };
                Some(json!({
                    "@context": "https://schema.org",
                    "@type": "ClaimReview",
                    "url": url,
                    "claimReviewed": statement.quote,
                    "datePublished": published.to_string(),
                    "author": author,
                    "itemReviewed": {
                        "@type": "Claim",
                        "author": speaker,
                        "datePublished": statement.date.to_string(),
                        "appearance": { "@type": "CreativeWork", "url": statement.source.url.0 },
                    },
                    "reviewRating": rating,
                }))
            })
            .collect();
        if reviews.is_empty() {
            return None;
        }
        // `</` would end the script element early.
        serde_json::to_string(&reviews)
            .ok()
            .map(|json| json.replace("</", "<\\/"))
    }
}

/// The rating on schema.org's 1 (false) to 5 (true) scale; none for unverifiable.
fn rating_value(verdict: Verdict) -> Option<u8> {
    match verdict {
        Verdict::False => Some(1),
        Verdict::Misleading => Some(2),
        Verdict::MostlyTrue => Some(4),
        Verdict::True => Some(5),
        Verdict::Unverifiable => None,
    }
}
