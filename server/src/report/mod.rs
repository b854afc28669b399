//! The self-service report's numbers, computed from the store's aggregated rows: the share of
//! visits solved by an article or by tracking (against escalated and left) per day, per week,
//! market and language; escalations by weekday and hour; the articles answered "No"; searches
//! that found nothing. Pure, so the figures are tested on seeded rows without HTML or SQL.

pub(crate) mod html;
pub(crate) mod text;

use std::collections::BTreeMap;

use selfhelp::domain::Lang;
use selfhelp::domain::Market;
use selfhelp::domain::Outcome;
use time::Date;

use crate::collect::{find, MARKETS, OUTCOMES};
use crate::store::{day_code, ArticleRow, VisitRow};

/// Visits by how they ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) by_article: u64,
    pub(crate) by_tracking: u64,
    pub(crate) escalated: u64,
    pub(crate) left: u64,
}

impl Tally {
    fn add(&mut self, outcome: Outcome, n: u64) {
        match outcome {
            Outcome::SolvedByArticle => self.by_article += n,
            Outcome::SolvedByTracking => self.by_tracking += n,
            Outcome::Escalated => self.escalated += n,
            Outcome::Left => self.left += n,
        }
    }

    pub(crate) fn visits(&self) -> u64 {
        self.by_article + self.by_tracking + self.escalated + self.left
    }

    pub(crate) fn solved(&self) -> u64 {
        self.by_article + self.by_tracking
    }

    /// Solved visits per visit, in percent; None without visits.
    pub(crate) fn rate(&self) -> Option<f64> {
        let visits = self.visits();
        (visits > 0).then(|| 100.0 * self.solved() as f64 / visits as f64)
    }
}

/// Escalations by weekday (0 = Monday) and local hour.
pub(crate) type Heatmap = [[u64; 24]; 7];

#[derive(Debug, PartialEq)]
pub(crate) struct Report {
    pub(crate) first_day: String,
    pub(crate) last_day: String,
    pub(crate) total: Tally,
    /// Every day of the period, oldest first, days without visits included.
    pub(crate) by_day: Vec<(String, Tally)>,
    pub(crate) by_week: Vec<(String, Market, Lang, Tally)>,
    pub(crate) by_market: Vec<(Market, Tally)>,
    pub(crate) by_lang: Vec<(Lang, Tally)>,
    pub(crate) heatmap: Heatmap,
    pub(crate) not_helpful: Vec<ArticleRow>,
    pub(crate) searches: u64,
    pub(crate) empty_searches: u64,
}

/// The first day of a period of `days` days ending `today`.
pub(crate) fn first_day(today: Date, days: u16) -> Date {
    let mut day = today;
    for _ in 1..days {
        day = day.previous_day().unwrap_or(day);
    }
    day
}

