//! The input types: what role files, assessments and the workspace file
//! mean once loaded and checked. Nothing here reads files.

pub mod date;
pub mod register;
pub mod scale;

pub use date::Date;
pub use scale::{Criticality, Levels};

use crate::catalog::Catalog;
use serde::Serialize;
use std::path::PathBuf;

/// Valid id: a letter or digit, then letters, digits, `.`, `_` or `-`; at most 64.
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    s.len() <= 64
        && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Index of a competence in the workspace's [`Catalog`] (catalog order).
pub type CompIdx = usize;
/// Index of a role in [`Workspace::roles`] (sorted by id).
pub type RoleIdx = usize;
/// Index of a person in [`Workspace::people`] (sorted by id).
pub type PersonIdx = usize;

/// One required competence of a role.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub competence: CompIdx,
    pub required: Levels,
    pub criticality: Criticality,
    /// Why the role needs it, in one line (`note`), if the file says.
    pub note: Option<String>,
}

/// A role file (`roles/<id>.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The ENISA ECSF role profile the role corresponds to, if the file says.
    pub ecsf_profile: Option<String>,
    /// Positions to fill, if the role file says.
    pub headcount: Option<u32>,
    /// In the order written.
    pub requires: Vec<Requirement>,
    pub file: String,
}

/// How an assessment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The person assessed themselves.
    #[serde(rename = "self")]
    SelfAssessed,
    /// The person's manager assessed them.
    Manager,
    /// Someone independent of the person and their line assessed them.
    Independent,
}

impl Method {
    pub const NAMES: [&'static str; 3] = ["self", "manager", "independent"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "self" => Some(Self::SelfAssessed),
            "manager" => Some(Self::Manager),
            "independent" => Some(Self::Independent),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfAssessed => "self",
            Self::Manager => "manager",
            Self::Independent => "independent",
        }
    }
}

/// The kind of a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// A certificate or degree.
    Qualification,
    /// A course attended.
    Training,
    /// Work done that shows the competence.
    Experience,
    /// Anything else.
    Other,
}

impl EvidenceKind {
    pub const NAMES: [&'static str; 4] = ["qualification", "training", "experience", "other"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "qualification" => Some(Self::Qualification),
            "training" => Some(Self::Training),
            "experience" => Some(Self::Experience),
            "other" => Some(Self::Other),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qualification => "qualification",
            Self::Training => "training",
            Self::Experience => "experience",
            Self::Other => "other",
        }
    }
}

/// One piece of evidence for a held competence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub name: String,
    pub date: Option<Date>,
    pub expires: Option<Date>,
}

impl Evidence {
    /// Expired on `as_of`: `expires` is before it.
    pub fn is_expired(&self, as_of: Date) -> bool {
        self.expires.is_some_and(|e| e < as_of)
    }

    /// Still valid on `as_of`, but expiring within `days` days after it.
    pub fn is_expiring(&self, as_of: Date, days: u32) -> bool {
        let days = i32::try_from(days).unwrap_or(i32::MAX);
        self.expires
            .is_some_and(|e| e >= as_of && e.days() - as_of.days() <= days)
    }
}

/// What an assessment records for one competence: the levels as written
/// and their evidence. The levels that count (rule 2: expired evidence,
/// capping) are what outputs call "held": [`crate::engine::Analysis::held`].
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub competence: CompIdx,
    pub levels: Levels,
    pub evidence: Vec<Evidence>,
}

/// An assessment file (`people/<id>.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// Indices into [`Workspace::roles`], in the order written.
    pub roles: Vec<RoleIdx>,
    pub assessed_on: Date,
    pub method: Method,
    pub assessor: Option<String>,
    /// Sorted by competence index (catalog order).
    pub competences: Vec<Held>,
    pub file: String,
}

impl Person {
    /// The recorded entry for competence `c`, if assessed.
    pub fn entry(&self, c: CompIdx) -> Option<&Held> {
        self.competences
            .binary_search_by_key(&c, |h| h.competence)
            .ok()
            .map(|i| &self.competences[i])
    }
}

/// The `policy:` block of `compgap.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    pub mentor_min_level: u8,
    pub max_mentees: u32,
    pub hire_gap: u8,
    pub reassess_after_days: u32,
    pub evidence_required_from: u8,
    pub cap_unevidenced: bool,
    /// Evidence expiring within this many days after the as-of date is
    /// warned about (`expiring-evidence`) and flagged (`expiring`).
    pub expiry_warning_days: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            mentor_min_level: 4,
            max_mentees: 3,
            hire_gap: 3,
            reassess_after_days: 365,
            evidence_required_from: 3,
            cap_unevidenced: false,
            expiry_warning_days: 90,
        }
    }
}

/// A loaded, checked workspace: everything the engine needs.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub catalog: Catalog,
    pub policy: Policy,
    /// Sorted by id.
    pub roles: Vec<Role>,
    /// Sorted by id.
    pub people: Vec<Person>,
    /// The folder of assessment files (`people:` in `compgap.yaml`), where
    /// a new person's file goes.
    pub people_dir: PathBuf,
    /// Every input file read, sorted (for the evidence manifest and to
    /// refuse `--output` onto an input).
    pub inputs: Vec<PathBuf>,
}

impl Workspace {
    pub fn role_index(&self, id: &str) -> Option<RoleIdx> {
        self.roles.binary_search_by(|r| r.id.as_str().cmp(id)).ok()
    }

    /// The ids of a person's roles, as the assessment lists them.
    pub fn role_ids<'a>(&'a self, person: &'a Person) -> impl Iterator<Item = &'a str> + 'a {
        person.roles.iter().map(|&r| self.roles[r].id.as_str())
    }

    /// True if `person` holds the role with id `role`.
    pub fn holds(&self, person: &Person, role: &str) -> bool {
        self.role_ids(person).any(|r| r == role)
    }

    pub fn person_index(&self, id: &str) -> Option<PersonIdx> {
        self.people.binary_search_by(|p| p.id.as_str().cmp(id)).ok()
    }
}
