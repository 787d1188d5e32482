//! `rkctl why TYPE/NAME` (also `TYPE NAME`, `-n`, `-A`): the reason an object is not what it
//! should be, with the objects involved and the next command to run.
//!
//! The reading is split from the fetching: [`explain_pod`], [`explain_workload`] and
//! [`explain_node`] are pure functions of the object and the facts gathered for it (its events,
//! the PodDisruptionBudgets of its namespace, the tails of previous logs, the pods of a
//! workload), so each diagnosis is unit-tested on JSON. On rk the scheduler's per-node reasons
//! come from the `scheduler.rk.dev/unschedulable` annotation (interfaces.md); on other API
//! servers the answers fall back to the PodScheduled condition's message and the events.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use clap::Args;
use serde_json::Value;

use crate::client::{Ctx, encode, with_query};
use crate::commands::get::{Request, resolve_requests, write_out};
use crate::discovery::Discovery;
use crate::error::{Error, Result};

/// The annotation rk's scheduler writes on a pod it cannot place: `{"<reason>": ["node", …]}`.
pub const UNSCHEDULABLE_ANNOTATION: &str = "scheduler.rk.dev/unschedulable";

#[derive(Args, Debug, Clone)]
pub struct WhyArgs {
    /// TYPE/NAME, TYPE NAME, or TYPE alone for every object of that type that has a problem.
    pub resources: Vec<String>,
    /// Look in every namespace (with TYPE alone).
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
}

/// One answer: what is wrong, the details that show it, and what to run next.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Answer {
    /// `pod/web-1` (with `namespace/` in front when several namespaces are shown).
    pub subject: String,
    /// The verdict after the subject: `is Pending: no node can run it`.
    pub verdict: String,
    /// Indented lines under the verdict.
    pub details: Vec<String>,
    /// Commands to run next, each with what it shows.
    pub next: Vec<String>,
    /// False when nothing is wrong (`is Running and Ready`).
    pub problem: bool,
}

impl Answer {
    fn new(subject: &str, verdict: impl Into<String>) -> Answer {
        Answer {
            subject: subject.to_string(),
            verdict: verdict.into(),
            problem: true,
            ..Answer::default()
        }
    }

    fn fine(subject: &str, verdict: impl Into<String>) -> Answer {
        Answer {
            problem: false,
            ..Answer::new(subject, verdict)
        }
    }

    fn detail(mut self, line: impl Into<String>) -> Answer {
        self.details.push(line.into());
        self
    }

    fn next(mut self, line: impl Into<String>) -> Answer {
        self.next.push(line.into());
        self
    }

    /// The answer as printed.
    pub fn render(&self) -> String {
        let mut out = format!("{} {}.\n", self.subject, self.verdict);
        for d in &self.details {
            for line in d.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        for n in &self.next {
            let _ = writeln!(out, "Next: {n}");
        }
        out
    }
}

/// What is known about a pod besides its object.
#[derive(Debug, Default)]
pub struct PodFacts {
    /// Events about the pod, oldest first.
    pub events: Vec<Value>,
    /// The PodDisruptionBudgets of the pod's namespace.
    pub pdbs: Vec<Value>,
    /// The tail of each restarted container's previous log (or why it could not be read).
    pub previous_logs: BTreeMap<String, std::result::Result<String, String>>,
}

fn s<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn name_of(v: &Value) -> &str {
    s(v, "/metadata/name")
}

fn condition<'a>(obj: &'a Value, kind: &str) -> Option<&'a Value> {
    obj.pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some(kind))
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

/// The latest event message with one of these reasons.
fn latest_event<'a>(events: &'a [Value], reasons: &[&str]) -> Option<&'a Value> {
    events
        .iter()
        .rev()
        .find(|e| reasons.contains(&s(e, "/reason")))
}

