//! Typed reading of YAML [`Node`]s with diagnostics.
//!
//! A [`Ctx`] belongs to one file and collects every problem found in it;
//! each reader returns `None` after reporting, so that callers carry on
//! and the user sees all problems at once.

use crate::diag::{
    Code, Diagnostic, Hidden, MAX_PER_FILE, Pos, Severity, closest, did_you_mean, suggestion,
};
use crate::escape;
use crate::model::{Date, scale};
use crate::yaml::{Kind, Node};

/// The checking context of one file. It keeps the first
/// [`MAX_PER_FILE`] diagnostics and counts the rest.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub diags: Vec<Diagnostic>,
    hidden: Hidden,
    first_hidden: Pos,
}

/// The entries of a mapping whose keys were checked against a field list.
pub struct Fields<'n> {
    pub pos: Pos,
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
    }

    /// The key node of `key`, if present.
    pub fn key(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, k, _)| *k)
    }
}

pub use crate::model::is_valid_id;

impl<'a> Ctx<'a> {
    pub fn new(file: &'a str) -> Self {
        Self {
            file,
            diags: Vec::new(),
            hidden: Hidden::default(),
            first_hidden: Pos::new(1, 1),
        }
    }

    /// Report a problem.
    pub fn report(&mut self, code: Code, pos: Pos, message: String) {
        if self.diags.len() >= MAX_PER_FILE {
            self.hide(code.severity(), pos);
            return;
        }
        self.diags
            .push(Diagnostic::at(self.file, code, pos, message));
    }

    fn hide(&mut self, severity: Severity, pos: Pos) {
        if self.hidden == Hidden::default() {
            self.first_hidden = pos;
        }
        match severity {
            Severity::Error => self.hidden.errors += 1,
            Severity::Warning => self.hidden.warnings += 1,
        }
    }

    /// Take the diagnostics of [`crate::yaml::parse`] into this file.
    pub fn absorb(&mut self, diags: Vec<Diagnostic>) {
        for mut d in diags {
            if self.diags.len() >= MAX_PER_FILE {
                self.hide(d.severity(), d.pos);
                continue;
            }
            d.file = self.file.to_string();
            self.diags.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.hidden.errors > 0 || self.diags.iter().any(Diagnostic::is_error)
    }

    /// The file's diagnostics (errors only when `errors_only`), with one
    /// `more-problems` diagnostic for those not shown.
    pub fn finish(mut self, errors_only: bool) -> Vec<Diagnostic> {
        if errors_only {
            self.diags.retain(Diagnostic::is_error);
            self.hidden.warnings = 0;
        }
        if self.hidden != Hidden::default() {
            self.diags
                .push(Diagnostic::more(self.file, self.first_hidden, self.hidden));
        }
        self.diags
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        self.report(
            Code::WrongType,
            node.pos,
            format!("{what} must be {expected}, found {}", describe(node)),
        );
    }

    /// The entries of a mapping.
    pub fn map<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [(Node, Node)]> {
        match &node.kind {
            Kind::Map(entries) => Some(entries),
            _ => {
                self.wrong_type(node, what, "a mapping (`key: value` lines)");
                None
            }
        }
    }

    /// The items of a list.
    pub fn seq<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.kind {
            Kind::Seq(items) => Some(items),
            _ => {
                self.wrong_type(node, what, "a list (`[a, b]` or `- a` lines)");
                None
            }
        }
    }

