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
    /// The whole text, exactly as read (a leading byte-order mark included);
    /// from `start` on once the front matter's text was let go.
    pub text: String,
    /// Where `text` starts in the file: 0, unless the front matter's text
    /// was let go ([`SourceFile::let_go_of_front_matter`]).
    start: usize,
    /// Where the file was read from, to read it again for a diagnostic once
    /// its front matter's text was let go.
    disk: Option<std::path::PathBuf>,
    /// A digest of the whole text, so that a rebuild sees which files changed.
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
            start: 0,
            disk: None,
            digest,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// The same file, known to be at `disk`.
    pub fn on_disk(self, disk: std::path::PathBuf) -> Self {
        SourceFile {
            disk: Some(disk),
            ..self
        }
    }

    /// Keeps only the text from `body` on: once a file's front matter is
    /// typed, its text serves only diagnostics, and those read the file again
    /// (at 100,000 dossiers, 250 MB of text already typed). Does nothing for
    /// a file not read from disk, or when `body` is not a character boundary.
    pub fn let_go_of_front_matter(&mut self, body: usize) {
        if self.disk.is_none() || self.start != 0 || !self.text.is_char_boundary(body) {
            return;
        }
        // A copy, not a drain: an allocator may keep a block that shrinks by
        // less than half (mimalloc does), and bodies are about half a file.
        self.text = self.text[body..].to_string();
        self.start = body;
        self.line_starts = std::sync::OnceLock::new();
    }

    /// The text of the byte range `range` of the file, when held.
    pub fn slice(&self, range: Range<usize>) -> &str {
        let start = range.start.saturating_sub(self.start);
        let end = range.end.saturating_sub(self.start);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The whole file: this one, or, once its front matter's text was let
    /// go, the file read again; `None` when it changed since.
    pub fn whole(&self) -> Option<std::borrow::Cow<'_, SourceFile>> {
        if self.start == 0 {
            return Some(std::borrow::Cow::Borrowed(self));
        }
        let text = std::fs::read_to_string(self.disk.as_ref()?).ok()?;
        let whole = SourceFile::new(self.path.clone(), text);
        (whole.digest == self.digest).then_some(std::borrow::Cow::Owned(whole))
    }

    /// The location of a byte range: 1-based line and column (in characters),
    /// with the text of the first line so that it can be shown under the message.
    pub fn locate(&self, range: Range<usize>) -> Location {
        if self.start != 0 {
            // Offsets count from the file's start: read it whole again.
            return self
                .whole()
                .map_or_else(|| Location::file(&self.path), |whole| whole.locate(range));
        }
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
        if self.start != 0 {
            // Offsets count from the file's start: read it whole again.
            return self
                .whole()
                .map_or((1, 1), |whole| whole.line_column(offset));
        }
        let offset = self.clamp(offset);
        let index = self
            .line_starts()
            .partition_point(|&s| s as usize <= offset)
            - 1;
        let column = self.text[self.line_start(index)..offset].chars().count() + 1;
        (index + 1, column)
    }

    /// The byte offset where a 0-based line starts, and the number of lines.
    fn line_start(&self, line_index: usize) -> usize {
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

/// A file's Markdown body: shared with the file, not copied (a wiki's
/// bodies are half its text).
#[derive(Debug, Clone, Default)]
pub struct Body {
    file: Option<std::sync::Arc<SourceFile>>,
    range: Range<usize>,
}

impl Body {
    /// The byte range `range` of `file`.
    pub fn of(file: &std::sync::Arc<SourceFile>, range: Range<usize>) -> Body {
        Body {
            file: Some(std::sync::Arc::clone(file)),
            range,
        }
    }
}

impl std::ops::Deref for Body {
    type Target = str;

    fn deref(&self) -> &str {
        self.file
            .as_ref()
            .map_or("", |file| file.slice(self.range.clone()))
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
    fn a_file_that_let_its_front_matter_go_reads_it_again_to_locate() {
        let text = "---\ntitle: « é »\n---\nLe corps, [[x]].\n";
        let dir = tempfile::tempdir().expect("a temporary folder");
        let disk = dir.path().join("a.md");
        std::fs::write(&disk, text).expect("written");
        let body = text.find("Le corps").unwrap_or_default();
        let mut file = SourceFile::new("a.md", text.to_string()).on_disk(disk.clone());
        file.let_go_of_front_matter(body);
        assert_eq!(file.text, "Le corps, [[x]].\n");
        assert_eq!(file.slice(body..body + 8), "Le corps");
        // Positions count from the file's start, in the front matter or not.
        let at = text.find('é').unwrap_or_default();
        let location = file.locate(at..at + 2);
        assert_eq!((location.line, location.column), (2, 10));
        assert_eq!(location.line_text, "title: « é »");
        let link = text.find("[[x]]").unwrap_or_default();
        assert_eq!(file.line_column(link), (4, 11));
        // Changed since: the file is named, without a line to show.
        std::fs::write(&disk, "---\ntitle: autre\n---\n").expect("written");
        let location = file.locate(at..at + 2);
        assert_eq!((location.line, location.line_text.as_str()), (1, ""));
        // A file that was never on disk keeps its whole text.
        let mut memory = SourceFile::new("b.md", text.to_string());
        memory.let_go_of_front_matter(body);
        assert_eq!(memory.text, text);
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
