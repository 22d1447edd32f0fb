"""Helpers shared by the benchmark scripts (and scripts/startup-order): start a `digdag server`
on a free 127.0.0.1 port, call its REST API, build project archives, read a process's memory."""
import io, json, os, subprocess, tarfile, time, urllib.error, urllib.request


def tar_gz(files):
    """A project archive (tar.gz bytes) of {name: text}."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def call(base, method, path, body=None, ctype="application/json", timeout=60):
    """One REST call; the parsed JSON answer."""
    req = urllib.request.Request(base + path, data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {path}: HTTP {e.code}: {e.read().decode(errors='replace')[:500]}") from None


def start_server(binary, workdir, extra, launcher=(), timeout=60):
    """Starts `binary server` (behind `launcher`, e.g. valgrind) on a free port and waits until it
    answers: (process, base URL, seconds from start to the first answer)."""
    info = os.path.join(workdir, "info.json")
    if os.path.exists(info):
        os.remove(info)
    t0 = time.perf_counter()
    p = subprocess.Popen(list(launcher) + [binary, "server", "-n", "0", "-X", f"server.runtime-info.path={info}"] + extra,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir)
    deadline = time.time() + timeout
    base = None
    while True:
        if p.poll() is not None or time.time() > deadline:
            p.kill()
            raise RuntimeError(f"digdag server did not answer within {timeout} s")
        try:
            if base is None and os.path.exists(info):
                base = f"http://127.0.0.1:{json.load(open(info))['local_addresses'][0]['port']}"
            if base is not None:
                call(base, "GET", "/api/version")
                return p, base, time.perf_counter() - t0
        except (OSError, ValueError, KeyError):
            pass  # the info file is half-written, or the port does not answer yet
        time.sleep(0.002)


def rss_mb(pid):
    """Resident memory of a process in MB."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0
