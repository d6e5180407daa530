//! A fast reader for the plain YAML that front matter is written in: block
//! mappings and lists, one-line flow lists and mappings, plain and quoted
//! one-line scalars, comments and blank lines. It gives the tree saphyr
//! gives, spans included, or declines (`None`) at the first thing outside
//! that subset: then saphyr reads the text, and gives the tree or the
//! located error. Declining is never wrong, so the reader declines whatever
//! it is unsure of: multi-line scalars, block scalars (`|`, `>`), tabs,
//! carriage returns, anchors, tags, explicit keys, duplicate keys, escapes
//! other than the common ones, and the limits of [`MAX_DEPTH`] and
//! [`MAX_VALUES`].
//!
//! Why: saphyr's general scanner was a quarter of a `check`'s time on a
//! large wiki (docs/performance.md). The fuzz target `yaml` and the unit
//! tests below compare the two readers on every input this one accepts.

use std::ops::Range;

use super::{Entry, MAX_DEPTH, MAX_VALUES, Node, Value, resolve_plain};

/// Reads `text`, which starts at byte `base` of its file; `None` when the
/// text is outside the subset (or empty: saphyr gives no tree then).
pub fn read(text: &str, base: usize) -> Option<Node> {
    if text.chars().any(is_unusual) || has_document_marker(text) {
        return None;
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        values: 0,
        depth: 0,
    };
    reader.skip_blank_lines();
    if reader.at_end() || reader.indent() != 0 {
        return None;
    }
    let mut root = reader.block_map(0)?;
    if !reader.at_end() {
        return None;
    }
    shift(&mut root, base);
    Some(root)
}

/// A character that YAML treats apart: tabs, carriage returns and other
/// control characters (which YAML does not allow), byte-order marks,
/// non-characters and Unicode's line separators.
fn is_unusual(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
        )
}

/// A line that starts with `---` or `...` ends or starts a document.
fn has_document_marker(text: &str) -> bool {
    text.split('\n')
        .any(|line| line.starts_with("---") || line.starts_with("..."))
}

/// Moves every span of `node` by `base`.
fn shift(node: &mut Node, base: usize) {
    node.span = node.span.start + base..node.span.end + base;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|item| shift(item, base)),
        Value::Map(entries) => {
            for entry in entries {
                entry.key_span = entry.key_span.start + base..entry.key_span.end + base;
                shift(&mut entry.value, base);
            }
        }
        _ => {}
    }
}

/// YAML limits a key without `?` to 1,024 characters, and saphyr refuses a
/// longer one; the subset declines keys of more bytes than that.
const MAX_KEY: usize = 1024;

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Where reading is: at a line's start between block values.
    pos: usize,
    /// Values begun so far, as the saphyr reader counts them.
    values: usize,
    /// Open lists and mappings.
    depth: usize,
}

impl<'a> Reader<'a> {
    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    /// The spaces at the start of the line at `pos`.
    fn indent(&self) -> usize {
        self.bytes[self.pos..]
            .iter()
            .take_while(|&&b| b == b' ')
            .count()
    }

