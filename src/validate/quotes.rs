//! Quotes checked against the stored copy of their source (content model
//! 7.5): a source may name a copy under `content/media/` (`file:`), plain
//! text, HTML or PDF; every quote that cites it (statements, responses) must
//! be found in it.
//!
//! Takes the validated dossiers and the bytes of the copies they name (read
//! by the driver); gives a `quote-not-in-source` warning for each quote not
//! found, with the closest passage of the copy as help. Both texts are
//! compared as sequences of words: letters and digits, case folded, so that
//! spacing (non-breaking spaces, line breaks), apostrophes, quotation marks
//! and punctuation, and for HTML the tags and entities, do not matter; a
//! changed word does.

use std::collections::HashMap;
use std::ops::Range;

use super::{Document, Step, Validated};
use crate::diagnostic::{Code, Diagnostic};
use crate::front_matter::{Dossier, Source};

use Step::{Field, Index};

/// The stored copies a check needs, by `media/...` path: those that the
/// dossiers' sources name.
pub fn wanted(validated: &Validated) -> Vec<String> {
    let mut paths: Vec<String> = validated
        .dossiers
        .iter()
        .flat_map(quotes)
        .filter_map(|quote| quote.source.file.as_deref())
        .map(|file| file.trim_start_matches('/').to_string())
        .filter(|file| validated.media.contains(file))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Warns of every quote not found in the stored copy of its source.
/// `copies` holds the bytes of the copies that could be read, by path.
pub fn check(validated: &Validated, copies: &HashMap<String, Vec<u8>>) -> Vec<Diagnostic> {
    let texts: HashMap<&str, Result<Copy, String>> = copies
        .iter()
        .map(|(path, bytes)| (path.as_str(), Copy::new(path, bytes)))
        .collect();
    let mut out = Vec::new();
    for dossier in &validated.dossiers {
        for quote in quotes(dossier) {
            let Some(file) = quote.source.file.as_deref() else {
                continue;
            };
            let copy = match texts.get(file.trim_start_matches('/')) {
                Some(Ok(copy)) => copy,
                Some(Err(why)) => {
                    out.push(
                        Diagnostic::new(
                            Code::QuoteNotInSource,
                            format!("this quote cannot be checked: vigie reads no text in {file}"),
                            Some(dossier.locate(&quote.path)),
                        )
                        .with_help(format!(
                            "{why}; store the article's text as a .txt or .html file instead"
                        )),
                    );
                    continue;
                }
                None => continue,
            };
            let words = words(quote.text);
            if words.is_empty() || copy.contains(&words) {
                continue;
            }
            let help = match copy.closest(&words) {
                Some(passage) => format!("the closest passage of {file} reads: « {passage} »"),
                None => format!("{file} has no text to compare with"),
            };
            out.push(
                Diagnostic::new(
                    Code::QuoteNotInSource,
                    format!("this quote is not in the stored copy {file}"),
                    Some(dossier.locate(&quote.path)),
                )
                .with_help(help),
            );
        }
    }
    out
}

/// A quote of a dossier, with its source and where it is written.
struct Quote<'a> {
    text: &'a str,
    source: &'a Source,
    path: [Step<'static>; 3],
}

/// The quotes of a dossier: its statements', and its responses' that quote.
fn quotes(dossier: &Document<Dossier>) -> impl Iterator<Item = Quote<'_>> {
    let front = &dossier.front;
    let statements = front.statements.iter().enumerate().map(|(i, s)| Quote {
        text: &s.quote,
        source: &s.source,
        path: [Field("statements"), Index(i), Field("quote")],
    });
    let responses = front.responses.iter().enumerate().filter_map(|(i, r)| {
        Some(Quote {
            text: r.quote.as_deref()?,
            source: &r.source,
            path: [Field("responses"), Index(i), Field("quote")],
        })
    });
    statements.chain(responses)
}

/// A stored copy as text, with its words.
struct Copy {
    /// The text: HTML without its tags, entities decoded.
    text: String,
    /// Each word, case folded, with its place in `text`.
    words: Vec<(String, Range<usize>)>,
}

impl Copy {
    /// The copy at `path`, read by its extension: `.html`/`.htm`, `.pdf`,
    /// else plain text. `Err` says why a PDF has no text to read.
    fn new(path: &str, bytes: &[u8]) -> Result<Copy, String> {
        let lower = path.to_ascii_lowercase();
        let text = if lower.ends_with(".pdf") {
            pdf_text(bytes)?
        } else if lower.ends_with(".html") || lower.ends_with(".htm") {
            html_text(&String::from_utf8_lossy(bytes))
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        };
        let words = word_spans(&text)
            .map(|span| (text[span.clone()].to_lowercase(), span))
            .collect();
        Ok(Copy { text, words })
    }

