//! What an import writes (or, with `--dry-run`, would write): one line per
//! file with a summary of its changes, then the totals.

use crate::load::display_path;
use crate::load::import::{Plan, Planned};
use crate::model::Levels;
use crate::render::person_file::PersonDoc;
use crate::render::role_file::RoleDoc;
use std::fmt::Write as _;

/// A field of a document by name, as text to compare.
type Field<T> = (&'static str, fn(&T) -> String);

fn levels(l: Option<Levels>) -> String {
    l.map_or_else(|| "unassessed".to_owned(), super::pair)
}

/// The changes between two versions of a file, as `what old → new` parts.
fn changes<T>(
    before: &T,
    after: &T,
    fields: &[Field<T>],
    items: fn(&T) -> Vec<(String, Levels)>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (name, get) in fields {
        if get(before) != get(after) {
            out.push((*name).to_owned());
        }
    }
    let old = items(before);
    for (id, l) in items(after) {
        let was = old.iter().find(|(o, _)| *o == id).map(|(_, l)| *l);
        if was != Some(l) {
            out.push(format!("{id} {} → {}", levels(was), levels(Some(l))));
        }
    }
    out
}

fn line<T: PartialEq>(
    out: &mut String,
    counts: &mut [usize; 3],
    p: &Planned<T>,
    what: &str,
    detail: impl Fn(&T, &T) -> Vec<String>,
    size: impl Fn(&T) -> usize,
) {
    let path = display_path(&p.path);
    match &p.before {
        None => {
            counts[0] += 1;
            let _ = writeln!(out, "create {path} ({} {what})", size(&p.after));
        }
        Some(_) if p.unchanged() => {
            counts[2] += 1;
            let _ = writeln!(out, "unchanged {path}");
        }
        Some(before) => {
            counts[1] += 1;
            let _ = writeln!(
                out,
                "update {path}: {}",
                detail(before, &p.after).join(", ")
            );
        }
    }
}

/// The report of an import.
pub fn summary(plan: &Plan, dry_run: bool) -> String {
    let mut out = String::new();
    let mut counts = [0usize; 3];
    let role_fields: [Field<RoleDoc>; 1] = [("title", |r| r.title.clone())];
    for r in &plan.roles {
        line(
            &mut out,
            &mut counts,
            r,
            "requirements",
            |b, a| {
                changes(b, a, &role_fields, |r| {
                    r.requires
                        .iter()
                        .map(|q| (q.competence.clone(), q.levels))
                        .collect()
                })
            },
            |r| r.requires.len(),
        );
    }
    let person_fields: [Field<PersonDoc>; 5] = [
        ("name", |p| p.name.clone()),
        ("roles", |p| p.roles.join(",")),
        ("assessed_on", |p| p.assessed_on.to_string()),
        ("method", |p| p.method.as_str().to_owned()),
        ("assessor", |p| p.assessor.clone().unwrap_or_default()),
    ];
    for p in &plan.people {
        line(
            &mut out,
            &mut counts,
            p,
            "competences",
            |b, a| {
                changes(b, a, &person_fields, |p| {
                    p.competences
                        .iter()
                        .map(|h| (h.competence.clone(), h.levels))
                        .collect()
                })
            },
            |p| p.competences.len(),
        );
    }
    let [created, updated, unchanged] = counts;
    let verb = if dry_run { "would write" } else { "wrote" };
    let _ = writeln!(
        out,
        "{verb} {} file{}: {created} new, {updated} updated; {unchanged} unchanged{}",
        created + updated,
        if created + updated == 1 { "" } else { "s" },
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    out
}
