//! sipXcom / sipXconfig configuration services (Apache Axis 1.4,
//! document/literal): users, phones, call groups, park orbits, permissions.
//!
//! Everything here is generated from `wsdl/sipxconfig/` (see
//! `generated.rs`); one client struct per service port.

// Laid out by prettyplease; rustfmt would reflow it and make
// `cargo xtask regen --check` see it as stale.
#[rustfmt::skip]
mod generated;

pub use generated::*;
