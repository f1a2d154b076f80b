#!/usr/bin/env python3
"""Writes comparison_responses.jsonl (a seeded dataset) and comparison_reference.json (what `canvass compare`
must report about it), for ComparisonReferenceTests.swift.

Run from anywhere with scipy, numpy, statsmodels and pyyaml installed
(`pip install scipy numpy statsmodels pyyaml`):

    python3 Tests/CanvassStatsTests/Fixtures/make_comparison_reference.py

The form is FORM below (the same text as `statsCheckFormText` in AggregationSupport.swift; the test checks
they agree). The dataset has every kind of question, missing options, unanswered and null answers, a repeat
section, corrections (some read before the response they replace), responses to another form and to an older
version of this one. The reference follows the conventions of DESIGN.md ("Comparison statistics"), computed
independently of the Swift code:
- bases are valid answers; missing options and unanswered items are counted but never in a base;
- percents of the base, Wilson 95% intervals (statsmodels), type-7 quartiles (numpy), SD with n - 1;
- select_one / yes_no: chi-square (scipy, Yates only for 2 x 2) or Fisher's exact for a 2 x 2 whose smallest
  expected count is under 5, after leaving out empty rows and columns; Cramer's V uncorrected;
- likert, matrix statements, ranked options: Mann-Whitney U of the first group (scipy, continuity corrected)
  and rank-biserial 2U/(n1 n2) - 1; Kruskal-Wallis (scipy) and epsilon-squared H/(n - 1) for 3+ groups;
- integer / decimal: Welch's t (scipy) and Cohen's d (pooled SD); Welch's ANOVA (statsmodels) for 3+ groups;
- select_multiple: percent of cases and of responses, each option ticked / not tested like a select_one;
- with 3+ groups every pair too, Holm-adjusted (statsmodels) across the pairs with a defined p;
- a repeat section's questions count one row per entry, grouped by the entry's own answer when grouping by a
  question of the section, else by its response's answer.
`null` stands for NaN (undefined) and the strings "Infinity" / "-Infinity" for infinities.
"""

import json
import math
import os
import warnings
from fractions import Fraction as Fr

import numpy as np
import scipy
import statsmodels
import yaml
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.oneway import anova_oneway
from statsmodels.stats.proportion import proportion_confint

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))

FORM = """form: stats-check
version: "3"
title: Comparison reference form
choices:
  region:
    - north: North
    - south: South
    - east: East
    - west: West
    - {value: dont_know, label: "Don't know", missing: true}
  agree:
    - sd: Strongly disagree
    - d: Disagree
    - n: Neither agree nor disagree
    - a: Agree
    - sa: Strongly agree
    - {value: dont_know, label: "Don't know", missing: true}
  channels:
    - web: Web
    - phone: Phone
    - email: E-mail
    - post: Post
    - {value: none, label: None of these, exclusive: true}
    - {value: dont_know, label: "Don't know", missing: true, exclusive: true}
  priorities:
    - cost: Cost
    - quality: Quality
    - speed: Speed
  outcome:
    - won: Won
    - lost: Lost
    - withdrew: Withdrew
    - {value: not_sure, label: Not sure, missing: true}
  ease:
    - very_hard: Very hard
    - hard: Hard
    - easy: Easy
    - very_easy: Very easy
sections:
  - id: about
    title: About you
    questions:
      - id: region
        type: select_one
        choices: region
        label: Where are you based?
      - id: member
        type: yes_no
        label: Are you a member?
      - id: satisfaction
        type: likert
        choices: agree
        label: I am satisfied with the service.
      - id: services
        type: matrix
        choices: agree
        label: The service is
        items:
          - speed: quick
          - clarity: clear
      - id: staff
        type: integer
        label: How many staff do you have?
      - id: days
        type: decimal
        label: How many days did your last bid take?
      - id: channels
        type: select_multiple
        choices: channels
        label: How do you hear about tenders?
      - id: priorities
        type: rank
        choices: priorities
        label: Rank these in order of importance.
      - id: comments
        type: text
        label: Anything else?
  - id: tenders
    title: Your tenders
    repeat: {min: 0, max: 6, noun: tender}
    questions:
      - id: outcome
        type: select_one
        choices: outcome
        label: What was the outcome?
      - id: ease
        type: likert
        choices: ease
        label: How easy was the bid?
      - id: value
        type: decimal
        label: What was the contract worth (£k)?
      - id: bid_again
        type: yes_no
        label: Would you bid again?
"""


