//! `compgap init`: a new workspace that validates clean with `--strict`,
//! templates copied as shipped, and never a file overwritten.

use crate::common::compgap;

use crate::common::files;

use predicates::prelude::*;
use std::path::Path;

/// Every file under `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = files::files_under(dir)
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).expect("inside");
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// Every file under `dir` with its text.
fn contents(dir: &Path) -> Vec<(String, String)> {
    listing(dir)
        .into_iter()
        .map(|r| {
            let t = read(&dir.join(&r));
            (r, t)
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable")
}

fn stdout_of(args: &[&str]) -> String {
    let out = compgap().args(args).output().expect("runs");
    assert!(out.status.success(), "compgap {args:?} failed");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn assert_strictly_clean(dir: &Path) {
    compgap()
        .args(["validate", "--strict", "--as-of", "2026-11-23"])
        .arg(dir)
        .assert()
        .success()
        .stdout(predicate::str::ends_with("0 errors, 0 warnings\n"));
}

#[test]
fn init_scaffolds_a_workspace_that_validates_strictly_clean() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("isms");
    compgap()
        .args(["init", "--as-of", "2026-11-23"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("created"))
        .stdout(predicate::str::contains("compgap validate"));
    assert_eq!(
        listing(&dir),
        [
            ".schemas/catalog.schema.json",
            ".schemas/person.schema.json",
            ".schemas/role.schema.json",
            ".schemas/workspace.schema.json",
            "README.md",
            "compgap.yaml",
            "people/alex.yaml",
            "roles/isms-manager.yaml",
        ]
    );
    assert_strictly_clean(&dir);
    let ws = read(&dir.join("compgap.yaml"));
    assert!(ws.contains("policy:\n"));
    for key in [
        "mentor_min_level: 4 ",
        "max_mentees: 3 ",
        "hire_gap: 3 ",
        "reassess_after_days: 365 ",
        "evidence_required_from: 3 ",
        "cap_unevidenced: false ",
    ] {
        let line = ws
            .lines()
            .find(|l| l.trim_start().starts_with(key))
            .unwrap_or_else(|| panic!("{key} missing:\n{ws}"));
        assert!(line.contains(" # "), "{key} has no comment: {line}");
    }
    let person = read(&dir.join("people/alex.yaml"));
    assert!(person.contains("assessed_on: 2026-11-23"), "{person}");
    assert!(read(&dir.join("README.md")).contains("compgap validate"));
}

#[test]
fn every_file_names_a_schema_that_init_wrote_and_compgap_prints() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    compgap().arg("init").arg(dir).assert().success();
    for rel in listing(dir).iter().filter(|r| r.ends_with(".yaml")) {
        let path = dir.join(rel);
        let text = read(&path);
        let first = text.lines().next().unwrap_or("");
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{rel}: first line {first:?}"));
        let schema = path.parent().expect("parent").join(target);
        assert!(schema.is_file(), "{rel}: {target} is not there");
    }
    for kind in ["role", "person", "workspace", "catalog"] {
        assert_eq!(
            read(&dir.join(format!(".schemas/{kind}.schema.json"))),
            stdout_of(&["schema", kind])
        );
    }
}

#[test]
fn init_roles_copies_the_chosen_templates_as_shipped() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("ws");
    compgap()
        .args([
            "init",
            "--as-of",
            "2026-11-23",
            "--roles",
            "isms-manager,internal-auditor",
        ])
        .arg(&dir)
        .assert()
        .success();
    let roles: Vec<String> = listing(&dir)
        .into_iter()
        .filter(|r| r.starts_with("roles/"))
        .collect();
    assert_eq!(
        roles,
        ["roles/internal-auditor.yaml", "roles/isms-manager.yaml"]
    );
    for id in ["isms-manager", "internal-auditor"] {
        let copied = read(&dir.join(format!("roles/{id}.yaml")));
        let shipped = stdout_of(&["catalog", "roles", "show", id]);
        assert_eq!(
            copied,
            format!("# yaml-language-server: $schema=../.schemas/role.schema.json\n{shipped}")
        );
    }
    assert!(read(&dir.join("people/alex.yaml")).contains("roles: [isms-manager]"));
    assert_strictly_clean(&dir);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    std::fs::write(dir.join("notes.txt"), "mine").expect("write");
    compgap()
        .arg("init")
        .arg(dir)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("is not empty: nothing written"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(listing(dir), ["notes.txt"]);
}

#[test]
fn init_refuses_an_unknown_template_with_a_suggestion_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("ws");
    compgap()
        .args(["init", "--roles", "ciso,isms-manger"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no role template `isms-manger` (did you mean `isms-manager`?)",
        ));
    assert!(!dir.exists());
}

#[test]
fn force_adds_only_missing_files_and_never_overwrites_one() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    std::fs::create_dir(dir.join("roles")).expect("folder");
    let own_ws = "# my own\nroles: roles\n";
    let own_role = "id: isms-manager\ntitle: Ours\nrequires:\n  \"5.2\": 1\n";
    std::fs::write(dir.join("compgap.yaml"), own_ws).expect("write");
    std::fs::write(dir.join("roles/isms-manager.yaml"), own_role).expect("write");
    compgap()
        .args(["init", "--force"])
        .arg(dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("compgap.yaml (already there)"))
        .stdout(predicate::str::contains("created"));
    assert_eq!(read(&dir.join("compgap.yaml")), own_ws);
    assert_eq!(read(&dir.join("roles/isms-manager.yaml")), own_role);
    assert!(dir.join("people/alex.yaml").is_file());
    assert!(dir.join(".schemas/role.schema.json").is_file());
    // A second run changes nothing.
    let before = contents(dir);
    compgap()
        .args(["init", "--force"])
        .arg(dir)
        .assert()
        .success();
    assert_eq!(before, contents(dir));
}

