//! Dates in the theme's words and order: `2014`, `mai 2014`, `1er août 2016`,
//! `22 August 2016`. The month names and patterns are in the strings file
//! (`months`, `date_format`); they are read once per theme, here, because a
//! build writes a date tens of thousands of times.

use serde_json::Value as Json;

use crate::front_matter::values::Date;

/// How the theme writes dates; made once per theme from its strings.
#[derive(Debug, Clone)]
pub struct Dates {
    /// January to December.
    months: Vec<String>,
    /// A full date, with `{day}`, `{month}` and `{year}` in it.
    day: Vec<Part>,
    /// A month of a year.
    month: Vec<Part>,
    /// How the first day of a month is written (`1er`), if not as `1`.
    first_day: Option<String>,
}

/// A piece of a date pattern.
#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Day,
    Month,
    Year,
}

impl Dates {
    /// The dates of a theme with `strings`.
    pub fn new(strings: &Json) -> Dates {
        let formats = strings.get("date_format");
        let format = |key: &str| formats.and_then(|f| f.get(key)).and_then(Json::as_str);
        let months = strings
            .get("months")
            .and_then(Json::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(Json::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        Dates {
            months,
            day: parts(format("day").unwrap_or_default()),
            month: parts(format("month").unwrap_or_default()),
            first_day: format("first_day").map(str::to_string),
        }
    }

    /// `date` as a reader reads it.
    pub fn text(&self, date: &Date) -> String {
        let (pattern, month, day) = match (date.month, date.day) {
            (Some(month), Some(day)) => (&self.day, month, Some(day)),
            (Some(month), None) => (&self.month, month, None),
            _ => return date.year.to_string(),
        };
        let mut text = String::new();
        for part in pattern {
            match part {
                Part::Text(words) => text.push_str(words),
                Part::Year => text.push_str(&date.year.to_string()),
                Part::Month => match self.months.get(usize::from(month).saturating_sub(1)) {
                    Some(name) => text.push_str(name),
                    None => text.push_str(&format!("{month:02}")),
                },
                Part::Day => match (&self.first_day, day) {
                    (Some(first), Some(1)) => text.push_str(first),
                    (_, Some(day)) => text.push_str(&day.to_string()),
                    (_, None) => {}
                },
            }
        }
        text
    }
}

/// A pattern cut at its placeholders.
fn parts(pattern: &str) -> Vec<Part> {
    const PLACES: [(&str, Part); 3] = [
        ("{day}", Part::Day),
        ("{month}", Part::Month),
        ("{year}", Part::Year),
    ];
    let mut parts = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        let next = PLACES
            .iter()
            .filter_map(|(place, part)| rest.find(place).map(|at| (at, *place, part)))
            .min_by_key(|&(at, ..)| at);
        let Some((at, place, part)) = next else {
            parts.push(Part::Text(rest.to_string()));
            break;
        };
        if at > 0 {
            parts.push(Part::Text(rest[..at].to_string()));
        }
        parts.push(part.clone());
        rest = &rest[at + place.len()..];
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn french() -> Dates {
        Dates::new(&serde_json::json!({
            "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                       "août", "septembre", "octobre", "novembre", "décembre"],
            "date_format": { "day": "{day} {month} {year}", "month": "{month} {year}", "first_day": "1er" },
        }))
    }

    fn date(year: i16, month: Option<u8>, day: Option<u8>) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn a_date_is_written_to_its_precision() {
        let dates = french();
        assert_eq!(dates.text(&date(2016, None, None)), "2016");
        assert_eq!(dates.text(&date(2014, Some(5), None)), "mai 2014");
        assert_eq!(dates.text(&date(2016, Some(8), Some(22))), "22 août 2016");
        assert_eq!(dates.text(&date(2016, Some(8), Some(1))), "1er août 2016");
    }

    #[test]
    fn the_order_and_words_are_the_theme_s() {
        let english = Dates::new(&serde_json::json!({
            "months": ["January", "February", "March", "April", "May", "June", "July",
                       "August", "September", "October", "November", "December"],
            "date_format": { "day": "{month} {day}, {year}", "month": "{month} {year}" },
        }));
        assert_eq!(
            english.text(&date(2016, Some(8), Some(1))),
            "August 1, 2016"
        );
        assert_eq!(english.text(&date(2014, Some(12), None)), "December 2014");
        // No month names: the month's number shows.
        let bare = Dates::new(&serde_json::json!({ "date_format": { "month": "{year}-{month}" } }));
        assert_eq!(bare.text(&date(2014, Some(3), None)), "2014-03");
    }
}
