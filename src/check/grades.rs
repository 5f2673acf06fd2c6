//! Grades. By score: thresholds strictly descending, one `otherwise` and only last, a
//! catch-all so everyone gets a grade, thresholds the composite can reach. By rank: every
//! grade has a quota, quotas sum to exactly 100%, no `at least` or `otherwise`. Quotas lie
//! above 0% and at most 100%.
//!
//! Codes: `structure::grades-empty`, `structure::grade-missing-threshold`,
//! `structure::grade-order`, `structure::grade-otherwise`, `structure::grade-no-catch-all`,
//! `structure::grade-unreachable`, `structure::quota-out-of-range`,
//! `structure::quota-missing`, `structure::quota-sum`, `structure::grade-mixed`.

use rust_decimal::Decimal;

use super::context::{Context, plain};
use super::points::composite_range;
use crate::ast::{Grade, GradeMethod, Grades};
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

/// Check the grades block, when there is one.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(grades) = &ctx.scheme.grades else { return };
    if grades.grades.is_empty() {
        out.push(
            ctx.error("structure::grades-empty", "the grades block declares no grades", grades.span)
                .with_label("no grades")
                .with_help("declare at least one grade, e.g. `A \"Excellent\" at least 90`, or remove the block"),
        );
        return;
    }
    for grade in &grades.grades {
        if let Some(quota) = &grade.quota {
            if quota.node <= Decimal::ZERO || quota.node > Decimal::ONE_HUNDRED {
                out.push(
                    ctx.error(
                        "structure::quota-out-of-range",
                        format!(
                            "the quota of grade `{}` is {}%; quotas lie above 0% and at most 100%",
                            grade.id.node,
                            plain(quota.node)
                        ),
                        quota.span,
                    )
                    .with_label("quota out of range")
                    .with_help("give the share of people as a percentage between 0% and 100%"),
                );
            }
        }
    }
    match grades.method.node {
        GradeMethod::Score => by_score(ctx, &grades.grades, out),
        GradeMethod::Rank => by_rank(ctx, grades, out),
    }
}

fn by_score(ctx: &Context, grades: &[Spanned<Grade>], out: &mut Vec<Diagnostic>) {
    let range = composite_range(ctx);
    let mut previous: Option<&Spanned<Decimal>> = None;
    let mut catch_all: Option<&Spanned<Grade>> = None;
    for (index, grade) in grades.iter().enumerate() {
        let id = &grade.id.node;
        if grade.otherwise {
            if let Some(first) = catch_all {
                out.push(
                    ctx.error(
                        "structure::grade-otherwise",
                        format!("grade `{id}` is a second `otherwise`"),
                        grade.id.span,
                    )
                    .with_label(format!(
                        "`{}` on line {} is already the catch-all",
                        first.id.node,
                        ctx.line(first.id.span)
                    ))
                    .with_help("keep one `otherwise` grade, the last one"),
                );
            } else if index + 1 < grades.len() {
                out.push(
                    ctx.error(
                        "structure::grade-otherwise",
                        format!("the `otherwise` grade `{id}` is not the last grade"),
                        grade.id.span,
                    )
                    .with_label("grades after it can never be given")
                    .with_help(
                        "grades are tried best first: move the `otherwise` grade to the end",
                    ),
                );
            }
            catch_all.get_or_insert(grade);
            continue;
        }
        let Some(at_least) = &grade.at_least else {
            out.push(
                ctx.error("structure::grade-missing-threshold", format!("grade `{id}` has no `at least` and is not `otherwise`"), grade.id.span)
                    .with_label("no threshold")
                    .with_help(format!("give it a threshold (`{id} \"...\" at least 75`) or make it the last grade with `otherwise`")),
            );
            continue;
        };
        if let Some(before) = previous.filter(|b| at_least.node >= b.node) {
            out.push(
                ctx.error(
                    "structure::grade-order",
                    format!(
                        "grade `{id}` starts at {}, not below the grade before it ({})",
                        plain(at_least.node),
                        plain(before.node)
                    ),
                    at_least.span,
                )
                .with_label(format!("should be below {}", plain(before.node)))
                .with_help("list grades best first, each threshold strictly below the one before"),
            );
        }
        if let Some(range) = range.filter(|r| at_least.node > r.max) {
            out.push(
                ctx.warning(
                    "structure::grade-unreachable",
                    format!("no one can get grade `{id}`: it starts at {}, and the composite is at most {}", plain(at_least.node), plain(range.max)),
                    at_least.span,
                )
                .with_label("above the highest possible composite")
                .with_help("lower the threshold, or raise the caps of the indicators if over-achievement should count"),
            );
        }
        previous = Some(at_least);
    }
    if catch_all.is_some() {
        return;
    }
    let lowest_possible = range.map_or(Decimal::ZERO, |r| r.min);
    let lowest = grades.iter().filter_map(|g| g.at_least.as_ref()).min_by_key(|t| t.node);
    if let (Some(lowest), Some(last)) = (lowest.filter(|t| t.node > lowest_possible), grades.last())
    {
        out.push(
            ctx.warning(
                "structure::grade-no-catch-all",
                format!("a composite below {} gets no grade", plain(lowest.node)),
                last.span,
            )
            .with_label("no grade below this one")
            .with_help("end with a catch-all grade: `D \"Needs improvement\" otherwise`"),
        );
    }
}

fn by_rank(ctx: &Context, grades: &Spanned<Grades>, out: &mut Vec<Diagnostic>) {
    let mut sum = Some(Decimal::ZERO);
    for grade in &grades.grades {
        let id = &grade.id.node;
        if let Some(at_least) = &grade.at_least {
            out.push(mixed(ctx, id, "at least", at_least.span));
        }
        if grade.otherwise {
            out.push(mixed(ctx, id, "otherwise", grade.id.span));
        }
        match &grade.quota {
            Some(quota) => sum = sum.and_then(|s| s.checked_add(quota.node)),
            None => out.push(
                ctx.error(
                    "structure::quota-missing",
                    format!("grade `{id}` has no quota"),
                    grade.id.span,
                )
                .with_label("no quota")
                .with_help(format!(
                    "by rank, every grade takes a share of people: `{id} \"...\" quota 20%`"
                )),
            ),
        }
    }
    let Some(sum) = sum.filter(|s| *s != Decimal::ONE_HUNDRED) else { return };
    let (what, help) = if sum > Decimal::ONE_HUNDRED {
        (
            "the last grades get fewer people than their quotas",
            "lower the quotas so they add up to 100%",
        )
    } else {
        (
            "the people ranked after the last quota get no grade",
            "raise the quotas so they add up to 100%",
        )
    };
    out.push(
        ctx.error(
            "structure::quota-sum",
            format!("the grade quotas sum to {}%, not 100%: {what}", plain(sum)),
            grades.method.span,
        )
        .with_label(format!("quotas sum to {}%", plain(sum)))
        .with_help(help),
    );
}

fn mixed(ctx: &Context, id: &str, word: &str, span: crate::source::Span) -> Diagnostic {
    ctx.error(
        "structure::grade-mixed",
        format!("grade `{id}` uses `{word}`, but grades are given by rank"),
        span,
    )
    .with_label(format!("`{word}` belongs to `grades by score`"))
    .with_help("by rank, grades take quotas only; use `grades by score` for thresholds (quotas there are checked as warnings)")
}
