//! Round-trip properties of every generated type of every vendor module and
//! of the XML Schema case modules: a value sent as a request body reads
//! back as the same value, literal and SOAP-encoded; a value holding a
//! character XML 1.0 cannot carry, or an `xsd:list` item that is empty or
//! holds whitespace, is an encode error naming it, never something sent.
//!
//! Values come from `rt::Sample` (cargo feature `sample` of `pbx-soap`),
//! which the generator implements for every type, seeded so every run
//! draws the same values; each module's `visit_types` hands over every
//! type, so a new type is covered without being named here. A failure
//! prints the type, mode and case, the value and the XML sent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::fmt::Debug;

use pbx_soap::rt::{
    self, DecodeOptions, FromXml, Name, Operation, Sample, Sampler, SoapVersion, ToXml, TypeVisitor,
};

/// Values drawn per type and mode; `PBX_SOAP_PROPERTY_CASES` sets another
/// number for a longer run.
fn cases() -> usize {
    std::env::var("PBX_SOAP_PROPERTY_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(120)
}

/// Mixed into every seed: `PBX_SOAP_PROPERTY_SEED` draws other values.
fn seed_base() -> u64 {
    std::env::var("PBX_SOAP_PROPERTY_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(0)
}
/// Failures shown in full per run (the rest are counted).
const SHOWN: usize = 12;

/// Characters XML 1.0 cannot carry (production `Char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    types: usize,
    round_trips: usize,
    refused: usize,
    too_deep: usize,
}

#[derive(Default)]
struct RoundTrip {
    module: &'static str,
    encoded: bool,
    counts: BTreeMap<(&'static str, bool), Counts>,
    /// Types with fewer round trips than half their cases.
    thin: Vec<String>,
    failures: Vec<String>,
}

impl RoundTrip {
    fn fail(&mut self, what: String) {
        self.failures.push(what);
    }
}

/// Types no document can hold (their required fields lead back to
/// themselves), with their module: every sample of them gives up.
const NO_FINITE_VALUE: &[(&str, &str)] = &[("starting_values", "Ring"), ("starting_values", "Back")];

/// A seed per module, type and mode, stable across runs and platforms.
fn seed(module: &str, rust: &str, encoded: bool) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed_base();
    for b in module.bytes().chain([0]).chain(rust.bytes()).chain([u8::from(encoded)]) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl TypeVisitor for RoundTrip {
    fn visit<T: Sample + ToXml + FromXml + Debug>(&mut self, rust: &'static str, element: Name) {
        let op = Operation {
            name: rust,
            soap_action: "",
            input: Some(element),
            output: Some(element),
            encoded: self.encoded,
            version: SoapVersion::Soap11,
        };
        let mode = if self.encoded { "encoded" } else { "literal" };
        let mut sampler = Sampler::new(seed(self.module, rust, self.encoded));
        let mut counts = Counts { types: 1, ..Counts::default() };
        let cases = cases();
        for case in 0..cases {
            let Some(value) = T::sample(&mut sampler) else {
                counts.too_deep += 1;
                continue;
            };
            let at = format!("{}::{rust} ({mode}, case {case})", self.module);
            // Secrets in clear: the comparison must see every field's value.
            let shown = rt::with_secrets_in_clear(|| format!("{value:?}"));
            let bytes = match rt::write_request(&op, &value) {
                Ok(bytes) => bytes,
                Err(e) => {
                    counts.refused += 1;
                    if let Some(problem) = unexplained_refusal(&e.to_string(), &shown) {
                        self.fail(format!("{at}: {problem}\n  value: {shown}"));
                    }
                    continue;
                }
            };
            let xml = String::from_utf8_lossy(&bytes).into_owned();
            if let Some(&c) = shown_forbidden(&shown).first() {
                self.fail(format!("{at}: sent U+{:04X}, which XML 1.0 cannot carry\n  xml: {xml}", c as u32));
                continue;
            }
            let back: T = match rt::read_response(&bytes, &op, &DecodeOptions::default()) {
                Ok(back) => back,
                Err(e) => {
                    self.fail(format!("{at}: does not read back: {e}\n  value: {shown}\n  xml: {xml}"));
                    continue;
                }
            };
            // Debug text compares structurally and takes NaN as equal to
            // itself (and -0 as different from 0).
            let back_shown = rt::with_secrets_in_clear(|| format!("{back:?}"));
            if back_shown != shown {
                self.fail(format!(
                    "{at}: reads back different\n  sent: {shown}\n  read: {back_shown}\n  xml: {xml}"
                ));
                continue;
            }
            match rt::write_request(&op, &back) {
                Ok(again) if again == bytes => counts.round_trips += 1,
                Ok(again) => self.fail(format!(
                    "{at}: written again differently\n  first:  {xml}\n  second: {}",
                    String::from_utf8_lossy(&again)
                )),
                Err(e) => self.fail(format!("{at}: the value read back does not encode: {e}")),
            }
        }
        // A type with no finite value gives no sample at all; any other
        // must round-trip in most cases for the property to say something.
        let uninhabited = NO_FINITE_VALUE.contains(&(self.module.trim_end_matches("_compact"), rust));
        let thin = if uninhabited { counts.too_deep != cases } else { counts.round_trips * 2 < cases };
        if thin {
            self.thin.push(format!("{}::{rust} ({mode}): {counts:?}", self.module));
        }
        let total = self.counts.entry((self.module, self.encoded)).or_default();
        total.types += counts.types;
        total.round_trips += counts.round_trips;
        total.refused += counts.refused;
        total.too_deep += counts.too_deep;
    }
}

/// The characters XML 1.0 cannot carry that the Debug text of a value
/// shows (escaped, as `\u{1}` or `\0`; a backslash shows as `\\`).
fn shown_forbidden(shown: &str) -> Vec<char> {
    let mut found = Vec::new();
    let mut chars = shown.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            continue;
        }
        match chars.next() {
            Some('0') => found.push('\0'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                found.extend(c.filter(|&c| !is_xml_char(c)));
            }
            _ => {}
        }
    }
    found
}

