#!/usr/bin/env bash
# The browser test of `make test`: a report of 2,000 seeded responses, loaded in headless Chromium (Debian's
# chromium and chromium-driver, Python selenium), checked for console errors, charts that draw, accessible
# charts and headings, no network use, and key figures (from `canvass compare --format json` of the same
# responses) shown as text. The screenshot is kept at .build/browser-test/report.png for people to look at.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${CANVASS_BIN:-.build/debug/canvass}
work=.build/browser-test
mkdir -p "$work"
for tool in chromium chromedriver; do
    command -v "$tool" >/dev/null || { echo "the browser test needs $tool: run make setup"; exit 1; }
done
python3 -c "import selenium, axe_selenium_python" 2>/dev/null || {
    echo "the browser test needs Python selenium and axe-selenium-python: run make setup-python"; exit 1; }

python3 Benchmarks/generate_responses.py --count 2000 --seed 5 -o "$work/responses.jsonl"
form=Forms/barriers-to-entry.yaml
"$bin" report "$form" "$work/responses.jsonl" --by org_size -o "$work/report.html"
"$bin" compare "$form" "$work/responses.jsonl" --by org_size --format json > "$work/compare.json"
mapfile -t expected < <(python3 - "$work/compare.json" <<'PY'
import json, sys
comparison = json.load(open(sys.argv[1]))
print(str(comparison["responses"]))
for group in comparison["groups"]:
    print(f"{group['label']} (n = {group['n']})")
for question in comparison["questions"]:
    test = question.get("test") or {}
    if isinstance(test.get("statistic"), (int, float)) and abs(test["statistic"]) < 1e6:
        print(f"{test['statistic']:.3f}")
    for row in question.get("rows", [])[:1]:
        if row["counts"][0] is not None:
            print(f"{row['counts'][0]} (")
PY
)
arguments=()
for text in "${expected[@]}"; do arguments+=(--expect "$text"); done
python3 Tests/Browser/check_report.py "$work/report.html" --screenshot "$work/report.png" --min-charts 8 "${arguments[@]}"

# The same responses prepared for publication: suppressed cells, withheld statistics, charts that still draw.
"$bin" report "$form" "$work/responses.jsonl" --by org_size --min-cell 10 -o "$work/report-min-cell.html"
python3 Tests/Browser/check_report.py "$work/report-min-cell.html" --screenshot "$work/report-min-cell.png" \
    --min-charts 4 --expect "Counts under 10 are suppressed"

# The offline web questionnaire: every shipped form's page loads with no console errors; tupe-timing is filled
# in as a provider would (errors, skip logic, a repeat, a constraint, progress kept), and the answers file it
# saves is accepted by `canvass finalize`.
for form_file in Forms/*.yaml; do
    name=$(basename "$form_file" .yaml)
    "$bin" render "$form_file" --format html -o "$work/$name.html" > /dev/null
    python3 Tests/Browser/check_report.py "$work/$name.html" --screenshot "$work/$name.png" --min-charts 0 \
        --expect "Check and save my answers"
done
# Accessibility: axe-core's WCAG 2.2 A/AA rules (and best practice) find nothing on any page, as loaded, with its
# errors shown and with repeat entries added; and tupe-timing can be completed with the keyboard alone, focus always
# visible and never lost.
python3 Tests/Browser/accessibility.py "$work"/{barriers-to-entry,qa-regime,tupe-timing,written-evidence}.html
python3 Tests/Browser/keyboard.py "$work/tupe-timing.html"
python3 Tests/Browser/fill_questionnaire.py "$work/tupe-timing.html" --answers "$work/tupe-answers.json" \
    --screenshot "$work/tupe-filled.png"
rm -rf "$work/outbox"
"$bin" finalize Forms/tupe-timing.yaml "$work/tupe-answers.json" --outbox "$work/outbox"

# The web questionnaire served by a live collector: each shipped form filled and sent, with and without JavaScript,
# the stored responses equal to what was typed, and axe-core on the served pages (Tests/Browser/questionnaires.sh).
CANVASS_BIN="$bin" bash Tests/Browser/questionnaires.sh
