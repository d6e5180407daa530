//! Diagnostics: every problem a stage finds, as a value with a stable code, a
//! location (`path:line:column`, the source line and the span to underline) and
//! help. Stages collect them and never stop at the first; the binary prints them.

use std::fmt;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config};
use serde::Serialize;

/// How bad a problem is. Errors fail `check` and `build`; warnings do not,
/// unless `--deny-warnings` is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build goes on; the contributor should look.
    Warning,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident; )*) => {
        /// The stable code of a diagnostic. Codes never change meaning: CI scripts,
        /// editors and the JSON output rely on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed: `unknown-field`, `bad-date`, ...
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// Whether a problem of this kind fails the build.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }
        }
    };
}

codes! {
    /// A file or folder could not be read.
    Io = "io-error", Error;
    /// A content file is not valid UTF-8 text.
    NotUtf8 = "not-utf8", Error;
    /// `content/site.yaml` is missing.
    MissingSiteConfig = "missing-site-config", Error;
    /// A file sits where the content model has no place for it.
    UnexpectedFile = "unexpected-file", Error;
    /// A Markdown file does not start with a `---` line.
    MissingFrontMatter = "missing-front-matter", Error;
    /// The front matter has no closing `---` line.
    UnclosedFrontMatter = "unclosed-front-matter", Error;
    /// The YAML does not parse.
    YamlSyntax = "yaml-syntax", Error;
    /// YAML that front matter has no use for and that could make a small file
    /// costly to read: anchors, aliases, merge keys, tags, deep nesting.
    UnsupportedYaml = "unsupported-yaml", Error;
    /// A file larger than vigie reads (see `load::MAX_FILE_BYTES`).
    FileTooLarge = "file-too-large", Error;
    /// A file with more structure than vigie reads: more YAML values than
    /// `parse::yaml::MAX_VALUES`, or more Markdown marks than
    /// `parse::markup::MAX_MARKS`.
    TooMuchStructure = "too-much-structure", Error;
    /// A key appears twice in one mapping.
    DuplicateKey = "duplicate-key", Error;
    /// A field that this kind of file does not have.
    UnknownField = "unknown-field", Error;
    /// A required field is absent.
    MissingField = "missing-field", Error;
    /// A value of the wrong type (a list where text is expected, ...).
    WrongType = "wrong-type", Error;
    /// A value outside the allowed set (`kind`, `verdict`, ...).
    BadValue = "bad-value", Error;
    /// A slug or item id that is not lowercase words joined by hyphens.
    BadSlug = "bad-slug", Error;
    /// A date that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or not in the calendar.
    BadDate = "bad-date", Error;
    /// A country code that is not ISO 3166-1 alpha-2 (or `EU`).
    BadCountry = "bad-country", Error;
    /// A language tag that is not BCP 47.
    BadLanguage = "bad-language", Error;
    /// A URL that does not parse or is not http(s).
    BadUrl = "bad-url", Error;
    /// A Wikidata id that is not `Q` followed by digits.
    BadWikidata = "bad-wikidata", Error;
    /// A reference that is not `slug`, `kind/slug` or `dossier#item`.
    BadReference = "bad-reference", Error;
    /// An evidence `file` that does not exist under `content/media/`.
    MissingFile = "missing-file", Error;
    /// Two statements or practices with the same id in one dossier.
    DuplicateId = "duplicate-id", Error;
    /// Two files of one kind with the same slug, or slugs that differ only by case.
    DuplicateSlug = "duplicate-slug", Error;
    /// A reference or wikilink to nothing.
    UnknownReference = "unknown-reference", Error;
    /// A reference to something of the wrong kind (a person where a provider is expected).
    WrongKind = "wrong-kind", Error;
    /// A bare slug that names entities of several kinds.
    AmbiguousReference = "ambiguous-reference", Error;
    /// `contradicts` names something other than a statement.
    NotAStatement = "not-a-statement", Error;
    /// A `verdict` without a `verdict_note`.
    MissingVerdictNote = "missing-verdict-note", Error;
    /// A practice without evidence.
    MissingEvidence = "missing-evidence", Error;
    /// Evidence of a kind that must cite a source, without one.
    MissingSource = "missing-source", Error;
    /// A dossier with neither statements nor practices.
    EmptyDossier = "empty-dossier", Error;
    /// A source without an `archive` copy.
    MissingArchive = "missing-archive", Warning;
    /// A date after today.
    FutureDate = "future-date", Warning;
    /// An entity that nothing references.
    UnreferencedEntity = "unreferenced-entity", Warning;
    /// A slug-shaped `publisher` that names no organization.
    UnknownPublisher = "unknown-publisher", Warning;
    /// A response with neither `quote` nor `summary`.
    EmptyResponse = "empty-response", Error;
    /// A `contradicts` link whose practice's actor is not the statement's
    /// speaker nor tied to them (content model 7.6).
    ContradictionByAnotherActor = "contradiction-by-another-actor", Warning;
    /// A quote not found in the stored copy of its source (`file:`).
    QuoteNotInSource = "quote-not-in-source", Warning;
    /// A list of topics or laws that names one entry twice: the pages would
    /// list the dossier or provider twice, so the second mention is dropped.
    DuplicateReference = "duplicate-reference", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Where a problem is: the file, the 1-based line and column of the start and
/// end, and the text of the first line with the byte range to underline in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end (exclusive), in characters.
    pub end_column: usize,
    /// The source line where the problem starts, without its line ending.
    #[serde(skip)]
    pub line_text: String,
    /// Byte range of the problem within `line_text`.
    #[serde(skip)]
    pub underline: Range<usize>,
}

