//! Adds to a content file's front matter in place, for the commands that
//! write evidence back (`vigie probe --into`, `vigie archive`): every byte
//! outside the inserted text stays as it was, comments, order, quoting and
//! line endings included, so that the change a contributor reviews in git is
//! the inserted lines and nothing else.
//!
//! Takes the file's text and its YAML tree (from [`crate::parse::yaml`]);
//! gives [`Insertion`]s, applied together by [`apply`], and writes the result
//! whole or not at all ([`write_whole`]).

use std::ops::Range;
use std::path::Path;

use crate::parse::yaml::{self, Node, Value};
use crate::source::SourceFile;

/// Why a front matter could not be added to.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    /// The file has no front matter between `---` lines.
    #[error("{0} has no front matter between `---` lines")]
    NoFrontMatter(String),
    /// The front matter is not valid YAML.
    #[error("{path}: {message}")]
    Yaml {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The list to add to is written on one line (`[...]`).
    #[error("`{0}` is written as a list in brackets; write it one item per line to add to it")]
    FlowList(String),
    /// The value to add to is not a list.
    #[error("`{0}` is not a list")]
    NotAList(String),
    /// The mapping to add to is written on one line, with a list to add.
    #[error("the mapping is written in braces; write it one key per line to add `{0}` to it")]
    FlowMapping(String),
}

/// A file's text and its front matter's tree.
pub struct FrontMatter {
    /// The file, as read.
    pub file: SourceFile,
    /// The front matter's root mapping.
    pub root: Node,
}

impl FrontMatter {
    /// Reads the front matter of `text`, the file at `path`.
    pub fn read(path: &str, text: String) -> Result<FrontMatter, EditError> {
        let parts = crate::parse::split::split(&text)
            .map_err(|_| EditError::NoFrontMatter(path.to_string()))?;
        let file = SourceFile::new(path, text);
        let mut ignored = Vec::new();
        let root =
            yaml::parse(&file, parts.yaml, &mut ignored).map_err(|error| EditError::Yaml {
                path: path.to_string(),
                message: error.message,
            })?;
        match root {
            Some(root) if root.entries().is_some() => Ok(FrontMatter { file, root }),
            _ => Err(EditError::Yaml {
                path: path.to_string(),
                message: "the front matter is not a mapping".into(),
            }),
        }
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.file.text
    }
}

/// Text to insert at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    /// Where, as a byte offset of the original text.
    pub at: usize,
    /// What.
    pub text: String,
}

/// `text` with every insertion made; insertions at the same offset keep
/// their order.
pub fn apply(text: &str, mut insertions: Vec<Insertion>) -> String {
    insertions.sort_by_key(|insertion| insertion.at);
    let mut edited =
        String::with_capacity(text.len() + insertions.iter().map(|i| i.text.len()).sum::<usize>());
    let mut from = 0;
    for insertion in insertions {
        edited.push_str(&text[from..insertion.at]);
        edited.push_str(&insertion.text);
        from = insertion.at;
    }
    edited.push_str(&text[from..]);
    edited
}

/// Adds `entries` (key, value as YAML) after the last entry of `map`: as
/// lines at the mapping's indentation, or after its last value when it is
/// written in braces.
pub fn add_entries(text: &str, map: &Node, entries: &[(&str, String)]) -> Insertion {
    let newline = newline_of(text);
    if is_flow(text, map) {
        let (at, first) = match map.entries().and_then(|e| e.last()) {
            Some(last) => (value_end(text, &last.value, &last.key_span), false),
            None => (map.span.start + 1, true),
        };
        let written: Vec<String> = entries.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let lead = if first { " " } else { ", " };
        let text = format!(
            "{lead}{}{}",
            written.join(", "),
            if first { " " } else { "" }
        );
        return Insertion { at, text };
    }
    let column = key_column(text, map);
    let lines: String = entries
        .iter()
        .map(|(key, value)| format!("{:column$}{key}: {value}{newline}", ""))
        .collect();
    lines_after(text, content_end(text, map), lines)
}

