//! The parser on bad input: each problem gets a diagnostic with a stable code at the right
//! line and column, every independent error is reported, and nothing panics, hangs or
//! overflows the stack.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod syntax_common;

use merit::syntax::parse_bytes;
use syntax_common::*;

#[test]
fn numbers_that_cannot_be_represented_are_errors() {
    let text = scheme_with("indicator i weight 1e400% { unit count }");
    assert_eq!(places(&text), [("syntax::number-too-large".to_string(), 2, 20)]);
    assert!(errors(&text)[0].message.contains("number too large"));
    let text = scheme_with("indicator i weight 123456789012345678901234567890% { unit count }");
    assert_eq!(places(&text)[0].0, "syntax::number-too-large");
    let text = scheme_with("indicator i weight 1.5e1% { unit count }");
    assert_eq!(places(&text)[0].0, "syntax::invalid-number");
}

/// A precision beyond what an exact decimal holds, and an amount whose totals could
/// overflow one, are refused where they are written: both once made `merit eval` fail late.
#[test]
fn a_precision_or_an_amount_too_large_is_an_error_at_its_number() {
    let text = scheme_with("precision 29");
    assert_eq!(places(&text), [("syntax::number-too-large".to_string(), 2, 11)]);
    assert_eq!(errors(&text)[0].message, "precision too large: 29 decimals");
    assert!(parse_text(&scheme_with("precision 28")).is_ok());
    let action = |amount: &str| {
        founding().replace("bonus 100 CNY to bonus", &format!("bonus {amount} to bonus"))
    };
    let text = action("1000000000000000000 CNY");
    let found = errors(&text);
    assert_eq!(
        found.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        ["syntax::number-too-large"]
    );
    assert_eq!(found[0].message, "amount too large: `1000000000000000000`");
    let line = text.lines().position(|l| l.contains("bonus 1000")).unwrap() + 1;
    assert_eq!(places(&text), [("syntax::number-too-large".to_string(), line, 9)]);
    assert!(parse_text(&action("999999999999999999.99 CNY")).is_ok());
    let deduction = founding().replace("deduct 100 CNY", "deduct 2000000000000000000 CNY");
    assert_eq!(places(&deduction)[0].0, "syntax::number-too-large");
}

#[test]
fn literal_kinds_are_checked() {
    let text = scheme_with("indicator i weight 40 { unit count }");
    let e = errors(&text);
    assert_eq!(e[0].code, "syntax::wrong-kind");
    assert!(e[0].help.as_deref().unwrap().contains("`40%`"), "{:?}", e[0].help);
    let text = scheme_with("indicator i weight 40% { score bands { ..30sec => 100 } }");
    let column = text.lines().nth(1).unwrap().find("sec").unwrap() + 1;
    assert_eq!(places(&text), [("syntax::unknown-keyword".to_string(), 2, column)]);
    let text = scheme_with("currency cny");
    assert_eq!(places(&text), [("syntax::invalid-currency".to_string(), 2, 10)]);
}

#[test]
fn impossible_dates_are_errors() {
    let e = errors(&scheme_with("cycle monthly from 2011-02-30"));
    assert_eq!(e[0].code, "syntax::invalid-date");
    assert!(e[0].message.contains("February 2011 has 28 days"), "{}", e[0].message);
    assert_eq!(places(&scheme_with("approved \"x\" on 2011-6-7"))[0].0, "syntax::invalid-date");
    assert!(ok(&scheme_with("cycle monthly from 2012-02-29")).scheme.cycle.is_some());
}

#[test]
fn duplicate_singletons_point_at_the_second() {
    let text = scheme_with("version \"1\"\nversion \"2\"");
    assert_eq!(places(&text), [("syntax::duplicate-field".to_string(), 3, 1)]);
    let text = scheme_with("indicator i weight 100% {\n  unit count\n  unit percent\n}");
    let e = errors(&text);
    assert_eq!((e[0].code.as_str(), e[0].line_col()), ("syntax::duplicate-field", Some((4, 3))));
    assert!(e[0].help.as_deref().unwrap().contains("line 3"));
    let text = scheme_with("grades by score { A at least 90 }\ngrades by rank { A quota 100% }");
    assert_eq!(places(&text), [("syntax::duplicate-field".to_string(), 3, 1)]);
    let text = scheme_with("action a {\n when last\n when top 1\n note \"x\" }");
    assert_eq!(places(&text), [("syntax::duplicate-field".to_string(), 4, 2)]);
}