impl Location {
    /// A location that names a whole file, with no line to show.
    pub fn file(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            line_text: String::new(),
            underline: 0..0,
        }
    }
}

/// One problem found in the content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning (follows from the code).
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where; `None` for problems of the whole tree (no `content/` folder).
    #[serde(flatten)]
    pub location: Option<Location>,
    /// A short note placed under the span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How to fix it: "did you mean `summary`?", the nearest slugs, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at a location; the severity follows from the code.
    pub fn new(code: Code, message: impl Into<String>, location: Option<Location>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            message: shorten_words(message.into()),
            location,
            label: None,
            help: None,
        }
    }

    /// Adds a label under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(shorten_words(label.into()));
        self
    }

    /// Adds help, if there is any.
    pub fn with_help(mut self, help: impl Into<Option<String>>) -> Self {
        self.help = help.into().map(shorten_words);
        self
    }

    /// Whether this problem fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as a terminal would show it, with the source line and
    /// its span underlined; `color` adds ANSI colours.
    pub fn render(&self, color: bool) -> String {
        let severity = match self.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut report = Report::new(severity)
            .with_code(self.code.as_str())
            .with_message(&self.message);
        if let Some(location) = &self.location
            && location.line_text.is_empty()
            && location.underline.is_empty()
        {
            // A problem of a whole file: name it, with no source line to show.
            return self.render_file_level(location, color);
        }
        if let Some(location) = &self.location {
            let label = Label::primary((), location.underline.clone())
                .with_message(self.label.clone().unwrap_or_default());
            report = report.with_labels(vec![label]);
        }
        if let Some(help) = &self.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        let snippet = Snippet(self.location.as_ref());
        let mut out = String::new();
        let config = Config::default();
        let written = if color {
            let mut buffer = termcolor::Buffer::ansi();
            let result = term::emit_to_write_style(&mut buffer, &config, &snippet, &report);
            out = String::from_utf8_lossy(buffer.as_slice()).into_owned();
            result
        } else {
            term::emit_into_string(&config, &snippet, &report).map(|s| out = s)
        };
        if written.is_err() {
            // The snippet cannot fail to render; keep the essentials if it ever does.
            out = format!(
                "{}[{}]: {}\n",
                self.severity_word(),
                self.code,
                self.message
            );
        }
        out
    }

    fn render_file_level(&self, location: &Location, color: bool) -> String {
        let (bold, reset, tint) = match (color, self.severity) {
            (false, _) => ("", "", ""),
            (true, Severity::Error) => ("\x1b[1m", "\x1b[0m", "\x1b[1;31m"),
            (true, Severity::Warning) => ("\x1b[1m", "\x1b[0m", "\x1b[1;33m"),
        };
        let mut out = format!(
            "{tint}{}[{}]{reset}{bold}: {}{reset}\n  ┌─ {}:{}:{}\n",
            self.severity_word(),
            self.code,
            self.message,
            location.path,
            location.line,
            location.column
        );
        if let Some(help) = &self.help {
            out.push_str(&format!("  = help: {help}\n"));
        }
        out.push('\n');
        out
    }

    fn severity_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The longest word, in characters, that a message, label or help shows in
/// full: room for any address, not for a megabyte-long slug echoed back.
const LONGEST_WORD: usize = 200;

/// Cuts the middle out of words longer than [`LONGEST_WORD`], leaving `…`.
fn shorten_words(text: String) -> String {
    if text.len() <= LONGEST_WORD {
        return text;
    }
    let mut shortened = String::with_capacity(text.len().min(4 * LONGEST_WORD));
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            shortened.push(' ');
        }
        let length = word.chars().count();
        if length <= LONGEST_WORD {
            shortened.push_str(word);
        } else {
            let keep = LONGEST_WORD / 2;
            shortened.extend(word.chars().take(keep));
            shortened.push('…');
            shortened.extend(word.chars().skip(length - keep));
        }
    }
    shortened
}

/// The one source line a diagnostic carries, shown as a file to codespan with
/// the line numbers of the real file.
struct Snippet<'a>(Option<&'a Location>);

impl<'a> Files<'a> for Snippet<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        self.0
            .map(|l| l.path.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        self.0
            .map(|l| l.line_text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, FilesError> {
        self.0.map(|l| l.line).ok_or(FilesError::FileMissing)
    }

    fn line_range(&'a self, (): (), _line_index: usize) -> Result<Range<usize>, FilesError> {
        self.0
            .map(|l| 0..l.line_text.len())
            .ok_or(FilesError::FileMissing)
    }

    /// The column in the file, not in the shown line: a long line is shown
    /// as a window (see `SourceFile::locate`), which starts further right.
    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let location = self.0.ok_or(FilesError::FileMissing)?;
        let chars_to = |end: usize| {
            location
                .line_text
                .get(..end)
                .map_or(0, |shown| shown.chars().count())
        };
        let window_start = location
            .column
            .saturating_sub(1 + chars_to(location.underline.start));
        Ok(window_start + chars_to(byte_index) + 1)
    }
}

