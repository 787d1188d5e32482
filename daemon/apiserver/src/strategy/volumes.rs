//! Pod volumes: the source defaults (`emptyDir: {}` for a volume without one, file modes,
//! token lifetimes) and `ValidateVolumes` / `validateVolumeSource`.

use std::collections::{BTreeMap, BTreeSet};

use rk_api::status::FieldError;
use serde_json::{Value, json};

use super::container::{self as ctr};
use super::fields::*;

/// Every volume source a Volume may hold, in the order Kubernetes checks them, with the
/// path segment it reports for a second source (upstream spells two of them differently).
const SOURCES: [(&str, &str); 30] = [
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
];

const FILE_MODE_MSG: &str = "must be a number between 0 and 0777 (octal), both inclusive";
/// 0644, Kubernetes' default mode for projected files.
const DEFAULT_MODE: i64 = 0o644;

/// `SetDefaults_Volume` and the source defaults generated below it.
pub fn default_volume(v: &mut Value) {
    let Some(m) = v.as_object_mut() else { return };
    if !SOURCES
        .iter()
        .any(|(k, _)| m.get(*k).is_some_and(|s| !s.is_null()))
    {
        m.insert("emptyDir".into(), json!({}));
    }
    for source in ["secret", "configMap", "downwardAPI", "projected"] {
        if let Some(s) = m.get_mut(source).filter(|s| s.is_object())
            && s.get("defaultMode").is_none_or(Value::is_null)
        {
            s["defaultMode"] = json!(DEFAULT_MODE);
        }
    }
    if let Some(h) = m.get_mut("hostPath").filter(|s| s.is_object())
        && h.get("type").is_none_or(Value::is_null)
    {
        h["type"] = json!("");
    }
    if let Some(size) = m.get_mut("emptyDir").and_then(|e| e.get_mut("sizeLimit")) {
        super::resources::canonicalize_quantity(size);
    }
    if let Some(items) = m
        .get_mut("downwardAPI")
        .and_then(|d| d.get_mut("items"))
        .and_then(Value::as_array_mut)
    {
        items.iter_mut().for_each(default_field_ref);
    }
    if let Some(sources) = m
        .get_mut("projected")
        .and_then(|p| p.get_mut("sources"))
        .and_then(Value::as_array_mut)
    {
        for s in sources {
            if let Some(token) = s.get_mut("serviceAccountToken").filter(|t| t.is_object())
                && token.get("expirationSeconds").is_none_or(Value::is_null)
            {
                token["expirationSeconds"] = json!(3600);
            }
            if let Some(items) = s
                .pointer_mut("/downwardAPI/items")
                .and_then(Value::as_array_mut)
            {
                items.iter_mut().for_each(default_field_ref);
            }
        }
    }
    if let Some(spec) = m
        .get_mut("ephemeral")
        .and_then(|e| e.pointer_mut("/volumeClaimTemplate/spec"))
    {
        super::core::default_pvc_spec(spec);
    }
}

fn default_field_ref(item: &mut Value) {
    if let Some(f) = item.get_mut("fieldRef").filter(|f| f.is_object()) {
        default_to(f, "apiVersion", json!("v1"));
    }
}

/// `ValidateVolumes`: the volumes that validated, by name, for the containers' mounts.
pub fn validate_volumes(
    volumes: &[Value],
    path: &str,
    errs: &mut Errors,
) -> BTreeMap<String, Value> {
    let mut valid = BTreeMap::new();
    for (i, v) in volumes.iter().enumerate() {
        let at = index(path, i);
        let name_path = child(&at, "name");
        let name = text(v, "name");
        let mut el = Vec::new();
        validate_source(v, &at, &mut el);
        if name.is_empty() {
            el.push(FieldError::required(&name_path, ""));
        } else {
            validate_dns1123_label(name, &name_path, &mut el);
        }
        if valid.contains_key(name) {
            el.push(FieldError::duplicate(&name_path, name));
        }
        if el.is_empty() {
            valid.insert(name.to_string(), v.clone());
        } else {
            errs.extend(el);
        }
    }
    valid
}

