//! Reading a role file (`roles/<id>.yaml`).

use super::fields::Ctx;
use super::levels::read_levels;
use crate::catalog::Catalog;
use crate::diag::{Code, did_you_mean};
use crate::model::{Criticality, Requirement, Role};
use crate::yaml::Node;

/// The fields of a role file.
pub const TOP: &[&str] = &[
    "id",
    "title",
    "description",
    "ecsf_profile",
    "headcount",
    "requires",
];
/// The fields a role file must have.
pub const REQUIRED: &[&str] = &["id", "title", "requires"];

/// Check a role document; `None` if it has errors.
pub fn read_role(ctx: &mut Ctx, root: &Node, catalog: &Catalog) -> Option<Role> {
    let f = ctx.fields(root, "a role", TOP, REQUIRED)?;
    let id = f.get("id").and_then(|n| ctx.id(n, "the role `id`"));
    let title = f
        .get("title")
        .and_then(|n| ctx.string(n, "the role `title`"));
    let description = f
        .get("description")
        .and_then(|n| ctx.multiline_string(n, "the role `description`"));
    let ecsf_profile = f
        .get("ecsf_profile")
        .and_then(|n| ctx.string(n, "`ecsf_profile`"));
    let headcount = f
        .get("headcount")
        .and_then(|n| ctx.uint(n, "`headcount`", 1, 100_000));
    let mut requires = Vec::new();
    if let Some(node) = f.get("requires") {
        if node.is_null() {
            ctx.report(
                Code::EmptyRole,
                node.pos,
                "the role requires no competence: list at least one under `requires`".into(),
            );
        } else if let Some(entries) = ctx.map(node, "`requires`") {
            if entries.is_empty() {
                ctx.report(
                    Code::EmptyRole,
                    node.pos,
                    "the role requires no competence: list at least one under `requires`".into(),
                );
            }
            for (k, v) in entries {
                // The value is checked even when the key is wrong.
                let c = competence_key(ctx, k, catalog);
                if let (Some(c), Some(spec)) = (c, read_levels(ctx, v, true)) {
                    requires.push(Requirement {
                        competence: c,
                        required: spec.levels,
                        criticality: spec.criticality.unwrap_or(Criticality::Recommended),
                        note: spec.note,
                    });
                }
            }
        }
    }
    if ctx.has_errors() {
        return None;
    }
    Some(Role {
        id: id?,
        title: title?,
        description,
        ecsf_profile,
        headcount,
        requires,
        file: ctx.file.to_string(),
    })
}

/// A competence id used as a key, looked up as written.
pub fn competence_key(ctx: &mut Ctx, key: &Node, catalog: &Catalog) -> Option<usize> {
    let Some(id) = key.as_scalar() else {
        ctx.report(
            Code::WrongType,
            key.pos,
            "a competence id must be a single value like `5.2` or `6.1.2`".into(),
        );
        return None;
    };
    match catalog.find(id) {
        Some(c) => Some(c),
        None => {
            let hint = did_you_mean(id, catalog.ids());
            ctx.report(
                Code::UnknownCompetence,
                key.pos,
                format!("unknown competence `{id}`{hint}: use an id from `compgap catalog list`"),
            );
            None
        }
    }
}

/// Parse and check one role file's text on its own (a bundled template),
/// against `catalog`: the role if it has no errors, and every diagnostic.
pub fn parse_role(
    file: &str,
    bytes: &[u8],
    catalog: &Catalog,
) -> (Option<Role>, Vec<crate::diag::Diagnostic>) {
    let mut ctx = Ctx::new(file);
    let (root, diags) = crate::yaml::parse(bytes);
    ctx.absorb(diags);
    let role = match root {
        Some(root) => read_role(&mut ctx, &root, catalog),
        None => {
            if !ctx.has_errors() {
                ctx.report(
                    Code::EmptyFile,
                    crate::diag::Pos::new(1, 1),
                    "the role file is empty: write `id`, `title` and `requires`".into(),
                );
            }
            None
        }
    };
    (role, ctx.diags)
}
