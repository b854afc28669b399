//! Whether the customer centre is open, when it opens next, and when the queue is short.
//!
//! Chat is offered only while people are there to answer; out of hours the widget offers a
//! message form and says when chat opens. Opening hours come from an attribute the merchant
//! writes (`mon-fri 08:00-18:00; sat 10:00-14:00`), in the centre's own time zone. The view reads
//! the clock and the zone's offset from the browser; everything else is plain arithmetic on
//! a weekday (Monday = 0) and minutes from midnight, tested natively.

use std::fmt;

/// Minutes in a day; a closing time may be 24:00, which is this.
pub(crate) const MINUTES_PER_DAY: u16 = 24 * 60;

/// The quietest hours midweek start at 13:00 …
pub(crate) const QUIET_FROM: u16 = 13 * 60;
/// … and end at 16:00.
pub(crate) const QUIET_UNTIL: u16 = 16 * 60;

const DAY_NAMES: [(&str, &str); 7] = [
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
];

/// Opening hours for each weekday, Monday first: `(opens, closes)` in minutes from midnight,
/// None when closed. One opening per day; closing after midnight is not supported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WeekHours {
    pub(crate) days: [Option<(u16, u16)>; 7],
}

/// PostNord-like customer centre hours: Monday–Friday 08:00–18:00, Saturday 10:00–14:00, Sunday
/// closed. A stand-in until the merchant configures the real hours; replace it then.
impl Default for WeekHours {
    fn default() -> WeekHours {
        let weekday = Some((8 * 60, 18 * 60));
        WeekHours {
            days: [
                weekday,
                weekday,
                weekday,
                weekday,
                weekday,
                Some((10 * 60, 14 * 60)),
                None,
            ],
        }
    }
}

/// Why an opening-hours attribute could not be read, with the part that was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum HoursError {
    /// Not a day (`mon` … `sun`, or `monday` … `sunday`), a range or a list of them.
    Day(String),
    /// Not a time range such as `08:00-18:00`, or `closed`.
    Time(String),
    /// A range that does not open before it closes.
    Range(String),
}

impl fmt::Display for HoursError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Quoted by hand, not with `{:?}`: the release build formats no Debug
            // (scripts/release-env.sh), and this reaches the merchant's console.
            HoursError::Day(text) => write!(f, "not a day or day range: \"{text}\""),
            HoursError::Time(text) => write!(f, "not a time range like 08:00-18:00: \"{text}\""),
            HoursError::Range(text) => write!(f, "opens after it closes: \"{text}\""),
        }
    }
}

impl std::error::Error for HoursError {}

/// Open or closed at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Open; closes at this minute today.
    Open { closes: u16 },
    /// Closed; opens next on this weekday at this minute (later today, a later day, or the same
    /// weekday next week). None if it never opens.
    Closed { opens: Option<(usize, u16)> },
}

/// How long the queue is likely to be, for a hint next to the contact button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QueueHint {
    Busy,
    Quiet,
    Normal,
}

impl WeekHours {
    /// Every day closed.
    pub(crate) const CLOSED: WeekHours = WeekHours { days: [None; 7] };

    /// Reads an opening-hours attribute: clauses separated by `;`, each a set of days and a time
    /// range or `closed`:
    ///
    /// ```text
    /// mon-fri 08:00-18:00; sat 10:00-14:00
    /// mon,wed 9:00-15:30; thu 12.00-20.00; sun closed
    /// ```
    ///
    /// Days are `mon` … `sun` (or written out), ranges like `mon-fri` (`fri-mon` wraps over the
    /// weekend), lists like `mon,wed`. Times are `HH:MM` or `H:MM` (a `.` works too), closing up
    /// to `24:00`; an en dash works as well as a hyphen. A later clause overrides an earlier one
    /// for the same day; days no clause names are closed, so an empty spec is always closed.
    pub(crate) fn parse(spec: &str) -> Result<WeekHours, HoursError> {
        let mut hours = WeekHours::CLOSED;
        for clause in spec.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            let (days, times) = split_clause(clause)?;
            let range = parse_range(times)?;
            for (day, named) in hours.days.iter_mut().zip(parse_days(days)?) {
                if named {
                    *day = range;
                }
            }
        }
        Ok(hours)
    }

    /// Whether the centre is open on `weekday` (Monday = 0) at `minute` from midnight, and if
    /// not, when it opens next. Out-of-range values wrap (minute 1500 is 01:00 the next day).
    pub(crate) fn status(&self, weekday: usize, minute: u16) -> Status {
        let (today, minute) = wrap(weekday, minute);
        if let Some((opens, closes)) = self.days[today] {
            if opens <= minute && minute < closes {
                return Status::Open { closes };
            }
            if minute < opens {
                return Status::Closed {
                    opens: Some((today, opens)),
                };
            }
        }
        let opens = (1..=7)
            .map(|ahead| (today + ahead) % 7)
            .find_map(|day| self.days[day].map(|(opens, _)| (day, opens)));
        Status::Closed { opens }
    }
}

