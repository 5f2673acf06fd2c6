//! Actions: the condition (with `and`, `or`, `not`, parentheses and streaks) and effects.
//! A condition deeper than [`MAX_DEPTH`] is rejected: long `and` chains nest in the AST, and
//! every later pass walks it recursively.

use pest::iterators::Pair;

use crate::ast::{Action, Condition, Effect, Subject};
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

use super::builder::Builder;
use super::explain::Block;
use super::grammar::Rule;
use super::prescan::MAX_DEPTH;

/// What an action's body gives.
#[derive(Default)]
pub(super) struct ActionBody {
    condition: Option<Spanned<Condition>>,
    streak: Option<Spanned<u32>>,
    effects: Vec<Spanned<Effect>>,
}

/// A condition and the depth of its tree.
type Built = (Spanned<Condition>, usize);

impl Builder<'_> {
    /// `action id "label" { when ...  effects }`.
    pub fn action(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Action>> {
        let span = self.span(&pair);
        let mut id = None;
        let mut label = None;
        let mut body = ActionBody::default();
        let mut ok = true;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => id = Some(self.ident(&part)),
                Rule::string => label = Some(self.string(&part)),
                Rule::action_body => {
                    ok = self.action_body(part, &action_name(id.as_ref()), &mut body)
                }
                _ => {}
            }
        }
        let id = id?;
        let Some(condition) = body.condition else {
            if ok {
                self.push(
                    Diagnostic::error(
                        "syntax::missing-field",
                        format!("action `{}` has no `when` condition", id.node),
                    )
                    .at(self.file, id.span)
                    .with_label("this action never says when it applies")
                    .with_help(
                        "add a line like `when top 1` or `when last for 3 consecutive cycles`",
                    ),
                );
            }
            return None;
        };
        let action = Action { id, label, condition, streak: body.streak, effects: body.effects };
        ok.then(|| Spanned::new(action, span))
    }

    /// The statements of an action's body; false when one is broken (reported).
    pub fn action_body(
        &mut self,
        pair: Pair<'_, Rule>,
        owner: &str,
        body: &mut ActionBody,
    ) -> bool {
        let mut ok = true;
        self.enter_block();
        for part in pair.into_inner() {
            let part_span = self.span(&part);
            let part_rule = part.as_rule();
            match part_rule {
                Rule::when_stmt => {
                    if let Some(first) = &body.condition {
                        let line = self.line(first.span.start);
                        self.error(
                            "syntax::duplicate-field",
                            format!("{owner} gives `when` twice"),
                            part_span,
                            "second `when`".into(),
                            format!(
                                "keep one `when` (the first is on line {line}); combine conditions with `and` or `or`"
                            ),
                        );
                        ok = false;
                    } else {
                        for p in part.into_inner() {
                            match p.as_rule() {
                                Rule::condition => body.condition = self.condition(p).map(|c| c.0),
                                Rule::streak => body.streak = self.streak(p),
                                _ => {}
                            }
                        }
                        ok &= body.condition.is_some();
                    }
                }
                Rule::bonus_effect
                | Rule::deduct_effect
                | Rule::plan_effect
                | Rule::review_effect
                | Rule::note_effect => match self.effect(part) {
                    Some(effect) => body.effects.push(effect),
                    None => ok = false,
                },
                Rule::bad_item => {
                    self.bad(&part, Block::Action);
                    ok = false;
                    continue;
                }
                _ => continue,
            }
            self.good(part_rule, part_span);
        }
        self.leave_block();
        ok
    }

    fn streak(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<u32>> {
        let span = self.span(&pair);
        let whole = pair.into_inner().find(|p| p.as_rule() == Rule::whole)?;
        let n = self.whole(&whole, "a streak")?;
        Some(Spanned::new(n.node, span))
    }

    /// `a or b or ...`, folded to the left.
    fn condition(&mut self, pair: Pair<'_, Rule>) -> Option<Built> {
        self.chain(pair, Rule::conjunction, Condition::Or)
    }

    fn chain(
        &mut self,
        pair: Pair<'_, Rule>,
        operand: Rule,
        join: fn(Box<Spanned<Condition>>, Box<Spanned<Condition>>) -> Condition,
    ) -> Option<Built> {
        let span = self.span(&pair);
        let operands: Vec<Pair<'_, Rule>> =
            pair.into_inner().filter(|p| p.as_rule() == operand).collect();
        if operands.len() > MAX_DEPTH {
            self.too_deep(span);
            return None;
        }
        let mut built = Vec::with_capacity(operands.len());
        for p in operands {
            let one = if operand == Rule::conjunction {
                self.chain(p, Rule::negation, Condition::And)
            } else {
                self.negation(p)
            };
            built.push(one);
        }
        let built: Option<Vec<Built>> = built.into_iter().collect();
        let mut built = built?.into_iter();
        let (mut acc, mut depth) = built.next()?;
        for (next, d) in built {
            let joined = acc.span.join(next.span);
            acc = Spanned::new(join(Box::new(acc), Box::new(next)), joined);
            depth = depth.max(d) + 1;
        }
        if depth > MAX_DEPTH {
            self.too_deep(span);
            return None;
        }
        Some((acc, depth))
    }

    fn negation(&mut self, pair: Pair<'_, Rule>) -> Option<Built> {
        let span = self.span(&pair);
        let mut nots = Vec::new();
        let mut atom = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::k_not => nots.push(self.span(&p)),
                Rule::lparen | Rule::rparen => {}
                _ => atom = Some(p),
            }
        }
        if nots.len() > MAX_DEPTH {
            self.too_deep(span);
            return None;
        }
        let (mut acc, mut depth) = self.atom(atom?)?;
        for not in nots.into_iter().rev() {
            let joined = not.join(acc.span);
            acc = Spanned::new(Condition::Not(Box::new(acc)), joined);
            depth += 1;
        }
        Some((acc, depth))
    }

    fn atom(&mut self, pair: Pair<'_, Rule>) -> Option<Built> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        if rule == Rule::condition {
            return self.condition(pair);
        }
        let mut parts = pair.into_inner().filter(|p| !p.as_rule().is_punctuation());
        let condition = match rule {
            Rule::top_cond => {
                Condition::Top(self.count(&parts.find(|p| p.as_rule() == Rule::count)?)?)
            }
            Rule::bottom_cond => {
                Condition::Bottom(self.count(&parts.find(|p| p.as_rule() == Rule::count)?)?)
            }
            Rule::last_cond => Condition::Last,
            Rule::rank_cond => {
                Condition::Rank(self.comparison(parts.find(|p| p.as_rule() == Rule::comparison)?)?)
            }
            Rule::score_cond => {
                Condition::Score(self.comparison(parts.find(|p| p.as_rule() == Rule::comparison)?)?)
            }
            Rule::grade_cond => Condition::Grade(
                parts.filter(|p| p.as_rule() == Rule::ident).map(|p| self.ident(&p)).collect(),
            ),
            Rule::hook_cond => {
                Condition::Hook(self.hook_call(parts.find(|p| p.as_rule() == Rule::hook_call)?))
            }
            Rule::indicator_cond => {
                let mut target = None;
                let mut subject = Subject::Value;
                let mut comparison = None;
                for p in parts {
                    match p.as_rule() {
                        Rule::ident => target = Some(self.ident(&p)),
                        Rule::k_points => subject = Subject::Points,
                        Rule::k_value => subject = Subject::Value,
                        Rule::comparison => comparison = self.comparison(p),
                        _ => {}
                    }
                }
                Condition::Indicator { target: target?, subject, comparison: comparison? }
            }
            _ => return None,
        };
        Some((Spanned::new(condition, span), 1))
    }

    fn effect(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Effect>> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut amount = None;
        let mut component = None;
        let mut text = None;
        let mut due_days = None;
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::money => {
                    amount = self.money(&p);
                    ok &= amount.is_some();
                }
                Rule::ident => component = Some(self.ident(&p)),
                Rule::string => text = Some(self.string(&p)),
                Rule::whole => {
                    due_days = self.whole(&p, "a due date in days");
                    ok &= due_days.is_some();
                }
                _ => {}
            }
        }
        if !ok {
            return None;
        }
        let effect = match rule {
            Rule::bonus_effect => {
                let (amount, currency) = amount?;
                Effect::Bonus { amount, currency, component }
            }
            Rule::deduct_effect => {
                let (amount, currency) = amount?;
                Effect::Deduction { amount, currency, component }
            }
            Rule::plan_effect => Effect::ImprovementPlan { text, due_days },
            Rule::review_effect => Effect::Review(text?),
            _ => Effect::Note(text?),
        };
        Some(Spanned::new(effect, span))
    }

    fn too_deep(&mut self, span: crate::source::Span) {
        self.error(
            "syntax::too-deep",
            format!("this condition is nested more than {MAX_DEPTH} levels deep"),
            span,
            "too deep".into(),
            "split it into several actions, or simplify the `and`/`or`/`not` chain".into(),
        );
    }
}

trait Punctuation {
    fn is_punctuation(&self) -> bool;
}

impl Punctuation for Rule {
    fn is_punctuation(&self) -> bool {
        matches!(self, Rule::lparen | Rule::rparen | Rule::comma)
    }
}

/// "action `bonus`", for messages.
pub(super) fn action_name(id: Option<&Spanned<String>>) -> String {
    id.map_or_else(|| "the action".to_string(), |id| format!("action `{}`", id.node))
}