#[test]
fn misspelt_words_get_did_you_mean() {
    let cases = [
        ("indicatr i weight 1% { }", "indicator"),
        ("indicator i wieght 1% { }", "weight"),
        ("indicator i weight 1% { higher is beter }", "better"),
        ("cycle montly", "monthly"),
        ("rater r manger", "manager"),
        ("indicator i weight 1% { unit percnt }", "percent"),
        ("indicator i weight 1% { score treshold 1 target 2 }", "threshold"),
        ("action a { when tpo 1 }", "top"),
        ("grades by score { A at lest 90 }", "least"),
    ];
    for (body, best) in cases {
        let e = errors(&scheme_with(body));
        assert_eq!(e[0].code, "syntax::unknown-keyword", "{body}");
        let text = format!("{} {}", e[0].message, e[0].label.as_deref().unwrap_or(""));
        assert!(text.contains(&format!("did you mean `{best}`?")), "{body}: {text}");
    }
}

#[test]
fn broken_founding_scheme_points_at_the_misspelt_weight() {
    let text = founding().replacen(
        "\"Average response time\" weight 30%",
        "\"Average response time\" wieght 30%",
        1,
    );
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{}", merit::diagnostic::render(&e, false));
    assert_eq!(e[0].code, "syntax::unknown-keyword");
    let line = text.lines().position(|l| l.contains("wieght")).unwrap() + 1;
    let column = text.lines().nth(line - 1).unwrap().find("wieght").unwrap() + 1;
    assert_eq!(e[0].line_col(), Some((line, column)));
    assert!(e[0].message.contains("did you mean `weight`?"));
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let text = founding()
        .replacen(
            "      unit percent\n      higher is better",
            "      unit percent\n      higher is beter",
            1,
        )
        .replacen("score threshold 80% target 98%", "score threshold 80% target", 1)
        .replacen("scope all", "scope everyone", 1);
    let codes: Vec<_> = places(&text).into_iter().map(|(code, line, _)| (code, line)).collect();
    let line_of = |needle: &str| {
        text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}")) + 1
    };
    assert_eq!(
        codes,
        [
            ("syntax::unknown-keyword".to_string(), line_of("higher is beter")),
            // `target` with no value: the error points at `target`, the line's last word.
            ("syntax::unexpected".to_string(), line_of("threshold 80% target")),
            ("syntax::unexpected".to_string(), line_of("scope everyone")),
        ]
    );
}

#[test]
fn a_broken_line_is_one_error_and_the_next_statement_still_counts() {
    let text =
        scheme_with("indicator i weight 1% {\n  frobnicate the\n    widgets\n  unit kilos\n}");
    let e = places(&text);
    assert_eq!(
        e,
        [("syntax::unexpected".to_string(), 3, 3), ("syntax::unknown-keyword".to_string(), 5, 8)]
    );
}

#[test]
fn errors_inside_a_block_with_a_broken_header_are_reported_too() {
    let text = scheme_with(
        "group g \"G\" wieght 100% {\n  indicator i weight 100% {\n    unit kilos\n  }\n}\naction a {\n  when tpo 1\n}",
    );
    let e = places(&text);
    assert_eq!(
        e,
        [
            ("syntax::unknown-keyword".to_string(), 2, 13),
            ("syntax::unknown-keyword".to_string(), 4, 10),
            ("syntax::unknown-keyword".to_string(), 8, 8),
        ]
    );
}

#[test]
fn a_statement_in_the_wrong_block_says_where_it_belongs() {
    let e = errors(&scheme_with("group g weight 100% {\n  unit percent\n}"));
    assert_eq!(e[0].code, "syntax::unexpected");
    let help = e[0].help.as_deref().unwrap();
    assert!(help.contains("`unit` is a statement of an indicator, not of a group"), "{help}");
}

#[test]
fn empty_file() {
    for text in ["", "  \n\t\n", "// only a comment\n"] {
        let e = errors(text);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, "syntax::empty-file");
    }
}

#[test]
fn missing_title_and_missing_when() {
    assert_eq!(places("version \"1\"")[0].0, "syntax::missing-field");
    assert_eq!(
        places(&scheme_with("action a \"x\" { note \"n\" }")),
        [("syntax::missing-field".to_string(), 2, 8)]
    );
}

