#!/usr/bin/env python3
r"""Fills each shipped form's web questionnaire, served by a live collector, in headless Chromium and checks that the
collector stored exactly what was typed.

    python3 Tests/Browser/submit_questionnaires.py --base http://127.0.0.1:PORT --token SUBMITTER --analyst ANALYST \
        [--screenshots DIR] [--forms FORM ...] [--no-javascript yes|no|only]

SUBMITTER is a submitter token for all four forms, ANALYST an analyst token that reads them (Tests/Browser/
questionnaires.sh makes both and starts the collector with a fresh data folder). Responses stored before are
left alone: each page must add exactly one.

With JavaScript, for each form in PLANS: the link with ?token= opens the page (no console errors, ever); sending it
empty shows the error summary, focused, with a link and a message beside each required question, and stores
nothing; then the form is filled as a provider would, step by step from its plan: skip logic shows each follow-up
question when its answer is given and hides it (and drops its answer) when the answer changes, and a repeat section
gets entries with "Add another" (one added by mistake is removed again). Sending it shows the confirmation with a
reference; the response stored under that reference, read back with the analyst token, must have exactly the
answers of the plan: what was typed, as the collector stores it (likert as the scale point, yes/no as true/false,
numbers as numbers, line breaks as \n), the calculations worked out by hand, and nothing for hidden questions.

Without JavaScript (Chromium's JavaScript setting off, checked), tupe-timing: every question is shown; sending it
empty returns the page from the collector with the error summary and a message beside each required question, and
stores nothing; the top of the form is filled, "Add another tender" (a round trip to the collector) adds entries
whose answers are kept on each trip, one is removed again, a closing date in the future comes back refused beside
its field with everything typed kept, and once it is corrected the stored response equals what was typed (an
answer to a question that does not apply, which a provider without skip logic can give, is not stored).
"""
import argparse
import base64
import hashlib
import json
import pathlib
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from chromium import browser, console_problems, verdict


# --- The plans: what a provider does, one step at a time, and how the collector should store each answer. ---

@dataclass
class Step:
    do: str                    # choose, tick, type, date, rank, rate, shown, hidden, section_shown,
                               # section_hidden, add, remove, calc, dropped
    q: str = ""                # the question (or section) id
    value: object = None       # what the provider picks or types
    stored: object = None      # how the collector stores it
    entry: int | None = None   # the repeat entry, 1 for the first on the page; None outside repeats


def choose(q, value, entry=None):
    """A radio button: a select_one option, stored as its value."""
    return Step("choose", q, value, value, entry)


def yes_no(q, yes, entry=None):
    return Step("choose", q, "yes" if yes else "no", yes, entry)


def likert(q, value, stored, entry=None):
    """A scale option: stored as its point (1…N), or a "missing" option's value."""
    return Step("choose", q, value, stored, entry)


def tick(q, *values, entry=None):
    """Exactly these boxes ticked (others unticked); listed in the form's order, which is how they are stored."""
    return Step("tick", q, list(values), list(values), entry)


def type_text(q, text, entry=None):
    return Step("type", q, text, text, entry)


def type_number(q, text, number, entry=None):
    return Step("type", q, text, number, entry)


def type_date(q, iso, entry=None):
    """Typed in the date field's own order (from the browser's locale), stored as YYYY-MM-DD."""
    return Step("date", q, iso, iso, entry)


def rank(q, *values):
    """Choice 1, choice 2, … picked in the ranking's selects; the rest left "Not ranked"."""
    return Step("rank", q, list(values), list(values))


def rate(q, ratings):
    """A matrix: {item: (option, stored)}."""
    return Step("rate", q, {item: option for item, (option, _) in ratings.items()},
                {item: stored for item, (_, stored) in ratings.items()})


def shown(q, entry=None):
    """The question is shown (and its answer, if any, is expected again)."""
    return Step("shown", q, entry=entry)


def hidden(q, entry=None):
    """The question is hidden by skip logic, so its answer (if any) must not be stored."""
    return Step("hidden", q, entry=entry)


def section_shown(section):
    return Step("section_shown", section)


def section_hidden(section):
    return Step("section_hidden", section)


def add(section):
    """Presses "Add another …": one more entry."""
    return Step("add", section)


def remove(section, entry):
    """Presses "Remove this …" in the entry: its answers go."""
    return Step("remove", section, entry=entry)


def attach(q, name, content, entry=None):
    """A file chosen in the question's file input: stored as its name, the file as an attachment."""
    return Step("attach", q, (name, content), name, entry)


def calc(q, value, entry=None):
    """A calculation the collector stores, worked out by hand."""
    return Step("calc", q, stored=value, entry=entry)


def dropped(q, entry=None):
    """An answer the collector must drop because its question does not apply (without JavaScript nothing hides it)."""
    return Step("dropped", q, entry=entry)


