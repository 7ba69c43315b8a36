//! Terminal tables (comfy-table), coloured only when allowed.
//!
//! Every cell is made here ([`cell`], [`lines`], [`colored`], the header
//! and [`streamed`] rows) and its text goes through
//! [`crate::escape::terminal`]; `Cell::new` is not allowed elsewhere
//! (`clippy.toml`).
#![allow(clippy::disallowed_methods)]

use super::Style;
use crate::engine::Band;
use crate::escape;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, LineStyle, Table, TableStyle};
use unicode_width::UnicodeWidthStr;

/// A rule under the header and around the table, nothing between rows.
const HOUSE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

/// A table with the house look: no outer frame, a header line. Tables
/// never wrap, on a terminal either: a row stays one line (pipe a wide
/// table through `less -S`), and a terminal that reports no width cannot
/// squeeze the columns to nothing.
pub fn new_table(header: &[&str], style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(HOUSE)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(|h| {
            let c = cell(h);
            if style.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        }));
    if !style.color {
        t.force_no_tty();
    }
    t
}

/// The colour of a band.
pub fn band_color(b: Band) -> Color {
    match b {
        Band::High => Color::Red,
        Band::Medium => Color::Yellow,
        Band::Low => Color::Cyan,
        Band::Met => Color::Green,
    }
}

/// A cell of untrusted text, escaped for the terminal.
pub fn cell(text: impl AsRef<str>) -> Cell {
    Cell::new(escape::terminal(text.as_ref()))
}

/// A cell of several lines, each escaped for the terminal.
pub fn lines<I, S>(parts: I) -> Cell
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let parts: Vec<String> = parts
        .into_iter()
        .map(|p| escape::terminal(p.as_ref()).into_owned())
        .collect();
    Cell::new(parts.join("\n"))
}

/// Add a row of cells made by [`cell`], [`lines`] or [`colored`].
pub fn add_row(t: &mut Table, cells: Vec<Cell>) {
    t.add_row(cells);
}

/// A cell coloured with `color` when colour is allowed.
pub fn colored(text: impl AsRef<str>, color: Color, style: Style) -> Cell {
    let c = cell(text);
    if style.color { c.fg(color) } else { c }
}

/// Render a table to text with a trailing newline.
///
/// A table with the house look, no colour, no width fitting and one line
/// per cell — every table written to a file or a pipe — is laid out here
/// directly, byte for byte as comfy-table lays it out, at a fraction of the
/// cost (a report on a large organization has hundreds of thousands of
/// cells); a test holds the two to the same output. Any other table is
/// left to comfy-table. Columns with their own alignment go through
/// [`aligned_to_text`].
pub fn to_text(t: &Table) -> String {
    match plain_layout(t) {
        Some(s) => s,
        None => aligned_to_text(t),
    }
}

/// Render a table with comfy-table itself (for columns aligned or padded
/// their own way).
pub fn aligned_to_text(t: &Table) -> String {
    let mut s = t.to_string();
    // comfy-table pads every line to the table width; trailing blanks only add noise.
    s = s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    s.push('\n');
    s
}

/// Widest cell laid out directly; comfy-table keeps widths in 16 bits.
const PLAIN_MAX_WIDTH: usize = 4096;

/// The house layout of `t`, if it is a plain table (see [`to_text`]).
fn plain_layout(t: &Table) -> Option<String> {
    if t.should_style()
        || !matches!(t.content_arrangement(), ContentArrangement::Disabled)
        || t.column_iter()
            .any(|c| c.constraint().is_some() || c.padding_width() != 2 || c.is_hidden())
    {
        return None;
    }
    let rows: Vec<Vec<String>> = t
        .header()
        .into_iter()
        .chain(t.row_iter())
        .map(|r| r.cell_iter().map(Cell::content).collect())
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut layout = Plain::new(columns);
    for row in &rows {
        layout.measure(row)?;
    }
    let mut body = rows.iter();
    let header = if t.header().is_some() {
        body.next()
    } else {
        None
    };
    Some(layout.write(
        header.map(Vec::as_slice),
        body.map(Vec::as_slice),
        rows.len(),
    ))
}

