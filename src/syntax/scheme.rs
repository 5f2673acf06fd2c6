//! The top level: scheme metadata, raters, hooks, and the dispatch of blocks to their
//! walkers. A statement-level field spans its whole statement.

use pest::iterators::Pair;

use crate::ast::{Approval, Cycle, HookDecl, Milestone, Rater, Scheme, Scope};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

use super::builder::Builder;
use super::explain::Block;
use super::grammar::Rule;
use super::words::{MISSING_POLICIES, PERIODS, RATER_KINDS};

/// Fields of the scheme collected while walking; the title is required.
#[derive(Default)]
struct Draft {
    name: Option<Spanned<String>>,
    version: Option<Spanned<String>>,
    purpose: Option<Spanned<String>>,
    strategy: Option<Spanned<String>>,
    owner: Option<Spanned<String>>,
    scope: Option<Spanned<Scope>>,
    cycle: Option<Spanned<Cycle>>,
    precision: Option<Spanned<u32>>,
    currency: Option<Spanned<String>>,
    missing: Option<Spanned<crate::ast::MissingPolicy>>,
}

/// Walk the `file` pair into a scheme; `None` when the title is missing (reported).
pub(super) fn scheme(b: &mut Builder<'_>, file: Pair<'_, Rule>) -> Option<Scheme> {
    let mut d = Draft::default();
    let mut s = Scheme {
        name: Spanned::new(String::new(), Span::default()),
        version: None,
        purpose: None,
        strategy: None,
        owner: None,
        scope: None,
        cycle: None,
        precision: None,
        currency: None,
        missing: None,
        approvals: Vec::new(),
        milestones: Vec::new(),
        raters: Vec::new(),
        scales: Vec::new(),
        hooks: Vec::new(),
        indicators: Vec::new(),
        grades: None,
        ranking: None,
        actions: Vec::new(),
    };
    b.enter_block();
    for item in file.into_inner() {
        let span = b.span(&item);
        let item_rule = item.as_rule();
        match item.as_rule() {
            Rule::bad_item => {
                b.bad(&item, Block::Top);
                continue;
            }
            Rule::scheme_stmt => text_field(b, item, &mut d.name, "scheme"),
            Rule::version_stmt => text_field(b, item, &mut d.version, "version"),
            Rule::purpose_stmt => text_field(b, item, &mut d.purpose, "purpose"),
            Rule::strategy_stmt => text_field(b, item, &mut d.strategy, "strategy"),
            Rule::owner_stmt => text_field(b, item, &mut d.owner, "owner"),
            Rule::scope_stmt => {
                let scope = scope(b, item);
                b.set_once(&mut d.scope, Spanned::new(scope, span), "scope", "the scheme");
            }
            Rule::cycle_stmt => {
                if let Some(cycle) = cycle(b, item) {
                    b.set_once(&mut d.cycle, Spanned::new(cycle, span), "cycle", "the scheme");
                }
            }
            Rule::precision_stmt => {
                let whole = item.into_inner().find(|p| p.as_rule() == Rule::whole);
                if let Some(n) = whole.and_then(|p| b.whole(&p, "the precision")) {
                    b.set_once(
                        &mut d.precision,
                        Spanned::new(n.node, span),
                        "precision",
                        "the scheme",
                    );
                }
            }
            Rule::currency_stmt => {
                let word = item.into_inner().find(|p| p.as_rule() == Rule::word);
                if let Some(code) = word.and_then(|p| b.currency_code(&p)) {
                    b.set_once(
                        &mut d.currency,
                        Spanned::new(code.node, span),
                        "currency",
                        "the scheme",
                    );
                }
            }
            Rule::missing_stmt => {
                if let Some(policy) = missing(b, item) {
                    b.set_once(&mut d.missing, policy, "missing", "the scheme");
                }
            }
            Rule::approved_stmt => {
                if let Some(approval) = approval(b, item) {
                    s.approvals.push(Spanned::new(approval, span));
                }
            }
            Rule::milestone_stmt => {
                if let Some(milestone) = milestone(b, item) {
                    s.milestones.push(Spanned::new(milestone, span));
                }
            }
            Rule::rater_stmt => {
                if let Some(rater) = rater(b, item) {
                    s.raters.push(Spanned::new(rater, span));
                }
            }
            Rule::hook_stmt => {
                let mut parts =
                    item.into_inner().filter(|p| matches!(p.as_rule(), Rule::ident | Rule::string));
                if let (Some(f), Some(path)) = (parts.next(), parts.next()) {
                    let hook = HookDecl { function: b.ident(&f), script: b.string(&path) };
                    s.hooks.push(Spanned::new(hook, span));
                }
            }
            Rule::scale_stmt => s.scales.extend(b.scale(item)),
            Rule::group_stmt => s.indicators.extend(b.group(item)),
            Rule::indicator_stmt => s.indicators.extend(b.indicator(item)),
            Rule::grades_stmt => {
                if let Some(grades) = b.grades(item) {
                    b.set_once(&mut s.grades, grades, "grades", "the scheme");
                }
            }
            Rule::ranking_stmt => {
                if let Some(ranking) = b.ranking(item) {
                    b.set_once(&mut s.ranking, ranking, "ranking", "the scheme");
                }
            }
            Rule::action_stmt => s.actions.extend(b.action(item)),
            _ => continue,
        }
        b.good(item_rule, span);
    }
    b.leave_block();
    let Some(name) = d.name else {
        b.push(
            Diagnostic::error("syntax::missing-field", "the scheme has no title")
                .in_file(b.file)
                .with_help("start the file with `scheme \"Name of the scheme\"`"),
        );
        return None;
    };
    s.name = name;
    s.version = d.version;
    s.purpose = d.purpose;
    s.strategy = d.strategy;
    s.owner = d.owner;
    s.scope = d.scope;
    s.cycle = d.cycle;
    s.precision = d.precision;
    s.currency = d.currency;
    s.missing = d.missing;
    Some(s)
}

