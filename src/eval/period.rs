//! Period labels of a scheme's cycle: `2011-06` (monthly), `2011-Q3` (quarterly), `2011`
//! (yearly), `2011-W23` (weekly, ISO week). A label is parsed into its cycle and first day,
//! which orders periods and tells whether two are consecutive.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::ast::Period;

/// One period of a cycle, identified by its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PeriodLabel {
    /// First day of the period (ordering follows it).
    start: NaiveDate,
    /// The cycle the label belongs to.
    cycle: Period,
}

impl PeriodLabel {
    /// Parse `text` as a label of `cycle`; the error says what was expected.
    pub fn parse(text: &str, cycle: Period) -> Result<PeriodLabel, String> {
        let start = match cycle {
            Period::Monthly => parse_monthly(text),
            Period::Quarterly => parse_quarterly(text),
            Period::Yearly => parse_yearly(text),
            Period::Weekly => parse_weekly(text),
        };
        start.map(|start| PeriodLabel { start, cycle }).ok_or_else(|| {
            format!(
                "`{text}` is not a {} period label (expected {})",
                cycle_name(cycle),
                example(cycle)
            )
        })
    }

    /// Parse a label of any cycle (for schemes that declare none).
    pub fn detect(text: &str) -> Option<PeriodLabel> {
        [Period::Monthly, Period::Quarterly, Period::Yearly, Period::Weekly]
            .into_iter()
            .find_map(|cycle| PeriodLabel::parse(text, cycle).ok())
    }

    /// The cycle of this label.
    pub fn cycle(self) -> Period {
        self.cycle
    }

    /// First day of the period.
    pub fn start(self) -> NaiveDate {
        self.start
    }

    /// Last day of the period.
    pub fn end(self) -> NaiveDate {
        self.next().map_or(NaiveDate::MAX, |next| next.start.pred_opt().unwrap_or(next.start))
    }

    /// The period right before this one.
    pub fn previous(self) -> Option<PeriodLabel> {
        let day_before = self.start.pred_opt()?;
        Some(PeriodLabel { start: period_start(day_before, self.cycle), cycle: self.cycle })
    }

    /// The period right after this one.
    pub fn next(self) -> Option<PeriodLabel> {
        let start = match self.cycle {
            Period::Weekly => self.start.checked_add_days(Days::new(7)),
            Period::Monthly => self.start.checked_add_months(Months::new(1)),
            Period::Quarterly => self.start.checked_add_months(Months::new(3)),
            Period::Yearly => self.start.checked_add_months(Months::new(12)),
        }?;
        Some(PeriodLabel { start, cycle: self.cycle })
    }
}

impl Ord for PeriodLabel {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.start, self.cycle as u8).cmp(&(other.start, other.cycle as u8))
    }
}

impl PartialOrd for PeriodLabel {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PeriodLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.start;
        match self.cycle {
            Period::Monthly => write!(f, "{:04}-{:02}", date.year(), date.month()),
            Period::Quarterly => write!(f, "{:04}-Q{}", date.year(), date.month0() / 3 + 1),
            Period::Yearly => write!(f, "{:04}", date.year()),
            Period::Weekly => {
                let week = date.iso_week();
                write!(f, "{:04}-W{:02}", week.year(), week.week())
            }
        }
    }
}

/// The cycle's name in words.
pub fn cycle_name(cycle: Period) -> &'static str {
    match cycle {
        Period::Weekly => "weekly",
        Period::Monthly => "monthly",
        Period::Quarterly => "quarterly",
        Period::Yearly => "yearly",
    }
}

fn example(cycle: Period) -> &'static str {
    match cycle {
        Period::Weekly => "YYYY-Www, e.g. 2011-W23",
        Period::Monthly => "YYYY-MM, e.g. 2011-06",
        Period::Quarterly => "YYYY-Qn, e.g. 2011-Q3",
        Period::Yearly => "YYYY, e.g. 2011",
    }
}

/// The first day of the period of `cycle` that contains `date`.
fn period_start(date: NaiveDate, cycle: Period) -> NaiveDate {
    let first_of = |month0: u32| NaiveDate::from_ymd_opt(date.year(), month0 + 1, 1);
    let start = match cycle {
        Period::Weekly => {
            date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))
        }
        Period::Monthly => first_of(date.month0()),
        Period::Quarterly => first_of(date.month0() / 3 * 3),
        Period::Yearly => first_of(0),
    };
    start.unwrap_or(date)
}

