//! Items handed over as they are decoded instead of kept in their lists
//! ([`read_response_each`](crate::rt::read_response_each),
//! [`Answer::body_each`](crate::rt::Answer::body_each),
//! [`Call::each`](crate::rt::Call::each)).
//!
//! Why: a large answer (a Cisco AXL `listPhone`, an innovaphone `Poll` of
//! every user, a sipXconfig `findUser`) is mostly one list, and its decoded
//! value takes more memory than the response itself (a `String` per field,
//! a struct per item). Handing each item to the caller as soon as it is
//! decoded keeps one item at a time instead of the whole list.
//!
//! The items are chosen by type: every item of a list of `Item` (repeated
//! elements, list wrappers, SOAP-encoded arrays, repeated choices),
//! wherever it is in the body, goes to the caller in document order; those
//! lists stay empty in the value returned, and their minimum counts are not
//! checked (they are not kept), except where a list is read by position
//! (`Children::many`), which counts occurrences. Lists of other types are
//! decoded as usual.
//! The list-adding functions of the reader are generic over the item type,
//! so the check is one comparison of type ids per item when something is
//! handed over, and a test of an empty `Option` when nothing is.

use std::any::{Any, TypeId};

use super::XmlReader;

/// Takes an item out of the `Option<Item>` it is passed as.
type Take<'a> = Box<dyn FnMut(&mut dyn Any) + 'a>;

/// [`Take`] that can go to another thread with its call.
type SendTake = Box<dyn FnMut(&mut dyn Any) + Send>;

/// Where the items of one type go during a decode.
pub(crate) struct Handing<'a> {
    item: TypeId,
    take: Take<'a>,
    /// The current run of handed repeated elements: their parent's depth,
    /// their qualified name and how many. A list of repeated elements asks
    /// for its count (for a nil among the items, and for error paths) as
    /// a kept list would look at its length.
    run: Option<(usize, &'a str, usize)>,
}

/// The items of type `Item`, taken out of the `Option<Item>` they are
/// passed as, to `f`.
fn taker<Item: 'static>(mut f: impl FnMut(Item)) -> impl FnMut(&mut dyn Any) {
    move |slot: &mut dyn Any| {
        if let Some(item) = slot.downcast_mut::<Option<Item>>().and_then(Option::take) {
            f(item);
        }
    }
}

impl<'a> Handing<'a> {
    /// Items of type `Item` go to `f`.
    pub(crate) fn new<Item: 'static>(f: impl FnMut(Item) + 'a) -> Self {
        Handing { item: TypeId::of::<Item>(), take: Box::new(taker(f)), run: None }
    }

    /// An element closed, leaving the reader at `depth`: a run of items
    /// under it has ended (the next parent's items start again from 0).
    pub(crate) fn left(&mut self, depth: usize) {
        if self.run.is_some_and(|(parent, _, _)| parent > depth) {
            self.run = None;
        }
    }
}

/// A [`Handing`] that travels with a call from task to task: `Send` and
/// owning what it uses.
pub(crate) struct SendHanding {
    item: TypeId,
    take: SendTake,
}

impl SendHanding {
    pub(crate) fn new<Item: 'static>(f: impl FnMut(Item) + Send + 'static) -> Self {
        SendHanding { item: TypeId::of::<Item>(), take: Box::new(taker(f)) }
    }
}

impl From<SendHanding> for Handing<'_> {
    fn from(h: SendHanding) -> Self {
        Handing { item: h.item, take: h.take, run: None }
    }
}

impl std::fmt::Debug for SendHanding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendHanding").field("item", &self.item).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Handing<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handing").field("item", &self.item).finish_non_exhaustive()
    }
}

impl<'a> XmlReader<'a> {
    /// From here on, items of `handing`'s type go to it.
    pub(crate) fn hand_items(&mut self, handing: Handing<'a>) {
        self.handing = Some(handing);
    }

