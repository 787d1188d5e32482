"""The official Python client (`pip install kubernetes`) against rk: list, create, read, replace,
patch, list by label, watch and delete, with dict bodies as Python users write them.

Usage: python client_smoke.py KUBECONFIG NAMESPACE

Every step is recorded, failed or not, and one JSON summary is printed at the end; the Rust test
(tests/tests/python_client.rs) checks it, so one run shows every step that failed.
A step's record is {"ok": true, "value": ...} or {"ok": false, "status": HTTP code or null,
"reason": Status reason or null, "error": text}.
"""

import json
import sys
import threading
import traceback

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

KUBECONFIG, NS = sys.argv[1], sys.argv[2]
SUMMARY = {}


def step(name, fn):
    """Runs fn, records its value or its error under `name`, and returns the value (or None)."""
    try:
        value = fn()
        SUMMARY[name] = {"ok": True, "value": value}
        return value
    except ApiException as e:
        reason = None
        try:
            reason = json.loads(e.body).get("reason")
        except Exception:  # the body is not a Status: keep the raw text in "error"
            pass
        SUMMARY[name] = {"ok": False, "status": e.status, "reason": reason,
                         "error": f"{e.status} {e.reason}: {e.body}"}
    except Exception as e:  # a client-side failure (decoding, TLS, ...) is a result too
        SUMMARY[name] = {"ok": False, "status": None, "reason": None,
                         "error": f"{type(e).__name__}: {e}\n{traceback.format_exc()}"}
    return None


def pod(name, labels):
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [{"name": "main", "image": "busybox"}]},
    }


def meta(obj):
    return {
        "name": obj.metadata.name,
        "namespace": obj.metadata.namespace,
        "uid": obj.metadata.uid,
        "resourceVersion": obj.metadata.resource_version,
        "labels": obj.metadata.labels or {},
    }


config.load_kube_config(config_file=KUBECONFIG)
v1 = client.CoreV1Api()

step("version", lambda: client.VersionApi().get_code().minor)
step("list_namespaces", lambda: sorted(n.metadata.name for n in v1.list_namespace().items))

# Create: dict bodies, as most Python users write them.
step("create_configmap", lambda: (lambda cm: dict(meta(cm), data=cm.data))(
    v1.create_namespaced_config_map(NS, {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "py-cm", "labels": {"app": "py"}},
        "data": {"greeting": "hello"},
    })))
step("create_pod", lambda: meta(v1.create_namespaced_pod(NS, pod("py-pod", {"app": "py"}))))

# Read back: the client deserialises into its typed models.
step("read_configmap", lambda: (lambda cm: dict(meta(cm), data=cm.data))(
    v1.read_namespaced_config_map("py-cm", NS)))
step("read_pod", lambda: (lambda p: dict(meta(p), phase=p.status.phase if p.status else None,
                                          image=p.spec.containers[0].image))(
    v1.read_namespaced_pod("py-pod", NS)))
step("read_missing_configmap", lambda: meta(v1.read_namespaced_config_map("py-missing", NS)))


def replace_configmap():
    cm = v1.read_namespaced_config_map("py-cm", NS)
    cm.data = {"greeting": "bonjour"}
    out = v1.replace_namespaced_config_map("py-cm", NS, cm)
    return dict(meta(out), data=out.data, before=cm.metadata.resource_version)


step("replace_configmap", replace_configmap)


def replace_with_stale_version():
    cm = v1.read_namespaced_config_map("py-cm", NS)
    cm.metadata.resource_version = SUMMARY["create_configmap"]["value"]["resourceVersion"]
    return meta(v1.replace_namespaced_config_map("py-cm", NS, cm))


step("replace_configmap_stale", replace_with_stale_version)

# A dict patch: the client sends it as application/strategic-merge-patch+json.
step("patch_pod_labels", lambda: meta(v1.patch_namespaced_pod(
    "py-pod", NS, {"metadata": {"labels": {"tier": "back"}}})))
# A list patch: application/json-patch+json.
step("json_patch_configmap", lambda: (lambda cm: dict(meta(cm), data=cm.data))(
    v1.patch_namespaced_config_map("py-cm", NS, [
        {"op": "add", "path": "/data/farewell", "value": "bye"}])))

step("list_pods_app_py", lambda: sorted(
    p.metadata.name for p in v1.list_namespaced_pod(NS, label_selector="app=py").items))
step("list_pods_tier_back", lambda: sorted(
    p.metadata.name for p in v1.list_namespaced_pod(NS, label_selector="app=py,tier in (back)").items))
step("list_pods_app_nope", lambda: sorted(
    p.metadata.name for p in v1.list_namespaced_pod(NS, label_selector="app=nope").items))
step("list_configmaps_app_py", lambda: sorted(
    c.metadata.name for c in v1.list_namespaced_config_map(NS, label_selector="app=py").items))
step("list_all_pods", lambda: sorted(
    f"{p.metadata.namespace}/{p.metadata.name}" for p in v1.list_pod_for_all_namespaces().items))


def watch_pods():
    """Streams pod events while another thread creates, relabels and deletes py-watch.

    Without a resourceVersion the server first sends ADDED for every existing pod; the writer
    starts once the first event arrived, so the watch is established before the changes.
    """
    events = []
    writer_errors = []
    established = threading.Event()

    def writer():
        if not established.wait(20):
            writer_errors.append("no initial event within 20 s")
            return
        try:
            v1.create_namespaced_pod(NS, pod("py-watch", {"app": "watch"}))
            v1.patch_namespaced_pod("py-watch", NS, {"metadata": {"labels": {"seen": "yes"}}})
            v1.delete_namespaced_pod("py-watch", NS)
        except Exception as e:
            writer_errors.append(f"{type(e).__name__}: {e}")

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    w = watch.Watch()
    for event in w.stream(v1.list_namespaced_pod, NS, timeout_seconds=20):
        obj = event["object"]
        events.append([event["type"], obj.metadata.name])
        established.set()
        if event["type"] == "DELETED" and obj.metadata.name == "py-watch":
            w.stop()
    thread.join(5)
    return {"events": events, "writer_errors": writer_errors}


step("watch_pods", watch_pods)



def plain(obj):
    """The client returns a typed model or (for DELETE, since client 35) a plain dict."""
    return obj.to_dict() if hasattr(obj, "to_dict") else obj


# Kubernetes answers a ConfigMap's DELETE with a Success Status and a Pod's with the Pod.
step("delete_configmap", lambda: (lambda r: {"kind": r.get("kind"), "status": r.get("status")})(
    plain(v1.delete_namespaced_config_map("py-cm", NS))))
step("delete_pod", lambda: (lambda r: {"kind": r.get("kind"), "name": (r.get("metadata") or {}).get("name")})(
    plain(v1.delete_namespaced_pod("py-pod", NS))))
step("read_deleted_configmap", lambda: meta(v1.read_namespaced_config_map("py-cm", NS)))
step("list_after_delete", lambda: sorted(
    [p.metadata.name for p in v1.list_namespaced_pod(NS).items]
    + [c.metadata.name for c in v1.list_namespaced_config_map(NS, label_selector="app=py").items]))

print(json.dumps(SUMMARY, indent=1, sort_keys=True))
