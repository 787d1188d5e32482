//! Giving freed memory back to the system.
//!
//! glibc's malloc keeps memory that was freed inside its per-thread arenas, and raises its mmap
//! threshold after large frees, so a burst (64 clients creating objects, a 13 MB LIST answer)
//! leaves the process's resident size far above what it still holds. Go's runtime returns such
//! memory with its scavenger; rkd does the same with `malloc_trim(0)` every few seconds, which
//! releases the free pages of every arena (docs/decisions/0005-returning-freed-memory.md).

use std::time::Duration;

use tokio_util::sync::CancellationToken;

/// How often freed memory is handed back.
pub const TRIM_PERIOD: Duration = Duration::from_secs(5);

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn trim() {
    // SAFETY: malloc_trim takes no pointers and only walks glibc's own heaps under their locks;
    // it is documented as safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}

/// How many malloc arenas glibc may create. Its default (8 per core) gives each of the many
/// threads that serve a burst of clients (tokio's blocking pool among them) an arena of its own,
/// and every arena keeps its own free pages and fragments. One arena, with glibc's per-thread
/// caches in front of it, serves rkd's mostly async work and holds far less: the API server
/// holding 10k pods went from 90 MiB with two arenas to 64 MiB with one (decision 0005).
pub const MALLOC_ARENAS: i32 = 1;

/// Caps glibc's malloc arenas at [`MALLOC_ARENAS`], unless the environment sets glibc's own
/// `MALLOC_ARENA_MAX` (which then stays in force). Call before any thread is started.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn limit_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    // SAFETY: mallopt takes two integers and only sets a glibc malloc parameter; it is called
    // once at start, before rkd starts any other thread.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, MALLOC_ARENAS);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_arenas() {}

/// Trims every [`TRIM_PERIOD`] until `shutdown`.
pub fn spawn_trimmer(shutdown: CancellationToken) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(TRIM_PERIOD) => {
                    let _ = tokio::task::spawn_blocking(trim).await;
                }
            }
        }
    });
}
