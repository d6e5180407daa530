//! Value types of the front matter that carry their own rules: dates, slugs,
//! references, country and language codes, URLs, Wikidata ids, verdicts.
//!
//! Each is a [`Format`]: its JSON Schema names the format, and the structural
//! check in `parse` runs [`check_format`] on every value so that a bad one is
//! reported at its own line, before serde ever sees it.

use compact_str::CompactString;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::codes::{COUNTRY_CODES, LANGUAGE_CODES};
use crate::diagnostic::Code;
use crate::kind::Kind;

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The diagnostic code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Problem {
    fn new(code: Code, message: String, help: &str) -> Self {
        Problem {
            code,
            message,
            help: Some(help.to_string()),
        }
    }
}

/// A value type written as text in YAML, with its own syntax.
pub trait Format: Sized {
    /// The JSON Schema `format` that marks fields of this type.
    const FORMAT: &'static str;
    /// Parses the text of a YAML scalar.
    fn parse(text: &str) -> Result<Self, Problem>;
}

/// Checks `text` against the format named in a schema. `None` when the format
/// is not one of vigie's (such as `uri`), which the structural check ignores.
pub fn check_format(format: &str, text: &str) -> Option<Result<(), Problem>> {
    fn run<T: Format>(text: &str) -> Option<Result<(), Problem>> {
        Some(T::parse(text).map(|_| ()))
    }
    match format {
        Date::FORMAT => run::<Date>(text),
        Slug::FORMAT => run::<Slug>(text),
        Reference::FORMAT => run::<Reference>(text),
        CountryCode::FORMAT => run::<CountryCode>(text),
        LanguageTag::FORMAT => run::<LanguageTag>(text),
        HttpUrl::FORMAT => run::<HttpUrl>(text),
        WikidataId::FORMAT => run::<WikidataId>(text),
        _ => None,
    }
}

/// Implements serde and schemars for a [`Format`] newtype written as a string.
macro_rules! text_format {
    ($type:ident, $schema:tt) => {
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = ScalarText::deserialize(deserializer)?.0;
                $type::parse(&text).map_err(|p| serde::de::Error::custom(p.message))
            }
        }

        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl JsonSchema for $type {
            fn schema_name() -> Cow<'static, str> {
                stringify!($type).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

/// The text of a scalar, whether YAML typed it as a string or a number
/// (`date: 2014` is an integer to YAML).
struct ScalarText(String);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ScalarText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E>(self, v: &str) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A date known to the year, the month or the day: `2014`, `2014-05`, `2014-05-12`.
/// Dates sort by their known parts, so `2014` comes before `2014-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// The year.
    pub year: i16,
    /// The month, 1 to 12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known.
    pub day: Option<u8>,
}

impl Date {
    /// The first day the date can mean (`2014` is 2014-01-01).
    pub fn first_day(&self) -> jiff::civil::Date {
        let month = self.month.unwrap_or(1) as i8;
        let day = self.day.unwrap_or(1) as i8;
        jiff::civil::Date::new(self.year, month, day).unwrap_or_default()
    }

    /// Days from `self` to `later` (negative when `later` is earlier), taking
    /// unknown months and days as the first.
    pub fn days_until(&self, later: &Date) -> i64 {
        let (from, to) = (self.first_day(), later.first_day());
        from.until(to)
            .map(|span| span.get_days() as i64)
            .unwrap_or(0)
    }

    /// Whether the date starts after `today`.
    pub fn is_after(&self, today: jiff::civil::Date) -> bool {
        self.first_day().cmp(&today) == Ordering::Greater
    }
}

impl Format for Date {
    const FORMAT: &'static str = "vigie-date";

