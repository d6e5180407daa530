//! Splits a Markdown file into its YAML front matter and its body.

use std::ops::Range;

/// Where the parts of a Markdown file lie, as byte ranges of the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The opening `---` line (diagnostics about the whole front matter point here).
    pub opening: Range<usize>,
    /// The YAML between the `---` lines.
    pub yaml: Range<usize>,
    /// The Markdown after the closing `---` line.
    pub body: Range<usize>,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The first line is not `---` (the range is that line, maybe empty).
    NoOpening(Range<usize>),
    /// No closing `---` line (the range is the opening line).
    NoClosing(Range<usize>),
}

/// Finds the front matter: a first line `---` (after an optional byte-order
/// mark), YAML, a line `---`, then the body. Line endings may be LF or CRLF.
pub fn split(text: &str) -> Result<Parts, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = lines_from(text, start);
    let opening = match lines.next() {
        Some((range, line)) if is_fence(line) => range,
        Some((range, _)) => return Err(SplitError::NoOpening(range)),
        None => return Err(SplitError::NoOpening(start..start)),
    };
    let yaml_start = next_line_start(text, opening.end);
    for (range, line) in lines {
        if is_fence(line) {
            return Ok(Parts {
                opening,
                yaml: yaml_start..range.start,
                body: next_line_start(text, range.end)..text.len(),
            });
        }
    }
    Err(SplitError::NoClosing(opening))
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// The lines of `text` from byte `start`: each line's byte range without its
/// line ending, and its text.
fn lines_from(text: &str, start: usize) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut at = start;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let rest = &text[at..];
        let len = rest.find('\n').unwrap_or(rest.len());
        let line = rest[..len].trim_end_matches('\r');
        let range = at..at + line.len();
        at += (len + 1).min(rest.len());
        Some((range, line))
    })
}

/// The start of the line after the one that ends at `end`.
fn next_line_start(text: &str, end: usize) -> usize {
    match text[end..].find('\n') {
        Some(i) => end + i + 1,
        None => text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Result<(&str, &str), SplitError> {
        split(text).map(|p| (&text[p.yaml], &text[p.body]))
    }

    #[test]
    fn splits_lf_crlf_and_bom() {
        assert_eq!(parts("---\na: 1\n---\nbody\n"), Ok(("a: 1\n", "body\n")));
        assert_eq!(
            parts("---\r\na: 1\r\n---\r\nbody"),
            Ok(("a: 1\r\n", "body"))
        );
        assert_eq!(parts("\u{feff}---\na: 1\n---"), Ok(("a: 1\n", "")));
        assert_eq!(parts("---\n---\n"), Ok(("", "")));
    }

    #[test]
    fn refuses_missing_fences() {
        assert_eq!(split(""), Err(SplitError::NoOpening(0..0)));
        assert_eq!(split("title: x\n"), Err(SplitError::NoOpening(0..8)));
        assert_eq!(split("---"), Err(SplitError::NoClosing(0..3)));
        assert_eq!(split("---\na: 1\n"), Err(SplitError::NoClosing(0..3)));
    }
}
