#!/usr/bin/env python3
"""Fills the offline web questionnaire of Forms/tupe-timing.yaml in headless Chromium, as a provider would.

    python3 Tests/Browser/fill_questionnaire.py PAGE.html --answers OUT.json --screenshot SHOT.png

Checks: sending it empty shows an error summary whose links reach the fields; skip logic hides the tenders
section until "yes" and the TUPE timing question until TUPE applies; "Add another tender" adds an entry; a
constraint (a future closing date) is refused beside the field; the saved answers are written to OUT.json (the
caller hands them to `canvass finalize`); and after a reload the answers are still there (kept in the browser).
"""
import argparse
import json
import pathlib
import sys

from selenium.webdriver.common.by import By

from chromium import browser, console_problems, verdict


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--answers", required=True)
    parser.add_argument("--screenshot", required=True)
    arguments = parser.parse_args()
    driver = browser(1000, 1400)
    problems = []

    def expect(condition, message):
        if not condition:
            problems.append(message)

    def click(element_id):
        driver.find_element(By.ID, element_id).click()

    def shown(question, suffix=""):
        blocks = driver.find_elements(By.CSS_SELECTOR, f'.question[data-q="{question}"]')
        ids = [b for b in blocks if b.find_elements(By.CSS_SELECTOR, f'[id^="{question}"][id$="{suffix}"]')] or blocks
        return any(b.is_displayed() for b in ids)

    def type_into(element_id, text):
        element = driver.find_element(By.ID, element_id)
        element.clear()
        element.send_keys(text)

    def set_date(element_id, value):
        driver.execute_script(
            "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
            "e.dispatchEvent(new Event('input', {bubbles: true}));", element_id, value)

    try:
        driver.get(pathlib.Path(arguments.page).resolve().as_uri())
        driver.execute_script("localStorage.clear()")
        driver.get(pathlib.Path(arguments.page).resolve().as_uri())
        expect(not driver.find_element(By.ID, "section-tenders").is_displayed(), "tenders shown before any answer")

        click("save")
        summary = driver.find_element(By.ID, "error-summary")
        expect(summary.is_displayed(), "no error summary for an empty form")
        links = summary.find_elements(By.TAG_NAME, "a")
        expect(any("income band" in link.text for link in links), "the summary lacks org_size's message")
        expect(driver.switch_to.active_element.get_attribute("id") == "error-summary", "the summary is not focused")
        links[0].click()
        expect(driver.switch_to.active_element.get_attribute("name") == "org_size", "the summary link misses the field")
        expect(driver.find_element(By.ID, "org_size-error").is_displayed(), "no message beside org_size")

        click("org_size-small")
        click("any_tenders-yes")
        expect(driver.find_element(By.ID, "section-tenders").is_displayed(), "tenders hidden after yes")
        driver.find_element(By.CSS_SELECTOR, 'button[data-add="tenders"]').click()
        type_into("tender_name__1", "Youth services: Maidstone lot")
        set_date("closing_date__1", "2999-01-01")
        click("directorate-children__1")
        click("bid_outcome-awarded__1")
        expect(not shown("tupe_info_timing", "__1"), "TUPE timing shown before TUPE applies")
        click("tupe_applied-yes__1")
        expect(shown("tupe_info_timing", "__1"), "TUPE timing hidden after TUPE applies")
        click("tupe_info_timing-after_award__1")
        click("tupe_effects-delay__1")
        click("tupe_needed_by-invitation")
        click("directorate_consistency-fairly_inconsistent")

        click("save")
        error = driver.find_element(By.ID, "closing_date-error__1")
        expect(error.is_displayed() and "future" in error.text, "a future closing date was not refused")
        set_date("closing_date__1", "2026-03-01")
        click("save")
        expect(driver.find_element(By.ID, "result").is_displayed(), "no saved answers after a valid form")
        answers = json.loads(driver.find_element(By.ID, "answers-output").get_attribute("value"))
        expect(answers.get("org_size") == "small", "org_size not saved")
        expect(answers.get("any_tenders") is True, "any_tenders not saved as yes")
        tender = (answers.get("tenders") or [{}])[0]
        expect(tender.get("tupe_info_timing") == "after_award", "the tender's TUPE timing not saved")
        expect(tender.get("tupe_effects") == ["delay"], "the tender's effects not saved")
        expect(answers.get("directorate_consistency") == 2, "the scale answer not saved as its point")
        pathlib.Path(arguments.answers).write_text(json.dumps(answers, indent=2) + "\n")

        driver.get(pathlib.Path(arguments.page).resolve().as_uri())
        expect(driver.find_element(By.ID, "org_size-small").is_selected(), "answers lost on reload")
        expect(driver.find_element(By.ID, "tender_name__1").get_attribute("value") == "Youth services: Maidstone lot",
               "the tender lost on reload")
        driver.save_screenshot(arguments.screenshot)
        problems += console_problems(driver, levels=("SEVERE", "WARNING"))
    finally:
        driver.quit()
    return verdict(
        arguments.page, problems,
        f"{arguments.page}: filled in the browser: errors summarised and located, skip logic, a repeat, a "
        f"constraint, saved answers, kept after a reload; screenshot {arguments.screenshot}", heading="problem(s)")

if __name__ == "__main__":
    sys.exit(main())