/// A deletion that has not finished: who holds it.
fn deletion(subject: &str, obj: &Value, resource_arg: &str) -> Option<Answer> {
    obj.pointer("/metadata/deletionTimestamp")
        .filter(|d| !d.is_null())?;
    let finalizers = strings(obj.pointer("/metadata/finalizers"));
    if finalizers.is_empty() {
        return None;
    }
    let mut a = Answer::new(
        subject,
        format!(
            "is being deleted, and waits for {} finalizer{}",
            finalizers.len(),
            if finalizers.len() == 1 { "" } else { "s" }
        ),
    );
    for f in &finalizers {
        let who = match f.as_str() {
            "orphan" => "the garbage collector (orphaning the dependents)".to_string(),
            "foregroundDeletion" => {
                "the garbage collector (deleting the dependents first)".to_string()
            }
            "kubernetes" => "the namespace controller (emptying the namespace)".to_string(),
            other => match other.split_once('/') {
                Some((domain, _)) => format!("a controller of {domain}"),
                None => "its controller".to_string(),
            },
        };
        a = a.detail(format!("finalizer {f}: removed by {who}"));
    }
    let ns = s(obj, "/metadata/namespace");
    let ns_flag = if ns.is_empty() {
        String::new()
    } else {
        format!(" -n {ns}")
    };
    Some(
        a.next(format!(
            "rkctl get {resource_arg}{ns_flag} -o yaml   # see the finalizers and the owner"
        ))
        .next(format!(
            "rkctl patch {resource_arg}{ns_flag} --type=merge -p '{{\"metadata\":{{\"finalizers\":null}}}}'   # only once whatever the finalizer guards is gone"
        )),
    )
}

/// Reads the scheduler annotation: reason → nodes.
fn unschedulable_reasons(pod: &Value) -> Option<BTreeMap<String, Vec<String>>> {
    let text = pod
        .pointer("/metadata/annotations")?
        .get(UNSCHEDULABLE_ANNOTATION)?
        .as_str()?;
    serde_json::from_str(text).ok()
}

fn next_for_reason(reason: &str, nodes: &[String], pod: &str, ns: &str) -> Option<String> {
    let node = nodes.first()?;
    let r = reason.to_ascii_lowercase();
    Some(if r.starts_with("insufficient") {
        format!(
            "rkctl describe node {node}   # allocatable vs requested; lower pod/{pod}'s requests or add capacity"
        )
    } else if r.contains("taint") {
        format!(
            "rkctl describe node {node}   # its taints; add a toleration to pod/{pod} or remove the taint (rkctl taint nodes {node} KEY-)"
        )
    } else if r.contains("affinity") || r.contains("selector") {
        format!(
            "rkctl get pod {pod} -n {ns} -o jsonpath='{{.spec.affinity}}{{.spec.nodeSelector}}'   # compare with: rkctl get nodes --show-labels"
        )
    } else if r.contains("port") {
        format!("rkctl describe node {node}   # another pod holds the host port")
    } else if r.contains("unschedulable") {
        format!("rkctl uncordon {node}   # if the node was cordoned by mistake")
    } else {
        format!("rkctl describe node {node}")
    })
}

fn explain_unscheduled(subject: &str, pod: &Value, facts: &PodFacts) -> Answer {
    let name = name_of(pod);
    let ns = s(pod, "/metadata/namespace");
    let scheduled = condition(pod, "PodScheduled");
    let message = scheduled.map(|c| s(c, "/message")).unwrap_or("");
    let mut a = Answer::new(subject, "is Pending: no node can run it");
    if !message.is_empty() {
        a = a.detail(message.to_string());
    } else if let Some(e) = latest_event(&facts.events, &["FailedScheduling"]) {
        a = a.detail(s(e, "/message").to_string());
    } else {
        let scheduler = pod
            .pointer("/spec/schedulerName")
            .and_then(Value::as_str)
            .unwrap_or("default-scheduler");
        return Answer::new(subject, "is Pending: no scheduler has looked at it yet")
            .detail(format!("spec.schedulerName: {scheduler}"))
            .next(format!(
                "rkctl get events -n {ns} --field-selector involvedObject.name={name}   # is a scheduler named {scheduler} running?"
            ));
    }
    match unschedulable_reasons(pod) {
        Some(reasons) if !reasons.is_empty() => {
            for (reason, nodes) in &reasons {
                let shown: Vec<&str> = nodes.iter().take(10).map(String::as_str).collect();
                let more = nodes.len().saturating_sub(shown.len());
                let tail = if more > 0 {
                    format!(" (and {more} more)")
                } else {
                    String::new()
                };
                a = a.detail(format!("{reason}: {}{tail}", shown.join(", ")));
            }
            for (reason, nodes) in &reasons {
                if let Some(n) = next_for_reason(reason, nodes, name, ns) {
                    a = a.next(n);
                }
            }
        }
        _ => {
            a = a.next("rkctl get nodes   # compare their capacity, taints and labels with the pod's requests, tolerations and affinity");
        }
    }
    a
}

