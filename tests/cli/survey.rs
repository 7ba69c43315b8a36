//! `compgap survey`: the workbook to collect an assessment round, read by
//! calamine, by LibreOffice (when installed) and by `import --update`.

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common;
use common::files::copy_dir;

const AS_OF: &str = "2026-11-23";

fn compgap() -> Command {
    Command::cargo_bin("compgap").expect("binary")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn survey(ws: &Path, out: &Path, extra: &[&str]) {
    let o = compgap()
        .arg("survey")
        .arg(ws)
        .arg("-o")
        .arg(out)
        .args(["--as-of", AS_OF])
        .args(extra)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", text(&o.stderr));
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).expect("workbook")
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) => format!("{f}"),
        other => other.to_string(),
    }
}

/// The `Assessment` sheet as rows of cell text.
fn assessment(path: &Path) -> Vec<Vec<String>> {
    let range = open(path).worksheet_range("Assessment").expect("sheet");
    range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect()
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut s = String::new();
    z.by_name(name)
        .expect("entry")
        .read_to_string(&mut s)
        .expect("read");
    s
}

#[test]
fn the_workbook_has_the_documented_sheets_header_and_levels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("round.xlsx");
    survey(Path::new("examples"), &path, &[]);
    assert_eq!(
        open(&path).sheet_names(),
        ["Assessment", "Scale", "Catalog"]
    );
    let rows = assessment(&path);
    let header = &rows[0];
    assert_eq!(
        header[..8],
        [
            "person",
            "name",
            "roles",
            "assessed_on",
            "method",
            "assessor",
            "5.2 K",
            "5.2 S"
        ]
    );
    assert!(header.contains(&"6.5.3 K".to_owned()) && header.contains(&"6.5.3 S".to_owned()));
    assert_eq!(rows.len(), 14, "a header and 13 people");
    let aiko = rows.iter().find(|r| r[0] == "aiko").expect("aiko");
    let at = |h: &str| header.iter().position(|x| x == h).expect(h);
    assert_eq!(aiko[1], "Aiko Tanaka");
    assert_eq!(aiko[at("5.3 K")], "4");
    assert_eq!(aiko[at("5.3 S")], "5");
    assert_eq!(aiko[at("5.2 K")], "", "unassessed is blank");
    let scale = open(&path).worksheet_range("Scale").expect("scale");
    assert_eq!(cell_text(scale.get((4, 1)).expect("cell")), "practitioner");
    let catalog = open(&path).worksheet_range("Catalog").expect("catalog");
    assert!(catalog.rows().any(|r| cell_text(&r[3]) == "6.1.2/S4.1"));

    // Frozen header and id columns, a level list on the level cells, notes.
    let xml = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(r#"<pane xSplit="2" ySplit="1" topLeftCell="C2""#),
        "{xml}"
    );
    assert!(xml.contains(r#"<dataValidation type="list""#));
    assert!(xml.contains(
        "<formula1>\"0,1,2,3,4,5,none,aware,foundation,practitioner,advanced,expert\"</formula1>"
    ));
    let notes = zip_entry(&path, "xl/comments1.xml");
    // aiko's 5.3 K (I2): the title and what her role requires.
    assert!(
        notes.contains("<comment ref=\"I2\"")
            && notes.contains(
                "5.3 Communication\nRequired: knowledge 4, skill 4 by awareness-officer (mandatory)"
            ),
        "{notes}"
    );
    // Cells her roles do not require (5.2 K, G2) are greyed.
    assert!(xml.contains(r#"<c r="G2" s="2"/>"#));
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(styles.contains(r#"rgb="FFD9D9D9""#));
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    survey(Path::new("examples"), &a, &["--role", "internal-auditor"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    survey(Path::new("examples"), &b, &["--role", "internal-auditor"]);
    assert_eq!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    let rows = assessment(&a);
    assert!(rows[1..].iter().all(|r| r[2].contains("internal-auditor")));
    let one = dir.path().join("one.xlsx");
    survey(Path::new("examples"), &one, &["--person", "kwame"]);
    assert_eq!(assessment(&one).len(), 2);
}

#[test]
fn libreoffice_reads_the_first_sheet() {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("round.xlsx");
    survey(Path::new("examples"), &path, &[]);
    let profile = dir.path().join("profile");
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
        ])
        .arg("--outdir")
        .arg(dir.path())
        .arg(&path)
        .output()
        .expect("soffice");
    let csv = std::fs::read_to_string(dir.path().join("round.csv"))
        .unwrap_or_else(|e| panic!("no CSV ({e}): {}", text(&out.stderr)));
    let mut lines = csv.lines();
    let header = lines.next().expect("header");
    assert!(
        header
            .starts_with("person,name,roles,assessed_on,method,assessor,5.2 K,5.2 S,5.3 K,5.3 S,"),
        "{header}"
    );
    let chloe = lines.find(|l| l.starts_with("chloe,")).expect("chloe");
    assert!(
        chloe.starts_with(
            "chloe,Chloé Dubois,isms-manager; awareness-officer,2026-09-02,self,,,,3,3,"
        ),
        "{chloe}"
    );
}

/// The survey, filled in: every cell copied, with `change(row, header,
/// value)` deciding each, and `extra` rows appended.
fn filled(
    from: &Path,
    to: &PathBuf,
    change: impl Fn(&str, &str, String) -> Option<String>,
    extra: &[&[&str]],
) {
    let rows = assessment(from);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Assessment").expect("name");
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let v = if r == 0 {
                Some(v.clone())
            } else {
                change(&row[0], &rows[0][c], v.clone())
            };
            match v {
                Some(v) if v.parse::<f64>().is_ok() && r > 0 && c >= 6 => {
                    sheet
                        .write_number(r as u32, c as u16, v.parse::<f64>().expect("number"))
                        .expect("write");
                }
                Some(v) if !v.is_empty() => {
                    sheet.write_string(r as u32, c as u16, v).expect("write");
                }
                _ => {}
            }
        }
    }
    for (i, row) in extra.iter().enumerate() {
        // An empty row first, as people leave them.
        let r = (rows.len() + 1 + i) as u32;
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, c as u16, *v).expect("write");
            }
        }
    }
    book.add_worksheet().set_name("Scale").expect("name");
    book.save(to).expect("save");
}

