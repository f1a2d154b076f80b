#!/usr/bin/env python3
"""The pandas + scipy baseline of compare.sh: what `canvass compare FORM RESPONSES --by org_size --questions …`
computes, written as an analyst would, following DESIGN.md's conventions. Prints JSON in the shape of
`canvass compare --format json`, so the two can be checked against each other.

    python3 Benchmarks/compare_pandas.py Forms/barriers-to-entry.yaml responses.jsonl > pandas.json

Groups are the by-question's substantive choices; its missing options and unanswered responses are left out.
For each question, its missing options (don't know…) and unanswered are counted per group, not in the base.
- select_one, yes_no: counts and column percents (Wilson 95% intervals); Pearson chi-square (Yates only for
  2x2, as scipy; Fisher's exact instead for a 2x2 whose smallest expected count is under 5), Cramér's V.
- likert: scale-point counts; n, mean, sd (n-1), median, q1, q3 (type 7) by group; Kruskal-Wallis and epsilon
  squared (two groups: Mann-Whitney U); every pair: Mann-Whitney U, rank-biserial r, Holm-adjusted p.
- integer, decimal: n, mean, sd, min, q1, median, q3, max by group; Welch's ANOVA (two groups: Welch's t);
  every pair: Welch's t, Cohen's d, Holm-adjusted p.
- select_multiple: each option ticked/not by group: counts, % of cases, % of responses, chi-square, Cramér's V.
Reading: json.loads per line into one DataFrame of the answers; measured faster and half the memory of
pd.read_json(lines=True) + json_normalize here.
"""
import argparse
import itertools
import json
import math
import sys
import time

import numpy as np
import pandas as pd
import yaml
from scipy import stats

QUESTIONS = ("paid_staff,legal_form,directorates,council_income_pct,lots_deliverable,bids_last_12m,bid_staff_days,"
             "tenders_at_once,in_consortium,cash_flow_risk")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("form")
    parser.add_argument("responses")
    parser.add_argument("--by", default="org_size")
    parser.add_argument("--questions", default=QUESTIONS)
    args = parser.parse_args()
    started = time.perf_counter()

    form = yaml.safe_load(open(args.form, encoding="utf-8"))
    choices = {name: [choice_entry(c) for c in items] for name, items in form["choices"].items()}
    questions = {q["id"]: q for section in form["sections"] for q in section["questions"]}
    ids = args.questions.split(",")

    with open(args.responses, encoding="utf-8") as f:
        df = pd.DataFrame([json.loads(line)["answers"] for line in f if line.strip()])
    read = time.perf_counter()

    by_choices = choices[questions[args.by]["choices"]]
    groups = [c for c in by_choices if not c["missing"]]
    group_values = [c["value"] for c in groups]
    responses = len(df)
    df = df[df[args.by].isin(group_values)].reset_index(drop=True)
    by = pd.Categorical(df[args.by], categories=group_values)
    group_n = group_counts(by, group_values)

    out = {
        "form": form["form"], "by": args.by, "responses": responses,
        "groups": [{"value": c["value"], "label": c["label"], "n": int(n)} for c, n in zip(groups, group_n)],
        "method": {"ci": "wilson", "level": 0.95, "quantiles": "type7", "adjust": "holm", "minCell": 0},
        "questions": [],
    }
    for qid in ids:
        q = questions[qid]
        column = df[qid] if qid in df.columns else pd.Series(np.nan, index=df.index, dtype=object)
        kind = q["type"]
        if kind in ("select_one", "yes_no"):
            result = categorical(q, column, by, group_values, choices)
        elif kind == "likert":
            result = likert(q, column, by, group_values, choices)
        elif kind in ("integer", "decimal"):
            result = numeric(q, column, by, group_values)
        elif kind == "select_multiple":
            result = multiple(q, column, by, group_values, choices)
        else:
            raise SystemExit(f"{qid}: a {kind} question is not compared")
        out["questions"].append(result)

    json.dump(out, sys.stdout, default=plain, allow_nan=False)
    sys.stdout.write("\n")
    done = time.perf_counter()
    print(f"compare_pandas: read {read - started:.2f} s, tables and tests {done - read:.2f} s", file=sys.stderr)


def choice_entry(entry):
    if "value" in entry:
        return {"value": entry["value"], "label": entry.get("label", entry["value"]),
                "missing": bool(entry.get("missing")), "exclusive": bool(entry.get("exclusive"))}
    (value, label), = entry.items()
    return {"value": value, "label": label, "missing": False, "exclusive": False}


def missing_counts(column, by, group_values, missing_values):
    """Counts of each missing option and of unanswered, per group."""
    counts = {}
    for value in missing_values:
        counts[value] = group_counts(by[(column == value).to_numpy()], group_values)
    counts["unanswered"] = group_counts(by[column.isna().to_numpy()], group_values)
    return counts


def group_counts(by, group_values):
    return np.bincount(by.codes, minlength=len(group_values))


def missing_fields(counts):
    return {"missing": {key: int(value.sum()) for key, value in counts.items()},
            "missingByGroup": {key: value for key, value in counts.items()}}


