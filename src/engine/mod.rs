//! The gap engine: the gap rules in the README ("The gap rules", numbered
//! 1–11 as cited here), one function each, with no I/O.
//!
//! [`analyze`] turns a [`Workspace`] into an [`Analysis`]: every required
//! row (met or not) in report order, with scores, flags, individual
//! actions and mentors, plus team actions and bus factors.

pub mod compare;
pub mod coverage;
pub mod mentors;
pub mod register;

use crate::model::{
    CompIdx, Criticality, Date, Held, Levels, Person, PersonIdx, Policy, RoleIdx, Workspace,
};
use mentors::MentorPool;
use rayon::prelude::*;
use serde::Serialize;
use std::cmp::Reverse;
use std::sync::Arc;

/// Severity band of a row's score (rule 5). `Met` is a row without a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Met,
    Low,
    Medium,
    High,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Met => "met",
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
        }
    }

    /// High / Medium / Low, for the register's Priority.
    pub fn priority(self) -> &'static str {
        match self {
            Band::High => "High",
            Band::Medium => "Medium",
            Band::Low | Band::Met => "Low",
        }
    }

    /// Suggested days from `as_of` to a plan's target date.
    pub fn target_days(self) -> i32 {
        match self {
            Band::High => 90,
            Band::Medium => 180,
            Band::Low | Band::Met => 365,
        }
    }
}

/// Row flags (rule 10), in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    pub unassessed: bool,
    pub stale: bool,
    pub unevidenced: bool,
    pub expired_evidence: bool,
    /// Evidence still valid but expiring within `policy.expiry_warning_days`.
    pub expiring: bool,
    pub capped: bool,
}

impl Flags {
    /// The flag names that are set, in a fixed order.
    pub fn names(self) -> Vec<&'static str> {
        [
            (self.unassessed, "unassessed"),
            (self.stale, "stale"),
            (self.unevidenced, "unevidenced"),
            (self.expired_evidence, "expired-evidence"),
            (self.expiring, "expiring"),
            (self.capped, "capped"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }
}

impl Serialize for Flags {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}

/// An individual action for a gap row (rule 7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Study the competence's knowledge items (full ids; shared by every
    /// row of the competence).
    Training { items: Arc<[String]> },
    /// Supervised practice with a named mentor from the organization.
    Mentoring { mentor: PersonIdx },
    /// No mentor available: an external coach or supervised practice.
    Coaching,
}

/// The kind of an individual action, as outputs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    Training,
    Mentoring,
    Coaching,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Training => "training",
            ActionKind::Mentoring => "mentoring",
            ActionKind::Coaching => "coaching",
        }
    }
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Training { .. } => ActionKind::Training,
            Action::Mentoring { .. } => ActionKind::Mentoring,
            Action::Coaching => ActionKind::Coaching,
        }
    }
}

/// One person × required competence.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub person: PersonIdx,
    pub competence: CompIdx,
    pub required: Levels,
    pub criticality: Criticality,
    /// Levels that count (after expiry and capping).
    pub held: Levels,
    pub knowledge_gap: u8,
    pub skill_gap: u8,
    pub gap: u8,
    pub coverage_factor: u32,
    pub score: u32,
    pub band: Band,
    pub actions: Vec<Action>,
    pub flags: Flags,
}

impl Row {
    pub fn is_gap(&self) -> bool {
        self.gap > 0
    }
}

/// The kind of a team action (rule 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TeamKind {
    Hire,
    Reassign,
    Develop,
}

impl TeamKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TeamKind::Hire => "hire",
            TeamKind::Reassign => "reassign",
            TeamKind::Develop => "develop",
        }
    }
}

/// Most reassignment candidates listed by name; the reason gives the total.
pub const MAX_CANDIDATES: usize = 10;

/// A team action for a role (rule 8).
#[derive(Debug, Clone, PartialEq)]
pub struct TeamAction {
    pub role: RoleIdx,
    /// `None` for a vacancy.
    pub competence: Option<CompIdx>,
    pub kind: TeamKind,
    /// Reassignment candidates, by id (at most [`MAX_CANDIDATES`]).
    pub candidates: Vec<PersonIdx>,
    pub reason: String,
}