/// A table of `rows` rows whose cells `fill(i, cells)` writes into
/// `cells` (one cleared string per column), optionally naming one cell to
/// colour. The rows are produced as they are laid out, twice for a plain
/// table (once to measure, once to write, each in parallel over chunks of
/// rows), so that no table of a large organization is ever held cell by
/// cell in memory; a coloured table goes through comfy-table.
pub fn streamed(
    header: &[&str],
    rows: usize,
    style: Style,
    fill: impl Fn(usize, &mut [String]) -> Option<(usize, Color)> + Sync,
) -> String {
    let columns = header.len();
    let row = |i: usize, cells: &mut [String]| {
        cells.iter_mut().for_each(String::clear);
        let color = fill(i, cells);
        for c in cells.iter_mut().filter(|c| escape::has_control(c)) {
            *c = escape::terminal(c).into_owned();
        }
        color
    };
    if !style.color {
        if let Some(out) = streamed_plain(header, rows, &row) {
            return out;
        }
    }
    let mut cells = vec![String::new(); columns];
    let mut t = new_table(header, style);
    for i in 0..rows {
        let color = row(i, &mut cells);
        t.add_row(
            cells
                .iter()
                .enumerate()
                .map(|(j, c)| match color {
                    Some((k, color)) if k == j => colored(c.as_str(), color, style),
                    _ => Cell::new(c),
                })
                .collect::<Vec<_>>(),
        );
    }
    to_text(&t)
}

/// The plain layout of a streamed table, or `None` if a cell needs comfy-table.
fn streamed_plain(
    header: &[&str],
    rows: usize,
    row: &(impl Fn(usize, &mut [String]) -> Option<(usize, Color)> + Sync),
) -> Option<String> {
    let columns = header.len();
    let header: Vec<String> = header.iter().map(|h| (*h).to_string()).collect();
    let mut layout = Plain::new(columns);
    layout.measure(&header)?;
    let widths: Vec<Option<Vec<usize>>> = super::in_chunks(rows, |range| {
        let mut part = Plain::new(columns);
        let mut cells = vec![String::new(); columns];
        for i in range {
            row(i, &mut cells);
            part.measure(&cells)?;
        }
        Some(part.widths)
    });
    for w in widths {
        for (total, w) in layout.widths.iter_mut().zip(w?) {
            *total = (*total).max(w);
        }
    }
    let parts: Vec<String> = super::in_chunks(rows, |range| {
        let mut part = Plain {
            widths: layout.widths.clone(),
            line: String::new(),
        };
        let mut cells = vec![String::new(); columns];
        let mut out = String::new();
        for i in range {
            row(i, &mut cells);
            part.row(&mut out, &cells);
        }
        out
    });
    let mut out = layout.start(Some(&header), 0);
    out.reserve(parts.iter().map(String::len).sum::<usize>() + out.len());
    for part in parts {
        out.push_str(&part);
    }
    layout.end(&mut out);
    Some(out)
}

/// The house layout, written directly: each cell padded by one space on
/// either side, columns one space apart, rules of `─` above and below the
/// header and below the last row, trailing blanks trimmed.
struct Plain {
    widths: Vec<usize>,
    line: String,
}

impl Plain {
    fn new(columns: usize) -> Self {
        Self {
            widths: vec![0; columns],
            line: String::new(),
        }
    }

    /// Widen the columns for `row`; `None` if a cell needs comfy-table
    /// (several lines, control characters, or wider than it measures).
    fn measure<S: AsRef<str>>(&mut self, row: &[S]) -> Option<()> {
        for (w, cell) in self.widths.iter_mut().zip(row) {
            let cell = cell.as_ref();
            if cell.contains(['\n', '\r', '\t', '\u{1b}']) {
                return None;
            }
            // comfy-table makes a column at least one character wide.
            let width = UnicodeWidthStr::width(cell).max(1);
            if width > PLAIN_MAX_WIDTH {
                return None;
            }
            *w = (*w).max(width);
        }
        Some(())
    }

    fn rule(&self, out: &mut String) {
        for (i, w) in self.widths.iter().enumerate() {
            if i > 0 {
                out.push('─');
            }
            out.extend(std::iter::repeat_n('─', w + 2));
        }
        out.push('\n');
    }

