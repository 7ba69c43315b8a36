//! Loading a workspace: find the files, read them within limits, parse,
//! check every field and cross-reference, and collect every problem.
//!
//! The result is a [`Loaded`] with the [`Workspace`] and all
//! [`Diagnostic`]s. Commands other than `validate` refuse to go on when an
//! error is among them.

pub mod catalog;
pub mod fields;
pub mod import;
pub mod input;
pub mod levels;
pub mod person;
pub mod register;
pub mod role;
pub mod sheet;
pub mod workspace;

use crate::catalog::Catalog;
use crate::diag::{Code, Diagnostic, Pos};
use crate::model::{Date, Person, Role, Workspace};
use crate::yaml;
use anyhow::{Result, bail};
use fields::Ctx;
use person::PersonCheck;
use rayon::prelude::*;
use std::path::Path;
use workspace::WorkspaceFile;

/// The name of the workspace file.
pub const WORKSPACE_FILE: &str = "compgap.yaml";

/// A workspace and every diagnostic found while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub workspace: Workspace,
    /// Sorted by file, line, column.
    pub diagnostics: Vec<Diagnostic>,
    pub files_checked: usize,
}

impl Loaded {
    /// Errors found, those not shown included.
    pub fn errors(&self) -> usize {
        crate::diag::count(&self.diagnostics).0
    }

    /// Warnings found, those not shown included.
    pub fn warnings(&self) -> usize {
        crate::diag::count(&self.diagnostics).1
    }
}

/// A path as shown to the user: `./roles/a.yaml` becomes `roles/a.yaml`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./")
        .map_or_else(|| s.to_string(), str::to_string)
}

/// Read one YAML input file within the 8 MiB limit; a file over it, or
/// one that is not a regular file, is a diagnostic.
pub fn read_input(path: &Path) -> Result<std::result::Result<Vec<u8>, Diagnostic>> {
    Ok(input::read_limited(path, yaml::MAX_FILE_BYTES)?
        .map_err(|r| r.diagnostic(&display_path(path), yaml::MAX_FILE_BYTES)))
}

/// Which diagnostics a load keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every diagnostic (`validate`).
    All,
    /// Errors only: an analysis command shows nothing else, and a large
    /// organization can have many warnings.
    Errors,
}

/// Read, parse and check one file with `check`, which returns its value.
fn check_file<T>(
    path: &Path,
    keep: Keep,
    check: impl FnOnce(&mut Ctx, &yaml::Node) -> Option<T>,
) -> Result<(Option<T>, Vec<Diagnostic>)> {
    let shown = display_path(path);
    let mut ctx = Ctx::new(&shown);
    let bytes = match read_input(path)? {
        Ok(b) => b,
        Err(d) => return Ok((None, vec![d])),
    };
    let (root, diags) = yaml::parse(&bytes);
    ctx.absorb(diags);
    let value = match root {
        Some(root) => check(&mut ctx, &root),
        None => {
            if !ctx.has_errors() {
                ctx.report(
                    Code::EmptyFile,
                    Pos::new(1, 1),
                    "the file is empty: write the document, or delete the file".into(),
                );
            }
            None
        }
    };
    Ok((value, ctx.finish(keep == Keep::Errors)))
}

fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let cut = |ext: &str| {
        let at = name.len().checked_sub(ext.len())?;
        (name.is_char_boundary(at) && name[at..].eq_ignore_ascii_case(ext)).then(|| &name[..at])
    };
    cut(".yaml").or_else(|| cut(".yml")).unwrap_or(name)
}

/// Load the workspace at `root`, checking everything as of `as_of`.
pub fn load_workspace(root: &Path, as_of: Date) -> Result<Loaded> {
    load_keeping(root, as_of, Keep::All)
}

/// [`load_workspace`], keeping only the diagnostics `keep` asks for.
pub fn load_keeping(root: &Path, as_of: Date, keep: Keep) -> Result<Loaded> {
    load_trusting(root, as_of, keep, None)
}

