//! What compgap does to the paths it is given, against the built binary:
//! an output never destroys what is at its path (devices, FIFOs, sockets,
//! links, modes, the evidence staging folder under SIGINT/SIGTERM), and an
//! input is read only when it is a regular file within its limit and, when
//! found through a workspace, inside the trust root. Cases that need root,
//! `mkfifo` or a real signal print a reason and skip when they cannot run.
#![cfg(unix)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const AS_OF: &str = "2026-11-23";

fn clean() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate/clean")
}

/// A copy of the clean workspace in `dir`, with `files` written in it.
fn workspace_in(dir: &Path, files: &[(&str, &str)]) {
    for sub in ["roles", "people"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(clean().join(sub)).expect("fixture") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("a name");
            std::fs::copy(&path, dir.join(sub).join(name)).expect("copy");
        }
    }
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write");
    }
}

fn workspace_with(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    workspace_in(dir.path(), files);
    dir
}

fn compgap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("compgap").expect("binary");
    cmd.current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

/// What `report --format csv` prints for the clean workspace.
fn report_csv(ws: &Path) -> Vec<u8> {
    let out = compgap(ws)
        .args(["report", "--format", "csv", "--as-of", AS_OF])
        .output()
        .expect("run");
    assert!(out.status.success());
    out.stdout
}

fn mkfifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------- outputs

#[test]
fn output_to_dev_null_writes_into_the_device() {
    // As root, renaming a file over /dev/null would replace the device.
    let ws = workspace_with(&[]);
    compgap(ws.path())
        .args(["report", "-o", "/dev/null", "--as-of", AS_OF])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(
        meta.file_type().is_char_device(),
        "/dev/null is no longer a device"
    );
    if !is_root() {
        eprintln!("note: not root, so /dev/null could not have been replaced anyway");
    }
}

#[test]
fn output_through_a_link_to_a_device_keeps_the_link() {
    let ws = workspace_with(&[]);
    let link = ws.path().join("sink.csv");
    std::os::unix::fs::symlink("/dev/null", &link).expect("symlink");
    compgap(ws.path())
        .args(["report", "-o", "sink.csv", "--as-of", AS_OF])
        .assert()
        .success();
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.is_symlink(), "the link was replaced by a file");
    assert_eq!(
        std::fs::read_link(&link).expect("link"),
        Path::new("/dev/null")
    );
}

#[test]
fn output_to_dev_stdout_reaches_standard_output() {
    let ws = workspace_with(&[]);
    let expected = report_csv(ws.path());
    compgap(ws.path())
        .args([
            "report",
            "--format",
            "csv",
            "-o",
            "/dev/stdout",
            "--as-of",
            AS_OF,
        ])
        .assert()
        .success()
        .stdout(expected);
    assert!(
        std::fs::symlink_metadata("/dev/stdout").is_ok_and(|m| !m.is_file()),
        "/dev/stdout was replaced by a file"
    );
}

#[test]
fn output_to_a_fifo_is_written_into_it() {
    let ws = workspace_with(&[]);
    let fifo = ws.path().join("pipe.csv");
    if !mkfifo(&fifo) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // The reader waits for a writer; if compgap replaced the FIFO instead
    // of writing into it, none ever comes (hence the generous time-out).
    let (sender, received) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || sender.send(std::fs::read(fifo).expect("read the FIFO")));
    }
    let expected = report_csv(ws.path());
    compgap(ws.path())
        .args([
            "report", "--format", "csv", "-o", "pipe.csv", "--as-of", AS_OF,
        ])
        .assert()
        .success();
    let got = received
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("nothing was written into the FIFO");
    assert_eq!(got, expected);
    let meta = std::fs::symlink_metadata(&fifo).expect("fifo");
    assert!(
        meta.file_type().is_fifo(),
        "the FIFO was replaced by a file"
    );
}

#[test]
fn output_to_a_socket_is_sent_to_it_and_the_socket_stays() {
    use std::io::Read;
    let ws = workspace_with(&[]);
    let sock = ws.path().join("out.sock");
    let listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind");
    let (sender, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Ok((mut stream, _)) = listener.accept() {
            let _ = stream.read_to_end(&mut bytes);
        }
        let _ = sender.send(bytes);
    });
    let expected = report_csv(ws.path());
    compgap(ws.path())
        .args([
            "report", "--format", "csv", "-o", "out.sock", "--as-of", AS_OF,
        ])
        .assert()
        .success();
    let meta = std::fs::symlink_metadata(&sock).expect("socket");
    assert!(
        meta.file_type().is_socket(),
        "the socket was replaced by a file"
    );
    let got = received
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("nothing was sent to the socket");
    assert_eq!(got, expected);
}

