//! `compgap coverage` (in progress).

use crate::cli::Common;
use anyhow::Result;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub common: Common,
}

pub fn run(_args: &CoverageArgs) -> Result<ExitCode> {
    anyhow::bail!("`coverage` is not available yet")
}
