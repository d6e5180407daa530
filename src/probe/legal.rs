//! Finds a site's legal notice from its home page, and the names of hosts
//! and providers it gives, each with the sentence it occurs in: French law
//! asks a site to name its host there (LCEN, article 6), and that is how the
//! founding cases were found.

use scraper::{Html, Selector};

use super::record;
use crate::front_matter::{NetworkRecord, Reference};
use crate::text;

/// Words that name a legal notice in a link's text or address, the likeliest
/// first: the link that matches the earliest group is the notice.
const NOTICE_WORDS: &[&[&str]] = &[
    &[
        "mentions légales",
        "mentions legales",
        "mentions-legales",
        "mentions_legales",
        "mentionslegales",
    ],
    &[
        "legal notice",
        "legal-notice",
        "informations légales",
        "informations-legales",
        "avis légal",
        "aviso legal",
        "note legali",
    ],
    &["impressum"],
    &["crédits", "credits"],
];

/// Hosts and platforms a legal notice may name, besides the wiki's own
/// providers and organizations.
const HOSTS: &[&str] = &[
    "Amazon Web Services",
    "AWS",
    "Microsoft Azure",
    "Microsoft",
    "Google Cloud",
    "Google",
    "Oracle",
    "OVHcloud",
    "OVH",
    "Scaleway",
    "Online SAS",
    "Hetzner",
    "IONOS",
    "1&1",
    "Gandi",
    "o2switch",
    "Infomaniak",
    "Hostinger",
    "PlanetHoster",
    "LWS",
    "Ligne Web Services",
    "alwaysdata",
    "Clever Cloud",
    "Outscale",
    "Ikoula",
    "Claranet",
    "Cloudflare",
    "Akamai",
    "Fastly",
    "DigitalOcean",
    "Linode",
    "Netlify",
    "Vercel",
    "GitHub",
    "Heroku",
    "WP Engine",
    "WordPress.com",
    "Automattic",
    "Wix",
    "Squarespace",
    "Shopify",
    "Webflow",
    "NationBuilder",
];

/// The longest sentence kept, in characters.
const MAX_SENTENCE: usize = 400;

/// A name to look for, and what the wiki knows of it.
#[derive(Debug, Clone)]
pub struct Name {
    /// The name as written.
    pub text: String,
    /// The wiki's provider of that name.
    pub provider: Option<String>,
    /// The wiki's organization of that name.
    pub organization: Option<String>,
}

/// The names to look for: the wiki's providers and organizations, then the
/// common hosts the wiki does not have.
pub fn names(providers: &[(String, String)], organizations: &[(String, String)]) -> Vec<Name> {
    let mut names: Vec<Name> = Vec::new();
    for (slug, name) in providers {
        names.push(Name {
            text: name.clone(),
            provider: Some(slug.clone()),
            organization: None,
        });
    }
    for (slug, name) in organizations {
        names.push(Name {
            text: name.clone(),
            provider: None,
            organization: Some(slug.clone()),
        });
    }
    for host in HOSTS {
        if !names.iter().any(|n| n.text.eq_ignore_ascii_case(host)) {
            names.push(Name {
                text: host.to_string(),
                provider: None,
                organization: None,
            });
        }
    }
    names
}

/// The address of the legal notice linked from the page `html` at `base`.
pub fn notice_link(base: &str, html: &str) -> Option<String> {
    let base = url::Url::parse(base).ok()?;
    let document = Html::parse_document(html);
    let links = Selector::parse("a[href]").ok()?;
    let mut best: Option<(usize, url::Url)> = None;
    for link in document.select(&links) {
        let Some(href) = link.value().attr("href") else {
            continue;
        };
        let Ok(target) = base.join(href.trim()) else {
            continue;
        };
        if !matches!(target.scheme(), "http" | "https") {
            continue;
        }
        let label = format!(
            "{} {} {}",
            link.text().collect::<String>(),
            link.value().attr("title").unwrap_or_default(),
            target.path()
        )
        .to_lowercase();
        let rank = NOTICE_WORDS
            .iter()
            .position(|words| words.iter().any(|word| label.contains(word)));
        if let Some(rank) = rank
            && best.as_ref().is_none_or(|(best, _)| rank < *best)
        {
            best = Some((rank, target));
        }
    }
    best.map(|(_, url)| url.to_string())
}

