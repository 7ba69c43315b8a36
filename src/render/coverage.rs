//! The `coverage` output: the team matrix (people × required competences,
//! held against required), the bus factor of each competence, and the team
//! actions.
//!
//! [`crate::engine::coverage::matrix`] decides who and what is shown and
//! computes each cell; [`build`] only names them (ids, titles) in a
//! [`CoverageDoc`], and the writers below lay it out. Its JSON
//! form is `coverage --format json`. The table and Markdown forms group
//! people by role (a person with two roles shows under both), the CSV form
//! is long (one row per person and required competence) for pivoting.

use super::columns;
use super::csv::{CsvOut, join};
use super::report::{TeamOut, team_markdown, team_out, team_table};
use super::table::{aligned_to_text, colored, new_table};
use super::{Style, markdown as md, pair};
use crate::engine::coverage::matrix;
use crate::engine::{Analysis, BusStatus};
use crate::model::{CompIdx, Levels, Workspace};
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

pub use crate::engine::coverage::{Counts, Filter, Status};

/// One column of the matrix: a competence some shown role requires.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub competence: String,
    pub title: String,
}

/// One cell: a person's held level in a competence against their requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellOut {
    pub competence: String,
    /// The person's requirement (the stricter of their roles), or null.
    pub required: Option<Levels>,
    /// The levels that count (after expiry and capping).
    pub held: Levels,
    /// `met`, `short`, `missing` or `not required`.
    pub status: Status,
    /// `required - held` in the worse dimension (not in JSON).
    #[serde(skip)]
    pub gap: u8,
    /// The person's roles that require it (not in JSON; the CSV `role`).
    #[serde(skip)]
    pub required_by: Vec<String>,
}

/// One person's row of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    pub person: String,
    pub name: String,
    pub roles: Vec<String>,
    /// One per column, in column order.
    pub cells: Vec<CellOut>,
}

/// A block of the matrix: one role's holders, or the people with no role.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The role id; `None` for people with no role.
    pub role: Option<String>,
    /// The role's own requirement per column.
    pub required: Vec<Option<Levels>>,
    /// Indices into [`CoverageDoc::matrix`].
    pub members: Vec<usize>,
}

/// Bus factor of one competence (rule 9).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BusOut {
    pub competence: String,
    pub title: String,
    /// The highest requirement any role sets, per dimension.
    pub required: Levels,
    /// People meeting the knowledge requirement.
    pub knowledge: usize,
    /// People meeting the skill requirement.
    pub skill: usize,
    /// `uncovered`, `single point of failure` or `ok`.
    pub status: BusStatus,
}

/// The whole coverage view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageDoc {
    pub as_of: String,
    /// Competences shown, in catalog order (not in JSON; the cells name them).
    #[serde(skip)]
    pub columns: Vec<Column>,
    /// Everyone shown, once each, in id order.
    pub matrix: Vec<MatrixRow>,
    /// Role blocks of the table and Markdown forms (not in JSON).
    #[serde(skip)]
    pub groups: Vec<Group>,
    /// One per column.
    pub bus_factor: Vec<BusOut>,
    pub team_actions: Vec<TeamOut>,
    /// Cell counts (not in JSON).
    #[serde(skip)]
    pub counts: Counts,
}

