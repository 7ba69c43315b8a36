//! Hostile input against the built binary: oversized, malformed, binary
//! and absurd files, and paths that must not be written or cannot be read.
//! Each case is checked in `validate` (diagnostics on stdout, exit 1) and in
//! every other command that reads a workspace (diagnostics on stderr, exit
//! 1, nothing written). Big files are made at test time in temp folders.
//! (The limits in `validate` alone: `tests/validate.rs`.)

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const AS_OF: &str = "2026-11-23";

fn clean() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate/clean")
}

/// A copy of the clean workspace with `files` written (or replaced) in it.
fn workspace_with(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["roles", "people"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(clean().join(sub)).expect("fixture") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("a name");
            std::fs::copy(&path, dir.path().join(sub).join(name)).expect("copy");
        }
    }
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    dir
}

fn compgap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("compgap").expect("binary");
    cmd.current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1");
    cmd
}

/// Every command that reads a workspace, on the workspace in the current
/// folder (`compare` has it as NEW, the clean fixture as OLD); `evidence`
/// writes into `out`.
fn analysis_commands(out: &Path) -> Vec<Vec<String>> {
    let old = clean().display().to_string();
    let out = out.display().to_string();
    [
        vec!["report"],
        vec!["plan"],
        vec!["coverage"],
        vec!["register"],
        vec!["compare", &old, "."],
        vec!["evidence", "--out", &out],
    ]
    .into_iter()
    .map(|args| {
        let mut v: Vec<String> = args.into_iter().map(str::to_string).collect();
        v.extend(["--as-of".to_string(), AS_OF.to_string()]);
        v
    })
    .collect()
}

/// `validate` reports `expected` (lines of its text output, in order) and
/// exits 1; every other command prints the same lines to stderr, exits 1
/// and writes nothing.
fn refused_everywhere(ws: &Path, expected: &[&str]) {
    let mut stdout = String::new();
    for line in expected {
        stdout.push_str(line);
        stdout.push('\n');
    }
    compgap(ws)
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(stdout.clone()))
        .stderr("");
    let out = tempfile::tempdir().expect("temp dir");
    let bundle = out.path().join("bundle");
    for args in analysis_commands(&bundle) {
        compgap(ws)
            .args(&args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::starts_with(stdout.clone()))
            .stderr(predicate::str::contains(
                "error: . has 1 error; run `compgap validate` for details, fix them and run again",
            ));
        assert!(!bundle.exists(), "{args:?} wrote a bundle");
    }
}

/// Deterministic pseudo-random bytes (a linear congruential generator).
fn junk(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 56) as u8
        })
        .collect()
}

#[test]
fn a_file_over_8_mib_is_refused_by_every_command() {
    let big = format!("person: big\nname: \"{}\"\n", "x".repeat(9 * 1024 * 1024));
    let ws = workspace_with(&[("people/big.yaml", big.as_bytes())]);
    refused_everywhere(
        ws.path(),
        &[
            "people/big.yaml:1:1: error[too-large]: file is 9437205 bytes; the limit is 8388608 bytes (8 MiB): split it into smaller files",
        ],
    );
}

