//! `compgap man`: the manual page (roff), on stdout.

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ManArgs {}

pub fn run(_: &ManArgs) -> Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(crate::cli::Cli::command())
        .render(&mut page)
        .context("cannot write the manual page")?;
    compgap::output::emit(None, &page, &[])?;
    Ok(ExitCode::SUCCESS)
}
