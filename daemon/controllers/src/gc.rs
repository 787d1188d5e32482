//! The garbage collector: a graph of every object's ownerReferences, built from a watch over
//! every served resource (events excepted), and a worker that
//! - deletes objects whose owners are all gone (background deletion of dependents);
//! - removes ownerReferences to owners that are gone while other owners remain;
//! - completes the `orphan` finalizer: removes the deleted owner from its dependents, then the
//!   finalizer;
//! - completes the `foregroundDeletion` finalizer: deletes the dependents, then removes the
//!   finalizer once no dependent with `blockOwnerDeletion` remains.
//!
//! An owner missing from the graph is looked up with a GET before anything is deleted, so a
//! graph that is still filling (or a kind it does not watch) never causes a wrong deletion.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;
use kube::Client;
use kube::api::{
    Api, DeleteParams, DynamicObject, Patch, PatchParams, Preconditions, PropagationPolicy,
};
use kube::discovery::ApiResource;
use kube::runtime::{WatchStreamExt, watcher};
use serde_json::json;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::discovery::{Resources, Served};
use crate::runtime::{Action, WorkQueue};

/// Garbage collector failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("discovering the served resources: {0}")]
    Discovery(#[source] kube::Error),
    #[error("{verb} {kind} {namespace}/{name}: {source}")]
    Write {
        verb: &'static str,
        kind: String,
        namespace: String,
        name: String,
        #[source]
        source: kube::Error,
    },
    #[error("looking up owner {kind} {name}: {source}")]
    Owner {
        kind: String,
        name: String,
        #[source]
        source: kube::Error,
    },
}

/// What the graph keeps of one object.
#[derive(Debug, Clone)]
pub struct Node {
    pub resource: Arc<ApiResource>,
    pub namespaced: bool,
    pub namespace: String,
    pub name: String,
    pub owners: Vec<OwnerReference>,
    pub deleting: bool,
    pub finalizers: Vec<String>,
}

/// uid → node, and owner uid → dependent uids.
#[derive(Debug, Default)]
pub struct Graph {
    nodes: HashMap<String, Node>,
    dependents: HashMap<String, HashSet<String>>,
}

impl Graph {
    /// Adds or replaces a node; returns the uids that should be looked at again.
    pub fn upsert(&mut self, uid: &str, node: Node) -> Vec<String> {
        let mut touched = vec![];
        if let Some(old) = self.nodes.get(uid) {
            for o in &old.owners {
                if let Some(d) = self.dependents.get_mut(&o.uid) {
                    d.remove(uid);
                }
            }
        }
        for o in &node.owners {
            self.dependents
                .entry(o.uid.clone())
                .or_default()
                .insert(uid.to_string());
            // An owner waiting for its dependents cares about this one.
            if self.nodes.get(&o.uid).is_some_and(|n| n.deleting) {
                touched.push(o.uid.clone());
            }
        }
        if !node.owners.is_empty() || node.deleting {
            touched.push(uid.to_string());
        }
        if node.deleting && !self.dependents.get(uid).is_none_or(HashSet::is_empty) {
            touched.push(uid.to_string());
        }
        self.nodes.insert(uid.to_string(), node);
        touched
    }

    /// Removes a node; returns its dependents and owners (to look at again).
    pub fn remove(&mut self, uid: &str) -> Vec<String> {
        let mut touched: Vec<String> = self
            .dependents
            .get(uid)
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        if let Some(old) = self.nodes.remove(uid) {
            for o in &old.owners {
                if let Some(d) = self.dependents.get_mut(&o.uid) {
                    d.remove(uid);
                    if d.is_empty() && !self.nodes.contains_key(&o.uid) {
                        self.dependents.remove(&o.uid);
                    }
                }
                touched.push(o.uid.clone());
            }
        }
        touched
    }

    pub fn node(&self, uid: &str) -> Option<&Node> {
        self.nodes.get(uid)
    }

    /// The dependents of `uid` with the ownerReference that points at it.
    pub fn dependents_of(&self, uid: &str) -> Vec<(String, Node, OwnerReference)> {
        self.dependents
            .get(uid)
            .into_iter()
            .flatten()
            .filter_map(|d| {
                let n = self.nodes.get(d)?;
                let r = n.owners.iter().find(|o| o.uid == uid)?.clone();
                Some((d.clone(), n.clone(), r))
            })
            .collect()
    }

    /// uids of the nodes of one resource (to find what a relist no longer returns).
    pub fn uids_of(&self, resource: &ApiResource) -> Vec<String> {
        self.nodes
            .iter()
            .filter(|(_, n)| {
                n.resource.api_version == resource.api_version
                    && n.resource.plural == resource.plural
            })
            .map(|(u, _)| u.clone())
            .collect()
    }
}

