#!/usr/bin/env bash
# Aggregation: `canvass compare` of 1,000,000 responses to Forms/barriers-to-entry.yaml (JSONL, about 510 MB) by
# org_size over ten questions (numbers, choices, a select_multiple, a yes/no and a likert), beside pandas + scipy
# doing the same tables and tests and DuckDB only counting the same groups, in the same run: wall time and peak
# memory (RSS) of each whole process, start-up included, the file already in the page cache.
# Goal: canvass at least 15x faster than pandas, no slower than DuckDB, peak memory under 64 MB.
# COUNT=n responses (default 1,000,000); DATA=path reuses that file (or generates it there, kept, if missing);
# ROUNDS=n runs the three n times, taking turns, and reports the median time and the largest peak;
# CANVASS_BIN=path skips the release build. Afterwards canvass's JSON is checked against pandas's (same keys).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-1000000}
rounds=${ROUNDS:-1}
form=Forms/barriers-to-entry.yaml
questions=paid_staff,legal_form,directorates,council_income_pct,lots_deliverable,bids_last_12m,bid_staff_days
questions+=,tenders_at_once,in_consortium,cash_flow_risk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

missing=()
for package in pandas scipy duckdb yaml:pyyaml; do
    python3 -c "import ${package%%:*}" 2>/dev/null || missing+=("${package#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        python3 -m pip install --quiet --break-system-packages "${missing[@]}"
    else
        echo "The benchmark needs Python packages: python3 -m pip install --user --break-system-packages ${missing[*]}"
        exit 1
    fi
fi
if [ -z "${CANVASS_BIN:-}" ]; then
    swift build -c release --product canvass --scratch-path .build-release > "$work/build.log" 2>&1 \
        || { cat "$work/build.log"; echo "compare.sh: swift build -c release failed (output above)"; exit 1; }
    CANVASS_BIN=$PWD/.build-release/release/canvass
fi
bin=$CANVASS_BIN

data=${DATA:-$work/responses.jsonl}
if [ -s "$data" ]; then
    echo "Reusing $data"
else
    start=$(date +%s%N)
    python3 Benchmarks/generate_responses.py --count "$count" -o "$data"
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    echo "Generated $count responses in $((ms / 1000)).$((ms % 1000 / 100)) s: $data"
fi
responses=$(wc -l < "$data")
megabytes=$(( $(wc -c < "$data") / 1000000 ))
cat "$data" > /dev/null  # into the page cache, so that no one pays for the disk

measure() { # name, command…: runs it once, appending its time and peak to $work/times
    local name=$1; shift
    python3 Benchmarks/measure.py --name "$name" --stdout "$work/$name.json" --stderr "$work/$name.err" \
        --record "$work/times" -- "$@" | sed 's/^/  /'
}
for round in $(seq "$rounds"); do
    echo "Round $round of $rounds"
    measure canvass "$bin" compare "$form" "$data" --by org_size --questions "$questions" --format json
    measure pandas python3 Benchmarks/compare_pandas.py "$form" "$data" --by org_size --questions "$questions"
    measure duckdb python3 Benchmarks/compare_duckdb.py "$data"
done

echo
echo "Comparing $responses responses ($megabytes MB of JSONL) by org_size over 10 questions, $(getconf _NPROCESSORS_ONLN) cores," \
    "median of $rounds round(s)"
python3 - "$work/times" <<'PY'
import statistics, sys
times, peaks = {}, {}
for line in open(sys.argv[1]):
    name, seconds, peak = line.split("\t")
    times.setdefault(name, []).append(float(seconds))
    peaks[name] = max(peaks.get(name, 0.0), float(peak))
t = {name: statistics.median(values) for name, values in times.items()}
labels = {"canvass": "canvass compare --format json (release)",
          "pandas": "baseline: pandas + scipy (same tables and tests)",
          "duckdb": "baseline: DuckDB (counts only)"}
print(f"  {'':50} {'wall s':>9} {'peak MB':>9}")
for name in ["canvass", "pandas", "duckdb"]:
    print(f"  {labels[name]:50} {t[name]:9.2f} {peaks[name]:9.1f}")
met = lambda ok: "met" if ok else "NOT met"
print(f"  pandas / canvass: {t['pandas'] / t['canvass']:.1f}x"
      f" (goal: at least 15x, {met(t['pandas'] >= 15 * t['canvass'])})")
print(f"  duckdb / canvass: {t['duckdb'] / t['canvass']:.2f}x (goal: at least 1x, no slower than DuckDB,"
      f" {met(t['duckdb'] >= t['canvass'])})")
print(f"  canvass peak memory: {peaks['canvass']:.1f} MB (goal: under 64 MB, {met(peaks['canvass'] < 64)})")
PY
sed 's/^compare_pandas: /  pandas: /' "$work/pandas.err"

# The answers, not only the speed: canvass's JSON beside pandas's (same key names), numbers to a relative 1e-6
# (percents, rounded to one decimal, to 0.05; p-values under 1e-300 count as equal).
python3 - "$work/canvass.json" "$work/pandas.json" <<'PY'
import json, sys
canvass, pandas = (json.load(open(path)) for path in sys.argv[1:])
differences, compared, absent = [], 0, set()

def value_key(v):
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)

