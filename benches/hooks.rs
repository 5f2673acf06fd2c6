//! The cost of a custom scoring hook against the same rule written natively, over 100,000
//! employee-periods (issue 5; results in docs/hooks.md).
//!
//! Run with (criterion, 100,000 employee-periods; the short settings of docs/hooks.md):
//! `cargo bench --bench hooks -- --warm-up-time 1 --measurement-time 3`.

#[path = "workload.rs"]
mod workload;

use criterion::{Criterion, criterion_group, criterion_main};

fn scoring(c: &mut Criterion) {
    let w = workload::setup();
    // Both give the same points: the hook is the native rule's arithmetic in exact decimals
    // (in another order, so the 28th digit may differ), so the sums over 100,000 values agree
    // to 15 decimals.
    let gap = (workload::native_points(&w) - workload::hook_points(&w)).abs();
    assert!(gap <= rust_decimal::Decimal::new(1, 15), "{gap}");

    let mut group = c.benchmark_group("score 100k employee-periods");
    group.sample_size(10);
    group.bench_function("native rule", |b| b.iter(|| workload::native_points(&w)));
    group.bench_function("rhai hook", |b| b.iter(|| workload::hook_points(&w)));
    group.finish();

    let mut group = c.benchmark_group("evaluate 100k employee-periods");
    group.sample_size(10);
    group.bench_function("native rule", |b| b.iter(|| workload::evaluate_native(&w)));
    group.bench_function("rhai hook", |b| b.iter(|| workload::evaluate_hook(&w)));
    group.finish();
}

criterion_group!(benches, scoring);
criterion_main!(benches);
