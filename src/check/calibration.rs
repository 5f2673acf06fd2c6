//! Standards calibrated on history (`merit check --history FILE`): for each measured
//! indicator scored by targets, a curve, a ratio or a pass rule, the share of employee-periods
//! in the history that reached its threshold and its target (direction-aware), and the best
//! value ever observed.
//!
//! - Fewer than `min_history` employee-periods with a value: `attainable::history-too-small`,
//!   and no judgement.
//! - No employee-period ever reached the target: `realistic::target-beyond-best`.
//! - Else, a share reaching the target above the band (default 90%) is
//!   `attainable::target-too-loose`, below it (default 10%) `attainable::target-too-strict`.
//!   The band's ends are inclusive.
//!
//! Percentiles count from the worst value to the best, by nearest rank: the p-th percentile
//! of n values sorted worst first is the value at rank ⌈p × n / 100⌉ (at least 1), so that
//! about (100 − p)% of employee-periods are at least as good. The suggested target is the
//! `suggest_percentile`-th (default 70th). Shares are exact; messages show them in percent
//! with one decimal, rounded half away from zero.

use rust_decimal::{Decimal, RoundingStrategy};

use super::context::{Context, base, show};
use super::stats::{Reach, Standard, Stats, standard};
use crate::ast::{Indicator, Period, Quantity, Scheme};
use crate::config::Calibration;
use crate::diagnostic::Diagnostic;
use crate::eval::dataset::Record;
use crate::eval::hooks_api::{HookContext, HookRunner};
use crate::source::SourceFile;

/// The history of one scheme: its employees' records, one per employee and period.
pub struct History<'a> {
    /// The history file as the user named it, for messages.
    pub name: &'a str,
    /// The records routed to the scheme.
    pub records: Vec<&'a Record>,
    /// The scheme's hooks, to compute derived values; without them derived indicators are
    /// not judged.
    pub hooks: Option<&'a dyn HookRunner>,
}

/// Judge every measured indicator's standard against the history.
pub fn calibrate(
    scheme: &Scheme,
    file: &SourceFile,
    history: &History,
    settings: &Calibration,
) -> Vec<Diagnostic> {
    let ctx = Context::new(scheme, file);
    let mut out = Vec::new();
    for indicator in scheme.all_indicators() {
        let Some(standard) = standard(indicator) else { continue };
        let values = match values(scheme, indicator, history) {
            Ok(values) => values,
            Err(error) => {
                out.push(error);
                continue;
            }
        };
        judge(&ctx, indicator, &standard, &values, history, settings, &mut out);
    }
    out
}

/// The indicator's value in each record that has one (derived values through the hooks).
fn values(
    scheme: &Scheme,
    indicator: &Indicator,
    history: &History,
) -> Result<Vec<Decimal>, Diagnostic> {
    let id = indicator.id.node.as_str();
    let Some(derived) = &indicator.derived else {
        return Ok(history
            .records
            .iter()
            .filter_map(|r| r.values.get(id).map(|c| c.value))
            .collect());
    };
    let Some(hooks) = history.hooks else { return Ok(Vec::new()) };
    let mut values = Vec::new();
    for record in &history.records {
        let args: Option<Vec<Decimal>> = derived
            .args
            .iter()
            .map(|a| record.values.get(a.node.as_str()).map(|c| c.value))
            .collect();
        let Some(args) = args else { continue };
        let context = HookContext {
            scheme_index: 0,
            scheme: &scheme.name.node,
            employee: &record.employee,
            period: &record.period,
            indicator: Some(id),
            action: None,
        };
        values.push(hooks.call_value(&derived.function.node, &args, &context)?);
    }
    Ok(values)
}

fn judge(
    ctx: &Context,
    indicator: &Indicator,
    standard: &Standard,
    values: &[Decimal],
    history: &History,
    settings: &Calibration,
    out: &mut Vec<Diagnostic>,
) {
    let id = &indicator.id.node;
    let unit = periods_word(ctx.scheme);
    let n = values.len();
    if n < settings.min_history {
        let have = match n {
            0 => {
                format!("no {unit_one} in {} has a value", history.name, unit_one = singular(&unit))
            }
            1 => format!("only 1 {} in {} has a value", singular(&unit), history.name),
            _ => format!("only {} {unit} in {} have a value", thousands(n), history.name),
        };
        out.push(
            ctx.warning(
                "attainable::history-too-small",
                format!("{have} for `{id}`: too few to judge its target (at least {} are needed)", settings.min_history),
                indicator.id.span,
            )
            .with_label("not judged")
            .with_help(format!(
                "give a longer history with a column `{id}`, or lower `min_history` (now {}) in merit.toml's [calibration]",
                settings.min_history
            )),
        );
        return;
    }
    let stats = Stats::new(values, standard.reach);
    let like = &standard.target.node;
    let at = |p: u32| display(stats.percentile(p), like);
    let target_shown = show(like);
    let reached = stats.reaching(standard.target_value);
    let figures = format!("the 50th–90th percentile lies between {} and {}", at(50), at(90));
    let suggested = stats.percentile(settings.suggest_percentile);
    let suggestion = format!(
        "{} (the {} percentile: reached in {} of {unit})",
        display(suggested, like),
        ordinal(settings.suggest_percentile),
        percent(stats.reaching_share(suggested))
    );
    let threshold = match &standard.threshold {
        Some((value, written)) => format!(
            "; the threshold {} was reached in {}",
            show(written),
            percent(stats.reaching_share(*value))
        ),
        None => String::new(),
    };
    let best = display(stats.best(), like);
    let order = order_note(standard, suggested);
    let (code, message, label, help) = if reached == 0 {
        (
            "realistic::target-beyond-best",
            format!(
                "target {target_shown} of `{id}` was never reached: the best of {} {unit} is {best}",
                thousands(n)
            ),
            "beyond the best value ever observed".to_string(),
            format!(
                "set the target within what has been achieved, e.g. {suggestion}{order}{threshold}"
            ),
        )
    } else {
        let share = percent(stats.reaching_share(standard.target_value));
        let hundred = Decimal::ONE_HUNDRED;
        let count = Decimal::from(reached);
        let total = Decimal::from(n);
        let band =
            format!("{}%–{}%", settings.band_low.normalize(), settings.band_high.normalize());
        if count * hundred > settings.band_high * total {
            (
                "attainable::target-too-loose",
                format!(
                    "target {target_shown} of `{id}` reached in {share} of {} {unit}: too loose; {figures}",
                    thousands(n)
                ),
                format!("reached by more than {}%", settings.band_high.normalize()),
                format!(
                    "raise the target to about {suggestion}{order}; the band is {band} reaching the target{threshold}; the best value was {best}"
                ),
            )
        } else if count * hundred < settings.band_low * total {
            (
                "attainable::target-too-strict",
                format!(
                    "target {target_shown} of `{id}` reached in {share} of {} {unit}: too strict; {figures}",
                    thousands(n)
                ),
                format!("reached by fewer than {}%", settings.band_low.normalize()),
                format!(
                    "lower the target to about {suggestion}{order}; the band is {band} reaching the target{threshold}; the best value was {best}"
                ),
            )
        } else {
            return;
        }
    };
    out.push(ctx.warning(code, message, standard.target.span).with_label(label).with_help(help));
}

