//! Loading a workspace: find the files, read them within limits, parse,
//! check every field and cross-reference, and collect every problem.
//!
//! The result is a [`Loaded`] with the [`Workspace`] and all
//! [`Diagnostic`]s. Commands other than `validate` refuse to go on when an
//! error is among them.

pub mod catalog;
pub mod fields;
pub mod levels;
pub mod person;
pub mod register;
pub mod role;
pub mod workspace;

use crate::catalog::Catalog;
use crate::diag::{Code, Diagnostic, Pos};
use crate::model::{Date, Person, Role, Workspace};
use crate::yaml;
use anyhow::{Context, Result, bail};
use fields::Ctx;
use person::PersonCheck;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
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
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// A path as shown to the user: `./roles/a.yaml` becomes `roles/a.yaml`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./")
        .map_or_else(|| s.to_string(), str::to_string)
}

/// Read one input file, refusing anything over the size limit before reading it.
pub fn read_input(path: &Path) -> Result<std::result::Result<Vec<u8>, Diagnostic>> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", display_path(path)))?;
    if meta.len() > yaml::MAX_FILE_BYTES {
        return Ok(Err(Diagnostic::at(
            &display_path(path),
            Code::TooLarge,
            Pos::new(1, 1),
            format!(
                "file is {} bytes; the limit is {} bytes (8 MiB): split it into smaller files",
                meta.len(),
                yaml::MAX_FILE_BYTES
            ),
        )));
    }
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read {}", display_path(path)))?;
    Ok(Ok(bytes))
}

/// The `.yaml`/`.yml` files directly in `dir`, sorted by name.
fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the folder {}", display_path(dir)))?;
    for entry in entries {
        let entry =
            entry.with_context(|| format!("cannot read the folder {}", display_path(dir)))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || !(name.ends_with(".yaml") || name.ends_with(".yml")) {
            continue;
        }
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Read, parse and check one file with `check`, which returns its value.
fn check_file<T>(
    path: &Path,
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
    Ok((value, ctx.diags))
}

fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

/// Load the workspace at `root`, checking everything as of `as_of`.
pub fn load_workspace(root: &Path, as_of: Date) -> Result<Loaded> {
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
    let ws_path = root.join(WORKSPACE_FILE);
    let ws_file = if ws_path.is_file() {
        inputs.push(ws_path.clone());
        let (ws, d) = check_file(&ws_path, |ctx, node| {
            Some(workspace::read_workspace_file(ctx, node))
        })?;
        diagnostics.extend(d);
        ws.unwrap_or_default()
    } else {
        WorkspaceFile::default()
    };
    let roles_dir = root.join(&ws_file.roles);
    let people_dir = root.join(&ws_file.people);
    if !roles_dir.is_dir() || !people_dir.is_dir() {
        bail!(
            "{} is not a compgap workspace: it needs a {}/ and a {}/ folder (see examples/)",
            display_path(root),
            ws_file.roles,
            ws_file.people
        );
    }

    // Catalogs: the bundled one, then catalogs/ and those compgap.yaml names.
    let mut catalog = Catalog::bundled();
    let mut catalog_files = Vec::new();
    let catalogs_dir = root.join("catalogs");
    if catalogs_dir.is_dir() {
        catalog_files.extend(yaml_files(&catalogs_dir)?);
    }
    for c in &ws_file.catalogs {
        let p = root.join(c);
        if p.is_dir() {
            catalog_files.extend(yaml_files(&p)?);
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
    let role_files = yaml_files(&roles_dir)?;
    let results: Vec<_> = role_files
        .par_iter()
        .map(|p| {
            check_file(p, |ctx, node| {
                Some((
                    role::read_role(ctx, node, &catalog),
                    declared_id(node, "id"),
                ))
            })
        })
        .collect::<Result<_>>()?;
    let mut roles: Vec<(Role, Pos)> = Vec::with_capacity(results.len());
    let mut broken_roles: Vec<String> = Vec::new();
    for (path, (value, d)) in role_files.iter().zip(results) {
        diagnostics.extend(d);
        match value {
            Some((Some(role), declared)) => {
                let pos = declared.map_or(Pos::new(1, 1), |(_, pos)| pos);
                roles.push((role, pos));
            }
            Some((None, Some((id, _)))) => broken_roles.push(id),
            // Unreadable or without a usable id: the file name is the best guess.
            _ => broken_roles.push(stem(&display_path(path)).to_string()),
        }
    }
    inputs.extend(role_files);
    check_duplicates(
        &mut roles,
        |r| &r.id,
        |r| &r.file,
        Code::DuplicateRole,
        "role",
        &mut diagnostics,
    );

    // People.
    let role_ids: Vec<&str> = roles.iter().map(|(r, _)| r.id.as_str()).collect();
    let check = PersonCheck {
        catalog: &catalog,
        role_ids: &role_ids,
        broken_roles: &broken_roles,
        policy: &ws_file.policy,
        as_of,
    };
    let people_files = yaml_files(&people_dir)?;
    let results: Vec<_> = people_files
        .par_iter()
        .map(|p| {
            check_file(p, |ctx, node| {
                person::read_person(ctx, node, &check).map(|person| {
                    let pos = declared_id(node, "person").map_or(Pos::new(1, 1), |(_, pos)| pos);
                    (person, pos)
                })
            })
        })
        .collect::<Result<_>>()?;
    let mut people: Vec<(Person, Pos)> = Vec::with_capacity(results.len());
    for (person, d) in results {
        diagnostics.extend(d);
        people.extend(person);
    }
    inputs.extend(people_files);
    check_duplicates(
        &mut people,
        |p| &p.id,
        |p| &p.file,
        Code::DuplicatePerson,
        "person",
        &mut diagnostics,
    );

    for (r, pos) in &roles {
        warn_file_name(&r.file, &r.id, *pos, "role", &mut diagnostics);
    }
    for (p, pos) in &people {
        warn_file_name(&p.file, &p.id, *pos, "person", &mut diagnostics);
    }
    let roles: Vec<Role> = roles.into_iter().map(|(r, _)| r).collect();
    let people: Vec<Person> = people.into_iter().map(|(p, _)| p).collect();

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

/// Sort by id and report (and drop) later definitions of the same id, at
/// the position of the id.
fn check_duplicates<T>(
    items: &mut Vec<(T, Pos)>,
    id: impl Fn(&T) -> &String,
    file: impl Fn(&T) -> &String,
    code: Code,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    items.sort_by(|(a, _), (b, _)| id(a).cmp(id(b)).then_with(|| file(a).cmp(file(b))));
    let mut kept: Vec<(T, Pos)> = Vec::with_capacity(items.len());
    for (item, pos) in items.drain(..) {
        if let Some((prev, _)) = kept.last().filter(|(p, _)| id(p) == id(&item)) {
            diagnostics.push(Diagnostic::at(
                file(&item),
                code,
                pos,
                format!(
                    "{what} `{}` is already defined in {}: keep one definition",
                    id(&item),
                    file(prev)
                ),
            ));
        } else {
            kept.push((item, pos));
        }
    }
    *items = kept;
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
