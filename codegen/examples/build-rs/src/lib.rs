//! Using pbx-soap from a crate of your own: `build.rs` generates a typed
//! client from `wsdl/phonebook.wsdl` with `pbx_soap_codegen::Builder`, and
//! this module includes it. Warnings are denied, so generated code that
//! does not compile cleanly fails this crate's build. With this crate's
//! `server` feature the module also holds `PhoneBookPortServer`, the trait
//! a phone book service implements (see `tests/phonebook_server.rs`).
//!
//! ```no_run
//! use pbx_soap::rt::SoapClient;
//! use pbx_soap_example_build_rs::phonebook::{Dial, FindContacts, PhoneBookPort};
//!
//! # async fn demo() -> Result<(), pbx_soap::rt::Error> {
//! let soap = SoapClient::builder("https://pbx.example.com/soap/phonebook")
//!     .basic_auth("admin", "secret")
//!     .build()?;
//! let phonebook = PhoneBookPort::new(soap);
//! let found = phonebook.find_contacts(FindContacts { query: "Doe".into(), limit: Some(10) }).await?;
//! for contact in &found {
//!     println!("{}: {} ({})", contact.name, contact.number, contact.kind.as_str());
//! }
//! let call = phonebook.dial(Dial { from: "201".into(), to: "+4930123456".into() }).await?;
//! println!("call {call}");
//! # Ok(())
//! # }
//! ```
#![deny(warnings)]

/// The phone book client, generated at build time.
pub mod phonebook {
    include!(concat!(env!("OUT_DIR"), "/phonebook.rs"));
}
