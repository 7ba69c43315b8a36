//! `compgap validate` on good and broken workspaces: the exact diagnostics
//! (file, line, column, code, message), the four output formats and the
//! exit codes. Each case is a workspace under `tests/fixtures/validate/`.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-23";

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/validate")
        .join(case)
}

/// `compgap validate --as-of AS_OF ARGS…`, run inside the case's workspace.
fn validate(case: &str, args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("compgap").expect("binary");
    cmd.current_dir(fixture(case))
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .args(["validate", "--as-of", AS_OF])
        .args(args);
    cmd
}

/// Run the case in text format and compare every line and the exit code.
fn expect(case: &str, code: i32, diagnostics: &[&str], summary: &str) {
    let mut expected = String::new();
    for d in diagnostics {
        expected.push_str(d);
        expected.push('\n');
    }
    expected.push_str(summary);
    expected.push('\n');
    validate(case, &[])
        .assert()
        .code(code)
        .stdout(expected)
        .stderr("");
}

fn json_of(case: &str, args: &[&str]) -> Value {
    let out = validate(case, &[&["--format", "json"], args].concat())
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// A flow mapping left open on line 4; no false "role does not exist" for ann, whose role file is broken.
#[test]
fn a_yaml_syntax_error_points_at_the_break_and_where_the_mapping_began() {
    expect(
        "yaml-syntax",
        1,
        &[
            r#"roles/analyst.yaml:5:6: error[yaml-syntax]: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping started at line 4, column 10): check the indentation and quoting on this line and the one before"#,
        ],
        "2 files checked: 1 error, 0 warnings",
    );
}

#[test]
fn a_tab_in_the_indentation_is_named_as_such() {
    expect(
        "tabs",
        1,
        &[
            r#"people/ann.yaml:7:1: error[yaml-syntax]: YAML syntax error: this line is indented with a tab: indent with spaces, not tabs"#,
        ],
        "2 files checked: 1 error, 0 warnings",
    );
}

/// `titel` is not also reported as a missing `title`.
#[test]
fn unknown_fields_are_reported_with_a_suggestion() {
    expect(
        "unknown-field",
        1,
        &[
            r#"roles/analyst.yaml:2:1: error[unknown-field]: unknown field `titel` in a role (did you mean `title`?); expected one of `id`, `title`, `description`, `ecsf_profile`, `headcount`, `requires`"#,
            r#"roles/analyst.yaml:4:21: error[unknown-field]: unknown field `criticallity` in a requirement (did you mean `criticality`?); expected one of `level`, `knowledge`, `skill`, `criticality`, `note`"#,
        ],
        "2 files checked: 2 errors, 0 warnings",
    );
}

/// A list where a mapping is expected (role), a mapping where a single value is expected (person).
#[test]
fn wrong_types_are_reported_at_the_value() {
    expect(
        "wrong-type",
        1,
        &[
            r#"people/ann.yaml:2:7: error[wrong-type]: `name` must be a single value, found a mapping"#,
            r#"roles/analyst.yaml:3:11: error[wrong-type]: `requires` must be a mapping (`key: value` lines), found a list"#,
        ],
        "2 files checked: 2 errors, 0 warnings",
    );
}

/// At top level and among a person's competences: never silently the last one.
#[test]
fn duplicate_keys_are_errors_at_the_second_key() {
    expect(
        "duplicate-key",
        1,
        &[
            r#"people/ann.yaml:6:1: error[duplicate-key]: duplicate key `name` (first written at line 2): keep one of them"#,
            r#"people/ann.yaml:10:3: error[duplicate-key]: duplicate key `6.2.3` (first written at line 8): keep one of them"#,
        ],
        "2 files checked: 2 errors, 0 warnings",
    );
}

#[test]
fn an_unknown_competence_id_gets_a_suggestion() {
    expect(
        "unknown-competence",
        1,
        &[
            r#"roles/analyst.yaml:5:3: error[unknown-competence]: unknown competence `6.5.33` (did you mean `6.5.3`?): use an id from `compgap catalog list`"#,
        ],
        "2 files checked: 1 error, 0 warnings",
    );
}

/// `5.10: 2` (role line 5, person line 8) is accepted; `5.1` is not the same competence.
#[test]
fn an_unquoted_5_10_is_competence_5_10_and_5_1_is_unknown() {
    expect(
        "unquoted-5-10",
        1,
        &[
            r#"roles/analyst.yaml:6:3: error[unknown-competence]: unknown competence `5.1` (did you mean `5.10`, `5.11` or `5.12`?): use an id from `compgap catalog list`"#,
        ],
        "2 files checked: 1 error, 0 warnings",
    );
}

/// The role writes practitioner, Expert and advanced: no diagnostic.
#[test]
fn levels_outside_the_scale_are_errors_and_names_are_accepted() {
    expect(
        "levels",
        1,
        &[
            r#"people/ann.yaml:7:18: error[invalid-level]: `level` `6` is not on the scale: write 0-5 or one of none, aware, foundation, practitioner, advanced, expert"#,
            r#"people/ann.yaml:8:8: error[invalid-level]: the level `-1` is not on the scale: write 0-5 or one of none, aware, foundation, practitioner, advanced, expert"#,
            r#"people/ann.yaml:9:20: error[invalid-level]: `knowledge` `guru` is not on the scale: write 0-5 or one of none, aware, foundation, practitioner, advanced, expert"#,
        ],
        "2 files checked: 3 errors, 0 warnings",
    );
}

#[test]
fn empty_and_missing_required_fields() {
    expect(
        "missing-fields",
        1,
        &[
            r#"people/ann.yaml:1:1: error[missing-field]: an assessment is missing the required field `name`"#,
            r#"people/ann.yaml:4:9: error[empty-value]: `method` is empty: write a value"#,
            r#"roles/analyst.yaml:2:7: error[empty-value]: the role `title` is empty: write a value"#,
        ],
        "2 files checked: 3 errors, 0 warnings",
    );
}

#[test]
fn a_person_defined_in_two_files() {
    expect(
        "duplicate-person",
        1,
        &[
            r#"people/ann-copy.yaml:1:9: warning[file-name-mismatch]: person `ann` is in a file named `ann-copy`: rename the file to `ann.yaml`"#,
            r#"people/ann.yaml:1:9: error[duplicate-person]: person `ann` is already defined in people/ann-copy.yaml: keep one definition"#,
        ],
        "3 files checked: 1 error, 1 warning",
    );
}

/// A file with errors of its own is still checked against the others:
/// the duplicate and the file name are reported with its own problems.
#[test]
fn a_duplicate_in_a_broken_file_is_reported_too() {
    expect(
        "broken-duplicates",
        1,
        &[
            r#"people/ann2.yaml:1:9: error[duplicate-person]: person `ann` is already defined in people/ann.yaml: keep one definition"#,
            r#"people/ann2.yaml:1:9: warning[file-name-mismatch]: person `ann` is in a file named `ann2`: rename the file to `ann.yaml`"#,
            r#"people/ann2.yaml:5:9: error[invalid-value]: `method` `selff` is not allowed (did you mean `self`?): write one of self, manager, independent"#,
            r#"roles/analyst2.yaml:1:5: error[duplicate-role]: role `analyst` is already defined in roles/analyst.yaml: keep one definition"#,
            r#"roles/analyst2.yaml:1:5: warning[file-name-mismatch]: role `analyst` is in a file named `analyst2`: rename the file to `analyst.yaml`"#,
            r#"roles/analyst2.yaml:3:12: error[invalid-value]: `headcount` `one` must be a whole number from 1 to 100000"#,
        ],
        "4 files checked: 4 errors, 2 warnings",
    );
}

/// A folder compgap.yaml names that is not there is reported at its name,
/// with the file's other problems.
#[test]
fn a_missing_folder_named_in_compgap_yaml_is_located() {
    expect(
        "missing-folder",
        1,
        &[
            r#"compgap.yaml:2:9: error[io]: the folder `peeple` does not exist in the workspace (.): create it, or name the folder that holds these files"#,
            r#"compgap.yaml:4:21: error[invalid-level]: `mentor_min_level` `7` is not on the scale: write 0-5 or one of none, aware, foundation, practitioner, advanced, expert"#,
        ],
        "1 file checked: 2 errors, 0 warnings",
    );
}

#[test]
fn an_assessment_naming_a_missing_role_gets_a_suggestion() {
    expect(
        "unknown-role",
        1,
        &[
            r#"people/ann.yaml:3:18: error[unknown-role]: role `analist` does not exist (did you mean `analyst`?): name a role defined under roles/"#,
        ],
        "2 files checked: 1 error, 0 warnings",
    );
}

#[test]
fn a_role_requiring_nothing() {
    expect(
        "empty-role",
        1,
        &[
            r#"roles/blank.yaml:3:10: error[empty-role]: the role requires no competence: list at least one under `requires`"#,
            r#"roles/idle.yaml:3:11: error[empty-role]: the role requires no competence: list at least one under `requires`"#,
        ],
        "4 files checked: 2 errors, 0 warnings",
    );
}

/// A competence with errors of its own still claims its id: the role that
/// requires it is not also told that `org.1` is unknown.
#[test]
fn errors_in_an_extra_catalog_are_reported_once() {
    expect(
        "catalog-errors",
        1,
        &[
            r#"catalogs/org.yaml:4:5: error[missing-field]: a competence is missing the required field `title`"#,
            r#"catalogs/org.yaml:10:14: error[invalid-id]: item id `K2` is out of sequence: write `K1`"#,
            r#"catalogs/two.yaml:4:9: error[invalid-id]: competence id `org 2` must not contain `/`, spaces, `,` or `;`"#,
        ],
        "4 files checked: 3 errors, 0 warnings",
    );
}

/// Values of the wrong shape: a scalar for a list, an empty `competences`,
/// half a level pair, a merge key, evidence without a name, a list document.
#[test]
fn values_of_the_wrong_shape() {
    expect(
        "shapes",
        1,
        &[
            r#"people/ann.yaml:3:8: error[wrong-type]: `roles` must be a list (`[a, b]` or `- a` lines), found `analyst`"#,
            r#"people/ann.yaml:6:13: error[empty-value]: `competences` is empty: list the assessed competences, or write `{}` if none has been assessed yet"#,
            r#"people/bob.yaml:7:21: error[conflicting-levels]: write either `level` (both dimensions) or `knowledge` and `skill`, not both"#,
            r#"people/bob.yaml:8:8: error[missing-field]: an assessed competence gives only one dimension: add `skill`, or write `level` for both"#,
            r#"people/bob.yaml:9:8: error[missing-field]: an assessed competence needs `level`, or `knowledge` and `skill`"#,
            r#"people/bob.yaml:9:9: error[unknown-field]: YAML merge keys (`<<`) are not supported in an assessed competence: write the fields out"#,
            r#"people/bob.yaml:13:16: error[invalid-value]: evidence `kind` `certificate` is not allowed: write one of qualification, training, experience, other"#,
            r#"people/bob.yaml:14:9: error[missing-field]: a piece of evidence is missing the required field `name`"#,
            r#"people/cem.yaml:1:1: error[wrong-type]: an assessment must be a mapping (`key: value` lines), found a list"#,
        ],
        "4 files checked: 9 errors, 0 warnings",
    );
}

#[test]
fn dates_that_are_not_dates() {
    expect(
        "invalid-dates",
        1,
        &[
            r#"people/ann.yaml:4:14: error[invalid-date]: `assessed_on` `2026-02-30` is not a date: write a real calendar date as YYYY-MM-DD"#,
            r#"people/ann.yaml:10:51: error[invalid-date]: evidence `date` `yesterday` is not a date: write a real calendar date as YYYY-MM-DD"#,
        ],
        "2 files checked: 2 errors, 0 warnings",
    );
}

#[test]
fn evidence_expiring_before_it_was_issued() {
    expect(
        "expiry-before-date",
        1,
        &[
            r#"people/ann.yaml:10:78: error[expiry-before-date]: evidence expires on 2024-06-01, before it was issued on 2025-06-01: check both dates"#,
        ],
        "2 files checked: 1 error, 0 warnings",
    );
}

#[test]
fn bad_policy_values_in_compgap_yaml() {
    expect(
        "bad-policy",
        1,
        &[
            r#"compgap.yaml:2:21: error[invalid-level]: `mentor_min_level` `guru` is not on the scale: write 0-5 or one of none, aware, foundation, practitioner, advanced, expert"#,
            r#"compgap.yaml:3:13: error[invalid-value]: `hire_gap` `9` must be a whole number from 1 to 5"#,
            r#"compgap.yaml:4:3: error[unknown-field]: unknown field `max_mentess` in `policy` (did you mean `max_mentees`?); expected one of `mentor_min_level`, `max_mentees`, `hire_gap`, `reassess_after_days`, `evidence_required_from`, `cap_unevidenced`, `expiry_warning_days`"#,
        ],
        "3 files checked: 3 errors, 0 warnings",
    );
}

/// org.1 of the same catalog is still usable by the role.
#[test]
fn an_extra_catalog_colliding_with_a_bundled_id() {
    expect(
        "catalog-collision",
        1,
        &[
            r#"catalogs/org.yaml:4:9: error[duplicate-competence]: competence `5.8` is already defined (by the bundled catalog or an earlier one): give it an id of its own"#,
        ],
        "3 files checked: 1 error, 0 warnings",
    );
}

/// Five different errors in one file: five diagnostics.
#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    expect(
        "many-errors",
        1,
        &[
            r#"people/ann.yaml:3:9: error[unknown-role]: role `analist` does not exist (did you mean `analyst`?): name a role defined under roles/"#,
            r#"people/ann.yaml:4:14: error[invalid-date]: `assessed_on` `2026-13-01` is not a date: write a real calendar date as YYYY-MM-DD"#,
            r#"people/ann.yaml:5:9: error[invalid-value]: `method` `peer` is not allowed: write one of self, manager, independent"#,
            r#"people/ann.yaml:7:18: error[invalid-level]: `level` `7` is not on the scale: write 0-5 or one of none, aware, foundation, practitioner, advanced, expert"#,
            r#"people/ann.yaml:8:3: error[unknown-competence]: unknown competence `5.1` (did you mean `5.10`, `5.11` or `5.12`?): use an id from `compgap catalog list`"#,
        ],
        "2 files checked: 5 errors, 0 warnings",
    );
}

