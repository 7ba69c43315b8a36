//! The Continual Improvement Register (ISO/IEC 27001 clause 10.1): one
//! entry per individual gap and per team action, and the merge that keeps
//! what a person wrote into an earlier register. No I/O.
//!
//! References (`#`) are stable across runs: `person/competence` for an
//! individual gap (`frank/6.5.3`), `role:ROLE/competence` for a team action
//! on a competence, `role:ROLE` for a vacancy.

use super::{Action, Analysis, Band, Row, TeamAction, TeamKind};
use crate::catalog::Catalog;
use crate::model::{Date, Workspace};

/// Status of a new entry.
pub const NOT_STARTED: &str = "Not Started";
/// Status of an entry whose gap has closed.
pub const COMPLETED: &str = "Completed";
/// Status of an entry marked Completed whose gap is open again.
pub const REOPENED: &str = "Reopened";

pub use crate::model::register::{Entry, Reference, Register};

/// Whether a reference is one this tool writes (see [`Reference::parse`]);
/// any other line was added by a person and is left alone.
pub fn is_generated_reference(reference: &str, catalog: &Catalog) -> bool {
    Reference::parse(reference, catalog).is_some()
}

/// Priority of a team action: hire → High, reassign → Medium, develop → Low.
pub fn team_priority(kind: TeamKind) -> Band {
    match kind {
        TeamKind::Hire => Band::High,
        TeamKind::Reassign => Band::Medium,
        TeamKind::Develop => Band::Low,
    }
}

fn levels(l: crate::model::Levels) -> String {
    format!("knowledge {}, skill {}", l.knowledge, l.skill)
}

fn gap_entry(ws: &Workspace, row: &Row, as_of: Date) -> Entry {
    let p = &ws.people[row.person];
    let c = &ws.catalog.competences[row.competence];
    let actions: Vec<String> = row
        .actions
        .iter()
        .map(|a| match a {
            Action::Training { .. } => format!("training on the knowledge items of {}", c.id),
            Action::Mentoring { mentor } => {
                let m = &ws.people[*mentor];
                format!("mentoring by {} ({})", m.name, m.id)
            }
            Action::Coaching => "coaching (external coach or supervised practice)".to_string(),
        })
        .collect();
    let mut description = format!(
        "Gap {} ({}, score {}, {}): {} ({}) holds {} against a requirement of {}.",
        row.gap,
        row.criticality.as_str(),
        row.score,
        row.band.as_str(),
        p.name,
        p.id,
        levels(row.held),
        levels(row.required),
    );
    if !actions.is_empty() {
        description.push_str(&format!(" Actions: {}.", actions.join("; ")));
    }
    Entry {
        reference: format!("{}/{}", p.id, c.id),
        opportunity: format!("Develop {} {} for {}", c.id, c.title, p.name),
        description,
        identified: as_of.to_string(),
        status: NOT_STARTED.to_string(),
        priority: row.band.priority().to_string(),
        owner: String::new(),
        target: as_of.add_days(row.band.target_days()).to_string(),
        results: String::new(),
        extra: Vec::new(),
    }
}

fn team_entry(ws: &Workspace, t: &TeamAction, as_of: Date) -> Entry {
    let role = &ws.roles[t.role];
    let band = team_priority(t.kind);
    let (reference, opportunity) = match t.competence {
        None => (
            format!("role:{}", role.id),
            format!("Fill the vacant {} position", role.title),
        ),
        Some(c) => {
            let c = &ws.catalog.competences[c];
            let what = match t.kind {
                TeamKind::Hire => "Hire or contract",
                TeamKind::Reassign => "Reassign",
                TeamKind::Develop => "Develop",
            };
            (
                format!("role:{}/{}", role.id, c.id),
                format!("{what} {} {} for the {} role", c.id, c.title, role.title),
            )
        }
    };
    let mut description = format!("Role {} ({}): {}.", role.title, role.id, t.reason);
    if !t.candidates.is_empty() {
        let names: Vec<&str> = t
            .candidates
            .iter()
            .map(|&p| ws.people[p].id.as_str())
            .collect();
        description.push_str(&format!(" Candidates: {}.", names.join(", ")));
    }
    Entry {
        reference,
        opportunity,
        description,
        identified: as_of.to_string(),
        status: NOT_STARTED.to_string(),
        priority: band.priority().to_string(),
        owner: String::new(),
        target: as_of.add_days(band.target_days()).to_string(),
        results: String::new(),
        extra: Vec::new(),
    }
}

/// A fresh register: every individual gap in report order, then every team
/// action (by role, the vacancy first, then catalog order).
pub fn fresh(ws: &Workspace, analysis: &Analysis) -> Register {
    let as_of = analysis.as_of;
    let entries = analysis
        .rows
        .iter()
        .filter(|r| r.is_gap())
        .map(|r| gap_entry(ws, r, as_of))
        .chain(
            analysis
                .team_actions
                .iter()
                .map(|t| team_entry(ws, t, as_of)),
        )
        .collect();
    Register {
        extra_columns: Vec::new(),
        entries,
        dialect: Default::default(),
    }
}

