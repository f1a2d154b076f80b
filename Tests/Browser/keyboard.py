#!/usr/bin/env python3
"""Completes the web questionnaire of Forms/tupe-timing.yaml in headless Chromium with the keyboard alone.

    python3 Tests/Browser/keyboard.py PAGE.html

Every key goes to whatever has the focus (Selenium's ActionChains, as a person's keyboard): Tab and Shift+Tab
from the top of the page, arrows and Space in radio groups, Space on checkboxes, typing into text fields, the
date field typed segment by segment in the browser's own order, Enter on "Add another tender", on the error
summary's links and on "Check and save my answers". Nothing is clicked and no element is sent keys directly.

Checks, at every focus change: the focused element is shown (not hidden, not inside a hidden block, not off
screen, not of no size) and shows a focus indicator: an outline or a box-shadow while focused, which differs from
the element's own style once the focus has left it. And: the tab order of the empty page is the visible
questions' (the tenders' "Add another" is no tab stop while the tenders are hidden); an invalid submit moves the
focus to the error summary, and Enter on each of its links moves the focus to that question's first field, in a
repeat entry too; "Add another tender" moves the focus to the new entry's first field; "Remove this tender" leaves
the focus on something in the form, not on the page; Enter in the comments box makes a new line, not a submit;
after a valid submit the result is shown and focused, and the answers in #answers-output are those typed.
The walk is bounded: at most 40 key presses to reach any one field and 600 in all.
"""
import argparse
import json
import pathlib
import sys

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from chromium import browser, console_problems, verdict

TOTAL_PRESSES = 600
PRESSES_TO_REACH = 40
TENDER = "Youth services: Maidstone lot"
COMMENTS = ["Information came too late", "to price the pensions."]
PAST, FUTURE = "2026-03-01", "2099-03-01"
# The tab stops of the page as loaded: one a radio group (its first radio while none is chosen), then the
# comments box and the submit button. The tenders section is hidden until "yes".
FIRST_TAB_ORDER = ["org_size-micro", "any_tenders-yes", "tupe_needed_by-before_interest",
                   "directorate_consistency-very_inconsistent", "tupe_comments", "save"]

# What the checks need to know of the focused element (null for the page itself).
FOCUSED = """
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return null;
const s = getComputedStyle(e);
let hidden = null;
const r = e.getBoundingClientRect();
const h = e.closest("[hidden]");
if (h) hidden = "inside a hidden element (" + h.tagName.toLowerCase()
  + (h.id ? "#" + h.id : h.dataset.q ? '[data-q="' + h.dataset.q + '"]' : "") + ")";
else if (!e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) hidden = "not rendered";
else if (r.width * r.height < 4) hidden = "of no size (" + r.width + "x" + r.height + ")";
else if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) hidden = "off screen";
const text = (e.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
return {element: e, id: e.id, name: e.getAttribute("name") || "", tag: e.tagName.toLowerCase(),
  type: e.type || "", href: e.getAttribute("href") || "", classes: e.className || "",
  label: e.id || (e.tagName.toLowerCase() + (text ? ' "' + text + '"' : "")),
  adds: e.dataset.add || "", entry: e.closest(".entry") ? e.closest(".entry").dataset.suffix : "",
  hidden, style: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow],
  inner: !e.matches(":focus")};  // the focus is inside the element's own controls (a date field's calendar button)
"""
STYLE = """
const s = getComputedStyle(arguments[0]);
return arguments[0].isConnected ? [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow] : null;
"""


class Stop(Exception):
    """The walk cannot go on (a field not reached, or too many key presses)."""


def transparent(color):
    return color in ("transparent", "rgba(0, 0, 0, 0)") or color.replace(" ", "").endswith(",0)")


def indicator(style):
    """Whether a computed [outline-style, outline-width, outline-color, box-shadow] draws anything."""
    outline_style, outline_width, outline_color, shadow = style
    outline = outline_style != "none" and float(outline_width.rstrip("px") or 0) > 0 and not transparent(outline_color)
    return outline or shadow != "none"


