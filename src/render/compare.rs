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
        out.push_str(&columns::terminal_of(&text_columns(), &c.rows, style));
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

/// One round of a row: before, or `AFTER`.
fn side<const AFTER: bool>(r: &CompareRow) -> Option<Side> {
    if AFTER { r.after } else { r.before }
}

/// The five CSV cells of one round, headed `names`: empty when the person
/// is not in the round, and the requirement's empty when the competence
/// is not required.
fn side_columns<'a, const AFTER: bool>(names: [&'static str; 5]) -> [RowColumn<'a>; 5] {
    let [rk, rs, hk, hs, gap] = names;
    [
        RowColumn::new(rk, |r, s| {
            some(
                s,
                side::<AFTER>(r)
                    .and_then(|x| x.required)
                    .map(|l| l.knowledge),
            )
        }),
        RowColumn::new(rs, |r, s| {
            some(
                s,
                side::<AFTER>(r).and_then(|x| x.required).map(|l| l.skill),
            )
        }),
        RowColumn::new(hk, |r, s| {
            some(s, side::<AFTER>(r).map(|x| x.held.knowledge))
        }),
        RowColumn::new(hs, |r, s| some(s, side::<AFTER>(r).map(|x| x.held.skill))),
        RowColumn::new(gap, |r, s| some(s, side::<AFTER>(r).map(|x| x.gap))),
    ]
}

/// `compare --format csv`.
fn csv_columns<'a>() -> Vec<RowColumn<'a>> {
    let mut columns = vec![
        RowColumn::new("person", |r, s| s.push_str(&r.person)),
        RowColumn::new("name", |r, s| s.push_str(&r.name)),
        RowColumn::new("competence", |r, s| s.push_str(&r.competence)),
        RowColumn::new("title", |r, s| s.push_str(&r.title)),
    ];
    columns.extend(side_columns::<false>([
        "required_knowledge_before",
        "required_skill_before",
        "held_knowledge_before",
        "held_skill_before",
        "gap_before",
    ]));
    columns.extend(side_columns::<true>([
        "required_knowledge_after",
        "required_skill_after",
        "held_knowledge_after",
        "held_skill_after",
        "gap_after",
    ]));
    columns.push(RowColumn::new("change", |r, s| {
        s.push_str(r.change.as_str())
    }));
    columns
}

pub fn csv(c: &Comparison) -> Vec<u8> {
    columns::csv_of(&csv_columns(), &c.rows)
}

pub fn json(c: &Comparison) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(c).unwrap_or_default();
    v.push(b'\n');
    v
}

tabular!(Comparison);
