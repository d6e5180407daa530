//! The structural check: a YAML tree against the JSON Schema derived from the
//! front-matter types.
//!
//! It reports every unknown field (with "did you mean"), missing field, value
//! of the wrong type, value outside its set, and value that breaks its format
//! (dates, slugs, references, codes, URLs), each at its own span, so that a
//! file with five mistakes gets five diagnostics rather than serde's first.
//!
//! The schema is compiled once into [`Rule`]s, its keywords and references
//! looked up ahead: walking the JSON Schema itself for every value was a
//! fifth of `check`.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde_json::{Map, Value as Json};

use crate::diagnostic::{Code, Diagnostic};
use crate::front_matter::values::{Date, Format, check_format};
use crate::parse::yaml::{Entry, Node, Value};
use crate::source::SourceFile;
use crate::suggest::did_you_mean;

/// A schema of one kind of file, compiled.
pub struct Schema {
    /// Every rule; the first is the whole front matter's.
    rules: Vec<Rule>,
}

/// An index into [`Schema::rules`].
type RuleId = usize;

/// What one JSON Schema (after `$ref`) asks of a value.
#[derive(Default)]
struct Rule {
    /// `anyOf`/`oneOf`: when set, the value is checked by these alone.
    branches: Option<Branches>,
    /// `type`.
    types: Option<Types>,
    /// `enum`.
    allowed: Option<Vec<Json>>,
    /// `format`.
    format: Option<String>,
    /// `properties`, sorted by name.
    properties: Vec<(String, RuleId)>,
    /// `additionalProperties: false`.
    closed: bool,
    /// `required`.
    required: Vec<String>,
    /// `items`.
    items: Option<RuleId>,
}

/// The choices of an `anyOf`/`oneOf`.
enum Branches {
    /// A closed set of constants (`const` in every branch).
    Constants(Vec<Json>),
    /// A choice of shapes, with what they accept in words.
    Shapes(Vec<RuleId>, String),
}

/// The JSON types a value may have.
struct Types {
    /// One bit per type, as `type_bit` gives.
    mask: u8,
    /// In words for messages: `text or a list`.
    expected: String,
}

impl Types {
    fn new(types: &Json) -> Types {
        let names: Vec<&str> = match types {
            Json::String(t) => vec![t.as_str()],
            Json::Array(ts) => ts.iter().filter_map(Json::as_str).collect(),
            _ => vec![],
        };
        Types {
            mask: names.iter().map(|t| type_bits(t)).fold(0, |a, b| a | b),
            expected: names
                .iter()
                .filter(|t| **t != "null")
                .map(|t| json_type_name(t))
                .collect::<Vec<_>>()
                .join(" or "),
        }
    }

    fn allow(&self, value: &Value) -> bool {
        self.mask & value_bit(value) != 0
    }
}

/// The bits of a JSON Schema type name (`number` takes integers too).
fn type_bits(name: &str) -> u8 {
    match name {
        "null" => 1,
        "boolean" => 2,
        "string" => 4,
        "integer" => 8,
        "number" => 8 | 16,
        "array" => 32,
        "object" => 64,
        _ => 0,
    }
}

/// The bit of a value's type.
fn value_bit(value: &Value) -> u8 {
    match value {
        Value::Null => 1,
        Value::Bool(_) => 2,
        Value::String(_) => 4,
        Value::Int(_) => 8,
        Value::Float(_) => 16,
        Value::Seq(_) => 32,
        Value::Map(_) => 64,
    }
}

impl Schema {
    /// The schema of a front-matter type.
    pub fn of<T: schemars::JsonSchema>() -> Self {
        let root = schemars::schema_for!(T).to_value();
        let mut compiler = Compiler {
            definitions: root.get("$defs").and_then(Json::as_object),
            compiled: HashMap::new(),
            rules: Vec::new(),
        };
        compiler.compile(&root);
        Schema {
            rules: compiler.rules,
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
            rules: &self.rules,
            file,
            today,
            out: Vec::new(),
        };
        let empty = Node {
            span: header.clone(),
            value: Value::Map(Vec::new()),
        };
        checker.check(tree.unwrap_or(&empty), 0, What::FrontMatter, &header);
        checker.out
    }
}

/// Turns JSON Schemas into rules, each definition once.
struct Compiler<'j> {
    definitions: Option<&'j Map<String, Json>>,
    /// The rule of each definition compiled so far, by name.
    compiled: HashMap<&'j str, RuleId>,
    rules: Vec<Rule>,
}

impl<'j> Compiler<'j> {
    fn compile(&mut self, schema: &'j Json) -> RuleId {
        let definition = schema
            .get("$ref")
            .and_then(Json::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| Some((name, self.definitions?.get(name)?)));
        let schema = match definition {
            Some((name, _)) if self.compiled.contains_key(name) => return self.compiled[name],
            Some((_, definition)) => definition,
            None => schema,
        };
        // The slot is taken before the parts are compiled, so that a
        // definition that refers to itself finds it.
        let id = self.rules.len();
        self.rules.push(Rule::default());
        if let Some((name, _)) = definition {
            self.compiled.insert(name, id);
        }
        let rule = self.rule(schema);
        self.rules[id] = rule;
        id
    }

