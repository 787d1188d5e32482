//! The connection a command uses: the kubeconfig and flags resolved once, a kube `Client`
//! built on first use, and raw JSON requests with the Accept headers kubectl sends.

use http::{Method, Request};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::kubeconfig::{self, GlobalFlags};

/// `Accept` for server-side printed tables (what `kubectl get` sends).
pub const ACCEPT_TABLE: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

/// One command's view of the cluster.
pub struct Ctx {
    pub flags: GlobalFlags,
    pub client: kube::Client,
    pub config: kube::Config,
    /// The namespace `-n` or the context names (`default` otherwise).
    pub namespace: String,
}

impl Ctx {
    /// Reads the kubeconfig and builds the client (no request is sent yet).
    pub async fn connect(flags: &GlobalFlags) -> Result<Ctx> {
        let kc = kubeconfig::load(flags)?;
        let namespace = kubeconfig::context_namespace(flags, &kc);
        let config = kubeconfig::client_config(flags, kc).await?;
        let client = kube::Client::try_from(config.clone()).map_err(Error::Transport)?;
        Ok(Ctx {
            flags: flags.clone(),
            client,
            config,
            namespace,
        })
    }

    /// `host:port` of the API server, as kubectl names its cache folder.
    pub fn host_port(&self) -> String {
        let uri = &self.config.cluster_url;
        let host = uri.host().unwrap_or("localhost");
        match uri.port_u16() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_string(),
        }
    }

    /// Sends one request and returns the body as text.
    pub async fn send_text(
        &self,
        method: Method,
        path_and_query: &str,
        accept: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> Result<String> {
        let mut builder = Request::builder()
            .method(method)
            .uri(path_and_query)
            .header(http::header::ACCEPT, accept);
        let bytes = match body {
            Some((content_type, bytes)) => {
                builder = builder.header(http::header::CONTENT_TYPE, content_type);
                bytes
            }
            None => Vec::new(),
        };
        let request = builder
            .body(bytes)
            .map_err(|e| Error::Usage(format!("invalid request {path_and_query}: {e}")))?;
        self.client.request_text(request).await.map_err(Error::from)
    }

    /// GET as JSON.
    pub async fn get_json(&self, path_and_query: &str, accept: &str) -> Result<Value> {
        let text = self
            .send_text(Method::GET, path_and_query, accept, None)
            .await?;
        serde_json::from_str(&text).map_err(|e| Error::Decode(e.to_string()))
    }

    /// Any verb with a JSON (or patch) body, answering JSON.
    pub async fn send_json(
        &self,
        method: Method,
        path_and_query: &str,
        content_type: &str,
        body: &Value,
    ) -> Result<Value> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Decode(e.to_string()))?;
        let text = self
            .send_text(
                method,
                path_and_query,
                "application/json",
                Some((content_type, bytes)),
            )
            .await?;
        if text.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| Error::Decode(e.to_string()))
    }
}

/// A watch's event lines (`{"type":…,"object":…}` each).
pub type WatchLines = futures::stream::LocalBoxStream<'static, std::io::Result<String>>;

impl Ctx {
    /// Opens a watch (`path_and_query` carries `watch=true` and its options) and yields its
    /// event lines as they arrive.
    pub async fn watch_lines(&self, path_and_query: &str) -> Result<WatchLines> {
        use futures::{AsyncBufReadExt, StreamExt};
        let request = Request::builder()
            .uri(path_and_query)
            .header(http::header::ACCEPT, "application/json")
            .body(Vec::new())
            .map_err(|e| Error::Usage(format!("invalid request {path_and_query}: {e}")))?;
        let reader = self.client.request_stream(request).await?;
        Ok(Box::pin(reader).lines().boxed_local())
    }
}

/// Appends `key=value` query parameters (URL-encoded) to a path.
pub fn with_query(path: &str, params: &[(&str, String)]) -> String {
    let mut out = path.to_string();
    let mut first = !path.contains('?');
    for (k, v) in params {
        out.push(if first { '?' } else { '&' });
        first = false;
        out.push_str(k);
        out.push('=');
        out.push_str(&encode(v));
    }
    out
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            with_query("/api/v1/pods", &[("labelSelector", "app in (a,b)".into())]),
            "/api/v1/pods?labelSelector=app%20in%20%28a%2Cb%29"
        );
        assert_eq!(
            with_query("/x?limit=1", &[("a", "b".into())]),
            "/x?limit=1&a=b"
        );
    }
}
