//! How each statement is written: the help text of a parse error inside that statement.

use super::explain::Block;

/// The written form of the statement that starts with `keyword` in `block`.
pub(super) fn usage(block: Block, keyword: &str) -> Option<&'static str> {
    let form = match (block, keyword) {
        (Block::Scale, _) => {
            "`4 \"Very good\"` or `4 \"Very good\" => 80` (a rating, a label, points)"
        }
        (Block::Curve, _) => "`3% => 80` (a value, `=>`, points)",
        (Block::Bands, "else") => "`else => 0`",
        (Block::Bands, _) => {
            "`20s..40s => 80`, `..20s => 100` or `1m.. => 10` (a range, `=>`, points)"
        }
        (Block::Grades, _) => {
            "`A \"Excellent\" at least 90`, `D \"Poor\" otherwise` or, by rank, `A \"Top\" quota 20%`"
        }
        (Block::Ranking, "scope") => "`scope all` or `scope by team`",
        (_, "scheme") => "`scheme \"Title of the scheme\"`",
        (_, "version") => "`version \"1.0\"`",
        (_, "purpose") => "`purpose \"Why the scheme exists\"`",
        (_, "strategy") => "`strategy \"The company goal it serves\"`",
        (_, "owner") => "`owner \"HR department\"`",
        (_, "scope") => "`scope \"Team in words\" role role_key`",
        (_, "cycle") => "`cycle monthly from 2011-06-07` (weekly, monthly, quarterly or yearly)",
        (_, "precision") => "`precision 2` (decimals of the composite)",
        (_, "currency") => "`currency CNY`",
        (_, "missing") => "`missing error`, `missing zero` or `missing reweight`",
        (_, "approved") => "`approved \"HR department\" on 2011-06-03`",
        (_, "milestone") => "`milestone feedback \"Feedback interviews held\" day 10`",
        (_, "rater") => "`rater store_manager manager \"Store manager\" weight 70%`",
        (_, "scale") => {
            "`scale five_point \"Five-point rating\" { 1 \"Poor\" ... 5 \"Outstanding\" }`"
        }
        (_, "hook") => "`hook refund_ratio in \"hooks/cs.rhai\"`",
        (_, "group") => "`group service \"Service\" weight 60% { ... }`",
        (_, "indicator") => "`indicator conversion \"Inquiry conversion rate\" weight 40% { ... }`",
        (_, "grades") => "`grades by score { ... }` or `grades by rank { ... }`",
        (_, "ranking") => "`ranking { scope all  tie break conversion }`",
        (_, "action") => {
            "`action monthly_bonus \"Rank 1 of the month\" { when top 1  bonus 100 CNY }`"
        }
        (_, "definition") => "`definition \"What is counted\"`",
        (_, "numerator") => "`numerator \"What is counted above the line\"`",
        (_, "denominator") => "`denominator \"What is counted below the line\"`",
        (_, "source") => "`source \"Where the data comes from\"`",
        (_, "unit") => "`unit percent` (percent, duration, currency [CODE], count or ratio)",
        (_, "higher" | "lower") => "`higher is better` or `lower is better`",
        (_, "value") => "`value refund_ratio(refunds, paid_orders)`",
        (_, "score") => {
            "`score threshold 20% target 45% stretch 60% cap 120`, `score curve { ... }`, \
             `score bands { ... }`, `score ratio target 60000 CNY cap 120`, \
             `score pass if value >= 98%` or `score hook points_of(value)`"
        }
        (_, "rated") => "`rated on five_point by self, store_manager`",
        (_, "critical") => "`critical gate points >= 60` or `critical gate value >= 99%`",
        (_, "tie") => "`tie break conversion, complaints`",
        (_, "when") => "`when top 1` or `when last for 3 consecutive cycles`",
        (_, "bonus") => "`bonus 100 CNY to bonus` (to a pay component, optional)",
        (_, "deduct") => "`deduct 100 CNY from commission` (from a pay component, optional)",
        (_, "improvement") => "`improvement plan \"What to deliver\" due 7 days after notice`",
        (_, "review") => "`review \"Consider reassignment\"`",
        (_, "note") => "`note \"...\"`",
        _ => return None,
    };
    Some(form)
}
