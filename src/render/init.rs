//! `compgap init`: the files of a new workspace, as relative paths and
//! their text. Each YAML file starts with a modeline naming its schema,
//! which `init` writes into the workspace's `.schemas/` folder (so that
//! editors find it offline and it matches the installed compgap).

use crate::model::{Date, Policy};
use crate::schema::{FileKind, schema_text};
use crate::templates::Template;

/// The folder, inside the workspace, that holds the schema files.
pub const SCHEMA_DIR: &str = ".schemas";

/// The first line of a file of `kind`, `depth` folders below the workspace.
pub fn modeline(kind: FileKind, depth: usize) -> String {
    format!(
        "# yaml-language-server: $schema={}{SCHEMA_DIR}/{}\n",
        "../".repeat(depth),
        kind.file_name()
    )
}

/// Every file of a new workspace, in the order they are written: the
/// workspace file, the schemas, the roles (the `templates` chosen, else a
/// commented example), one commented assessment, and a README.
pub fn scaffold(as_of: Date, templates: &[&Template]) -> Vec<(String, String)> {
    let mut files = vec![("compgap.yaml".to_string(), workspace_file())];
    for kind in FileKind::ALL {
        files.push((
            format!("{SCHEMA_DIR}/{}", kind.file_name()),
            schema_text(kind),
        ));
    }
    let first_role = if templates.is_empty() {
        files.push(("roles/isms-manager.yaml".into(), example_role()));
        "isms-manager"
    } else {
        for t in templates {
            let text = format!("{}{}", modeline(FileKind::Role, 1), t.yaml);
            files.push((format!("roles/{}.yaml", t.id), text));
        }
        templates[0].id
    };
    files.push(("people/alex.yaml".into(), example_person(as_of, first_role)));
    files.push(("README.md".into(), readme()));
    files
}

/// The policy keys, their defaults and what each does.
fn policy_lines(p: &Policy) -> Vec<(&'static str, String, &'static str)> {
    vec![
        (
            "mentor_min_level",
            p.mentor_min_level.to_string(),
            "a mentor holds at least this skill level (and at least the required level)",
        ),
        (
            "max_mentees",
            p.max_mentees.to_string(),
            "mentoring assignments per mentor, across all competences",
        ),
        (
            "hire_gap",
            p.hire_gap.to_string(),
            "team gap from which hiring or contracting is advised",
        ),
        (
            "reassess_after_days",
            p.reassess_after_days.to_string(),
            "an older assessment is stale: re-assess",
        ),
        (
            "evidence_required_from",
            p.evidence_required_from.to_string(),
            "a claimed level at or above this wants valid evidence",
        ),
        (
            "cap_unevidenced",
            p.cap_unevidenced.to_string(),
            "if true, an unevidenced claim counts as evidence_required_from - 1",
        ),
        (
            "expiry_warning_days",
            p.expiry_warning_days.to_string(),
            "warn about evidence that expires within this many days",
        ),
    ]
}

fn workspace_file() -> String {
    let mut s = modeline(FileKind::Workspace, 0);
    s.push_str(
        "# compgap workspace. Every key is optional; the values shown are the defaults.\n\
         roles: roles                 # folder holding one YAML file per role\n\
         people: people               # folder holding one YAML file per assessed person\n\
         catalogs: []                 # extra competence catalogs (ISO/IEC 27021 is always bundled)\n\
         policy:\n",
    );
    for (key, value, what) in policy_lines(&Policy::default()) {
        let entry = format!("{key}: {value}");
        s.push_str(&format!("  {entry:<26} # {what}\n"));
    }
    s
}

