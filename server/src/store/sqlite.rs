//! The default store: SQLite in one file, embedded (rusqlite's `bundled`), nothing to install.
//! rusqlite is blocking, so every call runs on tokio's blocking pool behind one connection; WAL
//! lets the report read while the beacon writes.

use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{params, Connection};

use super::{
    ArticleRow, Store, StoreError, Visit, VisitRow, MIGRATIONS, NOT_HELPFUL_QUERY, VISITS_QUERY,
};

pub(crate) struct Sqlite {
    connection: Arc<Mutex<Connection>>,
}

impl Sqlite {
    pub(crate) async fn open(path: &Path) -> Result<Sqlite, StoreError> {
        let path = path.to_path_buf();
        let connection = tokio::task::spawn_blocking(move || -> Result<Connection, StoreError> {
            let mut connection = Connection::open(path)?;
            connection.busy_timeout(std::time::Duration::from_secs(5))?;
            connection.pragma_update(None, "journal_mode", "WAL")?;
            migrate(&mut connection)?;
            Ok(connection)
        })
        .await
        .map_err(|_| StoreError::Task)??;
        Ok(Sqlite {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    ) -> Result<T, StoreError> {
        let connection = self.connection.clone();
        tokio::task::spawn_blocking(move || {
            let mut connection = connection.lock().map_err(|_| StoreError::Task)?;
            f(&mut connection).map_err(StoreError::from)
        })
        .await
        .map_err(|_| StoreError::Task)?
    }
}

/// Applies the steps after the recorded version, each in a transaction with its version.
fn migrate(connection: &mut Connection) -> Result<(), rusqlite::Error> {
    connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        [],
    )?;
    let done: i64 = connection.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |row| row.get(0),
    )?;
    for (i, step) in MIGRATIONS.iter().enumerate().skip(done as usize) {
        let tx = connection.transaction()?;
        tx.execute(step, [])?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [i as i64 + 1],
        )?;
        tx.commit()?;
    }
    Ok(())
}

#[async_trait]
impl Store for Sqlite {
    async fn record(&self, visit: &Visit) -> Result<(), StoreError> {
        let v = visit.clone();
        self.with(move |c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO visits (day, week, weekday, hour, market, lang, context, outcome,
                    searches, articles, lookups, empty_searches)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    v.when.day,
                    v.when.week,
                    v.when.weekday,
                    v.when.hour,
                    v.market.code(),
                    v.lang.code(),
                    v.context.code(),
                    v.outcome.code(),
                    v.searches,
                    v.articles,
                    v.lookups,
                    v.empty_searches,
                ],
            )?;
            for article in &v.not_helpful {
                tx.execute(
                    "INSERT INTO not_helpful (day, market, lang, article) VALUES (?1, ?2, ?3, ?4)",
                    params![v.when.day, v.market.code(), v.lang.code(), article.as_str()],
                )?;
            }
            tx.commit()
        })
        .await
    }

    async fn visits_since(&self, first_day: &str) -> Result<Vec<VisitRow>, StoreError> {
        let first_day = first_day.to_string();
        self.with(move |c| {
            let mut statement = c.prepare_cached(VISITS_QUERY)?;
            let rows = statement.query_map([first_day], |row| {
                Ok(VisitRow {
                    day: row.get(0)?,
                    week: row.get(1)?,
                    weekday: row.get(2)?,
                    hour: row.get(3)?,
                    market: row.get(4)?,
                    lang: row.get(5)?,
                    outcome: row.get(6)?,
                    visits: row.get(7)?,
                    searches: row.get(8)?,
                    empty_searches: row.get(9)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn not_helpful_since(&self, first_day: &str) -> Result<Vec<ArticleRow>, StoreError> {
        let first_day = first_day.to_string();
        self.with(move |c| {
            let mut statement = c.prepare_cached(NOT_HELPFUL_QUERY)?;
            let rows = statement.query_map([first_day], |row| {
                Ok(ArticleRow {
                    article: row.get(0)?,
                    answered_no: row.get(1)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.with(|c| c.query_row("SELECT 1", [], |_| Ok(()))).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn round_trip_and_migrations_run_once() {
        let dir = std::env::temp_dir().join(format!("selfhelp-sqlite-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("test.db");
        let _ = std::fs::remove_file(&path);
        let store = Sqlite::open(&path).await.unwrap();
        super::super::tests::round_trip(&store).await;
        drop(store);
        // Opening again applies nothing twice and keeps the data.
        let again = Sqlite::open(&path).await.unwrap();
        assert_eq!(again.visits_since("2026-01-01").await.unwrap().len(), 3);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
