//! Decoding of generated structs: one visitor for all of them, driven by each type's
//! table of wire names.
//!
//! serde's derive emits, for every struct, a field enum with its own visitor, a map visitor
//! and a sequence visitor. A service has hundreds of structs (csip has over 1,200 that a
//! client decodes), and type-checking that code was about half of a crate's `cargo check`.
//! A generated struct instead implements [`Fields`]: its wire names and one `match` that
//! reads a member by position; [`deserialize`] does the rest, once, here.
//!
//! The decoding is the derive's, with `default` on every member that may be missing: a
//! member may be absent (it keeps its [`Default`]) unless [`Fields::REQUIRED`] lists it,
//! unknown members are skipped, `null` fits an `Option`. Two differences: a repeated member
//! keeps its last value, as `serde_json::Value` does, where the derive refuses it; and a
//! struct is read from a JSON object only, not from an array of its members in order.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// A generated struct that [`deserialize`] can read, member by member.
pub trait Fields: Default {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The members' wire names; a member's position here is its index.
    const FIELDS: &'static [&'static str];
    /// The indices of members that must be present.
    const REQUIRED: &'static [usize] = &[];

    /// Reads the value of member `index` from `map` into `self`.
    ///
    /// # Errors
    ///
    /// When the value does not decode into the member's type.
    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
}

/// [`Deserialize::deserialize`](serde::Deserialize::deserialize) for a [`Fields`] type.
///
/// # Errors
///
/// When the input is not an object, a member does not decode, or a required member is
/// missing.
pub fn deserialize<'de, T: Fields, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        // missing[i]: REQUIRED[i] not seen yet (no allocation when nothing is required).
        let mut missing = vec![true; T::REQUIRED.len()];
        while let Some(key) = map.next_key_seed(Key(T::FIELDS))? {
            match key {
                Some(index) => {
                    value.read(index, &mut map)?;
                    for (required, missing) in T::REQUIRED.iter().zip(&mut missing) {
                        *missing &= *required != index;
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match T::REQUIRED
            .iter()
            .zip(&missing)
            .find(|(_, missing)| **missing)
        {
            Some((&index, _)) => Err(A::Error::missing_field(
                T::FIELDS.get(index).copied().unwrap_or("?"),
            )),
            None => Ok(value),
        }
    }
}

/// A member's name, read as an identifier (so that `serde_path_to_error` records it),
/// as its index in the table, or `None` for a member the type does not have.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|field| *field == name))
    }

    fn visit_bytes<E: Error>(self, name: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|field| field.as_bytes() == name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::MapAccess;

    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        name: String,
        size: Option<u64>,
        tags: Vec<String>,
        id: String,
    }

    impl Fields for Thing {
        const NAME: &'static str = "Thing";
        const FIELDS: &'static [&'static str] = &["Name", "Size", "Tags", "Id"];
        const REQUIRED: &'static [usize] = &[3];

        fn read<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => self.name = map.next_value()?,
                1 => self.size = map.next_value()?,
                2 => self.tags = map.next_value()?,
                3 => self.id = map.next_value()?,
                _ => {}
            }
            Ok(())
        }
    }

    impl<'de> serde::Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::deserialize(d)
        }
    }

    fn decode(json: &str) -> Result<Thing, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn members_decode_by_name_and_unknown_ones_are_skipped() {
        let thing =
            decode(r#"{"Other":{"deep":[1,2]},"Tags":["a","b"],"Size":3,"Name":"x","Id":"i-1"}"#)
                .unwrap();
        assert_eq!(
            thing,
            Thing {
                name: "x".into(),
                size: Some(3),
                tags: vec!["a".into(), "b".into()],
                id: "i-1".into(),
            }
        );
    }

    #[test]
    fn missing_members_keep_their_default_and_null_fits_an_option() {
        let thing = decode(r#"{"Id":"i-1","Size":null}"#).unwrap();
        assert_eq!(
            thing,
            Thing {
                id: "i-1".into(),
                ..Thing::default()
            }
        );
    }

    #[test]
    fn a_missing_required_member_is_named() {
        assert_eq!(
            decode(r#"{"Name":"x"}"#).unwrap_err(),
            "missing field `Id` at line 1 column 12"
        );
    }

    #[test]
    fn a_member_of_the_wrong_type_is_an_error_with_its_position() {
        let error = decode(r#"{"Id":"i","Size":"big"}"#).unwrap_err();
        assert!(
            error.starts_with("invalid type: string \"big\", expected u64"),
            "{error}"
        );
    }

    #[test]
    fn escaped_names_are_matched() {
        let thing = decode(r#"{"\u0049d":"i-2"}"#).unwrap();
        assert_eq!(thing.id, "i-2");
    }

    #[test]
    fn anything_but_an_object_is_refused() {
        assert_eq!(
            decode(r#"["x",1,[],"i"]"#).unwrap_err(),
            "invalid type: sequence, expected struct Thing at line 1 column 1"
        );
        assert!(decode("null").is_err());
    }

    #[derive(Debug, Default)]
    struct Wide(Vec<u32>);

    // More required members than a machine word has bits, and an index past the table.
    impl Fields for Wide {
        const NAME: &'static str = "Wide";
        const FIELDS: &'static [&'static str] = &["A", "B"];
        const REQUIRED: &'static [usize] = &[
            0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
            1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,
            0, 1, 0, 1, 0, 1, 0, 1, 9,
        ];

        fn read<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            self.0.push(index as u32 + map.next_value::<u32>()?);
            Ok(())
        }
    }

    #[test]
    fn any_number_of_required_members_and_a_bad_index_are_errors_not_panics() {
        let mut de = serde_json::Deserializer::from_str(r#"{"A":1,"B":2}"#);
        let error = super::deserialize::<Wide, _>(&mut de).unwrap_err();
        assert_eq!(error.to_string(), "missing field `?` at line 1 column 13");
    }

    #[test]
    fn the_path_of_a_bad_member_is_recorded() {
        let mut de = serde_json::Deserializer::from_str(r#"{"Id":"i","Tags":["a",2]}"#);
        let error = serde_path_to_error::deserialize::<_, Thing>(&mut de).unwrap_err();
        assert_eq!(error.path().to_string(), "Tags[1]");
    }

    #[test]
    fn from_a_json_value_too() {
        let value = serde_json::json!({"Id": "i-3", "Size": 9});
        let thing: Thing = serde_json::from_value(value).unwrap();
        assert_eq!((thing.id.as_str(), thing.size), ("i-3", Some(9)));
    }
}
