#!/usr/bin/env python3
"""Server benchmarks for issue 4 (whole-process, real HTTP on 127.0.0.1).

Usage: bench/server_bench.py BINARY [server options]   (default --memory; e.g. -c pg.properties for PostgreSQL)
Prints: start-to-first-answer, idle RSS, seed session latency (median of 9),
100 concurrent attempts x 10 echo tasks throughput, GET /api/sessions latency at ~500 req/s (wrk with pauses), at a fixed 250 and 500 req/s with gzip (hey)
and at full load (wrk).
"""
import concurrent.futures, json, os, signal, statistics, subprocess, sys, tempfile, time, shutil

from digdag_api import call, rss_mb, start_server, tar_gz

SEED = """timezone: Asia/Tokyo
_export:
  foo: bar
+setup:
  echo>: start ${session_time}
+disp_current_date:
  echo>: ${moment(session_time).utc().format('YYYY-MM-DD HH:mm:ss Z')}
+repeat:
  for_each>:
    order: [first, second, third]
    animal: [dog, cat]
  _do:
    echo>: ${order} ${animal}
  _parallel: true
+teardown:
  echo>: finish ${session_time}
"""
TEN = "".join(f"+t{i}:\n  echo>: task {i}\n" for i in range(10))


def wait_done(base, ids):
    pending = set(ids)
    while pending:
        for i in list(pending):
            if call(base, "GET", f"/api/attempts/{i}")["done"]:
                pending.discard(i)
        if pending:
            time.sleep(0.005)


def cpu_times():
    """(steal, total) jiffies of all CPUs from /proc/stat."""
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return fields[7], sum(fields[:8])


def paced_wrk(url, work, connections=11, seconds=10):
    """wrk with each of `connections` connections pausing 10-30 ms (random) between requests:
    about 500 req/s arriving at independent times, measured by one light client process."""
    script = os.path.join(work, "pace.lua")
    with open(script, "w") as f:
        f.write("function delay() return math.random(10, 30) end\n")
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script, "--latency", url],
                         capture_output=True, text=True).stdout
    got = {l.split()[0]: l.split()[1] for l in out.splitlines() if l.strip().startswith(("50%", "99%", "Requests/sec"))}
    return f"{float(got.get('Requests/sec:', 0)):.0f} req/s, p50 {got.get('50%')}, p99 {got.get('99%')}"


def fixed_rate(url, rate, streams=10, seconds=10):
    """Latency at a steady request rate: `streams` hey processes (one connection each, rate/streams
    req/s), started 1/rate apart so that their requests interleave instead of arriving together."""
    procs = []
    for _ in range(streams):
        procs.append(subprocess.Popen(["hey", "-z", f"{seconds}s", "-c", "1", "-q", str(rate // streams), "-o", "csv", url],
                                      stdout=subprocess.PIPE, text=True))
        time.sleep(1 / rate)
    latencies, errors = [], 0
    for p in procs:
        for line in p.communicate()[0].splitlines()[1:]:
            fields = line.split(",")
            if len(fields) > 6 and fields[6] == "200":
                latencies.append(float(fields[0]))
            else:
                errors += 1
    latencies.sort()
    if not latencies:
        return "no answers"
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    return (f"{len(latencies) / seconds:.0f} req/s answered, p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, "
            f"max {latencies[-1] * 1000:.1f} ms, {errors} errors")


def main():
    binary = os.path.abspath(sys.argv[1])
    extra = sys.argv[2:] or ["--memory"]
    work = tempfile.mkdtemp(prefix="digdag-bench-")
    steal0, total0 = cpu_times()
    try:
        starts = []
        for _ in range(5):
            p, base, took = start_server(binary, work, extra)
            starts.append(took)
            p.send_signal(signal.SIGTERM); p.wait()
        p, base, _ = start_server(binary, work, extra)
        time.sleep(1)
        print(f"start to first answered request: median {statistics.median(starts)*1000:.0f} ms")
        print(f"idle RSS: {rss_mb(p.pid):.1f} MB")

        call(base, "PUT", "/api/projects?project=mydag&revision=r1", tar_gz({"mydag.dig": SEED}), "application/gzip")
        call(base, "PUT", "/api/projects?project=ten&revision=r1", tar_gz({"ten.dig": TEN}), "application/gzip")
        wf = {w["name"]: w["id"] for w in call(base, "GET", "/api/workflows")["workflows"]}
        lat = []
        for i in range(9):
            t0 = time.perf_counter()
            a = call(base, "PUT", "/api/attempts", json.dumps({"workflowId": wf["mydag"], "sessionTime": f"2023-07-{i+1:02d}T00:00:00Z", "params": {}}).encode())
            while not call(base, "GET", f"/api/attempts/{a['id']}")["done"]:
                time.sleep(0.001)
            lat.append(time.perf_counter() - t0)
        print(f"seed session (12 tasks) via API until done: median {statistics.median(lat)*1000:.1f} ms")

        t0 = time.perf_counter()

        def submit(i):
            body = json.dumps({"workflowId": wf["ten"], "sessionTime": f"2020-01-01T00:{i//60:02d}:{i%60:02d}Z", "params": {}})
            return call(base, "PUT", "/api/attempts", body.encode())["id"]

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            ids = list(pool.map(submit, range(100)))
        wait_done(base, ids)
        took = time.perf_counter() - t0
        tasks = 100 * 11
        print(f"100 attempts x 10 echo tasks: {took:.2f} s, {tasks/took:.0f} tasks/s (incl. root groups)")

        if shutil.which("wrk"):
            print("GET /api/sessions (100 sessions per page) at ~500 req/s, wrk (no gzip): " + paced_wrk(base + "/api/sessions", work))
        if shutil.which("hey"):
            for rate in (250, 500):
                print(f"GET /api/sessions (100 sessions per page) at {rate} req/s, hey (gzip): " + fixed_rate(base + "/api/sessions", rate))
        if shutil.which("wrk"):
            for conns in (1, 8):
                out = subprocess.run(["wrk", "-t1", f"-c{conns}", "-d5s", "--latency", base + "/api/sessions"],
                                     capture_output=True, text=True).stdout
                lines = [l.strip() for l in out.splitlines() if l.strip().startswith(("50%", "99%", "Requests/sec"))]
                print(f"GET /api/sessions (100 sessions per page), wrk -c{conns}: " + "; ".join(lines))
        print(f"RSS after load: {rss_mb(p.pid):.1f} MB")
        steal1, total1 = cpu_times()
        # A virtual machine's host can take CPU time away (steal); above a few percent, latency
        # figures of this run say more about the host than about digdag.
        print(f"CPU steal during the run: {100 * (steal1 - steal0) / max(1, total1 - total0):.1f}%")
        p.send_signal(signal.SIGTERM); p.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
