//! The steps of `compgap assess`, without a terminal: which competences to
//! ask about and in what order, what a typed answer means, how answers
//! change a [`PersonDoc`], and what changed. The command does the
//! prompting; the text it shows comes from [`crate::render::assess`].

use crate::catalog::Catalog;
use crate::model::scale::{LEVEL_NAMES, parse_level};
use crate::model::{CompIdx, Criticality, Date, Evidence, Levels, Method, RoleIdx, Workspace};
use crate::render::init::modeline;
use crate::render::person_file::{HeldDoc, PersonDoc};
use crate::schema::FileKind;

/// What one role requires of a competence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleRequirement {
    pub role: RoleIdx,
    pub required: Levels,
    pub criticality: Criticality,
}

/// One competence to ask about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub competence: CompIdx,
    /// What each of the person's roles requires, in the order the person
    /// lists the roles; empty for a competence no role requires.
    pub required_by: Vec<RoleRequirement>,
}

impl Question {
    /// The stricter requirement of the roles, per dimension.
    pub fn required(&self) -> Option<Levels> {
        self.required_by
            .iter()
            .map(|r| r.required)
            .reduce(Levels::max)
    }

    /// The highest criticality among the roles.
    pub fn criticality(&self) -> Option<Criticality> {
        self.required_by.iter().map(|r| r.criticality).max()
    }
}

/// The competences that `roles` require, highest criticality first, then
/// in catalog order.
pub fn questions(ws: &Workspace, roles: &[RoleIdx]) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    for &role in roles {
        for req in &ws.roles[role].requires {
            let entry = RoleRequirement {
                role,
                required: req.required,
                criticality: req.criticality,
            };
            match out.iter_mut().find(|q| q.competence == req.competence) {
                Some(q) => q.required_by.push(entry),
                None => out.push(Question {
                    competence: req.competence,
                    required_by: vec![entry],
                }),
            }
        }
    }
    out.sort_by_key(|q| (std::cmp::Reverse(q.criticality()), q.competence));
    out
}

/// The catalog's other competences (not among `asked`), in catalog order:
/// the choices when the person assesses more than their roles require.
pub fn others(catalog: &Catalog, asked: &[CompIdx]) -> Vec<CompIdx> {
    (0..catalog.len()).filter(|c| !asked.contains(c)).collect()
}

/// The entry for competence `id`, if assessed.
pub fn entry<'a>(doc: &'a PersonDoc, id: &str) -> Option<&'a HeldDoc> {
    doc.competences.iter().find(|h| h.competence == id)
}

/// How a level (or its absence) is shown as a prompt's default: `3
/// practitioner`, or `not assessed`.
pub fn level_label(level: Option<u8>) -> String {
    match level {
        Some(l) => format!("{l} {}", LEVEL_NAMES[usize::from(l.min(5))]),
        None => NOT_ASSESSED.to_owned(),
    }
}

/// The default shown for a competence not assessed.
pub const NOT_ASSESSED: &str = "not assessed";

