//! `compgap plan` (in progress).

use crate::cli::Common;
use anyhow::Result;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub common: Common,
}

pub fn run(_args: &PlanArgs) -> Result<ExitCode> {
    anyhow::bail!("`plan` is not available yet")
}
