//! The `report` output: summary, individual gaps, team actions.
//!
//! [`ReportDoc`] is the presentation model (ids and names resolved); its
//! JSON form is the contract of `report --format json`.

use super::columns::{self, Column};
use super::csv::join;
use super::table::band_color;
use super::{LazySeq, Style, markdown, pair};
use crate::engine::{
    Action, ActionKind, Analysis, Band, BusStatus, Row, TeamAction, TeamKind, Totals,
};
use crate::model::{Criticality, Date, Levels, Method, Workspace};
use comfy_table::Color;
use serde::Serialize;
use std::fmt::Write as _;

/// One action of a gap row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionOut<'a> {
    /// `training`, `mentoring` or `coaching`.
    pub kind: ActionKind,
    /// The mentor's person id (mentoring only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentor: Option<&'a str>,
    /// Knowledge item ids to study (training only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<&'a [String]>,
}

/// One person × competence row. It borrows from the workspace and the
/// analysis, so that a report on a large organization holds no copy of
/// their text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapOut<'a> {
    pub person: &'a str,
    pub name: &'a str,
    pub roles: Vec<&'a str>,
    pub competence: &'a str,
    pub title: &'a str,
    pub required: Levels,
    pub held: Levels,
    pub knowledge_gap: u8,
    pub skill_gap: u8,
    pub gap: u8,
    pub criticality: Criticality,
    pub score: u32,
    pub band: Band,
    pub actions: Vec<ActionOut<'a>>,
    pub flags: Vec<&'static str>,
    /// Date of the assessment (CSV only).
    #[serde(skip)]
    pub assessed_on: Date,
    /// Method of the assessment (CSV only).
    #[serde(skip)]
    pub method: Method,
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
    pub kind: TeamKind,
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

/// The whole report. The rows shown are resolved into [`GapOut`]s one at
/// a time as they are written ([`ReportDoc::gaps`]), so that a report on a
/// large organization never holds them all.
#[derive(Debug, Clone)]
pub struct ReportDoc<'a> {
    pub as_of: String,
    ws: &'a Workspace,
    rows: Vec<&'a Row>,
    pub team_actions: Vec<TeamOut>,
    pub summary: Summary,
}

impl<'a> ReportDoc<'a> {
    /// The rows shown, in report order.
    pub fn gaps(&self) -> impl ExactSizeIterator<Item = GapOut<'a>> + '_ {
        self.rows.iter().map(|r| gap_out(self.ws, r))
    }
}

impl Serialize for ReportDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ReportDoc", 4)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field("gaps", &LazySeq(|| self.gaps()))?;
        st.serialize_field("team_actions", &self.team_actions)?;
        st.serialize_field("summary", &self.summary)?;
        st.end()
    }
}

/// Resolve one row's ids and names.
pub fn gap_out<'a>(ws: &'a Workspace, row: &'a Row) -> GapOut<'a> {
    let p = &ws.people[row.person];
    let c = &ws.catalog.competences[row.competence];
    GapOut {
        person: &p.id,
        name: &p.name,
        roles: ws.role_ids(p).collect(),
        competence: &c.id,
        title: &c.title,
        required: row.required,
        held: row.held,
        knowledge_gap: row.knowledge_gap,
        skill_gap: row.skill_gap,
        gap: row.gap,
        criticality: row.criticality,
        score: row.score,
        band: row.band,
        actions: row
            .actions
            .iter()
            .map(|a| ActionOut {
                kind: a.kind(),
                mentor: match a {
                    Action::Mentoring { mentor } => Some(ws.people[*mentor].id.as_str()),
                    _ => None,
                },
                items: match a {
                    Action::Training { items } => Some(&items[..]),
                    _ => None,
                },
            })
            .collect(),
        flags: row.flags.names(),
        assessed_on: p.assessed_on,
        method: p.method,
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
        kind: t.kind,
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
            && self.role.as_ref().is_none_or(|r| ws.holds(p, r))
            && self.band.is_none_or(|b| row.band >= b)
    }
}