fn year(text: &str) -> Option<i32> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

fn two_digits(text: &str) -> Option<u32> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

fn parse_monthly(text: &str) -> Option<NaiveDate> {
    let (y, m) = text.split_once('-')?;
    NaiveDate::from_ymd_opt(year(y)?, two_digits(m)?, 1)
}

fn parse_quarterly(text: &str) -> Option<NaiveDate> {
    let (y, q) = text.split_once('-')?;
    let quarter: u32 = match q.as_bytes() {
        [b'Q' | b'q', d @ b'1'..=b'4'] => u32::from(d - b'0'),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year(y)?, (quarter - 1) * 3 + 1, 1)
}

fn parse_yearly(text: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year(text)?, 1, 1)
}

fn parse_weekly(text: &str) -> Option<NaiveDate> {
    let (y, w) = text.split_once('-')?;
    let week = two_digits(w.strip_prefix('W').or_else(|| w.strip_prefix('w'))?)?;
    NaiveDate::from_isoywd_opt(year(y)?, week, Weekday::Mon)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn label(text: &str, cycle: Period) -> PeriodLabel {
        PeriodLabel::parse(text, cycle).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn monthly_start_end_and_neighbours() {
        let june = label("2011-06", Period::Monthly);
        assert_eq!((june.start(), june.end()), (date(2011, 6, 1), date(2011, 6, 30)));
        assert_eq!(june.previous().unwrap().to_string(), "2011-05");
        assert_eq!(label("2011-01", Period::Monthly).previous().unwrap().to_string(), "2010-12");
        assert_eq!(label("2012-02", Period::Monthly).end(), date(2012, 2, 29));
        assert!(label("2011-05", Period::Monthly) < june);
    }

    #[test]
    fn quarterly_yearly_weekly() {
        let q3 = label("2011-Q3", Period::Quarterly);
        assert_eq!((q3.start(), q3.end()), (date(2011, 7, 1), date(2011, 9, 30)));
        assert_eq!(label("2011-Q1", Period::Quarterly).previous().unwrap().to_string(), "2010-Q4");
        let year = label("2011", Period::Yearly);
        assert_eq!((year.start(), year.end()), (date(2011, 1, 1), date(2011, 12, 31)));
        // ISO week 23 of 2011 runs Monday 6 June to Sunday 12 June.
        let w23 = label("2011-W23", Period::Weekly);
        assert_eq!((w23.start(), w23.end()), (date(2011, 6, 6), date(2011, 6, 12)));
        // 2009 has 53 ISO weeks; week 1 of 2010 follows week 53.
        let w1 = label("2010-W01", Period::Weekly);
        assert_eq!(w1.previous().unwrap().to_string(), "2009-W53");
        assert_eq!(w1.to_string(), "2010-W01");
    }

    #[test]
    fn rejects_labels_of_other_cycles() {
        assert!(PeriodLabel::parse("2011-Q3", Period::Monthly).is_err());
        assert!(PeriodLabel::parse("2011-13", Period::Monthly).is_err());
        assert!(PeriodLabel::parse("2011-6", Period::Monthly).is_err());
        assert!(PeriodLabel::parse("2011-06", Period::Quarterly).is_err());
        assert!(PeriodLabel::parse("2011-Q5", Period::Quarterly).is_err());
        assert!(PeriodLabel::parse("2011-W54", Period::Weekly).is_err());
        let err = PeriodLabel::parse("June", Period::Monthly).unwrap_err();
        assert!(err.contains("YYYY-MM"), "{err}");
    }

    #[test]
    fn detects_the_cycle_of_a_label() {
        assert_eq!(PeriodLabel::detect("2011-Q2").unwrap().cycle(), Period::Quarterly);
        assert_eq!(PeriodLabel::detect("2011-06").unwrap().cycle(), Period::Monthly);
        assert_eq!(PeriodLabel::detect("2011").unwrap().cycle(), Period::Yearly);
        assert!(PeriodLabel::detect("last month").is_none());
    }
}