/// The garbage collector.
pub struct GarbageCollector {
    client: Client,
    resources: Resources,
    graph: Mutex<Graph>,
    pub queue: WorkQueue,
}

/// How an owner stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OwnerState {
    Present,
    WaitingForDependents,
    Absent,
}

fn node_of(
    obj: &DynamicObject,
    served: &Served,
    resource: &Arc<ApiResource>,
) -> Option<(String, Node)> {
    let m = &obj.metadata;
    Some((
        m.uid.clone()?,
        Node {
            resource: resource.clone(),
            namespaced: served.namespaced,
            namespace: m.namespace.clone().unwrap_or_default(),
            name: m.name.clone()?,
            owners: m.owner_references.clone().unwrap_or_default(),
            deleting: m.deletion_timestamp.is_some(),
            finalizers: m.finalizers.clone().unwrap_or_default(),
        },
    ))
}

impl GarbageCollector {
    /// Discovers the served resources; `run` then watches them.
    pub async fn new(client: Client, queue: WorkQueue) -> Result<Arc<Self>, Error> {
        let resources = Resources::discover(&client)
            .await
            .map_err(Error::Discovery)?;
        Ok(Arc::new(GarbageCollector {
            client,
            resources,
            graph: Mutex::default(),
            queue,
        }))
    }

    /// Watches every served resource into the graph until `shutdown`.
    pub async fn run_watches(self: Arc<Self>, shutdown: CancellationToken) {
        let mut tasks = JoinSet::new();
        for served in self.resources.watchable() {
            if served.resource.plural == "events" {
                continue;
            }
            let gc = self.clone();
            let served = served.clone();
            let shutdown = shutdown.clone();
            tasks.spawn(async move { gc.watch(served, shutdown).await });
        }
        while tasks.join_next().await.is_some() {}
    }

    async fn watch(&self, served: Served, shutdown: CancellationToken) {
        let resource = Arc::new(served.resource.clone());
        let api: Api<DynamicObject> = Api::all_with(self.client.clone(), &served.resource);
        let stream = watcher(api, watcher::Config::default()).default_backoff();
        let mut stream = std::pin::pin!(stream);
        let mut listed: HashSet<String> = HashSet::new();
        loop {
            let ev = tokio::select! {
                _ = shutdown.cancelled() => return,
                e = stream.next() => e,
            };
            let ev = match ev {
                Some(Ok(ev)) => ev,
                Some(Err(e)) => {
                    tracing::debug!(resource = %served.resource.plural, error = %e, "garbage collector watch error");
                    continue;
                }
                None => return,
            };
            let touched = {
                let Ok(mut g) = self.graph.lock() else { return };
                match ev {
                    watcher::Event::Apply(obj) | watcher::Event::InitApply(obj) => {
                        match node_of(&obj, &served, &resource) {
                            Some((uid, node)) => {
                                listed.insert(uid.clone());
                                g.upsert(&uid, node)
                            }
                            None => vec![],
                        }
                    }
                    watcher::Event::Delete(obj) => {
                        obj.metadata.uid.map(|u| g.remove(&u)).unwrap_or_default()
                    }
                    watcher::Event::Init => {
                        listed.clear();
                        vec![]
                    }
                    watcher::Event::InitDone => {
                        let gone: Vec<String> = g
                            .uids_of(&resource)
                            .into_iter()
                            .filter(|u| !listed.contains(u))
                            .collect();
                        gone.iter().flat_map(|u| g.remove(u)).collect()
                    }
                }
            };
            for uid in touched {
                self.queue.add(uid);
            }
        }
    }

    /// Every uid with owners or being deleted (for resync).
    pub fn keys(&self) -> Vec<String> {
        let Ok(g) = self.graph.lock() else {
            return vec![];
        };
        g.nodes
            .iter()
            .filter(|(_, n)| !n.owners.is_empty() || n.deleting)
            .map(|(u, _)| u.clone())
            .collect()
    }

    fn api(&self, node: &Node) -> Api<DynamicObject> {
        if node.namespaced {
            Api::namespaced_with(self.client.clone(), &node.namespace, node.resource.as_ref())
        } else {
            Api::all_with(self.client.clone(), node.resource.as_ref())
        }
    }

    fn write_err<'a>(node: &'a Node, verb: &'static str) -> impl FnOnce(kube::Error) -> Error + 'a {
        move |source| Error::Write {
            verb,
            kind: node.resource.kind.clone(),
            namespace: node.namespace.clone(),
            name: node.name.clone(),
            source,
        }
    }

