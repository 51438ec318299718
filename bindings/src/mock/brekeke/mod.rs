//! A simulated Brekeke PBX web service for tests without a PBX.
//!
//! [`MockPbx::start`] serves `UserImpl` on `127.0.0.1` at
//! `/pbx/services/UserImpl` and the plain-HTTP third-party call control
//! URL `/pbx/3pcc` beside it. It keeps:
//!
//! - **users** with properties ([`PROPERTY_NAMES`]): `createUser` (both
//!   overloads; `false` for an existing user), `deleteUser` (`false` for
//!   an unknown one), `getUserProperty(ies)`, `setUserProperty(ies)`
//!   (names and values must pair up; all or nothing);
//! - **click-to-call**: `callControl(user, from, to[], type)` and
//!   `GET /pbx/3pcc?to=..&from=..&user=..&type=..` both need a known
//!   caller user (`user`, or `from` when `user` is absent), a callee and
//!   type `1` or `2`, answer `succeeded: <id>` and record the call
//!   ([`Control::calls`]). A refused 3PCC request is answered
//!   `failed: <reason>` (HTTP 200, text/plain).
//!
//! Errors come as Axis reports a service's Java exceptions: SOAP faults
//! with code `Server.userException` and the reason as the fault string.

mod model;

pub use model::{Channel, PROPERTY_NAMES, PlacedCall};
