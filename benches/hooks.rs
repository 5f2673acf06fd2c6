//! The cost of a custom scoring hook against the same rule written natively, over 100,000
//! employee-periods (issue 5; results in docs/hooks.md).
//!
//! Run with
//! (criterion, 100,000 employee-periods):
//! `cargo bench --bench hooks`.

#[path = "workload.rs"]
mod workload;

use criterion::{Criterion, criterion_group, criterion_main};

fn scoring(c: &mut Criterion) {
    let w = workload::setup();
    // Both give the same points: the hook is the native rule's arithmetic, rounded to 6
    // decimals, so the sums over 100,000 values agree within 100,000 × 0.0000005.
    let gap = (workload::native_points(&w) - workload::hook_points(&w)).abs();
    assert!(gap <= rust_decimal::Decimal::new(5, 2), "{gap}");

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
