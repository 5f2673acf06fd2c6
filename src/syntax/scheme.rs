//! The top level: scheme metadata, raters, hooks, and the dispatch of blocks to their
//! walkers. A statement-level field spans its whole statement.

use pest::iterators::Pair;

use crate::ast::{Approval, Cycle, HookDecl, Milestone, Rater, Scheme, Scope};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

use super::builder::Builder;
use super::explain::Block;
use super::grammar::Rule;
use super::literal::MAX_PRECISION;
use super::words::{MISSING_POLICIES, PERIODS, RATER_KINDS};

/// The scheme being walked: the fields a scheme gives once, and its lists. A file is walked
/// into one draft; a large file may be walked in pieces, one draft each, then appended in
/// order (`syntax::chunks`).
pub(super) struct Draft {
    /// The title, required: the scheme's own field is not optional.
    name: Option<Spanned<String>>,
    /// Everything else, the fields given once included.
    s: Scheme,
}

/// Walk the `file` pair into a scheme; `None` when the title is missing (reported).
pub(super) fn scheme(b: &mut Builder<'_>, file: Pair<'_, Rule>) -> Option<Scheme> {
    let mut draft = Draft::new();
    draft.walk(b, file.into_inner());
    draft.finish(b)
}

impl Draft {
    /// A draft with nothing in it.
    pub fn new() -> Self {
        Draft {
            name: None,
            s: Scheme {
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
            },
        }
    }

    /// Walk top-level statements (the inner pairs of `file`) into this draft.
    pub fn walk<'i>(&mut self, b: &mut Builder<'_>, items: impl Iterator<Item = Pair<'i, Rule>>) {
        let d = self;
        let s = &mut d.s;
        b.enter_block();
        for item in items {
            let span = b.span(&item);
            let item_rule = item.as_rule();
            match item.as_rule() {
                Rule::bad_item => {
                    b.bad(&item, Block::Top);
                    continue;
                }
                Rule::scheme_stmt => text_field(b, item, &mut d.name, "scheme"),
                Rule::version_stmt => text_field(b, item, &mut s.version, "version"),
                Rule::purpose_stmt => text_field(b, item, &mut s.purpose, "purpose"),
                Rule::strategy_stmt => text_field(b, item, &mut s.strategy, "strategy"),
                Rule::owner_stmt => text_field(b, item, &mut s.owner, "owner"),
                Rule::scope_stmt => {
                    let scope = scope(b, item);
                    b.set_once(&mut s.scope, Spanned::new(scope, span), "scope", "the scheme");
                }
                Rule::cycle_stmt => {
                    if let Some(cycle) = cycle(b, item) {
                        b.set_once(&mut s.cycle, Spanned::new(cycle, span), "cycle", "the scheme");
                    }
                }
                Rule::precision_stmt => {
                    let whole = item.into_inner().find(|p| p.as_rule() == Rule::whole);
                    let n = whole.and_then(|p| b.whole(&p, "the precision"));
                    if let Some(n) = n.as_ref().filter(|n| n.node > MAX_PRECISION) {
                        b.error(
                            "syntax::number-too-large",
                            format!("precision too large: {} decimals", n.node),
                            n.span,
                            format!("at most {MAX_PRECISION}"),
                            format!(
                                "an exact decimal holds {MAX_PRECISION} digits: write a precision \
                                 of at most {MAX_PRECISION} (scores are usually shown with 2)"
                            ),
                        );
                    } else if let Some(n) = n {
                        b.set_once(
                            &mut s.precision,
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
                            &mut s.currency,
                            Spanned::new(code.node, span),
                            "currency",
                            "the scheme",
                        );
                    }
                }
                Rule::missing_stmt => {
                    if let Some(policy) = missing(b, item) {
                        b.set_once(&mut s.missing, policy, "missing", "the scheme");
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
                    let mut parts = item
                        .into_inner()
                        .filter(|p| matches!(p.as_rule(), Rule::ident | Rule::string));
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
    }

    /// Append the draft of the statements that follow this draft's. `false` (and this draft
    /// unusable) when both give a field that a scheme gives once: walking the whole file in
    /// one piece reports it.
    pub fn append(&mut self, later: Draft) -> bool {
        // Every field named, so that a new one cannot be forgotten here.
        let Scheme {
            name: _,
            version,
            purpose,
            strategy,
            owner,
            scope,
            cycle,
            precision,
            currency,
            missing,
            approvals,
            milestones,
            raters,
            scales,
            hooks,
            indicators,
            grades,
            ranking,
            actions,
        } = later.s;
        let s = &mut self.s;
        let once = [
            once(&mut self.name, later.name),
            once(&mut s.version, version),
            once(&mut s.purpose, purpose),
            once(&mut s.strategy, strategy),
            once(&mut s.owner, owner),
            once(&mut s.scope, scope),
            once(&mut s.cycle, cycle),
            once(&mut s.precision, precision),
            once(&mut s.currency, currency),
            once(&mut s.missing, missing),
            once(&mut s.grades, grades),
            once(&mut s.ranking, ranking),
        ];
        s.approvals.extend(approvals);
        s.milestones.extend(milestones);
        s.raters.extend(raters);
        s.scales.extend(scales);
        s.hooks.extend(hooks);
        s.indicators.extend(indicators);
        s.actions.extend(actions);
        once.iter().all(|&ok| ok)
    }

    /// The scheme; `None` when the title is missing (reported).
    pub fn finish(self, b: &mut Builder<'_>) -> Option<Scheme> {
        let Some(name) = self.name else {
            b.push(
                Diagnostic::error("syntax::missing-field", "the scheme has no title")
                    .in_file(b.file)
                    .with_help("start the file with `scheme \"Name of the scheme\"`"),
            );
            return None;
        };
        let mut s = self.s;
        s.name = name;
        Some(s)
    }
}

/// Move `later` into `slot` unless both are given: `false` then.
fn once<T>(slot: &mut Option<T>, later: Option<T>) -> bool {
    match (slot.is_some(), later) {
        (true, Some(_)) => false,
        (_, None) => true,
        (false, later) => {
            *slot = later;
            true
        }
    }
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
