//! `compgap validate [PATH…]`: check every input file and report every problem.
//!
//! A PATH may be a workspace folder or a file inside one; for a file, the
//! workspace around it is loaded (so that cross-references are checked)
//! and only that file's diagnostics are reported.

use crate::cli::{AsOfArg, OutputArg};
use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use compgap::diag::Diagnostic;
use compgap::load::{WORKSPACE_FILE, display_path, load_workspace};
use compgap::output::emit;
use compgap::render::validate::{self as render, Outcome};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// `path:line:col: error[code]: message`, then a summary line
    Text,
    /// One JSON document
    Json,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// SARIF 2.1.0, for code-scanning upload
    Sarif,
}

#[derive(Debug, Args)]
#[command(mut_arg("as_of", |a| a.help("Date for staleness and expiry checks, YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else today]")))]
pub struct ValidateArgs {
    /// Workspace folders or files to check [default: .]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,
    /// Warnings fail too (exit 1)
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub output: OutputArg,
    #[command(flatten)]
    pub as_of: AsOfArg,
}

/// The workspace folder a file belongs to.
fn workspace_of(file: &Path) -> Result<PathBuf> {
    let mut dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    if dir.as_os_str().is_empty() {
        dir = PathBuf::from(".");
    }
    let mut candidate = Some(dir.as_path());
    while let Some(d) = candidate {
        let d_or_dot = if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        };
        if d_or_dot.join(WORKSPACE_FILE).is_file()
            || (d_or_dot.join("roles").is_dir() && d_or_dot.join("people").is_dir())
        {
            return Ok(d_or_dot.to_path_buf());
        }
        candidate = d.parent();
    }
    bail!(
        "{} is not inside a compgap workspace (a folder with compgap.yaml, or roles/ and people/)",
        display_path(file)
    )
}

pub fn run(args: &ValidateArgs) -> Result<ExitCode> {
    let as_of = args.as_of.date()?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut files_checked = 0usize;
    let mut inputs = Vec::new();
    for path in &paths {
        if !path.exists() {
            bail!(
                "{} does not exist: give a workspace folder, or a file inside one",
                display_path(path)
            );
        }
        if path.is_dir() {
            let loaded = load_workspace(path, as_of)?;
            files_checked += loaded.files_checked;
            inputs.extend(loaded.workspace.inputs);
            diagnostics.extend(loaded.diagnostics);
        } else {
            let root = workspace_of(path)?;
            let loaded = load_workspace(&root, as_of)?;
            let shown = display_path(path);
            let shown_in_ws = display_path(&root.join(path.strip_prefix(&root).unwrap_or(path)));
            files_checked += 1;
            inputs.push(path.clone());
            diagnostics.extend(
                loaded
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.file == shown || d.file == shown_in_ws),
            );
        }
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    let outcome = Outcome::new(files_checked, diagnostics);
    let bytes = match args.format {
        ValidateFormat::Text => super::style(args.output.path()).fit(render::text(&outcome)),
        ValidateFormat::Json => render::json(&outcome),
        ValidateFormat::Github => render::github(&outcome),
        ValidateFormat::Sarif => render::sarif(&outcome, env!("CARGO_PKG_VERSION")),
    };
    emit(args.output.path(), &bytes, &inputs)?;
    let failed = outcome.errors > 0 || (args.strict && outcome.warnings > 0);
    if failed {
        return Err(super::Findings.into());
    }
    Ok(ExitCode::SUCCESS)
}
