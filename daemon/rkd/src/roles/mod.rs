//! rkd's roles: flags → config → `run(config, shutdown)`.

pub mod agent;
pub mod controller_manager;
pub mod reset;
pub mod scheduler;
pub mod server;
pub mod up;

use tokio_util::sync::CancellationToken;

/// A token cancelled on SIGINT or SIGTERM. Every long-running role calls it once.
pub fn shutdown_on_signals() -> CancellationToken {
    let token = CancellationToken::new();
    let t = token.clone();
    tokio::spawn(async move {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot watch SIGTERM");
                    let _ = tokio::signal::ctrl_c().await;
                    t.cancel();
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        tracing::info!("shutting down");
        t.cancel();
    });
    token
}
