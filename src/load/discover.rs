//! Finding the input files of a workspace: the workspace file, then the
//! catalogs, roles and people its entries and folders lead to. The trust
//! root is applied here, once, to every folder and file named; reading
//! each file (and refusing what is not a regular file) is left to the
//! loader.

use super::fields::Ctx;
use super::input::{self, TrustRoot};
use super::workspace::{self, WorkspaceFile};
use super::{EMPTY, Keep, WORKSPACE_FILE, check_file, display_path};
use crate::diag::{Code, Diagnostic, Pos};
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// The files of one kind, with the problems found while looking for them
/// (links and folders that lead outside the trust root).
#[derive(Debug, Default)]
pub(super) struct Found {
    pub files: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Found {
    /// Add `path`: the YAML files directly in it if it is a folder, else
    /// the path itself; one outside the trust root is reported (see
    /// [`outside`]).
    fn add(
        &mut self,
        path: &Path,
        trust: &TrustRoot,
        named: Option<(&str, Pos, &str)>,
    ) -> Result<()> {
        if !trust.admits(path) {
            self.diagnostics.push(outside(trust, path, named));
        } else if path.is_dir() {
            let (files, d) = input::yaml_files(path, trust)?;
            self.files.extend(files);
            self.diagnostics.extend(d);
        } else {
            self.files.push(path.to_path_buf());
        }
        Ok(())
    }
}

/// The diagnostic for `path`, outside `trust`: at `named` (the file and
/// position that name it, and how), or at the path itself.
fn outside(trust: &TrustRoot, path: &Path, named: Option<(&str, Pos, &str)>) -> Diagnostic {
    match named {
        Some((file, at, what)) => trust.outside(file, at, what),
        None => trust.outside(&display_path(path), Pos::new(1, 1), "this folder"),
    }
}

/// What discovery found: the workspace file and the files of each kind,
/// in the order they are loaded. When the roles or people folder is
/// missing or outside the trust root, no kind has any file.
#[derive(Debug)]
pub(super) struct Discovered {
    pub ws_file: WorkspaceFile,
    pub people_dir: PathBuf,
    /// The workspace file, if it was read.
    pub inputs: Vec<PathBuf>,
    /// The problems of the workspace file and of its folders.
    pub diagnostics: Vec<Diagnostic>,
    pub catalogs: Found,
    pub roles: Found,
    pub people: Found,
}

/// Find the files of the workspace at `root`, reading its workspace file
/// (keeping the diagnostics `keep` asks for); `trust` is `--root DIR`.
pub(super) fn discover(root: &Path, keep: Keep, trust: Option<&Path>) -> Result<Discovered> {
    let not_a_workspace = |why: &str| {
        format!(
            "{} {why}: give the path of a workspace (a folder with roles/ and people/)",
            display_path(root)
        )
    };
    if !root.exists() {
        bail!(not_a_workspace("does not exist"));
    }
    if !root.is_dir() {
        bail!(not_a_workspace("is not a folder"));
    }
    let trust = TrustRoot::find(root, trust)?;
    let mut diagnostics = Vec::new();
    let mut inputs = Vec::new();
    let ws_path = root.join(WORKSPACE_FILE);
    let ws_shown = display_path(&ws_path);
    let ws_file = if std::fs::symlink_metadata(&ws_path).is_err() {
        WorkspaceFile::default()
    } else if !trust.admits(&ws_path) {
        diagnostics.push(trust.outside(&ws_shown, Pos::new(1, 1), "this link"));
        WorkspaceFile::default()
    } else {
        let (ws, d) = check_file(&ws_path, EMPTY, keep == Keep::Errors, read_workspace)?;
        inputs.push(ws_path);
        diagnostics.extend(d);
        ws.unwrap_or_default()
    };
    let roles_dir = root.join(&ws_file.roles);
    let people_dir = root.join(&ws_file.people);
    let folders = [
        (&roles_dir, &ws_file.roles, ws_file.roles_at),
        (&people_dir, &ws_file.people, ws_file.people_at),
    ];
    // A folder that compgap.yaml names but that is not there is a problem of
    // compgap.yaml, reported with its others; a folder that leads outside
    // the trust root is not read at all.
    let mut stop = false;
    for (dir, name, at) in folders {
        if let (false, Some(at)) = (dir.is_dir(), at) {
            stop = true;
            diagnostics.push(Diagnostic::at(
                &ws_shown,
                Code::Io,
                at,
                format!(
                    "the folder `{name}` does not exist in the workspace ({}): create it, or name the folder that holds these files",
                    display_path(root)
                ),
            ));
        }
    }
    for (dir, name, at) in folders {
        if !trust.admits(dir) {
            stop = true;
            let what = format!("the folder `{name}`");
            diagnostics.push(outside(&trust, dir, at.map(|at| (&*ws_shown, at, &*what))));
        }
    }
    let (mut catalogs, mut roles, mut people) =
        (Found::default(), Found::default(), Found::default());
    if !stop {
        if !roles_dir.is_dir() || !people_dir.is_dir() {
            bail!(
                "{} is not a compgap workspace: it needs a {}/ and a {}/ folder; run `compgap init {}` to create one",
                display_path(root),
                ws_file.roles,
                ws_file.people,
                display_path(root)
            );
        }
        // Catalogs: catalogs/, then those compgap.yaml names.
        let catalogs_dir = root.join("catalogs");
        if catalogs_dir.is_dir() {
            catalogs.add(&catalogs_dir, &trust, None)?;
        }
        for (c, at) in ws_file.catalogs.iter().zip(&ws_file.catalogs_at) {
            let what = format!("the catalog `{c}`");
            catalogs.add(&root.join(c), &trust, Some((&ws_shown, *at, &what)))?;
        }
        catalogs.files.dedup();
        roles.add(&roles_dir, &trust, None)?;
        people.add(&people_dir, &trust, None)?;
    }
    Ok(Discovered {
        ws_file,
        people_dir,
        inputs,
        diagnostics,
        catalogs,
        roles,
        people,
    })
}

fn read_workspace(ctx: &mut Ctx, node: &crate::yaml::Node) -> Option<WorkspaceFile> {
    Some(workspace::read_workspace_file(ctx, node))
}

/// The roles and people folders of the workspace at `root`, as its
/// `compgap.yaml` names them (the loaded workspace is checked first).
pub fn folders(root: &Path) -> Result<super::import::Folders> {
    let ws_path = root.join(WORKSPACE_FILE);
    let ws_file = if ws_path.is_file() {
        check_file(&ws_path, EMPTY, true, read_workspace)?
            .0
            .unwrap_or_default()
    } else {
        WorkspaceFile::default()
    };
    Ok(super::import::Folders {
        roles: root.join(ws_file.roles),
        people: root.join(ws_file.people),
    })
}