    /// A mapping whose keys must be among `allowed`; unknown keys are
    /// reported with a suggestion, and `required` keys must be present.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<Fields<'n>> {
        let entries = self.map(node, what)?;
        let mut fields = Fields {
            pos: node.pos,
            entries: Vec::with_capacity(entries.len()),
        };
        // A required field that an unknown key was taken for (`titel` for
        // `title`) is not reported missing as well: the suggestion says it.
        let mut suggested: Vec<&str> = Vec::new();
        let mut expected = String::new();
        for (k, v) in entries {
            let Some(key) = k.as_scalar() else {
                self.report(
                    Code::WrongType,
                    k.pos,
                    format!("keys of {what} must be plain words, found {}", describe(k)),
                );
                continue;
            };
            if allowed.contains(&key) {
                fields.entries.push((key, k, v));
            } else if key == "<<" {
                self.report(
                    Code::UnknownField,
                    k.pos,
                    format!(
                        "YAML merge keys (`<<`) are not supported in {what}: write the fields out"
                    ),
                );
            } else {
                let close = closest(key, allowed.iter().copied());
                let hint = suggestion(close);
                suggested.extend(close);
                if expected.is_empty() {
                    expected = allowed
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                }
                self.report(
                    Code::UnknownField,
                    k.pos,
                    format!("unknown field `{key}` in {what}{hint}; expected one of {expected}"),
                );
            }
        }
        for r in required {
            if fields.get(r).is_none() && !suggested.contains(r) {
                self.report(
                    Code::MissingField,
                    node.pos,
                    format!("{what} is missing the required field `{r}`"),
                );
            }
        }
        Some(fields)
    }

    /// A non-empty string scalar.
    pub fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        self.text(node, what, false)
    }

    /// A non-empty string that may run over several lines (a description).
    pub fn multiline_string(&mut self, node: &Node, what: &str) -> Option<String> {
        self.text(node, what, true)
    }

    fn text(&mut self, node: &Node, what: &str, multiline: bool) -> Option<String> {
        let text = self.scalar(node, what)?;
        if text.trim().is_empty() {
            self.report(
                Code::EmptyValue,
                node.pos,
                format!("{what} is empty: write a value"),
            );
            return None;
        }
        // A block scalar ends with a line feed; a description may hold more.
        let body = text.trim_end_matches('\n');
        let found = body.chars().find(|&c| {
            !(multiline && matches!(c, '\n' | '\t'))
                && escape::has_control(c.encode_utf8(&mut [0; 4]))
        });
        if let Some(c) = found {
            self.report(
                Code::ControlCharacter,
                node.pos,
                format!(
                    "{what} holds the control character {}: it is shown escaped in every output; remove it (a terminal or CI log would otherwise act on it)",
                    c.escape_default()
                ),
            );
        }
        Some(text.to_string())
    }

    /// Any scalar text (nulls are reported as missing values).
    pub fn scalar<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n str> {
        if node.is_null() {
            self.report(
                Code::EmptyValue,
                node.pos,
                format!("{what} is empty: write a value"),
            );
            return None;
        }
        match node.as_scalar() {
            Some(t) if t.trim().is_empty() => {
                self.report(
                    Code::EmptyValue,
                    node.pos,
                    format!("{what} is empty: write a value"),
                );
                None
            }
            Some(t) => Some(t),
            None => {
                self.wrong_type(node, what, "a single value");
                None
            }
        }
    }

    /// An identifier (see [`is_valid_id`]).
    pub fn id(&mut self, node: &Node, what: &str) -> Option<String> {
        let s = self.string(node, what)?;
        if is_valid_id(&s) {
            Some(s)
        } else {
            self.report(
                Code::InvalidId,
                node.pos,
                format!("{what} `{s}` is not a valid id: use letters, digits, `.`, `_` and `-` (at most 64), starting with a letter or digit"),
            );
            None
        }
    }

    /// A level 0–5, as a number or a name.
    pub fn level(&mut self, node: &Node, what: &str) -> Option<u8> {
        let s = self.scalar(node, what)?;
        match scale::parse_level(s) {
            Some(l) => Some(l),
            None => {
                let hint = did_you_mean(s, scale::LEVEL_NAMES);
                self.report(
                    Code::InvalidLevel,
                    node.pos,
                    format!(
                        "{what} `{s}` is not on the scale{hint}: write 0-5 or one of none, aware, foundation, practitioner, advanced, expert"
                    ),
                );
                None
            }
        }
    }

    /// A calendar date `YYYY-MM-DD`.
    pub fn date(&mut self, node: &Node, what: &str) -> Option<Date> {
        let s = self.scalar(node, what)?;
        match Date::parse(s) {
            Some(d) => Some(d),
            None => {
                self.report(
                    Code::InvalidDate,
                    node.pos,
                    format!("{what} `{s}` is not a date: write a real calendar date as YYYY-MM-DD"),
                );
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    pub fn uint(&mut self, node: &Node, what: &str, min: u32, max: u32) -> Option<u32> {
        let s = self.scalar(node, what)?;
        match s.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.report(
                    Code::InvalidValue,
                    node.pos,
                    format!("{what} `{s}` must be a whole number from {min} to {max}"),
                );
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        let s = self.scalar(node, what)?;
        match s {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => {
                self.report(
                    Code::InvalidValue,
                    node.pos,
                    format!("{what} `{s}` must be `true` or `false`"),
                );
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub fn choice<T>(
        &mut self,
        node: &Node,
        what: &str,
        names: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let s = self.scalar(node, what)?;
        match parse(s) {
            Some(v) => Some(v),
            None => {
                let hint = did_you_mean(s, names.iter().copied());
                self.report(
                    Code::InvalidValue,
                    node.pos,
                    format!(
                        "{what} `{s}` is not allowed{hint}: write one of {}",
                        names.join(", ")
                    ),
                );
                None
            }
        }
    }

    /// A list of strings.
    pub fn strings(&mut self, node: &Node, what: &str) -> Option<Vec<(String, Pos)>> {
        let items = self.seq(node, what)?;
        Some(
            items
                .iter()
                .filter_map(|n| self.string(n, what).map(|s| (s, n.pos)))
                .collect(),
        )
    }
}

/// "a list", "a mapping", or the scalar itself, for messages.
fn describe(node: &Node) -> String {
    match node.as_scalar() {
        Some(t) if !node.is_null() => {
            let short: String = t.chars().take(40).collect();
            format!("`{short}`")
        }
        _ => node.type_name().to_string(),
    }
}
