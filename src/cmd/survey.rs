//! `compgap survey [WORKSPACE] -o FILE.xlsx [--person ID] [--role ID]`: the
//! workbook to collect an assessment round; `import --update` reads it back.

use crate::cli::Common;
use anyhow::{Context, Result, bail};
use clap::Args;
use compgap::render::survey::{Selection, workbook};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct SurveyArgs {
    #[command(flatten)]
    pub common: Common,
    /// Only this person's form
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,
    /// Only the holders of this role, and the competences it requires
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,
}

pub fn run(args: &SurveyArgs) -> Result<ExitCode> {
    let Some(output) = args
        .common
        .output
        .path()
        .filter(|o| *o != std::path::Path::new("-"))
    else {
        bail!("survey writes a workbook: give its path with --output FILE.xlsx");
    };
    let (ws, as_of) = super::prepare(&args.common)?;
    super::check_filters(&ws, args.person.as_deref(), args.role.as_deref())?;
    let sel = Selection::new(&ws, args.person.as_deref(), args.role.as_deref());
    let bytes = workbook(&ws, &sel, as_of).context("cannot build the workbook")?;
    compgap::output::emit(Some(output), &bytes, &ws.inputs)?;
    Ok(ExitCode::SUCCESS)
}
