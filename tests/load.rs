//! Loading metric data: every bad input gets a clear diagnostic (docs/data.md), every good
//! one the same dataset whatever its format or layout.

use std::collections::BTreeMap;

use merit::Diagnostic;
use merit::ast::Scheme;
use merit::eval::dataset::Dataset;
use merit::eval::load::{Layout, LoadOptions, PercentScale, load, load_bytes};
use rust_decimal::Decimal;

const TINY: &str = r#"
scheme "Tiny"
cycle monthly from 2011-06-01
currency CNY
rater boss manager "Boss" weight 100%
scale five "Five" {
  1 "Low"
  2 "Fair"
  3 "Good"
  4 "Very good"
  5 "High"
}
indicator conversion "Conversion" weight 40% {
  unit percent
  higher is better
  score threshold 20% target 45%
}
indicator response_time "Response time" weight 20% {
  unit duration
  lower is better
  score threshold 60s target 20s
}
indicator amount "Order amount" weight 20% {
  unit currency CNY
  higher is better
  score ratio target 1000 CNY
}
indicator quality "Quality" weight 20% {
  rated on five by boss
}
"#;

const HEADER: &str = "employee,period,conversion,response_time,amount,quality@boss\n";

fn scheme(text: &str) -> Scheme {
    merit::syntax::parse_bytes("tiny.merit", text.as_bytes()).expect("test scheme parses").1.scheme
}

fn tiny() -> Scheme {
    scheme(TINY)
}

fn founding() -> Scheme {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/online-shop-cs.merit");
    let bytes = std::fs::read(path).expect("founding scheme");
    merit::syntax::parse_bytes(path, &bytes).expect("founding scheme parses").1.scheme
}

fn read(
    name: &str,
    text: &str,
    scheme: &Scheme,
) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_bytes(name, text.as_bytes(), &[scheme], &LoadOptions::default())
}

