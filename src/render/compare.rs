//! The `compare` output: the KPI before and after, then per person and
//! competence the levels and gaps of both rounds and how they changed.
//!
//! By default only rows with a gap in at least one round are listed; with
//! `all`, rows met in both rounds too. The summary always counts everything.

use super::csv::CsvOut;
use super::table::{colored, fitted_with_note, keep_whole, new_table};
use super::{Style, markdown, pair};
use crate::engine::compare::{Change, CompareRow, Comparison, Side};
use comfy_table::{Cell, Color};

/// The comparison with only the rows to show.
pub fn filtered(c: &Comparison, all: bool) -> Comparison {
    Comparison {
        as_of: c.as_of.clone(),
        summary: c.summary.clone(),
        rows: c
            .rows
            .iter()
            .filter(|r| all || r.has_gap())
            .cloned()
            .collect(),
    }
}

pub(crate) fn percent(c: &Comparison) -> String {
    match c.summary.percentage_closed {
        Some(p) => format!("{p:.1}% closed"),
        None => "no gap points in the old round".to_string(),
    }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}

fn summary_lines(c: &Comparison) -> Vec<String> {
    let s = &c.summary;
    vec![
        format!("Compared as of {}.", c.as_of),
        format!(
            "Total gap points: {} before, {} after ({}).",
            s.total_gap_points_before,
            s.total_gap_points_after,
            percent(c)
        ),
        format!(
            "Gaps: {} before, {} after; {} closed, {} opened, {} improved, {} worsened, {} unchanged.",
            s.gaps_before,
            s.gaps_after,
            s.gaps_closed,
            s.gaps_opened,
            s.gaps_improved,
            s.gaps_worsened,
            s.gaps_unchanged
        ),
        format!(
            "People improved: {}. Worsened: {}. Joined: {}. Left: {}.",
            list(&s.people_improved),
            list(&s.people_worsened),
            list(&s.people_joined),
            list(&s.people_left)
        ),
    ]
}

fn req(s: Option<Side>) -> String {
    match s {
        Some(Side {
            required: Some(r), ..
        }) => pair(r),
        Some(_) => "not required".to_string(),
        None => "-".to_string(),
    }
}

fn held(s: Option<Side>) -> String {
    s.map_or_else(|| "-".to_string(), |s| pair(s.held))
}

fn gap(s: Option<Side>) -> String {
    s.map_or_else(|| "-".to_string(), |s| s.gap.to_string())
}

pub(crate) fn text_cells(r: &CompareRow) -> Vec<String> {
    vec![
        r.person.clone(),
        format!("{} {}", r.competence, r.title),
        req(r.before),
        held(r.before),
        gap(r.before),
        req(r.after),
        held(r.after),
        gap(r.after),
        r.change.as_str().to_string(),
    ]
}

const TEXT_HEADER: [&str; 9] = [
    "Person",
    "Competence",
    "Req before",
    "Held before",
    "Gap before",
    "Req after",
    "Held after",
    "Gap after",
    "Change",
];

fn change_color(c: Change) -> Color {
    match c {
        Change::Closed | Change::Improved => Color::Green,
        Change::Opened | Change::Worsened => Color::Red,
        _ => Color::Reset,
    }
}

pub fn table(c: &Comparison, style: Style) -> Vec<u8> {
    let lines: Vec<String> = summary_lines(c)
        .iter()
        .map(|l| crate::escape::terminal(l).into_owned())
        .collect();
    let mut out = lines.join("\n");
    out.push_str("\n\n");
    if c.rows.is_empty() {
        out.push_str("No gaps in either round.\n");
    } else {
        let mut t = new_table(&TEXT_HEADER, style);
        for r in &c.rows {
            let mut cells: Vec<Cell> = text_cells(r).into_iter().map(super::table::cell).collect();
            cells[8] = colored(r.change.as_str(), change_color(r.change), style);
            super::table::add_row(&mut t, cells);
        }
        // Only the competence's title gives way; then the requirements,
        // which rarely change between rounds.
        keep_whole(&mut t, &[0, 2, 3, 4, 5, 6, 7, 8], style);
        out.push_str(&fitted_with_note(&t, &[2, 5]));
    }
    super::text_doc(out)
}

pub fn markdown(c: &Comparison) -> Vec<u8> {
    let mut out = format!("# Assessment rounds compared ({})\n\n", c.as_of);
    for line in summary_lines(c) {
        out.push_str(&format!("- {}\n", markdown::cell(&line)));
    }
    out.push('\n');
    if c.rows.is_empty() {
        out.push_str("No gaps in either round.\n");
    } else {
        let rows: Vec<Vec<String>> = c.rows.iter().map(text_cells).collect();
        out.push_str(&markdown::table(&TEXT_HEADER, &rows));
    }
    super::text_doc(out)
}

/// `compare --format csv` columns.
pub const CSV_HEADER: [&str; 15] = [
    "person",
    "name",
    "competence",
    "title",
    "required_knowledge_before",
    "required_skill_before",
    "held_knowledge_before",
    "held_skill_before",
    "gap_before",
    "required_knowledge_after",
    "required_skill_after",
    "held_knowledge_after",
    "held_skill_after",
    "gap_after",
    "change",
];

/// Five cells of one side; empty when the person is not in the round, and
/// empty requirement cells when the competence is not required.
fn side_cells(s: Option<Side>) -> [String; 5] {
    let Some(s) = s else {
        return Default::default();
    };
    let (rk, rs) = s.required.map_or((String::new(), String::new()), |r| {
        (r.knowledge.to_string(), r.skill.to_string())
    });
    [
        rk,
        rs,
        s.held.knowledge.to_string(),
        s.held.skill.to_string(),
        s.gap.to_string(),
    ]
}

pub fn csv(c: &Comparison) -> Vec<u8> {
    let mut out = CsvOut::new(&CSV_HEADER);
    for r in &c.rows {
        out.row(
            [
                r.person.clone(),
                r.name.clone(),
                r.competence.clone(),
                r.title.clone(),
            ]
            .into_iter()
            .chain(side_cells(r.before))
            .chain(side_cells(r.after))
            .chain([r.change.as_str().to_string()]),
        );
    }
    out.finish()
}

pub fn json(c: &Comparison) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(c).unwrap_or_default();
    v.push(b'\n');
    v
}

tabular!(Comparison);
