//! One employee in one period: each indicator's value and points, missing data by policy
//! (error, zero, reweight), groups as Σ wᵢ × pointsᵢ / Σ wᵢ over the children left in,
//! effective weights and contributions, and the critical gates.

#![allow(clippy::result_large_err)] // the one Diagnostic type: large, and errors are rare

use rust_decimal::{Decimal, RoundingStrategy};
use smallvec::SmallVec;

use crate::ast::{HookCall, MissingPolicy, Subject};
use crate::diagnostic::Diagnostic;
use crate::eval::dataset::{Cell, Record};
use crate::eval::fixed::{Fixed, decimal_of, div_rem_power, power};
use crate::eval::hooks_api::{HookContext, HookRunner, unavailable};
use crate::eval::memo::Memo;
use crate::eval::plan::{NodeBody, Plan, PlanNode};
use crate::eval::rating::combine;
use crate::eval::result::{HookCallResult, HookRole, RatingResult};
use crate::eval::score::{RuleKind, Unscored, spanned};
use crate::eval::scored::{NodeDetail, NodeScore, Scored};
use crate::eval::shown::Shown;

/// What scoring needs besides the plan and the record.
pub(crate) struct ScoreContext<'a> {
    /// Position of the scheme in `evaluate`'s slice.
    pub scheme_index: usize,
    /// The hook runtime, when there is one.
    pub hooks: Option<&'a dyn HookRunner>,
    /// Whether the output shows each indicator's breakdown (ratings, hook calls, effective
    /// weights): without it, only what ranks, grades, actions and points need is computed.
    pub breakdown: bool,
    /// Whether nodes' values are kept once scored: for the breakdown, and for actions that
    /// read them ([`Plan::actions_read_values`]). Points are always kept.
    pub keep_values: bool,
}

/// Decimals kept of full-precision results: 28-digit arithmetic leaves noise in the last
/// digits (1/3 × 3 = 0.999…9); rounding to 20 decimals first removes it, so that a value
/// that is exactly 89.995 on paper rounds to 90.00.
pub const FULL_PRECISION: u32 = 20;

/// Round half away from zero to `precision` decimals: how composites and points are shown,
/// ranked, graded and compared. The result has exactly `precision` decimals (`90.00`).
pub fn round_score(value: Decimal, precision: u32) -> Decimal {
    round_magnitude(value, precision).unwrap_or_else(|| round_decimal(value, precision))
}

/// [`round_score`] of a value that is not negative, on its mantissa (every composite is
/// rounded so): `None` for a negative value, or a result beyond 96 bits.
fn round_magnitude(value: Decimal, precision: u32) -> Option<Decimal> {
    if value.is_sign_negative() || precision > 28 {
        return None;
    }
    let clean = denoise(value);
    let (magnitude, scale) = (clean.mantissa().unsigned_abs(), clean.scale());
    let rounded = match scale.checked_sub(precision) {
        // As many decimals or fewer: zeros appended.
        None | Some(0) => magnitude.checked_mul(power(precision - scale))?,
        // Half away from zero: up when the remainder is at least half the unit.
        Some(digits) => {
            let (quotient, remainder) = div_rem_power(magnitude, digits);
            quotient + u128::from(remainder >= power(digits) - remainder)
        }
    };
    (rounded >> 96 == 0).then(|| decimal_of(rounded, false, precision))
}

