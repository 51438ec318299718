//! Lists: a wrapper element whose children are the items (SOAP-encoded
//! arrays, Axis's document/literal array wrappers). `list_items` is generic
//! over the item type and so copied once per item type of a module, which
//! is why it is a thin shell: sizing the list, stepping to the next item,
//! nil items, the length check and error paths are the non-generic steps
//! here, each compiled once.

use super::super::slots::{duplicate, within_item};
use super::{DecodeError, DecodeErrorKind, StartTag, XmlReader};

/// One list being read.
struct List {
    /// The item count a SOAP-encoding `arrayType` declares.
    declared: Option<usize>,
    /// Items read so far, nil ones included.
    count: usize,
    /// Where the items start, until the first value has been read and the
    /// rest of the list estimated from its size.
    estimate_from: Option<u64>,
    item_size: usize,
}

impl<'a> XmlReader<'a> {
    /// A list wrapper: every child is an item, whatever its name (servers
    /// name SOAP-ENC array items `item`, after their type, or otherwise).
    /// A nil wrapper is an empty list.
    pub fn set_list<T: super::FromXml + 'static>(
        &mut self,
        slot: &mut Option<Vec<T>>,
        el: &StartTag<'a>,
    ) -> Result<(), DecodeError> {
        if slot.is_some() {
            return Err(duplicate(el));
        }
        *slot = Some(self.list_items(el, T::from_xml)?);
        Ok(())
    }

    /// The items of list wrapper `el` (every child, whatever its name),
    /// each read by `item`; a nil wrapper is an empty list. Errors name the
    /// wrapper and the item. Items handed over (see `items`) are counted,
    /// not kept, and no room is made for them.
    pub fn list_items<T: 'static>(
        &mut self,
        el: &StartTag<'a>,
        mut item: impl FnMut(&mut Self, &StartTag<'a>) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        let kept = !self.hands_over::<T>();
        let (mut list, capacity) = self.list_start(el, std::mem::size_of::<T>(), kept)?;
        let mut items = Vec::with_capacity(capacity);
        let mut index = 0;
        while let Some(child) = self.list_next(el, &mut list, index)? {
            match item(self, &child) {
                Ok(value) => {
                    if let Some(value) = self.hand_over(value) {
                        items.push(value);
                    }
                }
                Err(e) => return Err(item_error(e, &child, index, el)),
            }
            index += 1;
            if list.estimate_from.is_some() {
                let more = self.estimate_rest(&mut list, items.capacity() - items.len());
                items.reserve_exact(more);
            }
        }
        // An estimate far above what came (the list was not the last thing
        // in the input) gives its room back rather than keep it in the value.
        if items.capacity() > 2 * items.len() + 16 {
            items.shrink_to_fit();
        }
        self.list_end(el, &list)?;
        Ok(items)
    }

    /// The list's state and the capacity to start with. The declared length
    /// sizes the list once instead of by doubling, bounded so hostile
    /// declarations cannot reserve memory: by what the input could hold (an
    /// item takes at least four bytes, `<a/>`), and to no more bytes than
    /// the input has, across all arrays. No room for a list that is not
    /// `kept`. A nil wrapper's content is consumed here: no items follow.
    fn list_start(
        &mut self,
        el: &StartTag<'a>,
        item_size: usize,
        kept: bool,
    ) -> Result<(List, usize), DecodeError> {
        let item_size = item_size.max(1);
        let declared = el.declared_len.checked_sub(1).map(|n| n as usize);
        let room = if kept { declared.unwrap_or(0) } else { 0 };
        let capacity = room.min(self.lexer.input().len() / 4).min(self.reserve_left / item_size);
        self.reserve_left -= capacity * item_size;
        // Without a declared length, the first item's size in bytes gives
        // an estimate of how many the rest of the input can hold: reserved
        // once (within the same budget) instead of growing by doubling,
        // which copies a large list a dozen times.
        let estimate_from =
            (kept && declared.is_none() && !el.empty && !el.nil).then(|| self.lexer.position() as u64);
        if el.nil {
            self.nil_content(el)?;
        }
        Ok((List { declared, count: 0, estimate_from, item_size }, capacity))
    }

    /// The next item of the list that is not nil (nil ones are skipped or
    /// refused, see [`XmlReader::nil_item`]); `None` after the wrapper's end.
    /// `index` is the next value's (errors name a nil item by it). Inlined:
    /// it runs per item, from the shell's copy in the generated module's
    /// crate.
    #[inline]
    fn list_next(
        &mut self,
        el: &StartTag<'a>,
        list: &mut List,
        index: usize,
    ) -> Result<Option<StartTag<'a>>, DecodeError> {
        if el.nil {
            return Ok(None);
        }
        while let Some(child) = self.next_child(el).map_err(|e| e.within(el.local_name()))? {
            list.count += 1;
            if !child.nil {
                return Ok(Some(child));
            }
            self.nil_content(&child).map_err(|e| e.within(el.local_name()))?;
            if let Err(e) = self.nil_item(&child) {
                return Err(item_error(e, &child, index, el));
            }
        }
        Ok(None)
    }

    /// How many more items to reserve room for, once the first value is
    /// read: as many as the rest of the input could hold at the size the
    /// items so far took, within the input-sized reservation budget, and
    /// beyond the `spare` room the list has.
    fn estimate_rest(&mut self, list: &mut List, spare: usize) -> usize {
        let Some(start) = list.estimate_from.take() else { return 0 };
        let position = self.lexer.position() as u64;
        let taken = position.saturating_sub(start).max(1);
        let rest = (self.lexer.input().len() as u64).saturating_sub(position);
        let per_item = (taken / list.count.max(1) as u64).max(1);
        let more =
            usize::try_from(rest / per_item).unwrap_or(usize::MAX).min(self.reserve_left / list.item_size);
        if more <= spare {
            return 0;
        }
        self.reserve_left -= more * list.item_size;
        more
    }

    /// The declared length against the count (a nil wrapper has no items
    /// to count).
    fn list_end(&self, el: &StartTag<'a>, list: &List) -> Result<(), DecodeError> {
        match list.declared {
            Some(declared) if declared != list.count && !el.nil => {
                Err(DecodeError::new(DecodeErrorKind::ArrayLength {
                    declared: declared as u64,
                    found: list.count,
                })
                .within(el.local_name()))
            }
            _ => Ok(()),
        }
    }
}

