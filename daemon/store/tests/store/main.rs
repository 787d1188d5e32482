//! The store contract, tested the same way over every backend.
//!
//! `conformance::<backend>::<test>` runs each case of [`suite`] against a fresh store: the
//! embedded backend in a temp dir, and a real etcd (Debian's `etcd-server`) that the test starts
//! on free loopback ports. `crash::<backend>::…` kills a writer process with SIGKILL again and
//! again and checks that every acknowledged write survived.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;
mod suite;

macro_rules! conformance {
    ($backend:ident: $($case:ident),* $(,)?) => {
        pub mod $backend {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let h = crate::harness::$backend().await;
                    crate::suite::$case(&h.store).await;
                    h.finish().await;
                }
            )*
        }
    };
}

macro_rules! all_cases {
    ($backend:ident) => {
        conformance!($backend:
            create_get_update_delete,
            failed_writes_take_no_revision,
            range_pages_with_limit_and_continue,
            range_at_every_old_revision_matches_history,
            future_revision_is_rejected,
            watch_delivers_changes_in_order_with_previous_values,
            watch_from_old_revision_replays_exactly_the_missed_events,
            watch_resumption_has_no_gaps_and_no_duplicates,
            concurrent_cas_increments_are_exact,
            ttl_expiry_produces_delete_events,
            compaction_turns_old_reads_and_watches_into_compacted,
            values_near_the_limit_are_accepted_and_larger_rejected,
            idle_watchers_get_progress_notifications,
        );
    };
}

mod conformance {
    all_cases!(embedded);
    all_cases!(etcd);
}

mod crash;
mod embedded_only;
