//! selfhelp-server: what a merchant runs beside their shop so the widget's `tracking-url` and
//! `analytics-url` have something to talk to. It proxies PostNord Track & Trace (the API key stays
//! here, answers are cached and coalesced), collects the widget's anonymous visit outcomes, and
//! shows the customer centre its self-service rate. One binary, configured by the environment.

mod app;
mod cache;
mod clock;
mod collect;
mod config;
mod ratelimit;
mod report;
mod standin;
mod store;
mod upstream;

#[cfg(test)]
mod tests;

use std::process::ExitCode;

use config::{Config, LogFormat};

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h") {
        print!("{}", config::HELP);
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("selfhelp-server: {e} (see --help)");
            return ExitCode::from(2);
        }
    };
    init_logs(&config);
    match run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "stopped");
            ExitCode::FAILURE
        }
    }
}

fn init_logs(config: &Config) {
    let builder = tracing_subscriber::fmt()
        .with_max_level(config.log_level)
        .with_target(false);
    match config.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.with_ansi(false).init(),
    }
}

async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let (app, _seen) = app::App::start(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    tracing::info!(
        listen = %listener.local_addr()?,
        upstream = match &config.upstream {
            config::UpstreamKind::Http { base } if base == config::POSTNORD_BASE => "postnord",
            config::UpstreamKind::Http { .. } => "http",
            config::UpstreamKind::Fixtures { .. } => "fixtures",
        },
        database = config.database_label(),
        origins = config.allowed_origins.len(),
        "selfhelp-server started"
    );
    app::serve(listener, app, shutdown_signal()).await?;
    tracing::info!("stopped after finishing in-flight requests");
    Ok(())
}

/// Ctrl-C or SIGTERM (what container runtimes and systemd send): stop accepting, let requests
/// in flight finish, then exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
