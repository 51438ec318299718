//! Click-to-call: the `type` argument of `callControl`, and the plain-HTTP
//! third-party call control URL `/pbx/3pcc` the vendor documents beside it.

use super::UserImpl;
use crate::rt::Error;

/// How a click-to-call connects caller and callees (`callControl`'s fourth
/// argument, 3PCC's `type`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum CallType {
    /// `"1"`: ring the destinations at the same time.
    Simultaneous,
    /// `"2"`: connect the caller first, then call the destination.
    #[default]
    CallerFirst,
}

impl CallType {
    /// The value on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            CallType::Simultaneous => "1",
            CallType::CallerFirst => "2",
        }
    }
}

/// A third-party call for [`UserImpl::click_to_call`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClickToCall {
    /// Callee numbers or SIP URIs (sent comma-separated).
    pub to: Vec<String>,
    /// The caller's number or SIP URI.
    pub from: String,
    /// The PBX user who calls out; the PBX takes `from` when `None`.
    pub user: Option<String>,
    pub call_type: CallType,
    /// The tenant, on a multi-tenant PBX.
    pub tenant: Option<String>,
}

impl ClickToCall {
    /// A call from `from` to `to`, connecting the caller first.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> Self {
        ClickToCall { to: vec![to.into()], from: from.into(), ..ClickToCall::default() }
    }
}

/// The label of 3PCC requests in errors and traces.
const LABEL: &str = "3pcc";

impl UserImpl {
    /// Places `call` through the PBX's plain-HTTP third-party call control,
    /// `GET <pbx>/pbx/3pcc?to=..&from=..&user=..&type=..[&tenant=..]`, on
    /// the server of this client's endpoint (the path next to its
    /// `/services/UserImpl`), with the client's credentials. Returns the
    /// call's id from the answer `succeeded: <id>` (the id the PBX shows on
    /// its Call Status screen).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a call without callee or caller; any HTTP
    /// failure as for [`crate::rt::SoapClient::get_text`]; [`Error::Refused`]
    /// with the PBX's text for any answer other than `succeeded: <id>`.
    pub async fn click_to_call(&self, call: &ClickToCall) -> Result<String, Error> {
        if call.to.iter().all(|t| t.trim().is_empty()) || call.from.trim().is_empty() {
            return Err(Error::Config(format!("{LABEL}: a call needs a caller and at least one callee")));
        }
        let url = three_pcc_url(self.client().endpoint(), call)?;
        let answer = self.client().get_text(LABEL, &url).await?;
        parse_answer(&answer)
    }
}

/// The 3PCC URL for `call` on the server (and web application path) of
/// the SOAP `endpoint`.
fn three_pcc_url(endpoint: &str, call: &ClickToCall) -> Result<String, Error> {
    let mut url = url::Url::parse(endpoint).map_err(|e| Error::Config(format!("{LABEL}: {e}")))?;
    // `<app>/services/UserImpl` -> `<app>/3pcc`; `/pbx` when the endpoint
    // does not have that shape.
    let path = url.path().to_owned();
    let app = path.rfind("/services/").map_or("/pbx", |i| &path[..i]);
    url.set_path(&format!("{app}/3pcc"));
    url.set_query(None);
    url.set_fragment(None);
    {
        let mut q = url.query_pairs_mut();
        let to: Vec<&str> = call.to.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect();
        q.append_pair("to", &to.join(","));
        q.append_pair("from", call.from.trim());
        if let Some(user) = &call.user {
            q.append_pair("user", user);
        }
        q.append_pair("type", call.call_type.as_str());
        if let Some(tenant) = &call.tenant {
            q.append_pair("tenant", tenant);
        }
    }
    Ok(url.into())
}

/// The call id of a `succeeded: <id>` answer.
fn parse_answer(answer: &str) -> Result<String, Error> {
    let text = answer.trim();
    match text.strip_prefix("succeeded:").map(str::trim) {
        Some(id) if !id.is_empty() && !id.contains(char::is_whitespace) => Ok(id.to_owned()),
        _ => {
            let reason: String = text.chars().take(200).collect();
            Err(Error::Refused { operation: LABEL, reason: format!("the PBX answered {reason:?}") })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn the_url_sits_next_to_the_soap_service() {
        let call = ClickToCall {
            to: vec!["4007".into(), "sip:4008@pbx".into()],
            from: "4005".into(),
            user: Some("4005".into()),
            call_type: CallType::CallerFirst,
            tenant: Some("a&b".into()),
        };
        let url = three_pcc_url("http://pbx:8080/pbx/services/UserImpl", &call).unwrap();
        assert_eq!(
            url,
            "http://pbx:8080/pbx/3pcc?to=4007%2Csip%3A4008%40pbx&from=4005&user=4005&type=2&tenant=a%26b"
        );
        let url =
            three_pcc_url("https://pbx/other/services/UserImpl?wsdl", &ClickToCall::new("1", "2")).unwrap();
        assert_eq!(url, "https://pbx/other/3pcc?to=2&from=1&type=2");
        let url = three_pcc_url("http://pbx/soap", &ClickToCall::new("1", "2")).unwrap();
        assert_eq!(url, "http://pbx/pbx/3pcc?to=2&from=1&type=2");
    }

    #[test]
    fn only_succeeded_with_an_id_is_success() {
        assert_eq!(parse_answer("succeeded: 123\r\n").unwrap(), "123");
        assert_eq!(parse_answer("succeeded:77").unwrap(), "77");
        for bad in
            ["", "succeeded:", "succeeded: ", "failed: no such user", "<html>login</html>", "succeeded: 1 2"]
        {
            let err = parse_answer(bad).unwrap_err();
            assert!(matches!(err, Error::Refused { operation: "3pcc", .. }), "{bad:?}: {err:?}");
        }
    }
}
