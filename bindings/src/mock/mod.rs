//! Simulated PBXs for tests that cannot reach a real one (cargo feature
//! `mock`).
//!
//! Each mock serves its vendor's SOAP API on `127.0.0.1` through the
//! generated server side, keeps the PBX's state in memory, and gives the
//! test a control handle for what only the PBX's surroundings can do:
//! phones that register, ring and get answered, users added behind the
//! API's back.
//!
//! | vendor | mock | what it keeps |
//! |---|---|---|
//! | innovaphone | [`innovaphone::MockPbx`] | directory, sessions with Poll events, calls through their states |
//! | sipXconfig | [`sipxconfig::MockPbx`] | users, permissions, phones, hunt groups, park orbits |
//! | Brekeke | [`brekeke::MockPbx`] | users with properties, click-to-call over SOAP and 3PCC |
//! | Monema | [`monema::MockPbx`] | accounts, extensions, calls, SMS, faxes |
//!
//! Each `MockPbx::start()` binds `127.0.0.1` on a free port and returns
//! once it listens; `url()` says where, `control()` gives the handle.
//! Dropping a mock stops it at once and ends every task it started;
//! `shutdown().await` lets calls in progress finish first. A request the
//! state does not allow is answered with a fault naming the reason
//! ([`MockError`]).

mod error;

#[cfg(feature = "brekeke")]
pub mod brekeke;
#[cfg(feature = "innovaphone")]
pub mod innovaphone;
#[cfg(feature = "monema")]
pub mod monema;
#[cfg(feature = "sipxconfig")]
pub mod sipxconfig;

pub use error::{MockError, MockResult};
pub(crate) use error::{refuse, soap_fault};

/// How a mock checks HTTP credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HttpAuth {
    /// HTTP Digest (RFC 7616; MD5 and SHA-256).
    #[default]
    Digest,
    /// HTTP Basic.
    Basic,
    /// No credentials asked.
    None,
}
