//! A YAML tree that remembers where every key and value sits in the file.
//!
//! serde_yaml gives no positions for values, so the front matter is read once
//! with saphyr's event parser into [`Node`]s carrying byte spans of the file;
//! validation checks these nodes against the schema and then hands them to
//! serde as plain values. Scalars are typed by the YAML 1.2 core schema, as
//! serde_yaml does.
//!
//! Front matter is plain data, so the reader refuses, with an
//! `unsupported-yaml` diagnostic at the first one, the YAML features that
//! it has no use for and that let a few bytes cost much: anchors and aliases
//! (a kilobyte of nested aliases expands to gigabytes), merge keys, tags other
//! than `!!str`, and nesting deeper than [`MAX_DEPTH`]. Nothing is ever
//! expanded, so reading costs time and memory in proportion to the text; and
//! past [`MAX_VALUES`] values reading stops (`too-much-structure`), so that
//! a megabyte of `[a,a,a,...]` cannot cost fifty.

pub mod subset;

use std::borrow::Cow;
use std::ops::Range;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span, Tag};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::SourceFile;

/// How deeply lists and mappings may nest. The content model needs five
/// levels; the limit keeps recursive checks and drops far from the stack's
/// end.
pub const MAX_DEPTH: usize = 32;

/// How many values (scalars, lists and mappings, keys included) front matter
/// may hold. A dossier's has a few hundred; each costs about a hundred bytes.
pub const MAX_VALUES: usize = 16_384;

/// A YAML value with the byte span it occupies in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte range in the file's text.
    pub span: Range<usize>,
    /// The value.
    pub value: Value,
}

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction or exponent.
    Float(f64),
    /// Text.
    String(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in file order.
    Map(Vec<Entry>),
}

/// A key and its value in a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key's text.
    pub key: String,
    /// Where the key is.
    pub key_span: Range<usize>,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The entries when the node is a mapping.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of `key` when the node is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|e| e.key == key)
    }

    /// The items when the node is a list.
    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The text of a scalar as written (numbers and booleans too).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }
}

/// Where each value of a front matter is, without the values: the shape of
/// a [`Node`] tree and its spans. The typed front matter holds the values
/// once validated; diagnostics found later (a broken reference, a quote not
/// in its source) only need to point at a field, and the whole tree held
/// for that was a sixth of a large wiki's memory.
#[derive(Debug)]
pub struct Spans {
    /// The nodes, the root first; each node's children are consecutive.
    nodes: Vec<Spanned>,
}

#[derive(Debug)]
struct Spanned {
    span: Range<u32>,
    /// For a value of a mapping, where its key is: the key is read from the
    /// file's text when a path is looked up, rather than kept apart.
    key: Option<Range<u32>>,
    /// Where its children (a mapping's values or a list's items) are in `nodes`.
    children: Range<u32>,
}

/// A file's byte offsets fit in `u32`: files are at most 1 MiB.
fn narrow(range: &Range<usize>) -> Range<u32> {
    let at = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
    at(range.start)..at(range.end)
}

fn widen(range: &Range<u32>) -> Range<usize> {
    range.start as usize..range.end as usize
}

impl Spans {
    /// The shape and spans of `root`.
    pub fn of(root: &Node) -> Spans {
        let mut nodes = vec![Spanned {
            span: narrow(&root.span),
            key: None,
            children: 0..0,
        }];
        let mut sources = vec![root];
        let mut next = 0;
        // Breadth first, so that each node's children are pushed together.
        while next < sources.len() {
            let node = sources[next];
            let first = nodes.len() as u32;
            match &node.value {
                Value::Map(entries) => {
                    for entry in entries {
                        nodes.push(Spanned {
                            span: narrow(&entry.value.span),
                            key: Some(narrow(&entry.key_span)),
                            children: 0..0,
                        });
                        sources.push(&entry.value);
                    }
                }
                Value::Seq(items) => {
                    for item in items {
                        nodes.push(Spanned {
                            span: narrow(&item.span),
                            key: None,
                            children: 0..0,
                        });
                        sources.push(item);
                    }
                }
                _ => {}
            }
            nodes[next].children = first..nodes.len() as u32;
            next += 1;
        }
        nodes.shrink_to_fit();
        Spans { nodes }
    }

