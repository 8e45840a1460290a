#!/usr/bin/env python3
"""Time from `submit` to the job's process starting, with a real suanlid and a real suanli-agent.

Starts suanlid and one suanli-agent (node with 1000 CPUs, 4 fake nvidia-h200 cards) from BUILD_DIR in a
temporary directory, submits N short CPU jobs one after another (every INTERVAL seconds, so that the figure is
latency, not backlog), each running `date +%s%N` into its log, and compares each job's start with the moment
the client sent its submission. Prints p50/p90/p99/max in milliseconds.

    swift build -c release --product suanlid --product suanli-agent --product suanli-run-job
    sudo python3 Tests/SuanliAgentTests/Benchmark/submit-to-start.py .build/release 1000 0.01

Measured (2 cores, release, 2026-11-29), jobs in cgroups of their own (v1): p50 7.6-8.7 ms, p90 14-18, p99 27-29
(1,000 jobs, one every 10 ms); p50 21.4 ms, p99 34-38 (one every 50 ms: cgroup v1 moves wait for an RCU grace
period, shared by jobs that arrive together). Before cgroups: p50 8.7 / 9.2 ms, p99 20.5 / 14.4.
"""
import http.client, json, os, shutil, signal, socket, subprocess, sys, tempfile, time


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def call(conn, method, target, body=None):
    data = json.dumps(body).encode() if body is not None else None
    conn.request(method, target, body=data, headers={"Content-Type": "application/json"} if data else {})
    answer = conn.getresponse()
    payload = answer.read()
    return answer.status, (json.loads(payload) if payload else None)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else ".build/release"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    interval = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
    work = tempfile.mkdtemp(prefix="suanli-bench-agent-")
    os.chmod(work, 0o755)
    sock = os.path.join(work, "api.sock")
    with open(os.path.join(work, "suanlid.toml"), "w") as f:
        f.write("""[nodes]
heartbeat_interval = "1s"
down_after = "30s"
[prices]
core_hour = 0
gib_hour = 0
[prices.cards]
"nvidia-h200" = 0
[[enterprise]]
id = "acme"
members = ["root"]
limit = { cpu = 100000, memory = "100T", cards = { "nvidia-h200" = 16 } }
budget = 1000000
""")
    with open(os.path.join(work, "agent.toml"), "w") as f:
        f.write(f"""[agent]
node = "bench"
socket = "{sock}"
state_dir = "{work}/agent"
[capacity]
cpus = 1000
memory = "1T"
model = "nvidia-h200"
cards = 4
[jobs]
allow_root_jobs = true
""")
    log = open(os.path.join(work, "processes.log"), "w")
    daemon = subprocess.Popen([f"{build}/suanlid", "--socket", sock, "--state-dir", f"{work}/state",
                               "--config", f"{work}/suanlid.toml"], stdout=log, stderr=log)
    agent = None
    try:
        for _ in range(200):
            if os.path.exists(sock):
                break
            time.sleep(0.05)
        agent = subprocess.Popen([f"{build}/suanli-agent", "--config", f"{work}/agent.toml"], stdout=log, stderr=log)
        conn = UnixConnection(sock)
        for _ in range(200):
            status, node = call(conn, "GET", "/v1/nodes/bench")
            if status == 200 and node["state"] == "ready":
                break
            time.sleep(0.05)
        submitted = {}
        for i in range(count):
            body = {"command": ["/bin/date", "+%s%N"], "cpu_millis": 100, "memory_mib": 16,
                    "walltime_seconds": 600, "workdir": "/tmp", "name": f"b{i}"}
            sent = time.time_ns()
            status, result = call(conn, "POST", "/v1/jobs", body)
            assert status in (200, 201), result
            submitted[result["job_ids"][0]] = sent
            time.sleep(interval)
        deadline = time.time() + 120
        logs = os.path.join(work, "agent", "logs")
        latencies = {}
        while len(latencies) < count and time.time() < deadline:
            for job, sent in submitted.items():
                if job in latencies:
                    continue
                try:
                    text = open(os.path.join(logs, f"{job}.log")).read().strip()
                except FileNotFoundError:
                    continue
                if text:
                    latencies[job] = (int(text) - sent) / 1e6
            time.sleep(0.2)
        values = sorted(latencies.values())
        if not values:
            print("no job started")
            return 1
        pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]
        print(f"{len(values)}/{count} jobs started; submit -> process start (ms): "
              f"p50 {pick(0.5):.1f}  p90 {pick(0.9):.1f}  p99 {pick(0.99):.1f}  max {values[-1]:.1f}  "
              f"min {values[0]:.1f}")
        return 0
    finally:
        for process in (agent, daemon):
            if process:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
        log.close()
        if os.environ.get("KEEP"):
            print("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
