//! The scheme as data: what `syntax` builds from a `.merit` file, what `check`, `fmt` and
//! `eval` read. Every node carries its span; equality ignores spans (see [`Spanned`]).
//!
//! Percentages are stored as written (`30%` is `30`), durations keep their unit, money keeps
//! its currency, so that the formatter can print back exactly what the author wrote.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::source::Spanned;

/// An identifier written in the scheme: `conversion`, `store_manager`, `A`.
pub type Ident = Spanned<String>;

/// One scheme: one `.merit` file, for one role or team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scheme {
    /// `scheme "Online-shop customer service"`: the title.
    pub name: Spanned<String>,
    /// `version "1.0"`.
    pub version: Option<Spanned<String>>,
    /// `purpose "..."`: why the scheme exists.
    pub purpose: Option<Spanned<String>>,
    /// `strategy "..."`: the company goal the scheme serves.
    pub strategy: Option<Spanned<String>>,
    /// `owner "..."`: who maintains the scheme.
    pub owner: Option<Spanned<String>>,
    /// `scope "team" role cs_agent`: whom the scheme applies to.
    pub scope: Option<Spanned<Scope>>,
    /// `cycle monthly from 2011-06-07`.
    pub cycle: Option<Spanned<Cycle>>,
    /// `precision 2`: decimals of the composite used for display, ranks and grades.
    pub precision: Option<Spanned<u32>>,
    /// `currency CNY`: the currency of money amounts that name none.
    pub currency: Option<Spanned<String>>,
    /// `missing zero`: the scheme-wide missing-data policy (default: error).
    pub missing: Option<Spanned<MissingPolicy>>,
    /// `approved "HR director" on 2011-06-01`, in source order.
    pub approvals: Vec<Spanned<Approval>>,
    /// `milestone feedback "Feedback interview" day 5`, in source order.
    pub milestones: Vec<Spanned<Milestone>>,
    /// `rater store_manager manager "Store manager" weight 70%`.
    pub raters: Vec<Spanned<Rater>>,
    /// `scale five_point "..." { 1 "Poor" ... }`.
    pub scales: Vec<Spanned<Scale>>,
    /// `hook refund_ratio in "hooks/cs.rhai"`.
    pub hooks: Vec<Spanned<HookDecl>>,
    /// The root's children: groups and indicators whose weights sum to 100%.
    pub indicators: Vec<Spanned<Node>>,
    /// `grades by score { ... }` or `grades by rank { ... }`.
    pub grades: Option<Spanned<Grades>>,
    /// `ranking { ... }`.
    pub ranking: Option<Spanned<Ranking>>,
    /// `action id "label" { when ... then ... }`, in source order.
    pub actions: Vec<Spanned<Action>>,
}

/// Whom a scheme applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scope {
    /// The team or unit in words: `"Online-shop customer-service team"`.
    pub team: Option<Spanned<String>>,
    /// The role key that routes data rows to this scheme (`role cs_agent`).
    pub role: Option<Ident>,
}

/// How often the scheme is evaluated, and from when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cycle {
    /// `weekly`, `monthly`, `quarterly`, `yearly`.
    pub period: Spanned<Period>,
    /// `from 2011-06-07`: the date the scheme takes effect.
    pub effective: Option<Spanned<NaiveDate>>,
}

/// The length of one evaluation cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Period labels like `2011-W23`.
    Weekly,
    /// Period labels like `2011-06`.
    Monthly,
    /// Period labels like `2011-Q3`.
    Quarterly,
    /// Period labels like `2011`.
    Yearly,
}

/// What to do when an employee has no value for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MissingPolicy {
    /// Stop with an error naming employee, period and indicator (the default).
    Error,
    /// The indicator scores 0 points.
    Zero,
    /// The indicator is left out and its siblings' weights are renormalised.
    Reweight,
}

/// A recorded approval: who agreed to the scheme, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    /// Who approved, in words.
    pub by: Spanned<String>,
    /// The date of the approval.
    pub on: Spanned<NaiveDate>,
}

