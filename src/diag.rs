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
    NotAFile = "not-a-file", Error, "The path is not a regular file: a link to nothing, a link loop, a device, FIFO or socket.";
    OutsideWorkspace = "outside-workspace", Error, "A file found through the workspace resolves outside its trust root.";
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
    ExpiringEvidence = "expiring-evidence", Warning, "Evidence that expires within `policy.expiry_warning_days` after the as-of date.";
    MoreProblems = "more-problems", Warning, "More problems in this file than are shown (100 per file); fix those shown and run again. An error when errors are among those not shown.";
    ControlCharacter = "control-character", Warning, "A name, title or description holds a control character (escape, line break, bidirectional override); it is shown escaped.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The most diagnostics shown for one file; the rest are counted in one
/// `more-problems` diagnostic, so output stays proportional to what a
/// person can read.
pub const MAX_PER_FILE: usize = 100;

/// Problems found but not shown (see [`MAX_PER_FILE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hidden {
    pub errors: usize,
    pub warnings: usize,
}

/// Errors and warnings among `diagnostics`, those not shown included.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let (mut errors, mut warnings) = (0, 0);
    for d in diagnostics {
        if d.code == Code::MoreProblems {
            errors += d.hidden.errors;
            warnings += d.hidden.warnings;
        } else if d.is_error() {
            errors += 1;
        } else {
            warnings += 1;
        }
    }
    (errors, warnings)
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
    /// For `more-problems`: what it stands for.
    pub hidden: Hidden,
}

impl Diagnostic {
    /// A diagnostic not yet attached to a file (of either severity): the
    /// loader attaches it to the file it was found in.
    pub fn unattached(code: Code, pos: Pos, message: String) -> Self {
        Self {
            file: String::new(),
            pos,
            code,
            message: one_line(message),
            hidden: Hidden::default(),
        }
    }

    /// A diagnostic attached to `file`.
    pub fn at(file: &str, code: Code, pos: Pos, message: String) -> Self {
        Self {
            file: file.to_string(),
            ..Self::unattached(code, pos, message)
        }
    }

    /// `more-problems` diagnostic standing for `hidden`, at the first of them.
    pub fn more(file: &str, pos: Pos, hidden: Hidden) -> Self {
        let n = hidden.errors + hidden.warnings;
        let mut d = Self::at(
            file,
            Code::MoreProblems,
            pos,
            format!(
                "{n} more problem{} in this file ({} error{}, {} warning{}) not shown, the first here: fix the problems shown and run again",
                if n == 1 { "" } else { "s" },
                hidden.errors,
                if hidden.errors == 1 { "" } else { "s" },
                hidden.warnings,
                if hidden.warnings == 1 { "" } else { "s" },
            ),
        );
        d.hidden = hidden;
        d
    }

    pub fn severity(&self) -> Severity {
        if self.code == Code::MoreProblems && self.hidden.errors > 0 {
            Severity::Error
        } else {
            self.code.severity()
        }
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

/// `message` with control characters, line separators and bidirectional
/// controls written as visible escapes ([`crate::escape::terminal`]):
/// input text quoted in a message can neither break a diagnostic over
/// several lines nor drive the terminal.
fn one_line(message: String) -> String {
    match crate::escape::terminal(&message) {
        std::borrow::Cow::Borrowed(_) => message,
        std::borrow::Cow::Owned(s) => s,
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            crate::escape::terminal(&self.file),
            self.pos.line,
            self.pos.column,
            self.severity().as_str(),
            self.code,
            self.message
        )
    }
}

/// The closest of `candidates` to `word`, if one is close enough to
/// suggest (the first that [`crate::suggest::closest`] names).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    crate::suggest::closest(word, candidates).into_iter().next()
}

/// " (did you mean `x`?)" for the closest of `candidates`, naming up to
/// three when several are equally close (see [`crate::suggest`]).
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    crate::suggest::phrase(&crate::suggest::closest(word, candidates))
}

/// " (did you mean `x`?)" for a suggestion found with [`closest`], if any.
pub fn suggestion(close: Option<&str>) -> String {
    close.map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}