/// `validateVolumeSource`: exactly one source, each valid.
fn validate_source(v: &Value, path: &str, errs: &mut Errors) {
    let mut count = 0;
    for (source, segment) in SOURCES {
        let Some(s) = get(v, source) else { continue };
        if count > 0 {
            errs.push(FieldError::forbidden(
                child(path, segment),
                "may not specify more than 1 volume type",
            ));
            continue;
        }
        count += 1;
        let sp = child(path, source);
        match source {
            "emptyDir" => {
                if let Some(Ok(q)) = s
                    .get("sizeLimit")
                    .and_then(super::quantity::Quantity::from_json)
                    && q.is_negative()
                {
                    errs.push(FieldError::forbidden(
                        child(&sp, "sizeLimit"),
                        "SizeLimit field must be a valid resource quantity",
                    ));
                }
            }
            "hostPath" => validate_host_path(s, &sp, errs),
            "secret" => {
                required(s, "secretName", &sp, errs);
                validate_items(s, &sp, errs);
            }
            "configMap" => {
                required(s, "name", &sp, errs);
                validate_items(s, &sp, errs);
            }
            "persistentVolumeClaim" => required(s, "claimName", &sp, errs),
            "nfs" => {
                required(s, "server", &sp, errs);
                required(s, "path", &sp, errs);
                if !text(s, "path").starts_with('/') {
                    errs.push(FieldError::invalid(
                        child(&sp, "path"),
                        text(s, "path"),
                        "must be an absolute path",
                    ));
                }
            }
            "downwardAPI" => {
                validate_mode(s, "defaultMode", &sp, errs);
                for item in list(s, "items") {
                    validate_downward_file(item, &sp, errs);
                }
            }
            "projected" => validate_projected(s, &sp, errs),
            "csi" => required(s, "driver", &sp, errs),
            "gitRepo" => {
                required(s, "repository", &sp, errs);
                ctr::validate_local_descending_path(
                    text(s, "directory"),
                    &child(&sp, "directory"),
                    errs,
                );
            }
            "iscsi" => {
                required(s, "targetPortal", &sp, errs);
                required(s, "iqn", &sp, errs);
            }
            "ephemeral" if get(s, "volumeClaimTemplate").is_none() => {
                errs.push(FieldError::required(child(&sp, "volumeClaimTemplate"), ""));
            }
            "image" if text(s, "reference").is_empty() => {
                errs.push(FieldError::required(child(&sp, "reference"), ""))
            }
            _ => {}
        }
    }
    if count == 0 {
        errs.push(FieldError::required(path, "must specify a volume type"));
    }
}

fn required(s: &Value, field: &str, path: &str, errs: &mut Errors) {
    if text(s, field).is_empty() {
        errs.push(FieldError::required(child(path, field), ""));
    }
}

fn validate_host_path(s: &Value, path: &str, errs: &mut Errors) {
    let p = text(s, "path");
    if p.is_empty() {
        errs.push(FieldError::required(child(path, "path"), ""));
        return;
    }
    ctr::validate_no_backsteps(p, &child(path, "path"), errs);
    if let Some(t) = s.get("type").and_then(Value::as_str) {
        const TYPES: [&str; 8] = [
            "",
            "BlockDevice",
            "CharDevice",
            "Directory",
            "DirectoryOrCreate",
            "File",
            "FileOrCreate",
            "Socket",
        ];
        if !TYPES.contains(&t) {
            errs.push(FieldError::not_supported(child(path, "type"), t, &TYPES));
        }
    }
}

fn validate_mode(s: &Value, field: &str, path: &str, errs: &mut Errors) {
    if let Some(mode) = int(s, field).filter(|m| !(0..=0o777).contains(m)) {
        errs.push(FieldError::invalid(child(path, field), mode, FILE_MODE_MSG));
    }
}

