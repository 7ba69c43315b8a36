//! One module per command: glue only (load → engine → render → write).
//!
//! A command file declares its arguments, flattening the shared groups of
//! [`crate::cli`] ([`Common`], or `OutputArg` and `AsOfArg`; `FormatArg`
//! or `PageFormatArg` when its formats are the analysis ones), and a
//! `run(&Args) -> Result<ExitCode>` that calls [`prepare`] (or
//! [`load_valid`]), the engine, a renderer ([`render`] for a document that
//! implements [`Tabular`]) and `output::emit`. Findings (exit 1) are
//! returned as [`Findings`]; every other error exits 2. A command is wired
//! in with a variant of [`Command`] and an arm in [`run`].

pub mod assess;
pub mod catalog;
pub mod compare;
pub mod completions;
pub mod coverage;
pub mod evidence;
pub mod import;
pub mod init;
pub mod man;
pub mod plan;
pub mod register;
pub mod report;
pub mod schema;
pub mod survey;
pub mod terminal;
pub mod validate;

use crate::cli::{Command, Common, Format};
use anyhow::{Result, bail};
use compgap::load::{Keep, Loaded, load_trusting};
use compgap::model::{Date, Workspace};
use compgap::render::{Style, Tabular};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

/// Exit code for findings (validation errors, `--fail-on`).
pub const FINDINGS: u8 = 1;

/// `--root DIR`, the trust root every workspace command uses.
static TRUST_ROOT: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Set `--root` once, before a command runs.
pub fn set_trust_root(root: Option<PathBuf>) {
    let _ = TRUST_ROOT.set(root);
}

/// `--root DIR`, if given.
pub fn trust_root() -> Option<&'static Path> {
    TRUST_ROOT.get().and_then(Option::as_deref)
}
/// The command ran and found what it reports as failure (validation
/// errors, `--fail-on`), and has said so: `main` exits [`FINDINGS`]
/// without printing more. Every other error is printed and exits 2.
#[derive(Debug)]
pub struct Findings;

impl std::fmt::Display for Findings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("findings reported")
    }
}

impl std::error::Error for Findings {}

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
        Command::Assess(a) => assess::run(&a),
        Command::Completions(a) => completions::run(&a),
        Command::Man(a) => man::run(&a),
        Command::Schema(a) => schema::run(&a),
        Command::Init(a) => init::run(&a),
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
        return Ok(Date::from_unix_seconds_checked(secs).unwrap_or(Date::MAX));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    Ok(Date::from_unix_seconds(now))
}

/// `SOURCE_DATE_EPOCH`, if set: a number of seconds in years 1 to 9999,
/// as `--as-of` dates are.
pub fn source_date_epoch() -> Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) if !s.trim().is_empty() => {
            let shown = compgap::escape::terminal(&s);
            let secs = s.trim().parse::<i64>().map_err(|_| {
                anyhow::anyhow!("SOURCE_DATE_EPOCH `{shown}` is not a number of seconds since 1970-01-01: fix or unset it")
            })?;
            if Date::from_unix_seconds_checked(secs).is_none() {
                bail!(
                    "SOURCE_DATE_EPOCH `{shown}` is outside the years 1 to 9999 (from -62135596800 to 253402300799 seconds): fix or unset it"
                );
            }
            Ok(Some(secs))
        }
        _ => Ok(None),
    }
}

/// How output to `output` (stdout when `None` or `-`) is styled: see
/// [`terminal::style`].
pub fn style(output: Option<&Path>) -> Style {
    terminal::style(output)
}

/// `doc` in one of the analysis formats; the terminal ones (table,
/// Markdown) fitted to `style`.
pub fn render(doc: &(impl Tabular + ?Sized), format: Format, style: Style) -> Vec<u8> {
    match format {
        Format::Table => style.fit(doc.table(style)),
        Format::Csv => doc.csv(),
        Format::Json => doc.json(),
        Format::Markdown => style.fit(doc.markdown()),
    }
}

/// Load a workspace for an analysis command. On a validation error, print
/// the diagnostics to stderr and fail with [`Findings`].
pub fn load_valid(workspace: &Path, as_of: Date) -> Result<Workspace> {
    let loaded = load_trusting(workspace, as_of, Keep::Errors, trust_root())?;
    if loaded.errors() > 0 {
        print_errors(&loaded);
        return Err(Findings.into());
    }
    Ok(loaded.workspace)
}

fn print_errors(loaded: &Loaded) {
    let mut text = String::new();
    for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
        text.push_str(&format!("{d}\n"));
    }
    text.push_str(&format!(
        "error: {} has {} error{}; run `compgap validate` for details, fix them and run again\n",
        compgap::load::display_path(&loaded.workspace.root),
        loaded.errors(),
        if loaded.errors() == 1 { "" } else { "s" }
    ));
    terminal::eprint(&text);
}

/// Load, resolve the date, and hand back what analysis commands need.
pub fn prepare(common: &Common) -> Result<(Workspace, Date)> {
    let date = common.as_of.date()?;
    Ok((load_valid(&common.workspace, date)?, date))
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
    if let (Some(p), Some(r)) = (person, role) {
        let holder = ws.person_index(p).map(|i| &ws.people[i]);
        if let Some(holder) = holder.filter(|h| !ws.holds(h, r)) {
            let roles: Vec<&str> = ws.role_ids(holder).collect();
            let roles = if roles.is_empty() {
                "no role".to_string()
            } else {
                roles.join(", ")
            };
            anyhow::bail!(
                "--person `{p}` does not hold --role `{r}` ({p} holds {roles}): drop one of the two, or give {p} the role in their assessment"
            );
        }
    }
    Ok(())
}
