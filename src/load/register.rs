//! Reading back a Continual Improvement Register CSV for `register --update`.
//!
//! The file may be one this tool wrote (neutralised cells start with `'`)
//! or one a person saved from a spreadsheet: a byte-order mark, CRLF or LF
//! line ends, `;` as the separator, blank lines, surrounding spaces,
//! columns in another order and extra columns are all accepted. A required column that is missing is an
//! error naming the file and the column.

use crate::engine::register::{Entry, Register};
use crate::render::csv::unneutralise;
use anyhow::{Result, bail};

/// The register's columns, in output order.
pub const COLUMNS: [&str; 9] = [
    "#",
    "Improvement Opportunity",
    "Description",
    "Identification Date",
    "Status",
    "Priority",
    "Action Owner",
    "Target Completion Date",
    "Results/Outcomes",
];

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

/// Parse a register; `shown` is the file name used in errors.
pub fn parse_register(bytes: &[u8], shown: &str) -> Result<Register> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        bail!("{shown} is not UTF-8 text: save the register as CSV UTF-8 and run again");
    };
    // A spreadsheet set to a European locale saves with `;`.
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if !first_line.contains(',') && first_line.matches(';').count() >= 8 {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => bail!("{shown}: cannot read the header row: {e}"),
        None => bail!(
            "{shown} is empty: it needs a header row with the columns {}",
            COLUMNS.join(", ")
        ),
    };
    let header: Vec<String> = header.iter().map(clean).collect();
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
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bail!("{shown} line {line}: not valid CSV ({e}): fix the quoting and run again");
            }
        };
        // The line from the byte offset: the reader's own line count is off
        // by one in a file with CRLF line ends, where a record's offset can
        // point at the line feed ending the one before.
        let line = record.position().map_or(0, |p| {
            let bytes = text.as_bytes();
            let mut at = usize::try_from(p.byte())
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
                at += 1;
            }
            bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1
        });
        let get = |i: usize| record.get(i).map(clean).unwrap_or_default();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
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
                    entry.reference
                );
            }
        }
        entries.push(entry);
    }
    Ok(Register {
        extra_columns,
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn names_a_missing_column() {
        let text = "#,Opportunity,Description,Identification Date,Status,Priority,Action Owner,Target Completion Date,Results/Outcomes\n";
        let err = parse_register(text.as_bytes(), "reg.csv")
            .expect_err("missing column")
            .to_string();
        assert!(err.contains("reg.csv"), "{err}");
        assert!(err.contains("`Improvement Opportunity`"), "{err}");
    }

    #[test]
    fn refuses_a_reference_used_twice() {
        let text = "#,Improvement Opportunity,Description,Identification Date,Status,Priority,Action Owner,Target Completion Date,Results/Outcomes\nann/5.2,a,,,,,,,\n,manual,,,,,,,\n,manual,,,,,,,\nann/5.2,b,,,,,,,\n";
        let err = parse_register(text.as_bytes(), "reg.csv")
            .expect_err("duplicate")
            .to_string();
        assert!(err.contains("reg.csv line 5"), "{err}");
        assert!(err.contains("`ann/5.2` is already used on line 2"), "{err}");
    }

    #[test]
    fn a_reference_used_twice_is_located_in_a_crlf_file_too() {
        let text = "#,Improvement Opportunity,Description,Identification Date,Status,Priority,Action Owner,Target Completion Date,Results/Outcomes\r\nann/5.2,a,,,,,,,\r\nbob/5.3,\"two\r\nlines\",,,,,,,\r\nann/5.2,b,,,,,,,\r\n";
        let err = parse_register(text.as_bytes(), "reg.csv")
            .expect_err("duplicate")
            .to_string();
        assert!(err.contains("reg.csv line 5"), "{err}");
        assert!(err.contains("`ann/5.2` is already used on line 2"), "{err}");
    }

    #[test]
    fn reads_semicolons() {
        let text = "#;Improvement Opportunity;Description;Identification Date;Status;Priority;Action Owner;Target Completion Date;Results/Outcomes\r\nann/5.2;Opp;\"a, b\";2026-01-01;Planned;High;Zoe;2026-03-01;\r\n";
        let reg = parse_register(text.as_bytes(), "reg.csv").expect("parses");
        assert_eq!(reg.entries[0].description, "a, b");
        assert_eq!(reg.entries[0].owner, "Zoe");
    }
}
