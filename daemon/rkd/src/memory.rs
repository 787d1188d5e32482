//! rkd's allocator, and handing freed memory back to the system.
//!
//! Every rkd role allocates through jemalloc (docs/decisions/0012-jemalloc.md). glibc's malloc,
//! held to one arena so that freed memory did not pile up in per-thread arenas (decision 0005),
//! cost the API server about a third of its CPU in lock and free-list work under 64 clients.
//! jemalloc runs with two arenas and a background thread that returns pages left free for
//! [`DECAY`] — what Go's scavenger does for kube-apiserver — so a burst (64 clients creating
//! objects, a 13 MB LIST answer) does not keep the resident size at its peak. The options are
//! compiled in (`.cargo/config.toml`); `_RJEM_MALLOC_CONF` overrides them at run time.

use std::time::Duration;

/// The allocator of every rkd process.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// How long a freed page stays in the process before the background thread returns it
/// (`dirty_decay_ms`; pages are returned along a curve over this period, not all at its end).
pub const DECAY: Duration = Duration::from_secs(1);