#[test]
fn output_through_a_link_replaces_the_target_and_keeps_the_link() {
    let ws = workspace_with(&[]);
    std::fs::create_dir(ws.path().join("shared")).expect("mkdir");
    let target = ws.path().join("shared/gaps.csv");
    std::fs::write(&target, "old\n").expect("write");
    std::os::unix::fs::symlink("shared/gaps.csv", ws.path().join("gaps.csv")).expect("link");
    compgap(ws.path())
        .args([
            "report", "--format", "csv", "-o", "gaps.csv", "--as-of", AS_OF,
        ])
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(ws.path().join("gaps.csv"))
            .expect("link")
            .is_symlink()
    );
    assert_eq!(
        std::fs::read(&target).expect("target"),
        report_csv(ws.path())
    );
    // The temporary file was made beside the target, and is gone.
    assert_eq!(names(&ws.path().join("shared")), ["gaps.csv"]);
}

#[test]
fn a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask() {
    let ws = workspace_with(&[]);
    let kept = ws.path().join("team.csv");
    std::fs::write(&kept, "old\n").expect("write");
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o664)).expect("chmod");
    let bin = assert_cmd::cargo::cargo_bin("compgap");
    let script = format!(
        "umask 027 && '{0}' register -o team.csv --as-of {AS_OF} && '{0}' register -o new.csv --as-of {AS_OF}",
        bin.display()
    );
    let status = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(ws.path())
        .status()
        .expect("sh");
    assert!(status.success());
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o7777;
    assert_eq!(mode(&kept), 0o664, "the register lost its permission bits");
    assert_eq!(mode(&ws.path().join("new.csv")), 0o640, "0666 & !027");
}

#[test]
fn output_into_a_missing_folder_names_the_folder() {
    let ws = workspace_with(&[]);
    compgap(ws.path())
        .args(["report", "-o", "nope/report.txt", "--as-of", AS_OF])
        .assert()
        .code(2)
        .stderr(
            "error: cannot write to nope/report.txt: the folder nope does not exist; create it first, or choose another --output path\n",
        );
}

// --------------------------------------------------------------- evidence

/// A workspace of `n` people, big enough that `evidence` takes a moment.
fn organization(n: usize) -> TempDir {
    let ws = workspace_with(&[]);
    let person = std::fs::read_to_string(clean().join("people/ann.yaml")).expect("ann");
    for i in 0..n {
        let text = person.replace("person: ann", &format!("person: p{i}"));
        std::fs::write(ws.path().join(format!("people/p{i}.yaml")), text).expect("write");
    }
    ws
}

fn staging_folders(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with(".compgap-evidence-"))
        .collect()
}

/// Run `evidence` on `ws` into `out`/bundle and send it `signal` once its
/// staging folder exists and, when `writing`, holds a file of the bundle.
/// The exit status, or `None` (with the reason printed) when the run ended
/// before the signal could be sent or arrive.
fn signal_evidence(
    ws: &Path,
    out: &Path,
    signal: &str,
    writing: bool,
) -> Option<std::process::ExitStatus> {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("compgap"))
        .args(["evidence", "--out"])
        .arg(out.join("bundle"))
        .args(["--as-of", AS_OF])
        .current_dir(ws)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // Wait until the staging folder is there (or the run is over).
    let mut started = false;
    while child.try_wait().expect("wait").is_none() {
        let ready = match staging_folders(out).first() {
            Some(s) if writing => {
                std::fs::read_dir(out.join(s)).is_ok_and(|mut e| e.next().is_some())
            }
            Some(_) => true,
            None => false,
        };
        if ready {
            started = true;
            break;
        }
        std::thread::yield_now();
    }
    if !started {
        let _ = child.wait();
        eprintln!("skipped: the run ended before its staging folder was seen");
        return None;
    }
    let sent = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let status = child.wait().expect("wait");
    if status.success() {
        eprintln!("skipped: the run finished before the signal arrived");
        return None;
    }
    Some(status)
}

/// SIGINT or SIGTERM: compgap removes its staging folder and exits with
/// 128 + the signal; nothing is moved into place.
fn interrupted_evidence_leaves_no_staging(signal: &str, writing: bool) {
    let ws = organization(4000);
    let out = tempfile::tempdir().expect("temp dir");
    let Some(status) = signal_evidence(ws.path(), out.path(), signal, writing) else {
        return;
    };
    let code = if signal == "INT" { 130 } else { 143 };
    assert_eq!(status.code(), Some(code), "{signal}: {status:?}");
    assert_eq!(
        staging_folders(out.path()),
        Vec::<String>::new(),
        "{signal}"
    );
    assert!(
        !out.path().join("bundle").exists(),
        "a half bundle was moved into place"
    );
}

