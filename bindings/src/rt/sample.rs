//! Seeded, deterministic generation of values for property tests (cargo
//! feature `sample`): every generated type implements [`Sample`], and each
//! generated module has a `visit_types` function handing every type that is
//! one element's value to a [`TypeVisitor`], so a test covers all of them
//! without listing any.
//!
//! The values are biased toward what breaks XML: strings of markup
//! characters (`<&>"'`, `]]>`), line ends and tabs, leading and trailing
//! spaces, non-ASCII and astral characters, empty strings, and now and then
//! a character XML 1.0 cannot carry (which the encoder must refuse);
//! integers at their limits; floats `NaN`, `±INF`, `-0`, subnormals and
//! random bit patterns.
//!
//! Only canonical values are made, those a decoder can give back: an
//! optional attribute with a schema default is always `Some` (absent reads
//! as the default), open content has no adjacent or layout-only text and
//! records no namespace bindings of its own (see [`AnyType::namespaces`]),
//! and a repeated alternative of a choice has an item (an empty one writes
//! nothing to tell it by).

use std::fmt::Debug;

use super::Name;
use super::any::{AnyAttribute, AnyElement, AnyNode, AnyType, XmlName};
use super::lexical::{HexBinary, Integer};
use super::read::FromXml;
use super::simple::SimpleValue;
use super::write::ToXml;

/// Optional and repeated content below this nesting depth is left out, so
/// recursive types stay small.
const MAX_DEPTH: u32 = 4;
/// A required recursion this deep gives up the value (see [`Sample`]).
const GIVE_UP: u32 = 24;
/// The namespace of the names open content is given: no schema declares
/// elements or attributes in it, so they cannot be mistaken for declared
/// ones.
pub const SAMPLE_NS: &str = "urn:pbx-soap:sample";

/// A value made from a [`Sampler`].
pub trait Sample: Sized {
    /// A value; `None` only when a required recursion went too deep (the
    /// caller draws another).
    fn sample(s: &mut Sampler) -> Option<Self>;

    /// Whether `next`, written right after `self` (in a repeated model
    /// group), reads back as a value of its own: two alternatives of a
    /// choice that are the same repeated element read back as one.
    fn separable(&self, _next: &Self) -> bool {
        true
    }
}

/// Receives every type of a generated module that is one element's value
/// (`ToXml` and `FromXml`), with the element name to send it as.
pub trait TypeVisitor {
    /// One type; `rust` is its name in the module.
    fn visit<T: Sample + ToXml + FromXml + Debug>(&mut self, rust: &'static str, element: Name);
}

/// A seeded pseudo-random source (SplitMix64) and the nesting depth.
#[derive(Debug, Clone)]
pub struct Sampler {
    state: u64,
    depth: u32,
}

/// Pieces strings are made of: markup, line ends, spaces, non-ASCII.
const PIECES: &[&str] = &[
    "<",
    ">",
    "&",
    "\"",
    "'",
    "]]>",
    "<![CDATA[",
    "&amp;",
    "&#13;",
    "--",
    "?>",
    "\r",
    "\n",
    "\r\n",
    "\t",
    " ",
    "  ",
    "a",
    "Z",
    "0",
    "-",
    ":",
    "=",
    "/",
    "\u{e9}",
    "\u{fc}",
    "\u{a0}",
    "\u{85}",
    "\u{2028}",
    "\u{65e5}\u{672c}",
    "\u{1F4DE}",
    "\u{FFFD}",
    "\u{E000}",
    "\u{10FFFF}",
    "\u{7F}",
    "x y",
    "\\",
    "%",
    "#",
];
/// Characters XML 1.0 cannot carry.
const FORBIDDEN: &[char] = &['\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'];

impl Sampler {
    /// A sampler whose values depend on `seed` only.
    pub fn new(seed: u64) -> Self {
        Sampler { state: seed, depth: 0 }
    }

    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.bits() % n as u64) as usize
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A string biased toward what XML must escape (see the module docs).
    pub fn string(&mut self) -> String {
        let mut out = String::new();
        if self.one_in(6) {
            return out;
        }
        let pieces = 1 + self.below(8);
        for _ in 0..pieces {
            match self.below(10) {
                0..=5 => out.push_str(PIECES[self.below(PIECES.len())]),
                6 | 7 => out.push(char::from(b'a' + self.below(26) as u8)),
                // Any character but the surrogates, which `char` cannot hold.
                _ => out.push(char::from_u32(self.bits() as u32 % 0x11_0000).unwrap_or('\u{D7FF}')),
            }
        }
        if self.one_in(8) {
            out.insert(0, ' ');
        }
        if self.one_in(8) {
            out.push(' ');
        }
        if self.one_in(150) {
            let bad = FORBIDDEN[self.below(FORBIDDEN.len())];
            let at = out.char_indices().map(|(i, _)| i).nth(self.below(out.chars().count() + 1));
            out.insert(at.unwrap_or(out.len()), bad);
        }
        out
    }