    fn rule(&mut self, schema: &'j Json) -> Rule {
        let branches = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
            .map(|branches| {
                let constants: Option<Vec<Json>> =
                    branches.iter().map(|b| b.get("const").cloned()).collect();
                match constants {
                    Some(constants) => Branches::Constants(constants),
                    None => {
                        let ids: Vec<RuleId> = branches.iter().map(|b| self.compile(b)).collect();
                        let expected = ids
                            .iter()
                            .filter_map(|&id| self.rules[id].types.as_ref())
                            .map(|types| types.expected.as_str())
                            // `null`, of an optional value, goes without saying.
                            .filter(|expected| !expected.is_empty())
                            .collect::<Vec<_>>()
                            .join(" or ");
                        Branches::Shapes(ids, expected)
                    }
                }
            });
        let mut properties: Vec<(String, RuleId)> = schema
            .get("properties")
            .and_then(Json::as_object)
            .into_iter()
            .flatten()
            .map(|(name, property)| (name.clone(), self.compile(property)))
            .collect();
        properties.sort_by(|a, b| a.0.cmp(&b.0));
        Rule {
            branches,
            types: schema.get("type").map(Types::new),
            allowed: schema.get("enum").and_then(Json::as_array).cloned(),
            format: schema
                .get("format")
                .and_then(Json::as_str)
                .map(str::to_string),
            properties,
            closed: schema.get("additionalProperties") == Some(&Json::Bool(false)),
            required: schema
                .get("required")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect(),
            items: schema.get("items").map(|items| self.compile(items)),
        }
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
    rules: &'a [Rule],
    file: &'a SourceFile,
    today: jiff::civil::Date,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Checks `node` against rule `id`. `what` names the value in messages;
    /// `owner` is the span of its key, where a missing field is reported.
    fn check(&mut self, node: &Node, id: RuleId, what: What<'_>, owner: &Range<usize>) {
        let rule = &self.rules[id];
        if let Some(branches) = &rule.branches {
            return self.check_branches(node, branches, what, owner);
        }
        if let Some(types) = &rule.types
            && !types.allow(&node.value)
        {
            return self.wrong_type(node, &types.expected, what);
        }
        if let Some(allowed) = &rule.allowed {
            return self.check_enum(node, allowed, what);
        }
        if let Some(format) = &rule.format
            && let Some(text) = node.scalar_text()
        {
            self.check_format(node, format, &text);
        }
        match &node.value {
            Value::Map(entries) => self.check_fields(entries, rule, owner),
            Value::Seq(items) => {
                if let Some(item_rule) = rule.items {
                    for item in items {
                        self.check(item, item_rule, What::ItemOf(&what), &item.span);
                    }
                }
            }
            _ => {}
        }
    }

    fn check_fields(&mut self, entries: &[Entry], rule: &Rule, owner: &Range<usize>) {
        let properties = &rule.properties;
        for entry in entries {
            match properties.binary_search_by(|(name, _)| name.as_str().cmp(&entry.key)) {
                Ok(found) => {
                    let what = What::Field(&entry.key);
                    self.check(&entry.value, properties[found].1, what, &entry.key_span);
                }
                Err(_) if rule.closed => {
                    let names = properties.iter().map(|(name, _)| name.as_str());
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
                Err(_) => {}
            }
        }
        for name in &rule.required {
            if !entries.iter().any(|e| &e.key == name) {
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
        branches: &Branches,
        what: What<'_>,
        owner: &Range<usize>,
    ) {
        let (shapes, expected) = match branches {
            Branches::Constants(constants) => return self.check_enum(node, constants, what),
            Branches::Shapes(shapes, expected) => (shapes, expected),
        };
        let mut first_fitting = None;
        for &shape in shapes {
            let fits = self.rules[shape]
                .types
                .as_ref()
                .is_none_or(|types| types.allow(&node.value));
            if !fits {
                continue;
            }
            let mut trial = Checker {
                rules: self.rules,
                file: self.file,
                today: self.today,
                out: Vec::new(),
            };
            trial.check(node, shape, what, owner);
            if trial.out.is_empty() {
                return;
            }
            first_fitting.get_or_insert(trial.out);
        }
        match first_fitting {
            Some(problems) => self.out.extend(problems),
            None => self.wrong_type(node, expected, what),
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
        let mut names: Vec<String> = Vec::new();
        for name in allowed
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        {
            // `false` and `"false"` read the same to a contributor.
            if !names.contains(&name) {
                names.push(name);
            }
        }
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
