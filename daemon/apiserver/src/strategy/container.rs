//! Containers of a PodSpec (regular, init and ephemeral): Kubernetes' container defaults
//! (`SetDefaults_Container`, ports, probes, handlers, resource lists) and
//! `validateContainerCommon` with what it calls — ports, env, envFrom, volume mounts, pull
//! policy, resources, probes, lifecycle handlers and security context.

use std::collections::{BTreeMap, BTreeSet};

use rk_api::status::FieldError;
use serde_json::{Value, json};

use super::fields::*;
use super::quantity::Quantity;
use super::resources::{canonicalize_resource_list, validate_resize_policy, validate_resources};
use super::security::validate_security_context;

// ---- defaults ------------------------------------------------------------------------------

/// `SetDefaults_Container` and the generated defaults below a container.
pub fn default_container(c: &mut Value) {
    if text(c, "imagePullPolicy").is_empty() {
        let policy = if image_tag(text(c, "image")) == "latest" {
            "Always"
        } else {
            "IfNotPresent"
        };
        default_to(c, "imagePullPolicy", json!(policy));
    }
    default_to(c, "terminationMessagePath", json!("/dev/termination-log"));
    default_to(c, "terminationMessagePolicy", json!("File"));
    for port in each_mut(c, "ports") {
        default_to(port, "protocol", json!("TCP"));
    }
    for env in each_mut(c, "env") {
        if let Some(field_ref) = env.pointer_mut("/valueFrom/fieldRef") {
            default_to(field_ref, "apiVersion", json!("v1"));
        }
    }
    // A Go struct, not a pointer: always serialized, `{}` when empty.
    if let Some(resources) = object_mut(c, "resources") {
        for list in ["limits", "requests"] {
            if let Some(l) = resources.get_mut(list) {
                canonicalize_resource_list(l);
            }
        }
    }
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(p) = c.get_mut(probe).filter(|p| p.is_object()) {
            default_probe(p);
        }
    }
    for hook in ["postStart", "preStop"] {
        if let Some(h) = c.pointer_mut(&format!("/lifecycle/{hook}/httpGet")) {
            default_http_get(h);
        }
    }
}

fn default_probe(p: &mut Value) {
    for (field, value) in [
        ("timeoutSeconds", 1),
        ("periodSeconds", 10),
        ("successThreshold", 1),
        ("failureThreshold", 3),
    ] {
        if int(p, field).unwrap_or(0) == 0
            && let Some(m) = p.as_object_mut()
        {
            m.insert(field.into(), json!(value));
        }
    }
    if let Some(h) = p.get_mut("httpGet") {
        default_http_get(h);
    }
    if let Some(g) = p.get_mut("grpc").filter(|g| g.is_object())
        && g.get("service").is_none_or(Value::is_null)
    {
        g["service"] = json!("");
    }
}

fn default_http_get(h: &mut Value) {
    default_to(h, "path", json!("/"));
    default_to(h, "scheme", json!("HTTP"));
}

/// The tag `ParseImageName` sees: `latest` when neither tag nor digest is given, `""` for a
/// digest alone or a reference that does not parse.
pub fn image_tag(image: &str) -> &str {
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last = name.rsplit('/').next().unwrap_or("");
    let (repo_last, tag) = match last.split_once(':') {
        Some((r, t)) => (r, Some(t)),
        None => (last, None),
    };
    let path = name.split_once('/').map_or(name, |(first, rest)| {
        // The first component is a registry host when it looks like one.
        if first.contains('.') || first.contains(':') || first == "localhost" {
            rest
        } else {
            name
        }
    });
    let path = path
        .strip_suffix(tag.map(|t| format!(":{t}")).as_deref().unwrap_or(""))
        .unwrap_or(path);
    let valid = !repo_last.is_empty()
        && !image.chars().any(char::is_whitespace)
        && path.split('/').all(|c| {
            !c.is_empty()
                && c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        })
        && tag.is_none_or(|t| {
            !t.is_empty()
                && t.len() <= 128
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
        })
        && digest.is_none_or(|d| d.contains(':'));
    match (valid, tag, digest) {
        (false, _, _) => "",
        (true, Some(t), _) => t,
        (true, None, Some(_)) => "",
        (true, None, None) => "latest",
    }
}

// ---- validation ----------------------------------------------------------------------------

/// What container validation needs from the pod around it.
pub struct PodInfo<'a> {
    /// Volume names that validated, with their sources.
    pub volumes: &'a BTreeMap<String, Value>,
    pub restart_policy: &'a str,
    pub grace_period: Option<i64>,
    pub host_users: bool,
}

