//! The server's configuration, read once at start from environment variables (twelve-factor: the
//! same binary runs in the demo, the tests and a merchant's deployment). A bad value stops the
//! server with a message naming the variable, rather than starting half-configured.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use time::UtcOffset;

use crate::clock::CentreClock;

/// `--help`: every variable, its default and what it does. Kept beside the parser so they agree.
pub(crate) const HELP: &str = "\
selfhelp-server: the merchant's side of the selfhelp widget.
  GET  /track?id=…&locale=…   PostNord Track & Trace through a cache (the API key stays here)
  POST /collect               the widget's anonymous visit outcome (navigator.sendBeacon)
  GET  /report?lang=…         the self-service report (bearer token or ?token=)
  GET  /healthz, /readyz      liveness; readiness (the database answers)

Configuration (environment variables; see server/selfhelp-server.env.example):
  LISTEN                   address to listen on                     [127.0.0.1:8091]
  UPSTREAM                 postnord | fixtures:<dir> | http(s)://<base>        [postnord]
                           fixtures:<dir> serves the recorded PostNord responses in <dir>
                           (public/demo/tracking) through the same client code, for demos and tests
  STANDIN_DELAY_MS         extra delay of every fixtures answer (PostNord's latency)  [0]
  POSTNORD_APIKEY          PostNord API key (required for UPSTREAM=postnord; never logged)
  UPSTREAM_TIMEOUT_MS      deadline of each upstream call; 504 after it          [8000]
  CACHE_TTL_DELIVERED_S    cache time for delivered and returned parcels         [21600]
  CACHE_TTL_IN_TRANSIT_S   cache time for every other known parcel               [300]
  CACHE_TTL_NOT_FOUND_S    cache time for ids PostNord does not know             [60]
  CACHE_MAX_ENTRIES        most ids kept in the cache                            [10000]
  ALLOWED_ORIGINS          shop origins allowed by CORS, space or comma separated  [none]
                           (requests with another Origin are refused with 403)
  RATE_LIMIT_BURST         requests a client may make at once, per endpoint      [30]
  RATE_LIMIT_PER_MINUTE    sustained requests per client and minute              [60]
  RATE_LIMIT_MAX_CLIENTS   most clients tracked at once (memory bound)           [100000]
  TRUST_FORWARDED_FOR      1: the client is the last X-Forwarded-For entry (behind a proxy) [0]
  DATABASE_URL             sqlite:<file> or postgres://user@host:port/db   [sqlite:selfhelp.db]
  REPORT_TOKEN             token that opens /report (unset: the report is always refused)
  REPORT_UTC_OFFSET        the customer centre's standard (winter) UTC offset     [+01:00]
  REPORT_SUMMER_TIME       eu: one hour more in the EU's summer time; none: fixed    [eu]
  LOG_FORMAT               text | json                                           [text]
  LOG_LEVEL                error | warn | info | debug                           [info]
";

/// Where tracking lookups go.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum UpstreamKind {
    /// PostNord's public API, or another base URL with the same paths (its sandbox, a fake).
    Http { base: String },
    /// The recorded responses in this folder, served by an in-process stand-in on loopback.
    Fixtures { dir: PathBuf },
}

pub(crate) const POSTNORD_BASE: &str = "https://api2.postnord.com";

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LogFormat {
    Text,
    Json,
}

#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) listen: SocketAddr,
    pub(crate) upstream: UpstreamKind,
    pub(crate) apikey: Option<String>,
    pub(crate) standin_delay: Duration,
    pub(crate) upstream_timeout: Duration,
    pub(crate) ttl: Ttl,
    pub(crate) cache_max_entries: usize,
    pub(crate) allowed_origins: Vec<String>,
    pub(crate) rate: RateConfig,
    pub(crate) trust_forwarded_for: bool,
    pub(crate) database: Database,
    pub(crate) report_token: Option<String>,
    pub(crate) clock: CentreClock,
    pub(crate) log_format: LogFormat,
    pub(crate) log_level: tracing::Level,
}

