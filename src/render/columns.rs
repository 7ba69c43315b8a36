//! One table model for the tabular outputs: an output is a list of
//! [`Column`]s (a header and how to write the cell from a row), and each
//! format has one writer that takes any column list: [`terminal`],
//! [`markdown`] and [`csv`]. The rows are produced by index, so that the
//! writers can stream and spread a large table over the cores.

use super::Style;
use super::table::{aligned_to_text, cell, colored, keep_whole, new_table, streamed_fitted};
use comfy_table::{CellAlignment, Color};

/// One column of a table over rows of type `R`.
pub struct Column<R> {
    pub header: &'static str,
    /// Append the cell's text for a row to the string.
    pub write: fn(&R, &mut String),
    /// On a terminal of a width, never wrapped (ids, levels, numbers).
    pub whole: bool,
    /// On a terminal too narrow, left out in this order (lowest first).
    pub drop: Option<u8>,
    /// Aligned right on the terminal (counts).
    pub right: bool,
    /// The colour of the cell on a terminal (at most one column has one).
    pub color: Option<fn(&R) -> Color>,
}

impl<R> Clone for Column<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Column<R> {}

impl<R> Column<R> {
    pub fn new(header: &'static str, write: fn(&R, &mut String)) -> Self {
        Self {
            header,
            write,
            whole: false,
            drop: None,
            right: false,
            color: None,
        }
    }

    /// Kept whole on a terminal of a width.
    pub fn whole(mut self) -> Self {
        self.whole = true;
        self
    }

    /// Left out, `order`-th, when the terminal is too narrow.
    pub fn dropped(mut self, order: u8) -> Self {
        self.drop = Some(order);
        self
    }

    /// Aligned right on the terminal.
    pub fn right(mut self) -> Self {
        self.right = true;
        self
    }

    /// Coloured on the terminal by `color`.
    pub fn colored(mut self, color: fn(&R) -> Color) -> Self {
        self.color = Some(color);
        self
    }
}

fn headers<R>(columns: &[Column<R>]) -> Vec<&'static str> {
    columns.iter().map(|c| c.header).collect()
}

/// Write row `r`'s cells into `cells` (one cleared string per column).
fn fill<R>(columns: &[Column<R>], r: &R, cells: &mut [String]) {
    for (c, out) in columns.iter().zip(cells) {
        (c.write)(r, out);
    }
}

/// The cell texts of one row (for a writer of its own, such as HTML).
pub fn texts<R>(columns: &[Column<R>], r: &R) -> Vec<String> {
    columns.iter().map(|c| text(c, r)).collect()
}

/// The cell text of one column for one row.
fn text<R>(c: &Column<R>, r: &R) -> String {
    let mut s = String::new();
    (c.write)(r, &mut s);
    s
}

/// A terminal table of `rows` rows, row `i` being `row(i)`, with the house
/// look (see [`super::table`]): streamed and laid out in parallel when
/// plain, fitted to the terminal's width otherwise (columns kept whole,
/// then left out in their order, with a note).
pub fn terminal<R>(
    columns: &[Column<R>],
    rows: usize,
    row: impl Fn(usize) -> R + Sync,
    style: Style,
) -> String {
    let header = headers(columns);
    let whole: Vec<usize> = (0..columns.len()).filter(|&i| columns[i].whole).collect();
    if columns.iter().any(|c| c.right) {
        let mut t = new_table(&header, style);
        for i in 0..rows {
            let r = row(i);
            super::table::add_row(
                &mut t,
                columns
                    .iter()
                    .map(|c| match c.color {
                        Some(color) => colored(text(c, &r), color(&r), style),
                        None => cell(text(c, &r)),
                    })
                    .collect(),
            );
        }
        for i in (0..columns.len()).filter(|&i| columns[i].right) {
            if let Some(col) = t.column_mut(i) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        keep_whole(&mut t, &whole, style);
        return aligned_to_text(&t);
    }
    let mut hide: Vec<(u8, usize)> = (0..columns.len())
        .filter_map(|i| columns[i].drop.map(|d| (d, i)))
        .collect();
    hide.sort_unstable();
    let hide: Vec<usize> = hide.into_iter().map(|(_, i)| i).collect();
    let colored_column = columns.iter().position(|c| c.color.is_some());
    streamed_fitted(&header, (&whole, &hide), rows, style, |i, cells| {
        let r = row(i);
        fill(columns, &r, cells);
        colored_column.and_then(|k| columns[k].color.map(|color| (k, color(&r))))
    })
}

/// [`terminal`] for a table of the items of a slice.
pub fn terminal_of<'a, T: Sync>(columns: &[Column<&'a T>], rows: &'a [T], style: Style) -> String {
    terminal(columns, rows.len(), |i| &rows[i], style)
}

/// A Markdown table of `rows`; the header and every cell escaped.
pub fn markdown<R>(columns: &[Column<R>], rows: impl IntoIterator<Item = R>) -> String {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| columns.iter().map(|c| text(c, &r)).collect())
        .collect();
    super::markdown::table(&headers(columns), &rows)
}

/// A CSV document written one row at a time, for rows that are not
/// indexed (a plan's rows are its people's actions).
pub struct CsvRows {
    out: super::csv::CsvOut,
    cells: Vec<String>,
}

impl CsvRows {
    /// A document with the header of `columns`.
    pub fn new<R>(columns: &[Column<R>]) -> Self {
        Self {
            out: super::csv::CsvOut::new(&headers(columns)),
            cells: vec![String::new(); columns.len()],
        }
    }

    /// Add row `r`, written by `columns` (those of [`CsvRows::new`]).
    pub fn row<R>(&mut self, columns: &[Column<R>], r: &R) {
        self.cells.iter_mut().for_each(String::clear);
        fill(columns, r, &mut self.cells);
        self.out.row(&self.cells);
    }

    pub fn finish(self) -> Vec<u8> {
        self.out.finish()
    }
}

/// A CSV document of `rows` rows, row `i` being `row(i)`, written in
/// parallel over chunks of rows (see [`super::csv::parallel`]).
pub fn csv<R>(columns: &[Column<R>], rows: usize, row: impl Fn(usize) -> R + Sync) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = csv_to(&mut out, columns, rows, row);
    out
}

/// [`csv`], written to `w` a batch of rows at a time.
pub fn csv_to<R>(
    w: &mut dyn std::io::Write,
    columns: &[Column<R>],
    rows: usize,
    row: impl Fn(usize) -> R + Sync,
) -> std::io::Result<()> {
    super::csv::parallel_cells_to(w, &headers(columns), rows, columns.len(), |i, cells| {
        fill(columns, &row(i), cells);
    })
}

/// [`csv`] for a table of the items of a slice.
pub fn csv_of<'a, T: Sync>(columns: &[Column<&'a T>], rows: &'a [T]) -> Vec<u8> {
    csv(columns, rows.len(), |i| &rows[i])
}
