//! The gap rules on hand-built organizations, with answers worked out by
//! hand, and property tests for the engine's invariants.

use compgap::catalog::Catalog;
use compgap::engine::{self, Action, Analysis, Band, BusStatus, Row, TeamKind};
use compgap::model::{
    Criticality::{self, Desirable, Mandatory, Recommended},
    Date, Evidence, EvidenceKind, Held, Levels, Method, Person, Policy, Requirement, Role,
    Workspace,
};
use proptest::prelude::*;

const AS_OF: &str = "2026-11-23";

fn date(s: &str) -> Date {
    Date::parse(s).expect("test date")
}

/// A role: id, headcount, requirements (competence, knowledge, skill, criticality).
struct R(
    &'static str,
    Option<u32>,
    Vec<(&'static str, u8, u8, Criticality)>,
);
/// A person: id, roles, held (competence, knowledge, skill, evidence).
struct P(
    &'static str,
    Vec<&'static str>,
    Vec<(&'static str, u8, u8, Vec<Evidence>)>,
);

fn qualification(expires: &str) -> Evidence {
    Evidence {
        kind: EvidenceKind::Qualification,
        name: "Certificate".into(),
        date: Some(date("2020-01-01")),
        expires: Some(date(expires)),
    }
}

fn org(roles: Vec<R>, people: Vec<P>, policy: Policy) -> Workspace {
    let catalog = Catalog::bundled();
    let c = |id: &str| catalog.find(id).expect("competence id");
    let mut role_ids: Vec<&str> = roles.iter().map(|r| r.0).collect();
    role_ids.sort_unstable();
    let mut roles: Vec<Role> = roles
        .into_iter()
        .map(|R(id, headcount, reqs)| Role {
            id: id.into(),
            title: id.into(),
            description: None,
            ecsf_profile: None,
            headcount,
            requires: reqs
                .into_iter()
                .map(|(comp, k, s, crit)| Requirement {
                    competence: c(comp),
                    required: Levels::new(k, s),
                    criticality: crit,
                    note: None,
                })
                .collect(),
            file: format!("roles/{id}.yaml"),
        })
        .collect();
    roles.sort_by(|a, b| a.id.cmp(&b.id));
    let mut people: Vec<Person> = people
        .into_iter()
        .map(|P(id, rs, held)| {
            let mut competences: Vec<Held> = held
                .into_iter()
                .map(|(comp, k, s, evidence)| Held {
                    competence: c(comp),
                    levels: Levels::new(k, s),
                    evidence,
                })
                .collect();
            competences.sort_by_key(|h| h.competence);
            Person {
                id: id.into(),
                name: id.to_uppercase(),
                roles: rs
                    .iter()
                    .map(|r| role_ids.binary_search(r).expect("role id"))
                    .collect(),
                assessed_on: date("2026-06-01"),
                method: Method::Manager,
                assessor: None,
                competences,
                file: format!("people/{id}.yaml"),
            }
        })
        .collect();
    people.sort_by(|a, b| a.id.cmp(&b.id));
    Workspace {
        root: ".".into(),
        catalog,
        policy,
        roles,
        people,
        people_dir: "people".into(),
        inputs: Vec::new(),
    }
}

fn analyze(ws: &Workspace) -> Analysis {
    engine::analyze(ws, date(AS_OF))
}

fn row<'a>(ws: &Workspace, a: &'a Analysis, person: &str, comp: &str) -> &'a Row {
    let p = ws.person_index(person).expect("person");
    let c = ws.catalog.find(comp).expect("competence");
    a.rows
        .iter()
        .find(|r| r.person == p && r.competence == c)
        .expect("row")
}

fn mentor_of(ws: &Workspace, r: &Row) -> Option<String> {
    r.actions.iter().find_map(|a| match a {
        Action::Mentoring { mentor } => Some(ws.people[*mentor].id.clone()),
        _ => None,
    })
}

fn kinds(r: &Row) -> Vec<&'static str> {
    r.actions.iter().map(|a| a.kind().as_str()).collect()
}

