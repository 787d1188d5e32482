//! Workload logs (issue 10): the logs of every pod a workload, service or selector picks, each
//! line prefixed `[pod/NAME/CONTAINER]`. Without `-f` the current logs of all pods; with `-f`
//! a watch on the pods opens a stream for each container as it starts — pods created after the
//! command started, restarted containers (their new attempt), the pods of a rollout's new
//! ReplicaSet — and closes the streams of deleted pods. Everything runs in one task: the watch
//! and the log streams are polled together and each line is written whole, so lines never
//! interleave mid-line.

use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use futures::StreamExt;
use futures::stream::{LocalBoxStream, SelectAll};
use serde_json::Value;
use tokio::sync::oneshot;

use crate::client::{Ctx, WatchLines, with_query};
use crate::commands::logs::{
    Chunk, DRAIN, LogQuery, LogsArgs, Printer, Source, containers_of, list_pods, open_lines,
    prefix_for, show,
};
use crate::error::{Error, Result};

/// `logs TYPE/NAME` and `logs -l SEL -f`: every selected pod.
pub async fn workload(
    ctx: &Ctx,
    a: &LogsArgs,
    query: &LogQuery,
    ns: &str,
    selector: &str,
    color: bool,
) -> Result<()> {
    if !query.follow {
        let pods = list_pods(ctx, ns, selector).await?;
        if pods.is_empty() {
            eprintln!("No resources found in {ns} namespace.");
            return Ok(());
        }
        let mut sources = Vec::new();
        for pod in &pods {
            let name = pod["metadata"]["name"].as_str().unwrap_or_default();
            for c in containers_of(pod, a, false)? {
                sources.push(Source {
                    prefix: prefix_for(name, &c, color),
                    pod: name.to_string(),
                    container: c,
                });
            }
        }
        return show(ctx, a, query, ns, sources).await;
    }
    let mut f = Follower {
        ctx,
        args: a,
        query: query.clone(),
        ns: ns.to_string(),
        selector: selector.to_string(),
        color,
        live: HashMap::new(),
        streams: SelectAll::new(),
        printer: Printer::new(true),
    };
    f.run().await
}

/// One followed container: which attempt, and the handle whose drop ends its stream.
struct Live {
    uid: String,
    attempt: i64,
    _stop: oneshot::Sender<()>,
}

type Tagged = (Rc<str>, Chunk);

struct Follower<'a> {
    ctx: &'a Ctx,
    args: &'a LogsArgs,
    query: LogQuery,
    ns: String,
    selector: String,
    color: bool,
    /// (pod, container) → the stream followed now.
    live: HashMap<(String, String), Live>,
    streams: SelectAll<LocalBoxStream<'static, Tagged>>,
    printer: Printer,
}