    fn parse(text: &str) -> Result<Self, Problem> {
        let bad = |why: &str| {
            Problem::new(
                Code::BadDate,
                format!("`{text}` is not a valid date{why}"),
                "write `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, such as `2016-08-22`",
            )
        };
        let parts: Vec<&str> = text.split('-').collect();
        let widths = [4, 2, 2];
        if parts.len() > 3
            || parts
                .iter()
                .zip(widths)
                .any(|(p, w)| p.len() != w || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad(""));
        }
        let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u8>().ok());
        let year: i16 = parts[0].parse().map_err(|_| bad(""))?;
        let date = Date {
            year,
            month: number(1),
            day: number(2),
        };
        if let Some(month) = date.month
            && !(1..=12).contains(&month)
        {
            return Err(bad(": months run from 01 to 12"));
        }
        if let (Some(month), Some(day)) = (date.month, date.day)
            && jiff::civil::Date::new(year, month as i8, day as i8).is_err()
        {
            return Err(bad(": that day is not in the calendar"));
        }
        Ok(date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

text_format!(Date, {
    "type": ["string", "integer"],
    "format": "vigie-date",
    "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    "description": "A date known to the year, month or day: YYYY, YYYY-MM or YYYY-MM-DD."
});

/// Whether `text` is a slug: lowercase ASCII letters and digits in words joined
/// by single hyphens (`^[a-z0-9]+(-[a-z0-9]+)*$`).
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The help shown for a bad slug: the nearest valid one.
pub fn slug_help(text: &str) -> String {
    let suggestion = slugify(text);
    if suggestion.is_empty() {
        "use lowercase letters and digits joined by hyphens, such as `site-2017-azure`".into()
    } else {
        format!("use lowercase letters and digits joined by hyphens, such as `{suggestion}`")
    }
}

/// Lowercases, drops accents and joins words with hyphens.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// An id or slug: `colonies-numeriques`. Held inline up to 24 bytes, as
/// nearly every id and slug is: a wiki of 100,000 dossiers holds millions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(pub CompactString);

impl Format for Slug {
    const FORMAT: &'static str = "vigie-slug";

    fn parse(text: &str) -> Result<Self, Problem> {
        if is_slug(text) {
            Ok(Slug(text.into()))
        } else {
            Err(Problem {
                code: Code::BadSlug,
                message: format!("`{text}` is not a valid id"),
                help: Some(slug_help(text)),
            })
        }
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

text_format!(Slug, {
    "type": "string",
    "format": "vigie-slug",
    "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
    "description": "Lowercase letters and digits joined by hyphens."
});

/// The folders of the content tree that hold entities, as written in a
/// `kind/slug` reference.
pub const KIND_FOLDERS: [&str; 6] = [
    "dossiers",
    "people",
    "organizations",
    "providers",
    "laws",
    "topics",
];

/// A reference as written: `slug`, `kind/slug`, `dossier#item` or `kind/slug#item`.
/// Whether it names anything is decided in `resolve`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference {
    /// The kind, when written `kind/slug`.
    pub kind: Option<Kind>,
    /// The slug (empty for a bare `item` inside a dossier, see `item`).
    pub slug: CompactString,
    /// The item id after `#`.
    pub item: Option<CompactString>,
}

impl Reference {
    /// A bare `slug`.
    pub fn to(slug: &str) -> Self {
        Reference {
            kind: None,
            slug: slug.into(),
            item: None,
        }
    }
}

impl Format for Reference {
    const FORMAT: &'static str = "vigie-reference";

    fn parse(text: &str) -> Result<Self, Problem> {
        let bad = |why: String| Problem {
            code: Code::BadReference,
            message: format!("`{text}` is not a valid reference: {why}"),
            help: Some("write `slug`, `kind/slug` or `dossier-slug#item-id`".into()),
        };
        let (path, item) = match text.split_once('#') {
            Some((path, item)) => (path, Some(item)),
            None => (text, None),
        };
        let (kind, slug) = match path.split_once('/') {
            Some((kind, slug)) => (Some(kind), slug),
            None => (None, path),
        };
        let kind = match kind {
            Some(folder) if KIND_FOLDERS.contains(&folder) => Kind::from_folder(folder),
            Some(folder) => {
                return Err(bad(format!(
                    "`{folder}` is not a kind; kinds are {}",
                    KIND_FOLDERS.join(", ")
                )));
            }
            None => None,
        };
        for part in std::iter::once(slug).chain(item) {
            if !is_slug(part) {
                return Err(bad(format!("`{part}` is not a slug")));
            }
        }
        Ok(Reference {
            kind,
            slug: slug.into(),
            item: item.map(CompactString::from),
        })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(kind) = self.kind {
            write!(f, "{}/", kind.folder())?;
        }
        f.write_str(&self.slug)?;
        if let Some(item) = &self.item {
            write!(f, "#{item}")?;
        }
        Ok(())
    }
}

text_format!(Reference, {
    "type": "string",
    "format": "vigie-reference",
    "pattern": "^((dossiers|people|organizations|providers|laws|topics)/)?[a-z0-9]+(-[a-z0-9]+)*(#[a-z0-9]+(-[a-z0-9]+)*)?$",
    "description": "A slug, kind/slug, or dossier-slug#item-id."
});

/// An ISO 3166-1 alpha-2 country code, or `EU`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(pub CompactString);

impl Format for CountryCode {
    const FORMAT: &'static str = "vigie-country";

    fn parse(text: &str) -> Result<Self, Problem> {
        if COUNTRY_CODES.binary_search(&text).is_ok() {
            return Ok(CountryCode(text.into()));
        }
        let upper = text.to_ascii_uppercase();
        let help = if COUNTRY_CODES.binary_search(&upper.as_str()).is_ok() {
            format!("country codes are upper case: `{upper}`")
        } else {
            "use an ISO 3166-1 alpha-2 code such as `FR`, `NL` or `US`, or `EU`".into()
        };
        Err(Problem {
            code: Code::BadCountry,
            message: format!("`{text}` is not an ISO 3166-1 country code"),
            help: Some(help),
        })
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

text_format!(CountryCode, {
    "type": "string",
    "format": "vigie-country",
    "pattern": "^[A-Z]{2}$",
    "description": "ISO 3166-1 alpha-2 country code (FR, NL, US), or EU."
});

/// A BCP 47 language tag whose primary language is an ISO 639 code: `fr`, `en-GB`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageTag(pub CompactString);

impl LanguageTag {
    /// The primary language, lowercase: `en` for `en-GB`.
    pub fn primary(&self) -> String {
        let primary = self.0.split('-').next().unwrap_or(&self.0);
        primary.to_ascii_lowercase()
    }
}

impl Format for LanguageTag {
    const FORMAT: &'static str = "vigie-language";

    fn parse(text: &str) -> Result<Self, Problem> {
        let well_formed = oxilangtag::LanguageTag::parse(text).ok();
        let known = well_formed.as_ref().is_some_and(|tag| {
            let primary = tag.primary_language();
            // Two-letter codes are checked against ISO 639-1; three-letter
            // ISO 639-2/3 codes are too many to list and are taken as written.
            (primary.len() == 2 && LANGUAGE_CODES.binary_search(&primary).is_ok())
                || (primary.len() == 3 && primary.bytes().all(|b| b.is_ascii_lowercase()))
        });
        if known {
            return Ok(LanguageTag(text.into()));
        }
        let help = if text.contains('_') {
            format!(
                "BCP 47 joins subtags with hyphens: `{}`",
                text.replace('_', "-")
            )
        } else {
            "use a BCP 47 tag such as `fr`, `en` or `en-GB`".into()
        };
        Err(Problem {
            code: Code::BadLanguage,
            message: format!("`{text}` is not a BCP 47 language tag"),
            help: Some(help),
        })
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

text_format!(LanguageTag, {
    "type": "string",
    "format": "vigie-language",
    "description": "BCP 47 language tag (fr, en, en-GB)."
});

/// An absolute `http` or `https` URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HttpUrl(pub Box<str>);

impl HttpUrl {
    /// The host name (`www.example.org`); empty if the address has none,
    /// which validation does not let through.
    pub fn host(&self) -> String {
        url::Url::parse(&self.0)
            .ok()
            .and_then(|url| url.host_str().map(str::to_string))
            .unwrap_or_default()
    }
}

impl Format for HttpUrl {
    const FORMAT: &'static str = "vigie-url";

    fn parse(text: &str) -> Result<Self, Problem> {
        match url::Url::parse(text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {
                Ok(HttpUrl(text.into()))
            }
            Ok(url) => Err(Problem::new(
                Code::BadUrl,
                format!("`{text}` is not an http(s) URL (scheme `{}`)", url.scheme()),
                "sources and links must be public web addresses starting with https:// or http://",
            )),
            Err(error) => Err(Problem::new(
                Code::BadUrl,
                format!("`{text}` is not a valid URL: {error}"),
                "write the full address, starting with https://",
            )),
        }
    }
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

text_format!(HttpUrl, {
    "type": "string",
    "format": "vigie-url",
    "pattern": "^https?://",
    "description": "An absolute http or https URL."
});

/// A Wikidata item id: `Q` and digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WikidataId(pub String);

impl Format for WikidataId {
    const FORMAT: &'static str = "vigie-wikidata";

    fn parse(text: &str) -> Result<Self, Problem> {
        let digits = text.strip_prefix('Q').unwrap_or("");
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(WikidataId(text.to_string()))
        } else {
            Err(Problem::new(
                Code::BadWikidata,
                format!("`{text}` is not a Wikidata id"),
                "write the item id, such as `Q1234`, not its URL",
            ))
        }
    }
}

impl fmt::Display for WikidataId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

text_format!(WikidataId, {
    "type": "string",
    "format": "vigie-wikidata",
    "pattern": "^Q[0-9]+$",
    "description": "Wikidata item id, such as Q1234."
});

/// A fact-check rating of a factual claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// `true`: the claim is accurate.
    True,
    /// `mostly-true`.
    MostlyTrue,
    /// `misleading`.
    Misleading,
    /// `false`.
    False,
    /// `unverifiable`.
    Unverifiable,
}

impl Verdict {
    /// Every verdict.
    pub const ALL: &'static [Verdict] = &[
        Verdict::True,
        Verdict::MostlyTrue,
        Verdict::Misleading,
        Verdict::False,
        Verdict::Unverifiable,
    ];

    /// The value as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::True => "true",
            Verdict::MostlyTrue => "mostly-true",
            Verdict::Misleading => "misleading",
            Verdict::False => "false",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

impl<'de> Deserialize<'de> for Verdict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // YAML reads the bare words `true` and `false` as booleans.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Bool(true) => Ok(Verdict::True),
            Raw::Bool(false) => Ok(Verdict::False),
            Raw::Text(text) => match text.as_str() {
                "true" => Ok(Verdict::True),
                "mostly-true" => Ok(Verdict::MostlyTrue),
                "misleading" => Ok(Verdict::Misleading),
                "false" => Ok(Verdict::False),
                "unverifiable" => Ok(Verdict::Unverifiable),
                _ => Err(serde::de::Error::custom(format!(
                    "unknown verdict `{text}`"
                ))),
            },
        }
    }
}

impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl JsonSchema for Verdict {
    fn schema_name() -> Cow<'static, str> {
        "Verdict".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            // `true` and `false` bare (YAML booleans) or quoted (text) alike.
            "enum": [true, "true", "mostly-true", "misleading", false, "false", "unverifiable"],
            "description": "Fact-check rating of a factual claim."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_at_every_precision_and_sort_by_it() {
        let year = Date::parse("2014").map_err(|p| p.message);
        let month = Date::parse("2014-05").map_err(|p| p.message);
        let day = Date::parse("2014-05-12").map_err(|p| p.message);
        assert!(year < month && month < day, "{year:?} {month:?} {day:?}");
        assert_eq!(day.map(|d| d.to_string()), Ok("2014-05-12".to_string()));
    }

    #[test]
    fn bad_dates_are_refused() {
        for text in [
            "2014-13",
            "2015-02-29",
            "14-05",
            "2014/05",
            "May 2014",
            "2014-5",
            "",
        ] {
            assert_eq!(
                Date::parse(text).map_err(|p| p.code),
                Err(Code::BadDate),
                "{text}"
            );
        }
        assert!(Date::parse("2016-02-29").is_ok());
    }

    #[test]
    fn days_between_dates() {
        let a = Date::parse("2014-05").map_err(|p| p.message);
        let b = Date::parse("2016-08-22").map_err(|p| p.message);
        let days = a.and_then(|a| b.map(|b| a.days_until(&b)));
        assert_eq!(days, Ok(844));
    }

    #[test]
    fn slugs() {
        assert!(is_slug("site-2017-azure"));
        for bad in ["", "Site", "a--b", "-a", "a-", "é", "a_b", "a b"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(slugify("Arnaud Montebourg"), "arnaud-montebourg");
    }

    #[test]
    fn references() {
        let parsed = Reference::parse("people/arnaud-montebourg#quote-1").map_err(|p| p.message);
        assert_eq!(
            parsed.map(|r| (r.kind, r.slug, r.item)),
            Ok((
                Some(Kind::Person),
                "arnaud-montebourg".into(),
                Some("quote-1".into())
            ))
        );
        for bad in ["person/x", "X", "a#", "a b"] {
            assert!(Reference::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_urls_and_ids() {
        assert!(CountryCode::parse("NL").is_ok() && CountryCode::parse("EU").is_ok());
        assert!(CountryCode::parse("nl").is_err() && CountryCode::parse("XX").is_err());
        assert!(LanguageTag::parse("fr").is_ok() && LanguageTag::parse("en-GB").is_ok());
        for bad in ["french", "fr_FR", "xx", ""] {
            assert!(LanguageTag::parse(bad).is_err(), "{bad}");
        }
        assert!(HttpUrl::parse("https://example.org/a").is_ok());
        for bad in [
            "ftp://example.org",
            "javascript:alert(1)",
            "example.org",
            "https://",
        ] {
            assert!(HttpUrl::parse(bad).is_err(), "{bad}");
        }
        assert!(WikidataId::parse("Q42").is_ok() && WikidataId::parse("42").is_err());
    }
}