/// The waiting reasons that mean a container cannot start.
const START_FAILURES: &[&str] = &[
    "ErrImagePull",
    "ImagePullBackOff",
    "ErrImageNeverPull",
    "InvalidImageName",
    "CreateContainerConfigError",
    "CreateContainerError",
    "RunContainerError",
    "PreStartHookError",
    "PostStartHookError",
];

fn container_statuses(pod: &Value) -> Vec<&Value> {
    ["/status/initContainerStatuses", "/status/containerStatuses"]
        .iter()
        .filter_map(|p| pod.pointer(p).and_then(Value::as_array))
        .flatten()
        .collect()
}

fn log_tail(a: Answer, facts: &PodFacts, container: &str) -> Answer {
    match facts.previous_logs.get(container) {
        Some(Ok(text)) if !text.trim().is_empty() => {
            let mut a = a.detail(format!("last lines of its previous log ({container}):"));
            for line in text.lines() {
                a = a.detail(format!("  | {line}"));
            }
            a
        }
        Some(Ok(_)) => a.detail(format!("its previous log ({container}) is empty")),
        Some(Err(why)) => a.detail(format!("its previous log could not be read: {why}")),
        None => a,
    }
}

fn terminated_summary(t: &Value) -> String {
    let code = t.get("exitCode").and_then(Value::as_i64).unwrap_or(0);
    let reason = s(t, "/reason");
    let mut out = format!("exit code {code}");
    if !reason.is_empty() {
        let _ = write!(out, ", reason {reason}");
    }
    let msg = s(t, "/message");
    if !msg.is_empty() {
        let _ = write!(out, ": {msg}");
    }
    out
}

