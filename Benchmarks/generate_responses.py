#!/usr/bin/env python3
"""Seeded JSON Lines responses to Forms/barriers-to-entry.yaml, for the aggregation benchmark (compare.sh).

One response per line, keys sorted, compact separators: what `canvass export --format jsonl` writes. Answers
depend on the organisation's size (bigger organisations employ more staff, bid more often, find lots easier to
deliver and cash flow less risky), so the tests find differences. Answered: the ten questions compare.sh compares,
org_size, and not_bid_reasons; the rest of the form is left blank. Every response is valid against the form:
required questions (org_size, directorates, not_bid_reasons) are always answered, the others are left unanswered
(key absent) about 3% of the time, and bid_staff_days is absent when its `relevant` is false (no bids).
Lines average about 510 bytes (the envelope alone is 228). The same --seed and --count give the same bytes.

    python3 Benchmarks/generate_responses.py --count 1000000 -o /tmp/responses.jsonl
"""
import argparse
import datetime
import json
import math
import random
import sys

SIZES = ["micro", "small", "medium", "large", "major"]
SIZE_WEIGHTS = [25, 30, 22, 13, 7]  # of the 97% that give a band; 1.5% don't know, 1.5% prefer not to say
LEGAL_FORMS = ["cio", "charitable_company", "unincorporated_charity", "cic", "company_guarantee", "society",
               "association", "company_shares", "other"]
LEGAL_WEIGHTS = {  # by size: small groups are unincorporated, big ones charitable companies
    "micro": [20, 5, 25, 10, 3, 3, 30, 2, 2],
    "small": [30, 15, 15, 15, 5, 5, 10, 3, 2],
    "medium": [25, 35, 5, 12, 8, 7, 2, 4, 2],
    "large": [15, 55, 1, 8, 10, 5, 1, 4, 1],
    "major": [10, 65, 0, 5, 10, 4, 0, 5, 1],
}
DIRECTORATES = ["children", "education", "adults", "communities", "public_health", "other"]
LOTS = ["all", "most", "some", "none_of_them", "not_looked", "dont_know"]
LOTS_WEIGHTS = {
    "micro": [5, 10, 20, 35, 25, 5],
    "small": [8, 17, 30, 25, 15, 5],
    "medium": [15, 30, 30, 12, 8, 5],
    "large": [30, 35, 20, 5, 5, 5],
    "major": [45, 30, 12, 3, 5, 5],
}
FREQUENCY = ["often", "sometimes", "once", "never", "dont_know"]
NOT_BID = ["lot_too_large", "area_too_large", "prep_time", "deadline", "several_at_once", "price", "specification",
           "tupe", "cash_flow", "eligibility"]