#[test]
fn a_filled_survey_updates_the_workspace() {
    let ws = tempfile::tempdir().expect("tempdir");
    copy_dir(Path::new("examples"), ws.path());
    let dir = tempfile::tempdir().expect("tempdir");
    let blank = dir.path().join("round.xlsx");
    survey(ws.path(), &blank, &[]);
    let back = dir.path().join("filled.xlsx");
    let width = assessment(&blank)[0].len();
    let mut zoe: Vec<&str> = vec![
        "zoe",
        "Zoë Adams",
        "awareness-officer",
        "2026-11-20",
        "manager",
        "aiko",
    ];
    zoe.resize(width, "");
    let at = assessment(&blank)[0]
        .iter()
        .position(|h| h == "5.3 K")
        .expect("5.3 K");
    zoe[at] = "2";
    zoe[at + 1] = "foundation";
    filled(
        &blank,
        &back,
        |person, header, v| match (person, header) {
            // A level typed as a name; a cell left blank (kept).
            ("aiko", "5.5 K") => Some("advanced".into()),
            ("aiko", "5.6 S") => None,
            ("aiko", "assessed_on") => Some("2026-11-20".into()),
            _ => Some(v),
        },
        &[&zoe],
    );
    let out = compgap()
        .args(["import"])
        .arg(&back)
        .arg("--into")
        .arg(ws.path())
        .args(["--update", "--as-of", AS_OF])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("wrote 2 files: 1 new, 1 updated; 12 unchanged"),
        "{stdout}"
    );
    assert!(
        stdout.contains("people/aiko.yaml: assessed_on, 5.5 3/3 → 4/3\n"),
        "{stdout}"
    );
    let aiko = std::fs::read_to_string(ws.path().join("people/aiko.yaml")).expect("aiko");
    assert!(
        aiko.contains("  5.5:\n    knowledge: 4\n    skill: 3\n    evidence:"),
        "{aiko}"
    );
    assert!(aiko.contains("  5.6:\n    level: 3\n"), "{aiko}");
    let zoe = std::fs::read_to_string(ws.path().join("people/zoe.yaml")).expect("zoe");
    assert!(zoe.starts_with("person: zoe\nname: Zoë Adams\nroles: [awareness-officer]\nassessed_on: 2026-11-20\nmethod: manager\nassessor: aiko\ncompetences:\n  5.3: {level: 2}\n"), "{zoe}");
    let v = compgap()
        .arg("validate")
        .arg(ws.path())
        .args(["--as-of", AS_OF])
        .output()
        .expect("validate");
    assert!(text(&v.stdout).contains(" 0 errors"), "{}", text(&v.stdout));
}