    /// Looks at one object.
    pub async fn reconcile(&self, uid: String) -> Result<Action, Error> {
        let Some(node) = self.graph.lock().ok().and_then(|g| g.node(&uid).cloned()) else {
            return Ok(Action::Done);
        };
        if node.deleting && node.finalizers.iter().any(|f| f == "orphan") {
            return self.orphan_dependents(&uid, &node).await;
        }
        if node.deleting && node.finalizers.iter().any(|f| f == "foregroundDeletion") {
            return self.delete_dependents(&uid, &node).await;
        }
        if node.owners.is_empty() || node.deleting {
            return Ok(Action::Done);
        }
        let mut solid = vec![];
        let mut dangling = vec![];
        let mut waiting = vec![];
        for owner in &node.owners {
            match self.owner_state(&node, owner).await? {
                OwnerState::Present => solid.push(owner.uid.clone()),
                OwnerState::Absent => dangling.push(owner.uid.clone()),
                OwnerState::WaitingForDependents => waiting.push(owner.uid.clone()),
            }
        }
        if !solid.is_empty() {
            if dangling.is_empty() && waiting.is_empty() {
                return Ok(Action::Done);
            }
            let keep: Vec<&OwnerReference> = node
                .owners
                .iter()
                .filter(|o| solid.contains(&o.uid))
                .collect();
            self.set_owner_refs(&node, &uid, &keep).await?;
            return Ok(Action::Done);
        }
        // Every owner is gone or being deleted in the foreground: delete this one (in the
        // foreground too when an owner waits for it and it has dependents of its own).
        let has_dependents = self
            .graph
            .lock()
            .ok()
            .is_some_and(|g| !g.dependents_of(&uid).is_empty());
        let policy = if !waiting.is_empty() && has_dependents {
            PropagationPolicy::Foreground
        } else {
            PropagationPolicy::Background
        };
        self.delete(&node, &uid, policy).await?;
        Ok(Action::Done)
    }

    async fn owner_state(&self, node: &Node, owner: &OwnerReference) -> Result<OwnerState, Error> {
        let in_graph = self
            .graph
            .lock()
            .ok()
            .and_then(|g| g.node(&owner.uid).cloned());
        let waiting =
            |n: &Node| n.deleting && n.finalizers.iter().any(|f| f == "foregroundDeletion");
        if let Some(n) = in_graph {
            return Ok(if waiting(&n) {
                OwnerState::WaitingForDependents
            } else {
                OwnerState::Present
            });
        }
        // Not in the graph (yet): ask the API server.
        let Some(served) = self.resources.resolve(&owner.api_version, &owner.kind) else {
            // A kind this server does not serve: leave the reference alone.
            return Ok(OwnerState::Present);
        };
        let api: Api<DynamicObject> = if served.namespaced {
            Api::namespaced_with(self.client.clone(), &node.namespace, &served.resource)
        } else {
            Api::all_with(self.client.clone(), &served.resource)
        };
        match api.get_opt(&owner.name).await {
            Ok(Some(o)) if o.metadata.uid.as_deref() == Some(owner.uid.as_str()) => {
                let deleting = o.metadata.deletion_timestamp.is_some()
                    && o.metadata
                        .finalizers
                        .iter()
                        .flatten()
                        .any(|f| f == "foregroundDeletion");
                Ok(if deleting {
                    OwnerState::WaitingForDependents
                } else {
                    OwnerState::Present
                })
            }
            Ok(_) => Ok(OwnerState::Absent),
            Err(source) => Err(Error::Owner {
                kind: owner.kind.clone(),
                name: owner.name.clone(),
                source,
            }),
        }
    }

