//! One module per command: glue only (load → engine → render → write).

pub mod catalog;
pub mod compare;
pub mod coverage;
pub mod evidence;
pub mod import;
pub mod plan;
pub mod register;
pub mod report;
pub mod survey;
pub mod validate;

use crate::cli::{Command, Common};
use anyhow::Result;
use compgap::load::{Keep, Loaded, load_keeping};
use compgap::model::{Date, Workspace};
use compgap::render::Style;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Exit code for findings (validation errors, `--fail-on`).
pub const FINDINGS: u8 = 1;

pub fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Report(a) => report::run(&a),
        Command::Plan(a) => plan::run(&a),
        Command::Coverage(a) => coverage::run(&a),
        Command::Validate(a) => validate::run(&a),
        Command::Catalog(a) => catalog::run(&a),
        Command::Compare(a) => compare::run(&a),
        Command::Register(a) => register::run(&a),
        Command::Evidence(a) => evidence::run(&a),
        Command::Import(a) => import::run(&a),
        Command::Survey(a) => survey::run(&a),
    }
}

/// The analysis date: `--as-of`, else `SOURCE_DATE_EPOCH`, else today (UTC).
pub fn as_of(flag: Option<Date>) -> Result<Date> {
    if let Some(d) = flag {
        return Ok(d);
    }
    if let Some(secs) = source_date_epoch()? {
        return Ok(Date::from_unix_seconds(secs));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    Ok(Date::from_unix_seconds(now))
}

/// `SOURCE_DATE_EPOCH`, if set.
pub fn source_date_epoch() -> Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) if !s.trim().is_empty() => s.trim().parse::<i64>().map(Some).map_err(|_| {
            anyhow::anyhow!("SOURCE_DATE_EPOCH `{s}` is not a number of seconds since 1970-01-01: fix or unset it")
        }),
        _ => Ok(None),
    }
}

/// Colour on a terminal unless `NO_COLOR` is set, and never into a file.
pub fn style(output: Option<&Path>) -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Style {
        color: output.is_none() && !no_color && std::io::stdout().is_terminal(),
    }
}

/// Load a workspace for an analysis command. On a validation error, print
/// the diagnostics to stderr and return the exit code to stop with.
pub fn load_valid(
    workspace: &Path,
    as_of: Date,
) -> Result<std::result::Result<Workspace, ExitCode>> {
    let loaded = load_keeping(workspace, as_of, Keep::Errors)?;
    if loaded.errors() > 0 {
        print_errors(&loaded);
        return Ok(Err(ExitCode::from(FINDINGS)));
    }
    Ok(Ok(loaded.workspace))
}

fn print_errors(loaded: &Loaded) {
    for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{d}");
    }
    eprintln!(
        "error: {} has {} error{}; run `compgap validate` for details, fix them and run again",
        compgap::load::display_path(&loaded.workspace.root),
        loaded.errors(),
        if loaded.errors() == 1 { "" } else { "s" }
    );
}

/// Load, resolve the date, and hand back what analysis commands need.
pub fn prepare(common: &Common) -> Result<std::result::Result<(Workspace, Date), ExitCode>> {
    let date = as_of(common.as_of)?;
    Ok(load_valid(&common.workspace, date)?.map(|ws| (ws, date)))
}

/// `--person` and `--role` must name something that exists.
pub fn check_filters(ws: &Workspace, person: Option<&str>, role: Option<&str>) -> Result<()> {
    if let Some(p) = person {
        if ws.person_index(p).is_none() {
            let hint = compgap::diag::did_you_mean(p, ws.people.iter().map(|x| x.id.as_str()));
            anyhow::bail!("--person `{p}` is not in the workspace{hint}");
        }
    }
    if let Some(r) = role {
        if ws.role_index(r).is_none() {
            let hint = compgap::diag::did_you_mean(r, ws.roles.iter().map(|x| x.id.as_str()));
            anyhow::bail!("--role `{r}` is not in the workspace{hint}");
        }
    }
    Ok(())
}
