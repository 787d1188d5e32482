//! Bearer tokens: service-account tokens as Kubernetes issues them — JWTs (ES256) from the
//! TokenRequest API (`serviceaccounts/<name>/token`, what `kubectl create token` calls), checked
//! on every request that carries `Authorization: Bearer …` and no client certificate.
//!
//! The signing key lives in `DATA_DIR/tls/sa.key` (PKCS#8, PEM) and is one of the cluster
//! secrets every API server on a shared store holds (secrets.rs). A token names its service
//! account by uid: deleting the account (or the object the token is bound to) revokes it.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _};
use rk_api::resources;
use rk_api::status::{ApiError, FieldError};
use rk_store::{AnyStore, Store};
use serde_json::{Value, json};

use crate::auth::Identity;
use crate::meta;

/// The issuer and default audience of rk's tokens (Kubernetes' default for in-cluster clients).
pub const ISSUER: &str = "https://kubernetes.default.svc.cluster.local";

/// File name of the signing key under `DATA_DIR/tls/`.
pub const KEY_FILE: &str = "sa.key";

/// Errors loading or making the signing key.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {detail}")]
    Key { path: std::path::PathBuf, detail: String },
    #[error("{0}")]
    Pki(#[from] crate::pki::Error),
}

/// Signs and verifies service-account tokens.
pub struct Signer {
    key: EcdsaKeyPair,
    kid: String,
}

impl Signer {
    /// Loads `DATA_DIR/tls/sa.key`, creating it on first start.
    pub fn load_or_create(data_dir: &Path) -> Result<Signer, Error> {
        let path = data_dir.join("tls").join(KEY_FILE);
        let bad = |detail: String| Error::Key { path: path.clone(), detail };
        let rng = SystemRandom::new();
        let der = match std::fs::read_to_string(&path) {
            Ok(pem) => {
                let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
                STANDARD.decode(body.trim()).map_err(|e| bad(e.to_string()))?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let doc = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
                    .map_err(|_| bad("cannot generate a P-256 key".into()))?;
                let b64 = STANDARD.encode(doc.as_ref());
                let lines: Vec<&str> = b64.as_bytes().chunks(64).filter_map(|c| std::str::from_utf8(c).ok()).collect();
                let pem = format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", lines.join("\n"));
                crate::pki::write_atomic(&path, pem.as_bytes(), true)?;
                doc.as_ref().to_vec()
            }
            Err(e) => return Err(bad(e.to_string())),
        };
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &der, &rng)
            .map_err(|e| bad(format!("not a P-256 PKCS#8 key: {e}")))?;
        let digest = ring::digest::digest(&ring::digest::SHA256, key.public_key().as_ref());
        let kid = URL_SAFE_NO_PAD.encode(&digest.as_ref()[..16]);
        Ok(Signer { key, kid })
    }

    fn sign(&self, claims: &Value) -> Result<String, ApiError> {
        let header = json!({"alg": "ES256", "kid": self.kid});
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let sig = self
            .key
            .sign(&SystemRandom::new(), signing_input.as_bytes())
            .map_err(|_| ApiError::internal("signing a token failed"))?;
        Ok(format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(sig.as_ref())))
    }

    /// The claims of a token this signer made, if its signature holds and it has not expired.
    fn verify(&self, token: &str, now: i64) -> Option<Value> {
        let mut parts = token.split('.');
        let (h, c, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).ok()?).ok()?;
        if header.get("alg").and_then(Value::as_str) != Some("ES256") {
            return None;
        }
        let sig = URL_SAFE_NO_PAD.decode(s).ok()?;
        let public = ring::signature::UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, self.key.public_key().as_ref());
        public.verify(format!("{h}.{c}").as_bytes(), &sig).ok()?;
        let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(c).ok()?).ok()?;
        let exp = claims.get("exp").and_then(Value::as_i64)?;
        let nbf = claims.get("nbf").and_then(Value::as_i64).unwrap_or(0);
        let audience_ok = claims.get("aud").and_then(Value::as_array).is_some_and(|a| a.iter().any(|x| x == ISSUER));
        (claims.get("iss").and_then(Value::as_str) == Some(ISSUER) && now < exp && now + 60 >= nbf && audience_ok)
            .then_some(claims)
    }
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

async fn get_object(store: &AnyStore, group: &str, plural: &str, namespace: &str, name: &str) -> Result<Option<Value>, ApiError> {
    let version = resources::preferred_version(group).unwrap_or("v1");
    let r = resources::find(group, version, plural).ok_or_else(|| ApiError::internal(format!("{plural} are not registered")))?;
    let (kv, _) = store.get(&meta::key(r, namespace, name)).await.map_err(|e| crate::registry::store_error(r, name, e))?;
    kv.map(|kv| crate::registry::decode(&kv)).transpose()
}

fn uid_of(obj: &Value) -> &str {
    meta::meta_str(obj, "uid").unwrap_or("")
}

