//! `compgap compare OLD NEW`: two assessment rounds side by side.
//!
//! OLD and NEW are workspaces (each with its roles and people); each is
//! analysed with its own data and the same `--as-of`.

use crate::cli::{AsOfArg, OutputArg, PageFormatArg};
use anyhow::Result;
use clap::Args;
use compgap::engine::{self, compare};
use compgap::output::emit;
use compgap::render::compare as render;
use compgap::render::html;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
#[command(mut_arg("as_of", |a| a.help("Date of the analysis of both rounds, YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else today]")))]
pub struct CompareArgs {
    /// The earlier round: a workspace folder (with roles/ and people/)
    pub old: PathBuf,
    /// The later round: a workspace folder
    pub new: PathBuf,
    #[command(flatten)]
    pub format: PageFormatArg,
    /// Include rows met in both rounds
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub output: OutputArg,
    #[command(flatten)]
    pub as_of: AsOfArg,
}

pub fn run(args: &CompareArgs) -> Result<ExitCode> {
    let as_of = args.as_of.date()?;
    let old = super::load_valid(&args.old, as_of)?;
    let new = super::load_valid(&args.new, as_of)?;
    let (old_analysis, new_analysis) = (engine::analyze(&old, as_of), engine::analyze(&new, as_of));
    let comparison = compare::compare(&old, &old_analysis, &new, &new_analysis);
    let style = super::style(args.output.path());
    let bytes = match args.format.format.tabular() {
        Some(format) => super::render(&render::filtered(&comparison, args.all), format, style),
        None => html::compare(&comparison, &old_analysis, &new_analysis)?,
    };
    let inputs: Vec<PathBuf> = old.inputs.iter().chain(&new.inputs).cloned().collect();
    emit(args.output.path(), &bytes, &inputs)?;
    Ok(ExitCode::SUCCESS)
}
