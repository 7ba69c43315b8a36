//! Writing results: the one place that writes files and folders.
//!
//! - To standard output, or to `-o FILE`, never onto one of the inputs.
//! - A path that exists and is not a regular file (a device such as
//!   `/dev/null`, a FIFO, `/dev/stdout`, a socket, which is connected to)
//!   is written into directly, never replaced.
//! - A link is followed, and its target written as a regular file is.
//! - A regular file is written atomically: a temporary file in the same
//!   folder, then a rename. A replaced file keeps its permission bits (and
//!   its owner, where the process may set it); a new file gets
//!   `0666 & !umask`, as any program's.
//! - The evidence bundle is built in a hidden staging folder beside its
//!   folder ([`Staging`]) and moved into place.
//!
//! Temporary files and staging folders are removed if the process is
//! stopped by SIGINT or SIGTERM ([`interrupt`]).

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The prefix of the evidence bundle's staging folders.
pub const STAGING_PREFIX: &str = ".compgap-evidence-";

/// An absolute path with links resolved as far as the path exists.
pub fn resolve(path: &Path) -> Result<PathBuf> {
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

/// `path`'s folder, `.` for a bare name.
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Refuse to write onto one of the `inputs`, or a YAML file into a folder
/// of inputs (the next run would read it as a role or an assessment).
pub fn check_not_input(path: &Path, inputs: &[PathBuf]) -> Result<()> {
    let target = resolve(path)?;
    let name = target.file_name();
    // Only inputs of the same name can be the same file: resolve those.
    for input in inputs.iter().filter(|i| i.file_name() == name) {
        if resolve(input)? == target {
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
            inputs.iter().map(|i| folder_of(i)).collect();
        for folder in folders {
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

/// Refuse a bundle folder `out` that holds one of `inputs` or lies in a
/// folder of them (other than the workspace folder `root` itself).
pub fn check_out_dir(out: &Path, root: &Path, inputs: &[PathBuf]) -> Result<()> {
    let target = resolve(out)?;
    let root = resolve(root)?;
    // Inputs share a few folders: resolve each folder once, and a file
    // itself only when it is a link.
    let mut folders: std::collections::HashMap<PathBuf, PathBuf> = Default::default();
    for input in inputs {
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
                crate::load::display_path(&input)
            );
        }
        if let Some(folder) = input.parent().filter(|f| *f != root) {
            if target.starts_with(folder) {
                bail!(
                    "refusing to write the bundle to {}: it is inside {}, a folder of input files; choose another --out folder",
                    out.display(),
                    crate::load::display_path(folder)
                );
            }
        }
    }
    Ok(())
}

/// An I/O error without the temporary file's name that `tempfile` adds.
fn plain(e: std::io::Error) -> std::io::Error {
    e.raw_os_error()
        .map_or(e, std::io::Error::from_raw_os_error)
}

/// The names under which a process's own standard streams are opened.
fn standard_stream(path: &Path) -> Option<u8> {
    match path.to_str()? {
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(1),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(2),
        _ => None,
    }
}

/// Write `bytes` to `path` without destroying what is there: into a
/// device, FIFO or socket directly; through a link to its target; to a
/// regular file atomically (see the module documentation). On failure the
/// previous content of a regular file is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let shown = path.display();
    match standard_stream(path) {
        Some(1) => return to_stdout(bytes),
        Some(_) => {
            let mut err = std::io::stderr().lock();
            return err
                .write_all(bytes)
                .and_then(|()| err.flush())
                .with_context(|| format!("cannot write to {shown}"));
        }
        None => {}
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            bail!("cannot write to {shown}: it is a folder; give the path of a file")
        }
        Ok(m) if m.is_file() => {
            // A link is followed: its target is what is replaced.
            let target = path
                .canonicalize()
                .with_context(|| format!("cannot write to {shown}"))?;
            replace(&target, bytes, Some(&m), path, true).map(drop)
        }
        Ok(m) => write_into(path, &m, bytes).with_context(|| format!("cannot write to {shown}")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A link to nothing: create the file it names.
            let target = match std::fs::read_link(path) {
                Ok(t) => folder_of(path).join(t),
                Err(_) => path.to_path_buf(),
            };
            replace(&target, bytes, None, path, true).map(drop)
        }
        Err(e) => Err(e).with_context(|| format!("cannot write to {shown}")),
    }
}

/// Write into the device, FIFO or socket at `path` (`m` is what it is).
fn write_into(path: &Path, m: &std::fs::Metadata, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if m.file_type().is_socket() {
            let mut s = std::os::unix::net::UnixStream::connect(path)?;
            s.write_all(bytes)?;
            return s.flush();
        }
    }
    #[cfg(not(unix))]
    let _ = m;
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// Write the regular file `target` (`existing` is what is there now) by
/// a temporary file in its folder and a rename; `shown` names it in errors.
/// Without `clobber`, nothing that appeared at `target` is replaced, and
/// `Ok(false)` says so.
fn replace(
    target: &Path,
    bytes: &[u8],
    existing: Option<&std::fs::Metadata>,
    shown: &Path,
    clobber: bool,
) -> Result<bool> {
    let (tmp, _guard) = stage(target, bytes, existing, shown, true)?;
    let shown = shown.display();
    if !clobber {
        return match tmp.persist_noclobber(target) {
            Ok(_) => Ok(true),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(plain(e.error)).with_context(|| format!("cannot write to {shown}")),
        };
    }
    tmp.persist(target)
        .map_err(|e| plain(e.error))
        .with_context(|| format!("cannot write to {shown}"))?;
    Ok(true)
}

/// `bytes` in a temporary file in the folder of `target`, ready to be
/// renamed onto it: a new file's mode is what the umask gives, a replaced
/// file's owner and mode are kept; removed if a signal stops the process
/// while the guard lives. `sync` syncs it (a batch syncs once instead).
fn stage(
    target: &Path,
    bytes: &[u8],
    existing: Option<&std::fs::Metadata>,
    shown: &Path,
    sync: bool,
) -> Result<(tempfile::NamedTempFile, interrupt::Guard)> {
    let shown = shown.display();
    let dir = folder_of(target);
    if !dir.is_dir() {
        bail!(
            "cannot write to {shown}: the folder {} does not exist; create it first, or choose another --output path",
            dir.display()
        );
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".compgap-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new file: the umask decides, as for any program's output.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let (mut tmp, guard) = interrupt::guarded(|| builder.tempfile_in(dir), |t| t.path())
        .map_err(plain)
        .with_context(|| {
            format!(
                "cannot write to {shown}: cannot create a file in {}",
                dir.display()
            )
        })?;
    #[cfg(unix)]
    if let Some(m) = existing {
        keep_owner_and_mode(tmp.as_file(), m)
            .with_context(|| format!("cannot write to {shown}: cannot keep its permissions"))?;
    }
    #[cfg(not(unix))]
    let _ = existing;
    tmp.write_all(bytes)
        .and_then(|()| {
            if sync {
                tmp.as_file().sync_all()
            } else {
                Ok(())
            }
        })
        .with_context(|| format!("cannot write to {shown}"))?;
    Ok((tmp, guard))
}

/// Write many new or updated regular files as one batch: every file to a
/// temporary file in its own folder, the file systems synced once, then
/// every file renamed into place and synced once more (on Linux with
/// `syncfs`; elsewhere each file is synced). Nothing is renamed unless every
/// file was written; an existing target is replaced only if `overwrite`,
/// and only if it is a regular file (its owner and mode are kept).
pub fn write_batch(files: &[(PathBuf, Vec<u8>)], overwrite: bool) -> Result<()> {
    use rayon::prelude::*;
    let mut existing = Vec::with_capacity(files.len());
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
            Ok(m) => existing.push(Some(m)),
            Err(_) => existing.push(None),
        }
    }
    let staged: Vec<(tempfile::NamedTempFile, interrupt::Guard)> = files
        .par_iter()
        .zip(&existing)
        .map(|((path, bytes), m)| stage(path, bytes, m.as_ref(), path, !SYNCS_WHOLE))
        .collect::<Result<_>>()?;
    let dirs: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .map(|(p, _)| folder_of(p).to_path_buf())
        .collect();
    sync_once(&dirs).context("cannot sync the files written")?;
    for ((tmp, _guard), (path, _)) in staged.into_iter().zip(files) {
        tmp.persist(path)
            .map_err(|e| plain(e.error))
            .with_context(|| format!("cannot write to {}", path.display()))?;
    }
    sync_once(&dirs).context("cannot sync the files written")?;
    Ok(())
}

