//! Reading an assessment file (`people/<id>.yaml`).

use super::fields::Ctx;
use super::levels::read_levels;
use super::role::competence_key;
use crate::catalog::Catalog;
use crate::diag::{Code, did_you_mean};
use crate::model::{Date, Evidence, EvidenceKind, Held, Method, Person, Policy};
use crate::yaml::Node;

/// The fields of this kind of mapping; the schema of the file names the same.
pub const TOP: &[&str] = &[
    "person",
    "name",
    "roles",
    "assessed_on",
    "method",
    "assessor",
    "competences",
];
/// The fields of this kind of mapping; the schema of the file names the same.
pub const EVIDENCE: &[&str] = &["kind", "name", "date", "expires"];
/// The fields an assessment must have.
pub const REQUIRED: &[&str] = &["person", "name", "assessed_on", "method", "competences"];
/// The fields a piece of evidence must have.
pub const EVIDENCE_REQUIRED: &[&str] = &["kind", "name"];

/// What an assessment is checked against.
pub struct PersonCheck<'a> {
    pub catalog: &'a Catalog,
    /// Role ids, sorted.
    pub role_ids: &'a [&'a str],
    /// Ids declared by role files that have errors of their own: naming
    /// one is not reported again.
    pub broken_roles: &'a [String],
    pub policy: &'a Policy,
    pub as_of: Date,
}

/// Check an assessment document; `None` if it has errors.
pub fn read_person(ctx: &mut Ctx, root: &Node, check: &PersonCheck) -> Option<Person> {
    let f = ctx.fields(root, "an assessment", TOP, REQUIRED)?;
    let id = f.get("person").and_then(|n| ctx.id(n, "`person`"));
    let name = f.get("name").and_then(|n| ctx.string(n, "`name`"));
    let assessed_on = f
        .get("assessed_on")
        .and_then(|n| ctx.date(n, "`assessed_on`"));
    let method = f
        .get("method")
        .and_then(|n| ctx.choice(n, "`method`", &Method::NAMES, Method::parse));
    let assessor = f.get("assessor").and_then(|n| ctx.string(n, "`assessor`"));
    let mut roles = Vec::new();
    if let Some(list) = f.get("roles").and_then(|n| ctx.strings(n, "`roles`")) {
        for (r, pos) in list {
            match check.role_ids.binary_search(&r.as_str()) {
                Ok(i) if roles.contains(&i) => {
                    ctx.report(
                        Code::DuplicateKey,
                        pos,
                        format!("role `{r}` is listed twice: keep one"),
                    );
                }
                Ok(i) => roles.push(i),
                Err(_) if check.broken_roles.contains(&r) => {}
                Err(_) => {
                    let hint = did_you_mean(&r, check.role_ids.iter().copied());
                    // A bundled template's id: say how to bring it in.
                    let template = match crate::templates::find(&r) {
                        Some(t) => format!(
                            ", or add the bundled template with `compgap catalog roles show {0} -o roles/{0}.yaml`",
                            t.id
                        ),
                        None => String::new(),
                    };
                    ctx.report(
                        Code::UnknownRole,
                        pos,
                        format!(
                            "role `{r}` does not exist{hint}: name a role defined under roles/{template}"
                        ),
                    );
                }
            }
        }
    }
    if let (Some(on), Some(n)) = (assessed_on, f.get("assessed_on")) {
        if on > check.as_of {
            ctx.report(
                Code::FutureAssessment,
                n.pos,
                format!(
                    "assessed on {on}, after the as-of date {}: check the date",
                    check.as_of
                ),
            );
        } else if check.as_of.days() - on.days()
            > i32::try_from(check.policy.reassess_after_days).unwrap_or(i32::MAX)
        {
            ctx.report(
                Code::StaleAssessment,
                n.pos,
                format!(
                    "assessed on {on}, more than {} days before {}: re-assess this person",
                    check.policy.reassess_after_days, check.as_of
                ),
            );
        }
    }
    let mut competences: Vec<Held> = Vec::new();
    if let Some(n) = f.get("competences").filter(|n| n.is_null()) {
        ctx.report(
            Code::EmptyValue,
            n.pos,
            "`competences` is empty: list the assessed competences, or write `{}` if none has been assessed yet".into(),
        );
    } else if let Some(entries) = f
        .get("competences")
        .and_then(|n| ctx.map(n, "`competences`"))
    {
        for (k, v) in entries {
            // The value is checked even when the key or the levels are wrong,
            // so that every problem shows at once.
            let c = competence_key(ctx, k, check.catalog);
            let spec = read_levels(ctx, v, false);
            let evidence_node = match &spec {
                Some(s) => s.evidence,
                None => evidence_entry(v),
            };
            let evidence = evidence_node
                .map(|n| read_evidence(ctx, n, check.as_of, check.policy.expiry_warning_days))
                .unwrap_or_default();
            let (Some(c), Some(spec)) = (c, spec) else {
                continue;
            };
            let valid = evidence.iter().any(|e| !e.is_expired(check.as_of));
            let from = check.policy.evidence_required_from;
            if !valid && (spec.levels.knowledge >= from || spec.levels.skill >= from) {
                ctx.report(
                    Code::UnevidencedClaim,
                    k.pos,
                    format!(
                        "level {}/{} (knowledge/skill) in `{}` is claimed without valid evidence: add evidence (qualification, training, experience)",
                        spec.levels.knowledge, spec.levels.skill, check.catalog.competences[c].id
                    ),
                );
            }
            competences.push(Held {
                competence: c,
                levels: spec.levels,
                evidence,
            });
        }
    }
    competences.sort_by_key(|h| h.competence);
    competences.shrink_to_fit();
    if ctx.has_errors() {
        return None;
    }
    Some(Person {
        id: id?,
        name: name?,
        roles,
        assessed_on: assessed_on?,
        method: method?,
        assessor,
        competences,
        file: ctx.file.to_string(),
    })
}