/// `keyword "text"`: the text, spanning the whole statement.
fn text_field(
    b: &mut Builder<'_>,
    item: Pair<'_, Rule>,
    slot: &mut Option<Spanned<String>>,
    what: &str,
) {
    let span = b.span(&item);
    if let Some(string) = item.into_inner().find(|p| p.as_rule() == Rule::string) {
        let text = b.string(&string);
        b.set_once(slot, Spanned::new(text.node, span), what, "the scheme");
    }
}

/// `missing zero`, spanning the statement.
pub(super) fn missing(
    b: &mut Builder<'_>,
    item: Pair<'_, Rule>,
) -> Option<Spanned<crate::ast::MissingPolicy>> {
    let span = b.span(&item);
    let word = item.into_inner().find(|p| p.as_rule() == Rule::word)?;
    let policy = b.choose(&word, MISSING_POLICIES, "missing-data policy")?;
    Some(Spanned::new(policy.node, span))
}

fn scope(b: &mut Builder<'_>, item: Pair<'_, Rule>) -> Scope {
    let mut scope = Scope { team: None, role: None };
    for part in item.into_inner() {
        match part.as_rule() {
            Rule::string => scope.team = Some(b.string(&part)),
            Rule::role_clause => {
                scope.role =
                    part.into_inner().find(|p| p.as_rule() == Rule::ident).map(|p| b.ident(&p))
            }
            _ => {}
        }
    }
    scope
}

fn cycle(b: &mut Builder<'_>, item: Pair<'_, Rule>) -> Option<Cycle> {
    let mut period = None;
    let mut effective = None;
    let mut ok = true;
    for part in item.into_inner() {
        match part.as_rule() {
            Rule::word => period = b.choose(&part, PERIODS, "cycle period"),
            Rule::date => {
                effective = b.date(&part);
                ok &= effective.is_some();
            }
            _ => {}
        }
    }
    let period = period?;
    ok.then_some(Cycle { period, effective })
}

fn approval(b: &mut Builder<'_>, item: Pair<'_, Rule>) -> Option<Approval> {
    let mut by = None;
    let mut on = None;
    for part in item.into_inner() {
        match part.as_rule() {
            Rule::string => by = Some(b.string(&part)),
            Rule::date => on = b.date(&part),
            _ => {}
        }
    }
    Some(Approval { by: by?, on: on? })
}

fn milestone(b: &mut Builder<'_>, item: Pair<'_, Rule>) -> Option<Milestone> {
    let mut id = None;
    let mut label = None;
    let mut day = None;
    for part in item.into_inner() {
        match part.as_rule() {
            Rule::ident => id = Some(b.ident(&part)),
            Rule::string => label = Some(b.string(&part)),
            Rule::whole => day = b.whole(&part, "a milestone's day"),
            _ => {}
        }
    }
    Some(Milestone { id: id?, label, day: day? })
}

fn rater(b: &mut Builder<'_>, item: Pair<'_, Rule>) -> Option<Rater> {
    let mut id = None;
    let mut kind = None;
    let mut label = None;
    let mut weight = None;
    let mut ok = true;
    for part in item.into_inner() {
        match part.as_rule() {
            Rule::ident => id = Some(b.ident(&part)),
            Rule::word => kind = b.choose(&part, RATER_KINDS, "rater kind"),
            Rule::string => label = Some(b.string(&part)),
            Rule::weight => {
                weight = b.percent(&part, "a rater's weight");
                ok &= weight.is_some();
            }
            _ => {}
        }
    }
    let rater = Rater { id: id?, kind: kind?, label, weight };
    ok.then_some(rater)
}