/// The likely queue on `weekday` (Monday = 0) at `minute`, per the customer centre's own
/// observation: Monday and Friday are the busiest days; Tuesday to Thursday after lunch
/// ([`QUIET_FROM`]–[`QUIET_UNTIL`]) is the quietest time.
pub(crate) fn quiet_hint(weekday: usize, minute: u16) -> QueueHint {
    let (day, minute) = wrap(weekday, minute);
    match day {
        0 | 4 => QueueHint::Busy,
        1..=3 if (QUIET_FROM..QUIET_UNTIL).contains(&minute) => QueueHint::Quiet,
        _ => QueueHint::Normal,
    }
}

/// A weekday below 7 and a minute within that day, carrying whole days over.
fn wrap(weekday: usize, minute: u16) -> (usize, u16) {
    let carried = usize::from(minute / MINUTES_PER_DAY);
    ((weekday % 7 + carried) % 7, minute % MINUTES_PER_DAY)
}

/// `mon-fri 08:00-18:00` as (`mon-fri`, `08:00-18:00`): the days end where the first digit is;
/// with no digit the clause must end in `closed`.
fn split_clause(clause: &str) -> Result<(&str, &str), HoursError> {
    if let Some(at) = clause.find(|c: char| c.is_ascii_digit()) {
        return Ok((&clause[..at], &clause[at..]));
    }
    let cut = clause.len().saturating_sub("closed".len());
    match (clause.get(..cut), clause.get(cut..)) {
        (Some(days), Some(word)) if word.eq_ignore_ascii_case("closed") => Ok((days, word)),
        _ => Err(HoursError::Time(clause.to_owned())),
    }
}

/// Which weekdays a day list names.
fn parse_days(text: &str) -> Result<[bool; 7], HoursError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let error = || HoursError::Day(text.trim().to_owned());
    if compact.is_empty() {
        return Err(error());
    }
    let mut named = [false; 7];
    for item in compact.split(',') {
        match item.split_once(['-', '–']) {
            Some((first, last)) => {
                let (first, last) = (
                    day_index(first).ok_or_else(error)?,
                    day_index(last).ok_or_else(error)?,
                );
                let span = (last + 7 - first) % 7;
                for ahead in 0..=span {
                    named[(first + ahead) % 7] = true;
                }
            }
            None => named[day_index(item).ok_or_else(error)?] = true,
        }
    }
    Ok(named)
}

fn day_index(name: &str) -> Option<usize> {
    DAY_NAMES.iter().position(|(short, long)| {
        name.eq_ignore_ascii_case(short) || name.eq_ignore_ascii_case(long)
    })
}

/// `08:00-18:00` as minutes, or `closed` as None.
fn parse_range(text: &str) -> Result<Option<(u16, u16)>, HoursError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.eq_ignore_ascii_case("closed") {
        return Ok(None);
    }
    let error = || HoursError::Time(text.trim().to_owned());
    let (opens, closes) = compact.split_once(['-', '–']).ok_or_else(error)?;
    let (opens, closes) = (
        parse_time(opens).ok_or_else(error)?,
        parse_time(closes).ok_or_else(error)?,
    );
    if opens >= closes {
        return Err(HoursError::Range(text.trim().to_owned()));
    }
    Ok(Some((opens, closes)))
}

