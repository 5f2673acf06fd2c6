//! Groups and indicators: the weighted tree of the scheme.

use pest::iterators::Pair;

use crate::ast::{
    CmpOp, Comparison, Direction, Gate, Group, HookCall, Ident, Indicator, MissingPolicy, Node,
    Rating, Subject, Unit,
};
use crate::source::Spanned;

use super::builder::Builder;
use super::explain::Block;
use super::grammar::Rule;
use super::scheme::missing;
use super::words::{UNITS, UnitWord};

impl Builder<'_> {
    /// `group id "label" weight W% { ... }`; `None` when it has errors (reported).
    pub fn group(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Node>> {
        let span = self.span(&pair);
        let mut id = None;
        let mut label = None;
        let mut weight = None;
        let mut missing_policy = None;
        let mut children = Vec::new();
        let mut ok = true;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => id = Some(self.ident(&part)),
                Rule::string => label = Some(self.string(&part)),
                Rule::weight => weight = self.percent(&part, "a weight"),
                Rule::group_body => {
                    let owner = group_name(id.as_ref());
                    ok = self.group_body(part, &mut missing_policy, &mut children, &owner);
                }
                _ => {}
            }
        }
        let group = Group { id: id?, label, weight: weight?, missing: missing_policy, children };
        ok.then(|| Spanned::new(Node::Group(group), span))
    }

    /// The statements of a group's body; false when one is broken (reported).
    pub fn group_body(
        &mut self,
        body: Pair<'_, Rule>,
        missing_policy: &mut Option<Spanned<MissingPolicy>>,
        children: &mut Vec<Spanned<Node>>,
        owner: &str,
    ) -> bool {
        let mut ok = true;
        self.enter_block();
        for part in body.into_inner() {
            let part_span = self.span(&part);
            let part_rule = part.as_rule();
            match part_rule {
                Rule::bad_item => {
                    self.bad(&part, Block::Group);
                    ok = false;
                    continue;
                }
                Rule::missing_stmt => {
                    if let Some(policy) = missing(self, part) {
                        self.set_once(missing_policy, policy, "missing", owner);
                    }
                }
                Rule::group_stmt => children.extend(self.group(part)),
                Rule::indicator_stmt => children.extend(self.indicator(part)),
                _ => continue,
            }
            self.good(part_rule, part_span);
        }
        self.leave_block();
        ok
    }

    /// `indicator id "label" weight W% { ... }`; `None` when it has errors (reported).
    pub fn indicator(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Node>> {
        let span = self.span(&pair);
        let mut parts = pair.into_inner().peekable();
        let mut id = None;
        let mut label = None;
        let mut weight = None;
        while let Some(part) = parts.next_if(|p| p.as_rule() != Rule::indicator_body) {
            match part.as_rule() {
                Rule::ident => id = Some(self.ident(&part)),
                Rule::string => label = Some(self.string(&part)),
                Rule::weight => weight = self.percent(&part, "a weight"),
                _ => {}
            }
        }
        let id = id?;
        let mut ok = weight.is_some();
        let mut indicator = blank_indicator(id, span);
        indicator.label = label;
        if let Some(weight) = weight {
            indicator.weight = weight;
        }
        if let Some(body) = parts.next() {
            ok &= self.indicator_body(body, &mut indicator);
        }
        ok.then(|| Spanned::new(Node::Indicator(Box::new(indicator)), span))
    }

    /// The statements of an indicator's body into `i`; false when one is broken (reported).
    pub fn indicator_body(&mut self, body: Pair<'_, Rule>, i: &mut Indicator) -> bool {
        let owner = format!("indicator `{}`", i.id.node);
        let mut ok = true;
        self.enter_block();
        for item in body.into_inner() {
            let item_span = self.span(&item);
            let item_rule = item.as_rule();
            match item_rule {
                Rule::bad_item => {
                    self.bad(&item, Block::Indicator);
                    ok = false;
                    continue;
                }
                Rule::definition_stmt => {
                    self.text_field(item, &mut i.definition, "definition", &owner)
                }
                Rule::numerator_stmt => {
                    self.text_field(item, &mut i.numerator, "numerator", &owner)
                }
                Rule::denominator_stmt => {
                    self.text_field(item, &mut i.denominator, "denominator", &owner)
                }
                Rule::source_stmt => self.text_field(item, &mut i.source, "source", &owner),
                Rule::unit_stmt => match self.unit(item) {
                    Some(unit) => self.set_once(&mut i.unit, unit, "unit", &owner),
                    None => ok = false,
                },
                Rule::direction_stmt => {
                    let higher = item.clone().into_inner().any(|p| p.as_rule() == Rule::k_higher);
                    let direction = if higher { Direction::Higher } else { Direction::Lower };
                    self.set_once(
                        &mut i.direction,
                        Spanned::new(direction, item_span),
                        "higher/lower is better",
                        &owner,
                    );
                }
                Rule::value_stmt => {
                    if let Some(call) = item.into_inner().find(|p| p.as_rule() == Rule::hook_call) {
                        let call = self.hook_call(call);
                        self.set_once(
                            &mut i.derived,
                            Spanned::new(call.node, item_span),
                            "value",
                            &owner,
                        );
                    }
                }
                Rule::score_stmt => match self.scoring(item) {
                    Some(scoring) => self.set_once(&mut i.scoring, scoring, "score", &owner),
                    None => ok = false,
                },
                Rule::rated_stmt => {
                    let rating = self.rating(item);
                    self.set_once(&mut i.rating, rating, "rated", &owner);
                }
                Rule::critical_stmt => match self.gate(item) {
                    Some(gate) => self.set_once(&mut i.gate, gate, "critical", &owner),
                    None => ok = false,
                },
                Rule::missing_stmt => match missing(self, item) {
                    Some(policy) => self.set_once(&mut i.missing, policy, "missing", &owner),
                    None => ok = false,
                },
                _ => continue,
            }
            self.good(item_rule, item_span);
        }
        self.leave_block();
        ok
    }

    /// `keyword "text"` inside a block, spanning the statement.
    fn text_field(
        &mut self,
        item: Pair<'_, Rule>,
        slot: &mut Option<Spanned<String>>,
        what: &str,
        owner: &str,
    ) {
        let span = self.span(&item);
        if let Some(string) = item.into_inner().find(|p| p.as_rule() == Rule::string) {
            let text = self.string(&string);
            self.set_once(slot, Spanned::new(text.node, span), what, owner);
        }
    }

    fn unit(&mut self, item: Pair<'_, Rule>) -> Option<Spanned<Unit>> {
        let span = self.span(&item);
        let mut word = None;
        let mut code = None;
        for part in item.into_inner() {
            match part.as_rule() {
                Rule::word => word = self.choose(&part, UNITS, "unit"),
                Rule::currency_code => code = Some(part),
                _ => {}
            }
        }
        let word = word?;
        let unit = match (word.node, code) {
            (UnitWord::Currency, code) => Unit::Currency(code.map(|c| self.ident(&c))),
            (_, Some(code)) => {
                self.error(
                    "syntax::unexpected",
                    format!(
                        "only `unit currency` takes a currency code, found `{}`",
                        code.as_str()
                    ),
                    self.span(&code),
                    "unexpected currency code".into(),
                    "write `unit currency CNY`, or remove the code".into(),
                );
                return None;
            }
            (UnitWord::Percent, None) => Unit::Percent,
            (UnitWord::Duration, None) => Unit::Duration,
            (UnitWord::Count, None) => Unit::Count,
            (UnitWord::Ratio, None) => Unit::Ratio,
        };
        Some(Spanned::new(unit, span))
    }

    /// `refund_ratio(refunds, paid_orders)`, spanning the call.
    pub fn hook_call(&mut self, pair: Pair<'_, Rule>) -> Spanned<HookCall> {
        let span = self.span(&pair);
        let mut idents = pair.into_inner().filter(|p| p.as_rule() == Rule::ident);
        let function = idents
            .next()
            .map(|p| self.ident(&p))
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let args = idents.map(|p| self.ident(&p)).collect();
        Spanned::new(HookCall { function, args }, span)
    }

    /// `>= 98%`, spanning the operator and the value.
    pub fn comparison(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Comparison>> {
        let span = self.span(&pair);
        let mut op = None;
        let mut rhs = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::cmp_op => {
                    op = Some(match part.as_str() {
                        "<" => CmpOp::Lt,
                        "<=" => CmpOp::Le,
                        ">" => CmpOp::Gt,
                        ">=" => CmpOp::Ge,
                        "==" => CmpOp::Eq,
                        _ => CmpOp::Ne,
                    })
                }
                Rule::quantity => rhs = self.quantity(&part),
                _ => {}
            }
        }
        Some(Spanned::new(Comparison { op: op?, rhs: rhs? }, span))
    }

    fn rating(&mut self, item: Pair<'_, Rule>) -> Spanned<Rating> {
        let span = self.span(&item);
        let mut idents = item.into_inner().filter(|p| p.as_rule() == Rule::ident);
        let scale = idents
            .next()
            .map(|p| self.ident(&p))
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let raters = idents.map(|p| self.ident(&p)).collect();
        Spanned::new(Rating { scale, raters }, span)
    }

    fn gate(&mut self, item: Pair<'_, Rule>) -> Option<Spanned<Gate>> {
        let span = self.span(&item);
        let mut subject = Subject::Points;
        let mut condition = None;
        for part in item.into_inner() {
            match part.as_rule() {
                Rule::k_value => subject = Subject::Value,
                Rule::k_points => subject = Subject::Points,
                Rule::comparison => condition = self.comparison(part),
                _ => {}
            }
        }
        Some(Spanned::new(Gate { subject, condition: condition? }, span))
    }
}

/// An indicator with nothing but its identifier, to be filled by its body.
pub(super) fn blank_indicator(id: Ident, span: crate::source::Span) -> Indicator {
    Indicator {
        id,
        label: None,
        weight: Spanned::new(Default::default(), span),
        definition: None,
        numerator: None,
        denominator: None,
        unit: None,
        direction: None,
        source: None,
        derived: None,
        scoring: None,
        rating: None,
        gate: None,
        missing: None,
    }
}

/// "group `service`", for messages.
pub(super) fn group_name(id: Option<&Spanned<String>>) -> String {
    id.map_or_else(|| "the group".to_string(), |id| format!("group `{}`", id.node))
}