fn errors(name: &str, text: &str) -> Vec<Diagnostic> {
    match read(name, text, &tiny()) {
        Ok((data, _)) => panic!("accepted: {data:?}"),
        Err(diagnostics) => diagnostics,
    }
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

/// (employee, period) → every value and rating, for comparing datasets across formats.
type Values = BTreeMap<(String, String), BTreeMap<String, Decimal>>;

fn values(data: &Dataset) -> Values {
    let mut out = Values::new();
    for record in &data.records {
        let mut cells: BTreeMap<String, Decimal> =
            record.values.iter().map(|(k, c)| (k.to_string(), c.value.normalize())).collect();
        for ((indicator, rater), cell) in &record.ratings {
            cells.insert(format!("{indicator}@{rater}"), cell.value.normalize());
        }
        out.insert((record.employee.clone(), record.period.to_string()), cells);
    }
    out
}

#[test]
fn reads_each_unit_into_its_base_unit() {
    let text = format!("{HEADER}E01,2011-06,35.5%,1.5m,\"¥1,234.50\",4\n");
    let (data, warnings) = read("data.csv", &text, &tiny()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let record = &data.records[0];
    assert_eq!(
        (record.employee.as_str(), &*record.period, record.origin.row),
        ("E01", "2011-06", 2)
    );
    assert_eq!(record.values.get("conversion").unwrap().value, d("35.5"));
    // 1.5 minutes = 90 seconds.
    assert_eq!(record.values.get("response_time").unwrap().value, d("90"));
    assert_eq!(record.values.get("amount").unwrap().value, d("1234.50"));
    assert_eq!(record.ratings[&("quality".into(), "boss".into())].value, d("4"));
}

#[test]
fn non_numeric_cell_names_file_row_column_employee_and_indicator() {
    let text = format!("{HEADER}E01,2011-06,35,30,100,4\nE02,2011-06,abc,30,100,4\n");
    let found = errors("data.csv", &text);
    assert_eq!(codes(&found), ["data::not-a-number"]);
    assert_eq!(
        found[0].message,
        "data.csv row 3, column `conversion` (employee E02, indicator conversion): `abc` is not a number"
    );
    assert!(found[0].help.as_deref().unwrap_or("").contains("`35%`"), "{:?}", found[0].help);
    // The span points at the cell in the file.
    let (file, span) = (found[0].file.as_ref().unwrap(), found[0].span.unwrap());
    assert_eq!(&file.text[span.start..span.end], "abc");
    assert_eq!(found[0].line_col(), Some((3, 13)));
}

#[test]
fn out_of_domain_and_ambiguous_cells_are_errors_and_all_are_reported() {
    let text = format!(
        "{HEADER}E01,2011-06,135%,30,100,4\nE02,2011-06,0.35,-5s,100,4\nE03,2011-06,1:30,30,100,4\n"
    );
    let found = errors("data.csv", &text);
    assert_eq!(
        codes(&found),
        [
            "data::out-of-domain",
            "data::ambiguous-percent",
            "data::out-of-domain",
            "data::not-a-number"
        ]
    );
    assert!(found[0].message.ends_with("`135%` is outside 0..100%"), "{}", found[0].message);
    assert!(
        found[1].message.ends_with("`0.35` is ambiguous: it could mean 0.35% or 35%"),
        "{}",
        found[1].message
    );
    assert!(
        found[2].message.contains("(employee E02, indicator response_time): `-5s` is negative"),
        "{}",
        found[2].message
    );
}

#[test]
fn errors_are_capped_at_fifty_with_a_count_of_the_rest() {
    let mut text = HEADER.to_string();
    for n in 0..60 {
        text.push_str(&format!("E{n:02},2011-06,bad,30,100,4\n"));
    }
    let found = errors("data.csv", &text);
    assert_eq!(found.len(), 51);
    assert_eq!(found[50].code, "data::more-errors");
    assert_eq!(found[50].message, "and 10 more errors in data.csv");
}

#[test]
fn a_duplicated_employee_period_row_names_both_rows() {
    let text = format!(
        "{HEADER}E01,2011-06,35,30,100,4\nE02,2011-06,35,30,100,4\nE01,2011-06,40,30,100,4\n"
    );
    let found = errors("data.csv", &text);
    assert_eq!(codes(&found), ["data::duplicate-row"]);
    assert_eq!(found[0].message, "data.csv rows 2 and 4 both hold employee E01 in period 2011-06");
}

#[test]
fn an_unknown_column_warns_with_near_matches() {
    let text = "employee,period,conversoin,conversion,response_time,amount,quality@boss,remarks\nE01,2011-06,35,35,30,100,4,ok\n";
    let (data, warnings) = read("data.csv", text, &tiny()).unwrap();
    assert_eq!(codes(&warnings), ["data::unknown-column", "data::unknown-column"]);
    assert!(
        warnings[0].message.contains("the column `conversoin` matches no indicator"),
        "{}",
        warnings[0].message
    );
    assert_eq!(warnings[0].help.as_deref(), Some("did you mean `conversion`?"));
    // Kept as text attributes.
    assert_eq!(&**data.records[0].attributes.get("remarks").unwrap(), "ok");
}

#[test]
fn a_missing_indicator_column_is_an_error_unless_the_policy_tolerates_it() {
    let text =
        "employee,period,conversoin,response_time,amount,quality@boss\nE01,2011-06,35,30,100,4\n";
    let found = errors("data.csv", text);
    assert_eq!(codes(&found), ["data::unknown-column", "data::missing-column"]);
    assert_eq!(
        found[1].message,
        "data.csv has no `conversion` for indicator conversion of scheme \"Tiny\" (missing error)"
    );
    let tolerant = scheme(&TINY.replacen("currency CNY", "currency CNY\nmissing zero", 1));
    let (data, warnings) = read("data.csv", text, &tolerant).unwrap();
    assert_eq!(codes(&warnings), ["data::unknown-column", "data::missing-column"]);
    assert!(
        warnings[1].message.ends_with("every employee's conversion scores 0 points (missing zero)")
    );
    assert!(!data.records[0].values.contains_key("conversion"));
}

#[test]
fn an_empty_cell_is_a_missing_value() {
    let text = format!("{HEADER}E01,2011-06,,30,100,\n");
    let (data, _) = read("data.csv", &text, &tiny()).unwrap();
    assert!(!data.records[0].values.contains_key("conversion"));
    assert!(data.records[0].ratings.is_empty());
}

#[test]
fn empty_files_and_headers_without_rows() {
    assert_eq!(codes(&errors("data.csv", "")), ["data::empty-file"]);
    assert_eq!(codes(&errors("data.csv", "\n \r\n")), ["data::empty-file"]);
    assert_eq!(codes(&errors("data.csv", HEADER)), ["data::no-rows"]);
    assert_eq!(codes(&errors("data.json", "[]")), ["data::empty-file"]);
    assert_eq!(codes(&errors("data.json", "")), ["data::empty-file"]);
}

#[test]
fn bom_crlf_and_quoted_fields_with_commas() {
    let text = "\u{feff}employee,name,period,conversion,response_time,amount,quality@boss\r\n\
        E01,\"Chen, Jing\",2011-06,35%,30,\"1,234.50\",4\r\n";
    let (data, warnings) = read("data.csv", text, &tiny()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let record = &data.records[0];
    assert_eq!(record.employee, "E01");
    assert_eq!(&**record.attributes.get("name").unwrap(), "Chen, Jing");
    assert_eq!(record.values.get("amount").unwrap().value, d("1234.50"));
    assert_eq!(record.ratings[&("quality".into(), "boss".into())].value, d("4"));
}

#[test]
fn a_row_with_too_many_or_too_few_fields() {
    let text = format!("{HEADER}E01,2011-06,35,30,100\nE02,2011-06,35,30,1,234.50,4\n");
    let found = errors("data.csv", &text);
    assert_eq!(codes(&found), ["data::row-length", "data::row-length"]);
    assert_eq!(found[0].message, "data.csv row 2 has 5 fields, the header has 6");
    assert_eq!(found[1].message, "data.csv row 3 has 7 fields, the header has 6");
}

#[test]
fn missing_key_columns_suggest_near_names() {
    let found = errors("data.csv", "employee_id,period,conversion\nE01,2011-06,35\n");
    assert_eq!(codes(&found), ["data::missing-key-column"]);
    assert_eq!(found[0].message, "data.csv has no `employee` column (wide layout)");
    assert_eq!(found[0].help.as_deref(), Some("rename `employee_id` to `employee`"));
}

#[test]
fn a_role_without_a_scheme_is_an_error() {
    let with_role =
        scheme(&TINY.replacen("currency CNY", "currency CNY\nscope \"Shop\" role cs_agent", 1));
    let text = "employee,period,role,conversion,response_time,amount,quality@boss\nE01,2011-06,cs_agent,35,30,100,4\nE02,2011-06,guard,35,30,100,4\n";
    let found = read("data.csv", text, &with_role).unwrap_err();
    assert_eq!(codes(&found), ["data::role-without-scheme"]);
    assert_eq!(
        found[0].message,
        "data.csv row 3, column `role`: employee E02 has role `guard`, and no scheme given applies to it"
    );
}

#[test]
fn a_percent_column_of_only_zeros_and_ones_warns() {
    let text = format!("{HEADER}E01,2011-06,1,30,100,4\nE02,2011-06,0,30,100,4\n");
    let (data, warnings) = read("data.csv", &text, &tiny()).unwrap();
    assert_eq!(codes(&warnings), ["data::percent-zero-or-one"]);
    assert_eq!(data.records[0].values.get("conversion").unwrap().value, d("1"));
}

#[test]
fn long_layout_gives_the_same_dataset_as_wide() {
    let wide = format!("{HEADER}E01,2011-06,35%,30,100,4\nE02,2011-06,40,20s,200,5\n");
    let long = "employee,period,indicator,value,rater\n\
        E02,2011-06,conversion,40,\n\
        E01,2011-06,conversion,35%,\n\
        E01,2011-06,response_time,30,\n\
        E01,2011-06,amount,100,\n\
        E01,2011-06,quality,4,boss\n\
        E02,2011-06,response_time,20s,\n\
        E02,2011-06,amount,200,\n\
        E02,2011-06,quality@boss,5,\n";
    let (wide, _) = read("wide.csv", &wide, &tiny()).unwrap();
    let (long, warnings) = read("long.csv", long, &tiny()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(values(&wide), values(&long));
    assert_eq!(long.records[0].employee, "E02", "records keep the order of first appearance");
}

#[test]
fn long_layout_duplicates_and_unknown_indicators() {
    let long = "employee,period,indicator,value\nE01,2011-06,conversion,35\nE01,2011-06,convresion,35\nE01,2011-06,conversion,36\n";
    let found = read("long.csv", long, &tiny()).unwrap_err();
    assert!(
        codes(&found).starts_with(&["data::unknown-column", "data::duplicate-row"]),
        "{:?}",
        codes(&found)
    );
    assert_eq!(found[0].help.as_deref(), Some("did you mean `conversion`?"));
    assert_eq!(
        found[1].message,
        "long.csv rows 2 and 4 both hold conversion of employee E01 in period 2011-06"
    );
}

#[test]
fn the_sample_data_reads_the_same_from_csv_and_json() {
    let founding = founding();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/data/");
    let load_file = |name: &str| {
        let path = std::path::PathBuf::from(format!("{dir}{name}"));
        load(&path, &[&founding], &LoadOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"))
    };
    let (csv, csv_warnings) = load_file("online-shop-cs.csv");
    let (json, json_warnings) = load_file("online-shop-cs.json");
    assert!(
        csv_warnings.is_empty() && json_warnings.is_empty(),
        "{csv_warnings:?} {json_warnings:?}"
    );
    assert_eq!(csv.records.len(), 30, "10 agents × 3 months");
    assert_eq!(values(&csv), values(&json));
    // A long-layout file forced to wide: `indicator`, `value` and `rater` feed no indicator,
    // and each employee-period comes back row after row.
    let forced = LoadOptions { layout: Some(Layout::Wide), ..LoadOptions::default() };
    let path = std::path::PathBuf::from(format!("{dir}online-shop-cs.json"));
    let found = load(&path, &[&founding], &forced).unwrap_err();
    assert_eq!(
        codes(&found)[..4],
        [
            "data::unknown-column",
            "data::unknown-column",
            "data::unknown-column",
            "data::duplicate-row"
        ]
    );
}

#[test]
fn json_records_numbers_strings_and_nulls() {
    let text = r#"[
      {"employee": "E01", "period": "2011-06", "conversion": 35.5, "response_time": "2m", "amount": 1234.5, "quality@boss": 4},
      {"employee": "E02", "period": "2011-06", "conversion": null, "response_time": 30, "amount": "¥88", "quality@boss": 3}
    ]"#;
    let (data, _) = read("data.json", text, &tiny()).unwrap();
    assert_eq!(data.records[0].values.get("conversion").unwrap().value, d("35.5"));
    assert_eq!(data.records[0].values.get("response_time").unwrap().value, d("120"));
    assert!(!data.records[1].values.contains_key("conversion"));
    let bad = r#"[{"employee": "E01", "period": "2011-06", "conversion": 0.35, "response_time": 30, "amount": 1, "quality@boss": 4}]"#;
    let found = errors("data.json", bad);
    assert_eq!(
        found[0].message,
        "data.json record 1, key `conversion` (employee E01, indicator conversion): `0.35` is ambiguous: it could mean 0.35% or 35%"
    );
}

#[test]
fn invalid_json_points_at_the_syntax_error() {
    let found = errors("data.json", "[\n  {\"employee\": \"E01\",}\n]");
    assert_eq!(codes(&found), ["data::bad-json"]);
    assert_eq!(found[0].line_col().map(|(line, _)| line), Some(2));
    assert_eq!(codes(&errors("data.json", "{\"employee\": 1}")), ["data::bad-json"]);
}

#[test]
fn an_unknown_extension_is_refused() {
    let found = errors("data.txt", HEADER);
    assert_eq!(codes(&found), ["data::unknown-format"]);
}

#[test]
fn xlsx_first_sheet_or_named_sheet() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Metrics").unwrap();
    for (col, name) in
        ["employee", "period", "conversion", "response_time", "amount", "quality@boss"]
            .iter()
            .enumerate()
    {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    let time = Format::new().set_num_format("[h]:mm:ss");
    let date = Format::new().set_num_format("yyyy-mm");
    sheet.write_string(1, 0, "E01").unwrap();
    // Excel turns a typed 2011-06 into the date 2011-06-01.
    sheet
        .write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2011, 6, 1).unwrap(), &date)
        .unwrap();
    // A formula's float noise is read as Excel shows it.
    sheet.write_number(1, 2, 35.199999999999996).unwrap();
    // 0:01:30 as a duration.
    sheet
        .write_datetime_with_format(1, 3, ExcelDateTime::from_hms(0, 1, 30).unwrap(), &time)
        .unwrap();
    sheet.write_string(1, 4, "1,234.50").unwrap();
    sheet.write_number(1, 5, 4).unwrap();
    sheet.write_string(2, 0, "E02").unwrap();
    sheet.write_string(2, 1, "2011-06").unwrap();
    sheet.write_number(2, 2, 0.35).unwrap();
    sheet.write_number(2, 3, 30).unwrap();
    sheet.write_number(2, 4, 500).unwrap();
    sheet.write_boolean(2, 5, true).unwrap();
    workbook.add_worksheet().set_name("Notes").unwrap();
    workbook.save(&path).unwrap();

    let found = load(&path, &[&tiny()], &LoadOptions::default()).unwrap_err();
    let name = path.display().to_string();
    assert_eq!(codes(&found), ["data::ambiguous-percent", "data::not-a-number"]);
    assert!(
        found[0].message.starts_with(&format!(
            "{name} sheet `Metrics` row 3, column `conversion` (employee E02"
        )),
        "{}",
        found[0].message
    );
    assert!(found[1].message.ends_with("`TRUE` is not a number"), "{}", found[1].message);

    let options = LoadOptions { sheet: Some("Metric".into()), ..LoadOptions::default() };
    let found = load(&path, &[&tiny()], &options).unwrap_err();
    assert_eq!(codes(&found), ["data::unknown-sheet"]);
    assert_eq!(found[0].help.as_deref(), Some("did you mean `Metrics`?"));

    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, name) in
        ["employee", "period", "conversion", "response_time", "amount", "quality@boss"]
            .iter()
            .enumerate()
    {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    sheet.write_string(1, 0, "E01").unwrap();
    sheet
        .write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2011, 6, 15).unwrap(), &date)
        .unwrap();
    sheet.write_number(1, 2, 35.199999999999996).unwrap();
    sheet
        .write_datetime_with_format(1, 3, ExcelDateTime::from_hms(0, 1, 30).unwrap(), &time)
        .unwrap();
    sheet.write_string(1, 4, "1,234.50").unwrap();
    sheet.write_number(1, 5, 4).unwrap();
    workbook.save(&path).unwrap();
    let (data, warnings) = load(&path, &[&tiny()], &LoadOptions::default()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let record = &data.records[0];
    assert_eq!((&*record.period, record.origin.row), ("2011-06", 2));
    assert_eq!(record.values.get("conversion").unwrap().value, d("35.2"));
    assert_eq!(record.values.get("response_time").unwrap().value, d("90"));
    assert_eq!(record.values.get("amount").unwrap().value, d("1234.50"));
    assert_eq!(record.ratings[&("quality".into(), "boss".into())].value, d("4"));
}

/// A generated wide CSV of the founding scheme big enough (over 1 MiB) to be read in
/// parallel chunks.
fn big_founding_csv(scheme: &Scheme) -> String {
    let options =
        merit::generate::GenOptions { employees: 2_000, periods: 6, seed: 7, long: false };
    let mut bytes = Vec::new();
    merit::generate::generate(scheme, &options, &mut bytes).expect("generated");
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.len() > 1 << 20, "big enough for chunks: {}", text.len());
    text
}

