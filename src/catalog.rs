//! The competence catalog: ISO/IEC 27021:2017 (bundled, from
//! `catalog/iso27021.yaml`) plus any catalogs a workspace adds.

use serde::Serialize;
use std::collections::HashMap;

/// The bundled catalog's source text, embedded at build time.
pub const BUNDLED_YAML: &str = include_str!("../catalog/iso27021.yaml");
/// The file name the bundled catalog is reported under.
pub const BUNDLED_NAME: &str = "<bundled>/catalog/iso27021.yaml";

/// One knowledge or skill item, with its full id (`6.1.2/S4.1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub id: String,
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

/// One competence of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Competence {
    /// `5.2` … `6.6.3`, or an organization's own id.
    pub id: String,
    pub title: String,
    /// `business-management` or `information-security` (or an organization's own).
    pub group: String,
    /// The 27021 sub-area (for example `Information Security Planning`),
    /// shown by `catalog show`; not part of the export contract.
    #[serde(skip)]
    pub area: Option<String>,
    /// ISO/IEC 27001:2013 clauses cited, `N.N Title`.
    pub iso27001_2013: Vec<String>,
    /// The same clauses in ISO/IEC 27001:2022 numbering.
    pub iso27001_2022: Vec<String>,
    /// The intended outcome.
    pub outcome: String,
    pub knowledge: Vec<Item>,
    pub skills: Vec<Item>,
    /// Which catalog defines it.
    #[serde(skip)]
    pub source: String,
}

impl Competence {
    /// The clause numbers only (`4.1`), of either edition's list.
    pub fn clause_numbers(list: &[String]) -> Vec<&str> {
        list.iter()
            .map(|c| c.split_whitespace().next().unwrap_or(c))
            .collect()
    }
}

/// A set of competences in catalog order, with an index by id.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Ids of the catalogs merged in, bundled first.
    pub sources: Vec<String>,
    pub competences: Vec<Competence>,
    index: HashMap<String, usize>,
}

impl Catalog {
    /// Add a competence; returns false (and adds nothing) if the id is taken.
    pub fn push(&mut self, c: Competence) -> bool {
        if self.index.contains_key(&c.id) {
            return false;
        }
        self.index.insert(c.id.clone(), self.competences.len());
        self.competences.push(c);
        true
    }

    /// The index of a competence id, as written.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&Competence> {
        self.find(id).map(|i| &self.competences[i])
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.competences.iter().map(|c| c.id.as_str())
    }

    pub fn len(&self) -> usize {
        self.competences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.competences.is_empty()
    }

    /// The bundled ISO/IEC 27021:2017 catalog.
    pub fn bundled() -> Catalog {
        let mut catalog = Catalog::default();
        let diags =
            crate::load::catalog::load_catalog(BUNDLED_NAME, BUNDLED_YAML.as_bytes(), &mut catalog);
        debug_assert!(diags.is_empty(), "bundled catalog: {diags:?}");
        catalog
    }
}