/// Secret and ConfigMap sources: default mode and `items` (`validateKeyToPath`).
fn validate_items(s: &Value, path: &str, errs: &mut Errors) {
    validate_mode(s, "defaultMode", path, errs);
    for (i, item) in list(s, "items").iter().enumerate() {
        validate_key_to_path(item, &index(&child(path, "items"), i), errs);
    }
}

fn validate_key_to_path(item: &Value, path: &str, errs: &mut Errors) {
    required(item, "key", path, errs);
    required(item, "path", path, errs);
    validate_local_non_reserved_path(text(item, "path"), &child(path, "path"), errs);
    validate_mode(item, "mode", path, errs);
}

fn validate_local_non_reserved_path(p: &str, path: &str, errs: &mut Errors) {
    ctr::validate_local_descending_path(p, path, errs);
    if p.starts_with("..") && !p.starts_with("../") {
        errs.push(FieldError::invalid(path, p, "must not start with '..'"));
    }
}

const VOLUME_FIELD_PATHS: [&str; 5] = [
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
];

fn validate_downward_file(item: &Value, path: &str, errs: &mut Errors) {
    required(item, "path", path, errs);
    validate_local_non_reserved_path(text(item, "path"), &child(path, "path"), errs);
    match (get(item, "fieldRef"), get(item, "resourceFieldRef")) {
        (Some(f), other) => {
            ctr::validate_object_field_selector(
                f,
                &VOLUME_FIELD_PATHS,
                &child(path, "fieldRef"),
                errs,
            );
            if other.is_some() {
                errs.push(FieldError::invalid(
                    path,
                    "resource",
                    "fieldRef and resourceFieldRef can not be specified simultaneously",
                ));
            }
        }
        (None, Some(r)) => {
            ctr::validate_resource_field_selector(r, true, &child(path, "resourceFieldRef"), errs)
        }
        (None, None) => errs.push(FieldError::required(
            path,
            "one of fieldRef and resourceFieldRef is required",
        )),
    }
    validate_mode(item, "mode", path, errs);
}

fn validate_projected(s: &Value, path: &str, errs: &mut Errors) {
    validate_mode(s, "defaultMode", path, errs);
    let mut paths = BTreeSet::new();
    for (i, src) in list(s, "sources").iter().enumerate() {
        let sp = index(&child(path, "sources"), i);
        let mut count = 0;
        for kind in ["secret", "configMap"] {
            let Some(k) = get(src, kind) else { continue };
            count += 1;
            let kp = child(&sp, kind);
            required(k, "name", &kp, errs);
            for (j, item) in list(k, "items").iter().enumerate() {
                validate_key_to_path(item, &index(&child(&kp, "items"), j), errs);
                let p = text(item, "path");
                if !p.is_empty() && !paths.insert(p.to_string()) {
                    errs.push(FieldError::invalid(
                        path,
                        text(k, "name"),
                        "conflicting duplicate paths",
                    ));
                }
            }
        }
        if let Some(d) = get(src, "downwardAPI") {
            count += 1;
            for item in list(d, "items") {
                validate_downward_file(item, &child(&sp, "downwardAPI"), errs);
            }
        }
        if let Some(t) = get(src, "serviceAccountToken") {
            count += 1;
            let tp = child(&sp, "serviceAccountToken");
            if let Some(e) = int(t, "expirationSeconds") {
                if e < 600 {
                    errs.push(FieldError::invalid(
                        child(&tp, "expirationSeconds"),
                        e,
                        "may not specify a duration less than 10 minutes",
                    ));
                } else if e > 1 << 32 {
                    errs.push(FieldError::invalid(
                        child(&tp, "expirationSeconds"),
                        e,
                        "may not specify a duration larger than 2^32 seconds",
                    ));
                }
            }
            required(t, "path", &tp, errs);
        }
        if get(src, "clusterTrustBundle").is_some() {
            count += 1;
        }
        if count > 1 {
            errs.push(FieldError::forbidden(
                &sp,
                "may not specify more than 1 volume type per source",
            ));
        }
    }
}
