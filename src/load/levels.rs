//! The level forms shared by requirements and assessments:
//! `3`, `practitioner`, `{level: 3}`, `{knowledge: 4, skill: 3}`, with an
//! optional `criticality` (requirements) or `evidence` (assessments).

use super::fields::Ctx;
use crate::diag::Code;
use crate::model::{Criticality, Levels};
use crate::yaml::{Kind, Node};

/// What one competence entry says.
pub struct LevelsSpec<'n> {
    pub levels: Levels,
    pub criticality: Option<Criticality>,
    /// The one-line reason of a requirement.
    pub note: Option<String>,
    pub evidence: Option<&'n Node>,
}

/// The fields of a requirement written as a mapping.
pub const REQUIREMENT: &[&str] = &["level", "knowledge", "skill", "criticality", "note"];
/// The fields of an assessed competence written as a mapping.
pub const ASSESSMENT: &[&str] = &["level", "knowledge", "skill", "evidence"];

/// Read one entry; `requirement` selects which extra field is allowed.
pub fn read_levels<'n>(ctx: &mut Ctx, node: &'n Node, requirement: bool) -> Option<LevelsSpec<'n>> {
    if let Kind::Scalar { .. } = node.kind {
        let l = ctx.level(node, "the level")?;
        return Some(LevelsSpec {
            levels: Levels::new(l, l),
            criticality: None,
            note: None,
            evidence: None,
        });
    }
    let (allowed, what) = if requirement {
        (REQUIREMENT, "a requirement")
    } else {
        (ASSESSMENT, "an assessed competence")
    };
    let f = ctx.fields(node, what, allowed, &[])?;
    let level = f.get("level").map(|n| ctx.level(n, "`level`"));
    let knowledge = f.get("knowledge").map(|n| ctx.level(n, "`knowledge`"));
    let skill = f.get("skill").map(|n| ctx.level(n, "`skill`"));
    let criticality = f
        .get("criticality")
        .and_then(|n| ctx.choice(n, "`criticality`", &Criticality::NAMES, Criticality::parse));
    let note = f.get("note").and_then(|n| ctx.string(n, "`note`"));
    let levels = match (level, knowledge, skill) {
        (Some(l), None, None) => {
            let l = l?;
            Levels::new(l, l)
        }
        (None, Some(k), Some(s)) => Levels::new(k?, s?),
        (Some(_), _, _) => {
            let key = f
                .key("knowledge")
                .or_else(|| f.key("skill"))
                .map_or(f.pos, |k| k.pos);
            ctx.report(
                Code::ConflictingLevels,
                key,
                "write either `level` (both dimensions) or `knowledge` and `skill`, not both"
                    .into(),
            );
            return None;
        }
        (None, None, None) => {
            ctx.report(
                Code::MissingField,
                f.pos,
                format!("{what} needs `level`, or `knowledge` and `skill`"),
            );
            return None;
        }
        (None, k, _) => {
            let missing = if k.is_some() { "skill" } else { "knowledge" };
            ctx.report(
                Code::MissingField,
                f.pos,
                format!(
                    "{what} gives only one dimension: add `{missing}`, or write `level` for both"
                ),
            );
            return None;
        }
    };
    Some(LevelsSpec {
        levels,
        criticality,
        note,
        evidence: f.get("evidence"),
    })
}