impl Follower<'_> {
    async fn run(&mut self) -> Result<()> {
        let mut rv = self.relist(true).await?;
        let mut watch = self.watch(&rv).await?;
        loop {
            tokio::select! {
                event = watch.next() => {
                    let line = match event {
                        Some(Ok(line)) => line,
                        // The server ended the watch (timeout) or the connection broke: resume
                        // from the last revision seen.
                        None | Some(Err(_)) => {
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            watch = self.watch(&rv).await?;
                            continue;
                        }
                    };
                    let Ok(event) = serde_json::from_str::<Value>(&line) else { continue };
                    let object = &event["object"];
                    if let Some(v) = object["metadata"]["resourceVersion"].as_str() {
                        rv = v.to_string();
                    }
                    match event["type"].as_str() {
                        Some("ADDED" | "MODIFIED") => self.consider(object, false),
                        Some("DELETED") => self.forget(object["metadata"]["name"].as_str().unwrap_or_default()),
                        Some("ERROR") if object["code"] == 410 => {
                            rv = self.relist(false).await?;
                            watch = self.watch(&rv).await?;
                        }
                        Some("ERROR") => {
                            let status: kube::core::Status =
                                serde_json::from_value(object.clone()).unwrap_or_default();
                            return Err(Error::Server(Box::new(status)));
                        }
                        _ => {}
                    }
                }
                Some((prefix, chunk)) = self.streams.next(), if !self.streams.is_empty() => {
                    match chunk {
                        Chunk::Line(l) => self.printer.line(&prefix, &l, true)?,
                        Chunk::Failed(e) => {
                            self.printer.flush()?;
                            eprintln!("{} {}", prefix.trim_end(), e.to_string().trim_start_matches("error: "));
                        }
                    }
                }
            }
        }
    }

    /// Lists the pods, follows what runs, forgets pods that are gone; returns the list's
    /// revision for the watch.
    async fn relist(&mut self, initial: bool) -> Result<String> {
        let path = with_query(
            &format!(
                "/api/v1/namespaces/{}/pods",
                crate::client::encode(&self.ns)
            ),
            &[("labelSelector", self.selector.clone())],
        );
        let list = self.ctx.get_json(&path, "application/json").await?;
        let rv = list["metadata"]["resourceVersion"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let pods = list_pods_sorted(list);
        if initial && self.args.selector.is_some() {
            let streams: usize = pods
                .iter()
                .map(|p| containers_of(p, self.args, false).map_or(0, |c| c.len()))
                .sum();
            let max = self.args.max_log_requests;
            if streams as i64 > max {
                return Err(Error::Usage(format!(
                    "you are attempting to follow {streams} log streams, but maximum allowed concurrency is {max}, use --max-log-requests to increase the limit"
                )));
            }
        }
        let names: Vec<String> = pods
            .iter()
            .filter_map(|p| p["metadata"]["name"].as_str().map(str::to_string))
            .collect();
        let gone: Vec<String> = self
            .live
            .keys()
            .filter(|(pod, _)| !names.contains(pod))
            .map(|(pod, _)| pod.clone())
            .collect();
        for pod in gone {
            self.forget(&pod);
        }
        for pod in &pods {
            self.consider(pod, initial);
        }
        Ok(rv)
    }

    async fn watch(&self, rv: &str) -> Result<WatchLines> {
        let mut params = vec![
            ("watch", "true".to_string()),
            ("allowWatchBookmarks", "true".to_string()),
            ("labelSelector", self.selector.clone()),
        ];
        if !rv.is_empty() {
            params.push(("resourceVersion", rv.to_string()));
        }
        let path = with_query(
            &format!(
                "/api/v1/namespaces/{}/pods",
                crate::client::encode(&self.ns)
            ),
            &params,
        );
        self.ctx.watch_lines(&path).await
    }

    /// Opens a stream for each shown container of `pod` that runs (or ran) an attempt not
    /// followed yet. Pods listed at the start get the user's `--tail`/`--previous`; later ones
    /// are shown from their first line.
    fn consider(&mut self, pod: &Value, initial: bool) {
        let name = pod["metadata"]["name"].as_str().unwrap_or_default();
        let uid = pod["metadata"]["uid"].as_str().unwrap_or_default();
        let Ok(containers) = containers_of(pod, self.args, false) else {
            return;
        };
        for c in containers {
            let Some(status) = container_status(pod, &c) else {
                continue;
            };
            let state = &status["state"];
            if state.get("running").is_none() && state.get("terminated").is_none() {
                continue;
            }
            let attempt = status["restartCount"].as_i64().unwrap_or(0);
            let key = (name.to_string(), c.clone());
            if self
                .live
                .get(&key)
                .is_some_and(|l| l.uid == uid && l.attempt == attempt)
            {
                continue;
            }
            let mut query = self.query.clone();
            if !initial {
                query.tail = None;
                query.previous = false;
            }
            let path = query.path(&self.ns, name, &c);
            let (stop, stopped) = oneshot::channel::<()>();
            let until = async move {
                let _ = stopped.await;
                tokio::time::sleep(DRAIN).await;
            };
            let prefix: Rc<str> = Rc::from(prefix_for(name, &c, self.color));
            self.streams.push(
                open_lines(self.ctx.client.clone(), path)
                    .take_until(until)
                    .map(move |chunk| (prefix.clone(), chunk))
                    .boxed_local(),
            );
            // Replacing an older attempt's entry drops its stop handle: that stream ends.
            self.live.insert(
                key,
                Live {
                    uid: uid.to_string(),
                    attempt,
                    _stop: stop,
                },
            );
        }
    }

    /// Ends the streams of a pod that is gone (after [`DRAIN`]).
    fn forget(&mut self, pod: &str) {
        self.live.retain(|(p, _), _| p != pod);
    }
}

fn list_pods_sorted(mut list: Value) -> Vec<Value> {
    let mut pods = match list["items"].take() {
        Value::Array(items) => items,
        _ => Vec::new(),
    };
    pods.sort_by(|x, y| {
        x["metadata"]["name"]
            .as_str()
            .cmp(&y["metadata"]["name"].as_str())
    });
    pods
}

/// A container's status among the pod's init, regular and ephemeral container statuses.
pub fn container_status<'p>(pod: &'p Value, container: &str) -> Option<&'p Value> {
    [
        "initContainerStatuses",
        "containerStatuses",
        "ephemeralContainerStatuses",
    ]
    .iter()
    .flat_map(|k| pod["status"][*k].as_array().into_iter().flatten())
    .find(|s| s["name"] == container)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn container_statuses_are_found_among_init_and_regular_ones() {
        let pod = json!({"status": {
            "initContainerStatuses": [{"name": "setup", "restartCount": 0}],
            "containerStatuses": [{"name": "app", "restartCount": 2}]}});
        assert_eq!(container_status(&pod, "app").unwrap()["restartCount"], 2);
        assert_eq!(container_status(&pod, "setup").unwrap()["restartCount"], 0);
        assert!(container_status(&pod, "none").is_none());
    }

    #[test]
    fn listed_pods_come_sorted_by_name() {
        let list = json!({"items": [{"metadata": {"name": "b"}}, {"metadata": {"name": "a"}}]});
        let names: Vec<String> = list_pods_sorted(list)
            .iter()
            .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["a", "b"]);
    }
}