#[test]
fn a_billion_laughs_alias_bomb_is_refused_by_every_command() {
    let mut bomb =
        String::from("person: lol\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 9].join(", ");
        bomb.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    let ws = workspace_with(&[("people/lol.yaml", bomb.as_bytes())]);
    refused_everywhere(
        ws.path(),
        &[
            "people/lol.yaml:3:40: error[yaml-limit]: aliases expand to more nodes (70) than the file itself holds (16); write the values out instead of repeating `*l0`",
        ],
    );
}

#[test]
fn very_deep_nesting_is_refused_by_every_command() {
    let deep = format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let flow_map = format!("person: p\nname: {}\n", "{a: ".repeat(1000));
    let ws = workspace_with(&[
        ("people/deep.yaml", deep.as_bytes()),
        ("people/maps.yaml", flow_map.as_bytes()),
    ]);
    compgap(ws.path())
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(
            "people/deep.yaml:1:17: error[yaml-limit]: nesting is deeper than 16 levels, far more than the format needs: flatten this value\n\
             people/maps.yaml:2:67: error[yaml-limit]: nesting is deeper than 16 levels, far more than the format needs: flatten this value\n\
             4 files checked: 2 errors, 0 warnings\n",
        );
    let ws = workspace_with(&[("people/deep.yaml", deep.as_bytes())]);
    refused_everywhere(
        ws.path(),
        &[
            "people/deep.yaml:1:17: error[yaml-limit]: nesting is deeper than 16 levels, far more than the format needs: flatten this value",
        ],
    );
}

#[test]
fn a_huge_scalar_is_refused_by_every_command() {
    let big = format!("person: big\nname: \"{}\"\n", "x".repeat(1024 * 1024));
    let ws = workspace_with(&[("people/big.yaml", big.as_bytes())]);
    refused_everywhere(
        ws.path(),
        &[
            "people/big.yaml:2:7: error[yaml-limit]: value is 1048576 bytes long; the limit is 65536 bytes: shorten it",
        ],
    );
}

#[test]
fn invalid_utf8_is_refused_by_every_command() {
    let ws = workspace_with(&[(
        "people/ann.yaml",
        b"person: ann\nname: Ann \xc3\x28 Example\n",
    )]);
    refused_everywhere(
        ws.path(),
        &[
            "people/ann.yaml:2:11: error[invalid-utf8]: file is not valid UTF-8: save it as UTF-8 text",
        ],
    );
}

#[test]
fn binary_junk_is_refused_by_every_command() {
    let random = junk(4096, 7);
    let ws = workspace_with(&[("people/junk.yaml", &random)]);
    refused_everywhere(
        ws.path(),
        &[
            "people/junk.yaml:1:2: error[invalid-utf8]: file is not valid UTF-8: save it as UTF-8 text",
        ],
    );
    let ws = workspace_with(&[("people/ann.yaml", b"person: ann\nname: A\0nn\n")]);
    refused_everywhere(
        ws.path(),
        &[
            "people/ann.yaml:2:8: error[invalid-utf8]: file contains a NUL byte, so it is not a text file: save it as UTF-8 text",
        ],
    );
    let ws = workspace_with(&[("roles/analyst.yaml", &[0u8; 1024])]);
    refused_everywhere(
        ws.path(),
        &[
            "roles/analyst.yaml:1:1: error[invalid-utf8]: file contains a NUL byte, so it is not a text file: save it as UTF-8 text",
        ],
    );
}

#[test]
fn tabs_in_the_indentation_are_refused_by_every_command() {
    let ws = workspace_with(&[(
        "roles/analyst.yaml",
        b"id: analyst\ntitle: Analyst\nrequires:\n\t6.2.3: 3\n",
    )]);
    refused_everywhere(
        ws.path(),
        &[
            "roles/analyst.yaml:4:1: error[yaml-syntax]: YAML syntax error: this line is indented with a tab: indent with spaces, not tabs",
        ],
    );
}

#[test]
fn a_document_of_the_wrong_type_is_refused_by_every_command() {
    for (text, found) in [
        (&b"- person: ann\n- name: Ann\n"[..], "a list"),
        (b"just some words\n", "`just some words`"),
        (b"42\n", "`42`"),
    ] {
        let ws = workspace_with(&[("people/ann.yaml", text)]);
        let line = format!(
            "people/ann.yaml:1:1: error[wrong-type]: an assessment must be a mapping (`key: value` lines), found {found}"
        );
        refused_everywhere(ws.path(), &[&line]);
    }
    for text in [&b""[..], b"\n\n", b"# only a comment\n", b"---\n"] {
        let ws = workspace_with(&[("people/ann.yaml", text)]);
        let expected = if text.starts_with(b"---") {
            "people/ann.yaml:2:1: error[wrong-type]: an assessment must be a mapping (`key: value` lines), found nothing (null)"
        } else {
            "people/ann.yaml:1:1: error[empty-file]: the file is empty: write the document, or delete the file"
        };
        refused_everywhere(ws.path(), &[expected]);
    }
    let ws = workspace_with(&[("compgap.yaml", b"[roles, people]\n")]);
    refused_everywhere(
        ws.path(),
        &[
            "compgap.yaml:1:1: error[wrong-type]: the workspace file must be a mapping (`key: value` lines), found a list",
        ],
    );
}

#[test]
fn negative_and_enormous_numbers_are_refused_by_every_command() {
    let role = b"id: analyst\ntitle: Risk Analyst\nheadcount: 1e309\nrequires:\n  6.2.3: {level: -1}\n  5.2: {knowledge: 99999999999999999999999, skill: 3}\n";
    let ws = workspace_with(&[("roles/analyst.yaml", role)]);
    let expected = [
        "roles/analyst.yaml:3:12: error[invalid-value]: `headcount` `1e309` must be a whole number from 1 to 100000",
        "roles/analyst.yaml:5:18: error[invalid-level]: `level` `-1` is not on the scale: write 0-5 or one of none, aware, foundation, practitioner, advanced, expert",
        "roles/analyst.yaml:6:20: error[invalid-level]: `knowledge` `99999999999999999999999` is not on the scale: write 0-5 or one of none, aware, foundation, practitioner, advanced, expert",
    ];
    compgap(ws.path())
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(format!(
            "{}\n2 files checked: 3 errors, 0 warnings\n",
            expected.join("\n")
        ));
    let ws = workspace_with(&[(
        "roles/analyst.yaml",
        b"id: analyst\ntitle: A\nheadcount: -2\nrequires:\n  6.2.3: 3\n",
    )]);
    refused_everywhere(
        ws.path(),
        &[
            "roles/analyst.yaml:3:12: error[invalid-value]: `headcount` `-2` must be a whole number from 1 to 100000",
        ],
    );
    let ws = workspace_with(&[(
        "compgap.yaml",
        b"policy:\n  max_mentees: -3\n  hire_gap: 99999999999999999999\n  reassess_after_days: 1e309\n  mentor_min_level: -1\n",
    )]);
    compgap(ws.path())
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(
            "compgap.yaml:2:16: error[invalid-value]: `max_mentees` `-3` must be a whole number from 0 to 1000\n\
             compgap.yaml:3:13: error[invalid-value]: `hire_gap` `99999999999999999999` must be a whole number from 1 to 5\n\
             compgap.yaml:4:24: error[invalid-value]: `reassess_after_days` `1e309` must be a whole number from 1 to 36500\n\
             compgap.yaml:5:21: error[invalid-level]: `mentor_min_level` `-1` is not on the scale: write 0-5 or one of none, aware, foundation, practitioner, advanced, expert\n\
             3 files checked: 4 errors, 0 warnings\n",
        );
    let ws = workspace_with(&[("compgap.yaml", b"policy:\n  max_mentees: -3\n")]);
    refused_everywhere(
        ws.path(),
        &[
            "compgap.yaml:2:16: error[invalid-value]: `max_mentees` `-3` must be a whole number from 0 to 1000",
        ],
    );
}

/// 200,000 distinct keys in one mapping, then a duplicate of an early one:
/// checked in linear time, and the duplicate still found.
#[test]
fn a_mapping_with_200k_keys_is_checked_and_its_duplicate_found() {
    let mut text = std::fs::read_to_string(clean().join("people/ann.yaml")).expect("fixture");
    text.push_str("notes:\n");
    for i in 0..200_000 {
        text.push_str(&format!("  k{i}: {i}\n"));
    }
    text.push_str("  k7: again\n");
    let ws = workspace_with(&[("people/ann.yaml", text.as_bytes())]);
    let expected = "people/ann.yaml:8:1: error[unknown-field]: unknown field `notes` in an assessment; expected one of `person`, `name`, `roles`, `assessed_on`, `method`, `assessor`, `competences`\n\
         people/ann.yaml:200009:3: error[duplicate-key]: duplicate key `k7` (first written at line 16): keep one of them\n";
    compgap(ws.path())
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(format!("{expected}2 files checked: 2 errors, 0 warnings\n"));
    compgap(ws.path())
        .args(["report", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(expected));
}

#[test]
fn output_onto_an_input_file_is_refused_and_the_file_untouched() {
    let ws = workspace_with(&[]);
    let input = ws.path().join("people/ann.yaml");
    let before = std::fs::read(&input).expect("read");
    let old = clean().display().to_string();
    let commands: [&[&str]; 6] = [
        &["validate"],
        &["report"],
        &["plan"],
        &["coverage"],
        &["register"],
        &["compare", &old, "."],
    ];
    for args in commands {
        for target in ["people/ann.yaml", "./people/../people/ann.yaml"] {
            compgap(ws.path())
                .args(args)
                .args(["--as-of", AS_OF, "--output", target])
                .assert()
                .code(2)
                .stdout("")
                .stderr(format!(
                    "error: refusing to write to {target}: it is one of the input files; choose another --output path\n"
                ));
            assert_eq!(std::fs::read(&input).expect("read"), before, "{args:?}");
        }
    }
    compgap(ws.path())
        .args(["evidence", "--as-of", AS_OF, "--out", "people", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: refusing to write the bundle to people: it holds the input file",
        ));
    assert_eq!(std::fs::read(&input).expect("read"), before);
}

#[test]
fn a_failing_command_leaves_an_existing_output_untouched() {
    let ws = workspace_with(&[("people/ann.yaml", b"- not\n- an assessment\n")]);
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("previous.txt");
    std::fs::write(&file, "the previous output\n").expect("write");
    let old = clean().display().to_string();
    let target = file.display().to_string();
    let commands: [&[&str]; 5] = [
        &["report"],
        &["plan"],
        &["coverage"],
        &["register"],
        &["compare", &old, "."],
    ];
    for args in commands {
        compgap(ws.path())
            .args(args)
            .args(["--as-of", AS_OF, "--output", &target])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("error[wrong-type]"));
        assert_eq!(
            std::fs::read_to_string(&file).expect("read"),
            "the previous output\n",
            "{args:?}"
        );
    }
    let bundle = out.path().join("bundle");
    std::fs::create_dir(&bundle).expect("mkdir");
    std::fs::write(bundle.join("gaps.csv"), "kept\n").expect("write");
    compgap(ws.path())
        .args(["evidence", "--as-of", AS_OF, "--force", "--out"])
        .arg(&bundle)
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(bundle.join("gaps.csv")).expect("read"),
        "kept\n"
    );
    assert_eq!(std::fs::read_dir(&bundle).expect("read").count(), 1);
    // Nothing temporary is left beside the outputs either.
    assert_eq!(std::fs::read_dir(out.path()).expect("read").count(), 2);
}

