//! Rule 7: choosing a mentor.
//!
//! A candidate Q for person P's gap in competence c holds skill at least
//! `max(required skill, mentor_min_level)` and knowledge at least the
//! required knowledge, is not P, and has fewer than `max_mentees`
//! assignments (across all competences). Among candidates: the highest
//! skill, then the fewest assignments, then the person id.
//!
//! Candidates are indexed once by (competence, skill, knowledge) in ordered
//! sets keyed by (assignments, person), so each choice costs a few set
//! look-ups instead of a scan of the population.

use crate::model::{CompIdx, Levels, PersonIdx};
use std::collections::BTreeSet;

/// Candidates of one competence by held skill, then knowledge: {(assignments, person)}.
type Cells = [[BTreeSet<(u32, PersonIdx)>; 6]; 6];

/// The mentor index with everyone's assignments so far.
pub struct MentorPool {
    min_level: u8,
    max_mentees: u32,
    /// `sets[c][skill][knowledge]` = {(assignments, person)}.
    sets: Vec<Cells>,
    /// Per person: the (competence, skill, knowledge) cells they are in.
    cells: Vec<Vec<(CompIdx, u8, u8)>>,
    assignments: Vec<u32>,
}

impl MentorPool {
    /// Index everyone whose held skill reaches `min_level`.
    /// `held(p)` lists person p's effective held levels by competence.
    pub fn new(
        competences: usize,
        people: usize,
        min_level: u8,
        max_mentees: u32,
        held: impl Fn(PersonIdx) -> Vec<(CompIdx, Levels)>,
    ) -> Self {
        let mut sets: Vec<Cells> = (0..competences).map(|_| Default::default()).collect();
        let mut cells = vec![Vec::new(); people];
        if max_mentees > 0 {
            for (p, cell) in cells.iter_mut().enumerate() {
                for (c, l) in held(p) {
                    if l.skill >= min_level.max(1) {
                        sets[c][usize::from(l.skill)][usize::from(l.knowledge)].insert((0, p));
                        cell.push((c, l.skill, l.knowledge));
                    }
                }
            }
        }
        Self {
            min_level,
            max_mentees,
            sets,
            cells,
            assignments: vec![0; people],
        }
    }

    /// Choose and book a mentor for `mentee` in competence `c` with
    /// requirement `required`, or `None` if nobody qualifies.
    pub fn assign(&mut self, mentee: PersonIdx, c: CompIdx, required: Levels) -> Option<PersonIdx> {
        let threshold = required.skill.max(self.min_level).max(1);
        let mut chosen = None;
        for skill in (usize::from(threshold)..=5).rev() {
            let mut best: Option<(u32, PersonIdx)> = None;
            for knowledge in usize::from(required.knowledge)..=5 {
                let first = self.sets[c][skill][knowledge]
                    .iter()
                    .find(|(_, q)| *q != mentee)
                    .copied();
                if let Some(cand) = first {
                    if best.is_none_or(|b| cand < b) {
                        best = Some(cand);
                    }
                }
            }
            if let Some((_, q)) = best {
                chosen = Some(q);
                break;
            }
        }
        let q = chosen?;
        let before = self.assignments[q];
        let after = before + 1;
        self.assignments[q] = after;
        for &(cc, s, k) in &self.cells[q] {
            let set = &mut self.sets[cc][usize::from(s)][usize::from(k)];
            set.remove(&(before, q));
            if after < self.max_mentees {
                set.insert((after, q));
            }
        }
        Some(q)
    }
}
