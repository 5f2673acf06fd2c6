//! The cell rules of `docs/data.md`, one assertion per documented example.

use super::*;

fn read(text: &str, kind: ValueKind) -> Result<Option<Decimal>, CellError> {
    read_value(&RawCell::Text(Cow::Borrowed(text)), &kind)
}

fn ok(text: &str, kind: ValueKind) -> String {
    match read(text, kind) {
        Ok(Some(v)) => v.to_string(),
        Ok(None) => "missing".to_string(),
        Err(e) => panic!("{text}: {}", e.problem),
    }
}

fn code(text: &str, kind: ValueKind) -> &'static str {
    match read(text, kind) {
        Err(e) => e.code,
        Ok(v) => panic!("{text} was accepted as {v:?}"),
    }
}

#[test]
fn percent_is_read_in_percent_points() {
    assert_eq!(ok("35", ValueKind::Percent), "35");
    assert_eq!(ok("35%", ValueKind::Percent), "35");
    assert_eq!(ok(" 35.5 % ", ValueKind::Percent), "35.5");
    assert_eq!(ok("0.35%", ValueKind::Percent), "0.35");
    assert_eq!(ok("0", ValueKind::Percent), "0");
    assert_eq!(ok("1", ValueKind::Percent), "1");
    assert_eq!(ok("100", ValueKind::Percent), "100");
    assert_eq!(ok("", ValueKind::Percent), "missing");
}

fn scaled(text: &str, scale: PercentScale) -> Result<String, &'static str> {
    read_value_with(&RawCell::Text(Cow::Borrowed(text)), &ValueKind::Percent, scale)
        .map(|v| v.map(|v| v.normalize().to_string()).unwrap_or_default())
        .map_err(|e| e.code)
}

#[test]
fn percent_scale_points_reads_small_plain_numbers_as_points() {
    assert_eq!(scaled("0.35", PercentScale::Points), Ok("0.35".to_string()));
    assert_eq!(scaled("35", PercentScale::Points), Ok("35".to_string()));
    assert_eq!(scaled("0.35%", PercentScale::Points), Ok("0.35".to_string()));
    assert_eq!(scaled("101", PercentScale::Points), Err("data::out-of-domain"));
}

#[test]
fn percent_scale_fraction_multiplies_plain_numbers_by_100() {
    // 0.35 × 100 = 35 (percent points); a `%` sign still means points.
    assert_eq!(scaled("0.35", PercentScale::Fraction), Ok("35".to_string()));
    assert_eq!(scaled("1", PercentScale::Fraction), Ok("100".to_string()));
    assert_eq!(scaled("0.5%", PercentScale::Fraction), Ok("0.5".to_string()));
    assert_eq!(scaled("35", PercentScale::Fraction), Err("data::out-of-domain"));
}

#[test]
fn percent_below_one_without_sign_is_ambiguous() {
    assert_eq!(code("0.35", ValueKind::Percent), "data::ambiguous-percent");
    assert_eq!(code("1.0", ValueKind::Percent), "data::ambiguous-percent");
    let err = read("0.35", ValueKind::Percent).expect_err("refused");
    assert_eq!(err.problem, "`0.35` is ambiguous: it could mean 0.35% or 35%");
    assert!(err.help.contains("`35%`"), "{}", err.help);
}

#[test]
fn percent_outside_its_domain_is_rejected() {
    assert_eq!(code("135%", ValueKind::Percent), "data::out-of-domain");
    assert_eq!(code("-2", ValueKind::Percent), "data::out-of-domain");
    assert_eq!(code("abc", ValueKind::Percent), "data::not-a-number");
    assert_eq!(code("35,5", ValueKind::Percent), "data::not-a-number");
    assert_eq!(code("1e3", ValueKind::Percent), "data::not-a-number");
}

#[test]
fn durations_in_seconds() {
    assert_eq!(ok("42", ValueKind::Duration), "42");
    assert_eq!(ok("42s", ValueKind::Duration), "42");
    assert_eq!(ok("2m", ValueKind::Duration), "120");
    assert_eq!(ok("1.5h", ValueKind::Duration), "5400");
    assert_eq!(ok("1d", ValueKind::Duration), "86400");
    // 0:01:30 = 0 × 3600 + 1 × 60 + 30
    assert_eq!(ok("0:01:30", ValueKind::Duration), "90");
    assert_eq!(ok("1:02:03.5", ValueKind::Duration), "3723.5");
    assert_eq!(code("1:30", ValueKind::Duration), "data::ambiguous-duration");
    assert_eq!(code("0:75:00", ValueKind::Duration), "data::not-a-number");
    assert_eq!(code("-5s", ValueKind::Duration), "data::out-of-domain");
    assert_eq!(code("5 minutes", ValueKind::Duration), "data::not-a-number");
}

