//! The schemas as an editor reads them: yaml-language-server (the server
//! behind VS Code's YAML extension and other editors) opens the files and
//! reports what it finds, with the schema taken from each file's modeline.
//!
//! Needs Node.js and the server: `npm ci --prefix tests/editor` (CI does
//! it). Without them the test says why and passes.

use crate::common::files;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The server's entry point, if installed, and Node.js is there.
fn server() -> Option<PathBuf> {
    let js = root().join("tests/editor/node_modules/yaml-language-server/bin/yaml-language-server");
    let node = std::process::Command::new("node").arg("--version").output();
    match (js.is_file(), node) {
        (true, Ok(out)) if out.status.success() => Some(js),
        (false, _) => {
            eprintln!(
                "skipped: yaml-language-server is not installed; run `npm ci --prefix tests/editor`"
            );
            None
        }
        _ => {
            eprintln!("skipped: Node.js (`node`) is not on the PATH");
            None
        }
    }
}

/// Each file's diagnostics as yaml-language-server publishes them.
fn diagnostics(server: &Path, files: &[PathBuf]) -> Vec<(PathBuf, Vec<String>)> {
    let out = std::process::Command::new("node")
        .arg(root().join("tests/editor/yls-check.mjs"))
        .arg(server)
        .args(files)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "the driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            let file = PathBuf::from(v["file"].as_str().expect("file"));
            let messages = v["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .map(|d| format!("{}: {}", d["line"], d["message"].as_str().unwrap_or("")))
                .collect();
            (file, messages)
        })
        .collect()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    files::files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect()
}

#[test]
fn the_editor_finds_no_problem_in_the_examples_or_a_new_workspace_and_flags_bad_files() {
    let Some(server) = server() else { return };
    let tmp = tempfile::tempdir().expect("temp dir");
    let ws = tmp.path().join("ws");
    Command::cargo_bin("compgap")
        .expect("binary")
        .args(["init", "--roles", "ciso"])
        .arg(&ws)
        .assert()
        .success();
    let bad_role = ws.join("roles/bad.yaml");
    std::fs::write(
        &bad_role,
        "# yaml-language-server: $schema=../.schemas/role.schema.json\nid: bad\ntitle: Bad\ntitel: Bad\nrequires:\n  \"5.2\": {level: 3, criticality: critical}\n",
    )
    .expect("write");
    let bad_person = ws.join("people/bad.yaml");
    std::fs::write(
        &bad_person,
        "# yaml-language-server: $schema=../.schemas/person.schema.json\nperson: bad\nname: Bad\nassessed_on: 2026-01-01\nmethod: guess\ncompetences: {}\n",
    )
    .expect("write");

    let mut good = yaml_files(&root().join("examples"));
    good.extend(
        yaml_files(&ws)
            .into_iter()
            .filter(|p| !p.ends_with("bad.yaml")),
    );
    let mut files = good.clone();
    files.push(bad_role.clone());
    files.push(bad_person.clone());
    let found = diagnostics(&server, &files);
    assert_eq!(found.len(), files.len());
    for (file, messages) in &found {
        if good.contains(file) {
            assert!(messages.is_empty(), "{}: {messages:#?}", file.display());
        }
    }
    let of = |f: &Path| {
        found
            .iter()
            .find(|(p, _)| p == f)
            .map(|(_, m)| m.join("\n"))
            .unwrap_or_default()
    };
    let role = of(&bad_role);
    assert!(role.contains("4: Property titel is not allowed"), "{role}");
    assert!(role.contains("6: Value must be"), "{role}");
    assert!(role.contains("\"mandatory\""), "{role}");
    let person = of(&bad_person);
    assert!(person.contains("5: Value must be"), "{person}");
    assert!(person.contains("\"independent\""), "{person}");
}
