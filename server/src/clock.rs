//! The customer centre's clock, for days and the weekday × hour heatmap. A fixed UTC offset plus,
//! by default, the EU's summer-time rule, which every PostNord market follows (Norway, Sweden,
//! Denmark, Finland): one hour ahead from 01:00 UTC on the last Sunday of March to 01:00 UTC on
//! the last Sunday of October. That is the whole of what the report needs from a time-zone
//! database, so none is shipped.

use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CentreClock {
    /// The offset in winter (standard time), e.g. +01:00 for Oslo, Stockholm, Copenhagen.
    pub(crate) standard: UtcOffset,
    /// Whether clocks go one hour forward in the EU's summer.
    pub(crate) eu_summer_time: bool,
}

impl CentreClock {
    /// The offset in force at `t`.
    pub(crate) fn offset_at(self, t: OffsetDateTime) -> UtcOffset {
        if !self.eu_summer_time || !in_eu_summer_time(t) {
            return self.standard;
        }
        let summer = self.standard.whole_seconds() + 3600;
        UtcOffset::from_whole_seconds(summer).unwrap_or(self.standard)
    }
}

fn in_eu_summer_time(t: OffsetDateTime) -> bool {
    let year = t.to_offset(UtcOffset::UTC).year();
    match (change(year, Month::March), change(year, Month::October)) {
        (Some(start), Some(end)) => start <= t && t < end,
        _ => false,
    }
}

/// 01:00 UTC on the last Sunday of `month` in `year`.
fn change(year: i32, month: Month) -> Option<OffsetDateTime> {
    let last = Date::from_calendar_date(year, month, 31).ok()?;
    let back = i64::from(last.weekday().number_days_from_sunday());
    let sunday = last - Duration::days(back);
    debug_assert_eq!(sunday.weekday(), Weekday::Sunday);
    Some(PrimitiveDateTime::new(sunday, Time::from_hms(1, 0, 0).ok()?).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(unix: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(unix).unwrap()
    }

    #[test]
    fn stockholm_in_winter_and_summer() {
        let clock = CentreClock {
            standard: UtcOffset::from_hms(1, 0, 0).unwrap(),
            eu_summer_time: true,
        };
        // 2026-03-29 00:59:59 UTC, then 01:00:00 UTC: summer time begins.
        assert_eq!(clock.offset_at(at(1_774_745_999)).whole_hours(), 1);
        assert_eq!(clock.offset_at(at(1_774_746_000)).whole_hours(), 2);
        // 2026-10-25 00:59:59 UTC, then 01:00:00 UTC: it ends.
        assert_eq!(clock.offset_at(at(1_792_889_999)).whole_hours(), 2);
        assert_eq!(clock.offset_at(at(1_792_890_000)).whole_hours(), 1);
        let fixed = CentreClock {
            eu_summer_time: false,
            ..clock
        };
        assert_eq!(fixed.offset_at(at(1_780_000_000)).whole_hours(), 1);
    }
}
