//! compgap — a competence gap analyzer for information security management
//! systems (ISO/IEC 27001 clause 7.2), built on the ISO/IEC 27021:2017
//! competence catalog.
//!
//! Data flows one way: [`load`] reads and checks the YAML workspace into a
//! [`model::Workspace`], [`engine`] applies the gap rules (no I/O),
//! [`render`] turns results into bytes, and [`output`] writes them
//! atomically. The command glue lives in the binary's `cmd` modules.
//!
//! The library never prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod catalog;
pub mod diag;
pub mod engine;
pub mod escape;
pub mod load;
pub mod model;
pub mod output;
pub mod questionnaire;
pub mod render;
pub mod schema;
pub mod suggest;
pub mod templates;
#[cfg(test)]
mod test_rng;
pub mod yaml;
