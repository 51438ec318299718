//! Call flows: placing, ringing, answering, holding, transferring,
//! redirecting, picking up, parking and clearing calls, each step posting
//! the CallInfo (and UserInfo) events the real PBX would.
//!
//! The state of a leg is what the PBX sees on the signalling towards the
//! leg's device: a call the device places is inbound (`0x80` clear), a call
//! the PBX offers to the device is outbound. Clearing by the PBX (UserClear,
//! the other party hanging up) shows "disconnect sent" (6) on the leg, the
//! device hanging up "disconnect received" (7); the leg's last event has
//! `active` false. `msg` names the message: `x-` for what the PBX sends to
//! the device, `r-` for what it receives (`x-setup`, `r-alert`, `r-conn`,
//! `x-disc`, `r-rel`, ...).

use super::calls::{
    ALERT, CALL_PROC, CAUSE_ABSENT, CAUSE_NORMAL, CAUSE_REJECTED, CAUSE_UNALLOCATED, CONNECT, DISC_RECEIVED,
    DISC_SENT, Leg, PARKED, Remote, no, url_encode,
};
use super::pbx::Pbx;
use crate::innovaphone::No;
use crate::mock::{MockResult, refuse};

/// Where a dialled destination leads.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// A registered PBX object, on this device.
    User { cn: String, hw: String },
    /// A number leaving the PBX through its trunk.
    External(String),
    /// Nobody: the call is cleared with this cause.
    Unreachable(i32),
}

impl Pbx {
    /// The first registered device of `cn`.
    fn registered_hw(&self, cn: &str) -> Option<String> {
        self.dir.get(cn).and_then(|e| e.registrations.iter().next().cloned())
    }

    fn resolve(&self, cn: &str, e164: &str, h323: &str) -> (Target, No) {
        if let Some(e) = self.dir.destination(cn, e164, h323) {
            let peer = no("peer", &e.spec.cn, &e.spec.dn, &e.spec.e164, &e.spec.h323);
            return match self.registered_hw(&e.spec.cn) {
                Some(hw) => (Target::User { cn: e.spec.cn.clone(), hw }, peer),
                None => (Target::Unreachable(CAUSE_ABSENT), peer),
            };
        }
        let peer = no("peer", "", "", e164, h323);
        if cn.is_empty() && !e164.is_empty() && e164.starts_with(&self.cfg.trunk_prefix) {
            return (Target::External(e164.to_owned()), peer);
        }
        (Target::Unreachable(CAUSE_UNALLOCATED), peer)
    }

    /// A live (not disconnecting) leg.
    pub fn live_leg(&self, id: i32) -> MockResult<&Leg> {
        match self.legs.get(&id) {
            Some(leg) if leg.live() => Ok(leg),
            Some(_) => refuse!("call {id} is being cleared"),
            None => refuse!("no call {id} (never placed, or cleared)"),
        }
    }

    /// A call from `from_cn`'s device (its first registered one, or `hw`)
    /// to the destination named by `cn`, `e164` or `h323`, as UserCall
    /// places it and a user dialling on the phone does. `srce164`
    /// overrides the number the callee sees; starting with `r` or `R` it
    /// hides the caller (CLIR). Returns the caller's leg.
    pub fn originate(
        &mut self,
        from_cn: &str,
        hw: &str,
        dest: (&str, &str, &str),
        srce164: &str,
    ) -> MockResult<i32> {
        let Some(registered) = self.registered_hw(from_cn) else {
            refuse!("{from_cn:?} has no registered device to call from")
        };
        let hw = if hw.is_empty() { registered } else { hw.to_owned() };
        let (target, peer) = self.resolve(dest.0, dest.1, dest.2);
        let mut caller = self.no_of("peer", from_cn);
        if srce164.starts_with(['r', 'R']) {
            caller = no("peer", "", "", "", "");
        } else if !srce164.is_empty() {
            caller.e164 = srce164.to_owned();
        }
        let conf = self.next_conf();
        let a = self.next_leg_id();
        self.open_leg(Leg::new(a, from_cn, &hw, false, peer, &conf), "r-setup");
        self.change(a, "x-call-proc", |l| l.phase = CALL_PROC);
        match target {
            Target::User { cn, hw } => {
                let b = self.next_leg_id();
                let mut leg = Leg::new(b, &cn, &hw, true, caller, &conf);
                leg.remote = Remote::Leg(a);
                if let Some(l) = self.legs.get_mut(&a) {
                    l.remote = Remote::Leg(b);
                }
                self.open_leg(leg, "x-setup");
                self.change(b, "r-alert", |l| l.phase = ALERT);
                self.change(a, "x-alert", |l| l.phase = ALERT);
            }
            Target::External(_) => {
                self.change(a, "x-alert", |l| {
                    l.phase = ALERT;
                    l.remote = Remote::External { answered: false };
                });
            }
            Target::Unreachable(cause) => self.disconnect(a, DISC_SENT, cause),
        }
        Ok(a)
    }