    /// The span of the value at `path` (or of its key, with `key`), or of the
    /// nearest enclosing value when the path does not exist; `text` is the
    /// file's, which holds the keys.
    pub fn find(&self, text: &str, path: &[Step<'_>], key: bool) -> Range<usize> {
        // A key as written: plain, or between quotes (a field's name has
        // nothing to escape).
        let is_key = |span: &Range<u32>, name: &str| {
            let written = text.get(widen(span)).unwrap_or_default();
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|&quote| written.strip_prefix(quote)?.strip_suffix(quote));
            unquoted.unwrap_or(written) == name
        };
        let Some(mut node) = self.nodes.first() else {
            return 0..0;
        };
        let mut span = widen(&node.span);
        for step in path {
            let children = self.nodes.get(widen(&node.children)).unwrap_or_default();
            let child = match step {
                Step::Field(name) => children
                    .iter()
                    .find(|child| child.key.as_ref().is_some_and(|k| is_key(k, name))),
                Step::Index(i) => children.get(*i).filter(|child| child.key.is_none()),
            };
            let Some(child) = child else { break };
            span = match (&child.key, key) {
                (Some(key_span), true) => widen(key_span),
                _ => widen(&child.span),
            };
            node = child;
        }
        span
    }
}

/// One step of a path into the front matter: a field or a list index.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// A field of a mapping.
    Field(&'a str),
    /// An item of a list.
    Index(usize),
}

/// Parses the YAML found at `range` of `file`. Returns the root node (`None`
/// for an empty document) or the syntax error; duplicate keys are reported
/// in `diagnostics` and the later value is dropped.
///
/// Front matter written as usual is read by [`subset`], several times
/// faster; whatever that reader declines, saphyr reads.
pub fn parse(
    file: &SourceFile,
    range: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<Node>, Diagnostic> {
    match subset::read(&file.text[range.clone()], range.start) {
        Some(root) => Ok(Some(root)),
        None => parse_with_saphyr(file, range, diagnostics),
    }
}

/// [`parse`] by saphyr's event parser alone, whatever the text.
pub fn parse_with_saphyr(
    file: &SourceFile,
    range: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<Node>, Diagnostic> {
    let text = &file.text[range.clone()];
    let offsets = Offsets::new(text, range.start);
    let mut builder = Builder {
        file,
        offsets: &offsets,
        stack: Vec::new(),
        root: None,
        values: 0,
        diagnostics,
    };
    for event in Parser::new_from_str(text) {
        match event {
            Ok((Event::DocumentEnd | Event::StreamEnd, _)) if builder.stack.is_empty() => {
                if builder.root.is_some() {
                    break;
                }
            }
            Ok((event, span)) => builder.event(event, span)?,
            Err(error) => {
                let at = offsets.byte(error.marker());
                return Err(Diagnostic::new(
                    Code::YamlSyntax,
                    format!("YAML syntax error: {}", error.info()),
                    Some(file.locate(at..at + 1)),
                )
                .with_help(
                    "check the indentation and quote values that contain `: `, `#` or start with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `@` or a backquote"
                        .to_string(),
                ));
            }
        }
    }
    Ok(builder.root)
}

/// Turns the parser's character positions within the YAML into byte offsets
/// of the whole file. The parser's own character index is used, not its line
/// and column: YAML also breaks lines at a lone `\r`, which the file's line
/// table does not. Positions come in file order, near one another, so a
/// cursor walks from the last one, a character at a time either way.
struct Offsets<'a> {
    text: &'a str,
    base: usize,
    ascii: bool,
    /// The last position converted: (characters, bytes) from the start.
    cursor: std::cell::Cell<(usize, usize)>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        Offsets {
            text,
            base,
            ascii: text.is_ascii(),
            cursor: std::cell::Cell::new((0, 0)),
        }
    }

    fn byte(&self, marker: &Marker) -> usize {
        let target = marker.index();
        if self.ascii {
            return self.base + target.min(self.text.len());
        }
        let (mut chars, mut bytes) = self.cursor.get();
        if target >= chars {
            for c in self.text[bytes..].chars() {
                if chars == target {
                    break;
                }
                chars += 1;
                bytes += c.len_utf8();
            }
        } else {
            for c in self.text[..bytes].chars().rev() {
                if chars == target {
                    break;
                }
                chars -= 1;
                bytes -= c.len_utf8();
            }
        }
        self.cursor.set((chars, bytes));
        self.base + bytes
    }

    fn span(&self, span: &Span) -> Range<usize> {
        self.byte(&span.start)..self.byte(&span.end)
    }
}

/// An open collection while events stream in.
enum Frame {
    Seq {
        start: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        entries: Vec<Entry>,
        key: Option<(String, Range<usize>)>,
    },
}

