//! Terminal tables (comfy-table), coloured only when allowed.

use super::Style;
use crate::engine::Band;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, LineStyle, Table, TableStyle};

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
pub fn to_text(t: &Table) -> String {
    let mut s = t.to_string();
    // comfy-table pads every line to the table width; trailing blanks only add noise.
    s = s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    s.push('\n');
    s
}
