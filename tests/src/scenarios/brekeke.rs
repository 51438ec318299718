//! Brekeke UserImpl: every operation with the values of
//! `tests/php/cases/brekeke.json`, answers checked against the same file.
//! PHP's SoapServer (`tests/php_brekeke.rs`), Axis (`tests/axis_brekeke.rs`)
//! and [`Peer`], the generated server trait answering from the same values
//! (`tests/server_brekeke.rs`), answer from it.

// Test assertions: failing loudly is what these functions are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::brekeke::*;
use pbx_soap::rt::server::{Server, SoapFault};
use pbx_soap::rt::{DecodeErrorKind, Error, Fault, Name, NilValues, SoapClient};

use super::Served;
use crate::interop::TRICKY as T;

fn s(v: &str) -> String {
    v.to_owned()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| s(x)).collect()
}

fn names() -> Vec<String> {
    (0..200).map(|i| format!("p{i:03}")).collect()
}

fn values() -> Vec<String> {
    (0..200).map(|i| format!("v{i:03}")).collect()
}

/// The fault of deleteUser for an unknown user: a Java exception as Axis
/// reports it, with the case's detail as the host name element Axis adds
/// (Axis's own client cannot read a detail of bare text).
fn no_such_user() -> SoapFault {
    SoapFault::server("java.lang.IllegalArgumentException: no such user: 4099")
        .with_subcode("userException")
        .with_detail(Name::qualified(AXIS_NS, "hostname"), "pbx01")
}

/// The namespace of the detail elements Axis writes.
pub const AXIS_NS: &str = "http://xml.apache.org/axis/";

/// Calls every operation and checks each answer; returns the fault of the
/// call the cases make fail (deleteUser of an unknown user), whose detail
/// each peer writes its own way.
pub async fn every_operation(pbx: &UserImpl) -> Fault {
    // The vendor's sample.
    let answer =
        pbx.call_control(s("4005"), s("4005"), vec![s("4007")], s(CallType::CallerFirst.as_str())).await;
    assert_eq!(answer.unwrap(), "succeeded: 1234");
    assert_eq!(pbx.get_user_property_names().await.unwrap(), strings(&["name", "email", "pin", T]));
    let got = pbx.get_user_properties(s("4005"), strings(&["name", "email", ""])).await.unwrap();
    assert_eq!(got, strings(&[T, "", "ann@example.com"]));
    pbx.set_user_properties(s("4005"), names(), values()).await.unwrap();
    assert_eq!(pbx.get_user_property(s(T), s("")).await.unwrap(), "");
    pbx.set_user_property(s("4005"), s("name"), s(T)).await.unwrap();
    assert!(pbx.create_user(s("4010"), s(T)).await.unwrap());
    assert!(!pbx.create_user2(s("4011")).await.unwrap());
    assert!(pbx.delete_user(s("4010")).await.unwrap());

    // Arrays: several items with markup, non-ASCII and an empty string;
    // none at all.
    let answer = pbx.call_control(s("4005"), s(T), strings(&[T, "4008", ""]), s("1")).await;
    assert_eq!(answer.unwrap(), "succeeded: 1235");
    assert_eq!(pbx.get_user_properties(s("4006"), vec![]).await.unwrap(), Vec::<String>::new());

    // A Java exception.
    let err = pbx.delete_user(s("4099")).await.unwrap_err();
    let fault = err.fault().expect("a fault").clone();
    assert_eq!(fault.code_local(), "Server.userException");
    assert_eq!(fault.string, "java.lang.IllegalArgumentException: no such user: 4099");
    fault
}