struct Builder<'a, 'd> {
    file: &'a SourceFile,
    offsets: &'a Offsets<'a>,
    stack: Vec<Frame>,
    root: Option<Node>,
    /// Values begun so far, for [`MAX_VALUES`].
    values: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Builder<'_, '_> {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Diagnostic> {
        let range = self.offsets.span(&span);
        if matches!(
            event,
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..)
        ) {
            self.count_value(&range)?;
        }
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.check_plain(&range, anchor, tag.as_ref())?;
                // `!!str` is the one tag allowed: it keeps `yes` or `2014` text.
                let value = if style == ScalarStyle::Plain && tag.is_none() {
                    resolve_plain(&text)
                } else {
                    Value::String(text.into_owned())
                };
                self.add(Node { span: range, value })
            }
            Event::Alias(_) => Err(self.unsupported(
                range,
                "aliases (`*name`) are not read in front matter",
                "write the value out in full where it is needed",
            )),
            Event::SequenceStart(anchor, tag) => {
                self.check_plain(&range, anchor, tag.as_ref())?;
                self.check_not_key(&range)?;
                self.check_depth(&range)?;
                self.stack.push(Frame::Seq {
                    start: range.start,
                    items: Vec::new(),
                });
                Ok(())
            }
            Event::MappingStart(anchor, tag) => {
                self.check_plain(&range, anchor, tag.as_ref())?;
                self.check_not_key(&range)?;
                self.check_depth(&range)?;
                self.stack.push(Frame::Map {
                    start: range.start,
                    entries: Vec::new(),
                    key: None,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                // Every file's tree is held until all are validated: the room
                // a growing list leaves (up to half of it) is given back.
                let (start, value) = match self.stack.pop() {
                    Some(Frame::Seq { start, mut items }) => {
                        items.shrink_to_fit();
                        (start, Value::Seq(items))
                    }
                    Some(Frame::Map {
                        start, mut entries, ..
                    }) => {
                        entries.shrink_to_fit();
                        (start, Value::Map(entries))
                    }
                    None => return Ok(()),
                };
                let node = Node {
                    span: start..range.end.max(start),
                    value,
                };
                self.add(node)
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => Ok(()),
        }
    }

    /// Places a finished node in the open collection, or as the root.
    fn add(&mut self, node: Node) -> Result<(), Diagnostic> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    let text = node.scalar_text().unwrap_or_default();
                    if text == "<<" {
                        return Err(self.unsupported(
                            node.span,
                            "merge keys (`<<`) are not read in front matter",
                            "write the fields out in full",
                        ));
                    }
                    *key = Some((text, node.span));
                    Ok(())
                }
                Some((text, key_span)) => {
                    if let Some(first) = entries.iter().find(|e| e.key == text) {
                        let (line, _) = self.file.line_column(first.key_span.start);
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::DuplicateKey,
                                format!("`{text}` is given twice"),
                                Some(self.file.locate(key_span)),
                            )
                            .with_label("second time here")
                            .with_help(format!("the first `{text}` is on line {line}; keep one")),
                        );
                    } else {
                        entries.push(Entry {
                            key: text,
                            key_span,
                            value: node,
                        });
                    }
                    Ok(())
                }
            },
        }
    }

    /// Keys must be plain text: a list or mapping in key position is refused.
    fn check_not_key(&self, range: &Range<usize>) -> Result<(), Diagnostic> {
        match self.stack.last() {
            Some(Frame::Map { key: None, .. }) => Err(self.syntax(
                range.clone(),
                "keys must be plain text, not lists or mappings",
            )),
            _ => Ok(()),
        }
    }

    /// Anchors (`&name`) and tags other than `!!str` are refused.
    fn check_plain(
        &self,
        range: &Range<usize>,
        anchor: usize,
        tag: Option<&Cow<'_, Tag>>,
    ) -> Result<(), Diagnostic> {
        if anchor > 0 {
            return Err(self.unsupported(
                range.clone(),
                "anchors (`&name`) are not read in front matter",
                "remove the `&name`, and write the value out in full wherever an alias used it",
            ));
        }
        match tag {
            Some(tag) if !(tag.is_yaml_core_schema() && tag.suffix == "str") => {
                Err(self.unsupported(
                    range.clone(),
                    &format!("the tag `{}{}` is not read in front matter", short_handle(tag), tag.suffix),
                    "remove the tag: values are text, numbers, dates, lists and mappings; `!!str` alone may force text",
                ))
            }
            _ => Ok(()),
        }
    }

    /// Lists and mappings nest at most [`MAX_DEPTH`] deep.
    fn check_depth(&self, range: &Range<usize>) -> Result<(), Diagnostic> {
        if self.stack.len() < MAX_DEPTH {
            return Ok(());
        }
        Err(self.unsupported(
            range.start..range.start + 1,
            &format!("lists and mappings nest more than {MAX_DEPTH} deep"),
            "front matter needs a few levels; check the brackets and indentation",
        ))
    }

    /// At most [`MAX_VALUES`] values are read.
    fn count_value(&mut self, range: &Range<usize>) -> Result<(), Diagnostic> {
        self.values += 1;
        if self.values <= MAX_VALUES {
            return Ok(());
        }
        Err(Diagnostic::new(
            Code::TooMuchStructure,
            format!("the front matter holds more than {MAX_VALUES} values"),
            Some(self.file.locate(range.start..range.start + 1)),
        )
        .with_label(format!("value number {} is here", MAX_VALUES + 1))
        .with_help(
            "a dossier needs a few hundred; split the page, or check for a runaway list"
                .to_string(),
        ))
    }

    fn unsupported(&self, range: Range<usize>, message: &str, help: &str) -> Diagnostic {
        Diagnostic::new(
            Code::UnsupportedYaml,
            message.to_string(),
            Some(self.file.locate(range)),
        )
        .with_help(help.to_string())
    }

    fn syntax(&self, range: Range<usize>, message: &str) -> Diagnostic {
        Diagnostic::new(
            Code::YamlSyntax,
            format!("YAML syntax error: {message}"),
            Some(self.file.locate(range)),
        )
    }
}

