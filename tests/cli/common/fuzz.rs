//! The loader paths that the fuzz targets (`fuzz/fuzz_targets/`) and the
//! regression test (`tests/fuzz_regressions.rs`) run, with the invariants
//! every input must keep. Shared so both check exactly the same things.
//!
//! Invariants, for any bytes:
//! - nothing panics;
//! - every diagnostic names the file, has line >= 1 and column >= 1, a
//!   line inside the input (counting `\n`, `\r\n` and a lone `\r` as line
//!   breaks, as YAML does), a column at most just past the end of that
//!   line, and a non-empty, single-line message;
//! - a loader that returns a value reported no error (role, person), and
//!   what it returns is within the format's ranges;
//! - the same input gives the same result twice.
#![allow(dead_code)]

use compgap::catalog::Catalog;
use compgap::diag::Diagnostic;
use compgap::load::fields::Ctx;
use compgap::load::person::{PersonCheck, read_person};
use compgap::load::role::read_role;
use compgap::load::workspace::{WorkspaceFile, read_workspace_file};
use compgap::model::{Date, Policy, Role};
use compgap::yaml::{self, Kind, Node};
use std::sync::OnceLock;

/// The file name every diagnostic must carry.
pub const FILE: &str = "input.yaml";

/// Role ids the assessment target checks against (sorted).
pub const ROLE_IDS: &[&str] = &["analyst", "ciso", "isms-manager"];

/// The bundled catalog, parsed once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::bundled)
}

fn as_of() -> Date {
    Date::parse("2026-11-23").expect("a date")
}

/// The lines of `input` as YAML counts them: `\n`, `\r\n` and a lone `\r`
/// each end one (a YAML 1.1 reader also counts NEL, LS and PS, which only add lines).
fn yaml_lines(input: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(input);
    let text = text.replace("\r\n", "\n");
    text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
        .map(str::to_string)
        .collect()
}

/// Line and column checks of every diagnostic against the input.
pub fn check_diags(input: &[u8], diags: &[Diagnostic]) {
    let lines = yaml_lines(input);
    // Positions of invalid UTF-8 and NUL bytes count `\n` only.
    let plain: Vec<String> = input
        .split(|&b| b == b'\n')
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect();
    for d in diags {
        assert_eq!(d.file, FILE, "{d}");
        assert!(d.pos.line >= 1 && d.pos.column >= 1, "{d}");
        let n = d.pos.line as usize;
        assert!(
            n <= lines.len().max(plain.len()),
            "{d}: the input has {} lines",
            lines.len()
        );
        // Columns count characters; the parser may point just past the end.
        let chars = |v: &[String]| v.get(n - 1).map_or(0, |l| l.chars().count());
        let longest = chars(&lines).max(chars(&plain));
        assert!(
            d.pos.column as usize <= longest + 2,
            "{d}: line {n} has {longest} characters"
        );
        assert!(!d.message.trim().is_empty(), "{d}");
        assert!(
            !d.message.contains(['\n', '\r']),
            "a message spans lines: {d:?}"
        );
    }
}

fn check_tree(input: &[u8], node: &Node) {
    let lines = yaml_lines(input).len() as u32;
    assert!(node.pos.line >= 1 && node.pos.line <= lines + 1, "{node:?}");
    assert!(node.pos.column >= 1);
    match &node.kind {
        Kind::Scalar { text, .. } => assert!(text.len() <= yaml::MAX_SCALAR_BYTES),
        Kind::Seq(items) => items.iter().for_each(|n| check_tree(input, n)),
        Kind::Map(entries) => {
            for (i, (k, v)) in entries.iter().enumerate() {
                check_tree(input, k);
                check_tree(input, v);
                // Duplicate keys are reported and only the first is kept.
                if let Some(key) = k.as_scalar() {
                    assert!(
                        !entries[..i].iter().any(|(p, _)| p.as_scalar() == Some(key)),
                        "duplicate key `{key}` kept in the tree"
                    );
                }
            }
        }
    }
}

/// Parse with the file name attached, as `load` does, and check the tree.
pub fn parse(input: &[u8]) -> (Option<Node>, Ctx<'static>) {
    let (root, diags) = yaml::parse(input);
    let again = yaml::parse(input);
    assert_eq!(
        (&root, &diags),
        (&again.0, &again.1),
        "parse is not deterministic"
    );
    let mut ctx = Ctx::new(FILE);
    ctx.absorb(diags);
    if let Some(root) = &root {
        // A tree comes only with duplicate keys as the errors, if any.
        for d in &ctx.diags {
            assert_eq!(d.code, compgap::diag::Code::DuplicateKey, "{d}");
        }
        check_tree(input, root);
    }
    (root, ctx)
}

fn check_levels(l: compgap::model::Levels) {
    assert!(l.knowledge <= 5 && l.skill <= 5, "{l:?}");
}

