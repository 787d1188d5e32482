"""The Python client's streaming calls against a real pod through rk (tests/tests/pod_streams_cri.rs).

Usage: pod_stream_smoke.py KUBECONFIG POD. The pod runs busybox with httpd on port 8080.
Prints one JSON object: what exec and port-forward returned.
"""

import json
import sys

from kubernetes import client, config
from kubernetes.stream import portforward, stream


def main():
    config.load_kube_config(config_file=sys.argv[1])
    pod = sys.argv[2]
    api = client.CoreV1Api()
    out = {}
    step = lambda name: print("step", name, file=sys.stderr, flush=True)

    step("exec")
    resp = stream(api.connect_get_namespaced_pod_exec, pod, "default", container="app",
                  command=["sh", "-c", "echo hello; echo oops >&2; exit 3"],
                  stderr=True, stdin=False, stdout=True, tty=False, _preload_content=False)
    resp.run_forever(timeout=30)
    out["exec_stdout"] = resp.read_stdout()
    out["exec_stderr"] = resp.read_stderr()
    out["exec_returncode"] = resp.returncode

    step("exec-stdin")
    resp = stream(api.connect_get_namespaced_pod_exec, pod, "default", container="app",
                  command=["head", "-n", "1"],
                  stderr=True, stdin=True, stdout=True, tty=False, _preload_content=False)
    resp.write_stdin("typed line\n")
    got = ""
    while resp.is_open() and "\n" not in got:
        resp.update(timeout=5)
        got += resp.read_stdout() or ""
    resp.run_forever(timeout=30)
    out["exec_stdin_echo"] = got
    out["exec_stdin_returncode"] = resp.returncode

    step("portforward")
    pf = portforward(api.connect_get_namespaced_pod_portforward, pod, "default", ports="8080")
    sock = pf.socket(8080)
    sock.settimeout(20)
    sock.sendall(b"GET / HTTP/1.0\r\nHost: pod\r\n\r\n")
    back = b""
    # The answer ends with the page's body; the connection may stay open after it.
    while b"hello from rk" not in back:
        chunk = sock.recv(65536)
        if not chunk:
            break
        back += chunk
    out["portforward_response"] = back.decode(errors="replace")
    sock.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
