//! The Monema API with the account's credentials held by the client.

use super::values::{CallFilter, MakeCallResult};
use super::{
    CGetCallsRequest, CMakeCallRequest, CMakeCallResponseRequest, Calls, CallsTags, Extensions, PbTamtamPort,
};
use crate::rt::auth::Secret;
use crate::rt::{Error, SoapClient};

/// The Monema API for one account: every call sends the account's login
/// and password (which `Debug` never shows).
#[derive(Debug, Clone)]
pub struct Monema {
    port: PbTamtamPort,
    login: String,
    password: Secret,
}

/// C_getExtensionTransferStatus's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TransferStatus {
    pub enabled: bool,
    /// Where calls are transferred to.
    pub number: String,
    /// `number` is an external number, not an extension.
    pub is_external: bool,
}

impl Monema {
    /// The API at `client`'s endpoint (`https://<server>/public_api/pb_tamtam_wsdl.php`)
    /// for the account `login`.
    pub fn new(client: SoapClient, login: impl Into<String>, password: impl Into<Secret>) -> Self {
        Monema { port: PbTamtamPort::new(client), login: login.into(), password: password.into() }
    }

    /// The generated client, for calls with every argument spelled out.
    pub fn port(&self) -> &PbTamtamPort {
        &self.port
    }

    pub(crate) fn login(&self) -> String {
        self.login.clone()
    }

    pub(crate) fn password(&self) -> String {
        self.password.expose().to_owned()
    }

    /// C_getCredit: the account's credit balance.
    ///
    /// # Errors
    ///
    /// Any call error (a wrong login comes back as a SOAP fault).
    pub async fn credit(&self) -> Result<f64, Error> {
        self.port.c_get_credit(self.login(), self.password()).await
    }

    /// C_getCalls: calls between `date_start` and `date_end` (in the
    /// server's date format; empty for no bound) with an id above `from_id`
    /// (empty for all), filtered by direction.
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn calls(
        &self,
        date_start: &str,
        date_end: &str,
        from_id: &str,
        filter: CallFilter,
    ) -> Result<Vec<Calls>, Error> {
        let request = CGetCallsRequest {
            client_login: self.login(),
            client_password: self.password(),
            date_start: date_start.to_owned(),
            date_end: date_end.to_owned(),
            from_id: from_id.to_owned(),
            r#type: filter.as_str().to_owned(),
        };
        self.port.c_get_calls(request).await
    }

    /// C_getCallTags: the tags of call `call_id`.
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn call_tags(&self, call_id: &str) -> Result<Vec<CallsTags>, Error> {
        self.port.c_get_call_tags(self.login(), self.password(), call_id.to_owned()).await
    }

    /// C_makeCall: rings `source_ext` and, when it answers, calls
    /// `dest_ext` (an extension or external number). `variables` are Dial
    /// Plan variables, `{VAR}="VALUE"` separated by spaces (may be empty).
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn make_call(&self, source_ext: &str, dest_ext: &str, variables: &str) -> Result<bool, Error> {
        let request = CMakeCallRequest {
            client_login: self.login(),
            client_password: self.password(),
            source_ext: source_ext.to_owned(),
            dest_ext: dest_ext.to_owned(),
            variables: variables.to_owned(),
        };
        self.port.c_make_call(request).await
    }

    /// C_makeCallResponse: as [`Monema::make_call`], but waits until the
    /// source extension answers and returns what happened.
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn make_call_and_wait(
        &self,
        source_ext: &str,
        dest_ext: &str,
        variables: &str,
    ) -> Result<MakeCallResult, Error> {
        let request = CMakeCallResponseRequest {
            client_login: self.login(),
            client_password: self.password(),
            source_ext: source_ext.to_owned(),
            dest_ext: dest_ext.to_owned(),
            variables: variables.to_owned(),
        };
        self.port.c_make_call_response(request).await.map(MakeCallResult::from)
    }

    /// C_getCallDownloadLink: a URL to download call `call_id` (the `id` of
    /// [`Calls`]).
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn call_download_link(&self, call_id: i64) -> Result<String, Error> {
        self.port.c_get_call_download_link(self.login(), self.password(), call_id).await
    }

    /// C_getExtensions: the account's extensions.
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn extensions(&self) -> Result<Vec<Extensions>, Error> {
        self.port.c_get_extensions(self.login(), self.password()).await
    }

    /// C_enableExtensionTransfer: transfers the calls of extension
    /// `extension_id` (the `id` of [`Extensions`]) to `dst_number`.
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn enable_transfer(
        &self,
        extension_id: i64,
        dst_number: &str,
        external: bool,
    ) -> Result<bool, Error> {
        let request = super::CEnableExtensionTransferRequest {
            client_login: self.login(),
            client_password: self.password(),
            extension_id,
            dst_number: dst_number.to_owned(),
            is_external: external,
        };
        self.port.c_enable_extension_transfer(request).await
    }

    /// C_disableExtensionTransfer.
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn disable_transfer(&self, extension_id: i64) -> Result<bool, Error> {
        self.port.c_disable_extension_transfer(self.login(), self.password(), extension_id).await
    }

    /// C_getExtensionTransferStatus.
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn transfer_status(&self, extension_id: i64) -> Result<TransferStatus, Error> {
        let r =
            self.port.c_get_extension_transfer_status(self.login(), self.password(), extension_id).await?;
        Ok(TransferStatus { enabled: r.enabled, number: r.number, is_external: r.is_external })
    }

    /// C_sendSMS: sends `message` to `dst_number` with caller id
    /// `caller_id`.
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn send_sms(&self, caller_id: &str, dst_number: &str, message: &str) -> Result<bool, Error> {
        let request = super::CSendSmsRequest {
            client_login: self.login(),
            client_password: self.password(),
            caller_id: caller_id.to_owned(),
            dst_number: dst_number.to_owned(),
            message: message.to_owned(),
        };
        self.port.c_send_sms(request).await
    }

    /// C_getFaxModems: the account's fax modems.
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn fax_modems(&self) -> Result<Vec<String>, Error> {
        self.port.c_get_fax_modems(self.login(), self.password()).await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_password() {
        let client = SoapClient::new("https://pbx.example.com/public_api/pb_tamtam_wsdl.php").unwrap();
        let monema = Monema::new(client, "acme", "s3cr3t-pw");
        let shown = format!("{monema:?} {monema:#?}");
        assert!(!shown.contains("s3cr3t-pw"), "{shown}");
        assert!(shown.contains("acme"), "{shown}");
    }
}
