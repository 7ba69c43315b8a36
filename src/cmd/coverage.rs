//! `compgap coverage`: the team matrix, bus factors and team actions.

use crate::cli::{Common, FormatArg};
use anyhow::Result;
use clap::Args;
use compgap::engine;
use compgap::output::emit;
use compgap::render::coverage::{self, Filter};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub format: FormatArg,
    /// Only holders of this role (id), the competences their roles require, and this role's team actions
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,
}

pub fn run(args: &CoverageArgs) -> Result<ExitCode> {
    let (ws, as_of) = super::prepare(&args.common)?;
    super::check_filters(&ws, None, args.role.as_deref())?;
    let analysis = engine::analyze(&ws, as_of);
    let filter = Filter {
        role: args.role.clone(),
    };
    let doc = coverage::build(&ws, &analysis, &filter);
    let style = super::style(args.common.output.path());
    let bytes = super::render(&doc, args.format.format, style);
    emit(args.common.output.path(), &bytes, &ws.inputs)?;
    Ok(ExitCode::SUCCESS)
}
