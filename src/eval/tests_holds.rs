//! `holds` is the fast pre-check of `test`: for every condition without a hook it must
//! give what `test` gives, or actions would silently stop (or start) firing. Leaves share
//! one predicate (their meaning is tested in `tests_actions`, through `evaluate`); what this checks is
//! how `and`, `or` and `not` combine them, and that a hook anywhere defers to `test`.

use proptest::prelude::*;

use crate::ast::*;
use crate::eval::action::{ActionContext, Standing, holds, test};
use crate::eval::composite::{ScoreContext, score_record};
use crate::eval::plan::Plan;
use crate::eval::testing::*;

/// The scheme of one indicator `c` (0% → 0 points, 100% → 100), with no actions.
fn plain() -> Scheme {
    scheme(vec![measured("c", "100", targets("0", "100"))])
}

fn top(k: u32) -> Condition {
    Condition::Top(sp(Count::People(k)))
}

fn op() -> impl Strategy<Value = CmpOp> {
    prop_oneof![
        Just(CmpOp::Lt),
        Just(CmpOp::Le),
        Just(CmpOp::Gt),
        Just(CmpOp::Ge),
        Just(CmpOp::Eq),
        Just(CmpOp::Ne)
    ]
}

fn count() -> impl Strategy<Value = Count> {
    prop_oneof![
        (0u32..12).prop_map(Count::People),
        (0i64..101).prop_map(|p| Count::Percent(p.into()))
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    let leaf = prop_oneof![
        count().prop_map(|c| Condition::Top(sp(c))),
        count().prop_map(|c| Condition::Bottom(sp(c))),
        Just(Condition::Last),
        (op(), 0u32..12).prop_map(|(o, k)| Condition::Rank(cmp(o, &k.to_string()))),
        prop::sample::subsequence(vec!["A", "B", "C"], 0..3)
            .prop_map(|ids| Condition::Grade(ids.into_iter().map(id).collect())),
        (op(), 0u32..101).prop_map(|(o, x)| Condition::Score(cmp(o, &x.to_string()))),
        (op(), 0u32..101, any::<bool>(), prop_oneof![Just("c"), Just("nothing")]).prop_map(
            |(o, x, points, target)| Condition::Indicator {
                target: id(target),
                subject: if points { Subject::Points } else { Subject::Value },
                comparison: cmp(o, &x.to_string()),
            }
        ),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| Condition::And(Box::new(sp(a)), Box::new(sp(b)))),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| Condition::Or(Box::new(sp(a)), Box::new(sp(b)))),
            inner.prop_map(|a| Condition::Not(Box::new(sp(a)))),
        ]
    })
}

proptest! {
    #[test]
    fn holds_is_what_test_finds(
        condition in condition(),
        value in 0u32..101,
        (ranked_count, rank, reverse_rank) in (1u32..12).prop_flat_map(|n| (Just(n), 1..=n, 1..=n)),
        grade in prop::option::of(prop_oneof![Just("A"), Just("B"), Just("C")]),
    ) {
        let scheme = plain();
        let plan = Plan::compile(&scheme).unwrap();
        let record = record("E1", "2024-01", &[("c", &value.to_string())], &[]);
        let context = ScoreContext { scheme_index: 0, hooks: None, breakdown: false, keep_values: true };
        let scored = score_record(&plan, (&record, None), &context, &mut crate::eval::memo::Memo::default()).unwrap();
        let standing = Standing {
            plan: &plan,
            employee: &record.employee,
            record: Some(&record),
            scored: &scored,
            rank,
            reverse_rank,
            ranked_count,
            grade,
            score: value.into(),
        };
        let context = ActionContext { scheme_index: 0, action: "a", hooks: None };
        let tested = test(&condition, &standing, &context).unwrap();
        prop_assert_eq!(holds(&condition, &standing), Some(tested.holds));
    }
}

#[test]
fn a_hook_anywhere_leaves_it_to_test() {
    let scheme = plain();
    let plan = Plan::compile(&scheme).unwrap();
    let record = record("E1", "2024-01", &[("c", "50")], &[]);
    let context =
        ScoreContext { scheme_index: 0, hooks: None, breakdown: false, keep_values: true };
    let scored =
        score_record(&plan, (&record, None), &context, &mut crate::eval::memo::Memo::default())
            .unwrap();
    let standing = Standing {
        plan: &plan,
        employee: &record.employee,
        record: Some(&record),
        scored: &scored,
        rank: 2,
        reverse_rank: 1,
        ranked_count: 2,
        grade: None,
        score: d("50"),
    };
    let hook = Condition::Hook(sp(HookCall { function: id("f"), args: Vec::new() }));
    // `top 1` is false: `and` could stop there, but the hook must still be called.
    let both = Condition::And(Box::new(sp(top(1))), Box::new(sp(hook.clone())));
    assert_eq!(holds(&both, &standing), None);
    assert_eq!(holds(&Condition::Not(Box::new(sp(hook))), &standing), None);
    assert_eq!(holds(&top(1), &standing), Some(false));
}
