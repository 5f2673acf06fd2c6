//! Checks of a test file against its scheme: each problem is found, named and placed.

use rust_decimal::Decimal;

use super::*;

/// A small scheme: a duration gate, a derived percent, a rated indicator with two raters,
/// grades, a ranking scope and one action.
const SCHEME: &str = r#"scheme "T"
scope "Team" role agent
cycle monthly from 2024-01-01
currency EUR
rater boss manager "Boss" weight 60%
rater peer peer "Peer" weight 40%
scale s "S" {
  1 "a"
  2 "b"
  3 "c"
}
hook ratio in "h.rhai"
indicator speed "Speed" weight 50% {
  unit duration
  lower is better
  score threshold 60s target 30s
  critical gate points >= 10
}
indicator mix "Mix" weight 25% {
  unit percent
  higher is better
  value ratio(a, b)
  score threshold 0% target 100%
}
indicator quality "Quality" weight 25% {
  rated on s by boss, peer
}
grades by score {
  A "A" at least 50
  B "B" otherwise
}
ranking {
  scope by site
}
action star "Star" {
  when top 1
  bonus 10 EUR
}
"#;

/// Defaults that feed every indicator, then `body`.
fn prepared(body: &str) -> Result<Vec<PreparedTest>, Vec<Diagnostic>> {
    let text = format!(
        "[defaults]\nvalues = {{ speed = \"45s\", a = 1, b = 2 }}\nratings = {{ \"quality@boss\" = 2, \"quality@peer\" = 3 }}\nattributes = {{ site = \"North\" }}\n{body}"
    );
    let file = SourceFile::new("t.test.toml", text.as_str());
    let spec = spec::parse(&file).unwrap();
    let scheme = crate::syntax::parse(&SourceFile::new("t.merit", SCHEME)).unwrap().scheme;
    prepare(&file, &spec, &scheme)
}

/// The codes of the problems found in `body`, in file order.
fn codes(body: &str) -> Vec<String> {
    prepared(body).unwrap_err().into_iter().map(|d| d.code).collect()
}

const ONE: &str =
    "[[test]]\nname = \"t\"\nperiod = \"2024-03\"\n[[test.record]]\nemployee = \"E1\"\n";
const EXPECT: &str = "[[test.expect]]\nemployee = \"E1\"\nrank = 1\n";

#[test]
fn records_start_from_the_defaults_in_base_units() {
    let tests = prepared(&format!("{ONE}values = {{ speed = \"1m\" }}\n{EXPECT}")).unwrap();
    let record = &tests[0].data.records[0];
    assert_eq!(record.values.get("speed").unwrap().value, Decimal::from(60));
    assert_eq!(record.values.get("a").unwrap().value, Decimal::ONE);
    assert_eq!(record.ratings[&("quality".into(), "peer".into())].value, Decimal::from(3));
    assert_eq!(&**record.attributes.get("site").unwrap(), "North");
    assert_eq!(record.role.as_deref(), Some("agent"));
    assert_eq!(record.origin.row, 9, "the line of the record's employee");
    assert_eq!(tests[0].expected[0].period, "2024-03");
}

#[test]
fn periods_repeat_a_record_and_the_only_period_is_the_expectations() {
    let body = "[[test]]\nname = \"t\"\n[[test.record]]\nemployee = \"E1\"\nperiods = [\"2024-03\", \"2024-04\"]\n[[test.expect]]\nemployee = \"E1\"\nperiod = \"2024-04\"\nrank = 1\n";
    let tests = prepared(body).unwrap();
    assert_eq!(tests[0].data.records.len(), 2);
    let ambiguous = body.replace("period = \"2024-04\"\n", "");
    assert_eq!(codes(&ambiguous), ["test::no-period"]);
}

#[test]
fn missing_leaves_a_default_out() {
    let tests =
        prepared(&format!("{ONE}missing = [\"speed\", \"quality@peer\"]\n{EXPECT}")).unwrap();
    let record = &tests[0].data.records[0];
    assert!(!record.values.contains_key("speed"));
    assert_eq!(record.ratings.len(), 1);
    assert_eq!(codes(&format!("{ONE}missing = [\"sped\"]\n{EXPECT}")), ["test::unknown-indicator"]);
}