fn memory_limit(pod: &Value, container: &str) -> Option<String> {
    ["/spec/initContainers", "/spec/containers"]
        .iter()
        .filter_map(|p| pod.pointer(p).and_then(Value::as_array))
        .flatten()
        .find(|c| c.get("name").and_then(Value::as_str) == Some(container))
        .and_then(|c| c.pointer("/resources/limits/memory"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn explain_container_failures(subject: &str, pod: &Value, facts: &PodFacts) -> Option<Answer> {
    let name = name_of(pod);
    let ns = s(pod, "/metadata/namespace");
    for c in container_statuses(pod) {
        let cname = s(c, "/name");
        let waiting = s(c, "/state/waiting/reason");
        let wmsg = s(c, "/state/waiting/message");
        if START_FAILURES.contains(&waiting) {
            let what = if waiting.contains("Image") {
                format!("container {cname} cannot get its image {}", s(c, "/image"))
            } else {
                format!("container {cname} cannot be started")
            };
            let mut a = Answer::new(subject, format!("is not running: {what}"))
                .detail(format!("{waiting}: {wmsg}"));
            // During the back-off the status says only "Back-off pulling image"; the cause
            // (no such host, refused, unauthorized, not found) is in the latest pull failure.
            if waiting.contains("Image")
                && let Some(e) = facts.events.iter().rev().find(|e| {
                    s(e, "/reason") == "Failed" && s(e, "/message").starts_with("Failed to pull")
                })
                && !s(e, "/message").contains(wmsg)
            {
                a = a.detail(format!("latest pull error: {}", s(e, "/message")));
            }
            if waiting.contains("Image") {
                a = a.next(format!(
                    "rkctl describe pod {name} -n {ns}   # the pull events; fix the image name, or load it with: rkctl image load IMAGE.tar"
                ));
            } else if wmsg.contains("configmap") {
                a = a.next(format!(
                    "rkctl get configmaps -n {ns}   # create the missing ConfigMap, or mark the reference optional"
                ));
            } else if wmsg.contains("secret") {
                a = a.next(format!(
                    "rkctl get secrets -n {ns}   # create the missing Secret, or mark the reference optional"
                ));
            } else {
                a = a.next(format!("rkctl describe pod {name} -n {ns}"));
            }
            return Some(a);
        }
        let restarts = c.get("restartCount").and_then(Value::as_i64).unwrap_or(0);
        let last = c.pointer("/lastState/terminated");
        if waiting == "CrashLoopBackOff" || (restarts > 0 && last.is_some()) {
            let mut a = Answer::new(
                subject,
                format!(
                    "keeps restarting: container {cname} has restarted {restarts} time{}",
                    if restarts == 1 { "" } else { "s" }
                ),
            );
            if waiting == "CrashLoopBackOff" {
                a = a.detail(format!("CrashLoopBackOff: {wmsg}"));
            }
            if let Some(t) = last.or_else(|| c.pointer("/state/terminated")) {
                a = a.detail(format!("last exit: {}", terminated_summary(t)));
                if s(t, "/reason") == "OOMKilled" {
                    let limit = memory_limit(pod, cname)
                        .map(|l| format!(" (limit {l})"))
                        .unwrap_or_default();
                    a = a.detail(format!(
                        "it used more memory than its limit allows{limit} and the kernel killed it"
                    ));
                    a = a.next(format!(
                        "rkctl set resources pod/{name} -n {ns} -c {cname} --limits=memory=…   # on its workload: raise resources.limits.memory"
                    ));
                }
            }
            a = log_tail(a, facts, cname);
            a = a.next(format!(
                "rkctl logs {name} -n {ns} -c {cname} --previous   # the whole previous log"
            ));
            return Some(a);
        }
        if let Some(t) = c.pointer("/state/terminated")
            && t.get("exitCode").and_then(Value::as_i64).unwrap_or(0) != 0
            && s(pod, "/status/phase") != "Succeeded"
        {
            let a = Answer::new(subject, format!("has a failed container: {cname} exited"))
                .detail(terminated_summary(t));
            let a = log_tail(a, facts, cname);
            return Some(a.next(format!("rkctl logs {name} -n {ns} -c {cname}")));
        }
    }
    None
}

fn explain_not_ready(subject: &str, pod: &Value, facts: &PodFacts) -> Option<Answer> {
    let ready = condition(pod, "Ready")?;
    if s(ready, "/status") == "True" {
        return None;
    }
    let name = name_of(pod);
    let ns = s(pod, "/metadata/namespace");
    let not_ready: Vec<&str> = pod
        .pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| c.get("ready").and_then(Value::as_bool) != Some(true))
        .filter_map(|c| c.get("name").and_then(Value::as_str))
        .collect();
    let mut a = Answer::new(subject, "is Running but not Ready");
    if !not_ready.is_empty() {
        a = a.detail(format!("containers not ready: {}", not_ready.join(", ")));
    }
    let msg = s(ready, "/message");
    if !msg.is_empty() {
        a = a.detail(msg.to_string());
    }
    if let Some(e) = latest_event(&facts.events, &["Unhealthy"]) {
        a = a.detail(format!(
            "latest probe failure: {}",
            s(e, "/message").trim_end()
        ));
    }
    for gate in pod
        .pointer("/spec/readinessGates")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let t = s(gate, "/conditionType");
        if condition(pod, t).map(|c| s(c, "/status")) != Some("True") {
            a = a.detail(format!("readiness gate {t} is not True"));
        }
    }
    Some(a.next(format!(
        "rkctl describe pod {name} -n {ns}   # the probes and their recent failures"
    )))
}

fn labels_match(selector: &Value, labels: &Value) -> bool {
    let label = |k: &str| labels.get(k).and_then(Value::as_str);
    let match_labels = selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .all(|(k, v)| label(k) == v.as_str());
    let exprs = selector
        .get("matchExpressions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .all(|e| {
            let values = strings(e.get("values"));
            let have = label(s(e, "/key"));
            match s(e, "/operator") {
                "In" => have.is_some_and(|h| values.iter().any(|v| v == h)),
                "NotIn" => !have.is_some_and(|h| values.iter().any(|v| v == h)),
                "Exists" => have.is_some(),
                "DoesNotExist" => have.is_none(),
                _ => false,
            }
        });
    match_labels && exprs
}

/// The PDBs that select the pod and allow no disruption now.
fn blocking_pdbs<'a>(pod: &Value, pdbs: &'a [Value]) -> Vec<&'a Value> {
    let labels = pod
        .pointer("/metadata/labels")
        .cloned()
        .unwrap_or(Value::Null);
    pdbs.iter()
        .filter(|p| {
            p.pointer("/spec/selector")
                .is_some_and(|sel| labels_match(sel, &labels))
        })
        .filter(|p| {
            p.pointer("/status/disruptionsAllowed")
                .and_then(Value::as_i64)
                .unwrap_or(0)
                <= 0
        })
        .collect()
}

