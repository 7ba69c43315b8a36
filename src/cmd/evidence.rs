//! `compgap evidence --out DIR`: write the audit bundle.
//!
//! The bundle is built in a temporary folder beside DIR and moved into
//! place, so DIR never holds a half-written bundle. DIR must be new or
//! empty; with `--force` only the files compgap writes are replaced (each
//! one atomically, `SHA256SUMS` last). DIR may not hold, or lie inside a
//! folder of, the workspace's input files.

use crate::cli::AsOfArg;
use anyhow::{Result, bail};
use clap::Args;
use compgap::engine::{self, register};
use compgap::load::display_path;
use compgap::load::input::read_limited;
use compgap::load::register::parse_register;
use compgap::output::{self, Staging};
use compgap::render::evidence::{self, HashedFile, Run};
use compgap::yaml::MAX_FILE_BYTES;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    /// The workspace folder (with roles/ and people/)
    #[arg(default_value = ".")]
    pub workspace: PathBuf,
    /// The folder to write the bundle into (new or empty)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write into a non-empty DIR, replacing only the files compgap writes
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub as_of: AsOfArg,
    /// Bring this register (CSV) up to date into the bundle, as
    /// `register --update FILE` does, instead of a fresh register
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,
}

fn relative(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

pub fn run(args: &EvidenceArgs) -> Result<ExitCode> {
    let as_of = args.as_of.date()?;
    let ws = super::load_valid(&args.workspace, as_of)?;
    // Everything about DIR is checked before the work. The register may
    // live in DIR (re-run with --force each month): it is read in full
    // before anything is written.
    output::check_out_dir(&args.out, &ws.root, &ws.inputs)?;
    let mut staging = Staging::new(&args.out, args.force, &evidence::FILES)?;
    for left in &staging.leftovers {
        eprintln!(
            "warning: {} is a staging folder left by an interrupted `compgap evidence`: remove it",
            display_path(left)
        );
    }
    let analysis = engine::analyze(&ws, as_of);
    let mut inputs = Vec::new();
    let mut previous = None;
    if let Some(file) = &args.register {
        let bytes = super::register::read_register_bytes(file)?;
        previous = Some(parse_register(&bytes, &display_path(file))?);
        inputs.push(HashedFile::of(relative(file, &ws.root), &bytes));
    }
    let reg = || {
        let fresh = register::fresh(&ws, &analysis);
        match previous {
            Some(existing) => register::update(existing, fresh, as_of, &ws.catalog),
            None => fresh,
        }
    };
    // Each input is read again to be hashed (it may be large: in parallel,
    // holding only its hash).
    let hashed: Vec<HashedFile> = ws
        .inputs
        .par_iter()
        .map(|path| {
            let bytes = match read_limited(path, MAX_FILE_BYTES)? {
                Ok(bytes) => bytes,
                Err(refused) => bail!(
                    "cannot read {}: {}",
                    display_path(path),
                    refused.message(MAX_FILE_BYTES)
                ),
            };
            Ok(HashedFile::of(relative(path, &ws.root), &bytes))
        })
        .collect::<Result<_>>()?;
    inputs.extend(hashed);
    let run = Run {
        version: env!("CARGO_PKG_VERSION").to_string(),
        generated_at: super::source_date_epoch()?.map(evidence::rfc3339),
    };
    evidence::bundle(&ws, &analysis, reg, &inputs, &run, |name, render| {
        staging.write(name, render)
    })?;
    staging.commit()?;
    Ok(ExitCode::SUCCESS)
}
