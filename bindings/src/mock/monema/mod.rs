//! A simulated Monema account server (`pb_tamtam`) for tests without one.
//!
//! [`MockPbx::start`] serves the API on `127.0.0.1` at
//! `/public_api/pb_tamtam_wsdl.php`. Every operation checks the account's
//! login and password (a `Server` fault `Invalid login or password`, as
//! the vendor's PHP server answers). Per account ([`Account`]) it keeps:
//!
//! - the **credit** (C_getCredit), set by the test;
//! - **extensions** and their **transfers** (enable, disable, status);
//! - **calls**: C_makeCall and C_makeCallResponse ring one of the account's
//!   extensions (`NO_SUCH_EXTENSION` otherwise) with the outcome the test
//!   chose ([`Control::set_answer`], answered by default) and record the
//!   call; C_getCalls filters them by date (`YYYY-MM-DD[ HH:MM:SS]` UTC or
//!   a UNIX timestamp), id and direction (an extension is internal,
//!   anything else external); C_getCallTags and C_getCallDownloadLink for a
//!   recorded call;
//! - **SMS** sent ([`Control::sms`]);
//! - **faxes**: C_startFaxUpload opens an upload, C_uploadFaxChunk appends
//!   a chunk and answers the total size, C_sendFax checks that the
//!   reassembled document is a PDF or TIFF file (at most 20 MiB), that the
//!   modem is the account's and that there is a destination, and records
//!   the fax with its bytes ([`Control::faxes`]).

mod model;

pub use model::{Account, FaxSent, SmsSent};
