//! One employee's scores in one period: per plan node its points, packed ([`NodeScore`]:
//! a million employee-periods hold twenty-odd each, so presence flags, missing-data policy
//! and gate share one byte, 20 bytes a node), its value only when something reads it after
//! scoring, and the breakdown only when the output shows it. For an output without
//! breakdown, the scores are then [packed](Scored::pack_into) into their points alone.

use rust_decimal::Decimal;

use crate::ast::MissingPolicy;
use crate::eval::denoise;
use crate::eval::packed::{Kept, PackedScore, PackedView};
use crate::eval::result::{HookCallResult, RatingResult};
use crate::eval::shown::Shown;

/// The part of a node's score that only the breakdown shows (JSON, explain).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct NodeDetail {
    /// Ratings given (rated indicators).
    pub ratings: Vec<RatingResult>,
    /// Hooks called for the value or the points, with their inputs.
    pub hooks: Vec<HookCallResult>,
    /// Weight among siblings after renormalising, in percent.
    pub effective_weight: Decimal,
    /// Product of the effective weights (fractions) from the top level down to this node.
    pub factor: Decimal,
}

/// One employee's scores in one period: everything scored, or once packed the composite,
/// the failed gates and each node's points in one allocation. (A million of these are held
/// at once: 16 bytes, and the packed bytes.)
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scored(Body);