/// A note when the suggested target would break the order threshold → target → stretch.
fn order_note(standard: &Standard, suggested: Decimal) -> String {
    let better = |a: Decimal, b: Decimal| match standard.reach {
        Reach::AtLeast | Reach::Above => a > b,
        Reach::AtMost | Reach::Below => a < b,
    };
    let mut notes = Vec::new();
    if let Some((threshold, written)) = &standard.threshold {
        if !better(suggested, *threshold) {
            notes.push(format!("move the threshold {} below it", show(written)));
        }
    }
    if let Some(stretch) = standard.stretch.as_ref().and_then(|s| base(s).map(|v| (v, s))) {
        if !better(stretch.0, suggested) {
            notes.push(format!("move the stretch {} beyond it", show(stretch.1)));
        }
    }
    if notes.is_empty() { String::new() } else { format!(" and {}", notes.join(" and ")) }
}

/// A value in the unit the scheme wrote `like` in, rounded to 2 decimals.
fn display(value: Decimal, like: &Quantity) -> String {
    let round = |v: Decimal| {
        v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero).normalize()
    };
    match like {
        Quantity::Percent(_) => format!("{}%", round(value)),
        Quantity::Duration(_, unit) => {
            let converted = value.checked_div(unit.seconds()).unwrap_or(value);
            format!("{}{}", round(converted), unit.suffix())
        }
        Quantity::Money(_, currency) => format!("{} {currency}", round(value)),
        Quantity::Number(_) => round(value).to_string(),
    }
}

/// A share in percent with one decimal, rounded half away from zero: `97.0%`.
pub(crate) fn percent(share: Decimal) -> String {
    let mut rounded = share.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(1);
    format!("{rounded}%")
}

/// `1,204`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn periods_word(scheme: &Scheme) -> String {
    let unit = match scheme.cycle.as_ref().map(|c| c.period.node) {
        Some(Period::Weekly) => "weeks",
        Some(Period::Monthly) => "months",
        Some(Period::Quarterly) => "quarters",
        Some(Period::Yearly) => "years",
        None => "periods",
    };
    format!("employee-{unit}")
}

fn singular(plural: &str) -> &str {
    plural.strip_suffix('s').unwrap_or(plural)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::DurationUnit;

    #[test]
    fn figures_are_written_for_people() {
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
        // 37 of 40 = 92.5%; 1 of 3 = 33.333…% → 33.3%; 2 of 3 → 66.7%; 97% → 97.0%.
        let share = |count: i64, n: i64| Decimal::from(count * 100) / Decimal::from(n);
        assert_eq!(percent(share(37, 40)), "92.5%");
        assert_eq!(percent(share(1, 3)), "33.3%");
        assert_eq!(percent(share(2, 3)), "66.7%");
        assert_eq!(percent(Decimal::from(97)), "97.0%");
        // 0.05% rounds half away from zero to 0.1%.
        assert_eq!(percent(Decimal::new(5, 2)), "0.1%");
        assert_eq!(
            [ordinal(1), ordinal(2), ordinal(13), ordinal(70), ordinal(92)],
            ["1st", "2nd", "13th", "70th", "92nd"]
        );
    }

    #[test]
    fn values_are_shown_in_the_unit_the_target_was_written_in() {
        let minutes = Quantity::Duration(Decimal::from(6), DurationUnit::Minutes);
        // 390 s = 6.5 m; 400 s = 6.666… m → 6.67m.
        assert_eq!(display(Decimal::from(390), &minutes), "6.5m");
        assert_eq!(display(Decimal::from(400), &minutes), "6.67m");
        assert_eq!(display(Decimal::new(3125, 2), &Quantity::Percent(Decimal::ONE)), "31.25%");
        let money = Quantity::Money(Decimal::ONE, "CNY".into());
        assert_eq!(display(Decimal::from(34000), &money), "34000 CNY");
    }
}
