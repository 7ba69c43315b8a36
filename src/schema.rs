//! The input file formats as types, from which `compgap schema` derives the
//! JSON Schema of each kind of file (role, assessment, workspace, catalog).
//!
//! The loader (`load`) reads the same files with positions kept for its
//! messages; its field lists and the names of its enums are checked by
//! tests to be exactly the properties and values these types declare, so
//! the schema and what `validate` accepts cannot drift apart.

use crate::model::scale::LEVEL_NAMES;
use crate::model::{Criticality, EvidenceKind, Method};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::collections::BTreeMap;

/// The kinds of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Role,
    Person,
    Workspace,
    Catalog,
}

impl FileKind {
    pub const ALL: [FileKind; 4] = [Self::Role, Self::Person, Self::Workspace, Self::Catalog];

    /// The word on the command line and in the schema file's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Role => "role",
            Self::Person => "person",
            Self::Workspace => "workspace",
            Self::Catalog => "catalog",
        }
    }

    /// The schema file's name, `role.schema.json`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }
}

/// The JSON Schema (draft 7, which every yaml-language-server reads) of a kind of file.
pub fn schema(kind: FileKind) -> serde_json::Value {
    let settings = schemars::generate::SchemaSettings::draft07();
    let generator = settings.into_generator();
    let schema = match kind {
        FileKind::Role => generator.into_root_schema_for::<RoleFile>(),
        FileKind::Person => generator.into_root_schema_for::<PersonFile>(),
        FileKind::Workspace => generator.into_root_schema_for::<WorkspaceFile>(),
        FileKind::Catalog => generator.into_root_schema_for::<CatalogFile>(),
    };
    let mut value = schema.to_value();
    no_nulls(&mut value);
    value
}

/// Remove the `null` that optional fields would allow (no field of any
/// input file may be left empty), and unwrap the doc comments' lines.
fn no_nulls(v: &mut serde_json::Value) {
    use serde_json::Value;
    let Value::Object(map) = v else {
        if let Value::Array(items) = v {
            items.iter_mut().for_each(no_nulls);
        }
        return;
    };
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let t = types.remove(0);
            map.insert("type".into(), t);
        }
    }
    if let Some(Value::Array(any)) = map.get_mut("anyOf") {
        any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
        if any.len() == 1 {
            if let Some(Value::Object(only)) = any.pop() {
                map.remove("anyOf");
                if only.contains_key("$ref") {
                    // A reference takes no siblings in draft 7.
                    map.insert("allOf".into(), Value::Array(vec![Value::Object(only)]));
                } else {
                    for (k, x) in only {
                        map.entry(k).or_insert(x);
                    }
                }
            }
        }
    }
    // Doc comments are wrapped at 80 columns; editors wrap by themselves.
    if let Some(Value::String(d)) = map.get_mut("description") {
        *d = d.replace('\n', " ");
    }
    map.values_mut().for_each(no_nulls);
}

/// [`schema`] as the pretty-printed text `compgap schema` prints and
/// `schemas/` ships, ending with a newline.
pub fn schema_text(kind: FileKind) -> String {
    let mut s = serde_json::to_string_pretty(&schema(kind)).unwrap_or_default();
    s.push('\n');
    s
}

/// A role file, `roles/<id>.yaml`: what competence a role needs
/// (ISO/IEC 27001 7.2 a).
#[derive(JsonSchema)]
#[schemars(title = "compgap role file", deny_unknown_fields)]
pub struct RoleFile {
    /// The role's id, also the file's name: letters, digits, `.`, `_` and `-`, at most 64.
    pub id: Id,
    /// The role's name as people know it, for example `ISMS Manager`.
    pub title: Text,
    /// What the role is responsible for.
    pub description: Option<Text>,
    /// The ENISA European Cybersecurity Skills Framework (ECSF) role profile
    /// the role corresponds to, for example `Cybersecurity Risk Manager`.
    pub ecsf_profile: Option<Text>,
    /// Positions to fill (1–100000); coverage counts a role as short when
    /// fewer people meet its requirements.
    #[schemars(range(min = 1, max = 100_000))]
    pub headcount: Option<u32>,
    /// The required competences: a competence id of the catalog (`5.2` …
    /// `6.6.3`, or a workspace catalog's own) and the required level, as
    /// one level for both dimensions, or a mapping with `level` or
    /// `knowledge` and `skill`, a `criticality` and a `note`.
    #[schemars(extend("minProperties" = 1))]
    pub requires: BTreeMap<String, RequirementEntry>,
}

