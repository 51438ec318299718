//! sipXconfig's module generated with `Strings::Compact` by `build.rs`
//! (client and server side): its values hold `rt::CompactString`s, and it
//! must talk to the peers the `String` module talks to. Compiled with
//! warnings denied.
#![deny(warnings)]

pub mod sipxconfig {
    include!(concat!(env!("OUT_DIR"), "/compact_sipxconfig.rs"));
}
