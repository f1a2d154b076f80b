#!/usr/bin/env bash
# The web questionnaire end to end: a live collector (`canvass serve` on a free port, with a fresh data folder)
# serves every shipped form, and headless Chromium (Debian's chromium and chromium-driver, Python selenium) fills
# each one in as a provider would, through Tests/Browser/submit_questionnaires.py:
#   - with JavaScript, each form: sent empty, the error summary appears, focused, and nothing is stored; then it is
#     filled from the script's plan, with skip logic showing and hiding follow-up questions, and "Add another" and
#     "Remove" in a repeat section; once sent, the response the collector stored (read back with an analyst token)
#     has exactly the answers typed, as stored types, with nothing for hidden questions; no console errors;
#   - without JavaScript, tupe-timing: every question shown; the collector returns the page with its error summary
#     and messages beside the questions; "Add another" and "Remove" are round trips that keep what was typed; the
#     stored response equals what was typed.
# Then axe-core checks each form's page as the collector serves it (from the link: as loaded, with errors shown,
# with entries added and with everything shown).
# Builds nothing: CANVASS_BIN (default .build/debug/canvass) must be built. The work folder (first argument,
# default .build/browser-test/questionnaires) holds the data folder, the collector's log and the screenshots.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${CANVASS_BIN:-.build/debug/canvass}
work=${1:-.build/browser-test/questionnaires}
for tool in chromium chromedriver; do
    command -v "$tool" >/dev/null || { echo "the browser test needs $tool: run make setup"; exit 1; }
done
python3 -c "import selenium, axe_selenium_python" 2>/dev/null || {
    echo "the browser test needs Python selenium and axe-selenium-python: run make setup-python"; exit 1; }
[ -x "$bin" ] || { echo "no canvass at $bin: build it first (swift build) or set CANVASS_BIN"; exit 1; }

# A fresh data folder, a submitter token for the four forms (one organisation) and an analyst token to read back.
rm -rf "$work"
mkdir -p "$work"
data="$work/data"
forms=()
for form_file in Forms/*.yaml; do forms+=(--form "$(basename "$form_file" .yaml)"); done
submitter=$("$bin" token create --data "$data" --role submitter --org "Oakwood Youth Trust" "${forms[@]}" | tail -n 1)
analyst=$("$bin" token create --data "$data" --role analyst | tail -n 1)

# The collector on a free port; its first line says which. Always stopped on the way out.
"$bin" serve --forms Forms --data "$data" --port 0 > "$work/serve.out" 2> "$work/serve.log" &
server=$!
stop() {
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
}
trap stop EXIT
base=""
for _ in $(seq 1 100); do
    base=$(sed -n 's|^canvass serve: listening on \(http://[^ ]*\).*|\1|p' "$work/serve.out")
    [ -n "$base" ] && break
    kill -0 "$server" 2>/dev/null || { echo "canvass serve stopped before listening:"; cat "$work/serve.log"; exit 1; }
    sleep 0.1
done
[ -n "$base" ] || { echo "canvass serve did not start listening within 10 s:"; cat "$work/serve.log"; exit 1; }

status=0
python3 Tests/Browser/submit_questionnaires.py --base "$base" --token "$submitter" --analyst "$analyst" \
    --screenshots "$work/screenshots" || status=$?
links=()
for form_file in Forms/*.yaml; do links+=("$base/forms/$(basename "$form_file" .yaml)/fill?token=$submitter"); done
python3 Tests/Browser/accessibility.py --url "${links[@]}" | sed "s/token=[a-z0-9_]*/token=…/" || status=$?
if [ "$status" -ne 0 ]; then
    echo "the collector's log: $work/serve.log; screenshots: $work/screenshots"
fi
exit "$status"
