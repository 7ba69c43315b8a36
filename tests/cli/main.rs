//! The integration tests: one binary, a module per command or concern,
//! run against the built `compgap` binary.

mod common;

mod assess;
mod bounded;
mod catalog;
mod compare;
mod csv_safety;
mod ecosystem;
mod editor;
mod engine;
mod evidence;
mod expiring;
mod fuzz_regressions;
mod hostile;
mod html;
mod import;
mod init;
mod loaders;
mod person_file;
mod plan_coverage;
mod readme;
mod register;
mod register_strict;
mod report;
mod schema;
mod suggestions;
mod survey;
mod templates;
mod terminal;
mod trust;
mod untrusted_text;
mod validate;
