#!/usr/bin/env bash
# `canvass lint` of every shipped form, as a whole process (start-up included). Goal: under 100 ms wall.
# Baseline, in the same run: Python loading the same YAML files with PyYAML (parsing only, no checks).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-30}
swift build -c release --product canvass >/dev/null
bin=.build/release/canvass

time_ms() {  # prints the median wall time in ms of "$@" over $runs runs
    local samples=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        samples+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f", m/1000}'
}

forms=(Forms/*.yaml)
canvass_ms=$(time_ms "$bin" lint --strict "${forms[@]}")
python_ms=$(time_ms python3 -c 'import sys, yaml
for p in sys.argv[1:]: yaml.safe_load(open(p))' "${forms[@]}")
echo "lint of ${#forms[@]} forms, median of $runs runs (whole process, wall time)"
printf '  %-40s %8s ms\n' "canvass lint --strict (release)" "$canvass_ms"
printf '  %-40s %8s ms\n' "baseline: python3 + PyYAML load only" "$python_ms"
awk -v c="$canvass_ms" 'BEGIN { if (c < 100) print "  goal (< 100 ms): met"; else { print "  goal (< 100 ms): NOT met"; exit 1 } }'
