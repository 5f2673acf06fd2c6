//! A deterministic generator of realistic metric data for any scheme: the same scheme, sizes
//! and seed always give the same bytes. Used by benchmarks and for trying a scheme out.
//!
//! Each employee has a persistent skill level; each value is drawn between the scheme's
//! "worst" and "best" anchors (a little beyond both), leaning towards the employee's skill, so
//! that ranks, streaks and every scoring rule see realistic spreads.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use crate::ast::{Direction, Indicator, Period, Quantity, RankScope, Scheme, Scoring, Unit};
use crate::hooks::HookKind;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Number of employees.
    pub employees: usize,
    /// Number of consecutive periods, starting at the scheme's effective date.
    pub periods: usize,
    /// Seed of the random generator.
    pub seed: u64,
    /// Wide (a column per indicator) or long (a row per value) CSV.
    pub long: bool,
}

/// One column of wide output: what it is called and how its values are drawn.
struct Column {
    name: String,
    draw: Draw,
}

/// How a column's values are drawn: between `worst` and `best`, with `decimals` digits,
/// written with `suffix` (`%` for percentages, so that `0.4%` is never read as 40%).
struct Draw {
    worst: Decimal,
    best: Decimal,
    decimals: u32,
    min: Option<Decimal>,
    max: Option<Decimal>,
    suffix: &'static str,
}

/// Write generated data for `scheme` as CSV to `out`.
pub fn generate(scheme: &Scheme, options: &GenOptions, out: &mut dyn Write) -> io::Result<()> {
    let columns = columns(scheme);
    let periods = period_labels(scheme, options.periods);
    let role = scheme.scope.as_ref().and_then(|s| s.role.as_ref()).map(|r| r.node.clone());
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let skills: Vec<Decimal> =
        (0..options.employees).map(|_| Decimal::new(rng.random_range(0..=1000), 3)).collect();
    let mut out = io::BufWriter::new(out);
    let role_header = if role.is_some() { ",role" } else { "" };
    let scope = scope_column(scheme);
    let scope_header = scope.map(|c| format!(",{c}")).unwrap_or_default();
    if options.long {
        writeln!(out, "employee,period{role_header},team{scope_header},indicator,value,rater")?;
    } else {
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        writeln!(out, "employee,period{role_header},team{scope_header},{}", names.join(","))?;
    }
    let width = options.employees.to_string().len().max(4);
    for period in &periods {
        for (index, skill) in skills.iter().enumerate() {
            let employee = format!("E{:0width$}", index + 1);
            let mut team = format!("T{:02}", index % 25 + 1);
            if let Some(column) = scope {
                // Four of them (`S01`..`S04` for `site`), each holding teams of its own.
                let initial = column.chars().next().map_or('X', |c| c.to_ascii_uppercase());
                team = format!("{team},{initial}{:02}", index % 4 + 1);
            }
            let role_cell = role.as_ref().map(|r| format!(",{r}")).unwrap_or_default();
            if !options.long {
                write!(out, "{employee},{period}{role_cell},{team}")?;
            }
            for column in &columns {
                let value = draw(&column.draw, *skill, &mut rng);
                let suffix = column.draw.suffix;
                if options.long {
                    let (indicator, rater) =
                        column.name.split_once('@').unwrap_or((column.name.as_str(), ""));
                    writeln!(
                        out,
                        "{employee},{period}{role_cell},{team},{indicator},{value}{suffix},{rater}"
                    )?;
                } else {
                    write!(out, ",{value}{suffix}")?;
                }
            }
            if !options.long {
                writeln!(out)?;
            }
        }
    }
    out.flush()
}

/// The column the scheme ranks by (`scope by site`), when it is not the `team` column every
/// generated file has.
fn scope_column(scheme: &Scheme) -> Option<&str> {
    let scope = scheme.ranking.as_ref()?.node.scope.as_ref()?;
    match &scope.node {
        RankScope::By(column) if column.node != "team" => Some(column.node.as_str()),
        _ => None,
    }
}

fn draw(draw: &Draw, skill: Decimal, rng: &mut ChaCha8Rng) -> Decimal {
    // quantile = 0.6 × skill + 0.4 × noise, then stretched 15% beyond both anchors.
    let noise = Decimal::new(rng.random_range(0..=1000), 3);
    let quantile = Decimal::new(6, 1) * skill + Decimal::new(4, 1) * noise;
    let spread = draw.best - draw.worst;
    let mut value =
        draw.worst - spread * Decimal::new(15, 2) + spread * quantile * Decimal::new(13, 1);
    if let Some(min) = draw.min {
        value = value.max(min);
    }
    if let Some(max) = draw.max {
        value = value.min(max);
    }
    value.round_dp(draw.decimals).normalize()
}