/// A dated step of each cycle: `milestone feedback "Feedback interview" day 5`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// Identifier.
    pub id: Ident,
    /// What happens.
    pub label: Option<Spanned<String>>,
    /// Days after the end of the period (day 1 is the first day after it).
    pub day: Spanned<u32>,
}

/// A rater declaration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rater {
    /// Identifier, used in `rated on ... by <id>` and in data columns `indicator@<id>`.
    pub id: Ident,
    /// One of the six kinds of rater.
    pub kind: Spanned<RaterKind>,
    /// Human name: `"Store manager"`.
    pub label: Option<Spanned<String>>,
    /// Weight where several raters rate the same indicator.
    pub weight: Option<Spanned<Decimal>>,
}

/// The six kinds of rater of the founding document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RaterKind {
    /// The direct superior.
    Manager,
    /// A colleague at the same level.
    Peer,
    /// A direct subordinate.
    Subordinate,
    /// The appraisee.
    #[serde(rename = "self")]
    SelfRater,
    /// A service recipient.
    Customer,
    /// An external expert.
    Expert,
}

/// A rating scale: `scale five_point "Five-point scale" { 1 "Poor" ... 5 "Excellent" }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// Identifier.
    pub id: Ident,
    /// Human name.
    pub label: Option<Spanned<String>>,
    /// The steps, in source order.
    pub steps: Vec<Spanned<ScaleStep>>,
}

/// One step of a scale: `4 "Very good"` or `4 "Very good" => 80`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleStep {
    /// The rating a rater gives.
    pub rating: Spanned<Decimal>,
    /// What the rating means.
    pub label: Option<Spanned<String>>,
    /// Points for this step; when no step gives points they are linear in the rating.
    pub points: Option<Spanned<Decimal>>,
}

/// `hook refund_ratio in "hooks/cs.rhai"`: a rhai function the scheme may call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HookDecl {
    /// The function's name in the script.
    pub function: Ident,
    /// The script's path, relative to the scheme file.
    pub script: Spanned<String>,
}

/// A call of a declared hook: `refund_ratio(refunds, paid_orders)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HookCall {
    /// The declared hook function.
    pub function: Ident,
    /// Arguments: names of data columns or indicators, by position.
    pub args: Vec<Ident>,
}

/// A child of the root or of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Node {
    /// A weighted group of children.
    Group(Group),
    /// A scored indicator.
    Indicator(Box<Indicator>),
}

impl Node {
    /// The node's identifier.
    pub fn id(&self) -> &Ident {
        match self {
            Node::Group(g) => &g.id,
            Node::Indicator(i) => &i.id,
        }
    }

    /// The node's weight among its siblings, in percent.
    pub fn weight(&self) -> &Spanned<Decimal> {
        match self {
            Node::Group(g) => &g.weight,
            Node::Indicator(i) => &i.weight,
        }
    }
}

/// `group service "Service" weight 70% { ... }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Identifier.
    pub id: Ident,
    /// Human name.
    pub label: Option<Spanned<String>>,
    /// Weight among siblings, in percent.
    pub weight: Spanned<Decimal>,
    /// Missing-data policy for the indicators inside (overrides the scheme's).
    pub missing: Option<Spanned<MissingPolicy>>,
    /// Groups and indicators, in source order.
    pub children: Vec<Spanned<Node>>,
}

/// `indicator conversion "Inquiry conversion rate" weight 40% { ... }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Identifier; also the data column name (wide layout).
    pub id: Ident,
    /// Human name.
    pub label: Option<Spanned<String>>,
    /// Weight among siblings, in percent.
    pub weight: Spanned<Decimal>,
    /// `definition "..."`: what is counted.
    pub definition: Option<Spanned<String>>,
    /// `numerator "..."` for ratios.
    pub numerator: Option<Spanned<String>>,
    /// `denominator "..."` for ratios.
    pub denominator: Option<Spanned<String>>,
    /// `unit percent` (measured indicators).
    pub unit: Option<Spanned<Unit>>,
    /// `higher is better` / `lower is better`.
    pub direction: Option<Spanned<Direction>>,
    /// `source "..."`: where the data comes from.
    pub source: Option<Spanned<String>>,
    /// `value refund_ratio(refunds, paid_orders)`: a derived metric computed by a hook.
    pub derived: Option<Spanned<HookCall>>,
    /// `score ...`: how a measured value becomes points.
    pub scoring: Option<Spanned<Scoring>>,
    /// `rated on five_point by self, store_manager`: a rated indicator.
    pub rating: Option<Spanned<Rating>>,
    /// `critical gate points >= 60`: failing it zeroes the composite.
    pub gate: Option<Spanned<Gate>>,
    /// `missing zero`: this indicator's missing-data policy.
    pub missing: Option<Spanned<MissingPolicy>>,
}