/// Bus factor of one required competence (rule 9).
#[derive(Debug, Clone, PartialEq)]
pub struct BusFactor {
    pub competence: CompIdx,
    /// The highest requirement any role sets, per dimension.
    pub required: Levels,
    /// People meeting it, per dimension.
    pub knowledge: usize,
    pub skill: usize,
}

/// How many people hold a required competence, in words (rule 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BusStatus {
    /// Nobody meets it.
    #[serde(rename = "uncovered")]
    Uncovered,
    /// Only one person meets it.
    #[serde(rename = "single point of failure")]
    SinglePointOfFailure,
    /// Two or more people meet it.
    #[serde(rename = "ok")]
    Ok,
}

impl BusStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BusStatus::Uncovered => "uncovered",
            BusStatus::SinglePointOfFailure => "single point of failure",
            BusStatus::Ok => "ok",
        }
    }
}

impl BusFactor {
    /// Uncovered, a single point of failure, or ok when two or more people hold it.
    pub fn bus_status(&self) -> BusStatus {
        match self.knowledge.min(self.skill) {
            0 => BusStatus::Uncovered,
            1 => BusStatus::SinglePointOfFailure,
            _ => BusStatus::Ok,
        }
    }
}

/// Everything the engine computes for one workspace and date.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub as_of: Date,
    /// Every required row, met or not, in report order (rule 6).
    pub rows: Vec<Row>,
    pub team_actions: Vec<TeamAction>,
    /// In catalog order.
    pub bus: Vec<BusFactor>,
    /// The levels that count (rule 2), `held[person][competence]`: what
    /// rows, cells and outputs call held.
    pub held: Vec<Vec<Levels>>,
}

/// Rule 1: a person's requirement for each competence their roles require:
/// the stricter level per dimension and the highest criticality.
pub fn requirements(ws: &Workspace, person: &Person) -> Vec<(CompIdx, Levels, Criticality)> {
    let mut out: Vec<(CompIdx, Levels, Criticality)> = Vec::new();
    for &r in &person.roles {
        for req in &ws.roles[r].requires {
            match out.iter_mut().find(|(c, _, _)| *c == req.competence) {
                Some((_, levels, crit)) => {
                    *levels = levels.max(req.required);
                    *crit = (*crit).max(req.criticality);
                }
                None => out.push((req.competence, req.required, req.criticality)),
            }
        }
    }
    out.sort_by_key(|(c, _, _)| *c);
    out
}

/// Evidence that still counts on `as_of` (rule 2).
pub fn has_valid_evidence(entry: &Held, as_of: Date) -> bool {
    entry.evidence.iter().any(|e| !e.is_expired(as_of))
}

/// Rule 2: the levels that count, and whether they were capped.
pub fn effective_levels(entry: Option<&Held>, policy: &Policy, as_of: Date) -> (Levels, bool) {
    let Some(h) = entry else {
        return (Levels::default(), false);
    };
    if !policy.cap_unevidenced || has_valid_evidence(h, as_of) {
        return (h.levels, false);
    }
    let from = policy.evidence_required_from;
    let cap = |l: u8| if l >= from { from.saturating_sub(1) } else { l };
    let capped = Levels::new(cap(h.levels.knowledge), cap(h.levels.skill));
    (capped, capped != h.levels)
}

/// Rule 10: the flags of a person's row for a competence.
pub fn flags(
    person: &Person,
    entry: Option<&Held>,
    capped: bool,
    policy: &Policy,
    as_of: Date,
) -> Flags {
    let stale = as_of.days() - person.assessed_on.days()
        > i32::try_from(policy.reassess_after_days).unwrap_or(i32::MAX);
    let Some(h) = entry else {
        return Flags {
            unassessed: true,
            stale,
            ..Flags::default()
        };
    };
    let from = policy.evidence_required_from;
    Flags {
        unassessed: false,
        stale,
        unevidenced: (h.levels.knowledge >= from || h.levels.skill >= from)
            && !has_valid_evidence(h, as_of),
        expired_evidence: h.evidence.iter().any(|e| e.is_expired(as_of)),
        expiring: h
            .evidence
            .iter()
            .any(|e| e.is_expiring(as_of, policy.expiry_warning_days)),
        capped,
    }
}