/// The key and the token never appear in `{:?}` output.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("upstream", &self.upstream)
            .field("apikey", &self.apikey.as_ref().map(|_| "***"))
            .field("database", &self.database_label())
            .field("report_token", &self.report_token.as_ref().map(|_| "***"))
            .finish_non_exhaustive()
    }
}

impl Config {
    /// The database kind for logs: a Postgres URL can hold a password.
    pub(crate) fn database_label(&self) -> &'static str {
        match self.database {
            Database::Sqlite(_) => "sqlite",
            Database::Postgres(_) => "postgres",
        }
    }
}

/// Cache lifetimes by what PostNord said about the parcel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ttl {
    pub(crate) delivered: Duration,
    pub(crate) in_transit: Duration,
    pub(crate) not_found: Duration,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RateConfig {
    pub(crate) burst: u32,
    pub(crate) per_minute: u32,
    pub(crate) max_clients: usize,
}

/// A variable that could not be read; the message names it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ConfigError {
    pub(crate) variable: &'static str,
    pub(crate) problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.variable, self.problem)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    pub(crate) fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `get`, so tests need not touch the process environment.
    pub(crate) fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let var = |name: &str| {
            get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let upstream = match var("UPSTREAM").as_deref() {
            None | Some("postnord") => UpstreamKind::Http {
                base: POSTNORD_BASE.to_string(),
            },
            Some(v) if v.starts_with("fixtures:") => UpstreamKind::Fixtures {
                dir: PathBuf::from(&v["fixtures:".len()..]),
            },
            Some(v) if v.starts_with("http://") || v.starts_with("https://") => {
                UpstreamKind::Http {
                    base: v.trim_end_matches('/').to_string(),
                }
            }
            Some(_) => {
                return Err(ConfigError {
                    variable: "UPSTREAM",
                    problem: "expected postnord, fixtures:<dir> or an http(s) URL".into(),
                })
            }
        };
        let apikey = var("POSTNORD_APIKEY");
        if upstream
            == (UpstreamKind::Http {
                base: POSTNORD_BASE.to_string(),
            })
            && apikey.is_none()
        {
            return Err(ConfigError {
                variable: "POSTNORD_APIKEY",
                problem: "required when UPSTREAM=postnord".into(),
            });
        }
        let listen = parse(&var, "LISTEN", "127.0.0.1:8091".parse().ok())?;
        let database = match var("DATABASE_URL") {
            None => Database::Sqlite(PathBuf::from("selfhelp.db")),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Database::Postgres(url)
            }
            Some(url) if url.starts_with("sqlite:") => Database::Sqlite(PathBuf::from(
                url["sqlite:".len()..].trim_start_matches("//"),
            )),
            Some(_) => {
                return Err(ConfigError {
                    variable: "DATABASE_URL",
                    problem: "expected sqlite:<file> or postgres://…".into(),
                })
            }
        };
        let utc_offset = match var("REPORT_UTC_OFFSET") {
            None => UtcOffset::from_hms(1, 0, 0).unwrap_or(UtcOffset::UTC),
            Some(v) => parse_offset(&v).ok_or(ConfigError {
                variable: "REPORT_UTC_OFFSET",
                problem: "expected ±HH:MM, e.g. +01:00".into(),
            })?,
        };
        let eu_summer_time = match var("REPORT_SUMMER_TIME").as_deref() {
            None | Some("eu") => true,
            Some("none") => false,
            Some(_) => {
                return Err(ConfigError {
                    variable: "REPORT_SUMMER_TIME",
                    problem: "expected eu or none".into(),
                })
            }
        };
        let log_format = match var("LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(_) => {
                return Err(ConfigError {
                    variable: "LOG_FORMAT",
                    problem: "expected text or json".into(),
                })
            }
        };
        let log_level = parse(&var, "LOG_LEVEL", Some(tracing::Level::INFO))?;
        let secs = |name: &'static str, default: u64| -> Result<Duration, ConfigError> {
            parse::<u64>(&var, name, Some(default)).map(Duration::from_secs)
        };
        Ok(Config {
            listen,
            upstream,
            apikey,
            standin_delay: Duration::from_millis(parse(&var, "STANDIN_DELAY_MS", Some(0))?),
            upstream_timeout: Duration::from_millis(parse(
                &var,
                "UPSTREAM_TIMEOUT_MS",
                Some(8000),
            )?),
            ttl: Ttl {
                delivered: secs("CACHE_TTL_DELIVERED_S", 6 * 3600)?,
                in_transit: secs("CACHE_TTL_IN_TRANSIT_S", 300)?,
                not_found: secs("CACHE_TTL_NOT_FOUND_S", 60)?,
            },
            cache_max_entries: parse(&var, "CACHE_MAX_ENTRIES", Some(10_000))?,
            allowed_origins: var("ALLOWED_ORIGINS")
                .unwrap_or_default()
                .split([' ', ','])
                .filter(|o| !o.is_empty())
                .map(|o| o.trim_end_matches('/').to_string())
                .collect(),
            rate: RateConfig {
                burst: parse(&var, "RATE_LIMIT_BURST", Some(30))?,
                per_minute: parse(&var, "RATE_LIMIT_PER_MINUTE", Some(60))?,
                max_clients: parse(&var, "RATE_LIMIT_MAX_CLIENTS", Some(100_000))?,
            },
            trust_forwarded_for: var("TRUST_FORWARDED_FOR").as_deref() == Some("1"),
            database,
            report_token: var("REPORT_TOKEN"),
            clock: CentreClock {
                standard: utc_offset,
                eu_summer_time,
            },
            log_format,
            log_level,
        })
    }
}

