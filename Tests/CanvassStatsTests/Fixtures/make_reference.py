#!/usr/bin/env python3
"""Writes reference.csv: scipy's values for the special functions and tails in CanvassStats.

Run from anywhere with scipy and numpy installed (`pip install scipy numpy`):

    python3 Tests/CanvassStatsTests/Fixtures/make_reference.py

Each row is `function,arg1,arg2,arg3,scipy,mpmath`. Arguments and values are written with
Python's `repr`, which round-trips every double exactly; unused arguments are empty. The
`mpmath` column (50 digits, rounded to double) is an independent check on scipy itself and is
empty when mpmath is not installed. The tests compare against the `scipy` column and never
need Python.
"""

import csv
import math
import os
import sys

import numpy as np
import scipy
from scipy import special, stats

try:
    import mpmath as mp

    mp.mp.dps = 50
except ImportError:  # the mpmath column is a cross-check only
    mp = None

HERE = os.path.dirname(os.path.abspath(__file__))


def f(x):
    """repr of a double, the shortest text that reads back to the same value."""
    return repr(float(x))


# ---------------------------------------------------------------- grids

LGAMMA_X = [
    1e-300, 1e-100, 1e-10, 1e-3, 0.1, 0.5, 0.9, 0.99, 0.999999, 1.0, 1.000001, 1.01, 1.1, 1.25, 1.5,
    1.9, 1.99, 1.999999, 2.0, 2.000001, 2.01, 2.3, 2.5, 3.0, 3.7, 5.0, 7.5, 9.99, 10.0, 10.01, 15.5,
    33.3, 100.0, 171.5, 1e3, 1e4, 1e6, 1e10, 1e15, 1e100, 1e300,
]

GAMMA_A = [1e-3, 0.01, 0.1, 0.5, 1.0, 1.5, 2.5, 7.3, 10.0, 30.5, 100.0, 1000.0, 1e4]


def gamma_x(a):
    """x values for one a: fixed points, multiples of a, and a ± a few standard deviations."""
    s = math.sqrt(a)
    xs = [1e-300, 1e-10, 1e-3, 0.5, 1.0, 2.0, 10.0, 100.0, 1000.0, 1500.0,
          1e-3 * a, 0.1 * a, 0.5 * a, 0.9 * a, a - 3 * s, a - s, a - 1, a, a + 1, a + s, a + 3 * s,
          1.1 * a, 2 * a, 5 * a, 10 * a]
    return [0.0] + sorted({x for x in xs if x > 0})


BETA_AB = [
    (0.5, 0.5), (1.0, 1.0), (2.0, 3.0), (1e-3, 1.0), (1e-3, 1e3), (0.5, 1e4), (5.0, 0.5), (10.0, 10.0),
    (100.0, 0.5), (75.9, 3.5), (3.65, 75.9), (1e3, 1e3), (1e4, 1e4), (1e4, 5.0), (2.5, 1e4), (0.5, 3.65),
]


def beta_x(a, b):
    m = a / (a + b)
    xs = [1e-300, 1e-10, 1e-3, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-10,
          m, m * 0.9, min(m * 1.1, 0.999), m * 0.5, (m + 1) / 2]
    return [0.0] + sorted({x for x in xs if 0 < x < 1}) + [1.0]


NORMAL_X = [-38.4, -38.0, -37.5, -37.0, -30.0, -20.0, -10.0, -5.0, -2.0, -1.0, -0.5, -1e-10, 0.0, 1e-10,
            0.3, 1.0, 2.0, 5.0, 8.0, 10.0, 20.0, 37.0, 38.0]

QUANTILE_P = [1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-5, 1e-3, 0.02425, 0.05, 0.075, 0.1, 0.3,
              0.4999, 0.5, 0.5001, 0.7, 0.925, 0.975, 0.999, 1 - 1e-5, 1 - 1e-10, 1 - 2**-52]

CHI2_DF = [1.0, 2.0, 3.0, 7.3, 10.0, 151.8, 1000.0]
CHI2_X = [0.0, 1e-5, 0.5, 1.0, 3.84, 10.0, 50.0, 100.0, 500.0, 1000.0, 1300.0, 1370.0, 1380.0, 1400.0, 2000.0]

T_DF = [1.0, 2.5, 7.3, 30.0, 151.8, 1e4]
T_T = [-50.0, -5.0, -1.0, 0.0, 1e-8, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 50.0, 1e3, 1e10, 1e20, 1e40]

F_DF = [(1.0, 1.0), (2.0, 7.3), (3.0, 151.8), (4.0, 27.35), (10.0, 1e4), (1.0, 1e3), (5.0, 2.5), (2.0, 38.6)]
F_X = [0.0, 1e-8, 0.01, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0, 1e4, 1e10, 1e20]

# ---------------------------------------------------------------- mpmath cross-checks


