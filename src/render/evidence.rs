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
use std::io::{self, Write};

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
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
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
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_skills_inventory(ws, as_of, &mut out);
    out
}

/// [`skills_inventory`], written to `w` a batch of people at a time.
pub fn write_skills_inventory(ws: &Workspace, as_of: Date, w: &mut dyn Write) -> io::Result<()> {
    const HEADER: [&str; 15] = [
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
    ];
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    super::csv::parallel_to(w, &HEADER, ws.people.len(), |i, out| {
        let p = &ws.people[i];
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
    })
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

/// Writes one file's content into the writer it is given.
pub type Render<'a> = dyn FnMut(&mut dyn Write) -> io::Result<()> + 'a;

/// A writer that passes everything on to `inner` and keeps the SHA-256 and
/// the size of what went through.
struct Hashing<'w> {
    inner: &'w mut dyn Write,
    hash: Sha256,
    bytes: u64,
}

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Write file `name` through `write`, hashing it on the way.
fn hashed(
    write: &mut impl FnMut(&str, &mut Render) -> anyhow::Result<()>,
    name: &str,
    render: &mut Render,
) -> anyhow::Result<HashedFile> {
    let mut hashed = None;
    write(name, &mut |w: &mut dyn Write| {
        let mut h = Hashing {
            inner: w,
            hash: Sha256::new(),
            bytes: 0,
        };
        render(&mut h)?;
        hashed = Some((hex(&h.hash.finalize()), h.bytes));
        Ok(())
    })?;
    let (sha256, bytes) =
        hashed.ok_or_else(|| anyhow::anyhow!("cannot write the bundle: {name} was not written"))?;
    Ok(HashedFile {
        path: name.to_string(),
        sha256,
        bytes,
    })
}

/// Write the whole bundle through `write(file name, render)`, where
/// `render` streams the file's content into the writer `write` opens for
/// it (so that no file of the bundle is ever held in memory whole), in name
/// order except that `SHA256SUMS` comes last, so that a partly replaced
/// bundle never verifies. Each file is hashed as it is written; `register`
/// gives the register when its file is written.
pub fn bundle(
    ws: &Workspace,
    analysis: &Analysis,
    register: impl FnOnce() -> Register,
    inputs: &[HashedFile],
    run: &Run,
    mut write: impl FnMut(&str, &mut Render) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let gaps = report::build(ws, analysis, &Filter::default());
    // (name, SHA-256, size) of every file written, in name order.
    let mut written: Vec<HashedFile> = vec![
        hashed(&mut write, "competence-library.csv", &mut |w| {
            w.write_all(&competence_library(ws))
        })?,
        hashed(&mut write, "gaps.csv", &mut |w| report::write_csv(&gaps, w))?,
        hashed(&mut write, "plans.md", &mut |w| {
            let plans = super::plan::build(ws, analysis, &super::plan::Filter::default());
            super::plan::write_markdown(&plans, w)
        })?,
        {
            // Built only now and dropped once written: a large organization's
            // register is never held beside its plans.
            let register = register();
            hashed(&mut write, "register.csv", &mut |w| {
                super::register::write_csv(&register, w)
            })?
        },
        hashed(&mut write, "skills-inventory.csv", &mut |w| {
            write_skills_inventory(ws, analysis.as_of, w)
        })?,
    ];
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
    written.push(hashed(&mut write, MANIFEST, &mut |w| {
        w.write_all(&manifest)
    })?);
    written.sort_by(|a, b| a.path.cmp(&b.path));
    let sums: String = written
        .iter()
        .map(|f| format!("{}  {}\n", f.sha256, f.path))
        .collect();
    write(SUMS, &mut |w| w.write_all(sums.as_bytes()))
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
