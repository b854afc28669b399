//! Dates and times the way each language writes them ("tirsdag 18. november kl. 11:24",
//! "tiistai 18.11. klo 11.24"). PostNord sends local times, often without an offset, so the
//! date is shown as sent: a parcel's times are the times where the parcel was.

use super::Lang;

/// A local date and time as PostNord writes it: `2024-08-02T15:07:00`, with or without an
/// offset or seconds, or a bare date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct LocalDateTime {
    pub(crate) year: i32,
    pub(crate) month: u8,
    pub(crate) day: u8,
    pub(crate) hour: u8,
    pub(crate) minute: u8,
}

impl LocalDateTime {
    /// Minutes since the start of year 0 on a calendar of 31-day months: not a duration, but
    /// it orders date-times as time does.
    pub(crate) fn minutes(&self) -> u64 {
        let year = u64::try_from(self.year.clamp(0, 9999)).unwrap_or(0);
        let days = (year * 12 + u64::from(self.month)) * 31 + u64::from(self.day);
        (days * 24 + u64::from(self.hour)) * 60 + u64::from(self.minute)
    }

    /// Reads the leading `YYYY-MM-DD[THH:MM]`; the rest (seconds, offset) is ignored.
    pub(crate) fn parse(text: &str) -> Option<LocalDateTime> {
        let text = text.trim();
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let year = number(0..4)? as i32;
        let month = number(5..7)? as u8;
        let day = number(8..10)? as u8;
        if text.get(4..5) != Some("-") || text.get(7..8) != Some("-") {
            return None;
        }
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let (hour, minute) = match text.get(10..11) {
            Some("T") | Some(" ") => (number(11..13)? as u8, number(14..16)? as u8),
            _ => (0, 0),
        };
        if hour > 23 || minute > 59 {
            return None;
        }
        Some(LocalDateTime {
            year,
            month,
            day,
            hour,
            minute,
        })
    }

    /// Monday = 0 … Sunday = 6 (Sakamoto's method).
    pub(crate) fn weekday(&self) -> usize {
        const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let m = self.month as usize;
        let y = if m < 3 { self.year - 1 } else { self.year };
        let sunday_first =
            (y + y / 4 - y / 100 + y / 400 + T[m - 1] + self.day as i32).rem_euclid(7);
        ((sunday_first + 6) % 7) as usize
    }

    /// Midnight usually means "some time that day": the time is then not shown.
    fn has_time(&self) -> bool {
        self.hour != 0 || self.minute != 0
    }
}

const WEEKDAYS: [[&str; 7]; 5] = [
    [
        "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
    ],
    [
        "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
    ],
    [
        "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
    ],
    [
        "maanantai",
        "tiistai",
        "keskiviikko",
        "torstai",
        "perjantai",
        "lauantai",
        "sunnuntai",
    ],
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
];

const MONTHS: [[&str; 12]; 5] = [
    [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
    [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ],
    ["", "", "", "", "", "", "", "", "", "", "", ""],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
];

const SHORT_MONTHS: [[&str; 12]; 5] = [
    [
        "jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.",
        "des.",
    ],
    [
        "jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.",
        "dec.",
    ],
    [
        "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
        "dec.",
    ],
    ["", "", "", "", "", "", "", "", "", "", "", ""],
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
];

/// The weekday's name, Monday = 0.
pub(crate) fn weekday_name(lang: Lang, weekday: usize) -> &'static str {
    WEEKDAYS[lang.index()][weekday % 7]
}

/// When the customer centre opens next, as the language says it after "Opens": Finnish puts the
/// weekday in the essive and writes the hour without a leading zero after "klo" ("maanantaina
/// klo 8.00"); the others name the weekday and the clock time ("måndag 08:00"). `day` is None
/// for later today.
pub(crate) fn opening_when(lang: Lang, day: Option<usize>, hour: u8, minute: u8) -> String {
    const FI_ON: [&str; 7] = [
        "maanantaina",
        "tiistaina",
        "keskiviikkona",
        "torstaina",
        "perjantaina",
        "lauantaina",
        "sunnuntaina",
    ];
    match (lang, day) {
        (Lang::Fi, Some(day)) => format!("{} klo {hour}.{minute:02}", FI_ON[day % 7]),
        (Lang::Fi, None) => format!("klo {hour}.{minute:02}"),
        (_, Some(day)) => format!("{} {}", weekday_name(lang, day), clock(lang, hour, minute)),
        (_, None) => clock(lang, hour, minute),
    }
}

/// A clock time `HH:MM` in the language's notation (Danish and Finnish use a full stop).
pub(crate) fn clock(lang: Lang, hour: u8, minute: u8) -> String {
    let separator = if matches!(lang, Lang::Da | Lang::Fi) {
        '.'
    } else {
        ':'
    };
    format!("{hour:02}{separator}{minute:02}")
}

