//! `compgap validate [PATH…]`: check every input file and report every problem.
//!
//! A PATH may be a workspace folder or a file inside one; for a file, the
//! workspace around it is loaded (so that cross-references are checked)
//! and only that file's diagnostics are reported.

use crate::cli::{AsOfArg, OutputArg};
use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use compgap::diag::Diagnostic;
use compgap::load::{Keep, WORKSPACE_FILE, display_path, load_trusting};
use compgap::output::emit;
use compgap::render::validate::{self as render, Outcome};
use std::collections::HashMap;
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

fn is_workspace(dir: &Path) -> bool {
    dir.join(WORKSPACE_FILE).is_file()
        || (dir.join("roles").is_dir() && dir.join("people").is_dir())
}

/// The folder above `dir`, written as the user would: `people` gives `.`,
/// `.` gives `..` (a link is climbed through `..`, as the system does).
fn up(dir: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    match dir.components().next_back() {
        Some(std::path::Component::Normal(_)) if !is_link => match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        },
        Some(std::path::Component::CurDir) if dir.parent() == Some(Path::new("")) => {
            PathBuf::from("..")
        }
        _ => dir.join(".."),
    }
}

/// The workspace folder a file belongs to: the nearest folder above it
/// with `compgap.yaml`, or with roles/ and people/.
fn workspace_of(file: &Path) -> Result<PathBuf> {
    let mut dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let depth = dir.canonicalize().map_or(1, |d| d.ancestors().count());
    for _ in 0..depth {
        if is_workspace(&dir) {
            return Ok(dir);
        }
        dir = up(&dir);
    }
    bail!(
        "{} is not inside a compgap workspace (a folder with compgap.yaml, or roles/ and people/)",
        display_path(file)
    )
}

/// The folder entry a path names: its folder resolved, its name kept (a
/// link is not followed), so that two spellings of one file compare equal.
fn entry(path: &Path) -> Option<PathBuf> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
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
            let loaded = load_trusting(path, as_of, Keep::All, super::trust_root())?;
            files_checked += loaded.files_checked;
            inputs.extend(loaded.workspace.inputs);
            diagnostics.extend(loaded.diagnostics);
        } else {
            let root = workspace_of(path)?;
            let loaded = load_trusting(&root, as_of, Keep::All, super::trust_root())?;
            let shown = display_path(path);
            let target = entry(path);
            let mut same: HashMap<String, bool> = HashMap::new();
            let mut is_target = |file: &str| {
                *same
                    .entry(file.to_string())
                    .or_insert_with(|| entry(Path::new(file)) == target)
            };
            let read = loaded
                .workspace
                .inputs
                .iter()
                .any(|i| is_target(&display_path(i)));
            let mine: Vec<Diagnostic> = loaded
                .diagnostics
                .into_iter()
                .filter(|d| is_target(&d.file))
                .map(|d| Diagnostic {
                    file: shown.clone(),
                    ..d
                })
                .collect();
            if !read && mine.is_empty() {
                bail!(
                    "{shown} is not a file compgap reads in the workspace {}: it reads compgap.yaml and the .yaml and .yml files in the roles, people and catalog folders; rename or move it there",
                    display_path(&root)
                );
            }
            files_checked += 1;
            inputs.push(path.clone());
            diagnostics.extend(mine);
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