/// The `evidence` value of an assessed competence written as a mapping.
fn evidence_entry(node: &Node) -> Option<&Node> {
    match &node.kind {
        crate::yaml::Kind::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_scalar() == Some("evidence"))
            .map(|(_, v)| v),
        _ => None,
    }
}

fn read_evidence(ctx: &mut Ctx, node: &Node, as_of: Date, warn_days: u32) -> Vec<Evidence> {
    let Some(items) = ctx.seq(node, "`evidence`") else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(f) = ctx.fields(item, "a piece of evidence", EVIDENCE, EVIDENCE_REQUIRED) else {
            continue;
        };
        let kind = f.get("kind").and_then(|n| {
            ctx.choice(
                n,
                "evidence `kind`",
                &EvidenceKind::NAMES,
                EvidenceKind::parse,
            )
        });
        let name = f.get("name").and_then(|n| ctx.string(n, "evidence `name`"));
        let date = f.get("date").and_then(|n| ctx.date(n, "evidence `date`"));
        let expires = f
            .get("expires")
            .and_then(|n| ctx.date(n, "evidence `expires`"));
        if let (Some(d), Some(e), Some(n)) = (date, expires, f.get("expires")) {
            if e < d {
                ctx.report(
                    Code::EvidenceExpiresBeforeIssued,
                    n.pos,
                    format!(
                        "evidence expires on {e}, before it was issued on {d}: check both dates"
                    ),
                );
                continue;
            }
        }
        if let (Some(e), Some(n)) = (expires, f.get("expires")) {
            if e < as_of {
                ctx.report(
                    Code::ExpiredEvidence,
                    n.pos,
                    format!("evidence expired on {e}: renew it or record newer evidence"),
                );
            } else if e.days() - as_of.days() <= i32::try_from(warn_days).unwrap_or(i32::MAX) {
                ctx.report(
                    Code::ExpiringEvidence,
                    n.pos,
                    format!(
                        "evidence expires on {e}, within {warn_days} days of {as_of}: plan its renewal"
                    ),
                );
            }
        }
        if let (Some(kind), Some(name)) = (kind, name) {
            out.push(Evidence {
                kind,
                name,
                date,
                expires,
            });
        }
    }
    out
}