/// [`load_keeping`] with the trust root `trust` (`--root DIR`) instead of
/// the one found from the workspace (see [`input`]).
pub fn load_trusting(root: &Path, as_of: Date, keep: Keep, trust: Option<&Path>) -> Result<Loaded> {
    if !root.exists() {
        bail!(
            "{} does not exist: give the path of a workspace (a folder with roles/ and people/)",
            display_path(root)
        );
    }
    if !root.is_dir() {
        bail!(
            "{} is not a folder: give the path of a workspace (a folder with roles/ and people/)",
            display_path(root)
        );
    }
    let mut diagnostics = Vec::new();
    let mut inputs = Vec::new();
    let trust = input::TrustRoot::find(root, trust)?;
    let ws_path = root.join(WORKSPACE_FILE);
    let ws_shown = display_path(&ws_path);
    let ws_exists = std::fs::symlink_metadata(&ws_path).is_ok();
    let ws_file = if ws_exists && !trust.admits(&ws_path) {
        diagnostics.push(trust.outside(&ws_shown, Pos::new(1, 1), "this link"));
        WorkspaceFile::default()
    } else if ws_exists {
        inputs.push(ws_path.clone());
        let (ws, d) = check_file(&ws_path, keep, |ctx, node| {
            Some(workspace::read_workspace_file(ctx, node))
        })?;
        diagnostics.extend(d);
        ws.unwrap_or_default()
    } else {
        WorkspaceFile::default()
    };
    let roles_dir = root.join(&ws_file.roles);
    let people_dir = root.join(&ws_file.people);
    // A folder that compgap.yaml names but that is not there is a problem of
    // compgap.yaml, reported with its others.
    let mut missing = false;
    for (dir, name, at) in [
        (&roles_dir, &ws_file.roles, ws_file.roles_at),
        (&people_dir, &ws_file.people, ws_file.people_at),
    ] {
        if let (false, Some(at)) = (dir.is_dir(), at) {
            missing = true;
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
    // A folder that leads outside the trust root is not read at all.
    let mut outside = false;
    for (dir, name, at) in [
        (&roles_dir, &ws_file.roles, ws_file.roles_at),
        (&people_dir, &ws_file.people, ws_file.people_at),
    ] {
        if !trust.admits(dir) {
            outside = true;
            diagnostics.push(match at {
                Some(at) => trust.outside(&ws_shown, at, &format!("the folder `{name}`")),
                None => trust.outside(&display_path(dir), Pos::new(1, 1), "this folder"),
            });
        }
    }
    if missing || outside {
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        return Ok(Loaded {
            workspace: Workspace {
                root: root.to_path_buf(),
                catalog: Catalog::bundled(),
                policy: ws_file.policy,
                roles: Vec::new(),
                people: Vec::new(),
                people_dir: people_dir.clone(),
                inputs: inputs.clone(),
            },
            diagnostics,
            files_checked: inputs.len(),
        });
    }
    if !roles_dir.is_dir() || !people_dir.is_dir() {
        bail!(
            "{} is not a compgap workspace: it needs a {}/ and a {}/ folder; run `compgap init {}` to create one",
            display_path(root),
            ws_file.roles,
            ws_file.people,
            display_path(root)
        );
    }

    // Catalogs: the bundled one, then catalogs/ and those compgap.yaml names.
    let mut catalog = Catalog::bundled();
    let mut catalog_files = Vec::new();
    let catalogs_dir = root.join("catalogs");
    if catalogs_dir.is_dir() {
        if trust.admits(&catalogs_dir) {
            let (files, d) = input::yaml_files(&catalogs_dir, &trust)?;
            catalog_files.extend(files);
            diagnostics.extend(d);
        } else {
            let shown = display_path(&catalogs_dir);
            diagnostics.push(trust.outside(&shown, Pos::new(1, 1), "this folder"));
        }
    }
    for (c, at) in ws_file.catalogs.iter().zip(&ws_file.catalogs_at) {
        let p = root.join(c);
        if !trust.admits(&p) {
            diagnostics.push(trust.outside(&ws_shown, *at, &format!("the catalog `{c}`")));
        } else if p.is_dir() {
            let (files, d) = input::yaml_files(&p, &trust)?;
            catalog_files.extend(files);
            diagnostics.extend(d);
        } else {
            catalog_files.push(p);
        }
    }
    catalog_files.dedup();
    for path in &catalog_files {
        let shown = display_path(path);
        match read_input(path)? {
            Ok(bytes) => diagnostics.extend(catalog::load_catalog(&shown, &bytes, &mut catalog)),
            Err(d) => diagnostics.push(d),
        }
    }
    inputs.extend(catalog_files);

    // Roles. A role file with errors still declares its id, so that
    // assessments naming it are not also reported as naming no role.
    let (role_files, d) = input::yaml_files(&roles_dir, &trust)?;
    diagnostics.extend(d);
    let results: Vec<_> = role_files
        .par_iter()
        .map(|p| {
            check_file(p, keep, |ctx, node| {
                Some((
                    role::read_role(ctx, node, &catalog),
                    declared_id(node, "id"),
                ))
            })
        })
        .collect::<Result<_>>()?;
    let mut roles: Vec<Role> = Vec::with_capacity(results.len());
    let mut broken_roles: Vec<String> = Vec::new();
    // Every id a role file declares, broken file or not, for the checks
    // across files.
    let mut declared_roles: Vec<Declared> = Vec::with_capacity(results.len());
    for (path, (value, d)) in role_files.iter().zip(results) {
        diagnostics.extend(d);
        let shown = display_path(path);
        match value {
            Some((role, Some((id, pos)))) => {
                declared_roles.push(Declared::new(&id, &shown, pos));
                match role {
                    Some(role) => roles.push(role),
                    None => broken_roles.push(id),
                }
            }
            Some((Some(role), None)) => roles.push(role),
            // Unreadable or without a usable id: the file name is the best guess.
            _ => broken_roles.push(stem(&shown).to_string()),
        }
    }
    inputs.extend(role_files);
    let repeated = check_declarations(
        &mut declared_roles,
        Code::DuplicateRole,
        "role",
        &mut diagnostics,
    );
    roles.retain(|r| !repeated.contains(&r.file));
    roles.sort_by(|a, b| a.id.cmp(&b.id));

    // People.
    let role_ids: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
    let check = PersonCheck {
        catalog: &catalog,
        role_ids: &role_ids,
        broken_roles: &broken_roles,
        policy: &ws_file.policy,
        as_of,
    };
    let (people_files, d) = input::yaml_files(&people_dir, &trust)?;
    diagnostics.extend(d);
    let results: Vec<_> = people_files
        .par_iter()
        .map(|p| {
            check_file(p, keep, |ctx, node| {
                Some((
                    person::read_person(ctx, node, &check),
                    declared_id(node, "person"),
                ))
            })
        })
        .collect::<Result<_>>()?;
    let mut people: Vec<Person> = Vec::with_capacity(results.len());
    let mut declared_people: Vec<Declared> = Vec::with_capacity(results.len());
    for (path, (value, d)) in people_files.iter().zip(results) {
        diagnostics.extend(d);
        if let Some((person, declared)) = value {
            if let Some((id, pos)) = declared {
                declared_people.push(Declared::new(&id, &display_path(path), pos));
            }
            people.extend(person);
        }
    }
    inputs.extend(people_files);
    let repeated = check_declarations(
        &mut declared_people,
        Code::DuplicatePerson,
        "person",
        &mut diagnostics,
    );
    people.retain(|p| !repeated.contains(&p.file));
    people.sort_by(|a, b| a.id.cmp(&b.id));

    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    inputs.sort();
    let files_checked = inputs.len();
    Ok(Loaded {
        workspace: Workspace {
            root: root.to_path_buf(),
            catalog,
            policy: ws_file.policy,
            roles,
            people,
            people_dir,
            inputs,
        },
        diagnostics,
        files_checked,
    })
}

/// The id a document declares under `key`, with the position of its value,
/// if it is a well-formed id (whatever else is wrong with the document).
fn declared_id(root: &yaml::Node, key: &str) -> Option<(String, Pos)> {
    let yaml::Kind::Map(entries) = &root.kind else {
        return None;
    };
    let (_, value) = entries.iter().find(|(k, _)| k.as_scalar() == Some(key))?;
    let id = value.as_scalar().filter(|s| fields::is_valid_id(s))?;
    Some((id.to_string(), value.pos))
}

/// An id as a file declares it, with the position of the id.
struct Declared {
    id: String,
    file: String,
    pos: Pos,
}

impl Declared {
    fn new(id: &str, file: &str, pos: Pos) -> Self {
        Self {
            id: id.to_string(),
            file: file.to_string(),
            pos,
        }
    }
}

/// The checks across the files of one kind, over every id declared (by
/// a valid file or one with errors of its own): a later definition of the
/// same id (by file name) is reported at its id, and a file named other
/// than its id is warned about. Returns the files whose definition repeats
/// an earlier one, to be dropped.
fn check_declarations(
    decls: &mut [Declared],
    code: Code,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> std::collections::HashSet<String> {
    decls.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.file.cmp(&b.file)));
    let mut repeated = std::collections::HashSet::new();
    let mut first = 0;
    for i in 0..decls.len() {
        let d = &decls[i];
        warn_file_name(&d.file, &d.id, d.pos, what, diagnostics);
        if decls[first].id != d.id {
            first = i;
        }
        if first < i {
            let first = &decls[first];
            diagnostics.push(Diagnostic::at(
                &d.file,
                code,
                d.pos,
                format!(
                    "{what} `{}` is already defined in {}: keep one definition",
                    d.id, first.file
                ),
            ));
            repeated.insert(d.file.clone());
        }
    }
    repeated
}

fn warn_file_name(file: &str, id: &str, pos: Pos, what: &str, diagnostics: &mut Vec<Diagnostic>) {
    if stem(file) != id {
        diagnostics.push(Diagnostic::at(
            file,
            Code::FileNameMismatch,
            pos,
            format!(
                "{what} `{id}` is in a file named `{}`: rename the file to `{id}.yaml`",
                stem(file)
            ),
        ));
    }
}

/// The roles and people folders of the workspace at `root`, as its
/// `compgap.yaml` names them (the loaded workspace is checked first).
pub fn folders(root: &Path) -> Result<import::Folders> {
    let ws_path = root.join(WORKSPACE_FILE);
    let ws_file = if ws_path.is_file() {
        check_file(&ws_path, Keep::Errors, |ctx, node| {
            Some(workspace::read_workspace_file(ctx, node))
        })?
        .0
        .unwrap_or_default()
    } else {
        WorkspaceFile::default()
    };
    Ok(import::Folders {
        roles: root.join(ws_file.roles),
        people: root.join(ws_file.people),
    })
}
