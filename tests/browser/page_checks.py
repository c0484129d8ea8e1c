"""Headless Chromium for the browser test, and the checks every page of the
console passes: lang="zh-CN", every input labelled, every action and field
reached by the Tab key.
"""

import os
import shutil

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from office import check

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
DRIVER_CANDIDATES = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]


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


def check_page_access(driver, name):
    """lang, labels and keyboard reach of the page `driver` shows."""
    lang = driver.execute_script("return document.documentElement.lang")
    check(lang == "zh-CN", "%s: lang is %r, not zh-CN" % (name, lang))
    unlabelled = driver.execute_script(LABELS_JS)
    check(not unlabelled, "%s: inputs without a label: %s" % (name, unlabelled))
    count = driver.execute_script(TAB_SETUP_JS)
    check(count > 0, "%s: nothing to focus" % name)
    # Tab in batches until every marked stop had the focus: a date field
    # takes three stops (year, month, day), a scrollable box may take one.
    for _ in range(4 * count // 20 + 3):
        chain = ActionChains(driver)
        for _ in range(20):
            chain.send_keys(Keys.TAB)
        chain.perform()
        if driver.execute_script(TAB_DONE_JS):
            break
    missing = driver.execute_script(TAB_RESULT_JS)
    check(not missing, "%s: Tab never reaches: %s" % (name, missing))