    /// Text for open content: as [`Sampler::string`] without `:`, so no
    /// text reads as a `prefix:name` the decoder would record a binding
    /// for.
    fn open_text(&mut self) -> String {
        self.string().replace(':', ".")
    }

    /// `min` or more items (at most `min + 3`; `min` when deep), each
    /// [`Sample::separable`] from the one before.
    pub fn repeated<T: Sample>(&mut self, min: u32) -> Option<Vec<T>> {
        self.repeated_with(min, T::sample)
    }

    /// As [`Sampler::repeated`], each item drawn by `draw`.
    pub fn repeated_with<T: Sample>(
        &mut self,
        min: u32,
        mut draw: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let extra = if self.depth >= MAX_DEPTH { 0 } else { self.below(4) };
        self.nested(|s| {
            let mut items: Vec<T> = Vec::new();
            for _ in 0..min as usize + extra {
                let mut tries = 0;
                let item = loop {
                    let item = draw(s)?;
                    if items.last().is_none_or(|last| last.separable(&item)) {
                        break item;
                    }
                    tries += 1;
                    if tries == 8 {
                        return None;
                    }
                };
                items.push(item);
            }
            Some(items)
        })
    }

    /// An optional value drawn by `draw` (as `Option<T>`'s sample).
    pub fn option_with<T>(&mut self, draw: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.deep() || self.one_in(3) {
            return Some(None);
        }
        self.nested(draw).map(Some)
    }

    /// The items of an `xsd:list`. Items are told apart by whitespace, so
    /// an item that is empty or holds some cannot be sent (the encoder
    /// refuses it); one list in twenty keeps such items as drawn, the
    /// others draw again, so most lists can be sent.
    pub fn list<T: Sample + SimpleValue>(&mut self) -> Option<Vec<T>> {
        let keep_any = self.one_in(20);
        let count = if self.deep() { 0 } else { self.below(4) };
        self.nested(|s| {
            let mut items = Vec::new();
            for _ in 0..count {
                let mut item = T::sample(s)?;
                for _ in 0..16 {
                    let text = item.to_text();
                    if keep_any || !(text.is_empty() || text.contains([' ', '\t', '\n', '\r', '\u{C}'])) {
                        break;
                    }
                    item = T::sample(s)?;
                }
                items.push(item);
            }
            Some(items)
        })
    }

    /// Runs `f` one level deeper; `None` past [`GIVE_UP`].
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.depth >= GIVE_UP {
            return None;
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn deep(&self) -> bool {
        self.depth >= MAX_DEPTH
    }

    /// Mixed content as a decoder gives it back: no two texts in a row, no
    /// empty text, and no whitespace-only text beside elements.
    pub fn mixed(&mut self) -> Option<Vec<AnyNode>> {
        let count = if self.deep() { 0 } else { self.below(4) };
        let mut nodes: Vec<AnyNode> = Vec::new();
        for _ in 0..count {
            let text_allowed = !matches!(nodes.last(), Some(AnyNode::Text(_)));
            if text_allowed && self.one_in(2) {
                let text = self.open_text();
                if !text.is_empty() {
                    nodes.push(AnyNode::Text(text));
                }
            } else {
                nodes.push(AnyNode::Element(self.nested(AnyElement::sample)?));
            }
        }
        if nodes.iter().any(|n| matches!(n, AnyNode::Element(_))) {
            nodes.retain(|n| !matches!(n, AnyNode::Text(t) if t.trim().is_empty()));
        }
        Some(nodes)
    }

    /// Attributes for an `anyAttribute`: distinct names in [`SAMPLE_NS`].
    pub fn any_attributes(&mut self) -> Option<Vec<AnyAttribute>> {
        let count = self.below(3);
        Some(
            (0..count)
                .map(|i| AnyAttribute {
                    name: XmlName::qualified(SAMPLE_NS, &format!("a{i}")),
                    value: self.open_text(),
                })
                .collect(),
        )
    }
}

impl<T: Sample> Sample for Option<T> {
    fn sample(s: &mut Sampler) -> Option<Self> {
        s.option_with(T::sample)
    }
}

impl<T: Sample> Sample for Vec<T> {
    fn sample(s: &mut Sampler) -> Option<Self> {
        s.repeated(0)
    }
}

impl<T: Sample> Sample for Box<T> {
    fn sample(s: &mut Sampler) -> Option<Self> {
        s.nested(T::sample).map(Box::new)
    }

