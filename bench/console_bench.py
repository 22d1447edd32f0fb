#!/usr/bin/python3
"""Measures the web console in headless Chromium against a fresh `digdag server --memory`:
the first load's compressed transfer size, and how long the Sessions page takes to show its
rows with 1,000 sessions in the database (full page load, and in-app navigation).

Usage: /usr/bin/python3 bench/console_bench.py <digdag binary> [sessions]
(Debian's python3 with python3-selenium, chromium and chromium-driver.) The live log delay is
measured by `swift test --filter ConsoleBrowserTests/liveLogLinesAndStates`."""
import datetime, json, os, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("SE_AVOID_STATS", "true")
from digdag_api import call, start_server, tar_gz  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

ROWS_SCRIPT = """
const done = arguments[arguments.length - 1];
const want = arguments[0];
const t0 = arguments[1] ? performance.now() : 0;
if (arguments[1]) window.digdagConsole.navigate('/sessions');
(function poll() {
  if (document.querySelectorAll('#sessions tr[data-session-id]').length >= want) done(performance.now() - t0);
  else requestAnimationFrame(poll);
})();
"""


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(60)
    return driver


def main():
    binary = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    work = tempfile.mkdtemp(prefix="console-bench-")
    server, base, _ = start_server(binary, work, ["--memory", "-X", f"executor.attempt_max_run={count + 10}"])
    try:
        call(base, "PUT", "/api/projects?project=bench&revision=r1",
             tar_gz({"bench.dig": "+a:\n  echo>: hi\n"}), ctype="application/gzip")
        start = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
        for i in range(count):
            when = (start + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            call(base, "PUT", "/api/attempts",
                 json.dumps({"workflowId": "1", "sessionTime": when, "params": {}}).encode())
        driver = browser()
        try:
            driver.get(base + "/")
            driver.execute_async_script(
                "const d = arguments[0]; (function p() { document.querySelector('#workflows') ? d() : setTimeout(p, 10); })();")
            entries = driver.execute_script(
                "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                ".map(e => [e.name, e.transferSize, e.encodedBodySize, e.decodedBodySize])")
            console = [e for e in entries if "/api/" not in e[0]]
            first_load = sum(e[2] for e in console)
            result = {"first_load_bytes_compressed": first_load,
                      "first_load_bytes_uncompressed": sum(e[3] for e in console),
                      "first_load_files": len(console)}
            driver.get(base + "/sessions")
            result["sessions_full_load_ms"] = round(driver.execute_async_script(ROWS_SCRIPT, 100, False))
            runs = []
            for _ in range(5):
                driver.execute_script("window.digdagConsole.navigate('/')")
                time.sleep(0.3)
                runs.append(driver.execute_async_script(ROWS_SCRIPT, 100, True))
            result["sessions_navigation_ms_median"] = round(sorted(runs)[len(runs) // 2])
            result["sessions_in_database"] = count
            print(json.dumps(result))
        finally:
            driver.quit()
    finally:
        server.kill()


if __name__ == "__main__":
    main()
