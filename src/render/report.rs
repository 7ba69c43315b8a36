//! The `report` output: summary, individual gaps, team actions.
//!
//! [`ReportDoc`] is the presentation model (ids and names resolved); its
//! JSON form is the contract of `report --format json`.

use super::csv::{CsvOut, join};
use super::table::{band_color, colored, new_table, to_text};
use super::{Style, markdown, pair};
use crate::engine::{Action, Analysis, Band, Row, TeamAction, Totals};
use crate::model::{Levels, Workspace};
use comfy_table::{Cell, Color};
use serde::Serialize;

/// One action of a gap row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionOut {
    /// `training`, `mentoring` or `coaching`.
    pub kind: &'static str,
    /// The mentor's person id (mentoring only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentor: Option<String>,
    /// Knowledge item ids to study (training only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<String>>,
}

/// One person × competence row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapOut {
    pub person: String,
    pub name: String,
    pub roles: Vec<String>,
    pub competence: String,
    pub title: String,
    pub required: Levels,
    pub held: Levels,
    pub knowledge_gap: u8,
    pub skill_gap: u8,
    pub gap: u8,
    pub criticality: &'static str,
    pub score: u32,
    pub band: &'static str,
    pub actions: Vec<ActionOut>,
    pub flags: Vec<&'static str>,
    /// Date of the assessment (CSV only).
    #[serde(skip)]
    pub assessed_on: String,
    /// Method of the assessment (CSV only).
    #[serde(skip)]
    pub method: &'static str,
}

/// One team action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamOut {
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub competence: Option<String>,
    /// Title of the competence (not in JSON; the id is).
    #[serde(skip)]
    pub title: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidates: Option<Vec<String>>,
    pub reason: String,
}

/// The headline figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub people: usize,
    pub roles: usize,
    pub gaps: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    /// Rule 11: the headline KPI.
    pub total_gap_points: u64,
    /// Required competences nobody meets (rule 9), by id.
    pub uncovered: Vec<String>,
    /// Required competences only one person meets.
    pub single_point_of_failure: Vec<String>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportDoc {
    pub as_of: String,
    pub gaps: Vec<GapOut>,
    pub team_actions: Vec<TeamOut>,
    pub summary: Summary,
}

/// Resolve one row's ids and names.
pub fn gap_out(ws: &Workspace, row: &Row) -> GapOut {
    let p = &ws.people[row.person];
    let c = &ws.catalog.competences[row.competence];
    GapOut {
        person: p.id.clone(),
        name: p.name.clone(),
        roles: p.roles.iter().map(|&r| ws.roles[r].id.clone()).collect(),
        competence: c.id.clone(),
        title: c.title.clone(),
        required: row.required,
        held: row.held,
        knowledge_gap: row.knowledge_gap,
        skill_gap: row.skill_gap,
        gap: row.gap,
        criticality: row.criticality.as_str(),
        score: row.score,
        band: row.band.as_str(),
        actions: row
            .actions
            .iter()
            .map(|a| ActionOut {
                kind: a.kind(),
                mentor: match a {
                    Action::Mentoring { mentor } => Some(ws.people[*mentor].id.clone()),
                    _ => None,
                },
                items: match a {
                    Action::Training { items } => Some(items.clone()),
                    _ => None,
                },
            })
            .collect(),
        flags: row.flags.names(),
        assessed_on: p.assessed_on.to_string(),
        method: p.method.as_str(),
    }
}

/// Resolve one team action.
pub fn team_out(ws: &Workspace, t: &TeamAction) -> TeamOut {
    TeamOut {
        role: ws.roles[t.role].id.clone(),
        competence: t.competence.map(|c| ws.catalog.competences[c].id.clone()),
        title: t
            .competence
            .map(|c| ws.catalog.competences[c].title.clone())
            .unwrap_or_default(),
        kind: t.kind.as_str(),
        candidates: (!t.candidates.is_empty()).then(|| {
            t.candidates
                .iter()
                .map(|&p| ws.people[p].id.clone())
                .collect()
        }),
        reason: t.reason.clone(),
    }
}

/// Which rows and team actions a report shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub person: Option<String>,
    pub role: Option<String>,
    /// Rows at this band or above.
    pub band: Option<Band>,
    /// Met rows too.
    pub all: bool,
}

