//! The team matrix: whom `coverage` shows, which competences are its
//! columns, and each person's held level against their requirement.
//!
//! [`matrix`] selects and computes; `render::coverage` only lays the
//! result out.

use super::{Analysis, gaps, requirements};
use crate::model::{CompIdx, Levels, PersonIdx, RoleIdx, Workspace};
use serde::{Serialize, Serializer};

/// How a person's held level compares with their requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Both dimensions at or above the requirement.
    Met,
    /// Held, but below the requirement in some dimension.
    Short,
    /// Required and held at 0/0 (or not assessed).
    Missing,
    /// None of the person's roles requires it.
    NotRequired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Short => "short",
            Status::Missing => "missing",
            Status::NotRequired => "not required",
        }
    }

    /// The status of `held` against `required` (none: not required).
    pub fn of(required: Option<Levels>, held: Levels) -> Status {
        match required {
            None => Status::NotRequired,
            Some(r) if held.meets(r) => Status::Met,
            Some(_) if held == Levels::default() => Status::Missing,
            Some(_) => Status::Short,
        }
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Whom the matrix shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only holders of this role (id), its columns and its team actions.
    /// The command checks the id first; an id not in the workspace shows everyone.
    pub role: Option<String>,
}

/// One cell: a person's held level in a competence against their requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub competence: CompIdx,
    /// The person's requirement (the stricter of their roles), if any.
    pub required: Option<Levels>,
    /// The levels that count (after expiry and capping).
    pub held: Levels,
    pub status: Status,
    /// `required - held` in the worse dimension (rule 3; 0 when met or
    /// not required).
    pub gap: u8,
    /// The person's roles that require it.
    pub required_by: Vec<RoleIdx>,
}

/// One person shown, with one cell per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub person: PersonIdx,
    pub cells: Vec<Cell>,
}

/// A block of the matrix: one role's holders, or the people with no role.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// `None` for people with no role.
    pub role: Option<RoleIdx>,
    /// The role's own requirement per column.
    pub required: Vec<Option<Levels>>,
    /// Indices into [`Matrix::lines`].
    pub members: Vec<usize>,
}

/// Cell counts of the matrix (each person once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub met: usize,
    pub short: usize,
    pub missing: usize,
}

/// What the coverage view shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// The competences shown, in catalog order.
    pub columns: Vec<CompIdx>,
    /// Everyone shown, once each, in id order.
    pub lines: Vec<Line>,
    /// The role blocks (a person with two roles is in both), then the
    /// people with no role.
    pub blocks: Vec<Block>,
    /// Indices into [`Analysis::bus`] of the shown competences.
    pub bus: Vec<usize>,
    /// Indices into [`Analysis::team_actions`] shown.
    pub team_actions: Vec<usize>,
    pub counts: Counts,
}

/// Select and compute the matrix. Without a role: everyone with a role or
/// holding a competence some role requires, and every required competence
/// (vacant roles included). With a role: its holders, and what it and its
/// holders' other roles require.
pub fn matrix(ws: &Workspace, analysis: &Analysis, filter: &Filter) -> Matrix {
    let role_filter = filter.role.as_deref().and_then(|r| ws.role_index(r));
    let roles: Vec<RoleIdx> = match role_filter {
        Some(r) => vec![r],
        None => (0..ws.roles.len()).collect(),
    };
    let required_by_some_role: Vec<bool> = {
        let mut v = vec![false; ws.catalog.len()];
        for role in &ws.roles {
            for q in &role.requires {
                v[q.competence] = true;
            }
        }
        v
    };
    let holds_any = |p: usize| {
        analysis.held[p]
            .iter()
            .enumerate()
            .any(|(c, l)| required_by_some_role[c] && (l.knowledge > 0 || l.skill > 0))
    };
    // People shown, in id order.
    let people: Vec<PersonIdx> = (0..ws.people.len())
        .filter(|&p| {
            let person = &ws.people[p];
            match role_filter {
                Some(r) => person.roles.contains(&r),
                None => !person.roles.is_empty() || holds_any(p),
            }
        })
        .collect();
    let mut shown_column = vec![false; ws.catalog.len()];
    match role_filter {
        Some(r) => {
            for q in &ws.roles[r].requires {
                shown_column[q.competence] = true;
            }
            for &p in &people {
                for &r in &ws.people[p].roles {
                    for q in &ws.roles[r].requires {
                        shown_column[q.competence] = true;
                    }
                }
            }
        }
        None => shown_column.clone_from(&required_by_some_role),
    }
    let columns: Vec<CompIdx> = (0..ws.catalog.len()).filter(|&c| shown_column[c]).collect();

    let mut counts = Counts::default();
    let lines: Vec<Line> = people
        .iter()
        .map(|&p| {
            let person = &ws.people[p];
            let reqs = requirements(ws, person);
            let cells = columns
                .iter()
                .map(|&c| {
                    let required = reqs.iter().find(|(rc, _, _)| *rc == c).map(|(_, l, _)| *l);
                    let held = analysis.held[p][c];
                    let status = Status::of(required, held);
                    match status {
                        Status::Met => counts.met += 1,
                        Status::Short => counts.short += 1,
                        Status::Missing => counts.missing += 1,
                        Status::NotRequired => {}
                    }
                    Cell {
                        competence: c,
                        required,
                        held,
                        status,
                        gap: required.map_or(0, |r| gaps(r, held).2),
                        required_by: person
                            .roles
                            .iter()
                            .copied()
                            .filter(|&r| ws.roles[r].requires.iter().any(|q| q.competence == c))
                            .collect(),
                    }
                })
                .collect();
            Line { person: p, cells }
        })
        .collect();

    let mut blocks: Vec<Block> = roles
        .iter()
        .map(|&r| Block {
            role: Some(r),
            required: columns
                .iter()
                .map(|&c| {
                    ws.roles[r]
                        .requires
                        .iter()
                        .find(|q| q.competence == c)
                        .map(|q| q.required)
                })
                .collect(),
            members: people
                .iter()
                .enumerate()
                .filter(|&(_, &p)| ws.people[p].roles.contains(&r))
                .map(|(i, _)| i)
                .collect(),
        })
        .collect();
    let unassigned: Vec<usize> = people
        .iter()
        .enumerate()
        .filter(|&(_, &p)| ws.people[p].roles.is_empty())
        .map(|(i, _)| i)
        .collect();
    if !unassigned.is_empty() {
        blocks.push(Block {
            role: None,
            required: vec![None; columns.len()],
            members: unassigned,
        });
    }

    let bus = (0..analysis.bus.len())
        .filter(|&i| shown_column[analysis.bus[i].competence])
        .collect();
    let team_actions = (0..analysis.team_actions.len())
        .filter(|&i| role_filter.is_none_or(|r| analysis.team_actions[i].role == r))
        .collect();
    Matrix {
        columns,
        lines,
        blocks,
        bus,
        team_actions,
        counts,
    }
}
