//! The structural check: a YAML tree against the JSON Schema derived from the
//! front-matter types.
//!
//! It reports every unknown field (with "did you mean"), missing field, value
//! of the wrong type, value outside its set, and value that breaks its format
//! (dates, slugs, references, codes, URLs), each at its own span, so that a
//! file with five mistakes gets five diagnostics rather than serde's first.

use std::fmt;
use std::ops::Range;

use serde_json::{Map, Value as Json};

use crate::diagnostic::{Code, Diagnostic};
use crate::front_matter::values::{Date, Format, check_format};
use crate::parse::yaml::{Node, Value};
use crate::source::SourceFile;
use crate::suggest::did_you_mean;

/// A schema of one kind of file, with its definitions.
pub struct Schema {
    root: Json,
}

impl Schema {
    /// The schema of a front-matter type.
    pub fn of<T: schemars::JsonSchema>() -> Self {
        Schema {
            root: schemars::schema_for!(T).to_value(),
        }
    }

    /// Checks `tree` (the whole front matter; `None` when empty) and returns
    /// every problem. `header` is where to point when the front matter lacks
    /// a field.
    /// Dates after `today` are warned about.
    pub fn check(
        &self,
        file: &SourceFile,
        tree: Option<&Node>,
        header: Range<usize>,
        today: jiff::civil::Date,
    ) -> Vec<Diagnostic> {
        let mut checker = Checker {
            definitions: self.root.get("$defs").and_then(Json::as_object),
            file,
            today,
            out: Vec::new(),
        };
        let empty = Node {
            span: header.clone(),
            value: Value::Map(Vec::new()),
        };
        checker.check(
            tree.unwrap_or(&empty),
            &self.root,
            What::FrontMatter,
            &header,
        );
        checker.out
    }
}

/// How messages name a value. Put into words only when a message needs it:
/// most values are fine, and naming each one cost more than checking it.
#[derive(Clone, Copy)]
enum What<'w> {
    /// The whole front matter.
    FrontMatter,
    /// The value of a field.
    Field(&'w str),
    /// An item of a list.
    ItemOf(&'w What<'w>),
}

impl fmt::Display for What<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            What::FrontMatter => f.write_str("the front matter"),
            What::Field(key) => write!(f, "`{key}`"),
            What::ItemOf(list) => write!(f, "an item of {list}"),
        }
    }
}

