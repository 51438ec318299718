//! The Brekeke UserImpl calls of the interoperability tests: every
//! operation with the values of `tests/php/cases/brekeke.json`, answers
//! checked against the same file. PHP's SoapServer
//! (`tests/php_brekeke.rs`) and Axis (`tests/axis_brekeke.rs`) both answer
//! from it.

// Test assertions: failing loudly is what these functions are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::brekeke::*;
use pbx_soap::rt::{DecodeErrorKind, Error, Fault};

use crate::interop::TRICKY as T;

fn s(v: &str) -> String {
    v.to_owned()
}

/// Calls every operation and checks each answer; returns the fault of the
/// call the cases make fail (deleteUser of an unknown user), whose detail
/// each peer writes its own way.
pub async fn every_operation(pbx: &UserImpl) -> Fault {
    // The vendor's sample.
    let answer =
        pbx.call_control(s("4005"), s("4005"), vec![s("4007")], s(CallType::CallerFirst.as_str())).await;
    assert_eq!(answer.unwrap(), "succeeded: 1234");
    assert_eq!(pbx.get_user_property_names().await.unwrap(), [s("name"), s("email"), s("pin"), s(T)]);
    let values = pbx.get_user_properties(s("4005"), vec![s("name"), s("email"), s("")]).await.unwrap();
    assert_eq!(values, [s(T), s(""), s("ann@example.com")]);
    let names: Vec<String> = (0..200).map(|i| format!("p{i:03}")).collect();
    let values: Vec<String> = (0..200).map(|i| format!("v{i:03}")).collect();
    pbx.set_user_properties(s("4005"), names, values).await.unwrap();
    assert_eq!(pbx.get_user_property(s(T), s("")).await.unwrap(), "");
    pbx.set_user_property(s("4005"), s("name"), s(T)).await.unwrap();
    assert!(pbx.create_user(s("4010"), s(T)).await.unwrap());
    assert!(!pbx.create_user2(s("4011")).await.unwrap());
    assert!(pbx.delete_user(s("4010")).await.unwrap());

    // Arrays: several items with markup, non-ASCII and an empty string;
    // none at all.
    let answer = pbx.call_control(s("4005"), s(T), vec![s(T), s("4008"), s("")], s("1")).await;
    assert_eq!(answer.unwrap(), "succeeded: 1235");
    assert_eq!(pbx.get_user_properties(s("4006"), vec![]).await.unwrap(), Vec::<String>::new());
    // A null: a property without a value (Java's null, xsi:nil on the
    // wire) does not fit the String the WSDL's part maps to, and says so.
    let err = pbx.get_user_property(s("4005"), s("pin")).await.unwrap_err();
    let Error::Decode { source, .. } = &err else { panic!("not a decode error: {err}") };
    assert_eq!(source.kind, DecodeErrorKind::Nil, "{err}");
    assert_eq!(source.path.last().map(String::as_str), Some("getUserPropertyReturn"), "{err}");

    // A Java exception.
    let err = pbx.delete_user(s("4099")).await.unwrap_err();
    let fault = err.fault().expect("a fault").clone();
    assert_eq!(fault.code_local(), "Server.userException");
    assert_eq!(fault.string, "java.lang.IllegalArgumentException: no such user: 4099");
    fault
}
