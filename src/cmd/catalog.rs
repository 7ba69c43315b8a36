//! `compgap catalog` (in progress).

use anyhow::Result;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List the competences
    List,
}

pub fn run(_cmd: &CatalogCommand) -> Result<ExitCode> {
    anyhow::bail!("`catalog` is not available yet")
}
