//! A content file held in memory, with the line table that turns byte offsets
//! into the `line:column` positions every diagnostic carries.

use std::ops::Range;

use crate::diagnostic::Location;

/// The most characters of a source line that a diagnostic carries: a line a
/// megabyte long is shown as a window around the problem, not in full.
const SHOWN_CHARS: usize = 160;

/// Characters shown before the problem when a line is cut to a window.
const SHOWN_BEFORE: usize = 40;

/// One file read from the content tree.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators (`content/dossiers/x.md`).
    pub path: String,
    /// The whole text, exactly as read (a leading byte-order mark included).
    pub text: String,
    /// A digest of the text, so that a rebuild sees which files changed.
    pub digest: u64,
    /// Where each line starts, found the first time a diagnostic needs it:
    /// most files of a check have none.
    line_starts: std::sync::OnceLock<Box<[u32]>>,
}

impl SourceFile {
    /// Wraps a file's text and indexes its lines.
    pub fn new(path: impl Into<String>, text: String) -> Self {
        // xxh3: every file is hashed on every rebuild, at memory speed.
        let digest = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        SourceFile {
            path: path.into(),
            text,
            digest,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// The location of a byte range: 1-based line and column (in characters),
    /// with the text of the first line so that it can be shown under the message.
    pub fn locate(&self, range: Range<usize>) -> Location {
        let start = self.clamp(range.start);
        let end = self.clamp(range.end.max(start));
        let (line, column) = self.line_column(start);
        let (end_line, end_column) = self.line_column(end);
        let line_range = self.line_range(line - 1);
        // The underline stays on the first line: a span running over several
        // lines is shown by its start.
        // A span that starts on the line ending is shown at the line's end.
        let underline_start = start.min(line_range.end);
        let underline_end = end.min(line_range.end).max(underline_start);
        let (line_text, underline) = window(
            &self.text[line_range.clone()],
            (underline_start - line_range.start)..(underline_end - line_range.start),
        );
        Location {
            path: self.path.clone(),
            line,
            column,
            end_line,
            end_column,
            line_text,
            underline,
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let index = self
            .line_starts()
            .partition_point(|&s| s as usize <= offset)
            - 1;
        let column = self.text[self.line_start(index)..offset].chars().count() + 1;
        (index + 1, column)
    }

    /// The byte offset where a 0-based line starts, and the number of lines.
    pub fn line_start(&self, line_index: usize) -> usize {
        self.line_starts()
            .get(line_index)
            .map_or(self.text.len(), |&start| {
                (start as usize).min(self.text.len())
            })
    }

    /// The byte offset of each line's start (they fit in `u32`: content files
    /// are at most 1 MiB, and a larger text's later lines start at its end).
    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let narrow = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| narrow(i + 1)))
                .collect()
        })
    }

    /// The byte range of a 0-based line, without its line ending.
    fn line_range(&self, line_index: usize) -> Range<usize> {
        let start = self.line_start(line_index);
        let end = self.line_start(line_index + 1);
        let line = &self.text[start..end];
        let trimmed = line.trim_end_matches(['\n', '\r']);
        start..start + trimmed.len()
    }

    /// Keeps an offset inside the text and on a character boundary.
    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// A line and the byte range underlined in it, cut to at most
/// [`SHOWN_CHARS`] characters around the underline's start, with `…` where
/// text was left out.
fn window(line: &str, underline: Range<usize>) -> (String, Range<usize>) {
    if line.len() <= SHOWN_CHARS {
        return (line.to_string(), underline);
    }
    let before = line[..underline.start].char_indices().rev();
    let from = before
        .take(SHOWN_BEFORE)
        .last()
        .map_or(underline.start, |(i, _)| i);
    let to = line[from..]
        .char_indices()
        .nth(SHOWN_CHARS)
        .map_or(line.len(), |(i, _)| from + i);
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    let shift = shown.len();
    shown.push_str(&line[from..to]);
    if to < line.len() {
        shown.push('…');
    }
    let start = underline.start - from + shift;
    let end = underline.end.min(to).max(underline.start) - from + shift;
    (shown, start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns() {
        let file = SourceFile::new("a.md", "---\ntitle: « é »\r\nx: 1\n".to_string());
        let at = file.text.find('é').unwrap_or_default();
        let location = file.locate(at..at + 2);
        assert_eq!((location.line, location.column), (2, 10));
        assert_eq!(location.line_text, "title: « é »");
        assert_eq!(&location.line_text[location.underline.clone()], "é");
        assert_eq!(file.line_column(file.text.len()), (4, 1));
        // On the line ending of a CRLF line: underlined at the line's end.
        let location = file.locate(at + 6..at + 6);
        assert_eq!(location.line_text.get(location.underline.clone()), Some(""));
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_problem() {
        let line = format!("subject: {}", "é".repeat(100_000));
        let file = SourceFile::new("a.md", format!("---\n{line}\n---\n"));
        let at = 4 + "subject: ".len() + 2 * 50_000;
        let location = file.locate(at..file.text.len());
        assert_eq!(location.column, 10 + 50_000);
        assert_eq!(location.line_text.chars().count(), SHOWN_CHARS + 2);
        assert!(location.line_text.starts_with('…') && location.line_text.ends_with('…'));
        let underlined = &location.line_text[location.underline.clone()];
        assert_eq!(underlined, "é".repeat(SHOWN_CHARS - SHOWN_BEFORE));
        // A problem at the start of a long line: no `…` before it.
        let location = file.locate(4..11);
        assert_eq!(&location.line_text[location.underline.clone()], "subject");
        assert!(location.line_text.ends_with('…'));
    }
}