fn pdb_detail(p: &Value) -> String {
    let n = |k: &str| {
        p.pointer(&format!("/status/{k}"))
            .and_then(Value::as_i64)
            .unwrap_or(0)
    };
    let rule = match (
        p.pointer("/spec/minAvailable"),
        p.pointer("/spec/maxUnavailable"),
    ) {
        (Some(m), _) => format!("minAvailable {}", m.to_string().trim_matches('"')),
        (_, Some(m)) => format!("maxUnavailable {}", m.to_string().trim_matches('"')),
        _ => "no rule".to_string(),
    };
    format!(
        "PodDisruptionBudget {} ({rule}) allows {} disruption(s): {} healthy, {} needed",
        name_of(p),
        n("disruptionsAllowed"),
        n("currentHealthy"),
        n("desiredHealthy")
    )
}

/// Why a pod is not running and ready (or, if it is, that it is — and whether an eviction of it
/// would be refused).
pub fn explain_pod(subject: &str, pod: &Value, facts: &PodFacts) -> Answer {
    let name = name_of(pod);
    let ns = s(pod, "/metadata/namespace");
    if let Some(a) = deletion(subject, pod, &format!("pod/{name}")) {
        return a;
    }
    if pod
        .pointer("/metadata/deletionTimestamp")
        .is_some_and(|d| !d.is_null())
    {
        let node = s(pod, "/spec/nodeName");
        let grace = pod
            .pointer("/metadata/deletionGracePeriodSeconds")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        return Answer::new(subject, "is terminating")
            .detail(format!(
                "the agent of node {node} stops its containers within the grace period ({grace}s) and then completes the delete"
            ))
            .next(format!(
                "rkctl why node/{node}   # if the node is gone, the pod is removed once the node is"
            ));
    }
    let phase = s(pod, "/status/phase");
    if phase == "Succeeded" {
        return Answer::fine(subject, "has completed successfully");
    }
    if phase == "Failed" {
        let mut a = Answer::new(subject, "has failed");
        let reason = s(pod, "/status/reason");
        if !reason.is_empty() {
            a = a.detail(format!("{reason}: {}", s(pod, "/status/message")));
        }
        if let Some(a2) = explain_container_failures(subject, pod, facts) {
            a.details.extend(a2.details);
            a.next.extend(a2.next);
        }
        return a;
    }
    if s(pod, "/spec/nodeName").is_empty() {
        return explain_unscheduled(subject, pod, facts);
    }
    if let Some(a) = explain_container_failures(subject, pod, facts) {
        return a;
    }
    if phase == "Pending" {
        let mut a = Answer::new(
            subject,
            format!(
                "is Pending on node {}: its containers are being created",
                s(pod, "/spec/nodeName")
            ),
        );
        if let Some(e) = latest_event(
            &facts.events,
            &[
                "FailedMount",
                "FailedAttachVolume",
                "FailedCreatePodSandBox",
                "Failed",
            ],
        ) {
            a = a.detail(format!("{}: {}", s(e, "/reason"), s(e, "/message")));
        }
        return a.next(format!("rkctl describe pod {name} -n {ns}"));
    }
    if let Some(a) = explain_not_ready(subject, pod, facts) {
        return a;
    }
    let blocking = blocking_pdbs(pod, &facts.pdbs);
    if !blocking.is_empty() {
        let mut a = Answer::new(
            subject,
            "is Running and Ready, but an eviction (drain) of it is refused now",
        );
        for p in &blocking {
            a = a.detail(pdb_detail(p));
        }
        return a.next(format!(
            "rkctl get pdb {} -n {ns} -o yaml   # the budget; it allows an eviction once more pods are healthy",
            name_of(blocking[0])
        ));
    }
    Answer::fine(subject, "is Running and Ready")
}