/// [`round_score`] through `rust_decimal`.
fn round_decimal(value: Decimal, precision: u32) -> Decimal {
    let mut rounded =
        denoise(value).round_dp_with_strategy(precision, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(precision);
    rounded
}

/// A full-precision value without arithmetic noise and without trailing zeros: rounded half
/// away from zero to [`FULL_PRECISION`] decimals, then normalized, as
/// `round_dp_with_strategy(FULL_PRECISION, MidpointAwayFromZero).normalize()` gives it (a
/// property test compares them), computed on the mantissa: every score is denoised, and
/// that was a twentieth of a large evaluation's instructions.
pub fn denoise(value: Decimal) -> Decimal {
    let mut magnitude = value.mantissa().unsigned_abs();
    let mut scale = value.scale();
    // Divisions by constant powers of ten (at most 10⁸ here), by multiplication.
    let divide = div_rem_power;
    if scale > FULL_PRECISION {
        let digits = scale - FULL_PRECISION;
        let (quotient, remainder) = divide(magnitude, digits);
        let unit = power(digits);
        // Half away from zero: up when the remainder is at least half the unit.
        magnitude = quotient + u128::from(remainder >= unit - remainder);
        scale = FULL_PRECISION;
    }
    if magnitude == 0 {
        return Decimal::ZERO;
    }
    // Trailing zeros off (as many as the scale allows), when there is one: eight at a time,
    // then 4, 2 and 1.
    if scale > 0 && magnitude & 1 == 0 && divide(magnitude, 1).1 == 0 {
        while scale >= 8 {
            match divide(magnitude, 8) {
                (quotient, 0) => (magnitude, scale) = (quotient, scale - 8),
                _ => break,
            }
        }
        for zeros in [4, 2, 1] {
            if scale >= zeros {
                if let (quotient, 0) = divide(magnitude, zeros) {
                    magnitude = quotient;
                    scale -= zeros;
                }
            }
        }
    }
    // At most 96 bits: the rounded magnitude is at most the value's.
    decimal_of(magnitude, value.is_sign_negative(), scale)
}

/// Score one record; all problems of the record are returned together. Its cells are
/// read from its maps, or, when `cells` are given, from them: the cells that
/// [`Plan::cells`] names, in its order (the record's maps are then not read).
pub(crate) fn score_record(
    plan: &Plan<'_>,
    (record, cells): (&Record, Option<&[Option<Cell>]>),
    context: &ScoreContext<'_>,
    memo: &mut Memo,
) -> Result<Scored, Vec<Diagnostic>> {
    let count = plan.nodes.len();
    let mut scored = Scored::new_in(&mut memo.spare, count, context.breakdown);
    let mut errors = Vec::new();
    for (index, node) in plan.nodes.iter().enumerate() {
        let leaf = (record, cells, &mut scored);
        if let Err(error) = score_leaf(plan, node, leaf, context, (index, memo)) {
            // Point at the indicator in the scheme, unless the error has its own place.
            let error = if error.span.is_none() && error.file.is_none() {
                spanned(error, node.span).with_label("this indicator")
            } else {
                error
            };
            errors.push(error);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Children follow their parent: groups taken backwards come after their children.
    for &index in plan.groups.iter().rev() {
        let Some(node) = plan.nodes.get(index) else { continue };
        let points = weighted(plan, (&node.children, node.children_weight), scored.nodes())
            .map_err(|_| vec![too_large_to_weigh(Some(node.id), record)])?;
        if let Some(score) = scored.nodes_mut().get_mut(index) {
            score.set_points(points);
            if points.is_none() {
                score.set_missing(MissingPolicy::Reweight);
            }
        }
    }
    if context.breakdown {
        let (nodes, details) = scored.nodes_and_details();
        spread_weights(plan, &plan.top, Decimal::ONE, nodes, details);
    }
    let composite = weighted(plan, (&plan.top, plan.top_weight), scored.nodes())
        .map_err(|_| vec![too_large_to_weigh(None, record)])?;
    let Some(raw_composite) = composite else {
        return Err(vec![
            Diagnostic::error(
                "eval::no-data",
                format!(
                    "employee {} has no data for any indicator in period {}{}",
                    record.employee,
                    record.period,
                    row_of(record)
                ),
            )
            .with_help("add the employee's values, or use `missing zero` instead of `reweight`"),
        ]);
    };
    let failed_gates = gates(plan, &mut scored);
    let composite = if failed_gates.is_empty() { raw_composite } else { Decimal::ZERO };
    scored.set_outcome(composite, failed_gates);
    // Values read after scoring need their nodes' flags: such scores stay unpacked.
    if !context.breakdown && !context.keep_values {
        scored.pack_into(&plan.kept_points, &mut memo.spare);
    } else if !context.keep_values {
        scored.forget_values();
    }
    Ok(scored)
}

/// `" (file row N)"` for messages.
pub(crate) fn row_of(record: &Record) -> String {
    format!(" ({} row {})", record.origin.file, record.origin.row)
}

/// Value and points of an indicator (groups are left for later).
fn score_leaf(
    plan: &Plan<'_>,
    node: &PlanNode<'_>,
    (record, cells, scored): (&Record, Option<&[Option<Cell>]>, &mut Scored),
    context: &ScoreContext<'_>,
    (index, memo): (usize, &mut Memo),
) -> Result<(), Diagnostic> {
    // Its `i`th cell handed over by position, if the cells were.
    let handed = |i: usize| cells.map(|cells| cells.get(node.first_cell + i).copied().flatten());
    // Where this indicator's points are remembered.
    let at = (context.scheme_index, index);
    // What a hook is told, made only for a hook.
    let hook_context = || HookContext {
        scheme_index: context.scheme_index,
        scheme: &plan.scheme.name.node,
        employee: &record.employee,
        period: &record.period,
        indicator: Some(node.id),
        action: None,
    };
    // The breakdown of the node, when the output shows it: hook calls and ratings go there.
    let shown = context.breakdown;
    // The text of the points without noise, when remembered with them.
    let mut printed = Shown::NONE;
    let (value, points) = match &node.body {
        NodeBody::Group => return Ok(()),
        NodeBody::Measured { rule, derived, .. } => {
            let value = match derived {
                // Inputs missing from the data make the derived value missing: the policy
                // decides, and under `missing error` the message names the input.
                Some(call) => {
                    let hook_context = hook_context();
                    match hook_args(plan, &call.args, record, scored, None, &hook_context) {
                        Ok(args) => {
                            let runner = context
                                .hooks
                                .ok_or_else(|| unavailable(&call.function, &hook_context))?;
                            let result =
                                runner.call_value(&call.function.node, &args, &hook_context)?;
                            if let Some(detail) = detail_of(scored, index, shown) {
                                detail.hooks.push(trace(HookRole::Value, call, args, result));
                            }
                            Some(result)
                        }
                        Err(error) if node.missing == MissingPolicy::Error => return Err(error),
                        Err(_) => None,
                    }
                }
                None => match handed(0) {
                    Some(cell) => cell.map(|cell| cell.value),
                    None => node
                        .hint(0)
                        .get(&record.values, |k| **k == *node.id, |m| m.find_index(node.id).ok())
                        .map(|cell| cell.value),
                },
            };
            let points = match (value, &rule.kind) {
                (None, _) => None,
                (Some(value), RuleKind::Hook(call)) => {
                    let hook_context = hook_context();
                    let args =
                        hook_args(plan, &call.args, record, scored, Some(value), &hook_context)?;
                    let runner =
                        context.hooks.ok_or_else(|| unavailable(&call.function, &hook_context))?;
                    let result = runner.call_points(&call.function.node, &args, &hook_context)?;
                    if let Some(detail) = detail_of(scored, index, shown) {
                        detail.hooks.push(trace(HookRole::Points, call, args, result));
                    }
                    Some(result)
                }
                (Some(value), _) => {
                    let remembered = memo.points_shown(at, value, |v| rule.points(v));
                    let (points, text) = remembered.map_err(|why| {
                    let (code, what, help) = match why {
                        Unscored::NoBand => (
                            "eval::no-band",
                            "matches no band",
                            "add an `else => points` band to the rule",
                        ),
                        Unscored::TooLarge => (
                            "eval::too-large",
                            "cannot be scored: the value or the rule's numbers are too large for \
                             an exact decimal",
                            "check the export and the rule's numbers: merit computes exactly, \
                             with at most 28 digits",
                        ),
                    };
                    Diagnostic::error(
                        code,
                        format!(
                            "the value {} of `{}` for employee {} in period {} {what}{}",
                            value.normalize(),
                            node.id,
                            record.employee,
                            record.period,
                            row_of(record)
                        ),
                    )
                    .with_help(help)
                    })?;
                    printed = text;
                    Some(points)
                }
            };
            (value, points)
        }
        NodeBody::Rated { scale, raters } => {
            // (A few raters: on the stack.)
            let mut given: SmallVec<[_; 4]> = SmallVec::new();
            for (i, (rater, weight, declared)) in raters.raters.iter().enumerate() {
                // A scan, not a keyed lookup: no key strings to allocate per record.
                let is_key = |(i, r): &(std::sync::Arc<str>, std::sync::Arc<str>)| {
                    **i == *node.id && **r == **rater
                };
                let search = |m: &litemap::LiteMap<_, _>| m.iter().position(|(k, _)| is_key(k));
                let rated = match handed(i) {
                    Some(cell) => cell,
                    None => node.hint(i).get(&record.ratings, is_key, search).copied(),
                };
                let Some(cell) = rated else { continue };
                let points = memo.points_shown(at, cell.value, |r| scale.points(r).ok_or(()));
                let (points, text) = points.map_err(|()| {
                    Diagnostic::error(
                        "eval::rating-outside-scale",
                        format!(
                            "{} row {}: rating {} of `{}` by `{rater}` for employee {} is outside the scale `{}` ({})",
                            record.origin.file, cell.row, cell.value.normalize(), node.id,
                            record.employee, scale.id, scale.describe()
                        ),
                    )
                    .with_help(format!("use a rating of the scale: {}", scale.describe()))
                })?;
                given.push((*weight, points, cell.value));
                printed = text;
                if let Some(detail) = detail_of(scored, index, shown) {
                    let rater = rater.clone();
                    let weight = *declared;
                    detail.ratings.push(RatingResult { rater, rating: cell.value, points, weight });
                }
            }
            match combine(&given) {
                Ok(Some((points, mean))) => {
                    // One rater's points, as they were: their text too.
                    let as_given = |given: &Decimal| given.serialize() == points.serialize();
                    if !matches!(given.as_slice(), [(_, alone, _)] if as_given(alone)) {
                        printed = Shown::NONE;
                    }
                    (Some(mean), Some(points))
                }
                Ok(None) => (None, None),
                Err(_) => {
                    return Err(Diagnostic::error(
                        "eval::too-large",
                        format!(
                            "the ratings of `{}` for employee {} in period {} cannot be combined: \
                             the scale's numbers or the raters' weights are too large for an \
                             exact decimal{}",
                            node.id,
                            record.employee,
                            record.period,
                            row_of(record)
                        ),
                    )
                    .with_help("check the scale's steps and the raters' weights"));
                }
            }
        }
    };
    scored.set_value(index, value);
    let score = scored
        .nodes_mut()
        .get_mut(index)
        .ok_or_else(|| Diagnostic::error("eval::internal", "node index"))?;
    score.set_points(points);
    if points.is_none() {
        score.set_missing(node.missing);
        match node.missing {
            MissingPolicy::Zero => score.set_points(Some(Decimal::ZERO)),
            MissingPolicy::Reweight => {}
            MissingPolicy::Error => return Err(missing_error(node, record)),
        }
    }
    if printed.is_some() {
        scored.set_shown(index, printed);
    }
    Ok(())
}

/// The breakdown of node `index`, when it is `shown`.
fn detail_of(scored: &mut Scored, index: usize, shown: bool) -> Option<&mut NodeDetail> {
    if !shown {
        return None;
    }
    scored.nodes_and_details().1.get_mut(index)
}

fn missing_error(node: &PlanNode<'_>, record: &Record) -> Diagnostic {
    let what = match node.body {
        NodeBody::Rated { .. } => "no rating",
        _ => "no value",
    };
    Diagnostic::error(
        "eval::missing-value",
        format!(
            "employee {} has {what} for indicator `{}` in period {}{}",
            record.employee, node.id, record.period, row_of(record)
        ),
    )
    .with_help(format!(
        "add it to the data, or declare `missing zero` or `missing reweight` on `{}`, its group or the scheme",
        node.id
    ))
}

/// A hook call as results show it.
fn trace(role: HookRole, call: &HookCall, args: Vec<Decimal>, result: Decimal) -> HookCallResult {
    HookCallResult {
        role,
        function: call.function.node.clone(),
        inputs: call.args.iter().map(|name| name.node.clone()).zip(args).collect(),
        result,
    }
}

/// Arguments of a hook call: `value` (the indicator's own value), an indicator already
/// computed, or a raw data column.
pub(crate) fn hook_args(
    plan: &Plan<'_>,
    names: &[crate::ast::Ident],
    record: &Record,
    scored: &Scored,
    own: Option<Decimal>,
    context: &HookContext<'_>,
) -> Result<Vec<Decimal>, Diagnostic> {
    names
        .iter()
        .map(|name| {
            let computed = plan.ids.get(name.node.as_str()).and_then(|&i| scored.value(i));
            let value = match name.node.as_str() {
                "value" if own.is_some() => own,
                column => record.values.get(column).map(|c| c.value).or(computed),
            };
            value.ok_or_else(|| {
                Diagnostic::error(
                    "eval::hook-argument-missing",
                    format!(
                        "the hook argument `{}` has no value for employee {} in period {}{}",
                        name.node,
                        context.employee,
                        context.period,
                        row_of(record)
                    ),
                )
                .with_help("add the column to the data or pass an indicator that has a value")
            })
        })
        .collect()
}

/// Σ wᵢ × pointsᵢ / Σ wᵢ over the children with points; `None` when all are left out.
/// Computed on [`Fixed`] where it can be, else with `rust_decimal`: the same result.
/// `all_weight` is the sum of all the children's weights ([`Plan::total_weight`]).
fn weighted(
    plan: &Plan<'_>,
    (children, all_weight): (&[usize], Option<Fixed>),
    nodes: &[NodeScore],
) -> Result<Option<Decimal>, Unscored> {
    if let Some(mean) = weighted_fixed(plan, (children, all_weight), nodes) {
        return Ok(mean);
    }
    weighted_decimal(plan, children, nodes)
}

/// [`weighted`] on [`Fixed`]; `None` where an operand or a step leaves its ground.
fn weighted_fixed(
    plan: &Plan<'_>,
    (children, all_weight): (&[usize], Option<Fixed>),
    nodes: &[NodeScore],
) -> Option<Option<Decimal>> {
    let mut sum = Fixed::ZERO;
    let mut present = 0;
    for &child in children {
        let Some(score) = nodes.get(child) else { return Some(None) };
        if let (Some(node), Some(points)) = (plan.nodes.get(child), score.points()) {
            sum = sum.add(node.fixed_weight?.mul(Fixed::of(points)?)?)?;
            present += 1;
        }
    }
    let total_weight = if present == children.len() {
        all_weight?
    } else {
        // Some left out (missing data, reweighted): the weights of those with points.
        let scored = |&c: &usize| nodes.get(c).and_then(NodeScore::points).is_some();
        plan.total_weight(children.iter().copied().filter(scored))?
    };
    if total_weight.is_zero() {
        return Some(None);
    }
    Some(Some(sum.div(total_weight)?.decimal()))
}

/// [`weighted`] with `rust_decimal`.
fn weighted_decimal(
    plan: &Plan<'_>,
    children: &[usize],
    nodes: &[NodeScore],
) -> Result<Option<Decimal>, Unscored> {
    let mut total_weight = Decimal::ZERO;
    let mut sum = Decimal::ZERO;
    for &child in children {
        let Some(score) = nodes.get(child) else { return Ok(None) };
        if let (Some(node), Some(points)) = (plan.nodes.get(child), score.points()) {
            let term = node.weight.checked_mul(points);
            total_weight = total_weight.checked_add(node.weight).ok_or(Unscored::TooLarge)?;
            sum = term.and_then(|term| sum.checked_add(term)).ok_or(Unscored::TooLarge)?;
        }
    }
    if total_weight.is_zero() {
        return Ok(None);
    }
    sum.checked_div(total_weight).map(Some).ok_or(Unscored::TooLarge)
}

/// The error of a group (or, without one, the composite) whose weighted points overflow an
/// exact decimal: only points from hooks or rules with numbers near 10²⁸ get there.
fn too_large_to_weigh(group: Option<&str>, record: &Record) -> Diagnostic {
    let what = group.map_or("the composite".to_string(), |id| format!("the points of `{id}`"));
    Diagnostic::error(
        "eval::too-large",
        format!(
            "{what} for employee {} in period {} cannot be weighed: the weighted sum is too large \
             for an exact decimal{}",
            record.employee,
            record.period,
            row_of(record)
        ),
    )
    .with_help(
        "check the points that hooks return and the rules' numbers: merit computes exactly, \
         with at most 28 digits",
    )
}

/// Effective weights (percent) and path factors, top down.
fn spread_weights(
    plan: &Plan<'_>,
    children: &[usize],
    factor: Decimal,
    nodes: &[NodeScore],
    details: &mut [NodeDetail],
) {
    let present: Decimal = children
        .iter()
        .filter(|&&c| nodes.get(c).is_some_and(|n| n.points().is_some()))
        .filter_map(|&c| plan.nodes.get(c).map(|n| n.weight))
        .sum();
    for &child in children {
        let Some(node) = plan.nodes.get(child) else { continue };
        let Some(score) = nodes.get(child) else { continue };
        let (effective, child_factor) = if score.points().is_some() && !present.is_zero() {
            (Decimal::ONE_HUNDRED * node.weight / present, factor * node.weight / present)
        } else {
            (Decimal::ZERO, Decimal::ZERO)
        };
        if let Some(detail) = details.get_mut(child) {
            detail.effective_weight = effective;
            detail.factor = child_factor;
        }
        spread_weights(plan, &node.children, child_factor, nodes, details);
    }
}

/// Test every gate; a missing critical indicator fails its gate. Points are compared
/// rounded to the scheme's precision (what is shown), values exactly.
fn gates(plan: &Plan<'_>, scored: &mut Scored) -> Vec<usize> {
    let mut failed = Vec::new();
    for &index in &plan.gated {
        let Some(gate) = plan.nodes.get(index).and_then(|node| node.gate) else { continue };
        let value = scored.value(index);
        let Some(score) = scored.nodes_mut().get_mut(index) else { continue };
        let subject = match gate.subject {
            Subject::Points if !score.missing() => {
                score.points().map(|p| round_score(p, plan.precision))
            }
            Subject::Value => value,
            Subject::Points => None,
        };
        let rhs = gate.condition.rhs.base_value();
        let passed = subject.is_some_and(|s| gate.condition.op.holds(s, rhs));
        score.set_gate_passed(passed);
        if !passed {
            failed.push(index);
        }
    }
    failed
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn rounding_is_half_away_from_zero_with_exact_decimals() {
        assert_eq!(round_score(d("89.995"), 2).to_string(), "90.00");
        assert_eq!(round_score(d("84.4449"), 2).to_string(), "84.44");
        assert_eq!(round_score(d("-0.125"), 2).to_string(), "-0.13");
        assert_eq!(round_score(d("85"), 2).to_string(), "85.00");
        assert_eq!(round_score(d("85.5"), 0).to_string(), "86");
    }

    /// A plan of one group of five indicators weighted 10, 15.5, 20, 24.5 and 30 under the
    /// top level (weights 40 and 60).
    fn five_in_a_group() -> Plan<'static> {
        use crate::eval::testing::{group, measured, scheme, targets};
        let children = ["a", "b", "c", "d", "e"]
            .iter()
            .zip(["10", "15.5", "20", "24.5", "30"])
            .map(|(id, weight)| measured(id, weight, targets("20", "40")))
            .collect();
        let top = vec![group("g", "40", children), measured("f", "60", targets("20", "40"))];
        let scheme: &'static _ = Box::leak(Box::new(scheme(top)));
        Plan::compile(scheme).unwrap()
    }

    proptest::proptest! {
        /// On the mantissa or through `rust_decimal`, a score rounds to the same decimal,
        /// scale and sign included; composites (never negative) take the first way.
        #[test]
        fn rounding_on_the_mantissa_is_rust_decimals(
            lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28,
            small in 0u64..100_000_000, small_scale in 0u32..=9, precision in 0u32..=6,
            any_precision in 0u32..=28,
        ) {
            for value in [
                Decimal::from_parts(lo, mid, hi, negative, scale),
                Decimal::new(small as i64, small_scale),
                Decimal::from_parts(lo, mid, 0, false, scale),
            ] {
                for precision in [precision, any_precision] {
                    let expected = round_decimal(value, precision);
                    let rounded = round_magnitude(value, precision);
                    if let Some(rounded) = rounded {
                        proptest::prop_assert_eq!(rounded.serialize(), expected.serialize());
                    }
                    proptest::prop_assert_eq!(
                        round_score(value, precision).serialize(),
                        expected.serialize()
                    );
                    if !value.is_sign_negative() && precision <= 6 && value.mantissa() < 1 << 64 {
                        proptest::prop_assert!(rounded.is_some(), "{value} to {precision}");
                    }
                }
            }
        }

        /// On [`Fixed`] or with `rust_decimal`, a group's points are the same decimal, scale
        /// included, whichever children have points (the others left out by `reweight`).
        #[test]
        fn weighted_sums_are_rust_decimals_with_children_left_out(
            points in proptest::collection::vec(
                // Not zero: a zero product has scale 0, and a sum of fewer decimals than
                // the weights' is divided by `rust_decimal` (a negative scale), not here.
                proptest::option::of((1i64..12_000_000, 0u32..5, proptest::bool::ANY)),
                5,
            ),
        ) {
            let plan = five_in_a_group();
            let group = plan.ids["g"];
            let mut nodes = vec![NodeScore::default(); plan.nodes.len()];
            for (child, given) in plan.nodes[group].children.iter().zip(&points) {
                // Short decimals, and 28-digit quotients (a seventh) as curves give them.
                let points = given.map(|(m, s, seventh)| {
                    let p = Decimal::new(m, s);
                    if seventh { p / Decimal::from(7) } else { p }
                });
                nodes[*child].set_points(points);
            }
            let node = &plan.nodes[group];
            let fixed = weighted_fixed(&plan, (&node.children, node.children_weight), &nodes);
            let reference = weighted_decimal(&plan, &node.children, &nodes).unwrap();
            let bits = |d: Option<Decimal>| d.map(|d| d.serialize());
            proptest::prop_assert!(fixed.is_some(), "left to rust_decimal: {points:?}");
            proptest::prop_assert_eq!(fixed.map(bits), Some(bits(reference)));
        }

        /// The same decimal, scale and sign included, as rust_decimal's rounding then
        /// normalizing gives.
        #[test]
        fn denoise_is_rounding_then_normalizing(
            lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28,
            zeros in 0u32..20, small in 0u64..1_000_000,
        ) {
            let reference = |d: Decimal| {
                d.round_dp_with_strategy(FULL_PRECISION, RoundingStrategy::MidpointAwayFromZero)
                    .normalize()
            };
            let mut cases = vec![
                Decimal::from_parts(lo, mid, hi, negative, scale),
                Decimal::from_parts(lo, 0, 0, negative, scale),
                // Trailing zeros, and exact midpoints past the 20th decimal.
                Decimal::from_i128_with_scale(i128::from(small) * 10i128.pow(zeros), scale.min(28)),
                Decimal::from_i128_with_scale(i128::from(small) * 10 + 5, 21),
                Decimal::from_i128_with_scale(-(i128::from(small) * 1000 + 500), 23),
            ];
            cases.push(-cases[0]);
            for d in cases {
                proptest::prop_assert_eq!(denoise(d).serialize(), reference(d).serialize(), "{}", d);
            }
        }
    }

    #[test]
    fn denoise_edge_cases_are_rust_decimals() {
        let reference = |d: Decimal| {
            d.round_dp_with_strategy(FULL_PRECISION, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
        };
        let mut cases: Vec<Decimal> = [
            "0.9999999999999999999999999999",
            "-0.0000000000000000000000000001",
            "0.000000000000000000005",
            "-0.000000000000000000005",
            "0.000000000000000000004999",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "100.00000000000000000000000000",
            "1000000000000000000000000000",
            "89.666666666666666666666666667",
        ]
        .iter()
        .map(|t| d(t))
        .collect();
        cases.extend([0, 20, 21, 28].map(|scale| Decimal::from_parts(0, 0, 0, true, scale)));
        for case in cases {
            assert_eq!(denoise(case).serialize(), reference(case).serialize(), "{case}");
        }
    }

    #[test]
    fn arithmetic_noise_does_not_move_a_midpoint() {
        // 269.985 / 3 × 1 computed in 28 digits can land a hair below 89.995; on paper it is
        // 89.995 and must show as 90.00.
        assert_eq!(round_score(d("89.99499999999999999999999999"), 2).to_string(), "90.00");
        assert_eq!(denoise(d("21.373600000000000000000000001")).to_string(), "21.3736");
        assert_eq!(denoise(d("89.99499")).to_string(), "89.99499");
    }
}