/// Build the report document (rows filtered; the summary counts what is shown).
pub fn build<'a>(ws: &'a Workspace, analysis: &'a Analysis, filter: &Filter) -> ReportDoc<'a> {
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
    let bus_ids = |status: BusStatus| {
        analysis
            .bus
            .iter()
            .filter(|b| b.bus_status() == status)
            .map(|b| ws.catalog.competences[b.competence].id.clone())
            .collect()
    };
    ReportDoc {
        as_of: analysis.as_of.to_string(),
        ws,
        rows,
        team_actions,
        summary: Summary {
            people: ws.people.len(),
            roles: ws.roles.len(),
            gaps: totals.gaps,
            high: totals.high,
            medium: totals.medium,
            low: totals.low,
            total_gap_points: totals.total_gap_points,
            uncovered: bus_ids(BusStatus::Uncovered),
            single_point_of_failure: bus_ids(BusStatus::SinglePointOfFailure),
        },
    }
}

type GapColumn<'a> = Column<GapOut<'a>>;
type TeamColumn<'a> = Column<&'a TeamOut>;

/// The gap table on a terminal. Ids, levels and numbers stay whole;
/// titles, actions and flags give way, then Score and Criticality are
/// left out (the band sums them up).
fn gap_columns<'a>() -> [GapColumn<'a>; 10] {
    [
        GapColumn::new("Person", |g, s| s.push_str(g.person)).whole(),
        GapColumn::new("Competence", |g, s| {
            let _ = write!(s, "{} {}", g.competence, g.title);
        }),
        GapColumn::new("Req K/S", |g, s| s.push_str(&pair(g.required))).whole(),
        GapColumn::new("Held K/S", |g, s| s.push_str(&pair(g.held))).whole(),
        GapColumn::new("Gap", |g, s| number(s, g.gap)).whole(),
        GapColumn::new("Criticality", |g, s| s.push_str(g.criticality.as_str()))
            .whole()
            .dropped(1),
        GapColumn::new("Score", |g, s| number(s, g.score))
            .whole()
            .dropped(0),
        GapColumn::new("Band", |g, s| s.push_str(g.band.as_str()))
            .whole()
            .colored(|g| band_color(g.band)),
        GapColumn::new("Actions", |g, s| s.push_str(&action_text(g))),
        GapColumn::new("Flags", |g, s| s.push_str(&g.flags.join(", "))),
    ]
}

/// The gap table in Markdown: the terminal's, the person named.
fn gap_markdown_columns<'a>() -> [GapColumn<'a>; 10] {
    let mut columns = gap_columns();
    columns[0] = GapColumn::new("Person", |g, s| {
        let _ = write!(s, "{} ({})", g.name, g.person);
    });
    columns
}

/// `report --format csv`, in contract order.
pub fn csv_columns<'a>() -> [GapColumn<'a>; 18] {
    [
        GapColumn::new("person", |g, s| s.push_str(g.person)),
        GapColumn::new("name", |g, s| s.push_str(g.name)),
        GapColumn::new("roles", |g, s| s.push_str(&join(&g.roles))),
        GapColumn::new("competence", |g, s| s.push_str(g.competence)),
        GapColumn::new("title", |g, s| s.push_str(g.title)),
        GapColumn::new("required_knowledge", |g, s| number(s, g.required.knowledge)),
        GapColumn::new("held_knowledge", |g, s| number(s, g.held.knowledge)),
        GapColumn::new("required_skill", |g, s| number(s, g.required.skill)),
        GapColumn::new("held_skill", |g, s| number(s, g.held.skill)),
        GapColumn::new("gap", |g, s| number(s, g.gap)),
        GapColumn::new("criticality", |g, s| s.push_str(g.criticality.as_str())),
        GapColumn::new("score", |g, s| number(s, g.score)),
        GapColumn::new("band", |g, s| s.push_str(g.band.as_str())),
        GapColumn::new("actions", |g, s| {
            s.push_str(&join(g.actions.iter().map(|a| a.kind.as_str())));
        }),
        GapColumn::new("mentor", |g, s| {
            s.push_str(g.actions.iter().find_map(|a| a.mentor).unwrap_or_default());
        }),
        GapColumn::new("assessed_on", |g, s| number(s, g.assessed_on)),
        GapColumn::new("method", |g, s| s.push_str(g.method.as_str())),
        GapColumn::new("flags", |g, s| s.push_str(&join(&g.flags))),
    ]
}

/// Append a number (or a date) to a cell.
fn number(s: &mut String, n: impl std::fmt::Display) {
    let _ = write!(s, "{n}");
}