#[test]
fn durations_too_long_to_count_in_seconds_are_rejected() {
    // The largest exact decimal is 79228162514264337593543950335: in hours, it overflows.
    let most = "79228162514264337593543950335";
    assert_eq!(ok(most, ValueKind::Duration), most);
    assert_eq!(code(&format!("{most}h"), ValueKind::Duration), "data::out-of-domain");
    assert_eq!(code(&format!("{most}:00:00"), ValueKind::Duration), "data::out-of-domain");
    let e = read(&format!("{most}d"), ValueKind::Duration).expect_err("too long");
    assert!(e.problem.contains("too long a duration"), "{}", e.problem);
}

#[test]
fn spreadsheet_times_are_durations() {
    // 90 s is 90 / 86400 of a day.
    let cell = RawCell::DateTime { serial: 90.0 / 86400.0, date: None, duration: true };
    assert_eq!(read_value(&cell, &ValueKind::Duration).expect("read"), Some(Decimal::from(90)));
    let date = RawCell::DateTime {
        serial: 40695.0,
        date: NaiveDate::from_ymd_opt(2011, 6, 1),
        duration: false,
    };
    assert_eq!(
        read_value(&date, &ValueKind::Duration).expect_err("refused").code,
        "data::not-a-number"
    );
    assert_eq!(
        read_value(&date, &ValueKind::Percent).expect_err("refused").problem,
        "`2011-06-01` is a date or time, not a percentage"
    );
}

#[test]
fn money_with_symbols_codes_and_grouping() {
    let cny = || ValueKind::Money(Some("CNY".to_string()));
    assert_eq!(ok("1234.50", cny()), "1234.50");
    assert_eq!(ok("1,234.50", cny()), "1234.50");
    assert_eq!(ok("12,345,678", cny()), "12345678");
    assert_eq!(ok("¥1,234.50", cny()), "1234.50");
    assert_eq!(ok("￥88", cny()), "88");
    assert_eq!(ok("1234.50 CNY", cny()), "1234.50");
    assert_eq!(ok("CNY 99", cny()), "99");
    assert_eq!(ok("-¥12", cny()), "-12");
    assert_eq!(code("1,5", cny()), "data::not-a-number");
    assert_eq!(code("1.234,50", cny()), "data::not-a-number");
    assert_eq!(code("12 USD", cny()), "data::wrong-currency");
    assert_eq!(code("$12", cny()), "data::wrong-currency");
    assert_eq!(ok("$12", ValueKind::Money(None)), "12");
}

#[test]
fn counts_are_whole_and_not_negative() {
    assert_eq!(ok("3", ValueKind::Count), "3");
    assert_eq!(ok("1,204", ValueKind::Count), "1204");
    assert_eq!(ok("2.0", ValueKind::Count), "2.0");
    assert_eq!(code("2.5", ValueKind::Count), "data::out-of-domain");
    assert_eq!(code("-1", ValueKind::Count), "data::out-of-domain");
}

#[test]
fn plain_numbers_for_ratios_ratings_and_raw_columns() {
    assert_eq!(ok("-1.25", ValueKind::Ratio), "-1.25");
    assert_eq!(ok("+4", ValueKind::Rating), "4");
    assert_eq!(ok(".5", ValueKind::Raw), "0.5");
    assert_eq!(code("4 stars", ValueKind::Rating), "data::not-a-number");
    assert_eq!(code("1,234", ValueKind::Ratio), "data::not-a-number");
    let other = RawCell::Other("TRUE".to_string());
    assert_eq!(
        read_value(&other, &ValueKind::Ratio).expect_err("refused").problem,
        "`TRUE` is not a number"
    );
}

#[test]
fn trimmed_is_trim_at_the_edges_that_matter() {
    for text in [
        "",
        " ",
        "12",
        " 12",
        "12 ",
        "\t12\r",
        "\u{b}12",
        "12\u{c}",
        "\u{a0}12",
        "12\u{3000}",
        "é",
        "1 2",
    ] {
        assert_eq!(trimmed(text), text.trim(), "{text:?}");
    }
}

proptest::proptest! {
    /// Short plain numbers are read as `Decimal::from_str` reads them, scale included; what
    /// it refuses, `number` refuses.
    #[test]
    fn short_numbers_read_as_from_str(
        whole in "[0-9]{0,20}",
        point in proptest::bool::ANY,
        fraction in "[0-9]{0,20}",
        sign in "[+-]?",
    ) {
        let text = if point { format!("{sign}{whole}.{fraction}") } else { format!("{sign}{whole}") };
        let expected = if whole.len() + fraction.len() == 0 {
            None
        } else {
            Decimal::from_str(text.strip_prefix('+').unwrap_or(&text)).ok()
        };
        let read = number(&text);
        proptest::prop_assert_eq!(read.map(|d| (d, d.scale())), expected.map(|d| (d, d.scale())));
        proptest::prop_assert_eq!(
            read.map(|d| d.is_sign_negative()),
            expected.map(|d| d.is_sign_negative())
        );
    }

    #[test]
    fn trimmed_agrees_with_trim(text in "[ \\t\\r\\n\\u{b}\\u{c}\\u{a0}\\u{3000}a1.%é]{0,8}") {
        proptest::prop_assert_eq!(trimmed(&text), text.trim());
    }
}