#[test]
fn a_staging_folder_left_by_sigkill_is_named_by_the_next_run() {
    let ws = organization(4000);
    let out = tempfile::tempdir().expect("temp dir");
    if signal_evidence(ws.path(), out.path(), "KILL", true).is_none() {
        return;
    }
    let left = staging_folders(out.path());
    assert_eq!(left.len(), 1, "SIGKILL cannot be caught: the folder stays");
    compgap(ws.path())
        .args(["evidence", "--as-of", AS_OF, "--out"])
        .arg(out.path().join("bundle"))
        .assert()
        .success()
        .stderr(format!(
            "warning: {}/{} is a staging folder left by an interrupted `compgap evidence`: remove it\n",
            out.path().display(),
            left[0]
        ));
}

#[test]
fn sigint_while_evidence_writes_removes_the_staging_folder() {
    interrupted_evidence_leaves_no_staging("INT", true);
}

#[test]
fn sigterm_while_evidence_writes_removes_the_staging_folder() {
    interrupted_evidence_leaves_no_staging("TERM", true);
}

#[test]
fn sigint_as_the_staging_folder_is_made_removes_it() {
    interrupted_evidence_leaves_no_staging("INT", false);
}

#[test]
fn a_staging_folder_left_by_a_killed_run_is_named() {
    let ws = workspace_with(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(out.path().join(".compgap-evidence-Ab12Cd")).expect("mkdir");
    compgap(ws.path())
        .args(["evidence", "--as-of", AS_OF, "--out"])
        .arg(out.path().join("bundle"))
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "warning: {}/.compgap-evidence-Ab12Cd is a staging folder left by an interrupted `compgap evidence`: remove it",
            out.path().display()
        )));
}

#[test]
fn evidence_out_as_a_link_to_an_empty_folder_is_refused_before_the_work() {
    let ws = workspace_with(&[]);
    let out = tempfile::tempdir().expect("temp dir");
    let real = out.path().join("real");
    std::fs::create_dir(&real).expect("mkdir");
    let link = out.path().join("bundle");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    compgap(ws.path())
        .args(["evidence", "--as-of", AS_OF, "--out"])
        .arg(&link)
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(format!(
            "error: {} is a link: the bundle replaces the folder as a whole; give the folder it points to",
            link.display()
        )));
    assert!(std::fs::symlink_metadata(&link).expect("link").is_symlink());
    assert_eq!(names(out.path()), ["bundle", "real"]);
    assert_eq!(names(&real), Vec::<String>::new());
}

// ----------------------------------------------------------------- inputs