fn append_note(results: &mut String, note: &str) {
    if results.trim().is_empty() {
        *results = note.to_string();
    } else {
        results.push_str("; ");
        results.push_str(note);
    }
}

/// Merge a fresh register into an existing one.
///
/// Existing lines keep their order. A line whose reference is still open
/// keeps its Identification Date, Status, Action Owner, Target Completion
/// Date, Results/Outcomes and extra columns, and takes the current
/// Improvement Opportunity, Description and Priority. A generated line
/// whose gap has closed is marked `Completed` with "Closed on DATE" added to
/// Results/Outcomes (once). A line marked `Completed` whose gap is open
/// again becomes `Reopened` with "Reopened on DATE". Lines a person added
/// by hand (a reference not of a form [`Reference::parse`] accepts with
/// `catalog`) are kept untouched. New references are appended in the fresh
/// register's order, `Not Started`. The existing register's extra columns
/// and dialect are kept.
pub fn update(existing: Register, fresh: Register, as_of: Date, catalog: &Catalog) -> Register {
    let width = existing.extra_columns.len();
    let mut fresh_by_ref: std::collections::HashMap<String, Entry> = fresh
        .entries
        .iter()
        .map(|e| (e.reference.clone(), e.clone()))
        .collect();
    let mut entries = Vec::with_capacity(existing.entries.len() + fresh.entries.len());
    for mut old in existing.entries {
        old.extra.resize(width, String::new());
        match fresh_by_ref.remove(&old.reference) {
            Some(new) => {
                old.opportunity = new.opportunity;
                old.description = new.description;
                old.priority = new.priority;
                if old.status.trim().eq_ignore_ascii_case(COMPLETED) {
                    old.status = REOPENED.to_string();
                    append_note(&mut old.results, &format!("Reopened on {as_of}"));
                }
            }
            None if is_generated_reference(&old.reference, catalog)
                && !old.status.trim().eq_ignore_ascii_case(COMPLETED) =>
            {
                old.status = COMPLETED.to_string();
                append_note(&mut old.results, &format!("Closed on {as_of}"));
            }
            None => {}
        }
        entries.push(old);
    }
    for mut new in fresh.entries {
        if fresh_by_ref.remove(&new.reference).is_some() {
            new.extra = vec![String::new(); width];
            entries.push(new);
        }
    }
    Register {
        extra_columns: existing.extra_columns,
        entries,
        dialect: existing.dialect,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(reference: &str, status: &str, results: &str) -> Entry {
        Entry {
            reference: reference.into(),
            opportunity: format!("opp {reference}"),
            description: "old description".into(),
            identified: "2026-01-01".into(),
            status: status.into(),
            priority: "Low".into(),
            owner: "Owner".into(),
            target: "2026-06-30".into(),
            results: results.into(),
            extra: Vec::new(),
        }
    }

    fn reg(entries: Vec<Entry>) -> Register {
        Register {
            extra_columns: Vec::new(),
            entries,
            dialect: Default::default(),
        }
    }

    #[test]
    fn keeps_edits_closes_and_appends() {
        let old = reg(vec![
            entry("ann/5.2", "In Progress", "course booked"),
            entry("bob/5.3", "Planned", ""),
            entry("7", "Planned", "manual line"),
        ]);
        let mut new_ann = entry("ann/5.2", NOT_STARTED, "");
        new_ann.priority = "High".into();
        new_ann.description = "new description".into();
        new_ann.identified = "2026-11-23".into();
        let fresh = reg(vec![entry("cid/5.4", NOT_STARTED, ""), new_ann]);
        let as_of = Date::parse("2026-11-23").expect("date");
        let out = update(old, fresh, as_of, &Catalog::bundled());
        let refs: Vec<&str> = out.entries.iter().map(|e| e.reference.as_str()).collect();
        assert_eq!(refs, ["ann/5.2", "bob/5.3", "7", "cid/5.4"]);
        let ann = &out.entries[0];
        assert_eq!(ann.status, "In Progress");
        assert_eq!(ann.identified, "2026-01-01");
        assert_eq!(ann.priority, "High");
        assert_eq!(ann.description, "new description");
        assert_eq!(ann.results, "course booked");
        let bob = &out.entries[1];
        assert_eq!(bob.status, COMPLETED);
        assert_eq!(bob.results, "Closed on 2026-11-23");
        assert_eq!(out.entries[2].status, "Planned");
        assert_eq!(out.entries[3].status, NOT_STARTED);
        // A second run changes nothing more.
        let again = update(out.clone(), reg(vec![]), as_of, &Catalog::bundled());
        assert_eq!(again.entries[1].results, "Closed on 2026-11-23");
    }

    #[test]
    fn completed_but_open_again_is_reopened() {
        let old = reg(vec![entry("ann/5.2", "Completed", "Closed on 2026-05-01")]);
        let fresh = reg(vec![entry("ann/5.2", NOT_STARTED, "")]);
        let out = update(
            old,
            fresh,
            Date::parse("2026-11-23").expect("date"),
            &Catalog::bundled(),
        );
        assert_eq!(out.entries[0].status, REOPENED);
        assert_eq!(
            out.entries[0].results,
            "Closed on 2026-05-01; Reopened on 2026-11-23"
        );
    }
}