pub fn csv(doc: &ReportDoc) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_csv(doc, &mut out);
    out
}

/// [`csv`], written to `w` a batch of rows at a time.
pub fn write_csv(doc: &ReportDoc, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    columns::csv_to(w, &csv_columns(), doc.rows.len(), |i| {
        gap_out(doc.ws, doc.rows[i])
    })
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
            "As of {}: {} {}, {} role{}.",
            doc.as_of,
            s.people,
            if s.people == 1 { "person" } else { "people" },
            s.roles,
            if s.roles == 1 { "" } else { "s" }
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

pub(crate) fn action_text(g: &GapOut) -> String {
    join(g.actions.iter().map(|a| match &a.mentor {
        Some(m) => format!("mentoring ({m})"),
        None => a.kind.as_str().to_string(),
    }))
}

/// The first line of the terminal report: what its less obvious columns mean.
pub const COLUMNS_EXPLAINED: &str = "Gap: levels short of the requirement (the larger of knowledge and skill). \
Score: gap × criticality weight (mandatory 3, recommended 2, desirable 1), doubled when fewer than two people meet it; \
high ≥ 12, medium ≥ 6. Flags: `compgap report --help`.";

pub fn table(doc: &ReportDoc, style: Style) -> Vec<u8> {
    let lines: Vec<String> = summary_lines(doc)
        .iter()
        .map(|l| crate::escape::terminal(l).into_owned())
        .collect();
    let mut out = format!("{COLUMNS_EXPLAINED}\n");
    out.push_str(&lines.join("\n"));
    out.push_str("\n\n");
    if doc.rows.is_empty() {
        out.push_str("No gaps.\n");
    } else {
        out.push_str(&columns::terminal(
            &gap_columns(),
            doc.rows.len(),
            |i| gap_out(doc.ws, doc.rows[i]),
            style,
        ));
    }
    if !doc.team_actions.is_empty() {
        out.push_str("\nTeam actions\n");
        out.push_str(&team_table(&doc.team_actions, style));
    }
    super::text_doc(out)
}

pub fn markdown(doc: &ReportDoc) -> Vec<u8> {
    let mut out = format!("# Competence gap report ({})\n\n", doc.as_of);
    for line in summary_lines(doc) {
        out.push_str(&format!("- {}\n", markdown::cell(&line)));
    }
    out.push_str("\n## Individual gaps\n\n");
    if doc.rows.is_empty() {
        out.push_str("No gaps.\n");
    } else {
        out.push_str(&columns::markdown(&gap_markdown_columns(), doc.gaps()));
    }
    out.push_str("\n## Team actions\n\n");
    out.push_str(&team_markdown(&doc.team_actions));
    super::text_doc(out)
}

/// The competence of a team action as shown: `5.10 Title`, or `(vacancy)`.
pub(crate) fn team_competence(a: &TeamOut) -> String {
    a.competence
        .as_ref()
        .map_or_else(|| "(vacancy)".to_string(), |c| format!("{c} {}", a.title))
}

/// The team actions table. On a narrow terminal the role and the action
/// stay whole.
fn team_columns<'a>() -> [TeamColumn<'a>; 5] {
    [
        TeamColumn::new("Role", |a, s| s.push_str(&a.role)).whole(),
        TeamColumn::new("Competence", |a, s| s.push_str(&team_competence(a))),
        TeamColumn::new("Action", |a, s| s.push_str(a.kind.as_str()))
            .whole()
            .colored(|a| {
                if a.kind == TeamKind::Hire {
                    Color::Red
                } else {
                    Color::Yellow
                }
            }),
        TeamColumn::new("Candidates", |a, s| {
            if let Some(c) = &a.candidates {
                s.push_str(&c.join(", "));
            }
        }),
        TeamColumn::new("Reason", |a, s| s.push_str(&a.reason)),
    ]
}

/// Team actions as a terminal table (shared by `report` and `coverage`).
pub fn team_table(actions: &[TeamOut], style: Style) -> String {
    columns::terminal_of(&team_columns(), actions, style)
}

/// Team actions as a Markdown table, or `None.` (shared by `report` and `coverage`).
pub fn team_markdown(actions: &[TeamOut]) -> String {
    if actions.is_empty() {
        return "None.\n".to_string();
    }
    columns::markdown(&team_columns(), actions)
}

tabular!(ReportDoc<'_>);
