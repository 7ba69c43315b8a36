//! Untrusted text (names, titles, file names) never reaches a terminal or
//! a CI log raw, never becomes HTML or a link in rendered Markdown, and
//! never runs as a spreadsheet formula. The Markdown and spreadsheet
//! checks use real clients (pandoc, LibreOffice) and skip with a printed
//! reason when they are absent; CI installs both.

use assert_cmd::Command;
use std::path::Path;
use std::process::Output;
use tempfile::TempDir;

const AS_OF: &str = "2026-11-23";

/// A person's name that tries everything at once.
const HOSTILE: &str = "Mal\n::error file=README.md,line=1::INJECTED\r\u{1b}[2J\u{7}\u{1b}]8;;http://evil\u{7}link\u{1b}]8;;\u{7}\u{9b}31m\u{202e}gnp.exe <img src=x onerror=alert(1)> [x](javascript:alert(1)) | `code` *em*";

/// `s` as a YAML double-quoted scalar, every character outside printable
/// ASCII written as an escape (YAML refuses raw control characters).
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A workspace with the role `analyst` (titled `role_title`) and one
/// person per name, each with a gap.
fn workspace(names: &[&str], role_title: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("roles")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("people")).expect("mkdir");
    std::fs::write(
        dir.path().join("roles/analyst.yaml"),
        format!(
            "id: analyst\ntitle: {}\nrequires:\n  6.2.3: {{level: 3, criticality: mandatory}}\n  5.2: {{level: 2, criticality: recommended}}\n",
            yaml_quoted(role_title)
        ),
    )
    .expect("write");
    for (i, name) in names.iter().enumerate() {
        std::fs::write(
            dir.path().join(format!("people/p{i}.yaml")),
            format!(
                "person: p{i}\nname: {}\nroles: [analyst]\nassessed_on: 2026-10-01\nmethod: manager\ncompetences:\n  6.2.3: {{level: 1}}\n",
                yaml_quoted(name)
            ),
        )
        .expect("write");
    }
    dir
}

fn compgap(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("compgap")
        .expect("binary")
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .args(args)
        .args(["--as-of", AS_OF])
        .output()
        .expect("runs")
}

/// No line can start a workflow command, and nothing but a line feed (and,
/// with colour, SGR sequences) is a control character.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::error file=README"),
            "{what}: forged command in {line:?}"
        );
    }
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: raw control characters {bad:?} in\n{text}"
    );
}