/// The unit of a measured indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// 0..100, written `35%`.
    Percent,
    /// Seconds, written `30s`, `2m`, `4h`.
    Duration,
    /// Money, written `100 CNY`; the currency when given.
    Currency(Option<Spanned<String>>),
    /// A whole number of things.
    Count,
    /// A plain number (e.g. 1.5).
    Ratio,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// `higher is better`.
    Higher,
    /// `lower is better`.
    Lower,
}

/// A literal with its unit, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Quantity {
    /// A bare number: a count, a ratio or points.
    Number(Decimal),
    /// `35%`, stored as 35.
    Percent(Decimal),
    /// `30s`, `2m`, `1.5h`.
    Duration(Decimal, DurationUnit),
    /// `100 CNY`, `99.50 USD`.
    Money(Decimal, String),
}

impl Quantity {
    /// The number in the indicator's base unit: percent as written (35% → 35), durations
    /// in seconds, money as its amount. A duration too large to convert saturates at the
    /// largest decimal (the parser rejects such literals; this keeps the AST panic-free).
    pub fn base_value(&self) -> Decimal {
        self.checked_base_value().unwrap_or(Decimal::MAX)
    }

    /// [`Quantity::base_value`], or `None` when a duration overflows on conversion.
    pub fn checked_base_value(&self) -> Option<Decimal> {
        match self {
            Quantity::Number(v) | Quantity::Percent(v) | Quantity::Money(v, _) => Some(*v),
            Quantity::Duration(v, unit) => v.checked_mul(unit.seconds()),
        }
    }
}

/// The unit a duration was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DurationUnit {
    /// `s`
    Seconds,
    /// `m`
    Minutes,
    /// `h`
    Hours,
    /// `d`
    Days,
}

impl DurationUnit {
    /// Seconds in one of this unit.
    pub fn seconds(self) -> Decimal {
        Decimal::from(match self {
            DurationUnit::Seconds => 1,
            DurationUnit::Minutes => 60,
            DurationUnit::Hours => 3600,
            DurationUnit::Days => 86400,
        })
    }

    /// The suffix written in the language.
    pub fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Seconds => "s",
            DurationUnit::Minutes => "m",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
        }
    }
}

/// How a measured value becomes points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Scoring {
    /// `score curve { 20% => 0, 40% => 100, 50% => 120 }`: piecewise linear, clamped.
    Curve(Vec<Spanned<Anchor>>),
    /// `score threshold 20% target 40% stretch 50% cap 120`: shorthand for a curve.
    Targets {
        /// Value worth 0 points.
        threshold: Spanned<Quantity>,
        /// Value worth 100 points.
        target: Spanned<Quantity>,
        /// Optional over-achievement anchor: value and its points (the cap).
        stretch: Option<Stretch>,
    },
    /// `score bands { ..30s => 100  30s..60s => 80  else => 0 }`: first match wins.
    Bands {
        /// The ranges in order.
        bands: Vec<Spanned<Band>>,
        /// Points when no range matches (`else => 0`).
        otherwise: Option<Spanned<Decimal>>,
    },
    /// `score ratio target 500 cap 120`.
    Ratio {
        /// The target value.
        target: Spanned<Quantity>,
        /// Maximum points (default 100).
        cap: Option<Spanned<Decimal>>,
    },
    /// `score pass if value >= 98%`: 100 when the condition holds, else 0.
    PassFail(Spanned<Comparison>),
    /// `score hook response_points`: a rhai function returns the points.
    Hook(Spanned<HookCall>),
}