#[test]
fn a_folder_that_is_not_a_workspace_points_at_init() {
    let tmp = tempfile::tempdir().expect("temp dir");
    compgap()
        .arg("report")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a compgap workspace"))
        .stderr(predicate::str::contains("compgap init"));
}

/// The files are the user's, as any they create: the umask decides.
#[cfg(unix)]
#[test]
fn init_files_get_the_permissions_of_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("ws");
    let bin = assert_cmd::cargo::cargo_bin("compgap");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" init \"$1\" >/dev/null")
        .arg(&bin)
        .arg(&dir)
        .status()
        .expect("sh runs");
    assert!(status.success());
    for rel in [
        "compgap.yaml",
        "roles/isms-manager.yaml",
        ".schemas/role.schema.json",
    ] {
        let mode = std::fs::metadata(dir.join(rel))
            .expect("written")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{rel}");
    }
}

/// A file or a link to nothing as DIR is refused by name, with nothing
/// written; a link to a folder is a folder.
#[cfg(unix)]
#[test]
fn init_names_a_file_or_a_link_to_nothing_and_follows_a_link_to_a_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let file = tmp.path().join("notes.txt");
    std::fs::write(&file, "mine\n").expect("write");
    compgap()
        .arg("init")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("notes.txt is not a folder"));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "mine\n");
    let dangling = tmp.path().join("ws");
    std::os::unix::fs::symlink(tmp.path().join("gone"), &dangling).expect("link");
    compgap()
        .arg("init")
        .arg(&dangling)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ws is a link to nothing: nothing written",
        ));
    assert!(!tmp.path().join("gone").exists());
    let real = tmp.path().join("real");
    std::fs::create_dir(&real).expect("folder");
    let link = tmp.path().join("isms");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    compgap()
        .args(["init", "--as-of", "2026-11-23"])
        .arg(&link)
        .assert()
        .success();
    assert!(real.join("compgap.yaml").is_file());
}

/// The first report on a new workspace reads right: one person, one role.
#[test]
fn the_first_report_on_a_new_workspace_counts_one_person_and_one_role() {
    let tmp = tempfile::tempdir().expect("temp dir");
    compgap()
        .args(["init", "--as-of", "2026-11-23"])
        .arg(tmp.path())
        .assert()
        .success();
    compgap()
        .args(["report", "--as-of", "2026-11-23"])
        .arg(tmp.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "As of 2026-11-23: 1 person, 1 role.\n",
        ));
}

/// The folder's README lists next steps that work as written in the new
/// workspace, the questionnaire among them.
#[test]
fn the_next_steps_of_the_folder_readme_work_as_written() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    compgap()
        .args(["init", "--as-of", "2026-11-23"])
        .arg(dir)
        .assert()
        .success();
    let readme = read(&dir.join("README.md"));
    let steps: Vec<Vec<&str>> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("    compgap "))
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .collect()
        })
        .collect();
    assert!(
        steps.iter().any(|s| s.first() == Some(&"assess")),
        "{readme}"
    );
    for step in steps.iter().filter(|s| s.first() != Some(&"assess")) {
        compgap().current_dir(dir).args(step).assert().success();
    }
    assert!(dir.join("roles/ciso.yaml").is_file());
}
