//! The simulated Monema account server's data: accounts with credit,
//! extensions and their transfers, calls and tags, SMS, and faxes
//! uploaded in chunks, reassembled and checked.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::mock::{MockError, MockResult};
use crate::monema::{Calls, CallsTags, Extensions, MakeCallStatus};

/// PHP's SoapServer reports the service's errors with code `Server`.
pub(super) fn refuse(message: impl Into<String>) -> MockError {
    MockError::new(message).with_code("Server")
}

/// An account (a PBX customer) and its data.
#[derive(Debug, Clone)]
pub struct Account {
    pub login: String,
    pub password: String,
    pub client_id: i64,
    pub credit: f64,
    pub extensions: Vec<Extensions>,
    pub modems: Vec<String>,
    /// What ringing an extension with C_makeCall leads to (answered when
    /// not set).
    pub answers: BTreeMap<String, MakeCallStatus>,
}

impl Account {
    /// An account with credit 25.0, extensions 201 and 202 (ids 1 and 2)
    /// and one fax modem, `fax-1`.
    pub fn new(login: impl Into<String>, password: impl Into<String>) -> Account {
        let client_id = 1001;
        let ext =
            |id, number| Extensions { id, users_id: 500 + id, clients_id: client_id, extnumber: number };
        Account {
            login: login.into(),
            password: password.into(),
            client_id,
            credit: 25.0,
            extensions: vec![ext(1, 201), ext(2, 202)],
            modems: vec!["fax-1".to_owned()],
            answers: BTreeMap::new(),
        }
    }
}

/// An SMS sent with C_sendSMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsSent {
    pub login: String,
    pub caller_id: String,
    pub to: String,
    pub message: String,
}

/// A fax sent with C_sendFax: the document as reassembled from its chunks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaxSent {
    pub login: String,
    pub modem: String,
    pub to: Vec<String>,
    pub document: Vec<u8>,
    /// The chunks it came in, by size.
    pub chunks: Vec<usize>,
    /// The cover page fields, when one was asked for (name, company,
    /// location, voice phone, subject, comments).
    pub cover: Option<[String; 6]>,
}

/// A transfer set on an extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Transfer {
    pub number: String,
    pub external: bool,
}

/// A fax upload in progress.
#[derive(Debug, Clone)]
struct Upload {
    login: String,
    document: Vec<u8>,
    chunks: Vec<usize>,
}

/// A document starts like a PDF or a TIFF file.
fn fax_document(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-") || bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*")
}

#[derive(Debug)]
pub(super) struct Monema {
    pub accounts: BTreeMap<String, Account>,
    pub calls: Vec<Calls>,
    pub tags: Vec<CallsTags>,
    pub transfers: BTreeMap<(String, i64), Transfer>,
    pub sms: Vec<SmsSent>,
    pub faxes: Vec<FaxSent>,
    /// The largest fax document accepted.
    pub max_fax_bytes: usize,
    /// The mock's own URL, for download links.
    pub url: String,
    uploads: BTreeMap<String, Upload>,
    next_id: i64,
}

impl Monema {
    pub fn new(max_fax_bytes: usize) -> Monema {
        Monema {
            accounts: BTreeMap::new(),
            calls: Vec::new(),
            tags: Vec::new(),
            transfers: BTreeMap::new(),
            sms: Vec::new(),
            faxes: Vec::new(),
            max_fax_bytes,
            url: String::new(),
            uploads: BTreeMap::new(),
            next_id: 7000,
        }
    }

    fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// The account of `login` if `password` is its password.
    pub fn login(&self, login: &str, password: &str) -> MockResult<&Account> {
        match self.accounts.get(login) {
            Some(a) if a.password == password => Ok(a),
            _ => Err(refuse("Invalid login or password")),
        }
    }