# Awkward text: quotes (straight and curly), markup, an ampersand, non-ASCII, and line breaks in long answers.
PLANS = {
    "barriers-to-entry": {
        "empty_errors": ["org_size", "directorates", "not_bid_reasons"],
        "steps": [
            choose("org_size", "small"),
            type_number("paid_staff", " 14", 14),
            choose("legal_form", "cio"),
            tick("directorates", "children", "communities"),
            type_number("council_income_pct", "37.5", 37.5),
            choose("lots_deliverable", "some"),
            choose("lot_preference", "small_lots"),
            # Staff-days and the bid team are asked only of organisations that bid.
            hidden("bid_staff_days"), hidden("bid_team"),
            type_number("bids_last_12m", "0", 0),
            hidden("bid_staff_days"), hidden("bid_team"),
            type_number("bids_last_12m", "3", 3),
            shown("bid_staff_days"), shown("bid_team"),
            type_number("bid_staff_days", "22.5", 22.5),
            tick("bid_team", "senior_staff", "trustees"),
            hidden("not_bid_other"), hidden("tenders_not_bid"),
            tick("not_bid_reasons", "lot_too_large", "several_at_once", "other"),
            shown("not_bid_other"), shown("tenders_not_bid"),
            type_text("not_bid_other", 'The "Weald & Downs" lot wanted a <b>24/7</b> helpline – too much for us'),
            type_number("tenders_not_bid", "2", 2),
            hidden("at_once_response"),
            choose("tenders_at_once", "sometimes"),
            shown("at_once_response"),
            choose("at_once_response", "bid_some"),
            # In a consortium, then not after all: the months question goes, and its answer with it.
            yes_no("in_consortium", True),
            shown("consortium_setup_months"), hidden("consortium_drawbacks"),
            type_number("consortium_setup_months", "6", 6),
            yes_no("in_consortium", False),
            hidden("consortium_setup_months"), shown("consortium_drawbacks"),
            tick("consortium_drawbacks", "setup_time", "liability"),
            # Not accepted onto a framework, then corrected to a member: the reasons go.
            choose("framework_status", "not_accepted"),
            shown("framework_not_accepted_reasons"), hidden("framework_not_applied_reasons"),
            tick("framework_not_accepted_reasons", "score", "requirement"),
            choose("framework_status", "member"),
            hidden("framework_not_accepted_reasons"), shown("framework_guidance_clear"),
            likert("framework_guidance_clear", "fairly_unclear", 2),
            type_number("framework_application_days", "4.5", 4.5),
            hidden("criteria_change_effect"), hidden("criteria_change_detail"),
            choose("criteria_changed", "changed"),
            shown("criteria_change_effect"), shown("criteria_change_detail"),
            likert("criteria_change_effect", "fairly_negative", 2),
            type_text("criteria_change_detail",
                      "The pass mark rose from 60% to 70% half-way through; our “quality” score of 65 wasn't enough"),
            likert("cash_flow_risk", "large_risk", 4),
            type_text("other_comments",
                      "Monthly payment in arrears means £18,000 out before we’re paid.\n"
                      "Our café & garden project <b>can’t</b> carry that risk on its own."),
        ],
    },
    "qa-regime": {
        "empty_errors": ["org_size", "main_directorate"],
        "steps": [
            choose("org_size", "medium"),
            choose("main_directorate", "communities"),
            section_shown("monitoring"),
            likert("monitoring_focus", "more_outputs", 2),
            # No contract at present hides the monitoring section; choosing again brings it back, answers kept.
            choose("main_directorate", "no_contract"),
            section_hidden("monitoring"),
            choose("main_directorate", "communities"),
            section_shown("monitoring"),
            choose("outcomes_agreed", "partly"),
            yes_no("targets_conflict", True),
            type_number("commissioning_managers", "3", 3),
            calc("manager_changes", 2),
            hidden("last_review_date"),
            yes_no("had_review", True),
            shown("last_review_date"),
            type_date("last_review_date", "2025-09-15"),
            likert("relationship_overall", "fairly_collaborative", 4),
            rate("commissioning_statements", {
                "vary_contract": ("agree", 4), "bid_strengths": ("disagree", 2), "challenge": ("neither", 3),
                "room_to_innovate": ("strongly_agree", 5), "price_realistic": ("strongly_disagree", 1),
                "monitoring_faults": ("dont_know", "dont_know"), "clear_purpose": ("agree", 4)}),
            hidden("feedback_useful"),
            choose("feedback_received", "none"),
            hidden("feedback_useful"),
            choose("feedback_received", "scores_comments"),
            shown("feedback_useful"),
            likert("feedback_useful", "not_very", 2),
            rate("process_ratings", {
                "market_events": ("fairly_good", 4), "clarification_stage": ("very_poor", 1),
                "specification_detail": ("dont_know", "dont_know")}),
            type_text("works_well",
                      "The youth team's “meet the market” day in Ashford was excellent.\n"
                      "Commissioners listened & changed the lot sizes – merci, Hélène!"),
            hidden("uncertainty_months"), hidden("staff_at_risk"), hidden("staff_left"),
            yes_no("contract_uncertainty", True),
            shown("uncertainty_months"), shown("staff_at_risk"), shown("staff_left"),
            type_number("uncertainty_months", "9", 9),
            type_number("staff_at_risk", "6", 6),
            type_number("staff_left", "2", 2),
            type_number("price_weight", "60", 60),
            choose("price_quality_view", "quality_more"),
            rank("qa_rank", "outcomes", "user_feedback", "social_value", "value_for_money"),
            type_text("qa_comments", 'Outcome measures should be agreed <i>before</i> the contract starts, '
                                     'not "as we go" – and paid for (£).'),
        ],
    },
    "tupe-timing": {
        "empty_errors": ["org_size", "any_tenders"],
        "steps": [
            choose("org_size", "small"),
            section_hidden("tenders"),
            yes_no("any_tenders", False),
            section_hidden("tenders"),
            yes_no("any_tenders", True),
            section_shown("tenders"),
            add("tenders"),
            type_text("tender_name", 'Youth services: "Maidstone & Malling" lot <b>2</b>', entry=1),
            type_date("closing_date", "2025-10-31", entry=1),
            choose("directorate", "communities", entry=1),
            choose("bid_outcome", "unsuccessful", entry=1),
            hidden("tupe_info_timing", entry=1), hidden("tupe_effects", entry=1),
            yes_no("tupe_applied", True, entry=1),
            shown("tupe_info_timing", entry=1), shown("tupe_effects", entry=1), hidden("unbudgeted_cost", entry=1),
            choose("tupe_info_timing", "after_award", entry=1),
            tick("tupe_effects", "unbudgeted_cost", "delay", entry=1),
            shown("unbudgeted_cost", entry=1),
            type_number("unbudgeted_cost", "18500", 18500, entry=1),
            calc("late_tupe", 1, entry=1), calc("cost_or_zero", 18500, entry=1),
            add("tenders"),
            type_text("tender_name", "Adult day services – Tonbridge (café & garden)", entry=2),
            type_date("closing_date", "2026-02-01", entry=2),
            choose("directorate", "adults", entry=2),
            choose("bid_outcome", "awarded", entry=2),
            # TUPE applied, then on second thoughts not: its follow-ups go in this tender only.
            yes_no("tupe_applied", True, entry=2),
            choose("tupe_info_timing", "invitation", entry=2),
            yes_no("tupe_applied", False, entry=2),
            hidden("tupe_info_timing", entry=2), hidden("tupe_effects", entry=2),
            shown("tupe_info_timing", entry=1),
            calc("late_tupe", 0, entry=2), calc("cost_or_zero", 0, entry=2),
            # A third tender added by mistake, and removed.
            add("tenders"),
            type_text("tender_name", "Added by mistake", entry=3),
            remove("tenders", entry=3),
            choose("tupe_needed_by", "before_interest"),
            likert("directorate_consistency", "very_inconsistent", 1),
            type_text("tupe_comments", "Children's Services gave us staff numbers with the ITT;\n"
                                       "Adults sent pay & pension details only after award – “too late”."),
            calc("tenders_recorded", 2), calc("late_tupe_total", 1), calc("unbudgeted_total", 18500),
        ],
    },
    "written-evidence": {
        "empty_errors": ["org_name", "contact_name", "contact_email", "consent_publish"],
        "steps": [
            choose("capacity", "individual"),
            hidden("org_name"), hidden("org_size"),
            choose("capacity", "organisation"),
            shown("org_name"), shown("org_size"),
            type_text("org_name", 'Friends of Oakwood "Green Space" <b>CIO</b> & Café'),
            choose("org_size", "micro"),
            type_text("contact_name", "Renée O’Brien"),
            type_text("role", "Chair of trustees"),
            type_text("contact_email", "renee.obrien@example.org"),
            type_text("ev_barriers",
                      "We are a micro charity (income under £10,000) run by volunteers.\n\n"
                      "A single county-wide lot is out of reach; 47 small lots were fine. <script>x</script> & so on."),
            type_text("ev_tender_information", "TUPE lists arrived “after award”, so we priced blind."),
            type_text("ev_changes", "1. Smaller lots.\n2. Six weeks, not three, to bid."),
            attach("submission_file", "Oakwood evidence – “lots”.pdf", b"%PDF-1.4\n% evidence for the committee\n"),
            choose("consent_publish", "do_not_publish"),
            hidden("withhold_parts"),
            choose("consent_publish", "publish_no_name"),
            shown("withhold_parts"),
            type_text("withhold_parts", "Paragraph 3 (our café’s finances)"),
            yes_no("oral_evidence", False),
        ],
    },
}

