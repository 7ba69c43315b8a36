//! The `register` output: the Continual Improvement Register as CSV (the
//! file a person keeps and edits) or Markdown (to paste into a review).

use super::csv::CsvOut;
use super::markdown;
use crate::model::Date;
use crate::model::register::{COLUMNS, Entry, Register};

fn cells(e: &Entry) -> Vec<String> {
    let mut v = vec![
        e.reference.clone(),
        e.opportunity.clone(),
        e.description.clone(),
        e.identified.clone(),
        e.status.clone(),
        e.priority.clone(),
        e.owner.clone(),
        e.target.clone(),
        e.results.clone(),
    ];
    v.extend(e.extra.iter().cloned());
    v
}

fn header(reg: &Register) -> Vec<&str> {
    COLUMNS
        .iter()
        .copied()
        .chain(reg.extra_columns.iter().map(String::as_str))
        .collect()
}

pub fn csv(reg: &Register) -> Vec<u8> {
    let mut out = CsvOut::with_dialect(&header(reg), reg.dialect);
    for e in &reg.entries {
        out.row(cells(e));
    }
    out.finish()
}

pub fn markdown(reg: &Register, as_of: Date) -> Vec<u8> {
    let mut out = format!("# Continual Improvement Register\n\nLast updated: {as_of}\n\n");
    if reg.entries.is_empty() {
        out.push_str("No improvement opportunities.\n");
    } else {
        let rows: Vec<Vec<String>> = reg.entries.iter().map(cells).collect();
        out.push_str(&markdown::table(&header(reg), &rows));
    }
    super::text_doc(out)
}
