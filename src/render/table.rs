//! Terminal tables (comfy-table), coloured only when allowed.

use super::Style;
use crate::engine::Band;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, LineStyle, Table, TableStyle};
use unicode_width::UnicodeWidthStr;

/// A rule under the header and around the table, nothing between rows.
const HOUSE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

/// A table with the house look: no outer frame, a header line, fit to width.
pub fn new_table(header: &[&str], style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(HOUSE)
        .set_content_arrangement(if style.color {
            ContentArrangement::Dynamic
        } else {
            ContentArrangement::Disabled
        })
        .set_header(header.iter().map(|h| {
            let c = Cell::new(h);
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

/// A cell coloured with `color` when colour is allowed.
pub fn colored(text: impl Into<String>, color: Color, style: Style) -> Cell {
    let cell = Cell::new(text.into());
    if style.color { cell.fg(color) } else { cell }
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
    let mut widths = vec![0usize; columns];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            if cell.contains(['\n', '\r', '\t', '\u{1b}']) {
                return None;
            }
            *w = (*w).max(UnicodeWidthStr::width(cell.as_str()).max(1));
        }
    }
    if widths.iter().any(|&w| w > PLAIN_MAX_WIDTH) {
        return None;
    }
    let rule: String = widths
        .iter()
        .map(|w| "─".repeat(w + 2))
        .collect::<Vec<_>>()
        .join("─");
    let mut out =
        String::with_capacity((rows.len() + 3) * (widths.iter().sum::<usize>() + 3 * columns));
    let mut line = String::new();
    let mut push_row = |out: &mut String, row: &[String]| {
        line.clear();
        for (i, w) in widths.iter().enumerate() {
            let cell = row.get(i).map_or("", String::as_str);
            if i > 0 {
                line.push(' ');
            }
            line.push(' ');
            line.push_str(cell);
            let pad = w - UnicodeWidthStr::width(cell) + 1;
            line.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    out.push_str(&rule);
    out.push('\n');
    let mut body = rows.iter();
    if t.header().is_some() {
        if let Some(h) = body.next() {
            push_row(&mut out, h);
        }
        out.push_str(&rule);
        out.push('\n');
    }
    for row in body {
        push_row(&mut out, row);
    }
    out.push_str(&rule);
    out.push('\n');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*, for reproducible generated tables.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
        }
    }

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
    fn coloured_and_multi_line_tables_are_left_to_comfy_table() {
        let t = new_table(&["a"], Style { color: true });
        assert!(plain_layout(&t).is_none());
        let mut t = new_table(&["a"], Style { color: false });
        t.add_row(vec!["two\nlines"]);
        assert!(plain_layout(&t).is_none());
        assert!(to_text(&t).contains("two"));
    }
}