    /// A call from outside (number `from`, name `name`) ringing at `to`'s
    /// registered device. Returns the leg.
    pub fn offer(&mut self, from: &str, name: &str, to: &str) -> MockResult<i32> {
        self.dir.entry(to)?;
        let Some(hw) = self.registered_hw(to) else { refuse!("{to:?} has no registered device to ring") };
        let conf = self.next_conf();
        let id = self.next_leg_id();
        let mut leg = Leg::new(id, to, &hw, true, no("peer", "", name, from, ""), &conf);
        leg.remote = Remote::External { answered: true };
        self.open_leg(leg, "x-setup");
        self.change(id, "r-alert", |l| l.phase = ALERT);
        Ok(id)
    }

    /// The device of leg `id` accepts the ringing call (or UserConnect
    /// makes it). The caller's leg connects too.
    pub fn answer(&mut self, id: i32) -> MockResult<()> {
        let leg = self.live_leg(id)?;
        if !leg.ringing() {
            refuse!("call {id} is not ringing at {:?}'s device", leg.owner)
        }
        let remote = leg.remote.clone();
        self.change(id, "r-conn", |l| l.phase = CONNECT);
        if let Remote::Leg(other) = remote
            && self.legs.get(&other).is_some_and(|l| l.live() && l.phase != CONNECT)
        {
            self.change(other, "x-conn", |l| l.phase = CONNECT);
        }
        Ok(())
    }

    /// The external party leg `id` calls answers.
    pub fn remote_answer(&mut self, id: i32) -> MockResult<()> {
        let leg = self.live_leg(id)?;
        if leg.remote != (Remote::External { answered: false }) {
            refuse!("call {id} is not ringing at an external party")
        }
        self.change(id, "x-conn", |l| {
            l.phase = CONNECT;
            l.remote = Remote::External { answered: true };
        });
        Ok(())
    }

    /// Disconnects leg `id` with `phase` (6 or 7) and `cause`, then
    /// releases it, unless a `disc` handle keeps it until the phone goes on
    /// hook.
    fn disconnect(&mut self, id: i32, phase: u8, cause: i32) {
        let Some(leg) = self.legs.get(&id) else { return };
        let keep = phase == DISC_SENT && self.disc_watched(&leg.owner, &leg.hw);
        let msg = if phase == DISC_SENT { "x-disc" } else { "r-disc" };
        self.change(id, msg, |l| {
            l.phase = phase;
            l.cause = Some(cause);
            l.on_hold = false;
            l.held_by_peer = false;
            l.remote = Remote::None;
            l.awaiting_on_hook = keep;
        });
        if !keep {
            self.release(id, if phase == DISC_SENT { "r-rel" } else { "x-rel" });
        }
    }

    /// Clears leg `id` and the other party's leg: by the PBX (UserClear)
    /// or by the leg's device hanging up.
    pub fn clear(&mut self, id: i32, by_device: bool, cause: i32) -> MockResult<()> {
        let leg = self.live_leg(id)?;
        let remote = leg.remote.clone();
        let cause = if cause == 0 { CAUSE_NORMAL } else { cause };
        self.disconnect(id, if by_device { DISC_RECEIVED } else { DISC_SENT }, cause);
        if let Remote::Leg(other) = remote
            && self.legs.get(&other).is_some_and(Leg::live)
        {
            self.disconnect(other, DISC_SENT, cause);
        }
        Ok(())
    }

    /// The device of leg `id` goes on hook: it hangs up a live call
    /// (rejects it while ringing), or ends a leg kept for `disc`.
    pub fn on_hook(&mut self, id: i32) -> MockResult<()> {
        match self.legs.get(&id) {
            Some(leg) if leg.awaiting_on_hook => {
                self.release(id, "r-rel");
                Ok(())
            }
            Some(leg) if leg.ringing() => self.clear(id, true, CAUSE_REJECTED),
            _ => self.clear(id, true, CAUSE_NORMAL),
        }
    }

    /// The party at the other end of leg `id` hangs up.
    pub fn remote_hang_up(&mut self, id: i32) -> MockResult<()> {
        match self.live_leg(id)?.remote.clone() {
            Remote::Leg(other) => self.clear(other, true, CAUSE_NORMAL),
            Remote::External { .. } => {
                self.disconnect(id, DISC_SENT, CAUSE_NORMAL);
                Ok(())
            }
            Remote::None => refuse!("call {id} has nobody at the other end"),
        }
    }

