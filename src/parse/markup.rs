//! How much Markdown structure a file may hold.
//!
//! pulldown-cmark keeps a node for every mark of a text (an emphasis
//! delimiter, a bracket, a table pipe, a line) while it parses, and a node
//! with its share of the growing tree costs a few hundred bytes: a megabyte
//! made only of marks (a million nested `>`) took 250 MB to build. The example
//! wiki has about one mark in 25 bytes, front matter included, so a cap on
//! the number of marks bounds memory without touching real text.
//!
//! Counting is one pass over the bytes, before any Markdown is parsed. It
//! over-counts on purpose (every line and every `*`, `[`, `|`, `>`, `#`
//! counts, whether or not it makes a node), so the cap is a bound, never an
//! estimate; but the punctuation of prose counts only where it could be
//! Markdown: `-` and `+` before a space (list items), `.` and `)` after a
//! digit (numbered items), `!` before `[` (images).

/// The most Markdown marks a content file may hold (front matter and body
/// together, since some fields are Markdown too): some 800 KB of ordinary
/// text, and at most about 18 MB more for a build (`benches/safety.py`).
pub const MAX_MARKS: usize = 32_768;

/// Whether the byte at `at` can open, close or split a Markdown element. All
/// marks are ASCII, so they never fall inside a multi-byte character.
fn is_mark(bytes: &[u8], at: usize) -> bool {
    let next = bytes.get(at + 1).copied();
    match bytes[at] {
        b'\n' | b'*' | b'_' | b'~' | b'`' | b'[' | b']' | b'<' | b'>' | b'&' | b'\\' | b'|'
        | b'#' => true,
        // A carriage return alone ends a line too.
        b'\r' => next != Some(b'\n'),
        b'!' => next == Some(b'['),
        b'-' | b'+' => matches!(next, None | Some(b' ' | b'\t' | b'\r' | b'\n')),
        b'.' | b')' => at > 0 && bytes[at - 1].is_ascii_digit(),
        _ => false,
    }
}

/// The byte offset of the first mark past [`MAX_MARKS`], if `text` has one.
pub fn past_limit(text: &str) -> Option<usize> {
    past(text, MAX_MARKS)
}

/// Bytes that may be a mark, whatever their neighbours: one lookup per byte
/// skips the rest of the text (letters, digits, spaces, UTF-8 sequences).
const MAYBE_MARK: [bool; 256] = {
    let mut table = [false; 256];
    let marks = b"\n\r*_~`[]<>&\\|#!-+.)";
    let mut i = 0;
    while i < marks.len() {
        table[marks[i] as usize] = true;
        i += 1;
    }
    table
};

fn past(text: &str, limit: usize) -> Option<usize> {
    // Every mark is a byte: a text shorter than the limit cannot pass it
    // (most files: the scan costs nothing for them).
    if text.len() <= limit {
        return None;
    }
    let bytes = text.as_bytes();
    let mut count = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if MAYBE_MARK[usize::from(byte)] && is_mark(bytes, at) {
            if count == limit {
                return Some(at);
            }
            count += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_mark_over_the_limit() {
        assert_eq!(past("a*b*c*", 3), None);
        assert_eq!(past("a*b*c*d*", 3), Some(7));
        assert_eq!(past("é>é>é>", 2), Some(8));
    }

    fn count(text: &str) -> usize {
        (0..text.len())
            .filter(|&at| is_mark(text.as_bytes(), at))
            .count()
    }

    #[test]
    fn counts_punctuation_only_where_it_could_be_markdown() {
        assert_eq!(count("vingt-sept, 3+4 font sept. Fin! (a) 2016"), 0);
        assert_eq!(count("- a\n+ b\n1. c\n2) d\n![e]"), 4 + 2 + 2 + 3);
        assert_eq!(count("a\rb\r\nc"), 2);
    }

    #[test]
    fn ordinary_text_is_far_below_the_limit() {
        let paragraph = "Le ministre a déclaré, le 22 août 2016, qu'il voulait un « made in France » \
            numérique ; son site de campagne était pourtant hébergé chez [[microsoft-azure]], \
            à Amsterdam (voir *l'enquête*).\n\n";
        let body = paragraph.repeat(2_000);
        assert!(body.len() > 400_000);
        assert_eq!(past_limit(&body), None);
    }
}