#[test]
fn dangling_and_looping_links_are_reported() {
    let ws = workspace_with(&[]);
    std::os::unix::fs::symlink("gone.yaml", ws.path().join("people/zed.yaml")).expect("link");
    std::os::unix::fs::symlink("loop.yaml", ws.path().join("roles/loop.yaml")).expect("link");
    compgap(ws.path())
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(
            "people/zed.yaml:1:1: error[not-a-file]: it is a link to a file that does not exist, not a regular file: compgap reads only regular files; replace it with the file itself\n\
             roles/loop.yaml:1:1: error[not-a-file]: it is a link that loops back on itself, not a regular file: compgap reads only regular files; replace it with the file itself\n\
             4 files checked: 2 errors, 0 warnings\n",
        );
    compgap(ws.path())
        .args(["report", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn upper_case_extensions_are_read() {
    let ws = workspace_with(&[
        ("people/zed.YAML", "person: zed\nname: [\n"),
        ("roles/x.Yml", "id: x\n"),
    ]);
    let out = compgap(ws.path())
        .args(["validate", "--as-of", AS_OF])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("people/zed.YAML:"), "{text}");
    assert!(text.contains("roles/x.Yml:"), "{text}");
    compgap(ws.path())
        .args(["validate", "people/zed.YAML", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("people/zed.YAML:"))
        .stdout(predicate::str::ends_with(
            "1 file checked: 1 error, 0 warnings\n",
        ));
}

#[test]
fn a_named_file_compgap_does_not_read_is_an_error() {
    let ws = workspace_with(&[("people/notes.txt", "person: zed\n")]);
    compgap(ws.path())
        .args(["validate", "people/notes.txt", "--as-of", AS_OF])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: people/notes.txt is not a file compgap reads in the workspace .: ",
        ));
}

#[test]
fn validate_finds_the_workspace_from_inside_its_folders() {
    let ws = workspace_with(&[]);
    for (dir, file) in [("people", "ann.yaml"), ("roles", "analyst.yaml")] {
        for name in [
            file.to_string(),
            format!("./{file}"),
            format!("../{dir}/{file}"),
        ] {
            compgap(&ws.path().join(dir))
                .args(["validate", &name, "--as-of", AS_OF])
                .assert()
                .success()
                .stdout("1 file checked: 0 errors, 0 warnings\n");
        }
    }
}

/// A folder with a secret file beside a workspace folder `ws`.
fn secret_beside() -> (TempDir, PathBuf, PathBuf) {
    let top = tempfile::tempdir().expect("temp dir");
    let ws = top.path().join("ws");
    std::fs::create_dir(&ws).expect("mkdir");
    let secret = top.path().join("credentials");
    std::fs::write(&secret, "https://user:SECRET-TOKEN@example.com\n").expect("write");
    (top, ws, secret)
}

#[test]
fn a_catalog_outside_the_workspace_is_refused_and_not_quoted() {
    let (_top, ws, secret) = secret_beside();
    workspace_in(
        &ws,
        &[(
            "compgap.yaml",
            &format!("catalogs: [{}]\n", secret.display()),
        )],
    );
    for args in [
        vec!["validate"],
        vec!["report"],
        vec!["validate", "--format", "json"],
    ] {
        let out = compgap(&ws)
            .args(&args)
            .args(["--as-of", AS_OF])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let all = [out.stdout, out.stderr].concat();
        let text = String::from_utf8_lossy(&all);
        assert!(!text.contains("SECRET"), "{args:?}: {text}");
        assert!(text.contains("outside-workspace"), "{args:?}: {text}");
    }
    compgap(&ws)
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .stdout(predicate::str::starts_with(format!(
            "compgap.yaml:1:12: error[outside-workspace]: the catalog `{}` resolves to a path outside {}, the folder compgap trusts: it was not read",
            secret.display(),
            ws.canonicalize().expect("ws").display()
        )));
}

#[test]
fn a_link_in_people_leading_outside_is_refused_and_not_quoted() {
    let (_top, ws, secret) = secret_beside();
    workspace_in(&ws, &[]);
    std::os::unix::fs::symlink(&secret, ws.join("people/zed.yaml")).expect("link");
    let out = compgap(&ws)
        .args(["validate", "--as-of", AS_OF])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("SECRET"), "{text}");
    assert!(
        text.starts_with(
            "people/zed.yaml:1:1: error[outside-workspace]: this link resolves to a path outside "
        ),
        "{text}"
    );
}

#[test]
fn root_sets_the_trust_root_and_a_git_work_tree_is_one() {
    // roles: and people: folders outside the workspace folder.
    let top = tempfile::tempdir().expect("temp dir");
    let ws = top.path().join("ws");
    std::fs::create_dir(&ws).expect("mkdir");
    workspace_in(
        &ws,
        &[(
            "compgap.yaml",
            "roles: ../shared-roles\npeople: ../shared-people\n",
        )],
    );
    std::fs::rename(ws.join("roles"), top.path().join("shared-roles")).expect("move");
    std::fs::rename(ws.join("people"), top.path().join("shared-people")).expect("move");
    let trusted = ws.canonicalize().expect("ws").display().to_string();
    let refused = |line: u32, col: u32, name: &str| {
        format!(
            "compgap.yaml:{line}:{col}: error[outside-workspace]: the folder `{name}` resolves to a path outside {trusted}, the folder compgap trusts: it was not read; copy it into the workspace, or pass --root with a folder that holds it\n"
        )
    };
    compgap(&ws)
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(format!(
            "{}{}1 file checked: 2 errors, 0 warnings\n",
            refused(1, 8, "../shared-roles"),
            refused(2, 9, "../shared-people")
        ));
    compgap(&ws)
        .args(["validate", "--as-of", AS_OF, "--root", ".."])
        .assert()
        .success();
    compgap(&ws)
        .args(["--root", "..", "report", "--as-of", AS_OF])
        .assert()
        .success();
    // The folder above holds a git work tree: it is the trust root.
    std::fs::write(top.path().join(".git"), "gitdir: elsewhere\n").expect("write");
    compgap(&ws)
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .success();
}

#[test]
fn the_previous_round_example_reads_its_roles_from_the_folder_above() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    compgap(&examples)
        .args(["validate", "previous-round", "--as-of", AS_OF])
        .assert()
        .success();
}

