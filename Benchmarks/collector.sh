#!/usr/bin/env bash
# Durable, acknowledged submissions per second into `canvass serve` from 64 concurrent keep-alive clients (wrk,
# on the same 2 cores), with p50/p99 latency: group commit (many responses per fsync) beside one commit per
# request (--max-batch 1), in the same run. Goal: at least 10,000/s with p99 under 50 ms.
# Every request is a new valid response (about 1.2 KB of tupe-timing answers) that is validated, stored in SQLite
# (WAL, synchronous=FULL) and acknowledged with 201 only once durable; afterwards the store is counted.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-15s}
connections=${CONNECTIONS:-64}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else
        echo "The benchmark needs wrk: sudo apt-get install -y wrk"; exit 1
    fi
fi
if [ -z "${CANVASS_BIN:-}" ]; then
    swift build -c release --product canvass >/dev/null
    CANVASS_BIN=$PWD/.build/release/canvass
fi
bin=$CANVASS_BIN

# A realistic response: a small organisation's TUPE experience over two tenders.
cat > "$work/template.json" <<'JSON'
{"answers":{"any_tenders":true,"directorate_consistency":2,"org_size":"small","tenders":[{"bid_outcome":"unsuccessful","closing_date":"2025-06-30","directorate":"communities","tender_name":"Youth services, Maidstone lot","tupe_applied":true,"tupe_effects":["renegotiation","unbudgeted_cost"],"tupe_info_timing":"after_award","unbudgeted_cost":18000},{"bid_outcome":"awarded","closing_date":"2025-02-14","directorate":"adults","tender_name":"Adult day services","tupe_applied":true,"tupe_effects":["none"],"tupe_info_timing":"invitation"}],"tupe_comments":"We need TUPE information before we decide whether to bid; twice we found out after award that staff would transfer on terms we could not meet.","tupe_needed_by":"before_interest"},"attachments":[],"canvass":1,"completedAt":"2026-11-28T10:12:00Z","createdAt":"2026-11-28T10:00:00Z","deprecates":null,"form":"tupe-timing","formVersion":"2026.1","id":"__ID__"}
JSON

run() { # name, extra serve options...
    local name=$1; shift
    local data="$work/data-$name"
    local token
    token=$("$bin" token create --data "$data" --role submitter --org "Bench Trust" --form tupe-timing | tail -1)
    "$bin" serve --forms Forms --data "$data" --port 0 --rate-limit 1000000 --log-level warning "$@" \
        > "$work/serve-$name.out" 2> "$work/serve-$name.err" &
    local pid=$!
    for _ in $(seq 100); do grep -q listening "$work/serve-$name.out" 2>/dev/null && break; sleep 0.1; done
    local port
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve-$name.out")
    # A short warm-up, then the measured run.
    BENCH_RUN=warmup BENCH_TEMPLATE="$work/template.json" BENCH_PATH=/forms/tupe-timing/responses BENCH_TOKEN=$token \
        wrk -t2 -c"$connections" -d2s -s Benchmarks/collector.lua "http://127.0.0.1:$port" \
        | grep RESULT > "$work/warmup-$name"
    BENCH_RUN=measured BENCH_TEMPLATE="$work/template.json" BENCH_PATH=/forms/tupe-timing/responses \
        BENCH_TOKEN=$token wrk -t2 -c"$connections" -d"$duration" -s Benchmarks/collector.lua "http://127.0.0.1:$port" \
        | grep RESULT > "$work/result-$name"
    kill -TERM "$pid"; wait "$pid" || true
    local stored
    stored=$("$bin" export --data "$data" --form tupe-timing --format jsonl | wc -l)
    local warm
    warm=$(sed -n 's/.* requests=\([0-9]*\) refused=\([0-9]*\).*/\1 \2/p' "$work/warmup-$name" | awk '{print $1 - $2}')
    echo "$(cat "$work/result-$name") warm=$warm stored=$stored" > "$work/result-$name"
}

run group
run single --max-batch 1

field() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" "$work/result-$1"; }
echo "Durable submissions into canvass serve: $connections keep-alive clients (wrk -t2), $duration, 2 cores shared"
printf '  %-44s %10s %9s %9s %8s %8s\n' "" "stored/s" "p50 ms" "p99 ms" "refused" "errors"
for name in group single; do
    label=$([ $name = group ] && echo "group commit (canvass serve)" || echo "baseline: one commit per request")
    printf '  %-44s %10s %9s %9s %8s %8s\n' "$label" "$(field $name rate)" "$(field $name p50)" "$(field $name p99)" \
        "$(field $name refused)" "$(field $name errors)"
done
for name in group single; do
    acknowledged=$(( $(field $name requests) - $(field $name refused) + $(field $name warm) ))
    # wrk stops with up to one request per connection in flight (twice: warm-up and run); those may be stored
    # without their 201 having been counted, never the other way round.
    extra=$(( $(field $name stored) - acknowledged ))
    verdict=$([ "$extra" -ge 0 ] && [ "$extra" -le $((2 * connections)) ] \
        && echo "every one stored, plus $extra in flight when wrk stopped" || echo "MISMATCH")
    echo "  $name: $acknowledged acknowledged with 201 (warm-up included), $(field $name stored) in the store:" \
        "$verdict"
done
python3 -c "g=$(field group rate); s=$(field single rate); print(f'  group commit: {g/s:.1f}x one commit per request (goal: at least 10,000/s, p99 under 50 ms)')"