#[test]
fn binary_and_non_utf8_bytes() {
    let e = parse_bytes("bin.merit", b"scheme \"x\"\n\0\x01\x02").unwrap_err();
    assert_eq!(e[0].code, "syntax::not-utf8");
    assert!(e[0].message.contains("binary"));
    let e = parse_bytes("latin1.merit", b"scheme \"caf\xe9\"\n").unwrap_err();
    assert_eq!((e[0].code.as_str(), e[0].line_col()), ("syntax::not-utf8", Some((1, 12))));
    let (file, parsed) = parse_bytes("ok.merit", "scheme \"工作\"".as_bytes()).unwrap();
    assert_eq!(&*file.name, "ok.merit");
    assert_eq!(parsed.scheme.name.node, "工作");
    // A NUL byte in text handed to `parse` directly is caught too.
    assert_eq!(errors("scheme \"x\"\0")[0].code, "syntax::not-utf8");
}

#[test]
fn unterminated_string() {
    let text = scheme_with("owner \"HR department\nversion \"1\"");
    assert_eq!(places(&text), [("syntax::unterminated-string".to_string(), 2, 7)]);
}

#[test]
fn unbalanced_braces() {
    let text =
        scheme_with("group g weight 100% {\n  indicator i weight 100% {\n    unit count\n}\n");
    let e = errors(&text);
    assert_eq!(e[0].code, "syntax::unclosed-brace");
    assert!(e[0].message.contains("indicator `i` opened on line 3"), "{}", e[0].message);
    assert_eq!(places(&scheme_with("}")), [("syntax::unmatched-brace".to_string(), 2, 1)]);
}

#[test]
fn nesting_ten_thousand_deep_is_rejected_without_overflow() {
    let e = errors(&nested_groups(10_000));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, "syntax::too-deep");
    assert_eq!(e[0].line_col(), Some((66, 23)));
    let parens = scheme_with(&format!(
        "action a {{ when {}last{} note \"x\" }}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    ));
    assert_eq!(errors(&parens)[0].code, "syntax::too-deep");
    let nots =
        scheme_with(&format!("action a {{ when {}last note \"x\" }}", "not ".repeat(10_000)));
    assert_eq!(errors(&nots)[0].code, "syntax::too-deep");
    let ands =
        scheme_with(&format!("action a {{ when last{} note \"x\" }}", " and last".repeat(10_000)));
    assert_eq!(errors(&ands)[0].code, "syntax::too-deep");
}

#[test]
fn many_errors_are_capped() {
    // Consecutive broken lines count as one error unless each starts like a statement.
    let text = scheme_with(&"versio \"1\"\n".repeat(200));
    let e = errors(&text);
    assert_eq!(e.len(), merit::syntax::MAX_ERRORS + 1);
    assert_eq!(e.last().unwrap().code, "syntax::too-many-errors");
}

#[test]
fn garbage_never_panics() {
    let text = founding();
    // Cut the founding scheme at every 97th byte and splice in odd characters.
    for cut in (0..text.len()).step_by(97) {
        if !text.is_char_boundary(cut) {
            continue;
        }
        for junk in ["", "{", "}", "\"", "(", "=>", "%", "1e9", "é", "“", "\u{3000}", "\u{0}"] {
            let broken = format!("{}{junk}{}", &text[..cut], &text[cut..].get(5..).unwrap_or(""));
            let _ = parse_text(&broken);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Any sequence of the language's tokens, well-formed or not, parses or fails cleanly.
    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(proptest::sample::select(vec![
        "scheme", "\"t\"", "group", "indicator", "g", "weight", "30%", "-5%", "1e400%", "{", "}",
        "unit", "percent", "higher", "is", "better", "score", "threshold", "target", "bands",
        "curve", "..", "..=", "20s", "=>", "100", "else", "action", "when", "top", "not", "and",
        "or", "(", ")", ",", ">=", "grade", "A", "\n", "// c\n", "é", "“", "\"open", "\\",
        "2011-02-30", "100 CNY", "grades", "by", "at", "least", "otherwise", "quota",
    ]), 0..60)) {
        let text = tokens.join(" ");
        let _ = parse_text(&text);
    }
}

#[test]
fn a_huge_broken_file_is_reported_in_linear_time() {
    use std::time::{Duration, Instant};
    for line in ["versio \"1\"\n", "owner \"open\n", "version \"1\"\n"] {
        let size = 1 << 20;
        let text = scheme_with(&line.repeat(size / line.len()));
        let start = Instant::now();
        let e = errors(&text);
        assert_eq!(e.len(), merit::syntax::MAX_ERRORS + 1, "{line}");
        let limit = if cfg!(debug_assertions) { 30 } else { 3 };
        assert!(start.elapsed() < Duration::from_secs(limit), "{line}: {:?}", start.elapsed());
    }
}
