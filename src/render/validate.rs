//! `validate` output: text, JSON, GitHub annotations, SARIF 2.1.0.

use crate::diag::{Code, Diagnostic, Severity};
use crate::escape::{github_data, github_property};
use serde::Serialize;
use serde_json::{Value, json};

/// What a validation run found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub files_checked: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Sorted by file, line, column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    pub fn new(files_checked: usize, diagnostics: Vec<Diagnostic>) -> Self {
        let (errors, warnings) = crate::diag::count(&diagnostics);
        Self {
            files_checked,
            errors,
            warnings,
            diagnostics,
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `path:line:col: severity[code]: message` lines and a summary line.
pub fn text(o: &Outcome) -> Vec<u8> {
    let mut out = String::new();
    for d in &o.diagnostics {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    out.push_str(&format!(
        "{}: {}, {}\n",
        plural(o.files_checked, "file") + " checked",
        plural(o.errors, "error"),
        plural(o.warnings, "warning")
    ));
    super::text_doc(out)
}

/// One diagnostic of the JSON output, keys in the documented order.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
}

/// The JSON output, keys in the documented order.
#[derive(Serialize)]
struct JsonOutcome<'a> {
    files_checked: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// `{"files_checked","errors","warnings","diagnostics":[…]}`.
pub fn json(o: &Outcome) -> Vec<u8> {
    let doc = JsonOutcome {
        files_checked: o.files_checked,
        errors: o.errors,
        warnings: o.warnings,
        diagnostics: o
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                file: &d.file,
                line: d.pos.line,
                column: d.pos.column,
                severity: d.severity().as_str(),
                code: d.code.as_str(),
                message: &d.message,
            })
            .collect(),
    };
    let mut v = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    v.push(b'\n');
    v
}

/// `::error file=F,line=L,col=C::message` per diagnostic.
pub fn github(o: &Outcome) -> Vec<u8> {
    let mut out = String::new();
    for d in &o.diagnostics {
        out.push_str(&format!(
            "::{} file={},line={},col={},title={}::{}\n",
            d.severity().as_str(),
            github_property(&d.file),
            d.pos.line,
            d.pos.column,
            github_property(&format!("compgap {}", d.code)),
            github_data(&d.message)
        ));
    }
    out.into_bytes()
}

/// SARIF 2.1.0 with one rule per diagnostic code.
pub fn sarif(o: &Outcome, version: &str) -> Vec<u8> {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.as_str(),
                "shortDescription": {"text": c.help()},
                "defaultConfiguration": {"level": level(c.severity())},
            })
        })
        .collect();
    let results: Vec<Value> = o
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
                "level": level(d.severity()),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&d.file)},
                        "region": {"startLine": d.pos.line.max(1), "startColumn": d.pos.column.max(1)},
                    }
                }],
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "compgap",
                "version": version,
                "informationUri": "https://github.com/compgap/compgap",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut v = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    v.push(b'\n');
    v
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A relative URI reference for a file path (percent-encoding what a URI cannot hold).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
