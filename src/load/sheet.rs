//! Reading a spreadsheet for `import`: a CSV file (`,`, `;` or tab, with or
//! without a UTF-8 byte-order mark) or one sheet of an XLSX workbook, as a
//! grid of cells with the text each cell holds and where it is.
//!
//! Cells are read as text, never as floats that the text came from: a CSV
//! cell is its characters; an XLSX number is written back as its shortest
//! decimal form and marked [`Kind::Number`], so that an id a spreadsheet
//! stored as a number (`5.1` for `5.10`) can be reported as such.

use anyhow::{Context, Result, bail};
use calamine::{Data, Reader};
use std::path::Path;

/// What a cell held in the file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Text (every CSV cell, and XLSX strings and booleans).
    Text,
    /// An XLSX number; the text is its shortest decimal form.
    Number(f64),
    /// An XLSX date (a serial number formatted as a date); the text is
    /// the day, `YYYY-MM-DD`.
    Date,
    /// A formula (XLSX), or CSV text starting with `=`: compgap reads
    /// values only.
    Formula,
    /// An XLSX error value such as `#N/A`.
    Error,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub kind: Kind,
}

impl Cell {
    pub fn text(s: &str) -> Cell {
        Cell {
            text: s.to_owned(),
            kind: Kind::Text,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.kind != Kind::Formula && self.text.trim().is_empty()
    }
}

/// A rectangle of merged cells, 0-based inclusive (first row, first
/// column, last row, last column).
pub type Merged = (usize, usize, usize, usize);

/// One sheet of cells; `rows[0]` is row 1.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The file as the user named it.
    pub file: String,
    /// The sheet's name (XLSX only): locations are then `FILE[Sheet]!A1`.
    pub sheet: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    pub merged: Vec<Merged>,
}

/// The spreadsheet column name of 0-based column `col` (`A`, `Z`, `AA`).
pub fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + u8::try_from(r).unwrap_or(0));
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Sheet {
    /// The cell at 0-based `row`, `col`, if the file has one there.
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row).and_then(|r| r.get(col))
    }

    /// The file name diagnostics carry: `file` or `file[Sheet]`.
    pub fn diag_file(&self) -> String {
        match &self.sheet {
            Some(s) => format!("{}[{}]", self.file, crate::diag::escaped(s)),
            None => self.file.clone(),
        }
    }
}

/// Is this path read as a workbook (by its extension)?
pub fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// Read `path` (CSV, or XLSX by extension: `sheet`, else the first sheet).
/// Errors are files that cannot be read or parsed at all.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Sheet> {
    let shown = super::display_path(path);
    let bytes = match super::read_input(path)? {
        Ok(b) => b,
        Err(d) => bail!("{shown}: {}", d.message),
    };
    if is_xlsx(path) {
        read_xlsx(&shown, bytes, sheet)
    } else {
        if sheet.is_some() {
            bail!("{shown}: --sheet applies to .xlsx workbooks, and this is read as CSV");
        }
        read_csv(&shown, &bytes)
    }
}

/// The delimiter the header line uses most: `,`, `;` or tab (`,` on a tie).
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Parse CSV text into a sheet.
pub fn read_csv(file: &str, bytes: &[u8]) -> Result<Sheet> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{file}: byte {} is not UTF-8 text: save the sheet as \"CSV UTF-8\"",
            e.valid_up_to() + 1
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let body = text;
    let (mut line, mut counted) = (1usize, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // Rows are numbered as lines, so that an empty line the
                // reader skips still counts.
                // (The reader's own position is that of a skipped empty line.)
                let mut start = record.position().map_or(0, |p| p.byte() as usize);
                while matches!(body.as_bytes().get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                line += body.as_bytes()[counted..start.max(counted)]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                counted = start.max(counted);
                while rows.len() + 1 < line {
                    rows.push(Vec::new());
                }
                rows.push(
                    record
                        .iter()
                        .map(|s| {
                            if s.starts_with('=') {
                                Cell {
                                    text: s.to_owned(),
                                    kind: Kind::Formula,
                                }
                            } else {
                                // A cell this tool wrote neutralised (`'=x`) is the text `=x`.
                                Cell::text(crate::render::csv::unneutralise(s))
                            }
                        })
                        .collect(),
                );
            }
            Err(e) => bail!("{file}: not a readable CSV file: {e}"),
        }
    }
    Ok(Sheet {
        file: file.to_owned(),
        sheet: None,
        rows,
        merged: Vec::new(),
    })
}

