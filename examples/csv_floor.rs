//! The floor for `bench/run.sh`: the least any tool must do to evaluate a wide CSV — read
//! it with the csv crate (same settings as merit's loader) and parse every numeric cell into
//! an exact decimal (a trailing `%` is stripped first, as merit reads `0.4%` as 0.4 percent
//! points). merit's end-to-end time is reported as a ratio against this program.
//!
//! Usage: `cargo run --release --example csv_floor -- FILE.csv`

use std::str::FromStr;

use rust_decimal::Decimal;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: csv_floor FILE.csv")?;
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_path(&path)?;
    let headers = reader.byte_headers()?.clone();
    // Text columns are the ones merit reads as text too; every other cell is a number.
    let text_columns = ["employee", "period", "role", "team", "site", "name"];
    let numeric: Vec<bool> =
        headers.iter().map(|h| !text_columns.contains(&&*String::from_utf8_lossy(h))).collect();
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut cells, mut sum) = (0u64, 0u64, Decimal::ZERO);
    while reader.read_byte_record(&mut record)? {
        rows += 1;
        for (field, is_number) in record.iter().zip(&numeric) {
            if *is_number && !field.is_empty() {
                let text = std::str::from_utf8(field)?;
                let text = text.strip_suffix('%').unwrap_or(text);
                sum += Decimal::from_str(text)?;
                cells += 1;
            }
        }
    }
    println!("{rows} rows, {cells} numeric cells, checksum {sum}");
    Ok(())
}