/// A null: a property without a value (Java's null, xsi:nil on the wire)
/// does not fit the String the WSDL's part maps to, and says so; a client
/// set to read such nils as empty (`NilValues::AsEmpty`) gets an empty
/// string, and other answers read as before. (Peers that answer a Java
/// null: PHP and Axis; the typed server cannot send it.)
pub async fn a_null_property(pbx: &UserImpl) {
    let err = pbx.get_user_property(s("4005"), s("pin")).await.unwrap_err();
    let Error::Decode { source, .. } = &err else { panic!("not a decode error: {err}") };
    assert_eq!(source.kind, DecodeErrorKind::Nil, "{err}");
    assert_eq!(source.path.last().map(String::as_str), Some("getUserPropertyReturn"), "{err}");

    let client = SoapClient::builder(pbx.client().endpoint()).nil_values(NilValues::AsEmpty).build().unwrap();
    let lenient = UserImpl::new(client);
    assert_eq!(lenient.get_user_property(s("4005"), s("pin")).await.unwrap(), "");
    assert_eq!(lenient.get_user_property_names().await.unwrap(), strings(&["name", "email", "pin", T]));
}

/// UserImpl answering from the cases' values.
#[derive(Debug, Clone, Default)]
pub struct Peer {
    pub served: Served,
}

impl Peer {
    /// A server on 127.0.0.1 with the service at `/pbx/services/UserImpl`.
    pub async fn serve(&self) -> pbx_soap::rt::server::RunningServer {
        Server::builder().service(self.clone().into_service()).bind("127.0.0.1:0").await.unwrap()
    }
}

impl UserImplServer for Peer {
    async fn call_control(
        &self,
        in0: String,
        in1: String,
        in2: Vec<String>,
        in3: String,
    ) -> Result<String, SoapFault> {
        self.served.reply(
            (in0, in1, in2, in3),
            [
                ((s("4005"), s("4005"), strings(&["4007"]), s("2")), Ok(s("succeeded: 1234"))),
                ((s("4005"), s(T), strings(&[T, "4008", ""]), s("1")), Ok(s("succeeded: 1235"))),
            ],
        )
    }

    async fn get_user_property_names(&self) -> Result<Vec<String>, SoapFault> {
        self.served.reply((), [((), Ok(strings(&["name", "email", "pin", T])))])
    }

    async fn get_user_properties(&self, in0: String, in1: Vec<String>) -> Result<Vec<String>, SoapFault> {
        self.served.reply(
            (in0, in1),
            [
                ((s("4005"), strings(&["name", "email", ""])), Ok(strings(&[T, "", "ann@example.com"]))),
                ((s("4006"), vec![]), Ok(vec![])),
            ],
        )
    }

    async fn set_user_properties(
        &self,
        in0: String,
        in1: Vec<String>,
        in2: Vec<String>,
    ) -> Result<(), SoapFault> {
        self.served.reply((in0, in1, in2), [((s("4005"), names(), values()), Ok(()))])
    }

    async fn get_user_property(&self, in0: String, in1: String) -> Result<String, SoapFault> {
        // The "pin" case's null has no String to be: see the case's
        // server_differs.
        let null = SoapFault::server(
            "property pin has no value (null), which the required string part cannot carry",
        );
        self.served.reply((in0, in1), [((s(T), s("")), Ok(s(""))), ((s("4005"), s("pin")), Err(null))])
    }

    async fn set_user_property(&self, in0: String, in1: String, in2: String) -> Result<(), SoapFault> {
        self.served.reply((in0, in1, in2), [((s("4005"), s("name"), s(T)), Ok(()))])
    }

    async fn create_user(&self, in0: String, in1: String) -> Result<bool, SoapFault> {
        self.served.reply((in0, in1), [((s("4010"), s(T)), Ok(true))])
    }

    async fn create_user2(&self, in0: String) -> Result<bool, SoapFault> {
        self.served.reply(in0, [(s("4011"), Ok(false))])
    }

    async fn delete_user(&self, in0: String) -> Result<bool, SoapFault> {
        self.served.reply(in0, [(s("4010"), Ok(true)), (s("4099"), Err(no_such_user()))])
    }
}
