//! Structs decoded through the runtime's loop: a generated `from_xml`
//! starts from a value of the type (its `Default`, or a hidden
//! `__placeholder()` whose required values without a default are
//! stand-ins: an enumeration's `Other("")`, an alternative of a choice)
//! and hands it to [`XmlReader::read_fields`] with the static table of its
//! children's names; the loop finds each child's entry and calls the
//! struct's [`Fields::read_field`], a `match` on the entry's index that
//! reads the child straight into its field. One bit per single-occurrence
//! field catches a second occurrence and, after the loop, a missing
//! required one, so a stand-in never reaches the caller.
//!
//! Why: the loop, the name matching and the error paths were generated per
//! struct, and in a debug build the name `match` is a chain of string
//! comparisons, each field a slot local with its own drops on every error
//! path and its own move into the struct at the end: over half of a large
//! module's build. Here the loop is compiled once, and `read_field`
//! borrows the struct, so it holds nothing to drop (a large module builds
//! in 0.9x the time; decoding executes about 1.5% more instructions: the
//! table lookup and the call through `dyn Fields` where the generated
//! `match` was inline). Types without a finite starting value (their
//! required fields lead back to themselves) keep the generated loop and
//! slots (`rt::slots`).
//!
//! The same decoding as [`XmlReader::slot`] and its siblings; each generic
//! function is a thin shell around non-generic steps.

use super::read::{DecodeError, DecodeErrorKind, FromXml, StartTag, XmlReader};
use super::slots::{duplicate, missing, within};

/// A struct whose children the runtime's loop reads one by one.
pub trait Fields {
    /// Reads child `el` into the field that entry `index` of the struct's
    /// [`FieldTable::names`] belongs to; `seen` holds the bits of the
    /// single-occurrence fields.
    fn read_field<'a>(
        &mut self,
        r: &mut XmlReader<'a>,
        index: usize,
        el: &StartTag<'a>,
        seen: &mut [u64],
    ) -> Result<(), DecodeError>;
}

/// What the loop needs to know of a struct's children.
#[derive(Debug)]
pub struct FieldTable {
    /// Every child's local name, in field order (a choice's alternatives
    /// each have their own).
    pub names: &'static [&'static str],
    /// The namespaces a child may be in (an unqualified child always
    /// fits); a child in another is unknown.
    pub namespaces: &'static [&'static str],
    /// The wire names of the required single-occurrence fields, in field
    /// order: they have the first bits (`required[i]` is bit `i`), the
    /// other single-occurrence fields the bits after them.
    pub required: &'static [&'static str],
}

impl<'a> XmlReader<'a> {
    /// Reads every child of `el` into `value` through its
    /// [`Fields::read_field`], then checks that the required fields came.
    pub fn read_fields(
        &mut self,
        el: &StartTag<'a>,
        table: &FieldTable,
        value: &mut dyn Fields,
        seen: &mut [u64],
    ) -> Result<(), DecodeError> {
        // Before the first child, "the last one found" is the (absent)
        // entry before entry 0.
        let mut last = usize::MAX;
        while let Some(child) = self.next_child(el)? {
            if !self.in_namespaces(&child, table.namespaces) {
                self.unknown(&child)?;
                continue;
            }
            match find(table.names, child.local_name(), last) {
                Some(index) => {
                    value.read_field(self, index, &child, seen)?;
                    last = index;
                }
                None => self.unknown(&child)?,
            }
        }
        check_required(seen, table.required)
    }

    /// A single-occurrence element that is not nillable, into `place`;
    /// `bit` is its bit in `seen`.
    pub fn field<T: FromXml>(
        &mut self,
        place: &mut T,
        seen: &mut [u64],
        bit: u32,
        el: &StartTag<'a>,
    ) -> Result<(), DecodeError> {
        let emptied = self.single(mark(seen, bit), el)?;
        let el = emptied.as_ref().unwrap_or(el);
        match T::from_xml(self, el) {
            Ok(value) => {
                *place = value;
                Ok(())
            }
            Err(e) => Err(within(e, el)),
        }
    }

    /// A single-occurrence element that may be nil (or an optional one,
    /// which servers send as nil too): a nil leaves `place` at `None`, and
    /// its bit still catches a second occurrence.
    pub fn field_nillable<T: FromXml>(
        &mut self,
        place: &mut Option<T>,
        seen: &mut [u64],
        bit: u32,
        el: &StartTag<'a>,
    ) -> Result<(), DecodeError> {
        if self.nil_slot(mark(seen, bit), el)? {
            return Ok(());
        }
        match T::from_xml(self, el) {
            Ok(value) => {
                *place = Some(value);
                Ok(())
            }
            Err(e) => Err(within(e, el)),
        }
    }

