#!/usr/bin/env python3
"""Writes tests_reference.json: scipy/statsmodels values for the descriptives, tests, effects and adjustments.

Run from anywhere with scipy, numpy, statsmodels and mpmath installed
(`pip install scipy numpy statsmodels mpmath`):

    python3 Tests/CanvassStatsTests/Fixtures/make_tests_reference.py

Every case is `{"routine": …, inputs…, "expected": {…}, "exact": {…}}`. `expected` holds what scipy (or
statsmodels, or numpy) returns; `exact` holds the same statistics computed independently here, from the
inputs as exact rationals (`fractions.Fraction`) or with mpmath at 50 digits, rounded to double. The two
agree to about 1e-15 except where scipy's own formula cancels (a Kruskal–Wallis H near zero, say); the
Swift tests compare with `exact` when present and report how far scipy is from it. p-values in `exact` are
scipy's tail functions evaluated at the exact statistic. `null` stands for NaN (an undefined
result) and the strings "Infinity" and "-Infinity" for infinities.
Inputs are doubles written with `repr`, which round-trips exactly. The tests never need Python.
"""

import json
import math
import os
import warnings
from fractions import Fraction as Fr

import mpmath as mp
import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.oneway import anova_oneway
from statsmodels.stats.proportion import proportion_confint

mp.mp.dps = 50
warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)


def mpf(q):
    """A Fraction as a 50-digit mpmath number."""
    return mp.mpf(q.numerator) / q.denominator


def num(x):
    """A double for JSON, NaN as null and infinities as the strings "Infinity" and "-Infinity"."""
    x = float(x)
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return None if math.isnan(x) else x


def sample(n, kind):
    """n values: continuous, Likert (ties), or rounded to one decimal (some ties)."""
    if kind == "likert":
        return [float(v) for v in rng.integers(1, 6, n)]
    if kind == "rounded":
        return [float(v) for v in np.round(rng.normal(50, 10, n), 1)]
    loc, scale = rng.normal(0, 2), rng.uniform(0.2, 5)
    return [float(v) for v in rng.normal(loc, scale, n)]


