//! serde for the runtime's own value types (feature `serde`).
//!
//! Values that have an XML Schema lexical form ([`Integer`],
//! [`HexBinary`]) serialize as that text, so JSON shows what the PBX sent
//! and an unbounded integer is never squeezed into a JSON number; they
//! deserialize from it with the same checks as decoding XML. [`Secret`]
//! deserializes (credentials read from a configuration file) but does not
//! serialize: a password is never written out by accident.
//!
//! Generated code reaches serde through [`rt::serde`](super::serde), so a
//! crate using the derives needs no serde dependency of its own.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use super::auth::Secret;
use super::lexical::{HexBinary, Integer};
use super::simple::SimpleValue;

/// Serializes `v` as its XML Schema lexical form.
pub fn serialize_text<T: SimpleValue, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.to_text())
}

/// Deserializes a string and reads it as `T`'s XML Schema lexical form; a
/// string that is not one is an error naming the expected type.
pub fn deserialize_text<'de, T: SimpleValue, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_str(TextVisitor(std::marker::PhantomData))
}

struct TextVisitor<T>(std::marker::PhantomData<T>);

impl<T: SimpleValue> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string in the XML Schema lexical form")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_text(v).map_err(|e| E::custom(&e.kind))
    }
}

macro_rules! lexical_serde {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serialize_text(self, s)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_text(d)
            }
        }
    )*};
}

lexical_serde!(Integer, HexBinary);

/// Credentials may come from a configuration file; there is deliberately
/// no `Serialize`.
impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde::de::IntoDeserializer as _;
    use serde::de::value::{Error, StrDeserializer};

    use super::*;

    fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
        let d: StrDeserializer<'de, Error> = text.into_deserializer();
        T::deserialize(d)
    }

    #[test]
    fn lexical_values_deserialize_with_the_xml_checks() {
        assert_eq!(from_str::<Integer>("+0042").unwrap().as_str(), "42");
        let e = from_str::<Integer>("4.2").unwrap_err();
        assert_eq!(e.to_string(), r#"invalid integer value "4.2""#);
        assert_eq!(*from_str::<HexBinary>("0fA0").unwrap(), [0x0f, 0xa0]);
        assert!(from_str::<HexBinary>("xyz").is_err());
    }

    #[test]
    fn secrets_deserialize_and_stay_hidden() {
        let secret: Secret = from_str("hunter2").unwrap();
        assert_eq!(secret.expose(), "hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
    }
}
