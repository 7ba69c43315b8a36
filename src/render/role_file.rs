//! Writes a role file (`roles/<id>.yaml`) in the style of `examples/`:
//! the commands that create or update roles (`import`) write through here,
//! so every file they produce reads back to the same [`RoleDoc`].

use super::person_file::{id, scalar};
use crate::model::{Criticality, Levels, Role, Workspace};
use std::fmt::Write as _;

/// One required competence, by id.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementDoc {
    pub competence: String,
    pub levels: Levels,
    pub criticality: Criticality,
}

/// A role file's content, by id.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleDoc {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub headcount: Option<u32>,
    /// Written in this order.
    pub requires: Vec<RequirementDoc>,
}

impl RoleDoc {
    /// The document of a loaded role.
    pub fn from_role(ws: &Workspace, r: &Role) -> RoleDoc {
        RoleDoc {
            id: r.id.clone(),
            title: r.title.clone(),
            description: r.description.clone(),
            headcount: r.headcount,
            requires: r
                .requires
                .iter()
                .map(|q| RequirementDoc {
                    competence: ws.catalog.competences[q.competence].id.clone(),
                    levels: q.required,
                    criticality: q.criticality,
                })
                .collect(),
        }
    }

    /// The YAML text of the file.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "id: {}", id(&self.id));
        let _ = writeln!(out, "title: {}", scalar(&self.title));
        if let Some(d) = &self.description {
            let _ = writeln!(out, "description: {}", scalar(d));
        }
        if let Some(h) = self.headcount {
            let _ = writeln!(out, "headcount: {h}");
        }
        if self.requires.is_empty() {
            out.push_str("requires: {}\n");
            return out;
        }
        out.push_str("requires:\n");
        for q in &self.requires {
            let levels = if q.levels.knowledge == q.levels.skill {
                format!("level: {}", q.levels.knowledge)
            } else {
                format!(
                    "knowledge: {}, skill: {}",
                    q.levels.knowledge, q.levels.skill
                )
            };
            let _ = writeln!(
                out,
                "  {}: {{{levels}, criticality: {}}}",
                id(&q.competence),
                q.criticality.as_str()
            );
        }
        out
    }
}
