//! Diagnostics: one problem in one input file, with a stable code.
//!
//! Every check in the loaders produces a [`Diagnostic`]; `validate` prints
//! them in one of several formats and every other command refuses to run
//! while an error is present.

use serde::Serialize;
use std::fmt;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const fn new(line: u32, column: u32) -> Self {
        Self { line, column }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $help:literal;)*) => {
        /// The stable code of a diagnostic; the string form is part of the
        /// output contract (`error[unknown-field]`, SARIF `ruleId`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity this code is always reported with.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line on what the code means.
            pub fn help(self) -> &'static str {
                match self { $(Code::$variant => $help,)* }
            }
        }
    };
}

codes! {
    Io = "io", Error, "The file or folder could not be read.";
    TooLarge = "too-large", Error, "The file is larger than 8 MiB.";
    InvalidUtf8 = "invalid-utf8", Error, "The file is not UTF-8 text.";
    YamlSyntax = "yaml-syntax", Error, "The file is not well-formed YAML, or holds more than one document.";
    YamlLimit = "yaml-limit", Error, "Alias expansion, nesting or a scalar exceeds what the formats need.";
    EmptyFile = "empty-file", Error, "The file holds no YAML document.";
    WrongType = "wrong-type", Error, "A value has the wrong type (for example a list where a mapping is expected).";
    UnknownField = "unknown-field", Error, "A field that the format does not define.";
    MissingField = "missing-field", Error, "A required field is absent.";
    EmptyValue = "empty-value", Error, "A required value is empty.";
    DuplicateKey = "duplicate-key", Error, "The same key is written twice in one mapping.";
    InvalidId = "invalid-id", Error, "An identifier is not of the form the format requires.";
    UnknownCompetence = "unknown-competence", Error, "A competence id that no catalog defines.";
    InvalidLevel = "invalid-level", Error, "A level outside the 0-5 scale, or an unknown level name.";
    ConflictingLevels = "conflicting-levels", Error, "`level` is written together with `knowledge` or `skill`.";
    InvalidValue = "invalid-value", Error, "A value outside the allowed set (criticality, method, evidence kind) or range.";
    InvalidDate = "invalid-date", Error, "A date that is not a real calendar date written YYYY-MM-DD.";
    EvidenceExpiresBeforeIssued = "expiry-before-date", Error, "Evidence that expires before it was issued.";
    DuplicatePerson = "duplicate-person", Error, "The same person is defined in two files.";
    DuplicateRole = "duplicate-role", Error, "The same role is defined in two files.";
    DuplicateCompetence = "duplicate-competence", Error, "A competence id defined twice (an extra catalog colliding with another).";
    UnknownRole = "unknown-role", Error, "An assessment names a role that does not exist.";
    EmptyRole = "empty-role", Error, "A role requires no competence.";
    UnknownFile = "unknown-file", Error, "A file whose kind (role, person, catalog, workspace) cannot be told.";
    FileNameMismatch = "file-name-mismatch", Warning, "The file name differs from the id inside it.";
    FutureAssessment = "future-assessment", Warning, "An assessment dated after the as-of date.";
    StaleAssessment = "stale-assessment", Warning, "An assessment older than the re-assessment period.";
    UnevidencedClaim = "unevidenced-claim", Warning, "A claimed level that wants evidence has none that is valid.";
    ExpiredEvidence = "expired-evidence", Warning, "Evidence that has expired.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it (relative to the working directory
    /// when the workspace was given as a relative path).
    pub file: String,
    pub pos: Pos,
    pub code: Code,
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic not yet attached to a file.
    pub fn error(code: Code, pos: Pos, message: String) -> Self {
        Self {
            file: String::new(),
            pos,
            code,
            message: one_line(message),
        }
    }

    /// The same, attached to `file`.
    pub fn at(file: &str, code: Code, pos: Pos, message: String) -> Self {
        Self {
            file: file.to_string(),
            pos,
            code,
            message: one_line(message),
        }
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// Sort key: file, line, column, code.
    pub fn sort_key(&self) -> (&str, Pos, Code) {
        (&self.file, self.pos, self.code)
    }
}

/// `text` with control characters and line separators escaped, as
/// diagnostics write them: for untrusted names outside a message (the
/// sheet of a workbook).
pub fn escaped(text: &str) -> String {
    one_line(text.to_owned())
}

/// `message` with control characters and line separators written as
/// escapes (`\n`, `\t`, `\u{1b}`): input text quoted in a message can
/// neither break a diagnostic over several lines nor drive the terminal.
fn one_line(message: String) -> String {
    let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !message.contains(unsafe_char) {
        return message;
    }
    let mut out = String::with_capacity(message.len() + 8);
    for c in message.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.file,
            self.pos.line,
            self.pos.column,
            self.severity().as_str(),
            self.code,
            self.message
        )
    }
}

/// The closest of `candidates` to `word`, if one is close enough to suggest.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    let word = word.to_lowercase();
    for c in candidates {
        let score = if c.chars().any(char::is_uppercase) {
            strsim::jaro_winkler(&word, &c.to_lowercase())
        } else {
            strsim::jaro_winkler(&word, c)
        };
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest of `candidates`, if one is close.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    suggestion(closest(word, candidates))
}

/// " (did you mean `x`?)" for a suggestion found with [`closest`], if any.
pub fn suggestion(close: Option<&str>) -> String {
    close.map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}
