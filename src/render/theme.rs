//! Themes: Tera templates, static assets and UI strings.
//!
//! The default theme (`themes/default/`) is compiled into the binary, so a
//! content-only repository builds with no theme folder. A site chooses a
//! theme with `theme:` in `site.yaml`; the files of `ROOT/themes/<name>/`
//! replace the built-in ones of the same path, file by file, so a theme may
//! override a single template or string. Layout of a theme folder:
//! `templates/*.html|*.xml`, `static/**` (copied to the output root) and
//! `strings.yaml` (UI strings, read by templates as `strings.<key>`).

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use serde_json::Value as Json;
use tera::{Context, Kwargs, State, Tera, TeraResult};
use walkdir::WalkDir;

use super::Error;
use super::counting::Counting;
use super::dates::Dates;
use crate::front_matter::SiteConfig;

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme, compiled.
pub struct Theme {
    tera: Tera,
    /// The UI strings, as templates see them.
    pub strings: Json,
    /// Static files to copy to the output root: path and bytes.
    pub assets: Vec<(String, Vec<u8>)>,
    /// A digest of every file of the theme and of the site settings it was
    /// loaded with: when it changes, every page must be rendered again.
    pub digest: u64,
    /// Numbers and plural forms in the strings' language.
    pub counting: Counting,
    /// How dates are written in the strings' language.
    pub dates: Dates,
}

impl Theme {
    /// Loads the theme `name` for the site at `root`; `site` and the theme's
    /// `strings` are given to every template once, here, rather than per page.
    pub fn load(root: &Path, site: &SiteConfig) -> Result<Theme, Error> {
        let name = site.theme.as_str();
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        collect_embedded(&DEFAULT_THEME, &mut files);
        // The strings of the site's language: `strings.<language>.yaml` where
        // the theme has one (`strings.en.yaml`), else `strings.yaml` (French).
        let own = format!("strings.{}.yaml", site.language.primary());
        let base = if files.contains_key(&own) {
            own.as_str()
        } else {
            "strings.yaml"
        };
        let mut strings = parse_strings(files.get(base).map_or(&[][..], Vec::as_slice))?;
        // The file whose strings a missing key is reported in.
        let mut strings_file = format!("the default theme's {base}");
        // A site theme's strings for the language, else its strings.yaml.
        let folder = root.join("themes").join(name);
        let overrides_file = if folder.join(&own).is_file() {
            own.as_str()
        } else {
            "strings.yaml"
        };
        if folder.is_dir() {
            for entry in WalkDir::new(&folder)
                .follow_links(false)
                .sort_by_file_name()
            {
                let entry = entry.map_err(|e| Error::Read {
                    path: folder.display().to_string(),
                    source: e.into(),
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let relative = entry.path().strip_prefix(&folder).unwrap_or(entry.path());
                let key = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let bytes = std::fs::read(entry.path()).map_err(|source| Error::Read {
                    path: entry.path().display().to_string(),
                    source,
                })?;
                if key == overrides_file {
                    // A theme's strings override the default's key by key,
                    // and only keys that the default has.
                    strings_file = entry.path().display().to_string();
                    let overrides = parse_strings(&bytes)?;
                    if let Some((key, known)) = super::strings::unknown_keys(&strings, &overrides)
                        .into_iter()
                        .next()
                    {
                        let last = key.rsplit('.').next().unwrap_or(&key);
                        let help =
                            crate::suggest::did_you_mean(last, known.iter().map(String::as_str))
                                .map(|d| format!("; {d}"))
                                .unwrap_or_default();
                        return Err(Error::Strings(format!(
                            "{strings_file} has `{key}`, which is not a string of the theme{help}"
                        )));
                    }
                    if key != "strings.yaml" && key != base {
                        // A language the default theme lacks: its file must
                        // say everything, or French would show through.
                        if let Some((missing, _)) =
                            super::strings::unknown_keys(&overrides, &strings)
                                .into_iter()
                                .next()
                        {
                            return Err(Error::Strings(format!(
                                "{strings_file} has no `{missing}`: a theme's strings for a language the default theme lacks must have every key of {base}"
                            )));
                        }
                    }
                    merge(&mut strings, overrides);
                } else if !is_strings_file(&key) {
                    files.insert(key, bytes);
                }
            }
        } else if name != "default" {
            return Err(Error::UnknownTheme(name.to_string()));
        }
        let digest = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::hash::DefaultHasher::new();
            files.hash(&mut hasher);
            strings.to_string().hash(&mut hasher);
            serde_json::to_string(site)
                .unwrap_or_default()
                .hash(&mut hasher);
            hasher.finish()
        };
        let mut theme = Theme::from_files(files, strings, &strings_file)?;
        theme.digest = digest;
        let strings = theme.strings.clone();
        let globals = theme.tera.global_context();
        globals.insert("site", site);
        globals.insert("strings", &strings);
        Ok(theme)
    }

    /// Compiles the templates, once their strings are checked (`strings_file`
    /// names where a missing string would go).
    fn from_files(
        files: BTreeMap<String, Vec<u8>>,
        strings: Json,
        strings_file: &str,
    ) -> Result<Theme, Error> {
        let mut templates = Vec::new();
        let mut assets = Vec::new();
        for (path, bytes) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8(bytes)
                    .map_err(|_| Error::Template(format!("{path} is not UTF-8")))?;
                templates.push((name.to_string(), text));
            } else if let Some(asset) = path.strip_prefix("static/") {
                assets.push((asset.to_string(), bytes));
            }
        }
        super::strings::check(&strings, &templates, strings_file)?;
        let counting = Counting::new(&strings);
        let dates = Dates::new(&strings);
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        register_filters(&mut tera, &counting);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| Error::Template(e.to_string()))?;
        Ok(Theme {
            tera,
            strings,
            assets,
            digest: 0,
            dates,
            counting,
        })
    }

    /// Renders a template into UTF-8 bytes (Tera writes valid UTF-8; having
    /// it checked again as a `String` cost 2% of a build).
    pub fn render(&self, template: &str, context: &Context) -> Result<Vec<u8>, Error> {
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, context, &mut bytes)
            .map_err(|e| {
                let mut message = format!("{template}: {e}");
                let mut source = std::error::Error::source(&e);
                while let Some(cause) = source {
                    message.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                Error::Template(message)
            })?;
        Ok(bytes)
    }

    /// A string of the theme by key path (`verdict.false`), or `None`.
    pub fn string(&self, path: &[&str]) -> Option<&str> {
        path.iter()
            .try_fold(&self.strings, |value, key| value.get(key))?
            .as_str()
    }

    /// A top-level string (`colon`); loading checked that the required ones
    /// are there.
    pub fn text(&self, key: &str) -> &str {
        self.string(&[key]).unwrap_or_default()
    }

    /// A label for a value of a closed set (`practice_kind`, `hosting`).
    /// Loading checked that every closed set is complete; only a country
    /// may have no name (any ISO code is valid), and then its code shows.
    pub fn label(&self, set: &str, value: &str) -> String {
        let found = self.string(&[set, value]);
        debug_assert!(
            found.is_some() || set == "countries",
            "no string `{set}.{value}`: add it to strings::required_keys"
        );
        found.unwrap_or(value).to_string()
    }
}