#[test]
fn a_missing_workspace_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    compgap(dir.path())
        .args(["validate", "no-such-folder"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: no-such-folder does not exist: give a workspace folder, or a file inside one\n",
        );
    let commands: [&[&str]; 6] = [
        &["report", "no-such-folder"],
        &["plan", "no-such-folder"],
        &["coverage", "no-such-folder"],
        &["register", "no-such-folder"],
        &["evidence", "no-such-folder", "--out", "bundle"],
        &["compare", "no-such-folder", "no-such-folder"],
    ];
    for args in commands {
        compgap(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                "error: no-such-folder does not exist: give the path of a workspace (a folder with roles/ and people/)\n",
            );
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("read").count(), 0);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_usage_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let ws = workspace_with(&[]);
    let file = ws.path().join("people/ann.yaml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&file).is_ok() {
        // Running as root: permissions do not keep the file from being read.
        eprintln!("skipped: the file is readable despite chmod 000 (root)");
        return;
    }
    let old = clean().display().to_string();
    let out = tempfile::tempdir().expect("temp dir");
    let bundle = out.path().join("bundle").display().to_string();
    let commands: [&[&str]; 7] = [
        &["validate"],
        &["report"],
        &["plan"],
        &["coverage"],
        &["register"],
        &["compare", &old, "."],
        &["evidence", "--out", &bundle],
    ];
    for args in commands {
        compgap(ws.path())
            .args(args)
            .args(["--as-of", AS_OF])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with(
                "error: cannot read people/ann.yaml: ",
            ));
    }
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
}
