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
        T::from_text(v).map_err(|e| E::custom(e.kind))
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
