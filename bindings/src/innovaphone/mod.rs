//! innovaphone PBX SOAP API, WSDL pbx10_00 (rpc/encoded): sessions, `Poll`
//! events, call control, user lookup, administration.
//!
//! [`PbxPort`] and every type come from `wsdl/innovaphone/pbx10_00.wsdl`
//! (see `generated.rs`); all 34 operations are methods of [`PbxPort`]. The
//! hand-written helpers are what the Reference10 article asks of a client:
//!
//! - [`Session`]: `Initialize` with the pbx10_00 version flags, `End` on
//!   close, one HTTP connection kept open meanwhile;
//! - [`Session::events`]: `Poll` as an async stream of [`Event`]s;
//! - [`find_users`]: the user list through `FindUser`, 20 at a time;
//! - [`CallState`]: `CallInfo.state`'s bit field, typed;
//! - [`Session::location`]: `LocationUrl` as a client for another node.
//!
//! The SOAP endpoint is `/PBX0/user.soap` on the PBX (`/PBX0-<id>/user.soap`
//! for a dynamic PBX), over HTTP or HTTPS. The PBX accepts HTTP Digest
//! authentication by default (`SoapClientBuilder::digest_auth`); Basic only
//! when "allow HTTP basic authentication" is set.

// Laid out by prettyplease; rustfmt would reflow it and make
// `cargo xtask regen --check` see it as stale.
#[rustfmt::skip]
mod generated;

mod call_state;
mod events;
mod find_user;
mod session;

pub use call_state::{CallDirection, CallPhase, CallState};
pub use events::{Event, EventOptions, Events};
pub use find_user::{PAGE_SIZE, UserQuery, find_users};
pub use generated::*;
pub use session::{Session, location_port};
