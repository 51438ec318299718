//! Phones of the simulated sipXconfig (PhoneService).

use super::model::{Sipx, edit_text};
use crate::mock::{MockResult, refuse};
use crate::sipxconfig::{Line, ManagePhone, Phone, PhoneSearch};

/// The model ids the vendor document lists as supported.
pub const PHONE_MODELS: &[&str] = &[
    "aastra53i",
    "aastra55i",
    "aastra57i",
    "aastra560m",
    "aastra sip ip 53i",
    "audiocodesMP112_FXS",
    "audiocodesMP114_FXS",
    "audiocodesMP118_FXS",
    "audiocodesMP124_FXS",
    "avaya-1210",
    "avaya-1220",
    "avaya-1230",
    "bria",
    "ciscoplus7911G",
    "ciscoplus7941G",
    "ciscoplus7945G",
    "ciscoplus7961G",
    "ciscoplus7965G",
    "ciscoplus7970G",
    "ciscoplus7975G",
    "cisco7960",
    "cisco7940",
    "cisco7912",
    "cisco7905",
    "cisco18x",
    "clearone",
    "gtekAq10x",
    "gtekHl20x",
    "gtekVt20x",
    "gsPhoneBt100",
    "gsPhoneBt200",
    "gsPhoneGxp2020",
    "gsPhoneGxp2010",
    "gsPhoneGxp2000",
    "gsPhoneGxp1200",
    "gsPhoneGxv3000",
    "gsFxsGxw4004",
    "gsFxsGxw4008",
    "gsHt286",
    "gsHt386",
    "gsHt486",
    "gsHt488",
    "gsHt496",
    "hitachi3000",
    "hitachi5000",
    "hitachi5000A",
    "ipDialog",
    "isphone",
    "karelIP116",
    "karelIP112",
    "karelIP111",
    "karelNT32I",
    "karelNT42I",
    "linksys901",
    "linksys921",
    "linksys922",
    "linksys941",
    "linksys942",
    "linksys962",
    "linksys2102",
    "linksys3102",
    "linksys8000",
    "SPA501G",
    "SPA502G",
    "SPA504G",
    "SPA508G",
    "SPA509G",
    "SPA525G",
    "mitel",
    "nortel11xx",
    "nortel1535",
    "lip6804",
    "lip6812",
    "lip6830",
    "polycom321",
    "polycom320",
    "polycom330",
    "polycom331",
    "polycom335",
    "polycom430",
    "polycom450",
    "polycom550",
    "polycom560",
    "polycom650",
    "polycom670",
    "polycomVVX1500",
    "polycom5000",
    "polycom6000",
    "polycom7000",
    "snom300",
    "snom320",
    "snom360",
    "snom370",
    "snomM3",
    "unidatawpu7700",
];

/// A MAC address as sipXconfig takes it: 12 hex digits.
fn check_serial(serial: &str) -> MockResult<String> {
    let s = serial.trim().to_ascii_lowercase();
    if s.len() != 12 || !s.chars().all(|c| c.is_ascii_hexdigit()) {
        refuse!("serial number {serial:?} is not a MAC address of 12 hex digits")
    }
    Ok(s)
}

impl Sipx {
    /// AddPhone: a new MAC address (12 hex digits) and a supported model.
    pub fn add_phone(&mut self, phone: Phone) -> MockResult<()> {
        let serial = check_serial(&phone.serial_number)?;
        if self.phones.contains_key(&serial) {
            refuse!("AddPhone: a phone with serial number {serial} exists")
        }
        if !PHONE_MODELS.contains(&phone.model_id.as_str()) {
            refuse!("AddPhone: model {:?} is not supported", phone.model_id)
        }
        let mut phone = phone;
        phone.serial_number = serial.clone();
        self.phones.insert(serial, phone);
        Ok(())
    }

    /// By serial number, else by group, else all.
    pub fn search_phones(&self, search: &PhoneSearch) -> Vec<String> {
        if let Some(serial) = &search.by_serial_number {
            let serial = serial.trim().to_ascii_lowercase();
            return self.phones.contains_key(&serial).then_some(serial).into_iter().collect();
        }
        self.phones
            .values()
            .filter(|p| search.by_group.as_ref().is_none_or(|g| p.groups.contains(g)))
            .map(|p| p.serial_number.clone())
            .collect()
    }

    pub fn find_phone(&self, search: &PhoneSearch) -> Vec<Phone> {
        self.search_phones(search).iter().filter_map(|s| self.phones.get(s)).cloned().collect()
    }

    /// ManagePhone on every phone the search selects: deletion, or edits
    /// (`description`, `deviceVersion`, `modelId`), groups, lines added
    /// (`addExternalLine` as `<userId>@<registrationServer>`) and removed,
    /// profile generation and restarts (recorded).
    pub fn manage_phone(&mut self, req: ManagePhone) -> MockResult<()> {
        let serials = self.search_phones(&req.search);
        if req.delete_phone == Some(true) {
            for s in &serials {
                self.phones.remove(s);
            }
            return Ok(());
        }
        let mut edited = Vec::new();
        for serial in &serials {
            let Some(original) = self.phones.get(serial) else { continue };
            let mut phone = original.clone();
            edit_phone(&mut phone, &req)?;
            edited.push(phone);
        }
        for phone in edited {
            let serial = phone.serial_number.clone();
            self.phones.insert(serial.clone(), phone);
            if req.generate_profiles == Some(true) {
                self.profiles_generated.push(serial.clone());
            }
            if req.restart == Some(true) {
                self.restarted.push(serial);
            }
        }
        Ok(())
    }
}

fn edit_phone(phone: &mut Phone, req: &ManagePhone) -> MockResult<()> {
    for edit in &req.edit {
        match edit.property.as_str() {
            "description" => edit_text(&mut phone.description, edit),
            "deviceVersion" => edit_text(&mut phone.device_version, edit),
            "modelId" => match edit.value.as_deref() {
                Some(m) if PHONE_MODELS.contains(&m) => phone.model_id = m.to_owned(),
                other => refuse!("ManagePhone: model {other:?} is not supported"),
            },
            other => {
                refuse!("ManagePhone: no editable field {other:?} (description, deviceVersion, modelId)")
            }
        }
    }
    if let Some(group) = &req.add_group
        && !phone.groups.contains(group)
    {
        phone.groups.push(group.clone());
    }
    if let Some(group) = &req.remove_group {
        phone.groups.retain(|g| g != group);
    }
    if let Some(line) = &req.add_line {
        add_line(phone, line.clone())?;
    }
    if let Some(ext) = &req.add_external_line {
        let uri = format!("{}@{}", ext.user_id, ext.registration_server);
        add_line(phone, Line { user_id: ext.user_id.clone(), uri })?;
    }
    if let Some(user) = &req.remove_line_by_user_id {
        phone.lines.retain(|l| l.user_id != *user);
    }
    if let Some(uri) = &req.remove_line_by_uri {
        phone.lines.retain(|l| l.uri != *uri);
    }
    Ok(())
}

fn add_line(phone: &mut Phone, line: Line) -> MockResult<()> {
    if line.user_id.trim().is_empty() {
        refuse!("ManagePhone: a line needs a userId")
    }
    if phone.lines.iter().any(|l| l.uri == line.uri && l.user_id == line.user_id) {
        refuse!("ManagePhone: phone {} has line {} already", phone.serial_number, line.uri)
    }
    phone.lines.push(line);
    Ok(())
}
