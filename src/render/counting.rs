//! Numbers and plural forms in the theme's language: `12 345` or `12,345`,
//! `1 déclaration` and `0 déclaration` in French, `0 statements` in English.
//! What each language does is in its strings file (`digit_group`,
//! `singular_for`, `counts`, `count_one`), not here.

use serde_json::Value as Json;

/// How the theme writes counts; made once per theme from its strings.
#[derive(Debug, Clone)]
pub struct Counting {
    /// Put between groups of three digits.
    digit_group: String,
    /// The numbers that take the singular (`[0, 1]` in French, `[1]` in English).
    singular_for: Vec<i64>,
    /// The `counts` (plural) and `count_one` (singular) words, by thing counted.
    many: Json,
    one: Json,
}

impl Counting {
    /// The counting of a theme with `strings`.
    pub fn new(strings: &Json) -> Counting {
        let singular_for = strings
            .get("singular_for")
            .and_then(Json::as_array)
            .map(|list| list.iter().filter_map(Json::as_i64).collect())
            .unwrap_or_else(|| vec![1]);
        Counting {
            digit_group: strings
                .get("digit_group")
                .and_then(Json::as_str)
                .unwrap_or(",")
                .to_string(),
            singular_for,
            many: strings.get("counts").cloned().unwrap_or_default(),
            one: strings.get("count_one").cloned().unwrap_or_default(),
        }
    }

    /// Whether `n` of something take the plural.
    pub fn is_plural(&self, n: i64) -> bool {
        !self.singular_for.contains(&n)
    }

    /// `n` with its digits grouped by three.
    pub fn number(&self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut grouped = String::with_capacity(digits.len() + 8);
        if n < 0 {
            grouped.push('-');
        }
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push_str(&self.digit_group);
            }
            grouped.push(digit);
        }
        grouped
    }

    /// The word for `n` things of the kind `of` (`statements`), singular or plural.
    pub fn word(&self, n: i64, of: &str) -> String {
        let forms = if self.is_plural(n) {
            &self.many
        } else {
            &self.one
        };
        forms
            .get(of)
            .and_then(Json::as_str)
            .unwrap_or(of)
            .to_string()
    }

    /// `n` things of the kind `of`: `3 déclarations`.
    pub fn phrase(&self, n: i64, of: &str) -> String {
        format!("{} {}", self.number(n), self.word(n, of))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn french() -> Counting {
        Counting::new(&serde_json::json!({
            "digit_group": "\u{202f}",
            "singular_for": [0, 1],
            "counts": { "statements": "déclarations" },
            "count_one": { "statements": "déclaration" },
        }))
    }

    fn english() -> Counting {
        Counting::new(&serde_json::json!({
            "digit_group": ",",
            "singular_for": [1],
            "counts": { "statements": "statements" },
            "count_one": { "statements": "statement" },
        }))
    }

    #[test]
    fn each_language_has_its_plural_and_its_digit_groups() {
        let (fr, en) = (french(), english());
        assert_eq!(fr.phrase(0, "statements"), "0 déclaration");
        assert_eq!(fr.phrase(1, "statements"), "1 déclaration");
        assert_eq!(fr.phrase(2, "statements"), "2 déclarations");
        assert_eq!(en.phrase(0, "statements"), "0 statements");
        assert_eq!(en.phrase(1, "statements"), "1 statement");
        assert_eq!(fr.number(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(en.number(1_234_567), "1,234,567");
        assert_eq!(en.number(999), "999");
        assert_eq!(en.number(-1000), "-1,000");
    }
}