/// The diagnostics as a JSON array, one object per problem, in the documented
/// shape (`docs/diagnostics.md`): `severity`, `code`, `message`, `path`,
/// `line`, `column`, `end_line`, `end_column`, and `label`, `help` when given.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".into())
}

/// The diagnostics as GitHub Actions workflow commands, so that a pull
/// request shows each one on its line.
pub fn to_github(diagnostics: &[Diagnostic]) -> String {
    // Workflow commands reserve `%`, line breaks and, in properties, `:` and `,`.
    fn data(text: &str) -> String {
        text.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(text: &str) -> String {
        data(text).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = vec![format!("title={}", property(d.code.as_str()))];
        if let Some(l) = &d.location {
            properties.insert(0, format!("file={}", property(&l.path)));
            properties.insert(
                1,
                format!(
                    "line={},col={},endLine={},endColumn={}",
                    l.line, l.column, l.end_line, l.end_column
                ),
            );
        }
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            data(&message)
        ));
    }
    out
}

/// Sorts diagnostics by file, position and code, so that output is stable
/// whatever order the parallel stages found them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    fn key(d: &Diagnostic) -> Option<(&str, usize, usize)> {
        d.location
            .as_ref()
            .map(|l| (l.path.as_str(), l.line, l.column))
    }
    diagnostics.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then(a.code.cmp(&b.code))
            .then(a.message.cmp(&b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn renders_path_line_column_and_underline() {
        let file = SourceFile::new(
            "content/dossiers/a.md",
            "---\ntitle: A\nsumary: x\n---\n".into(),
        );
        let start = file.text.find("sumary").unwrap_or_default();
        let diagnostic = Diagnostic::new(
            Code::UnknownField,
            "unknown field `sumary`",
            Some(file.locate(start..start + 6)),
        )
        .with_help("did you mean `summary`?".to_string());
        let text = diagnostic.render(false);
        assert!(
            text.contains("error[unknown-field]: unknown field `sumary`"),
            "{text}"
        );
        assert!(text.contains("content/dossiers/a.md:3:1"), "{text}");
        assert!(text.contains("3 │ sumary: x"), "{text}");
        assert!(text.contains("^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `summary`?"), "{text}");
    }

    #[test]
    fn echoed_words_are_cut_to_a_readable_length() {
        let slug = "é".repeat(1_000_000);
        let diagnostic =
            Diagnostic::new(Code::UnknownReference, format!("`{slug}` is unknown"), None)
                .with_help(format!("create content/people/{slug}.md"));
        assert!(diagnostic.message.chars().count() < LONGEST_WORD + 20);
        assert!(diagnostic.message.ends_with("` is unknown"));
        let help = diagnostic.help.unwrap_or_default();
        assert!(help.starts_with("create content/people/éé") && help.ends_with("éé.md"));
        let address = format!("https://example.org/{}", "a".repeat(150));
        let kept = Diagnostic::new(Code::MissingArchive, format!("no copy of {address}"), None);
        assert!(kept.message.ends_with(&address));
    }

    #[test]
    fn a_long_line_shows_the_column_of_the_file() {
        let line = format!("subject: {}", "a".repeat(10_000));
        let file = crate::source::SourceFile::new("a.md", format!("{line}\n"));
        let location = file.locate(5_000..5_001);
        let rendered = Diagnostic::new(Code::UnknownReference, "x", Some(location)).render(false);
        assert!(rendered.contains("a.md:1:5001"), "{rendered}");
    }

    #[test]
    fn github_commands_escape_their_text() {
        let file = SourceFile::new("content/a,b.md", "---\nx: 1\n---\n".into());
        let diagnostic = Diagnostic::new(
            Code::UnknownField,
            "unknown field `x`: 100%",
            Some(file.locate(4..5)),
        )
        .with_help("did you mean `y`?".to_string());
        assert_eq!(
            to_github(&[diagnostic]),
            "::error file=content/a%2Cb.md,line=2,col=1,endLine=2,endColumn=2,title=unknown-field::unknown field `x`: 100%25%0Ahelp: did you mean `y`?\n"
        );
    }

    #[test]
    fn json_has_the_documented_fields() {
        let file = SourceFile::new("content/a.md", "---\nx: 1\n---\n".into());
        let diagnostic = Diagnostic::new(
            Code::UnknownField,
            "unknown field `x`",
            Some(file.locate(4..5)),
        );
        let json: serde_json::Value =
            serde_json::from_str(&to_json(&[diagnostic])).unwrap_or_default();
        let fields: Vec<&str> = json[0]
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            fields,
            [
                "code",
                "column",
                "end_column",
                "end_line",
                "line",
                "message",
                "path",
                "severity"
            ]
        );
    }

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert!(names.iter().all(|n| {
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}
