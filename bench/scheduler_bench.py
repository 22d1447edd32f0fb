#!/usr/bin/env python3
"""Scheduler benchmarks for issue 5 (whole-process, release binary).

Usage: bench/scheduler_bench.py BINARY
1. Precision: a `seconds_interval>: 2` schedule whose task prints `date` next to its session
   time; the delay from run time to the task's first command, median and max of 10 slots
   (includes the `sh` spawn).
2. 10,000 schedules (10 projects x 1,000 daily workflows) on the embedded SQLite database:
   server CPU seconds over 10 idle seconds, and RSS.
"""
import os, signal, statistics, sys, tempfile, time, shutil

from digdag_api import call, rss_mb, start_server, tar_gz


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="digdag-sched-bench-")
    try:
        marks = os.path.join(work, "marks")
        p, base, _ = start_server(binary, work, ["--memory"])
        wf = "schedule:\n  seconds_interval>: 2\n+t:\n  sh>: echo ${session_unixtime} $(date +%s.%N) >> " + marks + "\n"
        call(base, "PUT", "/api/projects?project=tick&revision=r1", tar_gz({"tick.dig": wf}), "application/gzip")
        while not os.path.exists(marks) or len(open(marks).read().splitlines()) < 11:
            time.sleep(0.2)
        p.send_signal(signal.SIGTERM); p.wait()
        delays = [float(b) - float(a) for a, b in (l.split() for l in open(marks).read().splitlines()[1:11])]
        print(f"scheduler precision (run time -> task's first command): median {statistics.median(delays)*1000:.1f} ms, "
              f"max {max(delays)*1000:.1f} ms over {len(delays)} slots")

        p, base, _ = start_server(binary, work, ["-o", os.path.join(work, "db")])
        t0 = time.perf_counter()
        for n in range(10):
            files = {f"w{i}.dig": "schedule:\n  daily>: 07:00:00\n+a:\n  echo>: hi\n" for i in range(1000)}
            call(base, "PUT", f"/api/projects?project=p{n}&revision=r1", tar_gz(files), "application/gzip", timeout=600)
        took = time.perf_counter() - t0
        time.sleep(2)
        c0 = cpu_seconds(p.pid)
        time.sleep(10)
        c1 = cpu_seconds(p.pid)
        print(f"10,000 daily schedules pushed in {took:.1f} s; idle CPU over 10 s: {c1 - c0:.2f} s; RSS {rss_mb(p.pid):.1f} MB")
        p.send_signal(signal.SIGTERM); p.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