/// `validateContainerCommon`: the rules every kind of container shares.
pub fn validate_common(c: &Value, pod: &PodInfo<'_>, path: &str, errs: &mut Errors) {
    let name_path = child(path, "name");
    match text(c, "name") {
        "" => errs.push(FieldError::required(&name_path, "")),
        name => validate_dns1123_label(name, &name_path, errs),
    }
    if text(c, "image").is_empty() {
        errs.push(FieldError::required(child(path, "image"), ""));
    }
    match text(c, "terminationMessagePolicy") {
        "File" | "FallbackToLogsOnError" => {}
        "" => errs.push(FieldError::required(
            child(path, "terminationMessagePolicy"),
            "",
        )),
        other => errs.push(FieldError::not_supported(
            child(path, "terminationMessagePolicy"),
            other,
            &["File", "FallbackToLogsOnError"],
        )),
    }
    validate_ports(list(c, "ports"), &child(path, "ports"), errs);
    validate_env(list(c, "env"), &child(path, "env"), errs);
    validate_env_from(list(c, "envFrom"), &child(path, "envFrom"), errs);
    validate_volume_mounts(c, pod.volumes, &child(path, "volumeMounts"), errs);
    validate_volume_devices(c, pod.volumes, &child(path, "volumeDevices"), errs);
    match text(c, "imagePullPolicy") {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => errs.push(FieldError::required(child(path, "imagePullPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            child(path, "imagePullPolicy"),
            other,
            &["Always", "IfNotPresent", "Never"],
        )),
    }
    validate_resources(c.get("resources"), &child(path, "resources"), errs);
    validate_resize_policy(
        list(c, "resizePolicy"),
        &child(path, "resizePolicy"),
        pod.restart_policy,
        errs,
    );
    validate_security_context(
        c.get("securityContext"),
        &child(path, "securityContext"),
        pod.host_users,
        errs,
    );
}

fn validate_ports(ports: &[Value], path: &str, errs: &mut Errors) {
    let mut names = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let at = index(path, i);
        let name = text(p, "name");
        if !name.is_empty() {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                invalid_each(&child(&at, "name"), name, msgs, errs);
            } else if !names.insert(name) {
                errs.push(FieldError::duplicate(child(&at, "name"), name));
            }
        }
        match int(p, "containerPort").unwrap_or(0) {
            0 => errs.push(FieldError::required(child(&at, "containerPort"), "")),
            n => errs.extend(
                is_valid_port_num(n)
                    .into_iter()
                    .map(|m| FieldError::invalid(child(&at, "containerPort"), n, m)),
            ),
        }
        let host = int(p, "hostPort").unwrap_or(0);
        if host != 0 {
            errs.extend(
                is_valid_port_num(host)
                    .into_iter()
                    .map(|m| FieldError::invalid(child(&at, "hostPort"), host, m)),
            );
        }
        validate_protocol(text(p, "protocol"), &child(&at, "protocol"), errs);
    }
}

pub fn validate_protocol(protocol: &str, path: &str, errs: &mut Errors) {
    match protocol {
        "TCP" | "UDP" | "SCTP" => {}
        "" => errs.push(FieldError::required(path, "")),
        other => errs.push(FieldError::not_supported(
            path,
            other,
            &["SCTP", "TCP", "UDP"],
        )),
    }
}

/// `AccumulateUniqueHostPorts`: `protocol/hostIP/hostPort` may appear once.
pub fn check_host_ports(
    containers: &[&Value],
    paths: &[String],
    seen: &mut BTreeSet<String>,
    errs: &mut Errors,
) {
    for (c, path) in containers.iter().zip(paths) {
        for (i, p) in list(c, "ports").iter().enumerate() {
            let host = int(p, "hostPort").unwrap_or(0);
            if host == 0 {
                continue;
            }
            let key = format!("{}/{}/{host}", text(p, "protocol"), text(p, "hostIP"));
            if !seen.insert(key.clone()) {
                errs.push(FieldError::duplicate(
                    child(&index(&child(path, "ports"), i), "hostPort"),
                    key,
                ));
            }
        }
    }
}

