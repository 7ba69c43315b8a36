//! The bundled role templates (`catalog/roles/<id>.yaml`): role files for
//! the roles an ISMS typically has, to copy into a workspace and edit.

/// One bundled role template: its id and the file as shipped.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    pub id: &'static str,
    pub yaml: &'static str,
}

macro_rules! templates {
    ($($id:literal),* $(,)?) => {
        /// Every bundled template, sorted by id.
        pub const TEMPLATES: &[Template] = &[$(Template {
            id: $id,
            yaml: include_str!(concat!("../catalog/roles/", $id, ".yaml")),
        }),*];
    };
}

templates!(
    "awareness-officer",
    "ciso",
    "compliance-officer",
    "incident-manager",
    "internal-auditor",
    "isms-manager",
    "risk-manager",
    "secops-lead",
    "security-architect",
    "supplier-security-manager",
);

/// The file name a template is reported under.
pub fn file_name(id: &str) -> String {
    format!("<bundled>/catalog/roles/{id}.yaml")
}

/// The template with this id.
pub fn find(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}

/// The ids, sorted.
pub fn ids() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|t| t.id)
}

/// Every template read as a role against the bundled catalog, in id order.
/// A template with errors is left out (a test keeps every one clean).
pub fn roles(catalog: &crate::catalog::Catalog) -> Vec<crate::model::Role> {
    TEMPLATES
        .iter()
        .filter_map(|t| {
            crate::load::role::parse_role(&file_name(t.id), t.yaml.as_bytes(), catalog).0
        })
        .collect()
}