    fn row<S: AsRef<str>>(&mut self, out: &mut String, row: &[S]) {
        self.line.clear();
        for (i, w) in self.widths.iter().enumerate() {
            let cell = row.get(i).map_or("", AsRef::as_ref);
            if i > 0 {
                self.line.push(' ');
            }
            self.line.push(' ');
            self.line.push_str(cell);
            let pad = w - UnicodeWidthStr::width(cell) + 1;
            self.line.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(self.line.trim_end());
        out.push('\n');
    }

    /// The top rule and the header; `rows` sizes the buffer.
    fn start<S: AsRef<str>>(&mut self, header: Option<&[S]>, rows: usize) -> String {
        let line_bytes = self.widths.iter().map(|w| w + 3).sum::<usize>();
        let mut out = String::with_capacity((rows + 4) * line_bytes);
        self.rule(&mut out);
        if let Some(h) = header {
            self.row(&mut out, h);
            self.rule(&mut out);
        }
        out
    }

    fn end(&self, out: &mut String) {
        self.rule(out);
    }

    fn write<'r, S: AsRef<str> + 'r>(
        mut self,
        header: Option<&[S]>,
        body: impl Iterator<Item = &'r [S]>,
        rows: usize,
    ) -> String {
        let mut out = self.start(header, rows);
        for row in body {
            self.row(&mut out, row);
        }
        self.end(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_rng::Rng;

    const WORDS: &[&str] = &[
        "",
        "a",
        "p000123",
        "6.5.3 ISMS auditing",
        "Elif Yılmaz",
        "日本語",
        "😀",
        "e\u{301}",
        "  padded  ",
        "training; mentoring (kwame)",
        "─",
        "x\ny",
        "tab\there",
        "\u{1b}[31mred",
        "Zürich",
        "ﬁ",
        "\u{200b}",
        "=HYPERLINK(1)",
    ];

    fn table(rng: &mut Rng) -> Table {
        let columns = 1 + rng.below(6);
        let header: Vec<&str> = (0..columns)
            .map(|_| WORDS[rng.below(WORDS.len())])
            .collect();
        let mut t = new_table(&header, Style { color: false });
        for _ in 0..rng.below(6) {
            let n = rng.below(columns + 2);
            t.add_row(
                (0..n)
                    .map(|_| Cell::new(WORDS[rng.below(WORDS.len())]))
                    .collect::<Vec<_>>(),
            );
        }
        t
    }

    #[test]
    fn the_direct_layout_is_comfy_tables_layout() {
        let mut rng = Rng(0x5EED);
        let mut direct = 0;
        for _ in 0..3000 {
            let t = table(&mut rng);
            if let Some(s) = plain_layout(&t) {
                assert_eq!(s, aligned_to_text(&t), "{t:?}");
                direct += 1;
            }
        }
        assert!(direct > 300, "only {direct} tables laid out directly");
    }

    #[test]
    fn a_streamed_table_is_comfy_tables_layout() {
        let mut rng = Rng(0xFEED);
        for _ in 0..2000 {
            let columns = 1 + rng.below(5);
            let header: Vec<&str> = (0..columns)
                .map(|_| WORDS[rng.below(WORDS.len())])
                .collect();
            let rows: Vec<Vec<&str>> = (0..rng.below(6))
                .map(|_| {
                    (0..columns)
                        .map(|_| WORDS[rng.below(WORDS.len())])
                        .collect()
                })
                .collect();
            let mut t = new_table(&header, Style { color: false });
            for r in &rows {
                t.add_row(r.iter().map(cell).collect::<Vec<_>>());
            }
            let s = streamed(&header, rows.len(), Style { color: false }, |i, cells| {
                for (c, w) in cells.iter_mut().zip(&rows[i]) {
                    c.push_str(w);
                }
                None
            });
            assert_eq!(s, aligned_to_text(&t), "{rows:?}");
        }
    }

    #[test]
    fn coloured_and_multi_line_tables_are_left_to_comfy_table() {
        let mut t = new_table(&["a"], Style { color: true });
        t.enforce_styling();
        assert!(plain_layout(&t).is_none());
        let mut t = new_table(&["a"], Style { color: false });
        t.add_row(vec!["two\nlines"]);
        assert!(plain_layout(&t).is_none());
        assert!(to_text(&t).contains("two"));
    }
}
