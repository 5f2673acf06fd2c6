//! Parse + check of every scheme in `policies/` and of a generated 10,000-indicator scheme,
//! and evaluation of the founding scheme at 10k and 100k employee-periods (issue 6; results
//! and method in docs/performance.md; the 1M-row end-to-end run is `bench/run.sh`).
//!
//! Run with `cargo bench --bench engine`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed set-up is a failed benchmark

use std::fmt::Write as _;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use merit::eval::load::{LoadOptions, load_bytes};
use merit::eval::{EvalOptions, evaluate};
use merit::generate::{GenOptions, generate};
use merit::{SourceFile, check, syntax};

/// Parse, then check: what `merit check FILE` does for one scheme.
fn parse_and_check(name: &str, text: &str) -> usize {
    let file = SourceFile::new(name, text);
    let parsed = syntax::parse(&file).expect("the scheme parses");
    check::check(&parsed.scheme, &file).len()
}

/// A scheme of `groups` groups of 100 indicators each (a curve, a unit, a source and a
/// definition, numerator and denominator on every one), weights summing to exactly 100% at each level.
fn large_scheme(groups: usize) -> String {
    let mut text = String::from(
        "scheme \"Large\"\nversion \"1\"\npurpose \"Benchmark\"\nstrategy \"Scale\"\n\
         owner \"HR\"\nscope \"All\" role agent\ncycle monthly from 2024-01-01\n\
         approved \"HR\" on 2023-12-01\nmilestone published \"Results published\" day 5\n",
    );
    let group_weight = rust_decimal::Decimal::ONE_HUNDRED / rust_decimal::Decimal::from(groups);
    for g in 0..groups {
        writeln!(text, "group g{g} \"Group {g}\" weight {}% {{", group_weight.normalize()).unwrap();
        for i in 0..100 {
            writeln!(
                text,
                "  indicator i{g}_{i} \"Indicator {i}\" weight 1% {{\n    \
                 definition \"Share of orders {i}\"\n    numerator \"orders {i}\"\n    \
                 denominator \"orders\"\n    unit percent\n    higher is better\n    \
                 source \"Shop system\"\n    score threshold 20% target 40%\n  }}"
            )
            .unwrap();
        }
        text.push_str("}\n");
    }
    text
}

fn schemes(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse + check");
    let mut paths: Vec<_> = std::fs::read_dir("policies")
        .expect("policies/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "merit"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("read");
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        group.bench_with_input(BenchmarkId::from_parameter(&name), &text, |b, text| {
            b.iter(|| parse_and_check(&name, text))
        });
    }
    let large = large_scheme(100);
    let file = SourceFile::new("large.merit", large.as_str());
    let findings = check::check(&syntax::parse(&file).expect("parses").scheme, &file);
    assert!(findings.is_empty(), "the generated scheme is clean: {findings:?}");
    group.sample_size(20);
    group.bench_function("generated 10,000 indicators", |b| {
        b.iter(|| parse_and_check("large.merit", &large))
    });
    group.finish();
}

fn evaluation(c: &mut Criterion) {
    let path = Path::new("policies/online-shop-cs.merit");
    let text = std::fs::read_to_string(path).expect("read");
    let file = SourceFile::new("online-shop-cs.merit", text);
    let scheme = syntax::parse(&file).expect("parses").scheme;
    let mut group = c.benchmark_group("evaluate online-shop-cs");
    group.sample_size(10);
    for (employees, periods) in [(1_000, 10), (10_000, 10)] {
        let rows = employees * periods;
        let mut csv = Vec::new();
        let options = GenOptions { employees, periods, seed: 1, long: false };
        generate(&scheme, &options, &mut csv).expect("generated");
        let (data, _) = load_bytes("bench.csv", &csv, &[&scheme], &LoadOptions::default())
            .expect("the generated data loads");
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(BenchmarkId::new("load", rows), &csv, |b, csv| {
            b.iter(|| load_bytes("bench.csv", csv, &[&scheme], &LoadOptions::default()).is_ok())
        });
        group.bench_with_input(BenchmarkId::new("evaluate", rows), &data, |b, data| {
            b.iter(|| evaluate(&[&scheme], data, &EvalOptions::default()).is_ok())
        });
    }
    group.finish();
}

criterion_group!(benches, schemes, evaluation);
criterion_main!(benches);
