//! Markdown helpers: GitHub-flavoured tables whose cells, like every piece
//! of untrusted text in a Markdown output, go through
//! [`crate::escape::markdown`].

/// Untrusted text for a Markdown document (a cell, a heading, a list item).
pub fn cell(s: &str) -> String {
    crate::escape::markdown(s).into_owned()
}

/// A Markdown table of text; header and cells are escaped.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let header: Vec<String> = header.iter().map(|h| cell(h)).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cell(c)).collect())
        .collect();
    markup_table(&header, &rows)
}

/// A Markdown table of cells that are Markdown already: the caller wrote
/// every untrusted part of them with [`cell`].
pub fn markup_table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!(
        "|{}\n",
        header.iter().map(|_| "---|").collect::<String>()
    ));
    for r in rows {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out
}
