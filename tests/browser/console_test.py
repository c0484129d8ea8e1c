#!/usr/bin/env python3
"""The web console in a real browser (headless Chromium driven by Selenium).

Starts a real gongkaid (manual clock) over a fresh data directory, replays
the demo year 2012 into it, enrols the office's people with `gongkai user
add` and gives each a web password with `gongkai user passwd`, starts the
real gongkai-web, and then, as the people themselves in the browser:

- a clerk logs in, registers a request and sees its due date;
- an officer opens it from the queue (found with the search box), starts
  and ends a consultation and sees the due date move;
- a head extends it and sees the due date move again;
- on the city supervisor's supervision page, an overdue alert for it
  appears without a reload when the manual clock passes the due date
  (`gongkai clock advance`), and is acknowledged with a note;
- a county supervisor gets a refusal page for another county's request;
- the reporter's CSV download is byte for byte the CLI's;
- the operator's page lists the people and dry-runs a calendar.

Every page is checked: lang="zh-CN", every input has a label, and pressing
Tab reaches every action (link, button, field). A screenshot of every page
is saved in --screenshots. Nothing sleeps: each wait is a WebDriverWait or a
select() on a process's output, with a timeout.

Exit codes: 0 all passed, 1 a failure, 77 skipped (no Selenium, Chromium or
chromedriver installed: CTest's SKIP_RETURN_CODE).
"""

import argparse
import datetime
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse

DEBIAN_PYTHON = "/usr/bin/python3"
SKIPPED = 77
WAIT_S = 20
PROCESS_WAIT_S = 30
PASSWORD = "网页密码-2012"
SUBJECT = "胜利街道老旧小区改造资金使用情况（浏览器测试）"
SEARCH_WORDS = "胜利街道"
CALENDAR_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "engine",
                             "data", "cn_working_days.cal")
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
DRIVER_CANDIDATES = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]

# The people: key, name, roles, agency (the demo's, run.sh).
PEOPLE = [
    ("clerk", "李受理", "clerk", "210300"),
    ("officer", "张承办", "officer", "210300"),
    ("head", "赵负责", "head", "210300"),
    ("supervisor", "钱督办", "supervisor", "210300"),
    ("county", "孙督办", "supervisor", "210302"),
    ("reporter", "周统计", "reporter", "210300"),
    ("importer", "历史导入", "clerk,officer,head,operator", "210300"),
]


def _reexec_with_debian_python():
    """python3-selenium lives in Debian's interpreter; CMake may have found
    another python3 first."""
    if os.environ.get("GONGKAI_PY_REEXEC") or not os.path.exists(DEBIAN_PYTHON):
        return
    if os.path.realpath(sys.executable) == os.path.realpath(DEBIAN_PYTHON):
        return
    os.environ["GONGKAI_PY_REEXEC"] = "1"
    sys.stdout.flush()
    os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON] + sys.argv)


try:
    from selenium import webdriver
    from selenium.common.exceptions import (StaleElementReferenceException, TimeoutException,
                                            WebDriverException)
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError as missing:
    _reexec_with_debian_python()
    print("console_test: skipped: %s (install python3-selenium, chromium and chromium-driver)"
          % missing)
    sys.exit(SKIPPED)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def parse_date(text):
    return datetime.date.fromisoformat(text)


class Process:
    """A child whose standard output is read for a line, with a deadline;
    its standard error goes to a log file."""

    def __init__(self, argv, log_path, env=None):
        self.argv = argv
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=self._log, env=env)
        self.output = b""

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def wait_for(self, pattern, what):
        """Reads standard output until a line matches `pattern`; returns the
        match."""
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + PROCESS_WAIT_S
        regex = re.compile(pattern)
        while True:
            for line in self.output.decode(errors="replace").split("\n"):
                found = regex.search(line)
                if found:
                    return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("%s: no line matching %r within %d s; output:\n%s\nstderr:\n%s"
                              % (what, pattern, PROCESS_WAIT_S, self.output.decode(errors="replace"),
                                 self.log()))
            readable, _, _ = select.select([fd], [], [], left)
            if not readable:
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                code = self.process.wait(timeout=10)
                raise Failure("%s exited with %s before %r; output:\n%s\nstderr:\n%s"
                              % (what, code, pattern, self.output.decode(errors="replace"),
                                 self.log()))
            self.output += chunk

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process.stdout.close()
        self._log.close()


