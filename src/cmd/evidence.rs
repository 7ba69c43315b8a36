//! `compgap evidence` (in progress).

use crate::cli::Common;
use anyhow::Result;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    #[command(flatten)]
    pub common: Common,
}

pub fn run(_args: &EvidenceArgs) -> Result<ExitCode> {
    anyhow::bail!("`evidence` is not available yet")
}