    /// Skips lines that hold only spaces or a comment; stops at the start
    /// of the next line with content, or at the end.
    fn skip_blank_lines(&mut self) {
        while !self.at_end() {
            let rest = &self.bytes[self.pos..];
            let line_end = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(rest.len(), |n| n + 1);
            let content = rest[..line_end].iter().find(|&&b| b != b' ');
            match content {
                None | Some(b'\n') | Some(b'#') => self.pos += line_end,
                Some(_) => return,
            }
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// After a quoted scalar or a flow collection: saphyr's span of it runs
    /// over the spaces after it, and over a comment that ends the line.
    fn skip_trailing(&mut self) {
        self.skip_spaces();
        if self.peek() == Some(b'#') && self.bytes[self.pos - 1] == b' ' {
            while !matches!(self.peek(), None | Some(b'\n')) {
                self.pos += 1;
            }
        }
    }

    /// After a value on its line: spaces, perhaps a comment, then the end
    /// of the line, which is consumed.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_spaces();
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                Some(())
            }
            // A comment needs a space before it.
            Some(b'#') if self.bytes[self.pos - 1] == b' ' => {
                while !matches!(self.peek(), None | Some(b'\n')) {
                    self.pos += 1;
                }
                self.pos = (self.pos + 1).min(self.bytes.len());
                Some(())
            }
            _ => None,
        }
    }

    fn begin_value(&mut self) -> Option<()> {
        self.values += 1;
        (self.values <= MAX_VALUES).then_some(())
    }

    fn open(&mut self) -> Option<()> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        Some(())
    }

    /// The start of the next token after a block value: the content of the
    /// line at `pos`, or the end of the text.
    fn next_token(&self) -> usize {
        if self.at_end() {
            self.bytes.len()
        } else {
            self.pos + self.indent()
        }
    }

    /// A block mapping whose keys are at column `indent`; `pos` is at its
    /// first key.
    fn block_map(&mut self, indent: usize) -> Option<Node> {
        self.begin_value()?;
        self.open()?;
        let start = self.pos;
        let mut entries: Vec<Entry> = Vec::new();
        loop {
            let (key, key_span) = self.key()?;
            if key == "<<" || entries.iter().any(|entry| entry.key == key) {
                return None;
            }
            let colon = self.pos;
            self.pos += 1;
            let value = self.block_value(indent, colon)?;
            entries.push(Entry {
                key,
                key_span,
                value,
            });
            if self.at_end() {
                break;
            }
            let next = self.indent();
            if next < indent {
                break;
            }
            // Deeper lines would continue a scalar; a `-` here is an error.
            if next > indent || self.peek_at(next) == Some(b'-') {
                return None;
            }
            self.pos += next;
        }
        entries.shrink_to_fit();
        Some(self.close_block(start, Value::Map(entries)))
    }

    /// What follows a mapping key's `:` at `colon`: a value on the same
    /// line, or a block below (deeper, or a list at the same column), or
    /// nothing. Leaves `pos` at the start of the next line with content.
    fn block_value(&mut self, indent: usize, colon: usize) -> Option<Node> {
        self.skip_spaces();
        if matches!(self.peek(), Some(b'#') | Some(b'\n') | None) {
            self.end_of_line()?;
            self.skip_blank_lines();
            if !self.at_end() {
                let next = self.indent();
                let dash = self.peek_at(next) == Some(b'-');
                if next > indent {
                    return if dash {
                        self.block_seq(next, false)
                    } else {
                        self.pos += next;
                        self.block_map(next)
                    };
                }
                if next == indent && dash {
                    return self.block_seq(next, true);
                }
            }
            self.begin_value()?;
            return Some(Node {
                span: colon..colon,
                value: Value::Null,
            });
        }
        let value = self.inline_value()?;
        self.end_of_line()?;
        self.skip_blank_lines();
        Some(value)
    }

    /// A block list whose `-` are at column `indent`; `pos` is at the start
    /// of its first line. A list at its key's column (`indentless`) starts,
    /// for saphyr, at its first item rather than at its first `-`.
    fn block_seq(&mut self, indent: usize, indentless: bool) -> Option<Node> {
        self.begin_value()?;
        self.open()?;
        let mut start = self.pos + indent;
        let mut items = Vec::new();
        loop {
            self.pos += indent;
            // `-` then a space: an item on the same line.
            if self.peek() != Some(b'-') || self.peek_at(1) != Some(b' ') {
                return None;
            }
            self.pos += 2;
            self.skip_spaces();
            let column = self.pos - self.line_start();
            if matches!(self.peek(), Some(b'#') | Some(b'\n') | None) {
                return None;
            }
            if indentless && items.is_empty() {
                start = self.pos;
            }
            let item = if self.is_key_ahead() {
                self.block_map(column)?
            } else {
                let value = self.inline_value()?;
                self.end_of_line()?;
                self.skip_blank_lines();
                value
            };
            items.push(item);
            if self.at_end() {
                break;
            }
            let next = self.indent();
            if next > indent {
                return None;
            }
            if next < indent || self.peek_at(next) != Some(b'-') {
                break;
            }
        }
        items.shrink_to_fit();
        Some(self.close_block(start, Value::Seq(items)))
    }

    /// A block list or mapping that began at `start`, now ended: for saphyr
    /// it runs to the next token.
    fn close_block(&mut self, start: usize, value: Value) -> Node {
        self.depth -= 1;
        Node {
            span: start..self.next_token(),
            value,
        }
    }

    fn line_start(&self) -> usize {
        self.text[..self.pos].rfind('\n').map_or(0, |n| n + 1)
    }

    /// Whether a mapping key (`key:` then a space or the line's end) starts
    /// at `pos`.
    fn is_key_ahead(&mut self) -> bool {
        let saved = (self.pos, self.values);
        let found = self.key().is_some();
        (self.pos, self.values) = saved;
        found
    }

    /// A block mapping's key, plain or quoted, then its `:` (at which `pos`
    /// is left, and which a space or the line's end must follow).
    fn key(&mut self) -> Option<(String, Range<usize>)> {
        let start = self.pos;
        let text = match self.peek()? {
            b'"' | b'\'' => self.quoted()?,
            _ => {
                let line = self.rest_of_line();
                let colon = find(line, ": ").or_else(|| line.strip_suffix(':').map(str::len))?;
                let key = &line[..colon];
                if !plain_start(key, false) || key.ends_with(' ') || has_comment(key) {
                    return None;
                }
                self.pos = start + colon;
                key_text(resolve_plain(key))
            }
        };
        let span = start..self.pos;
        if self.peek() != Some(b':')
            || !matches!(self.peek_at(1), Some(b' ') | Some(b'\n') | None)
            || span.len() > MAX_KEY
        {
            return None;
        }
        self.begin_value()?;
        Some((text, span))
    }

    /// A value that ends on its line: a quoted or plain scalar, or a flow
    /// list or mapping.
    fn inline_value(&mut self) -> Option<Node> {
        match self.peek()? {
            b'[' | b'{' => self.flow(),
            b'"' | b'\'' => self.quoted_node(),
            _ => {
                let start = self.pos;
                let line = self.rest_of_line();
                let scalar = find(line, " #")
                    .map_or(line, |n| &line[..n])
                    .trim_end_matches(' ');
                if !plain_start(scalar, false)
                    || find(scalar, ": ").is_some()
                    || scalar.ends_with(':')
                {
                    return None;
                }
                self.pos = start + scalar.len();
                self.plain(start)
            }
        }
    }

    /// The plain scalar that ends at `pos`.
    fn plain(&mut self, start: usize) -> Option<Node> {
        self.begin_value()?;
        Some(Node {
            span: start..self.pos,
            value: resolve_plain(&self.text[start..self.pos]),
        })
    }

    /// The text from `pos` to the end of its line.
    fn rest_of_line(&self) -> &'a str {
        let rest = &self.text[self.pos..];
        memchr::memchr(b'\n', rest.as_bytes()).map_or(rest, |n| &rest[..n])
    }

    /// A quoted scalar as a value.
    fn quoted_node(&mut self) -> Option<Node> {
        let start = self.pos;
        let text = self.quoted()?;
        self.begin_value()?;
        Some(Node {
            span: start..self.pos,
            value: Value::String(text),
        })
    }

    /// A quoted scalar on one line. `pos` passes its quotes and the spaces
    /// after it, which saphyr counts in its span.
    fn quoted(&mut self) -> Option<String> {
        let quote = self.peek()?;
        self.pos += 1;
        let mut text = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let stop = memchr::memchr3(quote, b'\\', b'\n', rest.as_bytes())?;
            text.push_str(&rest[..stop]);
            self.pos += stop;
            match (self.peek()?, quote) {
                (b'\n', _) => return None,
                (b'\'', b'\'') if self.peek_at(1) == Some(b'\'') => {
                    text.push('\'');
                    self.pos += 2;
                }
                (b'\\', b'"') => {
                    let escaped = match self.peek_at(1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'n' => '\n',
                        b't' => '\t',
                        _ => return None,
                    };
                    text.push(escaped);
                    self.pos += 2;
                }
                (b'\\', _) => {
                    text.push('\\');
                    self.pos += 1;
                }
                _ => {
                    self.pos += 1;
                    self.skip_trailing();
                    return Some(text);
                }
            }
        }
    }

    /// A flow list or mapping that closes on its line.
    fn flow(&mut self) -> Option<Node> {
        let start = self.pos;
        let close = if self.peek()? == b'[' { b']' } else { b'}' };
        self.begin_value()?;
        self.open()?;
        self.pos += 1;
        self.skip_spaces();
        let mut items = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        if self.peek()? != close {
            loop {
                if close == b'}' {
                    let Node {
                        span: key_span,
                        value: key,
                    } = self.flow_scalar()?;
                    let key = key_text(key);
                    if key == "<<"
                        || entries.iter().any(|entry| entry.key == key)
                        || key_span.len() > MAX_KEY
                    {
                        return None;
                    }
                    if self.peek()? != b':' || self.peek_at(1)? != b' ' {
                        return None;
                    }
                    self.pos += 2;
                    self.skip_spaces();
                    let value = self.flow_node()?;
                    entries.push(Entry {
                        key,
                        key_span,
                        value,
                    });
                } else {
                    items.push(self.flow_node()?);
                }
                self.skip_spaces();
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        self.skip_spaces();
                        if matches!(self.peek()?, b']' | b'}' | b',') {
                            return None;
                        }
                    }
                    b if b == close => break,
                    _ => return None,
                }
            }
        }
        self.pos += 1;
        self.skip_trailing();
        self.depth -= 1;
        let value = if close == b']' {
            Value::Seq(items)
        } else {
            Value::Map(entries)
        };
        Some(Node {
            span: start..self.pos,
            value,
        })
    }

    /// A value inside a flow collection.
    fn flow_node(&mut self) -> Option<Node> {
        match self.peek()? {
            b'[' | b'{' => self.flow(),
            _ => {
                let node = self.flow_scalar()?;
                // `[a: b]` is a mapping inside the list.
                (self.peek()? != b':').then_some(node)
            }
        }
    }

    /// A quoted or plain scalar inside a flow collection.
    fn flow_scalar(&mut self) -> Option<Node> {
        if matches!(self.peek()?, b'"' | b'\'') {
            return self.quoted_node();
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let mut end = rest
            .bytes()
            .position(|b| matches!(b, b',' | b'[' | b']' | b'{' | b'}' | b'\n'))
            .unwrap_or(rest.len());
        // A `:` followed by a space ends a key.
        if let Some(colon) = find(&rest[..end], ": ") {
            end = colon;
        }
        let scalar = rest[..end].trim_end_matches(' ');
        if !plain_start(scalar, true) || has_comment(scalar) || scalar.ends_with(':') {
            return None;
        }
        self.pos = start + scalar.len();
        self.plain(start)
    }
}