/// One required competence.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum RequirementEntry {
    /// The same level in knowledge and skill, criticality `recommended`.
    Short(Level),
    /// One level for both dimensions.
    Level(RequirementLevel),
    /// A knowledge level and a skill level.
    Split(RequirementSplit),
}

/// A requirement with one level for knowledge and skill.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RequirementLevel {
    /// The required level in both knowledge and skill.
    pub level: Level,
    pub criticality: Option<Criticality>,
    /// Why the role needs this competence, in one line.
    pub note: Option<Text>,
}

/// A requirement with a knowledge level and a skill level.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RequirementSplit {
    /// The required knowledge level.
    pub knowledge: Level,
    /// The required skill level.
    pub skill: Level,
    pub criticality: Option<Criticality>,
    /// Why the role needs this competence, in one line.
    pub note: Option<Text>,
}

/// An assessment file, `people/<id>.yaml`: the competence one person holds
/// (ISO/IEC 27001 7.2 b–d).
#[derive(JsonSchema)]
#[schemars(title = "compgap assessment file", deny_unknown_fields)]
pub struct PersonFile {
    /// The person's id, also the file's name.
    pub person: Id,
    /// The person's name.
    pub name: Text,
    /// The ids of the roles the person holds (files under `roles/`).
    #[schemars(inner(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")))]
    #[schemars(extend("uniqueItems" = true))]
    pub roles: Option<Vec<String>>,
    /// The day of the assessment, YYYY-MM-DD.
    pub assessed_on: Day,
    /// How the levels were assessed.
    pub method: Method,
    /// Who assessed, free text.
    pub assessor: Option<Text>,
    /// The assessed competences: a competence id and the level held, as one
    /// level for both dimensions, or a mapping with `level` or `knowledge`
    /// and `skill`, and `evidence`. `{}` if none has been assessed yet.
    pub competences: BTreeMap<String, AssessedEntry>,
}

/// One assessed competence.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum AssessedEntry {
    /// The same level in knowledge and skill, without evidence.
    Short(Level),
    /// One level for both dimensions.
    Level(AssessedLevel),
    /// A knowledge level and a skill level.
    Split(AssessedSplit),
}

/// An assessed competence with one level for knowledge and skill.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AssessedLevel {
    /// The level held in both knowledge and skill.
    pub level: Level,
    /// What shows the level: qualifications, training, experience.
    pub evidence: Option<Vec<EvidenceEntry>>,
}

/// An assessed competence with a knowledge level and a skill level.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AssessedSplit {
    /// The knowledge level held.
    pub knowledge: Level,
    /// The skill level held.
    pub skill: Level,
    /// What shows the level: qualifications, training, experience.
    pub evidence: Option<Vec<EvidenceEntry>>,
}

/// One piece of evidence of competence (ISO/IEC 27001 7.2 d).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EvidenceEntry {
    pub kind: EvidenceKind,
    /// What it is, for example the certificate's or the course's name.
    pub name: Text,
    /// When it was obtained, YYYY-MM-DD.
    pub date: Option<Day>,
    /// When it expires, YYYY-MM-DD; expired evidence does not count.
    pub expires: Option<Day>,
}

/// The workspace file, `compgap.yaml`. Every key is optional.
#[derive(JsonSchema)]
#[schemars(title = "compgap workspace file", deny_unknown_fields)]
pub struct WorkspaceFile {
    /// The folder holding one YAML file per role (default `roles`).
    pub roles: Option<Text>,
    /// The folder holding one YAML file per assessed person (default `people`).
    pub people: Option<Text>,
    /// Extra competence catalogs, files or folders (the ISO/IEC 27021
    /// catalog is always bundled; `catalogs/` is read too).
    pub catalogs: Option<Vec<Text>>,
    /// The rules of the analysis.
    pub policy: Option<PolicyEntry>,
}