#[test]
fn names_and_titles_are_escaped_in_every_text_output() {
    let ws = workspace(&[HOSTILE], HOSTILE);
    for args in [
        &["plan"][..],
        &["plan", "--format", "table"],
        &["plan", "--format", "markdown"],
        &["report"],
        &["report", "--format", "markdown"],
        &["coverage"],
        &["coverage", "--format", "markdown"],
        &["register", "--format", "markdown"],
        &["validate"],
        &["validate", "--format", "github"],
    ] {
        let out = compgap(ws.path(), args);
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_inert(&format!("{args:?}"), &out.stdout);
        assert_inert(&format!("{args:?} stderr"), &out.stderr);
    }
    // The name is still there, visibly escaped.
    let out = compgap(ws.path(), &["plan", "--format", "table"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Mal\\n::error file=README.md,line=1::INJECTED\\r\\u{1b}[2J"),
        "{text}"
    );
}

#[test]
fn validate_warns_about_control_characters() {
    let ws = workspace(&[HOSTILE, "Plain Name"], "Risk\u{1b}[31m Analyst");
    let out = compgap(ws.path(), &["validate"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "people/p0.yaml:2:7: warning[control-character]: `name` holds the control character \\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("roles/analyst.yaml:2:8: warning[control-character]: the role `title` holds the control character \\u{1b}"),
        "{text}"
    );
    assert!(!text.contains("people/p1.yaml"), "{text}");
}

#[test]
fn a_file_name_with_a_newline_cannot_forge_an_annotation() {
    let ws = workspace(&["Ann"], "Analyst");
    let name = "people/x\n::error file=README.md,line=1::FORGED\u{1b}[2J.yaml";
    std::fs::write(ws.path().join(name), "person: [unclosed\n").expect("write");
    for format in ["text", "github"] {
        let out = compgap(ws.path(), &["validate", "--format", format]);
        assert_eq!(out.status.code(), Some(1));
        assert_inert(format, &out.stdout);
        let text = String::from_utf8_lossy(&out.stdout);
        let shown = if format == "text" {
            "x\\n::error file=README.md"
        } else {
            "x\\n%3A%3Aerror file=README.md%2C"
        };
        assert!(text.contains(shown), "{format}: {text}");
    }
    // The analysis commands print the same diagnostics to stderr.
    let out = compgap(ws.path(), &["report"]);
    assert_eq!(out.status.code(), Some(1));
    assert_inert("report stderr", &out.stderr);
}

fn have(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn markdown_renders_as_text_in_pandoc() {
    if !have("pandoc") {
        eprintln!("skipped: pandoc is not installed (apt-get install pandoc)");
        return;
    }
    let ws = workspace(&[HOSTILE], HOSTILE);
    for args in [
        &["plan", "--format", "markdown"][..],
        &["report", "--format", "markdown"],
        &["coverage", "--format", "markdown"],
        &["register", "--format", "markdown"],
    ] {
        let out = compgap(ws.path(), args);
        let md = ws.path().join("out.md");
        std::fs::write(&md, &out.stdout).expect("write");
        let html = std::process::Command::new("pandoc")
            .args(["-f", "gfm", "-t", "html"])
            .arg(&md)
            .output()
            .expect("pandoc runs");
        assert!(html.status.success());
        let html = String::from_utf8_lossy(&html.stdout);
        assert!(!html.contains("<img"), "{args:?}: a live <img> in\n{html}");
        assert!(
            !html.contains("href=\"javascript:"),
            "{args:?}: a javascript: link in\n{html}"
        );
        assert!(
            !html.contains("<em>em</em>"),
            "{args:?}: emphasis from a name in\n{html}"
        );
        // The text itself is shown (coverage shows ids only).
        if args[0] == "coverage" {
            continue;
        }
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{args:?}:\n{html}"
        );
        assert!(
            html.contains("[x](javascript:alert(1))"),
            "{args:?}:\n{html}"
        );
    }
}

/// Cells a spreadsheet might evaluate, each with a result found nowhere else.
const FORMULAS: [&str; 10] = [
    "=1000+337",
    "  =2000+2",
    "\u{a0}=3000+3",
    "\u{ff1d}4000+4",
    "+5000+5",
    "-6000+6",
    "@SUM(7000;7)",
    "\t=8000+8",
    "\r=9000+9",
    "= 1100+11",
];
const RESULTS: [&str; 10] = [
    "1337", "2002", "3003", "4004", "5005", "5994", "7007", "8008", "9009", "1111",
];

#[test]
fn libreoffice_evaluates_no_cell_of_a_csv_output() {
    if !have("soffice") {
        eprintln!("skipped: LibreOffice is not installed (apt-get install libreoffice-calc-nogui)");
        return;
    }
    let ws = workspace(&FORMULAS, "=2+2 title");
    for (name, args) in [
        ("report", &["report", "--format", "csv"][..]),
        ("plan", &["plan", "--format", "csv"]),
        ("register", &["register"]),
        ("coverage", &["coverage", "--format", "csv"]),
    ] {
        let out = compgap(ws.path(), args);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        for f in FORMULAS {
            assert!(
                text.contains(f.trim_start_matches(['\t', '\r'])),
                "{name}: {f:?} is in the CSV"
            );
        }
        let dir = ws.path().join(format!("lo-{name}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let csv = dir.join(format!("{name}.csv"));
        std::fs::write(&csv, &text).expect("write");
        let profile = format!("file://{}", dir.join("profile").display());
        let run = std::process::Command::new("soffice")
            .arg(format!("-env:UserInstallation={profile}"))
            .args(["--headless", "--infilter=CSV:44,34,76,1", "--convert-to"])
            .arg("csv:Text - txt - csv (StarCalc):44,34,76")
            .arg("--outdir")
            .arg(dir.join("out"))
            .arg(&csv)
            .output()
            .expect("soffice runs");
        let converted = std::fs::read_to_string(dir.join("out").join(format!("{name}.csv")))
            .unwrap_or_else(|e| panic!("{name}: no converted file ({e}): {run:?}"));
        for r in RESULTS {
            assert!(
                !converted.contains(r),
                "{name}: LibreOffice evaluated a cell to {r}:\n{converted}"
            );
        }
        assert!(
            !converted.lines().any(|l| l.split(',').any(|c| c == "4")),
            "{name}: the title ran"
        );
        assert!(
            converted.contains("=1000+337"),
            "{name}: the cell is shown as text:\n{converted}"
        );
    }
}
