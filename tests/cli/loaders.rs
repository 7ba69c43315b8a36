//! The loaders on their own: YAML text in, typed values and diagnostics out.

use compgap::catalog::Catalog;
use compgap::diag::{Code, Diagnostic};
use compgap::load::fields::Ctx;
use compgap::load::person::{PersonCheck, read_person};
use compgap::load::role::read_role;
use compgap::load::workspace::read_workspace_file;
use compgap::model::{Criticality, Date, Levels, Method, Policy};
use compgap::yaml;

fn parse(text: &str) -> yaml::Node {
    let (node, diags) = yaml::parse(text.as_bytes());
    assert!(diags.is_empty(), "{diags:?}");
    node.expect("document")
}

fn codes(diags: &[Diagnostic]) -> Vec<(u32, u32, Code)> {
    diags
        .iter()
        .map(|d| (d.pos.line, d.pos.column, d.code))
        .collect()
}

#[test]
fn a_role_reads_every_level_form() {
    let catalog = Catalog::bundled();
    let node = parse(
        "id: isms-manager\ntitle: ISMS Manager\nheadcount: 2\nrequires:\n  5.2: {level: 4, criticality: mandatory}\n  5.3: 3\n  6.2.3: {knowledge: 4, skill: 3, criticality: mandatory}\n  5.12: {level: foundation, criticality: desirable}\n  5.10: practitioner\n",
    );
    let mut ctx = Ctx::new("roles/isms-manager.yaml");
    let role = read_role(&mut ctx, &node, &catalog).expect("valid role");
    assert!(ctx.diags.is_empty(), "{:?}", ctx.diags);
    assert_eq!(role.headcount, Some(2));
    let got: Vec<(&str, Levels, Criticality)> = role
        .requires
        .iter()
        .map(|r| {
            (
                catalog.competences[r.competence].id.as_str(),
                r.required,
                r.criticality,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("5.2", Levels::new(4, 4), Criticality::Mandatory),
            ("5.3", Levels::new(3, 3), Criticality::Recommended),
            ("6.2.3", Levels::new(4, 3), Criticality::Mandatory),
            ("5.12", Levels::new(2, 2), Criticality::Desirable),
            ("5.10", Levels::new(3, 3), Criticality::Recommended),
        ]
    );
}

#[test]
fn a_role_reports_every_problem_at_its_place() {
    let catalog = Catalog::bundled();
    let node = parse(
        "id: r\ntitel: R\nheadcount: -1\nrequires:\n  5.1: 3\n  5.2: {level: 3, skill: 2}\n  5.3: {knowledge: 2}\n  5.4: {level: 3, criticality: urgent}\n",
    );
    let mut ctx = Ctx::new("roles/r.yaml");
    assert!(read_role(&mut ctx, &node, &catalog).is_none());
    assert_eq!(
        codes(&ctx.diags),
        vec![
            // `titel` is reported with its suggestion, not also as a missing `title`.
            (2, 1, Code::UnknownField),
            (3, 12, Code::InvalidValue),
            (5, 3, Code::UnknownCompetence),
            (6, 19, Code::ConflictingLevels),
            (7, 8, Code::MissingField),
            (8, 32, Code::InvalidValue),
        ]
    );
    assert!(
        ctx.diags[0].message.contains("did you mean `title`?"),
        "{}",
        ctx.diags[0].message
    );
    assert!(
        ctx.diags[2]
            .message
            .contains("did you mean `5.10`, `5.11` or `5.12`?")
            || ctx.diags[2].message.contains("did you mean `5.12`?")
            || ctx.diags[2].message.contains("did you mean `5.11`?")
            || ctx.diags[2].message.contains("did you mean `5.13`?"),
        "{}",
        ctx.diags[2].message
    );
    assert!(
        ctx.diags[5]
            .message
            .contains("mandatory, recommended, desirable")
    );
}

#[test]
fn an_assessment_reads_levels_evidence_and_roles() {
    let catalog = Catalog::bundled();
    let node = parse(
        "person: alice\nname: Alice Example\nroles: [isms-manager]\nassessed_on: 2026-10-01\nmethod: self\nassessor: bob\ncompetences:\n  6.2.3:\n    knowledge: 3\n    skill: 2\n    evidence:\n      - {kind: qualification, name: ISO/IEC 27001 Lead Implementer, date: 2024-03-01, expires: 2027-03-01}\n      - {kind: experience, name: Led the 2025 risk assessment}\n  5.2: {level: 3}\n",
    );
    let check = PersonCheck {
        catalog: &catalog,
        role_ids: &["isms-manager"],
        broken_roles: &[],
        policy: &Policy::default(),
        as_of: Date::parse("2026-11-23").expect("date"),
    };
    let mut ctx = Ctx::new("people/alice.yaml");
    let p = read_person(&mut ctx, &node, &check).expect("valid");
    // 5.2 at 3 without evidence is a warning (at the competence), not an error.
    assert_eq!(codes(&ctx.diags), vec![(14, 3, Code::UnevidencedClaim)]);
    assert_eq!(p.method, Method::SelfAssessed);
    assert_eq!(p.roles, vec![0]);
    // Sorted in catalog order: 5.2 before 6.2.3.
    assert_eq!(catalog.competences[p.competences[0].competence].id, "5.2");
    assert_eq!(p.competences[1].levels, Levels::new(3, 2));
    assert_eq!(p.competences[1].evidence.len(), 2);
    assert_eq!(
        p.competences[1].evidence[0].expires,
        Date::parse("2027-03-01")
    );
}

#[test]
fn an_assessment_with_bad_values_reports_them_all() {
    let catalog = Catalog::bundled();
    let node = parse(
        "person: bob\nname: ''\nroles: [isms-manger]\nassessed_on: 2026-02-30\nmethod: peer\ncompetences:\n  5.2:\n    level: 6\n    evidence:\n      - {kind: diploma, name: X, date: 2025-01-01, expires: 2024-01-01}\n",
    );
    let check = PersonCheck {
        catalog: &catalog,
        role_ids: &["isms-manager"],
        broken_roles: &[],
        policy: &Policy::default(),
        as_of: Date::parse("2026-11-23").expect("date"),
    };
    let mut ctx = Ctx::new("people/bob.yaml");
    assert!(read_person(&mut ctx, &node, &check).is_none());
    assert_eq!(
        codes(&ctx.diags),
        vec![
            (2, 7, Code::EmptyValue),
            (4, 14, Code::InvalidDate),
            (5, 9, Code::InvalidValue),
            (3, 9, Code::UnknownRole),
            (8, 12, Code::InvalidLevel),
            (10, 16, Code::InvalidValue),
            (10, 61, Code::EvidenceExpiresBeforeIssued),
        ]
    );
    assert!(
        ctx.diags[3]
            .message
            .contains("did you mean `isms-manager`?")
    );
}

#[test]
fn the_workspace_file_sets_policy_and_keeps_defaults() {
    let node =
        parse("policy:\n  max_mentees: 5\n  cap_unevidenced: true\n  mentor_min_level: advanced\n");
    let mut ctx = Ctx::new("compgap.yaml");
    let ws = read_workspace_file(&mut ctx, &node);
    assert!(ctx.diags.is_empty());
    assert_eq!(ws.policy.max_mentees, 5);
    assert!(ws.policy.cap_unevidenced);
    assert_eq!(ws.policy.mentor_min_level, 4);
    assert_eq!(ws.policy.hire_gap, 3);
    assert_eq!(ws.roles, "roles");

    let node = parse("polcy: {}\npolicy:\n  hire_gap: 9\n  cap_unevidenced: maybe\n");
    let mut ctx = Ctx::new("compgap.yaml");
    let ws = read_workspace_file(&mut ctx, &node);
    assert_eq!(
        codes(&ctx.diags),
        vec![
            (1, 1, Code::UnknownField),
            (3, 13, Code::InvalidValue),
            (4, 20, Code::InvalidValue)
        ]
    );
    assert_eq!(ws.policy.hire_gap, 3, "an invalid value keeps the default");
}

#[test]
fn the_bundled_catalog_loads_without_a_diagnostic() {
    let mut catalog = Catalog::default();
    let diags = compgap::load::catalog::load_catalog(
        "iso27021.yaml",
        compgap::catalog::BUNDLED_YAML.as_bytes(),
        &mut catalog,
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(catalog.len(), 24);
    assert_eq!(catalog.sources, ["iso27021-2017"]);
}