    /// One alternative of a choice that must be there, whose alternatives
    /// are single elements of distinct names: `make` is the enum variant
    /// (`Choice::A`); the choice's `bit` catches a second alternative.
    pub fn field_variant<T: FromXml, C>(
        &mut self,
        place: &mut C,
        seen: &mut [u64],
        bit: u32,
        el: &StartTag<'a>,
        make: fn(T) -> C,
    ) -> Result<(), DecodeError> {
        let emptied = self.single(mark(seen, bit), el)?;
        let el = emptied.as_ref().unwrap_or(el);
        match T::from_xml(self, el) {
            Ok(value) => {
                *place = make(value);
                Ok(())
            }
            Err(e) => Err(within(e, el)),
        }
    }

    /// As [`XmlReader::field_variant`], for an alternative that may be nil.
    pub fn field_variant_nillable<T: FromXml, C>(
        &mut self,
        place: &mut C,
        seen: &mut [u64],
        bit: u32,
        el: &StartTag<'a>,
        make: fn(Option<T>) -> C,
    ) -> Result<(), DecodeError> {
        if self.nil_slot(mark(seen, bit), el)? {
            *place = make(None);
            return Ok(());
        }
        match T::from_xml(self, el) {
            Ok(value) => {
                *place = make(Some(value));
                Ok(())
            }
            Err(e) => Err(within(e, el)),
        }
    }

    /// A list wrapper element (`ArrayOfX`, a SOAP-encoded array), its
    /// items into `place`.
    pub fn field_list<T: FromXml + 'static>(
        &mut self,
        place: &mut Vec<T>,
        seen: &mut [u64],
        bit: u32,
        el: &StartTag<'a>,
    ) -> Result<(), DecodeError> {
        if mark(seen, bit) {
            return Err(duplicate(el));
        }
        *place = self.list_items(el, T::from_xml)?;
        Ok(())
    }
}

/// The entry of `names` that is `name`. Children mostly come in field
/// order, some left out: the entry after `last` (the one found before)
/// first, then `last` itself (a repeated element), then forward to the
/// end, then back to the first.
#[inline]
fn find(names: &[&str], name: &str, last: usize) -> Option<usize> {
    let is = |n: &&str| same(n.as_bytes(), name.as_bytes());
    let next = last.wrapping_add(1);
    if names.get(next).is_some_and(is) {
        return Some(next);
    }
    if names.get(last).is_some_and(is) {
        return Some(last);
    }
    let next = next.min(names.len());
    let (before, after) = names.split_at(next);
    match after.iter().skip(1).position(is) {
        Some(i) => Some(next + 1 + i),
        None => before.iter().rposition(is),
    }
}

/// Whether two names are equal, without a call to `memcmp` for the short
/// ones (most element names): a call per child cost more than the
/// comparison, where the generated `match` on constant names compiled to
/// word compares.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    // Two overlapping words cover any length from one word to two.
    if a.len() <= 16
        && let (Some(a0), Some(b0), Some(a1), Some(b1)) =
            (a.first_chunk::<8>(), b.first_chunk::<8>(), a.last_chunk::<8>(), b.last_chunk::<8>())
    {
        return a0 == b0 && a1 == b1;
    }
    if a.len() < 8
        && let (Some(a0), Some(b0), Some(a1), Some(b1)) =
            (a.first_chunk::<4>(), b.first_chunk::<4>(), a.last_chunk::<4>(), b.last_chunk::<4>())
    {
        return a0 == b0 && a1 == b1;
    }
    a == b
}

/// Sets `bit` in `seen`; whether it was set already. A bit past the end
/// (which the generator never asks for) counts as never seen.
#[inline]
fn mark(seen: &mut [u64], bit: u32) -> bool {
    let mask = 1u64 << (bit % 64);
    match seen.get_mut((bit / 64) as usize) {
        Some(word) => {
            let was = *word & mask != 0;
            *word |= mask;
            was
        }
        None => false,
    }
}

