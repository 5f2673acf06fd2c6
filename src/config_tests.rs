use super::*;

fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    Config::parse(&SourceFile::new("merit.toml", text))
}

fn errors(text: &str) -> Vec<(String, (usize, usize), String)> {
    parse(text)
        .unwrap_err()
        .into_iter()
        .map(|d| {
            let place = d.line_col().unwrap();
            (d.code.clone(), place, d.message.clone())
        })
        .collect()
}

#[test]
fn empty_file_is_the_default() {
    let config = parse("").unwrap();
    assert!(config.codes.is_empty() && config.families.is_empty());
    assert_eq!(config.calibration, Calibration::default());
}

#[test]
fn codes_families_and_calibration() {
    let config = parse(
        "[lints]\n\"specific::no-definition\" = \"off\"\ntimebound = \"error\"\n\
         \"timebound::no-approvals\" = \"warning\"\n\
         [calibration]\nband = [20, 80]\nmin_history = 12\nsuggest_percentile = 60\n",
    )
    .unwrap();
    assert_eq!(config.level("specific::no-definition"), Some(Level::Off));
    // The code's own level wins over its family's.
    assert_eq!(config.level("timebound::no-approvals"), Some(Level::Warning));
    assert_eq!(config.level("timebound::no-cycle"), Some(Level::Error));
    assert_eq!(config.level("specific::no-name"), None);
    let c = config.calibration;
    assert_eq!((c.band_low, c.band_high), (Decimal::from(20), Decimal::from(80)));
    assert_eq!((c.min_history, c.suggest_percentile), (12, 60));
}

#[test]
fn unknown_keys_point_at_the_key() {
    let found = errors("[lints]\n\n[calibration]\nbands = [10, 90]\n");
    assert_eq!(found.len(), 1);
    let (code, place, message) = &found[0];
    assert_eq!((code.as_str(), *place), ("config::bad-toml", (4, 1)));
    assert!(message.contains("bands"), "{message}");
    let found = errors("[lint]\n");
    assert_eq!((found[0].0.as_str(), found[0].1), ("config::bad-toml", (1, 2)));
}

#[test]
fn unknown_and_unconfigurable_codes() {
    let text = "[lints]\n\"specific::no-defnition\" = \"off\"\n\"syntax::unexpected\" = \"off\"\n\
                data = \"off\"\nsmart = \"off\"\n\"specific::no-name\" = \"warn\"\n";
    let diagnostics = parse(text).unwrap_err();
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    // In file order.
    assert_eq!(
        codes,
        [
            "config::unknown-code",
            "config::not-configurable",
            "config::not-configurable",
            "config::unknown-code",
            "config::bad-value"
        ]
    );
    let typo = diagnostics.iter().find(|d| d.message.contains("no-defnition")).unwrap();
    assert_eq!(typo.line_col(), Some((2, 1)));
    assert!(typo.help.as_deref().unwrap().contains("did you mean `specific::no-definition`"));
    let level = diagnostics.iter().find(|d| d.code == "config::bad-value").unwrap();
    assert_eq!(level.line_col(), Some((6, 23)));
}

#[test]
fn calibration_values_out_of_range() {
    let found =
        errors("[calibration]\nband = [90, 10]\nmin_history = 0\nsuggest_percentile = 100\n");
    let places: Vec<(&str, (usize, usize))> =
        found.iter().map(|(c, p, _)| (c.as_str(), *p)).collect();
    assert_eq!(
        places,
        [
            ("config::bad-value", (2, 8)),
            ("config::bad-value", (3, 15)),
            ("config::bad-value", (4, 22))
        ]
    );
    let found = errors("[calibration]\nband = [10.5, 90]\n");
    assert_eq!(found[0].0, "config::bad-toml");
}

#[test]
fn apply_changes_lints_only() {
    let config =
        parse("[lints]\nspecific = \"error\"\n\"timebound::no-cycle\" = \"off\"\n").unwrap();
    let findings = vec![
        Diagnostic::warning("specific::no-name", "a"),
        Diagnostic::warning("timebound::no-cycle", "b"),
        Diagnostic::warning("data::unknown-column", "c"),
        Diagnostic::warning("timebound::no-approvals", "d"),
    ];
    let applied: Vec<(String, Severity)> =
        config.apply(findings).into_iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        applied,
        [
            ("specific::no-name".to_string(), Severity::Error),
            ("data::unknown-column".to_string(), Severity::Warning),
            ("timebound::no-approvals".to_string(), Severity::Warning),
        ]
    );
}

#[test]
fn discover_walks_up() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
    assert_eq!(Config::discover(&nested), Some(dir.path().join(FILE_NAME)));
}