class Office:
    """gongkaid with the demo year, the people, and gongkai-web."""

    def __init__(self, args, root):
        self.args = args
        self.root = root
        self.people_dir = os.path.join(root, "people")
        os.makedirs(self.people_dir, mode=0o700)
        self.daemon = None
        self.web = None
        self.endpoint = ""
        self.url = ""

    def identity(self, key):
        return os.path.join(self.people_dir, key + ".identity")

    def cli(self, key, *words, stdin=None, check_ok=True):
        argv = [self.args.cli, "--server", self.endpoint, "--identity", self.identity(key)] + list(words)
        done = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=120, env=dict(os.environ, LANG="C.UTF-8"))
        if check_ok and done.returncode != 0:
            raise Failure("gongkai %s failed (%d): %s" % (" ".join(words), done.returncode,
                                                          done.stderr.decode(errors="replace")))
        return done

    def start(self):
        data = os.path.join(self.root, "data")
        subprocess.run([self.args.daemon, "init", "--data", data, "--operator", "王运维", "--out",
                        self.identity("operator"), "--agencies", self.args.agencies],
                       check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=60)
        self.daemon = Process(
            [self.args.daemon, "--data", data, "--listen", "tcp://127.0.0.1:*", "--alerts",
             "tcp://127.0.0.1:*", "--clock", "manual:2012-01-01", "--agencies", self.args.agencies],
            os.path.join(self.root, "gongkaid.stderr"))
        ready = self.daemon.wait_for(r"ready: commands on (tcp://[0-9.]+:\d+)", "gongkaid")
        self.endpoint = ready.group(1)
        for key, name, roles, agency in PEOPLE:
            self.cli("operator", "user", "add", name, "--role", roles, "--agency", agency, "--out",
                     self.identity(key))
        # The gateway: a service with the delegate right (and the least
        # role; it acts as the people who log in).
        self.cli("operator", "user", "add", "网页网关", "--role", "reporter", "--agency", "210300",
                 "--delegate", "--out", self.identity("gateway"))
        for key, name, _, _ in PEOPLE + [("operator", "王运维", "", "")]:
            self.cli("operator", "user", "passwd", name, "--password-stdin",
                     stdin=(PASSWORD + "\n").encode())
        # The demo year: 93 requests of the seed's city, replayed; the
        # manual clock ends on 31 December 2012.
        year = os.path.join(self.root, "demo-2012.jsonl")
        self.cli("operator", "generate", "--year", "2012", "--seed", "2012", "--out", year)
        self.cli("importer", "replay", year)
        self.web = Process([self.args.web, "--engine", self.endpoint, "--identity",
                            self.identity("gateway"), "--listen", "127.0.0.1:0"],
                           os.path.join(self.root, "gongkai-web.stderr"))
        serving = self.web.wait_for(r"serving (http://127\.0\.0\.1:\d+)/", "gongkai-web")
        self.url = serving.group(1)

    def stop(self):
        for process in (self.web, self.daemon):
            if process is not None:
                process.stop()


def find_browser():
    chromium = next((p for p in CHROMIUM_CANDIDATES if os.access(p, os.X_OK)), None)
    driver = next((p for p in DRIVER_CANDIDATES if os.access(p, os.X_OK)), None)
    driver = driver or shutil.which("chromedriver")
    return chromium, driver


def new_driver(chromium, driver_path, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--lang=zh-CN", "--no-first-run",
                     "--disable-extensions", "--disable-background-networking"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": downloads, "download.prompt_for_download": False,
        "intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    # Dates and numbers as in China (headless Chromium ignores --lang).
    driver.execute_cdp_cmd("Emulation.setLocaleOverride", {"locale": "zh-CN"})
    try:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow",
                                                               "downloadPath": downloads})
    except WebDriverException:
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow",
                                                            "downloadPath": downloads})
    return driver


