//! `compgap evidence --out DIR`: write the audit bundle.
//!
//! The bundle is built in a temporary folder beside DIR and moved into
//! place, so DIR never holds a half-written bundle. DIR must be new or
//! empty; with `--force` only the files compgap writes are replaced (each
//! one atomically, `SHA256SUMS` last). DIR may not hold, or lie inside a
//! folder of, the workspace's input files.

use crate::cli::parse_date;
use anyhow::{Context, Result, bail};
use clap::Args;
use compgap::engine::{self, register};
use compgap::load::display_path;
use compgap::render::evidence::{self, HashedFile, Run};
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
    /// Date of the analysis, YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<compgap::model::Date>,
    /// Bring this register (CSV) up to date into the bundle, as
    /// `register --update FILE` does, instead of a fresh register
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,
}

/// An absolute path with symlinks resolved as far as the path exists.
fn resolve(path: &Path) -> Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("cannot read the current folder")?
            .join(path)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(p) = existing.canonicalize() {
            let mut out = p;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(abs),
        }
    }
}

/// Refuse a DIR that holds an input or lies in a folder of inputs.
fn check_out_dir(out: &Path, ws: &compgap::model::Workspace) -> Result<()> {
    let target = resolve(out)?;
    let root = resolve(&ws.root)?;
    // Inputs share a few folders: resolve each folder once, and a file
    // itself only when it is a link.
    let mut folders: std::collections::HashMap<PathBuf, PathBuf> = Default::default();
    for input in &ws.inputs {
        let is_link = std::fs::symlink_metadata(input).is_ok_and(|m| m.file_type().is_symlink());
        let input = match (input.parent(), input.file_name()) {
            (Some(folder), Some(name)) if !is_link => {
                if !folders.contains_key(folder) {
                    folders.insert(folder.to_path_buf(), resolve(folder)?);
                }
                folders[folder].join(name)
            }
            _ => resolve(input)?,
        };
        if input.starts_with(&target) {
            bail!(
                "refusing to write the bundle to {}: it holds the input file {}; choose a folder outside the workspace's roles/ and people/",
                out.display(),
                display_path(&input)
            );
        }
        if let Some(folder) = input.parent().filter(|f| *f != root) {
            if target.starts_with(folder) {
                bail!(
                    "refusing to write the bundle to {}: it is inside {}, a folder of input files; choose another --out folder",
                    out.display(),
                    display_path(folder)
                );
            }
        }
    }
    Ok(())
}

fn relative(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn write_file(path: &Path, render: &mut evidence::Render) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    render(&mut f)?;
    f.into_inner()
        .map_err(std::io::IntoInnerError::into_error)?
        .sync_all()
}

/// The hidden folder beside DIR where the bundle is written before it is
/// moved into place (or, with `--force` onto a non-empty folder, each file).
struct Staging {
    out: PathBuf,
    tmp: tempfile::TempDir,
    /// DIR already holds files (`--force`): replace them one by one.
    replace: bool,
    written: Vec<String>,
}

impl Staging {
    fn new(out: &Path, force: bool) -> Result<Self> {
        let shown = out.display();
        let existing_nonempty = match std::fs::read_dir(out) {
            Ok(mut entries) => entries.next().is_some(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(_) if out.exists() => {
                bail!("{shown} exists and is not a folder: choose a new folder for --out")
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read the folder {shown}")),
        };
        if existing_nonempty && !force {
            bail!(
                "{shown} is not empty: choose a new or empty folder, or pass --force to replace the files compgap writes there"
            );
        }
        for name in evidence::FILES {
            let target = out.join(name);
            if target.is_dir() {
                bail!(
                    "{} is a folder: the bundle writes a file there; move it away and run again",
                    target.display()
                );
            }
        }
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".compgap-evidence-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Like a folder made with mkdir: the umask decides.
            builder.permissions(std::fs::Permissions::from_mode(0o777));
        }
        let tmp = builder.tempdir_in(parent).with_context(|| {
            format!(
                "cannot write the bundle: cannot create a folder in {}",
                parent.display()
            )
        })?;
        Ok(Self {
            out: out.to_path_buf(),
            tmp,
            replace: existing_nonempty,
            written: Vec::new(),
        })
    }

    /// Write one file of the bundle into the hidden folder, as `render`
    /// streams it.
    fn write(&mut self, name: &str, render: &mut evidence::Render) -> Result<()> {
        write_file(&self.tmp.path().join(name), render)
            .with_context(|| format!("cannot write the bundle: cannot write {name}"))?;
        self.written.push(name.to_string());
        Ok(())
    }

    /// Move the bundle into DIR: one rename of the whole folder when DIR is
    /// new or empty; with `--force`, file by file in the order written
    /// (`SHA256SUMS` last, so that a half-replaced bundle never verifies).
    fn commit(self) -> Result<()> {
        let shown = self.out.display();
        if !self.replace {
            if self.out.exists() {
                std::fs::remove_dir(&self.out)
                    .with_context(|| format!("cannot replace the empty folder {shown}"))?;
            }
            let path = self.tmp.keep();
            if let Err(e) = std::fs::rename(&path, &self.out) {
                let _ = std::fs::remove_dir_all(&path);
                return Err(e).with_context(|| format!("cannot move the bundle into {shown}"));
            }
            return Ok(());
        }
        for name in &self.written {
            std::fs::rename(self.tmp.path().join(name), self.out.join(name))
                .with_context(|| format!("cannot replace {}", self.out.join(name).display()))?;
        }
        Ok(())
    }
}

pub fn run(args: &EvidenceArgs) -> Result<ExitCode> {
    let as_of = super::as_of(args.as_of)?;
    let ws = match super::load_valid(&args.workspace, as_of)? {
        Ok(ws) => ws,
        Err(code) => return Ok(code),
    };
    // The register may live in DIR (re-run with --force each month): it is
    // read in full before anything is written.
    check_out_dir(&args.out, &ws)?;
    let analysis = engine::analyze(&ws, as_of);
    let mut inputs = Vec::new();
    let mut previous = None;
    if let Some(file) = &args.register {
        previous = Some(super::register::read_register(file)?);
        let bytes = std::fs::read(file)
            .with_context(|| format!("cannot read the register {}", display_path(file)))?;
        inputs.push(HashedFile::of(relative(file, &ws.root), &bytes));
    }
    let reg = || {
        let fresh = register::fresh(&ws, &analysis);
        match previous {
            Some(existing) => register::update(existing, fresh, as_of),
            None => fresh,
        }
    };
    // Each input is read again to be hashed (it may be large: in parallel,
    // holding only its hash).
    let hashed: Vec<HashedFile> = ws
        .inputs
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path)
                .with_context(|| format!("cannot read {}", display_path(path)))?;
            Ok(HashedFile::of(relative(path, &ws.root), &bytes))
        })
        .collect::<Result<_>>()?;
    inputs.extend(hashed);
    let run = Run {
        version: env!("CARGO_PKG_VERSION").to_string(),
        generated_at: super::source_date_epoch()?.map(evidence::rfc3339),
    };
    let mut staging = Staging::new(&args.out, args.force)?;
    evidence::bundle(&ws, &analysis, reg, &inputs, &run, |name, render| {
        staging.write(name, render)
    })?;
    staging.commit()?;
    Ok(ExitCode::SUCCESS)
}
