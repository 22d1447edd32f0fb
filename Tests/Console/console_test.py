#!/usr/bin/python3
"""Drives the web console in headless Chromium against a running `digdag server`.

Usage: /usr/bin/python3 console_test.py BASE_URL SCENARIO [KEY=VALUE...]
Scenarios: flow, editor, schedule, paging, notfound, auth, live, kill, retry (see each function).
Options: shots=DIR saves screenshots there; user=/password= for `auth`; flag=PATH for `retry`.
Prints "ok: <step>" per step and "PASS <scenario>" at the end; exits 1 on the first failure.
Run by Tests/EndToEndTests/ConsoleBrowserTests.swift (Debian chromium, chromium-driver and
python3-selenium; run with Debian's /usr/bin/python3).
"""
import base64
import json
import os
import signal
import sys
import time
import traceback
import urllib.error
import urllib.request

os.environ.setdefault("SE_AVOID_STATS", "true")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

BASE = sys.argv[1].rstrip("/")
SCENARIO = sys.argv[2]
OPTIONS = dict(arg.split("=", 1) for arg in sys.argv[3:])
SHOTS = OPTIONS.get("shots")
AUTH = (OPTIONS.get("user"), OPTIONS.get("password")) if OPTIONS.get("user") else None


def ok(step):
    print(f"ok: {step}", flush=True)


def api(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if AUTH:
        token = base64.b64encode(f"{AUTH[0]}:{AUTH[1]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{method} {path}: {error.code} {error.read()[:300]!r}")


def start_browser(width=1280, height=1000):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver


def wait(driver, condition, what, timeout=30):
    try:
        return WebDriverWait(
            driver, timeout, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)
        ).until(lambda d: condition(d))
    except Exception as error:
        raise AssertionError(f"timed out waiting for {what} on {driver.current_url}") from error


def find(driver, css):
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0] if found else None


def click(driver, css):
    press(driver, css, f"{css} to click")


def press(driver, css, what, enabled=False, timeout=30):
    """Waits for `css` (and, if asked, for it to be enabled) and clicks it. Finding and clicking
    are retried together: the console re-renders live, so a found element may be replaced before
    the click reaches it (StaleElementReferenceException, which `wait` ignores)."""
    def attempt(d):
        element = find(d, css)
        if element is None or (enabled and not element.is_enabled()):
            return False
        element.click()
        return True
    wait(driver, attempt, what, timeout)


def text(driver, css):
    # Read in the page in one step: the console re-renders live, so element handles go stale.
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css) or ""