const ENV_FIELD_PATHS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// The field paths the downward API knows at all (`ConvertDownwardAPIFieldLabel` for v1).
const KNOWN_FIELD_PATHS: [&str; 14] = [
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.serviceAccountName",
    "spec.schedulerName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

const RESOURCE_FIELD_PATHS: [&str; 6] = [
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

fn validate_env(env: &[Value], path: &str, errs: &mut Errors) {
    for (i, e) in env.iter().enumerate() {
        let at = index(path, i);
        match text(e, "name") {
            "" => errs.push(FieldError::required(child(&at, "name"), "")),
            name => invalid_each(&child(&at, "name"), name, is_env_var_name(name), errs),
        }
        let Some(from) = get(e, "valueFrom") else {
            continue;
        };
        let from_path = child(&at, "valueFrom");
        let mut sources = 0;
        if let Some(f) = get(from, "fieldRef") {
            sources += 1;
            validate_object_field_selector(
                f,
                &ENV_FIELD_PATHS,
                &child(&from_path, "fieldRef"),
                errs,
            );
        }
        if let Some(r) = get(from, "resourceFieldRef") {
            sources += 1;
            validate_resource_field_selector(
                r,
                false,
                &child(&from_path, "resourceFieldRef"),
                errs,
            );
        }
        for source in ["configMapKeyRef", "secretKeyRef"] {
            if let Some(s) = get(from, source) {
                sources += 1;
                let sp = child(&from_path, source);
                invalid_each(
                    &child(&sp, "name"),
                    text(s, "name"),
                    is_dns1123_subdomain(text(s, "name")),
                    errs,
                );
                match text(s, "key") {
                    "" => errs.push(FieldError::required(child(&sp, "key"), "")),
                    k => invalid_each(&child(&sp, "key"), k, is_config_map_key(k), errs),
                }
            }
        }
        if sources == 0 {
            errs.push(FieldError::invalid(&from_path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        } else if !text(e, "value").is_empty() {
            errs.push(FieldError::invalid(
                &from_path,
                "",
                "may not be specified when `value` is not empty",
            ));
        } else if sources > 1 {
            errs.push(FieldError::invalid(
                &from_path,
                "",
                "may not have more than one field specified at a time",
            ));
        }
    }
}

/// `validateObjectFieldSelector`: a downward-API field path the kind of consumer supports.
pub fn validate_object_field_selector(f: &Value, allowed: &[&str], path: &str, errs: &mut Errors) {
    if text(f, "apiVersion").is_empty() {
        errs.push(FieldError::required(child(path, "apiVersion"), ""));
        return;
    }
    let field_path = text(f, "fieldPath");
    if field_path.is_empty() {
        errs.push(FieldError::required(child(path, "fieldPath"), ""));
        return;
    }
    let (base, subscript) = match field_path.split_once('[') {
        Some((b, rest)) => (b, rest.strip_suffix(']').map(|s| s.trim_matches('\''))),
        None => (field_path, None),
    };
    if !KNOWN_FIELD_PATHS.contains(&base)
        || (subscript.is_some() && !matches!(base, "metadata.labels" | "metadata.annotations"))
    {
        errs.push(FieldError::invalid(
            child(path, "fieldPath"),
            field_path,
            format!("error converting fieldPath: field label not supported: {field_path}"),
        ));
        return;
    }
    match (base, subscript) {
        ("metadata.annotations", Some(k)) => validate_qualified_name(&k.to_lowercase(), path, errs),
        ("metadata.labels", Some(k)) => validate_qualified_name(k, path, errs),
        _ if !allowed.contains(&base) => {
            let mut supported = allowed.to_vec();
            supported.sort_unstable();
            errs.push(FieldError::not_supported(
                child(path, "fieldPath"),
                base,
                &supported,
            ));
        }
        _ => {}
    }
}

/// `validateContainerResourceFieldSelector`.
pub fn validate_resource_field_selector(r: &Value, volume: bool, path: &str, errs: &mut Errors) {
    let resource = text(r, "resource");
    if volume && text(r, "containerName").is_empty() {
        errs.push(FieldError::required(child(path, "containerName"), ""));
    } else if resource.is_empty() {
        errs.push(FieldError::required(child(path, "resource"), ""));
    } else if !RESOURCE_FIELD_PATHS.contains(&resource)
        && !resource.starts_with("requests.hugepages-")
        && !resource.starts_with("limits.hugepages-")
    {
        errs.push(FieldError::not_supported(
            child(path, "resource"),
            resource,
            &RESOURCE_FIELD_PATHS,
        ));
    }
    let Some(Ok(divisor)) = r.get("divisor").and_then(Quantity::from_json) else {
        return;
    };
    if divisor.is_zero() {
        return;
    }
    let d = divisor.canonical();
    let sizes = [
        "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
    ];
    let (ok, what) = match resource {
        "limits.cpu" | "requests.cpu" => (
            d == "1m" || d == "1",
            "only divisor's values 1m and 1 are supported with the cpu resource",
        ),
        "limits.memory" | "requests.memory" => (
            sizes.contains(&d.as_str()),
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource",
        ),
        "limits.ephemeral-storage" | "requests.ephemeral-storage" => (
            sizes.contains(&d.as_str()),
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource",
        ),
        _ => (true, ""),
    };
    if !ok {
        errs.push(FieldError::invalid(child(path, "divisor"), resource, what));
    }
}

fn validate_env_from(sources: &[Value], path: &str, errs: &mut Errors) {
    for (i, s) in sources.iter().enumerate() {
        let at = index(path, i);
        let prefix = text(s, "prefix");
        if !prefix.is_empty() {
            invalid_each(&child(&at, "prefix"), prefix, is_env_var_name(prefix), errs);
        }
        let mut count = 0;
        for kind in ["configMapRef", "secretRef"] {
            if let Some(r) = get(s, kind) {
                count += 1;
                let np = child(&child(&at, kind), "name");
                match text(r, "name") {
                    "" => errs.push(FieldError::required(&np, "")),
                    n => invalid_each(&np, n, is_dns1123_subdomain(n), errs),
                }
            }
        }
        if count == 0 {
            errs.push(FieldError::invalid(
                path,
                "",
                "must specify one of: `configMapRef` or `secretRef`",
            ));
        } else if count > 1 {
            errs.push(FieldError::invalid(
                path,
                "",
                "may not have more than one field specified at a time",
            ));
        }
    }
}

/// `validateLocalDescendingPath`: relative, without `..` elements.
pub fn validate_local_descending_path(p: &str, path: &str, errs: &mut Errors) {
    if p.starts_with('/') {
        errs.push(FieldError::invalid(path, p, "must be a relative path"));
    }
    validate_no_backsteps(p, path, errs);
}

pub fn validate_no_backsteps(p: &str, path: &str, errs: &mut Errors) {
    if p.split('/').any(|part| part == "..") {
        errs.push(FieldError::invalid(path, p, "must not contain '..'"));
    }
}

fn validate_volume_mounts(
    c: &Value,
    volumes: &BTreeMap<String, Value>,
    path: &str,
    errs: &mut Errors,
) {
    let devices: BTreeMap<&str, &str> = list(c, "volumeDevices")
        .iter()
        .map(|d| (text(d, "name"), text(d, "devicePath")))
        .collect();
    let privileged = c
        .pointer("/securityContext/privileged")
        .and_then(Value::as_bool)
        == Some(true);
    let mut mount_points = BTreeSet::new();
    for (i, m) in list(c, "volumeMounts").iter().enumerate() {
        let at = index(path, i);
        let (name, mount_path) = (text(m, "name"), text(m, "mountPath"));
        if name.is_empty() {
            errs.push(FieldError::required(child(&at, "name"), ""));
        }
        if !volumes.contains_key(name) {
            errs.push(not_found(child(&at, "name"), name));
        }
        if mount_path.is_empty() {
            errs.push(FieldError::required(child(&at, "mountPath"), ""));
        }
        if !mount_points.insert(mount_path) {
            errs.push(FieldError::invalid(
                child(&at, "mountPath"),
                mount_path,
                "must be unique",
            ));
        }
        if devices.contains_key(name) {
            errs.push(FieldError::invalid(
                child(&at, "name"),
                name,
                "must not already exist in volumeDevices",
            ));
        }
        if devices.values().any(|p| *p == mount_path) {
            errs.push(FieldError::invalid(
                child(&at, "mountPath"),
                mount_path,
                "must not already exist as a path in volumeDevices",
            ));
        }
        let (sub, sub_expr) = (text(m, "subPath"), text(m, "subPathExpr"));
        if volumes.get(name).is_some_and(|v| v.get("image").is_some()) {
            if !sub.is_empty() {
                errs.push(FieldError::invalid(
                    child(&at, "subPath"),
                    sub,
                    "not allowed in image volume sources",
                ));
            }
            if !sub_expr.is_empty() {
                errs.push(FieldError::invalid(
                    child(&at, "subPathExpr"),
                    sub_expr,
                    "not allowed in image volume sources",
                ));
            }
        }
        if !sub.is_empty() {
            validate_local_descending_path(sub, &child(path, "subPath"), errs);
        }
        if !sub_expr.is_empty() {
            if !sub.is_empty() {
                errs.push(FieldError::invalid(
                    child(&at, "subPathExpr"),
                    sub_expr,
                    "subPathExpr and subPath are mutually exclusive",
                ));
            }
            validate_local_descending_path(sub_expr, &child(path, "subPathExpr"), errs);
        }
        if let Some(mode) = m.get("mountPropagation").and_then(Value::as_str) {
            let mp = child(path, "mountPropagation");
            match mode {
                "None" | "HostToContainer" => {}
                "Bidirectional" if !privileged => {
                    errs.push(FieldError::forbidden(&mp, "Bidirectional mount propagation is available only to privileged containers"));
                }
                "Bidirectional" => {}
                other => errs.push(FieldError::not_supported(
                    &mp,
                    other,
                    &["Bidirectional", "HostToContainer", "None"],
                )),
            }
        }
    }
}

fn validate_volume_devices(
    c: &Value,
    volumes: &BTreeMap<String, Value>,
    path: &str,
    errs: &mut Errors,
) {
    let mounts: BTreeMap<&str, &str> = list(c, "volumeMounts")
        .iter()
        .map(|m| (text(m, "name"), text(m, "mountPath")))
        .collect();
    let (mut names, mut paths) = (BTreeSet::new(), BTreeSet::new());
    for (i, d) in list(c, "volumeDevices").iter().enumerate() {
        let at = index(path, i);
        let (name, device_path) = (text(d, "name"), text(d, "devicePath"));
        let source = volumes.get(name);
        if name.is_empty() {
            errs.push(FieldError::required(child(&at, "name"), ""));
        }
        if names.contains(name) {
            errs.push(FieldError::invalid(
                child(&at, "name"),
                name,
                "must be unique",
            ));
        }
        match source {
            Some(s) if s.get("persistentVolumeClaim").is_none() && s.get("ephemeral").is_none() => errs.push(FieldError::invalid(
                child(&at, "name"),
                name,
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            )),
            Some(_) => {}
            None => errs.push(not_found(child(&at, "name"), name)),
        }
        if device_path.is_empty() {
            errs.push(FieldError::required(child(&at, "devicePath"), ""));
        }
        if paths.contains(device_path) {
            errs.push(FieldError::invalid(
                child(&at, "devicePath"),
                device_path,
                "must be unique",
            ));
        }
        if !device_path.is_empty() && device_path.split('/').any(|p| p == "..") {
            errs.push(FieldError::invalid(
                child(&at, "devicePath"),
                device_path,
                "can not contain backsteps ('..')",
            ));
        } else {
            paths.insert(device_path);
        }
        if mounts.contains_key(name) {
            errs.push(FieldError::invalid(
                child(&at, "name"),
                name,
                "must not already exist in volumeMounts",
            ));
        }
        if mounts.values().any(|p| *p == device_path) {
            errs.push(FieldError::invalid(
                child(&at, "devicePath"),
                device_path,
                "must not already exist as a path in volumeMounts",
            ));
        }
        if !name.is_empty() {
            names.insert(name);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy_follows_the_tag() {
        for (image, tag) in [
            ("busybox", "latest"),
            ("busybox:latest", "latest"),
            ("busybox:1.36", "1.36"),
            ("localhost:5000/app", "latest"),
            ("localhost:5000/app:v1", "v1"),
            ("registry.example.com/team/app@sha256:abc", ""),
            ("Busybox", ""),
            ("", ""),
        ] {
            assert_eq!(image_tag(image), tag, "{image}");
        }
    }

    #[test]
    fn containers_get_their_defaults() {
        let mut c = json!({"name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80}],
            "livenessProbe": {"httpGet": {"port": 80}}, "readinessProbe": {"grpc": {"port": 9000}},
            "resources": {"limits": {"cpu": "0.5", "memory": "1024Mi"}},
            "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}]});
        default_container(&mut c);
        assert_eq!(c["imagePullPolicy"], "IfNotPresent");
        assert_eq!(c["terminationMessagePath"], "/dev/termination-log");
        assert_eq!(c["terminationMessagePolicy"], "File");
        assert_eq!(c["ports"][0]["protocol"], "TCP");
        assert_eq!(
            c["livenessProbe"],
            json!({"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3})
        );
        assert_eq!(c["readinessProbe"]["grpc"]["service"], "");
        assert_eq!(
            c["resources"]["limits"],
            json!({"cpu": "500m", "memory": "1Gi"})
        );
        assert_eq!(c["env"][0]["valueFrom"]["fieldRef"]["apiVersion"], "v1");
        let mut bare = json!({"name": "a", "image": "a"});
        default_container(&mut bare);
        assert_eq!(bare["resources"], json!({}));
        assert_eq!(bare["imagePullPolicy"], "Always");
    }
}