def identity(item):
    for keys in (("id",), ("value",), ("group",), ("a", "b")):
        if all(k in item for k in keys):
            return tuple(value_key(item[k]) for k in keys)
    return None

def close(a, b, key):
    if key in ("percents", "percentsOfResponses", "ci"):
        return abs(a - b) <= 0.05 + 1e-9
    if key in ("p", "pAdjusted") and abs(a) < 1e-300 and abs(b) < 1e-300:
        return True
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b)) + 1e-12

def walk(c, p, where, key=""):
    global compared
    if isinstance(p, dict):
        if not isinstance(c, dict):
            differences.append(f"{where}: {json.dumps(c)[:80]} where pandas has an object"); return
        for k, pv in p.items():
            if k in c:
                walk(c[k], pv, f"{where}.{k}", k)
            else:
                absent.add(k)
    elif isinstance(p, list) and p and all(isinstance(x, dict) and identity(x) for x in p):
        # groups, rows, summaries and pairs are matched by their value, group or pair, not by position
        mine = {identity(x): x for x in c if isinstance(x, dict)} if isinstance(c, list) else {}
        for pv in p:
            if identity(pv) in mine:
                walk(mine[identity(pv)], pv, f"{where}[{'/'.join(identity(pv))}]", key)
            else:
                differences.append(f"{where}: canvass has no {'/'.join(identity(pv))}")
    elif isinstance(p, list):
        if not isinstance(c, list) or len(c) != len(p):
            differences.append(f"{where}: {json.dumps(c)[:80]} where pandas has {json.dumps(p)[:80]}"); return
        for i, (cv, pv) in enumerate(zip(c, p)):
            walk(cv, pv, f"{where}[{i}]", key)
    elif isinstance(p, (int, float)) and not isinstance(p, bool) and isinstance(c, (int, float)) \
            and not isinstance(c, bool):
        compared += 1
        if not close(float(c), float(p), key):
            differences.append(f"{where}: canvass {c!r}, pandas {p!r}")
    elif p is not None and c is not None:
        compared += 1
        if value_key(c) != value_key(p):
            differences.append(f"{where}: canvass {c!r}, pandas {p!r}")

walk(canvass, {k: pandas[k] for k in ("form", "by", "responses", "groups", "questions")}, "")
print(f"Check against pandas: {compared} values compared, {len(differences)} differ"
      + (f"; keys canvass does not write: {', '.join(sorted(absent))}" if absent else ""))
for line in differences[:15]:
    print("  " + line)
if len(differences) > 15:
    print(f"  … and {len(differences) - 15} more")
PY