def num(x):
    """A double for JSON: NaN as null, infinities as strings."""
    if x is None:
        return None
    x = float(x)
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return None if math.isnan(x) else x


# MARK: The form's variables


def choice_list(form, name):
    """(value, label, missing) of each option of a choice list."""
    options = []
    for item in form["choices"][name]:
        if "value" in item:
            options.append((str(item["value"]), item.get("label", ""), bool(item.get("missing", False))))
        else:
            (value, label), = item.items()
            options.append((str(value), label, False))
    return options


def variables(form):
    """The variables, in form order: dicts of id, question, part, kind, section, values, missing, labels."""
    result = []
    for section in form["sections"]:
        section_id = section["id"] if "repeat" in section else None
        for q in section["questions"]:
            kind_of = {"select_one": "categorical", "yes_no": "categorical", "likert": "ordinal",
                       "integer": "numeric", "decimal": "numeric", "select_multiple": "multiple", "text": "text"}
            base = dict(question=q["id"], section=section_id, type=q["type"], part=None)
            if q["type"] == "yes_no":
                result.append(dict(base, id=q["id"], kind="categorical", values=["yes", "no"],
                                   labels=["Yes", "No"], missing=[]))
            elif q["type"] in ("select_one", "likert", "select_multiple"):
                options = choice_list(form, q["choices"])
                result.append(dict(base, id=q["id"], kind=kind_of[q["type"]],
                                   values=[v for v, _, m in options if not m],
                                   labels=[l for _, l, m in options if not m],
                                   missing=[v for v, _, m in options if m]))
            elif q["type"] == "matrix":
                options = choice_list(form, q["choices"])
                for item in q["items"]:
                    (part, _), = item.items()
                    result.append(dict(base, id=f"{q['id']}.{part}", part=part, kind="ordinal", type="likert",
                                       values=[v for v, _, m in options if not m],
                                       labels=[l for _, l, m in options if not m],
                                       missing=[v for v, _, m in options if m]))
            elif q["type"] == "rank":
                options = choice_list(form, q["choices"])
                positions = [str(i + 1) for i in range(len(options))]
                for value, _, _ in options:
                    result.append(dict(base, id=f"{q['id']}.{value}", part=value, kind="ordinal",
                                       values=positions, labels=positions, missing=[]))
            else:
                result.append(dict(base, id=q["id"], kind=kind_of[q["type"]], values=[], labels=[], missing=[]))
    return result


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def classify(var, answers):
    """How a row's answers count for a variable: ("valid", payload), ("missing", value), ("unanswered",) or
    ("invalid",). The payload is a code (categorical, ordinal), a number, a set of codes (multiple) or True."""
    qid, kind, values, missing = var["question"], var["kind"], var["values"], var["missing"]
    if qid not in answers or answers[qid] is None:
        return ("unanswered",)
    a = answers[qid]
    if var["type"] == "rank":
        if not isinstance(a, list):
            return ("invalid",)
        return ("valid", a.index(var["part"])) if var["part"] in a else ("unanswered",)
    if var["part"] is not None:  # a matrix statement
        if not isinstance(a, dict):
            return ("invalid",)
        if var["part"] not in a or a[var["part"]] is None:
            return ("unanswered",)
        a = a[var["part"]]
    if var["type"] == "yes_no":
        return ("valid", 0 if a else 1) if isinstance(a, bool) else ("invalid",)
    if kind == "categorical":
        if a in values:
            return ("valid", values.index(a))
        return ("missing", a) if a in missing else ("invalid",)
    if kind == "ordinal":
        if is_number(a):
            ok = a == int(a) and 1 <= a <= len(values)
            return ("valid", int(a) - 1) if ok else ("invalid",)
        return ("missing", a) if isinstance(a, str) and a in missing else ("invalid",)
    if kind == "numeric":
        return ("valid", float(a)) if is_number(a) else ("invalid",)
    if kind == "multiple":
        if not isinstance(a, list) or not all(isinstance(v, str) and v in values + missing for v in a):
            return ("invalid",)
        if not a:
            return ("unanswered",)
        return ("valid", set(a))
    if kind == "text":
        if isinstance(a, str) and a.strip(" \t\r\n") == "":
            return ("unanswered",)
        return ("valid", True)
    raise ValueError(kind)