/// Rule 3: (knowledge gap, skill gap, gap).
pub fn gaps(required: Levels, held: Levels) -> (u8, u8, u8) {
    let k = required.knowledge.saturating_sub(held.knowledge);
    let s = required.skill.saturating_sub(held.skill);
    (k, s, k.max(s))
}

/// Rule 5: score and band.
pub fn score(gap: u8, criticality: Criticality, coverage_factor: u32) -> (u32, Band) {
    let score = u32::from(gap) * criticality.weight() * coverage_factor;
    let band = match score {
        0 => Band::Met,
        s if s >= 12 => Band::High,
        s if s >= 6 => Band::Medium,
        _ => Band::Low,
    };
    (score, band)
}

/// How many people hold at least each (knowledge, skill) pair, per competence.
///
/// `at_least[c][k][s]` counts people whose effective knowledge ≥ k and
/// skill ≥ s: a 2-D suffix sum built once, so coverage (rule 4), bus factor
/// (rule 9) and "someone meets it" (rule 8) are look-ups.
pub struct Holders {
    at_least: Vec<[[usize; 6]; 6]>,
}

impl Holders {
    pub fn new(competences: usize, held: &[Vec<Levels>]) -> Self {
        let mut at_least = vec![[[0usize; 6]; 6]; competences];
        for person in held {
            for (c, l) in person.iter().enumerate() {
                at_least[c][usize::from(l.knowledge)][usize::from(l.skill)] += 1;
            }
        }
        for table in &mut at_least {
            for k in (0..6).rev() {
                for s in (0..6).rev() {
                    let above = if k < 5 { table[k + 1][s] } else { 0 };
                    let right = if s < 5 { table[k][s + 1] } else { 0 };
                    let both = if k < 5 && s < 5 {
                        table[k + 1][s + 1]
                    } else {
                        0
                    };
                    table[k][s] += above + right - both;
                }
            }
        }
        Self { at_least }
    }

    /// People meeting `required` in competence `c`.
    pub fn meeting(&self, c: CompIdx, required: Levels) -> usize {
        self.at_least[c][usize::from(required.knowledge)][usize::from(required.skill)]
    }
}

/// Rule 4: 2 if fewer than two people in the population meet the requirement.
pub fn coverage_factor(holders: &Holders, c: CompIdx, required: Levels) -> u32 {
    if holders.meeting(c, required) < 2 {
        2
    } else {
        1
    }
}

/// Rule 6: the report order key (all integers, so sorting is cheap):
/// score desc, weight desc, gap desc, person id asc (people are sorted by
/// id), catalog order.
pub fn order_key(row: &Row) -> (Reverse<u32>, Reverse<u32>, Reverse<u8>, PersonIdx, CompIdx) {
    (
        Reverse(row.score),
        Reverse(row.criticality.weight()),
        Reverse(row.gap),
        row.person,
        row.competence,
    )
}

/// Rule 7: the individual actions of a gap row, booking a mentor if one is free.
///
/// `knowledge_ids` holds each competence's knowledge item ids, in catalog
/// order (see [`knowledge_ids`]).
pub fn individual_actions(
    knowledge_ids: &[Arc<[String]>],
    row: &Row,
    pool: &mut MentorPool,
) -> Vec<Action> {
    let mut actions = Vec::with_capacity(2);
    if row.knowledge_gap > 0 {
        let items = Arc::clone(&knowledge_ids[row.competence]);
        actions.push(Action::Training { items });
    }
    if row.skill_gap > 0 {
        actions.push(
            match pool.assign(row.person, row.competence, row.required) {
                Some(mentor) => Action::Mentoring { mentor },
                None => Action::Coaching,
            },
        );
    }
    actions
}

