//! "Did you mean": the nearest words to a misspelt one.

/// The candidates closest to `word`, best first, at most `limit`, keeping only
/// those near enough to be a likely typo.
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let word = word.to_lowercase();
    let word_length = word.chars().count();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let lowered = candidate.to_lowercase();
            // Lengths and prefixes count characters: names may be French.
            let length = lowered.chars().count();
            let near = (word_length.max(length) / 3).max(2);
            // The distance is at least the difference of lengths: skip the
            // quadratic computation when that alone is too far (a megabyte
            // of text named where a slug belongs would take seconds).
            let distance = (word_length.abs_diff(length) <= near)
                .then(|| strsim::damerau_levenshtein(&word, &lowered));
            let close = distance.is_some_and(|d| d <= near);
            let prefix: String = lowered.chars().take(4).collect();
            let shared_prefix = length >= 4 && word.starts_with(&prefix);
            (close || shared_prefix || lowered.contains(word.as_str()))
                .then_some((distance.unwrap_or(usize::MAX), candidate))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// "did you mean `a`?" or "did you mean `a`, `b` or `c`?", if anything is near.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let found = nearest(word, candidates, 3);
    (!found.is_empty()).then(|| format!("did you mean {}?", one_of(&found)))
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`": words in backquotes, as a choice.
pub fn one_of(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_words_only() {
        let fields = ["summary", "subject", "statements", "title"];
        assert_eq!(
            did_you_mean("sumary", fields),
            Some("did you mean `summary`?".into())
        );
        assert_eq!(
            did_you_mean("titel", fields),
            Some("did you mean `title`?".into())
        );
        assert_eq!(did_you_mean("zzz", fields), None);
        assert_eq!(
            nearest("montebourg", ["arnaud-montebourg", "macron"], 3),
            vec!["arnaud-montebourg"]
        );
    }

    #[test]
    fn accented_words_and_candidates_do_not_split_characters() {
        assert_eq!(nearest("cafe", ["café", "thé"], 3), vec!["café"]);
        assert_eq!(nearest("é", ["éé"], 3), vec!["éé"]);
        assert_eq!(nearest("ça-va-bien", ["ça-v"], 3), vec!["ça-v"]);
        assert!(did_you_mean("x", ["ééééé"]).is_none());
    }

    #[test]
    fn words_far_apart_in_length_are_not_near() {
        let huge = "a".repeat(1 << 20);
        assert!(nearest(&huge, ["arnaud-montebourg", "macron"], 3).is_empty());
        // Prefixes still count when lengths differ.
        assert_eq!(nearest("montebourg-arnaud-2016", ["mont"], 3), vec!["mont"]);
    }
}