/// The page's title, and the `mention` records of the names it gives.
pub fn mentions(html: &str, names: &[Name]) -> (Option<String>, Vec<NetworkRecord>) {
    let document = Html::parse_document(html);
    let title = Selector::parse("title").ok().and_then(|title| {
        let text = document.select(&title).next()?.text().collect::<String>();
        let text = text::collapse(&text);
        (!text.is_empty()).then_some(text)
    });
    let mut records: Vec<NetworkRecord> = Vec::new();
    for sentence in sentences(html) {
        // Longer names first, so that "Microsoft Azure" hides "Microsoft".
        let mut found: Vec<(std::ops::Range<usize>, &Name)> = Vec::new();
        let mut by_length: Vec<&Name> = names.iter().collect();
        by_length.sort_by_key(|name| std::cmp::Reverse(name.text.len()));
        for name in by_length {
            // As written, or in capitals ("OVH SAS"): not in lower case,
            // where "Orange" or "Bleu" would be a colour.
            let capitals = name.text.to_uppercase();
            let mut places = occurrences(&sentence, &name.text);
            if capitals != name.text {
                places.extend(occurrences(&sentence, &capitals));
            }
            for at in places {
                if !found
                    .iter()
                    .any(|(kept, _)| kept.start < at.end && at.start < kept.end)
                {
                    found.push((at, name));
                }
            }
        }
        found.sort_by_key(|(at, _)| at.start);
        for (_, name) in found {
            let seen = records
                .iter()
                .any(|r| r.name == name.text && r.value == sentence);
            if seen {
                continue;
            }
            records.push(NetworkRecord {
                provider: name
                    .provider
                    .as_deref()
                    .map(|slug| Box::new(Reference::to(slug))),
                data: name
                    .organization
                    .as_ref()
                    .map(|slug| format!("the wiki's organization {slug}").into()),
                ..record("mention", &name.text, &sentence)
            });
        }
    }
    (title, records)
}

/// Where `name` occurs in `text` as whole words.
fn occurrences(text: &str, name: &str) -> Vec<std::ops::Range<usize>> {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(name)
        .map(|(start, found)| start..start + found.len())
        .filter(|at| {
            !word(text[..at.start].chars().next_back()) && !word(text[at.end..].chars().next())
        })
        .collect()
}

/// The sentences of the page's visible text, block by block.
fn sentences(html: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    for block in text::html_blocks(html) {
        let mut start = 0;
        let ends: Vec<usize> = block
            .char_indices()
            .zip(block.chars().skip(1))
            .filter(|((_, c), next)| matches!(c, '.' | '!' | '?' | ';') && next.is_whitespace())
            .map(|((at, c), _)| at + c.len_utf8())
            .chain(std::iter::once(block.len()))
            .collect();
        for end in ends {
            let sentence = block[start..end].trim();
            start = end;
            if !sentence.is_empty() {
                sentences.push(text::shorten(sentence, MAX_SENTENCE));
            }
        }
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legal_notice_is_the_likeliest_link() {
        let home = r#"<a href="/credits">Crédits</a> <a href="/contact">Contact</a>
            <a href="mentions.html">Mentions légales</a>"#;
        assert_eq!(
            notice_link("https://campagne.example/fr/", home).as_deref(),
            Some("https://campagne.example/fr/mentions.html")
        );
        let english = r#"<a href="https://x.example/legal-notice">Legal</a><a href="mailto:a@b">Impressum</a>"#;
        assert_eq!(
            notice_link("https://x.example/", english).as_deref(),
            Some("https://x.example/legal-notice")
        );
        assert_eq!(
            notice_link("https://x.example/", "<a href='/a'>About</a>"),
            None
        );
    }

    #[test]
    fn a_name_is_found_as_written_or_in_capitals_not_as_a_common_word() {
        let names = names(&[], &[("orange".into(), "Orange".into())]);
        let page = "<p>Fond orange et bleu. Hébergé par ORANGE SA. Orange Business aussi.</p>";
        let (_, records) = mentions(page, &names);
        let found: Vec<&str> = records.iter().map(|r| r.value.as_str()).collect();
        assert_eq!(found, ["Hébergé par ORANGE SA.", "Orange Business aussi."]);
    }

    #[test]
    fn names_are_found_with_their_sentence() {
        let names = names(
            &[("microsoft-azure".into(), "Microsoft Azure".into())],
            &[("bluenove".into(), "Bluenove".into())],
        );
        let page = "<html><head><title>Mentions légales</title><script>var OVH = 1;</script></head>
            <body><h1>Mentions légales</h1><p>Site édité par Bluenove. Le site est hébergé par
            Microsoft Azure, Amsterdam (Pays-Bas).</p><p>Photos : Googleplex.</p></body></html>";
        let (title, records) = mentions(page, &names);
        assert_eq!(title.as_deref(), Some("Mentions légales"));
        let found: Vec<(&str, &str)> = records
            .iter()
            .map(|r| (r.name.as_str(), r.value.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("Bluenove", "Site édité par Bluenove."),
                (
                    "Microsoft Azure",
                    "Le site est hébergé par Microsoft Azure, Amsterdam (Pays-Bas)."
                ),
            ]
        );
        assert_eq!(
            records[1].provider.as_ref().map(|p| p.slug.as_str()),
            Some("microsoft-azure")
        );
        assert_eq!(
            records[0].data.as_deref(),
            Some("the wiki's organization bluenove")
        );
    }
}
