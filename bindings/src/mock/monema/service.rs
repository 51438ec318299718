//! The Monema mock behind the generated `PbTamtamPortServer` trait. Every
//! operation first checks the account's login and password.

use super::control::Control;
use super::model::{SmsSent, Transfer, refuse};
use crate::mock::{MockResult, soap_fault};
use crate::monema::*;
use crate::rt::server::SoapFault;

#[derive(Debug, Clone)]
pub(super) struct Service(pub Control);

fn fault<T>(result: MockResult<T>) -> Result<T, SoapFault> {
    result.map_err(|e| soap_fault(&e))
}

impl Service {
    /// Runs `f` on the state for the account `login`/`password`.
    fn with<T>(
        &self,
        login: &str,
        password: &str,
        f: impl FnOnce(&mut super::model::Monema) -> MockResult<T>,
    ) -> Result<T, SoapFault> {
        let mut m = self.0.lock();
        fault(m.login(login, password).map(|_| ()))?;
        fault(f(&mut m))
    }
}

impl PbTamtamPortServer for Service {
    async fn c_get_credit(&self, client_login: String, client_password: String) -> Result<f64, SoapFault> {
        self.with(&client_login, &client_password, |m| Ok(m.login(&client_login, &client_password)?.credit))
    }

    async fn c_get_calls(&self, r: CGetCallsRequest) -> Result<Vec<Calls>, SoapFault> {
        self.with(&r.client_login, &r.client_password, |m| {
            m.get_calls(&r.client_login, &r.date_start, &r.date_end, &r.from_id, &r.r#type)
        })
    }

    async fn c_get_call_tags(
        &self,
        client_login: String,
        client_password: String,
        call_id: String,
    ) -> Result<Vec<CallsTags>, SoapFault> {
        self.with(&client_login, &client_password, |m| {
            let id: i64 =
                call_id.trim().parse().map_err(|_| refuse(format!("callId {call_id:?} is not a number")))?;
            m.call_of(&client_login, id)?;
            Ok(m.tags.iter().filter(|t| t.calls_id == id).cloned().collect())
        })
    }

    async fn c_make_call(&self, r: CMakeCallRequest) -> Result<bool, SoapFault> {
        self.with(&r.client_login, &r.client_password, |m| {
            let (status, _) = m.make_call(&r.client_login, &r.source_ext, &r.dest_ext)?;
            Ok(status != MakeCallStatus::NoSuchExtension)
        })
    }

    async fn c_make_call_response(
        &self,
        r: CMakeCallResponseRequest,
    ) -> Result<CMakeCallResponseResponse, SoapFault> {
        self.with(&r.client_login, &r.client_password, |m| {
            let (status, uniqueid) = m.make_call(&r.client_login, &r.source_ext, &r.dest_ext)?;
            Ok(CMakeCallResponseResponse {
                ok: status == MakeCallStatus::Answered,
                status: status.as_str().to_owned(),
                uniqueid,
            })
        })
    }

    async fn c_get_call_download_link(
        &self,
        client_login: String,
        client_password: String,
        call_id: i64,
    ) -> Result<String, SoapFault> {
        self.with(&client_login, &client_password, |m| {
            let uniqueid = m.call_of(&client_login, call_id)?.uniqueid.clone();
            Ok(format!("{}/recordings/{uniqueid}.wav", m.url.trim_end_matches('/')))
        })
    }

    async fn c_get_extensions(
        &self,
        client_login: String,
        client_password: String,
    ) -> Result<Vec<Extensions>, SoapFault> {
        self.with(&client_login, &client_password, |m| {
            Ok(m.login(&client_login, &client_password)?.extensions.clone())
        })
    }

    async fn c_enable_extension_transfer(
        &self,
        r: CEnableExtensionTransferRequest,
    ) -> Result<bool, SoapFault> {
        self.with(&r.client_login, &r.client_password, |m| {
            let t = Transfer { number: r.dst_number.clone(), external: r.is_external };
            m.set_transfer(&r.client_login, r.extension_id, Some(t)).map(|()| true)
        })
    }

    async fn c_disable_extension_transfer(
        &self,
        client_login: String,
        client_password: String,
        extension_id: i64,
    ) -> Result<bool, SoapFault> {
        self.with(&client_login, &client_password, |m| {
            m.set_transfer(&client_login, extension_id, None).map(|()| true)
        })
    }

    async fn c_get_extension_transfer_status(
        &self,
        client_login: String,
        client_password: String,
        extension_id: i64,
    ) -> Result<CGetExtensionTransferStatusResponse, SoapFault> {
        self.with(&client_login, &client_password, |m| {
            Ok(match m.transfer(&client_login, extension_id)? {
                Some(t) => CGetExtensionTransferStatusResponse {
                    enabled: true,
                    number: t.number.clone(),
                    is_external: t.external,
                },
                None => CGetExtensionTransferStatusResponse {
                    enabled: false,
                    number: String::new(),
                    is_external: false,
                },
            })
        })
    }

    async fn c_send_sms(&self, r: CSendSmsRequest) -> Result<bool, SoapFault> {
        self.with(&r.client_login, &r.client_password, |m| {
            let sms = SmsSent {
                login: r.client_login.clone(),
                caller_id: r.caller_id.clone(),
                to: r.dst_number.clone(),
                message: r.message.clone(),
            };
            m.send_sms(sms).map(|()| true)
        })
    }

    async fn c_get_fax_modems(
        &self,
        client_login: String,
        client_password: String,
    ) -> Result<Vec<String>, SoapFault> {
        self.with(&client_login, &client_password, |m| {
            Ok(m.login(&client_login, &client_password)?.modems.clone())
        })
    }

    async fn c_start_fax_upload(
        &self,
        client_login: String,
        client_password: String,
    ) -> Result<String, SoapFault> {
        self.with(&client_login, &client_password, |m| Ok(m.start_upload(&client_login)))
    }

    async fn c_upload_fax_chunk(
        &self,
        client_login: String,
        client_password: String,
        session_id: String,
        chunk: Vec<u8>,
    ) -> Result<i64, SoapFault> {
        self.with(&client_login, &client_password, |m| m.upload_chunk(&client_login, &session_id, &chunk))
    }

    async fn c_send_fax(&self, r: CSendFaxRequest) -> Result<bool, SoapFault> {
        self.with(&r.client_login, &r.client_password, |m| {
            let cover = r.use_cover.then(|| {
                [
                    r.cover_dest_name.clone(),
                    r.cover_dest_company.clone(),
                    r.cover_dest_location.clone(),
                    r.cover_dest_voice_phone.clone(),
                    r.cover_dest_subject.clone(),
                    r.cover_dest_comments.clone(),
                ]
            });
            m.send_fax(&r.client_login, &r.session_id, &r.fax_modem, &r.dest_numbers, cover).map(|()| true)
        })
    }
}