/// A level typed at a prompt: a number (`3`), a name (`practitioner`), or
/// a default as [`level_label`] shows it. Blank or `not assessed` means no
/// level (the prompt's default stands for the current value).
pub fn parse_level_answer(input: &str) -> Result<Option<u8>, String> {
    let t = input.trim();
    if t.is_empty() || t.eq_ignore_ascii_case(NOT_ASSESSED) {
        return Ok(None);
    }
    let first = t.split_whitespace().next().unwrap_or(t);
    match parse_level(t).or_else(|| parse_level(first)) {
        Some(l) if t == first || t == level_label(Some(l)) => Ok(Some(l)),
        _ => Err(format!(
            "write a level from 0 to 5 or its name: {}",
            LEVEL_NAMES
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{i} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// An optional date typed at a prompt: blank for none, else `YYYY-MM-DD`.
pub fn parse_date_answer(input: &str) -> Result<Option<Date>, String> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Date::parse(t)
        .map(Some)
        .ok_or_else(|| format!("`{t}` is not a date: write YYYY-MM-DD, or leave it blank"))
}

/// The answers for one competence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
    /// `None`: not assessed (only possible when it was not assessed before).
    pub levels: Option<Levels>,
    /// New evidence, added after the evidence already recorded.
    pub evidence: Vec<Evidence>,
}

/// Record `answer` for competence `c`: set its levels and add its evidence,
/// keeping the file's competences in catalog order. An answer without
/// levels leaves an unassessed competence out of the file.
pub fn apply(doc: &mut PersonDoc, catalog: &Catalog, c: CompIdx, answer: Answer) {
    let id = &catalog.competences[c].id;
    if let Some(h) = doc.competences.iter_mut().find(|h| &h.competence == id) {
        if let Some(levels) = answer.levels {
            h.levels = levels;
        }
        h.evidence.extend(answer.evidence);
        return;
    }
    let Some(levels) = answer.levels else {
        return;
    };
    let at = doc
        .competences
        .iter()
        .position(|h| catalog.find(&h.competence).is_none_or(|i| i > c))
        .unwrap_or(doc.competences.len());
    doc.competences.insert(
        at,
        HeldDoc {
            competence: id.clone(),
            levels,
            evidence: answer.evidence,
        },
    );
}

/// A new person's document, before any competence is assessed.
pub fn new_person(id: &str, name: &str, roles: Vec<String>, as_of: Date) -> PersonDoc {
    PersonDoc {
        person: id.to_owned(),
        name: name.to_owned(),
        roles,
        assessed_on: as_of,
        method: Method::SelfAssessed,
        assessor: None,
        competences: Vec::new(),
    }
}

/// The schema line (`# yaml-language-server: $schema=…`) that the text of
/// an assessment file starts with, if any: assess keeps it when it
/// rewrites the file, so that editors still find the schema.
pub fn schema_line(text: &[u8]) -> Option<&str> {
    let first = text.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(first).ok()?.trim_end_matches('\r');
    line.starts_with("# yaml-language-server:").then_some(line)
}

/// The schema line of a new assessment file in `ws`, pointing at the
/// workspace's own schema folder as `compgap init` writes it.
pub fn new_schema_line(ws: &Workspace) -> Option<String> {
    let depth = ws
        .people_dir
        .strip_prefix(&ws.root)
        .ok()?
        .components()
        .count();
    Some(modeline(FileKind::Person, depth).trim_end().to_owned())
}

/// Date the assessment and record how it was made. `None` keeps the
/// file's method or assessor; an empty assessor removes it.
pub fn stamp(doc: &mut PersonDoc, as_of: Date, method: Option<Method>, assessor: Option<&str>) {
    doc.assessed_on = as_of;
    if let Some(m) = method {
        doc.method = m;
    }
    if let Some(a) = assessor {
        let a = a.trim();
        doc.assessor = (!a.is_empty()).then(|| a.to_owned());
    }
}

/// One difference between the file as it was and as it will be written.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new assessment file.
    Created {
        name: String,
        roles: Vec<String>,
    },
    AssessedOn {
        from: Date,
        to: Date,
    },
    Method {
        from: Method,
        to: Method,
    },
    Assessor {
        from: Option<String>,
        to: Option<String>,
    },
    /// Levels set for a competence (`from: None`: newly assessed).
    Levels {
        competence: String,
        from: Option<Levels>,
        to: Levels,
    },
    EvidenceAdded {
        competence: String,
        evidence: Evidence,
    },
}

/// What changed from `before` (`None`: a new file) to `after`, in file order.
pub fn changes(before: Option<&PersonDoc>, after: &PersonDoc) -> Vec<Change> {
    let mut out = Vec::new();
    match before {
        None => out.push(Change::Created {
            name: after.name.clone(),
            roles: after.roles.clone(),
        }),
        Some(b) => {
            if b.assessed_on != after.assessed_on {
                out.push(Change::AssessedOn {
                    from: b.assessed_on,
                    to: after.assessed_on,
                });
            }
            if b.method != after.method {
                out.push(Change::Method {
                    from: b.method,
                    to: after.method,
                });
            }
            if b.assessor != after.assessor {
                out.push(Change::Assessor {
                    from: b.assessor.clone(),
                    to: after.assessor.clone(),
                });
            }
        }
    }
    for h in &after.competences {
        let old = before.and_then(|b| entry(b, &h.competence));
        if old.map(|o| o.levels) != Some(h.levels) {
            out.push(Change::Levels {
                competence: h.competence.clone(),
                from: old.map(|o| o.levels),
                to: h.levels,
            });
        }
        for e in &h.evidence {
            if !old.is_some_and(|o| o.evidence.contains(e)) {
                out.push(Change::EvidenceAdded {
                    competence: h.competence.clone(),
                    evidence: e.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_workspace;
    use crate::model::EvidenceKind;
    use std::path::Path;

    fn date(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    fn examples() -> Workspace {
        load_workspace(Path::new("examples"), date("2026-11-23"))
            .expect("load")
            .workspace
    }

    #[test]
    fn questions_come_highest_criticality_first_then_in_catalog_order() {
        let ws = examples();
        let elif = &ws.people[ws.person_index("elif").expect("elif")];
        let ids: Vec<(&str, Criticality)> = questions(&ws, &elif.roles)
            .iter()
            .map(|q| {
                (
                    ws.catalog.competences[q.competence].id.as_str(),
                    q.criticality().expect("required"),
                )
            })
            .collect();
        use Criticality::*;
        assert_eq!(
            ids,
            [
                ("5.3", Mandatory),
                ("6.4.3", Mandatory),
                ("6.5.3", Mandatory),
                ("6.1.2", Recommended),
                ("6.1.3", Recommended),
                ("6.2.3", Recommended),
                ("6.5.2", Recommended),
                ("5.13", Desirable),
            ]
        );
    }

    #[test]
    fn a_competence_two_roles_require_takes_the_stricter_requirement() {
        let ws = examples();
        let roles: Vec<RoleIdx> = ["internal-auditor", "isms-manager"]
            .iter()
            .map(|r| ws.role_index(r).expect("role"))
            .collect();
        let qs = questions(&ws, &roles);
        let c = ws.catalog.find("6.5.3").expect("6.5.3");
        let q = qs.iter().find(|q| q.competence == c).expect("asked");
        let each: Vec<Levels> = q.required_by.iter().map(|r| r.required).collect();
        assert_eq!(q.required(), each.iter().copied().reduce(Levels::max));
        assert!(others(&ws.catalog, &[c]).iter().all(|&o| o != c));
        assert_eq!(others(&ws.catalog, &[c]).len(), ws.catalog.len() - 1);
    }

    #[test]
    fn level_answers_take_numbers_names_and_the_default_label() {
        assert_eq!(parse_level_answer(""), Ok(None));
        assert_eq!(parse_level_answer("not assessed"), Ok(None));
        assert_eq!(parse_level_answer("4"), Ok(Some(4)));
        assert_eq!(parse_level_answer(" Advanced "), Ok(Some(4)));
        assert_eq!(parse_level_answer("3 practitioner"), Ok(Some(3)));
        assert!(parse_level_answer("3 expert").is_err());
        assert!(parse_level_answer("6").is_err());
        assert!(parse_level_answer("guru").is_err());
        assert_eq!(level_label(Some(2)), "2 foundation");
        assert_eq!(parse_date_answer(""), Ok(None));
        assert_eq!(parse_date_answer("2026-02-30").ok(), None);
    }

    #[test]
    fn answers_change_only_what_they_name_and_keep_catalog_order() {
        let ws = examples();
        let elif = &ws.people[ws.person_index("elif").expect("elif")];
        let before = PersonDoc::from_person(&ws, elif);
        let mut doc = before.clone();
        // Keeping every value changes nothing.
        for q in questions(&ws, &elif.roles) {
            let id = &ws.catalog.competences[q.competence].id;
            let levels = entry(&doc, id).map(|h| h.levels);
            apply(
                &mut doc,
                &ws.catalog,
                q.competence,
                Answer {
                    levels,
                    evidence: Vec::new(),
                },
            );
        }
        assert_eq!(doc, before);
        stamp(&mut doc, date("2026-11-23"), None, None);
        assert_eq!(
            changes(Some(&before), &doc),
            [Change::AssessedOn {
                from: before.assessed_on,
                to: date("2026-11-23"),
            }]
        );

        let c = |id: &str| ws.catalog.find(id).expect("id");
        let training = Evidence {
            kind: EvidenceKind::Training,
            name: "Audit course".into(),
            date: Some(date("2026-10-01")),
            expires: None,
        };
        apply(
            &mut doc,
            &ws.catalog,
            c("6.5.3"),
            Answer {
                levels: Some(Levels::new(4, 3)),
                evidence: vec![training.clone()],
            },
        );
        apply(
            &mut doc,
            &ws.catalog,
            c("5.13"),
            Answer {
                levels: Some(Levels::new(2, 2)),
                evidence: Vec::new(),
            },
        );
        stamp(
            &mut doc,
            date("2026-11-23"),
            Some(Method::Manager),
            Some("kwame"),
        );
        let ids: Vec<&str> = doc
            .competences
            .iter()
            .map(|h| h.competence.as_str())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_by_key(|id| c(id));
        assert_eq!(ids, sorted, "catalog order");
        let got = changes(Some(&before), &doc);
        assert_eq!(
            got[1..],
            [
                Change::Method {
                    from: Method::SelfAssessed,
                    to: Method::Manager
                },
                Change::Assessor {
                    from: None,
                    to: Some("kwame".into())
                },
                Change::Levels {
                    competence: "5.13".into(),
                    from: None,
                    to: Levels::new(2, 2)
                },
                Change::Levels {
                    competence: "6.5.3".into(),
                    from: Some(Levels::new(3, 2)),
                    to: Levels::new(4, 3)
                },
                Change::EvidenceAdded {
                    competence: "6.5.3".into(),
                    evidence: training
                },
            ]
        );
        // An unassessed competence left blank stays out of the file.
        let mut again = doc.clone();
        apply(&mut again, &ws.catalog, c("6.6.3"), Answer::default());
        assert_eq!(again, doc);
        stamp(&mut again, date("2026-11-23"), None, Some(" "));
        assert_eq!(again.assessor, None);
    }
}
