//! `compgap plan`: an individual development plan per person with gaps.

use crate::cli::{Common, Format};
use anyhow::Result;
use clap::Args;
use compgap::engine;
use compgap::output::emit;
use compgap::render::plan::{self, Filter};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub common: Common,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Only this person's plan (id)
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,
    /// Only the plans of this role's holders (id)
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,
}

pub fn run(args: &PlanArgs) -> Result<ExitCode> {
    let (ws, as_of) = super::prepare(&args.common)?;
    super::check_filters(&ws, args.person.as_deref(), args.role.as_deref())?;
    let analysis = engine::analyze(&ws, as_of);
    let filter = Filter {
        person: args.person.clone(),
        role: args.role.clone(),
    };
    let doc = plan::build(&ws, &analysis, &filter);
    let style = super::style(args.common.output.path());
    let bytes = super::render(&doc, args.format, style);
    emit(args.common.output.path(), &bytes, &ws.inputs)?;
    Ok(ExitCode::SUCCESS)
}