/// `name` parsed as `T`, or `default` when unset (no default: required).
fn parse<T: std::str::FromStr>(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: Option<T>,
) -> Result<T, ConfigError> {
    match var(name) {
        Some(v) => v.parse().map_err(|_| ConfigError {
            variable: name,
            problem: format!("cannot read {v:?}"),
        }),
        None => default.ok_or(ConfigError {
            variable: name,
            problem: "required".into(),
        }),
    }
}

/// `+01:00`, `-05:30`, `+2`, `Z`.
pub(crate) fn parse_offset(text: &str) -> Option<UtcOffset> {
    if text == "Z" || text == "UTC" {
        return Some(UtcOffset::UTC);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    UtcOffset::from_hms(sign * h, sign * m, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn postnord_needs_a_key_and_fixtures_do_not() {
        assert_eq!(config(&[]).unwrap_err().variable, "POSTNORD_APIKEY");
        let c = config(&[("UPSTREAM", "fixtures:public/demo/tracking")]).unwrap();
        assert_eq!(
            c.upstream,
            UpstreamKind::Fixtures {
                dir: "public/demo/tracking".into()
            }
        );
        assert_eq!(c.database, Database::Sqlite("selfhelp.db".into()));
        assert_eq!(c.listen.to_string(), "127.0.0.1:8091");
    }

    #[test]
    fn values_are_read_and_secrets_hidden() {
        let c = config(&[
            ("POSTNORD_APIKEY", "k3y"),
            (
                "ALLOWED_ORIGINS",
                "https://shop.example, http://127.0.0.1:8080/",
            ),
            ("DATABASE_URL", "postgres://u:pw@127.0.0.1:5432/db"),
            ("REPORT_UTC_OFFSET", "-05:30"),
            ("REPORT_TOKEN", "t0ken"),
        ])
        .unwrap();
        assert_eq!(
            c.allowed_origins,
            ["https://shop.example", "http://127.0.0.1:8080"]
        );
        assert_eq!(c.clock.standard.whole_minutes(), -330);
        assert!(c.clock.eu_summer_time);
        let debug = format!("{c:?}");
        assert!(!debug.contains("k3y") && !debug.contains("pw") && !debug.contains("t0ken"));
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        let e = config(&[("UPSTREAM", "fixtures:x"), ("RATE_LIMIT_BURST", "many")]).unwrap_err();
        assert_eq!(e.variable, "RATE_LIMIT_BURST");
        assert_eq!(parse_offset("+25:00"), None);
        assert_eq!(parse_offset("+2").map(|o| o.whole_hours()), Some(2));
    }
}