# MARK: Statistics


def wilson(count, n):
    """The Wilson 95% interval in percent: exactly 0 with no successes, 100 when all are."""
    lower, upper = proportion_confint(count, n, alpha=0.05, method="wilson")
    lower = 0.0 if count == 0 else max(0.0, float(lower))
    upper = 1.0 if count == n else min(1.0, float(upper))
    return [100 * lower, 100 * upper]


def holm(pvalues):
    """Holm-adjusted p-values of the defined ones; NaN stays NaN."""
    defined = [i for i, p in enumerate(pvalues) if p is not None and not math.isnan(p)]
    adjusted = [float("nan")] * len(pvalues)
    if defined:
        values = multipletests([pvalues[i] for i in defined], method="holm")[1]
        for i, p in zip(defined, values):
            adjusted[i] = float(p)
    return adjusted


def test_json(name, statistic, p, df=None, df2=None):
    return {"name": name, "statistic": num(statistic), "df": num(df), "df2": num(df2), "p": num(p)}


def categorical_test(table):
    """(test, effect) of a values x groups table of counts, as the conventions say."""
    table = np.array(table, dtype=float)
    rows = [r for r in range(table.shape[0]) if table[r].sum() > 0]
    columns = [c for c in range(table.shape[1]) if table[:, c].sum() > 0]
    if len(rows) < 2 or len(columns) < 2:
        return test_json("chi_square", float("nan"), float("nan")), {"name": "cramers_v", "value": None}
    reduced = table[np.ix_(rows, columns)]
    uncorrected = stats.chi2_contingency(reduced, correction=False).statistic
    k = min(reduced.shape) - 1
    effect = {"name": "cramers_v", "value": num(math.sqrt(uncorrected / (reduced.sum() * k)))}
    if reduced.shape == (2, 2):
        expected = stats.contingency.expected_freq(reduced)
        if expected.min() < 5:
            result = stats.fisher_exact(reduced.astype(int))
            return test_json("fisher_exact", result.statistic, result.pvalue), effect
    result = stats.chi2_contingency(reduced, correction=True)
    return test_json("chi_square", result.statistic, result.pvalue, df=result.dof), effect


def mann_whitney(x, y):
    if not x or not y:
        return test_json("mann_whitney_u", float("nan"), float("nan")), {"name": "rank_biserial", "value": None}
    if len(set(x + y)) == 1:  # every value tied: U is n1 n2 / 2 and p is 1
        u, p = len(x) * len(y) / 2, 1.0
    else:
        result = stats.mannwhitneyu(x, y, alternative="two-sided", use_continuity=True)
        u, p = float(result.statistic), float(result.pvalue)
    return test_json("mann_whitney_u", u, p), {"name": "rank_biserial", "value": num(2 * u / (len(x) * len(y)) - 1)}


def kruskal(samples):
    n = sum(len(s) for s in samples)
    if any(not s for s in samples) or len(set(v for s in samples for v in s)) < 2:
        return test_json("kruskal_wallis", float("nan"), float("nan")), {"name": "epsilon_squared", "value": None}
    result = stats.kruskal(*samples)
    h = float(result.statistic)
    effect = {"name": "epsilon_squared", "value": num(h / ((n * n - 1) / (n + 1)))}
    return test_json("kruskal_wallis", h, result.pvalue, df=len(samples) - 1), effect


