//! The `register` output: the Continual Improvement Register as CSV (the
//! file a person keeps and edits) or Markdown (to paste into a review).

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
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_csv(reg, &mut out);
    out
}

/// [`csv`], written to `w` a batch of entries at a time.
pub fn write_csv(reg: &Register, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::csv::parallel_in(w, &header(reg), reg.dialect, reg.entries.len(), |i, out| {
        out.row(cells(&reg.entries[i]));
    })
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