/// The stretch part of the target shorthand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stretch {
    /// The over-achievement value.
    pub value: Spanned<Quantity>,
    /// Its points (e.g. 120).
    pub cap: Spanned<Decimal>,
}

/// One anchor of a curve: `40% => 100`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    /// The measured value.
    pub value: Spanned<Quantity>,
    /// Its points.
    pub points: Spanned<Decimal>,
}

/// One band: `30s..60s => 80`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// The values it matches.
    pub range: Spanned<Range>,
    /// Its points.
    pub points: Spanned<Decimal>,
}

/// A range of values: `a..b` is `a <= v < b`, `a..=b` is `a <= v <= b`; either end may be
/// left open (`..b`, `a..`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// Inclusive lower bound.
    pub from: Option<Quantity>,
    /// Upper bound.
    pub to: Option<Quantity>,
    /// Whether the upper bound is included (`..=`).
    pub to_inclusive: bool,
}

/// A comparison of a value against a literal: `>= 98%`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The operator.
    pub op: CmpOp,
    /// The right-hand side.
    pub rhs: Spanned<Quantity>,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }

    /// Apply the operator.
    pub fn holds(self, lhs: Decimal, rhs: Decimal) -> bool {
        match self {
            CmpOp::Lt => lhs < rhs,
            CmpOp::Le => lhs <= rhs,
            CmpOp::Gt => lhs > rhs,
            CmpOp::Ge => lhs >= rhs,
            CmpOp::Eq => lhs == rhs,
            CmpOp::Ne => lhs != rhs,
        }
    }
}

/// `rated on five_point by self, store_manager`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    /// The scale's identifier.
    pub scale: Ident,
    /// The raters who rate this indicator.
    pub raters: Vec<Ident>,
}

/// A critical indicator's gate: `critical gate points >= 60` or `critical gate value <= 0`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gate {
    /// Whether the gate tests the indicator's points or its measured value.
    pub subject: Subject,
    /// The condition that must hold to pass.
    pub condition: Spanned<Comparison>,
}

/// What a condition on an indicator looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    /// The points the indicator scored.
    Points,
    /// The measured value.
    Value,
}

/// `grades by score { ... }` or `grades by rank { ... }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grades {
    /// How grades are assigned.
    pub method: Spanned<GradeMethod>,
    /// The grades, best first.
    pub grades: Vec<Spanned<Grade>>,
}

/// How grades are assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GradeMethod {
    /// Thresholds on the composite.
    Score,
    /// Forced distribution by rank quota.
    Rank,
}

/// One grade: `A "Excellent" at least 90 quota 20%`, `D "Poor" otherwise`,
/// or (by rank) `A "Top" quota 20%`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    /// Identifier (`A`).
    pub id: Ident,
    /// Human name.
    pub label: Option<Spanned<String>>,
    /// `at least 90` (by score); `None` with `otherwise` or by rank.
    pub at_least: Option<Spanned<Decimal>>,
    /// `otherwise`: the catch-all last grade (by score).
    pub otherwise: bool,
    /// `quota 20%`: the share of people (by rank: assigned; by score: checked, warning only).
    pub quota: Option<Spanned<Decimal>>,
}

/// `ranking { scope by team  tie break conversion, refund_ratio }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// `scope all` (default) or `scope by <data column>`.
    pub scope: Option<Spanned<RankScope>>,
    /// Indicators or groups whose points (higher first) break ties, in order.
    pub tie_break: Vec<Ident>,
}

/// Who is ranked against whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RankScope {
    /// Everyone in the scheme and period.
    All,
    /// Partitioned by a data column (e.g. `team`).
    By(Ident),
}

/// `action rank1_bonus "Monthly bonus" { when top 1  bonus 100 CNY to bonus }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Identifier.
    pub id: Ident,
    /// Human name.
    pub label: Option<Spanned<String>>,
    /// When it fires.
    pub condition: Spanned<Condition>,
    /// `for 3 consecutive cycles`: the condition must hold this many cycles in a row.
    pub streak: Option<Spanned<u32>>,
    /// What it yields.
    pub effects: Vec<Spanned<Effect>>,
}

