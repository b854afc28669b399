//! PostgreSQL, for a customer centre whose proxy runs as several instances behind a load
//! balancer: they all write to one database. tokio-postgres without TLS: the database is expected
//! on loopback or a private network (put a TLS tunnel in front otherwise). A lost connection is
//! opened again on the next call; migrations take an advisory lock, so instances that start
//! together apply each step once.

use std::sync::Arc;

use async_trait::async_trait;
use tokio::sync::RwLock;
use tokio_postgres::{Client, NoTls};

use super::{
    ArticleRow, Store, StoreError, Visit, VisitRow, MIGRATIONS, NOT_HELPFUL_QUERY, VISITS_QUERY,
};

/// The advisory lock that serialises migrations between instances ("selfhelp" in ASCII).
const MIGRATION_LOCK: i64 = 0x7365_6c66_6865_6c70;

pub(crate) struct Postgres {
    url: String,
    client: RwLock<Arc<Client>>,
}

async fn connect(url: &str) -> Result<Client, StoreError> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "postgres connection closed");
        }
    });
    Ok(client)
}

impl Postgres {
    pub(crate) async fn open(url: &str) -> Result<Postgres, StoreError> {
        let mut client = connect(url).await?;
        migrate(&mut client).await?;
        Ok(Postgres {
            url: url.to_string(),
            client: RwLock::new(Arc::new(client)),
        })
    }

    /// The connection, opened again if it was lost.
    async fn client(&self) -> Result<Arc<Client>, StoreError> {
        let current = self.client.read().await.clone();
        if !current.is_closed() {
            return Ok(current);
        }
        let mut slot = self.client.write().await;
        if slot.is_closed() {
            *slot = Arc::new(connect(&self.url).await?);
        }
        Ok(slot.clone())
    }
}

async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        .await?;
    let done: i32 = tx
        .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
        .await?
        .get(0);
    for (i, step) in MIGRATIONS.iter().enumerate().skip(done as usize) {
        tx.batch_execute(step).await?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1)",
            &[&(i as i32 + 1)],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

#[async_trait]
impl Store for Postgres {
    async fn record(&self, visit: &Visit) -> Result<(), StoreError> {
        let client = self.client().await?;
        let v = visit;
        let (weekday, hour) = (i32::from(v.when.weekday), i32::from(v.when.hour));
        let counts = [v.searches, v.articles, v.lookups, v.empty_searches]
            .map(|n| i32::try_from(n).unwrap_or(i32::MAX));
        // One statement, so a visit and its articles are written together or not at all.
        client
            .execute(
                "WITH visit AS (
                    INSERT INTO visits (day, week, weekday, hour, market, lang, context, outcome,
                        searches, articles, lookups, empty_searches)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                 )
                 INSERT INTO not_helpful (day, market, lang, article)
                 SELECT $1, $5, $6, article FROM unnest($13::text[]) AS article",
                &[
                    &v.when.day,
                    &v.when.week,
                    &weekday,
                    &hour,
                    &v.market.code(),
                    &v.lang.code(),
                    &v.context.code(),
                    &v.outcome.code(),
                    &counts[0],
                    &counts[1],
                    &counts[2],
                    &counts[3],
                    &v.not_helpful.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
                ],
            )
            .await?;
        Ok(())
    }

    async fn visits_since(&self, first_day: &str) -> Result<Vec<VisitRow>, StoreError> {
        let client = self.client().await?;
        let rows = client.query(VISITS_QUERY, &[&first_day]).await?;
        Ok(rows
            .iter()
            .map(|row| VisitRow {
                day: row.get(0),
                week: row.get(1),
                weekday: u8::try_from(row.get::<_, i32>(2)).unwrap_or(0),
                hour: u8::try_from(row.get::<_, i32>(3)).unwrap_or(0),
                market: row.get(4),
                lang: row.get(5),
                outcome: row.get(6),
                visits: count(row.get(7)),
                searches: count(row.get(8)),
                empty_searches: count(row.get(9)),
            })
            .collect())
    }

    async fn not_helpful_since(&self, first_day: &str) -> Result<Vec<ArticleRow>, StoreError> {
        let client = self.client().await?;
        let rows = client.query(NOT_HELPFUL_QUERY, &[&first_day]).await?;
        Ok(rows
            .iter()
            .map(|row| ArticleRow {
                article: row.get(0),
                answered_no: count(row.get(1)),
            })
            .collect())
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.client().await?.simple_query("SELECT 1").await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs only when `SELFHELP_TEST_POSTGRES_URL` names a throw-away database
    /// (`server/scripts/pg-test.sh` starts one on loopback); its tables are dropped first.
    #[tokio::test]
    async fn round_trip_when_a_database_is_given() {
        let Ok(url) = std::env::var("SELFHELP_TEST_POSTGRES_URL") else {
            eprintln!("SELFHELP_TEST_POSTGRES_URL is not set: PostgreSQL not tested");
            return;
        };
        let cleanup = connect(&url).await.unwrap();
        cleanup
            .batch_execute("DROP TABLE IF EXISTS visits, not_helpful, schema_version")
            .await
            .unwrap();
        let store = Postgres::open(&url).await.unwrap();
        super::super::tests::round_trip(&store).await;
        // A second instance starting on the same database applies nothing twice.
        let again = Postgres::open(&url).await.unwrap();
        assert_eq!(again.visits_since("2026-01-01").await.unwrap().len(), 3);
    }
}