def cohens_d(x, y):
    n1, n2 = len(x), len(y)
    if n1 < 1 or n2 < 1 or n1 + n2 <= 2:
        return {"name": "cohens_d", "value": None}
    s1 = (n1 - 1) * float(np.var(x, ddof=1)) if n1 > 1 else 0.0
    s2 = (n2 - 1) * float(np.var(y, ddof=1)) if n2 > 1 else 0.0
    pooled = math.sqrt((s1 + s2) / (n1 + n2 - 2))
    difference = float(np.mean(x)) - float(np.mean(y))
    if pooled > 0:
        return {"name": "cohens_d", "value": num(difference / pooled)}
    return {"name": "cohens_d", "value": num(math.copysign(math.inf, difference) if difference else float("nan"))}


def welch_t(x, y):
    if len(x) < 2 or len(y) < 2 or np.var(x, ddof=1) + np.var(y, ddof=1) == 0:
        return test_json("welch_t", float("nan"), float("nan")), cohens_d(x, y)
    result = stats.ttest_ind(x, y, equal_var=False)
    return test_json("welch_t", result.statistic, result.pvalue, df=result.df), cohens_d(x, y)


def welch_anova(samples):
    if any(len(s) < 2 or np.var(s, ddof=1) == 0 for s in samples):
        return test_json("welch_anova", float("nan"), float("nan"))
    result = anova_oneway(samples, use_var="unequal", welch_correction=True)
    df1, df2 = result.df
    return test_json("welch_anova", result.statistic, result.pvalue, df=df1, df2=df2)


def pairwise(keys, items, compare):
    """Every pair of groups compared, Holm-adjusted across the pairs."""
    pairs = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            test, effect = compare(items[i], items[j])
            pairs.append({"a": keys[i], "b": keys[j], "test": test, "effect": effect})
    adjusted = holm([float("nan") if pair["test"]["p"] is None else pair["test"]["p"] for pair in pairs])
    for pair, p in zip(pairs, adjusted):
        pair["test"]["pAdjusted"] = num(p)
    return pairs


def sd_exact(values):
    """SD (n - 1) to double precision: the square root of the exact variance, by Python's decimal module."""
    from decimal import Decimal, getcontext
    getcontext().prec = 50
    exact = [Fr(v) for v in values]
    mean = sum(exact) / len(exact)
    variance = sum((v - mean) ** 2 for v in exact) / (len(exact) - 1)
    root = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
    return float(mean), float(root)


def summary(group, values, scale=None):
    """A group's descriptives; with `scale` (the number of points) the top-two / bottom-two percents too."""
    n = len(values)
    if n == 0:
        return {"group": group, "n": 0}
    if n > 1:
        mean, sd = sd_exact(values)
    else:
        mean, sd = float(values[0]), float("nan")
    q1, median, q3 = (float(np.percentile(values, p)) for p in (25, 50, 75))
    result = {"group": group, "n": n, "mean": num(mean), "sd": num(sd), "min": float(min(values)),
              "q1": q1, "median": median, "q3": q3, "max": float(max(values))}
    if scale is not None:
        top = sum(1 for v in values if v >= scale - 1)
        bottom = sum(1 for v in values if v <= 2)
        result.update(top2=100 * top / n, bottom2=100 * bottom / n, net=100 * (top - bottom) / n)
    return result


# MARK: One comparison


