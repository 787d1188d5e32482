//! Leader election through a coordination.k8s.io/v1 Lease, with fencing.
//!
//! Candidates follow client-go's rules: the holder renews every retry period; another candidate
//! takes the lease over only when it has seen the same record, unchanged, for a whole lease
//! duration by its own monotonic clock. Writes carry the resourceVersion, so two candidates never
//! both win. Fencing: the holder counts itself leader only until `renew_deadline` after the start
//! of its last successful renewal (shorter than the lease duration), and checks that before every
//! binding — a leader paused past that point, then woken, binds nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use k8s_openapi::api::coordination::v1::{Lease, LeaseSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta};
use kube::Api;
use kube::api::PostParams;
use tokio_util::sync::CancellationToken;

/// Where the lease lives and how long it lasts.
#[derive(Clone, Debug)]
pub struct LeaderConfig {
    pub namespace: String,
    pub name: String,
    pub identity: String,
    pub lease_duration: Duration,
    pub renew_deadline: Duration,
    pub retry_period: Duration,
}

impl LeaderConfig {
    /// `kube-system/rk-scheduler` with upstream's 15 s / 10 s / 2 s.
    pub fn new(identity: String) -> LeaderConfig {
        LeaderConfig {
            namespace: "kube-system".into(),
            name: "rk-scheduler".into(),
            identity,
            lease_duration: Duration::from_secs(15),
            renew_deadline: Duration::from_secs(10),
            retry_period: Duration::from_secs(2),
        }
    }
}

struct Inner {
    base: Instant,
    /// Nanoseconds after `base` until which we hold the lease; 0 = not leader.
    valid_until: AtomicU64,
    always: AtomicBool,
    changed: tokio::sync::Notify,
}

/// Whether this process may act as leader now (cheap to clone and check).
#[derive(Clone)]
pub struct Leadership(Arc<Inner>);

impl Leadership {
    fn make(always: bool) -> Leadership {
        Leadership(Arc::new(Inner {
            base: Instant::now(),
            valid_until: AtomicU64::new(0),
            always: AtomicBool::new(always),
            changed: tokio::sync::Notify::new(),
        }))
    }

    /// Leader election disabled: always leader.
    pub fn always() -> Leadership {
        Leadership::make(true)
    }

    /// Not leader until [`run`] wins the lease.
    pub fn candidate() -> Leadership {
        Leadership::make(false)
    }

    /// True while the lease is held by the local clock's reckoning (the fencing check).
    pub fn holds(&self) -> bool {
        if self.0.always.load(Ordering::Relaxed) {
            return true;
        }
        let until = self.0.valid_until.load(Ordering::Acquire);
        until != 0 && (self.0.base.elapsed().as_nanos() as u64) < until
    }

    fn set_until(&self, t: Option<Instant>) {
        let v = t.map_or(0, |t| {
            t.duration_since(self.0.base).as_nanos().max(1) as u64
        });
        let was = self.0.valid_until.swap(v, Ordering::AcqRel);
        if (was == 0) != (v == 0) {
            self.0.changed.notify_waiters();
        }
    }

    /// Resolves when leadership is gained or lost.
    pub async fn changed(&self) {
        self.0.changed.notified().await;
    }
}

fn now_micro() -> MicroTime {
    MicroTime(k8s_openapi::jiff::Timestamp::now())
}

/// What a candidate last saw of someone else's lease, and when.
struct Observed {
    record: (Option<String>, Option<String>),
    at: Instant,
}

/// Campaigns for and renews the lease until `shutdown`, then releases it if held.
pub async fn run(
    client: kube::Client,
    cfg: LeaderConfig,
    leadership: Leadership,
    shutdown: CancellationToken,
) {
    let api: Api<Lease> = Api::namespaced(client, &cfg.namespace);
    let mut observed: Option<Observed> = None;
    loop {
        let started = Instant::now();
        match try_acquire_or_renew(&api, &cfg, &mut observed).await {
            Ok(true) => leadership.set_until(Some(started + cfg.renew_deadline)),
            Ok(false) => leadership.set_until(None),
            Err(e) => {
                tracing::warn!(error = %e, "leader election: lease request failed");
                if !leadership.holds() {
                    leadership.set_until(None);
                }
            }
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(cfg.retry_period) => {}
        }
    }
    if leadership.holds() {
        leadership.set_until(None);
        let _ = release(&api, &cfg).await;
    }
}

