//! The address ranges that hosts and clouds publish, and which of them holds
//! an address (the longest matching prefix).
//!
//! A snapshot ships with vigie (`ranges/` at the top of the project, built by
//! `scripts/ranges.py`); `--ranges DIR` reads a fresher one in the same
//! format: one file per provider, a header of `# key: value` lines (`provider`,
//! the wiki's slug for it; `name`; `country`, its operator's; `source`, each
//! list's address; `date`, the list's; `via`, the mirror it was taken from, if
//! any), then one `prefix [region]` line per range.

use std::net::IpAddr;
use std::path::Path;

use include_dir::{Dir, include_dir};
use ipnet::IpNet;

static SHIPPED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/ranges");

/// One provider's published list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// The provider's slug, as the wiki would name it (`amazon-web-services`).
    pub provider: String,
    /// Its name.
    pub name: String,
    /// Its operator's country (ISO 3166-1 alpha-2).
    pub country: String,
    /// Where the provider publishes the list.
    pub sources: Vec<String>,
    /// The list's date.
    pub date: String,
}

/// Every range of every list.
#[derive(Debug, Default)]
pub struct Ranges {
    lists: Vec<List>,
    /// Each range: its prefix, its list (an index into `lists`), its region.
    ranges: Vec<(IpNet, usize, Option<String>)>,
}

/// Where an address was found.
#[derive(Debug, PartialEq, Eq)]
pub struct Match<'r> {
    /// The longest prefix that holds it.
    pub prefix: IpNet,
    /// The list of that prefix.
    pub list: &'r List,
    /// The region the list gives the prefix, if any.
    pub region: Option<&'r str>,
}

