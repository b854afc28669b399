//! Where visits are kept: SQLite in one file by default (nothing to install), PostgreSQL through
//! `DATABASE_URL` when several instances behind a load balancer write to one database. One
//! schema, in SQL both understand, applied by numbered migrations at start; both back-ends sit
//! behind [`Store`], and the report is computed in Rust from the same aggregated rows.

pub(crate) mod postgres;
pub(crate) mod sqlite;

use std::fmt;

use async_trait::async_trait;
use selfhelp::domain::Lang;
use selfhelp::domain::Outcome;
use selfhelp::domain::{Market, PageContext};
use time::{OffsetDateTime, UtcOffset};

/// The schema, one statement per step, never edited once shipped (add a step instead).
/// No personal data and no exact times: a visit is a local day, week, weekday and hour.
pub(crate) const MIGRATIONS: &[&str] = &[
    "CREATE TABLE visits (
        day TEXT NOT NULL,
        week TEXT NOT NULL,
        weekday INTEGER NOT NULL,
        hour INTEGER NOT NULL,
        market TEXT NOT NULL,
        lang TEXT NOT NULL,
        context TEXT NOT NULL,
        outcome TEXT NOT NULL,
        searches INTEGER NOT NULL,
        articles INTEGER NOT NULL,
        lookups INTEGER NOT NULL,
        empty_searches INTEGER NOT NULL
    )",
    "CREATE INDEX visits_by_day ON visits (day)",
    "CREATE TABLE not_helpful (
        day TEXT NOT NULL,
        market TEXT NOT NULL,
        lang TEXT NOT NULL,
        article TEXT NOT NULL
    )",
    "CREATE INDEX not_helpful_by_day ON not_helpful (day)",
];

/// The report's one query over visits: counts by every dimension it shows.
pub(crate) const VISITS_QUERY: &str = "SELECT day, week, weekday, hour, market, lang, outcome,
    COUNT(*), SUM(searches), SUM(empty_searches)
    FROM visits WHERE day >= $1
    GROUP BY day, week, weekday, hour, market, lang, outcome";

pub(crate) const NOT_HELPFUL_QUERY: &str = "SELECT article, COUNT(*) FROM not_helpful
    WHERE day >= $1 GROUP BY article ORDER BY COUNT(*) DESC, article LIMIT 20";

/// An FAQ article's id as the bundle writes it: lower-case letters, digits and dashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ArticleId(String);

impl ArticleId {
    const MAX_LEN: usize = 80;