#[test]
fn a_clean_workspace_passes() {
    expect("clean", 0, &[], "2 files checked: 0 errors, 0 warnings");
}

/// Warnings alone pass; `--strict` makes them fail.
#[test]
fn warnings_pass_unless_strict() {
    let lines = [
        r#"people/ann.yaml:4:14: warning[stale-assessment]: assessed on 2025-01-15, more than 365 days before 2026-11-23: re-assess this person"#,
        r#"people/ann.yaml:7:3: warning[unevidenced-claim]: level 3/3 (knowledge/skill) in `6.2.3` is claimed without valid evidence: add evidence (qualification, training, experience)"#,
        r#"people/ann.yaml:10:78: warning[expired-evidence]: evidence expired on 2025-06-01: renew it or record newer evidence"#,
        r#"people/ann.yaml:11:3: warning[unevidenced-claim]: level 4/2 (knowledge/skill) in `5.8` is claimed without valid evidence: add evidence (qualification, training, experience)"#,
    ];
    expect(
        "warnings",
        0,
        &lines,
        "2 files checked: 0 errors, 4 warnings",
    );
    let expected = lines.join("\n") + "\n2 files checked: 0 errors, 4 warnings\n";
    validate("warnings", &["--strict"])
        .assert()
        .code(1)
        .stdout(expected);
    // The clean workspace passes --strict too.
    validate("clean", &["--strict"]).assert().code(0);
}