# What the page checks run in the page.
LABELS_JS = """
const controls = [...document.querySelectorAll(
  'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]), select, textarea')];
return controls.filter(c => {
  const labelled = c.labels && [...c.labels].some(l => l.textContent.trim() !== '');
  return !labelled && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby');
}).map(c => c.id || c.name || c.outerHTML.slice(0, 80));
"""

# Marks every visible, enabled action and field, records which of them get
# the focus, and puts a start marker before everything else.
TAB_SETUP_JS = """
const selector = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])';
const visible = (e) => {
  if (e.disabled || e.closest('[hidden]')) return false;
  const style = getComputedStyle(e);
  if (style.visibility === 'hidden' || style.display === 'none') return false;
  return e.getClientRects().length > 0;
};
const items = [...document.querySelectorAll(selector)].filter(visible);
items.forEach((e, i) => e.setAttribute('data-tab-check', String(i)));
window.__tabSeen = new Set();
document.addEventListener('focusin', (ev) => {
  const mark = ev.target.getAttribute && ev.target.getAttribute('data-tab-check');
  if (mark !== null) window.__tabSeen.add(mark);
}, true);
const start = document.createElement('span');
start.tabIndex = 0;
start.id = '__tab_start';
document.body.prepend(start);
start.focus();
return items.length;
"""

TAB_DONE_JS = """
return window.__tabSeen.size === document.querySelectorAll('[data-tab-check]').length;
"""

TAB_RESULT_JS = """
const missing = [...document.querySelectorAll('[data-tab-check]')]
  .filter(e => !window.__tabSeen.has(e.getAttribute('data-tab-check')))
  .map(e => (e.tagName + ' ' + (e.id || e.name || e.textContent || '').trim()).slice(0, 60));
document.getElementById('__tab_start').remove();
document.querySelectorAll('[data-tab-check]').forEach(e => e.removeAttribute('data-tab-check'));
return missing;
"""