/// The `policy:` block; every key has a default.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PolicyEntry {
    /// A mentor holds at least this skill level, and at least the required
    /// level (default 4).
    pub mentor_min_level: Option<Level>,
    /// Mentoring assignments per mentor, across all competences (0–1000, default 3).
    #[schemars(range(min = 0, max = 1000))]
    pub max_mentees: Option<u32>,
    /// The team gap from which hiring or contracting is advised (1–5, default 3).
    #[schemars(range(min = 1, max = 5))]
    pub hire_gap: Option<u8>,
    /// An assessment older than this many days is stale (1–36500, default 365).
    #[schemars(range(min = 1, max = 36_500))]
    pub reassess_after_days: Option<u32>,
    /// A claimed level at or above this wants valid evidence (1–5, default 3).
    pub evidence_required_from: Option<LevelFromOne>,
    /// If true, a claim without valid evidence counts as
    /// `evidence_required_from` − 1 (default false).
    pub cap_unevidenced: Option<bool>,
    /// Evidence expiring within this many days after the as-of date is
    /// warned about (0–36500, default 90).
    #[schemars(range(min = 0, max = 36_500))]
    pub expiry_warning_days: Option<u32>,
}

/// A competence catalog file, under `catalogs/` or named in `compgap.yaml`.
#[derive(JsonSchema)]
#[schemars(title = "compgap catalog file", deny_unknown_fields)]
pub struct CatalogFile {
    /// The catalog's id, shown as the source of its competences.
    pub id: Id,
    /// The catalog's name.
    pub title: Text,
    /// The competences, in the order they are listed and reported.
    #[schemars(length(min = 1))]
    pub competences: Vec<CompetenceEntry>,
}

/// One competence of a catalog.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CompetenceEntry {
    /// The competence's id, unique across catalogs; no `/`, spaces, `,` or `;`.
    #[schemars(regex(pattern = r"^[^/ ,;]+$"))]
    pub id: String,
    /// The competence's name.
    pub title: Text,
    /// Its group, for example `business-management` or `information-security`.
    pub group: Text,
    /// Its sub-area, for example `Information Security Planning`.
    pub area: Option<Text>,
    /// ISO/IEC 27001:2013 clauses it supports, `N.N Title`.
    pub iso27001_2013: Option<Vec<Text>>,
    /// The same clauses in ISO/IEC 27001:2022 numbering.
    pub iso27001_2022: Option<Vec<Text>>,
    /// The intended outcome.
    pub outcome: Text,
    /// The knowledge items, with ids `K1`, `K2`, … in order.
    pub knowledge: Vec<ItemEntry>,
    /// The skill items, with ids `S1`, `S2`, … in order.
    pub skills: Vec<ItemEntry>,
}

/// A knowledge or skill item.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ItemEntry {
    /// `K1`, `K2`, … or `S1`, …; a sub-item's id is its parent's and its
    /// number, `S4.1`.
    #[schemars(regex(pattern = r"^[KS][0-9]+(\.[0-9]+)*$"))]
    pub id: String,
    /// The item's text.
    pub text: Text,
    /// Sub-items.
    pub items: Option<Vec<ItemEntry>>,
}

/// An id: letters, digits, `.`, `_` and `-`, starting with a letter or a
/// digit, at most 64.
pub struct Id;

impl JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        scalar(
            r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
            "An id: letters, digits, `.`, `_` and `-`, starting with a letter or a digit, at most 64.",
        )
    }
}

/// Text that is not blank.
pub struct Text;

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        scalar(r"\S", "Text that is not blank.")
    }
}

/// A single value, read as its text as the loader reads it (`title: 1984`
/// is the text `1984`); a string must match `pattern`.
fn scalar(pattern: &str, description: &str) -> Schema {
    json_schema!({
        "description": description,
        "type": ["string", "number", "boolean"],
        "pattern": pattern
    })
}

/// A calendar date, YYYY-MM-DD.
#[derive(JsonSchema)]
#[schemars(transparent)]
pub struct Day(#[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))] pub String);

/// A level of the ISO/IEC 27021 proficiency scale, as a number 0–5 or its name.
pub struct Level;

impl JsonSchema for Level {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Level".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        level_schema(0)
    }
}

/// A level from 1 (aware) to 5 (expert).
pub struct LevelFromOne;

impl JsonSchema for LevelFromOne {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LevelFromOne".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        level_schema(1)
    }
}