/// A tag's handle as written: `!!` for the core schema's.
fn short_handle(tag: &Tag) -> &str {
    if tag.is_yaml_core_schema() {
        "!!"
    } else {
        &tag.handle
    }
}

/// Types a plain scalar by the YAML 1.2 core schema.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Int(i);
        }
    } else if let Some(hex) = text.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return Value::Int(i);
    } else if let Some(octal) = text.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(octal, 8)
    {
        return Value::Int(i);
    }
    let looks_numeric = digits
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_numeric && let Ok(f) = text.parse::<f64>() {
        return Value::Float(f);
    }
    Value::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(yaml: &str) -> (Result<Option<Node>, Diagnostic>, Vec<Diagnostic>) {
        let file = SourceFile::new("t.md", format!("---\n{yaml}---\n"));
        let mut diagnostics = Vec::new();
        let result = parse(&file, 4..4 + yaml.len(), &mut diagnostics);
        (result, diagnostics)
    }

    #[test]
    fn spans_find_a_field_as_the_tree_does_and_stop_where_a_path_ends() {
        let yaml =
            "title: « Été »\nlist:\n  - id: a\n    date: 2014-05\n  - id: b\n\"year\": 2014\n";
        let (root, _) = tree(yaml);
        let root = root.ok().flatten().expect("a mapping");
        let spans = Spans::of(&root);
        let text = format!("---\n{yaml}");
        let at = |path: &[Step<'_>], key: bool| text[spans.find(&text, path, key)].to_string();
        use Step::{Field, Index};
        assert_eq!(at(&[Field("title")], false), "« Été »");
        assert_eq!(at(&[Field("title")], true), "title");
        assert_eq!(
            at(&[Field("list"), Index(0), Field("date")], false),
            "2014-05"
        );
        assert_eq!(at(&[Field("list"), Index(1), Field("id")], true), "id");
        assert_eq!(at(&[Field("list"), Index(1), Field("id")], false), "b");
        // A path that goes further than the tree stops at the last value found.
        assert_eq!(
            at(&[Field("list"), Index(5)], false),
            at(&[Field("list")], false)
        );
        assert_eq!(at(&[Field("year"), Field("month")], false), "2014");
        // A quoted key is found by its name.
        assert_eq!(at(&[Field("year")], true), "\"year\"");
        // A list has no fields, a mapping no items.
        assert_eq!(
            at(&[Field("list"), Field("id")], false),
            at(&[Field("list")], false)
        );
        assert_eq!(at(&[Index(0)], false), text[root.span.clone()]);
    }

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let yaml = "title: « Été »\nlist:\n  - id: a\n    date: 2014-05\nyear: 2014\n";
        let (root, _) = tree(yaml);
        let root = root.ok().flatten().expect("a mapping");
        let title = root.get("title").expect("title");
        assert_eq!(title.key_span, 4..9);
        assert_eq!(title.value.value, Value::String("« Été »".into()));
        let text = format!("---\n{yaml}");
        let item = &root
            .get("list")
            .and_then(|e| e.value.items())
            .expect("list")[0];
        let date = item.get("date").expect("date");
        assert_eq!(&text[date.value.span.clone()], "2014-05");
        assert_eq!(
            root.get("year").map(|e| &e.value.value),
            Some(&Value::Int(2014))
        );
    }

    #[test]
    fn spans_stay_right_after_a_lone_carriage_return() {
        // YAML breaks lines at a lone `\r`; the file's line table does not.
        let yaml = "a: [x,\r y]\nb: « é »\n";
        let (root, _) = tree(yaml);
        let root = root.ok().flatten().expect("a mapping");
        let text = format!("---\n{yaml}");
        let b = root.get("b").expect("b");
        assert_eq!(&text[b.key_span.clone()], "b");
        assert_eq!(&text[b.value.span.clone()], "« é »");
        let items = root.get("a").and_then(|e| e.value.items()).expect("a list");
        assert_eq!(&text[items[1].span.clone()], "y");
    }

    #[test]
    fn types_scalars_by_the_core_schema() {
        assert_eq!(resolve_plain("false"), Value::Bool(false));
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("12"), Value::Int(12));
        assert_eq!(resolve_plain("1.5"), Value::Float(1.5));
        assert_eq!(resolve_plain("2014-05"), Value::String("2014-05".into()));
        assert_eq!(resolve_plain("NO"), Value::String("NO".into()));
    }

    #[test]
    fn refuses_anchors_aliases_merge_keys_tags_and_deep_nesting() {
        let refused = [
            ("a: &x 1\nb: 2\n", "anchors"),
            ("a: &x {b: 1}\n", "anchors"),
            ("base: {a: 1}\nc:\n  <<: {a: 2}\n", "merge keys"),
            ("a: !!binary aGVsbG8=\n", "`!!binary`"),
            (
                "a: !!python/object:os.system ls\n",
                "`!!python/object:os.system`",
            ),
            ("a: !custom {b: 1}\n", "`!custom`"),
            (
                &format!("a: {}{}\n", "[".repeat(40), "]".repeat(40)),
                "nest",
            ),
        ];
        for (yaml, said) in refused {
            let (result, _) = tree(yaml);
            let error = result.expect_err(yaml);
            assert_eq!(error.code, Code::UnsupportedYaml, "{yaml}");
            assert!(error.message.contains(said), "{yaml}: {}", error.message);
            assert!(error.location.is_some(), "{yaml}");
        }
        let (result, _) = tree("a: !!str 2014\nb: '<<'\n");
        let root = result.ok().flatten().expect("a mapping");
        assert_eq!(
            root.get("a").map(|e| &e.value.value),
            Some(&Value::String("2014".into()))
        );
        assert_eq!(
            root.get("b").map(|e| &e.value.value),
            Some(&Value::String("<<".into()))
        );
    }

    #[test]
    fn a_billion_laughs_is_refused_at_its_first_anchor() {
        let mut yaml = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            yaml.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
        }
        let (result, _) = tree(&yaml);
        let error = result.expect_err("refused");
        assert_eq!(error.code, Code::UnsupportedYaml);
        assert_eq!(error.location.as_ref().map(|l| l.line), Some(2));
    }

    #[test]
    fn stops_reading_past_the_most_values() {
        // The root mapping, its key, the list: three values before the items.
        let items = |n: usize| format!("a: [{}]\n", vec!["x"; n].join(","));
        let (result, _) = tree(&items(MAX_VALUES - 3));
        assert!(result.is_ok());
        let yaml = items(MAX_VALUES - 2);
        let (result, _) = tree(&yaml);
        let error = result.expect_err("too many values");
        assert_eq!(error.code, Code::TooMuchStructure);
        let column = error.location.as_ref().map(|l| l.column);
        // The last `x`, after `a: [` and the others with their commas.
        assert_eq!(column, Some(5 + 2 * (MAX_VALUES - 3)));
    }

    #[test]
    fn reports_duplicate_keys_and_syntax_errors() {
        let (_, diagnostics) = tree("a: 1\nb: 2\na: 3\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::DuplicateKey);
        assert_eq!(diagnostics[0].location.as_ref().map(|l| l.line), Some(4));
        let (result, _) = tree("a: [1, 2\nb: 3\n");
        let error = result.expect_err("a syntax error");
        assert_eq!(error.code, Code::YamlSyntax);
    }
}
