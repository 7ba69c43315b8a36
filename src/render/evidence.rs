//! The `evidence` bundle: every file of the audit bundle as bytes, plus the
//! manifest and `SHA256SUMS` over them. Pure: the caller reads the inputs
//! and writes the files.
//!
//! | file | proves |
//! |---|---|
//! | `competence-library.csv` | what each role requires (27001 7.2 a) |
//! | `skills-inventory.csv` | what each person holds, how it was assessed, the evidence (7.2 b, d) |
//! | `gaps.csv` | where people fall short, scored (7.2 c) |
//! | `plans.md` | the actions planned to close each gap (7.2 c) |
//! | `register.csv` | the Continual Improvement Register (10.1) |
//! | `manifest.json` | which inputs, tool version, catalog and date produced the bundle |
//! | `SHA256SUMS` | that no file was changed after it was written |

use super::csv::{CsvOut, join};
use super::report::{self, Filter};
use crate::engine::Analysis;
use crate::engine::register::Register;
use crate::model::{Date, Workspace};
use serde_json::json;
use sha2::{Digest, Sha256};

/// A file the manifest lists (an input, or a file of the bundle): its
/// path, hash and size.
#[derive(Debug, Clone)]
pub struct HashedFile {
    /// Path relative to the workspace (an input) or to DIR, with `/`.
    pub path: String,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

impl HashedFile {
    /// The record of a file with this content.
    pub fn of(path: String, content: &[u8]) -> Self {
        Self {
            path,
            sha256: sha256_hex(content),
            bytes: content.len() as u64,
        }
    }
}

/// The files of the bundle, in the order to write them (`SHA256SUMS` last).
pub const MANIFEST: &str = "manifest.json";
pub const SUMS: &str = "SHA256SUMS";
/// Every file the bundle holds, sorted.
pub const FILES: [&str; 7] = [
    "SHA256SUMS",
    "competence-library.csv",
    "gaps.csv",
    "manifest.json",
    "plans.md",
    "register.csv",
    "skills-inventory.csv",
];

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A Unix timestamp as RFC 3339 UTC (`2026-11-23T08:00:00Z`).
pub fn rfc3339(secs: i64) -> String {
    let day = Date::from_unix_seconds(secs);
    let rem = secs.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// `competence-library.csv`: every role × required competence.
pub fn competence_library(ws: &Workspace) -> Vec<u8> {
    let mut out = CsvOut::new(&[
        "role",
        "role_title",
        "competence",
        "title",
        "required_knowledge",
        "required_skill",
        "criticality",
        "iso27001_2013",
        "iso27001_2022",
    ]);
    for role in &ws.roles {
        let mut reqs: Vec<_> = role.requires.iter().collect();
        reqs.sort_by_key(|q| q.competence);
        for q in reqs {
            let c = &ws.catalog.competences[q.competence];
            out.row([
                role.id.clone(),
                role.title.clone(),
                c.id.clone(),
                c.title.clone(),
                q.required.knowledge.to_string(),
                q.required.skill.to_string(),
                q.criticality.as_str().to_string(),
                join(&c.iso27001_2013),
                join(&c.iso27001_2022),
            ]);
        }
    }
    out.finish()
}

/// `skills-inventory.csv`: every person × competence in their assessment,
/// one row per piece of evidence (or one row with empty evidence cells).
/// Levels are as assessed; `evidence_status` is `valid` or `expired` on `as_of`.
pub fn skills_inventory(ws: &Workspace, as_of: Date) -> Vec<u8> {
    let mut out = CsvOut::new(&[
        "person",
        "name",
        "roles",
        "competence",
        "title",
        "knowledge",
        "skill",
        "method",
        "assessor",
        "assessed_on",
        "evidence_kind",
        "evidence_name",
        "evidence_date",
        "evidence_expires",
        "evidence_status",
    ]);
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    for p in &ws.people {
        let roles = join(ws.role_ids(p));
        for h in &p.competences {
            let c = &ws.catalog.competences[h.competence];
            let head = [
                p.id.clone(),
                p.name.clone(),
                roles.clone(),
                c.id.clone(),
                c.title.clone(),
                h.levels.knowledge.to_string(),
                h.levels.skill.to_string(),
                p.method.as_str().to_string(),
                p.assessor.clone().unwrap_or_default(),
                p.assessed_on.to_string(),
            ];
            if h.evidence.is_empty() {
                out.row(
                    head.iter()
                        .cloned()
                        .chain(std::iter::repeat_n(String::new(), 5)),
                );
            }
            for e in &h.evidence {
                let status = if e.is_expired(as_of) {
                    "expired"
                } else {
                    "valid"
                };
                out.row(head.iter().cloned().chain([
                    e.kind.as_str().to_string(),
                    e.name.clone(),
                    date(e.date),
                    date(e.expires),
                    status.to_string(),
                ]));
            }
        }
    }
    out.finish()
}

/// `plans.md`: the individual development plans, as `compgap plan` writes them.
pub fn plans_markdown(ws: &Workspace, analysis: &Analysis) -> Vec<u8> {
    super::plan::markdown(&super::plan::build(
        ws,
        analysis,
        &super::plan::Filter::default(),
    ))
}

/// What the manifest says about the run.
#[derive(Debug, Clone)]
pub struct Run {
    /// The tool's version.
    pub version: String,
    /// `generated_at`, RFC 3339 UTC, from `SOURCE_DATE_EPOCH` (else `None`).
    pub generated_at: Option<String>,
}

fn entry(path: &str, sha256: &str, bytes: u64) -> serde_json::Value {
    json!({"path": path, "sha256": sha256, "bytes": bytes})
}

/// Write the whole bundle through `write(file name, bytes)`, one file at a
/// time (so that only one is ever held in memory), in name order except
/// that `SHA256SUMS` comes last, so that a partly replaced bundle never
/// verifies.
pub fn bundle(
    ws: &Workspace,
    analysis: &Analysis,
    register: &Register,
    inputs: &[HashedFile],
    run: &Run,
    mut write: impl FnMut(&str, &[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let gaps = report::build(ws, analysis, &Filter::default());
    // (name, SHA-256, size) of every file written, in name order.
    let mut written: Vec<HashedFile> = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>| -> anyhow::Result<()> {
        write(name, &bytes)?;
        written.push(HashedFile::of(name.to_string(), &bytes));
        Ok(())
    };
    put("competence-library.csv", competence_library(ws))?;
    put("gaps.csv", report::csv(&gaps))?;
    put("plans.md", plans_markdown(ws, analysis))?;
    put("register.csv", super::register::csv(register))?;
    put("skills-inventory.csv", skills_inventory(ws, analysis.as_of))?;
    let mut sorted_inputs: Vec<&HashedFile> = inputs.iter().collect();
    sorted_inputs.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = json!({
        "tool": "compgap",
        "version": run.version,
        "catalogs": ws.catalog.sources,
        "as_of": analysis.as_of.to_string(),
        "generated_at": run.generated_at,
        "policy": ws.policy,
        "summary": {
            "people": ws.people.len(),
            "roles": ws.roles.len(),
            "gaps": gaps.summary.gaps,
            "total_gap_points": gaps.summary.total_gap_points,
        },
        "inputs": sorted_inputs.iter().map(|f| entry(&f.path, &f.sha256, f.bytes)).collect::<Vec<_>>(),
        "outputs": written.iter().map(|f| entry(&f.path, &f.sha256, f.bytes)).collect::<Vec<_>>(),
    });
    let mut manifest = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    manifest.push(b'\n');
    write(MANIFEST, &manifest)?;
    written.push(HashedFile::of(MANIFEST.to_string(), &manifest));
    written.sort_by(|a, b| a.path.cmp(&b.path));
    let sums: String = written
        .iter()
        .map(|f| format!("{}  {}\n", f.sha256, f.path))
        .collect();
    write(SUMS, sums.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_times() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_421_045), "2026-11-23T08:04:05Z");
    }
}
