//! What a struct read through the runtime's loop starts from
//! (`tests/xsd/starting_values.wsdl`): a type with required values that
//! have no default (an enumeration, a choice, a nillable choice, a type
//! holding those) starts from a hidden placeholder that never reaches the
//! caller: every required value is read from the wire or the decode fails
//! naming it. Two types that require each other have no finite value: they
//! derive no `Default` (it would recurse without end) and keep the slots.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::marker::PhantomData;

use pbx_soap::rt::{DecodeErrorKind, Name};
use pbx_soap_tests::schema::{decode, failure, round_trip};
use pbx_soap_tests::xsd::starting_values::*;

const NS: &str = "urn:pbx-soap:test:starting-values";

fn party(state: State, number: &str) -> Party {
    Party { state, number_or_uri: NumberOrUri::Number(number.to_owned()) }
}

fn calls() -> WatchResponse {
    WatchResponse {
        call: vec![
            Call {
                id: "c1".to_owned(),
                state: State::Ringing,
                from: party(State::Connected, "100"),
                queue_or_agent: QueueOrAgent::Queue(None),
                note: None,
                leg: vec![party(State::Ringing, "200")],
            },
            Call {
                id: "c2".to_owned(),
                state: State::Other("parked".to_owned()),
                from: Party { state: State::Ringing, number_or_uri: NumberOrUri::Uri("sip:a@b".to_owned()) },
                queue_or_agent: QueueOrAgent::Agent("anna".to_owned()),
                note: Some("vip".to_owned()),
                leg: vec![party(State::Connected, "300"), party(State::Ringing, "301")],
            },
        ],
    }
}

const FROM: &str = "<from><state>connected</state><number>100</number></from>";
const LEG: &str = "<leg><state>ringing</state><number>200</number></leg>";

/// A response holding one call with `children` (in this order).
fn one_call(children: &str) -> String {
    format!(
        r#"<WatchResponse xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><call id="c1">{children}</call></WatchResponse>"#
    )
}

fn watch_response(body: &str) -> Result<WatchResponse, pbx_soap::rt::DecodeError> {
    decode::<WatchResponse>(Name::qualified(NS, "WatchResponse"), body)
}

#[test]
fn every_required_value_comes_from_the_wire() {
    let (_, back) = round_trip(Name::qualified(NS, "WatchResponse"), &calls(), false);
    assert_eq!(back, calls());
    // Children in another order, the nil alternative, no optional note.
    let body = one_call(&format!(r#"{LEG}<queue xsi:nil="true"/>{FROM}<state>ringing</state>"#));
    assert_eq!(watch_response(&body).unwrap().call, calls().call[..1]);
}

#[test]
fn a_required_value_missing_fails_the_decode_naming_it() {
    let missing = |children: &str| failure(&watch_response(&one_call(children)).unwrap_err());
    let path = "/Body/WatchResponse/call[0]".to_owned();
    // The enumeration, the choice, a struct holding both, its own choice.
    let no_state = format!(r#"{FROM}<queue xsi:nil="true"/>{LEG}"#);
    assert_eq!(missing(&no_state), (DecodeErrorKind::Missing("state"), path.clone()));
    let no_choice = format!("<state>ringing</state>{FROM}{LEG}");
    assert_eq!(missing(&no_choice), (DecodeErrorKind::Missing("queue|agent"), path.clone()));
    let no_from = format!("<state>ringing</state><agent>a</agent>{LEG}");
    assert_eq!(missing(&no_from), (DecodeErrorKind::Missing("from"), path.clone()));
    let bare_from =
        format!("<state>ringing</state><from><state>connected</state></from><agent>a</agent>{LEG}");
    assert_eq!(missing(&bare_from), (DecodeErrorKind::Missing("number|uri"), format!("{path}/from")));
    let no_leg = format!("<state>ringing</state>{FROM}<agent>a</agent>");
    assert_eq!(missing(&no_leg), (DecodeErrorKind::TooFew { name: "leg", min: 1, found: 0 }, path.clone()));
    // Both alternatives of the choice: the second is a duplicate.
    let both = format!(r#"<state>ringing</state>{FROM}<agent>a</agent><queue xsi:nil="true"/>{LEG}"#);
    assert_eq!(missing(&both), (DecodeErrorKind::Duplicate("queue".to_owned()), path.clone()));
    // The required attribute, read before the children.
    let body =
        one_call(&format!("<state>ringing</state>{FROM}<agent>a</agent>{LEG}")).replace(r#" id="c1""#, "");
    assert_eq!(failure(&watch_response(&body).unwrap_err()).0, DecodeErrorKind::MissingAttribute("id"));
}

/// Whether `T` implements `Default`, told at the call site (method lookup
/// prefers the impl that needs no auto-ref).
struct Probe<T>(PhantomData<T>);
trait WithDefault {
    fn has_default(&self) -> bool {
        true
    }
}
impl<T: Default> WithDefault for Probe<T> {}
trait WithoutDefault {
    fn has_default(&self) -> bool {
        false
    }
}
impl<T> WithoutDefault for &Probe<T> {}

#[test]
// The borrow picks the fallback impl for a type without `Default`; for one
// with it, clippy sees the borrow as needless.
#[allow(clippy::needless_borrow)]
fn types_that_require_each_other_have_no_default_and_still_decode() {
    // A derived `Default` of either would call the other's without end.
    assert!(!(&Probe::<Ring>(PhantomData)).has_default());
    assert!(!(&Probe::<Back>(PhantomData)).has_default());
    assert!((&Probe::<Watch>(PhantomData)).has_default());
    // Required values without a default get none either.
    assert!(!(&Probe::<Call>(PhantomData)).has_default());
    // No document holds a finite ring: it ends in an error, however deep.
    let ring = |inner: &str| {
        decode::<Ring>(Name::qualified(NS, "Loop"), &format!(r#"<Loop xmlns="{NS}">{inner}</Loop>"#))
    };
    let err = ring("<next><label>a</label></next>").unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::Missing("ring"), "/Body/Loop/next".to_owned()));
    let deep = "<next><label>a</label><ring>".repeat(2_000);
    let err = ring(&deep).unwrap_err();
    assert!(matches!(err.kind, DecodeErrorKind::TooDeep(_)), "{err}");
}

#[test]
fn a_choice_whose_first_alternative_holds_it_starts_from_the_other() {
    // `Shape` holds a choice of another `Shape` or a label: its placeholder
    // takes the label (taking the first alternative, the two placeholders
    // would call each other until the stack overflowed).
    let watch = |shape: &str| {
        decode::<Watch>(Name::qualified(NS, "Watch"), &format!(r#"<Watch xmlns="{NS}">{shape}</Watch>"#))
    };
    let nested = watch("<shape><inner><inner><label>x</label></inner></inner></shape>").unwrap();
    let label = |l: &str| Shape { inner_or_label: InnerOrLabel::Label(l.to_owned()) };
    let boxed = |s: Shape| Shape { inner_or_label: InnerOrLabel::Inner(Box::new(s)) };
    assert_eq!(nested.shape, Some(boxed(boxed(label("x")))));
    let err = watch("<shape><inner/></shape>").unwrap_err();
    assert_eq!(
        failure(&err),
        (DecodeErrorKind::Missing("inner|label"), "/Body/Watch/shape/inner".to_owned())
    );
}
