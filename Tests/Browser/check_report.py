#!/usr/bin/env python3
"""Loads a `canvass report` HTML file in headless Chromium and checks it as a reader would see it.

    python3 Tests/Browser/check_report.py REPORT.html --screenshot SHOT.png [--expect TEXT]...

Fails (exit 1, saying what) when the browser logs an error, a chart does not draw (no box, or nothing with a size
inside), a chart lacks its title, description or data table, the headings skip a level, a resource is fetched
from the network, or an expected figure is not on the page. Saves a full-page screenshot either way.
"""
import argparse
import pathlib
import sys

from chromium import browser, console_problems, verdict


CHECK_CHARTS = """
const problems = [];
const charts = Array.from(document.querySelectorAll('svg.chart'));
for (const svg of charts) {
  const name = svg.getAttribute('aria-labelledby') || '(unnamed)';
  const box = svg.getBoundingClientRect();
  if (box.width < 50 || box.height < 20) problems.push(name + ': the chart has no size');
  const shapes = Array.from(svg.querySelectorAll('rect,line,circle')).filter(s => {
    const b = s.getBBox(); return b.width > 0 || b.height > 0; });
  if (shapes.length === 0) problems.push(name + ': nothing is drawn');
  const ids = (svg.getAttribute('aria-labelledby') || '').split(' ');
  for (const id of ids) {
    const label = document.getElementById(id);
    if (!label || !label.textContent.trim()) problems.push(name + ': missing title or description ' + id);
  }
  if (svg.getAttribute('role') !== 'img') problems.push(name + ': role is not img');
  const view = svg.viewBox.baseVal;
  for (const text of svg.querySelectorAll('text')) {
    const b = text.getBBox();
    if (b.x < view.x - 1 || b.x + b.width > view.x + view.width + 1)
      problems.push(name + ': "' + text.textContent + '" runs outside the chart');
  }
  const section = svg.closest('section');
  if (!section || !section.querySelector('table caption')) problems.push(name + ': no data table beside it');
}
let level = 0;
for (const h of document.querySelectorAll('h1,h2,h3,h4,h5,h6')) {
  const next = Number(h.tagName[1]);
  if (next > level + 1) problems.push('heading "' + h.textContent + '" skips from h' + level + ' to h' + next);
  level = next;
}
if (document.querySelectorAll('h1').length !== 1) problems.push('the page has not exactly one h1');
if (document.documentElement.lang === '') problems.push('the page has no language');
return {problems: problems, charts: charts.length, text: document.body.innerText,
        height: document.documentElement.scrollHeight};
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("--screenshot", required=True)
    parser.add_argument("--expect", action="append", default=[])
    parser.add_argument("--min-charts", type=int, default=1)
    arguments = parser.parse_args()
    url = pathlib.Path(arguments.report).resolve().as_uri()
    driver = browser()
    problems = []
    try:
        driver.get(url)
        result = driver.execute_script(CHECK_CHARTS)
        problems += result["problems"]
        if result["charts"] < arguments.min_charts:
            problems.append(f"{result['charts']} charts drawn, expected at least {arguments.min_charts}")
        for text in arguments.expect:
            if text not in result["text"]:
                problems.append(f"the page does not show {text!r}")
        problems += console_problems(driver)
        for entry in driver.get_log("performance"):
            message = entry.get("message", "")
            if '"Network.requestWillBeSent"' in message and '"url":"http' in message:
                problems.append("a network request: " + message[:200])
        driver.set_window_size(1200, min(int(result["height"]) + 40, 30000))
        driver.save_screenshot(arguments.screenshot)
    finally:
        driver.quit()
    return verdict(
        arguments.report, problems,
        f"{arguments.report}: {result['charts']} charts drawn, no console errors, "
        f"{len(arguments.expect)} expected figures shown; screenshot {arguments.screenshot}")

if __name__ == "__main__":
    sys.exit(main())