#[test]
fn several_roles_take_the_stricter_level_per_dimension_and_the_highest_criticality() {
    let ws = org(
        vec![
            R("a", None, vec![("5.2", 4, 2, Desirable)]),
            R("b", None, vec![("5.2", 3, 4, Mandatory)]),
        ],
        vec![P("ann", vec!["a", "b"], vec![("5.2", 2, 2, vec![])])],
        Policy::default(),
    );
    let a = analyze(&ws);
    let r = row(&ws, &a, "ann", "5.2");
    assert_eq!(r.required, Levels::new(4, 4));
    assert_eq!(r.criticality, Mandatory);
    assert_eq!((r.knowledge_gap, r.skill_gap, r.gap), (2, 2, 2));
    // Nobody meets 4/4: coverage factor 2; score 2 × 3 × 2 = 12 → high.
    assert_eq!((r.coverage_factor, r.score, r.band), (2, 12, Band::High));
}

#[test]
fn knowledge_only_gaps_get_training_and_skill_only_gaps_a_mentor_or_coach() {
    let ws = org(
        vec![R(
            "r",
            None,
            vec![
                ("5.2", 3, 1, Recommended),
                ("5.3", 1, 3, Recommended),
                ("5.4", 1, 4, Recommended),
            ],
        )],
        vec![
            P(
                "ann",
                vec!["r"],
                vec![
                    ("5.2", 1, 1, vec![]),
                    ("5.3", 1, 1, vec![]),
                    ("5.4", 1, 1, vec![]),
                ],
            ),
            P("ben", vec![], vec![("5.3", 4, 4, vec![])]),
        ],
        Policy::default(),
    );
    let a = analyze(&ws);
    let k = row(&ws, &a, "ann", "5.2");
    assert_eq!(kinds(k), ["training"]);
    let Action::Training { items } = &k.actions[0] else {
        panic!("training")
    };
    assert_eq!(&items[..], ["5.2/K1", "5.2/K2"]);
    let s = row(&ws, &a, "ann", "5.3");
    assert_eq!(kinds(s), ["mentoring"]);
    assert_eq!(mentor_of(&ws, s).as_deref(), Some("ben"));
    // Nobody holds 5.4 at skill 4: coaching, no training.
    assert_eq!(kinds(row(&ws, &a, "ann", "5.4")), ["coaching"]);
}

#[test]
fn mentors_are_chosen_by_skill_then_load_then_id_within_capacity() {
    // Three mentees need 5.2 skill 3 (mentor threshold max(3, 4) = 4).
    // Candidates: zoe skill 5 (but knowledge 1 < required 2: not eligible),
    // max skill 5, kim skill 4, lou skill 4. max_mentees = 1.
    let policy = Policy {
        max_mentees: 1,
        ..Policy::default()
    };
    let ws = org(
        vec![R("r", None, vec![("5.2", 2, 3, Mandatory)])],
        vec![
            P("a1", vec!["r"], vec![("5.2", 2, 0, vec![])]),
            P("a2", vec!["r"], vec![("5.2", 2, 1, vec![])]),
            P("a3", vec!["r"], vec![("5.2", 2, 2, vec![])]),
            P("a4", vec!["r"], vec![("5.2", 2, 2, vec![])]),
            P("zoe", vec![], vec![("5.2", 1, 5, vec![])]),
            P("max", vec![], vec![("5.2", 2, 5, vec![])]),
            P("lou", vec![], vec![("5.2", 5, 4, vec![])]),
            P("kim", vec![], vec![("5.2", 5, 4, vec![])]),
        ],
        policy,
    );
    let a = analyze(&ws);
    // Report order: a1 (gap 3), a2 (gap 2), then a3, a4 (gap 1, by id).
    let order: Vec<&str> = a
        .rows
        .iter()
        .filter(|r| r.is_gap())
        .map(|r| ws.people[r.person].id.as_str())
        .collect();
    assert_eq!(order, ["a1", "a2", "a3", "a4"]);
    assert_eq!(
        mentor_of(&ws, row(&ws, &a, "a1", "5.2")).as_deref(),
        Some("max")
    );
    assert_eq!(
        mentor_of(&ws, row(&ws, &a, "a2", "5.2")).as_deref(),
        Some("kim")
    );
    assert_eq!(
        mentor_of(&ws, row(&ws, &a, "a3", "5.2")).as_deref(),
        Some("lou")
    );
    assert_eq!(kinds(row(&ws, &a, "a4", "5.2")), ["coaching"]);
}

