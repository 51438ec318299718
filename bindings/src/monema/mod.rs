//! Monema hosted PBX client API (`/public_api/pb_tamtam_wsdl.php`, a PHP
//! SoapServer, rpc/encoded): credit, calls and tags, click-to-call, call
//! recordings, extension transfers, SMS and fax.
//!
//! [`PbTamtamPort`] and its types come from `wsdl/monema/pb_tamtam.wsdl`,
//! which the project wrote from the vendor's document (see its header);
//! every operation takes the account's login and password. [`Monema`]
//! holds those credentials (redacted from `Debug`) and offers the
//! operations with typed arguments and results, and [`Monema::send_fax`]
//! does the three-step fax upload of the vendor's sample.

// Laid out by prettyplease; rustfmt would reflow it and make
// `cargo xtask regen --check` see it as stale.
#[rustfmt::skip]
mod generated;

mod client;
mod fax;
mod values;

pub use client::{Monema, TransferStatus};
pub use fax::{FAX_CHUNK_BYTES, Fax, FaxCover};
pub use generated::*;
pub use values::{CallFilter, MakeCallResult, MakeCallStatus};