# Per size: paid staff (median, spread of log), bids a year (mean), staff-days a bid (median), council share of
# income (beta a, b), chance of being in a consortium, cash-flow risk (mean of a 1..5 scale point).
PROFILE = {
    "micro": dict(staff=(1, 1.0), bids=0.6, days=3, income=(1.2, 6), consortium=0.12, risk=4.1),
    "small": dict(staff=(6, 0.8), bids=1.5, days=5, income=(1.5, 4), consortium=0.20, risk=3.6),
    "medium": dict(staff=(30, 0.7), bids=4, days=8, income=(2, 3), consortium=0.28, risk=3.0),
    "large": dict(staff=(150, 0.7), bids=10, days=12, income=(2, 2.5), consortium=0.33, risk=2.4),
    "major": dict(staff=(900, 0.8), bids=25, days=20, income=(1.8, 3), consortium=0.38, risk=1.9),
}
START = datetime.date(2026, 9, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("-o", "--output", default="-", help="the .jsonl file to write (default: standard output)")
    args = parser.parse_args()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8", buffering=1 << 20)
    write_responses(out, args.seed, args.count)
    if out is not sys.stdout:
        out.close()


def write_responses(out, seed, count):
    rng = random.Random(seed)
    rand, choices, sample = rng.random, rng.choices, rng.sample
    gauss, getrandbits, betavariate = rng.gauss, rng.getrandbits, rng.betavariate
    encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
    legal_cum = {size: cumulative(w) for size, w in LEGAL_WEIGHTS.items()}
    lots_cum = {size: cumulative(w) for size, w in LOTS_WEIGHTS.items()}
    size_cum = cumulative([w * 0.97 for w in SIZE_WEIGHTS] + [1.5, 1.5])
    size_values = SIZES + ["dont_know", "prefer_not_to_say"]
    at_once_cum = [cumulative([8 + 6 * rank, 25 + 3 * rank, 15, 45 - 9 * rank, 5]) for rank in range(5)]
    # 90 days of fieldwork; timestamps are formatted from a per-day prefix (cheap).
    days = [(START + datetime.timedelta(days=d)).strftime("%Y-%m-%dT") for d in range(90)]
    skip = 0.03  # chance that an optional question is left unanswered
    lines = []
    for _ in range(count):
        answered = choices(size_values, cum_weights=size_cum)[0]
        size = answered if answered in PROFILE else SIZES[int(rand() * 5)]  # the band they did not give
        p = PROFILE[size]
        rank = SIZES.index(size)  # 0 micro … 4 major
        a = {"org_size": answered}

        if rand() >= skip:
            median, spread = p["staff"]
            staff = 0 if size == "micro" and rand() < 0.45 else int(median * math.exp(gauss(0, spread)))
            a["paid_staff"] = min(staff, 5000)
        if rand() >= skip:
            a["legal_form"] = "dont_know" if rand() < 0.02 else choices(LEGAL_FORMS, cum_weights=legal_cum[size])[0]

        r = rand()  # directorates is required: 1–3 directorates, or "none" / "dont_know" alone (both exclusive)
        if r < 0.03:
            a["directorates"] = ["dont_know"]
        elif r < 0.03 + 0.12 * (1 - rank / 4):
            a["directorates"] = ["none"]
        else:
            k = 1 + (rand() < 0.3 + 0.1 * rank) + (rand() < 0.1 + 0.1 * rank)
            picked = sample(DIRECTORATES, k)
            picked.sort(key=DIRECTORATES.index)
            a["directorates"] = picked

        if rand() >= skip:
            ia, ib = p["income"]
            a["council_income_pct"] = round(100 * betavariate(ia, ib), 1)
        if rand() >= skip:
            a["lots_deliverable"] = choices(LOTS, cum_weights=lots_cum[size])[0]

        bids = None
        if rand() >= skip:
            mean = p["bids"]
            bids = 0 if rand() < 0.5 / (1 + mean) else min(200, int(rng.expovariate(1 / mean)))
            a["bids_last_12m"] = bids
        if bids:  # relevant: ${bids_last_12m} > 0
            if rand() >= skip:
                a["bid_staff_days"] = min(365.0, max(0.5, round(p["days"] * math.exp(gauss(0, 0.6)), 1)))

        r = rand()  # not_bid_reasons is required
        if r < 0.04:
            a["not_bid_reasons"] = ["dont_know"]
        elif r < 0.18 + 0.04 * rank:
            a["not_bid_reasons"] = ["none"]
        elif r < 0.30 + 0.04 * rank:
            a["not_bid_reasons"] = ["no_tenders"]
        else:
            k = 1 + (rand() < 0.5) + (rand() < 0.25)
            reasons = sample(NOT_BID, k)
            reasons.sort(key=NOT_BID.index)
            a["not_bid_reasons"] = reasons

        if rand() >= skip:
            a["tenders_at_once"] = choices(FREQUENCY, cum_weights=at_once_cum[rank])[0]

        if rand() >= skip:
            a["in_consortium"] = rand() < p["consortium"]

        if rand() >= skip:
            if rand() < 0.04:
                a["cash_flow_risk"] = "dont_know"
            else:
                a["cash_flow_risk"] = min(5, max(1, int(round(gauss(p["risk"], 1.0)))))

        day = days[int(rand() * 90)]
        seconds = 8 * 3600 + int(rand() * 36000)  # started in office hours, finished 3 to 43 minutes later
        took = 180 + int(rand() * 2400)
        bits = getrandbits(128)
        h = "%032x" % bits
        rid = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[bits >> 62 & 3]}{h[17:20]}-{h[20:]}"
        lines.append(encode({
            "answers": a, "attachments": [], "canvass": 1,
            "completedAt": stamp(day, seconds + took), "createdAt": stamp(day, seconds),
            "deprecates": None, "form": "barriers-to-entry", "formVersion": "2026.1", "id": rid}))
        if len(lines) == 10000:
            out.write("\n".join(lines) + "\n")
            lines.clear()
    if lines:
        out.write("\n".join(lines) + "\n")


def stamp(day, seconds):
    hour, rest = divmod(seconds, 3600)
    return f"{day}{hour:02d}:{rest // 60:02d}:{rest % 60:02d}Z"


def cumulative(weights):
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


if __name__ == "__main__":
    main()