#[test]
fn a_person_never_mentors_themselves_and_fewest_assignments_win_ties() {
    // Report order (worked out by hand):
    //   dan/5.3 gap 5 × 3 × cf 2 = 30 → only bob holds 5.3 at skill 5 → bob
    //   dan/5.2 gap 5 × 3 × cf 1 = 15 → amy and cat tie on skill 5 and load 0 → amy (id)
    //   amy/5.3 gap 2 × 3 × cf 2 = 12 → amy is excluded; bob
    //   bob/5.2 gap 2 × 3 × cf 1 =  6 → amy has 1 assignment, cat 0 → cat
    let ws = org(
        vec![R(
            "r",
            None,
            vec![("5.2", 0, 5, Mandatory), ("5.3", 0, 5, Mandatory)],
        )],
        vec![
            P(
                "amy",
                vec!["r"],
                vec![("5.2", 5, 5, vec![]), ("5.3", 0, 3, vec![])],
            ),
            P(
                "bob",
                vec!["r"],
                vec![("5.2", 0, 3, vec![]), ("5.3", 5, 5, vec![])],
            ),
            P("cat", vec![], vec![("5.2", 5, 5, vec![])]),
            P("dan", vec!["r"], vec![]),
        ],
        Policy::default(),
    );
    let a = analyze(&ws);
    assert_eq!(
        mentor_of(&ws, row(&ws, &a, "dan", "5.3")).as_deref(),
        Some("bob")
    );
    assert_eq!(
        mentor_of(&ws, row(&ws, &a, "dan", "5.2")).as_deref(),
        Some("amy")
    );
    assert_eq!(
        mentor_of(&ws, row(&ws, &a, "amy", "5.3")).as_deref(),
        Some("bob")
    );
    assert_eq!(
        mentor_of(&ws, row(&ws, &a, "bob", "5.2")).as_deref(),
        Some("cat")
    );
}

#[test]
fn coverage_factor_counts_the_whole_population() {
    // Gap 2 recommended: 2 × 2 × factor. One outsider meets it → factor 2
    // (score 8, medium); two outsiders → factor 1 (score 4, low).
    let one = org(
        vec![R("r", None, vec![("5.2", 3, 3, Recommended)])],
        vec![
            P("ann", vec!["r"], vec![("5.2", 1, 1, vec![])]),
            P("x1", vec![], vec![("5.2", 3, 3, vec![])]),
        ],
        Policy::default(),
    );
    let a = analyze(&one);
    let r = row(&one, &a, "ann", "5.2");
    assert_eq!((r.coverage_factor, r.score, r.band), (2, 8, Band::Medium));
    let two = org(
        vec![R("r", None, vec![("5.2", 3, 3, Recommended)])],
        vec![
            P("ann", vec!["r"], vec![("5.2", 1, 1, vec![])]),
            P("x1", vec![], vec![("5.2", 3, 3, vec![])]),
            P("x2", vec![], vec![("5.2", 4, 3, vec![])]),
        ],
        Policy::default(),
    );
    let a = analyze(&two);
    let r = row(&two, &a, "ann", "5.2");
    assert_eq!((r.coverage_factor, r.score, r.band), (1, 4, Band::Low));
}