/// "tirsdag 18. november", with the year when it is not `current_year`, and the time unless
/// it is midnight.
pub(crate) fn long_date(lang: Lang, at: &LocalDateTime, current_year: Option<i32>) -> String {
    let r = lang.index();
    let weekday = WEEKDAYS[r][at.weekday()];
    let month = MONTHS[r][usize::from(at.month - 1)];
    let show_year = current_year != Some(at.year);
    let (d, y) = (at.day, at.year);
    let mut text = match lang {
        Lang::Nb if show_year => format!("{weekday} {d}. {month} {y}"),
        Lang::Nb => format!("{weekday} {d}. {month}"),
        Lang::Sv if show_year => format!("{weekday} {d} {month} {y}"),
        Lang::Sv => format!("{weekday} {d} {month}"),
        Lang::Da if show_year => format!("{weekday} den {d}. {month} {y}"),
        Lang::Da => format!("{weekday} den {d}. {month}"),
        Lang::Fi if show_year => format!("{weekday} {d}.{}.{y}", at.month),
        Lang::Fi => format!("{weekday} {d}.{}.", at.month),
        Lang::En if show_year => format!("{weekday} {d} {month} {y}"),
        Lang::En => format!("{weekday} {d} {month}"),
    };
    if at.has_time() {
        text.push_str(&with_time(lang, at));
    }
    text
}

/// "18. nov. kl. 11:24": compact, for a timeline.
pub(crate) fn short_date(lang: Lang, at: &LocalDateTime) -> String {
    let r = lang.index();
    let month = SHORT_MONTHS[r][usize::from(at.month - 1)];
    let d = at.day;
    let mut text = match lang {
        Lang::Nb | Lang::Da => format!("{d}. {month}"),
        Lang::Sv | Lang::En => format!("{d} {month}"),
        Lang::Fi => format!("{d}.{}.", at.month),
    };
    if at.has_time() {
        text.push_str(&with_time(lang, at));
    }
    text
}

fn with_time(lang: Lang, at: &LocalDateTime) -> String {
    let time = clock(lang, at.hour, at.minute);
    match lang {
        Lang::En => format!(", {time}"),
        Lang::Fi => format!(" klo {time}"),
        _ => format!(" kl. {time}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_times_read_as_each_language_says_them() {
        assert_eq!(
            opening_when(Lang::Fi, Some(0), 8, 0),
            "maanantaina klo 8.00"
        );
        assert_eq!(opening_when(Lang::Fi, None, 13, 30), "klo 13.30");
        assert_eq!(opening_when(Lang::Sv, Some(0), 8, 0), "måndag 08:00");
        assert_eq!(opening_when(Lang::Da, None, 8, 0), "08.00");
    }

    fn at(text: &str) -> LocalDateTime {
        LocalDateTime::parse(text).expect("valid")
    }

    #[test]
    fn reads_postnord_times_with_and_without_offsets() {
        assert_eq!(
            at("2024-08-02T15:07:00"),
            LocalDateTime {
                year: 2024,
                month: 8,
                day: 2,
                hour: 15,
                minute: 7
            }
        );
        assert_eq!(at("2025-11-18T11:24:00+01:00").hour, 11);
        assert_eq!(at("2025-11-26").hour, 0);
        assert_eq!(LocalDateTime::parse("18/11/2025"), None);
        assert_eq!(LocalDateTime::parse("2025-13-01"), None);
        assert_eq!(LocalDateTime::parse("2025-11-18T25:00"), None);
        assert_eq!(LocalDateTime::parse("2025-1"), None);
        assert_eq!(LocalDateTime::parse("éééé-ü"), None);
    }

    #[test]
    fn weekdays_are_right() {
        assert_eq!(at("2025-11-18").weekday(), 1, "a Tuesday");
        assert_eq!(at("2024-08-02").weekday(), 4, "a Friday");
        assert_eq!(at("2026-11-22").weekday(), 6, "a Sunday");
        assert_eq!(at("2000-01-01").weekday(), 5, "a Saturday");
    }

    #[test]
    fn long_dates_read_naturally_in_every_language() {
        let t = at("2025-11-18T11:24:00+01:00");
        assert_eq!(
            long_date(Lang::Nb, &t, Some(2025)),
            "tirsdag 18. november kl. 11:24"
        );
        assert_eq!(
            long_date(Lang::Sv, &t, Some(2025)),
            "tisdag 18 november kl. 11:24"
        );
        assert_eq!(
            long_date(Lang::Da, &t, Some(2025)),
            "tirsdag den 18. november kl. 11.24"
        );
        assert_eq!(
            long_date(Lang::Fi, &t, Some(2025)),
            "tiistai 18.11. klo 11.24"
        );
        assert_eq!(
            long_date(Lang::En, &t, Some(2025)),
            "Tuesday 18 November, 11:24"
        );
        assert_eq!(
            long_date(Lang::En, &at("2025-11-26"), Some(2026)),
            "Wednesday 26 November 2025"
        );
        assert_eq!(
            long_date(Lang::Fi, &at("2025-11-26"), None),
            "keskiviikko 26.11.2025"
        );
    }

    #[test]
    fn short_dates_and_clocks() {
        let t = at("2025-11-18T04:10:00");
        assert_eq!(short_date(Lang::Nb, &t), "18. nov. kl. 04:10");
        assert_eq!(short_date(Lang::Fi, &t), "18.11. klo 04.10");
        assert_eq!(short_date(Lang::En, &t), "18 Nov, 04:10");
        assert_eq!(clock(Lang::Da, 7, 0), "07.00");
        assert_eq!(weekday_name(Lang::Sv, 6), "söndag");
    }
}
