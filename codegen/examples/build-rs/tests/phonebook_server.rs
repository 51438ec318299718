//! The server side `build.rs` generates (with this crate's `server`
//! feature): a phone book service implementing the generated trait, served
//! by `pbx_soap::rt::server` on 127.0.0.1 and called by the generated
//! client.

#![cfg(feature = "server")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::SoapClient;
use pbx_soap::rt::server::{Server, SoapFault};
use pbx_soap_example_build_rs::phonebook::{
    Contact, Dial, FindContacts, NumberKind, PhoneBookPort, PhoneBookPortServer,
};

/// A phone book of two contacts.
struct Book;

fn contacts() -> Vec<Contact> {
    vec![
        Contact {
            name: "Jane Doe".into(),
            number: "+4930123456".into(),
            kind: NumberKind::Office,
            extension: Some(201),
        },
        Contact {
            name: "John Roe".into(),
            number: "+491701234567".into(),
            kind: NumberKind::Mobile,
            extension: None,
        },
    ]
}

impl PhoneBookPortServer for Book {
    async fn find_contacts(&self, request: FindContacts) -> Result<Vec<Contact>, SoapFault> {
        let limit = request.limit.map_or(usize::MAX, |l| l as usize);
        let found = contacts()
            .into_iter()
            .filter(|c| c.name.contains(&request.query) || c.number.contains(&request.query));
        Ok(found.take(limit).collect())
    }

    async fn dial(&self, request: Dial) -> Result<String, SoapFault> {
        if request.to.is_empty() {
            return Err(SoapFault::client("nothing to dial"));
        }
        Ok(format!("call {}->{}", request.from, request.to))
    }
}

#[tokio::test]
async fn the_generated_client_against_the_generated_service() {
    let server = Server::builder().service(Book.into_service()).bind("127.0.0.1:0").await.unwrap();
    // Mounted at the path of the WSDL's soap:address.
    let url = server.endpoint("PhoneBookPort").unwrap();
    assert!(url.ends_with("/soap/phonebook"), "{url}");
    let phonebook = PhoneBookPort::new(SoapClient::new(url).unwrap());
    let found = phonebook.find_contacts(FindContacts { query: "Doe".into(), limit: Some(5) }).await.unwrap();
    assert_eq!(found, contacts()[..1]);
    let all = phonebook.find_contacts(FindContacts { query: "+49".into(), limit: None }).await.unwrap();
    assert_eq!(all, contacts());
    let call = phonebook.dial(Dial { from: "201".into(), to: "+4930123456".into() }).await.unwrap();
    assert_eq!(call, "call 201->+4930123456");
    let err = phonebook.dial(Dial { from: "201".into(), to: String::new() }).await.unwrap_err();
    assert_eq!(err.fault().map(|f| (f.code_local(), f.string.as_str())), Some(("Client", "nothing to dial")));
    server.shutdown().await;
}
