//! `compgap register`: the Continual Improvement Register (ISO/IEC 27001
//! 10.1), fresh or merged into an existing register with `--update FILE`.

use crate::cli::Common;
use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use compgap::engine::{self, register};
use compgap::load::display_path;
use compgap::load::input::{Refused, read_limited};
use compgap::load::register::{MAX_REGISTER_BYTES, parse_register};
use compgap::output::emit;
use compgap::render::register as render;
use std::path::Path;
use std::process::ExitCode;

/// Output formats of `register`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegisterFormat {
    Csv,
    Markdown,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    pub common: Common,
    /// Output format
    #[arg(long, value_enum, default_value_t = RegisterFormat::Csv)]
    pub format: RegisterFormat,
    /// An existing register (CSV) to bring up to date: edits are kept,
    /// closed gaps marked Completed, new gaps added. `--output` may name the
    /// same file.
    #[arg(long, value_name = "FILE")]
    pub update: Option<std::path::PathBuf>,
}

/// Read a register CSV for `--update`.
pub fn read_register(path: &Path) -> Result<register::Register> {
    parse_register(&read_register_bytes(path)?, &display_path(path))
}

/// The bytes of a register file: a regular file, read within
/// [`MAX_REGISTER_BYTES`] (however large the file says it is).
pub fn read_register_bytes(path: &Path) -> Result<Vec<u8>> {
    let shown = display_path(path);
    match read_limited(path, MAX_REGISTER_BYTES) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(Refused::TooLarge(len))) => bail!(
            "{shown} is {}; the limit is {MAX_REGISTER_BYTES} bytes ({} MiB): is this the register?",
            len.map_or_else(|| "larger than that".to_string(), |l| format!("{l} bytes")),
            MAX_REGISTER_BYTES / (1024 * 1024)
        ),
        Ok(Err(Refused::NotAFile(what))) => bail!(
            "cannot read the register {shown}: {what}, not a regular file; name the register's CSV file"
        ),
        Err(_) if std::fs::symlink_metadata(path).is_err() => bail!(
            "the register {shown} does not exist: check the path, or create it first with `compgap register --output {shown}`"
        ),
        Err(e) => Err(e),
    }
}

pub fn run(args: &RegisterArgs) -> Result<ExitCode> {
    let (ws, as_of) = super::prepare(&args.common)?;
    if let (Some(file), Some(out), RegisterFormat::Markdown) =
        (&args.update, args.common.output.path(), args.format)
    {
        let same = file
            .canonicalize()
            .ok()
            .is_some_and(|f| out.canonicalize().ok().as_ref() == Some(&f));
        if same {
            bail!(
                "refusing to replace the register {} with Markdown: write the Markdown to another --output file",
                display_path(out)
            );
        }
    }
    let analysis = engine::analyze(&ws, as_of);
    let mut reg = register::fresh(&ws, &analysis);
    if let Some(file) = &args.update {
        reg = register::update(read_register(file)?, reg, as_of, &ws.catalog);
    }
    let bytes = match args.format {
        RegisterFormat::Csv => render::csv(&reg),
        RegisterFormat::Markdown => {
            super::style(args.common.output.path()).fit(render::markdown(&reg, as_of))
        }
    };
    emit(args.common.output.path(), &bytes, &ws.inputs)?;
    Ok(ExitCode::SUCCESS)
}
