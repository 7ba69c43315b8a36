//! The `compare` output: the KPI before and after, then per person and
//! competence the levels and gaps of both rounds and how they changed.
//!
//! By default only rows with a gap in at least one round are listed; with
//! `all`, rows met in both rounds too. The summary always counts everything.

use super::columns::{self, Column};
use super::{Style, markdown, pair};
use crate::engine::compare::{Change, CompareRow, Comparison, Side};
use comfy_table::Color;

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

type RowColumn<'a> = Column<&'a CompareRow>;

/// The comparison on a terminal and in Markdown. Only the competence's
/// title gives way; then the requirements, which rarely change between
/// rounds, are left out.
fn text_columns<'a>() -> [RowColumn<'a>; 9] {
    [
        RowColumn::new("Person", |r, s| s.push_str(&r.person)).whole(),
        RowColumn::new("Competence", |r, s| {
            s.push_str(&format!("{} {}", r.competence, r.title));
        }),
        RowColumn::new("Req before", |r, s| s.push_str(&req(r.before)))
            .whole()
            .dropped(0),
        RowColumn::new("Held before", |r, s| s.push_str(&held(r.before))).whole(),
        RowColumn::new("Gap before", |r, s| s.push_str(&gap(r.before))).whole(),
        RowColumn::new("Req after", |r, s| s.push_str(&req(r.after)))
            .whole()
            .dropped(1),
        RowColumn::new("Held after", |r, s| s.push_str(&held(r.after))).whole(),
        RowColumn::new("Gap after", |r, s| s.push_str(&gap(r.after))).whole(),
        RowColumn::new("Change", |r, s| s.push_str(r.change.as_str()))
            .whole()
            .colored(|r| change_color(r.change)),
    ]
}

/// The text cells of one row (the HTML page's table).
pub(crate) fn text_cells(r: &CompareRow) -> Vec<String> {
    columns::texts(&text_columns(), &r)
}

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
        out.push_str(&columns::terminal(
            &text_columns(),
            c.rows.len(),
            |i| &c.rows[i],
            style,
        ));
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
        out.push_str(&columns::markdown(&text_columns(), &c.rows));
    }
    super::text_doc(out)
}

/// A number for a cell, or nothing.
fn some(s: &mut String, n: Option<u8>) {
    if let Some(n) = n {
        s.push_str(&n.to_string());
    }
}

/// `compare --format csv`. A side's cells are empty when the person is not
/// in the round, and its requirement cells when the competence is not
/// required.
fn csv_columns<'a>() -> [RowColumn<'a>; 15] {
    [
        RowColumn::new("person", |r, s| s.push_str(&r.person)),
        RowColumn::new("name", |r, s| s.push_str(&r.name)),
        RowColumn::new("competence", |r, s| s.push_str(&r.competence)),
        RowColumn::new("title", |r, s| s.push_str(&r.title)),
        RowColumn::new("required_knowledge_before", |r, s| {
            some(s, r.before.and_then(|b| b.required).map(|l| l.knowledge));
        }),
        RowColumn::new("required_skill_before", |r, s| {
            some(s, r.before.and_then(|b| b.required).map(|l| l.skill));
        }),
        RowColumn::new("held_knowledge_before", |r, s| {
            some(s, r.before.map(|b| b.held.knowledge));
        }),
        RowColumn::new("held_skill_before", |r, s| {
            some(s, r.before.map(|b| b.held.skill))
        }),
        RowColumn::new("gap_before", |r, s| some(s, r.before.map(|b| b.gap))),
        RowColumn::new("required_knowledge_after", |r, s| {
            some(s, r.after.and_then(|a| a.required).map(|l| l.knowledge));
        }),
        RowColumn::new("required_skill_after", |r, s| {
            some(s, r.after.and_then(|a| a.required).map(|l| l.skill));
        }),
        RowColumn::new("held_knowledge_after", |r, s| {
            some(s, r.after.map(|a| a.held.knowledge));
        }),
        RowColumn::new("held_skill_after", |r, s| {
            some(s, r.after.map(|a| a.held.skill))
        }),
        RowColumn::new("gap_after", |r, s| some(s, r.after.map(|a| a.gap))),
        RowColumn::new("change", |r, s| s.push_str(r.change.as_str())),
    ]
}

pub fn csv(c: &Comparison) -> Vec<u8> {
    columns::csv(&csv_columns(), c.rows.len(), |i| &c.rows[i])
}

pub fn json(c: &Comparison) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(c).unwrap_or_default();
    v.push(b'\n');
    v
}

tabular!(Comparison);