/// Whether [`sync_once`] syncs the whole file system (so files need not be
/// synced one by one).
const SYNCS_WHOLE: bool = cfg!(target_os = "linux");

/// Sync the file systems holding `dirs` (Linux: one `syncfs` each;
/// elsewhere each folder, whose files were synced as they were written).
fn sync_once(dirs: &std::collections::BTreeSet<PathBuf>) -> std::io::Result<()> {
    for dir in dirs {
        let d = std::fs::File::open(dir)?;
        #[cfg(target_os = "linux")]
        rustix::fs::syncfs(&d)?;
        #[cfg(not(target_os = "linux"))]
        let _ = d.sync_all();
    }
    Ok(())
}

/// Write a new regular file atomically, as [`write_atomic`] does, but never
/// over anything: returns `Ok(false)`, writing nothing, if `path` exists
/// (even if it appeared meanwhile, or is a link).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    if path.symlink_metadata().is_ok() {
        return Ok(false);
    }
    replace(path, bytes, None, path, false)
}

/// Give `file` the owner (where permitted) and then the mode of `m`.
#[cfg(unix)]
fn keep_owner_and_mode(file: &std::fs::File, m: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // Only root may give a file away; anyone may set a group they are in.
    // Neither is an error when not permitted: the file is still written.
    if std::os::unix::fs::fchown(file, Some(m.uid()), Some(m.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(m.gid()));
    }
    file.set_permissions(std::fs::Permissions::from_mode(m.mode() & 0o7777))
}

fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}

/// Write to `output` (never onto an input) or to stdout.
pub fn emit(output: Option<&Path>, bytes: &[u8], inputs: &[PathBuf]) -> Result<()> {
    match output {
        Some(path) if path != Path::new("-") => {
            check_not_input(path, inputs)?;
            write_atomic(path, bytes)
        }
        _ => to_stdout(bytes),
    }
}

/// What streams one file's content into a writer.
pub type Render<'a> = dyn FnMut(&mut dyn Write) -> std::io::Result<()> + 'a;

fn write_file(path: &Path, render: &mut Render) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    render(&mut f)?;
    f.into_inner()
        .map_err(std::io::IntoInnerError::into_error)?
        .sync_all()
}

/// The hidden folder beside the bundle folder DIR where the bundle is
/// written before it is moved into place (or, with `--force` onto a
/// non-empty folder, each file).
pub struct Staging {
    out: PathBuf,
    tmp: tempfile::TempDir,
    _guard: interrupt::Guard,
    /// DIR already holds files (`--force`): replace them one by one.
    replace: bool,
    written: Vec<String>,
    /// Staging folders beside DIR left by a run that was killed.
    pub leftovers: Vec<PathBuf>,
}

impl Staging {
    /// Check DIR (`out`) and create the staging folder beside it. DIR must
    /// be new or empty, or `force` given; none of `names` (the files the
    /// bundle writes) may be a folder in it.
    pub fn new(out: &Path, force: bool, names: &[&str]) -> Result<Self> {
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
        // A new or empty DIR is replaced as a whole: a link would be lost.
        if !existing_nonempty && std::fs::symlink_metadata(out).is_ok_and(|m| m.is_symlink()) {
            bail!(
                "{shown} is a link: the bundle replaces the folder as a whole; give the folder it points to ({}) as --out",
                resolve(out)?.display()
            );
        }
        for name in names {
            let target = out.join(name);
            if target.is_dir() {
                bail!(
                    "{} is a folder: the bundle writes a file there; move it away and run again",
                    target.display()
                );
            }
        }
        let parent = folder_of(out);
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))?;
        let leftovers = leftovers(parent);
        let mut builder = tempfile::Builder::new();
        builder.prefix(STAGING_PREFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Like a folder made with mkdir: the umask decides.
            builder.permissions(std::fs::Permissions::from_mode(0o777));
        }
        let (tmp, guard) = interrupt::guarded(|| builder.tempdir_in(parent), |t| t.path())
            .map_err(plain)
            .with_context(|| {
                format!(
                    "cannot write the bundle: cannot create a folder in {}",
                    parent.display()
                )
            })?;
        Ok(Self {
            out: out.to_path_buf(),
            _guard: guard,
            tmp,
            replace: existing_nonempty,
            written: Vec::new(),
            leftovers,
        })
    }

    /// Write one file of the bundle into the staging folder.
    pub fn write(&mut self, name: &str, render: &mut Render) -> Result<()> {
        let _busy = interrupt::hold();
        write_file(&self.tmp.path().join(name), render)
            .with_context(|| format!("cannot write the bundle: cannot write {name}"))?;
        self.written.push(name.to_string());
        Ok(())
    }

    /// Move the bundle into DIR: one rename of the whole folder when DIR is
    /// new or empty; with `--force`, file by file in the order written
    /// (the last one last, so that a half-replaced bundle never verifies).
    pub fn commit(self) -> Result<()> {
        let _busy = interrupt::hold();
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

/// The staging folders in `parent` (left by a run that was killed, or
/// belonging to one still running), sorted.
fn leftovers(parent: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let e = e.ok()?;
            let is_dir = e.file_type().ok()?.is_dir();
            (is_dir && e.file_name().to_string_lossy().starts_with(STAGING_PREFIX))
                .then(|| e.path())
        })
        .collect();
    found.sort();
    found
}