/// The shortest decimal text of a number (`3` for 3.0, `5.1`).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// The day of a spreadsheet date serial number (1900 date system: day 1 is
/// 1900-01-01, 25569 is 1970-01-01), if it is a plausible date.
pub fn serial_date(serial: f64) -> Option<crate::model::Date> {
    if !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64 - 25_569;
    Some(crate::model::Date::from_unix_seconds(days * 86_400))
}

fn read_xlsx(file: &str, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Sheet> {
    let cannot = || format!("{file}: not a readable XLSX workbook");
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).with_context(cannot)?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => match names.iter().find(|n| n.as_str() == s) {
            Some(n) => n.clone(),
            None => {
                let hint = crate::diag::did_you_mean(s, names.iter().map(String::as_str));
                bail!(
                    "{file}: the workbook has no sheet `{}`{}; its sheets: {}",
                    crate::diag::escaped(s),
                    crate::diag::escaped(&hint),
                    crate::diag::escaped(&names.join(", "))
                );
            }
        },
        None => match names.first() {
            Some(n) => n.clone(),
            None => bail!("{file}: the workbook has no sheet"),
        },
    };
    let range = book.worksheet_range(&name).with_context(cannot)?;
    let formulas = book.worksheet_formula(&name).with_context(cannot)?;
    let merged = match book.worksheet_merge_cells(&name) {
        Some(m) => m.with_context(cannot)?,
        None => Vec::new(),
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let put = |rows: &mut Vec<Vec<Cell>>, r: usize, c: usize, cell: Cell| {
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, Cell::text(""));
        }
        row[c] = cell;
    };
    if let Some((r0, c0)) = range.start() {
        for (r, c, value) in range.used_cells() {
            let cell = match value {
                Data::Empty => continue,
                Data::String(s) => Cell::text(s),
                Data::Bool(b) => Cell::text(if *b { "TRUE" } else { "FALSE" }),
                Data::Int(i) => Cell {
                    text: i.to_string(),
                    kind: Kind::Number(*i as f64),
                },
                Data::Float(f) => Cell {
                    text: number_text(*f),
                    kind: Kind::Number(*f),
                },
                Data::DateTime(d) => match serial_date(d.as_f64()) {
                    Some(day) => Cell {
                        text: day.to_string(),
                        kind: Kind::Date,
                    },
                    None => Cell {
                        text: number_text(d.as_f64()),
                        kind: Kind::Number(d.as_f64()),
                    },
                },
                Data::DateTimeIso(s) | Data::DurationIso(s) => Cell {
                    text: s.split('T').next().unwrap_or(s).to_owned(),
                    kind: Kind::Date,
                },
                Data::Error(e) => Cell {
                    text: e.to_string(),
                    kind: Kind::Error,
                },
            };
            put(&mut rows, r0 as usize + r, c0 as usize + c, cell);
        }
    }
    if let Some((r0, c0)) = formulas.start() {
        for (r, c, f) in formulas.used_cells() {
            if !f.is_empty() {
                put(
                    &mut rows,
                    r0 as usize + r,
                    c0 as usize + c,
                    Cell {
                        text: format!("={f}"),
                        kind: Kind::Formula,
                    },
                );
            }
        }
    }
    Ok(Sheet {
        file: file.to_owned(),
        sheet: Some(name),
        rows,
        merged: merged
            .iter()
            .map(|d| {
                (
                    d.start.0 as usize,
                    d.start.1 as usize,
                    d.end.0 as usize,
                    d.end.1 as usize,
                )
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_bom_and_columns() {
        for (text, n) in [
            ("\u{feff}person;5.2\nalice;3\n", 2),
            ("person\t5.2\t5.3\nalice\t3\t2\n", 3),
            ("\"a;b\",c\nx,y\n", 2),
        ] {
            let s = read_csv("m.csv", text.as_bytes()).expect("csv");
            assert_eq!(s.rows[0].len(), n, "{text:?}");
            assert_eq!(
                s.rows[0][0].text.trim_start_matches('\u{feff}'),
                s.rows[0][0].text
            );
        }
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(number_text(5.1), "5.1");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(
            serial_date(46296.0).map(|d| d.to_string()).as_deref(),
            Some("2026-10-01")
        );
    }
}
