//! Helpers shared by integration tests.

pub mod files;
pub mod fuzz;

/// The built `compgap`, with no `SOURCE_DATE_EPOCH` from the caller's
/// environment and no colour: what most tests run.
pub fn compgap() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("compgap").expect("binary");
    cmd.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    cmd
}