def compare(name, form, responses, by=None, groups=None):
    variables_ = variables(form)
    by_var = next((v for v in variables_ if v["id"] == by), None)
    keys = groups or (by_var["values"] if by_var else ["all"])
    by_section = by_var["section"] if by_var else None
    ungrouped = {}
    # rows[variable index][group] = list of classifications
    chosen = [v for v in variables_ if v["id"] != by and (by is None or v["section"] == by_section
                                                          or (by_section is None and v["section"] is not None))]
    cells = {v["id"]: [[] for _ in keys] for v in chosen}
    sizes = [0] * len(keys)

    def group_of(answers):
        if by_var is None:
            return 0
        c = classify(by_var, answers)
        if c[0] == "valid" and by_var["values"][c[1]] in keys:
            return keys.index(by_var["values"][c[1]])
        reason = {"unanswered": "unanswered", "invalid": "invalid"}.get(c[0]) or (
            c[1] if c[0] == "missing" else "not among the groups chosen")
        ungrouped[reason] = ungrouped.get(reason, 0) + 1
        return None

    for response in responses:
        answers = response["answers"]
        entries = answers.get("tenders") or []
        if by_section is None:
            g = group_of(answers)
            if g is None:
                continue
            sizes[g] += 1
            for v in chosen:
                if v["section"] is None:
                    cells[v["id"]][g].append(classify(v, answers))
                else:
                    for entry in entries:
                        cells[v["id"]][g].append(classify(v, entry))
        else:
            for entry in entries:
                g = group_of(entry)
                if g is None:
                    continue
                sizes[g] += 1
                for v in chosen:
                    cells[v["id"]][g].append(classify(v, entry))

    labels = [by_var["labels"][by_var["values"].index(k)] for k in keys] if by_var else ["All"]
    tests = by is not None and len(keys) >= 2
    questions = []
    for v in chosen:
        per_group = cells[v["id"]]
        q = {"id": v["id"], "type": v["type"], "section": v["section"], "rows": [], "missing": [], "summary": []}
        valid = [[c[1] for c in g if c[0] == "valid"] for g in per_group]
        missing_rows = []
        for value in v["missing"] + ["unanswered"]:
            if value == "unanswered":
                counts = [sum(1 for c in g if c[0] == "unanswered") for g in per_group]
            else:
                counts = [sum(1 for c in g if c[0] == "missing" and c[1] == value) for g in per_group]
            missing_rows.append({"value": value, "counts": counts, "total": sum(counts)})
        if v["kind"] in ("categorical", "ordinal"):
            bases = [len(g) for g in valid]
            table = [[sum(1 for c in g if c == code) for g in valid] for code in range(len(v["values"]))]
            for code, value in enumerate(v["values"]):
                counts = table[code]
                q["rows"].append({
                    "value": value, "counts": counts, "total": sum(counts),
                    "percents": [num(100 * c / b) if b else None for c, b in zip(counts, bases)],
                    "intervals": [wilson(c, b) if b else None for c, b in zip(counts, bases)]})
            if v["kind"] == "ordinal":
                samples = [[float(code + 1) for code in g] for g in valid]
                q["summary"] = [summary(k, s, scale=len(v["values"])) for k, s in zip(keys, samples)]
                if tests:
                    if len(keys) == 2:
                        q["test"], q["effect"] = mann_whitney(samples[0], samples[1])
                    else:
                        q["test"], q["effect"] = kruskal(samples)
                        q["pairwise"] = pairwise(keys, samples, mann_whitney)
            elif tests:
                q["test"], q["effect"] = categorical_test(table)
                if len(keys) >= 3:
                    columns = [[row[g] for row in table] for g in range(len(keys))]
                    q["pairwise"] = pairwise(keys, columns, lambda a, b: categorical_test([[x, y] for x, y in zip(a, b)]))
        elif v["kind"] == "multiple":
            substantive = set(v["values"])
            in_base = [[s for s in g if s & substantive] for g in valid]
            bases = [len(g) for g in in_base]
            for value in v["missing"]:
                for row in missing_rows:
                    if row["value"] == value:
                        row["counts"] = [sum(1 for s in g if value in s) for g in valid]
                        row["total"] = sum(row["counts"])
            ticks = [sum(len(s & substantive) for s in g) for g in valid]
            for value in v["values"]:
                counts = [sum(1 for s in g if value in s) for g in valid]
                row = {
                    "value": value, "counts": counts, "total": sum(counts),
                    "percents": [num(100 * c / b) if b else None for c, b in zip(counts, bases)],
                    "intervals": [wilson(c, b) if b else None for c, b in zip(counts, bases)],
                    "percentsOfResponses": [num(100 * c / t) if t else None for c, t in zip(counts, ticks)]}
                if tests:
                    table = [counts, [b - c for b, c in zip(bases, counts)]]
                    row["test"], row["effect"] = categorical_test(table)
                    if len(keys) >= 3:
                        columns = [[table[0][g], table[1][g]] for g in range(len(keys))]
                        row["pairwise"] = pairwise(
                            keys, columns, lambda a, b: categorical_test([[x, y] for x, y in zip(a, b)]))
                q["rows"].append(row)
        elif v["kind"] == "numeric":
            bases = [len(g) for g in valid]
            q["summary"] = [summary(k, s) for k, s in zip(keys, valid)]
            if tests:
                if len(keys) == 2:
                    q["test"], q["effect"] = welch_t(valid[0], valid[1])
                else:
                    q["test"] = welch_anova(valid)
                    q["pairwise"] = pairwise(keys, valid, welch_t)
        else:
            bases = [len(g) for g in valid]
        q["bases"] = bases
        q["base"] = sum(bases)
        q["missing"] = missing_rows
        questions.append(q)
    return {"name": name, "by": by, "groups": groups, "responses": len(responses),
            "rows": sum(sizes), "ungrouped": ungrouped,
            "groupsOut": [{"value": k, "label": l, "n": n} for k, l, n in zip(keys, labels, sizes)],
            "questions": questions}