/// Why an encode error is not one expected: it must name a character XML
/// 1.0 cannot carry that the value holds, or an `xsd:list` item of the
/// value that is empty or holds whitespace.
fn unexplained_refusal(message: &str, shown: &str) -> Option<String> {
    if let Some(rest) = message.split("list item ").nth(1) {
        let item = rest.split(" in <").next().unwrap_or_default();
        let splits = item == "\"\"" || [" ", "\\t", "\\n", "\\r"].iter().any(|w| item.contains(w));
        return match (splits, shown.contains(item)) {
            (true, true) => None,
            _ => Some(format!("refused a list item that can be sent or is not the value's: {message}")),
        };
    }
    let Some(hex) =
        message.split("U+").nth(1).map(|r| r.chars().take_while(char::is_ascii_hexdigit).collect::<String>())
    else {
        return Some(format!("refused for another reason: {message}"));
    };
    let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) else {
        return Some(format!("refused naming no character: {message}"));
    };
    if is_xml_char(c) {
        return Some(format!("refused a character XML 1.0 can carry: {message}"));
    }
    if !shown_forbidden(shown).contains(&c) {
        return Some(format!("refused U+{:04X}, which the value does not hold: {message}", c as u32));
    }
    None
}

fn run(visit: impl Fn(&mut RoundTrip)) -> RoundTrip {
    let mut rt = RoundTrip::default();
    for encoded in [false, true] {
        rt.encoded = encoded;
        visit(&mut rt);
    }
    rt
}

fn report(rt: &RoundTrip) {
    for ((module, encoded), c) in &rt.counts {
        let mode = if *encoded { "encoded" } else { "literal" };
        println!(
            "{module} {mode}: {} types, {} round trips, {} refused (forbidden character or list item), {} too deep",
            c.types, c.round_trips, c.refused, c.too_deep
        );
    }
    // Per type, mode and kind of failure: how many cases.
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for f in &rt.failures {
        let head = f.lines().next().unwrap_or_default();
        let key = match (head.find(", case "), head.find("): ")) {
            (Some(a), Some(b)) => format!("{}{}", &head[..a], &head[b..]),
            _ => head.to_owned(),
        };
        *kinds.entry(key).or_default() += 1;
    }
    let shown: Vec<&String> = rt.failures.iter().take(SHOWN).collect();
    assert!(
        rt.failures.is_empty(),
        "{} failures:\n{}\nthe first ones:\n\n{}",
        rt.failures.len(),
        kinds.iter().map(|(k, n)| format!("{n:5} {k}\n")).collect::<String>(),
        shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n\n")
    );
    assert!(rt.thin.is_empty(), "types that rarely round-trip (the property says little): {:#?}", rt.thin);
    // The forbidden-character path was taken: the check above means something.
    assert!(rt.counts.values().any(|c| c.refused > 0), "no value held a forbidden character");
}

/// One test per vendor module.
macro_rules! vendor {
    ($($test:ident: $module:ident),* $(,)?) => {$(
        #[test]
        fn $test() {
            let rt = run(|rt| {
                rt.module = stringify!($module);
                pbx_soap::$module::visit_types(rt);
            });
            report(&rt);
        }
    )*};
}

vendor! {
    sipxconfig_types_round_trip: sipxconfig,
    innovaphone_types_round_trip: innovaphone,
    brekeke_types_round_trip: brekeke,
    monema_types_round_trip: monema,
}

#[test]
fn schema_case_types_round_trip() {
    let rt = run(|rt| pbx_soap_tests::xsd::visit_types(rt, |rt, module| rt.module = module));
    report(&rt);
}