    fn extension(&self, login: &str, id: i64) -> MockResult<&Extensions> {
        let account = self.accounts.get(login).ok_or_else(|| refuse("Invalid login or password"))?;
        account
            .extensions
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| refuse(format!("No extension with id {id}")))
    }

    /// C_makeCall / C_makeCallResponse: rings the source extension; the
    /// call is recorded with the outcome the test set for it (answered by
    /// default). `NO_SUCH_EXTENSION` for a source that is not the
    /// account's.
    pub fn make_call(
        &mut self,
        login: &str,
        source: &str,
        dest: &str,
    ) -> MockResult<(MakeCallStatus, String)> {
        let account = self.accounts.get(login).ok_or_else(|| refuse("Invalid login or password"))?;
        if dest.trim().is_empty() {
            return Err(refuse("destExt is empty"));
        }
        let own = account.extensions.iter().any(|e| e.extnumber.to_string() == source.trim());
        if !own {
            return Ok((MakeCallStatus::NoSuchExtension, String::new()));
        }
        let status = account.answers.get(source.trim()).cloned().unwrap_or(MakeCallStatus::Answered);
        let client_id = account.client_id;
        let id = self.next_id();
        let uniqueid = format!("{}.{id}", now());
        let disposition = match status {
            MakeCallStatus::Answered => "ANSWERED",
            MakeCallStatus::Busy => "BUSY",
            _ => "NO ANSWER",
        };
        self.calls.push(Calls {
            id,
            clients_id: client_id,
            src: source.trim().to_owned(),
            dst: dest.trim().to_owned(),
            duration: 0,
            disposition: disposition.to_owned(),
            uniqueid: uniqueid.clone(),
            recorded: false,
            calldate: now(),
            accountcode: client_id,
            cost: 0.0,
            ext_src_recorded: false,
            ext_dst_recorded: false,
        });
        Ok((status, uniqueid))
    }

    /// Whether `number` is one of the account's extensions.
    fn internal(&self, login: &str, number: &str) -> bool {
        self.accounts
            .get(login)
            .is_some_and(|a| a.extensions.iter().any(|e| e.extnumber.to_string() == number))
    }

    /// C_getCalls: the account's calls after `date_start`, before
    /// `date_end` (`YYYY-MM-DD[ HH:MM:SS]` in UTC, or a UNIX timestamp;
    /// empty for no bound), with an id above `from_id`, of one direction.
    pub fn get_calls(
        &self,
        login: &str,
        date_start: &str,
        date_end: &str,
        from_id: &str,
        kind: &str,
    ) -> MockResult<Vec<Calls>> {
        let account = self.accounts.get(login).ok_or_else(|| refuse("Invalid login or password"))?;
        let start = parse_bound(date_start)?;
        let end = parse_bound(date_end)?;
        let from_id: i64 = match from_id.trim() {
            "" => i64::MIN,
            id => id.parse().map_err(|_| refuse(format!("fromId {id:?} is not a number")))?,
        };
        let direction = |c: &Calls| {
            let (src_in, dst_in) = (self.internal(login, &c.src), self.internal(login, &c.dst));
            match kind {
                "" => Ok(true),
                "outgoing" => Ok(src_in && !dst_in),
                "incoming" => Ok(!src_in && dst_in),
                "internal" => Ok(src_in && dst_in),
                other => Err(refuse(format!("type {other:?} is none of outgoing, incoming, internal"))),
            }
        };
        let mut found = Vec::new();
        for c in self.calls.iter().filter(|c| c.clients_id == account.client_id) {
            let in_time = start.is_none_or(|s| c.calldate > s) && end.is_none_or(|e| c.calldate < e);
            if in_time && c.id > from_id && direction(c)? {
                found.push(c.clone());
            }
        }
        Ok(found)
    }

    pub fn call_of(&self, login: &str, call_id: i64) -> MockResult<&Calls> {
        let client = self.accounts.get(login).map(|a| a.client_id);
        self.calls
            .iter()
            .find(|c| c.id == call_id && Some(c.clients_id) == client)
            .ok_or_else(|| refuse(format!("No call with id {call_id}")))
    }

    pub fn set_transfer(&mut self, login: &str, ext: i64, transfer: Option<Transfer>) -> MockResult<()> {
        self.extension(login, ext)?;
        match transfer {
            Some(t) if t.number.trim().is_empty() => Err(refuse("dstNumber is empty")),
            Some(t) => {
                self.transfers.insert((login.to_owned(), ext), t);
                Ok(())
            }
            None => {
                self.transfers.remove(&(login.to_owned(), ext));
                Ok(())
            }
        }
    }

    pub fn transfer(&self, login: &str, ext: i64) -> MockResult<Option<&Transfer>> {
        self.extension(login, ext)?;
        Ok(self.transfers.get(&(login.to_owned(), ext)))
    }

    pub fn send_sms(&mut self, sms: SmsSent) -> MockResult<()> {
        if sms.to.trim().is_empty() || sms.message.is_empty() {
            return Err(refuse("An SMS needs a destination number and a message"));
        }
        self.sms.push(sms);
        Ok(())
    }

    pub fn start_upload(&mut self, login: &str) -> String {
        let id = format!("fax-{}", self.next_id());
        self.uploads
            .insert(id.clone(), Upload { login: login.to_owned(), document: Vec::new(), chunks: Vec::new() });
        id
    }

    /// C_uploadFaxChunk: appends `chunk`; the total size so far.
    pub fn upload_chunk(&mut self, login: &str, session: &str, chunk: &[u8]) -> MockResult<i64> {
        let max = self.max_fax_bytes;
        let upload = match self.uploads.get_mut(session) {
            Some(u) if u.login == login => u,
            _ => return Err(refuse(format!("No fax upload session {session:?}"))),
        };
        if chunk.is_empty() {
            return Err(refuse("Empty fax chunk"));
        }
        if upload.document.len() + chunk.len() > max {
            return Err(refuse(format!("The fax document is larger than {max} bytes")));
        }
        upload.document.extend_from_slice(chunk);
        upload.chunks.push(chunk.len());
        i64::try_from(upload.document.len()).map_err(|_| refuse("fax too large"))
    }

    /// C_sendFax: the upload must hold a PDF or TIFF document, the modem be
    /// the account's, and there be a destination. The upload session ends.
    pub fn send_fax(
        &mut self,
        login: &str,
        session: &str,
        modem: &str,
        to: &str,
        cover: Option<[String; 6]>,
    ) -> MockResult<()> {
        let account = self.accounts.get(login).ok_or_else(|| refuse("Invalid login or password"))?;
        if !account.modems.iter().any(|m| m == modem) {
            return Err(refuse(format!("No fax modem {modem:?}")));
        }
        let to: Vec<String> =
            to.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
        if to.is_empty() {
            return Err(refuse("No destination number"));
        }
        if let Some(bad) = to.iter().find(|t| !t.chars().all(|c| c.is_ascii_digit() || c == '+')) {
            return Err(refuse(format!("Destination {bad:?} is not a number")));
        }
        let upload = match self.uploads.get(session) {
            Some(u) if u.login == login => u,
            _ => return Err(refuse(format!("No fax upload session {session:?}"))),
        };
        if !fax_document(&upload.document) {
            return Err(refuse("The uploaded document is neither a PDF nor a TIFF file"));
        }
        let upload = self.uploads.remove(session).ok_or_else(|| refuse("upload vanished"))?;
        self.faxes.push(FaxSent {
            login: login.to_owned(),
            modem: modem.to_owned(),
            to,
            document: upload.document,
            chunks: upload.chunks,
            cover,
        });
        Ok(())
    }
}