/// Where `pattern` first starts in `text`. `str::find` with a string set
/// up a two-way searcher on every call: with `contains`, a tenth of a
/// `check`'s samples went there and to `memcmp`.
fn find(text: &str, pattern: &str) -> Option<usize> {
    memchr::memmem::find(text.as_bytes(), pattern.as_bytes())
}

/// Whether `text` holds a comment: a `#` after a space.
fn has_comment(text: &str) -> bool {
    find(text, " #").is_some()
}

/// A key's text as the saphyr reader takes it: the scalar's text as typed
/// (`0x1F` is `31`), empty for null.
fn key_text(value: Value) -> String {
    Node { span: 0..0, value }.scalar_text().unwrap_or_default()
}

/// Whether `scalar` may be read as a plain scalar here: not empty, and
/// neither it nor any of its words after a space starting with a character
/// that means something else in YAML (saphyr refuses `[x -]`, and reads
/// `[x :]` as a mapping).
fn plain_start(scalar: &str, in_flow: bool) -> bool {
    let Some(first) = scalar.bytes().next() else {
        return false;
    };
    let words = scalar.as_bytes().windows(2);
    let safe_words = words
        .filter(|pair| pair[0] == b' ')
        .all(|pair| !is_indicator(pair[1]));
    safe_words && !is_indicator(first) && !(in_flow && scalar.contains(['[', ']', '{', '}', ',']))
}

