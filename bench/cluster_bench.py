#!/usr/bin/env python3
"""Cluster throughput (issue 14): N `digdag server` nodes on one PostgreSQL vs one node on SQLite.

Usage: bench/cluster_bench.py BINARY [--nodes 1,2,3] [--attempts 100] [--pool N] [--sqlite]
Starts a temporary PostgreSQL cluster (initdb as user postgres, fsync on, 127.0.0.1, free port),
then for each node count a fresh database and that many servers; submits the attempts (10 echo
tasks each) round-robin through every node's API with 8 client threads and prints tasks/s
(tasks incl. each attempt's root group) until every attempt is done. With --sqlite, the same load
on one `--memory` node first.
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


def run(binary, work, node_options, attempts):
    """Starts one node per options list, runs the load, stops them; returns tasks/s."""
    nodes = []
    try:
        for index, options in enumerate(node_options):
            directory = os.path.join(work, f"node{index}")
            os.makedirs(directory, exist_ok=True)
            nodes.append(start_server(binary, directory, options)[:2])
        bases = [base for _, base in nodes]
        call(bases[0], "PUT", "/api/projects?project=ten&revision=r1", tar_gz({"ten.dig": TEN}), "application/gzip")
        workflow = call(bases[0], "GET", "/api/workflows")["workflows"][0]["id"]
        t0 = time.perf_counter()

        def submit(i):
            body = json.dumps({"workflowId": workflow, "sessionTime": f"2020-01-01T{i//3600:02d}:{i//60%60:02d}:{i%60:02d}Z",
                               "params": {}})
            return call(bases[i % len(bases)], "PUT", "/api/attempts", body.encode())["id"]

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            ids = list(pool.map(submit, range(attempts)))
        pending = set(ids)
        while pending:
            for i in list(pending):
                if call(bases[0], "GET", f"/api/attempts/{i}")["done"]:
                    pending.discard(i)
            if pending:
                time.sleep(0.01)
        took = time.perf_counter() - t0
        return attempts * 11 / took, took
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
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="digdag-cluster-bench-")
    os.chmod(work, 0o755)  # the postgres user reaches its data directory through it
    try:
        if args.sqlite:
            rate, took = run(binary, work, [["--memory"]], args.attempts)
            print(f"SQLite (--memory), 1 node: {args.attempts} attempts x 10 echo tasks in {took:.2f} s, {rate:.0f} tasks/s")
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
                rate, took = run(binary, work, [["-c", properties]] * count, args.attempts)
                print(f"PostgreSQL, {count} node(s): {args.attempts} attempts x 10 echo tasks in {took:.2f} s, {rate:.0f} tasks/s")
        finally:
            as_postgres(f"{pg_bin()}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")


if __name__ == "__main__":
    main()
