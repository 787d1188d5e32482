//! The resources the API server serves (discovery), for the controllers that work across every
//! kind: the garbage collector and the namespace controller.

use std::collections::HashMap;

use kube::Client;
use kube::discovery::{ApiCapabilities, ApiResource, Discovery, Scope, verbs};

/// One served resource (the preferred version of its group).
#[derive(Debug, Clone)]
pub struct Served {
    pub resource: ApiResource,
    pub namespaced: bool,
    pub caps: ApiCapabilities,
}

/// Every served resource, and a lookup by apiVersion and kind (every version of each group).
#[derive(Debug, Clone, Default)]
pub struct Resources {
    pub preferred: Vec<Served>,
    by_kind: HashMap<(String, String), Served>,
}

impl Resources {
    /// Runs discovery.
    pub async fn discover(client: &Client) -> Result<Resources, kube::Error> {
        let discovery = Discovery::new(client.clone()).run().await?;
        let mut out = Resources::default();
        for group in discovery.groups() {
            for (ar, caps) in group.recommended_resources() {
                let namespaced = caps.scope == Scope::Namespaced;
                out.preferred.push(Served {
                    resource: ar,
                    namespaced,
                    caps,
                });
            }
            for version in group.versions() {
                for (ar, caps) in group.versioned_resources(version) {
                    let namespaced = caps.scope == Scope::Namespaced;
                    out.by_kind.insert(
                        (ar.api_version.clone(), ar.kind.clone()),
                        Served {
                            resource: ar,
                            namespaced,
                            caps,
                        },
                    );
                }
            }
        }
        Ok(out)
    }

    /// The resource of `apiVersion` and `kind`.
    pub fn resolve(&self, api_version: &str, kind: &str) -> Option<&Served> {
        self.by_kind
            .get(&(api_version.to_string(), kind.to_string()))
    }

    /// Served resources that can be listed and watched (what informers need).
    pub fn watchable(&self) -> impl Iterator<Item = &Served> {
        self.preferred.iter().filter(|s| {
            s.caps.supports_operation(verbs::LIST) && s.caps.supports_operation(verbs::WATCH)
        })
    }
}