#[test]
fn rows_are_ordered_by_score_weight_gap_person_then_catalog() {
    // ann 5.3: gap 3 × desirable 1 × 2 = 6; bob 5.2: gap 1 × mandatory 3 × 2 = 6.
    // Same score: weight desc puts bob first. ann 5.2 and ann 5.4: both gap 1
    // recommended ×2 = 4 → catalog order 5.2 before 5.4. cid 5.2 same → id.
    let ws = org(
        vec![
            R("m", None, vec![("5.2", 1, 1, Mandatory)]),
            R(
                "r",
                None,
                vec![
                    ("5.2", 1, 1, Recommended),
                    ("5.4", 1, 1, Recommended),
                    ("5.3", 3, 3, Desirable),
                ],
            ),
        ],
        vec![
            P("ann", vec!["r"], vec![]),
            P("bob", vec!["m"], vec![]),
            P("cid", vec!["r"], vec![("5.3", 3, 3, vec![])]),
        ],
        Policy::default(),
    );
    let a = analyze(&ws);
    let got: Vec<(String, String, u32)> = a
        .rows
        .iter()
        .filter(|r| r.is_gap())
        .map(|r| {
            (
                ws.people[r.person].id.clone(),
                ws.catalog.competences[r.competence].id.clone(),
                r.score,
            )
        })
        .collect();
    let want = [
        ("bob", "5.2", 6),
        ("ann", "5.3", 6),
        ("ann", "5.2", 4),
        ("ann", "5.4", 4),
        ("cid", "5.2", 4),
        ("cid", "5.4", 4),
    ];
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0.as_str(), g.1.as_str(), g.2), w);
    }
}

#[test]
fn expired_evidence_does_not_count_and_caps_apply_only_when_asked() {
    let reqs = vec![("5.2", 4, 4, Mandatory), ("5.3", 3, 3, Mandatory)];
    let people = || {
        vec![P(
            "ann",
            vec!["r"],
            vec![
                ("5.2", 4, 4, vec![qualification("2026-01-01")]),
                ("5.3", 2, 4, vec![qualification("2027-01-01")]),
            ],
        )]
    };
    let plain = org(
        vec![R("r", None, reqs.clone())],
        people(),
        Policy::default(),
    );
    let a = analyze(&plain);
    let r = row(&plain, &a, "ann", "5.2");
    assert_eq!(r.held, Levels::new(4, 4));
    assert!(!r.is_gap());
    assert_eq!(r.flags.names(), ["unevidenced", "expired-evidence"]);
    // Valid evidence expiring within policy.expiry_warning_days (90).
    assert_eq!(row(&plain, &a, "ann", "5.3").flags.names(), ["expiring"]);
    let short_notice = org(
        vec![R("r", None, reqs.clone())],
        people(),
        Policy {
            expiry_warning_days: 30,
            ..Policy::default()
        },
    );
    let b = analyze(&short_notice);
    assert!(
        row(&short_notice, &b, "ann", "5.3")
            .flags
            .names()
            .is_empty()
    );

    let capping = Policy {
        cap_unevidenced: true,
        ..Policy::default()
    };
    let capped = org(vec![R("r", None, reqs)], people(), capping);
    let a = analyze(&capped);
    let r = row(&capped, &a, "ann", "5.2");
    // 4 ≥ evidence_required_from 3 without valid evidence → counts as 2.
    assert_eq!(r.held, Levels::new(2, 2));
    assert_eq!(r.gap, 2);
    assert_eq!(
        r.flags.names(),
        ["unevidenced", "expired-evidence", "capped"]
    );
    // Valid evidence: no cap.
    assert_eq!(row(&capped, &a, "ann", "5.3").held, Levels::new(2, 4));
}

#[test]
fn unassessed_and_stale_flags() {
    let mut ws = org(
        vec![R("r", None, vec![("5.2", 1, 1, Recommended)])],
        vec![P("ann", vec!["r"], vec![])],
        Policy::default(),
    );
    ws.people[0].assessed_on = date("2025-11-22"); // 366 days before as_of
    let a = analyze(&ws);
    assert_eq!(
        row(&ws, &a, "ann", "5.2").flags.names(),
        ["unassessed", "stale"]
    );
    ws.people[0].assessed_on = date("2025-11-23"); // exactly 365 days: not stale
    let a = analyze(&ws);
    assert_eq!(row(&ws, &a, "ann", "5.2").flags.names(), ["unassessed"]);
}

