//! Scoring rules: the target shorthand, curves, bands, ratio, pass/fail and hooks.

use pest::iterators::Pair;

use crate::ast::{Anchor, Band, Range, Scoring, Stretch};
use crate::source::Spanned;

use super::builder::Builder;
use super::explain::Block;
use super::grammar::Rule;

impl Builder<'_> {
    /// `score ...`, spanning the statement; `None` when it has errors (reported).
    pub fn scoring(&mut self, item: Pair<'_, Rule>) -> Option<Spanned<Scoring>> {
        let span = self.span(&item);
        let rule = item.into_inner().find(|p| !matches!(p.as_rule(), Rule::k_score))?;
        let scoring = match rule.as_rule() {
            Rule::targets => self.targets(rule)?,
            Rule::curve => self.curve(rule)?,
            Rule::bands => self.bands(rule)?,
            Rule::ratio => {
                let mut target = None;
                let mut cap = None;
                let mut ok = true;
                for part in rule.into_inner() {
                    match part.as_rule() {
                        Rule::quantity => target = self.quantity(&part),
                        Rule::points => {
                            cap = self.number(&part, "a cap");
                            ok &= cap.is_some();
                        }
                        _ => {}
                    }
                }
                let ratio = Scoring::Ratio { target: target?, cap };
                ok.then_some(ratio)?
            }
            Rule::pass => {
                let comparison = rule.into_inner().find(|p| p.as_rule() == Rule::comparison)?;
                Scoring::PassFail(self.comparison(comparison)?)
            }
            Rule::score_hook => {
                let call = rule.into_inner().find(|p| p.as_rule() == Rule::hook_call)?;
                Scoring::Hook(self.hook_call(call))
            }
            _ => return None,
        };
        Some(Spanned::new(scoring, span))
    }

    fn targets(&mut self, rule: Pair<'_, Rule>) -> Option<Scoring> {
        let mut values = Vec::new();
        let mut cap = None;
        let mut ok = true;
        for part in rule.into_inner() {
            match part.as_rule() {
                Rule::quantity => {
                    let value = self.quantity(&part);
                    ok &= value.is_some();
                    values.extend(value);
                }
                Rule::points => {
                    cap = self.number(&part, "a cap");
                    ok &= cap.is_some();
                }
                _ => {}
            }
        }
        if !ok {
            return None;
        }
        let mut values = values.into_iter();
        let threshold = values.next()?;
        let target = values.next()?;
        let stretch = match (values.next(), cap) {
            (Some(value), Some(cap)) => Some(Stretch { value, cap }),
            _ => None,
        };
        Some(Scoring::Targets { threshold, target, stretch })
    }

    fn curve(&mut self, rule: Pair<'_, Rule>) -> Option<Scoring> {
        let mut anchors = Vec::new();
        let mut ok = true;
        self.enter_block();
        for part in rule.into_inner() {
            let span = self.span(&part);
            let part_rule = part.as_rule();
            match part.as_rule() {
                Rule::anchor => {
                    let mut value = None;
                    let mut points = None;
                    for p in part.into_inner() {
                        match p.as_rule() {
                            Rule::quantity => value = self.quantity(&p),
                            Rule::points => points = self.number(&p, "points"),
                            _ => {}
                        }
                    }
                    match (value, points) {
                        (Some(value), Some(points)) => {
                            anchors.push(Spanned::new(Anchor { value, points }, span))
                        }
                        _ => ok = false,
                    }
                }
                Rule::bad_item => {
                    self.bad(&part, Block::Curve);
                    ok = false;
                    continue;
                }
                _ => continue,
            }
            self.good(part_rule, span);
        }
        self.leave_block();
        ok.then_some(Scoring::Curve(anchors))
    }

    fn bands(&mut self, rule: Pair<'_, Rule>) -> Option<Scoring> {
        let mut bands = Vec::new();
        let mut otherwise: Option<Spanned<rust_decimal::Decimal>> = None;
        let mut ok = true;
        self.enter_block();
        for part in rule.into_inner() {
            let span = self.span(&part);
            let part_rule = part.as_rule();
            match part.as_rule() {
                Rule::band => {
                    if let Some(else_band) = &otherwise {
                        let line = self.line(else_band.span.start);
                        self.error(
                            "syntax::else-not-last",
                            "this band comes after `else`".into(),
                            span,
                            "never reached".into(),
                            format!("move `else => ...` (line {line}) after the last band"),
                        );
                        ok = false;
                    }
                    match self.band(part) {
                        Some(band) => bands.push(band),
                        None => ok = false,
                    }
                }
                Rule::else_band => {
                    let points = part.into_inner().find(|p| p.as_rule() == Rule::points);
                    match points.and_then(|p| self.number(&p, "points")) {
                        Some(points) => {
                            let points = Spanned::new(points.node, span);
                            self.set_once(&mut otherwise, points, "else", "these bands");
                        }
                        None => ok = false,
                    }
                }
                Rule::bad_item => {
                    self.bad(&part, Block::Bands);
                    ok = false;
                    continue;
                }
                _ => continue,
            }
            self.good(part_rule, span);
        }
        self.leave_block();
        ok.then_some(Scoring::Bands { bands, otherwise })
    }

    fn band(&mut self, part: Pair<'_, Rule>) -> Option<Spanned<Band>> {
        let span = self.span(&part);
        let mut range = None;
        let mut points = None;
        for p in part.into_inner() {
            match p.as_rule() {
                Rule::range => range = self.range(p),
                Rule::points => points = self.number(&p, "points"),
                _ => {}
            }
        }
        Some(Spanned::new(Band { range: range?, points: points? }, span))
    }

    fn range(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Range>> {
        let span = self.span(&pair);
        let mut range = Range { from: None, to: None, to_inclusive: false };
        let mut seen_op = false;
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::range_op => {
                    seen_op = true;
                    range.to_inclusive = p.as_str() == "..=";
                }
                Rule::quantity => {
                    let value = self.quantity(&p).map(|q| q.node);
                    ok &= value.is_some();
                    if seen_op {
                        range.to = value;
                    } else {
                        range.from = value;
                    }
                }
                _ => {}
            }
        }
        ok.then(|| Spanned::new(range, span))
    }
}