/// An error from item `index` of list `el`, its path naming both.
#[cold]
fn item_error(e: DecodeError, item: &StartTag<'_>, index: usize, el: &StartTag<'_>) -> DecodeError {
    within_item(e, item, index).within(el.local_name())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::super::{DecodeOptions, NilItems};
    use super::*;

    const ENC: &str = r#"xmlns:e="http://schemas.xmlsoap.org/soap/encoding/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance""#;

    fn read(list: &str, opts: DecodeOptions) -> Result<Option<Vec<String>>, DecodeError> {
        let xml = format!("<r {ENC}>{list}</r>");
        let mut r = XmlReader::new(xml.as_bytes(), opts);
        let root = r.root().unwrap();
        let mut slot = None;
        let child = r.next_child(&root).unwrap().unwrap();
        r.set_list(&mut slot, &child)?;
        assert!(r.next_child(&root).unwrap().is_none(), "{list}: past the list");
        Ok(slot)
    }

    #[test]
    fn items_nil_items_and_declared_lengths() {
        let ok = |list: &str| read(list, DecodeOptions::default()).unwrap().unwrap();
        assert_eq!(ok("<l><a>x</a><b>y</b></l>"), ["x", "y"]);
        assert_eq!(ok(r#"<l e:arrayType="s[2]"><a>x</a><a/></l>"#), ["x", ""]);
        // A nil wrapper is an empty list, whatever length it declares.
        assert!(ok(r#"<l i:nil="true" e:arrayType="s[3]"/>"#).is_empty());
        assert!(ok(r#"<l i:nil="true"></l>"#).is_empty());
        let err = read(r#"<l e:arrayType="s[3]"><a>x</a></l>"#, DecodeOptions::default()).unwrap_err();
        assert_eq!(
            (&err.kind, &err.path[..]),
            (&DecodeErrorKind::ArrayLength { declared: 3, found: 1 }, &["l".to_owned()][..])
        );
        // A nil item is refused, named by its place among the values read;
        // skipped, it still counts against the declared length.
        let list = r#"<l e:arrayType="s[3]"><a>x</a><a i:nil="true"/><a>z</a></l>"#;
        let err = read(list, DecodeOptions::default()).unwrap_err();
        assert_eq!(
            (&err.kind, &err.path[..]),
            (&DecodeErrorKind::NilItem, &["l".to_owned(), "a[1]".to_owned()][..])
        );
        let skip = DecodeOptions { nil_items: NilItems::Skip, ..DecodeOptions::default() };
        assert_eq!(read(list, skip).unwrap().unwrap(), ["x", "z"]);
        // An item's own error names it and the list.
        let err = read("<l><a>x</a><a><b/></a></l>", DecodeOptions::default()).unwrap_err();
        assert_eq!(err.path, ["l", "a[1]"]);
    }

    #[test]
    fn the_estimate_from_the_first_items_reserves_for_the_rest() {
        // 200 items of the same size: the first one's size predicts the
        // rest, so the list is sized once and not given back.
        let list = format!("<l>{}</l>", "<a>x</a>".repeat(200));
        let items = read(&list, DecodeOptions::default()).unwrap().unwrap();
        assert_eq!(items.len(), 200);
        assert!(items.capacity() >= 200 && items.capacity() <= 2 * 200 + 16, "{}", items.capacity());
        // Nil items first: the estimate still divides by the items seen.
        let skip = DecodeOptions { nil_items: NilItems::Skip, ..DecodeOptions::default() };
        let list = format!(r#"<l><a i:nil="true"/>{}</l>"#, "<a>x</a>".repeat(200));
        assert_eq!(read(&list, skip).unwrap().unwrap().len(), 200);
    }
}
