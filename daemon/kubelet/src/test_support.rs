//! A fake API for unit tests: objects served by path, writes recorded.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;

use crate::client;
use crate::worker::PodApi;

#[derive(Default)]
pub struct FakeApi {
    pub objects: Mutex<HashMap<String, Value>>,
    /// (method, path, body) of every write.
    pub writes: Mutex<Vec<(String, String, Value)>>,
}

impl FakeApi {
    pub fn put(&self, path: &str, v: Value) {
        self.objects.lock().unwrap().insert(path.to_string(), v);
    }
    pub fn writes_to(&self, prefix: &str) -> Vec<(String, Value)> {
        self.writes
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, p, _)| p.starts_with(prefix))
            .map(|(m, _, b)| (m.clone(), b.clone()))
            .collect()
    }
}

impl PodApi for FakeApi {
    async fn patch_status(
        &self,
        ns: &str,
        name: &str,
        status: &Value,
    ) -> Result<(), client::Error> {
        let path = format!("/api/v1/namespaces/{ns}/pods/{name}/status");
        self.writes
            .lock()
            .unwrap()
            .push(("PATCH".into(), path, status.clone()));
        Ok(())
    }
    async fn delete_pod(&self, ns: &str, name: &str, _uid: &str) -> Result<(), client::Error> {
        let path = format!("/api/v1/namespaces/{ns}/pods/{name}");
        self.writes
            .lock()
            .unwrap()
            .push(("DELETE".into(), path, Value::Null));
        Ok(())
    }
    async fn get_object(&self, path: &str) -> Result<Value, client::Error> {
        self.objects
            .lock()
            .unwrap()
            .get(path)
            .cloned()
            .ok_or_else(|| client::Error::Status {
                request: format!("GET {path}"),
                code: 404,
                reason: "NotFound".into(),
                message: "not found".into(),
            })
    }
    async fn create_object(&self, path: &str, body: &Value) -> Result<Value, client::Error> {
        self.writes
            .lock()
            .unwrap()
            .push(("POST".into(), path.to_string(), body.clone()));
        let mut answer = body.clone();
        if path.ends_with("/token") {
            answer["status"] = serde_json::json!({"token": "tok-1", "expirationTimestamp": "2030-01-01T00:00:00Z"});
        }
        Ok(answer)
    }
    async fn patch_object(&self, path: &str, body: &Value) -> Result<Value, client::Error> {
        self.writes
            .lock()
            .unwrap()
            .push(("PATCH".into(), path.to_string(), body.clone()));
        Ok(body.clone())
    }
}
