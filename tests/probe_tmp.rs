#[test]
fn probe() {
    let text = std::fs::read_to_string(std::env::var("PROBE").unwrap()).unwrap();
    let file = merit::SourceFile::new("probe.merit", text);
    match merit::syntax::parse(&file) {
        Ok(p) => println!("OK {} indicators", p.scheme.all_indicators().len()),
        Err(e) => println!("{}", merit::diagnostic::render(&e, false)),
    }
}