/// Levels `min`–5: as a number, a name (any case), or a number in quotes.
fn level_schema(min: usize) -> Schema {
    let names = &LEVEL_NAMES[min..];
    let scale = LEVEL_NAMES
        .iter()
        .enumerate()
        .skip(min)
        .map(|(i, n)| format!("{i} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    // Any case of a name, and surrounding blanks, as the loader reads it.
    let any_case = names
        .iter()
        .map(|n| {
            n.chars()
                .map(|c| format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase()))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("|");
    let pattern = format!(r"^\s*([{min}-5]|{any_case})\s*$");
    let description = format!("A level, as a number or a name: {scale}.");
    json_schema!({
        "description": description,
        "anyOf": [
            {"type": "integer", "minimum": min, "maximum": 5},
            {"enum": names},
            {"type": "string", "pattern": pattern}
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;
    use serde_json::Value;

    /// The property names of an object schema, sorted.
    fn properties(s: &Value) -> Vec<String> {
        let mut v: Vec<String> = s["properties"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    fn required(s: &Value) -> Vec<String> {
        let mut v: Vec<String> = s["required"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    fn def<'a>(root: &'a Value, name: &str) -> &'a Value {
        let d = &root["definitions"][name];
        assert!(d.is_object(), "no definition {name} in {root}");
        d
    }

    /// The union of the properties of several definitions.
    fn union(root: &Value, names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names
            .iter()
            .flat_map(|n| properties(def(root, n)))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn loader_fields_are_the_schema_properties() {
        let role = schema(FileKind::Role);
        assert_eq!(properties(&role), sorted(load::role::TOP));
        assert_eq!(required(&role), sorted(load::role::REQUIRED));
        assert_eq!(
            union(&role, &["RequirementLevel", "RequirementSplit"]),
            sorted(load::levels::REQUIREMENT)
        );

        let person = schema(FileKind::Person);
        assert_eq!(properties(&person), sorted(load::person::TOP));
        assert_eq!(required(&person), sorted(load::person::REQUIRED));
        assert_eq!(
            union(&person, &["AssessedLevel", "AssessedSplit"]),
            sorted(load::levels::ASSESSMENT)
        );
        let evidence = def(&person, "EvidenceEntry");
        assert_eq!(properties(evidence), sorted(load::person::EVIDENCE));
        assert_eq!(required(evidence), sorted(load::person::EVIDENCE_REQUIRED));

        let ws = schema(FileKind::Workspace);
        assert_eq!(properties(&ws), sorted(load::workspace::TOP));
        assert!(required(&ws).is_empty());
        let policy = def(&ws, "PolicyEntry");
        assert_eq!(properties(policy), sorted(load::workspace::POLICY));
        assert!(required(policy).is_empty(), "every policy key is optional");

        let cat = schema(FileKind::Catalog);
        assert_eq!(properties(&cat), sorted(load::catalog::TOP));
        assert_eq!(required(&cat), sorted(load::catalog::TOP));
        let comp = def(&cat, "CompetenceEntry");
        assert_eq!(properties(comp), sorted(load::catalog::COMPETENCE));
        assert_eq!(required(comp), sorted(load::catalog::COMPETENCE_REQUIRED));
        let item = def(&cat, "ItemEntry");
        assert_eq!(properties(item), sorted(load::catalog::ITEM));
        assert_eq!(required(item), sorted(load::catalog::ITEM_REQUIRED));
    }

    /// The values of an enum schema (`enum`, or `oneOf` of `const`s).
    fn values(s: &Value) -> Vec<String> {
        let mut v: Vec<String> = match s.get("enum") {
            Some(e) => e
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            None => s["oneOf"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x["const"].as_str().map(String::from))
                .collect(),
        };
        v.sort();
        v
    }

    #[test]
    fn loader_words_are_the_schema_values() {
        let role = schema(FileKind::Role);
        assert_eq!(
            values(def(&role, "Criticality")),
            sorted(&Criticality::NAMES)
        );
        let person = schema(FileKind::Person);
        assert_eq!(values(def(&person, "Method")), sorted(&Method::NAMES));
        assert_eq!(
            values(def(&person, "EvidenceKind")),
            sorted(&EvidenceKind::NAMES)
        );
        let level = def(&role, "Level");
        assert_eq!(values(&level["anyOf"][1]), sorted(&LEVEL_NAMES));
    }
}