# MARK: The dataset


def make_responses(rng):
    """A few hundred responses of the form, with corrections and a few strays, in file order."""
    def pick(options, p=None):
        return options[rng.choice(len(options), p=p)]

    responses = []
    regions = ["north", "south", "east", "west", "dont_know", None]
    shift = {"north": 0.0, "south": 0.6, "east": -0.4, "west": 0.3, "dont_know": 0.0, None: 0.0}
    for i in range(420):
        answers = {}
        region = pick(regions, [0.3, 0.3, 0.2, 0.12, 0.04, 0.04])
        s = shift[region]
        if region is not None:
            answers["region"] = region
        if rng.random() > 0.05:
            answers["member"] = bool(rng.random() < 0.45 + 0.2 * s)
        r = rng.random()
        if r < 0.06:
            answers["satisfaction"] = "dont_know"
        elif r < 0.08:
            answers["satisfaction"] = None
        elif r < 0.12:
            pass
        else:
            answers["satisfaction"] = int(np.clip(np.round(rng.normal(3 + s, 1.1)), 1, 5))
        if rng.random() > 0.05:
            services = {}
            if rng.random() > 0.05:
                services["speed"] = int(np.clip(np.round(rng.normal(3.2 - s, 1.2)), 1, 5))
            if rng.random() > 0.05:
                services["clarity"] = "dont_know" if rng.random() < 0.07 else int(rng.integers(1, 6))
            answers["services"] = services
        if rng.random() > 0.05:
            answers["staff"] = int(rng.poisson(8 + 6 * s if s > -1 else 4))
        if rng.random() > 0.08:
            answers["days"] = float(np.round(rng.lognormal(1.5 + 0.3 * s, 0.7) * 4) / 4)
        channels = [c for c, p in (("web", 0.6), ("phone", 0.3 + 0.1 * s), ("email", 0.4), ("post", 0.03))
                    if rng.random() < p]
        if not channels:
            r = rng.random()
            channels = ["none"] if r < 0.5 else ["dont_know"] if r < 0.8 else [] if r < 0.9 else None
        if channels is not None:
            answers["channels"] = channels
        if rng.random() > 0.1:
            order = list(rng.permutation(["cost", "quality", "speed"]))
            if s > 0.4 and order[0] != "quality" and rng.random() < 0.5:
                order.remove("quality")
                order.insert(0, "quality")
            answers["priorities"] = [str(o) for o in order[: int(rng.integers(1, 4))]]
        if rng.random() < 0.2:
            answers["comments"] = pick(["Fine.", "  ", "Too slow: \"very\" slow", "café ☕", ""])
        tenders = []
        for _ in range(int(rng.integers(0, 5))):
            entry = {}
            r = rng.random()
            outcome = "not_sure" if r < 0.05 else None if r < 0.08 else pick(["won", "lost", "withdrew"], [0.4, 0.45, 0.15])
            if outcome is not None:
                entry["outcome"] = outcome
            o = {"won": 0.8, "lost": -0.3, "withdrew": -0.9}.get(outcome, 0)
            if rng.random() > 0.06:
                entry["ease"] = int(np.clip(np.round(rng.normal(2.5 + o, 0.9)), 1, 4))
            if rng.random() > 0.1:
                entry["value"] = float(np.round(rng.lognormal(3 + o, 0.8), 1))
            if rng.random() > 0.1:
                entry["bid_again"] = bool(rng.random() < 0.6 + 0.3 * o)
            tenders.append(entry)
        if tenders or rng.random() < 0.5:
            answers["tenders"] = tenders
        responses.append({"canvass": 1, "form": "stats-check", "formVersion": "3", "id": f"resp-{i:04d}",
                          "createdAt": "2026-11-01T09:00:00Z", "deprecates": None, "answers": answers})
    # Responses to the older version 2: an unknown question and a satisfaction it allowed.
    for i in (7, 77, 177, 277):
        responses[i]["formVersion"] = "2"
        responses[i]["answers"]["legacy_question"] = "kept"
    responses[77]["answers"]["satisfaction"] = 6
    # Corrections: each replaces a response; two are read before the response they replace.
    lines = list(responses)
    for k, i in enumerate(rng.choice(420, size=6, replace=False)):
        original = responses[int(i)]
        corrected = json.loads(json.dumps(original))
        corrected["id"] = f"fix-{k}"
        corrected["deprecates"] = original["id"]
        corrected["answers"]["satisfaction"] = 5
        corrected["answers"]["member"] = True
        position = next(n for n, line in enumerate(lines) if line is original)
        at = int(rng.integers(0, max(position, 1))) if k < 2 else int(rng.integers(position + 1, len(lines) + 1))
        lines.insert(at, corrected)
    # Responses to another form.
    for k in range(3):
        lines.insert(int(rng.integers(0, len(lines))), {
            "canvass": 1, "form": "other-form", "formVersion": "1", "id": f"other-{k}", "deprecates": None,
            "answers": {"region": "north", "satisfaction": 1}})
    return lines


