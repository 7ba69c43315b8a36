//! The text `compgap assess` shows between its prompts: a competence's
//! card (the standard's text, the scale, what is required and held), the
//! summary of changes, and the labels of the choices. Every piece of text
//! that comes from a file goes through [`terminal_text`].

use crate::catalog::{Catalog, Item};
use crate::model::scale::{LEVEL_DESCRIPTORS, LEVEL_NAMES};
use crate::model::{Date, Evidence, Levels, Workspace};
use crate::questionnaire::{Change, Question};
use crate::render::pair;
use crate::render::person_file::HeldDoc;
use std::fmt::Write as _;

/// Text from a file made safe to print on a terminal, through the one
/// terminal escaping ([`crate::escape::terminal`]): no name or title can
/// move the cursor, clear the screen or reorder what is shown.
pub fn terminal_text(s: &str) -> String {
    crate::escape::terminal(s).into_owned()
}

/// `6.5.3 ISMS auditing`.
pub fn competence_label(catalog: &Catalog, c: usize) -> String {
    let comp = &catalog.competences[c];
    terminal_text(&format!("{} {}", comp.id, comp.title))
}

/// `internal-auditor — Internal ISMS Auditor`.
pub fn role_label(ws: &Workspace, r: usize) -> String {
    let role = &ws.roles[r];
    terminal_text(&format!("{} — {}", role.id, role.title))
}

fn items(out: &mut String, items: &[Item], depth: usize) {
    for i in items {
        let _ = writeln!(
            out,
            "{:indent$}{}  {}",
            "",
            terminal_text(&i.id),
            terminal_text(&i.text),
            indent = 2 + 2 * depth
        );
        self::items(out, &i.items, depth + 1);
    }
}

/// One piece of evidence: `training: Audit course, 2026-10-01, expires 2029-10-01 (expired)`.
pub fn evidence_line(e: &Evidence, as_of: Date) -> String {
    let mut s = format!("{}: {}", e.kind.as_str(), terminal_text(&e.name));
    if let Some(d) = e.date {
        let _ = write!(s, ", {d}");
    }
    if let Some(d) = e.expires {
        let _ = write!(s, ", expires {d}");
        if e.is_expired(as_of) {
            s.push_str(" (expired)");
        }
    }
    s
}

fn levels_text(l: Levels) -> String {
    format!("{} (knowledge/skill)", pair(l))
}

/// The levels 0–5 with their names and what they mean.
pub fn scale() -> String {
    let mut out = String::from("Scale\n");
    for (i, (name, what)) in LEVEL_NAMES.iter().zip(LEVEL_DESCRIPTORS).enumerate() {
        let _ = writeln!(out, "  {i} {name:<12} {what}");
    }
    out
}