impl Filter {
    pub fn keeps(&self, ws: &Workspace, row: &Row) -> bool {
        let p = &ws.people[row.person];
        (self.all || row.is_gap())
            && self.person.as_ref().is_none_or(|id| &p.id == id)
            && self
                .role
                .as_ref()
                .is_none_or(|r| p.roles.iter().any(|&i| &ws.roles[i].id == r))
            && self.band.is_none_or(|b| row.band >= b)
    }
}

/// Build the report document (rows filtered; the summary counts what is shown).
pub fn build(ws: &Workspace, analysis: &Analysis, filter: &Filter) -> ReportDoc {
    let rows: Vec<&Row> = analysis
        .rows
        .iter()
        .filter(|r| filter.keeps(ws, r))
        .collect();
    let totals = Totals::of(rows.iter().copied());
    let team_actions = analysis
        .team_actions
        .iter()
        .filter(|t| {
            filter
                .role
                .as_ref()
                .is_none_or(|r| &ws.roles[t.role].id == r)
        })
        .filter(|_| filter.person.is_none())
        .map(|t| team_out(ws, t))
        .collect();
    let bus_ids = |status: &str| {
        analysis
            .bus
            .iter()
            .filter(|b| b.status() == Some(status))
            .map(|b| ws.catalog.competences[b.competence].id.clone())
            .collect()
    };
    ReportDoc {
        as_of: analysis.as_of.to_string(),
        gaps: rows.iter().map(|r| gap_out(ws, r)).collect(),
        team_actions,
        summary: Summary {
            people: ws.people.len(),
            roles: ws.roles.len(),
            gaps: totals.gaps,
            high: totals.high,
            medium: totals.medium,
            low: totals.low,
            total_gap_points: totals.total_gap_points,
            uncovered: bus_ids("uncovered"),
            single_point_of_failure: bus_ids("single point of failure"),
        },
    }
}

/// `report --format csv` columns, in contract order.
pub const CSV_HEADER: &[&str] = &[
    "person",
    "name",
    "roles",
    "competence",
    "title",
    "required_knowledge",
    "held_knowledge",
    "required_skill",
    "held_skill",
    "gap",
    "criticality",
    "score",
    "band",
    "actions",
    "mentor",
    "assessed_on",
    "method",
    "flags",
];

fn action_words(g: &GapOut) -> String {
    join(g.actions.iter().map(|a| a.kind))
}

fn mentor_of(g: &GapOut) -> String {
    g.actions
        .iter()
        .find_map(|a| a.mentor.clone())
        .unwrap_or_default()
}

pub fn csv(doc: &ReportDoc) -> Vec<u8> {
    let mut out = CsvOut::new(CSV_HEADER);
    for g in &doc.gaps {
        out.row([
            g.person.clone(),
            g.name.clone(),
            join(&g.roles),
            g.competence.clone(),
            g.title.clone(),
            g.required.knowledge.to_string(),
            g.held.knowledge.to_string(),
            g.required.skill.to_string(),
            g.held.skill.to_string(),
            g.gap.to_string(),
            g.criticality.to_string(),
            g.score.to_string(),
            g.band.to_string(),
            action_words(g),
            mentor_of(g),
            g.assessed_on.clone(),
            g.method.to_string(),
            join(&g.flags),
        ]);
    }
    out.finish()
}

pub fn json(doc: &ReportDoc) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(doc).unwrap_or_default();
    v.push(b'\n');
    v
}

fn summary_lines(doc: &ReportDoc) -> Vec<String> {
    let s = &doc.summary;
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    vec![
        format!(
            "As of {}: {} people, {} roles.",
            doc.as_of, s.people, s.roles
        ),
        format!(
            "Gaps: {} ({} high, {} medium, {} low); total gap points: {}.",
            s.gaps, s.high, s.medium, s.low, s.total_gap_points
        ),
        format!("Uncovered competences: {}.", list(&s.uncovered)),
        format!(
            "Single points of failure: {}.",
            list(&s.single_point_of_failure)
        ),
    ]
}

fn action_text(g: &GapOut) -> String {
    join(g.actions.iter().map(|a| match &a.mentor {
        Some(m) => format!("mentoring ({m})"),
        None => a.kind.to_string(),
    }))
}

fn band_of(s: &str) -> Band {
    match s {
        "high" => Band::High,
        "medium" => Band::Medium,
        "low" => Band::Low,
        _ => Band::Met,
    }
}