/// Why a workload (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job) is not converged; `pods`
/// are its pods' answers (the worst first).
pub fn explain_workload(subject: &str, kind: &str, obj: &Value, pods: &[Answer]) -> Answer {
    let name = name_of(obj);
    let ns = s(obj, "/metadata/namespace");
    let lower = kind.to_ascii_lowercase();
    if let Some(a) = deletion(subject, obj, &format!("{lower}/{name}")) {
        return a;
    }
    let n = |p: &str| obj.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    let mut a = match kind {
        "Deployment" => {
            let want = obj
                .pointer("/spec/replicas")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            let progressing = condition(obj, "Progressing");
            if obj.pointer("/spec/paused").and_then(Value::as_bool) == Some(true) {
                Answer::new(subject, "is paused: its rollout does not proceed")
                    .next(format!("rkctl rollout resume deployment/{name} -n {ns}"))
            } else if progressing.map(|c| s(c, "/reason")) == Some("ProgressDeadlineExceeded") {
                let c = progressing.unwrap_or(&Value::Null);
                Answer::new(
                    subject,
                    "is stuck: its rollout exceeded its progress deadline",
                )
                .detail(s(c, "/message").to_string())
                .detail(format!(
                    "{} of {want} updated, {} ready, {} available (deadline {}s)",
                    n("/status/updatedReplicas"),
                    n("/status/readyReplicas"),
                    n("/status/availableReplicas"),
                    obj.pointer("/spec/progressDeadlineSeconds")
                        .and_then(Value::as_i64)
                        .unwrap_or(600)
                ))
                .next(format!(
                    "rkctl rollout undo deployment/{name} -n {ns}   # back to the previous template"
                ))
            } else if n("/status/updatedReplicas") == want
                && n("/status/availableReplicas") == want
                && n("/status/replicas") == want
                && n("/status/observedGeneration") >= n("/metadata/generation")
            {
                Answer::fine(
                    subject,
                    format!("is rolled out: {want} of {want} available"),
                )
            } else {
                Answer::new(subject, "is rolling out")
                    .detail(format!(
                        "{} of {want} updated, {} ready, {} available",
                        n("/status/updatedReplicas"),
                        n("/status/readyReplicas"),
                        n("/status/availableReplicas")
                    ))
                    .next(format!("rkctl rollout status deployment/{name} -n {ns}"))
            }
        }
        "Job" => {
            if let Some(c) = condition(obj, "Failed").filter(|c| s(c, "/status") == "True") {
                Answer::new(subject, "has failed").detail(format!(
                    "{}: {}",
                    s(c, "/reason"),
                    s(c, "/message")
                ))
            } else if condition(obj, "Complete").is_some_and(|c| s(c, "/status") == "True") {
                Answer::fine(subject, "has completed")
            } else {
                Answer::new(subject, "is running").detail(format!(
                    "{} active, {} succeeded, {} failed",
                    n("/status/active"),
                    n("/status/succeeded"),
                    n("/status/failed")
                ))
            }
        }
        _ => {
            let (want, ready) = match kind {
                "DaemonSet" => (
                    n("/status/desiredNumberScheduled"),
                    n("/status/numberReady"),
                ),
                _ => (
                    obj.pointer("/spec/replicas")
                        .and_then(Value::as_i64)
                        .unwrap_or(1),
                    n("/status/readyReplicas"),
                ),
            };
            if ready >= want {
                Answer::fine(subject, format!("is ready: {ready} of {want}"))
            } else {
                Answer::new(
                    subject,
                    format!("is not ready: {ready} of {want} pods ready"),
                )
            }
        }
    };
    let troubled: Vec<&Answer> = pods.iter().filter(|p| p.problem).collect();
    if a.problem || !troubled.is_empty() {
        a.problem = true;
        for p in troubled.iter().take(3) {
            a = a.detail(p.render().trim_end().to_string());
        }
        if troubled.len() > 3 {
            a = a.detail(format!(
                "… and {} more pods with problems",
                troubled.len() - 3
            ));
        }
    }
    a
}

/// Why a node is not usable, and which of its pods an eviction (drain) could not move now.
pub fn explain_node(subject: &str, node: &Value, blocked: &[(String, String)]) -> Answer {
    let name = name_of(node);
    let mut problems = Vec::new();
    if let Some(ready) = condition(node, "Ready") {
        if s(ready, "/status") != "True" {
            problems.push(format!(
                "Ready is {}: {} {}",
                s(ready, "/status"),
                s(ready, "/reason"),
                s(ready, "/message")
            ));
        }
    } else {
        problems.push("no Ready condition: its agent has never reported".to_string());
    }
    for kind in [
        "MemoryPressure",
        "DiskPressure",
        "PIDPressure",
        "NetworkUnavailable",
    ] {
        if let Some(c) = condition(node, kind)
            && s(c, "/status") == "True"
        {
            problems.push(format!("{kind}: {}", s(c, "/message")));
        }
    }
    if node.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true) {
        problems.push("cordoned: no new pods are scheduled here".to_string());
    }
    let taints = taint_strings(node);
    let mut a = if problems.is_empty() {
        Answer::fine(subject, "is Ready")
    } else {
        let mut a = Answer::new(subject, "is not fully usable");
        for p in problems {
            a = a.detail(p);
        }
        a
    };
    if !taints.is_empty() {
        a = a.detail(format!("taints: {}", taints.join(", ")));
    }
    if !blocked.is_empty() {
        a.problem = true;
        a = a.detail(format!(
            "a drain would wait on {} pod(s) whose budget allows no eviction now:",
            blocked.len()
        ));
        for (pod, why) in blocked {
            a = a.detail(format!("  {pod}: {why}"));
        }
    }
    if a.problem {
        a = a.next(format!("rkctl describe node {name}"));
    }
    a
}