/// Removing temporary files and staging folders when the process is
/// stopped by SIGINT or SIGTERM, then exiting with 128 + the signal.
///
/// A path is registered for as long as its [`Guard`] lives. Writers hold
/// [`hold`] while they create files in a registered folder, so that the
/// folder is never removed half-way through a write.
pub mod interrupt {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, MutexGuard, Once};

    static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static INSTALL: Once = Once::new();

    /// Keeps a path registered; dropping it unregisters the path.
    pub struct Guard(PathBuf);

    impl Drop for Guard {
        fn drop(&mut self) {
            let mut pending = lock();
            if let Some(i) = pending.iter().position(|p| *p == self.0) {
                pending.swap_remove(i);
            }
        }
    }

    fn lock() -> MutexGuard<'static, Vec<PathBuf>> {
        PENDING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Make something at a path with `create` (a temporary file or
    /// folder), to be removed if a signal stops the process while the
    /// guard lives. A signal that comes while it is being made waits until
    /// it is registered.
    pub fn guarded<T>(
        create: impl FnOnce() -> std::io::Result<T>,
        path: impl FnOnce(&T) -> &Path,
    ) -> std::io::Result<(T, Guard)> {
        INSTALL.call_once(install);
        let mut pending = lock();
        let made = create()?;
        let path = path(&made).to_path_buf();
        pending.push(path.clone());
        Ok((made, Guard(path)))
    }

    /// Hold off the removal while a write into a registered folder happens.
    pub fn hold() -> MutexGuard<'static, Vec<PathBuf>> {
        lock()
    }

    #[cfg(unix)]
    fn install() {
        use signal_hook::consts::{SIGINT, SIGTERM};
        // Without a handler the signal ends the process as it always did.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until exit: no write starts in a folder being removed.
                let pending = lock();
                for path in pending.iter() {
                    if path.is_dir() {
                        let _ = std::fs::remove_dir_all(path);
                    } else {
                        let _ = std::fs::remove_file(path);
                    }
                }
                std::process::exit(128 + signal);
            }
        });
    }

    #[cfg(not(unix))]
    fn install() {}
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
