//! Renderers: pure functions from computed results to bytes.
//!
//! One file per command's output (`report`, `plan`, …) plus the shared
//! writers: [`csv`] (the only CSV writer, spreadsheet-safe), [`table`]
//! (terminal tables) and [`markdown`].

pub mod catalog;
pub mod compare;
pub mod coverage;
pub mod csv;
pub mod evidence;
pub mod import;
pub mod markdown;
pub mod person_file;
pub mod plan;
pub mod register;
pub mod report;
pub mod role_file;
pub mod survey;
pub mod table;
pub mod validate;

use crate::engine::Band;

/// How terminal output may be styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours allowed (a terminal, and `NO_COLOR` unset).
    pub color: bool,
}

impl Style {
    pub const PLAIN: Style = Style { color: false };
}

/// Rows per chunk when a large output is produced in parallel.
const CHUNK: usize = 2048;

/// `part(range)` for consecutive chunks of `0..rows`, in parallel, the
/// results in row order: the one way large outputs (the plain table, the
/// CSV writer) spread their rows over the cores.
pub(crate) fn in_chunks<T: Send>(
    rows: usize,
    part: impl Fn(std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    let starts: Vec<usize> = (0..rows).step_by(CHUNK).collect();
    starts
        .par_iter()
        .map(|&start| part(start..(start + CHUNK).min(rows)))
        .collect()
}

/// A sequence serialized as `items()` yields it, one item at a time, so
/// that a large document never holds all its items (the report's gaps,
/// the plans).
pub(crate) struct LazySeq<F>(pub F);

impl<F, I> serde::Serialize for LazySeq<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// "4/3" for knowledge 4, skill 3.
pub fn pair(l: crate::model::Levels) -> String {
    format!("{}/{}", l.knowledge, l.skill)
}

/// Band as the table shows it.
pub fn band_label(b: Band) -> &'static str {
    b.as_str()
}