    async fn delete(&self, node: &Node, uid: &str, policy: PropagationPolicy) -> Result<(), Error> {
        let dp = DeleteParams {
            propagation_policy: Some(policy),
            preconditions: Some(Preconditions {
                uid: Some(uid.to_string()),
                resource_version: None,
            }),
            ..DeleteParams::default()
        };
        match self.api(node).delete(&node.name, &dp).await {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(s)) if s.code == 404 || s.code == 409 => Ok(()),
            Err(e) => Err(Self::write_err(node, "deleting")(e)),
        }
    }

    /// Writes `refs` as the object's ownerReferences (with its current resourceVersion).
    async fn set_owner_refs(
        &self,
        node: &Node,
        uid: &str,
        refs: &[&OwnerReference],
    ) -> Result<(), Error> {
        let api = self.api(node);
        let current = match api.get_opt(&node.name).await {
            Ok(Some(o)) if o.metadata.uid.as_deref() == Some(uid) => o,
            Ok(_) => return Ok(()),
            Err(e) => return Err(Self::write_err(node, "reading")(e)),
        };
        let keep: Vec<&OwnerReference> = current
            .metadata
            .owner_references
            .iter()
            .flatten()
            .filter(|o| refs.iter().any(|r| r.uid == o.uid))
            .collect();
        let patch = json!({"metadata": {"ownerReferences": keep, "resourceVersion": current.metadata.resource_version}});
        match api
            .patch(&node.name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
        {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(s)) if s.code == 404 => Ok(()),
            Err(e) => Err(Self::write_err(node, "updating the ownerReferences of")(e)),
        }
    }

    async fn remove_finalizer(&self, node: &Node, uid: &str, finalizer: &str) -> Result<(), Error> {
        let api = self.api(node);
        let current = match api.get_opt(&node.name).await {
            Ok(Some(o)) if o.metadata.uid.as_deref() == Some(uid) => o,
            Ok(_) => return Ok(()),
            Err(e) => return Err(Self::write_err(node, "reading")(e)),
        };
        let finalizers: Vec<&String> = current
            .metadata
            .finalizers
            .iter()
            .flatten()
            .filter(|f| *f != finalizer)
            .collect();
        let patch = json!({"metadata": {"finalizers": finalizers, "resourceVersion": current.metadata.resource_version}});
        match api
            .patch(&node.name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
        {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(s)) if s.code == 404 => Ok(()),
            Err(e) => Err(Self::write_err(node, "removing a finalizer of")(e)),
        }
    }

    async fn orphan_dependents(&self, uid: &str, node: &Node) -> Result<Action, Error> {
        let deps = self
            .graph
            .lock()
            .map(|g| g.dependents_of(uid))
            .unwrap_or_default();
        for (dep_uid, dep, _) in deps {
            let keep: Vec<&OwnerReference> = dep.owners.iter().filter(|o| o.uid != uid).collect();
            self.set_owner_refs(&dep, &dep_uid, &keep).await?;
        }
        self.remove_finalizer(node, uid, "orphan").await?;
        Ok(Action::Done)
    }

    async fn delete_dependents(&self, uid: &str, node: &Node) -> Result<Action, Error> {
        let deps = self
            .graph
            .lock()
            .map(|g| g.dependents_of(uid))
            .unwrap_or_default();
        let mut blocking = 0;
        for (dep_uid, dep, r) in &deps {
            if r.block_owner_deletion == Some(true) {
                blocking += 1;
            }
            if dep.deleting {
                continue;
            }
            // A dependent with another live owner only loses this reference.
            let mut others_live = false;
            for o in dep.owners.iter().filter(|o| o.uid != uid) {
                if self.owner_state(dep, o).await? == OwnerState::Present {
                    others_live = true;
                }
            }
            if others_live {
                let keep: Vec<&OwnerReference> =
                    dep.owners.iter().filter(|o| o.uid != uid).collect();
                self.set_owner_refs(dep, dep_uid, &keep).await?;
                continue;
            }
            let has_dependents = self
                .graph
                .lock()
                .ok()
                .is_some_and(|g| !g.dependents_of(dep_uid).is_empty());
            let policy = if has_dependents {
                PropagationPolicy::Foreground
            } else {
                PropagationPolicy::Background
            };
            self.delete(dep, dep_uid, policy).await?;
        }
        if blocking == 0 {
            self.remove_finalizer(node, uid, "foregroundDeletion")
                .await?;
            return Ok(Action::Done);
        }
        // The dependents' deletions will enqueue this owner again; look anyway in a while.
        Ok(Action::RequeueAfter(Duration::from_secs(5)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(owners: &[&str], deleting: bool) -> Node {
        Node {
            resource: Arc::new(ApiResource::erase::<k8s_openapi::api::core::v1::Pod>(&())),
            namespaced: true,
            namespace: "ns".into(),
            name: "n".into(),
            owners: owners
                .iter()
                .map(|u| OwnerReference {
                    uid: u.to_string(),
                    name: format!("o-{u}"),
                    kind: "ReplicaSet".into(),
                    api_version: "apps/v1".into(),
                    ..OwnerReference::default()
                })
                .collect(),
            deleting,
            finalizers: vec![],
        }
    }

    #[test]
    fn the_graph_indexes_dependents_by_owner_and_forgets_them_on_removal() {
        let mut g = Graph::default();
        assert_eq!(g.upsert("owner", node(&[], false)), Vec::<String>::new());
        assert_eq!(g.upsert("a", node(&["owner"], false)), ["a"]);
        g.upsert("b", node(&["owner"], false));
        let mut deps: Vec<String> = g
            .dependents_of("owner")
            .into_iter()
            .map(|(u, _, _)| u)
            .collect();
        deps.sort();
        assert_eq!(deps, ["a", "b"]);
        let mut touched = g.remove("owner");
        touched.sort();
        assert_eq!(
            touched,
            ["a", "b"],
            "an owner's removal looks at its dependents again"
        );
        assert_eq!(g.remove("a"), ["owner"]);
        assert_eq!(g.dependents_of("owner").len(), 1);
    }

    #[test]
    fn a_dependent_change_wakes_its_deleting_owner() {
        let mut g = Graph::default();
        g.upsert("owner", node(&[], true));
        let touched = g.upsert("a", node(&["owner"], false));
        assert!(touched.contains(&"owner".to_string()));
    }
}