    fn separable(&self, next: &Self) -> bool {
        (**self).separable(next)
    }
}

impl Sample for String {
    fn sample(s: &mut Sampler) -> Option<Self> {
        Some(s.string())
    }
}

impl Sample for bool {
    fn sample(s: &mut Sampler) -> Option<Self> {
        Some(s.one_in(2))
    }
}

macro_rules! sample_int {
    ($($ty:ty),*) => {$(
        impl Sample for $ty {
            fn sample(s: &mut Sampler) -> Option<Self> {
                const EDGES: [$ty; 5] = [<$ty>::MIN, <$ty>::MAX, 0, <$ty>::MIN.wrapping_add(1), <$ty>::MAX - 1];
                Some(if s.one_in(2) { EDGES[s.below(EDGES.len())] } else { s.bits() as $ty })
            }
        }
    )*};
}

sample_int!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! sample_float {
    ($($ty:ty => $bits:ty),*) => {$(
        impl Sample for $ty {
            fn sample(s: &mut Sampler) -> Option<Self> {
                const EDGES: [$ty; 10] = [
                    <$ty>::NAN, <$ty>::INFINITY, <$ty>::NEG_INFINITY, 0.0, -0.0, <$ty>::MIN_POSITIVE,
                    <$ty>::MAX, <$ty>::MIN, <$ty>::EPSILON, 0.1,
                ];
                Some(match s.below(3) {
                    0 => EDGES[s.below(EDGES.len())],
                    1 => <$ty>::from_bits(s.bits() as $bits),
                    _ => (s.bits() % 2_000_001) as $ty / 1000.0 - 1000.0,
                })
            }
        }
    )*};
}

sample_float!(f32 => u32, f64 => u64);

impl Sample for Integer {
    fn sample(s: &mut Sampler) -> Option<Self> {
        let text = match s.below(3) {
            0 => [
                "0",
                "-1",
                "18446744073709551616",
                "-9223372036854775809",
                "170141183460469231731687303715884105728",
            ][s.below(5)]
            .to_owned(),
            1 => (s.bits() as i64).to_string(),
            _ => {
                let sign = if s.one_in(2) { "-" } else { "" };
                let digits: String =
                    (0..1 + s.below(60)).map(|_| char::from(b'0' + s.below(10) as u8)).collect();
                format!("{sign}{digits}")
            }
        };
        text.parse().ok()
    }
}

impl Sample for HexBinary {
    fn sample(s: &mut Sampler) -> Option<Self> {
        Vec::<u8>::sample(s).map(HexBinary)
    }
}

impl Sample for AnyElement {
    fn sample(s: &mut Sampler) -> Option<Self> {
        let name = match s.below(3) {
            0 => XmlName::local(&format!("e{}", s.below(3))),
            _ => XmlName::qualified(SAMPLE_NS, &format!("e{}", s.below(3))),
        };
        Some(AnyElement { name, value: AnyType::sample(s)? })
    }
}

impl Sample for AnyType {
    fn sample(s: &mut Sampler) -> Option<Self> {
        Some(AnyType { attributes: s.any_attributes()?, children: s.mixed()?, namespaces: Vec::new() })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_values() {
        let draw = |seed| {
            let mut s = Sampler::new(seed);
            (0..50).map(|_| (s.string(), i64::sample(&mut s), AnyType::sample(&mut s))).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }

    #[test]
    fn strings_lean_toward_markup_and_sometimes_hold_forbidden_characters() {
        let mut s = Sampler::new(1);
        let strings: Vec<String> = (0..3000).map(|_| s.string()).collect();
        let count = |f: &dyn Fn(&str) -> bool| strings.iter().filter(|t| f(t)).count();
        assert!(count(&|t| t.is_empty()) > 300);
        assert!(count(&|t| t.contains(['<', '&'])) > 600);
        assert!(count(&|t| t.contains('\r')) > 150);
        assert!(count(&|t| t.starts_with(' ') || t.ends_with(' ')) > 300);
        assert!(count(&|t| !t.is_ascii()) > 1000);
        let forbidden = count(&|t| t.contains(FORBIDDEN));
        assert!((5..100).contains(&forbidden), "{forbidden}");
    }

    #[test]
    fn integers_reach_their_limits() {
        let mut s = Sampler::new(2);
        let values: Vec<i32> = (0..200).map(|_| i32::sample(&mut s).unwrap()).collect();
        assert!(values.contains(&i32::MIN) && values.contains(&i32::MAX));
    }
}