/// A character that starts something other than plain text in YAML.
fn is_indicator(byte: u8) -> bool {
    matches!(
        byte,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b' '
    )
}

#[cfg(test)]
mod tests {
    use super::super::parse_with_saphyr;
    use super::*;
    use crate::source::SourceFile;

    /// The subset's tree, and saphyr's, for `yaml`.
    fn both(yaml: &str) -> (Option<Node>, Option<Node>) {
        let file = SourceFile::new("t.md", format!("---\n{yaml}---\n"));
        let mut diagnostics = Vec::new();
        let saphyr = parse_with_saphyr(&file, 4..4 + yaml.len(), &mut diagnostics)
            .ok()
            .flatten()
            .filter(|_| diagnostics.is_empty());
        (read(yaml, 4), saphyr)
    }

    /// The subset reads `yaml` (or declines it) and, when it reads it,
    /// gives saphyr's tree.
    fn agrees(yaml: &str, read_it: bool) {
        let (subset, saphyr) = both(yaml);
        assert_eq!(subset.is_some(), read_it, "{yaml:?}: {subset:?}");
        if subset.is_some() {
            assert_eq!(subset, saphyr, "{yaml:?}");
        }
    }

    #[test]
    fn reads_front_matter_as_saphyr_does() {
        let dossier = "title: \"Dossier 1 : x \\\"y\\\"\"\nsubject: person-1 # who\ntopics: [topic-1, 'it''s']\n\nstatements:\n  - id: s0\n    date: 2010-01\n    source:\n      url: https://x.org/1\n      date: 2010\n  # between\n  - id: s1\n    loc: { country: NL, city: Ams }\n    r: [{ type: A, v: 1.5 }, [], {}]\nempty:\nlist:\n- a\n- true\nlast: x\n";
        agrees(dossier, true);
        for yaml in [
            "a: 1\n",
            "a: 1",
            "a:\n",
            "a:",
            "a:\nb:\n  c: ~\n",
            "a:\n  - b\n  - c:\n    d: e\n",
            "a: « Été » # c\n",
            "'a b': 1\n\"c\": 2\n",
            "a: [x, \"y, z\", 'w']\n",
            "a: {b: [c, d], e: f}\n",
            "a:\n  - - x\n",
            "a: x:y\n",
            "a: -1\n",
            "a: 0x1F\n",
        ] {
            let (subset, saphyr) = both(yaml);
            if subset.is_some() {
                assert_eq!(subset, saphyr, "{yaml:?}");
            }
        }
    }