/// No scores: what is left once they are out ([`Scored::forget_nodes`]).
impl Default for Scored {
    fn default() -> Self {
        Scored(Body::Packed(PackedScore::default()))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Body {
    /// Scores, values and breakdown (until packed or forgotten).
    Full(Box<Full>),
    /// Once packed: the composite, the failed gates, and per plan node its points without
    /// noise (`denoise`), none when it keeps none. Empty once forgotten.
    Packed(PackedScore),
}

/// Everything scored.
#[derive(Debug, Clone, PartialEq)]
struct Full {
    /// The composite: 0 when a gate failed.
    composite: Decimal,
    /// Indices of nodes whose gate failed.
    failed_gates: Box<[usize]>,
    /// Per plan node.
    nodes: Box<[NodeScore]>,
    /// Per plan node, its value (see [`Scored::value`]); empty once scored unless
    /// `ScoreContext::keep_values`.
    values: Box<[Decimal]>,
    /// Per plan node, the text of its points without noise, when given with them
    /// ([`Scored::set_shown`]); else the points are packed as a decimal.
    shown: Box<[Shown]>,
    /// Per plan node when scoring was asked for the breakdown, else empty.
    details: Box<[NodeDetail]>,
}

/// The room of a score once packed, kept for the next record's ([`Scored::new_in`]), and
/// the bytes the last one was packed in: a million records are scored one after the other
/// on each thread, and each would allocate and free the same room.
#[derive(Debug, Default)]
pub(crate) struct Spare(Option<Box<Full>>, Vec<u8>);

impl Scored {
    /// [`Scored::new`] in the room `spare` holds, if any.
    pub(crate) fn new_in(spare: &mut Spare, nodes: usize, breakdown: bool) -> Scored {
        match spare.0.take() {
            Some(mut full)
                if !breakdown
                    && full.nodes.len() == nodes
                    && full.values.len() == nodes
                    && full.shown.len() == nodes =>
            {
                full.composite = Decimal::ZERO;
                full.failed_gates = Box::default();
                full.nodes.fill(NodeScore::default());
                full.values.fill(Decimal::ZERO);
                full.details = Box::default();
                Scored(Body::Full(full))
            }
            _ => Scored::new(nodes, breakdown),
        }
    }

    /// Scores of `nodes` plan nodes, not yet computed; with room for the breakdown when
    /// asked for.
    pub(crate) fn new(nodes: usize, breakdown: bool) -> Scored {
        Scored(Body::Full(Box::new(Full {
            composite: Decimal::ZERO,
            failed_gates: Box::default(),
            nodes: vec![NodeScore::default(); nodes].into(),
            values: vec![Decimal::ZERO; nodes].into(),
            shown: vec![Shown::NONE; nodes].into(),
            details: vec![NodeDetail::default(); if breakdown { nodes } else { 0 }].into(),
        })))
    }

    fn full(&self) -> Option<&Full> {
        match &self.0 {
            Body::Full(full) => Some(full),
            Body::Packed(_) => None,
        }
    }

    fn full_mut(&mut self) -> Option<&mut Full> {
        match &mut self.0 {
            Body::Full(full) => Some(full),
            Body::Packed(_) => None,
        }
    }

    /// The composite: 0 when a gate failed (and once forgotten).
    pub(crate) fn composite(&self) -> Decimal {
        match &self.0 {
            Body::Full(full) => full.composite,
            Body::Packed(packed) => packed.composite(),
        }
    }

    /// Indices of the nodes whose gate failed.
    pub(crate) fn failed_gates(&self) -> Vec<usize> {
        match &self.0 {
            Body::Full(full) => full.failed_gates.to_vec(),
            Body::Packed(packed) => packed.failed_gates(),
        }
    }

    /// Set the outcome, once every node is scored: the composite (0 when a gate failed)
    /// and the nodes whose gate failed.
    pub(crate) fn set_outcome(&mut self, composite: Decimal, failed_gates: Vec<usize>) {
        if let Some(full) = self.full_mut() {
            full.composite = composite;
            full.failed_gates = failed_gates.into();
        }
    }

    /// The value of node `index` (measured, or the rater-weighted mean rating); `None`
    /// when it has none, or when values were not kept.
    pub fn value(&self, index: usize) -> Option<Decimal> {
        let full = self.full()?;
        let has = full.nodes.get(index)?.has_value();
        if has { full.values.get(index).copied() } else { None }
    }

    pub(crate) fn set_value(&mut self, index: usize, value: Option<Decimal>) {
        let Some(full) = self.full_mut() else { return };
        if let (Some(node), Some(slot)) = (full.nodes.get_mut(index), full.values.get_mut(index)) {
            node.set_has_value(value.is_some());
            *slot = value.unwrap_or_default();
        }
    }

    /// Give the text of the points of node `index` without noise ([`Shown::of`] the
    /// points it has), for the packed score to keep instead of the decimal.
    pub(crate) fn set_shown(&mut self, index: usize, text: Shown) {
        let Some(full) = self.full_mut() else { return };
        if let (Some(node), Some(slot)) = (full.nodes.get_mut(index), full.shown.get_mut(index)) {
            node.flag(SHOWN, text.is_some());
            *slot = text;
        }
    }

    /// Drop the values once scored, when nothing reads them (points are kept).
    pub(crate) fn forget_values(&mut self) {
        if let Some(full) = self.full_mut() {
            full.values = Box::default();
        }
    }

    /// Per plan node, its score; empty once packed.
    pub(crate) fn nodes(&self) -> &[NodeScore] {
        self.full().map_or(&[], |full| &full.nodes)
    }

    /// Per plan node, its score, while scoring.
    pub(crate) fn nodes_mut(&mut self) -> &mut [NodeScore] {
        self.full_mut().map_or(&mut [], |full| &mut full.nodes)
    }

    /// Per plan node, its breakdown: empty unless scored for the breakdown.
    pub(crate) fn details(&self) -> &[NodeDetail] {
        self.full().map_or(&[], |full| &full.details)
    }

    /// Per plan node, its score and its breakdown, while scoring.
    pub(crate) fn nodes_and_details(&mut self) -> (&[NodeScore], &mut [NodeDetail]) {
        match self.full_mut() {
            Some(full) => (&full.nodes, &mut full.details),
            None => (&[], &mut []),
        }
    }

    /// [`pack_into`](Scored::pack_into) for tests: `keep` says which nodes keep points.
    #[cfg(test)]
    pub(crate) fn pack(&mut self, keep: &dyn Fn(usize) -> bool) {
        let keep: Vec<bool> = (0..self.nodes().len()).map(keep).collect();
        self.pack_into(&keep, &mut Spare::default());
    }

    /// Keep of each node only its points without noise, packed, for outputs without
    /// breakdown: a few bytes a node. Everything read after scoring then reads the same:
    /// the CSV prints those points as the shortest exact text, actions and tie-breakers
    /// round them to the scheme's precision, which `denoise` does first anyway. Nodes whose
    /// `keep` is false (groups that nothing reads once scored, [`Plan::kept_points`]) keep
    /// no points; missing-data flags and gates (shown only in the breakdown) are dropped.
    /// The room of the scores is left in `spare` for the next ones.
    ///
    /// [`Plan::kept_points`]: crate::eval::plan::Plan::kept_points
    pub(crate) fn pack_into(&mut self, keep: &[bool], spare: &mut Spare) {
        let Some(full) = self.full() else { return };
        let kept_as = |index: usize, node: &NodeScore, points: Decimal| {
            let text = full.shown.get(index).filter(|_| node.shown());
            text.map_or_else(|| Kept::Decimal(denoise(points)), |&text| Kept::Text(text))
        };
        let kept = |index: usize| keep.get(index).copied().unwrap_or(true);
        let points = full.nodes.iter().enumerate().map(|(index, node)| {
            node.points().filter(|_| kept(index)).map(|points| kept_as(index, node, points))
        });
        let packed = PackedScore::pack_in(&mut spare.1, full.composite, &full.failed_gates, points);
        if let Body::Full(full) = std::mem::replace(&mut self.0, Body::Packed(packed)) {
            spare.0 = Some(full);
        }
    }

    /// A packed score ([`PackedScore::from_bytes`] of spilled bytes).
    pub(crate) fn from_packed(packed: PackedScore) -> Scored {
        Scored(Body::Packed(packed))
    }

    /// The bytes of a packed score; `None` unless packed.
    pub(crate) fn packed_bytes(&self) -> Option<&[u8]> {
        match &self.0 {
            Body::Packed(packed) => Some(packed.bytes()),
            Body::Full(_) => None,
        }
    }

    /// Whether the scores were freed ([`forget_nodes`](Scored::forget_nodes)).
    pub(crate) fn is_forgotten(&self) -> bool {
        self.packed_bytes().is_some_and(<[u8]>::is_empty)
    }

    /// Free the scores once they are out: nothing is read of them after.
    pub(crate) fn forget_nodes(&mut self) {
        *self = Scored::default();
    }

    /// The points of node `index`, without noise (see [`denoise`]); `None` when it has none.
    pub(crate) fn points(&self, index: usize) -> Option<Decimal> {
        match &self.0 {
            Body::Full(full) => full.nodes.get(index)?.points().map(denoise),
            Body::Packed(packed) => packed.points().nth(index)?,
        }
    }

    /// The score as [`Scored::pack_into`] packed it: per plan node, its points without
    /// noise; `None` unless packed.
    pub(crate) fn packed_view(&self) -> Option<PackedView<'_>> {
        match &self.0 {
            Body::Packed(packed) => Some(packed.view()),
            Body::Full(_) => None,
        }
    }
}

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
/// The text of the points without noise is given ([`Scored::set_shown`]).
const SHOWN: u8 = 1 << 7;

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
        self.flag(SHOWN, false);
    }

    /// Whether the text of its points was given.
    fn shown(&self) -> bool {
        self.state & SHOWN != 0
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
    use crate::eval::packed::Printable;

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

    proptest::proptest! {
        #[test]
        fn packed_points_read_back_without_noise_and_print_as_the_csv_does(
            parts in proptest::collection::vec((proptest::prelude::any::<(u32, u32, u32, bool)>(), 0u32..=28, proptest::prelude::any::<bool>()), 1..8),
        ) {
            let mut scored = Scored::new(parts.len(), false);
            let mut expected = Vec::new();
            for (index, ((lo, mid, hi, negative), scale, present)) in parts.iter().enumerate() {
                let points = present.then(|| Decimal::from_parts(*lo, *mid, *hi, *negative, *scale));
                scored.nodes_mut()[index].set_points(points);
                expected.push(points.map(denoise));
            }
            // The last node (a group nothing reads, say) keeps no points.
            let last = parts.len() - 1;
            scored.pack(&|index| index != last);
            for (index, points) in expected.iter().enumerate() {
                let kept = if index == last { None } else { *points };
                proptest::prop_assert_eq!(scored.points(index), kept);
                // What the CSV prints: the same text as the points had.
                let printed = scored.packed_view().unwrap().points().nth(index);
                let printed = printed.map(|p| p.map(|p| p.to_string()));
                proptest::prop_assert_eq!(printed, Some(kept.map(|p| p.to_string())));
            }
            proptest::prop_assert!(scored.nodes().is_empty(), "the nodes are freed");
        }
    }

    #[test]
    fn a_score_in_the_room_of_one_packed_starts_as_a_new_one() {
        let mut spare = Spare::default();
        let mut scored = Scored::new_in(&mut spare, 3, false);
        scored.nodes_mut()[1].set_points(Some(Decimal::TEN));
        scored.nodes_mut()[2].set_gate_passed(false);
        scored.set_value(1, Some(Decimal::ONE));
        scored.set_outcome(Decimal::TEN, vec![2]);
        scored.pack_into(&[true; 3], &mut spare);
        assert_eq!(scored.points(1), Some(Decimal::TEN), "packed as before");
        assert!(spare.0.is_some(), "its room is kept");
        assert_eq!(Scored::new_in(&mut spare, 3, false), Scored::new(3, false));
        assert!(spare.0.is_none(), "the room is taken");
        // Room for another number of nodes, or a breakdown: a new one.
        let mut other = Scored::new(2, false);
        other.pack_into(&[true; 3], &mut spare);
        assert_eq!(Scored::new_in(&mut spare, 3, false), Scored::new(3, false));
        let mut other = Scored::new(3, false);
        other.pack_into(&[true; 3], &mut spare);
        assert_eq!(Scored::new_in(&mut spare, 3, true), Scored::new(3, true));
    }

    #[test]
    fn texts_given_are_packed_as_given_until_the_points_change() {
        let third = Decimal::from(100) / Decimal::from(3);
        let mut scored = Scored::new(4, false);
        for index in 0..4 {
            scored.nodes_mut()[index].set_points(Some(third));
        }
        // As the memo gives it: the text of the points, here marked by a value of its own.
        let one = Shown::of(Decimal::ONE, &mut Vec::new());
        scored.set_shown(0, one);
        scored.set_shown(1, one);
        scored.nodes_mut()[1].set_points(Some(third));
        scored.set_shown(3, Shown::NONE);
        scored.pack(&|_| true);
        assert_eq!(scored.points(0), Some(Decimal::ONE), "packed as given");
        assert_eq!(scored.points(1), Some(denoise(third)), "points set again: denoised");
        assert_eq!(scored.points(2), Some(denoise(third)));
        assert_eq!(scored.points(3), Some(denoise(third)), "no text: the decimal");
        let printable: Vec<_> = scored.packed_view().unwrap().printable().collect();
        assert!(matches!(printable[0], Some(Printable::Text(_, 1))), "{printable:?}");
        assert!(matches!(printable[2], Some(Printable::Decimal(_))), "{printable:?}");
    }

    #[test]
    fn a_node_takes_20_bytes_and_scores_16() {
        assert_eq!(std::mem::size_of::<NodeScore>(), 20);
        assert_eq!(std::mem::size_of::<Scored>(), 16);
    }
}