struct Checker<'a> {
    definitions: Option<&'a Map<String, Json>>,
    file: &'a SourceFile,
    today: jiff::civil::Date,
    out: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// Checks `node` against `schema`. `what` names the value in messages;
    /// `owner` is the span of its key, where a missing field is reported.
    fn check(&mut self, node: &Node, schema: &'a Json, what: What<'_>, owner: &Range<usize>) {
        let schema = self.deref(schema);
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            return self.check_branches(node, branches, what, owner);
        }
        if let Some(types) = schema.get("type")
            && !type_matches(&node.value, types)
        {
            return self.wrong_type(node, &expected_types(types), what);
        }
        if let Some(allowed) = schema.get("enum").and_then(Json::as_array) {
            return self.check_enum(node, allowed, what);
        }
        if let Some(format) = schema.get("format").and_then(Json::as_str)
            && let Some(text) = node.scalar_text()
        {
            self.check_format(node, format, &text);
        }
        match &node.value {
            Value::Map(entries) => self.check_fields(entries, schema, owner),
            Value::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for item in items {
                        self.check(item, item_schema, What::ItemOf(&what), &item.span);
                    }
                }
            }
            _ => {}
        }
    }

    fn check_fields(
        &mut self,
        entries: &[crate::parse::yaml::Entry],
        schema: &'a Json,
        owner: &Range<usize>,
    ) {
        let properties = schema.get("properties").and_then(Json::as_object);
        let closed = schema.get("additionalProperties") == Some(&Json::Bool(false));
        for entry in entries {
            match properties.and_then(|p| p.get(&entry.key)) {
                Some(field_schema) => {
                    let what = What::Field(&entry.key);
                    self.check(&entry.value, field_schema, what, &entry.key_span);
                }
                None if closed => {
                    let names = properties
                        .into_iter()
                        .flat_map(|p| p.keys().map(String::as_str));
                    let help = did_you_mean(&entry.key, names.clone()).unwrap_or_else(|| {
                        format!(
                            "the fields here are {}",
                            names
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                    self.out.push(
                        Diagnostic::new(
                            Code::UnknownField,
                            format!("unknown field `{}`", entry.key),
                            Some(self.file.locate(entry.key_span.clone())),
                        )
                        .with_help(help),
                    );
                }
                None => {}
            }
        }
        let required = schema
            .get("required")
            .and_then(Json::as_array)
            .into_iter()
            .flatten();
        for name in required.filter_map(Json::as_str) {
            if !entries.iter().any(|e| e.key == name) {
                self.out.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("missing field `{name}`"),
                        Some(self.file.locate(owner.clone())),
                    )
                    .with_help(format!("add `{name}:`")),
                );
            }
        }
    }

    /// `anyOf`/`oneOf`: an optional value, a closed set of constants, or a
    /// choice of shapes.
    fn check_branches(
        &mut self,
        node: &Node,
        branches: &'a [Json],
        what: What<'_>,
        owner: &Range<usize>,
    ) {
        let constants: Option<Vec<Json>> =
            branches.iter().map(|b| b.get("const").cloned()).collect();
        if let Some(constants) = constants {
            return self.check_enum(node, &constants, what);
        }
        let mut first_fitting = None;
        for branch in branches {
            let branch = self.deref(branch);
            let fits = branch
                .get("type")
                .is_none_or(|t| type_matches(&node.value, t));
            if !fits {
                continue;
            }
            let mut trial = Checker {
                definitions: self.definitions,
                file: self.file,
                today: self.today,
                out: Vec::new(),
            };
            trial.check(node, branch, what, owner);
            if trial.out.is_empty() {
                return;
            }
            first_fitting.get_or_insert(trial.out);
        }
        match first_fitting {
            Some(problems) => self.out.extend(problems),
            None => {
                let expected: Vec<String> = branches
                    .iter()
                    .filter_map(|b| self.deref(b).get("type").map(expected_types))
                    .collect();
                self.wrong_type(node, &expected.join(" or "), what);
            }
        }
    }

    fn check_format(&mut self, node: &Node, format: &str, text: &str) {
        let location = || Some(self.file.locate(node.span.clone()));
        match check_format(format, text) {
            Some(Err(problem)) => self.out.push(
                Diagnostic::new(problem.code, problem.message, location()).with_help(problem.help),
            ),
            Some(Ok(()))
                if format == Date::FORMAT
                    && Date::parse(text).is_ok_and(|date| date.is_after(self.today)) =>
            {
                self.out.push(
                    Diagnostic::new(
                        Code::FutureDate,
                        format!("{text} is in the future"),
                        location(),
                    )
                    .with_help(format!("today is {}; check the year", self.today)),
                );
            }
            _ => {}
        }
    }

    fn check_enum(&mut self, node: &Node, allowed: &[Json], what: What<'_>) {
        let value = to_json(&node.value);
        if allowed.contains(&value) {
            return;
        }
        let names: Vec<String> = allowed
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect();
        let written = node.scalar_text().unwrap_or_else(|| "this".into());
        let help = did_you_mean(&written, names.iter().map(String::as_str)).unwrap_or_else(|| {
            format!(
                "use one of {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        self.out.push(
            Diagnostic::new(
                Code::BadValue,
                format!("`{written}` is not a valid value for {what}"),
                Some(self.file.locate(node.span.clone())),
            )
            .with_help(help),
        );
    }

    fn wrong_type(&mut self, node: &Node, expected: &str, what: What<'_>) {
        let found = type_name(&node.value);
        let help = match (&node.value, expected.contains("text")) {
            (Value::Int(_) | Value::Float(_) | Value::Bool(_), true) => {
                Some("put the value in quotes to make it text".to_string())
            }
            (Value::Null, _) => Some("give a value, or remove the line".to_string()),
            _ => None,
        };
        self.out.push(
            Diagnostic::new(
                Code::WrongType,
                format!("{what} should be {expected}, not {found}"),
                Some(self.file.locate(node.span.clone())),
            )
            .with_help(help),
        );
    }

    /// Follows a `$ref` to its definition.
    fn deref(&self, schema: &'a Json) -> &'a Json {
        schema
            .get("$ref")
            .and_then(Json::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| self.definitions?.get(name))
            .unwrap_or(schema)
    }
}

fn type_matches(value: &Value, types: &Json) -> bool {
    let matches_one = |t: &str| {
        matches!(
            (t, value),
            ("null", Value::Null)
                | ("boolean", Value::Bool(_))
                | ("string", Value::String(_))
                | ("integer", Value::Int(_))
                | ("number", Value::Int(_) | Value::Float(_))
                | ("array", Value::Seq(_))
                | ("object", Value::Map(_))
        )
    };
    match types {
        Json::String(t) => matches_one(t),
        Json::Array(ts) => ts.iter().filter_map(Json::as_str).any(matches_one),
        _ => true,
    }
}

fn expected_types(types: &Json) -> String {
    let names: Vec<&str> = match types {
        Json::String(t) => vec![json_type_name(t)],
        Json::Array(ts) => ts
            .iter()
            .filter_map(Json::as_str)
            .filter(|t| *t != "null")
            .map(json_type_name)
            .collect(),
        _ => vec![],
    };
    names.join(" or ")
}

fn json_type_name(t: &str) -> &'static str {
    match t {
        "string" => "text",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "a mapping of fields",
        _ => "nothing",
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "true or false",
        Value::Int(_) => "a whole number",
        Value::Float(_) => "a number",
        Value::String(_) => "text",
        Value::Seq(_) => "a list",
        Value::Map(_) => "a mapping of fields",
    }
}

/// A scalar as JSON, to compare against `enum` and `const`.
fn to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.clone()),
        Value::Seq(_) | Value::Map(_) => Json::Null,
    }
}