    #[test]
    fn declines_what_it_does_not_read() {
        for yaml in [
            "",
            "# only a comment\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: one\n  two\n",
            "a: \"one\n  two\"\n",
            "a: [x,\n  y]\n",
            "a:\tb\n",
            "a: b\r\nc: d\r\n",
            "a: &x 1\n",
            "a: *x\n",
            "a: !!str 1\n",
            "? a\n: b\n",
            "a: 1\na: 2\n",
            "<<: {a: 1}\n",
            "- a\n- b\n",
            "a: b: c\n",
            "a: \"\\x41\"\n",
            "a: [b, ]\n",
            "a: {b}\n",
            "  a: 1\n",
            "a: 1\n  b: 2\n",
            "a:\n-\n  b\n",
            "a: 1\n---\nb: 2\n",
            "a: b\0c\n",
            "a: b\u{85}c\n",
            &format!("{}: b\n", "k".repeat(MAX_KEY + 1)),
            &format!("a: {{ {}: b }}\n", "k".repeat(MAX_KEY + 1)),
        ] {
            agrees(yaml, false);
        }
    }

    /// Every front matter of the example wiki is read by the subset, as
    /// saphyr reads it; `VIGIE_YAML_CORPUS` names another content folder
    /// (a benchmark corpus, say).
    #[test]
    fn reads_the_example_wiki_as_saphyr_does() {
        let content = std::env::var_os("VIGIE_YAML_CORPUS").map_or_else(
            || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            std::path::PathBuf::from,
        );
        let mut read_files = 0;
        for entry in walkdir::WalkDir::new(content).sort_by_file_name() {
            let path = entry.expect("a readable tree").into_path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a readable file");
            let Ok(parts) = crate::parse::split::split(&text) else {
                continue;
            };
            let yaml = &text[parts.yaml];
            let (subset, saphyr) = both(yaml);
            assert!(subset.is_some(), "{} declined", path.display());
            assert_eq!(subset, saphyr, "{}", path.display());
            read_files += 1;
        }
        assert!(read_files > 20, "{read_files}");
    }