/// Seconds since the UNIX epoch.
fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A date bound of C_getCalls as a UNIX timestamp.
fn parse_bound(s: &str) -> MockResult<Option<i64>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Ok(ts) = s.parse::<i64>() {
        return Ok(Some(ts));
    }
    let bad = || refuse(format!("date {s:?} is neither YYYY-MM-DD[ HH:MM:SS] nor a UNIX timestamp"));
    let (date, time) = s.split_once([' ', 'T']).unwrap_or((s, "00:00:00"));
    let d: Vec<i64> = date.split('-').map(str::parse).collect::<Result<_, _>>().map_err(|_| bad())?;
    let t: Vec<i64> = time.split(':').map(str::parse).collect::<Result<_, _>>().map_err(|_| bad())?;
    let ([y, m, day], [hh, mm, ss]) = (d.as_slice(), t.as_slice()) else { return Err(bad()) };
    if !(1..=12).contains(m) || !(1..=31).contains(day) || *hh > 23 || *mm > 59 || *ss > 60 {
        return Err(bad());
    }
    Ok(Some(days_from_civil(*y, *m, *day) * 86_400 + hh * 3600 + mm * 60 + ss))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn monema() -> Monema {
        let mut m = Monema::new(1 << 20);
        m.accounts.insert("acme".into(), Account::new("acme", "pw"));
        m
    }

    #[test]
    fn dates_are_read_as_utc() {
        assert_eq!(parse_bound("1970-01-01").unwrap(), Some(0));
        assert_eq!(parse_bound("2024-02-29 12:00:01").unwrap(), Some(1_709_208_001));
        assert_eq!(parse_bound("1709208001").unwrap(), Some(1_709_208_001));
        assert_eq!(parse_bound(" ").unwrap(), None);
        for bad in ["yesterday", "2024-13-01", "2024-01-01 25:00:00", "2024-01"] {
            assert!(parse_bound(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn calls_are_recorded_with_their_outcome_and_filtered() {
        let mut m = monema();
        assert!(m.login("acme", "nope").is_err());
        let (status, id) = m.make_call("acme", "201", "0034600000000").unwrap();
        assert_eq!(status, MakeCallStatus::Answered);
        assert!(!id.is_empty());
        m.accounts.get_mut("acme").unwrap().answers.insert("202".into(), MakeCallStatus::Busy);
        assert_eq!(m.make_call("acme", "202", "201").unwrap().0, MakeCallStatus::Busy);
        assert_eq!(m.make_call("acme", "299", "201").unwrap().0, MakeCallStatus::NoSuchExtension);
        assert_eq!(m.get_calls("acme", "", "", "", "").unwrap().len(), 2);
        let out = m.get_calls("acme", "", "", "", "outgoing").unwrap();
        assert_eq!(out.iter().map(|c| c.dst.as_str()).collect::<Vec<_>>(), ["0034600000000"]);
        let internal = m.get_calls("acme", "", "", "", "internal").unwrap();
        assert_eq!(internal[0].disposition, "BUSY");
        let later = m.get_calls("acme", "", "", &out[0].id.to_string(), "").unwrap();
        assert_eq!(later.len(), 1);
        assert!(m.get_calls("acme", "2000-01-01", "1990-01-01", "", "").unwrap().is_empty());
        assert!(m.get_calls("acme", "", "", "", "sideways").is_err());
    }

    #[test]
    fn a_fax_is_reassembled_and_checked() {
        let mut m = monema();
        let doc: Vec<u8> =
            b"%PDF-1.4\n".iter().copied().chain((0..1000u32).map(|i| (i % 251) as u8)).collect();
        let session = m.start_upload("acme");
        let mut total = 0;
        for chunk in doc.chunks(300) {
            total = m.upload_chunk("acme", &session, chunk).unwrap();
        }
        assert_eq!(total, doc.len() as i64);
        assert!(m.upload_chunk("other", &session, b"x").is_err());
        assert!(m.send_fax("acme", &session, "fax-9", "1555", None).is_err());
        assert!(m.send_fax("acme", &session, "fax-1", " , ", None).is_err());
        m.send_fax("acme", &session, "fax-1", "1555000000, +34911", None).unwrap();
        assert_eq!(m.faxes[0].document, doc);
        assert_eq!(m.faxes[0].chunks, [300, 300, 300, 109]);
        assert_eq!(m.faxes[0].to, ["1555000000", "+34911"]);
        assert!(m.send_fax("acme", &session, "fax-1", "1555", None).is_err(), "the session has ended");
        let text = m.start_upload("acme");
        m.upload_chunk("acme", &text, b"hello").unwrap();
        let err = m.send_fax("acme", &text, "fax-1", "1555", None).unwrap_err();
        assert!(err.message().contains("neither a PDF"), "{err}");
        let small = Monema { max_fax_bytes: 4, ..monema() };
        let mut small = small;
        let s = small.start_upload("acme");
        assert!(small.upload_chunk("acme", &s, b"%PDF-").is_err());
    }
}
