//! `compgap catalog list|show|export`: browse and export the competence
//! catalog (the bundled ISO/IEC 27021:2017 one, plus a workspace's own
//! catalogs with `--workspace`).

use anyhow::{Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use compgap::catalog::Catalog;
use compgap::diag::did_you_mean;
use compgap::output::emit;
use compgap::render::catalog as render;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List the competences: id, title, group, clauses, item counts
    List(ListArgs),
    /// Print one competence in full: outcome, clauses, every item
    Show(ShowArgs),
    /// Export the whole catalog
    Export(ExportArgs),
    /// List the bundled role templates, or print one with `roles show ID`
    Roles(RolesArgs),
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RolesArgs {
    #[command(subcommand)]
    pub show: Option<RolesCommand>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RolesCommand {
    /// Print one role template, the YAML file as shipped
    Show(RoleShowArgs),
}

#[derive(Debug, Args)]
pub struct RoleShowArgs {
    /// The template id, for example isms-manager
    pub id: String,
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options every `catalog` subcommand takes.
#[derive(Debug, Args)]
pub struct CatalogOpts {
    /// Also the catalogs of this workspace (catalogs/ and compgap.yaml `catalogs`)
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Csv,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    #[command(flatten)]
    pub opts: CatalogOpts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
    Yaml,
    Markdown,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The competence id, for example 6.5.3
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    #[command(flatten)]
    pub opts: CatalogOpts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Yaml,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    #[command(flatten)]
    pub opts: CatalogOpts,
}

/// The catalog to work on and the files it was read from.
fn catalog(opts: &CatalogOpts) -> Result<std::result::Result<(Catalog, Vec<PathBuf>), ExitCode>> {
    let Some(dir) = &opts.workspace else {
        return Ok(Ok((Catalog::bundled(), Vec::new())));
    };
    let date = super::as_of(None)?;
    Ok(super::load_valid(dir, date)?.map(|ws| (ws.catalog, ws.inputs)))
}

pub fn run(cmd: &CatalogCommand) -> Result<ExitCode> {
    let opts = match cmd {
        CatalogCommand::List(a) => &a.opts,
        CatalogCommand::Show(a) => &a.opts,
        CatalogCommand::Export(a) => &a.opts,
        CatalogCommand::Roles(a) => return roles(a),
    };
    let (catalog, inputs) = match catalog(opts)? {
        Ok(v) => v,
        Err(code) => return Ok(code),
    };
    let all = &catalog.competences;
    let style = super::style(opts.output.as_deref());
    let bytes = match cmd {
        CatalogCommand::List(a) => match a.format {
            ListFormat::Table => style.fit(render::list_table(all, style)),
            ListFormat::Csv => render::list_csv(all),
            ListFormat::Json => render::list_json(all),
            ListFormat::Markdown => style.fit(render::list_markdown(all)),
        },
        CatalogCommand::Show(a) => {
            let Some(c) = catalog.get(a.id.trim()) else {
                let hint = did_you_mean(&a.id, catalog.ids());
                bail!(
                    "there is no competence `{}` in the catalog{hint}: run `compgap catalog list` to see the ids",
                    a.id
                );
            };
            match a.format {
                ShowFormat::Text => style.fit(render::show_text(c)),
                ShowFormat::Json => render::show_json(c),
                ShowFormat::Yaml => render::show_yaml(c)?,
                ShowFormat::Markdown => style.fit(render::show_markdown(c)),
            }
        }
        CatalogCommand::Export(a) => match a.format {
            ExportFormat::Json => render::export_json(all),
            ExportFormat::Csv => render::export_csv(all),
            ExportFormat::Yaml => render::export_yaml(all)?,
        },
        CatalogCommand::Roles(_) => unreachable!("handled above"),
    };
    emit(opts.output.as_deref(), &bytes, &inputs)?;
    Ok(ExitCode::SUCCESS)
}

/// `catalog roles` and `catalog roles show ID`.
fn roles(args: &RolesArgs) -> Result<ExitCode> {
    use compgap::render::templates as list;
    use compgap::templates;
    if let Some(RolesCommand::Show(a)) = &args.show {
        let id = a.id.trim();
        let Some(t) = templates::find(id) else {
            let hint = did_you_mean(id, templates::ids());
            bail!(
                "there is no role template `{}`{hint}: run `compgap catalog roles` to see the ids",
                a.id
            );
        };
        emit(a.output.as_deref(), t.yaml.as_bytes(), &[])?;
        return Ok(ExitCode::SUCCESS);
    }
    let roles = templates::roles(&Catalog::bundled());
    let style = super::style(args.output.as_deref());
    let bytes = match args.format {
        ListFormat::Table => style.fit(list::table(&roles, style)),
        ListFormat::Csv => list::csv(&roles),
        ListFormat::Json => list::json(&roles),
        ListFormat::Markdown => style.fit(list::markdown(&roles)),
    };
    emit(args.output.as_deref(), &bytes, &[])?;
    Ok(ExitCode::SUCCESS)
}