def categorical(q, column, by, group_values, choices):
    if q["type"] == "yes_no":
        entries = [{"value": "yes", "missing": False}, {"value": "no", "missing": False}]
        column = column.map({True: "yes", False: "no"})
    else:
        entries = choices[q["choices"]]
    missing_values = [c["value"] for c in entries if c["missing"]]
    values = [c["value"] for c in entries if not c["missing"]]
    missing = missing_counts(column, by, group_values, missing_values)
    valid = (column.notna() & ~column.isin(missing_values)).to_numpy()
    table = pd.crosstab(pd.Categorical(column[valid], categories=values), by[valid], dropna=False) \
        .reindex(index=values, columns=group_values, fill_value=0).to_numpy()
    bases = table.sum(axis=0)
    result = {"id": q["id"], "type": q["type"], "base": int(bases.sum()),
              "bases": bases, **missing_fields(missing),
              "rows": [row_json(value, counts, bases) for value, counts in zip(values, table)]}
    result.update(contingency_test(table))
    return result


def row_json(value, counts, bases):
    percents = 100 * counts / np.where(bases > 0, bases, 1)
    low, high = wilson(counts, bases)
    return {"value": value, "counts": counts, "percents": np.round(percents, 1),
            "ci": [[round(100 * lo, 1), round(100 * hi, 1)] for lo, hi in zip(low, high)]}


def wilson(counts, bases, z=stats.norm.ppf(0.975)):
    n = np.where(bases > 0, bases, 1).astype(float)
    p = counts / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def contingency_test(table):
    """Pearson chi-square over the rows and columns that have any answers; Cramér's V from the uncorrected
    statistic; Fisher's exact for a 2x2 whose smallest expected count is under 5."""
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if table.shape[0] < 2 or table.shape[1] < 2:
        return {"test": None, "effect": None}
    uncorrected = stats.chi2_contingency(table, correction=False)
    n = table.sum()
    v = math.sqrt(uncorrected.statistic / (n * (min(table.shape) - 1)))
    effect = {"name": "cramers_v", "value": v}
    if table.shape == (2, 2):
        if uncorrected.expected_freq.min() < 5:
            fisher = stats.fisher_exact(table)
            return {"test": {"name": "fisher_exact", "statistic": fisher.statistic, "p": fisher.pvalue},
                    "effect": effect}
        corrected = stats.chi2_contingency(table, correction=True)
        return {"test": {"name": "chi_square", "statistic": corrected.statistic, "df": corrected.dof,
                         "p": corrected.pvalue}, "effect": effect}
    return {"test": {"name": "chi_square", "statistic": uncorrected.statistic, "df": uncorrected.dof,
                     "p": uncorrected.pvalue}, "effect": effect}


def samples_by_group(values, codes, group_values):
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(group_values) + 1))
    return [values[order[bounds[i]:bounds[i + 1]]] for i in range(len(group_values))]


def likert(q, column, by, group_values, choices):
    entries = choices[q["choices"]]
    missing_values = [c["value"] for c in entries if c["missing"]]
    points = list(range(1, len(entries) - len(missing_values) + 1))
    missing = missing_counts(column, by, group_values, missing_values)
    valid = (column.notna() & ~column.isin(missing_values)).to_numpy()
    values = column[valid].to_numpy(dtype=float)
    codes = by.codes[valid]
    samples = samples_by_group(values, codes, group_values)
    table = np.array([[np.count_nonzero(s == point) for s in samples] for point in points])
    bases = table.sum(axis=0)
    result = {"id": q["id"], "type": q["type"], "base": int(bases.sum()), "bases": bases,
              **missing_fields(missing),
              # Rows named by the scale point's option, as canvass names them.
              "rows": [row_json(entry["value"], counts, bases)
                       for entry, counts in zip([c for c in entries if not c["missing"]], table)],
              "summary": [ordinal_summary(g, s) for g, s in zip(group_values, samples)]}
    tested = [(g, s) for g, s in zip(group_values, samples) if len(s) > 0]
    if len(tested) == 2:
        (_, a), (_, b) = tested
        test, effect = mann_whitney(a, b)
        result.update(test=test, effect=effect)
    elif len(tested) > 2:
        h = stats.kruskal(*[s for _, s in tested])
        n = sum(len(s) for _, s in tested)
        result["test"] = {"name": "kruskal_wallis", "statistic": h.statistic, "df": len(tested) - 1, "p": h.pvalue}
        result["effect"] = {"name": "epsilon_squared", "value": h.statistic / (n - 1)}
        result["pairwise"] = pairwise(tested, mann_whitney)
    return result


def ordinal_summary(group, sample):
    if len(sample) == 0:
        return {"group": group, "n": 0}
    q1, median, q3 = np.percentile(sample, [25, 50, 75])
    return {"group": group, "n": len(sample), "mean": sample.mean(),
            "sd": sample.std(ddof=1) if len(sample) > 1 else None, "median": median, "q1": q1, "q3": q3}


def mann_whitney(a, b):
    test = stats.mannwhitneyu(a, b, alternative="two-sided")
    return ({"name": "mann_whitney_u", "statistic": test.statistic, "p": test.pvalue},
            {"name": "rank_biserial", "value": 2 * test.statistic / (len(a) * len(b)) - 1})