/// Builds the report for the `days` days ending `today` from the store's rows. Rows with codes
/// this version does not know (a newer widget's) are skipped rather than misread.
pub(crate) fn build(
    today: Date,
    days: u16,
    rows: &[VisitRow],
    not_helpful: Vec<ArticleRow>,
) -> Report {
    let start = first_day(today, days);
    let mut by_day: BTreeMap<String, Tally> = BTreeMap::new();
    let mut day = start;
    while day <= today {
        by_day.insert(day_code(day), Tally::default());
        match day.next_day() {
            Some(next) => day = next,
            None => break,
        }
    }
    let mut total = Tally::default();
    let mut by_week: BTreeMap<(String, usize, usize), Tally> = BTreeMap::new();
    let mut by_market = [Tally::default(); 4];
    let mut by_lang = [Tally::default(); 5];
    let mut heatmap = [[0; 24]; 7];
    let (mut searches, mut empty_searches) = (0, 0);
    for row in rows {
        let (Some(outcome), Some(market), Some(lang)) = (
            find(&OUTCOMES, |o| o.code(), &row.outcome),
            MARKETS.iter().position(|m| m.code() == row.market),
            find(&Lang::ALL, |l| l.code(), &row.lang),
        ) else {
            continue;
        };
        let Some(tally) = by_day.get_mut(&row.day) else {
            continue;
        };
        tally.add(outcome, row.visits);
        total.add(outcome, row.visits);
        by_week
            .entry((row.week.clone(), market, lang.index()))
            .or_default()
            .add(outcome, row.visits);
        by_market[market].add(outcome, row.visits);
        by_lang[lang.index()].add(outcome, row.visits);
        if outcome == Outcome::Escalated && (1..=7).contains(&row.weekday) && row.hour < 24 {
            heatmap[usize::from(row.weekday - 1)][usize::from(row.hour)] += row.visits;
        }
        searches += row.searches;
        empty_searches += row.empty_searches;
    }
    Report {
        first_day: day_code(start),
        last_day: day_code(today),
        total,
        by_day: by_day.into_iter().collect(),
        by_week: by_week
            .into_iter()
            .map(|((week, m, l), t)| (week, MARKETS[m], Lang::ALL[l], t))
            .collect(),
        by_market: MARKETS
            .iter()
            .zip(by_market)
            .filter(|(_, t)| t.visits() > 0)
            .map(|(m, t)| (*m, t))
            .collect(),
        by_lang: Lang::ALL
            .iter()
            .zip(by_lang)
            .filter(|(_, t)| t.visits() > 0)
            .map(|(l, t)| (*l, t))
            .collect(),
        heatmap,
        not_helpful,
        searches,
        empty_searches,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::Month;

    pub(crate) fn row(
        day: &str,
        weekday: u8,
        hour: u8,
        market: &str,
        lang: &str,
        outcome: &str,
        visits: u64,
    ) -> VisitRow {
        VisitRow {
            day: day.into(),
            week: "2026-W49".into(),
            weekday,
            hour,
            market: market.into(),
            lang: lang.into(),
            outcome: outcome.into(),
            visits,
            searches: visits * 2,
            empty_searches: visits,
        }
    }

    #[test]
    fn seeded_rows_give_the_figures() {
        let today = Date::from_calendar_date(2026, Month::December, 1).unwrap();
        let rows = [
            row("2026-11-30", 1, 9, "se", "sv", "solved-by-article", 6),
            row("2026-11-30", 1, 9, "se", "sv", "solved-by-tracking", 2),
            row("2026-11-30", 1, 9, "se", "sv", "escalated", 1),
            row("2026-11-30", 1, 10, "no", "nb", "left", 1),
            row("2026-12-01", 2, 14, "fi", "fi", "escalated", 3),
            row("2026-12-01", 2, 14, "xx", "fi", "escalated", 5),
            row("2026-10-01", 4, 14, "fi", "fi", "escalated", 5),
        ];
        let r = build(today, 7, &rows, vec![]);
        assert_eq!(
            (r.first_day.as_str(), r.last_day.as_str()),
            ("2026-11-25", "2026-12-01")
        );
        assert_eq!(r.by_day.len(), 7);
        assert_eq!(r.total.visits(), 13);
        assert_eq!(r.total.solved(), 8);
        assert_eq!(r.by_day[5].1.rate(), Some(80.0));
        assert_eq!(r.by_day[6].1.rate(), Some(0.0));
        assert_eq!(r.by_day[0].1.rate(), None);
        assert_eq!(r.heatmap[0][9], 1);
        assert_eq!(r.heatmap[1][14], 3);
        assert_eq!(
            r.by_market
                .iter()
                .map(|(m, t)| (m.code(), t.visits()))
                .collect::<Vec<_>>(),
            [("no", 1), ("se", 9), ("fi", 3)]
        );
        assert_eq!(r.by_lang.len(), 3);
        assert_eq!(r.by_week.len(), 3);
        assert_eq!((r.searches, r.empty_searches), (26, 13));
    }
}
