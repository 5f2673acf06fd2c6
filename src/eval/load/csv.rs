//! CSV (and tab-separated) data: UTF-8 with or without a byte-order mark, LF or CRLF line
//! ends, quoted fields. One `StringRecord` is reused for every row; each cell is borrowed
//! from it. A large plain file is read in parallel chunks (`chunks`). Diagnostics point at
//! the cell in the file (for files up to 16 MiB).

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::OnceLock;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

use super::assemble::Assembler;
use super::body::Body;
use super::cell::{RawCell, trimmed};
use super::chunks::MIN_BYTES;
use super::sink::{Row, Sink};
use super::{Handed, LoadOptions, Loaded, OnRecord};

/// Above this size diagnostics name the row and column but carry no span: rendering a span
/// scans the file from its start, too slow for a million-row export with many errors.
const MAX_SPANNED_BYTES: usize = 16 << 20;

/// Read CSV `bytes` (named `name` in messages) for `schemes`; when the file is read in
/// parallel chunks, each record is handed to `on_record` as soon as it is read.
pub(crate) fn read(
    name: &str,
    bytes: &[u8],
    delimiter: u8,
    schemes: &[&crate::ast::Scheme],
    options: &LoadOptions,
    on_record: Option<&OnRecord<'_>>,
) -> Loaded {
    read_telling(name, bytes, delimiter, schemes, options, on_record).0
}

/// [`read`], and whether the rows were read in parallel chunks.
pub(super) fn read_telling(
    name: &str,
    bytes: &[u8],
    delimiter: u8,
    schemes: &[&crate::ast::Scheme],
    options: &LoadOptions,
    on_record: Option<&OnRecord<'_>>,
) -> (Loaded, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => return (Err(vec![not_utf8(name, bytes, err.valid_up_to())]), false),
    };
    if text.trim().is_empty() {
        let message = format!("{name} is empty");
        let help = "export the data with a header row: `employee,period,` then one column per indicator (see docs/data.md)";
        return (Err(vec![Diagnostic::error("data::empty-file", message).with_help(help)]), false);
    }
    let source = Source { name, text, delimiter, file: OnceLock::new() };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut asm = Assembler::new(schemes, Arc::from(name), Sink::new(name, "row", "column"));
    asm.percent_scale = options.percent_scale;
    let mut record = ::csv::StringRecord::new();
    let header = match reader.read_record(&mut record) {
        Ok(_) => record.clone(),
        Err(err) => return (Err(vec![bad_csv(name, &err)]), false),
    };
    let header_row = CsvRow { record: &header, number: 1, source: &source, offset: 0 };
    let Some(plan) = asm.plan(&header_row, options.layout) else {
        return (Err(asm.fail()), false);
    };
    let body = Body::Text { text: text.as_bytes(), start: after_header(text.as_bytes(), &reader) };
    if let Some(prescored) =
        super::chunks::read(&source, body, header.len(), &plan, schemes, &mut asm, on_record)
    {
        return (asm.finish().map(|(data, warnings)| (data, warnings, prescored)), true);
    }
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let number = record.position().map_or(0, |p| p.record() as usize + 1);
                let row = CsvRow { record: &record, number, source: &source, offset: 0 };
                if record.len() != header.len() {
                    let message = format!(
                        "{name} row {number} has {} fields, the header has {}",
                        record.len(),
                        header.len()
                    );
                    let help = "check the row for a missing or extra separator, or a comma in an unquoted field";
                    let diagnostic = Diagnostic::error("data::row-length", message).with_help(help);
                    asm.sink.push(diagnostic, Some(&row), None);
                    continue;
                }
                asm.row(&plan, &row);
            }
            Err(err) => {
                asm.sink.push(bad_csv(name, &err), None, None);
                break;
            }
        }
    }
    (asm.finish().map(|(data, warnings)| (data, warnings, Handed::default())), false)
}

