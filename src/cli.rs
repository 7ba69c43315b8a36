//! The command line: every command, its arguments and output formats.

use clap::{Args, Parser, Subcommand, ValueEnum};
use compgap::engine::Band;
use compgap::model::Date;
use std::path::PathBuf;

/// Competence gap analyzer for information security management systems
/// (ISO/IEC 27001 clause 7.2), built on the ISO/IEC 27021:2017 catalog.
#[derive(Debug, Parser)]
#[command(name = "compgap", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Gaps per person and competence, in priority order, and team actions
    Report(crate::cmd::report::ReportArgs),
    /// Individual development plans: training, mentoring, coaching
    Plan(crate::cmd::plan::PlanArgs),
    /// People × competences matrix, bus factor and team actions
    Coverage(crate::cmd::coverage::CoverageArgs),
    /// Check role, assessment, workspace and catalog files
    Validate(crate::cmd::validate::ValidateArgs),
    /// Browse and export the competence catalog
    #[command(subcommand)]
    Catalog(crate::cmd::catalog::CatalogCommand),
    /// Compare two assessment rounds
    Compare(crate::cmd::compare::CompareArgs),
    /// Continual Improvement Register (ISO/IEC 27001 10.1)
    Register(crate::cmd::register::RegisterArgs),
    /// Write the audit evidence bundle
    Evidence(crate::cmd::evidence::EvidenceArgs),
    /// Import people and roles from a spreadsheet (CSV or XLSX)
    Import(crate::cmd::import::ImportArgs),
    /// Write an XLSX workbook to collect an assessment round
    Survey(crate::cmd::survey::SurveyArgs),
}

/// Options every workspace command takes.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// The workspace folder (with roles/ and people/)
    #[arg(default_value = ".")]
    pub workspace: PathBuf,
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Date of the analysis, YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

/// Parse `--as-of`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
        .ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD, for example 2026-11-23"))
}

/// Output formats of the analysis commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
}

/// `--band` and `--fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BandArg {
    Low,
    Medium,
    High,
}

impl From<BandArg> for Band {
    fn from(b: BandArg) -> Band {
        match b {
            BandArg::Low => Band::Low,
            BandArg::Medium => Band::Medium,
            BandArg::High => Band::High,
        }
    }
}