class ConsoleTest:
    def __init__(self, args, office, driver):
        self.args = args
        self.office = office
        self.driver = driver
        # The pages redraw parts of themselves: an element found a moment
        # ago may be gone at the next look.
        self.wait = WebDriverWait(driver, WAIT_S,
                                  ignored_exceptions=[StaleElementReferenceException])
        self.shots = 0
        self.pages_checked = []
        self.request_id = ""
        self.due_dates = []

    # -- helpers ---------------------------------------------------------
    def go(self, path):
        self.driver.get(self.office.url + path)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def visible(self, css):
        return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)),
                               "no visible %s" % css)

    def text_in(self, css, text):
        self.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text),
                        "%s never said %r" % (css, text))

    def page_ready(self):
        """The page's script drew the header (the session is known)."""
        self.visible("#who")

    def login(self, key):
        name = dict((k, n) for k, n, _, _ in PEOPLE + [("operator", "王运维", "", "")])[key]
        # The cookies are cleared on a page without scripts (a page of the
        # console might still be redirecting with the last person's).
        self.go("/app.css")
        self.driver.delete_all_cookies()
        self.go("/index.html")
        self.visible("#name").send_keys(name)
        self.find("#password").send_keys(PASSWORD)
        self.find("#login").click()
        self.wait.until(lambda d: "/index.html" not in d.current_url and d.current_url.rstrip("/")
                        != self.office.url, "%s was not let in" % name)
        self.page_ready()

    def on_page(self, path):
        return urllib.parse.urlparse(self.driver.current_url).path == path

    def message(self):
        return self.find("#message").text

    def screenshot(self, name):
        self.shots += 1
        path = os.path.join(self.args.screenshots, "%02d-%s.png" % (self.shots, name))
        height = self.driver.execute_script(
            "window.scrollTo(0, 0);"
            "if (document.activeElement) document.activeElement.blur();"
            "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
        self.driver.set_window_size(1280, max(900, min(int(height) + 20, 5000)))
        self.driver.save_screenshot(path)
        self.driver.set_window_size(1280, 900)

    def check_page(self, name):
        """lang, labels, keyboard reach; then the screenshot."""
        lang = self.driver.execute_script("return document.documentElement.lang")
        check(lang == "zh-CN", "%s: lang is %r, not zh-CN" % (name, lang))
        unlabelled = self.driver.execute_script(LABELS_JS)
        check(not unlabelled, "%s: inputs without a label: %s" % (name, unlabelled))
        count = self.driver.execute_script(TAB_SETUP_JS)
        check(count > 0, "%s: nothing to focus" % name)
        # Tab in batches until every marked stop had the focus: a date field
        # takes three stops (year, month, day), a scrollable box may take one.
        for _ in range(4 * count // 20 + 3):
            chain = ActionChains(self.driver)
            for _ in range(20):
                chain.send_keys(Keys.TAB)
            chain.perform()
            if self.driver.execute_script(TAB_DONE_JS):
                break
        missing = self.driver.execute_script(TAB_RESULT_JS)
        check(not missing, "%s: Tab never reaches: %s" % (name, missing))
        self.pages_checked.append(name)
        self.screenshot(name)

    def due_shown(self):
        return self.find("#due").text.strip()

    def submit_event(self, kind, fields):
        form = "form[data-kind='%s']" % kind
        self.visible(form)
        for field, value in fields.items():
            control = self.find("#ev-%s-%s" % (kind, field))
            if control.tag_name == "select":
                Select(control).select_by_value(value)
            elif control.get_attribute("type") == "date":
                # Typed dates follow the locale's field order: set the value.
                self.driver.execute_script("arguments[0].value = arguments[1]", control, value)
            else:
                control.clear()
                control.send_keys(value)
        before = self.message()
        self.find("#ev-%s-submit" % kind).click()
        self.wait.until(lambda d: self.message() != before and "已记录" in self.message()
                        or d.find_element(By.CSS_SELECTOR, "#ev-%s-message" % kind).text,
                        "%s: no answer" % kind)
        refusal = self.find("#ev-%s-message" % kind).text if self.driver.find_elements(
            By.CSS_SELECTOR, "#ev-%s-message" % kind) else ""
        check("已记录" in self.message(), "%s was refused: %s" % (kind, refusal))

    # -- scenarios -------------------------------------------------------
    def login_page(self):
        self.go("/index.html")
        self.visible("#login")
        self.check_page("login")
        # A wrong password is refused in words, and nobody is let in.
        self.find("#name").send_keys("李受理")
        self.find("#password").send_keys("not the password")
        self.find("#login").click()
        self.wait.until(lambda d: self.message().strip() != "", "no refusal for a wrong password")
        check("/index.html" in self.driver.current_url, "a wrong password was let in")

    def clerk_registers(self):
        self.login("clerk")
        check(self.on_page("/intake.html"),
              "the clerk did not start on the intake page: %s" % self.driver.current_url)
        nav = [a.text for a in self.driver.find_elements(By.CSS_SELECTOR, ".site-nav a")]
        check(nav == ["登记", "待办"], "the clerk's navigation is %s" % nav)
        received = self.visible("#received")
        self.wait.until(lambda d: received.get_attribute("value") == "2012-12-31",
                        "the received date is not the engine's today")
        self.check_page("intake")
        Select(self.find("#agency")).select_by_value("210302")
        Select(self.find("#channel")).select_by_value("online")
        Select(self.find("#applicant-type")).select_by_value("natural_person")
        self.driver.execute_script("document.getElementById('received').value = '2012-12-24'")
        self.find("#applicant-name").send_keys("刘某某")
        self.find("#applicant-phone").send_keys("13800000000")
        self.find("#applicant-address").send_keys("铁东区胜利路1号")
        self.find("#subject").send_keys(SUBJECT)
        self.find("#save").click()
        self.visible("#result")
        self.request_id = self.find("#result-id").text.strip()
        due = self.find("#result-due").text.strip()
        check(re.fullmatch(r"210302-2012-\d{6}", self.request_id), "id %r" % self.request_id)
        check(parse_date(due) > datetime.date(2012, 12, 24), "due date %r" % due)
        check(self.driver.find_elements(By.CSS_SELECTOR, "#result-explanation li"),
              "no explanation of the due date")
        self.due_dates.append(due)
        self.screenshot("intake-saved")

    def officer_consults(self):
        check(self.request_id, "no request registered")
        self.login("officer")
        check(self.on_page("/queue.html"), "the officer starts on %s"
              % self.driver.current_url)
        self.visible("#requests tbody tr")
        self.check_page("queue")
        self.find("#q").send_keys(SEARCH_WORDS)
        self.find("#search-button").click()
        self.text_in("#list-title", SEARCH_WORDS)
        link = self.wait.until(EC.element_to_be_clickable((By.LINK_TEXT, self.request_id)),
                               "the search did not find %s" % self.request_id)
        self.screenshot("queue-search")
        link.click()
        self.text_in("#title", self.request_id)
        self.visible("#applicant-panel")
        check("刘某某" in self.find("#applicant").text, "the officer does not see the applicant")
        self.text_in("#due", self.due_dates[-1])
        self.check_page("request")
        self.submit_event("consult-start", {"on": "2012-12-25", "party": "某物业公司"})
        self.text_in("#due", "期限中止计算")
        self.submit_event("consult-end", {"on": "2012-12-28", "party": "某物业公司"})
        self.wait.until(lambda d: re.match(r"\d{4}-\d\d-\d\d", self.due_shown()),
                        "no due date after the consultation")
        due = self.due_shown()[:10]
        check(parse_date(due) > parse_date(self.due_dates[-1]),
              "the consultation did not move the due date: %s -> %s" % (self.due_dates[-1], due))
        self.due_dates.append(due)
        check("extend" not in self.allowed_forms(), "an officer is offered an extension")
        self.screenshot("request-consulted")

    def allowed_forms(self):
        return [f.get_attribute("data-kind") for f in
                self.driver.find_elements(By.CSS_SELECTOR, "form[data-kind]")]

    def head_extends(self):
        check(len(self.due_dates) >= 2, "no consultation recorded")
        self.login("head")
        self.go("/queue.html?q=" + SEARCH_WORDS)
        self.text_in("#list-title", SEARCH_WORDS)
        self.wait.until(EC.element_to_be_clickable((By.LINK_TEXT, self.request_id))).click()
        self.text_in("#due", self.due_dates[-1])
        check("extend" in self.allowed_forms(), "the head is not offered an extension: %s"
              % self.allowed_forms())
        self.submit_event("extend", {})
        self.wait.until(lambda d: self.due_shown()[:10] != self.due_dates[-1],
                        "the extension did not move the due date")
        due = self.due_shown()[:10]
        check(parse_date(due) > parse_date(self.due_dates[-1]), "extension moved it back: %s" % due)
        self.due_dates.append(due)
        check("延长答复期限" in self.find("#timeline").text, "no extension in the timeline")
        self.screenshot("request-extended")

    def supervisor_sees_overdue_live(self):
        check(len(self.due_dates) >= 3, "no extension recorded")
        self.login("supervisor")
        check(self.on_page("/supervision.html"),
              "the supervisor starts on %s" % self.driver.current_url)
        self.text_in("#live-state", "已连接")
        self.driver.execute_script("window.__sameDocument = 'yes'")
        self.check_page("supervision")
        # Past the due date by a week or two: at least one working day, less
        # than a further period, so the alert is "overdue".
        to = parse_date(self.due_dates[-1]) + datetime.timedelta(days=14)
        self.office.cli("operator", "clock", "advance", "--to", to.isoformat())
        item = "#feed li[data-level='overdue'] a[href$='%s']" % self.request_id
        # Longer than the page's catch-up (30 s), to tell a stream that
        # brought nothing from an alert that never came.
        WebDriverWait(self.driver, 45, ignored_exceptions=[StaleElementReferenceException]).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, item)),
            "no overdue alert for %s arrived" % self.request_id)
        # By the Server-Sent Events stream, not by the page's slow catch-up.
        via = self.driver.execute_script(
            "return arguments[0].closest('li').dataset.via", self.find(item))
        check(self.driver.execute_script("return window.__sameDocument") == "yes",
              "the page was reloaded")
        row = "#overdue tr[data-request='%s']" % self.request_id
        self.visible(row)
        days = int(self.find(row + " td.num").text)
        check(days >= 1, "working days overdue: %d" % days)
        self.screenshot("supervision-alert")
        note = self.find(row + " form.ack input")
        note.send_keys("已电话督促铁东区办理")
        note.send_keys(Keys.ENTER)
        self.text_in(row + " td[data-ack]", "已确认")
        self.text_in("#message", "已确认提醒")
        self.screenshot("supervision-acknowledged")
        # Checked last, so that a stream that brought nothing still lets the
        # worklist and the acknowledgement be tried.
        check(via == "stream", "the alert came by %r, not by the event stream (a stream sent "
              "compressed holds its events back: gongkai-web must not compress "
              "text/event-stream)" % via)

    def county_supervisor_refused(self):
        listed = self.office.cli("supervisor", "--json", "list", "--agency", "210303", "--limit", "1")
        other = re.search(r'"(?:id|request_id)":"([^"]+)"', listed.stdout.decode())
        check(other, "no request of 210303 in the demo year: %s" % listed.stdout[:200])
        self.login("county")
        self.go("/request.html?id=" + other.group(1))
        self.visible("#refusal")
        text = self.find("#refusal-text").text
        check(text.strip(), "the refusal page gives no reason")
        check(self.find("#refusal-code").text == "无权操作", "the refusal is %r (%s)"
              % (self.find("#refusal-code").text, text))
        check(not self.find("#content").is_displayed(), "the request is shown anyway")
        self.check_page("request-refused")
        # Its own county's request: shown, without the applicant's data.
        self.go("/request.html?id=" + self.request_id)
        self.visible("#content")
        check(not self.find("#applicant-panel").is_displayed(),
              "a supervisor sees the applicant's data")
        check("刘某某" not in self.driver.page_source, "the applicant's name is in the page")

    def reporter_downloads_csv(self):
        self.login("reporter")
        check(self.on_page("/report.html"), "the reporter starts on %s"
              % self.driver.current_url)
        year = self.visible("#year")
        year.clear()
        year.send_keys("2012")
        Select(self.find("#agency")).select_by_value("210300")
        self.find("#show").click()
        self.text_in("#report-title", "2012年度")
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chart-ontime svg rect")) > 0,
                        "no on-time chart")
        # Requests per month come from the request list, which a reporter
        # may not read: the chart says so in words instead of drawing.
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chart-months svg rect")) == 12
                        or "无法" in d.find_element(By.CSS_SELECTOR, "#chart-months").text,
                        "the monthly chart neither drew nor said why")
        check(len(self.driver.find_elements(By.CSS_SELECTOR, "#chart-outcomes svg rect")) > 0,
              "no outcome chart")
        check("一、本年新收政府信息公开申请数量" in self.find("#table3").text, "table 三 has no row 一")
        check("行政复议" in self.find("#table4").text, "table 四 has no 行政复议")
        check("✓" in self.find("#identity").text, "the identity does not hold")
        self.check_page("report")
        for name in os.listdir(self.args.downloads):
            os.remove(os.path.join(self.args.downloads, name))
        self.find("#csv").click()
        WebDriverWait(self.driver, WAIT_S).until(
            lambda d: [n for n in os.listdir(self.args.downloads) if n.endswith(".csv")],
            "the CSV was not downloaded")
        name = [n for n in os.listdir(self.args.downloads) if n.endswith(".csv")][0]
        with open(os.path.join(self.args.downloads, name), "rb") as f:
            downloaded = f.read()
        cli = self.office.cli("reporter", "report", "annual", "--year", "2012", "--agency", "210300",
                              "--format", "csv").stdout
        check(downloaded == cli, "the download (%d bytes) differs from the CLI's (%d bytes)"
              % (len(downloaded), len(cli)))

    def operator_page(self):
        self.login("operator")
        check(self.on_page("/operations.html"), "the operator starts on %s"
              % self.driver.current_url)
        self.text_in("#people", "李受理")
        nav = [a.text for a in self.driver.find_elements(By.CSS_SELECTOR, ".site-nav a")]
        check(nav == ["运维"], "the operator's navigation is %s" % nav)
        # 2013's notice without its New Year holiday: the dry run lists the
        # open request whose due date would move, and changes nothing.
        with open(CALENDAR_FILE, encoding="utf-8") as f:
            lines = [l for l in f.read().splitlines() if l.startswith("2013-") and "元旦" not in l]
        text = "gongkai-calendar 1\nannounced 2013\n" + "\n".join(lines) + "\n"
        self.driver.execute_script("document.getElementById('calendar-text').value = arguments[0]",
                                   text)
        self.find("#calendar-dry-run").click()
        self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#calendar-message").text.strip(),
                        "no answer to the dry run")
        said = self.find("#calendar-message").text
        check("试运行" in said, "the dry run says %r" % said)
        check(self.request_id in self.find("#calendar-result").text,
              "the dry run does not list %s: %s" % (self.request_id, self.find("#calendar-result").text))
        self.check_page("operations")
        shown = self.office.cli("head", "show", self.request_id).stdout.decode()
        check(self.due_dates[-1] in shown, "the dry run changed the due date:\n%s" % shown)

    def logout(self):
        self.login("clerk")
        self.find("#logout").click()
        self.wait.until(lambda d: "/index.html" in d.current_url, "logging out did not leave")
        self.go("/queue.html")
        self.wait.until(lambda d: "/index.html" in d.current_url,
                        "after logging out the queue is still shown")


