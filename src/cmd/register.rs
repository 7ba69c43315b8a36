//! `compgap register` (in progress).

use crate::cli::Common;
use anyhow::Result;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    pub common: Common,
}

pub fn run(_args: &RegisterArgs) -> Result<ExitCode> {
    anyhow::bail!("`register` is not available yet")
}
