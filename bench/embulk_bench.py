#!/usr/bin/env python3
"""MySQL -> MySQL throughput of digdag's built-in embulk (no JVM).

Starts a temporary MariaDB, fills src.events with N rows (default 1,000,000: id, two ints, a short
string, a datetime, a double), then times `embulk run` (the digdag binary under the name embulk)
copying them into dst.events, several runs per output mode, and prints the median rows/s.
It also times the seed user's job (one summary row per minute) for the wall time per run, and
MariaDB's own INSERT ... SELECT of the same rows as the yardstick (the machine is shared: compare
the two figures of one run, not figures of different days).

Usage: bench/embulk_bench.py [--binary PATH] [--rows N] [--runs K] [--modes insert_direct,insert,...]
  --binary: default $DIGDAG_BINARY, else the output of scripts/build-release (release build).
"""
import argparse, os, resource, shutil, socket, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--binary", default=os.environ.get("DIGDAG_BINARY"))
ap.add_argument("--rows", type=int, default=1_000_000)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--modes", default="insert_direct,insert,replace,merge")
ap.add_argument("--seed-runs", type=int, default=5)
args = ap.parse_args()
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = args.binary or subprocess.check_output([os.path.join(repo, "scripts/build-release")], text=True).strip()

work = tempfile.mkdtemp(prefix="embulk-bench-")
embulk = os.path.join(work, "embulk")
os.symlink(os.path.abspath(binary), embulk)
data, sock = os.path.join(work, "data"), os.path.join(work, "mysqld.sock")
user = ["--user=mysql"] if os.getuid() == 0 else []
if os.getuid() == 0:
    shutil.chown(work, "mysql")
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
subprocess.run(["mariadb-install-db", "--no-defaults", *user, f"--datadir={data}", "--skip-test-db",
                "--auth-root-authentication-method=socket"], check=True, stdout=subprocess.DEVNULL)
server = subprocess.Popen(["mariadbd", "--no-defaults", *user, f"--datadir={data}", f"--socket={sock}", f"--port={port}",
                           "--bind-address=127.0.0.1", "--skip-name-resolve", f"--log-error={work}/error.log",
                           "--skip-log-bin", "--innodb-buffer-pool-size=512M", "--innodb-log-file-size=256M",
                           "--innodb-flush-log-at-trx-commit=2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sql(text):
    r = subprocess.run(["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "-N", "-B", "-e", text],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"SQL failed: {r.stderr.strip()}\n{text}")
    return r.stdout


try:
    for _ in range(600):
        if subprocess.run(["mariadb-admin", "--no-defaults", f"--socket={sock}", "-uroot", "ping"],
                          capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    sql("CREATE DATABASE src; CREATE DATABASE dst; CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench';"
        "GRANT ALL ON *.* TO 'bench'@'127.0.0.1';"
        "CREATE TABLE src.events (id BIGINT PRIMARY KEY, user_id INT NOT NULL, kind INT NOT NULL,"
        " name VARCHAR(32) NOT NULL, created_at DATETIME NOT NULL, score DOUBLE);"
        "CREATE TABLE dst.events LIKE src.events;")
    t0 = time.perf_counter()
    sql(f"INSERT INTO src.events SELECT seq, seq % 1000, seq % 7, concat('event-', seq % 9973),"
        f" '2024-01-01' + interval seq second, seq / 7 FROM src.seq_1_to_{args.rows}")
    print(f"generated {args.rows} rows in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    def conn(db):
        return f"host: 127.0.0.1\n  port: {port}\n  user: bench\n  password: bench\n  database: {db}\n"

    # The server's own copy of the same rows, for comparison on this machine at this moment.
    base = []
    for _ in range(args.runs):
        sql("TRUNCATE dst.events")
        t0 = time.perf_counter()
        sql("INSERT INTO dst.events SELECT * FROM src.events")
        base.append(args.rows / (time.perf_counter() - t0))
    print(f"{'INSERT..SELECT':14s} {args.rows} rows: median {statistics.median(base):,.0f} rows/s "
          f"(MariaDB alone; runs: {', '.join(f'{x:,.0f}' for x in base)})")

    results = {}
    for mode in [m for m in args.modes.split(",") if m]:
        config = os.path.join(work, f"{mode}.yml")
        extra = "  merge_keys: [id]\n" if mode == "merge" else ""
        with open(config, "w") as f:
            f.write(f"in:\n  type: mysql\n  {conn('src')}  table: events\n"
                    f"out:\n  type: mysql\n  {conn('dst')}  table: events\n  mode: {mode}\n{extra}")
        rates, cpu = [], []
        for _ in range(args.runs):
            sql("TRUNCATE dst.events")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            r = subprocess.run([embulk, "run", config], capture_output=True, text=True)
            elapsed = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if r.returncode != 0:
                sys.exit(f"embulk run failed ({mode}):\n{r.stdout}\n{r.stderr}")
            count = int(sql("SELECT count(*) FROM dst.events"))
            assert count == args.rows, (mode, count)
            rates.append(args.rows / elapsed)
        results[mode] = statistics.median(rates)
        print(f"{mode:14s} {args.rows} rows: median {results[mode]:,.0f} rows/s "
              f"({args.rows / results[mode]:.2f} s, embulk CPU {statistics.median(cpu):.2f} s; "
              f"runs: {', '.join(f'{x:,.0f}' for x in rates)})")

    # The seed job: a per-minute summary of recent events into summary_logs, wall time per run.
    sql("CREATE TABLE src.logs (id int AUTO_INCREMENT PRIMARY KEY, datetime timestamp NOT NULL, value1 int NOT NULL,"
        " value2 int NOT NULL, category varchar(1) NOT NULL, flg int NOT NULL);"
        "CREATE TABLE src.summary_logs (id int auto_increment primary key, dt_minute timestamp NULL, min_id int,"
        " max_id int, start timestamp NULL, end timestamp NULL, count int);"
        "INSERT INTO src.logs (datetime, value1, value2, category, flg) SELECT now() - interval seq * 10 second,"
        " 1, 2, 'a', 0 FROM src.seq_1_to_360 ORDER BY seq DESC")
    seed = os.path.join(repo, "Tests/EndToEndTests/EmbulkSeedJobTests.swift")
    text = open(seed).read()
    config = text.split('static let userConfig = """\n', 1)[1].split('        """', 1)[0]
    config = "\n".join(line[8:] for line in config.splitlines()) + "\n"
    config = config.replace("  host: {{ env.mysql_host }}\n", "  host: {{ env.mysql_host }}\n  port: {{ env.mysql_port }}\n")
    path = os.path.join(work, "embulk_mysql_mysql.yml.liquid")
    open(path, "w").write(config)
    env = dict(os.environ, mysql_host="127.0.0.1", mysql_port=str(port), mysql_user="bench",
               mysql_password="bench", mysql_database="src")
    walls = []
    for _ in range(args.seed_runs):
        t0 = time.perf_counter()
        subprocess.run([embulk, "run", path], check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - t0)
    print(f"seed job (embulk_mysql_mysql.yml.liquid): median wall time {statistics.median(walls) * 1000:.0f} ms per run")
finally:
    subprocess.run(["mariadb-admin", "--no-defaults", f"--socket={sock}", "-uroot", "shutdown"], capture_output=True)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    shutil.rmtree(work, ignore_errors=True)