pub fn table(doc: &ReportDoc, style: Style) -> Vec<u8> {
    let mut out = summary_lines(doc).join("\n");
    out.push_str("\n\n");
    if doc.gaps.is_empty() {
        out.push_str("No gaps.\n");
    } else {
        let mut t = new_table(
            &[
                "Person",
                "Competence",
                "Req K/S",
                "Held K/S",
                "Gap",
                "Criticality",
                "Score",
                "Band",
                "Actions",
                "Flags",
            ],
            style,
        );
        for g in &doc.gaps {
            let color = band_color(band_of(g.band));
            t.add_row(vec![
                Cell::new(&g.person),
                Cell::new(format!("{} {}", g.competence, g.title)),
                Cell::new(pair(g.required)),
                Cell::new(pair(g.held)),
                Cell::new(g.gap),
                Cell::new(g.criticality),
                Cell::new(g.score),
                colored(g.band, color, style),
                Cell::new(action_text(g)),
                Cell::new(g.flags.join(", ")),
            ]);
        }
        out.push_str(&to_text(&t));
    }
    if !doc.team_actions.is_empty() {
        out.push_str("\nTeam actions\n");
        out.push_str(&team_table(&doc.team_actions, style));
    }
    out.into_bytes()
}

pub fn markdown(doc: &ReportDoc) -> Vec<u8> {
    let mut out = format!("# Competence gap report ({})\n\n", doc.as_of);
    for line in summary_lines(doc) {
        out.push_str(&format!("- {line}\n"));
    }
    out.push_str("\n## Individual gaps\n\n");
    if doc.gaps.is_empty() {
        out.push_str("No gaps.\n");
    } else {
        let rows: Vec<Vec<String>> = doc
            .gaps
            .iter()
            .map(|g| {
                vec![
                    format!("{} ({})", g.name, g.person),
                    format!("{} {}", g.competence, g.title),
                    pair(g.required),
                    pair(g.held),
                    g.gap.to_string(),
                    g.criticality.to_string(),
                    g.score.to_string(),
                    g.band.to_string(),
                    action_text(g),
                    g.flags.join(", "),
                ]
            })
            .collect();
        out.push_str(&markdown::table(
            &[
                "Person",
                "Competence",
                "Req K/S",
                "Held K/S",
                "Gap",
                "Criticality",
                "Score",
                "Band",
                "Actions",
                "Flags",
            ],
            &rows,
        ));
    }
    out.push_str("\n## Team actions\n\n");
    out.push_str(&team_markdown(&doc.team_actions));
    out.into_bytes()
}

/// The competence of a team action as shown: `5.10 Title`, or `(vacancy)`.
fn team_competence(a: &TeamOut) -> String {
    a.competence
        .as_ref()
        .map_or_else(|| "(vacancy)".to_string(), |c| format!("{c} {}", a.title))
}

/// Team actions as a terminal table (shared by `report` and `coverage`).
pub fn team_table(actions: &[TeamOut], style: Style) -> String {
    let mut t = new_table(
        &["Role", "Competence", "Action", "Candidates", "Reason"],
        style,
    );
    for a in actions {
        let color = if a.kind == "hire" {
            Color::Red
        } else {
            Color::Yellow
        };
        t.add_row(vec![
            Cell::new(&a.role),
            Cell::new(team_competence(a)),
            colored(a.kind, color, style),
            Cell::new(
                a.candidates
                    .as_ref()
                    .map(|c| c.join(", "))
                    .unwrap_or_default(),
            ),
            Cell::new(&a.reason),
        ]);
    }
    to_text(&t)
}

/// Team actions as a Markdown table, or `None.` (shared by `report` and `coverage`).
pub fn team_markdown(actions: &[TeamOut]) -> String {
    if actions.is_empty() {
        return "None.\n".to_string();
    }
    let rows: Vec<Vec<String>> = actions
        .iter()
        .map(|a| {
            vec![
                a.role.clone(),
                team_competence(a),
                a.kind.to_string(),
                a.candidates
                    .as_ref()
                    .map(|c| c.join(", "))
                    .unwrap_or_default(),
                a.reason.clone(),
            ]
        })
        .collect();
    markdown::table(
        &["Role", "Competence", "Action", "Candidates", "Reason"],
        &rows,
    )
}
