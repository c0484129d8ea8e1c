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

The processes are office.py's; the browser and the page checks,
page_checks.py's.

Exit codes: 0 all passed, 1 a failure, 77 skipped (no Selenium, Chromium or
chromedriver installed: CTest's SKIP_RETURN_CODE).
"""

import argparse
import datetime
import os
import re
import shutil
import sys
import tempfile
import traceback
import urllib.parse

# The helper modules beside this file are imported from the source tree:
# no __pycache__ is left there.
sys.dont_write_bytecode = True

DEBIAN_PYTHON = "/usr/bin/python3"
SKIPPED = 77
WAIT_S = 20
SUBJECT = "胜利街道老旧小区改造资金使用情况（浏览器测试）"
SEARCH_WORDS = "胜利街道"
CALENDAR_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "engine",
                             "data", "cn_working_days.cal")


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
    from selenium.common.exceptions import (StaleElementReferenceException, TimeoutException,
                                            WebDriverException)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError as missing:
    _reexec_with_debian_python()
    print("console_test: skipped: %s (install python3-selenium, chromium and chromium-driver)"
          % missing)
    sys.exit(SKIPPED)

import page_checks  # noqa: E402 (needs Selenium)
from office import OPERATOR, PASSWORD, PEOPLE, Failure, Office, check  # noqa: E402


def parse_date(text):
    return datetime.date.fromisoformat(text)


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
        name = dict((k, n) for k, n, _, _ in PEOPLE + [OPERATOR])[key]
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
        page_checks.check_page_access(self.driver, name)
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
    chromium, driver_path = page_checks.find_browser()
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
            driver = page_checks.new_driver(chromium, driver_path, args.downloads)
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