class Keyboard:
    def __init__(self, driver, problems):
        self.driver = driver
        self.problems = problems
        self.presses = 0
        self.left = None  # the element last focused and its focused style, compared once the focus leaves it
        self.order = []  # the labels of the elements focused, in order

    def problem(self, message):
        if message not in self.problems:
            self.problems.append(message)

    def focused(self):
        return self.driver.execute_script(FOCUSED)

    def observe(self):
        """Checks the element that has the focus, and the one that had it before."""
        now = self.focused()
        if self.left and (now is None or now["element"] != self.left["element"]):
            try:
                unfocused = self.driver.execute_script(STYLE, self.left["element"])
            except StaleElementReferenceException:  # removed from the page, as "Remove this tender" is
                unfocused = None
            if unfocused is not None and unfocused == self.left["style"]:
                self.problem(f"{self.left['label']}: no focus indicator (outline and box-shadow are the same "
                             f"focused and not: {unfocused})")
        if now is None:
            self.left = None
            return None
        if now["hidden"]:
            self.problem(f"{now['label']}: focused while {now['hidden']}")
        if not self.order or self.order[-1] != now["label"]:
            self.order.append(now["label"])
        if not indicator(now["style"]):
            where = (" while the focus is on its own inner control (a date field's calendar button: only the "
                     "browser's thin ring around the icon shows; the element does not match :focus)"
                     if now["inner"] else "")
            self.problem(f"{now['label']}: no focus indicator{where} (outline {' '.join(now['style'][:3])}, "
                         f"box-shadow {now['style'][3]})")
            self.left = None  # nothing to compare once it has left
            return now
        if self.left and self.left["element"] == now["element"]:
            return now  # still the same element (a date field's next part): keep its first focused style
        self.left = now
        return now

    def press(self, *keys, shift=False):
        self.presses += len(keys)
        if self.presses > TOTAL_PRESSES:
            raise Stop(f"more than {TOTAL_PRESSES} key presses")
        chain = ActionChains(self.driver)
        if shift:
            chain.key_down(Keys.SHIFT)
        chain.send_keys(*keys)
        if shift:
            chain.key_up(Keys.SHIFT)
        chain.perform()
        return self.observe()

    def type(self, text):
        """Types text into the focused element, one key press a character."""
        for character in text:
            self.press(character)

    def reach(self, wanted, what, backwards=False, limit=PRESSES_TO_REACH):
        """Tab (or Shift+Tab) until the focused element satisfies wanted(info); Stop if it never does."""
        now = self.focused()
        for _ in range(limit):
            if now is not None and wanted(now):
                return now
            now = self.press(Keys.TAB, shift=backwards)
        if now is not None and wanted(now):
            return now
        raise Stop(f"{what} not reached in {limit} {'Shift+' if backwards else ''}Tab presses "
                   f"(focus on {now['label'] if now else 'the page'})")

    def reach_id(self, element_id, backwards=False, limit=PRESSES_TO_REACH):
        return self.reach(lambda f: f["id"] == element_id, element_id, backwards, limit)

    def expect_focus(self, element_id, after):
        now = self.focused()
        if now is None or now["id"] != element_id:
            self.problem(f"after {after} the focus is on {now['label'] if now else 'the page'}, not {element_id}")
            return False
        return True

    def choose(self, name, value_id):
        """Chooses a radio button of the group that has the focus with arrow keys (Space when already on it)."""
        radios = self.driver.execute_script(
            "return Array.from(document.getElementsByName(arguments[0])).filter(e => e.type === 'radio' "
            "&& e.checkVisibility()).map(e => e.id)", name)
        now = self.focused()
        if now is None or now["id"] not in radios or value_id not in radios:
            raise Stop(f"radio group {name}: focus on {now['label'] if now else 'the page'}, wanted {value_id}")
        steps = radios.index(value_id) - radios.index(now["id"])
        for _ in range(abs(steps)):
            self.press(Keys.ARROW_DOWN if steps > 0 else Keys.ARROW_UP)
        if steps == 0:
            self.press(Keys.SPACE)
        if self.expect_focus(value_id, f"arrow keys in {name}") and not self.checked(value_id):
            self.problem(f"{value_id}: not chosen by the arrow keys or Space")

    def tick(self, element_id):
        self.reach_id(element_id)
        self.press(Keys.SPACE)
        if not self.checked(element_id):
            self.problem(f"{element_id}: not ticked by Space")

    def checked(self, element_id):
        return self.driver.execute_script("return document.getElementById(arguments[0]).checked", element_id)

    def value(self, element_id):
        return self.driver.execute_script("return document.getElementById(arguments[0]).value", element_id)

    def type_date(self, element_id, iso):
        """Types a date into the focused date field, segment by segment in the browser's locale's order."""
        order = self.driver.execute_script(
            "return new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2026, 2, 1))"
            ".map(p => p.type).filter(t => t === 'day' || t === 'month' || t === 'year')")
        year, month, day = iso.split("-")
        digits = "".join({"year": year, "month": month, "day": day}[part] for part in order)
        self.press(Keys.ARROW_LEFT, Keys.ARROW_LEFT)  # to the first segment, wherever the caret is
        self.type(digits)
        if self.value(element_id) != iso:
            self.problem(f"{element_id}: typing {digits} ({'/'.join(order)}) gave {self.value(element_id)!r}, "
                         f"not {iso}")

    def summary_links(self, after, on_arrival):
        """After a submit: the summary has the focus; Enter on each link focuses its field (then on_arrival)."""
        if not self.expect_focus("error-summary", after):
            raise Stop("no error summary to follow")
        links = self.driver.execute_script(
            "return Array.from(document.querySelectorAll('#error-list a')).map(a => a.getAttribute('href'))")
        for index, href in enumerate(links):
            target = href.lstrip("#")
            # The first link is the next tab stop after the summary; the later ones are reached backwards
            # from the field the link before moved to (the summary is above the form).
            self.reach(lambda f: f["tag"] == "a" and f["href"] == href, f"the summary's link {href}",
                       backwards=index > 0)
            self.press(Keys.ENTER)
            if self.expect_focus(target, f"Enter on the summary's link {href}"):
                on_arrival(target)
        return [href.lstrip("#") for href in links]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", help="the rendered page of Forms/tupe-timing.yaml")
    arguments = parser.parse_args()
    url = pathlib.Path(arguments.page).resolve().as_uri()
    driver = browser(1000, 900)
    problems = []
    keys = Keyboard(driver, problems)

    def expect(condition, message):
        if not condition:
            problems.append(message)

    try:
        driver.get(url)
        driver.execute_script("localStorage.clear()")
        driver.get(url)
        expect(keys.observe() is None, "something has the focus as the page loads")

        # The empty page from the top: the tab order, then an invalid submit.
        keys.press(Keys.TAB)
        keys.reach_id("save")
        expect(keys.order == FIRST_TAB_ORDER,
               f"tab order of the page as loaded is {keys.order}, not {FIRST_TAB_ORDER}")
        keys.press(Keys.ENTER)
        expect(driver.execute_script("return !document.getElementById('error-summary').hidden"),
               "no error summary after an empty submit")
        targets = keys.summary_links("an empty submit", lambda target: None)
        expect(targets == ["org_size-micro", "any_tenders-yes"],
               f"the empty form's summary links to {targets}, not org_size and any_tenders")

        # About your organisation (the focus is on any_tenders, the last link's field).
        keys.reach(lambda f: f["name"] == "org_size", "org_size", backwards=True)
        keys.choose("org_size", "org_size-small")
        keys.reach(lambda f: f["name"] == "any_tenders", "any_tenders")
        keys.choose("any_tenders", "any_tenders-yes")

        # A tender: "Add another tender" with Enter, everything but its directorate, a closing date in the future.
        keys.reach(lambda f: f["adds"] == "tenders", '"Add another tender"')
        keys.press(Keys.ENTER)
        keys.expect_focus("tender_name__1", 'Enter on "Add another tender"')
        keys.type(TENDER)
        keys.press(Keys.TAB)
        keys.expect_focus("closing_date__1", "Tab from the tender's name")
        keys.type_date("closing_date__1", FUTURE)
        keys.reach(lambda f: f["name"] == "bid_outcome__1", "bid_outcome__1")
        keys.choose("bid_outcome__1", "bid_outcome-awarded__1")
        keys.reach(lambda f: f["name"] == "tupe_applied__1", "tupe_applied__1")
        keys.choose("tupe_applied__1", "tupe_applied-yes__1")
        keys.reach(lambda f: f["name"] == "tupe_info_timing__1", "tupe_info_timing__1 (shown once TUPE applied)")
        keys.choose("tupe_info_timing__1", "tupe_info_timing-after_award__1")
        keys.tick("tupe_effects-unbudgeted_cost__1")
        keys.tick("tupe_effects-delay__1")
        keys.reach_id("unbudgeted_cost__1")
        keys.type("25000")

        # A second tender added and removed again: the focus stays in the form.
        keys.reach(lambda f: f["adds"] == "tenders", '"Add another tender" after the first tender')
        keys.press(Keys.SPACE)
        keys.expect_focus("tender_name__2", 'Space on "Add another tender"')
        keys.reach(lambda f: "remove" in f["classes"] and f["entry"] == "__2", '"Remove this tender" of tender 2')
        keys.press(Keys.SPACE)
        expect(driver.execute_script("return !document.getElementById('tender_name__2')"), "tender 2 not removed")
        in_form = driver.execute_script("return !!document.activeElement.closest('#canvass-form')")
        expect(keys.focused() is not None and in_form,
               'after "Remove this tender" the focus is lost to the page (document.body), not on something in '
               'the form, such as the "Add another tender" button')

        # Your views, then the submit: the closing date and the missing directorate are refused.
        keys.reach(lambda f: f["name"] == "tupe_needed_by", "tupe_needed_by", limit=60)
        keys.choose("tupe_needed_by", "tupe_needed_by-invitation")
        keys.reach(lambda f: f["name"] == "directorate_consistency", "directorate_consistency")
        keys.choose("directorate_consistency", "directorate_consistency-fairly_inconsistent")
        keys.reach_id("tupe_comments")
        keys.type(COMMENTS[0])
        keys.press(Keys.ENTER)
        expect(keys.focused() is not None and keys.focused()["id"] == "tupe_comments"
               and keys.value("tupe_comments") == COMMENTS[0] + "\n", "Enter in the comments box made no new line")
        keys.type(COMMENTS[1])
        keys.reach_id("save")
        keys.press(Keys.ENTER)

        def correct(target):
            if target == "closing_date__1":
                keys.type_date(target, PAST)
            elif target == "directorate-children__1":
                keys.press(Keys.SPACE)

        targets = keys.summary_links("a submit with a future date and no directorate", correct)
        expect(targets == ["closing_date__1", "directorate-children__1"],
               f"the second summary links to {targets}, not closing_date__1 and directorate__1")
        keys.reach_id("save", limit=60)
        keys.press(Keys.ENTER)

        # The result.
        expect(driver.execute_script("return !document.getElementById('result').hidden"),
               "no result section after a valid submit")
        keys.expect_focus("result-title", "a valid submit")
        keys.reach_id("download", limit=3)
        keys.reach_id("answers-output", limit=3)
        answers = json.loads(keys.value("answers-output") or "{}")
        wanted = {"org_size": "small", "any_tenders": True, "tupe_needed_by": "invitation",
                  "directorate_consistency": 2, "tupe_comments": "\n".join(COMMENTS),
                  "tenders": [{"tender_name": TENDER, "closing_date": PAST, "directorate": "children",
                               "bid_outcome": "awarded", "tupe_applied": True, "tupe_info_timing": "after_award",
                               "tupe_effects": ["unbudgeted_cost", "delay"], "unbudgeted_cost": 25000}]}
        for key, value in wanted.items():
            expect(answers.get(key) == value, f"answers: {key} is {answers.get(key)!r}, not {value!r}")
        problems += console_problems(driver, levels=("SEVERE", "WARNING"))
    except Stop as stop:
        problems.append(f"stopped: {stop}")
    finally:
        driver.quit()
    return verdict(
        arguments.page, problems,
        f"{arguments.page}: completed with the keyboard alone in {keys.presses} key presses, {len(keys.order)} "
        f"focus stops, each shown with a focus indicator: tab order, error summary and its links, Add another, "
        f"Remove, a date typed, the answers saved", heading="keyboard problem(s)")


if __name__ == "__main__":
    sys.exit(main())
