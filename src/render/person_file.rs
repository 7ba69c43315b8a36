//! Writes an assessment file (`people/<id>.yaml`) in the style of
//! `examples/`: the commands that create or update assessments (`import`,
//! `assess`) all write through here, so every file they produce reads back
//! to the same [`PersonDoc`].
//!
//! The document is independent of a loaded workspace (it names roles and
//! competences by id), so a file can be written for a person whose roles
//! are being created in the same run.

use crate::model::{Date, Evidence, Levels, Method, Person, Workspace};
use std::fmt::Write as _;

/// One assessed competence, by id.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldDoc {
    pub competence: String,
    pub levels: Levels,
    pub evidence: Vec<Evidence>,
}

/// An assessment file's content, by id.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonDoc {
    pub person: String,
    pub name: String,
    pub roles: Vec<String>,
    pub assessed_on: Date,
    pub method: Method,
    pub assessor: Option<String>,
    /// Written in this order (keep catalog order for readable diffs).
    pub competences: Vec<HeldDoc>,
}

impl PersonDoc {
    /// The document of a loaded person.
    pub fn from_person(ws: &Workspace, p: &Person) -> PersonDoc {
        PersonDoc {
            person: p.id.clone(),
            name: p.name.clone(),
            roles: ws.role_ids(p).map(str::to_owned).collect(),
            assessed_on: p.assessed_on,
            method: p.method,
            assessor: p.assessor.clone(),
            competences: p
                .competences
                .iter()
                .map(|h| HeldDoc {
                    competence: ws.catalog.competences[h.competence].id.clone(),
                    levels: h.levels,
                    evidence: h.evidence.clone(),
                })
                .collect(),
        }
    }

    /// The YAML text of the file.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "person: {}", id(&self.person));
        let _ = writeln!(out, "name: {}", scalar(&self.name));
        let roles: Vec<String> = self.roles.iter().map(|r| id(r)).collect();
        let _ = writeln!(out, "roles: [{}]", roles.join(", "));
        let _ = writeln!(out, "assessed_on: {}", self.assessed_on);
        let _ = writeln!(out, "method: {}", self.method.as_str());
        if let Some(a) = &self.assessor {
            let _ = writeln!(out, "assessor: {}", scalar(a));
        }
        if self.competences.is_empty() {
            out.push_str("competences: {}\n");
            return out;
        }
        out.push_str("competences:\n");
        for h in &self.competences {
            let id = id(&h.competence);
            let levels = if h.levels.knowledge == h.levels.skill {
                format!("level: {}", h.levels.knowledge)
            } else {
                format!(
                    "knowledge: {}, skill: {}",
                    h.levels.knowledge, h.levels.skill
                )
            };
            if h.evidence.is_empty() {
                let _ = writeln!(out, "  {id}: {{{levels}}}");
                continue;
            }
            let _ = writeln!(out, "  {id}:");
            for part in levels.split(", ") {
                let _ = writeln!(out, "    {part}");
            }
            out.push_str("    evidence:\n");
            for e in &h.evidence {
                let mut fields = vec![
                    format!("kind: {}", e.kind.as_str()),
                    format!("name: {}", scalar(&e.name)),
                ];
                if let Some(d) = e.date {
                    fields.push(format!("date: {d}"));
                }
                if let Some(d) = e.expires {
                    fields.push(format!("expires: {d}"));
                }
                let _ = writeln!(out, "      - {{{}}}", fields.join(", "));
            }
        }
        out
    }
}

/// An id as the examples write it: plain when it has the id grammar (a
/// letter or digit, then letters, digits, `.`, `_`, `-`; compgap reads
/// `5.10` as written), else quoted.
pub fn id(s: &str) -> String {
    let mut chars = s.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if plain { s.to_owned() } else { scalar(s) }
}

/// A YAML scalar that reads back as exactly `s`, usable in block and flow
/// context: plain where that is unambiguous, else double-quoted with every
/// character that could end or change the scalar escaped.
pub fn scalar(s: &str) -> String {
    if is_plain_safe(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_ascii_digit()
        || first == '.'
        || first == '+'
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(|c| {
            matches!(c, ',' | '[' | ']' | '{' | '}' | '"' | '\\')
                || c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{85}')
        })
    {
        return false;
    }
    !matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_where_unambiguous_quoted_otherwise() {
        assert_eq!(scalar("Elif Yılmaz"), "Elif Yılmaz");
        assert_eq!(
            scalar("ISO/IEC 27001 Lead Implementer"),
            "ISO/IEC 27001 Lead Implementer"
        );
        assert_eq!(scalar("5.10"), "\"5.10\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("x, y"), "\"x, y\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("Mal\n::error x"), "\"Mal\\n::error x\"");
        assert_eq!(scalar("\u{1b}[2J"), "\"\\u001b[2J\"");
    }
}