    /// Generated front matter, in every style the subset reads and with one
    /// character put in or taken out: whatever the subset reads, saphyr
    /// reads the same. `VIGIE_PROP_CASES` sets how many (default 2,000).
    #[test]
    fn what_the_subset_reads_saphyr_reads_the_same() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let cases = std::env::var("VIGIE_PROP_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(2_000);
        let scalar = prop::sample::select(vec![
            "x",
            "a b",
            "2014-05",
            "12",
            "-3",
            "1.5",
            "true",
            "~",
            "null",
            "« Été »",
            "https://x.org/a?b=c#d",
            "\"q, \\\"r\\\" [s]\"",
            "'it''s'",
            "''",
            "\"\"",
            "x:y",
            "a #b",
            "0x1F",
            ".inf",
            "é: ç",
            "[]",
            "{}",
        ]);
        let key = prop::sample::select(vec!["id", "a", "b", "date", "\"q\"", "'s k'", "1", "ü"]);
        // A tree, each list or mapping written in block or flow style.
        let leaf = scalar.prop_map(|s| Tree::Scalar(s.to_string()));
        let tree = leaf.prop_recursive(4, 24, 4, move |inner| {
            prop_oneof![
                (
                    prop::collection::vec(inner.clone(), 0..4),
                    any::<bool>(),
                    any::<bool>()
                )
                    .prop_map(|(items, flow, indentless)| Tree::Seq(items, flow, indentless)),
                (
                    prop::collection::vec((key.clone(), inner), 0..4),
                    any::<bool>()
                )
                    .prop_map(|(entries, flow)| Tree::Map(
                        entries
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect(),
                        flow
                    )),
            ]
        });
        let comments = any::<bool>();
        let document = (prop::collection::vec(("[a-z]{1,3}", tree), 1..5), comments).prop_map(
            |(entries, comments)| {
                let mut yaml = String::new();
                Tree::Map(entries, false).block_map_lines(0, comments, &mut yaml);
                yaml
            },
        );
        let mutation = (
            any::<prop::sample::Index>(),
            prop::sample::select(vec![
                None,
                Some(' '),
                Some(':'),
                Some('-'),
                Some('#'),
                Some('"'),
                Some('\''),
                Some('['),
                Some(']'),
                Some('{'),
                Some('}'),
                Some(','),
                Some('\n'),
                Some('\\'),
                Some('x'),
            ]),
            any::<bool>(),
            prop::bool::weighted(0.3),
        );
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let read_some = std::cell::Cell::new(0);
        runner
            .run(
                &(document, mutation),
                |(yaml, (at, put, delete, mutate))| {
                    let mut chars: Vec<char> = yaml.chars().collect();
                    let at = at.index(chars.len() + 1);
                    if mutate && delete && at < chars.len() {
                        chars.remove(at);
                    } else if let (true, Some(c)) = (mutate, put) {
                        chars.insert(at, c);
                    }
                    let yaml: String = chars.into_iter().collect();
                    let (subset, saphyr) = both(&yaml);
                    if subset.is_some() {
                        read_some.set(read_some.get() + 1);
                        prop_assert_eq!(subset, saphyr, "{:?}", yaml);
                    }
                    Ok(())
                },
            )
            .expect("the readers agree");
        let read_some = read_some.get();
        assert!(
            read_some > cases / 10,
            "the subset read only {read_some} of {cases}"
        );
    }

