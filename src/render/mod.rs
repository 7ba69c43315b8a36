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
pub mod markdown;
pub mod plan;
pub mod register;
pub mod report;
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

/// "4/3" for knowledge 4, skill 3.
pub fn pair(l: crate::model::Levels) -> String {
    format!("{}/{}", l.knowledge, l.skill)
}

/// Band as the table shows it.
pub fn band_label(b: Band) -> &'static str {
    b.as_str()
}
