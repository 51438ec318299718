//! The slots a generated `from_xml` fills child by child, in the shape
//! that compiles small: rustc makes one copy of a generic function per
//! value type (and per choice variant), hundreds in a big module, so each
//! generic function here is a thin shell (a `match`, no closure, no `?` on
//! a value-typed `Result`) around non-generic checks and error building.
//! Same decoding as [`XmlReader::set`] and its siblings (`push_variant`
//! for [`XmlReader::slot_item_variant`]), which delegate here. Generated
//! code reads most structs through the runtime's loop straight into their
//! fields (`rt::fields`); it fills slots for the types that have no
//! finite starting value, and for optional and repeated choices (an
//! `Option` or a `Vec` already, in either way of reading).

use super::read::{DecodeError, DecodeErrorKind, FromXml, StartTag, XmlReader};

impl<'a> XmlReader<'a> {
    /// A single-occurrence element (`T` or `Option<T>` field, not nillable).
    pub fn slot<T: FromXml>(&mut self, slot: &mut Option<T>, el: &StartTag<'a>) -> Result<(), DecodeError> {
        let emptied = self.single(slot.is_some(), el)?;
        let el = emptied.as_ref().unwrap_or(el);
        match T::from_xml(self, el) {
            Ok(value) => {
                *slot = Some(value);
                Ok(())
            }
            Err(e) => Err(within(e, el)),
        }
    }

    /// A single-occurrence element that may be nil: `Some(None)` records a
    /// nil so a second occurrence is still caught.
    pub fn slot_nillable<T: FromXml>(
        &mut self,
        slot: &mut Option<Option<T>>,
        el: &StartTag<'a>,
    ) -> Result<(), DecodeError> {
        if self.nil_slot(slot.is_some(), el)? {
            *slot = Some(None);
            return Ok(());
        }
        match T::from_xml(self, el) {
            Ok(value) => {
                *slot = Some(Some(value));
                Ok(())
            }
            Err(e) => Err(within(e, el)),
        }
    }

    /// One alternative of a choice whose alternatives are single elements
    /// of distinct names: `make` is the enum variant (`Choice::A`).
    pub fn slot_variant<T: FromXml, C>(
        &mut self,
        slot: &mut Option<C>,
        el: &StartTag<'a>,
        make: fn(T) -> C,
    ) -> Result<(), DecodeError> {
        let emptied = self.single(slot.is_some(), el)?;
        let el = emptied.as_ref().unwrap_or(el);
        match T::from_xml(self, el) {
            Ok(value) => {
                *slot = Some(make(value));
                Ok(())
            }
            Err(e) => Err(within(e, el)),
        }
    }

    /// As [`XmlReader::slot_variant`], for an alternative that may be nil.
    pub fn slot_variant_nillable<T: FromXml, C>(
        &mut self,
        slot: &mut Option<C>,
        el: &StartTag<'a>,
        make: fn(Option<T>) -> C,
    ) -> Result<(), DecodeError> {
        if self.nil_slot(slot.is_some(), el)? {
            *slot = Some(make(None));
            return Ok(());
        }
        match T::from_xml(self, el) {
            Ok(value) => {
                *slot = Some(make(Some(value)));
                Ok(())
            }
            Err(e) => Err(within(e, el)),
        }
    }

    /// One occurrence of a repeated choice of single elements; kept in
    /// document order.
    pub fn slot_item_variant<T: FromXml, C: 'static>(
        &mut self,
        items: &mut Vec<C>,
        el: &StartTag<'a>,
        make: fn(T) -> C,
    ) -> Result<(), DecodeError> {
        let parent = self.parent_depth(el);
        let emptied = self.single(false, el)?;
        let el = emptied.as_ref().unwrap_or(el);
        match T::from_xml(self, el) {
            Ok(value) => {
                self.keep_or_hand(items, make(value), parent, el);
                Ok(())
            }
            Err(e) => Err(within_item(e, el, items.len())),
        }
    }

    /// For a single-occurrence, non-nillable slot: an error for a second
    /// occurrence; for a nil, the tag to read the value from instead (see
    /// [`XmlReader::non_nillable_nil`]). Inlined: the generic shells run it
    /// per element, and the generated code is in another codegen unit.
    #[inline]
    pub(super) fn single(
        &mut self,
        filled: bool,
        el: &StartTag<'a>,
    ) -> Result<Option<StartTag<'a>>, DecodeError> {
        if filled {
            return Err(duplicate(el));
        }
        if el.is_nil() {
            return self.non_nillable_nil(el).map(Some);
        }
        Ok(None)
    }

    /// For a nillable slot: an error for a second occurrence, else whether
    /// `el` is nil (its content then consumed).
    #[inline]
    pub(super) fn nil_slot(&mut self, filled: bool, el: &StartTag<'a>) -> Result<bool, DecodeError> {
        if filled {
            return Err(duplicate(el));
        }
        if el.is_nil() {
            self.nil_content(el)?;
            return Ok(true);
        }
        Ok(false)
    }
}

/// The error for a single-occurrence element `el` met a second time.
#[cold]
pub(crate) fn duplicate(el: &StartTag<'_>) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Duplicate(el.local_name().to_owned()))
}

/// The error for required element `name` (its wire name, `a|b` for a
/// choice) found nowhere among the children. Generated code checks its
/// slots with `let Some(v) = slot else { return Err(missing(..)) }`: no
/// call on the way through and no `?` per field, which in a debug build
/// each came with a clean-up path of their own (4% of a large module's
/// build time).
#[cold]
pub fn missing(name: &'static str) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Missing(name))
}

/// An error from inside `el`, its path starting with `el`'s name.
#[cold]
pub(super) fn within(e: DecodeError, el: &StartTag<'_>) -> DecodeError {
    e.within(el.local_name())
}

/// An error from inside item `index` of repeated element `el`.
#[cold]
pub(crate) fn within_item(e: DecodeError, el: &StartTag<'_>, index: usize) -> DecodeError {
    e.within(format!("{}[{}]", el.local_name(), index))
}
