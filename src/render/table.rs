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

/// A table with the house look: no outer frame, a header line. Without a
/// width (piped output, `--wide`) a row stays one line, however long; with
/// one (a terminal) the table fits it: long cells wrap inside their column,
/// except the columns named in [`keep_whole`].
pub fn new_table(header: &[&str], style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(HOUSE);
    match style.width {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(u16::try_from(w).unwrap_or(u16::MAX));
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t.set_header(header.iter().map(|h| {
        let c = cell(h);
        if style.color {
            c.add_attribute(Attribute::Bold)
        } else {
            c
        }
    }));
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

/// On a table fitted to a width, keep `columns` (ids, levels, numbers)
/// whole: they never wrap or shorten, the other columns give way.
pub fn keep_whole(t: &mut Table, columns: &[usize], style: Style) {
    if style.width.is_none() {
        return;
    }
    for &i in columns {
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
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
    match fit_layout(t, &[]) {
        Some(Fitted::Table(fitted, _)) => comfy_text(&fitted),
        Some(Fitted::Records) => records(t),
        None => comfy_text(t),
    }
}

/// Render a table whose columns keep the default alignment; on a table
/// with a width that it exceeds, the columns `hide` (in that order) are
/// left out until it fits. Returns the text and the headers of the
/// columns left out.
pub fn fitted_text(t: &Table, hide: &[usize]) -> (String, Vec<String>) {
    match fit_layout(t, hide) {
        Some(Fitted::Table(fitted, hidden)) => (comfy_text(&fitted), hidden),
        Some(Fitted::Records) => (records(t), Vec::new()),
        None => (plain_layout(t).unwrap_or_else(|| comfy_text(t)), Vec::new()),
    }
}

/// How a table too wide for its width is printed.
enum Fitted {
    /// Laid out to the width, with the headers of the columns left out.
    Table(Box<Table>, Vec<String>),
    /// Too narrow for any table with whole ids and words: see [`records`].
    Records,
}

/// `t` as one block per row, `Header: value` on a line each, the blocks
/// separated by a rule of the table's width: for widths where no column
/// layout keeps ids and words whole. Every line is prose that the width
/// rule ([`super::fit`]) wraps at word boundaries.
fn records(t: &Table) -> String {
    let headers: Vec<String> = t
        .header()
        .map(|h| h.cell_iter().map(Cell::content).collect())
        .unwrap_or_default();
    let rule = "─".repeat(t.width().map_or(20, usize::from));
    let mut out = String::new();
    for row in t.row_iter() {
        out.push_str(&rule);
        out.push('\n');
        for (i, cell) in row.cell_iter().enumerate() {
            let content = cell.content();
            if content.trim().is_empty() {
                continue;
            }
            let header = headers.get(i).map_or("", String::as_str);
            let mut lines = content.lines();
            out.push_str(&format!("{header}: {}\n", lines.next().unwrap_or_default()));
            for more in lines {
                out.push_str(&format!("  {more}\n"));
            }
        }
    }
    out.push_str(&rule);
    out.push('\n');
    out
}

/// The table as comfy-table lays it out, trailing blanks trimmed.
fn comfy_text(t: &Table) -> String {
    // comfy-table pads every line to the table width; trailing blanks only add noise.
    let mut s = t
        .to_string()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    s.push('\n');
    s
}

/// `fitted_text` with a note naming the columns left out, if any.
pub fn fitted_with_note(t: &Table, hide: &[usize]) -> String {
    let (mut s, hidden) = fitted_text(t, hide);
    if !hidden.is_empty() {
        s.push_str(&format!(
            "(Left out to fit the terminal: {}; --wide shows every column.)\n",
            hidden.join(", ")
        ));
    }
    s
}

/// Narrowest a column that gives way is made, unless its content is narrower.
const MIN_FLEX: usize = 8;
/// Words up to this wide are not broken when a column gives way.
const MIN_WORD: usize = 12;

/// A copy of `t` laid out to fit its width, and the headers of the
/// columns left out, when `t` has a width it exceeds. Columns kept whole
/// (see [`keep_whole`]) are as wide as their widest cell (their header may
/// wrap between words); the others share what is left, the widest narrowed
/// first, none below [`MIN_FLEX`]. If that is not enough, the padding
/// shrinks to one blank between columns, then the columns `hide` are left
/// out in order. If even that is not enough, the table is to be printed
/// as [`records`].
fn fit_layout(t: &Table, hide: &[usize]) -> Option<Fitted> {
    if !matches!(t.content_arrangement(), ContentArrangement::Dynamic) {
        return None;
    }
    let width = usize::from(t.width()?);
    let mut f = t.clone();
    let mut hidden = Vec::new();
    let headers: Vec<String> = t
        .header()
        .map(|h| h.cell_iter().map(Cell::content).collect())
        .unwrap_or_default();
    let mut tried_narrow = false;
    let hide_order = hide;
    let mut hide = hide.iter();
    loop {
        match widths_within(&f, width) {
            Ok(None) if hidden.is_empty() && !tried_narrow => return None,
            Ok(None) => return Some(Fitted::Table(Box::new(f), hidden)),
            Ok(Some(widths)) => {
                fix_widths(&mut f, &widths);
                return Some(Fitted::Table(Box::new(f), hidden));
            }
            Err(_) => {
                if !tried_narrow {
                    tried_narrow = true;
                    narrow_padding(&mut f);
                } else if let Some(&i) = hide.next() {
                    hidden.push(headers.get(i).cloned().unwrap_or_default());
                    let gone: Vec<usize> = hide_order.iter().take(hidden.len()).copied().collect();
                    f = without_columns(t, &gone);
                    narrow_padding(&mut f);
                } else {
                    // Nothing more to leave out: the table cannot fit
                    // with its ids and words whole.
                    return Some(Fitted::Records);
                }
            }
        }
    }
}

/// One blank after each cell instead of one on either side.
fn narrow_padding(t: &mut Table) {
    for c in t.column_iter_mut() {
        if c.padding_width() > 1 {
            c.set_padding((0, 1));
        }
    }
}

/// Give each column of `t` exactly its content width from `widths`.
fn fix_widths(t: &mut Table, widths: &[usize]) {
    for (c, &w) in t.column_iter_mut().zip(widths) {
        let w = u16::try_from(w + usize::from(c.padding_width())).unwrap_or(u16::MAX);
        c.set_constraint(comfy_table::ColumnConstraint::Absolute(
            comfy_table::Width::Fixed(w),
        ));
    }
}

/// A copy of `t` (header, rows, which columns stay whole) without the
/// columns `gone`; for tables whose columns keep the default alignment.
fn without_columns(t: &Table, gone: &[usize]) -> Table {
    let keep = |i: &usize| !gone.contains(i);
    let row_without = |r: &comfy_table::Row| {
        r.cell_iter()
            .enumerate()
            .filter(|(i, _)| keep(i))
            .map(|(_, c)| c.clone())
            .collect::<Vec<Cell>>()
    };
    let mut f = Table::new();
    f.load_style(t.style())
        .set_content_arrangement(t.content_arrangement());
    if let Some(w) = t.width() {
        f.set_width(w);
    }
    if t.should_style() {
        f.enforce_styling();
    } else {
        f.force_no_tty();
    }
    if let Some(h) = t.header() {
        f.set_header(row_without(h));
    }
    for r in t.row_iter() {
        f.add_row(row_without(r));
    }
    let kept: Vec<&comfy_table::Column> = t
        .column_iter()
        .enumerate()
        .filter(|(i, _)| keep(i))
        .map(|(_, c)| c)
        .collect();
    for (to, from) in f.column_iter_mut().zip(kept) {
        if let Some(c) = from.constraint() {
            to.set_constraint(*c);
        }
    }
    f
}

/// The content widths of `t`'s columns within `width`: `Ok(None)` if it
/// fits as it is, `Ok(widths)` if narrowing the columns that give way
/// makes it fit, `Err` if not.
fn widths_within(t: &Table, width: usize) -> Result<Option<Vec<usize>>, ()> {
    let columns: Vec<&comfy_table::Column> = t.column_iter().collect();
    let n = columns.len();
    let shown: Vec<bool> = columns.iter().map(|c| !c.is_hidden()).collect();
    let widest = |s: &str| s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
    let longest_word = |s: &str| {
        s.split_whitespace()
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    let mut natural = vec![1usize; n];
    let mut body = vec![1usize; n];
    let mut header_word = vec![1usize; n];
    let mut body_word = vec![1usize; n];
    if let Some(h) = t.header() {
        for (i, c) in h.cell_iter().enumerate().take(n) {
            natural[i] = natural[i].max(widest(&c.content()));
            header_word[i] = longest_word(&c.content()).max(1);
        }
    }
    for row in t.row_iter() {
        for (i, c) in row.cell_iter().enumerate().take(n) {
            let content = c.content();
            let w = widest(&content);
            natural[i] = natural[i].max(w);
            body[i] = body[i].max(w);
            body_word[i] = body_word[i].max(longest_word(&content));
        }
    }
    // A column that gives way keeps its words whole down to MIN_WORD.
    let least: Vec<usize> = (0..n)
        .map(|i| {
            MIN_FLEX
                .max(header_word[i])
                .max(body_word[i].min(MIN_WORD))
                .min(natural[i])
        })
        .collect();
    let visible = shown.iter().filter(|&&s| s).count();
    let overhead: usize = columns
        .iter()
        .filter(|c| !c.is_hidden())
        .map(|c| usize::from(c.padding_width()))
        .sum::<usize>()
        + visible.saturating_sub(1);
    let budget = width.saturating_sub(overhead);
    let total = |w: &[usize]| (0..n).filter(|&i| shown[i]).map(|i| w[i]).sum::<usize>();
    if total(&natural) <= budget {
        return Ok(None);
    }
    let whole: Vec<bool> = columns
        .iter()
        .map(|c| {
            matches!(
                c.constraint(),
                Some(comfy_table::ColumnConstraint::ContentWidth)
            )
        })
        .collect();
    // Headers wrap between words before any cell gives way.
    let mut widths: Vec<usize> = (0..n).map(|i| body[i].max(header_word[i])).collect();
    // Narrow the widest column that gives way, one column at a time.
    while total(&widths) > budget {
        let Some(i) = (0..n)
            .filter(|&i| shown[i] && !whole[i] && widths[i] > least[i])
            .max_by_key(|&i| (widths[i], std::cmp::Reverse(i)))
        else {
            return Err(());
        };
        widths[i] -= 1;
    }
    Ok(Some(widths))
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
    streamed_fitted(header, (&[], &[]), rows, style, fill)
}

/// [`streamed`]; on a table fitted to a width, `(whole, hide)` are the
/// columns kept whole and those left out first (see [`fitted_text`]).
pub fn streamed_fitted(
    header: &[&str],
    (whole, hide): (&[usize], &[usize]),
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
    if !style.color && style.width.is_none() {
        if let Some(out) = streamed_plain(header, rows, &row) {
            return out;
        }
    }
    let mut cells = vec![String::new(); columns];
    let mut t = new_table(header, style);
    keep_whole(&mut t, whole, style);
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
    match plain_layout(&t) {
        Some(s) => s,
        None => fitted_with_note(&t, hide),
    }
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
        let mut t = new_table(&header, Style::PLAIN);
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
                assert_eq!(s, comfy_text(&t), "{t:?}");
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
            let mut t = new_table(&header, Style::PLAIN);
            for r in &rows {
                t.add_row(r.iter().map(cell).collect::<Vec<_>>());
            }
            let s = streamed(&header, rows.len(), Style::PLAIN, |i, cells| {
                for (c, w) in cells.iter_mut().zip(&rows[i]) {
                    c.push_str(w);
                }
                None
            });
            assert_eq!(s, comfy_text(&t), "{rows:?}");
        }
    }

    #[test]
    fn coloured_and_multi_line_tables_are_left_to_comfy_table() {
        let mut t = new_table(
            &["a"],
            Style {
                color: true,
                width: None,
            },
        );
        t.enforce_styling();
        assert!(plain_layout(&t).is_none());
        let mut t = new_table(&["a"], Style::PLAIN);
        t.add_row(vec!["two\nlines"]);
        assert!(plain_layout(&t).is_none());
        assert!(to_text(&t).contains("two"));
    }
}
