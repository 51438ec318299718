//! The Brekeke mock behind the generated `UserImplServer` trait, and the
//! answer to the plain-HTTP 3PCC URL.

use super::control::Control;
use super::model::{Channel, PROPERTY_NAMES, PlacedCall};
use crate::brekeke::UserImplServer;
use crate::mock::{MockResult, soap_fault};
use crate::rt::server::SoapFault;

#[derive(Debug, Clone)]
pub(super) struct Service(pub Control);

fn fault<T>(result: MockResult<T>) -> Result<T, SoapFault> {
    result.map_err(|e| soap_fault(&e))
}

impl UserImplServer for Service {
    async fn call_control(
        &self,
        in0: String,
        in1: String,
        in2: Vec<String>,
        in3: String,
    ) -> Result<String, SoapFault> {
        let call = PlacedCall {
            id: String::new(),
            user: in0,
            from: in1,
            to: in2,
            call_type: in3,
            tenant: None,
            channel: Channel::Soap,
        };
        fault(self.0.lock().place(call)).map(|id| format!("succeeded: {id}"))
    }

    async fn get_user_property_names(&self) -> Result<Vec<String>, SoapFault> {
        Ok(PROPERTY_NAMES.iter().map(|n| (*n).to_owned()).collect())
    }

    async fn get_user_properties(&self, in0: String, in1: Vec<String>) -> Result<Vec<String>, SoapFault> {
        fault(self.0.lock().properties(&in0, &in1))
    }

    async fn set_user_properties(
        &self,
        in0: String,
        in1: Vec<String>,
        in2: Vec<String>,
    ) -> Result<(), SoapFault> {
        fault(self.0.lock().set_properties(&in0, &in1, &in2))
    }

    async fn get_user_property(&self, in0: String, in1: String) -> Result<String, SoapFault> {
        fault(self.0.lock().property(&in0, &in1))
    }

    async fn set_user_property(&self, in0: String, in1: String, in2: String) -> Result<(), SoapFault> {
        fault(self.0.lock().set_property(&in0, &in1, &in2))
    }

    async fn create_user(&self, in0: String, in1: String) -> Result<bool, SoapFault> {
        fault(self.0.lock().create_user(&in0, Some(&in1)))
    }

    async fn create_user2(&self, in0: String) -> Result<bool, SoapFault> {
        fault(self.0.lock().create_user(&in0, None))
    }

    async fn delete_user(&self, in0: String) -> Result<bool, SoapFault> {
        Ok(self.0.lock().delete_user(&in0))
    }
}

/// The text the 3PCC URL answers for `query` (the URL's query string):
/// `succeeded: <id>` or `failed: <reason>`.
pub(super) fn three_pcc(control: &Control, query: &str) -> String {
    let mut call = PlacedCall {
        id: String::new(),
        user: String::new(),
        from: String::new(),
        to: Vec::new(),
        call_type: "2".to_owned(),
        tenant: None,
        channel: Channel::ThreePcc,
    };
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "to" => call.to = value.split(',').map(|t| t.trim().to_owned()).collect(),
            "from" => call.from = value.into_owned(),
            "user" => call.user = value.into_owned(),
            "type" => call.call_type = value.into_owned(),
            "tenant" => call.tenant = Some(value.into_owned()),
            _ => {}
        }
    }
    match control.lock().place(call) {
        Ok(id) => format!("succeeded: {id}"),
        Err(e) => format!("failed: {}", e.message()),
    }
}
