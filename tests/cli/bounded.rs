//! Bounded work for any input within the limits: at most 100 diagnostics
//! per file in every format (then one `more-problems` diagnostic, the
//! summary counts staying true), and dates kept within years 1 to 9999.

use assert_cmd::Command;
use std::path::Path;
use tempfile::TempDir;

const AS_OF: &str = "2026-11-23";

/// The clean fixture with an assessment holding `unknown` unknown keys.
fn workspace(unknown: usize) -> TempDir {
    let clean = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate/clean");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("roles")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("people")).expect("mkdir");
    std::fs::copy(
        clean.join("roles/analyst.yaml"),
        dir.path().join("roles/analyst.yaml"),
    )
    .expect("copy");
    let mut ann = std::fs::read_to_string(clean.join("people/ann.yaml")).expect("read");
    for i in 0..unknown {
        ann.push_str(&format!("k{i}: 1\n"));
    }
    std::fs::write(dir.path().join("people/ann.yaml"), ann).expect("write");
    dir
}

fn compgap(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("compgap").expect("binary");
    c.current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1");
    c
}

fn validate(dir: &Path, format: &str) -> String {
    let out = compgap(dir)
        .args(["validate", "--as-of", AS_OF, "--format", format])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn diagnostics_are_capped_per_file_and_counted_in_full() {
    let ws = workspace(250);
    let text = validate(ws.path(), "text");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        102,
        "100 shown, one more-problems line, the summary"
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("error[unknown-field]"))
            .count(),
        100
    );
    assert!(
        text.contains("people/ann.yaml:108:1: error[more-problems]: 150 more problems in this file (150 errors, 0 warnings) not shown"),
        "{text}"
    );
    assert_eq!(lines[101], "2 files checked: 250 errors, 0 warnings");

    let json: serde_json::Value = serde_json::from_str(&validate(ws.path(), "json")).expect("json");
    assert_eq!(json["errors"], 250);
    assert_eq!(json["diagnostics"].as_array().expect("list").len(), 101);

    let sarif: serde_json::Value =
        serde_json::from_str(&validate(ws.path(), "sarif")).expect("json");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 101);
    assert_eq!(results[100]["ruleId"], "more-problems");

    assert_eq!(validate(ws.path(), "github").lines().count(), 101);

    // An analysis command prints the same 101 lines to stderr, then the count.
    let out = compgap(ws.path())
        .args(["report", "--as-of", AS_OF])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(stderr.lines().count(), 102, "{stderr}");
    assert!(stderr.contains("has 250 errors"), "{stderr}");
}

#[test]
fn exactly_100_problems_are_all_shown() {
    let ws = workspace(100);
    let text = validate(ws.path(), "text");
    assert_eq!(text.lines().count(), 101);
    assert!(!text.contains("more-problems"));
}

#[test]
fn source_date_epoch_outside_years_1_to_9999_is_refused() {
    let ws = workspace(0);
    for secs in ["9223372036854775807", "253402300800", "-62135596801"] {
        let out = compgap(ws.path())
            .env("SOURCE_DATE_EPOCH", secs)
            .arg("report")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{secs}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("outside the years 1 to 9999"),
            "{secs}: {stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = compgap(ws.path())
        .env("SOURCE_DATE_EPOCH", "253402300799")
        .arg("report")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.lines().any(|l| l.starts_with("As of 9999-12-31:")),
        "{stdout}"
    );
}

/// Run `args` in `dir` at the last date of the calendar; it must succeed.
fn at_the_end(dir: &Path, args: &[&str]) -> String {
    let out = compgap(dir)
        .args(args)
        .args(["--as-of", "9999-12-31"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn target_dates_stay_readable_at_the_end_of_the_calendar() {
    let ws = workspace(0);
    at_the_end(ws.path(), &["register", "-o", "register.csv"]);
    let text = std::fs::read_to_string(ws.path().join("register.csv")).expect("read");
    assert!(text.contains(",9999-12-31,"), "{text}");
    assert!(!text.contains("10000-"), "{text}");
    // compgap reads back what it wrote.
    at_the_end(ws.path(), &["register", "--update", "register.csv"]);
    let plan = at_the_end(ws.path(), &["plan", "--format", "csv"]);
    assert!(plan.contains(",9999-12-31,"), "{plan}");
    assert!(!plan.contains("10000-"), "{plan}");
}
