//! A simulated sipXcom / sipXconfig configuration server for tests
//! without one.
//!
//! [`MockPbx::start`] serves the six services on `127.0.0.1` under
//! `/sipxconfig/services/<Service>` (`UserService`, `PhoneService`,
//! `PermissionService`, `CallGroupService`, `ParkOrbitService`,
//! `TestService`), with HTTP Basic authentication as an administrator:
//! `superadmin` and its PIN (`1234` unless [`MockPbxBuilder::superadmin_pin`]
//! says otherwise; a PIN changed with ManageUser changes the login).
//!
//! What each service keeps, in memory:
//!
//! - **UserService**: users with PIN (shown only as `pintoken`), aliases,
//!   groups, permissions (each must exist), branch. `findUser` searches by
//!   user name, else by a part of the name or an alias (case-insensitive),
//!   else by group, else lists all. `manageUser` edits `userName`,
//!   `firstName`, `lastName`, `sipPassword`, `emailAddress`, `pin`,
//!   `branchName` (a nil value clears a field), adds and removes a group,
//!   sets the branch (`updateGroup`, which the document calls
//!   `updateBranch`), or deletes; all or nothing.
//! - **PermissionService**: the built-in permissions (neither editable nor
//!   deletable) and custom ones, whose name the server makes up
//!   (`perm_8`, `perm_9`, ...) as the document says; unique labels.
//! - **PhoneService**: phones by MAC address (12 hex digits) of a model the
//!   document lists, with groups and lines; `managePhone` edits, moves
//!   between groups, adds and removes lines, deletes, and records profile
//!   generation and restarts ([`Control::restarted`]).
//! - **CallGroupService**, **ParkOrbitService**: hunt groups (ring types
//!   `delayed`/`immediate`, unique positions) and park orbits with unique
//!   names and extensions.
//! - **TestService**: `resetServices` deletes what its flags name, keeping
//!   `superadmin` and the built-in permissions.
//!
//! A request the data does not allow (a taken name, an unknown permission,
//! an unsupported phone model) is answered with a SOAP `Client` fault
//! naming the reason.

mod model;
mod phones;
mod users;

#[cfg(test)]
mod tests;

pub use phones::PHONE_MODELS;
pub use users::SUPERADMIN;

/// superadmin's PIN (its HTTP password) in a mock built with the defaults.
pub const SUPERADMIN_PIN: &str = "1234";