/// Everything shown before the questions on one competence.
pub fn card(
    ws: &Workspace,
    q: &Question,
    held: Option<&HeldDoc>,
    position: (usize, usize),
    as_of: Date,
) -> String {
    let comp = &ws.catalog.competences[q.competence];
    let mut out = String::new();
    let title = format!(
        "[{}/{}] {}",
        position.0,
        position.1,
        competence_label(&ws.catalog, q.competence)
    );
    let _ = writeln!(out, "\n{title}");
    let _ = writeln!(out, "{}", "─".repeat(title.chars().count().min(78)));
    let _ = writeln!(out, "Outcome: {}", terminal_text(&comp.outcome));
    let _ = writeln!(out, "Knowledge ({})", comp.knowledge.len());
    items(&mut out, &comp.knowledge, 0);
    let _ = writeln!(out, "Skills ({})", comp.skills.len());
    items(&mut out, &comp.skills, 0);
    out.push_str(&scale());
    match (q.required(), q.criticality()) {
        (Some(req), Some(crit)) => {
            let by: Vec<String> = q
                .required_by
                .iter()
                .map(|r| {
                    format!(
                        "{} {} {}",
                        terminal_text(&ws.roles[r.role].id),
                        pair(r.required),
                        r.criticality.as_str()
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "Required: {}, {} ({})",
                levels_text(req),
                crit.as_str(),
                by.join("; ")
            );
            // Why each role needs it, where the role file says (`note`).
            for r in &q.required_by {
                let role = &ws.roles[r.role];
                let note = role
                    .requires
                    .iter()
                    .find(|x| x.competence == q.competence)
                    .and_then(|x| x.note.as_deref());
                if let Some(note) = note {
                    let _ = writeln!(
                        out,
                        "Why: {} ({})",
                        terminal_text(note),
                        terminal_text(&role.id)
                    );
                }
            }
        }
        _ => out.push_str("Required: not required by the person's roles\n"),
    }
    match held {
        Some(h) => {
            let _ = writeln!(out, "Current:  {}", levels_text(h.levels));
            if h.evidence.is_empty() {
                out.push_str("Evidence: none\n");
            } else {
                out.push_str("Evidence:\n");
                for e in &h.evidence {
                    let _ = writeln!(out, "  - {}", evidence_line(e, as_of));
                }
            }
        }
        None => out.push_str("Current:  not assessed\n"),
    }
    out
}

fn optional(s: Option<&str>) -> String {
    s.map_or_else(|| "(none)".to_owned(), terminal_text)
}

/// The summary shown before the save question.
pub fn summary(catalog: &Catalog, changes: &[Change], file: &str, as_of: Date) -> String {
    let mut out = format!("\nSummary of changes to {}\n", terminal_text(file));
    let label = |id: &str| match catalog.find(id) {
        Some(c) => competence_label(catalog, c),
        None => terminal_text(id),
    };
    for ch in changes {
        let line = match ch {
            Change::Created { name, roles } => format!(
                "new assessment: {}, roles: {}",
                terminal_text(name),
                if roles.is_empty() {
                    "(none)".to_owned()
                } else {
                    terminal_text(&roles.join(", "))
                }
            ),
            Change::AssessedOn { from, to } => format!("assessed_on: {from} → {to}"),
            Change::Method { from, to } => {
                format!("method: {} → {}", from.as_str(), to.as_str())
            }
            Change::Assessor { from, to } => format!(
                "assessor: {} → {}",
                optional(from.as_deref()),
                optional(to.as_deref())
            ),
            Change::Levels {
                competence,
                from,
                to,
            } => match from {
                Some(f) => format!("{}: {} → {}", label(competence), pair(*f), levels_text(*to)),
                None => format!("{}: newly assessed {}", label(competence), levels_text(*to)),
            },
            Change::EvidenceAdded {
                competence,
                evidence,
            } => format!(
                "{}: evidence added: {}",
                label(competence),
                evidence_line(evidence, as_of)
            ),
        };
        let _ = writeln!(out, "  {line}");
    }
    if changes
        .iter()
        .all(|c| matches!(c, Change::AssessedOn { .. }))
    {
        out.push_str("  (no change to levels, evidence or roles)\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_workspace;
    use crate::questionnaire::{entry, questions};
    use crate::render::person_file::PersonDoc;

    #[test]
    fn a_card_shows_the_standard_the_scale_the_requirement_and_no_raw_control_character() {
        let as_of = Date::parse("2026-11-23").expect("date");
        let mut ws = load_workspace(std::path::Path::new("examples"), as_of)
            .expect("load")
            .workspace;
        let elif = ws.people[ws.person_index("elif").expect("elif")].clone();
        let doc = PersonDoc::from_person(&ws, &elif);
        let q = questions(&ws, &elif.roles)
            .into_iter()
            .find(|q| ws.catalog.competences[q.competence].id == "6.5.3")
            .expect("6.5.3 is asked");
        ws.catalog.competences[q.competence].outcome = "Audits\u{1b}[2J done".into();
        let text = card(&ws, &q, entry(&doc, "6.5.3"), (3, 8), as_of);
        for shown in [
            "[3/8] 6.5.3 ISMS auditing\n",
            "Outcome: Audits\\u{1b}[2J done\n",
            "  6.5.3/K1  ",
            "  5 expert       recognised authority; shapes practice\n",
            "Required: 4/4 (knowledge/skill), mandatory (internal-auditor 4/4 mandatory)\n",
            "Current:  3/2 (knowledge/skill)\n",
            "  - training: ISO/IEC 27001 Internal Auditor course (BSI), 2024-11-12\n",
        ] {
            assert!(text.contains(shown), "{shown:?} not in:\n{text}");
        }
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
    }

    #[test]
    fn control_and_bidi_characters_are_shown_not_obeyed() {
        assert_eq!(terminal_text("Elif Yılmaz"), "Elif Yılmaz");
        assert_eq!(terminal_text("\u{1b}[2Jx"), "\\u{1b}[2Jx");
        assert_eq!(terminal_text("a\nb\rc\u{7}"), "a\\nb\\rc\\u{7}");
        assert_eq!(terminal_text("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(terminal_text("abc\u{202e}fed"), "abc\\u{202e}fed");
    }
}
