//! `register --update` never corrupts the register: malformed CSV, cells
//! over the limit and text under no header are refused (exit 2, the file
//! unchanged, the message naming file, line and column); only references
//! compgap writes are closed or reopened; the separator and byte-order
//! mark of the file read are kept.

use assert_cmd::Command;
use std::path::Path;

const AS_OF: &str = "2026-11-23";

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn compgap() -> Command {
    let mut c = Command::cargo_bin("compgap").expect("binary");
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

/// `register round1 --update FILE --output FILE`.
fn update_in_place(file: &Path) -> std::process::Output {
    let path = file.to_str().expect("utf-8");
    compgap()
        .args(["register", &fixture("round1"), "--as-of", AS_OF])
        .args(["--update", path, "--output", path])
        .output()
        .expect("runs")
}

/// [`update_in_place`], which must succeed.
fn updated_in_place(file: &Path) {
    let out = update_in_place(file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fresh register of round 1, as compgap writes it.
fn fresh() -> String {
    let out = compgap()
        .args(["register", &fixture("round1"), "--as-of", AS_OF])
        .output()
        .expect("runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Write `text` as the register, run an update onto it, and expect a
/// refusal naming `at` with the file left byte for byte as it was.
fn refused(text: &str, at: &str, what: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let reg = dir.path().join("register.csv");
    std::fs::write(&reg, text).expect("write");
    let out = update_in_place(&reg);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("register.csv {at}")), "{stderr}");
    assert!(stderr.contains(what), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&reg).expect("read"),
        text,
        "unchanged"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "no file left beside it"
    );
}

#[test]
fn malformed_quoting_is_refused_and_nothing_is_written() {
    let text = fresh();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // A stray quote inside a cell (row 3), and one ending a cell.
    let inside = {
        let mut l = lines.clone();
        l[2] = l[2].replacen("Develop", "Develop 5\" disk", 1);
        l.join("\r\n") + "\r\n"
    };
    refused(&inside, "line 3 column ", "a `\"` inside a cell");
    let after = {
        let mut l = lines.clone();
        l[1] = l[1].replacen(",High,", ",\"High\"x,", 1);
        l.join("\r\n") + "\r\n"
    };
    refused(&after, "line 2 column ", "text after the closing");
    // An unterminated quote at the end: today the tail became one cell.
    lines.push("manual/1,\"never closed,,,,,,,".to_string());
    refused(
        &(lines.join("\r\n") + "\r\n"),
        "line 8 column 10",
        "never closed",
    );
}

#[test]
fn a_cell_over_64_kib_is_refused() {
    let big = "x".repeat(64 * 1024 + 1);
    let text = fresh() + &format!("manual/1,{big},,,,,,,\r\n");
    refused(&text, "line 8 column 10", "over 64 KiB");
}

#[test]
fn text_in_a_column_without_a_header_is_refused() {
    let text = fresh() + "manual/1,note,,,,,,,,lost cell\r\n";
    refused(&text, "line 8 column 22", "no name in the header row");
}

#[test]
fn only_generated_references_are_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reg = dir.path().join("register.csv");
    let mut text = fresh();
    for hand in [
        "CAPA-2026/07,Fix the badge reader,,2026-01-02,In Progress,High,Sam,2026-03-01,",
        "manual/1,=1+1 by hand,,2026-01-02,Planned,Low,,,",
        "role:ciso/not-a-competence,Hand line,,,Planned,,,,",
        // A generated reference whose gap is gone is closed.
        "zed/5.2,Develop 5.2 for Zed,,2026-01-02,Planned,High,,,",
    ] {
        text.push_str(hand);
        text.push_str("\r\n");
    }
    std::fs::write(&reg, &text).expect("write");
    updated_in_place(&reg);
    let written = std::fs::read(&reg).expect("read");
    let recs: Vec<csv::StringRecord> = csv::Reader::from_reader(written.as_slice())
        .records()
        .map(|r| r.expect("valid csv"))
        .collect();
    let status = |reference: &str| {
        let r = recs.iter().find(|r| &r[0] == reference).expect(reference);
        (r[4].to_string(), r[8].to_string(), r[1].to_string())
    };
    assert_eq!(
        status("CAPA-2026/07"),
        (
            "In Progress".into(),
            String::new(),
            "Fix the badge reader".into()
        )
    );
    // Kept as it is, its cells neutralised on the way out.
    assert_eq!(
        status("manual/1"),
        ("Planned".into(), String::new(), "'=1+1 by hand".into())
    );
    assert_eq!(status("role:ciso/not-a-competence").0, "Planned");
    assert_eq!(
        status("zed/5.2"),
        (
            "Completed".into(),
            format!("Closed on {AS_OF}"),
            "Develop 5.2 for Zed".into()
        )
    );
}

#[test]
fn separator_and_byte_order_mark_round_trip() {
    let fresh = fresh();
    for (sep, bom, crlf) in [(";", true, true), ("\t", false, false), (",", true, false)] {
        let dir = tempfile::tempdir().expect("tempdir");
        let reg = dir.path().join("register.csv");
        // The register as a spreadsheet saves it, with a line added.
        let mut w = csv::WriterBuilder::new()
            .delimiter(sep.as_bytes()[0])
            .terminator(if crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                Vec::new()
            });
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(fresh.as_bytes());
        for r in reader.records() {
            w.write_record(&r.expect("valid csv")).expect("write");
        }
        w.write_record([
            "CAPA-2026/07",
            "By hand",
            "a; b, c",
            "",
            "Planned",
            "",
            "",
            "",
            "",
        ])
        .expect("write");
        let text = String::from_utf8(w.into_inner().expect("csv")).expect("utf-8");
        std::fs::write(&reg, &text).expect("write");
        updated_in_place(&reg);
        assert_eq!(
            std::fs::read_to_string(&reg).expect("read"),
            text,
            "separator {sep:?}, bom {bom}, crlf {crlf}: no diff"
        );
    }
}

#[test]
fn an_error_quoting_the_register_is_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reg = dir.path().join("register.csv");
    std::fs::write(&reg, "#,Improvement Opportunity\u{1b}[2J\n").expect("write");
    let out = update_in_place(&reg);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(
        stderr.contains("Improvement Opportunity\\u{1b}[2J"),
        "{stderr}"
    );
}