def mp_or_none(fn):
    if mp is None:
        return ""
    try:
        return f(fn())
    except (ValueError, ZeroDivisionError, OverflowError):
        return ""


def mp_gammainc(a, x, upper):
    a, x = mp.mpf(a), mp.mpf(x)
    if upper:
        return mp.gammainc(a, x, mp.inf, regularized=True)
    return mp.gammainc(a, 0, x, regularized=True)


def mp_betainc(a, b, x, upper):
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    if upper:  # I_{1-x}(b, a), exactly 1 - I_x(a, b) without mpmath's cancellation in betainc(a, b, x, 1)
        digits = 50 + max(0, int(-mp.log10(x))) if x > 0 else 50
        with mp.workdps(digits):  # enough digits that 1 - x is exact
            return +mp.betainc(b, a, 0, 1 - x, regularized=True)
    return mp.betainc(a, b, 0, x, regularized=True)


def mp_t_sf(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    x = df / (df + t * t)
    tail = mp.betainc(df / 2, mp.mpf(1) / 2, 0, x, regularized=True) / 2
    return tail if t >= 0 else 1 - tail


def mp_f_sf(x, d1, d2):
    x, d1, d2 = mp.mpf(x), mp.mpf(d1), mp.mpf(d2)
    return mp.betainc(d2 / 2, d1 / 2, 0, d2 / (d2 + d1 * x), regularized=True)


# ---------------------------------------------------------------- rows


def rows():
    for x in LGAMMA_X:
        yield "gammaln", (x,), special.gammaln(x), mp_or_none(lambda: mp.loggamma(mp.mpf(x)))
    for a in GAMMA_A:
        for x in gamma_x(a):
            yield "gammainc", (a, x), special.gammainc(a, x), mp_or_none(lambda: mp_gammainc(a, x, False))
            yield "gammaincc", (a, x), special.gammaincc(a, x), mp_or_none(lambda: mp_gammainc(a, x, True))
    for a, b in BETA_AB:
        for x in beta_x(a, b):
            yield "betainc", (a, b, x), special.betainc(a, b, x), mp_or_none(lambda: mp_betainc(a, b, x, False))
            yield "betaincc", (a, b, x), special.betaincc(a, b, x), mp_or_none(lambda: mp_betainc(a, b, x, True))
    for x in NORMAL_X:
        yield "ndtr", (x,), special.ndtr(x), mp_or_none(lambda: mp.ncdf(mp.mpf(x)))
        yield "norm.sf", (x,), stats.norm.sf(x), mp_or_none(lambda: mp.ncdf(-mp.mpf(x)))
    for p in QUANTILE_P:
        yield "ndtri", (p,), special.ndtri(p), mp_or_none(
            lambda: mp.findroot(lambda z: mp.ncdf(z) - mp.mpf(p), float(special.ndtri(p))) if p != 0.5 else 0)
    for df in CHI2_DF:
        for x in CHI2_X + [df, 2 * df, 5 * df]:
            yield "chi2.sf", (x, df), stats.chi2.sf(x, df), mp_or_none(lambda: mp_gammainc(df / 2, x / 2, True))
    for df in T_DF:
        for t in T_T:
            yield "t.sf", (t, df), stats.t.sf(t, df), mp_or_none(lambda: mp_t_sf(t, df))
            if t >= 0:
                yield "t.p2", (t, df), 2 * stats.t.sf(t, df), mp_or_none(lambda: 2 * mp_t_sf(t, df))
    for d1, d2 in F_DF:
        for x in F_X:
            yield "f.sf", (x, d1, d2), stats.f.sf(x, d1, d2), mp_or_none(lambda: mp_f_sf(x, d1, d2))


def main():
    out = os.path.join(HERE, "reference.csv")
    count = 0
    worst = {}
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        handle.write(f"# scipy {scipy.__version__}, numpy {np.__version__}, "
                     f"mpmath {mp.__version__ if mp else 'absent'}; made by make_reference.py\n")
        writer.writerow(["function", "arg1", "arg2", "arg3", "scipy", "mpmath"])
        for name, args, value, check in rows():
            padded = [f(a) for a in args] + [""] * (3 - len(args))
            writer.writerow([name, *padded, f(value), check])
            count += 1
            if check:
                ref = float(check)
                if ref != 0 and math.isfinite(ref) and abs(ref) >= 2.3e-308:
                    err = abs(float(value) - ref) / abs(ref)
                    if err > worst.get(name, (0,))[0]:
                        worst[name] = (err, args)
    print(f"wrote {count} rows to {out}", file=sys.stderr)
    for name, (err, args) in sorted(worst.items()):
        print(f"  scipy vs mpmath, {name:10s} worst relative difference {err:.2e} at {args}", file=sys.stderr)


if __name__ == "__main__":
    main()