#[test]
fn team_actions_vacancy_reassign_hire_develop() {
    let ws = org(
        vec![
            R(
                "auditor",
                Some(2),
                vec![
                    ("6.5.3", 4, 4, Mandatory),
                    ("6.5.2", 3, 3, Recommended),
                    ("6.5.4", 2, 2, Recommended),
                ],
            ),
            R("empty", None, vec![("5.2", 1, 1, Recommended)]),
        ],
        vec![
            P(
                "ann",
                vec!["auditor"],
                vec![
                    ("6.5.3", 1, 1, vec![]),
                    ("6.5.2", 2, 2, vec![]),
                    ("6.5.4", 2, 2, vec![]),
                ],
            ),
            P("out", vec![], vec![("6.5.3", 5, 4, vec![])]),
        ],
        Policy::default(),
    );
    let a = analyze(&ws);
    let got: Vec<(String, Option<String>, TeamKind, Vec<String>)> = a
        .team_actions
        .iter()
        .map(|t| {
            (
                ws.roles[t.role].id.clone(),
                t.competence.map(|c| ws.catalog.competences[c].id.clone()),
                t.kind,
                t.candidates
                    .iter()
                    .map(|&p| ws.people[p].id.clone())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("auditor".into(), None, TeamKind::Hire, vec![]),
            // 6.5.2 comes before 6.5.3 in catalog order; ann's gap is 1 < hire_gap 3.
            (
                "auditor".into(),
                Some("6.5.2".into()),
                TeamKind::Develop,
                vec![]
            ),
            (
                "auditor".into(),
                Some("6.5.3".into()),
                TeamKind::Reassign,
                vec!["out".into()]
            ),
            ("empty".into(), None, TeamKind::Hire, vec![]),
        ]
    );
    assert_eq!(
        a.team_actions[0].reason,
        "1 of 2 positions filled: 1 vacant"
    );
}

#[test]
fn a_large_holder_gap_advises_hiring() {
    let ws = org(
        vec![R("r", None, vec![("6.5.2", 4, 4, Mandatory)])],
        vec![
            P("ann", vec!["r"], vec![("6.5.2", 1, 1, vec![])]),
            P("bob", vec!["r"], vec![("6.5.2", 2, 0, vec![])]),
        ],
        Policy::default(),
    );
    let a = analyze(&ws);
    // Smallest holder gap = ann's 3 = hire_gap → hire.
    assert_eq!(a.team_actions.len(), 1);
    assert_eq!(a.team_actions[0].kind, TeamKind::Hire);
}

#[test]
fn bus_factor_uses_the_highest_requirement_per_dimension() {
    let ws = org(
        vec![
            R("a", None, vec![("5.2", 4, 2, Recommended)]),
            R("b", None, vec![("5.2", 2, 3, Recommended)]),
        ],
        vec![
            P("ann", vec!["a"], vec![("5.2", 4, 1, vec![])]),
            P("bob", vec!["b"], vec![("5.2", 1, 3, vec![])]),
            P("cid", vec![], vec![("5.2", 5, 5, vec![])]),
        ],
        Policy::default(),
    );
    let a = analyze(&ws);
    assert_eq!(a.bus.len(), 1);
    let b = &a.bus[0];
    assert_eq!(b.required, Levels::new(4, 3));
    assert_eq!((b.knowledge, b.skill), (2, 2));
    assert_eq!(b.bus_status(), BusStatus::Ok);
    let lonely = org(
        vec![R("a", None, vec![("5.3", 3, 3, Recommended)])],
        vec![P("ann", vec!["a"], vec![("5.3", 3, 3, vec![])])],
        Policy::default(),
    );
    assert_eq!(
        analyze(&lonely).bus[0].bus_status().as_str(),
        "single point of failure"
    );
}

#[test]
fn total_gap_points_sum_gaps() {
    let ws = org(
        vec![R(
            "r",
            None,
            vec![("5.2", 3, 3, Recommended), ("5.3", 2, 1, Recommended)],
        )],
        vec![
            P("ann", vec!["r"], vec![("5.2", 1, 2, vec![])]),
            P("bob", vec!["r"], vec![("5.3", 2, 1, vec![])]),
        ],
        Policy::default(),
    );
    let a = analyze(&ws);
    // ann: 5.2 gap 2, 5.3 gap 2; bob: 5.2 gap 3, 5.3 met.
    assert_eq!(engine::Totals::of(&a.rows).total_gap_points, 7);
    assert_eq!(engine::Totals::of(&a.rows).gaps, 3);
}

const COMPS: [&str; 4] = ["5.2", "5.3", "6.5.3", "6.2.3"];

fn arb_org() -> impl Strategy<Value = (Vec<[u8; 8]>, Vec<[u8; 9]>)> {
    // Two roles × 4 competences (k, s) and up to 8 people with a role mask and held levels.
    (
        proptest::collection::vec(proptest::array::uniform8(0u8..=5), 2),
        proptest::collection::vec(proptest::array::uniform9(0u8..=5), 1..8),
    )
}

fn build((roles, people): &(Vec<[u8; 8]>, Vec<[u8; 9]>)) -> Workspace {
    let names = ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"];
    let crit = [Mandatory, Recommended, Desirable, Mandatory];
    org(
        vec![
            R(
                "ra",
                Some(1),
                (0..4)
                    .map(|i| (COMPS[i], roles[0][2 * i], roles[0][2 * i + 1], crit[i]))
                    .collect(),
            ),
            R(
                "rb",
                None,
                (0..4)
                    .map(|i| (COMPS[i], roles[1][2 * i], roles[1][2 * i + 1], crit[3 - i]))
                    .collect(),
            ),
        ],
        people
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let rs = match h[8] % 4 {
                    0 => vec![],
                    1 => vec!["ra"],
                    2 => vec!["rb"],
                    _ => vec!["ra", "rb"],
                };
                P(
                    names[i],
                    rs,
                    (0..4)
                        .map(|c| (COMPS[c], h[2 * c], h[2 * c + 1], vec![]))
                        .collect(),
                )
            })
            .collect(),
        Policy::default(),
    )
}