def main():
    form = yaml.safe_load(FORM)
    rng = np.random.default_rng(20261129)
    lines = make_responses(rng)
    with open(os.path.join(HERE, "comparison_responses.jsonl"), "w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n")
    mine = [r for r in lines if r["form"] == form["form"]]
    replaced = {r["deprecates"] for r in mine if r["deprecates"]}
    kept = [r for r in mine if r["id"] not in replaced]
    cases = [
        compare("summary", form, kept),
        compare("by_region", form, kept, by="region"),
        compare("by_region_two", form, kept, by="region", groups=["south", "north"]),
        compare("by_outcome", form, kept, by="outcome"),
        compare("by_outcome_two", form, kept, by="outcome", groups=["lost", "won"]),
        compare("by_member", form, kept, by="member"),
    ]
    reference = {
        "generator": "make_comparison_reference.py",
        "versions": {"scipy": scipy.__version__, "numpy": np.__version__, "statsmodels": statsmodels.__version__},
        "form": FORM, "responsesFile": "comparison_responses.jsonl", "replaced": len(replaced),
        "otherForms": sum(1 for r in lines if r["form"] != form["form"]), "cases": cases}
    with open(os.path.join(HERE, "comparison_reference.json"), "w", encoding="utf-8") as out:
        json.dump(reference, out, indent=1, allow_nan=False, ensure_ascii=False)
        out.write("\n")
    fisher = sum(json.dumps(c).count('"fisher_exact"') for c in cases)
    print(f"{len(lines)} lines, {len(kept)} responses analysed, {len(cases)} cases, {fisher} Fisher tests")


if __name__ == "__main__":
    main()