/// `POST serviceaccounts/<name>/token`: a TokenRequest answered with a signed token.
pub async fn token_request(signer: &Signer, store: &AnyStore, namespace: &str, name: &str, body: Value) -> Result<Value, ApiError> {
    let sa = get_object(store, "", "serviceaccounts", namespace, name)
        .await?
        .ok_or_else(|| ApiError::not_found("", "serviceaccounts", name))?;
    let spec = body.get("spec").cloned().unwrap_or_else(|| json!({}));
    let expiration = spec.get("expirationSeconds").and_then(Value::as_i64).unwrap_or(3600);
    let mut errors = Vec::new();
    if expiration < 600 {
        errors.push(FieldError::invalid("spec.expirationSeconds", expiration, "may not specify a duration less than 10 minutes"));
    }
    if expiration > 1 << 32 {
        errors.push(FieldError::invalid("spec.expirationSeconds", expiration, "may not specify a duration larger than 2^32 seconds"));
    }
    let mut audiences: Vec<String> = spec
        .get("audiences")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    if audiences.is_empty() {
        audiences.push(ISSUER.to_string());
    }
    let mut k8s = json!({"namespace": namespace, "serviceaccount": {"name": name, "uid": uid_of(&sa)}});
    if let Some(bound) = spec.get("boundObjectRef").filter(|b| !b.is_null()) {
        let kind = bound.get("kind").and_then(Value::as_str).unwrap_or("");
        let bound_name = bound.get("name").and_then(Value::as_str).unwrap_or("");
        let plural = match kind {
            "Pod" => "pods",
            "Secret" => "secrets",
            "Node" => "nodes",
            other => {
                errors.push(FieldError::not_supported("spec.boundObjectRef.kind", other, &["Pod", "Secret", "Node"]));
                ""
            }
        };
        if !plural.is_empty() {
            let ns = if kind == "Node" { "" } else { namespace };
            let obj = get_object(store, "", plural, ns, bound_name).await?.ok_or_else(|| ApiError::not_found("", plural, bound_name))?;
            if let Some(want) = bound.get("uid").and_then(Value::as_str).filter(|u| !u.is_empty())
                && want != uid_of(&obj)
            {
                return Err(ApiError::conflict("", plural, bound_name, &format!("the UID in the bound object reference ({want}) does not match the UID in record. The object might have been deleted and then recreated")));
            }
            k8s[kind.to_lowercase()] = json!({"name": bound_name, "uid": uid_of(&obj)});
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid("authentication.k8s.io", "TokenRequest", name, errors));
    }
    let iat = now();
    let exp = iat + expiration;
    let claims = json!({
        "iss": ISSUER, "sub": format!("system:serviceaccount:{namespace}:{name}"), "aud": audiences,
        "iat": iat, "nbf": iat, "exp": exp, "jti": uuid_like(), "kubernetes.io": k8s,
    });
    let token = signer.sign(&claims)?;
    let mut answer = body;
    answer["apiVersion"] = json!("authentication.k8s.io/v1");
    answer["kind"] = json!("TokenRequest");
    if !answer.get("metadata").is_some_and(Value::is_object) {
        answer["metadata"] = json!({});
    }
    answer["metadata"]["name"] = json!(name);
    answer["metadata"]["namespace"] = json!(namespace);
    answer["metadata"]["creationTimestamp"] = Value::Null;
    answer["spec"] = spec;
    answer["spec"]["audiences"] = json!(audiences);
    answer["spec"]["expirationSeconds"] = json!(expiration);
    answer["status"] = json!({"token": token, "expirationTimestamp": meta::rfc3339(exp)});
    Ok(answer)
}

fn uuid_like() -> String {
    let b: [u8; 16] = rand::random();
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// The identity a bearer token stands for, or None when the token is not (or no longer) good:
/// bad signature, expired, wrong audience, or its service account (or bound object) gone.
pub async fn authenticate(signer: &Signer, store: &AnyStore, token: &str) -> Option<Identity> {
    let claims = signer.verify(token, now())?;
    let k8s = claims.get("kubernetes.io")?;
    let namespace = k8s.get("namespace")?.as_str()?;
    let name = k8s.pointer("/serviceaccount/name")?.as_str()?;
    let uid = k8s.pointer("/serviceaccount/uid")?.as_str()?;
    let sa = get_object(store, "", "serviceaccounts", namespace, name).await.ok()??;
    if uid_of(&sa) != uid {
        return None;
    }
    for (kind, plural, ns) in [("pod", "pods", namespace), ("secret", "secrets", namespace), ("node", "nodes", "")] {
        if let Some(bound) = k8s.get(kind) {
            let bound_name = bound.get("name")?.as_str()?;
            let obj = get_object(store, "", plural, ns, bound_name).await.ok()??;
            if Some(uid_of(&obj)) != bound.get("uid").and_then(Value::as_str) || obj.pointer("/metadata/deletionTimestamp").is_some() {
                return None;
            }
        }
    }
    Some(Identity {
        user: format!("system:serviceaccount:{namespace}:{name}"),
        groups: vec!["system:serviceaccounts".into(), format!("system:serviceaccounts:{namespace}")],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_token_verifies_until_it_expires_and_not_after_tampering() {
        let dir = tempfile::tempdir().unwrap();
        let signer = Signer::load_or_create(dir.path()).unwrap();
        let claims = json!({"iss": ISSUER, "aud": [ISSUER], "exp": 2_000, "nbf": 1_000, "sub": "x"});
        let token = signer.sign(&claims).unwrap();
        assert!(signer.verify(&token, 1_500).is_some());
        assert!(signer.verify(&token, 2_000).is_none(), "expired");
        let mut forged = token.clone();
        forged.replace_range(forged.len() - 3.., "AAA");
        assert!(signer.verify(&forged, 1_500).is_none());
        // The key is kept: a restart verifies the same token.
        let again = Signer::load_or_create(dir.path()).unwrap();
        assert!(again.verify(&token, 1_500).is_some());
        let other = Signer::load_or_create(tempfile::tempdir().unwrap().path()).unwrap();
        assert!(other.verify(&token, 1_500).is_none());
    }

    #[test]
    fn tokens_for_another_audience_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let signer = Signer::load_or_create(dir.path()).unwrap();
        let token = signer.sign(&json!({"iss": ISSUER, "aud": ["vault"], "exp": 2_000})).unwrap();
        assert!(signer.verify(&token, 1_500).is_none());
    }
}