fn check_role(role: &Role, catalog: &Catalog) {
    assert!(compgap::load::fields::is_valid_id(&role.id), "{}", role.id);
    assert!(!role.title.trim().is_empty());
    assert!(!role.requires.is_empty(), "a role that requires nothing");
    assert!(role.headcount.is_none_or(|h| (1..=100_000).contains(&h)));
    for r in &role.requires {
        assert!(r.competence < catalog.len());
        check_levels(r.required);
    }
    assert_eq!(role.file, FILE);
}

/// A role file, as `load_workspace` reads one.
pub fn role(input: &[u8]) {
    let (root, mut ctx) = parse(input);
    let catalog = catalog();
    if let Some(root) = &root {
        let role = read_role(&mut ctx, root, catalog);
        match &role {
            Some(r) => {
                assert!(
                    !ctx.has_errors(),
                    "a role returned with errors: {:?}",
                    ctx.diags
                );
                check_role(r, catalog);
            }
            None => assert!(ctx.has_errors(), "no role and no error"),
        }
    }
    check_diags(input, &ctx.diags);
}

/// An assessment file, as `load_workspace` reads one.
pub fn person(input: &[u8]) {
    let (root, mut ctx) = parse(input);
    let catalog = catalog();
    let policy = Policy::default();
    let broken = vec!["broken-role".to_string()];
    let check = PersonCheck {
        catalog,
        role_ids: ROLE_IDS,
        broken_roles: &broken,
        policy: &policy,
        as_of: as_of(),
    };
    if let Some(root) = &root {
        match read_person(&mut ctx, root, &check) {
            Some(p) => {
                assert!(
                    !ctx.has_errors(),
                    "a person returned with errors: {:?}",
                    ctx.diags
                );
                assert!(compgap::load::fields::is_valid_id(&p.id), "{}", p.id);
                assert!(!p.name.trim().is_empty());
                assert!(p.roles.iter().all(|&r| r < ROLE_IDS.len()));
                let mut roles = p.roles.clone();
                roles.sort_unstable();
                roles.dedup();
                assert_eq!(roles.len(), p.roles.len(), "a role listed twice");
                assert!(
                    p.competences
                        .windows(2)
                        .all(|w| w[0].competence < w[1].competence),
                    "competences not sorted and unique"
                );
                for h in &p.competences {
                    assert!(h.competence < catalog.len());
                    check_levels(h.levels);
                    for e in &h.evidence {
                        assert!(!e.name.trim().is_empty());
                        if let (Some(d), Some(x)) = (e.date, e.expires) {
                            assert!(d <= x, "evidence expiring before it was issued");
                        }
                    }
                }
                assert_eq!(p.file, FILE);
            }
            None => assert!(ctx.has_errors(), "no person and no error"),
        }
    }
    check_diags(input, &ctx.diags);
}

fn check_policy(p: &Policy) {
    assert!(p.mentor_min_level <= 5, "{p:?}");
    assert!(p.max_mentees <= 1000, "{p:?}");
    assert!((1..=5).contains(&p.hire_gap), "{p:?}");
    assert!((1..=36_500).contains(&p.reassess_after_days), "{p:?}");
    assert!((1..=5).contains(&p.evidence_required_from), "{p:?}");
}

/// `compgap.yaml`, as `load_workspace` reads it.
pub fn workspace(input: &[u8]) {
    let (root, mut ctx) = parse(input);
    if let Some(root) = &root {
        let ws: WorkspaceFile = read_workspace_file(&mut ctx, root);
        check_policy(&ws.policy);
        assert!(!ws.roles.trim().is_empty() && !ws.people.trim().is_empty());
        assert!(ws.catalogs.iter().all(|c| !c.trim().is_empty()));
        if ctx.diags.is_empty() {
            // Without a problem, what is written is what is read.
            let again = read_workspace_file(&mut Ctx::new(FILE), root);
            assert_eq!(ws, again);
        }
    }
    check_diags(input, &ctx.diags);
}

/// An extra catalog, added to the bundled one.
pub fn catalog_file(input: &[u8]) {
    let bundled = catalog();
    let mut catalog = bundled.clone();
    let before = catalog.len();
    let diags = compgap::load::catalog::load_catalog(FILE, input, &mut catalog);
    check_diags(input, &diags);
    // The bundled competences are never replaced; new ids are unique.
    assert!(catalog.len() >= before);
    for (i, c) in catalog.competences.iter().enumerate() {
        assert_eq!(
            catalog.find(&c.id),
            Some(i),
            "competence `{}` indexed wrongly",
            c.id
        );
        if i < before {
            assert_eq!(c, &bundled.competences[i]);
        }
    }
}

/// The fast reader of plain block YAML against the complete reader: for
/// any input, [`yaml::parse`] (which takes the fast path when it can) gives
/// exactly what [`yaml::parse_complete`] gives.
pub fn readers(input: &[u8]) {
    let fast = yaml::parse(input);
    let complete = yaml::parse_complete(input);
    assert_eq!(
        fast,
        complete,
        "the readers differ on {:?}",
        String::from_utf8_lossy(input)
    );
}