/// Read a large CSV file straight from disk in parallel pieces, never whole (see
/// `chunks`), handing each record to `on_record` as soon as it is read. `None` when the
/// file must be read whole instead: it is small, not plain, or anything in it is to be
/// reported (the whole read then gives every message, with spans into the text).
pub(super) fn read_file(
    path: &Path,
    name: &str,
    delimiter: u8,
    schemes: &[&crate::ast::Scheme],
    options: &LoadOptions,
    on_record: Option<&OnRecord<'_>>,
) -> Option<Loaded> {
    let mut file = File::open(path).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    if len < MIN_BYTES {
        return None;
    }
    // The header: after a byte-order mark, if any, and read through a reader of its own.
    let mut head = [0; 3];
    file.read_exact(&mut head).ok()?;
    let bom = if head == *b"\xEF\xBB\xBF" { 3 } else { 0 };
    file.seek(SeekFrom::Start(bom)).ok()?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(BufReader::new(file));
    let mut header = ::csv::StringRecord::new();
    if !reader.read_record(&mut header).ok()? {
        return None;
    }
    // Nothing to point into: any finding sends the file to the whole read.
    let source = Source { name, text: "", delimiter, file: OnceLock::new() };
    let mut asm = Assembler::new(schemes, Arc::from(name), Sink::new(name, "row", "column"));
    asm.percent_scale = options.percent_scale;
    let header_row = CsvRow { record: &header, number: 1, source: &source, offset: 0 };
    let plan = asm.plan(&header_row, options.layout)?;
    if !asm.sink.is_empty() {
        return None;
    }
    let mut start = usize::try_from(bom).ok()? + usize::try_from(reader.position().byte()).ok()?;
    // After a header ending in CRLF the csv reader stands between `\r` and `\n`.
    let mut around = [0; 2];
    let mut file = reader.into_inner().into_inner();
    file.seek(SeekFrom::Start(u64::try_from(start.checked_sub(1)?).ok()?)).ok()?;
    if file.read_exact(&mut around).is_ok() && around == *b"\r\n" {
        start += 1;
    }
    let body = Body::File { path, start, len: len.checked_sub(start)? };
    let prescored =
        super::chunks::read(&source, body, header.len(), &plan, schemes, &mut asm, on_record)?;
    Some(asm.finish().map(|(data, warnings)| (data, warnings, prescored)))
}

/// Where the rows after the header start in `text`: after a header ending in CRLF the csv
/// reader stands between `\r` and `\n`.
fn after_header(text: &[u8], reader: &::csv::Reader<&[u8]>) -> usize {
    let body = usize::try_from(reader.position().byte()).unwrap_or(text.len());
    match (body.checked_sub(1).and_then(|i| text.get(i)), text.get(body)) {
        (Some(b'\r'), Some(b'\n')) => body + 1,
        _ => body,
    }
}

/// The CSV text being read.
pub(super) struct Source<'a> {
    pub name: &'a str,
    /// The whole text; empty when the file is read from disk in pieces (`read_file`).
    pub text: &'a str,
    pub delimiter: u8,
    file: OnceLock<Option<SourceFile>>,
}

/// One row, as the assembler sees it.
pub(super) struct CsvRow<'a> {
    pub record: &'a ::csv::StringRecord,
    /// 1-based row number (the header is row 1).
    pub number: usize,
    pub source: &'a Source<'a>,
    /// Where the text the record was read from starts in `source.text`.
    pub offset: usize,
}

impl Row for CsvRow<'_> {
    fn number(&self) -> usize {
        self.number
    }

    fn len(&self) -> usize {
        self.record.len()
    }

    fn cell(&self, column: usize) -> RawCell<'_> {
        match self.record.get(column).map(trimmed) {
            None | Some("") => RawCell::Empty,
            Some(text) => RawCell::Text(Cow::Borrowed(text)),
        }
    }

    fn locate(&self, column: Option<usize>) -> Option<(SourceFile, Span)> {
        let source = self.source;
        if source.text.is_empty() {
            return None;
        }
        let file = source
            .file
            .get_or_init(|| {
                (source.text.len() <= MAX_SPANNED_BYTES)
                    .then(|| SourceFile::new(source.name, source.text))
            })
            .clone()?;
        let start = self.offset + self.record.position()?.byte() as usize;
        let fields = field_spans(source.text, start, source.delimiter);
        let span = match column {
            Some(column) => *fields.get(column)?,
            None => Span::new(start, fields.last().map_or(start, |f| f.end)),
        };
        Some((file, span))
    }
}

/// Byte spans of the fields of the record starting at `start`, quotes included.
fn field_spans(text: &str, start: usize, delimiter: u8) -> Vec<Span> {
    let bytes = text.as_bytes();
    let (mut spans, mut field_start, mut in_quotes, mut i) = (Vec::new(), start, false, start);
    while let Some(&byte) = bytes.get(i) {
        if in_quotes {
            if byte == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else if byte == b'"' {
            in_quotes = true;
        } else if byte == delimiter {
            spans.push(Span::new(field_start, i));
            field_start = i + 1;
        } else if byte == b'\n' || byte == b'\r' {
            break;
        }
        i += 1;
    }
    spans.push(Span::new(field_start, i));
    spans
}

fn not_utf8(name: &str, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let line = bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count() + 1;
    Diagnostic::error("data::not-utf8", format!("{name} line {line} is not UTF-8 text"))
        .with_help("save the file as UTF-8 (in Excel: \"CSV UTF-8\"); exports in GBK or Latin-1 must be converted first")
}

fn bad_csv(name: &str, err: &::csv::Error) -> Diagnostic {
    let place = err.position().map_or(String::new(), |p| format!(" line {}", p.line()));
    Diagnostic::error("data::bad-csv", format!("{name}{place} cannot be read as CSV: {err}"))
        .with_help("export the data again as comma-separated values with a header row")
}