fn lease_spec(cfg: &LeaderConfig, acquire: Option<MicroTime>, transitions: i32) -> LeaseSpec {
    LeaseSpec {
        holder_identity: Some(cfg.identity.clone()),
        lease_duration_seconds: Some(cfg.lease_duration.as_secs().max(1) as i32),
        acquire_time: acquire,
        renew_time: Some(now_micro()),
        lease_transitions: Some(transitions),
        ..LeaseSpec::default()
    }
}

async fn try_acquire_or_renew(
    api: &Api<Lease>,
    cfg: &LeaderConfig,
    observed: &mut Option<Observed>,
) -> Result<bool, kube::Error> {
    let Some(mut lease) = api.get_opt(&cfg.name).await? else {
        let lease = Lease {
            metadata: ObjectMeta {
                name: Some(cfg.name.clone()),
                namespace: Some(cfg.namespace.clone()),
                ..ObjectMeta::default()
            },
            spec: Some(lease_spec(cfg, Some(now_micro()), 0)),
        };
        return match api.create(&PostParams::default(), &lease).await {
            Ok(_) => Ok(true),
            Err(kube::Error::Api(s)) if s.code == 409 => Ok(false),
            Err(e) => Err(e),
        };
    };
    let spec = lease.spec.clone().unwrap_or_default();
    let holder = spec.holder_identity.clone().filter(|h| !h.is_empty());
    let transitions = spec.lease_transitions.unwrap_or(0);
    let new_spec = if holder.as_deref() == Some(cfg.identity.as_str()) {
        lease_spec(cfg, spec.acquire_time.clone(), transitions)
    } else {
        let record = (
            holder.clone(),
            spec.renew_time.as_ref().map(|t| t.0.to_string()),
        );
        let now = Instant::now();
        let seen_at = match observed {
            Some(o) if o.record == record => o.at,
            _ => {
                *observed = Some(Observed { record, at: now });
                now
            }
        };
        let duration = spec
            .lease_duration_seconds
            .map_or(cfg.lease_duration, |s| Duration::from_secs(s.max(0) as u64));
        if holder.is_some() && now < seen_at + duration {
            return Ok(false);
        }
        lease_spec(cfg, Some(now_micro()), transitions + 1)
    };
    lease.spec = Some(new_spec);
    match api.replace(&cfg.name, &PostParams::default(), &lease).await {
        Ok(_) => Ok(true),
        Err(kube::Error::Api(s)) if s.code == 409 => Ok(false),
        Err(e) => Err(e),
    }
}

/// Gives the lease up so another candidate need not wait out the duration.
async fn release(api: &Api<Lease>, cfg: &LeaderConfig) -> Result<(), kube::Error> {
    let Some(mut lease) = api.get_opt(&cfg.name).await? else {
        return Ok(());
    };
    let Some(spec) = lease.spec.as_mut() else {
        return Ok(());
    };
    if spec.holder_identity.as_deref() != Some(cfg.identity.as_str()) {
        return Ok(());
    }
    spec.holder_identity = None;
    spec.lease_duration_seconds = Some(1);
    spec.renew_time = Some(now_micro());
    api.replace(&cfg.name, &PostParams::default(), &lease)
        .await?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn leadership_expires_by_the_local_clock() {
        let l = Leadership::candidate();
        assert!(!l.holds());
        l.set_until(Some(Instant::now() + Duration::from_secs(60)));
        assert!(l.holds());
        l.set_until(Some(Instant::now() - Duration::from_millis(1)));
        assert!(
            !l.holds(),
            "a lease whose deadline passed is not held, however the process was paused"
        );
        assert!(Leadership::always().holds());
    }
}