/// Rule 8: team actions, by role id, the vacancy first, then catalog order.
pub fn team_actions(ws: &Workspace, held: &[Vec<Levels>], holders: &Holders) -> Vec<TeamAction> {
    let mut holders_of: Vec<Vec<PersonIdx>> = vec![Vec::new(); ws.roles.len()];
    for (p, person) in ws.people.iter().enumerate() {
        for &r in &person.roles {
            holders_of[r].push(p);
        }
    }
    let mut out = Vec::new();
    for (r, role) in ws.roles.iter().enumerate() {
        let members = &holders_of[r];
        let filled = members.len();
        let wanted = role.headcount.map_or(1, |h| h as usize);
        if filled < wanted {
            let vacant = wanted - filled;
            let reason = match (filled, role.headcount) {
                (0, None) => "no one holds this role".to_string(),
                (_, _) => format!(
                    "{filled} of {wanted} position{} filled: {vacant} vacant",
                    if wanted == 1 { "" } else { "s" }
                ),
            };
            out.push(TeamAction {
                role: r,
                competence: None,
                kind: TeamKind::Hire,
                candidates: Vec::new(),
                reason,
            });
        }
        if members.is_empty() {
            continue;
        }
        let mut reqs: Vec<_> = role.requires.iter().collect();
        reqs.sort_by_key(|q| q.competence);
        for req in reqs {
            let c = req.competence;
            let met_inside = members
                .iter()
                .filter(|&&p| held[p][c].meets(req.required))
                .count();
            if met_inside > 0 {
                continue;
            }
            let outside_total = holders.meeting(c, req.required);
            let (kind, candidates, reason) = if outside_total > 0 {
                let mut all: Vec<PersonIdx> = (0..ws.people.len())
                    .filter(|&p| held[p][c].meets(req.required))
                    .collect();
                all.truncate(MAX_CANDIDATES);
                let more = outside_total.saturating_sub(all.len());
                let reason = if more > 0 {
                    format!(
                        "no holder of the role meets it; {outside_total} people outside the role do (first {} listed)",
                        all.len()
                    )
                } else {
                    format!(
                        "no holder of the role meets it; {outside_total} {} outside the role {}",
                        if outside_total == 1 {
                            "person"
                        } else {
                            "people"
                        },
                        if outside_total == 1 { "does" } else { "do" }
                    )
                };
                (TeamKind::Reassign, all, reason)
            } else {
                let smallest = members
                    .iter()
                    .map(|&p| gaps(req.required, held[p][c]).2)
                    .min()
                    .unwrap_or(0);
                if smallest >= ws.policy.hire_gap {
                    (
                        TeamKind::Hire,
                        Vec::new(),
                        format!(
                            "no one meets it and the smallest holder gap is {smallest} (hire_gap {}): hire or contract",
                            ws.policy.hire_gap
                        ),
                    )
                } else {
                    (
                        TeamKind::Develop,
                        Vec::new(),
                        format!(
                            "no one meets it yet; the smallest holder gap is {smallest}: the individual actions cover it"
                        ),
                    )
                }
            };
            out.push(TeamAction {
                role: r,
                competence: Some(c),
                kind,
                candidates,
                reason,
            });
        }
    }
    out
}

/// Rule 9: bus factor of every competence some role requires, in catalog order.
pub fn bus_factors(ws: &Workspace, holders: &Holders) -> Vec<BusFactor> {
    let mut highest: Vec<Option<Levels>> = vec![None; ws.catalog.len()];
    for role in &ws.roles {
        for req in &role.requires {
            let slot = &mut highest[req.competence];
            *slot = Some(slot.map_or(req.required, |l| l.max(req.required)));
        }
    }
    highest
        .into_iter()
        .enumerate()
        .filter_map(|(c, req)| {
            let req = req?;
            Some(BusFactor {
                competence: c,
                required: req,
                knowledge: holders.meeting(c, Levels::new(req.knowledge, 0)),
                skill: holders.meeting(c, Levels::new(0, req.skill)),
            })
        })
        .collect()
}

