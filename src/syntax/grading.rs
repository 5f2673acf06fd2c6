//! Rating scales, grades and ranking.

use pest::iterators::Pair;

use crate::ast::{Grade, Grades, RankScope, Ranking, Scale, ScaleStep};
use crate::source::Spanned;

use super::builder::Builder;
use super::explain::Block;
use super::grammar::Rule;
use super::words::GRADE_METHODS;

impl Builder<'_> {
    /// `scale id "label" { 1 "Poor" ... }`.
    pub fn scale(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Scale>> {
        let span = self.span(&pair);
        let mut id = None;
        let mut label = None;
        let mut steps = Vec::new();
        let mut ok = true;
        self.enter_block();
        for part in pair.into_inner() {
            let part_span = self.span(&part);
            let part_rule = part.as_rule();
            match part.as_rule() {
                Rule::ident => id = Some(self.ident(&part)),
                Rule::string => label = Some(self.string(&part)),
                Rule::scale_step => match self.scale_step(part) {
                    Some(step) => steps.push(step),
                    None => ok = false,
                },
                Rule::bad_item => {
                    self.bad(&part, Block::Scale);
                    ok = false;
                    continue;
                }
                _ => continue,
            }
            self.good(part_rule, part_span);
        }
        self.leave_block();
        let scale = Scale { id: id?, label, steps };
        ok.then(|| Spanned::new(scale, span))
    }

    fn scale_step(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<ScaleStep>> {
        let span = self.span(&pair);
        let mut rating = None;
        let mut label = None;
        let mut points = None;
        let mut ok = true;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::rating => {
                    rating = self.number(&part, "a rating");
                    ok &= rating.is_some();
                }
                Rule::string => label = Some(self.string(&part)),
                Rule::points => {
                    points = self.number(&part, "points");
                    ok &= points.is_some();
                }
                _ => {}
            }
        }
        let step = ScaleStep { rating: rating?, label, points };
        ok.then(|| Spanned::new(step, span))
    }

    /// `grades by score { ... }` or `grades by rank { ... }`.
    pub fn grades(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Grades>> {
        let span = self.span(&pair);
        let mut method = None;
        let mut grades = Vec::new();
        let mut ok = true;
        self.enter_block();
        for part in pair.into_inner() {
            let part_span = self.span(&part);
            let part_rule = part.as_rule();
            match part.as_rule() {
                Rule::word => {
                    method = self.choose(&part, GRADE_METHODS, "grading method");
                    ok &= method.is_some();
                }
                Rule::grade => match self.grade(part) {
                    Some(grade) => grades.push(grade),
                    None => ok = false,
                },
                Rule::bad_item => {
                    self.bad(&part, Block::Grades);
                    ok = false;
                    continue;
                }
                _ => continue,
            }
            self.good(part_rule, part_span);
        }
        self.leave_block();
        let grades = Grades { method: method?, grades };
        ok.then(|| Spanned::new(grades, span))
    }

    fn grade(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Grade>> {
        let span = self.span(&pair);
        let mut id = None;
        let mut label = None;
        let mut at_least = None;
        let mut otherwise = false;
        let mut quota = None;
        let mut ok = true;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => id = Some(self.ident(&part)),
                Rule::string => label = Some(self.string(&part)),
                Rule::at_least => {
                    let points = part.into_inner().find(|p| p.as_rule() == Rule::points);
                    at_least = points.and_then(|p| self.number(&p, "a grade's lower bound"));
                    ok &= at_least.is_some();
                }
                Rule::k_otherwise => otherwise = true,
                Rule::share => {
                    quota = self.percent(&part, "a quota");
                    ok &= quota.is_some();
                }
                _ => {}
            }
        }
        let grade = Grade { id: id?, label, at_least, otherwise, quota };
        ok.then(|| Spanned::new(grade, span))
    }

    /// `ranking { scope ...  tie break ... }`.
    pub fn ranking(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Ranking>> {
        let span = self.span(&pair);
        let mut scope = None;
        let mut tie_break = Vec::new();
        let mut tie_break_at: Option<Spanned<()>> = None;
        let mut ok = true;
        self.enter_block();
        for part in pair.into_inner() {
            let part_span = self.span(&part);
            let part_rule = part.as_rule();
            match part.as_rule() {
                Rule::rank_scope => {
                    let by = part
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::ident)
                        .map(|p| self.ident(&p));
                    let value = by.map_or(RankScope::All, RankScope::By);
                    self.set_once(
                        &mut scope,
                        Spanned::new(value, part_span),
                        "scope",
                        "the ranking",
                    );
                }
                Rule::tie_break => {
                    if tie_break_at.is_none() {
                        tie_break = part
                            .into_inner()
                            .filter(|p| p.as_rule() == Rule::ident)
                            .map(|p| self.ident(&p))
                            .collect();
                    }
                    self.set_once(
                        &mut tie_break_at,
                        Spanned::new((), part_span),
                        "tie break",
                        "the ranking",
                    );
                }
                Rule::bad_item => {
                    self.bad(&part, Block::Ranking);
                    ok = false;
                    continue;
                }
                _ => continue,
            }
            self.good(part_rule, part_span);
        }
        self.leave_block();
        ok.then(|| Spanned::new(Ranking { scope, tie_break }, span))
    }
}
