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

/// Write `bytes` to `path` atomically: a temporary file in the same folder,
/// then a rename. On failure the previous content of `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write to {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write to {}", path.display()))?;
    Ok(())
}

/// A temporary file in the folder of `path`, to rename onto it, with the
/// mode of the file it replaces.
fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let tmp = new_temp_beside(path)?;
    if let Ok(m) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), m.permissions())
            .with_context(|| format!("cannot write to {}", path.display()))?;
    }
    Ok(tmp)
}

fn new_temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".compgap-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like a file the shell creates: the umask decides, not 0600.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir).with_context(|| {
        format!(
            "cannot write to {}: cannot create a file in {}",
            path.display(),
            dir.display()
        )
    })
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

/// Write many files as one batch: every file to a temporary file in its
/// own folder, the file system synced once, then every file renamed into
/// place and the file system synced once more (on Linux, with `syncfs`;
/// elsewhere each file and folder is synced). Nothing is renamed unless
/// every file was written; an existing target is replaced only if
/// `overwrite`, and only if it is a regular file.
pub fn write_batch(files: &[(PathBuf, Vec<u8>)], overwrite: bool) -> Result<()> {
    use rayon::prelude::*;
    for (path, _) in files {
        match std::fs::symlink_metadata(path) {
            Ok(m) if !m.file_type().is_file() => bail!(
                "refusing to replace {}: it is not a regular file",
                path.display()
            ),
            Ok(_) if !overwrite => bail!(
                "refusing to overwrite {}: it exists (pass --update to update it)",
                path.display()
            ),
            _ => {}
        }
    }
    let dir_of = |path: &Path| {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    };
    let temps: Vec<tempfile::NamedTempFile> = files
        .par_iter()
        .map(|(path, bytes)| {
            let mut tmp = temp_beside(path)?;
            tmp.write_all(bytes)
                .and_then(|()| sync_each(tmp.as_file()))
                .with_context(|| format!("cannot write to {}", path.display()))?;
            Ok(tmp)
        })
        .collect::<Result<_>>()?;
    let dirs: std::collections::BTreeSet<PathBuf> = files.iter().map(|(p, _)| dir_of(p)).collect();
    sync_once(&dirs).context("cannot sync the files written")?;
    for (tmp, (path, _)) in temps.into_iter().zip(files) {
        tmp.persist(path)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot write to {}", path.display()))?;
    }
    sync_once(&dirs).context("cannot sync the files written")?;
    for dir in &dirs {
        if let Ok(d) = std::fs::File::open(dir) {
            sync_each(&d)?;
        }
    }
    Ok(())
}

/// Where the file system can be synced as a whole, nothing per file.
#[cfg(target_os = "linux")]
fn sync_each(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_each(file: &std::fs::File) -> std::io::Result<()> {
    file.sync_all()
}

/// Sync the file systems holding `dirs` (Linux: one `syncfs` each).
#[cfg(target_os = "linux")]
fn sync_once(dirs: &std::collections::BTreeSet<PathBuf>) -> std::io::Result<()> {
    for dir in dirs {
        rustix::fs::syncfs(std::fs::File::open(dir)?)?;
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_once(_dirs: &std::collections::BTreeSet<PathBuf>) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.yaml");
        let b = dir.path().join("b.yaml");
        write_batch(
            &[(a.clone(), b"1".to_vec()), (b.clone(), b"2".to_vec())],
            false,
        )
        .expect("write");
        assert_eq!(std::fs::read(&a).expect("a"), b"1");
        // b exists: without overwrite nothing is written, a is untouched.
        let c = dir.path().join("c.yaml");
        let err = write_batch(
            &[(c.clone(), b"3".to_vec()), (b.clone(), b"4".to_vec())],
            false,
        )
        .expect_err("refused");
        assert!(err.to_string().contains("refusing to overwrite"), "{err}");
        assert!(!c.exists());
        assert_eq!(std::fs::read(&b).expect("b"), b"2");
        // A folder (not a regular file) is never replaced, even with overwrite.
        let d = dir.path().join("d.yaml");
        std::fs::create_dir(&d).expect("mkdir");
        let err = write_batch(&[(d.clone(), b"5".to_vec())], true).expect_err("refused");
        assert!(err.to_string().contains("not a regular file"), "{err}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        }
        write_batch(&[(b.clone(), b"6".to_vec())], true).expect("overwrite");
        assert_eq!(std::fs::read(&b).expect("b"), b"6");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode(&b), 0o640, "an updated file keeps its mode");
            assert_ne!(
                mode(&a) & 0o044,
                0,
                "a new file is not private to its owner"
            );
        }
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name())
            .filter(|n| n.to_string_lossy().starts_with(".compgap-"))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }
}