#[test]
fn non_regular_inputs_are_refused_not_read_forever() {
    let ws = workspace_with(&[]);
    compgap(ws.path())
        .args(["register", "--update", "/dev/zero", "--as-of", AS_OF])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: cannot read the register /dev/zero: it is a device, not a regular file; name the register's CSV file\n",
        );
    let fifo = ws.path().join("register.csv");
    if !mkfifo(&fifo) {
        eprintln!("skipped the FIFO cases: mkfifo is not available");
        return;
    }
    compgap(ws.path())
        .args(["register", "--update", "register.csv", "--as-of", AS_OF])
        .assert()
        .code(2)
        .stderr(
            "error: cannot read the register register.csv: it is a named pipe (FIFO), not a regular file; name the register's CSV file\n",
        );
    let out = tempfile::tempdir().expect("temp dir");
    compgap(ws.path())
        .args([
            "evidence",
            "--register",
            "register.csv",
            "--as-of",
            AS_OF,
            "--out",
        ])
        .arg(out.path().join("bundle"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "named pipe (FIFO), not a regular file",
        ));
    assert_eq!(names(out.path()), Vec::<String>::new());
    // A FIFO in people/ and as a catalog entry.
    std::fs::rename(&fifo, ws.path().join("people/zed.yaml")).expect("move");
    assert!(mkfifo(&ws.path().join("cat.yaml")));
    std::fs::write(ws.path().join("compgap.yaml"), "catalogs: [cat.yaml]\n").expect("write");
    compgap(ws.path())
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(
            "cat.yaml:1:1: error[not-a-file]: it is a named pipe (FIFO), not a regular file: compgap reads only regular files; replace it with the file itself\n\
             people/zed.yaml:1:1: error[not-a-file]: it is a named pipe (FIFO), not a regular file: compgap reads only regular files; replace it with the file itself\n\
             5 files checked: 2 errors, 0 warnings\n",
        );
}

/// Run compgap in `dir` as a user that file permissions apply to: this
/// one, or `nobody` (through `setpriv`) when running as root. `None` when
/// that cannot be done.
fn unprivileged(dir: &Path, args: &[&str]) -> Option<std::process::Output> {
    let bin = assert_cmd::cargo::cargo_bin("compgap");
    let mut cmd = if is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    };
    let out = cmd
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .ok()?;
    // setpriv missing or not permitted: it says so on stderr, not compgap.
    let ran = !String::from_utf8_lossy(&out.stderr).starts_with("setpriv");
    ran.then_some(out)
}

#[test]
fn a_file_that_cannot_be_read_is_an_error_naming_it_never_skipped() {
    let ws = workspace_with(&[("register.csv", "#\n")]);
    let mode = |p: &Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod")
    };
    mode(ws.path(), 0o755);
    // A link in people/ to a file in a folder the user may not enter.
    std::fs::create_dir(ws.path().join("private")).expect("mkdir");
    std::fs::copy(
        clean().join("people/ann.yaml"),
        ws.path().join("private/zed.yaml"),
    )
    .expect("copy");
    std::fs::write(
        ws.path().join("private/zed.yaml"),
        "person: zed\nname: Zed\nroles: [analyst]\nassessed_on: 2026-10-01\nmethod: manager\ncompetences:\n  6.2.3: {level: 2}\n",
    )
    .expect("write");
    mode(&ws.path().join("private"), 0o700);
    std::os::unix::fs::symlink("../private/zed.yaml", ws.path().join("people/zed.yaml"))
        .expect("link");
    let Some(out) = unprivileged(ws.path(), &["validate", "--as-of", AS_OF]) else {
        eprintln!("skipped: cannot run as a user that permissions apply to (setpriv)");
        return;
    };
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error: cannot read people/zed.yaml: "),
        "{out:?}"
    );
    // A file of the workspace, and one named on the command line.
    std::fs::remove_file(ws.path().join("people/zed.yaml")).expect("rm");
    mode(&ws.path().join("people/ann.yaml"), 0o000);
    let out = unprivileged(ws.path(), &["report", "--as-of", AS_OF]).expect("ran before");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error: cannot read people/ann.yaml: "),
        "{out:?}"
    );
    mode(&ws.path().join("people/ann.yaml"), 0o644);
    mode(&ws.path().join("register.csv"), 0o000);
    let out = unprivileged(
        ws.path(),
        &["register", "--update", "register.csv", "--as-of", AS_OF],
    )
    .expect("ran before");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error: cannot read register.csv: "),
        "{out:?}"
    );
}
