#!/usr/bin/env python3
"""The DuckDB baseline of compare.sh: only the counts behind `canvass compare … --by org_size` (no percents, no
tests). For each question, `count(*)` of responses by org_size group and answer value (a missing option such as
dont_know, or null for unanswered, is a value too); directorates counts each ticked option (the list unnested).
Prints the counts as JSON: {"question": [[group, value, count], …], …}.

    python3 Benchmarks/compare_duckdb.py responses.jsonl > duckdb.json

The answers are read once, with the schema given (no sampling to guess types; cash_flow_risk is a scale point or
"dont_know", so VARCHAR), into a temporary table of the eleven columns; the ten GROUP BYs run on that.
DuckDB uses every core (its default).
"""
import argparse
import json
import sys

import duckdb

GROUPS = ["micro", "small", "medium", "large", "major"]
COLUMNS = {
    "org_size": "VARCHAR", "paid_staff": "BIGINT", "legal_form": "VARCHAR", "directorates": "VARCHAR[]",
    "council_income_pct": "DOUBLE", "lots_deliverable": "VARCHAR", "bids_last_12m": "BIGINT",
    "bid_staff_days": "DOUBLE", "tenders_at_once": "VARCHAR", "in_consortium": "BOOLEAN", "cash_flow_risk": "VARCHAR",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("responses")
    args = parser.parse_args()

    con = duckdb.connect()
    answers = "STRUCT(" + ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items()) + ")"
    con.execute(f"""
        CREATE TEMP TABLE answers AS
        SELECT unnest(answers) FROM read_json(?, format = 'newline_delimited', columns = {{'answers': '{answers}'}})
        WHERE answers.org_size IN ({", ".join(f"'{g}'" for g in GROUPS)})""", [args.responses])
    counts = {}
    for question in COLUMNS:
        if question == "org_size":
            continue
        # A list is unnested, one row per ticked option; an unanswered one counts once, as null.
        value = f"unnest(coalesce({question}, [NULL::VARCHAR]))" if COLUMNS[question].endswith("[]") else question
        rows = con.execute(f"""
            SELECT org_size, value, count(*) AS n
            FROM (SELECT org_size, {value} AS value FROM answers)
            GROUP BY org_size, value ORDER BY org_size, value NULLS LAST""").fetchall()
        counts[question] = rows
    json.dump(counts, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