#[test]
fn a_big_csv_read_in_chunks_gives_the_records_of_a_row_by_row_read() {
    let scheme = founding();
    let text = big_founding_csv(&scheme);
    let (chunked, warnings) = read("big.csv", &text, &scheme).expect("loads");
    // A quoted field anywhere makes the reader go row by row.
    let quoted = text.replacen("\nE0001,", "\n\"E0001\",", 1);
    assert!(quoted != text, "one employee id is quoted");
    let (by_row, by_row_warnings) = read("big.csv", &quoted, &scheme).expect("loads");
    assert!(chunked == by_row, "the same records");
    assert_eq!(warnings.len(), by_row_warnings.len());
    let last = chunked.records.last().expect("records");
    assert_eq!(last.origin.row, text.lines().count(), "row numbers are line numbers");
    // CRLF line ends read the same.
    let (crlf, _) = read("big.csv", &text.replace('\n', "\r\n"), &scheme).expect("loads");
    assert!(crlf == chunked, "CRLF: the same records");
}

#[test]
fn a_big_csv_with_errors_reports_them_as_a_row_by_row_read_does() {
    let scheme = founding();
    let text = big_founding_csv(&scheme);
    let lines: Vec<&str> = text.lines().collect();
    // The first data row again at the very end (another chunk), and a bad cell in between.
    let mut edited = lines.clone();
    let fields: Vec<&str> = lines[7000].split(',').collect();
    let broken = format!(
        "{},{},{},{},abc,{}",
        fields[0],
        fields[1],
        fields[2],
        fields[3],
        fields[5..].join(",")
    );
    edited[7000] = &broken;
    edited.push(lines[1]);
    let edited = edited.join("\n") + "\n";
    let errors = read("big.csv", &edited, &scheme).expect_err("refused");
    let messages: Vec<String> =
        errors.iter().map(|d| format!("{} {}", d.code, d.message)).collect();
    assert_eq!(codes(&errors), ["data::not-a-number", "data::duplicate-row"], "{messages:#?}");
    assert!(messages[0].contains("row 7001, column `conversion`"), "{messages:#?}");
    assert!(messages[1].contains(&format!("rows 2 and {}", lines.len() + 1)), "{messages:#?}");
}