#[test]
fn the_as_of_date_decides_what_is_stale_and_expired() {
    let mut cmd = Command::cargo_bin("compgap").expect("binary");
    cmd.current_dir(fixture("warnings"))
        .args(["validate", "--as-of", "2025-03-01", "--strict"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("stale-assessment").not())
        .stdout(predicate::str::contains("expired-evidence").not())
        .stdout(predicate::str::ends_with(
            "2 files checked: 0 errors, 1 warning\n",
        ));
}

#[test]
fn json_has_the_documented_shape() {
    let doc = json_of("many-errors", &[]);
    // Keys in the documented order (serde_json's Value sorts them, so read the text).
    let out = validate("many-errors", &["--format", "json"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let at = |key: &str| text.find(&format!("\"{key}\"")).expect(key);
    for pair in [
        "files_checked",
        "errors",
        "warnings",
        "diagnostics",
        "file",
        "line",
        "column",
        "severity",
        "code",
        "message",
    ]
    .windows(2)
    {
        assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
    }
    assert_eq!(doc["files_checked"], 2);
    assert_eq!(doc["errors"], 5);
    assert_eq!(doc["warnings"], 0);
    let diags = doc["diagnostics"].as_array().expect("array");
    assert_eq!(diags.len(), 5);
    assert_eq!(
        diags[0],
        serde_json::json!({
            "file": "people/ann.yaml",
            "line": 3,
            "column": 9,
            "severity": "error",
            "code": "unknown-role",
            "message": "role `analist` does not exist (did you mean `analyst`?): name a role defined under roles/"
        })
    );
    let codes: Vec<&str> = diags
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert_eq!(
        codes,
        [
            "unknown-role",
            "invalid-date",
            "invalid-value",
            "invalid-level",
            "unknown-competence"
        ]
    );
    let warnings = json_of("warnings", &[]);
    assert_eq!(warnings["diagnostics"][0]["severity"], "warning");
    assert_eq!(warnings["warnings"], 4);
}

#[test]
fn github_format_gives_one_annotation_per_diagnostic() {
    let out = validate("many-errors", &["--format", "github"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(
        lines[0],
        "::error file=people/ann.yaml,line=3,col=9,title=compgap unknown-role::role `analist` does not exist (did you mean `analyst`?): name a role defined under roles/"
    );
    assert!(lines[4].starts_with("::error file=people/ann.yaml,line=8,col=3,"));
    let warnings = validate("warnings", &["--format", "github"])
        .output()
        .expect("runs");
    let text = String::from_utf8(warnings.stdout).expect("UTF-8");
    assert!(
        text.starts_with("::warning file=people/ann.yaml,line=4,col=14,title=compgap stale-assessment::assessed on 2025-01-15"),
        "{text}"
    );
    // A clean workspace prints nothing at all.
    validate("clean", &["--format", "github"])
        .assert()
        .code(0)
        .stdout("");
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("../schemas/sarif-schema-2.1.0.json"))
        .expect("schema JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn assert_valid_sarif(doc: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    for case in ["many-errors", "warnings", "clean", "duplicate-person"] {
        let out = validate(case, &["--format", "sarif"])
            .output()
            .expect("runs");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
        assert_valid_sarif(&doc);
        assert_eq!(doc["version"], "2.1.0");
    }
    let out = validate("many-errors", &["--format", "sarif"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "compgap");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 5);
    let r = &results[3];
    assert_eq!(r["ruleId"], "invalid-level");
    assert_eq!(r["level"], "error");
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 7);
    assert_eq!(region["startColumn"], 18);
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "people/ann.yaml"
    );
    // ruleIndex points at the rule of the same id.
    let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "invalid-level");
}

#[test]
fn the_schema_check_rejects_a_broken_sarif_document() {
    // Guards the test above against a validator that accepts anything.
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(!sarif_validator().is_valid(&broken));
}

#[test]
fn a_missing_path_is_a_usage_error() {
    validate("clean", &["no-such-folder"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: no-such-folder does not exist: give a workspace folder, or a file inside one\n",
        );
}

#[test]
fn a_folder_that_is_not_a_workspace_is_a_usage_error() {
    validate("clean", &["roles"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: roles is not a compgap workspace",
        ));
}

#[test]
fn a_single_file_reports_only_that_file() {
    // missing-fields has errors in both files; naming one shows only its own.
    validate("missing-fields", &["people/ann.yaml"])
        .assert()
        .code(1)
        .stdout(
            "people/ann.yaml:1:1: error[missing-field]: an assessment is missing the required field `name`\n\
             people/ann.yaml:4:9: error[empty-value]: `method` is empty: write a value\n\
             1 file checked: 2 errors, 0 warnings\n",
        );
    validate("missing-fields", &["roles/analyst.yaml"])
        .assert()
        .code(1)
        .stdout(
            "roles/analyst.yaml:2:7: error[empty-value]: the role `title` is empty: write a value\n\
             1 file checked: 1 error, 0 warnings\n",
        );
    // A clean file inside a broken workspace passes.
    validate("unknown-field", &["people/ann.yaml"])
        .assert()
        .code(0)
        .stdout("1 file checked: 0 errors, 0 warnings\n");
}

#[test]
fn paths_are_shown_as_given() {
    let mut cmd = Command::cargo_bin("compgap").expect("binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "validate",
            "--as-of",
            AS_OF,
            "tests/fixtures/validate/unknown-role",
            "tests/fixtures/validate/empty-role",
        ])
        .assert()
        .code(1)
        .stdout(
            "tests/fixtures/validate/empty-role/roles/blank.yaml:3:10: error[empty-role]: the role requires no competence: list at least one under `requires`\n\
             tests/fixtures/validate/empty-role/roles/idle.yaml:3:11: error[empty-role]: the role requires no competence: list at least one under `requires`\n\
             tests/fixtures/validate/unknown-role/people/ann.yaml:3:18: error[unknown-role]: role `analist` does not exist (did you mean `analyst`?): name a role defined under roles/\n\
             6 files checked: 3 errors, 0 warnings\n",
        );
}

#[test]
fn output_goes_to_a_file_and_reruns_are_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("diagnostics.json");
    validate("many-errors", &["--format", "json", "--output"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout("");
    let written = std::fs::read(&file).expect("written");
    let again = validate("many-errors", &["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(written, again.stdout);
}

#[test]
fn the_bundled_examples_validate_without_errors() {
    let mut cmd = Command::cargo_bin("compgap").expect("binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", "--as-of", AS_OF, "examples"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::is_match(r"files checked: 0 errors, \d+ warnings?\n$").expect("regex"),
        );
}

mod robustness {
    use compgap::load::load_workspace;
    use compgap::model::Date;
    use proptest::prelude::*;

    const ROLE: &str = include_str!("../fixtures/validate/levels/roles/analyst.yaml");
    const PERSON: &str = include_str!("../fixtures/validate/expiry-before-date/people/ann.yaml");
    const CATALOG: &str = include_str!("../fixtures/validate/catalog-collision/catalogs/org.yaml");

    /// Apply edits: (position, byte, 0 insert / 1 replace / 2 delete).
    fn mutate(text: &str, edits: &[(usize, u8, u8)]) -> Vec<u8> {
        let mut bytes = text.as_bytes().to_vec();
        for &(at, byte, op) in edits {
            let at = at % (bytes.len() + 1);
            match op {
                0 => bytes.insert(at, byte),
                1 if at < bytes.len() => bytes[at] = byte,
                _ if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => {}
            }
        }
        bytes
    }

    fn interesting_byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            Just(b'\t'),
            Just(b'\n'),
            Just(b' '),
            Just(b':'),
            Just(b'-'),
            Just(b'['),
            Just(b'{'),
            Just(b'}'),
            Just(b'&'),
            Just(b'*'),
            Just(b'"'),
            Just(b'\''),
            Just(b'#'),
            Just(0xff),
            b'0'..=b'9',
            b'a'..=b'z',
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Whatever the damage, loading never panics and every diagnostic
        /// names its file and a real line and column in it.
        #[test]
        fn damaged_files_give_located_diagnostics_never_a_panic(
            role_edits in prop::collection::vec((0usize..200, interesting_byte(), 0u8..3), 0..6),
            person_edits in prop::collection::vec((0usize..300, interesting_byte(), 0u8..3), 1..6),
            catalog_edits in prop::collection::vec((0usize..700, interesting_byte(), 0u8..3), 0..4),
        ) {
            let dir = tempfile::tempdir().expect("temp dir");
            let ws = dir.path();
            std::fs::create_dir_all(ws.join("roles")).expect("mkdir");
            std::fs::create_dir_all(ws.join("people")).expect("mkdir");
            std::fs::create_dir_all(ws.join("catalogs")).expect("mkdir");
            let catalog = mutate(CATALOG, &catalog_edits);
            std::fs::write(ws.join("catalogs/org.yaml"), &catalog).expect("write");
            let role = mutate(ROLE, &role_edits);
            let person = mutate(PERSON, &person_edits);
            std::fs::write(ws.join("roles/analyst.yaml"), &role).expect("write");
            std::fs::write(ws.join("people/ann.yaml"), &person).expect("write");
            let as_of = Date::parse("2026-11-23").expect("date");
            let loaded = load_workspace(ws, as_of).expect("a workspace loads");
            for d in &loaded.diagnostics {
                let text = if d.file.ends_with("roles/analyst.yaml") {
                    &role
                } else if d.file.ends_with("catalogs/org.yaml") {
                    &catalog
                } else {
                    prop_assert!(d.file.ends_with("people/ann.yaml"), "{d}");
                    &person
                };
                let lines = text.split(|&b| b == b'\n').count() as u32;
                prop_assert!(d.pos.line >= 1 && d.pos.line <= lines, "{d} (file has {lines} lines)");
                prop_assert!(d.pos.column >= 1, "{d}");
                prop_assert!(!d.message.is_empty());
            }
        }
    }
}

#[test]
fn a_file_outside_any_workspace_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("stray.yaml"), "id: x\n").expect("write");
    let mut cmd = Command::cargo_bin("compgap").expect("binary");
    cmd.current_dir(dir.path())
        .args(["validate", "stray.yaml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: stray.yaml is not inside a compgap workspace",
        ));
}

/// Oversized files, alias bombs, deep nesting and huge values are refused
/// as diagnostics on the file, and the rest of the workspace is still checked.
#[test]
fn inputs_beyond_the_limits_are_refused_with_the_file_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = dir.path();
    std::fs::create_dir_all(ws.join("roles")).expect("mkdir");
    std::fs::create_dir_all(ws.join("people")).expect("mkdir");
    std::fs::copy(
        fixture("clean").join("roles/analyst.yaml"),
        ws.join("roles/analyst.yaml"),
    )
    .expect("copy");
    let big = format!("person: big\nname: \"{}\"\n", "x".repeat(9 * 1024 * 1024));
    std::fs::write(ws.join("people/big.yaml"), big).expect("write");
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..10 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("l{}", i - 1)
        };
        let refs = vec![format!("*{prev}"); 9].join(", ");
        bomb.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    std::fs::write(ws.join("people/bomb.yaml"), bomb).expect("write");
    let deep = format!("person: deep\nname: {}{}\n", "[".repeat(40), "]".repeat(40));
    std::fs::write(ws.join("people/deep.yaml"), deep).expect("write");
    let mut cmd = Command::cargo_bin("compgap").expect("binary");
    cmd.current_dir(ws)
        .args(["validate", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(
            "people/big.yaml:1:1: error[too-large]: file is 9437205 bytes; the limit is 8388608 bytes (8 MiB): split it into smaller files\n\
             people/bomb.yaml:2:30: error[yaml-limit]: aliases expand to more nodes (66) than the file itself holds (15); write the values out instead of repeating `*a`\n\
             people/deep.yaml:2:22: error[yaml-limit]: nesting is deeper than 16 levels, far more than the format needs: flatten this value\n\
             4 files checked: 3 errors, 0 warnings\n",
        );
}