def pairwise(tested, test_pair):
    pairs = []
    for (ga, a), (gb, b) in itertools.combinations(tested, 2):
        test, effect = test_pair(a, b)
        pairs.append({"a": ga, "b": gb, "test": test, "effect": effect})
    for pair, adjusted in zip(pairs, holm([pair["test"]["p"] for pair in pairs])):
        pair["test"]["pAdjusted"] = adjusted
    return pairs


def holm(p):
    p = np.asarray(p, dtype=float)
    adjusted = np.empty_like(p)
    running = 0.0
    for rank, index in enumerate(np.argsort(p, kind="stable")):
        running = max(running, min(1.0, (len(p) - rank) * p[index]))
        adjusted[index] = running
    return adjusted


def numeric(q, column, by, group_values):
    missing = missing_counts(column, by, group_values, [])
    valid = column.notna().to_numpy()
    values = column[valid].to_numpy(dtype=float)
    samples = samples_by_group(values, by.codes[valid], group_values)
    result = {"id": q["id"], "type": q["type"], "base": int(len(values)),
              "bases": np.array([len(s) for s in samples]),
              **missing_fields(missing),
              "summary": [numeric_summary(g, s) for g, s in zip(group_values, samples)]}
    tested = [(g, s) for g, s in zip(group_values, samples) if len(s) > 1]
    if len(tested) == 2:
        (_, a), (_, b) = tested
        test, effect = welch_t(a, b)
        result.update(test=test, effect=effect)
    elif len(tested) > 2:
        result["test"] = welch_anova([s for _, s in tested])
        result["pairwise"] = pairwise(tested, welch_t)
    return result


def numeric_summary(group, sample):
    if len(sample) == 0:
        return {"group": group, "n": 0}
    q1, median, q3 = np.percentile(sample, [25, 50, 75])
    return {"group": group, "n": len(sample), "mean": sample.mean(),
            "sd": sample.std(ddof=1) if len(sample) > 1 else None,
            "min": sample.min(), "q1": q1, "median": median, "q3": q3, "max": sample.max()}


def welch_t(a, b):
    test = stats.ttest_ind(a, b, equal_var=False)
    na, nb = len(a), len(b)
    pooled = math.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2))
    d = (a.mean() - b.mean()) / pooled if pooled > 0 else None
    return ({"name": "welch_t", "statistic": test.statistic, "df": test.df, "p": test.pvalue},
            {"name": "cohens_d", "value": d})


def welch_anova(samples):
    k = len(samples)
    n = np.array([len(s) for s in samples], dtype=float)
    means = np.array([s.mean() for s in samples])
    variances = np.array([s.var(ddof=1) for s in samples])
    w = n / variances
    total = w.sum()
    grand = (w * means).sum() / total
    spread = ((1 - w / total) ** 2 / (n - 1)).sum()
    f = ((w * (means - grand) ** 2).sum() / (k - 1)) / (1 + 2 * (k - 2) / (k * k - 1) * spread)
    df1, df2 = k - 1, (k * k - 1) / (3 * spread)
    return {"name": "welch_anova", "statistic": f, "df": df1, "df2": df2, "p": stats.f.sf(f, df1, df2)}


def multiple(q, column, by, group_values, choices):
    """A case that ticked a missing option (don't know; exclusive) is counted as missing, not in the base."""
    entries = choices[q["choices"]]
    missing_values = [c["value"] for c in entries if c["missing"]]
    options = [c["value"] for c in entries if not c["missing"]]
    ticks = column.explode()  # one row per ticked option, indexed by case (row number)
    answered = ticks.notna().to_numpy()
    ticks = ticks[answered]
    case = ticks.index.to_numpy()
    missing = {}
    missing_cases = np.zeros(len(column), dtype=bool)
    for value in missing_values:
        cases = np.unique(case[(ticks == value).to_numpy()])
        missing_cases[cases] = True
        missing[value] = group_counts(by[cases], group_values)
    missing["unanswered"] = group_counts(by[column.isna().to_numpy()], group_values)
    valid = column.notna().to_numpy() & ~missing_cases
    bases = group_counts(by[valid], group_values)
    kept = valid[case]
    table = pd.crosstab(pd.Categorical(ticks.to_numpy()[kept], categories=options), by[case[kept]], dropna=False) \
        .reindex(index=options, columns=group_values, fill_value=0).to_numpy()
    responses = table.sum(axis=0)
    rows = []
    for value, counts in zip(options, table):
        row = row_json(value, counts, bases)
        row["percentsOfResponses"] = np.round(100 * counts / np.where(responses > 0, responses, 1), 1)
        row.update(contingency_test(np.array([counts, bases - counts])))
        rows.append(row)
    return {"id": q["id"], "type": q["type"], "base": int(bases.sum()), "bases": bases,
            **missing_fields(missing),
            "responsesByGroup": responses, "rows": rows}


def plain(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    raise TypeError(f"not JSON: {type(value)}")


if __name__ == "__main__":
    main()