// ---- fetching -------------------------------------------------------------------------------

async fn list_items(ctx: &Ctx, path: &str) -> Result<Vec<Value>> {
    let list = ctx.get_json(path, "application/json").await?;
    Ok(list
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default())
}

pub(crate) async fn pod_facts(ctx: &Ctx, pod: &Value) -> PodFacts {
    let ns = s(pod, "/metadata/namespace");
    let name = name_of(pod);
    let uid = s(pod, "/metadata/uid");
    let events_path = with_query(
        &format!("/api/v1/namespaces/{}/events", encode(ns)),
        &[(
            "fieldSelector",
            format!("involvedObject.name={name},involvedObject.kind=Pod"),
        )],
    );
    let mut events: Vec<Value> = list_items(ctx, &events_path)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|e| uid.is_empty() || s(e, "/involvedObject/uid") == uid)
        .collect();
    events.sort_by(|a, b| event_time(a).cmp(event_time(b)));
    let pdbs = list_items(
        ctx,
        &format!(
            "/apis/policy/v1/namespaces/{}/poddisruptionbudgets",
            encode(ns)
        ),
    )
    .await
    .unwrap_or_default();
    let mut previous_logs = BTreeMap::new();
    for c in container_statuses(pod) {
        if c.get("restartCount").and_then(Value::as_i64).unwrap_or(0) > 0
            || c.pointer("/state/terminated").is_some()
        {
            let cname = s(c, "/name");
            let previous = c.pointer("/lastState/terminated").is_some();
            let path = with_query(
                &format!(
                    "/api/v1/namespaces/{}/pods/{}/log",
                    encode(ns),
                    encode(name)
                ),
                &[
                    ("container", cname.to_string()),
                    ("previous", previous.to_string()),
                    ("tailLines", "5".to_string()),
                ],
            );
            let text = ctx
                .send_text(http::Method::GET, &path, "text/plain", None)
                .await
                .map_err(|e| e.to_string());
            previous_logs.insert(cname.to_string(), text);
        }
    }
    PodFacts {
        events,
        pdbs,
        previous_logs,
    }
}

fn event_time(e: &Value) -> &str {
    [
        "/lastTimestamp",
        "/eventTime",
        "/firstTimestamp",
        "/metadata/creationTimestamp",
    ]
    .iter()
    .map(|p| s(e, p))
    .find(|t| !t.is_empty())
    .unwrap_or("")
}

fn subject_of(kind_lower: &str, obj: &Value, with_ns: bool) -> String {
    let ns = s(obj, "/metadata/namespace");
    if with_ns && !ns.is_empty() {
        format!("{ns}/{kind_lower}/{}", name_of(obj))
    } else {
        format!("{kind_lower}/{}", name_of(obj))
    }
}

/// The pods a workload's selector selects.
async fn pods_of(ctx: &Ctx, obj: &Value) -> Result<Vec<Value>> {
    let ns = s(obj, "/metadata/namespace");
    let selector = obj
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    let path = with_query(
        &format!("/api/v1/namespaces/{}/pods", encode(ns)),
        &[("labelSelector", selector)],
    );
    let pods = list_items(ctx, &path).await?;
    let uid = s(obj, "/metadata/uid");
    let full = obj
        .pointer("/spec/selector")
        .cloned()
        .unwrap_or(Value::Null);
    Ok(pods
        .into_iter()
        .filter(|p| labels_match(&full, p.pointer("/metadata/labels").unwrap_or(&Value::Null)))
        // A Deployment's pods belong to its ReplicaSets; others own theirs directly.
        .filter(|p| {
            uid.is_empty()
                || s(obj, "/kind") == "Deployment"
                || p.pointer("/metadata/ownerReferences")
                    .and_then(Value::as_array)
                    .is_none_or(|o| o.iter().any(|r| s(r, "/uid") == uid))
        })
        .collect())
}