/// A condition of an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// `top 1`, `top 10%`.
    Top(Spanned<Count>),
    /// `bottom 2`, `bottom 10%`.
    Bottom(Spanned<Count>),
    /// `last`.
    Last,
    /// `rank <= 3`.
    Rank(Spanned<Comparison>),
    /// `grade A` or `grade A, B`.
    Grade(Vec<Ident>),
    /// `score >= 90` (the rounded composite).
    Score(Spanned<Comparison>),
    /// `complaints value > 5%`, `conversion points < 60`.
    Indicator {
        /// The indicator or group.
        target: Ident,
        /// Points or value.
        subject: Subject,
        /// The comparison.
        comparison: Spanned<Comparison>,
    },
    /// `hook heavy_complaints`: a rhai predicate.
    Hook(Spanned<HookCall>),
    /// `a and b`.
    And(Box<Spanned<Condition>>, Box<Spanned<Condition>>),
    /// `a or b`.
    Or(Box<Spanned<Condition>>, Box<Spanned<Condition>>),
    /// `not a`.
    Not(Box<Spanned<Condition>>),
}

/// A number of people or a share of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    /// `2`
    People(u32),
    /// `10%`, stored as 10.
    Percent(Decimal),
}

/// What an action yields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// `bonus 100 CNY to monthly_bonus`.
    Bonus {
        /// Amount (exact decimal).
        amount: Spanned<Decimal>,
        /// Currency code; `None` means the scheme's `currency`.
        currency: Option<Spanned<String>>,
        /// Pay component.
        component: Option<Ident>,
    },
    /// `deduct 100 CNY from commission`.
    Deduction {
        /// Amount (exact decimal).
        amount: Spanned<Decimal>,
        /// Currency code; `None` means the scheme's `currency`.
        currency: Option<Spanned<String>>,
        /// Pay component.
        component: Option<Ident>,
    },
    /// `improvement plan "text" due 7 days after notice`.
    ImprovementPlan {
        /// What must be delivered.
        text: Option<Spanned<String>>,
        /// Days after the notice date.
        due_days: Option<Spanned<u32>>,
    },
    /// `review "Consider reassignment"`.
    Review(Spanned<String>),
    /// `note "..."`.
    Note(Spanned<String>),
}

/// Visit every condition of an action's condition tree, outermost first, in source order.
pub fn walk_condition<'a>(
    condition: &'a Spanned<Condition>,
    visit: &mut impl FnMut(&'a Spanned<Condition>),
) {
    visit(condition);
    match &condition.node {
        Condition::And(a, b) | Condition::Or(a, b) => {
            walk_condition(a, visit);
            walk_condition(b, visit);
        }
        Condition::Not(a) => walk_condition(a, visit),
        _ => {}
    }
}

impl Scheme {
    /// Every indicator, depth first, in source order.
    pub fn all_indicators(&self) -> Vec<&Indicator> {
        fn walk<'a>(nodes: &'a [Spanned<Node>], out: &mut Vec<&'a Indicator>) {
            for node in nodes {
                match &node.node {
                    Node::Group(g) => walk(&g.children, out),
                    Node::Indicator(i) => out.push(i),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.indicators, &mut out);
        out
    }

    /// Every group, depth first, in source order.
    pub fn all_groups(&self) -> Vec<&Group> {
        fn walk<'a>(nodes: &'a [Spanned<Node>], out: &mut Vec<&'a Group>) {
            for node in nodes {
                if let Node::Group(g) = &node.node {
                    out.push(g);
                    walk(&g.children, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.indicators, &mut out);
        out
    }

    /// The score precision in decimals (default 2).
    pub fn precision(&self) -> u32 {
        self.precision.as_ref().map_or(2, |p| p.node)
    }

    /// The scheme-wide missing-data policy (default: error).
    pub fn missing_policy(&self) -> MissingPolicy {
        self.missing.as_ref().map_or(MissingPolicy::Error, |m| m.node)
    }
}
