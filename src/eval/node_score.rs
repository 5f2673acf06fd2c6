//! The points of one group or indicator for one employee and period, packed: a million
//! employee-periods hold twenty-odd each, so its presence flags, missing-data policy and
//! gate share one byte (20 bytes a node). The node's value is kept beside it, in
//! [`Scored`](crate::eval::composite::Scored), and only when something reads it.

use rust_decimal::Decimal;

use crate::ast::MissingPolicy;

/// Points, missing data and gate of one plan node (same index as the plan's nodes), and
/// whether it has a value.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct NodeScore {
    /// Meaningful when `HAS_POINTS` is set; zero otherwise.
    points: Decimal,
    state: u8,
}

const HAS_VALUE: u8 = 1;
const HAS_POINTS: u8 = 1 << 1;
const MISSING: u8 = 1 << 2;
/// Two bits: 0 no policy applied, 1 error, 2 zero, 3 reweight.
const POLICY_SHIFT: u8 = 3;
const POLICY: u8 = 0b11 << POLICY_SHIFT;
const GATE_TESTED: u8 = 1 << 5;
const GATE_PASSED: u8 = 1 << 6;

impl NodeScore {
    /// Whether the node has a value (measured, or a mean rating).
    pub fn has_value(&self) -> bool {
        self.state & HAS_VALUE != 0
    }

    /// Points; `None` when left out by `reweight`.
    pub fn points(&self) -> Option<Decimal> {
        (self.state & HAS_POINTS != 0).then_some(self.points)
    }

    /// No data (or, for a group, every child left out).
    pub fn missing(&self) -> bool {
        self.state & MISSING != 0
    }

    /// The policy applied when missing.
    pub fn policy(&self) -> Option<MissingPolicy> {
        match (self.state & POLICY) >> POLICY_SHIFT {
            1 => Some(MissingPolicy::Error),
            2 => Some(MissingPolicy::Zero),
            3 => Some(MissingPolicy::Reweight),
            _ => None,
        }
    }

    /// Whether this critical indicator's gate passed; `None` when it has no gate.
    pub fn gate_passed(&self) -> Option<bool> {
        (self.state & GATE_TESTED != 0).then_some(self.state & GATE_PASSED != 0)
    }

    pub fn set_has_value(&mut self, has: bool) {
        self.flag(HAS_VALUE, has);
    }

    pub fn set_points(&mut self, points: Option<Decimal>) {
        self.points = points.unwrap_or_default();
        self.flag(HAS_POINTS, points.is_some());
    }

    /// Mark the node missing, handled by `policy`.
    pub fn set_missing(&mut self, policy: MissingPolicy) {
        let code = match policy {
            MissingPolicy::Error => 1,
            MissingPolicy::Zero => 2,
            MissingPolicy::Reweight => 3,
        };
        self.state = (self.state & !POLICY) | MISSING | (code << POLICY_SHIFT);
    }

    pub fn set_gate_passed(&mut self, passed: bool) {
        self.state |= GATE_TESTED;
        self.flag(GATE_PASSED, passed);
    }

    fn flag(&mut self, bit: u8, on: bool) {
        if on {
            self.state |= bit;
        } else {
            self.state &= !bit;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_reads_back_what_was_set() {
        let mut score = NodeScore::default();
        assert_eq!(
            (
                score.has_value(),
                score.points(),
                score.missing(),
                score.policy(),
                score.gate_passed()
            ),
            (false, None, false, None, None)
        );
        score.set_has_value(true);
        score.set_points(Some(Decimal::new(471, 1)));
        assert_eq!((score.has_value(), score.points()), (true, Some(Decimal::new(471, 1))));
        for policy in [MissingPolicy::Error, MissingPolicy::Zero, MissingPolicy::Reweight] {
            score.set_missing(policy);
            assert!(score.missing());
            assert_eq!(score.policy(), Some(policy));
        }
        score.set_gate_passed(false);
        assert_eq!(score.gate_passed(), Some(false));
        score.set_gate_passed(true);
        assert_eq!(score.gate_passed(), Some(true));
        score.set_points(None);
        score.set_has_value(false);
        assert_eq!((score.has_value(), score.points()), (false, None));
        assert_eq!(
            (score.policy(), score.gate_passed()),
            (Some(MissingPolicy::Reweight), Some(true))
        );
    }

    #[test]
    fn a_node_takes_20_bytes() {
        assert_eq!(std::mem::size_of::<NodeScore>(), 20);
    }
}
