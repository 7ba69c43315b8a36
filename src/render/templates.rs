//! `catalog roles`: the list of the bundled role templates.

use super::Style;
use super::columns::{self, Column};
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

type RoleColumn<'a> = Column<&'a RoleRow<'a>>;

/// On a terminal and in Markdown; a role without an ECSF profile reads `none`.
fn list_columns<'a>() -> [RoleColumn<'a>; 4] {
    [
        RoleColumn::new("id", |r, s| s.push_str(r.id)).whole(),
        RoleColumn::new("title", |r, s| s.push_str(r.title)),
        RoleColumn::new("ECSF profile", |r, s| {
            s.push_str(r.ecsf_profile.unwrap_or("none"));
        }),
        RoleColumn::new("requirements", |r, s| {
            s.push_str(&r.requirements.to_string());
        })
        .whole(),
    ]
}

/// As CSV: `id,title,ecsf_profile,requirements` (no profile: empty).
fn csv_columns<'a>() -> [RoleColumn<'a>; 4] {
    let mut columns = list_columns();
    columns[2] = RoleColumn::new("ecsf_profile", |r, s| {
        s.push_str(r.ecsf_profile.unwrap_or_default());
    });
    columns
}

/// As a terminal table.
pub fn table(roles: &[Role], style: Style) -> Vec<u8> {
    let rows = rows(roles);
    super::text_doc(columns::terminal_of(&list_columns(), &rows, style))
}

/// As CSV.
pub fn csv(roles: &[Role]) -> Vec<u8> {
    let rows = rows(roles);
    columns::csv_of(&csv_columns(), &rows)
}

/// As JSON: an array of [`RoleRow`].
pub fn json(roles: &[Role]) -> Vec<u8> {
    super::catalog::pretty(&rows(roles))
}

/// As a Markdown table.
pub fn markdown(roles: &[Role]) -> Vec<u8> {
    columns::markdown(&list_columns(), &rows(roles)).into_bytes()
}

tabular!([Role]);