#[test]
fn names_the_scheme_does_not_read_are_refused() {
    let body = format!(
        "{ONE}values = {{ mix = 40, spede = 3 }}\nratings = {{ quality = 2, \"quality@self\" = 1 }}\nattributes = {{ team = \"x\" }}\n{EXPECT}"
    );
    let errors = prepared(&body).unwrap_err();
    let found: Vec<(&str, &str)> =
        errors.iter().map(|d| (d.code.as_str(), d.message.as_str())).collect();
    assert_eq!(found.len(), 5, "{found:#?}");
    assert!(found[0].1.contains("`mix` is computed by a hook"), "{found:#?}");
    assert!(errors[0].help.as_deref().unwrap().contains("`a` or `b`"));
    assert!(found[1].1.contains("no indicator or hook input `spede`"), "{found:#?}");
    assert_eq!(errors[1].help.as_deref(), Some("did you mean `speed`?"));
    assert!(found[2].1.contains("`quality` has several raters"), "{found:#?}");
    assert_eq!(errors[2].help.as_deref(), Some("name the rater: `quality@boss` or `quality@peer`"));
    assert!(found[3].1.contains("`self` does not rate `quality`"), "{found:#?}");
    assert_eq!(found[4].0, "test::unknown-attribute");
    assert!(found.iter().all(|(_, m)| m.starts_with("t.test.toml (test \"t\"): ")), "{found:#?}");
}

#[test]
fn record_problems() {
    let both = "[[test]]\nname = \"t\"\n[[test.record]]\nemployee = \"E1\"\nperiod = \"2024-03\"\nperiods = [\"2024-04\"]\n[[test.expect]]\nemployee = \"E1\"\nperiod = \"2024-03\"\nrank = 1\n";
    assert_eq!(codes(both), ["test::bad-value", "test::unknown-employee"]);
    let twice = format!("{ONE}[[test.record]]\nemployee = \"E1\"\n{EXPECT}");
    assert_eq!(codes(&twice), ["test::duplicate-record"]);
    let bad_period = ONE.replace("2024-03", "2024-3");
    assert_eq!(codes(&format!("{bad_period}{EXPECT}")), ["test::bad-period", "test::bad-period"]);
    let none = "[[test]]\nname = \"t\"\n[[test.record]]\nemployee = \"E1\"\n";
    assert_eq!(codes(none), ["test::no-expectations", "test::no-period"]);
}

#[test]
fn expectation_problems() {
    let body = format!(
        "{ONE}[[test.expect]]\nemployee = \"E1\"\nfailed_gates = [\"speed\", \"mix\"]\npoints = {{ quality = \"1.005\" }}\nbonus = \"5 ¥\"\n[[test.expect]]\nemployee = \"E1\"\n"
    );
    assert_eq!(
        codes(&body),
        ["test::unknown-gate", "test::too-precise", "test::bad-value", "test::empty-expectation"]
    );
    let tests = prepared(&format!("{ONE}[[test.expect]]\nemployee = \"E1\"\nfailed_gates = [\"speed\"]\nbonus = \"10 EUR\"\ndue = \"2024-04-08\"\n")).unwrap();
    let expected = &tests[0].expected[0];
    assert_eq!(expected.failed_gates.as_ref().unwrap().len(), 1);
    assert_eq!(expected.bonus.as_ref().unwrap().currency.as_deref(), Some("EUR"));
    assert!(expected.due.is_some());
}

#[test]
fn file_problems() {
    assert_eq!(codes(""), ["test::no-tests"]);
    let twice = format!("{ONE}{EXPECT}{ONE}{EXPECT}");
    assert_eq!(codes(&twice), ["test::duplicate-name"]);
    let bare = "[[test]]\nname = \"t\"\nperiod = \"2024-03\"\nnotice_date = \"soon\"\n";
    assert_eq!(codes(bare), ["test::no-records", "test::no-expectations", "test::bad-value"]);
}
