//! What compgap ships for the tools around it: shell completions, the
//! manual page, the pre-commit hook and the GitHub Actions workflow.

use serde_yaml_ng::Value;
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_compgap");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn compgap(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .current_dir(root())
        .output()
        .expect("run compgap")
}

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

const SUBCOMMANDS: &[&str] = &[
    "report", "plan", "coverage", "validate", "catalog", "compare", "register", "evidence",
];

#[test]
fn completions_for_every_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = compgap(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = String::from_utf8(out.stdout).expect("utf-8");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
        assert!(
            script.contains("fail-on"),
            "{shell} completion lacks --fail-on"
        );
        // Each shell that is installed parses its script.
        let check = match shell {
            "bash" | "zsh" => Some((shell, vec!["-n"])),
            "fish" => Some(("fish", vec!["--no-execute"])),
            _ => None,
        };
        if let Some((program, flags)) = check.filter(|(p, _)| have(p)) {
            let dir = tempfile::tempdir().expect("tempdir");
            let file = dir.path().join("compgap.completion");
            std::fs::write(&file, &script).expect("write");
            let status = Command::new(program)
                .args(&flags)
                .arg(&file)
                .status()
                .expect("run the shell");
            assert!(status.success(), "{program} rejects its completion script");
        }
    }
    let bad = compgap(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_manual_page_renders() {
    let out = compgap(&["man"]);
    assert!(out.status.success(), "{out:?}");
    let page = String::from_utf8(out.stdout).expect("utf-8");
    // roff: requests on lines of their own, a title, the usual sections.
    assert!(
        page.lines().any(|l| l.starts_with(".TH compgap 1")),
        "{page}"
    );
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS"] {
        assert!(
            page.lines()
                .any(|l| l.starts_with(".SH") && l.contains(section)),
            "no {section} section"
        );
    }
    if !have("man") {
        eprintln!("skipping the man -l check: `man` is not installed");
        return;
    }
    // The page on standard input, as `compgap man | man -l -` reads it.
    let mut man = Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run man");
    {
        use std::io::Write as _;
        let mut stdin = man.stdin.take().expect("stdin");
        stdin.write_all(page.as_bytes()).expect("write the page");
    }
    let shown = man.wait_with_output().expect("man output");
    assert!(shown.status.success(), "man -l fails: {shown:?}");
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("SYNOPSIS"), "{text}");
    assert!(text.contains("compgap-report"), "{text}");
    assert!(!text.contains(".TH"), "roff left unrendered:\n{text}");
}

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).expect(path);
    serde_yaml_ng::from_str(&text).expect("valid YAML")
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

#[test]
fn the_pre_commit_hook_validates_yaml_files() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = hooks
        .as_sequence()
        .and_then(|h| h.iter().find(|h| s(h, "id") == "compgap-validate"))
        .expect("a compgap-validate hook");
    assert_eq!(s(hook, "language"), "rust");
    assert_eq!(s(hook, "files"), r"\.ya?ml$");
    assert_eq!(s(hook, "entry"), "compgap validate");
    // pre-commit runs the entry with the staged files that match.
    let files = ["examples/people/elif.yaml", "examples/roles/ciso.yaml"];
    let mut args: Vec<&str> = s(hook, "entry").split(' ').skip(1).collect();
    args.extend(files);
    let out = compgap(&args);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 files checked"));
}

#[test]
fn the_github_workflow_validates_uploads_sarif_and_gates() {
    let wf = yaml("docs/github-workflow.yml");
    assert!(wf.get("on").is_some(), "a trigger");
    let jobs = wf.get("jobs").and_then(Value::as_mapping).expect("jobs");
    let (_, job) = jobs.iter().next().expect("a job");
    assert_eq!(
        job.get("permissions")
            .map(|p| s(p, "security-events"))
            .unwrap_or_default(),
        "write"
    );
    let steps = job
        .get("steps")
        .and_then(Value::as_sequence)
        .expect("steps");
    let position = |pred: &dyn Fn(&Value) -> bool| steps.iter().position(pred);
    let runs = |needle: &str| {
        let needle = needle.to_string();
        move |st: &Value| s(st, "run").contains(&needle)
    };
    let github = position(&runs("validate \"$COMPGAP_WORKSPACE\" --format github"))
        .expect("validate --format github");
    let sarif =
        position(&runs("--format sarif --output compgap.sarif")).expect("validate --format sarif");
    let upload =
        position(&|st: &Value| s(st, "uses").starts_with("github/codeql-action/upload-sarif@"))
            .expect("upload-sarif");
    let gate = position(&runs("report \"$COMPGAP_WORKSPACE\" --fail-on high"))
        .expect("report --fail-on high");
    assert!(github < sarif && sarif < upload && upload < gate);
    for i in [sarif, upload] {
        assert_eq!(
            s(&steps[i], "if"),
            "always()",
            "step {i} runs after a failure"
        );
    }
    let with = steps[upload].get("with").expect("with");
    assert_eq!(s(with, "sarif_file"), "compgap.sarif");

    // The commands it runs work, on the sample workspace.
    let dir = tempfile::tempdir().expect("tempdir");
    let sarif_file = dir.path().join("compgap.sarif");
    let sarif_arg = sarif_file.to_str().expect("utf-8");
    for (args, ok) in [
        (vec!["validate", "examples", "--format", "github"], true),
        (
            vec![
                "validate", "examples", "--format", "sarif", "--output", sarif_arg,
            ],
            true,
        ),
        (
            vec![
                "report",
                "examples",
                "--as-of",
                "2026-11-23",
                "--fail-on",
                "high",
            ],
            false,
        ),
    ] {
        let out = compgap(&args);
        assert_eq!(out.status.success(), ok, "{args:?}: {out:?}");
    }
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_file).expect("sarif written"))
            .expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
}
