//! `compgap schema role|person|workspace|catalog`: the JSON Schema of each
//! kind of input file, for editors and other tools.

use anyhow::Result;
use clap::{Args, ValueEnum};
use compgap::output::emit;
use compgap::schema::{FileKind, schema_text};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A role file, roles/<id>.yaml
    Role,
    /// An assessment file, people/<id>.yaml
    Person,
    /// The workspace file, compgap.yaml
    Workspace,
    /// A competence catalog file
    Catalog,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which kind of file
    #[arg(value_enum)]
    pub kind: Kind,
    #[command(flatten)]
    pub output: crate::cli::OutputArg,
}

pub fn run(args: &SchemaArgs) -> Result<ExitCode> {
    let kind = match args.kind {
        Kind::Role => FileKind::Role,
        Kind::Person => FileKind::Person,
        Kind::Workspace => FileKind::Workspace,
        Kind::Catalog => FileKind::Catalog,
    };
    emit(args.output.path(), schema_text(kind).as_bytes(), &[])?;
    Ok(ExitCode::SUCCESS)
}
