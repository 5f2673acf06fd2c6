//! SMART, Specific: the scheme says whom it applies to; every indicator has a name in words
//! and a definition of what is counted; a share (unit `percent` or `ratio`) says what it
//! counts over what. Unique names are `structure::duplicate-name`.
//!
//! Codes: `specific::no-scope`, `specific::no-name`, `specific::no-definition`,
//! `specific::no-numerator`, `specific::no-denominator`.

use super::context::{Context, blank};
use crate::ast::{Indicator, Unit};
use crate::diagnostic::Diagnostic;

/// Check the scope and every indicator's name, definition and ratio parts.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.scheme.scope.is_none() {
        out.push(
            ctx.warning(
                "specific::no-scope",
                "the scheme does not say whom it applies to",
                ctx.scheme.name.span,
            )
            .with_label("no `scope`")
            .with_help(
                "add a line like `scope \"Online-shop customer-service team\" role cs_agent` \
                 after the title: the team in words, and the role key that routes data rows",
            ),
        );
    }
    for indicator in ctx.scheme.all_indicators() {
        let id = &indicator.id.node;
        if blank(indicator.label.as_ref()) {
            out.push(
                ctx.warning(
                    "specific::no-name",
                    format!("indicator `{id}` has no name in words"),
                    indicator.id.span,
                )
                .with_label("no name")
                .with_help(format!(
                    "write its name after the id, as HR and employees say it: \
                     `indicator {id} \"Inquiry conversion rate\" weight ...`"
                )),
            );
        }
        if blank(indicator.definition.as_ref()) {
            let span = indicator.definition.as_ref().map_or(indicator.id.span, |d| d.span);
            out.push(
                ctx.warning(
                    "specific::no-definition",
                    format!("indicator `{id}` does not define what is counted"),
                    span,
                )
                .with_label("no definition")
                .with_help(
                    "add `definition \"...\"` saying exactly what is counted or judged, e.g. \
                     `definition \"Share of chat inquiries that led to an order\"`",
                ),
            );
        }
        ratio_parts(ctx, indicator, out);
    }
}

/// A share needs a numerator and a denominator in words.
fn ratio_parts(ctx: &Context, indicator: &Indicator, out: &mut Vec<Diagnostic>) {
    let Some(unit) = &indicator.unit else { return };
    let shown = match unit.node {
        Unit::Percent => "in percent",
        Unit::Ratio => "as a ratio",
        Unit::Duration | Unit::Currency(_) | Unit::Count => return,
    };
    if indicator.rating.is_some() {
        return;
    }
    let id = &indicator.id.node;
    let parts = [
        ("numerator", &indicator.numerator, "what is counted", "counted: what?"),
        ("denominator", &indicator.denominator, "what it is counted out of", "out of what?"),
    ];
    for (word, part, meaning, question) in parts {
        let code =
            if word == "numerator" { "specific::no-numerator" } else { "specific::no-denominator" };
        if !blank(part.as_ref()) {
            continue;
        }
        let example = if word == "numerator" {
            "numerator \"inquiries followed by an order\""
        } else {
            "denominator \"chat inquiries received\""
        };
        out.push(
            ctx.warning(
                code,
                format!("`{id}` is measured {shown}, but its {word} is not stated"),
                unit.span,
            )
            .with_label(format!("a share: {question}"))
            .with_help(format!("add `{word} \"...\"` naming {meaning}, e.g. `{example}`")),
        );
    }
}
