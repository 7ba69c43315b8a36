//! The one CSV writer every command uses: RFC 4180, UTF-8, a header row,
//! and every cell that a spreadsheet could run as a formula neutralised
//! ([`crate::escape::neutralise`]).

pub use crate::escape::{neutralise, unneutralise};

/// A CSV document being built.
pub struct CsvOut {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvOut {
    pub fn new(header: &[&str]) -> Self {
        Self::with_dialect(header, crate::model::register::Dialect::default())
    }

    /// A document in `dialect`: its separator, byte-order mark and line ends.
    pub fn with_dialect(header: &[&str], dialect: crate::model::register::Dialect) -> Self {
        let bom: &[u8] = if dialect.bom { b"\xEF\xBB\xBF" } else { b"" };
        let mut writer = csv::WriterBuilder::new()
            .delimiter(dialect.separator)
            .terminator(if dialect.crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(bom.to_vec());
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(header.iter().map(|h| neutralise(h).into_owned()));
        Self { writer }
    }

    /// Add one row; every cell is neutralised.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for c in cells {
            let _ = self.writer.write_field(neutralise(c.as_ref()).as_bytes());
        }
        let _ = self.writer.write_record(None::<&[u8]>);
    }

    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner().unwrap_or_default()
    }

    fn headless() -> Self {
        Self {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new()),
        }
    }
}

/// A CSV document of `rows` rows, row `i` written by `row(i, out)`, in
/// parallel over chunks of rows, joined in order: the same bytes as
/// writing them one by one.
pub fn parallel(header: &[&str], rows: usize, row: impl Fn(usize, &mut CsvOut) + Sync) -> Vec<u8> {
    let parts = super::in_chunks(rows, |range| {
        let mut out = CsvOut::headless();
        for i in range {
            row(i, &mut out);
        }
        out.finish()
    });
    joined(header, parts)
}

/// [`parallel`] for rows of `columns` cells, row `i` written by
/// `fill(i, cells)` into cleared strings that each chunk reuses.
pub fn parallel_cells(
    header: &[&str],
    rows: usize,
    columns: usize,
    fill: impl Fn(usize, &mut [String]) + Sync,
) -> Vec<u8> {
    let parts = super::in_chunks(rows, |range| {
        let mut out = CsvOut::headless();
        let mut cells = vec![String::new(); columns];
        for i in range {
            cells.iter_mut().for_each(String::clear);
            fill(i, &mut cells);
            out.row(&cells);
        }
        out.finish()
    });
    joined(header, parts)
}

/// The header row, then the parts in order.
fn joined(header: &[&str], parts: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = CsvOut::new(header).finish();
    out.reserve(parts.iter().map(Vec::len).sum());
    for part in parts {
        out.extend_from_slice(&part);
    }
    out
}

/// Join a list for one cell.
pub fn join<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    items
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_chunks_join_to_the_same_document() {
        let cells = |i: usize| [format!("r{i}"), format!("=x{i}"), "a,\"b\"".to_string()];
        let mut one = CsvOut::new(&["a", "b", "c"]);
        for i in 0..10_000 {
            one.row(cells(i));
        }
        let joined = parallel(&["a", "b", "c"], 10_000, |i, out| out.row(cells(i)));
        assert_eq!(joined, one.finish());
    }
}