fn example_role() -> String {
    let mut s = modeline(FileKind::Role, 1);
    s.push_str(
        r#"# A role: the competence it needs (ISO/IEC 27001 7.2 a). One file per role,
# named after its id. `compgap catalog list` shows the competence ids;
# `compgap catalog roles` lists role templates to start from instead.
id: isms-manager
title: ISMS Manager
description: Runs the ISMS day to day and reports on it to top management.
# ecsf_profile: the ENISA ECSF role profile the role corresponds to, if any.
# headcount: 1                # positions to fill
requires:
  # A competence id and one level for knowledge and skill: 0-5 or its name
  # (none, aware, foundation, practitioner, advanced, expert); the
  # criticality is then `recommended`.
  "5.3": practitioner
  # A level with a criticality (mandatory, recommended or desirable) and a
  # one-line note saying why the role needs it.
  "6.2.2": {level: 4, criticality: mandatory, note: Defines and maintains the ISMS scope}
  # Knowledge and skill apart.
  "6.2.3":
    knowledge: 4
    skill: 3
    criticality: mandatory
    note: Runs the risk assessment and treatment process
  "6.5.2": {knowledge: 3, skill: 3, criticality: recommended, note: Reports the performance of the ISMS}
"#,
    );
    s
}

fn example_person(as_of: Date, role: &str) -> String {
    let mut s = modeline(FileKind::Person, 1);
    s.push_str(
        "# An assessment: the competence one person holds (ISO/IEC 27001 7.2 b-d).\n\
         # One file per person, named after `person`.\n",
    );
    let lines: Vec<(String, &str)> = vec![
        ("person: alex".into(), ""),
        ("name: Alex Example".into(), ""),
        (format!("roles: [{role}]"), "ids of role files under roles/"),
        (
            format!("assessed_on: {as_of}"),
            "YYYY-MM-DD; re-assess after reassess_after_days",
        ),
        ("method: self".into(), "self, manager or independent"),
        (
            "assessor: Alex Example".into(),
            "who assessed, free text (optional)",
        ),
        ("competences:".into(), ""),
        (
            "  # A competence id and the level held, as in a role.".into(),
            "",
        ),
        ("  \"5.3\": 2".into(), ""),
        (
            "  # From evidence_required_from (3) up, a claim wants evidence that has".into(),
            "",
        ),
        ("  # not expired.".into(), ""),
        ("  \"6.2.3\":".into(), ""),
        ("    knowledge: 3".into(), ""),
        ("    skill: 2".into(), ""),
        ("    evidence:".into(), ""),
        (
            "      - kind: training".into(),
            "qualification, training, experience or other",
        ),
        (
            "        name: Information security risk management course".into(),
            "",
        ),
        (
            format!("        date: {as_of}"),
            "when it was obtained; add `expires:` if it expires",
        ),
    ];
    for (line, comment) in &lines {
        if comment.is_empty() {
            s.push_str(line);
        } else {
            s.push_str(&format!("{line:<28} # {comment}"));
        }
        s.push('\n');
    }
    s
}

fn readme() -> String {
    r#"# compgap workspace

The competence of the people in the information security management system
(ISO/IEC 27001 clause 7.2), checked against the ISO/IEC 27021 competences.

- `compgap.yaml`: where the files are and the rules of the analysis.
- `roles/`: one file per role, the competence it needs.
- `people/`: one file per person, the competence they hold, with evidence.
- `.schemas/`: the JSON Schemas the files' first lines point at, for
  completion and errors in editors that use yaml-language-server (VS Code
  with the YAML extension, and others). After upgrading compgap, refresh
  them with `compgap schema role -o .schemas/role.schema.json` (and
  `person`, `workspace`, `catalog`).

Next steps:

    compgap validate          # every problem, with file, line and column
    compgap catalog list      # the competences to require and assess
    compgap catalog roles     # role templates to start from
    compgap catalog roles show ciso -o roles/ciso.yaml   # add one
    compgap assess PERSON     # questions that create or update people/PERSON.yaml
    compgap report            # the gaps, in priority order
    compgap plan              # development plans
"#
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_file_sets_every_policy_key() {
        let mut keys: Vec<&str> = policy_lines(&Policy::default())
            .iter()
            .map(|(k, _, _)| *k)
            .collect();
        let mut expected = crate::load::workspace::POLICY.to_vec();
        keys.sort_unstable();
        expected.sort_unstable();
        assert_eq!(keys, expected);
        let text = workspace_file();
        for key in expected {
            assert!(text.contains(&format!("\n  {key}: ")), "{key} missing");
        }
    }
}
