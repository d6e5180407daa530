//! Markdown to HTML: CommonMark with tables, footnotes and strikethrough;
//! wikilinks pointing at their pages and titled with their target's name;
//! raw HTML and unsafe link schemes cleaned by an allow-list (ammonia), since
//! the wiki takes contributions from strangers. Only bodies that carry raw
//! HTML or an unusual link pay for the sanitizer.

use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::theme::Theme;
use super::urls::Urls;
use crate::resolve::{Wiki, Wikilink, markdown_options};

/// The sanitizer's settings: ammonia's allow-list, plus the `id` and `class`
/// attributes that footnotes and tables need.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect());
    builder
});

/// Renders a Markdown body.
pub fn body_html(
    wiki: &Wiki,
    theme: &Theme,
    urls: &Urls,
    markdown: &str,
    wikilinks: &[Wikilink],
) -> String {
    let mut needs_cleaning = false;
    let mut untitled_wikilink = false;
    let events = Parser::new_ext(markdown, markdown_options()).filter_map(|event| match event {
        Event::Start(Tag::Link {
            link_type: link_type @ LinkType::WikiLink { has_pothole },
            dest_url,
            title,
            id,
        }) => {
            let target = wikilinks
                .iter()
                .find(|w| w.destination == dest_url.trim())
                .map(|w| w.target);
            let destination = target.map_or_else(|| dest_url.to_string(), |t| urls.target(wiki, t));
            untitled_wikilink = !has_pothole;
            let name = target.map(|t| super::views::target_title(wiki, theme, t));
            let start = Event::Start(Tag::Link {
                link_type,
                dest_url: destination.into(),
                title,
                id,
            });
            if let (false, Some(name)) = (has_pothole, name) {
                // Replace the link text, which repeats the slug, by the name.
                return Some(vec![start, Event::Text(CowStr::from(name))]);
            }
            Some(vec![start])
        }
        Event::Text(_) if untitled_wikilink => None,
        Event::End(TagEnd::Link) => {
            untitled_wikilink = false;
            Some(vec![Event::End(TagEnd::Link)])
        }
        Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
            needs_cleaning |= !is_safe_url(dest_url);
            Some(vec![event])
        }
        Event::Html(_) | Event::InlineHtml(_) => {
            needs_cleaning = true;
            Some(vec![event])
        }
        other => Some(vec![other]),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.flatten());
    if needs_cleaning {
        html = SANITIZER.clean(&html).to_string();
    }
    html
}

/// Inline Markdown (a statement's context): the same, without the paragraph.
pub fn inline_html(wiki: &Wiki, theme: &Theme, urls: &Urls, markdown: &str) -> String {
    let html = body_html(wiki, theme, urls, markdown, &[]);
    let trimmed = html.trim_end();
    trimmed
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .filter(|h| !h.contains("<p>"))
        .unwrap_or(trimmed)
        .to_string()
}

/// Relative links, anchors and http(s)/mailto addresses pass untouched.
fn is_safe_url(url: &str) -> bool {
    match url.split_once(':') {
        None => true,
        Some((scheme, _)) if scheme.contains(['/', '?', '#']) => true,
        Some((scheme, _)) => matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_schemes_are_noticed() {
        assert!(
            is_safe_url("../people/x/") && is_safe_url("#fn1") && is_safe_url("https://a.org/b:c")
        );
        assert!(
            !is_safe_url("javascript:alert(1)")
                && !is_safe_url("JavaScript:x")
                && !is_safe_url("data:text/html,x")
        );
    }
}
