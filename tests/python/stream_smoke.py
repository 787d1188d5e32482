"""The Python client's streaming calls against rk-stream's fake API server (tests/tests/stream_protocols.rs).

Usage: stream_smoke.py KUBECONFIG ECHO_PORT. Prints one JSON object: what exec and port-forward returned.
"""

import json
import sys

from kubernetes import client, config
from kubernetes.stream import portforward, stream


def main():
    config.load_kube_config(config_file=sys.argv[1])
    echo_port = int(sys.argv[2])
    api = client.CoreV1Api()
    out = {}
    step = lambda name: print("step", name, file=sys.stderr, flush=True)
    step("exec")

    # Non-interactive: stdout and stderr collected, exit code from the error channel.
    resp = stream(api.connect_get_namespaced_pod_exec, "p", "default",
                  command=["out:hello", "err:oops", "exit:3"],
                  stderr=True, stdin=False, stdout=True, tty=False, _preload_content=False)
    resp.run_forever(timeout=30)
    out["exec_stdout"] = resp.read_stdout()
    out["exec_stderr"] = resp.read_stderr()
    out["exec_returncode"] = resp.returncode

    step("exec-stdin")
    # Interactive: a line written to stdin comes back.
    resp = stream(api.connect_get_namespaced_pod_exec, "p", "default",
                  command=["line", "exit:0"],
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
    # Port-forward through the v4 channel protocol to the echo server.
    pf = portforward(api.connect_get_namespaced_pod_portforward, "p", "default", ports=str(echo_port))
    sock = pf.socket(echo_port)
    sock.setblocking(True)
    payload = bytes(range(256)) * 40
    sock.sendall(payload)
    back = b""
    while len(back) < len(payload):
        chunk = sock.recv(65536)
        if not chunk:
            break
        back += chunk
    out["portforward_echo_ok"] = back == payload
    out["portforward_bytes"] = len(back)
    sock.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