def exact_ranks(values):
    """Average ranks as Fractions, and the tie counts."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [Fr(0)] * len(values)
    ties = []
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = Fr(i + j + 2, 2)
        ties.append(j - i + 1)
        i = j + 1
    return ranks, ties


cases = []

# ---------------------------------------------------------------- descriptives
PROBS = [0.0, 0.1, 0.25, 1 / 3, 0.5, 0.75, 0.9, 0.99, 1.0]
for n in [1, 2, 3, 4, 5, 7, 10, 11, 50, 99, 100, 1000] * 4:
    x = sample(n, ["continuous", "likert", "rounded", "continuous"][len(cases) % 4])
    a = np.array(x)
    fx = [Fr(v) for v in x]
    m = sum(fx) / n
    sd = mp.sqrt(mpf(sum((v - m) ** 2 for v in fx) / (n - 1))) if n > 1 else math.nan
    s = sorted(fx)
    qs = []
    for p in PROBS:
        h = (n - 1) * Fr(p)
        lo = math.floor(h)
        qs.append(float(s[lo] + (h - lo) * (s[min(lo + 1, n - 1)] - s[lo])))
    cases.append({
        "routine": "descriptives", "values": x, "probabilities": PROBS,
        "expected": {"mean": num(np.mean(a)), "sd": num(np.std(a, ddof=1) if n > 1 else math.nan),
                     "quantiles": [num(np.quantile(a, p)) for p in PROBS]},
        "exact": {"mean": float(m), "sd": num(sd), "quantiles": qs},
    })

# ---------------------------------------------------------------- Wilson interval
wilson = [(0, 1, 0.95), (1, 1, 0.95), (0, 10, 0.95), (10, 10, 0.95), (1, 1000, 0.95), (999, 1000, 0.99),
          (5, 5000000, 0.95), (3, 7, 0.5), (3, 7, 0.999999)]
for _ in range(60):
    n = int(rng.choice([2, 5, 20, 100, 400, 10000]))
    wilson.append((int(rng.integers(0, n + 1)), n, float(rng.choice([0.8, 0.9, 0.95, 0.99, 0.999]))))
for x, n, level in wilson:
    lo, hi = proportion_confint(x, n, alpha=1 - level, method="wilson")
    z = -mp.mpf(stats.norm.ppf((1 - level) / 2))  # the same z as Swift's, to isolate the interval formula
    p = mp.mpf(x) / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * mp.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    cases.append({"routine": "wilson", "successes": x, "trials": n, "level": level,
                  "expected": {"lower": num(lo), "upper": num(hi)},
                  "exact": {"lower": 0.0 if x == 0 else float(centre - half),
                            "upper": 1.0 if x == n else float(centre + half)}})


# ---------------------------------------------------------------- chi-square and Cramér's V
def exact_chi2(table, correction):
    t = [[Fr(v) for v in row] for row in table]
    rows = [sum(r) for r in t]
    cols = [sum(c) for c in zip(*t)]
    n = sum(rows)
    yates = correction and len(t) == 2 and len(t[0]) == 2
    total = Fr(0)
    for i, r in enumerate(t):
        for j, o in enumerate(r):
            e = rows[i] * cols[j] / n
            d = abs(o - e)
            if yates:
                d = max(d - Fr(1, 2), Fr(0))
            total += d * d / e
    return total


def chi_case(table, reduced=None):
    """scipy on the table without its all-zero rows and columns (Swift leaves those out, and says so)."""
    r = reduced if reduced is not None else table
    a = np.array(r, dtype=float)
    chi2, p, dof, _ = stats.chi2_contingency(a, correction=True)
    v = stats.contingency.association(np.array(r, dtype=np.int64), method="cramer")
    stat = exact_chi2(r, True)
    plain = exact_chi2(r, False)
    n = sum(map(sum, r))
    k = min(len(r), len(r[0])) - 1
    cases.append({
        "routine": "chi_square", "table": table,
        "expected": {"statistic": num(chi2), "df": dof, "p": num(p), "effect": num(v)},
        "exact": {"statistic": float(stat), "df": dof, "p": num(stats.chi2.sf(float(stat), dof)),
                  "effect": float(mp.sqrt(mpf(plain) / (n * k)))},
    })


for _ in range(150):
    r, c = int(rng.integers(2, 5)), int(rng.integers(2, 6))
    scale = rng.choice([3, 10, 50, 1000])
    table = [[int(v) for v in row] for row in rng.poisson(rng.uniform(0.5, 1, (r, c)) * scale + 0.3)]
    if min(map(sum, table)) == 0 or min(map(sum, zip(*table))) == 0:
        continue
    chi_case(table)
for table in [[[0, 5], [5, 0]], [[0, 1], [1, 0]], [[3, 0], [2, 4]], [[1, 1], [1, 1]], [[10, 20], [20, 40]],
              [[700, 0], [0, 700]], [[100000, 99000], [98000, 100500]], [[5, 0, 3], [2, 0, 9]],
              [[5, 6], [0, 0], [2, 9]], [[400, 0, 0], [0, 400, 0], [0, 0, 400]], [[1, 2, 3, 4, 5]] * 4,
              [[2000, 1], [1, 2000]], [[3, 4], [6, 8], [9, 12]]]:
    keep_rows = [row for row in table if sum(row) > 0]
    keep_cols = [j for j in range(len(table[0])) if sum(row[j] for row in table) > 0]
    chi_case(table, [[row[j] for j in keep_cols] for row in keep_rows])
for table in [[[1, 2, 3]], [[1], [2]], [[0, 0], [0, 0]], [[0, 0], [3, 4]], [[4, 0], [3, 0]], []]:
    cases.append({"routine": "chi_square", "table": table,
                  "expected": {"statistic": None, "df": None, "p": None, "effect": None}})


# ---------------------------------------------------------------- Fisher's exact
def fisher_case(table):
    res = stats.fisher_exact(table, alternative="two-sided")
    (a, b), (c, d) = table
    odds = math.nan if (a + b == 0 or c + d == 0 or a + c == 0 or b + d == 0) else (
        math.inf if b * c == 0 and a * d > 0 else (float(Fr(a * d, b * c)) if b * c else math.nan))
    cases.append({"routine": "fisher_exact", "table": table,
                  "expected": {"statistic": num(res.statistic), "p": num(res.pvalue)},
                  "exact": {"statistic": num(odds), "p": num(res.pvalue)}})


for _ in range(150):
    scale = int(rng.choice([2, 5, 10, 40, 300]))
    table = [[int(v) for v in row] for row in rng.integers(0, scale, (2, 2))]
    fisher_case(table)
for table in [[[0, 0], [0, 0]], [[0, 5], [0, 7]], [[3, 4], [0, 0]], [[0, 10], [10, 0]], [[1, 0], [0, 1]],
              [[500, 0], [0, 500]], [[520, 0], [0, 520]], [[5, 5], [5, 5]], [[7, 2], [2, 7]], [[0, 3], [4, 9]],
              [[100, 200], [300, 400]], [[1000, 2000], [3000, 4100]]]:
    fisher_case(table)


# ---------------------------------------------------------------- Mann–Whitney U and rank-biserial r
def mwu_case(x, y):
    n1, n2 = len(x), len(y)
    ranks, ties = exact_ranks(x + y)
    u1 = sum(ranks[:n1]) - Fr(n1 * (n1 + 1), 2) if n1 and n2 else None
    exact_method = min(n1, n2) <= 8 and max(ties, default=1) == 1
    method = "exact" if exact_method else "asymptotic"
    if n1 == 0 or n2 == 0:
        cases.append({"routine": "mann_whitney_u", "groups": [x, y],
                      "expected": {"statistic": None, "p": None, "effect": None, "method": method}})
        return
    res = stats.mannwhitneyu(x, y, alternative="two-sided", method=method, use_continuity=True)
    exp = {"statistic": num(res.statistic), "p": num(res.pvalue), "method": method,
           "effect": num(2 * res.statistic / (n1 * n2) - 1)}
    big = max(u1, n1 * n2 - u1)
    if exact_method:
        p_exact = num(res.pvalue)
    else:
        tie_term = sum(t ** 3 - t for t in ties)
        n = n1 + n2
        s2 = Fr(n1 * n2, 12) * ((n + 1) - Fr(tie_term, n * (n - 1)))
        z = (mpf(big) - mp.mpf(n1 * n2) / 2 - mp.mpf(1) / 2) / mp.sqrt(mpf(s2)) if s2 > 0 else -mp.inf
        p_exact = min(1.0, 2 * float(mp.ncdf(-z))) if z != -mp.inf else 1.0
    cases.append({"routine": "mann_whitney_u", "groups": [x, y], "expected": exp,
                  "exact": {"statistic": float(u1), "p": p_exact, "method": method,
                            "effect": float(2 * u1 / (n1 * n2) - 1)}})


for _ in range(90):  # exact: smaller group ≤ 8, no ties
    mwu_case(sample(int(rng.integers(1, 9)), "continuous"), sample(int(rng.choice([1, 3, 8, 12, 30, 100])), "continuous"))
for _ in range(110):  # asymptotic: ties, or both groups above 8
    kind = str(rng.choice(["likert", "rounded", "continuous"]))
    n1 = int(rng.choice([2, 5, 9, 20, 60, 250]))
    n2 = int(rng.choice([9, 15, 40, 120, 400]))
    mwu_case(sample(n1, kind), sample(n2, kind))
mwu_case([3.0] * 6, [3.0] * 9)  # all tied
mwu_case([1.0], [2.0])
mwu_case([1.0, 2.0], [3.0, 4.0, 5.0])
mwu_case([float(i) for i in range(930)], [float(i) for i in range(930, 1860)])  # p near 1e-304
mwu_case([float(i) for i in range(8)], [float(i) for i in range(8, 1008)])  # exact, tiny p
mwu_case([], [1.0, 2.0])


# ---------------------------------------------------------------- Kruskal–Wallis and epsilon-squared
def kw_case(groups):
    sizes = [len(g) for g in groups]
    values = [v for g in groups for v in g]
    if len(groups) < 2 or min(sizes) == 0 or len(set(values)) == 1:
        cases.append({"routine": "kruskal_wallis", "groups": groups,
                      "expected": {"statistic": None, "df": None, "p": None, "effect": None}})
        return
    res = stats.kruskal(*groups)
    n = len(values)
    ranks, ties = exact_ranks(values)
    h, start = Fr(0), 0
    for size in sizes:
        mean_rank = sum(ranks[start:start + size]) / size
        h += size * (mean_rank - Fr(n + 1, 2)) ** 2
        start += size
    h = h * 12 / (n * (n + 1)) / (1 - Fr(sum(t ** 3 - t for t in ties), n ** 3 - n))
    df = len(groups) - 1
    cases.append({"routine": "kruskal_wallis", "groups": groups,
                  "expected": {"statistic": num(res.statistic), "df": df, "p": num(res.pvalue),
                               "effect": num(res.statistic / (n - 1))},
                  "exact": {"statistic": float(h), "df": df, "p": num(stats.chi2.sf(float(h), df)),
                            "effect": float(h / (n - 1))}})


for _ in range(120):
    kind = str(rng.choice(["likert", "rounded", "continuous"]))
    k = int(rng.integers(2, 6))
    kw_case([sample(int(rng.choice([1, 2, 5, 10, 30, 100, 300])), kind) for _ in range(k)])
kw_case([[float(i) for i in range(j * 530, (j + 1) * 530)] for j in range(3)])  # p below 1e-300
kw_case([[1.0, 2.0], [3.0]])
kw_case([[2.0, 2.0], [2.0, 2.0, 2.0]])
kw_case([[1.0, 2.0, 3.0]])
kw_case([[1.0, 2.0], []])


# ---------------------------------------------------------------- Welch's t and Cohen's d
def mpstats(g):
    f = [Fr(v) for v in g]
    m = sum(f) / len(f)
    var = sum((v - m) ** 2 for v in f) / (len(f) - 1)
    return m, var


def welch_case(x, y):
    n1, n2 = len(x), len(y)
    if n1 < 2 or n2 < 2 or (np.var(x) == 0 and np.var(y) == 0):
        cases.append({"routine": "welch_t", "groups": [x, y],
                      "expected": {"statistic": None, "df": None, "p": None, "effect": None}})
        return
    res = stats.ttest_ind(x, y, equal_var=False)
    df_scipy = res.df
    (m1, v1), (m2, v2) = mpstats(x), mpstats(y)
    pooled = ((n1 - 1) * np.var(x, ddof=1) + (n2 - 1) * np.var(y, ddof=1)) / (n1 + n2 - 2)
    d_np = (np.mean(x) - np.mean(y)) / math.sqrt(pooled)
    a, b = v1 / n1, v2 / n2
    t = mpf(m1 - m2) / mp.sqrt(mpf(a + b))
    df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
    pv = ((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2)
    d = mpf(m1 - m2) / mp.sqrt(mpf(pv))
    cases.append({"routine": "welch_t", "groups": [x, y],
                  "expected": {"statistic": num(res.statistic), "df": num(df_scipy), "p": num(res.pvalue),
                               "effect": num(d_np)},
                  "exact": {"statistic": float(t), "df": float(df),
                            "p": num(stats.t.sf(abs(float(t)), float(df)) * 2), "effect": float(d)}})


for _ in range(120):
    kind = str(rng.choice(["likert", "rounded", "continuous", "continuous"]))
    welch_case(sample(int(rng.choice([2, 3, 5, 10, 40, 200, 1000])), kind),
               sample(int(rng.choice([2, 4, 8, 25, 100, 500])), kind))
welch_case([1.0, 2.0, 3.0], [5.0, 5.0, 5.0])  # one group with zero variance
welch_case([5.0, 5.0], [5.0, 5.0, 5.0])
welch_case([1.0], [2.0, 3.0])
welch_case([float(v) for v in rng.normal(0, 1, 400)], [float(v) for v in rng.normal(3.2, 1, 400)])  # p ~ 1e-300
welch_case([1.0, 1.0 + 1e-9, 1.0 + 2e-9], [2.0, 2.0 + 1e-9, 2.0 + 3e-9])


# ---------------------------------------------------------------- Welch's ANOVA
def welch_anova_exact(groups):
    """Welch (1951), written from the paper's formula (as R's oneway.test(var.equal = FALSE))."""
    k = len(groups)
    ms = [mpstats(g) for g in groups]
    w = [Fr(len(g)) / v for g, (_, v) in zip(groups, ms)]
    total = sum(w)
    grand = sum(wi * m for wi, (m, _) in zip(w, ms)) / total
    a = sum(wi * (m - grand) ** 2 for wi, (m, _) in zip(w, ms)) / (k - 1)
    tmp = sum((1 - wi / total) ** 2 / (len(g) - 1) for wi, g in zip(w, groups))
    f = a / (1 + Fr(2 * (k - 2), k * k - 1) * tmp)
    df2 = Fr(k * k - 1) / (3 * tmp)
    return float(f), k - 1, float(df2)


def welch_anova_case(groups):
    if len(groups) < 2 or min(len(g) for g in groups) < 2 or min(np.var(g) for g in groups) == 0:
        cases.append({"routine": "welch_anova", "groups": groups,
                      "expected": {"statistic": None, "df": None, "df2": None, "p": None}})
        return
    res = anova_oneway([np.array(g) for g in groups], use_var="unequal", welch_correction=True)
    f, df1, df2 = welch_anova_exact(groups)
    cases.append({"routine": "welch_anova", "groups": groups,
                  "expected": {"statistic": num(res.statistic), "df": num(res.df[0]), "df2": num(res.df[1]),
                               "p": num(res.pvalue)},
                  "exact": {"statistic": f, "df": df1, "df2": df2, "p": num(stats.f.sf(f, df1, df2))}})


for _ in range(100):
    kind = str(rng.choice(["likert", "rounded", "continuous", "continuous"]))
    k = int(rng.integers(2, 6))
    welch_anova_case([sample(int(rng.choice([2, 3, 6, 20, 80, 300])), kind) for _ in range(k)])
welch_anova_case([[float(v) for v in rng.normal(j * 2.0, 1, 300)] for j in range(3)])  # p below 1e-300
welch_anova_case([[1.0, 2.0], [3.0, 3.0]])
welch_anova_case([[1.0, 2.0], [3.0]])
welch_anova_case([[1.0, 2.0, 4.0]])

# ---------------------------------------------------------------- Holm and Benjamini–Hochberg
adjust = [[], [0.04], [0.0, 1.0], [0.01, 0.01, 0.01], [1e-310, 0.5, 0.2], [0.05, 0.04, 0.03, 0.5, 0.5]]
for _ in range(60):
    m = int(rng.choice([2, 3, 5, 10, 30]))
    p = rng.uniform(0, 1, m) ** rng.choice([1, 3, 8])
    if rng.uniform() < 0.3:
        p[rng.integers(0, m)] = p[0]
    adjust.append([float(v) for v in p])
for p in adjust:
    holm = multipletests(p, method="holm")[1] if p else []
    bh = multipletests(p, method="fdr_bh")[1] if p else []
    cases.append({"routine": "adjust", "p": p,
                  "expected": {"holm": [num(v) for v in holm], "bh": [num(v) for v in bh]}})

with open(os.path.join(HERE, "tests_reference.json"), "w") as out:
    json.dump({"made_by": f"make_tests_reference.py with scipy {scipy.__version__}, numpy {np.__version__}, "
                          f"statsmodels {statsmodels.__version__}, mpmath {mp.__version__}",
               "cases": cases}, out, separators=(",", ":"))
counts = {}
for c in cases:
    counts[c["routine"]] = counts.get(c["routine"], 0) + 1
print(counts)
