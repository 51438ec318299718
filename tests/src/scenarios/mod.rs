//! The calls of the interoperability tests, shared by every peer that
//! answers from the cases files under `tests/php/cases/` (PHP's SoapServer
//! and Axis): the same arguments, the same expected answers.

pub mod brekeke;
pub mod sipxconfig;
