//! Typed async SOAP clients for PBX APIs, generated from the vendors' WSDL
//! files, on a small SOAP 1.1 and 1.2 runtime.
//!
//! | vendor / API | module | cargo feature (default on) |
//! |---|---|---|
//! | sipXcom / sipXconfig configuration services | [`sipxconfig`] | `sipxconfig` |
//! | innovaphone PBX SOAP API (pbx10_00) | [`innovaphone`] | `innovaphone` |
//! | Brekeke PBX web service (UserImpl) | [`brekeke`] | `brekeke` |
//! | Monema hosted PBX client API | [`monema`] | `monema` |
//!
//! - [`rt`]: the hand-written runtime the generated code calls through one
//!   path (`::pbx_soap::rt`): envelopes, streaming XML encode/decode on
//!   quick-xml, typed faults, HTTP via reqwest, authentication.
//! - [`mock`] (feature `mock`): a simulated PBX per vendor for tests
//!   without one, served by the generated server side on `127.0.0.1`.
//! - One module per vendor, generated from the repository's
//!   `wsdl/<vendor>/` by `cargo xtask regen` and shipped as generated code,
//!   each behind its cargo feature.
//!
//! Every call returns `Result<_, `[`rt::Error`]`>`, which tells apart
//! transport failures, timeouts, HTTP statuses (401, redirects with their
//! `Location`, others with a body snippet), bodies that are not XML, SOAP
//! faults and decode errors (with the element path). Passwords and digest
//! state never appear in `Debug` output or logs.
//!
//! # Quick start: sipXconfig
//!
//! ```no_run
//! # #[cfg(feature = "sipxconfig")]
//! # mod demo {
//! use pbx_soap::rt::SoapClient;
//! use pbx_soap::sipxconfig::{UserSearch, UserService};
//!
//! # async fn demo() -> Result<(), pbx_soap::rt::Error> {
//! let soap = SoapClient::builder("https://sipx.example.com/sipxconfig/services/UserService")
//!     .basic_auth("superadmin", "secret")
//!     .build()?;
//! let users = UserService::new(soap);
//! let managers = users.find_user(UserSearch { by_group: Some("Managers".into()), ..Default::default() }).await?;
//! for user in &managers {
//!     println!("{} {:?}", user.user_name, user.last_name);
//! }
//! # Ok(())
//! # }
//! # }
//! ```
//!
//! # Quick start: innovaphone
//!
//! A [`innovaphone::Session`] runs `Initialize`, keeps its connection open
//! and sends `End` when closed; `events()` turns `Poll` into a stream.
//!
//! ```no_run
//! # #[cfg(feature = "innovaphone")]
//! # mod demo {
//! use futures_util::StreamExt as _;
//! use pbx_soap::innovaphone::{Event, PbxPort, Session};
//! use pbx_soap::rt::SoapClient;
//!
//! # async fn demo() -> Result<(), pbx_soap::rt::Error> {
//! let soap = SoapClient::builder("https://pbx.example.com/PBX0/user.soap")
//!     .digest_auth("API", "api-password")
//!     .build()?;
//! let session = Session::open(PbxPort::new(soap), "API", "my-app").await?;
//! let mut events = session.events();
//! while let Some(event) = events.next().await {
//!     if let Event::User(user) = event? {
//!         println!("{} registered: {}", user.cn, user.state == 1);
//!     }
//! }
//! drop(events);
//! session.end().await?;
//! # Ok(())
//! # }
//! # }
//! ```
//!
//! # Quick start: Brekeke
//!
//! ```no_run
//! # #[cfg(feature = "brekeke")]
//! # mod demo {
//! use pbx_soap::brekeke::{ClickToCall, UserImpl};
//! use pbx_soap::rt::SoapClient;
//!
//! # async fn demo() -> Result<(), pbx_soap::rt::Error> {
//! let pbx = UserImpl::new(SoapClient::new("http://pbx.example.com:8080/pbx/services/UserImpl")?);
//! // Click-to-call from extension 4005 to 4007 over the PBX's 3PCC URL.
//! let id = pbx.click_to_call(&ClickToCall::new("4005", "4007")).await?;
//! println!("call {id}");
//! # Ok(())
//! # }
//! # }
//! ```
//!
//! # Quick start: Monema
//!
//! ```no_run
//! # #[cfg(feature = "monema")]
//! # mod demo {
//! use pbx_soap::monema::Monema;
//! use pbx_soap::rt::SoapClient;
//!
//! # async fn demo() -> Result<(), pbx_soap::rt::Error> {
//! let soap = SoapClient::new("https://your-server/public_api/pb_tamtam_wsdl.php")?;
//! let monema = Monema::new(soap, "account-login", "account-password");
//! println!("credit: {}", monema.credit().await?);
//! # Ok(())
//! # }
//! # }
//! ```
//!
//! # Your own WSDL
//!
//! Generate a client for any other WSDL 1.1 service (document/literal,
//! rpc/literal, rpc/encoded) in your crate's `build.rs` with
//! `pbx_soap_codegen::Builder` (crate `pbx-soap-codegen`), and include it:
//!
//! ```ignore
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     pbx_soap_codegen::Builder::new().wsdl("wsdl/phonebook.wsdl").generate()?;
//!     Ok(())
//! }
//!
//! // src/lib.rs
//! pub mod phonebook {
//!     include!(concat!(env!("OUT_DIR"), "/phonebook.rs"));
//! }
//! ```
//!
//! or with the `pbx-soap` command (crate `pbx-soap-cli`): `pbx-soap gen
//! service.wsdl --out src/service.rs`, `pbx-soap inspect service.wsdl`, and
//! `pbx-soap diff old.wsdl new.wsdl` to see what a firmware update changed.
//!
//! # Optional features: JSON, typed dates and compact strings
//!
//! - `serde`: every generated type of the vendor modules (structs, enums,
//!   choices, header and fault types) and the runtime types in their fields
//!   implement `Serialize`/`Deserialize`, so decoded PBX data can go to
//!   JSON, a database or a web UI. Enumerations are their XML lexical form
//!   (`"open"`, or the unlisted value the PBX sent); `rt::Integer` and
//!   `rt::HexBinary` are strings. Fields named like secrets (`password`,
//!   `pin`, `secret`...) are not serialized and read as empty when absent;
//!   [`rt::auth::Secret`] deserializes but never serializes. serde is
//!   re-exported as `rt::serde`, which the derives name, so a crate with
//!   its own generated module needs no serde dependency (generate with
//!   `Builder::serde` / `pbx-soap gen --serde[=FEATURE]`).
//! - `jiff`: `rt::xsd::{DateTime, Date, Time, Duration}`, typed XML
//!   Schema values on the jiff crate (civil values with an optional offset,
//!   calendar-aware spans; strict parsing, no zone invented). Modules
//!   generated with `Dates::Jiff` (`pbx-soap gen --dates jiff`) use them as
//!   field types; the vendor modules keep strings (a cargo feature must not
//!   change field types), which convert with `str::parse` (example below).
//! - `compact-str`: `rt::CompactString` (the compact_str crate), the string
//!   type of modules generated with `Strings::Compact` (`pbx-soap gen
//!   --strings compact`): a text of up to 24 bytes is held inside the value,
//!   so decoding it allocates nothing; longer texts go to the heap. The
//!   vendor modules keep `String`.
//!
//! ```
//! # #[cfg(feature = "jiff")]
//! # fn demo() -> Result<(), pbx_soap::rt::DecodeError> {
//! use pbx_soap::rt::xsd::DateTime;
//! let sent = "2026-11-30T17:05:00+01:00"; // a string field of a vendor module
//! let at: DateTime = sent.parse()?;
//! assert_eq!(at.to_timestamp().map(|t| t.to_string()).as_deref(), Some("2026-11-30T16:05:00Z"));
//! # Ok(())
//! # }
//! ```

// Generated code names the runtime by its absolute path `::pbx_soap::rt`, so
// the same output compiles inside this crate and in a user's crate.
extern crate self as pbx_soap;

pub mod rt;

#[cfg(feature = "brekeke")]
pub mod brekeke;
#[cfg(feature = "innovaphone")]
pub mod innovaphone;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "monema")]
pub mod monema;
#[cfg(feature = "sipxconfig")]
pub mod sipxconfig;

/// The README's Rust examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
