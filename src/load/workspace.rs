//! Reading `compgap.yaml`, the workspace file.

use super::fields::Ctx;
use crate::diag::{Code, Pos};
use crate::model::Policy;
use crate::yaml::Node;

/// The fields of this kind of mapping; the schema of the file names the same.
pub const TOP: &[&str] = &["roles", "people", "catalogs", "policy"];
/// The fields of this kind of mapping; the schema of the file names the same.
pub const POLICY: &[&str] = &[
    "mentor_min_level",
    "max_mentees",
    "hire_gap",
    "reassess_after_days",
    "evidence_required_from",
    "cap_unevidenced",
    "expiry_warning_days",
];

/// What `compgap.yaml` says; every field has a default.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceFile {
    pub roles: String,
    pub people: String,
    /// Where `roles:` and `people:` are written, if they are.
    pub roles_at: Option<Pos>,
    pub people_at: Option<Pos>,
    pub catalogs: Vec<String>,
    /// Where each of `catalogs` is written.
    pub catalogs_at: Vec<Pos>,
    pub policy: Policy,
}

impl Default for WorkspaceFile {
    fn default() -> Self {
        Self {
            roles: "roles".into(),
            people: "people".into(),
            roles_at: None,
            people_at: None,
            catalogs: Vec::new(),
            catalogs_at: Vec::new(),
            policy: Policy::default(),
        }
    }
}

/// Check a workspace document. Invalid fields keep their defaults (and are reported).
pub fn read_workspace_file(ctx: &mut Ctx, root: &Node) -> WorkspaceFile {
    let mut ws = WorkspaceFile::default();
    if root.is_null() {
        return ws;
    }
    let Some(f) = ctx.fields(root, "the workspace file", TOP, &[]) else {
        return ws;
    };
    if let Some(n) = f.get("roles") {
        if let Some(s) = ctx.string(n, "`roles`") {
            ws.roles = s;
            ws.roles_at = Some(n.pos);
        }
    }
    if let Some(n) = f.get("people") {
        if let Some(s) = ctx.string(n, "`people`") {
            ws.people = s;
            ws.people_at = Some(n.pos);
        }
    }
    if let Some(list) = f.get("catalogs").and_then(|n| ctx.strings(n, "`catalogs`")) {
        (ws.catalogs, ws.catalogs_at) = list.into_iter().unzip();
    }
    if let Some(p) = f
        .get("policy")
        .and_then(|n| ctx.fields(n, "`policy`", POLICY, &[]))
    {
        let policy = &mut ws.policy;
        if let Some(v) = p
            .get("mentor_min_level")
            .and_then(|n| ctx.level(n, "`mentor_min_level`"))
        {
            policy.mentor_min_level = v;
        }
        if let Some(v) = p
            .get("max_mentees")
            .and_then(|n| ctx.uint(n, "`max_mentees`", 0, 1000))
        {
            policy.max_mentees = v;
        }
        if let Some(n) = p.get("hire_gap") {
            if let Some(v) = ctx.uint(n, "`hire_gap`", 1, 5) {
                policy.hire_gap = u8::try_from(v).unwrap_or(5);
            }
        }
        if let Some(v) = p
            .get("expiry_warning_days")
            .and_then(|n| ctx.uint(n, "`expiry_warning_days`", 0, 36_500))
        {
            policy.expiry_warning_days = v;
        }
        if let Some(v) = p
            .get("reassess_after_days")
            .and_then(|n| ctx.uint(n, "`reassess_after_days`", 1, 36_500))
        {
            policy.reassess_after_days = v;
        }
        if let Some(n) = p.get("evidence_required_from") {
            match ctx.level(n, "`evidence_required_from`") {
                Some(0) => ctx.report(
                    Code::InvalidValue,
                    n.pos,
                    "`evidence_required_from` must be 1 or more".into(),
                ),
                Some(v) => policy.evidence_required_from = v,
                None => {}
            }
        }
        if let Some(v) = p
            .get("cap_unevidenced")
            .and_then(|n| ctx.boolean(n, "`cap_unevidenced`"))
        {
            policy.cap_unevidenced = v;
        }
    }
    ws
}