def main():
    parser = argparse.ArgumentParser()
    for option in ("--daemon", "--cli", "--web", "--agencies", "--work-dir", "--screenshots"):
        parser.add_argument(option, required=True)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    chromium, driver_path = find_browser()
    if not chromium or not driver_path:
        print("console_test: skipped: no Chromium or chromedriver (install chromium and "
              "chromium-driver)")
        return SKIPPED
    for tool in (args.daemon, args.cli, args.web):
        check(os.access(tool, os.X_OK), "%s is not built" % tool)
    os.makedirs(args.work_dir, exist_ok=True)
    shutil.rmtree(args.screenshots, ignore_errors=True)
    os.makedirs(args.screenshots)
    root = tempfile.mkdtemp(prefix="console.", dir=args.work_dir)
    args.downloads = os.path.join(root, "downloads")
    os.makedirs(args.downloads)
    office = Office(args, root)
    driver = None
    passed, failed = 0, 0
    try:
        office.start()
        try:
            driver = new_driver(chromium, driver_path, args.downloads)
        except WebDriverException as e:
            print("console_test: skipped: Chromium does not start: %s" % str(e).splitlines()[0])
            return SKIPPED
        test = ConsoleTest(args, office, driver)
        for step in (test.login_page, test.clerk_registers, test.officer_consults,
                     test.head_extends, test.supervisor_sees_overdue_live,
                     test.county_supervisor_refused, test.reporter_downloads_csv,
                     test.operator_page, test.logout):
            name = step.__name__
            try:
                step()
                passed += 1
                print("ok    %s" % name)
            except (Failure, TimeoutException, WebDriverException, AssertionError) as e:
                failed += 1
                print("FAIL  %s: %s" % (name, str(e).strip() or type(e).__name__))
                traceback.print_exc(limit=4)
                try:
                    test.screenshot("FAILED-" + name)
                    logs = driver.get_log("browser")
                    for entry in logs[-10:]:
                        print("      browser: %s" % entry.get("message"))
                except WebDriverException:
                    pass
        print("pages checked (lang, labels, Tab): %s" % ", ".join(test.pages_checked))
        print("screenshots: %s" % args.screenshots)
    except Failure as e:
        print("FAIL  setting up: %s" % e)
        failed += 1
    finally:
        if driver is not None:
            driver.quit()
        office.stop()
        if failed:
            print("logs kept in %s" % root)
        elif not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
