//! Finding and reading input files safely: every read is bounded while
//! it happens, only regular files are read, and files found through a
//! workspace must lie inside its trust root.
//!
//! The trust root is the git work tree that holds the workspace (the
//! nearest folder above it with a `.git` file or folder), else the
//! workspace folder itself; `--root DIR` sets it. Files named on the
//! command line are read where they are.

use super::display_path;
use crate::diag::{Code, Diagnostic, Pos};
use anyhow::{Context, Result, bail};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Larger than the limit: the size, when the file says it.
    TooLarge(Option<u64>),
    /// Not a regular file: what it is ("a FIFO", "a device", …).
    NotAFile(&'static str),
}

impl Refused {
    /// The message of a diagnostic or an error about it, for a file whose
    /// limit is `limit` bytes.
    pub fn message(&self, limit: u64) -> String {
        match self {
            Refused::TooLarge(Some(len)) => format!(
                "file is {len} bytes; the limit is {limit} bytes ({}): split it into smaller files",
                mib(limit)
            ),
            Refused::TooLarge(None) => format!(
                "file is larger than the limit of {limit} bytes ({}): split it into smaller files",
                mib(limit)
            ),
            Refused::NotAFile(what) => format!(
                "{what}, not a regular file: compgap reads only regular files; replace it with the file itself"
            ),
        }
    }

    /// The diagnostic for `shown`, a YAML input.
    pub fn diagnostic(&self, shown: &str, limit: u64) -> Diagnostic {
        let code = match self {
            Refused::TooLarge(_) => Code::TooLarge,
            Refused::NotAFile(_) => Code::NotAFile,
        };
        Diagnostic::at(shown, code, Pos::new(1, 1), self.message(limit))
    }
}

fn mib(limit: u64) -> String {
    format!("{} MiB", limit / (1024 * 1024))
}

/// What a path that is not a regular file is, in words.
fn what_it_is(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "it is a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "it is a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "it is a device";
        }
    }
    if meta.is_dir() {
        "it is a folder"
    } else {
        "it is a special file"
    }
}

/// Read the regular file at `path`, at most `limit` bytes. The size the
/// file system reports is not trusted: at most `limit + 1` bytes are read.
/// A path that does not exist or cannot be read is an error naming it; a
/// link to nothing, a link loop, a device, FIFO or socket is refused
/// without being opened for long (a FIFO is opened without waiting for a
/// writer and then refused).
pub fn read_limited(path: &Path, limit: u64) -> Result<std::result::Result<Vec<u8>, Refused>> {
    let shown = display_path(path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            if is_link && is_loop(&e) {
                return Ok(Err(Refused::NotAFile(
                    "it is a link that loops back on itself",
                )));
            }
            if is_link && e.kind() == std::io::ErrorKind::NotFound {
                return Ok(Err(Refused::NotAFile(
                    "it is a link to a file that does not exist",
                )));
            }
            return Err(e).with_context(|| format!("cannot read {shown}"));
        }
    };
    if !meta.is_file() {
        return Ok(Err(Refused::NotAFile(what_it_is(&meta))));
    }
    if meta.len() > limit {
        return Ok(Err(Refused::TooLarge(Some(meta.len()))));
    }
    let file = open_nonblocking(path).with_context(|| format!("cannot read {shown}"))?;
    // The path may have been swapped between the look and the open.
    let meta = file
        .metadata()
        .with_context(|| format!("cannot read {shown}"))?;
    if !meta.is_file() {
        return Ok(Err(Refused::NotAFile(what_it_is(&meta))));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0) + 1);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {shown}"))?;
    if bytes.len() as u64 > limit {
        return Ok(Err(Refused::TooLarge(None)));
    }
    Ok(Ok(bytes))
}

fn is_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Open for reading without blocking on a FIFO that has no writer.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Whether a file name ends in `.yaml` or `.yml`, in any case.
pub fn is_yaml_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// The folder inside which files found through a workspace must lie.
#[derive(Debug, Clone)]
pub struct TrustRoot {
    /// Absolute, links resolved.
    root: PathBuf,
}

impl TrustRoot {
    /// `explicit` (`--root DIR`), else the git work tree holding
    /// `workspace`, else `workspace` itself.
    pub fn find(workspace: &Path, explicit: Option<&Path>) -> Result<Self> {
        if let Some(dir) = explicit {
            let root = dir.canonicalize().with_context(|| {
                format!(
                    "--root {}: cannot find the folder; give an existing folder",
                    display_path(dir)
                )
            })?;
            if !root.is_dir() {
                bail!("--root {}: is not a folder", display_path(dir));
            }
            return Ok(Self { root });
        }
        let ws = workspace
            .canonicalize()
            .with_context(|| format!("cannot read the folder {}", display_path(workspace)))?;
        let root = ws
            .ancestors()
            .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())
            .unwrap_or(&ws)
            .to_path_buf();
        Ok(Self { root })
    }

    /// The trust root.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Whether `path` (resolved) lies inside the trust root. A path that
    /// cannot be resolved is not judged here: reading it reports why.
    pub fn admits(&self, path: &Path) -> bool {
        path.canonicalize()
            .map_or(true, |p| p.starts_with(&self.root))
    }

    /// The `outside-workspace` diagnostic for `shown`, reported at `at` in
    /// `file` (the file that names it, or the path itself). Nothing of the
    /// file is quoted.
    pub fn outside(&self, file: &str, at: Pos, shown: &str) -> Diagnostic {
        Diagnostic::at(
            file,
            Code::OutsideWorkspace,
            at,
            format!(
                "{shown} resolves to a path outside {}, the folder compgap trusts: it was not read; copy it into the workspace, or pass --root with a folder that holds it",
                display_path(&self.root)
            ),
        )
    }
}

/// The YAML files directly in `dir` (a file name ending in `.yaml` or
/// `.yml`, in any case, not starting with `.`), sorted by name, with a
/// diagnostic for each link that leads outside `trust`. Sub-folders (and
/// links to folders) are not entered. Links to nothing, loops and
/// non-regular files are listed: reading them reports what they are.
pub fn yaml_files(dir: &Path, trust: &TrustRoot) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let cannot = || format!("cannot read the folder {}", display_path(dir));
    for entry in std::fs::read_dir(dir).with_context(cannot)? {
        let entry = entry.with_context(cannot)?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || !is_yaml_name(&name) {
            continue;
        }
        let path = entry.path();
        let file_type = entry.file_type().with_context(cannot)?;
        if file_type.is_dir() {
            continue;
        }
        if file_type.is_symlink() {
            if path.is_dir() {
                continue;
            }
            if !trust.admits(&path) {
                let shown = display_path(&path);
                diagnostics.push(trust.outside(&shown, Pos::new(1, 1), "this link"));
                continue;
            }
        }
        files.push(path);
    }
    files.sort();
    Ok((files, diagnostics))
}