proptest! {
    #[test]
    fn gaps_are_bounded_and_order_is_total(spec in arb_org()) {
        let ws = build(&spec);
        let a = analyze(&ws);
        for r in &a.rows {
            prop_assert!(r.gap <= r.required.knowledge.max(r.required.skill));
            prop_assert_eq!(r.gap, r.knowledge_gap.max(r.skill_gap));
            prop_assert!(r.score <= 30);
            prop_assert_eq!(r.is_gap(), !r.held.meets(r.required));
        }
        for pair in a.rows.windows(2) {
            prop_assert!(engine::order_key(&pair[0]) < engine::order_key(&pair[1]));
        }
        prop_assert_eq!(format!("{:?}", a.rows), format!("{:?}", analyze(&ws).rows));
    }

    #[test]
    fn raising_a_held_level_never_raises_a_gap_or_a_score(spec in arb_org(), who in 0usize..8, comp in 0usize..4, skill in any::<bool>()) {
        let before_ws = build(&spec);
        let mut raised = spec.clone();
        let who = who % raised.1.len();
        let slot = &mut raised.1[who][2 * comp + usize::from(skill)];
        prop_assume!(*slot < 5);
        *slot += 1;
        let after_ws = build(&raised);
        let (before, after) = (analyze(&before_ws), analyze(&after_ws));
        for b in &before.rows {
            let a = after.rows.iter().find(|r| r.person == b.person && r.competence == b.competence).expect("same rows");
            prop_assert!(a.gap <= b.gap);
            prop_assert!(a.score <= b.score);
        }
        prop_assert!(engine::Totals::of(&after.rows).total_gap_points <= engine::Totals::of(&before.rows).total_gap_points);
    }
}