    /// A generated YAML value; lists and mappings say whether they are
    /// written in flow style, lists whether at their key's column.
    #[derive(Debug, Clone)]
    enum Tree {
        Scalar(String),
        Seq(Vec<Tree>, bool, bool),
        Map(Vec<(String, Tree)>, bool),
    }

    impl Tree {
        /// One line in flow style.
        fn flow(&self) -> String {
            match self {
                Tree::Scalar(s) => s.clone(),
                Tree::Seq(items, ..) => {
                    let items: Vec<String> = items.iter().map(Tree::flow).collect();
                    format!("[{}]", items.join(", "))
                }
                Tree::Map(entries, _) => {
                    let entries: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| format!("{k}: {}", v.flow()))
                        .collect();
                    format!("{{ {} }}", entries.join(", "))
                }
            }
        }

        /// Whether it is written in block style (on the lines below).
        fn is_block(&self) -> bool {
            match self {
                Tree::Scalar(_) => false,
                Tree::Seq(items, flow, _) => !flow && !items.is_empty(),
                Tree::Map(entries, flow) => !flow && !entries.is_empty(),
            }
        }

        /// A block mapping's lines at `indent`.
        fn block_map_lines(&self, indent: usize, comments: bool, yaml: &mut String) {
            let Tree::Map(entries, _) = self else { return };
            for (n, (key, value)) in entries.iter().enumerate() {
                if n > 0 {
                    yaml.push_str(&" ".repeat(indent));
                }
                yaml.push_str(key);
                yaml.push(':');
                value.after_key(indent, comments, yaml);
                if comments {
                    yaml.push_str("  # note\n\n");
                }
            }
        }

        /// What follows a key at `indent`, to the end of its lines.
        fn after_key(&self, indent: usize, comments: bool, yaml: &mut String) {
            if !self.is_block() {
                yaml.push(' ');
                yaml.push_str(&self.flow());
                yaml.push('\n');
                return;
            }
            yaml.push('\n');
            match self {
                Tree::Seq(_, _, indentless) => {
                    let at = if *indentless { indent } else { indent + 2 };
                    self.block_seq_lines(at, comments, yaml);
                }
                _ => {
                    yaml.push_str(&" ".repeat(indent + 2));
                    self.block_map_lines(indent + 2, comments, yaml);
                }
            }
        }

        /// A block list's lines at `indent`.
        fn block_seq_lines(&self, indent: usize, comments: bool, yaml: &mut String) {
            let Tree::Seq(items, ..) = self else { return };
            for item in items {
                yaml.push_str(&" ".repeat(indent));
                yaml.push_str("- ");
                match item {
                    Tree::Map(..) if item.is_block() => {
                        item.block_map_lines(indent + 2, comments, yaml)
                    }
                    _ if item.is_block() => {
                        yaml.push_str(&item.flow());
                        yaml.push('\n');
                    }
                    _ => {
                        yaml.push_str(&item.flow());
                        yaml.push('\n');
                    }
                }
            }
        }
    }

    #[test]
    fn declines_past_the_limits() {
        let deep = format!(
            "a: {}{}\n",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        agrees(&deep, false);
        let many = format!("a: [{}]\n", vec!["x"; MAX_VALUES].join(","));
        agrees(&many, false);
        let enough = format!("a: [{}]\n", vec!["x"; MAX_VALUES - 3].join(","));
        agrees(&enough, true);
    }
}