/// Each competence's knowledge item ids (`5.2/K1` …), in catalog order.
pub fn knowledge_ids(ws: &Workspace) -> Vec<Arc<[String]>> {
    ws.catalog
        .competences
        .iter()
        .map(|c| c.knowledge.iter().map(|i| i.id.clone()).collect())
        .collect()
}

/// Apply every gap rule to the workspace as of `as_of`.
pub fn analyze(ws: &Workspace, as_of: Date) -> Analysis {
    let n_comp = ws.catalog.len();
    // Rule 2 for everyone, once.
    let mut held = vec![vec![Levels::default(); n_comp]; ws.people.len()];
    let mut capped = vec![Vec::new(); ws.people.len()];
    for (p, person) in ws.people.iter().enumerate() {
        for h in &person.competences {
            let (levels, was_capped) = effective_levels(Some(h), &ws.policy, as_of);
            held[p][h.competence] = levels;
            if was_capped {
                capped[p].push(h.competence);
            }
        }
    }
    let holders = Holders::new(n_comp, &held);

    // Rows per person in parallel; the order key is total, so the order
    // they come in does not matter.
    let mut rows: Vec<Row> = ws
        .people
        .par_iter()
        .enumerate()
        .flat_map_iter(|(p, person)| {
            let (held, capped, holders) = (&held, &capped, &holders);
            requirements(ws, person)
                .into_iter()
                .map(move |(c, required, criticality)| {
                    let entry = person.entry(c);
                    let levels = held[p][c];
                    let (knowledge_gap, skill_gap, gap) = gaps(required, levels);
                    let coverage_factor = coverage_factor(holders, c, required);
                    let (score, band) = score(gap, criticality, coverage_factor);
                    Row {
                        person: p,
                        competence: c,
                        required,
                        criticality,
                        held: levels,
                        knowledge_gap,
                        skill_gap,
                        gap,
                        coverage_factor,
                        score,
                        band,
                        actions: Vec::new(),
                        flags: flags(person, entry, capped[p].contains(&c), &ws.policy, as_of),
                    }
                })
        })
        .collect();
    rows.par_sort_unstable_by_key(order_key);

    let mut pool = MentorPool::new(
        n_comp,
        ws.people.len(),
        ws.policy.mentor_min_level,
        ws.policy.max_mentees,
        |p| {
            ws.people[p]
                .competences
                .iter()
                .map(|h| (h.competence, held[p][h.competence]))
                .collect()
        },
    );
    let knowledge_ids = knowledge_ids(ws);
    for row in rows.iter_mut().filter(|r| r.is_gap()) {
        row.actions = individual_actions(&knowledge_ids, row, &mut pool);
    }

    Analysis {
        as_of,
        team_actions: team_actions(ws, &held, &holders),
        bus: bus_factors(ws, &holders),
        rows,
        held,
    }
}

/// Headline figures of a set of rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    pub gaps: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    /// Rule 11: the sum of `gap` over gap rows.
    pub total_gap_points: u64,
    /// The gap points of the high, medium and low rows (they add up to
    /// `total_gap_points`).
    pub high_points: u64,
    pub medium_points: u64,
    pub low_points: u64,
}

impl Totals {
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Totals {
        let mut t = Totals::default();
        for r in rows {
            if !r.is_gap() {
                continue;
            }
            t.gaps += 1;
            let points = u64::from(r.gap);
            t.total_gap_points += points;
            let (count, sum) = match r.band {
                Band::High => (&mut t.high, &mut t.high_points),
                Band::Medium => (&mut t.medium, &mut t.medium_points),
                Band::Low => (&mut t.low, &mut t.low_points),
                // A gap always scores (every weight is at least 1).
                Band::Met => continue,
            };
            *count += 1;
            *sum += points;
        }
        t
    }
}