# Without JavaScript, tupe-timing: the top of the form first, then each entry after its "Add another" round trip.
NO_JS_FORM = "tupe-timing"
NO_JS_TOP = [
    choose("org_size", "medium"),
    yes_no("any_tenders", True),
    choose("tupe_needed_by", "invitation"),
    likert("directorate_consistency", "one_directorate", "one_directorate"),
    type_text("tupe_comments", 'We\'d like "TUPE-ready" tenders.\nPensions & <b>sick pay</b> details matter most – '
                               'Zoë, HR lead.'),
]
NO_JS_ENTRY_1 = [
    type_text("tender_name", "Family hubs <North> & South – lot “B”", entry=1),
    type_date("closing_date", "2025-06-30", entry=1),
    choose("directorate", "children", entry=1),
    choose("bid_outcome", "withdrew", entry=1),
    yes_no("tupe_applied", True, entry=1),
    choose("tupe_info_timing", "clarification", entry=1),
    tick("tupe_effects", "renegotiation", "unbudgeted_cost", entry=1),
    type_number("unbudgeted_cost", "7250.75", 7250.75, entry=1),
    calc("late_tupe", 0, entry=1), calc("cost_or_zero", 7250.75, entry=1),
]
NO_JS_ENTRY_2 = [
    type_text("tender_name", "Healthy lifestyles – Dover", entry=2),
    type_date("closing_date", "2099-01-01", entry=2),   # in the future: refused, then corrected
    choose("directorate", "public_health", entry=2),
    choose("bid_outcome", "awaiting", entry=2),
    yes_no("tupe_applied", False, entry=2),
    # Without skip logic the timing question is on the page; answered anyway, it does not apply, so it is dropped.
    choose("tupe_info_timing", "never", entry=2),
    dropped("tupe_info_timing", entry=2),
    calc("late_tupe", 0, entry=2), calc("cost_or_zero", 0, entry=2),
]
NO_JS_FIX = [type_date("closing_date", "2026-01-15", entry=2)]
NO_JS_TOTALS = [calc("tenders_recorded", 2), calc("late_tupe_total", 0), calc("unbudgeted_total", 7250.75)]