/// Whether a theme file holds strings (`strings.yaml`, `strings.en.yaml`):
/// those are read for the language, not copied or compiled.
fn is_strings_file(path: &str) -> bool {
    path.starts_with("strings.") && path.ends_with(".yaml") && !path.contains('/')
}

/// The filters templates count with: `{{ n | number }}` (`12 345`) and
/// `{{ n | count_word(of="statements") }}` (`déclaration` or `déclarations`).
fn register_filters(tera: &mut Tera, counting: &Counting) {
    let numbers = counting.clone();
    tera.register_filter("number", move |n: i64, _: Kwargs, _: &State| {
        numbers.number(n)
    });
    let words = counting.clone();
    tera.register_filter(
        "count_word",
        move |n: i64, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let of: &str = kwargs.must_get("of")?;
            Ok(words.word(n, of))
        },
    );
}

fn parse_strings(bytes: &[u8]) -> Result<Json, Error> {
    if bytes.is_empty() {
        return Ok(Json::Object(Default::default()));
    }
    serde_yaml::from_slice(bytes)
        .map_err(|e| Error::Strings(format!("the theme's strings.yaml is not valid YAML: {e}")))
}

/// Puts `overrides` into `base`, mapping by mapping.
fn merge(base: &mut Json, overrides: Json) {
    match (base, overrides) {
        (Json::Object(base), Json::Object(overrides)) => {
            for (key, value) in overrides {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, value) => *base = value,
    }
}

fn collect_embedded(dir: &Dir<'_>, files: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let key = file.path().to_string_lossy().replace('\\', "/");
        files.insert(key, file.contents().to_vec());
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files);
    }
}