    /// UserHold: the leg goes on hold (`0x100`), the other party's leg is
    /// held by its peer (`0x200`).
    pub fn hold(&mut self, id: i32) -> MockResult<()> {
        let leg = self.live_leg(id)?;
        if !leg.connected() || leg.on_hold {
            refuse!("call {id} is not connected, or already on hold")
        }
        let remote = leg.remote.clone();
        self.change(id, "r-hold", |l| l.on_hold = true);
        if let Remote::Leg(other) = remote {
            self.change(other, "x-hold", |l| l.held_by_peer = true);
        }
        Ok(())
    }

    /// UserRetrieve: the reverse of [`Pbx::hold`].
    pub fn retrieve(&mut self, id: i32) -> MockResult<()> {
        let leg = self.live_leg(id)?;
        if !leg.on_hold {
            refuse!("call {id} is not on hold")
        }
        let remote = leg.remote.clone();
        self.change(id, "r-retrieve", |l| l.on_hold = false);
        if let Remote::Leg(other) = remote {
            self.change(other, "x-retrieve", |l| l.held_by_peer = false);
        }
        Ok(())
    }

    /// UserTransfer: connects the other parties of `a` and `b`, two calls
    /// of one user, and clears both of the user's legs. Each party's leg
    /// gets a `ct` No naming the user and, as `peer`, the other party; with
    /// `xfer` the user's legs report an `xfer` No first. `b` may still be
    /// ringing at its party (a transfer before answer).
    pub fn transfer(&mut self, a: i32, b: i32) -> MockResult<()> {
        let (la, lb) = (self.live_leg(a)?.clone(), self.live_leg(b)?.clone());
        if a == b || la.owner != lb.owner {
            refuse!("UserTransfer needs two calls of one user (calls {a} and {b})")
        }
        if !la.connected() || !(lb.connected() || lb.phase == ALERT) {
            refuse!("UserTransfer: call {a} must be connected and call {b} connected or ringing")
        }
        let user = self.no_of("ct", &la.owner);
        for (leg, to) in [(&la, &lb.peer), (&lb, &la.peer)] {
            if self.xfer_watched(&leg.owner, &leg.hw) {
                let xfer = No { r#type: "xfer".into(), ..to.clone() };
                self.change(leg.id, "x-facility", |l| l.set_no(xfer));
            }
        }
        self.join(&la.remote, &lb, &user);
        self.join(&lb.remote, &la, &user);
        self.release(a, "x-rel");
        self.release(b, "x-rel");
        Ok(())
    }

    /// After a transfer: the party at `remote` is now connected to what
    /// `other` (the user's other leg) was connected to.
    fn join(&mut self, remote: &Remote, other: &Leg, user: &No) {
        let Remote::Leg(id) = remote else { return };
        let new_remote = match &other.remote {
            Remote::Leg(x) => Remote::Leg(*x),
            Remote::External { .. } => Remote::External { answered: other.connected() },
            Remote::None => Remote::None,
        };
        let peer = No { r#type: "peer".into(), ..other.peer.clone() };
        let user = user.clone();
        self.change(*id, "x-facility", |l| {
            l.remote = new_remote;
            l.peer = peer;
            l.held_by_peer = false;
            l.set_no(user);
        });
    }

    /// UserRedirect / UserReroute: the other party of leg `id` is offered
    /// to the destination, and the user's leg is cleared. `false` (and no
    /// change) when the destination cannot be reached.
    pub fn redirect(&mut self, id: i32, dest: (&str, &str, &str)) -> MockResult<bool> {
        let leg = self.live_leg(id)?.clone();
        let (Target::User { cn, hw }, _) = self.resolve(dest.0, dest.1, dest.2) else { return Ok(false) };
        let new = self.next_leg_id();
        let mut ringing = Leg::new(new, &cn, &hw, true, leg.peer.clone(), &leg.conf);
        ringing.set_no(self.no_of("leg2", &leg.owner));
        ringing.remote = match leg.remote {
            Remote::Leg(x) => Remote::Leg(x),
            _ => Remote::External { answered: true },
        };
        self.open_leg(ringing, "x-setup");
        if let Remote::Leg(x) = leg.remote {
            let peer = self.no_of("peer", &cn);
            self.change(x, "x-facility", |l| {
                l.remote = Remote::Leg(new);
                l.peer = peer;
            });
        }
        self.change(new, "r-alert", |l| l.phase = ALERT);
        self.release(id, "x-rel");
        Ok(true)
    }

    /// UserPickup for `user`: the call named by handle `call` (ringing or
    /// parked), else the first call ringing at `cn`, else at a member of
    /// `group`, else (all empty) at any member of the user's groups, is
    /// offered as a new call at the user's device (ringing). Returns the
    /// new leg.
    pub fn pickup(&mut self, user: &str, cn: &str, call: i32, group: &str) -> MockResult<i32> {
        let Some(hw) = self.registered_hw(user) else { refuse!("{user:?} has no registered device") };
        let ringing = |l: &&Leg| l.ringing() && l.owner != user;
        let picked = if call != 0 {
            match self.legs.get(&call) {
                Some(l) if l.active && (l.ringing() || l.phase == PARKED) => Some(l),
                _ => refuse!("call {call} is neither ringing nor parked"),
            }
        } else if !cn.is_empty() {
            self.legs.values().filter(ringing).find(|l| l.owner == cn)
        } else if !group.is_empty() {
            let members: Vec<String> = self
                .dir
                .entries()
                .filter(|e| e.spec.groups.iter().any(|(g, _)| g == group))
                .map(|e| e.spec.cn.clone())
                .collect();
            self.legs.values().filter(ringing).find(|l| members.contains(&l.owner))
        } else {
            let mates = self.group_mates(user);
            self.legs.values().filter(ringing).find(|l| mates.contains(&l.owner))
        };
        let Some(old) = picked.cloned() else { refuse!("no call to pick up") };
        let new = self.next_leg_id();
        let mut leg = Leg::new(new, user, &hw, true, old.peer.clone(), &old.conf);
        leg.set_no(no("picking", "", "", "", ""));
        leg.set_no(self.no_of("ct", &old.owner));
        leg.remote = old.remote.clone();
        self.open_leg(leg, "x-setup");
        if let Remote::Leg(x) = old.remote {
            let peer = self.no_of("peer", user);
            self.change(x, "x-facility", |l| {
                l.remote = Remote::Leg(new);
                l.peer = peer;
                l.held_by_peer = false;
            });
        }
        if let Some(l) = self.legs.get_mut(&old.id) {
            l.set_no(no("picking", user, user, "", ""));
        }
        self.release(old.id, "x-rel");
        self.change(new, "r-alert", |l| l.phase = ALERT);
        Ok(new)
    }

    /// UserPark: the other party of connected leg `id` waits at object
    /// `cn` (the user itself when empty) on `position` (-1: the first
    /// free one), held; the user's leg is cleared with a `parked-to` No.
    /// Returns the parked call's handle (0 when the position is taken).
    pub fn park(&mut self, id: i32, cn: &str, position: i32) -> MockResult<i32> {
        let leg = self.live_leg(id)?.clone();
        if !leg.connected() {
            refuse!("call {id} is not connected")
        }
        let at = if cn.is_empty() { leg.owner.clone() } else { cn.to_owned() };
        self.dir.entry(&at)?;
        let taken = |p: i32| {
            self.legs.values().any(|l| l.phase == PARKED && l.owner == at && l.hw == format!("park-{p}"))
        };
        let position = if position < 0 { (0..).find(|p| !taken(*p)).unwrap_or(0) } else { position };
        if taken(position) {
            return Ok(0);
        }
        let new = self.next_leg_id();
        let mut parked = Leg::new(new, &at, &format!("park-{position}"), true, leg.peer.clone(), &leg.conf);
        parked.phase = PARKED;
        parked.remote = leg.remote.clone();
        self.open_leg(parked, "x-park");
        if let Remote::Leg(x) = leg.remote {
            self.change(x, "x-hold", |l| {
                l.remote = Remote::Leg(new);
                l.held_by_peer = true;
            });
        }
        let parked_to = self.no_of("parked-to", &at);
        if let Some(l) = self.legs.get_mut(&id) {
            l.set_no(parked_to);
        }
        self.release(id, "r-rel");
        Ok(new)
    }

    /// UserCtComplete: the device of leg `id` is told its peer is now
    /// `e164`/`h323`.
    pub fn ct_complete(&mut self, id: i32, e164: &str, h323: &str) -> MockResult<()> {
        self.live_leg(id)?;
        let peer = no("peer", "", "", e164, h323);
        self.change(id, "x-facility", |l| l.peer = peer);
        Ok(())
    }

    /// UserUUI towards the other party: its leg reports the UUI,
    /// url-encoded, in an `uui` Info record.
    pub fn send_uui(&mut self, id: i32, uui: &str) -> MockResult<()> {
        if let Remote::Leg(other) = self.live_leg(id)?.remote {
            let encoded = url_encode(uui);
            self.change(other, "r-info", |l| l.uui = Some(encoded));
        }
        Ok(())
    }
}
