//! `compgap import FILE… [--into WORKSPACE] [--update] [--dry-run]`: people
//! and roles from spreadsheets (CSV or XLSX), all or nothing.

use crate::cli::AsOfArg;
use anyhow::Result;
use clap::Args;
use compgap::load::import::{self, Options};
use compgap::load::sheet;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
#[command(mut_arg("as_of", |a| a.help("Default `assessed_on` of a new person, YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else today]")))]
pub struct ImportArgs {
    /// CSV or XLSX files: a skills matrix, a skills inventory or a competence library
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The workspace to write into
    #[arg(long, value_name = "WORKSPACE", default_value = ".")]
    pub into: PathBuf,
    /// Update existing files: replace what the sheet names, keep the rest
    #[arg(long)]
    pub update: bool,
    /// Show what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The sheet of an XLSX workbook to read [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub as_of: AsOfArg,
}

pub fn run(args: &ImportArgs) -> Result<ExitCode> {
    let as_of = args.as_of.date()?;
    let ws = super::load_valid(&args.into, as_of)?;
    let folders = compgap::load::folders(&args.into)?;
    let sheets = args
        .files
        .iter()
        .map(|f| sheet::read(f, args.sheet.as_deref()))
        .collect::<Result<Vec<_>>>()?;
    let plan = import::plan(
        &ws,
        &folders,
        &sheets,
        Options {
            update: args.update,
            as_of,
        },
    );
    for d in &plan.diagnostics {
        eprintln!("{}", import::located(d));
    }
    if plan.errors() > 0 {
        eprintln!(
            "error: {} problem{} in the sheet{}; nothing was written: fix them and run again",
            plan.errors(),
            if plan.errors() == 1 { "" } else { "s" },
            if sheets.len() == 1 { "" } else { "s" },
        );
        return Err(super::Findings.into());
    }
    let summary = compgap::render::import::summary(&plan, args.dry_run);
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for r in plan.roles.iter().filter(|r| !r.unchanged()) {
        files.push((r.path.clone(), r.after.to_yaml().into_bytes()));
    }
    for p in plan.people.iter().filter(|p| !p.unchanged()) {
        files.push((p.path.clone(), p.after.to_yaml().into_bytes()));
    }
    if !args.dry_run {
        compgap::output::write_batch(&files, args.update)?;
    }
    print!("{summary}");
    Ok(ExitCode::SUCCESS)
}