def shot(driver, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        path = os.path.join(SHOTS, f"{name}.png")
        driver.save_screenshot(path)
        print(f"screenshot: {path}", flush=True)


def open_page(driver, path):
    driver.get(BASE + path)
    wait(driver, lambda d: find(d, "main .page") is not None, f"page {path}")


def graph_nodes(driver):
    return driver.execute_script(
        "const r = {}; document.querySelectorAll('#graph a.node').forEach("
        "n => { r[n.dataset.task] = n.dataset.state; }); return r;")


def attempt_status(driver):
    return driver.execute_script(
        "const b = document.querySelector('#attempt-status .badge'); return b ? b.dataset.status : null;")


def run_workflow(driver, name):
    """Opens "/", follows the workflow's link, presses RUN; returns the attempt id."""
    open_page(driver, "/")
    press(driver, f'#workflows tr[data-workflow="{name}"] a', f"workflow {name} listed")
    press(driver, "#run", "RUN button")
    wait(driver, lambda d: "/attempts/" in d.current_url, "attempt page after RUN")
    return driver.current_url.rsplit("/", 1)[1]


def scenario_flow(driver):
    open_page(driver, "/")
    wait(driver, lambda d: find(d, '#workflows tr[data-workflow="mydag"]'), "mydag in the workflows list")
    wait(driver, lambda d: text(d, "#server-version") == "v0.10.5", "server version in the navbar")
    ok("workflows list shows mydag and the server version")
    shot(driver, "workflows")
    click(driver, '#workflows tr[data-workflow="mydag"] a')
    wait(driver, lambda d: "+repeat" in text(d, "#definition-text"), "highlighted definition")
    ok("workflow page shows the definition")
    shot(driver, "workflow")
    click(driver, "#run")
    wait(driver, lambda d: "/attempts/" in d.current_url, "attempt page after RUN")
    attempt = driver.current_url.rsplit("/", 1)[1]
    wait(driver, lambda d: attempt_status(d) == "success", "attempt success (live)", timeout=60)
    ok(f"RUN started attempt {attempt} and it turned green without a reload")
    nodes = wait(driver, lambda d: (lambda n: n if all(s == "success" for s in n.values())
                                    and "+mydag+teardown" in n else None)(graph_nodes(d)), "graph all success")
    expected = {"+mydag", "+mydag+setup", "+mydag+disp_current_date", "+mydag+repeat", "+mydag+repeat^sub", "+mydag+teardown"}
    missing = expected - set(nodes)
    assert not missing, f"graph misses {missing}: {sorted(nodes)}"
    tasks = api("GET", f"/api/attempts/{attempt}/tasks")["tasks"]
    assert set(nodes) == {t["fullName"] for t in tasks}, f"graph {sorted(nodes)} != tasks"
    ok(f"graph shows all {len(nodes)} tasks of mydag as success")
    wait(driver, lambda d: "finish" in text(d, "#logs") and "first dog" in text(d, "#logs"), "task logs")
    ok("task logs are shown")
    shot(driver, "attempt")
    node = find(driver, '#graph a.node[data-task="+mydag+teardown"]')
    driver.execute_script("arguments[0].focus()", node)
    driver.switch_to.active_element.send_keys("\n")
    wait(driver, lambda d: "#task-" in d.current_url, "graph node link")
    anchor = driver.current_url.split("#", 1)[1]
    wait(driver, lambda d: find(d, f"details#{anchor}") and "finish" in text(d, f"details#{anchor}"), "the task's log section")
    assert find(driver, "#graph") is not None, "the page was left"
    ok("a graph node, reached by keyboard, leads to its task's logs on the same page")
    driver.find_element(By.LINK_TEXT, "Sessions").click()
    row = wait(driver, lambda d: find(d, "#sessions tbody tr"), "sessions table")
    assert row.find_element(By.CSS_SELECTOR, ".badge").get_attribute("data-status") == "success"
    ok("sessions page shows the session as success")
    shot(driver, "sessions")
    select = find(driver, "#status-filter")
    select.find_element(By.CSS_SELECTOR, 'option[value="error"]').click()
    wait(driver, lambda d: "status=error" in d.current_url and not find(d, "#sessions tr[data-session-id]"), "filter")
    driver.back()
    wait(driver, lambda d: find(d, "#sessions tr[data-session-id]"), "back to unfiltered sessions")
    ok("status filter in the URL; back works")
    press(driver, "#sessions tr[data-session-id] a", "a session's link")
    wait(driver, lambda d: find(d, "#retry-all") and find(d, "#attempts"), "session page")
    ok("session page with RETRY ALL")
    shot(driver, "session")
    driver.back()
    wait(driver, lambda d: d.current_url.endswith("/sessions"), "back to sessions")
    driver.forward()
    wait(driver, lambda d: "/sessions/" in d.current_url and find(d, "#retry-all"), "forward to the session")
    ok("back and forward")
    open_page(driver, "/projects")
    press(driver, '#projects tr[data-project="mydag"] a', "projects list")
    wait(driver, lambda d: "mydag.dig" in text(d, "#project-files"), "project files")
    ok("project page lists workflows and files")
    shot(driver, "project")
    driver.set_window_size(390, 844)
    open_page(driver, f"/attempts/{attempt}")
    wait(driver, lambda d: attempt_status(d) == "success", "attempt page at 390 px")
    overflow = driver.execute_script("return document.documentElement.scrollWidth")
    assert overflow <= 392, f"page is {overflow}px wide at 390px"
    ok("usable at 390 px (no horizontal page scroll)")
    shot(driver, "attempt-390px")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("\t")
    focused = driver.execute_script("return document.activeElement.textContent")
    assert "Skip to content" in focused, f"first tab stop is {focused!r}"
    ok("keyboard: the first tab stop is the skip link")


def scenario_editor(driver):
    project = api("GET", "/api/projects?name=mydag")["projects"][0]
    old_revision = project["revision"]
    open_page(driver, f"/projects/{project['id']}/edit")
    area = wait(driver, lambda d: find(d, '.file[data-file="mydag.dig"] textarea'), "editor textarea")
    source = area.get_attribute("value")
    schedule = "schedule:\n  cron>: '* * * * *'\n"
    driver.execute_script("arguments[0].value = arguments[1]", area, schedule + source)
    shot(driver, "editor")
    click(driver, "#save")
    wait(driver, lambda d: d.current_url.rstrip("/").endswith(f"/projects/{project['id']}")
         and text(d, "#project-revision") not in ("", old_revision), "project page with the new revision")
    saved = api("GET", f"/api/projects/{project['id']}")
    assert saved["revision"] != old_revision
    schedules = [s for s in api("GET", "/api/schedules")["schedules"] if s["workflow"]["name"] == "mydag"]
    assert schedules, "no schedule after Save"
    ok(f"Save stored revision {saved['revision']} and a schedule")
    for bad, label in (("+a:\n  echo>: [unclosed\n", "bad YAML"),
                       ("schedule:\n  cronx>: '* * * * *'\n+a:\n  echo>: a\n", "unknown schedule key")):
        open_page(driver, f"/projects/{project['id']}/edit")
        area = wait(driver, lambda d: find(d, '.file[data-file="mydag.dig"] textarea'), "editor textarea")
        driver.execute_script("arguments[0].value = arguments[1]", area, bad)
        click(driver, "#save")
        error = wait(driver, lambda d: find(d, '.file[data-file="mydag.dig"] .file-error .error'), f"error next to the file ({label})")
        assert "/edit" in driver.current_url
        after = api("GET", f"/api/projects/{project['id']}")
        assert after["revision"] == saved["revision"], "a bad Save stored a revision"
        ok(f"{label}: error shown next to mydag.dig ({error.text[:80]!r}); nothing stored")
    shot(driver, "editor-error")
    open_page(driver, "/projects/new")
    wait(driver, lambda d: find(d, "#editor-project"), "new project form").send_keys("fresh")
    click(driver, "#add-file")
    names = driver.find_elements(By.CSS_SELECTOR, ".file .file-name")
    names[-1].clear()
    names[-1].send_keys("scripts/hello.sh")
    areas = driver.find_elements(By.CSS_SELECTOR, ".file textarea")
    driver.execute_script("arguments[0].value = arguments[1]", areas[-1], "echo hello\n")
    click(driver, "#save")
    wait(driver, lambda d: "scripts/hello.sh" in text(d, "#project-files"), "new project with a file in a folder")
    ok("new project saved with an added file")


def scenario_schedule(driver):
    schedule = api("GET", "/api/schedules")["schedules"][0]
    open_page(driver, f"/workflows/{schedule['workflow']['id']}")
    press(driver, "#pause", "PAUSE button")
    wait(driver, lambda d: "paused" in text(d, "#schedule-state"), "paused state")
    assert api("GET", f"/api/schedules/{schedule['id']}")["disabledAt"] is not None
    ok("PAUSE disabled the schedule")
    shot(driver, "workflow-paused")
    click(driver, "#resume")
    wait(driver, lambda d: text(d, "#schedule-state") == "active", "active state")
    assert api("GET", f"/api/schedules/{schedule['id']}")["disabledAt"] is None
    ok("RESUME enabled it again")


def scenario_paging(driver):
    total = len(api("GET", "/api/sessions?page_size=100")["sessions"])
    assert total == 100, total
    open_page(driver, "/sessions")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#sessions tr[data-session-id]")) == 100, "100 rows")
    driver.find_element(By.LINK_TEXT, "Older").click()
    wait(driver, lambda d: "last_id=" in d.current_url
         and 0 < len(d.find_elements(By.CSS_SELECTOR, "#sessions tr[data-session-id]")) < 100, "the older page")
    older = len(driver.find_elements(By.CSS_SELECTOR, "#sessions tr[data-session-id]"))
    ok(f"Older shows the remaining {older} sessions")
    driver.find_element(By.LINK_TEXT, "Latest").click()
    wait(driver, lambda d: "last_id" not in d.current_url
         and len(d.find_elements(By.CSS_SELECTOR, "#sessions tr[data-session-id]")) == 100, "the latest page again")
    ok("Latest goes back to the newest 100")


def scenario_notfound(driver):
    for path in ("/no/such/page", "/attempts/999999", "/sessions/424242", "/projects/abc", "/workflows/77777",
                 "/projects/31337/edit"):
        open_page(driver, path)
        wait(driver, lambda d: find(d, "#not-found"), f"not found page for {path}")
        ok(f"{path}: {text(driver, '#not-found')}")
    shot(driver, "not-found")


def scenario_auth(driver):
    open_page(driver, "/")
    wait(driver, lambda d: find(d, "#login-form"), "login form")
    shot(driver, "login")
    find(driver, "#login-user").send_keys(AUTH[0])
    find(driver, "#login-password").send_keys("wrong")
    click(driver, "#login-submit")
    wait(driver, lambda d: "Wrong" in text(d, "#login-error"), "wrong password message")
    ok("wrong password is refused")
    find(driver, "#login-user").clear()
    find(driver, "#login-user").send_keys(AUTH[0])
    find(driver, "#login-password").send_keys(AUTH[1])
    click(driver, "#login-submit")
    wait(driver, lambda d: find(d, '#workflows tr[data-workflow="mydag"]'), "workflows after login")
    assert AUTH[1] not in driver.current_url
    ok("login shows the workflows; no credentials in the URL")
    attempt = run_workflow(driver, "mydag")
    wait(driver, lambda d: attempt_status(d) == "success", "attempt success with auth (live events)", timeout=60)
    wait(driver, lambda d: "finish" in text(d, "#logs"), "logs with auth")
    ok(f"RUN, live updates and logs work with auth (attempt {attempt})")
    open_page(driver, "/sessions")
    wait(driver, lambda d: find(d, "#sessions tr[data-session-id]"), "sessions with auth")
    click(driver, "#logout")
    wait(driver, lambda d: find(d, "#login-form"), "login form after logout")
    ok("logout")
    if OPTIONS.get("token"):
        find(driver, "#login-token").send_keys("ddt_not-a-token")
        click(driver, "#login-submit")
        wait(driver, lambda d: "Unknown" in text(d, "#login-error"), "unknown token message")
        find(driver, "#login-token").send_keys(OPTIONS["token"])
        click(driver, "#login-submit")
        wait(driver, lambda d: find(d, "#sessions tr[data-session-id]"), "sessions after token login")
        assert OPTIONS["token"] not in driver.current_url
        ok("login with an API token")


def scenario_live(driver):
    """The task prints `lineN <epoch seconds>` every second; each line's delay to the open log
    view is measured (same machine clock)."""
    attempt = run_workflow(driver, "live")
    wait(driver, lambda d: graph_nodes(d).get("+live+count") == "running", "running task in the graph")
    delays = {}
    deadline = time.time() + 30
    while time.time() < deadline and len(delays) < 6:
        now = time.time()
        for line in text(driver, "#logs").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[-2].startswith("line") and parts[-2] not in delays:
                try:
                    delays[parts[-2]] = now - float(parts[-1])
                except ValueError:
                    pass
        if "line2" in delays and "running_seen" not in OPTIONS:
            assert attempt_status(driver) == "running", "the attempt ended before its log was seen"
            OPTIONS["running_seen"] = "1"
            shot(driver, "attempt-running")
        time.sleep(0.03)
    assert len(delays) == 6, f"lines seen: {sorted(delays)}"
    summary = ", ".join(f"{k}={v:.2f}s" for k, v in sorted(delays.items()))
    ok(f"log lines arrived live while running: {summary}")
    later = [v for k, v in delays.items() if k != "line1"]
    assert max(later) <= float(OPTIONS.get("max_delay", "1.0")), f"too slow: {summary}"
    wait(driver, lambda d: attempt_status(d) == "success", "success", timeout=60)
    wait(driver, lambda d: graph_nodes(d).get("+live+count") == "success", "graph state updated live")
    ok(f"attempt {attempt}: states updated live")


def scenario_kill(driver):
    attempt = run_workflow(driver, "killme")
    wait(driver, lambda d: graph_nodes(d).get("+killme+sleep") == "running", "sleep task running")
    pressed = time.time()
    click(driver, "#kill")
    wait(driver, lambda d: find(d, "#kill") and not find(d, "#kill").is_enabled(), "KILL disabled once requested")
    # The attempt ends when its running task ends (`sleep 8`: a running command is not interrupted, as in Digdag);
    # every task that had not started ends canceled.
    wait(driver, lambda d: attempt_status(d) == "killed", "killed", timeout=40)
    data = api("GET", f"/api/attempts/{attempt}")
    assert data["done"] and data["cancelRequested"] and not data["success"], data
    states = {t["fullName"]: t["state"] for t in api("GET", f"/api/attempts/{attempt}/tasks")["tasks"]}
    assert states.get("+killme+sleep") in ("canceled", "error"), states
    assert states.get("+killme+after") == "canceled", states
    wait(driver, lambda d: graph_nodes(d) == states, "graph shows the final states")
    ok(f"KILL ended attempt {attempt} {time.time() - pressed:.1f}s after the press; tasks: {states}")
    shot(driver, "attempt-killed")


def scenario_retry(driver):
    attempt = run_workflow(driver, "retry")
    wait(driver, lambda d: attempt_status(d) == "error", "failure", timeout=60)
    nodes = wait(driver, lambda d: (lambda n: n if n.get("+retry+check") == "error" else None)(graph_nodes(d)), "failed task")
    generated = [name for name in nodes if "^error" in name or "^check" in name]
    assert any("^error" in n for n in generated) and any("^check" in n for n in generated), sorted(nodes)
    edges = driver.find_elements(By.CSS_SELECTOR, "#graph path.edge")
    assert len(edges) >= 3, f"{len(edges)} edges"
    ok(f"graph shows ^check/^error tasks and {len(edges)} upstream edges")
    shot(driver, "attempt-failed")
    with open(OPTIONS["flag"], "w") as flag:
        flag.write("fixed\n")
    session = api("GET", f"/api/attempts/{attempt}")["sessionId"]
    open_page(driver, f"/sessions/{session}")
    press(driver, "#retry-failed", "RETRY FAILED", enabled=True)
    wait(driver, lambda d: "/attempts/" in d.current_url and not d.current_url.endswith(f"/{attempt}"), "retry attempt page")
    wait(driver, lambda d: attempt_status(d) == "success", "retry succeeded", timeout=60)
    retried = driver.current_url.rsplit("/", 1)[1]
    data = api("GET", f"/api/attempts/{retried}")
    assert data["sessionId"] == session and data["retryAttemptName"], data
    ok(f"RETRY FAILED made attempt {retried} of session {session}, which succeeded")
    open_page(driver, f"/sessions/{session}")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#attempts tbody tr")) == 2, "two attempts listed")
    press(driver, "#retry-all", "RETRY ALL", enabled=True)
    wait(driver, lambda d: "/attempts/" in d.current_url and not d.current_url.endswith(f"/{retried}"), "RETRY ALL attempt")
    wait(driver, lambda d: attempt_status(d) == "success", "RETRY ALL succeeded", timeout=60)
    again = api("GET", f"/api/attempts/{driver.current_url.rsplit('/', 1)[1]}")
    assert again["sessionId"] == session and again["index"] == 3, again
    ok("RETRY ALL made a third attempt of the same session")


def on_signal(number, _frame):
    raise TimeoutError(f"stopped by signal {number}")


def main():
    # Bounded: the scenario gives up after 120 s (or on SIGTERM) and still closes the browser.
    signal.signal(signal.SIGALRM, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.alarm(int(OPTIONS.get("timeout", "120")))
    driver = start_browser()
    try:
        globals()[f"scenario_{SCENARIO}"](driver)
        print(f"PASS {SCENARIO}", flush=True)
        return 0
    except Exception:
        traceback.print_exc()
        print(f"FAIL {SCENARIO} at {driver.current_url}", flush=True)
        try:
            shot(driver, f"failure-{SCENARIO}")
            print(driver.find_element(By.TAG_NAME, "main").text[:2000])
            for entry in driver.get_log("browser")[-20:]:
                print("browser:", entry.get("message"))
        except Exception:
            pass
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
