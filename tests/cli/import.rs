//! `compgap import`: spreadsheets in (CSV and XLSX, three layouts), all or
//! nothing, with located errors; and the role writer it uses.

use assert_cmd::Command;
use compgap::load::load_workspace;
use compgap::model::Date;
use compgap::render::role_file::RoleDoc;
use std::path::{Path, PathBuf};

use crate::common;
use common::files::copy_dir;

const AS_OF: &str = "2026-11-23";

fn compgap() -> Command {
    Command::cargo_bin("compgap").expect("binary")
}

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    compgap()
        .args(args)
        .args(["--as-of", AS_OF])
        .output()
        .expect("run")
}

fn import(files: &[&Path], into: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["import".as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    args.push("--into".as_ref());
    args.push(into.as_os_str());
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run(&args)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A workspace with the example roles and no people.
fn empty_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(Path::new("examples/roles"), &dir.path().join("roles"));
    std::fs::create_dir_all(dir.path().join("people")).expect("mkdir");
    dir
}

fn examples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(Path::new("examples"), dir.path());
    dir
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Every file under `dir`, with its content.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(snapshot(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).expect("read")));
        }
    }
    out.sort();
    out
}

/// The evidence bundle of `examples/`, in `b/` of the folder returned.
fn evidence_bundle() -> tempfile::TempDir {
    let bundle = tempfile::tempdir().expect("tempdir");
    let out = run(&[
        "evidence".as_ref(),
        "examples".as_ref(),
        "--out".as_ref(),
        bundle.path().join("b").as_os_str(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    bundle
}

fn validate_clean(ws: &Path) {
    let out = run(&["validate".as_ref(), ws.as_os_str()]);
    assert!(
        text(&out.stdout).contains(" 0 errors"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn the_skills_inventory_round_trips_to_the_same_report() {
    let bundle = evidence_bundle();
    let ws = empty_workspace();
    let inventory = bundle.path().join("b/skills-inventory.csv");
    let out = import(&[&inventory], ws.path(), &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("wrote 13 files: 13 new"));
    validate_clean(ws.path());
    for format in ["csv", "json"] {
        let report = |w: &Path| {
            run(&[
                "report".as_ref(),
                w.as_os_str(),
                "--all".as_ref(),
                "--format".as_ref(),
                format.as_ref(),
            ])
            .stdout
        };
        assert_eq!(
            text(&report(Path::new("examples"))),
            text(&report(ws.path()))
        );
    }
}

#[test]
fn a_wide_matrix_creates_people_with_the_documented_defaults() {
    let ws = empty_workspace();
    let sheet = ws.path().join("matrix.csv");
    // Semicolons, a byte-order mark, a K/S cell, a level name, a pair of
    // columns, an empty row, roles separated by commas.
    std::fs::write(
        &sheet,
        "\u{feff}person;roles;5.2;5.10;6.5.3 K;6.5.3 S\r\nnadia;internal-auditor, ciso;3/2;practitioner;4;3\r\n\r\nomar;;1;;;\r\n",
    )
    .expect("write");
    let out = import(&[&sheet], ws.path(), &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let nadia = std::fs::read_to_string(ws.path().join("people/nadia.yaml")).expect("nadia");
    assert_eq!(
        nadia,
        "person: nadia\nname: nadia\nroles: [internal-auditor, ciso]\nassessed_on: 2026-11-23\nmethod: self\ncompetences:\n  5.2: {knowledge: 3, skill: 2}\n  5.10: {level: 3}\n  6.5.3: {knowledge: 4, skill: 3}\n"
    );
    let omar = std::fs::read_to_string(ws.path().join("people/omar.yaml")).expect("omar");
    assert!(
        omar.contains("roles: []\n") && omar.contains("  5.2: {level: 1}\n"),
        "{omar}"
    );
    validate_clean(ws.path());

    // Again, without --update: refused, nothing changed.
    let before = snapshot(ws.path());
    let out = import(&[&sheet], ws.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("matrix.csv:2:1: error[duplicate-person]: person `nadia` already has"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(snapshot(ws.path()), before);
}

#[test]
fn every_problem_is_located_and_nothing_is_written() {
    let ws = empty_workspace();
    let sheet = ws.path().join("matrix.csv");
    std::fs::write(
        &sheet,
        "person,name,roles,assessed_on,5.2,5.1,teem\nok1,Ok,ciso,2026-10-01,3,,\nbad id,\u{1b}[2J,cisoo,46296,7,,\n,,,,3,,\n\n=HYPERLINK(\"http://x\"),x,,,,,\nok1,dup,,,,,\n",
    )
    .expect("write");
    let out = import(&[&sheet], ws.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for expected in [
        "matrix.csv:1:6: error[unknown-competence]: unknown competence `5.1` (did you mean `5.10`, `5.11` or `5.12`?)",
        "matrix.csv:1:7: error[unknown-field]: unknown column `teem`",
        "matrix.csv:3:1: error[invalid-id]: column `person`: the person `bad id` is not an id",
        "matrix.csv:3:3: error[unknown-role]: column `roles`: role `cisoo` does not exist (did you mean `ciso`?)",
        "matrix.csv:3:4: error[invalid-date]: column `assessed_on`: `46296` is not a date",
        "matrix.csv:3:5: error[invalid-level]: column `5.2`: `7` is not a level",
        "matrix.csv:4:1: error[missing-field]: column `person`: the row has values but no `person`",
        "matrix.csv:6:1: error[invalid-value]: column `person`: the cell holds a formula",
        "matrix.csv:7:1: error[duplicate-person]: person `ok1` is also in ",
        "matrix.csv row 2: keep one",
        "nothing was written",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    assert!(!err.contains('\u{1b}'), "{err}");
    assert_eq!(
        std::fs::read_dir(ws.path().join("people"))
            .expect("people")
            .count(),
        0
    );
}

#[test]
fn update_replaces_what_the_sheet_names_and_keeps_the_rest() {
    let ws = examples_copy();
    let before = std::fs::read_to_string(ws.path().join("people/aiko.yaml")).expect("aiko");
    assert!(before.contains("  5.5:\n    level: 3\n    evidence:"));
    let sheet = ws.path().join("round.csv");
    // 5.5 changes (its evidence stays), 5.3 is blank (kept), 5.2 is new;
    // name and roles are blank (kept).
    std::fs::write(
        &sheet,
        "person,name,roles,assessed_on,method,5.2,5.3,5.5\naiko,,,2026-11-20,independent,2,,4/3\n",
    )
    .expect("write");
    let dry = import(&[&sheet], ws.path(), &["--update", "--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    assert_eq!(
        text(&dry.stdout),
        format!(
            "update {}: assessed_on, method, 5.2 unassessed → 2/2, 5.5 3/3 → 4/3\nwould write 1 file: 0 new, 1 updated; 0 unchanged (dry run: nothing written)\n",
            ws.path().join("people/aiko.yaml").display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(ws.path().join("people/aiko.yaml")).expect("aiko"),
        before
    );
    let out = import(&[&sheet], ws.path(), &["--update"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let after = std::fs::read_to_string(ws.path().join("people/aiko.yaml")).expect("aiko");
    assert!(after.contains("name: Aiko Tanaka\nroles: [awareness-officer]\nassessed_on: 2026-11-20\nmethod: independent\nassessor: henrik\n"), "{after}");
    assert!(
        after.contains("  5.2: {level: 2}\n  5.3:\n    knowledge: 4\n    skill: 5\n"),
        "{after}"
    );
    assert!(after.contains("  5.5:\n    knowledge: 4\n    skill: 3\n    evidence:\n      - {kind: experience, name: Built the security champions network"), "{after}");
    validate_clean(ws.path());
}

#[test]
fn the_competence_library_writes_role_files() {
    let bundle = evidence_bundle();
    let ws = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(ws.path().join("roles")).expect("mkdir");
    std::fs::create_dir_all(ws.path().join("people")).expect("mkdir");
    // Roles and the people who hold them, in one run.
    let out = import(
        &[
            &bundle.path().join("b/skills-inventory.csv"),
            &bundle.path().join("b/competence-library.csv"),
        ],
        ws.path(),
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("wrote 19 files: 19 new"),
        "{}",
        text(&out.stdout)
    );
    validate_clean(ws.path());
    // Once more with --update: nothing changes, nothing is rewritten.
    let files = [
        bundle.path().join("b/skills-inventory.csv"),
        bundle.path().join("b/competence-library.csv"),
    ];
    let again = import(&[&files[0], &files[1]], ws.path(), &["--update"]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).ends_with("wrote 0 files: 0 new, 0 updated; 19 unchanged\n"),
        "{}",
        text(&again.stdout)
    );
    let ciso = std::fs::read_to_string(ws.path().join("roles/ciso.yaml")).expect("ciso");
    assert!(ciso.starts_with("id: ciso\ntitle: Chief Information Security Officer\nrequires:\n  5.2: {level: 4, criticality: mandatory}\n"), "{ciso}");
}

#[test]
fn every_example_role_round_trips_through_the_role_writer() {
    let as_of = Date::parse(AS_OF).expect("date");
    let loaded = load_workspace(Path::new("examples"), as_of).expect("load");
    let dir = examples_copy();
    let docs: Vec<RoleDoc> = loaded
        .workspace
        .roles
        .iter()
        .map(|r| RoleDoc::from_role(&loaded.workspace, r))
        .collect();
    for d in &docs {
        std::fs::write(dir.path().join(format!("roles/{}.yaml", d.id)), d.to_yaml())
            .expect("write");
    }
    let again = load_workspace(dir.path(), as_of).expect("reload");
    assert_eq!(again.errors(), 0, "{:?}", again.diagnostics);
    let back: Vec<RoleDoc> = again
        .workspace
        .roles
        .iter()
        .map(|r| RoleDoc::from_role(&again.workspace, r))
        .collect();
    assert_eq!(back, docs);
}

#[test]
fn an_xlsx_made_by_openpyxl_imports() {
    let ws = empty_workspace();
    let out = import(&[&fixture("matrix.xlsx")], ws.path(), &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let nadia = std::fs::read_to_string(ws.path().join("people/nadia.yaml")).expect("nadia");
    assert_eq!(
        nadia,
        "person: nadia\nname: Nadia Haddad\nroles: [internal-auditor]\nassessed_on: 2026-10-01\nmethod: manager\ncompetences:\n  5.2: {level: 3}\n  5.10: {level: 3}\n  6.5.3: {knowledge: 4, skill: 3}\n"
    );
    let omar = std::fs::read_to_string(ws.path().join("people/omar.yaml")).expect("omar");
    assert!(
        omar.contains("roles: [internal-auditor, ciso]\nassessed_on: 2026-09-15\n"),
        "{omar}"
    );
    assert!(
        omar.contains("  5.2: {knowledge: 4, skill: 3}\n  6.5.3: {knowledge: 4, skill: 5}\n"),
        "{omar}"
    );
    validate_clean(ws.path());
}

#[test]
fn hostile_xlsx_cells_are_located() {
    use rust_xlsxwriter::{Format, Formula, Workbook};
    let ws = empty_workspace();
    let path = ws.path().join("hostile.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Round").expect("name");
    for (c, h) in ["person", "name", "assessed_on"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("write");
    }
    // A competence id stored as a number: 5.10 became 5.1.
    sheet.write_number(0, 3, 5.1).expect("write");
    sheet.write_string(0, 4, "5.2").expect("write");
    // An id that a spreadsheet turned into a date.
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_number_with_format(0, 5, 46152.0, &date)
        .expect("write");
    // A person id written as a number is read as its digits.
    sheet.write_number(1, 0, 1042.0).expect("write");
    // A date as a serial number, formatted as a date, and unformatted.
    sheet
        .write_number_with_format(1, 2, 46296.0, &date)
        .expect("write");
    sheet.write_number(1, 4, 3.0).expect("write");
    sheet.write_string(2, 0, "p2").expect("write");
    sheet.write_number(2, 2, 46296.0).expect("write");
    sheet
        .write_formula(
            2,
            1,
            Formula::new("=HYPERLINK(\"http://x\",\"click\")").set_result("click"),
        )
        .expect("write");
    sheet
        .write_number_with_format(2, 4, 46296.0, &date)
        .expect("write");
    // Merged cells, then an empty row.
    sheet
        .merge_range(3, 0, 4, 0, "p3", &Format::new())
        .expect("merge");
    book.save(&path).expect("save");

    let out = import(&[&path], ws.path(), &["--sheet", "Round"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for expected in [
        "hostile.xlsx[Round]!D1: error[unknown-competence]: the cell holds the number 5.1, not a competence id (did you mean `5.10`?)",
        "hostile.xlsx[Round]!B3: error[invalid-value]: column `name`: the cell holds a formula (`=HYPERLINK(",
        "hostile.xlsx[Round]!F1: error[unknown-competence]: the cell holds a date (2026-05-10), not a competence id",
        "hostile.xlsx[Round]!E3: error[invalid-level]: column `5.2`: the cell holds a date (2026-10-01)",
        "hostile.xlsx[Round]!A4: error[invalid-value]: column `person`: cells A4:A5 are merged",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    // The person 1042 and both serial dates were read; no error there.
    assert!(
        !err.contains("!A2:") && !err.contains("!C2:") && !err.contains("!C3:"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(ws.path().join("people"))
            .expect("people")
            .count(),
        0
    );
}

#[test]
fn a_hostile_sheet_name_cannot_drive_the_terminal() {
    let ws = empty_workspace();
    let path = ws.path().join("evil.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Evil\u{1b}c").expect("name");
    sheet.write_string(0, 0, "person").expect("write");
    sheet.write_string(1, 0, "bad id").expect("write");
    book.save(&path).expect("save");
    let out = import(&[&path], ws.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("evil.xlsx[Evil\\u{1b}c]!A2: error[invalid-id]"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "{err}");
}

#[test]
fn unreadable_files_exit_2() {
    let ws = empty_workspace();
    let bad = ws.path().join("latin1.csv");
    std::fs::write(&bad, b"person,name\nz\xe9,x\n").expect("write");
    let broken = ws.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").expect("write");
    for (file, says) in [
        (&bad, "not UTF-8"),
        (&broken, "not a readable XLSX workbook"),
    ] {
        let out = import(&[file], ws.path(), &[]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
    }
    let out = import(&[&fixture("matrix.xlsx")], ws.path(), &["--sheet", "Matrx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("has no sheet `Matrx` (did you mean `Matrix`?)"));
}

#[test]
fn the_sample_matrix_imports_into_the_examples() {
    let ws = examples_copy();
    let out = import(
        &[Path::new("examples/skills-matrix.csv")],
        ws.path(),
        &["--update"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    validate_clean(ws.path());
}
