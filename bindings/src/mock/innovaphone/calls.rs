//! Call legs: one per PBX object taking part in a call, with the state bit
//! field the Reference10 article defines, the parties (`No` records) and
//! the call's `Info` records.

use crate::innovaphone::{CallInfo, Info, No};

/// Phases (`state & 0xF`).
pub(super) const SETUP: u8 = 1;
pub(super) const CALL_PROC: u8 = 3;
pub(super) const ALERT: u8 = 4;
pub(super) const CONNECT: u8 = 5;
pub(super) const DISC_SENT: u8 = 6;
pub(super) const DISC_RECEIVED: u8 = 7;
pub(super) const PARKED: u8 = 8;

/// ISDN cause codes the mock uses.
pub(super) const CAUSE_UNALLOCATED: i32 = 1;
pub(super) const CAUSE_NORMAL: i32 = 16;
pub(super) const CAUSE_ABSENT: i32 = 20;
pub(super) const CAUSE_REJECTED: i32 = 21;

/// Who is at the other end of a leg.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Remote {
    /// Another leg of the mock (a user of its directory).
    Leg(i32),
    /// A party outside the PBX (a trunk call), or nobody yet (a parked
    /// call's park position, a call whose peer has gone).
    External {
        answered: bool,
    },
    None,
}

/// One leg of a call, seen from the PBX object `owner`.
#[derive(Debug, Clone)]
pub(super) struct Leg {
    pub id: i32,
    /// The cn of the PBX object the leg belongs to.
    pub owner: String,
    /// The device (hardware id) the leg is on.
    pub hw: String,
    pub phase: u8,
    /// From the PBX to the device (the article's 0x80).
    pub outbound: bool,
    pub on_hold: bool,
    pub held_by_peer: bool,
    pub remote: Remote,
    /// The `peer` No record: who the device sees at the other end.
    pub peer: No,
    /// Further No records (ct, xfer, leg2, picking, parked-to).
    pub nos: Vec<No>,
    /// The conference id all legs of a call share.
    pub conf: String,
    /// The latest cause, once there is one.
    pub cause: Option<i32>,
    /// The latest user-user information received, url-encoded.
    pub uui: Option<String>,
    pub msg: String,
    pub active: bool,
    /// Released by the PBX, but kept until the device goes on hook
    /// (UserInitialize's `disc`).
    pub awaiting_on_hook: bool,
}

impl Leg {
    pub fn new(id: i32, owner: &str, hw: &str, outbound: bool, peer: No, conf: &str) -> Leg {
        Leg {
            id,
            owner: owner.to_owned(),
            hw: hw.to_owned(),
            phase: SETUP,
            outbound,
            on_hold: false,
            held_by_peer: false,
            remote: Remote::None,
            peer,
            nos: Vec::new(),
            conf: conf.to_owned(),
            cause: None,
            uui: None,
            msg: String::new(),
            active: true,
            awaiting_on_hook: false,
        }
    }

    /// The `state` bit field.
    pub fn state(&self) -> i32 {
        let mut s = i32::from(self.phase);
        if self.outbound {
            s |= 0x80;
        }
        if self.on_hold {
            s |= 0x100;
        }
        if self.held_by_peer {
            s |= 0x200;
        }
        s
    }

    /// Ringing at the owner's device.
    pub fn ringing(&self) -> bool {
        self.outbound && self.phase == ALERT
    }

    pub fn connected(&self) -> bool {
        self.phase == CONNECT
    }

    /// Not yet disconnecting.
    pub fn live(&self) -> bool {
        self.active && !matches!(self.phase, DISC_SENT | DISC_RECEIVED)
    }

    /// The CallInfo event for the user handle `user`.
    pub fn call_info(&self, user: i32) -> CallInfo {
        let mut no = vec![self.peer.clone()];
        no.extend(self.nos.iter().cloned());
        let mut info = vec![Info { r#type: "conf".into(), vali: 0, vals: self.conf.clone() }];
        if let Some(cause) = self.cause {
            info.push(Info { r#type: "cause".into(), vali: cause, vals: String::new() });
        }
        if let Some(uui) = &self.uui {
            info.push(Info { r#type: "uui".into(), vali: 0, vals: uui.clone() });
        }
        CallInfo {
            user,
            call: self.id,
            reg: 0,
            active: self.active,
            state: self.state(),
            no,
            msg: self.msg.clone(),
            info,
        }
    }

    /// Sets (or replaces) the No record of `kind`.
    pub fn set_no(&mut self, no: No) {
        self.nos.retain(|n| n.r#type != no.r#type);
        self.nos.push(no);
    }
}

/// A No record.
pub(super) fn no(kind: &str, cn: &str, dn: &str, e164: &str, h323: &str) -> No {
    No {
        r#type: kind.to_owned(),
        cn: cn.to_owned(),
        dn: dn.to_owned(),
        e164: e164.to_owned(),
        h323: h323.to_owned(),
    }
}

/// A number with the characters `%`-encoded that UUI must not carry raw
/// (the article: from 13r3 on, UUI is url-encoded).
pub(super) fn url_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::innovaphone::{CallDirection, CallPhase};

    #[test]
    fn state_bits_decode_as_the_client_reads_them() {
        let mut leg = Leg::new(7, "Bob", "Bob", true, no("peer", "alice", "Alice", "201", "alice"), "c0");
        leg.phase = CONNECT;
        leg.held_by_peer = true;
        let info = leg.call_info(3);
        let state = info.call_state();
        assert_eq!((state.phase(), state.direction()), (CallPhase::Connect, CallDirection::Outbound));
        assert!(state.held_by_peer() && !state.on_hold());
        assert_eq!(info.state, 0x285);
        assert_eq!((info.user, info.call, info.no[0].e164.as_str()), (3, 7, "201"));
        assert_eq!(info.info[0].vals, "c0");
    }
}
