//! Text helpers that more than one part of vigie needs: the visible text of
//! an HTML page, block by block (the quote check reads stored copies of
//! sources with it, the probe a site's legal notice), and text cut to a
//! number of characters, never inside one.

use scraper::{Html, Node};

/// Elements whose start or end separates text: words on either side must
/// not run together, and a sentence does not run across them.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Elements whose content is not shown.
const HIDDEN: &[&str] = &["script", "style", "noscript", "template", "head"];

/// The visible text of the HTML page `html`, as the text of its blocks in
/// order, each with its runs of white space made one space; entities are
/// decoded, scripts and styles left out, empty blocks dropped.
pub fn html_blocks(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let mut blocks = vec![String::new()];
    let mut hidden = 0usize;
    for edge in document.root_element().traverse() {
        let (node, opening) = match edge {
            ego_tree::iter::Edge::Open(node) => (node, true),
            ego_tree::iter::Edge::Close(node) => (node, false),
        };
        match node.value() {
            Node::Element(element) if HIDDEN.contains(&element.name()) => {
                hidden = if opening {
                    hidden + 1
                } else {
                    hidden.saturating_sub(1)
                };
            }
            Node::Element(element) if BLOCKS.contains(&element.name()) => {
                blocks.push(String::new());
            }
            Node::Text(text) if opening && hidden == 0 => {
                if let Some(block) = blocks.last_mut() {
                    block.push_str(text);
                }
            }
            _ => {}
        }
    }
    blocks
        .iter()
        .map(|block| collapse(block))
        .filter(|block| !block.is_empty())
        .collect()
}

/// `text` with its runs of white space made one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_the_visible_text_between_breaks() {
        let page = "<html><head><title>T</title><style>p { color: red }</style></head><body>\
            <p>Je n&rsquo;entends pas<br>admettre</p><script>var x = 1;</script>\
            <div>Suite <em>en   italique</em></div><p> </p></body></html>";
        assert_eq!(
            html_blocks(page),
            ["Je n\u{2019}entends pas", "admettre", "Suite en italique"]
        );
    }

    #[test]
    fn text_is_cut_on_a_character() {
        assert_eq!(shorten("déjà", 3), "déj…");
        assert_eq!(shorten("déjà", 4), "déjà");
    }
}
