//! Comparing two assessment rounds (ISO/IEC 27001 9.3: the trend of the
//! competence KPI for the management review). No I/O.
//!
//! Each round is a workspace analysed on its own with the same `as_of`.
//! Rows are matched on (person id, competence id): the union of the rows
//! required in either round. A person present in one round only has
//! `joined` or `left` rows; otherwise a row is `closed` (gap → 0, including
//! a competence no longer required), `opened` (0 → gap, including a newly
//! required competence), `improved`, `worsened` or `unchanged`.

use super::{Analysis, Totals};
use crate::model::{Levels, Workspace};
use serde::Serialize;
use std::collections::BTreeMap;

/// How a person × competence row changed between the rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Closed,
    Opened,
    Improved,
    Worsened,
    Unchanged,
    /// The person is only in the new round.
    Joined,
    /// The person is only in the old round.
    Left,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Closed => "closed",
            Change::Opened => "opened",
            Change::Improved => "improved",
            Change::Worsened => "worsened",
            Change::Unchanged => "unchanged",
            Change::Joined => "joined",
            Change::Left => "left",
        }
    }
}

/// One round's view of a person × competence (the person is in the round).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Side {
    /// The requirement, or `None` if no role of the person requires it.
    pub required: Option<Levels>,
    /// Levels that count (after expiry and capping).
    pub held: Levels,
    /// 0 when met or not required.
    pub gap: u8,
}

/// One person × competence across the two rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    pub person: String,
    pub name: String,
    pub competence: String,
    pub title: String,
    /// `None`: the person is not in the old round.
    pub before: Option<Side>,
    /// `None`: the person is not in the new round.
    pub after: Option<Side>,
    pub change: Change,
}

impl CompareRow {
    pub fn gap_before(&self) -> u8 {
        self.before.map_or(0, |s| s.gap)
    }

    pub fn gap_after(&self) -> u8 {
        self.after.map_or(0, |s| s.gap)
    }

    /// A gap in at least one round.
    pub fn has_gap(&self) -> bool {
        self.gap_before() > 0 || self.gap_after() > 0
    }
}

/// The headline figures of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareSummary {
    pub total_gap_points_before: u64,
    pub total_gap_points_after: u64,
    /// (before − after) / before × 100, one decimal; `None` when the old
    /// round had no gap points. Negative when gap points grew.
    pub percentage_closed: Option<f64>,
    pub gaps_before: usize,
    pub gaps_after: usize,
    pub gaps_closed: usize,
    pub gaps_opened: usize,
    pub gaps_improved: usize,
    pub gaps_worsened: usize,
    /// Gaps open in both rounds at the same size.
    pub gaps_unchanged: usize,
    /// People in both rounds whose total gap went down, by id.
    pub people_improved: Vec<String>,
    /// People in both rounds whose total gap went up, by id.
    pub people_worsened: Vec<String>,
    pub people_joined: Vec<String>,
    pub people_left: Vec<String>,
}

/// Two rounds compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub as_of: String,
    pub summary: CompareSummary,
    /// By person id, then catalog order.
    pub rows: Vec<CompareRow>,
}

/// (before − after) / before in percent, rounded to one decimal.
pub fn percentage_closed(before: u64, after: u64) -> Option<f64> {
    if before == 0 {
        return None;
    }
    // Integer arithmetic, rounded half away from zero, so the figure is exact.
    let num = (i128::from(before) - i128::from(after)) * 1000;
    let den = i128::from(before);
    let tenths = (2 * num + den * num.signum()) / (2 * den);
    Some(tenths as f64 / 10.0)
}

struct Round<'a> {
    ws: &'a Workspace,
    analysis: &'a Analysis,
}

impl Round<'_> {
    /// (required, gap) of the required rows, by (person id, competence id).
    fn required(&self) -> BTreeMap<(String, String), (Levels, u8)> {
        self.analysis
            .rows
            .iter()
            .map(|r| {
                (
                    (
                        self.ws.people[r.person].id.clone(),
                        self.ws.catalog.competences[r.competence].id.clone(),
                    ),
                    (r.required, r.gap),
                )
            })
            .collect()
    }

    fn side(&self, person: &str, competence: &str) -> Option<Side> {
        let p = self.ws.person_index(person)?;
        let held = self
            .ws
            .catalog
            .find(competence)
            .map_or(Levels::default(), |c| self.analysis.held[p][c]);
        Some(Side {
            required: None,
            held,
            gap: 0,
        })
    }
}

/// Each person's total gap (before, after), by person id.
pub fn per_person(rows: &[CompareRow]) -> BTreeMap<&str, (u64, u64)> {
    let mut out: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for r in rows {
        let e = out.entry(r.person.as_str()).or_default();
        e.0 += u64::from(r.gap_before());
        e.1 += u64::from(r.gap_after());
    }
    out
}

