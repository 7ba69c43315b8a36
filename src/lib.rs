//! compgap — a competence gap analyzer for information security management
//! systems (ISO/IEC 27001 clause 7.2), built on the ISO/IEC 27021:2017
//! competence catalog.
//!
//! Data flows load → engine → render → output: [`load`] reads and checks
//! the YAML workspace (with [`yaml`], the position-keeping reader) into a
//! [`model::Workspace`], [`engine`] applies the gap rules (no I/O) and
//! decides what each view shows, [`render`] lays results out as bytes, and
//! [`output`] writes them atomically. Beside them: [`catalog`] (the
//! competence catalog; the bundled one is read with `load`'s catalog
//! reader), [`diag`] (diagnostics), [`questionnaire`] (the steps of
//! `assess`) and [`suggest`] ("did you mean"). One link still runs
//! backwards: the register's CSV columns and their un-neutralising are
//! shared between `load::register` and `render`. The command glue lives in
//! the binary's `cmd` modules.
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
