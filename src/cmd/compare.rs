//! `compgap compare` (in progress).

use crate::cli::Common;
use anyhow::Result;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub common: Common,
}

pub fn run(_args: &CompareArgs) -> Result<ExitCode> {
    anyhow::bail!("`compare` is not available yet")
}
