//! Brekeke PBX Web Service (`/pbx/services/UserImpl`, Apache Axis 1.x,
//! rpc/encoded): click-to-call and user administration.
//!
//! [`UserImpl`] and its types come from `wsdl/brekeke/userimpl.wsdl`, which
//! the project wrote from the vendor's documentation (see its header):
//! `callControl` is confirmed by the vendor's sample, the user operations
//! are named by the vendor but their signatures are inferred, and their
//! documentation says so. Axis names parameters `in0`, `in1`, ... and
//! reports Java exceptions as faults with code `Server.userException`.
//!
//! Beside SOAP the PBX offers click-to-call over plain HTTP
//! (`/pbx/3pcc`): [`UserImpl::click_to_call`].

// Laid out by prettyplease; rustfmt would reflow it and make
// `cargo xtask regen --check` see it as stale.
#[rustfmt::skip]
mod generated;

mod click_to_call;

pub use click_to_call::{CallType, ClickToCall};
pub use generated::*;
