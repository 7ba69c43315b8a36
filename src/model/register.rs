//! The Continual Improvement Register (ISO/IEC 27001 clause 10.1) as data:
//! its columns, its entries, the CSV dialect of the file it was read from,
//! and the grammar of the references compgap writes. The one home of these
//! types: the loader reads into them, the engine merges them, the renderer
//! writes them.

use super::is_valid_id;
use crate::catalog::Catalog;

/// The register's columns, in output order.
pub const COLUMNS: [&str; 9] = [
    "#",
    "Improvement Opportunity",
    "Description",
    "Identification Date",
    "Status",
    "Priority",
    "Action Owner",
    "Target Completion Date",
    "Results/Outcomes",
];

/// One line of the register, every cell as text (a person may have edited it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// `#`: the stable reference.
    pub reference: String,
    /// Improvement Opportunity: what is to be improved, in a few words.
    pub opportunity: String,
    /// Description: the gap or team action, with the figures behind it.
    pub description: String,
    /// Identification Date: when the opportunity was first recorded.
    pub identified: String,
    /// Status: `Not Started`, `Completed`, or what a person wrote.
    pub status: String,
    /// Priority: High / Medium / Low.
    pub priority: String,
    /// Action Owner: left for a person to fill in.
    pub owner: String,
    /// Target Completion Date.
    pub target: String,
    /// Results/Outcomes.
    pub results: String,
    /// Columns a person added to the register, kept as they were (same
    /// order as [`Register::extra_columns`]).
    pub extra: Vec<String>,
}

/// How a register file is written: its separator, whether it starts with
/// a UTF-8 byte-order mark, and its line ends. `register --update` writes
/// the dialect it read, so a file saved by a spreadsheet comes back the
/// way the spreadsheet wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// `,`, `;` or tab.
    pub separator: u8,
    pub bom: bool,
    /// CRLF line ends (else LF).
    pub crlf: bool,
}

impl Default for Dialect {
    /// What compgap writes for a new register: `,`, no byte-order mark, CRLF.
    fn default() -> Self {
        Self {
            separator: b',',
            bom: false,
            crlf: true,
        }
    }
}

/// A whole register: its entries in order, any extra columns, and the
/// dialect to write it in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Register {
    pub extra_columns: Vec<String>,
    pub entries: Vec<Entry>,
    pub dialect: Dialect,
}

/// A reference compgap writes, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference<'a> {
    /// `PERSON/COMPETENCE`: an individual gap.
    Gap {
        person: &'a str,
        competence: &'a str,
    },
    /// `role:ROLE/COMPETENCE`: a team action on a competence.
    Team { role: &'a str, competence: &'a str },
    /// `role:ROLE`: a vacancy.
    Vacancy { role: &'a str },
}

impl<'a> Reference<'a> {
    /// Parse `reference` as one compgap writes: `PERSON/COMPETENCE`,
    /// `role:ROLE/COMPETENCE` or `role:ROLE`, where PERSON and ROLE are
    /// valid ids (a person or role may have left the workspace since, so
    /// only the form is checked) and COMPETENCE is the id of a competence
    /// in `catalog`. Anything else (`CAPA-2026/07`, `manual/1`, `42`) is a
    /// line a person added, and `None`.
    pub fn parse(reference: &'a str, catalog: &Catalog) -> Option<Self> {
        let competence = |c: &str| catalog.find(c).is_some();
        if let Some(rest) = reference.strip_prefix("role:") {
            return match rest.split_once('/') {
                Some((role, c)) if is_valid_id(role) && competence(c) => Some(Reference::Team {
                    role,
                    competence: c,
                }),
                Some(_) => None,
                None => is_valid_id(rest).then_some(Reference::Vacancy { role: rest }),
            };
        }
        match reference.split_once('/') {
            Some((person, c)) if is_valid_id(person) && competence(c) => Some(Reference::Gap {
                person,
                competence: c,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_generated_forms_are_references() {
        let catalog = Catalog::bundled();
        for generated in ["ann/5.2", "frank/6.5.3", "role:ciso", "role:officer/5.3"] {
            assert!(
                Reference::parse(generated, &catalog).is_some(),
                "{generated}"
            );
        }
        for manual in [
            "CAPA-2026/07",
            "manual/1",
            "42",
            "",
            "ann/",
            "/5.2",
            "ann/5.2/x",
            "role:",
            "role:ciso/",
            "role:ci so",
            "role:ciso/99.99",
            "a b/5.2",
        ] {
            assert_eq!(Reference::parse(manual, &catalog), None, "{manual}");
        }
    }
}
