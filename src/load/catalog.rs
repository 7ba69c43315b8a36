//! Reading a catalog file (the bundled one or a workspace's own).

use super::fields::Ctx;
use crate::catalog::{Catalog, Competence, Item};
use crate::diag::{Code, Diagnostic};
use crate::yaml::Node;

/// The fields of this kind of mapping; the schema of the file names the same.
pub const TOP: &[&str] = &["id", "title", "competences"];
/// The fields of this kind of mapping; the schema of the file names the same.
pub const COMPETENCE: &[&str] = &[
    "id",
    "title",
    "group",
    "area",
    "iso27001_2013",
    "iso27001_2022",
    "outcome",
    "knowledge",
    "skills",
];
/// The fields of this kind of mapping; the schema of the file names the same.
pub const ITEM: &[&str] = &["id", "text", "items"];
/// The fields a competence must have.
pub const COMPETENCE_REQUIRED: &[&str] =
    &["id", "title", "group", "outcome", "knowledge", "skills"];
/// The fields an item must have.
pub const ITEM_REQUIRED: &[&str] = &["id", "text"];

/// What an empty catalog file is told.
pub(super) const EMPTY: &str = "the catalog file is empty: write `id`, `title` and `competences`";

/// Parse `bytes` as a catalog and add its competences to `catalog`.
/// Ids already in `catalog` are reported as collisions and skipped.
pub fn load_catalog(file: &str, bytes: &[u8], catalog: &mut Catalog) -> Vec<Diagnostic> {
    super::check_bytes(file, bytes, EMPTY, false, into(catalog)).1
}

/// The check of a catalog document, adding its competences to `catalog`.
pub(super) fn into(catalog: &mut Catalog) -> impl FnOnce(&mut Ctx, &Node) -> Option<()> + '_ {
    |ctx, root| {
        read_catalog(ctx, root, catalog);
        Some(())
    }
}

fn read_catalog(ctx: &mut Ctx, root: &Node, catalog: &mut Catalog) {
    let Some(f) = ctx.fields(root, "a catalog", TOP, TOP) else {
        return;
    };
    let id = f.get("id").and_then(|n| ctx.id(n, "the catalog `id`"));
    if let Some(n) = f.get("title") {
        ctx.string(n, "the catalog `title`");
    }
    let source = id.unwrap_or_default();
    if let Some(list) = f
        .get("competences")
        .and_then(|n| ctx.seq(n, "`competences`"))
    {
        if list.is_empty() {
            ctx.report(
                Code::EmptyValue,
                f.pos,
                "`competences` is empty: list at least one competence".into(),
            );
        }
        for node in list {
            if let Some((c, id_node)) = read_competence(ctx, node, &source) {
                let id = c.id.clone();
                if !catalog.push(c) {
                    ctx.report(
                        Code::DuplicateCompetence,
                        id_node.pos,
                        format!("competence `{id}` is already defined (by the bundled catalog or an earlier one): give it an id of its own"),
                    );
                }
            }
        }
    }
    if !source.is_empty() && !catalog.sources.contains(&source) {
        catalog.sources.push(source);
    }
}

fn read_competence<'n>(
    ctx: &mut Ctx,
    node: &'n Node,
    source: &str,
) -> Option<(Competence, &'n Node)> {
    let f = ctx.fields(node, "a competence", COMPETENCE, COMPETENCE_REQUIRED)?;
    let id_node = f.get("id")?;
    let mut id = ctx.string(id_node, "the competence `id`");
    if let Some(bad) = id.take_if(|id| id.contains(['/', ' ', ',', ';'])) {
        ctx.report(
            Code::InvalidId,
            id_node.pos,
            format!("competence id `{bad}` must not contain `/`, spaces, `,` or `;`"),
        );
    }
    let title = f
        .get("title")
        .and_then(|n| ctx.string(n, "the competence `title`"));
    let group = f
        .get("group")
        .and_then(|n| ctx.string(n, "the competence `group`"));
    let area = f
        .get("area")
        .and_then(|n| ctx.string(n, "the competence `area`"));
    let outcome = f
        .get("outcome")
        .and_then(|n| ctx.multiline_string(n, "the competence `outcome`"));
    let clauses = |ctx: &mut Ctx, key: &str| -> Vec<String> {
        f.get(key)
            .and_then(|n| ctx.strings(n, key))
            .map(|v| v.into_iter().map(|(s, _)| s).collect())
            .unwrap_or_default()
    };
    let iso2013 = clauses(ctx, "iso27001_2013");
    let iso2022 = clauses(ctx, "iso27001_2022");
    let id = id?;
    let knowledge = f
        .get("knowledge")
        .map(|n| read_items(ctx, n, &id, 'K', "`knowledge`"))
        .unwrap_or_default();
    let skills = f
        .get("skills")
        .map(|n| read_items(ctx, n, &id, 'S', "`skills`"))
        .unwrap_or_default();
    // A competence with errors (reported above) still claims its id, so
    // that roles and assessments using it are not also reported as naming
    // an unknown competence; a catalog with errors is never analysed.
    Some((
        Competence {
            id,
            title: title.unwrap_or_default(),
            group: group.unwrap_or_default(),
            area,
            iso27001_2013: iso2013,
            iso27001_2022: iso2022,
            outcome: outcome.unwrap_or_default(),
            knowledge,
            skills,
            source: source.to_string(),
        },
        id_node,
    ))
}

fn read_items(ctx: &mut Ctx, node: &Node, parent: &str, letter: char, what: &str) -> Vec<Item> {
    let Some(list) = ctx.seq(node, what) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, n) in list.iter().enumerate() {
        let Some(f) = ctx.fields(n, "a catalog item", ITEM, ITEM_REQUIRED) else {
            continue;
        };
        let expected_short = format!("{letter}{}", i + 1);
        let (Some(id_node), Some(text_node)) = (f.get("id"), f.get("text")) else {
            continue;
        };
        let Some(short) = ctx.string(id_node, "the item `id`") else {
            continue;
        };
        let local = parent.rsplit('/').next().unwrap_or(parent);
        let expected = if parent.contains('/') {
            format!("{local}.{}", i + 1)
        } else {
            expected_short
        };
        if short != expected {
            ctx.report(
                Code::InvalidId,
                id_node.pos,
                format!("item id `{short}` is out of sequence: write `{expected}`"),
            );
        }
        let Some(text) = ctx.multiline_string(text_node, "the item `text`") else {
            continue;
        };
        let base = parent.split('/').next().unwrap_or(parent);
        let full = format!("{base}/{expected}");
        let items = f
            .get("items")
            .map(|sub| read_items(ctx, sub, &full, letter, "`items`"))
            .unwrap_or_default();
        out.push(Item {
            id: full,
            text,
            items,
        });
    }
    out
}