    pub(crate) fn parse(text: &str) -> Option<ArticleId> {
        let ok = !text.is_empty()
            && text.len() <= Self::MAX_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        ok.then(|| ArticleId(text.to_string()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// When a visit ended, in the customer centre's local time, only as finely as the report needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct When {
    /// `2026-11-30`
    pub(crate) day: String,
    /// ISO week, `2026-W49`
    pub(crate) week: String,
    /// 1 = Monday … 7 = Sunday
    pub(crate) weekday: u8,
    /// 0…23
    pub(crate) hour: u8,
}

impl When {
    pub(crate) fn at(now: OffsetDateTime, offset: UtcOffset) -> When {
        let local = now.to_offset(offset);
        let (iso_year, iso_week, weekday) = local.to_iso_week_date();
        When {
            day: day_code(local.date()),
            week: format!("{iso_year}-W{iso_week:02}"),
            weekday: weekday.number_from_monday(),
            hour: local.hour(),
        }
    }
}

pub(crate) fn day_code(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// One visit, validated.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Visit {
    pub(crate) when: When,
    pub(crate) market: Market,
    pub(crate) lang: Lang,
    pub(crate) context: PageContext,
    pub(crate) outcome: Outcome,
    pub(crate) searches: u32,
    pub(crate) articles: u32,
    pub(crate) lookups: u32,
    pub(crate) empty_searches: u32,
    pub(crate) not_helpful: Vec<ArticleId>,
}

/// Visits counted by day, hour, market, language and outcome, as stored (codes as text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VisitRow {
    pub(crate) day: String,
    pub(crate) week: String,
    pub(crate) weekday: u8,
    pub(crate) hour: u8,
    pub(crate) market: String,
    pub(crate) lang: String,
    pub(crate) outcome: String,
    pub(crate) visits: u64,
    pub(crate) searches: u64,
    pub(crate) empty_searches: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ArticleRow {
    pub(crate) article: String,
    pub(crate) answered_no: u64,
}

#[derive(Debug)]
pub(crate) enum StoreError {
    Sqlite(rusqlite::Error),
    Postgres(tokio_postgres::Error),
    /// A blocking task was lost (the runtime is shutting down).
    Task,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Sqlite(e) => write!(f, "sqlite: {e}"),
            StoreError::Postgres(e) => write!(f, "postgres: {e}"),
            StoreError::Task => f.write_str("database task lost"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(e)
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> StoreError {
        StoreError::Postgres(e)
    }
}

#[async_trait]
pub(crate) trait Store: Send + Sync {
    async fn record(&self, visit: &Visit) -> Result<(), StoreError>;
    /// Counts for days from `first_day` (a `day_code`) on.
    async fn visits_since(&self, first_day: &str) -> Result<Vec<VisitRow>, StoreError>;
    /// The articles most often answered "No" since `first_day`, most first.
    async fn not_helpful_since(&self, first_day: &str) -> Result<Vec<ArticleRow>, StoreError>;
    /// Whether the database answers, for `/readyz`.
    async fn ping(&self) -> Result<(), StoreError>;
}

/// Opens the configured database and brings its schema up to date.
pub(crate) async fn open(database: &crate::config::Database) -> Result<Box<dyn Store>, StoreError> {
    Ok(match database {
        crate::config::Database::Sqlite(path) => Box::new(sqlite::Sqlite::open(path).await?),
        crate::config::Database::Postgres(url) => Box::new(postgres::Postgres::open(url).await?),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn visit(
        day: &str,
        hour: u8,
        market: Market,
        lang: Lang,
        outcome: Outcome,
    ) -> Visit {
        Visit {
            when: When {
                day: day.to_string(),
                week: "2026-W49".to_string(),
                weekday: 1,
                hour,
            },
            market,
            lang,
            context: PageContext::Other,
            outcome,
            searches: 2,
            articles: 1,
            lookups: 0,
            empty_searches: 1,
            not_helpful: vec![],
        }
    }

    /// The same checks for every back-end: the schema, a write, the counts read back.
    pub(crate) async fn round_trip(store: &dyn Store) {
        store.ping().await.unwrap();
        let mut a = visit(
            "2026-11-30",
            9,
            Market::Se,
            Lang::Sv,
            Outcome::SolvedByArticle,
        );
        a.not_helpful = vec![ArticleId::parse("return-parcel").unwrap()];
        store.record(&a).await.unwrap();
        store.record(&a).await.unwrap();
        let b = visit("2026-11-30", 9, Market::Se, Lang::Sv, Outcome::Escalated);
        store.record(&b).await.unwrap();
        let old = visit("2026-10-01", 9, Market::Se, Lang::Sv, Outcome::Escalated);
        store.record(&old).await.unwrap();
        let mut rows = store.visits_since("2026-11-01").await.unwrap();
        rows.sort_by(|x, y| x.outcome.cmp(&y.outcome));
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].outcome.as_str(), rows[0].visits), ("escalated", 1));
        assert_eq!(
            (
                rows[1].outcome.as_str(),
                rows[1].visits,
                rows[1].searches,
                rows[1].empty_searches
            ),
            ("solved-by-article", 2, 4, 2)
        );
        assert_eq!((rows[1].weekday, rows[1].hour), (1, 9));
        assert_eq!(
            store.not_helpful_since("2026-11-01").await.unwrap(),
            [ArticleRow {
                article: "return-parcel".into(),
                answered_no: 2
            }]
        );
    }

    #[test]
    fn article_ids_are_the_bundles_shape() {
        assert!(ArticleId::parse("collect-for-someone-else-se").is_some());
        assert!(ArticleId::parse("").is_none());
        assert!(ArticleId::parse("Return parcel").is_none());
        assert!(ArticleId::parse("<script>").is_none());
    }
}
