//! Renderers: pure functions from computed results to bytes.
//!
//! One file per command's output (`report`, `plan`, …) plus the shared
//! writers: [`csv`] (the only CSV writer, spreadsheet-safe), [`table`]
//! (terminal tables) and [`markdown`].

/// Implement [`Tabular`] for a document type with its module's `table`,
/// `csv`, `json` and `markdown` functions (or the ones named).
macro_rules! tabular {
    ($doc:ty) => {
        tabular!($doc: table, csv, json, markdown);
    };
    ($doc:ty: $table:ident, $csv:ident, $json:ident, $markdown:ident) => {
        impl $crate::render::Tabular for $doc {
            fn table(&self, style: $crate::render::Style) -> Vec<u8> {
                $table(self, style)
            }
            fn csv(&self) -> Vec<u8> {
                $csv(self)
            }
            fn json(&self) -> Vec<u8> {
                $json(self)
            }
            fn markdown(&self) -> Vec<u8> {
                $markdown(self)
            }
        }
    };
}

pub mod assess;
pub mod catalog;
pub mod columns;
pub mod compare;
pub mod coverage;
pub mod csv;
pub mod evidence;
pub mod html;
pub mod import;
pub mod init;
pub mod markdown;
pub mod person_file;
pub mod plan;
pub mod register;
pub mod report;
pub mod role_file;
pub mod survey;
pub mod table;
pub mod templates;
pub mod validate;

/// How terminal output may be styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours allowed (a terminal, and `NO_COLOR` unset).
    pub color: bool,
    /// Fit every line into this many columns (a terminal of that width);
    /// `None` keeps the full, stable layout of piped output.
    pub width: Option<usize>,
}

impl Style {
    pub const PLAIN: Style = Style {
        color: false,
        width: None,
    };

    /// The text laid out for this style: with a width, every line longer
    /// than it wrapped at word boundaries (see [`fit`]).
    pub fn fit(self, text: Vec<u8>) -> Vec<u8> {
        match self.width {
            Some(w) => fit(&String::from_utf8_lossy(&text), w).into_bytes(),
            None => text,
        }
    }
}

/// `text` with every line wider than `width` columns wrapped at word
/// boundaries, continuation lines indented two more than the line's own
/// indentation; lines that fit (tables already laid out to the width) are
/// untouched. A word wider than the line is broken only as a last resort.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if textwrap::core::display_width(body) <= width {
            out.push_str(body);
        } else {
            let indent = &body[..body.len() - body.trim_start().len()];
            let more = format!("{indent}  ");
            // Ids and dates hold hyphens (`supplier-security-manager`,
            // `2026-07-22`): a line breaks between words only.
            let options = textwrap::Options::new(width.max(8))
                .initial_indent(indent)
                .subsequent_indent(&more)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            let wrapped = textwrap::wrap(body.trim_start(), options);
            out.push_str(&wrapped.join("\n"));
        }
        out.push_str(end);
    }
    out
}

/// Rows per chunk when a large output is produced in parallel.
const CHUNK: usize = 2048;

/// `part(range)` for consecutive chunks of `0..rows`, in parallel, the
/// results in row order: the one way large outputs (the plain table, the
/// CSV writer) spread their rows over the cores.
pub(crate) fn in_chunks<T: Send>(
    rows: usize,
    part: impl Fn(std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    let starts: Vec<usize> = (0..rows).step_by(CHUNK).collect();
    starts
        .par_iter()
        .map(|&start| part(start..(start + CHUNK).min(rows)))
        .collect()
}

/// A sequence serialized as `items()` yields it, one item at a time, so
/// that a large document never holds all its items (the report's gaps,
/// the plans).
pub(crate) struct LazySeq<F>(pub F);

impl<F, I> serde::Serialize for LazySeq<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// A terminal or Markdown document as bytes, through the net of
/// [`crate::escape::terminal_output`]: whatever a renderer put in it, no
/// control character but a line feed or a colour sequence gets out.
pub(crate) fn text_doc(doc: String) -> Vec<u8> {
    crate::escape::terminal_output(doc).into_bytes()
}

/// A document written in the analysis formats: a terminal table, CSV,
/// JSON and Markdown. The command picks one with its `--format`; fitting
/// to the terminal is the caller's ([`Style::fit`]).
pub trait Tabular {
    fn table(&self, style: Style) -> Vec<u8>;
    fn csv(&self) -> Vec<u8>;
    fn json(&self) -> Vec<u8>;
    fn markdown(&self) -> Vec<u8>;
}

/// "4/3" for knowledge 4, skill 3.
pub fn pair(l: crate::model::Levels) -> String {
    format!("{}/{}", l.knowledge, l.skill)
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn fit_wraps_long_lines_at_words_and_keeps_the_rest() {
        let text = "short\n  an indented line that is far too long for the width\n\nend";
        assert_eq!(
            fit(text, 24),
            "short\n  an indented line that\n    is far too long for\n    the width\n\nend"
        );
        let table = "─────\n a  b\n";
        assert_eq!(fit(table, 5), table);
        assert!(
            fit("x".repeat(30).as_str(), 10)
                .lines()
                .all(|l| l.len() <= 10)
        );
    }
}
