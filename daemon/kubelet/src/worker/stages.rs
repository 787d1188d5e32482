//! Pod start-up stages, for finding where the time goes: with
//! `RUST_LOG=rk_kubelet::startup=debug` a new pod's worker notes the wall-clock time of each
//! stage (seen by the watch, runtime listed, volumes, leave to make a sandbox (`permit`), the
//! RunPodSandbox call (`sandbox_run`), its IP looked up (`sandbox`), image checked, env,
//! container created, started, each event written, relisted, status written) and logs them as
//! one line once the pod's status says Running: `stages="seen=<µs since the epoch>,listed=…"`.
//! `rkd bench pods --stages` reads those lines beside its own API-side times. Off, it costs
//! one `None` per worker.

use std::time::{SystemTime, UNIX_EPOCH};

/// The stages noted so far (at most `MAX`; a pod that never starts stops noting).
#[derive(Debug, Default)]
pub struct Stages {
    marks: Vec<(&'static str, SystemTime)>,
}

const MAX: usize = 64;
pub const TARGET: &str = "rk_kubelet::startup";

impl Stages {
    /// Some when start-up stages are logged.
    pub fn new_if_enabled() -> Option<Box<Stages>> {
        tracing::enabled!(target: "rk_kubelet::startup", tracing::Level::DEBUG).then(|| {
            let mut s = Box::<Stages>::default();
            s.mark("seen");
            s
        })
    }

    pub fn mark(&mut self, stage: &'static str) {
        if self.marks.len() < MAX {
            self.marks.push((stage, SystemTime::now()));
        }
    }

    /// `seen=1764340000123456,listed=…` (µs since the epoch).
    pub fn render(&self) -> String {
        self.marks
            .iter()
            .map(|(name, at)| {
                let us = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros());
                format!("{name}={us}")
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Parses a rendered line back into (stage, µs since the epoch) pairs.
pub fn parse(text: &str) -> Vec<(String, u128)> {
    text.split(',')
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn stages_render_in_order_and_parse_back() {
        let mut s = Stages::default();
        s.mark("seen");
        s.mark("sandbox");
        let parsed = parse(&s.render());
        assert_eq!(
            parsed.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["seen", "sandbox"]
        );
        assert!(parsed[0].1 <= parsed[1].1 && parsed[0].1 > 1_700_000_000_000_000);
    }

    #[test]
    fn a_pod_that_never_starts_stops_noting_after_a_bound() {
        let mut s = Stages::default();
        for _ in 0..1000 {
            s.mark("image");
        }
        assert_eq!(s.marks.len(), MAX);
    }
}