/// A range file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct Error {
    /// The file.
    pub path: String,
    /// The line (1-based; 0 for the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl Ranges {
    /// The snapshot that ships with vigie.
    pub fn shipped() -> Result<Ranges, Error> {
        let mut ranges = Ranges::default();
        let mut files: Vec<_> = SHIPPED.files().collect();
        files.sort_by_key(|file| file.path());
        for file in files {
            let path = format!("ranges/{}", file.path().display());
            let text = file.contents_utf8().ok_or_else(|| Error {
                path: path.clone(),
                line: 0,
                message: "not UTF-8 text".into(),
            })?;
            ranges.add(&path, text)?;
        }
        Ok(ranges)
    }

    /// The `*.txt` files of `dir`.
    pub fn from_dir(dir: &Path) -> Result<Ranges, Error> {
        let unreadable = |error: std::io::Error| Error {
            path: dir.display().to_string(),
            line: 0,
            message: error.to_string(),
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(unreadable)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        let mut ranges = Ranges::default();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|error| Error {
                path: path.display().to_string(),
                line: 0,
                message: error.to_string(),
            })?;
            ranges.add(&path.display().to_string(), &text)?;
        }
        if ranges.lists.is_empty() {
            return Err(Error {
                path: dir.display().to_string(),
                line: 0,
                message: "holds no range file (*.txt)".into(),
            });
        }
        Ok(ranges)
    }

    /// Adds one file's list.
    fn add(&mut self, path: &str, text: &str) -> Result<(), Error> {
        let error = |line: usize, message: String| Error {
            path: path.to_string(),
            line,
            message,
        };
        let mut list = List {
            provider: String::new(),
            name: String::new(),
            country: String::new(),
            sources: Vec::new(),
            date: String::new(),
        };
        let index = self.lists.len();
        for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
            if line.is_empty() {
                continue;
            }
            if let Some(header) = line.strip_prefix('#') {
                let Some((key, value)) = header.split_once(':') else {
                    continue;
                };
                let value = value.trim().to_string();
                match key.trim() {
                    "provider" => list.provider = value,
                    "name" => list.name = value,
                    "country" => list.country = value,
                    "source" => list.sources.push(value),
                    "date" => list.date = value,
                    _ => {}
                }
                continue;
            }
            let mut words = line.split_whitespace();
            let prefix = words.next().unwrap_or_default();
            let prefix: IpNet = prefix
                .parse()
                .map_err(|_| error(number, format!("`{prefix}` is not an address prefix")))?;
            let region = words.next().map(str::to_string);
            self.ranges.push((prefix.trunc(), index, region));
        }
        for (key, value) in [("provider", &list.provider), ("date", &list.date)] {
            if value.is_empty() {
                return Err(error(0, format!("no `# {key}:` line")));
            }
        }
        self.lists.push(list);
        Ok(())
    }

    /// The lists, in the order they were read.
    pub fn lists(&self) -> &[List] {
        &self.lists
    }

    /// The longest published prefix that holds `address`; of two lists that
    /// publish the same prefix, the first read.
    pub fn lookup(&self, address: IpAddr) -> Option<Match<'_>> {
        let (prefix, list, region) = self
            .ranges
            .iter()
            .filter(|(prefix, _, _)| prefix.contains(&address))
            .min_by_key(|(prefix, list, _)| (std::cmp::Reverse(prefix.prefix_len()), *list))?;
        Some(Match {
            prefix: *prefix,
            list: &self.lists[*list],
            region: region.as_deref(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(files: &[(&str, &str)]) -> Result<Ranges, Error> {
        let mut ranges = Ranges::default();
        for (path, text) in files {
            ranges.add(path, text)?;
        }
        Ok(ranges)
    }

    const WIDE: &str = "# provider: wide\n# name: Wide\n# country: US\n# source: https://wide.example/ranges\n# date: 2026-01-02\n192.0.2.0/24 north\n2001:db8::/32\n";
    const NARROW: &str = "# provider: narrow\n# date: 2026-01-03\n192.0.2.128/25 south\n";

    #[test]
    fn the_longest_prefix_wins_whatever_the_order_of_the_lists() -> Result<(), Error> {
        for files in [[("w", WIDE), ("n", NARROW)], [("n", NARROW), ("w", WIDE)]] {
            let ranges = ranges(&files)?;
            let found = ranges.lookup("192.0.2.200".parse().expect("an address"));
            let found = found.expect("a match");
            assert_eq!(found.list.provider, "narrow");
            assert_eq!(found.prefix.to_string(), "192.0.2.128/25");
            assert_eq!(found.region, Some("south"));
            let wide = ranges.lookup("192.0.2.1".parse().expect("an address"));
            assert_eq!(wide.map(|m| m.list.name.as_str()), Some("Wide"));
            let six = ranges.lookup("2001:db8::1".parse().expect("an address"));
            assert_eq!(six.map(|m| m.region), Some(None));
            assert!(
                ranges
                    .lookup("198.51.100.1".parse().expect("an address"))
                    .is_none()
            );
        }
        Ok(())
    }

    #[test]
    fn a_bad_line_or_a_missing_header_is_an_error_with_its_place() {
        let bad = ranges(&[("bad.txt", "# provider: x\n# date: 2026\n192.0.2.0/33\n")]);
        let message = bad.map(|_| ()).map_err(|e| e.to_string());
        assert_eq!(
            message,
            Err("bad.txt:3: `192.0.2.0/33` is not an address prefix".into())
        );
        let headless = ranges(&[("h.txt", "192.0.2.0/24\n")]);
        assert!(headless.is_err());
    }

    #[test]
    fn the_shipped_snapshot_reads_and_places_a_published_address() -> Result<(), Error> {
        let ranges = Ranges::shipped()?;
        assert!(ranges.lists().len() >= 5, "{:?}", ranges.lists());
        // 3.5.140.0/22 is in Amazon's published list, in ap-northeast-2.
        let found = ranges.lookup("3.5.140.7".parse().expect("an address"));
        let found = found.expect("an AWS address");
        assert_eq!(found.list.provider, "amazon-web-services");
        assert_eq!(found.region, Some("ap-northeast-2"));
        // Microsoft's service tags give Azure's regions: 4.175.0.0/16 is
        // in `AzureCloud.westeurope` (the Netherlands).
        let found = ranges.lookup("4.175.0.7".parse().expect("an address"));
        let found = found.expect("an Azure address");
        assert_eq!(found.list.provider, "microsoft-azure");
        assert_eq!(found.region, Some("westeurope"));
        for (address, provider) in [
            ("51.15.0.7", "scaleway"),
            ("185.133.116.7", "clever-cloud"),
            ("76.76.21.21", "vercel"),
            ("5.9.0.7", "hetzner"),
            ("51.38.0.7", "ovhcloud"),
            ("2001:41d0::7", "ovhcloud"),
            // Netlify's load balancer, inside a range of Amazon's: the
            // longer prefix names Netlify.
            ("75.2.60.5", "netlify"),
        ] {
            let found = ranges.lookup(address.parse().expect("an address"));
            let found = found.map(|found| found.list.provider.as_str());
            assert_eq!(found, Some(provider), "{address}");
        }
        // The mirror built Hetzner's list from AS24940 and AS37153, which is
        // now Xneelo's: Xneelo's announced prefixes (197.242.80.0/22,
        // 129.232.128.0/17, 41.72.128.0/19) must not be called Hetzner's.
        for xneelo in ["197.242.80.7", "129.232.128.7", "41.72.128.7"] {
            let found = ranges.lookup(xneelo.parse().expect("an address"));
            let found = found.map(|found| found.list.provider.as_str());
            assert_ne!(found, Some("hetzner"), "{xneelo}");
        }
        // OVH's list is the routing registries' objects with OVH's origin,
        // kept where AS16276 announces them: objects it does not announce
        // (84.75.33.0/24, 44.30.124.0/24 are in the registries' list) and
        // AS35540's own prefixes (109.190.0.0/16) are left out.
        for other in ["84.75.33.7", "44.30.124.7", "109.190.0.7"] {
            let found = ranges.lookup(other.parse().expect("an address"));
            let found = found.map(|found| found.list.provider.as_str());
            assert_ne!(found, Some("ovhcloud"), "{other}");
        }
        Ok(())
    }
}