/// Appends `items`, a block list written from column 0 (`- kind: dns\n  ...`),
/// to the list under `key` in `map`, at that list's indentation; makes the key
/// after the mapping's last entry when it has none.
pub fn append_items(
    text: &str,
    map: &Node,
    key: &str,
    items: &str,
) -> Result<Insertion, EditError> {
    let newline = newline_of(text);
    let Some(entry) = map.get(key) else {
        if is_flow(text, map) {
            return Err(EditError::FlowMapping(key.to_string()));
        }
        let column = key_column(text, map);
        let lines =
            format!("{:column$}{key}:{newline}", "") + &indented(items, column + 2, newline);
        return Ok(lines_after(text, content_end(text, map), lines));
    };
    match &entry.value.value {
        Value::Seq(list) if is_flow(text, &entry.value) || list.is_empty() => {
            Err(EditError::FlowList(key.to_string()))
        }
        Value::Seq(list) => {
            let first = &list[0];
            let line = line_start(text, first.span.start);
            let dash = text[line..first.span.start].rfind('-').unwrap_or(0);
            let lines = indented(items, dash, newline);
            Ok(lines_after(text, content_end(text, &entry.value), lines))
        }
        Value::Null => {
            let lines = indented(items, key_column(text, map) + 2, newline);
            Ok(lines_after(text, entry.key_span.end, lines))
        }
        _ => Err(EditError::NotAList(key.to_string())),
    }
}

/// Writes `text` to `path` whole or not at all: into a file beside it, then
/// renamed over it, so that an interruption leaves the old file.
pub fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.vigie-{}", std::process::id()));
    std::fs::write(&temporary, text)?;
    if let Ok(metadata) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&temporary, metadata.permissions());
    }
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// `value` as a YAML string in double quotes, which any text can be.
pub fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{}\"", value.replace('"', "'")))
}

/// The file's line ending: CRLF if it uses it anywhere.
fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Whether a collection is written in brackets or braces.
fn is_flow(text: &str, node: &Node) -> bool {
    matches!(text.as_bytes().get(node.span.start), Some(b'[' | b'{'))
}

/// The offset where the line holding `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |newline| newline + 1)
}

/// The column of a block mapping's keys.
fn key_column(text: &str, map: &Node) -> usize {
    match map.entries().and_then(|e| e.first()) {
        Some(first) => first.key_span.start - line_start(text, first.key_span.start),
        None => 0,
    }
}

/// Where the last thing written in `node` ends, comments after it aside.
fn content_end(text: &str, node: &Node) -> usize {
    if is_flow(text, node) {
        return node.span.end;
    }
    match &node.value {
        Value::Map(entries) => entries.last().map_or(node.span.end, |last| {
            value_end(text, &last.value, &last.key_span)
        }),
        Value::Seq(items) => items
            .last()
            .map_or(node.span.end, |last| content_end(text, last)),
        _ => scalar_end(text, &node.span),
    }
}

/// Where a scalar's text ends. A block scalar's span (from its first line
/// of text; `|` is on the line before) runs over the blank lines after it;
/// they are left after the insertion, unless the scalar keeps them (`|+`,
/// `>+`): then they are part of its value.
fn scalar_end(text: &str, span: &Range<usize>) -> usize {
    let written = &text[span.clone()];
    if !written.ends_with('\n') {
        // A quoted scalar's span may take the blanks after it.
        return span.start + written.trim_end_matches([' ', '\t']).len();
    }
    let header = text[..line_start(text, span.start)].trim_end();
    let indicator = header
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    if indicator.starts_with(['|', '>']) && indicator.contains('+') {
        return span.end;
    }
    span.start + written.trim_end_matches([' ', '\t', '\r', '\n']).len()
}

/// Where a mapping entry ends: its value's end, or its key's when the value
/// is empty.
fn value_end(text: &str, value: &Node, key: &Range<usize>) -> usize {
    if value.span.is_empty() || value.span.end <= key.end {
        key.end
    } else {
        content_end(text, value)
    }
}

/// The start of the line after the one holding the offset just before `at`.
fn after_line(text: &str, at: usize) -> usize {
    if at > 0 && text.as_bytes().get(at - 1) == Some(&b'\n') {
        return at;
    }
    text[at..]
        .find('\n')
        .map_or(text.len(), |newline| at + newline + 1)
}

/// Whole `lines`, inserted after the line where `end` is: at the start of
/// the next line, or after a line break when the text ends without one.
fn lines_after(text: &str, end: usize, lines: String) -> Insertion {
    let at = after_line(text, end);
    let unended = at == text.len() && !text.is_empty() && !text.ends_with('\n');
    let text = match unended {
        true => format!("{}{lines}", newline_of(text)),
        false => lines,
    };
    Insertion { at, text }
}

