//! `catalog roles`: the list of the bundled role templates.

use super::csv::CsvOut;
use super::table::{fitted_with_note, keep_whole, new_table};
use super::{Style, markdown};
use crate::model::Role;
use serde::Serialize;

/// One line of `catalog roles`; the JSON output is an array of these.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The ECSF role profile, `null` where the ECSF has none.
    pub ecsf_profile: Option<&'a str>,
    /// The number of required competences.
    pub requirements: usize,
}

const HEADER: [&str; 4] = ["id", "title", "ECSF profile", "requirements"];

fn rows(roles: &[Role]) -> Vec<RoleRow<'_>> {
    roles
        .iter()
        .map(|r| RoleRow {
            id: &r.id,
            title: &r.title,
            ecsf_profile: r.ecsf_profile.as_deref(),
            requirements: r.requires.len(),
        })
        .collect()
}

fn cells(r: &RoleRow, none: &str) -> Vec<String> {
    vec![
        r.id.to_string(),
        r.title.to_string(),
        r.ecsf_profile.unwrap_or(none).to_string(),
        r.requirements.to_string(),
    ]
}

/// As a terminal table; a role without an ECSF profile reads `none`.
/// Fitted to a width, the id and the count stay whole; the title and the
/// ECSF profile wrap inside their cells.
pub fn table(roles: &[Role], style: Style) -> Vec<u8> {
    let mut t = new_table(&HEADER, style);
    for r in rows(roles) {
        let row = cells(&r, "none").iter().map(super::table::cell).collect();
        super::table::add_row(&mut t, row);
    }
    keep_whole(&mut t, &[0, 3], style);
    super::text_doc(fitted_with_note(&t, &[]))
}

/// As CSV: `id,title,ecsf_profile,requirements` (no profile: empty).
pub fn csv(roles: &[Role]) -> Vec<u8> {
    let mut out = CsvOut::new(&["id", "title", "ecsf_profile", "requirements"]);
    for r in rows(roles) {
        out.row(cells(&r, ""));
    }
    out.finish()
}

/// As JSON: an array of [`RoleRow`].
pub fn json(roles: &[Role]) -> Vec<u8> {
    super::catalog::pretty(&rows(roles))
}

/// As a Markdown table.
pub fn markdown(roles: &[Role]) -> Vec<u8> {
    let rows: Vec<Vec<String>> = rows(roles).iter().map(|r| cells(r, "none")).collect();
    markdown::table(&HEADER, &rows).into_bytes()
}

tabular!([Role]);
