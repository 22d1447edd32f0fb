#!/usr/bin/env python3
"""bench/server_bench.py on a temporary PostgreSQL (issue 14): the same figures as on the
embedded database, for one node on a fresh PostgreSQL cluster started here (fsync on, 127.0.0.1).

Usage: bench/server_bench_pg.py BINARY
"""
import os, shutil, subprocess, sys, tempfile

import cluster_bench


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="digdag-server-bench-pg-")
    os.chmod(work, 0o755)  # the postgres user reaches its data directory through it
    root = os.path.join(work, "pg")
    os.makedirs(root)
    data, port = cluster_bench.start_postgres(root)
    try:
        cluster_bench.psql(root, port, "CREATE DATABASE bench")
        properties = os.path.join(work, "pg.properties")
        with open(properties, "w") as f:
            f.write(f"database.type=postgresql\ndatabase.host=127.0.0.1\ndatabase.port={port}\n"
                    "database.user=postgres\ndatabase.database=bench\n")
        here = os.path.dirname(os.path.abspath(__file__))
        subprocess.run([sys.executable, os.path.join(here, "server_bench.py"), binary, "-c", properties], check=True)
    finally:
        cluster_bench.as_postgres(f"{cluster_bench.pg_bin()}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
