//! `compgap init [DIR] [--roles ID,…] [--force]`: scaffold a workspace
//! that validates clean, with schemas for editors.

use anyhow::{Context, Result, bail};
use clap::Args;
use compgap::diag::did_you_mean;
use compgap::load::display_path;
use compgap::output::write_new;
use compgap::render::init::scaffold;
use compgap::templates::{self, Template};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
#[command(mut_arg("as_of", |a| a.help("The assessment date of the example person, YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else today]")))]
pub struct InitArgs {
    /// The folder to create the workspace in (created if missing; must be empty)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Role templates to copy into roles/ (see `compgap catalog roles`),
    /// instead of the commented example role
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub roles: Vec<String>,
    #[command(flatten)]
    pub as_of: crate::cli::AsOfArg,
    /// Add the files that are missing to a folder that is not empty; never
    /// overwrites a file
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &InitArgs) -> Result<ExitCode> {
    let chosen = chosen_templates(&args.roles)?;
    let dir = &args.dir;
    let shown = display_path(dir);
    if !dir.exists() && dir.symlink_metadata().is_ok() {
        bail!(
            "{shown} is a link to nothing: nothing written; point it at a folder, remove it, or give another folder"
        );
    }
    if dir.exists() && !dir.is_dir() {
        bail!("{shown} is not a folder: give the folder to create the workspace in");
    }
    let non_empty = dir.is_dir()
        && std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the folder {shown}"))?
            .next()
            .is_some();
    if non_empty && !args.force {
        bail!(
            "{shown} is not empty: nothing written; choose an empty or new folder, or add --force to add only the files that are missing"
        );
    }
    let date = args.as_of.date()?;
    let mut created = Vec::new();
    let mut kept = Vec::new();
    for (rel, text) in scaffold(date, &chosen) {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create the folder {}", display_path(parent)))?;
        }
        if write_new(&path, text.as_bytes())? {
            created.push(rel);
        } else {
            kept.push(rel);
        }
    }
    let mut out = String::new();
    for rel in &created {
        out.push_str(&format!("created {}\n", display_path(&dir.join(rel))));
    }
    for rel in &kept {
        out.push_str(&format!(
            "kept    {} (already there)\n",
            display_path(&dir.join(rel))
        ));
    }
    out.push_str(&format!(
        "next: edit the files, then run `compgap validate {shown}`\n"
    ));
    compgap::output::emit(None, out.as_bytes(), &[])?;
    Ok(ExitCode::SUCCESS)
}

/// The templates `--roles` names, each once, in the order given.
fn chosen_templates(ids: &[String]) -> Result<Vec<&'static Template>> {
    let mut chosen: Vec<&'static Template> = Vec::new();
    let mut unknown = Vec::new();
    for id in ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match templates::find(id) {
            Some(t) if chosen.iter().any(|c| c.id == t.id) => {}
            Some(t) => chosen.push(t),
            None => unknown.push(format!("`{id}`{}", did_you_mean(id, templates::ids()))),
        }
    }
    if !unknown.is_empty() {
        bail!(
            "there is no role template {}: nothing written; run `compgap catalog roles` to see the ids",
            unknown.join(", ")
        );
    }
    Ok(chosen)
}
