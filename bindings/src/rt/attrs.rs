//! Attributes of a start tag: iteration with resolved namespaces
//! ([`XmlReader::attributes`]), lookup by name ([`XmlReader::attribute`]),
//! `xsi:type`, and what generated code does with each ([`Attr`]).

use std::borrow::Cow;

use super::read::{DecodeError, DecodeErrorKind, StartTag, XmlReader};
use super::scopes::Resolved;
use super::tag_attrs::TagAttrs;
use super::text;
use super::{AnyAttribute, SimpleValue, XmlName, ns};

impl<'a> XmlReader<'a> {
    /// The attributes of `el` other than namespace declarations, with their
    /// namespaces resolved. Valid only right after `el` was returned (its
    /// namespace scope must be current).
    pub fn attributes<'r>(&'r self, el: &'r StartTag<'a>) -> Attributes<'r, 'a> {
        Attributes { reader: self, inner: el.raw_attributes() }
    }

    /// The attribute `{ns}local` of `el` as a simple value, if present
    /// (errors name it). For a type with few attributes; valid right after
    /// `el` was returned, like [`XmlReader::attributes`].
    pub fn attribute<T: SimpleValue>(
        &self,
        el: &StartTag<'a>,
        ns: Option<&str>,
        local: &str,
    ) -> Result<Option<T>, DecodeError> {
        match self.find_attribute(el, ns, local)? {
            Some(attr) => attr.parse().map(Some),
            None => Ok(None),
        }
    }

    /// As [`XmlReader::attribute`], for an `xsd:list` value.
    pub fn attribute_list<T: SimpleValue>(
        &self,
        el: &StartTag<'a>,
        ns: Option<&str>,
        local: &str,
    ) -> Result<Option<Vec<T>>, DecodeError> {
        match self.find_attribute(el, ns, local)? {
            Some(attr) => attr.parse_list().map(Some),
            None => Ok(None),
        }
    }

    fn find_attribute<'r>(
        &'r self,
        el: &'r StartTag<'a>,
        ns: Option<&str>,
        local: &str,
    ) -> Result<Option<Attr<'r>>, DecodeError> {
        if !el.has_attributes() {
            return Ok(None);
        }
        for attr in self.attributes(el) {
            let attr = attr?;
            if attr.local() == local && attr.ns() == ns {
                return Ok(Some(attr));
            }
        }
        Ok(None)
    }

    /// The local name of `el`'s `xsi:type`, if it has one. Valid only right
    /// after `el` was returned, like [`XmlReader::namespace_of`].
    pub fn xsi_type(&self, el: &StartTag<'a>) -> Result<Option<String>, DecodeError> {
        for attr in self.attributes(el) {
            let attr = attr?;
            if attr.local() == "type" && attr.ns() == Some(ns::XSI) {
                let value = attr.value().trim();
                return Ok(Some(value.rsplit_once(':').map_or(value, |(_, l)| l).to_owned()));
            }
        }
        Ok(None)
    }
}

/// The attributes of a start tag (see [`XmlReader::attributes`]).
#[derive(Debug)]
pub struct Attributes<'r, 'a> {
    reader: &'r XmlReader<'a>,
    inner: TagAttrs<'r>,
}

impl<'r> Iterator for Attributes<'r, '_> {
    type Item = Result<Attr<'r>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let attr = match self.inner.next()? {
                Ok(attr) => attr,
                Err(e) => return Some(Err(DecodeError::new(DecodeErrorKind::Malformed(e)))),
            };
            let key = attr.key;
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let ns = match self.reader.attribute_namespace(key) {
                Resolved::Bound(n) => Some(n),
                Resolved::Unbound => None,
                Resolved::Unknown => {
                    let prefix = key.split(':').next().unwrap_or_default();
                    let message = format!("undeclared namespace prefix `{prefix}` on an attribute");
                    return Some(Err(DecodeError::new(DecodeErrorKind::Malformed(message))));
                }
            };
            let value = match text::attribute_value(attr.value) {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            let local = key.rsplit_once(':').map_or(key, |(_, local)| local);
            return Some(Ok(Attr { ns, local, value }));
        }
    }
}

/// One attribute: namespace (resolved), local name and value (entities
/// resolved, whitespace normalised as XML prescribes).
#[derive(Debug, Clone)]
pub struct Attr<'r> {
    ns: Option<&'r str>,
    local: &'r str,
    value: Cow<'r, str>,
}

impl Attr<'_> {
    pub fn ns(&self) -> Option<&str> {
        self.ns
    }

    pub fn local(&self) -> &str {
        self.local
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    /// Whether it is an instance attribute (`xsi:type`, `xsi:nil`...),
    /// which the runtime reads itself.
    pub fn is_instance(&self) -> bool {
        self.ns == Some(ns::XSI)
    }

    /// The value as a simple value; errors name the attribute.
    pub fn parse<T: SimpleValue>(&self) -> Result<T, DecodeError> {
        T::from_text(&self.value).map_err(|e| e.within(format!("@{}", self.local)))
    }

    /// Parses the value into `slot` (a field's attribute slot).
    pub fn set<T: SimpleValue>(&self, slot: &mut Option<T>) -> Result<(), DecodeError> {
        *slot = Some(self.parse()?);
        Ok(())
    }

    /// Parses an `xsd:list` value into `slot`.
    pub fn set_list<T: SimpleValue>(&self, slot: &mut Option<Vec<T>>) -> Result<(), DecodeError> {
        *slot = Some(self.parse_list()?);
        Ok(())
    }

    /// The value as an `xsd:list`; errors name the attribute.
    pub fn parse_list<T: SimpleValue>(&self) -> Result<Vec<T>, DecodeError> {
        super::simple::list_from_text(&self.value).map_err(|e| e.within(format!("@{}", self.local)))
    }

    /// Checks an attribute the schema fixes to `fixed`.
    pub fn check_fixed(&self, fixed: &'static str) -> Result<(), DecodeError> {
        super::simple::check_fixed(&self.value, fixed, self.local)
    }

    /// The attribute as kept by `anyAttribute`.
    pub fn to_any(&self) -> AnyAttribute {
        AnyAttribute {
            name: XmlName { ns: self.ns.map(str::to_owned), local: self.local.to_owned() },
            value: self.value.clone().into_owned(),
        }
    }
}

/// Keeps `attr` among the attributes a type's `anyAttribute` holds, unless
/// it is an instance attribute (`xsi:type`...), which belongs to the runtime.
pub fn push_other(others: &mut Vec<AnyAttribute>, attr: &Attr<'_>) {
    if !attr.is_instance() {
        others.push(attr.to_any());
    }
}
