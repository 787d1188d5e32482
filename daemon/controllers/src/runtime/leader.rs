//! Leader election through a coordination.k8s.io Lease (client-go's `leaderelection` with a
//! LeaseLock): the holder renews `renewTime` every retry period; another candidate takes the
//! Lease once `renewTime + leaseDurationSeconds` has passed. Writes carry the Lease's
//! resourceVersion, so two candidates never both win. A leader that cannot renew within the
//! renew deadline stops leading.

use std::future::Future;
use std::time::{Duration, Instant};

use k8s_openapi::api::coordination::v1::{Lease, LeaseSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta};
use kube::Client;
use kube::api::{Api, PostParams};
use tokio_util::sync::CancellationToken;

/// Leader election failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("reading or writing Lease {namespace}/{name}: {source}")]
    Lease {
        namespace: String,
        name: String,
        #[source]
        source: kube::Error,
    },
    #[error("lost the Lease {namespace}/{name}: not renewed within {deadline:?}")]
    Lost {
        namespace: String,
        name: String,
        deadline: Duration,
    },
}

/// Where the Lease is and how it is kept.
#[derive(Debug, Clone)]
pub struct LeaderConfig {
    pub namespace: String,
    pub name: String,
    /// This candidate's identity (hostname and a random suffix, as Kubernetes does).
    pub identity: String,
    pub lease_duration: Duration,
    pub renew_deadline: Duration,
    pub retry_period: Duration,
}

/// One attempt to take or renew the Lease; `Ok(true)` when this candidate holds it now.
pub async fn try_acquire_or_renew(
    api: &Api<Lease>,
    cfg: &LeaderConfig,
) -> Result<bool, kube::Error> {
    let now = MicroTime(super::now());
    let secs = i32::try_from(cfg.lease_duration.as_secs())
        .unwrap_or(i32::MAX)
        .max(1);
    let Some(mut lease) = api.get_opt(&cfg.name).await? else {
        let lease = Lease {
            metadata: ObjectMeta {
                name: Some(cfg.name.clone()),
                ..ObjectMeta::default()
            },
            spec: Some(LeaseSpec {
                holder_identity: Some(cfg.identity.clone()),
                lease_duration_seconds: Some(secs),
                acquire_time: Some(now.clone()),
                renew_time: Some(now),
                lease_transitions: Some(0),
                ..LeaseSpec::default()
            }),
        };
        return match api.create(&PostParams::default(), &lease).await {
            Ok(_) => Ok(true),
            Err(kube::Error::Api(s)) if s.code == 409 => Ok(false),
            Err(e) => Err(e),
        };
    };
    let spec = lease.spec.get_or_insert_with(LeaseSpec::default);
    let holder = spec.holder_identity.clone().unwrap_or_default();
    if holder != cfg.identity {
        let duration = i64::from(spec.lease_duration_seconds.unwrap_or(secs));
        let renewed = spec.renew_time.as_ref().map(|t| t.0);
        let expired = match renewed {
            Some(t) => super::seconds_since(t, now.0) > duration,
            None => true,
        };
        if !holder.is_empty() && !expired {
            return Ok(false);
        }
        spec.holder_identity = Some(cfg.identity.clone());
        spec.acquire_time = Some(now.clone());
        spec.lease_transitions = Some(spec.lease_transitions.unwrap_or(0) + 1);
    }
    spec.lease_duration_seconds = Some(secs);
    spec.renew_time = Some(now);
    match api.replace(&cfg.name, &PostParams::default(), &lease).await {
        Ok(_) => Ok(true),
        Err(kube::Error::Api(s)) if s.code == 409 => Ok(false),
        Err(e) => Err(e),
    }
}

/// Gives the Lease up (holder cleared) so another candidate need not wait for it to expire.
async fn release(api: &Api<Lease>, cfg: &LeaderConfig) {
    if let Ok(Some(mut lease)) = api.get_opt(&cfg.name).await
        && let Some(spec) = lease.spec.as_mut()
        && spec.holder_identity.as_deref() == Some(cfg.identity.as_str())
    {
        spec.holder_identity = None;
        let _ = api.replace(&cfg.name, &PostParams::default(), &lease).await;
    }
}

/// Campaigns for the Lease until `shutdown`; while leading, runs `lead` with a token that is
/// cancelled when leadership is lost or on shutdown.
pub async fn run<F, Fut>(
    client: Client,
    cfg: LeaderConfig,
    shutdown: CancellationToken,
    lead: F,
) -> Result<(), Error>
where
    F: FnOnce(CancellationToken) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let api: Api<Lease> = Api::namespaced(client, &cfg.namespace);
    let lease_err = |source| Error::Lease {
        namespace: cfg.namespace.clone(),
        name: cfg.name.clone(),
        source,
    };
    loop {
        match try_acquire_or_renew(&api, &cfg).await {
            Ok(true) => break,
            Ok(false) => {}
            Err(e) => tracing::info!(error = %lease_err(e), "leader election: retrying"),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return Ok(()),
            _ = tokio::time::sleep(cfg.retry_period) => {}
        }
    }
    tracing::info!(identity = %cfg.identity, lease = %cfg.name, "became leader");
    let leading = shutdown.child_token();
    let task = tokio::spawn(lead(leading.clone()));
    let mut last_renew = Instant::now();
    let result = loop {
        tokio::select! {
            _ = shutdown.cancelled() => break Ok(()),
            _ = tokio::time::sleep(cfg.retry_period) => {}
        }
        match try_acquire_or_renew(&api, &cfg).await {
            Ok(true) => last_renew = Instant::now(),
            Ok(false) => {
                break Err(Error::Lost {
                    namespace: cfg.namespace.clone(),
                    name: cfg.name.clone(),
                    deadline: cfg.renew_deadline,
                });
            }
            Err(e) => {
                tracing::warn!(error = %lease_err(e), "leader election: renewing failed");
                if last_renew.elapsed() > cfg.renew_deadline {
                    break Err(Error::Lost {
                        namespace: cfg.namespace.clone(),
                        name: cfg.name.clone(),
                        deadline: cfg.renew_deadline,
                    });
                }
            }
        }
    };
    leading.cancel();
    let _ = task.await;
    if result.is_ok() {
        release(&api, &cfg).await;
    }
    result
}
