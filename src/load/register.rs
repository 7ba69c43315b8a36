//! Reading back a Continual Improvement Register CSV for `register --update`.
//!
//! The file may be one this tool wrote (neutralised cells start with `'`)
//! or one a person saved from a spreadsheet: a byte-order mark, CRLF or LF
//! line ends, `,`, `;` or tab as the separator (told from the header line),
//! blank lines, surrounding spaces, columns in another order and extra
//! columns are all accepted, and the dialect is kept for writing it back.
//!
//! Anything else is refused, naming the file, line and column, so that a
//! wrong guess never rewrites the register: malformed quoting (a `"`
//! inside an unquoted cell, text after a closing quote, a quote never
//! closed), a cell over [`MAX_CELL_BYTES`], text in a column that has no
//! header, a missing or doubled column, a reference used twice.
//!
//! The reader is one pass over the bytes: a million rows take about as
//! long as reading them.

use crate::escape::unneutralise;
use crate::model::register::{COLUMNS, Dialect, Entry, Register};
use anyhow::{Result, bail};
use std::borrow::Cow;

/// The largest register file read: what compgap itself writes for 100,000
/// people (about 105 MB), with room to spare.
pub const MAX_REGISTER_BYTES: u64 = 128 * 1024 * 1024;

/// The largest cell: a register cell is a sentence or a paragraph.
pub const MAX_CELL_BYTES: usize = 64 * 1024;

/// One record: its cells and the line it starts on.
struct Record<'a> {
    line: usize,
    cells: Vec<Cow<'a, str>>,
    /// Where each cell starts: its line, the offset of that line, its offset.
    starts: Vec<(usize, usize, usize)>,
}

/// The 1-based column, in characters, of byte offset `at` on the line
/// starting at byte `line_start` (counted only for a message).
fn column(text: &str, line_start: usize, at: usize) -> usize {
    text[line_start..at].chars().count() + 1
}

/// A strict RFC 4180 reader over `text`.
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    separator: u8,
    at: usize,
    line: usize,
    line_start: usize,
    shown: &'a str,
}

impl<'a> Reader<'a> {
    fn fail<T>(&self, at: usize, what: &str) -> Result<T> {
        bail!(
            "{} line {} column {}: {what}; nothing was written",
            self.shown,
            self.line,
            column(self.text, self.line_start, at)
        )
    }

    /// Step over a line end at `self.at` (CRLF, LF or CR), if there is one.
    fn line_end(&mut self) -> bool {
        match self.bytes.get(self.at) {
            Some(b'\r') => {
                self.at += 1;
                if self.bytes.get(self.at) == Some(&b'\n') {
                    self.at += 1;
                }
            }
            Some(b'\n') => self.at += 1,
            _ => return false,
        }
        self.line += 1;
        self.line_start = self.at;
        true
    }

    fn check_size(&self, cell: &str, start: usize) -> Result<()> {
        if cell.len() > MAX_CELL_BYTES {
            return self.fail(
                start,
                &format!(
                    "the cell is over {} KiB; a register cell is a sentence or a paragraph: shorten it",
                    MAX_CELL_BYTES / 1024
                ),
            );
        }
        Ok(())
    }

