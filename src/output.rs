//! Writing results: to stdout, or atomically to a file that is never one
//! of the inputs.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The absolute, symlink-resolved form of a path that may not exist yet.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// Refuse to write onto one of the `inputs`, or a YAML file into a folder
/// of inputs (the next run would read it as a role or an assessment).
pub fn check_not_input(path: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Some(target) = resolved(path) else {
        return Ok(());
    };
    let name = target.file_name();
    // Only inputs of the same name can be the same file: resolve those.
    for input in inputs.iter().filter(|i| i.file_name() == name) {
        if resolved(input).as_ref() == Some(&target) {
            bail!(
                "refusing to write to {}: it is one of the input files; choose another --output path",
                path.display()
            );
        }
    }
    let is_yaml = target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if is_yaml {
        let folders: std::collections::BTreeSet<&Path> =
            inputs.iter().filter_map(|i| i.parent()).collect();
        for folder in folders {
            let folder = if folder.as_os_str().is_empty() {
                Path::new(".")
            } else {
                folder
            };
            if folder.canonicalize().ok().as_deref() == target.parent() {
                bail!(
                    "refusing to write {}: it is a YAML file in {}, a folder of input files, and would be read as input next time; choose another --output path",
                    path.display(),
                    folder.display()
                );
            }
        }
    }
    Ok(())
}

/// `bytes` in a temporary file beside `path`, synced, ready to be renamed
/// onto it. `user_file` makes it a file of the user's, with the
/// permissions the umask gives any file they create; otherwise it is
/// readable by its owner only.
fn staged(path: &Path, bytes: &[u8], user_file: bool) -> Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".compgap-").suffix(".tmp");
    #[cfg(unix)]
    if user_file {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    #[cfg(not(unix))]
    let _ = user_file;
    let mut tmp = builder.tempfile_in(dir).with_context(|| {
        format!(
            "cannot write to {}: cannot create a file in {}",
            path.display(),
            dir.display()
        )
    })?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write to {}", path.display()))?;
    Ok(tmp)
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder,
/// then a rename. On failure the previous content of `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    staged(path, bytes, false)?
        .persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write to {}", path.display()))?;
    Ok(())
}

/// Write a new file of the user's atomically, as [`write_atomic`] does,
/// but never over an existing one: returns `Ok(false)`, writing nothing,
/// if `path` exists (even if it appeared meanwhile).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    if path.symlink_metadata().is_ok() {
        return Ok(false);
    }
    match staged(path, bytes, true)?.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e.error).with_context(|| format!("cannot write to {}", path.display())),
    }
}

/// Write to `output` (atomically, never onto an input) or to stdout.
pub fn emit(output: Option<&Path>, bytes: &[u8], inputs: &[PathBuf]) -> Result<()> {
    match output {
        Some(path) if path != Path::new("-") => {
            check_not_input(path, inputs)?;
            write_atomic(path, bytes)
        }
        _ => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(e).context("cannot write to standard output"),
            }
        }
    }
}
