#[test]
#[ignore]
fn perf() {
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/online-shop-cs.merit"));
    let bytes = std::fs::read(path).unwrap();
    let scheme = merit::syntax::parse_bytes("s", &bytes).unwrap().1.scheme;
    let t = std::time::Instant::now();
    let (data, _) = merit::eval::load::load(std::path::Path::new("/tmp/h5/big.csv"), &[&scheme], &Default::default()).unwrap();
    eprintln!("load {:?} {} records", t.elapsed(), data.records.len());
    let mut s = String::new();
    std::io::stdin().read_line(&mut s).ok();
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    for l in status.lines().filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM")) { eprintln!("{l}"); }
    let t = std::time::Instant::now();
    let ev = merit::eval::evaluate(&[&scheme], &data, &Default::default()).unwrap();
    eprintln!("eval {:?} {}", t.elapsed(), ev.schemes.len());
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    for l in status.lines().filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM")) { eprintln!("{l}"); }
}
