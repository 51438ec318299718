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
//! lists stay empty in the value returned, and their minimum counts count
//! what was handed over (the reader counts handed repeated elements per
//! parent and name while the parent is open, and keeps the counts of the
//! element closed last for its decoder's checks; a list read by position,
//! `Children::many`, counts its occurrences itself). Lists of other types
//! are decoded as usual.
//! The list-adding functions of the reader are generic over the item type,
//! so the check is one comparison of type ids per item when something is
//! handed over, and a test of an empty `Option` when nothing is.

use std::any::{Any, TypeId};

use super::{StartTag, XmlReader};

/// Takes an item out of the `Option<Item>` it is passed as.
type Take<'a> = Box<dyn FnMut(&mut dyn Any) + 'a>;

/// [`Take`] that can go to another thread with its call.
type SendTake = Box<dyn FnMut(&mut dyn Any) + Send>;

/// Where the items of one type go during a decode.
pub(crate) struct Handing<'a> {
    item: TypeId,
    take: Take<'a>,
    /// How many repeated elements were handed over under each element
    /// still open: (its depth, their qualified name, how many), deeper
    /// parents last. A list asks for its count (for a nil among its items,
    /// for error paths) as a kept list looks at its length.
    counts: Vec<(usize, &'a str, usize)>,
    /// The counts of the element that closed last, for its decoder's
    /// `minOccurs` checks, which run right after.
    closed: Vec<(&'a str, usize)>,
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
        Self::taking(TypeId::of::<Item>(), Box::new(taker(f)))
    }

    fn taking(item: TypeId, take: Take<'a>) -> Self {
        Handing { item, take, counts: Vec::new(), closed: Vec::new() }
    }

    /// An element closed, leaving the reader at `depth`: the counts of
    /// what was handed over under it become the closed element's (the
    /// next parent's items count from 0).
    pub(crate) fn left(&mut self, depth: usize) {
        if self.closed.is_empty() && self.counts.last().is_none_or(|&(parent, _, _)| parent <= depth) {
            return;
        }
        self.closed.clear();
        while let Some(&(parent, name, n)) = self.counts.last() {
            if parent <= depth {
                break;
            }
            self.closed.push((name, n));
            self.counts.pop();
        }
    }

    /// An element without content was read: nothing was handed over
    /// under it.
    pub(crate) fn left_empty(&mut self) {
        self.closed.clear();
    }

    /// Where the count of `name` under the element at `parent` is in
    /// `counts` (searched among the open elements' from the deepest up).
    fn find(&self, parent: usize, name: &str) -> Option<usize> {
        let open = self.counts.iter().enumerate().rev().take_while(|(_, (p, _, _))| *p >= parent);
        open.filter(|(_, (p, n, _))| *p == parent && *n == name).map(|(i, _)| i).next()
    }

    /// How many `wire` elements (`a|b`: either) the element closed last
    /// held, matched by local name.
    fn closed_count(&self, wire: &str) -> usize {
        let named = |name: &&str| wire.split('|').any(|w| w == super::local_of(name));
        self.closed.iter().filter(|(name, _)| named(name)).map(|(_, n)| n).sum()
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
        Handing::taking(h.item, h.take)
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

    /// Adds `item`, read from repeated element `el` under the element at
    /// `parent`, to `items`, or hands it over and counts it. Inlined: it
    /// runs per item of every list, handed over or not.
    #[inline]
    pub(crate) fn keep_or_hand<T: 'static>(
        &mut self,
        items: &mut Vec<T>,
        item: T,
        parent: usize,
        el: &StartTag<'a>,
    ) {
        match self.hand_over(item) {
            Some(item) => super::push_sized(items, item),
            None => self.count_handed(parent, el.qualified_name()),
        }
    }

    /// A repeated element `name` under the element at `parent` was handed
    /// over: counts it.
    pub(crate) fn count_handed(&mut self, parent: usize, name: &'a str) {
        if let Some(h) = &mut self.handing {
            match h.find(parent, name) {
                Some(i) => h.counts[i].2 += 1,
                None => h.counts.push((parent, name, 1)),
            }
        }
    }

    /// The depth of the parent of `el`, an element just opened (a
    /// non-empty one has been entered), for [`XmlReader::count_handed`].
    pub(crate) fn parent_depth(&self, el: &StartTag<'a>) -> usize {
        self.depth - usize::from(!el.empty)
    }

    /// How many repeated elements `name` under the element at `parent`
    /// were handed over so far.
    pub(crate) fn handed(&self, parent: usize, name: &str) -> usize {
        self.handing.as_ref().and_then(|h| h.find(parent, name).map(|i| h.counts[i].2)).unwrap_or(0)
    }

    /// At least `min` items in `items`, or, if the items of its type are
    /// handed over (the list is not kept), at least `min` elements `name`
    /// handed over from the element just read. What generated decoders
    /// check a repeated element's `minOccurs` with, right after reading
    /// the element that holds it.
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
        match &self.handing {
            Some(h) if h.item == TypeId::of::<T>() => {
                crate::rt::check_at_least(h.closed_count(name), min, name)
            }
            _ => crate::rt::check_at_least(items.len(), min, name),
        }
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

    fn kind(e: super::super::DecodeError) -> DecodeErrorKind {
        e.kind.clone()
    }

    #[test]
    fn a_handed_list_s_minimum_counts_what_its_element_handed_over() {
        let mut r = XmlReader::new(b"<r/>", DecodeOptions::default());
        let none: Vec<String> = Vec::new();
        let too_few = |found| DecodeErrorKind::TooFew { name: "x", min: 3, found };
        assert_eq!(r.check_at_least(&none, 3, "x").map_err(kind), Err(too_few(0)));
        r.hand_items(Handing::new(|_: String| {}));
        // Two `p:x` under the element at depth 1, one `y`, one `x` deeper.
        r.count_handed(1, "p:x");
        r.count_handed(1, "y");
        r.count_handed(2, "x");
        r.count_handed(1, "p:x");
        assert_eq!((r.handed(1, "p:x"), r.handed(1, "y"), r.handed(2, "x"), r.handed(1, "x")), (2, 1, 1, 0));
        // The deeper element closes, then the one at depth 1.
        r.handing.as_mut().unwrap().left(1);
        assert_eq!(r.check_at_least(&none, 1, "x"), Ok(()));
        assert_eq!(
            r.check_at_least(&none, 2, "x").map_err(kind),
            Err(DecodeErrorKind::TooFew { name: "x", min: 2, found: 1 })
        );
        r.handing.as_mut().unwrap().left(0);
        assert_eq!(r.check_at_least(&none, 3, "x").map_err(kind), Err(too_few(2)));
        assert_eq!(r.at_least(none.clone(), 3, "x|y").unwrap(), none);
        assert_eq!(r.handed(1, "p:x"), 0);
        // Lists of other types count what they hold.
        assert_eq!(r.check_at_least(&[1, 2], 3, "x").map_err(kind), Err(too_few(2)));
        // An empty element held nothing.
        r.handing.as_mut().unwrap().left_empty();
        assert_eq!(
            r.check_at_least(&none, 1, "x|y").map_err(kind),
            Err(DecodeErrorKind::TooFew { name: "x|y", min: 1, found: 0 })
        );
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
        }
        assert_eq!(got, ["a"]);
    }
}