    /// Whether the copy has `words` in a row.
    fn contains(&self, words: &[String]) -> bool {
        self.words
            .windows(words.len())
            .any(|window| window.iter().map(|(w, _)| w).eq(words.iter()))
    }

    /// The passage of as many words that shares the most words in place with
    /// `words`, shortened to 300 characters.
    fn closest(&self, words: &[String]) -> Option<String> {
        let n = words.len().min(self.words.len());
        let (_, start) = self
            .words
            .windows(n)
            .enumerate()
            .map(|(start, window)| {
                let same = window
                    .iter()
                    .zip(words)
                    .filter(|((w, _), q)| w == *q)
                    .count();
                (same, std::cmp::Reverse(start))
            })
            .max()?;
        let start = start.0;
        let range = self.words[start].1.start..self.words[start + n - 1].1.end;
        let passage = self.text[range]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Some(crate::text::shorten(&passage, 300))
    }
}

/// The words of a text, case folded.
fn words(text: &str) -> Vec<String> {
    word_spans(text)
        .map(|span| text[span].to_lowercase())
        .collect()
}

/// The places of the words of `text`: runs of letters and digits.
fn word_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(at, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = at;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

/// The text of an HTML page: its blocks' visible text, one space between.
fn html_text(html: &str) -> String {
    crate::text::html_blocks(html).join(" ")
}

/// The text of a PDF (pdf-extract). A malformed file can make that crate
/// panic: the panic is caught and reported as the file's problem.
fn pdf_text(bytes: &[u8]) -> Result<String, String> {
    let extracted = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match extracted {
        Ok(Ok(text)) if text.chars().any(char::is_alphanumeric) => Ok(text),
        Ok(Ok(_)) => Err("the PDF holds no text (a scan?)".into()),
        Ok(Err(error)) => Err(format!("the PDF could not be read ({error})")),
        Err(_) => Err("the PDF could not be read".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(path: &str, text: &str) -> Copy {
        Copy::new(path, text.as_bytes()).expect("a text copy")
    }

    /// A one-page PDF showing `text` in Helvetica.
    fn pdf(text: &str) -> Vec<u8> {
        let stream = format!("BT /F1 12 Tf 72 712 Td ({text}) Tj ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
            format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for offset in offsets {
            out.extend(format!("{offset:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    #[test]
    fn a_pdf_is_read_for_its_text_and_a_broken_one_is_said_so() {
        let copy = Copy::new("a.pdf", &pdf("Not a digital colony")).expect("a readable PDF");
        assert!(copy.contains(&words("not a digital colony")));
        let broken = Copy::new("b.pdf", b"%PDF-1.4 nothing else");
        assert!(broken.is_err());
    }

    #[test]
    fn spacing_apostrophes_quotation_marks_and_case_do_not_matter() {
        let copy = copy(
            "a.txt",
            "Il a dit\u{a0}: «\u{202f}Je n’entends pas admettre que l’Europe\net la France deviennent les colonies numériques des États-Unis\u{202f}».",
        );
        let quote = "je n'entends pas admettre que l'Europe et la France deviennent les \"colonies\" numériques des États-Unis";
        assert!(copy.contains(&words(quote)));
    }

    #[test]
    fn html_tags_entities_and_breaks_are_read_as_text() {
        let copy = copy(
            "a.html",
            "<html><head><style>p { color: red }</style><script>var colonies = 1;</script></head><body><p>Je n&rsquo;entends pas<br>admettre que l'<em>Europe</em> &amp; la France</p><p>Suite</p></body></html>",
        );
        assert!(copy.contains(&words("Je n'entends pas admettre que l'Europe & la France")));
        assert!(copy.contains(&words("la France. Suite")));
        assert!(!copy.contains(&words("var colonies")));
        assert!(!copy.contains(&words("FranceSuite")));
    }

    #[test]
    fn a_changed_word_is_not_found_and_the_closest_passage_is_offered() {
        let copy = copy(
            "a.txt",
            "Début. Les colonies numériques des États-Unis, disait-il. Fin du texte.",
        );
        let changed = words("les colonies informatiques des États-Unis");
        assert!(!copy.contains(&changed));
        assert_eq!(
            copy.closest(&changed).as_deref(),
            Some("Les colonies numériques des États-Unis")
        );
    }
}
