//! Loading a workspace: find the files, read them within limits, parse,
//! check every field and cross-reference, and collect every problem.
//!
//! The result is a [`Loaded`] with the [`Workspace`] and all
//! [`Diagnostic`]s. Commands other than `validate` refuse to go on when an
//! error is among them.

pub mod catalog;
mod discover;
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
use crate::model::{Date, Workspace};
use crate::yaml;
use anyhow::Result;
pub use discover::folders;
use discover::{Discovered, Found};
use fields::Ctx;
use person::PersonCheck;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

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

/// What an empty file is told.
const EMPTY: &str = "the file is empty: write the document, or delete the file";

/// Read, parse and check the file at `path` with `check`, which returns
/// its value; see [`check_bytes`].
fn check_file<T>(
    path: &Path,
    empty: &str,
    errors_only: bool,
    check: impl FnOnce(&mut Ctx, &yaml::Node) -> Option<T>,
) -> Result<(Option<T>, Vec<Diagnostic>)> {
    Ok(match read_input(path)? {
        Ok(bytes) => check_bytes(&display_path(path), &bytes, empty, errors_only, check),
        Err(d) => (None, vec![d]),
    })
}

/// Parse and check `bytes`, the content of `shown`, with `check`; an empty
/// document is told `empty`, and only errors are kept when `errors_only`.
fn check_bytes<T>(
    shown: &str,
    bytes: &[u8],
    empty: &str,
    errors_only: bool,
    check: impl FnOnce(&mut Ctx, &yaml::Node) -> Option<T>,
) -> (Option<T>, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(shown);
    let (root, diags) = yaml::parse(bytes);
    ctx.absorb(diags);
    let value = match root {
        Some(root) => check(&mut ctx, &root),
        None => {
            if !ctx.has_errors() {
                ctx.report(Code::EmptyFile, Pos::new(1, 1), empty.into());
            }
            None
        }
    };
    (value, ctx.finish(errors_only))
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
///
/// Discovery finds the files of each kind; then each kind is loaded in
/// turn, as each depends on those before (roles on the catalogs, people
/// on both), and the checks across its files follow.
pub fn load_trusting(root: &Path, as_of: Date, keep: Keep, trust: Option<&Path>) -> Result<Loaded> {
    let Discovered {
        ws_file,
        people_dir,
        mut inputs,
        mut diagnostics,
        catalogs,
        roles: role_files,
        people: person_files,
    } = discover::discover(root, keep, trust)?;
    let mut catalog = Catalog::bundled();
    // Catalogs after the bundled one, in order: none may define again a
    // competence an earlier one defines.
    diagnostics.extend(catalogs.diagnostics);
    for path in &catalogs.files {
        let read = catalog::into(&mut catalog);
        diagnostics.extend(check_file(path, catalog::EMPTY, false, read)?.1);
    }
    inputs.extend(catalogs.files);

    // Roles. A role file with errors still declares its id, so that
    // assessments naming it are not also reported as naming no role.
    let read = |ctx: &mut Ctx, node: &yaml::Node| role::read_role(ctx, node, &catalog);
    let loaded = load_each(role_files, keep, "id", &mut inputs, &mut diagnostics, read)?;
    let broken_roles: Vec<String> = loaded
        .iter()
        .filter(|f| f.value.is_none())
        // Without a usable id, the file name is the best guess.
        .map(|f| f.declared.as_ref().map_or(stem(&f.shown), |(id, _)| id))
        .map(str::to_string)
        .collect();
    let roles = distinct(loaded, Code::DuplicateRole, "role", &mut diagnostics, |r| {
        (&r.id, &r.file)
    });

    // People.
    let role_ids: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
    let check = PersonCheck {
        catalog: &catalog,
        role_ids: &role_ids,
        broken_roles: &broken_roles,
        policy: &ws_file.policy,
        as_of,
    };
    let read = |ctx: &mut Ctx, node: &yaml::Node| person::read_person(ctx, node, &check);
    let loaded = load_each(
        person_files,
        keep,
        "person",
        &mut inputs,
        &mut diagnostics,
        read,
    )?;
    let people = distinct(
        loaded,
        Code::DuplicatePerson,
        "person",
        &mut diagnostics,
        |p| (&p.id, &p.file),
    );
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

/// One file of a kind, loaded.
struct File<T> {
    /// The file as shown to the user.
    shown: String,
    /// `None` if the file could not be read, is empty or has errors.
    value: Option<T>,
    /// The id its document declares, with the position of the id, if it is
    /// a well-formed id (whatever else is wrong with the document).
    declared: Option<(String, Pos)>,
}

/// Read, parse and check the files of one kind on every core, each with
/// `check`, noting the id each declares under `id_key`. The problems of
/// finding and of reading them go to `diagnostics`, the files to `inputs`.
fn load_each<T: Send>(
    found: Found,
    keep: Keep,
    id_key: &str,
    inputs: &mut Vec<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
    check: impl Fn(&mut Ctx, &yaml::Node) -> Option<T> + Sync,
) -> Result<Vec<File<T>>> {
    diagnostics.extend(found.diagnostics);
    let results: Vec<_> = found
        .files
        .par_iter()
        .map(|p| {
            check_file(p, EMPTY, keep == Keep::Errors, |ctx, node| {
                Some((check(ctx, node), declared_id(node, id_key)))
            })
        })
        .collect::<Result<_>>()?;
    let mut files = Vec::with_capacity(results.len());
    for (path, (value, d)) in found.files.iter().zip(results) {
        diagnostics.extend(d);
        let (value, declared) = value.unwrap_or((None, None));
        let shown = display_path(path);
        files.push(File {
            shown,
            value,
            declared,
        });
    }
    inputs.extend(found.files);
    Ok(files)
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

/// The checks across the files of one kind, over every id declared (by
/// a valid file or one with errors of its own): a later definition of the
/// same id (by file name) is reported at its id, and a file named other
/// than its id is warned about. Returns the values of the valid files,
/// sorted by id, without those whose definition repeats an earlier one;
/// `id_file` gives the id and file of a value.
fn distinct<T>(
    files: Vec<File<T>>,
    code: Code,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
    id_file: impl Fn(&T) -> (&str, &str),
) -> Vec<T> {
    let mut values = Vec::with_capacity(files.len());
    // (id, file, position of the id)
    let mut decls = Vec::with_capacity(files.len());
    for f in files {
        if let Some((id, pos)) = f.declared {
            decls.push((id, f.shown, pos));
        }
        values.extend(f.value);
    }
    decls.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let mut repeated = std::collections::HashSet::new();
    let mut first = 0;
    for i in 0..decls.len() {
        let (id, file, pos) = &decls[i];
        warn_file_name(file, id, *pos, what, diagnostics);
        if decls[first].0 != *id {
            first = i;
        }
        if first < i {
            diagnostics.push(Diagnostic::at(
                file,
                code,
                *pos,
                format!(
                    "{what} `{id}` is already defined in {}: keep one definition",
                    decls[first].1
                ),
            ));
            repeated.insert(file.as_str());
        }
    }
    values.retain(|v| !repeated.contains(id_file(v).1));
    values.sort_by(|a, b| id_file(a).0.cmp(id_file(b).0));
    values
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
