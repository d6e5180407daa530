//! Types the located YAML tree with serde, straight from the tree.
//!
//! The tree has passed the structural check by then, so this only hands each
//! value to serde as what it is. The tree is consumed: its texts become the
//! typed front matter's without being copied. Going through
//! `serde_yaml::Value` instead copied the whole front matter once more and
//! cost a tenth of `check`.

use serde::de::value::{Error, MapDeserializer, SeqDeserializer, StringDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, Visitor};

use crate::parse::yaml::Value;

/// A YAML value as a serde deserializer.
pub struct ValueDeserializer(pub Value);

impl<'de> Deserializer<'de> for ValueDeserializer {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) => visitor.visit_i64(i),
            Value::Float(f) => visitor.visit_f64(f),
            Value::String(s) => visitor.visit_string(s),
            Value::Seq(items) => {
                let items = items.into_iter().map(|node| ValueDeserializer(node.value));
                let mut seq = SeqDeserializer::new(items);
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Value::Map(entries) => {
                let entries = entries
                    .into_iter()
                    .map(|entry| (entry.key, ValueDeserializer(entry.value.value)));
                let mut map = MapDeserializer::new(entries);
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            // A unit variant, written as its name.
            Value::String(name) => visitor.visit_enum(StringDeserializer::<Error>::new(name)),
            _ => Err(de::Error::custom(
                "expected the name of one of the allowed values",
            )),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, Error> for ValueDeserializer {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;
    use crate::parse::yaml::{Entry, Node};

    fn node(value: Value) -> Node {
        Node { span: 0..0, value }
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Side {
        Said,
        Done,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Slug(String);

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        slug: Slug,
        side: Side,
        count: u32,
        note: Option<String>,
        tags: Vec<String>,
        #[serde(default)]
        extra: BTreeMap<String, f64>,
    }

    fn entry(key: &str, value: Value) -> Entry {
        Entry {
            key: key.into(),
            key_span: 0..0,
            value: node(value),
        }
    }

    #[test]
    fn types_a_tree_as_serde_yaml_would() {
        let tree = Value::Map(vec![
            entry("slug", Value::String("x".into())),
            entry("side", Value::String("done".into())),
            entry("count", Value::Int(3)),
            entry("note", Value::Null),
            entry("tags", Value::Seq(vec![node(Value::String("a".into()))])),
        ]);
        let item = Item::deserialize(ValueDeserializer(tree)).expect("fits");
        assert_eq!(
            item,
            Item {
                slug: Slug("x".into()),
                side: Side::Done,
                count: 3,
                note: None,
                tags: vec!["a".into()],
                extra: BTreeMap::new(),
            }
        );
    }

    #[test]
    fn refuses_what_does_not_fit() {
        let negative = Value::Map(vec![entry("count", Value::Int(-1))]);
        assert!(Item::deserialize(ValueDeserializer(negative)).is_err());
        let unknown = Value::String("maybe".into());
        assert!(Side::deserialize(ValueDeserializer(unknown)).is_err());
    }
}