/// `lines` with `column` spaces before each, ending each with `newline`.
fn indented(lines: &str, column: usize, newline: &str) -> String {
    lines
        .lines()
        .map(|line| match line.is_empty() {
            true => newline.to_string(),
            false => format!("{:column$}{line}{newline}", ""),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> FrontMatter {
        FrontMatter::read("content/dossiers/x.md", text.to_string()).expect("front matter")
    }

    const ITEMS: &str = "- kind: dns\n  date: 2026-12-02\n";

    /// `text` with [`ITEMS`] added to its first practice's evidence.
    fn with_items(text: &str) -> String {
        let front = read(text);
        let practice = &front.root.get("practices").unwrap().value.items().unwrap()[0];
        apply(
            text,
            vec![append_items(text, practice, "evidence", ITEMS).unwrap()],
        )
    }

    #[test]
    fn items_go_after_the_list_s_last_item_at_its_indentation() {
        let text = "---\ntitle: x # a comment\npractices:\n  - id: a\n    evidence:\n      - kind: press   # why\n        source: { url: \"https://a.example\" }\n    contradicts: [c]\n---\nBody\n";
        let edited = with_items(text);
        assert_eq!(
            edited,
            text.replace(
                "    contradicts",
                "      - kind: dns\n        date: 2026-12-02\n    contradicts"
            )
        );
    }

    #[test]
    fn a_missing_list_is_made_after_the_last_entry() {
        let text = "---\npractices:\n- id: a\n  summary: |\n    Two\n    lines\n\n# the next one\n- id: b\n---\n";
        let edited = with_items(text);
        assert_eq!(
            edited,
            text.replace(
                "\n# the next one",
                "  evidence:\n    - kind: dns\n      date: 2026-12-02\n\n# the next one"
            )
        );
    }

    #[test]
    fn crlf_files_keep_their_line_endings() {
        let text =
            "---\r\npractices:\r\n  - id: a\r\n    evidence:\r\n      - kind: press\r\n---\r\n";
        let edited = with_items(text);
        assert_eq!(
            edited,
            "---\r\npractices:\r\n  - id: a\r\n    evidence:\r\n      - kind: press\r\n      - kind: dns\r\n        date: 2026-12-02\r\n---\r\n"
        );
    }

    #[test]
    fn entries_join_a_mapping_in_braces_or_in_lines() {
        let text = "---\nsource: { url: \"https://a.example\", date: \"2016\" }\nother:\n  url: https://b.example  # kept\n  date: 2014-05\nlast: 1\n---\n";
        let front = read(text);
        let archive = [
            ("archive", quoted("https://web.archive.org/web/2016/a")),
            ("accessed", "2026-12-02".to_string()),
        ];
        let flow = add_entries(text, &front.root.get("source").unwrap().value, &archive);
        let block = add_entries(text, &front.root.get("other").unwrap().value, &archive);
        let edited = apply(text, vec![block, flow]);
        assert_eq!(
            edited,
            "---\nsource: { url: \"https://a.example\", date: \"2016\", archive: \"https://web.archive.org/web/2016/a\", accessed: 2026-12-02 }\nother:\n  url: https://b.example  # kept\n  date: 2014-05\n  archive: \"https://web.archive.org/web/2016/a\"\n  accessed: 2026-12-02\nlast: 1\n---\n"
        );
        let again = read(&edited);
        assert_eq!(
            again
                .root
                .get("source")
                .unwrap()
                .value
                .get("archive")
                .unwrap()
                .value
                .scalar_text()
                .as_deref(),
            Some("https://web.archive.org/web/2016/a")
        );
    }

    #[test]
    fn lists_in_brackets_are_refused_not_mangled() {
        let text = "---\npractices:\n  - id: a\n    evidence: [{ kind: press }]\n---\n";
        let front = read(text);
        let practice = &front.root.get("practices").unwrap().value.items().unwrap()[0];
        assert_eq!(
            append_items(text, practice, "evidence", ITEMS),
            Err(EditError::FlowList("evidence".into()))
        );
    }

    #[test]
    fn a_block_scalar_keeps_its_value() {
        for header in ["|", "|+", ">-", "|2+"] {
            let text = format!("---\np:\n  a: {header}\n    kept\n\n\n# after\n---\n");
            let front = read(&text);
            let map = &front.root.get("p").unwrap().value;
            let edited = apply(&text, vec![add_entries(&text, map, &[("b", "1".into())])]);
            let again = read(&edited);
            let value = |front: &FrontMatter| {
                front
                    .root
                    .get("p")
                    .unwrap()
                    .value
                    .get("a")
                    .unwrap()
                    .value
                    .scalar_text()
            };
            assert_eq!(value(&again), value(&front), "{header}: {edited}");
            assert!(
                again.root.get("p").unwrap().value.get("b").is_some(),
                "{edited}"
            );
        }
    }
}
