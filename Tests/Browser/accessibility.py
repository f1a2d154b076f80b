#!/usr/bin/env python3
"""Runs axe-core on web questionnaire pages in headless Chromium and fails on any violation.

    python3 Tests/Browser/accessibility.py PAGE.html [PAGE.html ...]
    python3 Tests/Browser/accessibility.py --url http://127.0.0.1:8000/page.html

Rules: axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) and its
best-practice rules (headings, landmarks, regions: none is a WCAG failure on its own, but each is cheap to keep
and the pages pass them; --wcag-only leaves them out). Experimental rules are not run.

Each page is checked in four states: as loaded (progress in the browser cleared); after "Check and save" on the
empty form (the error summary and the messages beside the fields); after "Add another" (every `button.add`),
with every section and question shown, skip logic or not, so that conditional questions and a repeat entry's
markup are checked too; and after "Check and save" again with the entries, every question and the result
section shown. Each rule violated is listed once, with the states it was seen in: rule id, impact, help, the
selectors of the elements (from every state) and axe's help page.

axe-core comes from pip: `axe-selenium-python` (its Axe class injects the script) bundles axe-core 3.1.1, which
knows neither wcag21a nor wcag22aa; `pip install --no-deps axe-playwright-python` bundles a current axe-core
(4.12), which this script prefers when it is installed (or give --axe PATH to an axe.min.js). The rules of a tag
the script's axe-core does not know are named as not checked in the success line.
"""
import argparse
import importlib.util
import pathlib
import re
import sys

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from chromium import browser, verdict

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Packages on PyPI that ship axe-core's axe.min.js, newest axe-core first; the first one installed is used.
BUNDLES = [("axe_playwright_python", "axe.min.js"), ("axe_core_python", "axe.min.js"),
           ("axe_selenium_python", "node_modules/axe-core/axe.min.js")]

# Shows every section, question and (optionally) the result that the page hides, skip logic or not; the empty
# error lines and an empty error summary stay hidden.
REVEAL = """
for (const el of document.querySelectorAll("section.section[hidden], .question[hidden]")) el.hidden = false;
if (arguments[0]) { const result = document.getElementById("result"); if (result) result.hidden = false; }
"""

# axe.run with its rejection turned into a result (Axe.run of axe-selenium-python waits for a promise that never
# settles when axe rejects the options, and ends in a script timeout).
RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, arguments[0]).then(results => done({
  violations: results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    tags: v.tags, targets: v.nodes.map(n => n.target.join(" "))})),
  incomplete: results.incomplete.map(v => v.id)}), error => done({error: String(error)}));
"""


def axe_script(path):
    """The axe.min.js to inject: the one given, or the newest of the installed bundles."""
    if path:
        return pathlib.Path(path)
    for package, relative in BUNDLES:
        spec = importlib.util.find_spec(package)  # finds the folder without importing the package
        if spec and spec.submodule_search_locations:
            candidate = pathlib.Path(list(spec.submodule_search_locations)[0]) / relative
            if candidate.exists():
                return candidate
    sys.exit("accessibility.py needs axe-core: python3 -m pip install axe-selenium-python "
             "(and, for a current axe-core, python3 -m pip install --no-deps axe-playwright-python)")


def address(page, as_url):
    if as_url or re.match(r"^(https?|file)://", page):
        return page
    path = pathlib.Path(page)
    if not path.exists():
        sys.exit(f"{page}: no such file")
    return path.resolve().as_uri()


def check_page(driver, page, url, script, tags, problems):
    """Runs axe in each state; returns the states run, the rule tags axe did not know and rules needing review."""
    found = {}  # rule -> [violation, {target: None}, [states]]
    review = set()
    states = []

    def run(state):
        axe = Axe(driver, str(script))
        if not driver.execute_script("return typeof axe !== 'undefined'"):
            axe.inject()
        known = set(sum(driver.execute_script("return axe.getRules().map(r => r.tags)"), []))
        run_tags = [tag for tag in tags if tag in known]
        results = driver.execute_async_script(RUN, {"runOnly": {"type": "tag", "values": run_tags},
                                                    "resultTypes": ["violations", "incomplete"]})
        if "error" in results:
            problems.append(f"{page} [{state}]: axe-core failed: {results['error']}")
            return set()
        for violation in results["violations"]:
            entry = found.setdefault(violation["id"], [violation, {}, []])
            entry[1].update(dict.fromkeys(violation["targets"]))
            entry[2].append(state)
        review.update(results["incomplete"])
        states.append(state)
        return {tag for tag in tags if tag not in known}

    driver.get(url)
    driver.execute_script("try { localStorage.clear(); } catch (e) {}")
    driver.get(url)
    unknown = run("as loaded")

    saves = driver.find_elements(By.ID, "save")
    if saves:
        saves[0].click()
        summary = driver.find_elements(By.ID, "error-summary")
        shown = bool(summary) and summary[0].is_displayed()
        run("after an empty submit" + ("" if shown else " (no error summary shown)"))

    adds = driver.find_elements(By.CSS_SELECTOR, "button.add")
    if adds:
        driver.execute_script(REVEAL, False)
        for button in adds:
            button.click()
        driver.execute_script(REVEAL, False)
        run(f"after Add another ({len(adds)}), all questions shown")
    if saves:
        driver.find_element(By.ID, "save").click()
        driver.execute_script(REVEAL, True)
        run("after submitting again, all questions and the result shown")

    for rule, (violation, targets, seen) in found.items():
        lines = [f"{rule} ({violation['impact']}): {violation['help']} [{'; '.join(seen)}]"]
        lines += [f"    {target}" for target in targets] + [f"    {violation['helpUrl']}"]
        problems.append("\n  ".join(lines))
    return states, unknown, review


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="+", metavar="PAGE", help="an HTML file, or a URL")
    parser.add_argument("--url", action="store_true", help="take every PAGE as a URL as it is")
    parser.add_argument("--axe", help="the axe.min.js to use (default: the newest installed bundle)")
    parser.add_argument("--wcag-only", action="store_true", help="leave out axe's best-practice rules")
    arguments = parser.parse_args()
    script = axe_script(arguments.axe)
    tags = WCAG_TAGS + ([] if arguments.wcag_only else ["best-practice"])
    status = 0
    driver = browser(1000, 1400)
    driver.set_script_timeout(60)
    try:
        for page in arguments.pages:
            problems = []
            states, unknown, review = check_page(driver, page, address(page, arguments.url), script, tags, problems)
            version = driver.execute_script("return typeof axe !== 'undefined' ? axe.version : '?'")
            notes = ""
            if unknown:
                notes += f"; not checked: {', '.join(sorted(unknown))} (unknown to this axe-core)"
            if review:
                notes += f"; needing a person's review: {', '.join(sorted(review))}"
            status |= verdict(
                page, problems,
                f"{page}: no axe-core {version} violations of {', '.join(tags)} in {len(states)} states "
                f"({'; '.join(states)}){notes}",
                heading="axe-core violation(s)")
    finally:
        driver.quit()
    return status


if __name__ == "__main__":
    sys.exit(main())
