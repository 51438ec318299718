//! `CallInfo.state`, the bit field the Reference10 article defines, as a
//! typed value.

use super::CallInfo;

/// The phase of a call: `state & 0xF`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CallPhase {
    /// 1: setup.
    Setup,
    /// 2: setup acknowledged (overlap dialling).
    SetupAck,
    /// 3: call proceeding.
    CallProc,
    /// 4: alerting (ringing).
    Alert,
    /// 5: connected.
    Connect,
    /// 6: disconnect sent.
    DisconnectSent,
    /// 7: disconnect received.
    DisconnectReceived,
    /// 8: parked.
    Parked,
    /// A phase value the article does not define (0, 9..15), as sent.
    Other(u8),
}

impl CallPhase {
    fn from_nibble(n: u8) -> Self {
        match n {
            1 => CallPhase::Setup,
            2 => CallPhase::SetupAck,
            3 => CallPhase::CallProc,
            4 => CallPhase::Alert,
            5 => CallPhase::Connect,
            6 => CallPhase::DisconnectSent,
            7 => CallPhase::DisconnectReceived,
            8 => CallPhase::Parked,
            other => CallPhase::Other(other),
        }
    }
}

/// Direction of a call leg, seen from the PBX: a call from the PBX to the
/// user's device is outbound (bit `0x80`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CallDirection {
    Inbound,
    Outbound,
}

/// A decoded `CallInfo.state`; [`CallState::raw`] keeps the value as sent,
/// bits the article does not define included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct CallState {
    raw: i32,
}

const PHASE_MASK: i32 = 0xF;
const OUTBOUND: i32 = 0x80;
const ON_HOLD: i32 = 0x100;
const HELD_BY_PEER: i32 = 0x200;

impl CallState {
    pub fn new(raw: i32) -> Self {
        CallState { raw }
    }

    /// The value as the PBX sent it.
    pub fn raw(self) -> i32 {
        self.raw
    }

    pub fn phase(self) -> CallPhase {
        // The mask leaves 0..=15, which fits a u8.
        CallPhase::from_nibble((self.raw & PHASE_MASK) as u8)
    }

    pub fn direction(self) -> CallDirection {
        if self.raw & OUTBOUND != 0 { CallDirection::Outbound } else { CallDirection::Inbound }
    }

    /// The user put the call on hold (bit `0x100`).
    pub fn on_hold(self) -> bool {
        self.raw & ON_HOLD != 0
    }

    /// The peer put the call on hold (bit `0x200`).
    pub fn held_by_peer(self) -> bool {
        self.raw & HELD_BY_PEER != 0
    }
}

impl From<i32> for CallState {
    fn from(raw: i32) -> Self {
        CallState::new(raw)
    }
}

impl CallInfo {
    /// [`CallInfo::state`] decoded.
    pub fn call_state(&self) -> CallState {
        CallState::new(self.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bit_of_the_article_table() {
        let phases = [
            (1, CallPhase::Setup),
            (2, CallPhase::SetupAck),
            (3, CallPhase::CallProc),
            (4, CallPhase::Alert),
            (5, CallPhase::Connect),
            (6, CallPhase::DisconnectSent),
            (7, CallPhase::DisconnectReceived),
            (8, CallPhase::Parked),
            (0, CallPhase::Other(0)),
            (15, CallPhase::Other(15)),
        ];
        for (raw, phase) in phases {
            let s = CallState::new(raw);
            assert_eq!(s.phase(), phase, "{raw}");
            assert_eq!(s.direction(), CallDirection::Inbound);
            assert!(!s.on_hold() && !s.held_by_peer());
        }
        // Outbound, connected, on hold and held by the peer at once.
        let s = CallState::new(0x80 | 0x100 | 0x200 | 5);
        assert_eq!(s.phase(), CallPhase::Connect);
        assert_eq!(s.direction(), CallDirection::Outbound);
        assert!(s.on_hold() && s.held_by_peer());
        assert_eq!(s.raw(), 0x385);
        // Bits beyond the table are kept, and do not disturb the rest.
        let s = CallState::new(0x1000 | 0x84);
        assert_eq!((s.phase(), s.direction(), s.raw()), (CallPhase::Alert, CallDirection::Outbound, 0x1084));
        assert_eq!(CallState::new(-1).phase(), CallPhase::Other(15));
    }
}
