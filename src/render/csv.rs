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

    /// Rows only, in `dialect`, to be joined after a header.
    fn headless(dialect: crate::model::register::Dialect) -> Self {
        Self {
            writer: csv::WriterBuilder::new()
                .delimiter(dialect.separator)
                .terminator(if dialect.crlf {
                    csv::Terminator::CRLF
                } else {
                    csv::Terminator::Any(b'\n')
                })
                .from_writer(Vec::new()),
        }
    }
}

/// A CSV document of `rows` rows, row `i` written by `row(i, out)`, in
/// parallel over chunks of rows, joined in order: the same bytes as
/// writing them one by one.
pub fn parallel(header: &[&str], rows: usize, row: impl Fn(usize, &mut CsvOut) + Sync) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = parallel_to(&mut out, header, rows, row);
    out
}

/// [`parallel`], written to `w` a batch of chunks at a time, so that only
/// one batch of the document is ever held in memory.
pub fn parallel_to(
    w: &mut dyn std::io::Write,
    header: &[&str],
    rows: usize,
    row: impl Fn(usize, &mut CsvOut) + Sync,
) -> std::io::Result<()> {
    parallel_in(
        w,
        header,
        crate::model::register::Dialect::default(),
        rows,
        row,
    )
}

/// [`parallel_to`] in `dialect` (separator, byte-order mark, line ends).
pub fn parallel_in(
    w: &mut dyn std::io::Write,
    header: &[&str],
    dialect: crate::model::register::Dialect,
    rows: usize,
    row: impl Fn(usize, &mut CsvOut) + Sync,
) -> std::io::Result<()> {
    chunked(w, header, dialect, rows, |range, out| {
        for i in range {
            row(i, out);
        }
    })
}

/// [`parallel_to`] for rows of `columns` cells, row `i` written by
/// `fill(i, cells)` into cleared strings that each chunk reuses.
pub fn parallel_cells_to(
    w: &mut dyn std::io::Write,
    header: &[&str],
    rows: usize,
    columns: usize,
    fill: impl Fn(usize, &mut [String]) + Sync,
) -> std::io::Result<()> {
    let dialect = crate::model::register::Dialect::default();
    chunked(w, header, dialect, rows, |range, out| {
        let mut cells = vec![String::new(); columns];
        for i in range {
            cells.iter_mut().for_each(String::clear);
            fill(i, &mut cells);
            out.row(&cells);
        }
    })
}

/// The header, then the rows `0..rows` in order: batches of chunks, each
/// chunk written by `chunk(range, out)` on some core, each batch joined
/// and written before the next is made (only one batch is ever held).
fn chunked(
    w: &mut dyn std::io::Write,
    header: &[&str],
    dialect: crate::model::register::Dialect,
    rows: usize,
    chunk: impl Fn(std::ops::Range<usize>, &mut CsvOut) + Sync,
) -> std::io::Result<()> {
    const BATCH: usize = 32 * super::CHUNK;
    w.write_all(&CsvOut::with_dialect(header, dialect).finish())?;
    for start in (0..rows).step_by(BATCH) {
        let len = BATCH.min(rows - start);
        let parts = super::in_chunks(len, |range| {
            let mut out = CsvOut::headless(dialect);
            chunk(start + range.start..start + range.end, &mut out);
            out.finish()
        });
        for part in parts {
            w.write_all(&part)?;
        }
    }
    Ok(())
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

    #[test]
    fn a_document_streamed_in_batches_is_the_same_document() {
        let cells = |i: usize| [format!("r{i}"), "-y".to_string()];
        let rows = 3 * 32 * crate::render::CHUNK + 17;
        let mut one = CsvOut::new(&["a", "b"]);
        for i in 0..rows {
            one.row(cells(i));
        }
        let mut streamed = Vec::new();
        parallel_to(&mut streamed, &["a", "b"], rows, |i, out| out.row(cells(i))).expect("written");
        assert_eq!(streamed, one.finish());
    }
}
