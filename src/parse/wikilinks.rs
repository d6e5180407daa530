//! Finds the wikilinks of a Markdown body: `[[slug]]`, `[[kind/slug]]`,
//! `[[slug|label]]`, `[[dossier#item]]`. pulldown-cmark parses them, so a
//! `[[...]]` inside code is not a link. `resolve` turns them into pages.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

/// A wikilink as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The destination, without the label.
    pub destination: String,
    /// Byte range of the whole link in the body.
    pub span: Range<usize>,
}

/// The Markdown extensions vigie enables everywhere.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_WIKILINKS
}

/// Every wikilink of `body`, in order.
pub fn find(body: &str) -> Vec<Found> {
    Parser::new_ext(body, markdown_options())
        .into_offset_iter()
        .filter_map(|(event, span)| match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => Some(Found {
                destination: dest_url.trim().to_string(),
                span,
            }),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_wikilinks_outside_code() {
        let body =
            "See [[arnaud-montebourg]] and [[people/x|X]].\n\n`[[not-a-link]]`\n\n[[d#quote]]\n";
        let found = find(body);
        let destinations: Vec<&str> = found.iter().map(|f| f.destination.as_str()).collect();
        assert_eq!(destinations, ["arnaud-montebourg", "people/x", "d#quote"]);
        assert_eq!(&body[found[0].span.clone()], "[[arnaud-montebourg]]");
    }
}