    /// The next record, or `None` at the end of the text.
    fn record(&mut self) -> Result<Option<Record<'a>>> {
        if self.at >= self.bytes.len() {
            return Ok(None);
        }
        let mut record = Record {
            line: self.line,
            cells: Vec::new(),
            starts: Vec::new(),
        };
        loop {
            let start = self.at;
            record.starts.push((self.line, self.line_start, start));
            let cell = if self.bytes.get(self.at) == Some(&b'"') {
                self.quoted(start)?
            } else {
                self.unquoted(start)?
            };
            record.cells.push(cell);
            match self.bytes.get(self.at) {
                Some(&b) if b == self.separator => self.at += 1,
                None => return Ok(Some(record)),
                Some(_) => {
                    self.line_end();
                    return Ok(Some(record));
                }
            }
        }
    }

    fn unquoted(&mut self, start: usize) -> Result<Cow<'a, str>> {
        let end = self.bytes[start..]
            .iter()
            .position(|&b| b == self.separator || b == b'\r' || b == b'\n')
            .map_or(self.bytes.len(), |n| start + n);
        let cell = &self.text[start..end];
        if let Some(q) = cell.find('"') {
            return self.fail(
                start + q,
                "a `\"` inside a cell that does not start with one; a cell holding `\"` must be quoted, with the quote doubled (`\"5\"\" disk\"`)",
            );
        }
        self.check_size(cell, start)?;
        self.at = end;
        Ok(Cow::Borrowed(cell))
    }

    fn quoted(&mut self, start: usize) -> Result<Cow<'a, str>> {
        let (open_line, open_line_start) = (self.line, self.line_start);
        let mut cell = String::new();
        self.at += 1;
        loop {
            let Some(n) = self.bytes[self.at..]
                .iter()
                .position(|&b| matches!(b, b'"' | b'\n'))
            else {
                self.line = open_line;
                self.line_start = open_line_start;
                return self.fail(
                    start,
                    "a quoted cell starts here and is never closed; add the closing `\"`",
                );
            };
            let stop = self.at + n;
            cell.push_str(&self.text[self.at..stop]);
            self.check_size(&cell, start)?;
            if self.bytes[stop] == b'\n' {
                cell.push('\n');
                self.at = stop + 1;
                self.line += 1;
                self.line_start = self.at;
                continue;
            }
            // A quote: doubled, or the end of the cell.
            if self.bytes.get(stop + 1) == Some(&b'"') {
                cell.push('"');
                self.at = stop + 2;
                continue;
            }
            self.at = stop + 1;
            match self.bytes.get(self.at) {
                None | Some(b'\r' | b'\n') => return Ok(Cow::Owned(cell)),
                Some(&b) if b == self.separator => return Ok(Cow::Owned(cell)),
                Some(_) => {
                    return self.fail(
                        stop,
                        "text after the closing `\"` of a quoted cell; double the `\"` (`\"\"`) if it belongs in the cell",
                    );
                }
            }
        }
    }
}

fn clean(cell: &str) -> String {
    unneutralise(cell.trim()).to_string()
}