/// Compare the old round with the new one.
pub fn compare(
    old_ws: &Workspace,
    old: &Analysis,
    new_ws: &Workspace,
    new: &Analysis,
) -> Comparison {
    let old_round = Round {
        ws: old_ws,
        analysis: old,
    };
    let new_round = Round {
        ws: new_ws,
        analysis: new,
    };
    let req_old = old_round.required();
    let req_new = new_round.required();
    let mut keys: Vec<&(String, String)> = req_old.keys().chain(req_new.keys()).collect();
    keys.sort();
    keys.dedup();
    let order = |c: &str| {
        new_ws
            .catalog
            .find(c)
            .or_else(|| old_ws.catalog.find(c).map(|i| i + new_ws.catalog.len()))
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<CompareRow> = keys
        .into_iter()
        .map(|key @ (person, comp)| {
            let mut before = old_round.side(person, comp);
            if let (Some(s), Some(&(req, gap))) = (before.as_mut(), req_old.get(key)) {
                s.required = Some(req);
                s.gap = gap;
            }
            let mut after = new_round.side(person, comp);
            if let (Some(s), Some(&(req, gap))) = (after.as_mut(), req_new.get(key)) {
                s.required = Some(req);
                s.gap = gap;
            }
            let change = match (before, after) {
                (None, _) => Change::Joined,
                (_, None) => Change::Left,
                (Some(b), Some(a)) => match (b.gap, a.gap) {
                    (g, 0) if g > 0 => Change::Closed,
                    (0, g) if g > 0 => Change::Opened,
                    (b, a) if a < b => Change::Improved,
                    (b, a) if a > b => Change::Worsened,
                    _ => Change::Unchanged,
                },
            };
            let name = new_ws
                .person_index(person)
                .map(|p| new_ws.people[p].name.clone())
                .or_else(|| {
                    old_ws
                        .person_index(person)
                        .map(|p| old_ws.people[p].name.clone())
                })
                .unwrap_or_default();
            let title = new_ws
                .catalog
                .get(comp)
                .or_else(|| old_ws.catalog.get(comp))
                .map(|c| c.title.clone())
                .unwrap_or_default();
            CompareRow {
                person: person.clone(),
                name,
                competence: comp.clone(),
                title,
                before,
                after,
                change,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.person
            .cmp(&b.person)
            .then_with(|| order(&a.competence).cmp(&order(&b.competence)))
    });

    let before = Totals::of(&old.rows);
    let after = Totals::of(&new.rows);
    let count = |c: Change| {
        rows.iter()
            .filter(|r| r.change == c && (c != Change::Unchanged || r.gap_after() > 0))
            .count()
    };
    let per_person = per_person(&rows);
    let in_both = |p: &str| old_ws.person_index(p).is_some() && new_ws.person_index(p).is_some();
    let people = |keep: &dyn Fn(u64, u64) -> bool| -> Vec<String> {
        per_person
            .iter()
            .filter(|(p, (b, a))| in_both(p) && keep(*b, *a))
            .map(|(p, _)| p.to_string())
            .collect()
    };
    let mut joined: Vec<String> = new_ws
        .people
        .iter()
        .filter(|p| old_ws.person_index(&p.id).is_none())
        .map(|p| p.id.clone())
        .collect();
    joined.sort();
    let mut left: Vec<String> = old_ws
        .people
        .iter()
        .filter(|p| new_ws.person_index(&p.id).is_none())
        .map(|p| p.id.clone())
        .collect();
    left.sort();
    let summary = CompareSummary {
        total_gap_points_before: before.total_gap_points,
        total_gap_points_after: after.total_gap_points,
        percentage_closed: percentage_closed(before.total_gap_points, after.total_gap_points),
        gaps_before: before.gaps,
        gaps_after: after.gaps,
        gaps_closed: count(Change::Closed),
        gaps_opened: count(Change::Opened),
        gaps_improved: count(Change::Improved),
        gaps_worsened: count(Change::Worsened),
        gaps_unchanged: count(Change::Unchanged),
        people_improved: people(&|b, a| a < b),
        people_worsened: people(&|b, a| a > b),
        people_joined: joined,
        people_left: left,
    };
    Comparison {
        as_of: new.as_of.to_string(),
        summary,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::percentage_closed;

    #[test]
    fn percentage_is_rounded_to_one_decimal() {
        assert_eq!(percentage_closed(7, 5), Some(28.6));
        assert_eq!(percentage_closed(3, 2), Some(33.3));
        assert_eq!(percentage_closed(8, 0), Some(100.0));
        assert_eq!(percentage_closed(4, 5), Some(-25.0));
        assert_eq!(percentage_closed(3, 4), Some(-33.3));
        assert_eq!(percentage_closed(0, 3), None);
        assert_eq!(percentage_closed(200, 199), Some(0.5));
    }
}
