//! `compgap report`: summary, individual gaps in priority order, team actions.

use crate::cli::{BandArg, Common, PageFormatArg};
use anyhow::Result;
use clap::Args;
use compgap::engine::{self, Band};
use compgap::output::emit;
use compgap::render::html;
use compgap::render::report::{self, Filter};
use std::process::ExitCode;

/// What the flags of a row mean, for `compgap report --help`.
const FLAGS_HELP: &str = "Flags of a row: unassessed (no level recorded for the competence), \
stale (assessment older than policy.reassess_after_days), unevidenced (a level at or above \
policy.evidence_required_from without valid evidence), expired-evidence (some evidence has \
expired and does not count), expiring (evidence expires within policy.expiry_warning_days), \
capped (with policy.cap_unevidenced, an unevidenced level counted as one below \
policy.evidence_required_from).";

#[derive(Debug, Args)]
#[command(after_help = FLAGS_HELP)]
pub struct ReportArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub format: PageFormatArg,
    /// Only this person (id)
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,
    /// Only holders of this role (id), and this role's team actions
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,
    /// Only gaps at this band or above
    #[arg(long, value_enum)]
    pub band: Option<BandArg>,
    /// Include met rows (gap 0)
    #[arg(long)]
    pub all: bool,
    /// Exit 1 if a gap at this band or above is shown
    #[arg(long, value_enum, value_name = "BAND")]
    pub fail_on: Option<BandArg>,
}

pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let (ws, as_of) = super::prepare(&args.common)?;
    super::check_filters(&ws, args.person.as_deref(), args.role.as_deref())?;
    let analysis = engine::analyze(&ws, as_of);
    let filter = Filter {
        person: args.person.clone(),
        role: args.role.clone(),
        band: args.band.map(Band::from),
        all: args.all,
    };
    let doc = report::build(&ws, &analysis, &filter);
    let style = super::style(args.common.output.path());
    let bytes = match args.format.format.tabular() {
        Some(format) => super::render(&doc, format, style),
        None => html::report(&ws, &analysis, &doc, &filter)?,
    };
    emit(args.common.output.path(), &bytes, &ws.inputs)?;
    let failing = args.fail_on.map(Band::from).is_some_and(|threshold| {
        analysis
            .rows
            .iter()
            .any(|r| r.is_gap() && r.band >= threshold && filter.keeps(&ws, r))
    });
    if failing {
        return Err(super::Findings.into());
    }
    Ok(ExitCode::SUCCESS)
}