#[test]
fn a_big_csv_whose_only_problem_is_a_duplicate_in_another_chunk_refuses_it() {
    // Each chunk is clean on its own: only the check across chunks can find this.
    let scheme = founding();
    let text = big_founding_csv(&scheme);
    let lines: Vec<&str> = text.lines().collect();
    let edited = format!("{text}{}\n", lines[1]);
    let errors = read("big.csv", &edited, &scheme).expect_err("refused");
    assert_eq!(codes(&errors), ["data::duplicate-row"]);
    assert!(errors[0].message.contains(&format!("rows 2 and {}", lines.len() + 1)));
}

/// A text met again in a column is not parsed again (`read_seen`): it must give what it
/// gave the first time, errors and percent counts included.
#[test]
fn a_text_met_again_reads_as_the_first_time() {
    // The same bad cell twice: two errors, one per row.
    let text = format!("{HEADER}E01,2011-06,abc,30,100,4\nE02,2011-06,abc,30,100,4\n");
    let found = errors("data.csv", &text);
    assert_eq!(codes(&found), ["data::not-a-number", "data::not-a-number"]);
    assert!(found[1].message.starts_with("data.csv row 3, column `conversion`"), "{found:?}");
    // Only `1` and `0` without `%`, each several times: the warning counts every cell.
    let ones =
        format!("{HEADER}E01,2011-06,1,30,100,4\nE02,2011-06,1,30,100,4\nE03,2011-06,0,30,100,4\n");
    let (data, warnings) = read("data.csv", &ones, &tiny()).unwrap();
    assert_eq!(codes(&warnings), ["data::percent-zero-or-one"]);
    assert_eq!(data.records[1].values.get("conversion").unwrap().value, d("1"));
    // `1` twice, then `1%`: a cell written with `%` ends the warning, after hits.
    let marked = format!(
        "{HEADER}E01,2011-06,1,30,100,4\nE02,2011-06,1,30,100,4\nE03,2011-06,1%,30,100,4\n"
    );
    let (_, warnings) = read("data.csv", &marked, &tiny()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    // The same text in two columns keeps each column's unit: `0.5` is 50% as a fraction,
    // and 0.5 as an amount, row after row.
    let mixed = format!("{HEADER}E01,2011-06,0.5,30,0.5,4\nE02,2011-06,0.5,30,0.5,4\n");
    let options = LoadOptions { percent_scale: PercentScale::Fraction, ..LoadOptions::default() };
    let (data, _) = load_bytes("data.csv", mixed.as_bytes(), &[&tiny()], &options).unwrap();
    for record in &data.records {
        assert_eq!(record.values.get("conversion").unwrap().value.normalize(), d("50"));
        assert_eq!(record.values.get("amount").unwrap().value, d("0.5"));
    }
}
