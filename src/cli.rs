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
    #[command(flatten)]
    pub terminal: crate::cmd::terminal::TerminalArgs,
    /// Read files found through a workspace only inside DIR [default: the
    /// git work tree that holds the workspace, else the workspace folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
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
    /// Assess one person interactively, competence by competence
    Assess(crate::cmd::assess::AssessArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(crate::cmd::completions::CompletionsArgs),
    /// Print the manual page (roff; `compgap man | man -l -`)
    Man(crate::cmd::man::ManArgs),
    /// Print the JSON Schema of an input file, for editors
    Schema(crate::cmd::schema::SchemaArgs),
    /// Create a workspace: compgap.yaml, roles/, people/, schemas for editors
    Init(crate::cmd::init::InitArgs),
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
    #[command(flatten)]
    pub output: OutputArg,
    #[command(flatten)]
    pub as_of: AsOfArg,
}

/// `--output FILE`. Commands that write one document flatten this.
#[derive(Debug, Clone, Args)]
pub struct OutputArg {
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutputArg {
    /// The file to write, `None` for standard output.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.output.as_deref()
    }
}

/// `--as-of DATE`. A command whose date means something more specific
/// rewords the help with `#[command(mut_arg("as_of", |a| a.help("…")))]`.
#[derive(Debug, Clone, Args)]
pub struct AsOfArg {
    /// Date of the analysis, YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

impl AsOfArg {
    /// The analysis date: `--as-of`, else `SOURCE_DATE_EPOCH`, else today.
    pub fn date(&self) -> anyhow::Result<Date> {
        crate::cmd::as_of(self.as_of)
    }
}

/// `--format` of the commands whose formats are [`Format`] and whose
/// default is a table.
#[derive(Debug, Clone, Args)]
pub struct FormatArg {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `--format` of the commands that also write an HTML page.
#[derive(Debug, Clone, Args)]
pub struct PageFormatArg {
    /// Output format
    #[arg(long, value_enum, default_value_t = PageFormat::Table)]
    pub format: PageFormat,
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

/// Output formats of `report` and `compare`: the analysis formats and a
/// self-contained HTML page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PageFormat {
    Table,
    Csv,
    Json,
    Markdown,
    Html,
}

impl PageFormat {
    /// The analysis format, or `None` for the HTML page.
    pub fn tabular(self) -> Option<Format> {
        match self {
            PageFormat::Table => Some(Format::Table),
            PageFormat::Csv => Some(Format::Csv),
            PageFormat::Json => Some(Format::Json),
            PageFormat::Markdown => Some(Format::Markdown),
            PageFormat::Html => None,
        }
    }
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