async fn answer_for(ctx: &Ctx, kind: &str, obj: &Value, with_ns: bool) -> Result<Answer> {
    let lower = kind.to_ascii_lowercase();
    let subject = subject_of(&lower, obj, with_ns);
    Ok(match kind {
        "Pod" => explain_pod(&subject, obj, &pod_facts(ctx, obj).await),
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "Job" => {
            let mut answers = Vec::new();
            for p in pods_of(ctx, obj).await? {
                let sub = subject_of("pod", &p, false);
                answers.push(explain_pod(&sub, &p, &pod_facts(ctx, &p).await));
            }
            explain_workload(&subject, kind, obj, &answers)
        }
        "Node" => {
            let name = name_of(obj);
            let pods = list_items(
                ctx,
                &with_query(
                    "/api/v1/pods",
                    &[("fieldSelector", format!("spec.nodeName={name}"))],
                ),
            )
            .await?;
            let mut blocked = Vec::new();
            let mut pdbs_by_ns: BTreeMap<String, Vec<Value>> = BTreeMap::new();
            for p in &pods {
                let ns = s(p, "/metadata/namespace").to_string();
                if !pdbs_by_ns.contains_key(&ns) {
                    let pdbs = list_items(
                        ctx,
                        &format!(
                            "/apis/policy/v1/namespaces/{}/poddisruptionbudgets",
                            encode(&ns)
                        ),
                    )
                    .await
                    .unwrap_or_default();
                    pdbs_by_ns.insert(ns.clone(), pdbs);
                }
                let pdbs = pdbs_by_ns.get(&ns).map(Vec::as_slice).unwrap_or(&[]);
                if let Some(b) = blocking_pdbs(p, pdbs).first() {
                    blocked.push((format!("{ns}/{}", name_of(p)), pdb_detail(b)));
                }
            }
            explain_node(&subject, obj, &blocked)
        }
        _ => match deletion(&subject, obj, &format!("{lower}/{}", name_of(obj))) {
            Some(a) => a,
            None => Answer::fine(&subject, "shows no problem rkctl knows how to look for"),
        },
    })
}

pub async fn run(ctx: &Ctx, args: &WhyArgs) -> Result<()> {
    if args.resources.is_empty() {
        return Err(Error::Usage(
            "You must specify the type of resource and its name, e.g. rkctl why pod/web-1 (or a type alone for every object with a problem)".into(),
        ));
    }
    let mut discovery = Discovery::load(ctx).await?;
    let requests: Vec<Request> = resolve_requests(ctx, &mut discovery, &args.resources).await?;
    discovery.finish().await;
    let out = std::io::stdout();
    let mut out = out.lock();
    for req in requests {
        let kind = req.resource.kind.clone();
        let ns =
            (req.resource.namespaced && !args.all_namespaces).then_some(ctx.namespace.as_str());
        if req.names.is_empty() {
            let items = list_items(ctx, &req.resource.collection_path(ns)).await?;
            let mut any = false;
            for obj in &items {
                let a = answer_for(ctx, &kind, obj, args.all_namespaces).await?;
                if a.problem {
                    any = true;
                    write_out(&mut out, &a.render())?;
                }
            }
            if !any {
                let scope = match ns {
                    Some(n) => format!(" in namespace {n}"),
                    None => String::new(),
                };
                write_out(
                    &mut out,
                    &format!("No problems found with {}{scope}.\n", req.resource.resource),
                )?;
            }
            continue;
        }
        let ns = req.resource.namespaced.then_some(ctx.namespace.as_str());
        for name in &req.names {
            let obj = ctx
                .get_json(&req.resource.object_path(ns, name), "application/json")
                .await?;
            let a = answer_for(ctx, &kind, &obj, false).await?;
            write_out(&mut out, &a.render())?;
        }
    }
    Ok(())
}

/// A node's taints as kubectl writes them: `key=value:Effect` (`key:Effect` without a value).
pub(crate) fn taint_strings(node: &Value) -> Vec<String> {
    node.pointer("/spec/taints")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|t| {
            let v = s(t, "/value");
            let v = if v.is_empty() {
                String::new()
            } else {
                format!("={v}")
            };
            format!("{}{v}:{}", s(t, "/key"), s(t, "/effect"))
        })
        .collect()
}

#[cfg(test)]
#[path = "why_tests.rs"]
mod tests;
