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
    /// The whole text, exactly as read (a leading byte-order mark included),
    /// or the part of it kept by [`SourceFile::keep_only`].
    pub text: String,
    /// Where `text` starts in the file: 0, unless only a part is kept.
    start: usize,
    /// The file's length in bytes.
    len: usize,
    /// Where the file was read from, to read it again once only a part of
    /// its text is kept.
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
            len: text.len(),
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

    /// Keeps only the text of the byte range `range` (none, when empty):
    /// once a file's front matter is typed and its wikilinks found, its text
    /// serves only diagnostics and the page of its body, and what they need
    /// and was not kept, they read again (at 100,000 dossiers, half a
    /// gigabyte of text). Does nothing for a file not read from disk, one
    /// already cut, or a range that is not the file's.
    pub fn keep_only(&mut self, range: Range<usize>) {
        if self.disk.is_none() || !self.is_whole() {
            return;
        }
        let Some(kept) = self.text.get(range.clone()) else {
            return;
        };
        // A copy, not a drain: an allocator may keep a block that shrinks by
        // less than half (mimalloc does), and bodies are about half a file.
        self.text = kept.to_string();
        self.start = range.start;
        self.line_starts = std::sync::OnceLock::new();
    }

    /// Whether the whole text is held.
    fn is_whole(&self) -> bool {
        self.start == 0 && self.text.len() == self.len
    }

    /// The text of the byte range `range` of the file: held, or read again;
    /// `None` when the file changed since, can no longer be read, or
    /// `range` is not in it.
    pub fn text_of(&self, range: Range<usize>) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        let held = range.start.checked_sub(self.start).and_then(|start| {
            let end = range.end.checked_sub(self.start)?;
            self.text.get(start..end)
        });
        if let Some(text) = held {
            return Some(Cow::Borrowed(text));
        }
        if self.is_whole() {
            return None; // `range` is not in the file.
        }
        let whole = self.whole()?;
        whole
            .text
            .get(range)
            .map(|text| Cow::Owned(text.to_string()))
    }

    /// The whole file: this one, or, when only a part of its text is kept,
    /// the file read again; `None` when it changed since.
    pub fn whole(&self) -> Option<std::borrow::Cow<'_, SourceFile>> {
        if self.is_whole() {
            return Some(std::borrow::Cow::Borrowed(self));
        }
        let text = std::fs::read_to_string(self.disk.as_ref()?).ok()?;
        let whole = SourceFile::new(self.path.clone(), text);
        (whole.digest == self.digest).then_some(std::borrow::Cow::Owned(whole))
    }

    /// The location of a byte range: 1-based line and column (in characters),
    /// with the text of the first line so that it can be shown under the message.
    pub fn locate(&self, range: Range<usize>) -> Location {
        if !self.is_whole() {
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
        if !self.is_whole() {
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
/// bodies are half its text), and read again from disk when the file did
/// not keep it.
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

    /// A digest of its file's text before the body (the front matter), when
    /// the file's whole text is held: the same after an edit of the body
    /// alone, which only the body's own page shows.
    pub fn front_digest(&self) -> Option<u64> {
        let file = self.file.as_ref().filter(|file| file.is_whole())?;
        let front = file.text.get(..self.range.start)?;
        Some(xxhash_rust::xxh3::xxh3_64(front.as_bytes()))
    }

    /// The body's text, read again if its file did not keep it.
    pub fn text(&self) -> Result<std::borrow::Cow<'_, str>, Changed> {
        let Some(file) = &self.file else {
            return Ok(std::borrow::Cow::Borrowed(""));
        };
        file.text_of(self.range.clone()).ok_or_else(|| Changed {
            path: file.path.clone(),
        })
    }
}

/// A file read again is not the file that was checked: it changed on disk
/// (or went) while the site was being built.
#[derive(Debug, thiserror::Error)]
#[error("{path} changed while the site was being built: build again")]
pub struct Changed {
    /// The file, relative to the site root.
    pub path: String,
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
    fn a_file_that_kept_part_of_its_text_reads_the_rest_again() {
        let text = "---\ntitle: « é »\n---\nLe corps, [[x]].\n";
        let dir = tempfile::tempdir().expect("a temporary folder");
        let disk = dir.path().join("a.md");
        std::fs::write(&disk, text).expect("written");
        let start = text.find("Le corps").unwrap_or_default();
        let file = SourceFile::new("a.md", text.to_string()).on_disk(disk.clone());
        let mut file = std::sync::Arc::new(file);
        std::sync::Arc::get_mut(&mut file)
            .expect("one owner")
            .keep_only(text.len()..text.len());
        assert_eq!(file.text, "");
        let body = Body::of(&file, start..text.len());
        assert_eq!(body.text().ok().as_deref(), Some("Le corps, [[x]].\n"));
        // Positions count from the file's start, in the front matter or not.
        let at = text.find('é').unwrap_or_default();
        let location = file.locate(at..at + 2);
        assert_eq!((location.line, location.column), (2, 10));
        assert_eq!(location.line_text, "title: « é »");
        let link = text.find("[[x]]").unwrap_or_default();
        assert_eq!(file.line_column(link), (4, 11));
        // Changed since: the file is named, without a line to show, and its
        // body is not read from the new text.
        std::fs::write(&disk, "---\ntitle: « é »\n---\nUn autre corps.\n").expect("written");
        let location = file.locate(at..at + 2);
        assert_eq!((location.line, location.line_text.as_str()), (1, ""));
        let changed = body.text().map(|text| text.into_owned());
        assert_eq!(changed.map_err(|e| e.path), Err("a.md".to_string()));
        // A file that kept its body reads it as held, the rest again.
        let mut kept = SourceFile::new("a.md", text.to_string()).on_disk(disk.clone());
        kept.keep_only(start..text.len());
        assert_eq!(kept.text, "Le corps, [[x]].\n");
        std::fs::write(&disk, "changed").expect("written");
        let kept = std::sync::Arc::new(kept);
        let body = Body::of(&kept, start..text.len());
        assert_eq!(body.text().ok().as_deref(), Some("Le corps, [[x]].\n"));
        assert!(kept.text_of(0..3).is_none(), "the front matter changed");
        // A file that was never on disk keeps its text.
        let mut memory = SourceFile::new("b.md", text.to_string());
        memory.keep_only(start..start);
        assert_eq!(memory.text, text);
        let memory = std::sync::Arc::new(memory);
        let body = Body::of(&memory, start..text.len());
        assert_eq!(body.text().ok().as_deref(), Some("Le corps, [[x]].\n"));
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
