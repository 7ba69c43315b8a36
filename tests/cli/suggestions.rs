//! "Did you mean" for ids, filters and field names, and filters that
//! cannot both hold.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_compgap");

fn stderr_of(args: &[&str], dir: &std::path::Path) -> (Option<i32>, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run compgap");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn repo() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn equally_close_competences_are_named_up_to_three_nearest_first() {
    let (code, err) = stderr_of(&["catalog", "show", "5.14"], repo());
    assert_eq!(code, Some(2));
    assert!(
        err.contains("(did you mean `5.13`, `5.12` or `5.11`?)"),
        "{err}"
    );
}

#[test]
fn filters_get_suggestions() {
    let ex = ["examples", "--as-of", "2026-11-23"];
    for (cmd, flag, typo, meant) in [
        ("report", "--person", "elf", "elif"),
        ("plan", "--person", "kwme", "kwame"),
        ("report", "--role", "cso", "ciso"),
        ("coverage", "--role", "internal-audtor", "internal-auditor"),
    ] {
        let (code, err) = stderr_of(&[&[cmd][..], &ex, &[flag, typo]].concat(), repo());
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains(&format!(
                "{flag} `{typo}` is not in the workspace (did you mean `{meant}`?)"
            )),
            "{err}"
        );
    }
}

#[test]
fn a_person_who_does_not_hold_the_role_is_said_so() {
    let ex = ["examples", "--as-of", "2026-11-23"];
    for cmd in ["plan", "report"] {
        let (code, err) = stderr_of(
            &[&[cmd][..], &ex, &["--person", "elif", "--role", "ciso"]].concat(),
            repo(),
        );
        assert_eq!(code, Some(2), "{cmd}: {err}");
        assert!(
            err.contains(
                "--person `elif` does not hold --role `ciso` (elif holds internal-auditor)"
            ),
            "{cmd}: {err}"
        );
    }
}

#[test]
fn a_short_field_typo_is_suggested() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("roles")).expect("roles");
    std::fs::create_dir_all(dir.path().join("people")).expect("people");
    std::fs::write(
        dir.path().join("roles/analyst.yaml"),
        "id: analyst\ntitle: Analyst\nrequires:\n  5.8: {lvl: 3}\n",
    )
    .expect("write");
    let out = Command::new(BIN)
        .args(["validate", "--as-of", "2026-11-23"])
        .current_dir(dir.path())
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("unknown field `lvl` in a requirement (did you mean `level`?)"),
        "{text}"
    );
}