    /// Whether items of type `T` are handed over rather than kept.
    #[inline]
    pub(crate) fn hands_over<T: 'static>(&self) -> bool {
        self.handing.as_ref().is_some_and(|h| h.item == TypeId::of::<T>())
    }

    /// `item`, handed over if items of its type are (then `None`), or
    /// returned to be kept.
    #[inline]
    pub(crate) fn hand_over<T: 'static>(&mut self, item: T) -> Option<T> {
        match &mut self.handing {
            Some(h) if h.item == TypeId::of::<T>() => {
                let mut slot = Some(item);
                (h.take)(&mut slot);
                None
            }
            _ => Some(item),
        }
    }

    /// A repeated element `name` under the element at `parent` was handed
    /// over: counts it in the current run.
    pub(crate) fn count_handed(&mut self, parent: usize, name: &'a str) {
        if let Some(h) = &mut self.handing {
            match &mut h.run {
                Some((depth, run, n)) if *depth == parent && *run == name => *n += 1,
                run => *run = Some((parent, name, 1)),
            }
        }
    }

    /// How many repeated elements `name` under the element at `parent`
    /// were handed over in a row so far.
    pub(crate) fn handed(&self, parent: usize, name: &str) -> usize {
        match self.handing.as_ref().and_then(|h| h.run) {
            Some((depth, run, n)) if depth == parent && run == name => n,
            _ => 0,
        }
    }

    /// At least `min` items in `items`, unless the items of its type are
    /// handed over (the list is not kept then, so nothing is counted).
    /// What generated decoders check a repeated element's `minOccurs` with.
    ///
    /// # Errors
    ///
    /// [`DecodeErrorKind::TooFew`](super::DecodeErrorKind::TooFew).
    pub fn check_at_least<T: 'static>(
        &self,
        items: &[T],
        min: u32,
        name: &'static str,
    ) -> Result<(), super::DecodeError> {
        if self.hands_over::<T>() {
            return Ok(());
        }
        crate::rt::check_at_least(items.len(), min, name)
    }

    /// `items` once [`XmlReader::check_at_least`] passes: how generated
    /// decoders that collect a repeated element before building the value
    /// check its `minOccurs`.
    ///
    /// # Errors
    ///
    /// [`DecodeErrorKind::TooFew`](super::DecodeErrorKind::TooFew).
    pub fn at_least<T: 'static>(
        &self,
        items: Vec<T>,
        min: u32,
        name: &'static str,
    ) -> Result<Vec<T>, super::DecodeError> {
        self.check_at_least(&items, min, name)?;
        Ok(items)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::{DecodeErrorKind, DecodeOptions};
    use super::*;

    #[test]
    fn only_lists_of_the_handed_type_skip_their_minimum() {
        let mut r = XmlReader::new(b"<r/>", DecodeOptions::default());
        let none: Vec<String> = Vec::new();
        let too_few = |e: super::super::DecodeError| e.kind.clone();
        let expected = DecodeErrorKind::TooFew { name: "x", min: 1, found: 0 };
        assert_eq!(r.check_at_least(&none, 1, "x").map_err(too_few), Err(expected.clone()));
        r.hand_items(Handing::new(|_: String| {}));
        assert_eq!(r.check_at_least(&none, 1, "x"), Ok(()));
        assert_eq!(r.at_least(none, 2, "x").unwrap(), Vec::<String>::new());
        assert_eq!(r.check_at_least(&Vec::<i32>::new(), 1, "x").map_err(too_few), Err(expected));
    }

    #[test]
    fn items_of_the_handed_type_go_over_and_others_come_back() {
        let mut got = Vec::new();
        {
            let mut r = XmlReader::new(b"<r/>", DecodeOptions::default());
            r.hand_items(Handing::new(|s: String| got.push(s)));
            assert_eq!(r.hand_over("a".to_owned()), None);
            assert_eq!(r.hand_over(7_i32), Some(7));
            assert!(r.hands_over::<String>() && !r.hands_over::<&'static str>());
            r.count_handed(1, "a");
            r.count_handed(1, "a");
            assert_eq!((r.handed(1, "a"), r.handed(1, "b"), r.handed(2, "a")), (2, 0, 0));
            r.count_handed(1, "b");
            assert_eq!((r.handed(1, "a"), r.handed(1, "b")), (0, 1));
        }
        assert_eq!(got, ["a"]);
    }
}
