//! The six sipXconfig services of the mock, behind the generated server
//! traits; one state behind them all.

use super::control::Control;
use crate::mock::{MockResult, soap_fault};
use crate::rt::server::SoapFault;
use crate::sipxconfig::*;

/// The SOAP face of the mock (every service trait, one state).
#[derive(Debug, Clone)]
pub(super) struct Services(pub Control);

fn fault<T>(result: MockResult<T>) -> Result<T, SoapFault> {
    result.map_err(|e| soap_fault(&e))
}

impl UserServiceServer for Services {
    async fn add_user(&self, request: AddUser) -> Result<(), SoapFault> {
        fault(self.0.lock().add_user(request))
    }

    async fn find_user(&self, search: UserSearch) -> Result<Vec<User>, SoapFault> {
        Ok(self.0.lock().find_user(&search))
    }

    async fn manage_user(&self, request: ManageUser) -> Result<(), SoapFault> {
        fault(self.0.lock().manage_user(request))
    }
}

impl PermissionServiceServer for Services {
    async fn add_permission(&self, permission: Permission) -> Result<(), SoapFault> {
        fault(self.0.lock().add_permission(permission))
    }

    async fn find_permission(&self, search: PermissionSearch) -> Result<Vec<Permission>, SoapFault> {
        Ok(self.0.lock().find_permission(&search))
    }

    async fn manage_permission(&self, request: ManagePermission) -> Result<(), SoapFault> {
        fault(self.0.lock().manage_permission(request))
    }
}

impl PhoneServiceServer for Services {
    async fn add_phone(&self, phone: Phone) -> Result<(), SoapFault> {
        fault(self.0.lock().add_phone(phone))
    }

    async fn find_phone(&self, search: PhoneSearch) -> Result<Vec<Phone>, SoapFault> {
        Ok(self.0.lock().find_phone(&search))
    }

    async fn manage_phone(&self, request: ManagePhone) -> Result<(), SoapFault> {
        fault(self.0.lock().manage_phone(request))
    }
}

impl CallGroupServiceServer for Services {
    async fn add_call_group(&self, call_group: CallGroup) -> Result<(), SoapFault> {
        fault(self.0.lock().add_call_group(call_group))
    }

    async fn get_call_groups(&self) -> Result<Vec<CallGroup>, SoapFault> {
        Ok(self.0.call_groups())
    }
}

impl ParkOrbitServiceServer for Services {
    async fn add_park_orbit(&self, park_orbit: ParkOrbit) -> Result<(), SoapFault> {
        fault(self.0.lock().add_park_orbit(park_orbit))
    }

    async fn get_park_orbits(&self) -> Result<Vec<ParkOrbit>, SoapFault> {
        Ok(self.0.park_orbits())
    }
}

impl TestServiceServer for Services {
    async fn reset_services(&self, request: ResetServices) -> Result<(), SoapFault> {
        self.0.lock().reset(&request);
        Ok(())
    }
}
