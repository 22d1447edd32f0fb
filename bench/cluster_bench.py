#!/usr/bin/env python3
"""Cluster throughput (issue 14): N `digdag server` nodes on one PostgreSQL vs one node on SQLite.

Usage: bench/cluster_bench.py BINARY [--nodes 1,2,3] [--attempts 100] [--pool N] [--sqlite]
                               [--parallel TASKS --sleep S --slots N] [--property KEY=VALUE ...]
Starts a temporary PostgreSQL cluster (initdb as user postgres, fsync on, 127.0.0.1, free port),
then for each node count a fresh database and that many servers; submits the attempts (10 echo
tasks each) round-robin through every node's API with 8 client threads and prints tasks/s
(tasks incl. each attempt's root group) until every attempt is done. With --sqlite, the same load
on one `--memory` node first.

With --parallel TASKS, each attempt is instead one `_parallel` group of TASKS `sh>` tasks that
sleep S seconds, and every node runs at most --slots tasks at once (`--max-task-threads`): the
task queue spreads one attempt's branches over the nodes, so tasks/s grows with the node count.
"""
import argparse, concurrent.futures, json, os, shutil, signal, socket, subprocess, tempfile, time

from digdag_api import call, start_server, tar_gz

TEN = "".join(f"+t{i}:\n  echo>: task {i}\n" for i in range(10))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin():
    for version in sorted(os.listdir("/usr/lib/postgresql"), reverse=True):
        return f"/usr/lib/postgresql/{version}/bin"
    raise SystemExit("PostgreSQL is not installed")


def as_postgres(*args):
    done = subprocess.run(["runuser", "-u", "postgres", "--"] + list(args), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed: {done.stderr}")


def start_postgres(root):
    data, port = os.path.join(root, "data"), free_port()
    shutil.chown(root, "postgres", "postgres")
    as_postgres(f"{pg_bin()}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
    as_postgres(f"{pg_bin()}/pg_ctl", "-D", data, "-l", os.path.join(root, "pg.log"), "-w",
                "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c max_connections=200 {os.environ.get('BENCH_PG_OPTIONS', '')}", "start")
    return data, port


def psql(root, port, sql):
    as_postgres(f"{pg_bin()}/psql", "-h", root, "-p", str(port), "-U", "postgres", "-d", "postgres", "-c", sql)


def parallel_workflow(tasks, sleep):
    """One `_parallel` group of `tasks` sh> tasks that sleep `sleep` seconds."""
    command = f"sleep {sleep}" if sleep > 0 else "true"
    return "+fan:\n  _parallel: true\n" + "".join(f"  +p{i}:\n    sh>: {command}\n" for i in range(tasks))


def cpu_seconds(pids):
    """User + system CPU seconds the processes used so far (gone ones count 0)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def postgres_pids():
    done = subprocess.run(["pgrep", "-u", "postgres"], capture_output=True, text=True)
    return [int(p) for p in done.stdout.split()]


def run(binary, work, node_options, attempts, workflow_text=TEN, tasks_per_attempt=11):
    """Starts one node per options list, runs the load, stops them; returns tasks/s. Prints how
    long the submissions took and the CPU seconds the nodes and PostgreSQL used meanwhile."""
    nodes = []
    try:
        for index, options in enumerate(node_options):
            directory = os.path.join(work, f"node{index}")
            os.makedirs(directory, exist_ok=True)
            nodes.append(start_server(binary, directory, options)[:2])
        bases = [base for _, base in nodes]
        call(bases[0], "PUT", "/api/projects?project=ten&revision=r1", tar_gz({"ten.dig": workflow_text}), "application/gzip")
        workflow = call(bases[0], "GET", "/api/workflows")["workflows"][0]["id"]
        node_pids = [p.pid for p, _ in nodes]
        cpu0 = (cpu_seconds(node_pids), cpu_seconds(postgres_pids()))
        t0 = time.perf_counter()

        def submit(i):
            body = json.dumps({"workflowId": workflow, "sessionTime": f"2020-01-01T{i//3600:02d}:{i//60%60:02d}:{i%60:02d}Z",
                               "params": {}})
            return call(bases[i % len(bases)], "PUT", "/api/attempts", body.encode())["id"]

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            ids = list(pool.map(submit, range(attempts)))
        submitted = time.perf_counter() - t0
        pending = set(ids)
        while pending:
            for i in list(pending):
                if call(bases[0], "GET", f"/api/attempts/{i}")["done"]:
                    pending.discard(i)
            if pending:
                time.sleep(0.01)
        took = time.perf_counter() - t0
        print(f"  submitted in {submitted:.2f} s; CPU: nodes {cpu_seconds(node_pids) - cpu0[0]:.2f} s, "
              f"PostgreSQL {cpu_seconds(postgres_pids()) - cpu0[1]:.2f} s")
        return attempts * tasks_per_attempt / took, took
    finally:
        for p, _ in nodes:
            p.send_signal(signal.SIGTERM)
            p.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--nodes", default="1,2,3")
    parser.add_argument("--attempts", type=int, default=100)  # executor.attempt_max_run is 100
    parser.add_argument("--pool", type=int, default=0, help="database.maximumPoolSize (0: the server's default)")
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--parallel", type=int, default=0, help="sh> tasks in one _parallel group per attempt")
    parser.add_argument("--sleep", type=float, default=0.2, help="seconds each --parallel task sleeps")
    parser.add_argument("--slots", type=int, default=4, help="--max-task-threads of each node with --parallel")
    parser.add_argument("--property", action="append", default=[], help="extra KEY=VALUE for the nodes' properties")
    args = parser.parse_args()
    load, per_attempt, node_extra, what = TEN, 11, [], "10 echo tasks"
    if args.parallel:
        load, per_attempt = parallel_workflow(args.parallel, args.sleep), args.parallel + 2
        node_extra = ["--max-task-threads", str(args.slots)]
        what = f"{args.parallel} parallel sh> tasks (sleep {args.sleep} s), {args.slots} slots per node"
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="digdag-cluster-bench-")
    os.chmod(work, 0o755)  # the postgres user reaches its data directory through it
    try:
        if args.sqlite:
            rate, took = run(binary, work, [["--memory"] + node_extra], args.attempts, load, per_attempt)
            print(f"SQLite (--memory), 1 node: {args.attempts} attempts x {what} in {took:.2f} s, {rate:.0f} tasks/s")
        root = os.path.join(work, "pg")
        os.makedirs(root)
        data, port = start_postgres(root)
        try:
            for count in [int(n) for n in args.nodes.split(",")]:
                name = f"bench{count}"
                psql(root, port, f"CREATE DATABASE {name}")
                properties = os.path.join(work, f"{name}.properties")
                with open(properties, "w") as f:
                    f.write(f"database.type=postgresql\ndatabase.host=127.0.0.1\ndatabase.port={port}\n"
                            f"database.user=postgres\ndatabase.database={name}\n")
                    if args.pool:
                        f.write(f"database.maximumPoolSize={args.pool}\n")
                    for line in args.property:
                        f.write(line + "\n")
                rate, took = run(binary, work, [["-c", properties] + node_extra] * count, args.attempts, load, per_attempt)
                print(f"PostgreSQL, {count} node(s): {args.attempts} attempts x {what} in {took:.2f} s, {rate:.0f} tasks/s")
        finally:
            as_postgres(f"{pg_bin()}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")


if __name__ == "__main__":
    main()