/// The error for the first required field whose bit is not set: the
/// required fields have the first bits, in field order (`required[i]` is
/// bit `i`'s wire name), so this tests whole words.
fn check_required(seen: &[u64], required: &[&'static str]) -> Result<(), DecodeError> {
    for w in 0..required.len().div_ceil(64) {
        let bits = (required.len() - w * 64).min(64);
        let mask = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
        let unset = !seen.get(w).copied().unwrap_or(0) & mask;
        if unset != 0 {
            let first = w * 64 + unset.trailing_zeros() as usize;
            return Err(missing(required.get(first).copied().unwrap_or("?")));
        }
    }
    Ok(())
}

/// The error for repeated element `name` found `len` times, fewer than
/// `min`.
pub fn check_at_least(len: usize, min: u32, name: &'static str) -> Result<(), DecodeError> {
    if len < min as usize {
        return Err(DecodeError::new(DecodeErrorKind::TooFew { name, min, found: len }));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::super::read::{DecodeOptions, NilValues, UnknownElements};
    use super::*;

    const XSI: &str = r#"xmlns:i="http://www.w3.org/2001/XMLSchema-instance""#;

    /// What generated code makes of a struct: `name` required, `nick`
    /// nillable and required, `note` optional, `tag` repeated at least once,
    /// `list` a list wrapper, `pick` a required choice of `a` or `b`.
    #[derive(Debug, Default, PartialEq)]
    struct Person {
        name: String,
        nick: Option<String>,
        note: Option<String>,
        tag: Vec<String>,
        list: Vec<String>,
        pick: Pick,
    }

    #[derive(Debug, Default, PartialEq)]
    enum Pick {
        #[default]
        Unset,
        A(String),
        B(Option<String>),
    }

    const TABLE: FieldTable = FieldTable {
        names: &["name", "nick", "note", "tag", "list", "a", "b"],
        namespaces: &["urn:p"],
        required: &["name", "nick", "a|b"],
    };

    impl Fields for Person {
        fn read_field<'a>(
            &mut self,
            r: &mut XmlReader<'a>,
            index: usize,
            el: &StartTag<'a>,
            seen: &mut [u64],
        ) -> Result<(), DecodeError> {
            match index {
                0 => r.field(&mut self.name, seen, 0, el),
                1 => r.field_nillable(&mut self.nick, seen, 1, el),
                2 => r.field_nillable(&mut self.note, seen, 3, el),
                3 => r.push(&mut self.tag, el),
                4 => r.field_list(&mut self.list, seen, 4, el),
                5 => r.field_variant(&mut self.pick, seen, 2, el, Pick::A),
                6 => r.field_variant_nillable(&mut self.pick, seen, 2, el, Pick::B),
                _ => r.unknown(el),
            }
        }
    }

    fn decode(children: &str, opts: DecodeOptions) -> Result<Person, DecodeError> {
        let xml = format!(r#"<p xmlns="urn:p" {XSI}>{children}</p>"#);
        let mut r = XmlReader::new(xml.as_bytes(), opts);
        let root = r.root()?;
        let mut value = Person::default();
        let mut seen = [0u64; 1];
        r.read_fields(&root, &TABLE, &mut value, &mut seen)?;
        check_at_least(value.tag.len(), 1, "tag")?;
        Ok(value)
    }

    fn kind(children: &str) -> DecodeErrorKind {
        decode(children, DecodeOptions::default()).unwrap_err().into_inner().kind
    }

    #[test]
    fn children_in_any_order_into_their_fields() {
        let all = "<name>Ann</name><nick>A</nick><note>n</note><tag>x</tag><tag>y</tag><list><i>1</i><i>2</i></list><a>z</a>";
        let want = Person {
            name: "Ann".into(),
            nick: Some("A".into()),
            note: Some("n".into()),
            tag: vec!["x".into(), "y".into()],
            list: vec!["1".into(), "2".into()],
            pick: Pick::A("z".into()),
        };
        assert_eq!(decode(all, DecodeOptions::default()).unwrap(), want);
        // Backwards, and a repeated element split by another: the table is
        // searched whole when the next entry is not the child.
        let shuffled = "<a>z</a><list><i>1</i><i>2</i></list><tag>x</tag><note>n</note><tag>y</tag><nick>A</nick><name>Ann</name>";
        assert_eq!(decode(shuffled, DecodeOptions::default()).unwrap(), want);
        // Nil where nillable; the other alternative, nil.
        let nil = r#"<name>Ann</name><nick i:nil="true"/><tag>x</tag><b i:nil="true"/>"#;
        let got = decode(nil, DecodeOptions::default()).unwrap();
        assert_eq!((got.nick, got.note, got.pick), (None, None, Pick::B(None)));
    }

    #[test]
    fn a_repeated_element_s_few_items_take_the_room_they_use() {
        // One or two items in room for two, three or four in room for as
        // many (Vec's own growth gives four to any of them), and from then
        // on the usual doubling.
        for n in 1..=9 {
            let tags: String = (0..n).map(|i| format!("<tag>{i}</tag>")).collect();
            let got =
                decode(&format!("<name>N</name><nick/>{tags}<a>z</a>"), DecodeOptions::default()).unwrap();
            assert_eq!(got.tag.len(), n);
            let room = match n {
                1 | 2 => 2,
                3 | 4 => n,
                _ => n.next_power_of_two(),
            };
            assert_eq!(got.tag.capacity(), room, "{n} items");
        }
    }

    #[test]
    fn missing_duplicate_and_unknown_children() {
        // The first required field missing, in field order.
        assert_eq!(kind("<tag>x</tag><a>z</a>"), DecodeErrorKind::Missing("name"));
        assert_eq!(kind("<name>N</name><tag>x</tag><a>z</a>"), DecodeErrorKind::Missing("nick"));
        assert_eq!(kind("<name>N</name><nick/><tag>x</tag>"), DecodeErrorKind::Missing("a|b"));
        assert_eq!(
            kind("<name>N</name><nick/><a>z</a>"),
            DecodeErrorKind::TooFew { name: "tag", min: 1, found: 0 }
        );
        // A second occurrence of a single field, even after a nil; a second
        // alternative of the choice; a second list.
        let dup = |extra: &str| kind(&format!("<name>N</name><nick/><tag>x</tag><a>z</a>{extra}"));
        assert_eq!(dup("<name>M</name>"), DecodeErrorKind::Duplicate("name".into()));
        assert_eq!(dup("<nick>B</nick>"), DecodeErrorKind::Duplicate("nick".into()));
        assert_eq!(dup("<b>y</b>"), DecodeErrorKind::Duplicate("b".into()));
        assert_eq!(dup("<list/><list/>"), DecodeErrorKind::Duplicate("list".into()));
        let nil_note = "<name>N</name><nick/><note i:nil=\"true\"/><note>again</note><tag>x</tag><a>z</a>";
        assert_eq!(kind(nil_note), DecodeErrorKind::Duplicate("note".into()));
        // A name not in the table, or in another namespace: unknown, which
        // the options decide about.
        assert_eq!(dup("<other/>"), DecodeErrorKind::UnknownElement("other".into()));
        assert_eq!(dup(r#"<name xmlns="urn:q"/>"#), DecodeErrorKind::UnknownElement("name".into()));
        let skip = DecodeOptions { unknown: UnknownElements::Skip, ..DecodeOptions::default() };
        let ok = decode("<name>N</name><nick/><other><x/></other><tag>x</tag><a>z</a>", skip).unwrap();
        assert_eq!(ok.name, "N");
    }

    #[test]
    fn errors_inside_a_field_name_it() {
        // A nil where the field is not nillable: refused, or read as empty.
        let children = "<name i:nil=\"true\"/><nick/><tag>x</tag><a>z</a>";
        assert_eq!(kind(children), DecodeErrorKind::Nil);
        let empty = DecodeOptions { nil_values: NilValues::AsEmpty, ..DecodeOptions::default() };
        assert_eq!(decode(children, empty).unwrap().name, "");
        let err =
            decode("<name><x/></name><nick/><tag>x</tag><a>z</a>", DecodeOptions::default()).unwrap_err();
        assert_eq!(err.path, ["name"]);
    }

    #[test]
    fn names_compare_as_strings_do() {
        let names: Vec<String> = (0..=20).map(|n| "abcdefghijklmnopqrstu"[..n].to_owned()).collect();
        for a in &names {
            for b in &names {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
                // The same length, one byte different at each place.
                for i in 0..a.len() {
                    let mut c = a.clone().into_bytes();
                    c[i] = b'#';
                    assert!(!same(a.as_bytes(), &c), "{a:?} at {i}");
                }
            }
        }
    }

    #[test]
    fn bits_past_the_first_word() {
        let mut seen = [0u64; 2];
        assert!(!mark(&mut seen, 70));
        assert!(mark(&mut seen, 70));
        assert_eq!(seen, [0, 1 << 6]);
        // Out of range: never seen, never a panic.
        assert!(!mark(&mut seen, 200));
        // 70 required fields: all of the first word and six bits of the
        // second must be set; the first unset one is named.
        let names: Vec<&'static str> =
            (0..70).map(|i| &*Box::leak(format!("f{i}").into_boxed_str())).collect();
        let first_missing = |seen: &[u64]| match check_required(seen, &names) {
            Ok(()) => None,
            Err(e) => match e.into_inner().kind {
                DecodeErrorKind::Missing(name) => Some(name),
                other => panic!("{other:?}"),
            },
        };
        assert_eq!(first_missing(&[u64::MAX, 0b11_1111]), None);
        assert_eq!(first_missing(&[u64::MAX, 0b10_1111]), Some("f68"));
        assert_eq!(first_missing(&[!(1 << 5), 0]), Some("f5"));
        // Bits past the required ones (optional fields) do not matter.
        assert_eq!(first_missing(&[u64::MAX, u64::MAX]), None);
        // A seen set shorter than the required fields: the rest missing.
        assert_eq!(first_missing(&[u64::MAX]), Some("f64"));
        assert_eq!(check_required(&[], &[]).ok(), Some(()));
    }
}
