//! The pages of a `get` table list (`limit` = `--chunk-size`, then `continue`), fetched with
//! one page in flight while the previous one is decoded, and decoded lean: of each row only
//! the cells and the object's name, namespace and labels are kept (the rows' `managedFields`
//! and the rest of their metadata are skipped by the decoder, never built). The merged table
//! is what `get` prints; kubectl aligns the columns over every page, so rkctl does too.

use futures::{StreamExt, TryStreamExt};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::client::{ACCEPT_TABLE, Ctx, with_query};
use crate::commands::get::{GetArgs, Request, list_params};
use crate::error::{Error, Result};

#[derive(Deserialize)]
struct Page {
    #[serde(default, rename = "columnDefinitions")]
    columns: Vec<Value>,
    #[serde(default)]
    rows: Vec<Row>,
    #[serde(default)]
    metadata: PageMeta,
}

#[derive(Deserialize, Default)]
struct PageMeta {
    #[serde(default, rename = "continue")]
    cont: Option<String>,
    #[serde(default, rename = "resourceVersion")]
    rv: Option<String>,
}

#[derive(Deserialize)]
struct Row {
    #[serde(default)]
    cells: Vec<Value>,
    #[serde(default)]
    object: RowObject,
}

#[derive(Deserialize, Default)]
struct RowObject {
    #[serde(default)]
    metadata: RowMeta,
}

#[derive(Deserialize, Default)]
struct RowMeta {
    name: Option<String>,
    namespace: Option<String>,
    labels: Option<Map<String, Value>>,
}

impl Row {
    /// The row as `get`'s printer reads it: `cells` and `object.metadata` (name, namespace,
    /// labels).
    fn into_value(self) -> Value {
        let mut meta = Map::new();
        if let Some(n) = self.object.metadata.name {
            meta.insert("name".into(), Value::String(n));
        }
        if let Some(n) = self.object.metadata.namespace {
            meta.insert("namespace".into(), Value::String(n));
        }
        if let Some(l) = self.object.metadata.labels {
            meta.insert("labels".into(), Value::Object(l));
        }
        json!({"cells": self.cells, "object": {"metadata": meta}})
    }
}

/// The `continue` token of a page, read from its head (the list metadata precedes the rows
/// in the server's output) without decoding the page; `None` when it is not found there.
pub fn continue_in_head(text: &str) -> Option<String> {
    let end = text.find("\"rows\"").unwrap_or(text.len().min(64 * 1024));
    let head = text.get(..end)?;
    let start = head.find("\"continue\":\"")? + "\"continue\":\"".len();
    let rest = &head[start..];
    let token = &rest[..rest.find('"')?];
    (!token.contains('\\')).then(|| token.to_string())
}

type Fetch = tokio::task::JoinHandle<std::result::Result<String, kube::Error>>;

fn request(ctx: &Ctx, path: String) -> Result<Fetch> {
    let request = http::Request::builder()
        .uri(path)
        .header(http::header::ACCEPT, ACCEPT_TABLE)
        .body(Vec::new())
        .map_err(|e| Error::Usage(e.to_string()))?;
    let client = ctx.client.clone();
    Ok(tokio::spawn(
        async move { client.request_text(request).await },
    ))
}

async fn finish(fetch: Fetch) -> Result<String> {
    match fetch.await {
        Ok(r) => r.map_err(Error::from),
        Err(e) => Err(Error::Usage(format!("fetching a page: {e}"))),
    }
}