/// The coverage view of what [`matrix`] selects, with ids and titles.
pub fn build(ws: &Workspace, analysis: &Analysis, filter: &Filter) -> CoverageDoc {
    let m = matrix(ws, analysis, filter);
    let competence = |c: CompIdx| &ws.catalog.competences[c];
    let role_id = |r: usize| ws.roles[r].id.clone();
    let columns = m
        .columns
        .iter()
        .map(|&c| Column {
            competence: competence(c).id.clone(),
            title: competence(c).title.clone(),
        })
        .collect();
    let matrix = m
        .lines
        .into_iter()
        .map(|line| {
            let person = &ws.people[line.person];
            MatrixRow {
                person: person.id.clone(),
                name: person.name.clone(),
                roles: ws.role_ids(person).map(str::to_string).collect(),
                cells: line
                    .cells
                    .into_iter()
                    .map(|cell| CellOut {
                        competence: competence(cell.competence).id.clone(),
                        required: cell.required,
                        held: cell.held,
                        status: cell.status,
                        gap: cell.gap,
                        required_by: cell.required_by.into_iter().map(role_id).collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    let groups = m
        .blocks
        .into_iter()
        .map(|b| Group {
            role: b.role.map(role_id),
            required: b.required,
            members: b.members,
        })
        .collect();
    let bus_factor = m
        .bus
        .iter()
        .map(|&i| &analysis.bus[i])
        .map(|b| BusOut {
            competence: competence(b.competence).id.clone(),
            title: competence(b.competence).title.clone(),
            required: b.required,
            knowledge: b.knowledge,
            skill: b.skill,
            status: b.bus_status(),
        })
        .collect();
    let team_actions = m
        .team_actions
        .iter()
        .map(|&i| team_out(ws, &analysis.team_actions[i]))
        .collect();
    CoverageDoc {
        as_of: analysis.as_of.to_string(),
        columns,
        matrix,
        groups,
        bus_factor,
        team_actions,
        counts: m.counts,
    }
}

/// The text of a matrix cell: `4/4 ✓`, `3/2 -2`, `0/0 ✗`, `(3/3)` or `·`.
pub fn cell_text(cell: &CellOut) -> String {
    match cell.status {
        Status::Met => format!("{} ✓", pair(cell.held)),
        Status::Short => format!("{} -{}", pair(cell.held), cell.gap),
        Status::Missing => format!("{} ✗", pair(cell.held)),
        Status::NotRequired if cell.held == Levels::default() => "·".to_string(),
        Status::NotRequired => format!("({})", pair(cell.held)),
    }
}

/// The meaning of the rows and cell marks, one line each.
pub(crate) const LEGEND: [&str; 2] = [
    "Rows: each role's requirement, then its holders (* holds several roles). Cells: held knowledge/skill against the person's requirement, the stricter of their roles.",
    "✓ met   -N short by N levels   ✗ missing (not held or not assessed)   (K/S) held, not required by the person's roles   · neither",
];

fn summary_line(doc: &CoverageDoc) -> String {
    let uncovered = doc
        .bus_factor
        .iter()
        .filter(|b| b.status == BusStatus::Uncovered)
        .count();
    let single = doc
        .bus_factor
        .iter()
        .filter(|b| b.status == BusStatus::SinglePointOfFailure)
        .count();
    let roles = doc.groups.iter().filter(|g| g.role.is_some()).count();
    let no_role = doc
        .groups
        .iter()
        .filter(|g| g.role.is_none())
        .map(|g| g.members.len())
        .sum::<usize>();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "As of {}: {}{}, {}, {}. Cells: {} met, {} short, {} missing. \
         Bus factor: {} uncovered, {}.",
        doc.as_of,
        plural(doc.matrix.len(), "person", "people"),
        if no_role > 0 {
            format!(" ({no_role} with no role)")
        } else {
            String::new()
        },
        plural(roles, "role", "roles"),
        plural(
            doc.columns.len(),
            "required competence",
            "required competences"
        ),
        doc.counts.met,
        doc.counts.short,
        doc.counts.missing,
        uncovered,
        plural(
            single,
            "single point of failure",
            "single points of failure"
        ),
    )
}

/// `coverage --format csv` columns: one row per person and required competence.
pub const CSV_HEADER: &[&str] = &[
    "role",
    "person",
    "name",
    "competence",
    "title",
    "required_knowledge",
    "required_skill",
    "held_knowledge",
    "held_skill",
    "status",
];

/// Long form: one row per (person, required competence), people in id
/// order, competences in catalog order. `role` names the person's roles
/// that require the competence.
pub fn csv(doc: &CoverageDoc) -> Vec<u8> {
    let mut out = CsvOut::new(CSV_HEADER);
    for row in &doc.matrix {
        for (col, cell) in doc.columns.iter().zip(&row.cells) {
            let Some(required) = cell.required else {
                continue;
            };
            out.row([
                join(&cell.required_by),
                row.person.clone(),
                row.name.clone(),
                col.competence.clone(),
                col.title.clone(),
                required.knowledge.to_string(),
                required.skill.to_string(),
                cell.held.knowledge.to_string(),
                cell.held.skill.to_string(),
                cell.status.as_str().to_string(),
            ]);
        }
    }
    out.finish()
}

pub fn json(doc: &CoverageDoc) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(doc).unwrap_or_default();
    v.push(b'\n');
    v
}

fn status_cell(cell: &CellOut, style: Style) -> Cell {
    let text = matrix_cell_text(cell);
    match cell.status {
        Status::Met => colored(text, Color::Green, style),
        Status::Short => colored(text, Color::Yellow, style),
        Status::Missing => colored(text, Color::Red, style),
        Status::NotRequired if style.color => {
            super::table::cell(text).add_attribute(Attribute::Dim)
        }
        Status::NotRequired => super::table::cell(text),
    }
}

type BusColumn<'a> = columns::Column<&'a BusOut>;

/// The bus factor table: the id and the counts stay whole, the counts
/// aligned right.
fn bus_columns<'a>() -> [BusColumn<'a>; 6] {
    [
        BusColumn::new("Competence", |b, s| s.push_str(&b.competence)).whole(),
        BusColumn::new("Title", |b, s| s.push_str(&b.title)),
        BusColumn::new("Highest req K/S", |b, s| s.push_str(&pair(b.required)))
            .whole()
            .right(),
        BusColumn::new("Knowledge", |b, s| s.push_str(&b.knowledge.to_string()))
            .whole()
            .right(),
        BusColumn::new("Skill", |b, s| s.push_str(&b.skill.to_string()))
            .whole()
            .right(),
        BusColumn::new("Bus factor", |b, s| s.push_str(b.status.as_str()))
            .colored(|b| bus_color(b.status)),
    ]
}

fn bus_color(status: BusStatus) -> Color {
    match status {
        BusStatus::Uncovered => Color::Red,
        BusStatus::SinglePointOfFailure => Color::Yellow,
        BusStatus::Ok => Color::Green,
    }
}

/// The person's id, starred when they hold several roles (their cells
/// then follow the stricter requirement, which the role row may not show).
fn person_label(row: &MatrixRow) -> String {
    if row.roles.len() > 1 {
        format!("{}*", row.person)
    } else {
        row.person.clone()
    }
}

fn required_text(r: Option<Levels>) -> String {
    r.map(pair).unwrap_or_default()
}

/// A cell of the terminal matrix, seven wide: a blank (or `(`), the held
/// levels, then the mark in two columns, so that the levels of every row
/// line up.
fn matrix_cell_text(cell: &CellOut) -> String {
    let held = pair(cell.held);
    match cell.status {
        Status::Met => format!(" {held}  ✓"),
        Status::Short => format!(" {held} {:>2}", format!("-{}", cell.gap)),
        Status::Missing => format!(" {held}  ✗"),
        Status::NotRequired if cell.held == Levels::default() => "   ·   ".to_string(),
        Status::NotRequired => format!("({held})  "),
    }
}

/// Width of the matrix's first column and of one competence column.
fn matrix_widths(doc: &CoverageDoc) -> (usize, impl Fn(&Column) -> usize) {
    let label = doc
        .groups
        .iter()
        .flat_map(|g| {
            let role = g.role.as_deref().unwrap_or("(no role)").width();
            let people = g
                .members
                .iter()
                .map(|&m| 2 + person_label(&doc.matrix[m]).width());
            std::iter::once(role).chain(people)
        })
        .chain(["Role / person".width(), "  (no holder)".width()])
        .max()
        .unwrap_or(0);
    (label, |c: &Column| c.competence.width().max(7))
}

/// The competence columns of each matrix printed: all of them, or on a
/// terminal narrower than the matrix as many as fit at a time (the role
/// and person column repeated in each part).
fn matrix_parts(doc: &CoverageDoc, style: Style) -> Vec<std::ops::Range<usize>> {
    let n = doc.columns.len();
    let Some(width) = style.width else {
        return std::iter::once(0..n).collect();
    };
    let (label, column) = matrix_widths(doc);
    // Padding: two blanks around the label, one after each cell, one between columns.
    let mut parts = Vec::new();
    let mut start = 0;
    let mut used = label + 2;
    for (i, c) in doc.columns.iter().enumerate() {
        let w = column(c) + 2;
        if i > start && used + w > width {
            parts.push(start..i);
            start = i;
            used = label + 2;
        }
        used += w;
    }
    parts.push(start..n);
    parts
}

/// The matrix for the competence columns `columns`.
fn matrix_table(doc: &CoverageDoc, columns: std::ops::Range<usize>, style: Style) -> String {
    let mut header = vec!["Role / person"];
    header.extend(
        doc.columns[columns.clone()]
            .iter()
            .map(|c| c.competence.as_str()),
    );
    let mut t = new_table(&header, style);
    // A matrix is read across: unlike other tables fitted to a width
    // (which `new_table` lets wrap), never wrap a cell; a narrow terminal
    // gets the matrix in parts instead (see `matrix_parts`).
    t.set_content_arrangement(ContentArrangement::Disabled);
    for (n, g) in doc.groups.iter().enumerate() {
        if n > 0 {
            super::table::add_row(&mut t, vec![super::table::cell(""); header.len()]);
        }
        // The role's own row shows what it requires; its holders follow, indented.
        let label = g.role.clone().unwrap_or_else(|| "(no role)".to_string());
        let mut r = vec![if style.color {
            super::table::cell(&label).add_attribute(Attribute::Bold)
        } else {
            super::table::cell(&label)
        }];
        r.extend(
            g.required[columns.clone()]
                .iter()
                .map(|&q| super::table::cell(format!(" {:<6}", required_text(q)))),
        );
        super::table::add_row(&mut t, r);
        if g.members.is_empty() {
            super::table::add_row(&mut t, vec![super::table::cell("  (no holder)")]);
        }
        for &m in &g.members {
            let row = &doc.matrix[m];
            let mut r = vec![super::table::cell(format!("  {}", person_label(row)))];
            r.extend(
                row.cells[columns.clone()]
                    .iter()
                    .map(|c| status_cell(c, style)),
            );
            super::table::add_row(&mut t, r);
        }
    }
    for i in 1..header.len() {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Left);
            col.set_padding((0, 1));
        }
    }
    aligned_to_text(&t)
}