/// `08:00`, `8:00` or `8.00` as minutes from midnight; `24:00` is the end of the day.
fn parse_time(text: &str) -> Option<u16> {
    let (hours, minutes) = text.split_once([':', '.'])?;
    if !(1..=2).contains(&hours.len()) || minutes.len() != 2 {
        return None;
    }
    // Digits only: `parse` alone would also take a sign.
    let number = |part: &str| {
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse::<u16>().ok())
            .flatten()
    };
    let (hours, minutes) = (number(hours)?, number(minutes)?);
    let valid = (hours < 24 && minutes < 60) || (hours == 24 && minutes == 0);
    valid.then_some(hours * 60 + minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(hours: u16, minutes: u16) -> u16 {
        hours * 60 + minutes
    }

    #[test]
    fn the_default_is_weekdays_eight_to_six_and_saturday_ten_to_two() {
        let week = WeekHours::default();
        for day in 0..5 {
            assert_eq!(week.days[day], Some((hm(8, 0), hm(18, 0))));
        }
        assert_eq!(week.days[5], Some((hm(10, 0), hm(14, 0))));
        assert_eq!(week.days[6], None);
    }

    #[test]
    fn a_spec_with_ranges_lists_and_closed_days() {
        let week = WeekHours::parse("mon-fri 08:00-18:00; sat 10:00-14:00").expect("valid");
        assert_eq!(week, WeekHours::default());

        let week = WeekHours::parse(" Mon , Wed 9:00-15:30 ;THU 12.00 – 20.00; sunday closed; ")
            .expect("valid");
        assert_eq!(week.days[0], Some((hm(9, 0), hm(15, 30))));
        assert_eq!(week.days[1], None);
        assert_eq!(week.days[2], Some((hm(9, 0), hm(15, 30))));
        assert_eq!(week.days[3], Some((hm(12, 0), hm(20, 0))));
        assert_eq!(week.days[6], None);
    }

    #[test]
    fn later_clauses_override_and_ranges_wrap() {
        let week = WeekHours::parse("mon-sun 08:00-24:00; sun closed").expect("valid");
        assert_eq!(week.days[5], Some((hm(8, 0), MINUTES_PER_DAY)));
        assert_eq!(week.days[6], None);

        let week = WeekHours::parse("fri-mon 10:00-14:00").expect("valid");
        let open: Vec<bool> = week.days.iter().map(Option::is_some).collect();
        assert_eq!(open, [true, false, false, false, true, true, true]);
    }

    #[test]
    fn an_empty_spec_is_always_closed() {
        assert_eq!(WeekHours::parse(""), Ok(WeekHours::CLOSED));
        assert_eq!(WeekHours::parse(" ; "), Ok(WeekHours::CLOSED));
        assert_eq!(
            WeekHours::CLOSED.status(2, hm(12, 0)),
            Status::Closed { opens: None }
        );
    }

    #[test]
    fn bad_specs_say_what_was_wrong() {
        assert_eq!(
            WeekHours::parse("mon-fre 08:00-18:00"),
            Err(HoursError::Day("mon-fre".to_owned()))
        );
        assert_eq!(
            WeekHours::parse("08:00-18:00"),
            Err(HoursError::Day(String::new()))
        );
        assert_eq!(
            WeekHours::parse("mon 8-18"),
            Err(HoursError::Time("8-18".to_owned()))
        );
        assert_eq!(
            WeekHours::parse("mon 18:00-08:00"),
            Err(HoursError::Range("18:00-08:00".to_owned()))
        );
        assert_eq!(
            WeekHours::parse("mon 08:00-08:00"),
            Err(HoursError::Range("08:00-08:00".to_owned()))
        );
        for spec in [
            "mon 08:60-18:00",
            "mon 25:00-26:00",
            "mon 24:30-24:45",
            "mon 008:00-18:00",
            "mon 08:0-18:00",
            "mon 08:00",
            "mon 08:00-12:00,13:00-17:00",
            "mon open",
            "mon 08:00-18:00 sat",
            "mon ８:00-18:00",
        ] {
            assert!(WeekHours::parse(spec).is_err(), "{spec:?} should not parse");
        }
        assert_eq!(
            HoursError::Time("x".to_owned()).to_string(),
            "not a time range like 08:00-18:00: \"x\""
        );
    }

    #[test]
    fn open_until_closing_time() {
        let week = WeekHours::default();
        assert_eq!(week.status(0, hm(8, 0)), Status::Open { closes: hm(18, 0) });
        assert_eq!(
            week.status(2, hm(17, 59)),
            Status::Open { closes: hm(18, 0) }
        );
        assert_eq!(
            week.status(5, hm(13, 0)),
            Status::Open { closes: hm(14, 0) }
        );
    }

    #[test]
    fn closed_says_when_it_opens_next() {
        let week = WeekHours::default();
        // Before opening: later today.
        assert_eq!(
            week.status(1, hm(7, 30)),
            Status::Closed {
                opens: Some((1, hm(8, 0)))
            }
        );
        // At closing time: tomorrow.
        assert_eq!(
            week.status(1, hm(18, 0)),
            Status::Closed {
                opens: Some((2, hm(8, 0)))
            }
        );
        // Friday evening: Saturday.
        assert_eq!(
            week.status(4, hm(20, 0)),
            Status::Closed {
                opens: Some((5, hm(10, 0)))
            }
        );
        // Saturday afternoon and Sunday: Monday, wrapping the week.
        for (day, minute) in [(5, hm(14, 0)), (6, hm(0, 0)), (6, hm(23, 59))] {
            assert_eq!(
                week.status(day, minute),
                Status::Closed {
                    opens: Some((0, hm(8, 0)))
                }
            );
        }
        // Open one day a week, asked after closing that day: the same weekday next week.
        let once = WeekHours::parse("wed 10:00-12:00").expect("valid");
        assert_eq!(
            once.status(2, hm(12, 0)),
            Status::Closed {
                opens: Some((2, hm(10, 0)))
            }
        );
    }

    #[test]
    fn out_of_range_moments_wrap_instead_of_panicking() {
        let week = WeekHours::default();
        // Weekday 7 is Monday again; minute 1500 of Sunday is 01:00 on Monday.
        assert_eq!(week.status(7, hm(9, 0)), week.status(0, hm(9, 0)));
        assert_eq!(
            week.status(6, 1500),
            Status::Closed {
                opens: Some((0, hm(8, 0)))
            }
        );
        // 65535 minutes after Monday 00:00 is Thursday 12:15, 45 days on.
        assert_eq!(week.status(0, u16::MAX), Status::Open { closes: hm(18, 0) });
        assert_eq!(quiet_hint(0, u16::MAX), QueueHint::Normal);
        let _ = week.status(usize::MAX, u16::MAX);
        let _ = quiet_hint(usize::MAX, u16::MAX);
        let odd = WeekHours {
            days: [Some((u16::MAX, 3)); 7],
        };
        assert_eq!(
            odd.status(0, 2),
            Status::Closed {
                opens: Some((0, u16::MAX))
            }
        );
    }

    #[test]
    fn queue_hints_follow_the_centres_observation() {
        assert_eq!(quiet_hint(0, hm(14, 0)), QueueHint::Busy);
        assert_eq!(quiet_hint(4, hm(9, 0)), QueueHint::Busy);
        for day in 1..=3 {
            assert_eq!(quiet_hint(day, hm(13, 0)), QueueHint::Quiet);
            assert_eq!(quiet_hint(day, hm(15, 59)), QueueHint::Quiet);
            assert_eq!(quiet_hint(day, hm(12, 59)), QueueHint::Normal);
            assert_eq!(quiet_hint(day, hm(16, 0)), QueueHint::Normal);
        }
        assert_eq!(quiet_hint(5, hm(11, 0)), QueueHint::Normal);
        assert_eq!(quiet_hint(6, hm(11, 0)), QueueHint::Normal);
        assert_eq!(quiet_hint(8, hm(14, 0)), QueueHint::Quiet);
    }
}