fn same_column(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// The separator of the header line: the most frequent of `,`, `;` and
/// tab outside quotes (`,` on a tie).
fn separator_of(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(slot) = counts.iter_mut().find(|(s, _)| *s == b) {
                    slot.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(s, n)| if n > best.1 { (s, n) } else { best },
        )
        .0
}

/// Parse a register; `shown` is the file name used in errors.
pub fn parse_register(bytes: &[u8], shown: &str) -> Result<Register> {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let bytes = if bom { &bytes[3..] } else { bytes };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            bail!(
                "{shown} line {line}: not UTF-8 text: save the register as CSV UTF-8 and run again"
            );
        }
    };
    let separator = separator_of(text);
    let header_end = text.find(['\r', '\n']);
    let dialect = Dialect {
        separator,
        bom,
        crlf: header_end.is_none_or(|i| text[i..].starts_with("\r\n")),
    };
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        separator,
        at: 0,
        line: 1,
        line_start: 0,
        shown,
    };
    let Some(header) = reader.record()? else {
        bail!(
            "{shown} is empty: it needs a header row with the columns {}",
            COLUMNS.join(", ")
        );
    };
    let header: Vec<String> = header.cells.iter().map(|c| clean(c)).collect();
    let mut index = [0usize; 9];
    for (slot, name) in index.iter_mut().zip(COLUMNS) {
        let found: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| same_column(h, name))
            .map(|(i, _)| i)
            .collect();
        match found.as_slice() {
            [i] => *slot = *i,
            [] => bail!(
                "{shown} has no `{name}` column: the register needs the columns {} (found: {}); rename the column back to `{name}`",
                COLUMNS.join(", "),
                header.join(", ")
            ),
            _ => bail!("{shown} has the column `{name}` twice: keep one"),
        }
    }
    let extra_idx: Vec<usize> = (0..header.len())
        .filter(|i| !index.contains(i) && !header[*i].is_empty())
        .collect();
    let extra_columns = extra_idx.iter().map(|&i| header[i].clone()).collect();
    let mut entries: Vec<Entry> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    while let Some(record) = reader.record()? {
        let line = record.line;
        // A cell under no header (or an unnamed one) would be lost on the
        // way out: refuse rather than drop it.
        let stray = record
            .cells
            .iter()
            .enumerate()
            .find(|(i, c)| !c.trim().is_empty() && header.get(*i).is_none_or(|h| h.is_empty()));
        if let Some((i, _)) = stray {
            let (line, line_start, at) = record.starts[i];
            bail!(
                "{shown} line {line} column {}: this row has text in column {} of {}, which has no name in the header row; name the column in the header row (line 1) or move the text into a named column; nothing was written",
                column(text, line_start, at),
                i + 1,
                record.cells.len().max(header.len())
            );
        }
        if record.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |i: usize| record.cells.get(i).map(|c| clean(c)).unwrap_or_default();
        let entry = Entry {
            reference: get(index[0]),
            opportunity: get(index[1]),
            description: get(index[2]),
            identified: get(index[3]),
            status: get(index[4]),
            priority: get(index[5]),
            owner: get(index[6]),
            target: get(index[7]),
            results: get(index[8]),
            extra: extra_idx.iter().map(|&i| get(i)).collect(),
        };
        if !entry.reference.is_empty() {
            if let Some(first) = seen.insert(entry.reference.clone(), line) {
                bail!(
                    "{shown} line {line}: the reference `{}` is already used on line {first}: each `#` must be unique, merge the two lines",
                    crate::escape::terminal(&entry.reference)
                );
            }
        }
        entries.push(entry);
    }
    Ok(Register {
        extra_columns,
        entries,
        dialect,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "#,Improvement Opportunity,Description,Identification Date,Status,Priority,Action Owner,Target Completion Date,Results/Outcomes";

    fn error(text: &str) -> String {
        parse_register(text.as_bytes(), "reg.csv")
            .expect_err("refused")
            .to_string()
    }

    #[test]
    fn reads_a_spreadsheet_export() {
        let text = "\u{feff}Status , #,Improvement Opportunity,Description,Identification Date,Priority,Action Owner,Target Completion Date,Results/Outcomes,Notes\r\n In Progress ,ann/5.2,Opp,Desc,2026-01-01,High,'=Boss,2026-03-01,,call HR\r\n,,,,,,,,,\r\n";
        let reg = parse_register(text.as_bytes(), "reg.csv").expect("parses");
        assert_eq!(reg.extra_columns, ["Notes"]);
        assert_eq!(reg.entries.len(), 1);
        let e = &reg.entries[0];
        assert_eq!(e.reference, "ann/5.2");
        assert_eq!(e.status, "In Progress");
        assert_eq!(e.owner, "=Boss");
        assert_eq!(e.extra, ["call HR"]);
        assert_eq!(
            reg.dialect,
            Dialect {
                separator: b',',
                bom: true,
                crlf: true
            }
        );
    }

    #[test]
    fn names_a_missing_column() {
        let text = "#,Opportunity,Description,Identification Date,Status,Priority,Action Owner,Target Completion Date,Results/Outcomes\n";
        let err = error(text);
        assert!(err.contains("reg.csv"), "{err}");
        assert!(err.contains("`Improvement Opportunity`"), "{err}");
    }

    #[test]
    fn refuses_a_reference_used_twice() {
        let text = format!(
            "{HEADER}\nann/5.2,a,,,,,,,\n,manual,,,,,,,\n,manual,,,,,,,\nann/5.2,b,,,,,,,\n"
        );
        let err = error(&text);
        assert!(err.contains("reg.csv line 5"), "{err}");
        assert!(err.contains("`ann/5.2` is already used on line 2"), "{err}");
    }

    #[test]
    fn a_reference_used_twice_is_located_in_a_crlf_file_too() {
        let text = format!(
            "{HEADER}\r\nann/5.2,a,,,,,,,\r\nbob/5.3,\"two\r\nlines\",,,,,,,\r\nann/5.2,b,,,,,,,\r\n"
        );
        let err = error(&text);
        assert!(err.contains("reg.csv line 5"), "{err}");
        assert!(err.contains("`ann/5.2` is already used on line 2"), "{err}");
        let reg =
            parse_register(text.replace("ann/5.2,b", "cid/5.2,b").as_bytes(), "r").expect("parses");
        assert_eq!(reg.entries[1].opportunity, "two\r\nlines");
    }

    #[test]
    fn reads_semicolons_and_tabs() {
        for sep in [";", "\t"] {
            let text = format!(
                "{}\nann/5.2{sep}Opp{sep}\"a, b; c\"{sep}2026-01-01{sep}Planned{sep}High{sep}Zoe{sep}2026-03-01{sep}\n",
                HEADER.replace(',', sep)
            );
            let reg = parse_register(text.as_bytes(), "reg.csv").expect("parses");
            assert_eq!(reg.entries[0].description, "a, b; c");
            assert_eq!(reg.entries[0].owner, "Zoe");
            assert_eq!(reg.dialect.separator, sep.as_bytes()[0]);
            assert!(!reg.dialect.bom && !reg.dialect.crlf);
        }
    }

    #[test]
    fn malformed_quoting_is_located() {
        for (row, line, column, what) in [
            ("ann/5.2,a \"b,,,,,,,", 2, 11, "inside a cell"),
            ("ann/5.2,\"a\"b,,,,,,,", 2, 11, "after the closing"),
            ("ann/5.2,a\",,,,,,,", 2, 10, "inside a cell"),
            ("ann/5.2,,,,,,,,\"never closed\n", 2, 16, "never closed"),
            (
                "x,\"ok\"\"\",,,,,,,\nbob/5.3,\"two\nlines\" x,,,,,,,",
                4,
                6,
                "after the closing",
            ),
        ] {
            let err = error(&format!("{HEADER}\n{row}"));
            let at = format!("reg.csv line {line} column {column}: ");
            assert!(err.starts_with(&at), "{row:?}: {err}");
            assert!(err.contains(what), "{row:?}: {err}");
        }
    }

    #[test]
    fn a_cell_over_the_limit_is_refused() {
        let big = "x".repeat(MAX_CELL_BYTES + 1);
        let err = error(&format!("{HEADER}\nann/5.2,{big},,,,,,,\n"));
        assert!(
            err.starts_with("reg.csv line 2 column 9: the cell is over 64 KiB"),
            "{err}"
        );
        let err = error(&format!("{HEADER}\nann/5.2,\"{big}\",,,,,,,\n"));
        assert!(
            err.starts_with("reg.csv line 2 column 9: the cell is over 64 KiB"),
            "{err}"
        );
        let fits = "x".repeat(MAX_CELL_BYTES);
        parse_register(format!("{HEADER}\nann/5.2,{fits},,,,,,,\n").as_bytes(), "r")
            .expect("a cell of 64 KiB fits");
    }

    #[test]
    fn text_beyond_the_header_is_refused_blank_cells_are_not() {
        let err = error(&format!("{HEADER}\nann/5.2,a,,,,,,,,keep me\n"));
        assert!(
            err.starts_with("reg.csv line 2 column 18: this row has text in column 10 of 10"),
            "{err}"
        );
        let err = error(&format!("{},,Notes\nann/5.2,a,,,,,,,,x,\n", HEADER));
        assert!(err.starts_with("reg.csv line 2 column 18: "), "{err}");
        let reg = parse_register(format!("{HEADER}\nann/5.2,a,,,,,,,,,\n").as_bytes(), "r")
            .expect("empty trailing cells are nothing to lose");
        assert_eq!(reg.entries.len(), 1);
    }
}