fn columns(scheme: &Scheme) -> Vec<Column> {
    let scale_range = |id: &str| {
        scheme.scales.iter().find(|s| s.id.node == id).map(|scale| {
            let ratings = scale.steps.iter().map(|s| s.rating.node);
            let lo = ratings.clone().min().unwrap_or(Decimal::ONE);
            let hi = ratings.max().unwrap_or(Decimal::from(5));
            (lo, hi)
        })
    };
    let mut columns = Vec::new();
    for indicator in scheme.all_indicators() {
        if let Some(rating) = &indicator.rating {
            let (lo, hi) =
                scale_range(&rating.scale.node).unwrap_or((Decimal::ONE, Decimal::from(5)));
            for rater in &rating.raters {
                columns.push(Column {
                    name: format!("{}@{}", indicator.id.node, rater.node),
                    draw: Draw {
                        worst: lo,
                        best: hi,
                        decimals: 0,
                        min: Some(lo),
                        max: Some(hi),
                        suffix: "",
                    },
                });
            }
        } else if let Some(derived) = &indicator.derived {
            for arg in &derived.args {
                columns.push(Column { name: arg.node.clone(), draw: raw_draw() });
            }
        } else {
            columns
                .push(Column { name: indicator.id.node.clone(), draw: measured_draw(indicator) });
        }
    }
    // Data columns that score and action hooks read besides indicators (`concurrent_chats`
    // in `score hook first_reply_points(value, concurrent_chats)`).
    let indicators: Vec<String> =
        scheme.all_indicators().iter().map(|i| i.id.node.clone()).collect();
    for site in crate::hooks::call_sites(scheme) {
        let raw = site.call.node.args.iter().filter(|arg| {
            site.kind != HookKind::Value && arg.node != "value" && !indicators.contains(&arg.node)
        });
        for arg in raw {
            columns.push(Column { name: arg.node.clone(), draw: raw_draw() });
        }
    }
    let mut seen = std::collections::HashSet::new();
    columns.retain(|column| seen.insert(column.name.clone()));
    columns
}

/// A raw count that a hook reads (orders, refunds, concurrent chats).
fn raw_draw() -> Draw {
    Draw {
        worst: Decimal::from(10),
        best: Decimal::from(200),
        decimals: 0,
        min: Some(Decimal::ZERO),
        max: None,
        suffix: "",
    }
}

fn measured_draw(indicator: &Indicator) -> Draw {
    let unit = indicator.unit.as_ref().map(|u| u.node.clone()).unwrap_or(Unit::Ratio);
    let higher = indicator.direction.as_ref().is_none_or(|d| d.node == Direction::Higher);
    let anchors: Vec<Decimal> = match indicator.scoring.as_ref().map(|s| &s.node) {
        Some(Scoring::Curve(anchors)) => anchors.iter().map(|a| a.value.base_value()).collect(),
        Some(Scoring::Targets { threshold, target, stretch }) => {
            let mut v = vec![threshold.base_value(), target.base_value()];
            v.extend(stretch.as_ref().map(|s| s.value.base_value()));
            v
        }
        Some(Scoring::Bands { bands, .. }) => bands
            .iter()
            .flat_map(|b| [b.range.from.as_ref(), b.range.to.as_ref()])
            .flatten()
            .map(Quantity::base_value)
            .collect(),
        Some(Scoring::Ratio { target, .. }) => {
            let t = target.base_value();
            vec![t * Decimal::new(5, 1), t * Decimal::new(12, 1)]
        }
        Some(Scoring::PassFail(cmp)) => {
            let v = cmp.rhs.base_value();
            vec![v - v.abs() * Decimal::new(3, 2), v]
        }
        _ => vec![Decimal::ZERO, Decimal::from(100)],
    };
    let lo = anchors.iter().copied().min().unwrap_or(Decimal::ZERO);
    let hi = anchors.iter().copied().max().unwrap_or(Decimal::from(100));
    let (worst, best) = if higher { (lo, hi) } else { (hi, lo) };
    let (min, max, decimals) = match unit {
        Unit::Percent => (Some(Decimal::ZERO), Some(Decimal::from(100)), 1),
        Unit::Duration => (Some(Decimal::ZERO), None, 0),
        Unit::Count => (Some(Decimal::ZERO), None, 0),
        Unit::Currency(_) => (Some(Decimal::ZERO), None, 2),
        Unit::Ratio => (Some(Decimal::ZERO), None, 2),
    };
    let suffix = if unit == Unit::Percent { "%" } else { "" };
    Draw { worst, best, decimals, min, max, suffix }
}

/// The labels of `count` consecutive periods starting at the scheme's effective date.
pub fn period_labels(scheme: &Scheme, count: usize) -> Vec<String> {
    let cycle = scheme.cycle.as_ref();
    let period = cycle.map_or(Period::Monthly, |c| c.period.node);
    let start = cycle
        .and_then(|c| c.effective.as_ref().map(|d| d.node))
        .unwrap_or(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default());
    let (year, month) = (start.year(), start.month0());
    (0..count)
        .map(|i| match period {
            Period::Monthly => {
                let m = month as usize + i;
                format!("{:04}-{:02}", year + (m / 12) as i32, m % 12 + 1)
            }
            Period::Quarterly => {
                let q = (month / 3) as usize + i;
                format!("{:04}-Q{}", year + (q / 4) as i32, q % 4 + 1)
            }
            Period::Yearly => format!("{:04}", year + i as i32),
            Period::Weekly => {
                let week = (start + chrono::Days::new(7 * i as u64)).iso_week();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
        })
        .collect()
}
