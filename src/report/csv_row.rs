//! CSV records written straight into a byte buffer, as the csv crate writes them.
//!
//! The csv crate's writer runs every byte of every field through its quoting state machine.
//! The CSV output of a million rows holds about twenty numbers a row, which never need
//! quotes, and that per-byte work was a tenth of the output's time. Here text is quoted
//! by csv_core itself (`Writer::should_quote` and `quote`, with the settings of the
//! writer `merit` used before: `,`, `"` doubled, records ending in `\n`), and numbers
//! are printed in place. The bytes are the csv crate's (property-tested below).

/// Records in a buffer.
pub(crate) struct RowBuf {
    out: Vec<u8>,
    /// Decides which text needs quotes.
    quoting: csv_core::Writer,
    /// Fields written in the current record.
    fields: usize,
    /// Where the current record starts in `out`.
    start: usize,
}

impl RowBuf {
    /// An empty buffer.
    pub(crate) fn new() -> Self {
        RowBuf::reusing(Vec::new())
    }

    /// An empty buffer in the room of `out` (whose bytes are dropped): a stream of many
    /// chunks reuses its buffers rather than having fresh memory mapped for each one.
    pub(crate) fn reusing(mut out: Vec<u8>) -> Self {
        out.clear();
        let quoting =
            csv_core::WriterBuilder::new().terminator(csv_core::Terminator::Any(b'\n')).build();
        RowBuf { out, quoting, fields: 0, start: 0 }
    }

    /// Start the next field.
    fn separate(&mut self) {
        if self.fields > 0 {
            self.out.push(b',');
        }
        self.fields += 1;
    }

    /// A text field, quoted when it holds a comma, a quote or a line end.
    pub(crate) fn text(&mut self, field: &str) {
        self.separate();
        // Nothing to write (the csv crate writes an empty field as nothing too).
        if field.is_empty() {
            return;
        }
        let field = field.as_bytes();
        if !self.quoting.should_quote(field) {
            self.out.extend_from_slice(field);
            return;
        }
        self.out.push(b'"');
        let at = self.out.len();
        // Each byte takes at most two (a quote is doubled).
        self.out.resize(at + 2 * field.len(), 0);
        let room = self.out.get_mut(at..).unwrap_or_default();
        let (_, _, written) = csv_core::quote(field, room, b'"', b'\\', true);
        self.out.truncate(at + written);
        self.out.push(b'"');
    }

    /// A field that `push` prints: only digits, signs and points, which need no quotes.
    pub(crate) fn number(&mut self, push: impl FnOnce(&mut Vec<u8>)) {
        self.separate();
        push(&mut self.out);
    }

    /// `count` fields already written by a `RowBuf` (the bytes of [`into_bytes`] of a
    /// buffer holding them alone, unended): the same fields every row of a period starts
    /// with are quoted once.
    ///
    /// [`into_bytes`]: RowBuf::into_bytes
    pub(crate) fn fields(&mut self, written: &[u8], count: usize) {
        if count == 0 {
            return;
        }
        self.separate();
        self.out.extend_from_slice(written);
        self.fields += count - 1;
    }

    /// End the record. A record of one empty field is written `""`, as the csv crate does,
    /// so that it is not read back as an empty line.
    pub(crate) fn end(&mut self) {
        if self.out.len() == self.start {
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.push(b'\n');
        self.fields = 0;
        self.start = self.out.len();
    }

    /// The records written.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The csv crate's bytes for the same records, with the writer merit used before.
    fn with_csv_crate(records: &[Vec<String>]) -> Vec<u8> {
        let mut writer = ::csv::WriterBuilder::new()
            .flexible(true)
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        for record in records {
            writer.write_record(record).unwrap();
        }
        writer.into_inner().unwrap()
    }

    fn with_row_buf(records: &[Vec<String>]) -> Vec<u8> {
        let mut buf = RowBuf::new();
        for record in records {
            for field in record {
                buf.text(field);
            }
            buf.end();
        }
        buf.into_bytes()
    }

    #[test]
    fn quotes_what_needs_quotes() {
        let records = vec![
            vec!["plain".to_string(), "a,b".into(), "say \"hi\"".into(), "two\nlines".into()],
            vec!["cr\r".into(), String::new(), " spaced ".into(), "#".into()],
            vec![String::new()],
            vec![String::new(), String::new()],
        ];
        let ours = with_row_buf(&records);
        assert_eq!(
            String::from_utf8(ours.clone()).unwrap(),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n\"cr\r\",, spaced ,#\n\"\"\n,\n"
        );
        assert_eq!(ours, with_csv_crate(&records));
    }

    #[test]
    fn numbers_are_printed_in_place() {
        let mut buf = RowBuf::new();
        buf.text("E1");
        buf.number(|out| crate::report::digits::push_integer(out, 12));
        buf.number(|out| out.extend_from_slice(b"-0.5"));
        buf.end();
        assert_eq!(buf.into_bytes(), b"E1,12,-0.5\n");
    }

    #[test]
    fn a_reused_buffer_starts_empty() {
        let mut buf = RowBuf::reusing(b"old,bytes\n".to_vec());
        buf.text("");
        buf.end();
        buf.text("new");
        buf.end();
        assert_eq!(buf.into_bytes(), b"\"\"\nnew\n");
    }

    proptest! {
        #[test]
        fn same_bytes_as_the_csv_crate(
            records in proptest::collection::vec(
                proptest::collection::vec("[a-z ,\"\r\n;#'\\\\é0-9.-]{0,8}", 1..6),
                1..6,
            )
        ) {
            prop_assert_eq!(with_row_buf(&records), with_csv_crate(&records));
        }

        /// The first fields of each record written once and appended as they are: the
        /// same bytes.
        #[test]
        fn fields_written_once_are_the_same_bytes(
            lead in proptest::collection::vec("[a-z ,\"\r\n0-9-]{0,8}", 0..3),
            rest in proptest::collection::vec(
                proptest::collection::vec("[a-z ,\"0-9.]{0,6}", 0..3),
                1..4,
            ),
        ) {
            let records: Vec<Vec<String>> = rest
                .iter()
                .map(|rest| lead.iter().chain(rest).cloned().collect())
                .filter(|record: &Vec<String>| !record.is_empty())
                .collect();
            let mut written = RowBuf::new();
            for field in &lead {
                written.text(field);
            }
            let written = written.into_bytes();
            let mut buf = RowBuf::new();
            for record in &records {
                buf.fields(&written, lead.len());
                for field in &record[lead.len()..] {
                    buf.text(field);
                }
                buf.end();
            }
            prop_assert_eq!(buf.into_bytes(), with_csv_crate(&records));
        }
    }
}