pub fn table(doc: &CoverageDoc, style: Style) -> Vec<u8> {
    let mut out = summary_line(doc);
    out.push_str("\n\n");
    if doc.groups.is_empty() {
        out.push_str("No roles and nobody to show.\n");
        return super::text_doc(out);
    }
    for columns in matrix_parts(doc, style) {
        out.push_str(&matrix_table(doc, columns, style));
    }
    for line in LEGEND {
        out.push_str(line);
        out.push('\n');
    }

    if !doc.bus_factor.is_empty() {
        out.push_str("\nCompetences and bus factor (people meeting the highest requirement)\n");
        out.push_str(&columns::terminal_of(
            &bus_columns(),
            &doc.bus_factor,
            style,
        ));
    }
    if doc.team_actions.is_empty() {
        out.push_str("\nTeam actions: none.\n");
    } else {
        out.push_str("\nTeam actions\n");
        out.push_str(&team_table(&doc.team_actions, style));
    }
    super::text_doc(out)
}

pub fn markdown(doc: &CoverageDoc) -> Vec<u8> {
    let mut out = format!("# Competence coverage ({})\n\n", doc.as_of);
    out.push_str(&summary_line(doc));
    out.push_str("\n\n## Team matrix\n\n");
    let mut header = vec!["Role".to_string(), "Person".to_string()];
    header.extend(doc.columns.iter().map(|c| md::cell(&c.competence)));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for g in &doc.groups {
        let label = g
            .role
            .as_deref()
            .map_or_else(|| "(no role)".to_string(), md::cell);
        if g.role.is_some() {
            let mut r = vec![format!("**{label}**"), "*required*".to_string()];
            r.extend(g.required.iter().map(|&q| required_text(q)));
            rows.push(r);
        }
        if g.members.is_empty() {
            rows.push(vec![String::new(), "(no holder)".to_string()]);
            rows.last_mut()
                .into_iter()
                .for_each(|r| r.resize(header.len(), String::new()));
        }
        for (i, &m) in g.members.iter().enumerate() {
            let row = &doc.matrix[m];
            let lead = if g.role.is_none() && i == 0 {
                format!("**{label}**")
            } else {
                String::new()
            };
            let mark = if row.roles.len() > 1 { "*" } else { "" };
            let mut r = vec![lead, format!("{}{mark}", md::cell(&row.person))];
            r.extend(row.cells.iter().map(cell_text));
            rows.push(r);
        }
    }
    out.push_str(&md::markup_table(&header, &rows));
    out.push('\n');
    for line in LEGEND {
        out.push_str(&format!("- {line}\n"));
    }
    out.push_str("\n## Competences and bus factor\n\n");
    if doc.bus_factor.is_empty() {
        out.push_str("No role requires a competence.\n");
    } else {
        out.push_str(&columns::markdown(&bus_columns(), &doc.bus_factor));
    }
    out.push_str("\n## Team actions\n\n");
    out.push_str(&team_markdown(&doc.team_actions));
    super::text_doc(out)
}

tabular!(CoverageDoc);