# --- The collector and the browser. ---

def stored_responses(base, analyst, form):
    request = urllib.request.Request(f"{base}/forms/{form}/responses", headers={"Authorization": f"Bearer {analyst}"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return [json.loads(line) for line in reply.read().decode().splitlines() if line.strip()]


def document_statuses(driver):
    """The HTTP status of each page loaded since the last call, as (url, status)."""
    statuses = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"]).get("message", {})
        if message.get("method") == "Network.responseReceived" and message["params"].get("type") == "Document":
            response = message["params"]["response"]
            statuses.append((response["url"], response["status"]))
    return statuses


def same(expected, actual):
    """Equal as JSON values: true is not 1, and 2 equals 2.0."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return expected == actual
    return type(expected) is type(actual) and expected == actual


def differences(expected, actual, path=""):
    """Every place the stored answers differ from the expected ones."""
    show = lambda value: json.dumps(value, ensure_ascii=False)
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in list(expected) + [key for key in actual if key not in expected]:
            where = f"{path}.{key}" if path else key
            if key not in actual:
                found.append(f"{where}: expected {show(expected[key])}, nothing stored")
            elif key not in expected:
                found.append(f"{where}: stored {show(actual[key])}, expected nothing (unanswered or hidden)")
            else:
                found += differences(expected[key], actual[key], where)
        return found
    if isinstance(expected, list) and isinstance(actual, list) and any(isinstance(x, dict) for x in expected + actual):
        found = [] if len(expected) == len(actual) else \
            [f"{path}: expected {len(expected)} entries, {len(actual)} stored"]
        for index, (want, got) in enumerate(zip(expected, actual)):
            found += differences(want, got, f"{path}[{index + 1}]")
        return found
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        if all(same(x, y) for x, y in zip(expected, actual)):
            return []
    elif same(expected, actual):
        return []
    return [f"{path}: expected {show(expected)}, stored {show(actual)}"]


class Filler:
    """Carries out a plan's steps on the page, checking what it shows, and keeps the answers the collector should
    store: per scope ("" outside repeats, an entry's suffix such as "__2" inside), and which are dropped."""

    def __init__(self, driver, form, problems, javascript=True):
        self.driver = driver
        self.form = form
        self.problems = problems
        self.javascript = javascript
        self.answers = {}          # (scope, q) -> stored value
        self.typed = {}            # (scope, q) -> the step that answered it, to check it is kept on the page
        self.drops = set()         # (scope, q) hidden or not applying
        self.attachments = []      # the files chosen, as the collector should list them
        self.section_drops = {}    # section -> {("", q)} hidden with the section
        self.removed = set()       # scopes of removed entries
        self.date_order = None

    def expect(self, condition, message):
        if not condition:
            self.problems.append(f"{self.form}: {message}")
        return condition

    # Finding things on the page.
    def entries(self, section=None):
        selector = f"#entries-{section} > fieldset.entry" if section else "fieldset.entry"
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def scope(self, step):
        """The suffix of the step's entry ("" outside repeats)."""
        if step.entry is None:
            return ""
        # The entries holding the question (a calculation has no block: any entry).
        holding = [entry for entry in self.entries()
                   if entry.find_elements(By.CSS_SELECTOR, f'.question[data-q="{step.q}"]')] or self.entries()
        if len(holding) < step.entry:
            raise AssertionError(f"{self.form}: no entry {step.entry} holding {step.q} ({len(holding)} on the page)")
        return holding[step.entry - 1].get_attribute("data-suffix")

    def block(self, q, scope):
        if scope:
            path = f'//fieldset[contains(@class, "entry") and @data-suffix="{scope}"]//div[@data-q="{q}"]'
        else:
            path = f'//div[@data-q="{q}" and not(ancestor::fieldset[contains(@class, "entry")])]'
        blocks = self.driver.find_elements(By.XPATH, path)
        if not blocks:
            raise AssertionError(f"{self.form}: no question {q}{scope} on the page")
        return blocks[0]

    def field(self, element_id):
        return self.driver.find_element(By.ID, element_id)

    def where(self, q, scope):
        return f"{q} (entry {scope[2:]})" if scope else q

    # Doing things.
    def click(self, element):
        element.click()

    def type_date(self, element, iso):
        """Types the date key by key in the order the field shows it (the browser's locale decides)."""
        if self.date_order is None:
            self.date_order = self.driver.execute_script(
                "return new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2001, 1, 3))"
                ".filter(p => p.type !== 'literal').map(p => p.type)")
        year, month, day = iso.split("-")
        keys = "".join({"year": year, "month": month, "day": day}[part] for part in self.date_order)
        element.clear()
        element.send_keys(keys)

    def run(self, steps):
        for step in steps:
            getattr(self, "do_" + step.do)(step)

    def answered(self, step, scope):
        self.answers[(scope, step.q)] = step.stored
        self.typed[(scope, step.q)] = step

    def do_choose(self, step):
        scope = self.scope(step)
        self.click(self.field(f"{step.q}-{step.value}{scope}"))
        self.answered(step, scope)

    def do_tick(self, step):
        scope = self.scope(step)
        for box in self.block(step.q, scope).find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
            if box.is_selected() != (box.get_attribute("value") in step.value):
                self.click(box)
        self.answered(step, scope)

    def do_type(self, step):
        scope = self.scope(step)
        element = self.field(step.q + scope)
        element.clear()
        element.send_keys(step.value)
        self.expect(element.get_attribute("value") == step.value,
                    f"{self.where(step.q, scope)} holds {element.get_attribute('value')!r} after typing "
                    f"{step.value!r}")
        self.answered(step, scope)

    def do_date(self, step):
        scope = self.scope(step)
        element = self.field(step.q + scope)
        self.type_date(element, step.value)
        self.expect(element.get_attribute("value") == step.value,
                    f"{self.where(step.q, scope)} holds {element.get_attribute('value')!r} after typing the date "
                    f"{step.value}")
        self.answered(step, scope)

    def do_rank(self, step):
        scope = self.scope(step)
        for position, value in enumerate(step.value, start=1):
            Select(self.field(f"{step.q}.{position}{scope}")).select_by_value(value)
        self.answered(step, scope)

    def do_rate(self, step):
        scope = self.scope(step)
        for item, option in step.value.items():
            self.click(self.field(f"{step.q}.{item}-{option}{scope}"))
        self.answered(step, scope)

    def do_attach(self, step):
        scope = self.scope(step)
        name, content = step.value
        folder = pathlib.Path(tempfile.mkdtemp(prefix="canvass-attach-"))
        path = folder / name
        path.write_bytes(content)
        self.field(step.q + scope).send_keys(str(path))
        self.attachments.append({"question": step.q, "name": name, "bytes": len(content),
                                 "sha256": hashlib.sha256(content).hexdigest()})
        self.answered(step, scope)

    def do_calc(self, step):
        self.answers[(self.scope(step), step.q)] = step.stored

    def do_dropped(self, step):
        self.drops.add((self.scope(step), step.q))

    def do_shown(self, step):
        scope = self.scope(step)
        self.expect(self.block(step.q, scope).is_displayed(),
                    f"{self.where(step.q, scope)} is hidden; skip logic should show it here")
        self.drops.discard((scope, step.q))

    def do_hidden(self, step):
        scope = self.scope(step)
        self.expect(not self.block(step.q, scope).is_displayed(),
                    f"{self.where(step.q, scope)} is shown; skip logic should hide it here")
        self.drops.add((scope, step.q))

    def do_section_shown(self, step):
        self.expect(self.field(f"section-{step.q}").is_displayed(), f"the section {step.q} is hidden")
        self.section_drops.pop(step.q, None)

    def do_section_hidden(self, step):
        section = self.field(f"section-{step.q}")
        self.expect(not section.is_displayed(), f"the section {step.q} is shown; skip logic should hide it")
        self.section_drops[step.q] = {("", block.get_attribute("data-q"))
                                      for block in section.find_elements(By.CSS_SELECTOR, ".question")}

    def do_add(self, step):
        before = self.entries(step.q)
        self.press(self.driver.find_element(By.CSS_SELECTOR, f'button.add[data-add="{step.q}"]'))
        WebDriverWait(self.driver, 10).until(lambda d: len(self.entries(step.q)) == len(before) + 1)
        entry = self.entries(step.q)[-1]
        self.expect(len({e.get_attribute("data-suffix") for e in self.entries(step.q)}) == len(before) + 1,
                    f"two entries of {step.q} share a suffix")
        if self.javascript:
            # The page moves the focus into the new entry, so a keyboard user carries on there.
            focused = self.driver.switch_to.active_element
            self.expect(self.driver.execute_script("return arguments[0].contains(arguments[1])", entry, focused),
                        f"after Add another, the focus is not in the new {step.q} entry")
        for block in entry.find_elements(By.CSS_SELECTOR, ".question"):
            for element in block.find_elements(By.CSS_SELECTOR, "[id]"):
                self.expect(element.get_attribute("id").endswith(entry.get_attribute("data-suffix")),
                            f"{element.get_attribute('id')} in a new entry lacks the entry's suffix")

    def do_remove(self, step):
        before = self.entries(step.q)
        scope = before[step.entry - 1].get_attribute("data-suffix")
        self.press(before[step.entry - 1].find_element(By.CSS_SELECTOR, "button.remove"))
        WebDriverWait(self.driver, 10).until(lambda d: len(self.entries(step.q)) == len(before) - 1)
        self.expect(scope not in [e.get_attribute("data-suffix") for e in self.entries(step.q)],
                    f"the {step.q} entry {scope} is still on the page after Remove")
        self.removed.add(scope)

    def press(self, button):
        """Presses a button; without JavaScript it is a round trip to the collector, waited for."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        self.click(button)
        if not self.javascript:
            WebDriverWait(self.driver, 10).until(lambda d: self.stale(page))
            WebDriverWait(self.driver, 10).until(
                lambda d: d.execute_script("return document.readyState") == "complete")

    @staticmethod
    def stale(element):
        try:
            element.is_enabled()
            return False
        except Exception:
            return True

    def check_kept(self):
        """Everything answered so far is still on the page as it was typed (after a round trip to the collector)."""
        for (scope, q), step in self.typed.items():
            if scope in self.removed:
                continue
            where = self.where(q, scope)
            if step.do in ("type", "date"):
                value = self.field(q + scope).get_attribute("value")
                self.expect(value == step.value, f"{where} came back as {value!r}, typed {step.value!r}")
            elif step.do == "choose":
                self.expect(self.field(f"{q}-{step.value}{scope}").is_selected(), f"{where} came back unchosen")
            elif step.do == "tick":
                ticked = [box.get_attribute("value") for box in
                          self.block(q, scope).find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
                          if box.is_selected()]
                self.expect(ticked == step.value, f"{where} came back ticked {ticked}, not {step.value}")

    def expected(self):
        """The answers the collector should store: dropped ones left out, entries in page order."""
        drops = self.drops.union(*self.section_drops.values())
        top = {q: value for (scope, q), value in self.answers.items() if scope == "" and (scope, q) not in drops}
        for section in self.driver.find_elements(By.CSS_SELECTOR, ".entries"):
            name = section.get_attribute("id").removeprefix("entries-")
            items = []
            for entry in self.entries(name):
                scope = entry.get_attribute("data-suffix")
                items.append({q: value for (s, q), value in self.answers.items() if s == scope and (s, q) not in drops})
            if items and name not in self.section_drops:
                top[name] = items
        return top


def wait_for_sent(driver, timeout=15):
    """Waits for the confirmation (its reference) or a page whose error summary is shown; returns the reference."""
    def outcome(d):
        if d.find_elements(By.ID, "response-id"):
            return "sent"
        summaries = d.find_elements(By.ID, "error-summary")
        if summaries and summaries[0].is_displayed():
            return "refused"
        return False
    try:
        result = WebDriverWait(driver, timeout).until(outcome)
    except TimeoutException:
        return None, "neither a confirmation nor an error summary appeared"
    if result == "sent":
        return driver.find_element(By.ID, "response-id").text.strip(), None
    links = [link.text for link in driver.find_elements(By.CSS_SELECTOR, "#error-list a")]
    return None, "the page was refused: " + "; ".join(links)


def screenshot(driver, directory, name):
    """The whole page, not just the window."""
    if not directory:
        return
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    (pathlib.Path(directory) / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def check_stored(filler, arguments, form, reference, expected, count_before):
    """The response stored under the reference has exactly the expected answers."""
    responses = stored_responses(arguments.base, arguments.analyst, form)
    filler.expect(len(responses) == count_before + 1,
                  f"{len(responses) - count_before} responses stored by sending the page once, not 1")
    matching = [response for response in responses if response.get("id") == reference]
    if not filler.expect(len(matching) == 1, f"no stored response has the reference {reference!r}"):
        return
    response = matching[0]
    filler.expect(response.get("form") == form, f"the response is stored for the form {response.get('form')!r}")
    for difference in differences(expected, response.get("answers", {})):
        filler.problems.append(f"{filler.form}: stored answers differ: {difference}")
    # Each file chosen is attached as it was, byte for byte (its media type is the browser's guess).
    attached = [{key: item.get(key) for key in ("question", "name", "bytes", "sha256")}
                for item in response.get("attachments", [])]
    filler.expect(attached == filler.attachments,
                  f"the stored attachments {attached} are not the files chosen {filler.attachments}")


def refused_page_console(driver, problems, name):
    """The console since the last call, less the line Chromium logs for a page that came with status 400 (the
    collector refusing answers, as expected here)."""
    for line in console_problems(driver):
        if not ("/fill - Failed to load resource" in line and "status of 400" in line):
            problems.append(f"{name}: {line}")


def error_lines(driver):
    """The messages shown beside questions, by the id of their error line."""
    return {line.get_attribute("id"): line.text.removeprefix("Error:").strip()
            for line in driver.find_elements(By.CSS_SELECTOR, "p.error-message") if line.is_displayed()}


# --- With JavaScript: each form. ---

def fill_with_javascript(driver, arguments, form, plan, problems):
    filler = Filler(driver, form, problems)
    count_before = len(stored_responses(arguments.base, arguments.analyst, form))
    driver.get(f"{arguments.base}/forms/{form}/fill?token={arguments.token}")
    filler.expect(driver.current_url == f"{arguments.base}/forms/{form}/fill",
                  f"the link with the token led to {driver.current_url}, not the page without the token")
    filler.expect(bool(driver.find_elements(By.ID, "canvass-form")), "no questionnaire on the page")
    document_statuses(driver)

    # Sent empty: the page's own check stops it, with a focused summary and a message beside each question.
    page = driver.find_element(By.TAG_NAME, "html")
    filler.click(driver.find_element(By.ID, "save"))
    summary = driver.find_element(By.ID, "error-summary")
    filler.expect(summary.is_displayed(), "no error summary after sending the page empty")
    filler.expect(driver.switch_to.active_element.get_attribute("id") == "error-summary",
                  "the error summary is not focused after sending the page empty")
    filler.expect(not Filler.stale(page) and driver.current_url.endswith("/fill"),
                  "the empty page was posted; the page's check should have stopped it")
    links = driver.find_elements(By.CSS_SELECTOR, "#error-list a")
    lines = error_lines(driver)
    wanted = [f"{q}-error" for q in plan["empty_errors"]]
    filler.expect(sorted(lines) == sorted(wanted),
                  f"messages beside {sorted(lines)} after sending empty, expected beside {sorted(wanted)}")
    filler.expect([link.text for link in links] == [lines.get(line) for line in wanted],
                  f"the summary lists {[link.text for link in links]}, not the messages beside the questions")
    if links:
        links[0].click()
        focused = driver.switch_to.active_element
        filler.expect(filler.block(plan["empty_errors"][0], "").find_elements(By.ID, focused.get_attribute("id") or "-")
                      != [], "the summary's first link does not move to its question's field")
    screenshot(driver, arguments.screenshots, f"{form}-empty")
    filler.expect(len(stored_responses(arguments.base, arguments.analyst, form)) == count_before,
                  "sending the page empty stored a response")
    keys = driver.execute_script("return Object.keys(localStorage)")
    filler.expect(any(key.startswith(f"canvass:{form}:") for key in keys), "no progress kept in the browser")

    # With the script, skip logic shows and hides questions itself, so its words are not shown.
    filler.expect(not [c for c in driver.find_elements(By.CSS_SELECTOR, ".condition") if c.is_displayed()],
                  "skip logic in words is shown although the script runs it")
    filler.run(plan["steps"])
    expected = filler.expected()
    reference = driver.find_element(By.NAME, "canvass-id").get_attribute("value")
    screenshot(driver, arguments.screenshots, f"{form}-filled")
    filler.click(driver.find_element(By.ID, "save"))
    sent, refusal = wait_for_sent(driver)
    if not filler.expect(sent is not None, refusal or "not sent"):
        screenshot(driver, arguments.screenshots, f"{form}-refused")
        return filler
    statuses = document_statuses(driver)
    filler.expect(statuses and statuses[-1][1] == 200, f"the confirmation came with status {statuses}")
    filler.expect(sent == reference, f"the confirmation's reference {sent!r} is not the page's {reference!r}")
    filler.expect(driver.find_element(By.ID, "received-at").text.strip() != "", "the confirmation has no time")
    keys = driver.execute_script("return Object.keys(localStorage)")
    filler.expect(not any(key.startswith(f"canvass:{form}:") for key in keys),
                  "the progress kept in the browser was not cleared after sending")
    screenshot(driver, arguments.screenshots, f"{form}-sent")
    check_stored(filler, arguments, form, sent, expected, count_before)
    return filler


# --- Without JavaScript: tupe-timing. ---

def fill_without_javascript(driver, arguments, problems):
    form = NO_JS_FORM
    filler = Filler(driver, f"{form} (no JavaScript)", problems, javascript=False)
    count_before = len(stored_responses(arguments.base, arguments.analyst, form))
    driver.get(f"{arguments.base}/forms/{form}/fill?token={arguments.token}")
    document_statuses(driver)
    # JavaScript is really off: the page's script would have hidden the tenders section and kept progress.
    filler.expect(driver.find_element(By.ID, "section-tenders").is_displayed()
                  and driver.execute_script("return Object.keys(localStorage).length") == 0,
                  "the page's script ran: JavaScript is not off")

    def all_shown(when):
        blocks = driver.find_elements(By.CSS_SELECTOR, "div.question")
        hidden_blocks = [b.get_attribute("data-q") for b in blocks if not b.is_displayed() or b.get_attribute("hidden")]
        filler.expect(blocks and not hidden_blocks, f"{when}: questions not shown: {hidden_blocks}")
        sections = [s.get_attribute("id") for s in driver.find_elements(By.CSS_SELECTOR, "section.section")
                    if not s.is_displayed()]
        filler.expect(not sections, f"{when}: sections not shown: {sections}")
        return {b.get_attribute("data-q") for b in blocks}

    questions = all_shown("as loaded")
    # Without the script, skip logic is given in words beside each question it applies to.
    conditions = [c for c in driver.find_elements(By.CSS_SELECTOR, ".condition") if c.is_displayed()]
    filler.expect(any("Answer only if you answered Yes to question 2" in c.text
                      or "only if you answered Yes to question 2" in c.text for c in conditions),
                  f"no skip logic in words without JavaScript: {[c.text for c in conditions]}")
    filler.expect(questions == {"org_size", "any_tenders", "tupe_needed_by", "directorate_consistency",
                                "tupe_comments"}, f"as loaded, the questions shown are {sorted(questions)}")

    # Sent empty: the collector returns the page, status 400, with the summary and the messages beside.
    filler.press(driver.find_element(By.ID, "save"))
    statuses = document_statuses(driver)
    filler.expect(statuses and statuses[-1][1] == 400, f"sending empty came back with status {statuses}")
    refused_page_console(driver, problems, filler.form)
    summary = driver.find_element(By.ID, "error-summary")
    filler.expect(summary.is_displayed(), "no error summary after sending the page empty")
    filler.expect(driver.title.startswith("Error: "), f"the page's title {driver.title!r} does not start 'Error: '")
    lines = error_lines(driver)
    filler.expect(sorted(lines) == ["any_tenders-error", "org_size-error"],
                  f"messages beside {sorted(lines)} after sending empty, expected beside any_tenders and org_size")
    filler.expect(lines.get("org_size-error", "").startswith("Please choose an income band"),
                  f"org_size's message is {lines.get('org_size-error')!r}")
    links = driver.find_elements(By.CSS_SELECTOR, "#error-list a")
    filler.expect(sorted(link.text for link in links) == sorted(lines.values()),
                  f"the summary lists {[link.text for link in links]}, not the messages beside the questions")
    for link in links:
        target = link.get_attribute("href").split("#", 1)[-1]
        filler.expect(bool(driver.find_elements(By.ID, target)), f"the summary links to #{target}, not on the page")
    all_shown("after sending empty")
    screenshot(driver, arguments.screenshots, f"{form}-nojs-empty")
    filler.expect(len(stored_responses(arguments.base, arguments.analyst, form)) == count_before,
                  "sending the page empty stored a response")

    filler.run(NO_JS_TOP)
    filler.run([add("tenders")])
    filler.check_kept()
    all_shown("with a tender")
    entry_questions = {b.get_attribute("data-q") for b in filler.entries("tenders")[0].find_elements(
        By.CSS_SELECTOR, "div.question")}
    filler.expect(entry_questions == {"tender_name", "closing_date", "directorate", "bid_outcome", "tupe_applied",
                                      "tupe_info_timing", "tupe_effects", "unbudgeted_cost"},
                  f"a tender shows the questions {sorted(entry_questions)}")
    filler.run(NO_JS_ENTRY_1)
    filler.run([add("tenders")])
    filler.check_kept()
    filler.run(NO_JS_ENTRY_2)
    filler.run([add("tenders"), type_text("tender_name", "Added by mistake", entry=3), remove("tenders", entry=3)])
    filler.check_kept()
    filler.expect(len(filler.entries("tenders")) == 2, f"{len(filler.entries('tenders'))} tenders after removing one")

    # A closing date in the future: refused beside its field, everything typed kept.
    reference = driver.find_element(By.NAME, "canvass-id").get_attribute("value")
    filler.press(driver.find_element(By.ID, "save"))
    statuses = document_statuses(driver)
    filler.expect(statuses and statuses[-1][1] == 400, f"a future closing date came back with status {statuses}")
    refused_page_console(driver, problems, filler.form)
    lines = error_lines(driver)
    filler.expect(list(lines) == ["closing_date-error__2"] and "future" in lines["closing_date-error__2"],
                  f"a future closing date gave the messages {lines}")
    filler.expect(len(driver.find_elements(By.CSS_SELECTOR, "#error-list a")) == 1,
                  "the summary does not list the one problem")
    filler.check_kept()
    filler.expect(driver.find_element(By.NAME, "canvass-id").get_attribute("value") == reference,
                  "the page's reference changed on the way back")
    screenshot(driver, arguments.screenshots, f"{form}-nojs-refused")
    filler.expect(len(stored_responses(arguments.base, arguments.analyst, form)) == count_before,
                  "a refused page stored a response")

    filler.run(NO_JS_FIX + NO_JS_TOTALS)
    expected = filler.expected()
    screenshot(driver, arguments.screenshots, f"{form}-nojs-filled")
    filler.press(driver.find_element(By.ID, "save"))
    sent, refusal = wait_for_sent(driver, timeout=5)
    if not filler.expect(sent is not None, refusal or "not sent"):
        return filler
    statuses = document_statuses(driver)
    filler.expect(statuses and statuses[-1][1] == 200, f"the confirmation came with status {statuses}")
    filler.expect(sent == reference, f"the confirmation's reference {sent!r} is not the page's {reference!r}")
    screenshot(driver, arguments.screenshots, f"{form}-nojs-sent")
    check_stored(filler, arguments, form, sent, expected, count_before)
    return filler


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the collector, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", required=True, help="a submitter token for the four forms")
    parser.add_argument("--analyst", required=True, help="an analyst token that reads them")
    parser.add_argument("--screenshots", help="a folder for screenshots of each page (kept for people to look at)")
    parser.add_argument("--forms", nargs="*", default=list(PLANS), help="the forms to fill (all by default)")
    parser.add_argument("--no-javascript", choices=["yes", "no", "only"], default="yes",
                        help="run the no-JavaScript check as well (yes), not at all (no), or alone (only)")
    arguments = parser.parse_args()
    arguments.base = arguments.base.rstrip("/")
    if arguments.screenshots:
        pathlib.Path(arguments.screenshots).mkdir(parents=True, exist_ok=True)
    problems = []
    started = time.monotonic()
    done = []

    if arguments.no_javascript != "only":
        driver = browser(1200, 1600)
        try:
            for form in arguments.forms:
                before, start = len(problems), time.monotonic()
                try:
                    fill_with_javascript(driver, arguments, form, PLANS[form], problems)
                except Exception as error:  # a step that could not be carried out: report it, go on
                    problems.append(f"{form}: stopped: {type(error).__name__}: {str(error).splitlines()[0]}")
                problems += [f"{form}: {line}" for line in console_problems(driver)]
                done.append(f"{form} ({time.monotonic() - start:.0f} s{'' if len(problems) == before else ', problems'})")
        finally:
            driver.quit()
    if arguments.no_javascript != "no":
        driver = browser(1200, 1600, javascript=False)
        try:
            before, start = len(problems), time.monotonic()
            try:
                fill_without_javascript(driver, arguments, problems)
            except Exception as error:
                problems.append(f"{NO_JS_FORM} (no JavaScript): stopped: {type(error).__name__}: "
                                f"{str(error).splitlines()[0]}")
            problems += [f"{NO_JS_FORM} (no JavaScript): {line}" for line in console_problems(driver)]
            done.append(f"{NO_JS_FORM} without JavaScript ({time.monotonic() - start:.0f} s"
                        f"{'' if len(problems) == before else ', problems'})")
        finally:
            driver.quit()

    return verdict(
        "submit_questionnaires", problems,
        f"submit_questionnaires: {', '.join(done)}: filled in headless Chromium and sent to the collector at "
        f"{arguments.base}; empty pages refused with a summary and messages beside the questions, skip logic, "
        f"repeat entries added and removed, and each stored response equals what was typed; "
        f"{time.monotonic() - started:.0f} s in all", heading="problem(s)")


if __name__ == "__main__":
    sys.exit(main())
