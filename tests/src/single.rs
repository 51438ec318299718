//! Each WSDL file under `wsdl/`, generated on its own by `build.rs`.
//! Compiled with warnings denied: generated code must be warning-free.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/single.rs"));