/// Every page of one type's table list, merged into one table (columns, light rows, the
/// list's resourceVersion). Across all namespaces (`-A` without `-w`), the namespaces are
/// listed first and fetched a few at a time, so the server renders pages of several at once;
/// rows come out in the same order (namespace, then name). When the namespaces cannot be
/// listed, or there are more than [`MAX_SPLIT_NAMESPACES`], one list over all namespaces is
/// fetched instead.
pub async fn fetch_table(
    ctx: &Ctx,
    req: &Request,
    namespace: Option<&str>,
    args: &GetArgs,
) -> Result<Value> {
    if namespace.is_none() && req.resource.namespaced && !args.watch && !args.watch_only {
        let names = match ctx.get_json("/api/v1/namespaces", "application/json").await {
            Ok(list) => list["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|n| n["metadata"]["name"].as_str().map(str::to_string))
                .collect::<Vec<_>>(),
            Err(_) => Vec::new(),
        };
        if names.len() > 1 && names.len() <= MAX_SPLIT_NAMESPACES {
            let mut names = names;
            names.sort();
            let tables: Vec<Value> = futures::stream::iter(names.iter())
                .map(|ns| fetch_one(ctx, req, Some(ns.as_str()), args))
                .buffered(PARALLEL_NAMESPACES)
                .try_collect()
                .await?;
            let mut merged =
                json!({"columnDefinitions": [], "rows": [], "metadata": {"resourceVersion": ""}});
            let mut rows = Vec::new();
            for mut t in tables {
                if merged["columnDefinitions"]
                    .as_array()
                    .is_none_or(Vec::is_empty)
                {
                    merged["columnDefinitions"] = t["columnDefinitions"].take();
                }
                if let Value::Array(r) = t["rows"].take() {
                    rows.extend(r);
                }
            }
            merged["rows"] = Value::Array(rows);
            return Ok(merged);
        }
    }
    fetch_one(ctx, req, namespace, args).await
}

/// How many namespaces `-A` fetches at once.
const PARALLEL_NAMESPACES: usize = 3;

/// Beyond this many namespaces, `-A` is one list over all of them (a request per namespace
/// would cost more than the server's rendering saves).
const MAX_SPLIT_NAMESPACES: usize = 64;

async fn fetch_one(
    ctx: &Ctx,
    req: &Request,
    namespace: Option<&str>,
    args: &GetArgs,
) -> Result<Value> {
    let base = req.resource.collection_path(namespace);
    let page_path = |cont: &str| {
        let mut params = list_params(args, true);
        if !cont.is_empty() {
            params.push(("continue", cont.to_string()));
        }
        with_query(&base, &params)
    };
    let mut columns = Vec::new();
    let mut rows = Vec::new();
    let mut rv = String::new();
    let mut next = Some((String::new(), request(ctx, page_path(""))?));
    while let Some((_, fetch)) = next.take() {
        let text = finish(fetch).await?;
        // Ask for the next page before decoding this one: the server renders it meanwhile.
        if let Some(token) = continue_in_head(&text).filter(|t| !t.is_empty()) {
            let path = page_path(&token);
            next = Some((token, request(ctx, path)?));
            tokio::task::yield_now().await;
        }
        let page: Page =
            match tokio::task::spawn_blocking(move || serde_json::from_str(&text)).await {
                Ok(r) => r.map_err(|e| Error::Decode(e.to_string()))?,
                Err(e) => return Err(Error::Usage(format!("decoding a page: {e}"))),
            };
        let token = page.metadata.cont.unwrap_or_default();
        if next.as_ref().map(|(t, _)| t.as_str()) != Some(token.as_str()) {
            // The head held no (or another) token: follow the decoded one.
            if let Some((_, stale)) = next.take() {
                stale.abort();
            }
            if !token.is_empty() {
                next = Some((token.clone(), request(ctx, page_path(&token))?));
            }
        }
        if columns.is_empty() {
            columns = page.columns;
        }
        if let Some(v) = page.metadata.rv {
            rv = v;
        }
        rows.extend(page.rows.into_iter().map(Row::into_value));
    }
    Ok(json!({
        "columnDefinitions": columns,
        "rows": rows,
        "metadata": {"resourceVersion": rv},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_continue_token_is_read_from_the_head_before_the_rows() {
        let page = r#"{"apiVersion":"meta.k8s.io/v1","columnDefinitions":[{"name":"Name","description":"say \"continue\":\"x\""}],"kind":"Table","metadata":{"continue":"eyJydiI6NTQx","resourceVersion":"541"},"rows":[{"cells":["a"],"object":{"metadata":{"labels":{"continue":"no"}}}}]}"#;
        assert_eq!(continue_in_head(page).as_deref(), Some("eyJydiI6NTQx"));
        let last = r#"{"kind":"Table","metadata":{"resourceVersion":"541"},"rows":[{"cells":[],"object":{"metadata":{"annotations":{"continue":"no"}}}}]}"#;
        assert_eq!(continue_in_head(last), None);
    }

    #[test]
    fn rows_keep_cells_and_name_namespace_labels_only() {
        let page: Page = serde_json::from_str(r#"{"rows":[{"cells":["web",1,null],"object":{"metadata":{"name":"web","namespace":"default","labels":{"app":"web"},"managedFields":[{"manager":"x"}],"uid":"u"}}}]}"#).unwrap();
        let row = page.rows.into_iter().next().unwrap().into_value();
        assert_eq!(
            row,
            json!({"cells": ["web", 1, null], "object": {"metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}}}})
        );
    }
}
