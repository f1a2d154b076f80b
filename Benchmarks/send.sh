#!/usr/bin/env bash
# Draining a 10,000-response Outbox to a local receiver: `canvass send` beside `curl --parallel --parallel-max 16`
# posting the same files, in the same run. Goal: canvass at least 1.5x faster.
# The receiver is nginx on 127.0.0.1 answering every POST with 201 (installed from Debian's packages as root).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-10000}
batch=${BATCH:-200}
work=$(mktemp -d)
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

if ! command -v nginx >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    else
        echo "The benchmark needs nginx: sudo apt-get install -y nginx-light"; exit 1
    fi
fi
swift build -c release --product canvass >/dev/null
bin=$PWD/.build/release/canvass

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$port;
        location / { client_max_body_size 10m; return 201 '{"stored":true}'; }
    }
}
CONF
nginx -c "$work/nginx.conf"

# 10,000 responses of about 700 bytes, written straight into an Outbox (what finalize would have made).
python3 - "$work/Outbox/ready" "$count" <<'PY'
import json, os, sys, uuid
folder, count = sys.argv[1], int(sys.argv[2])
os.makedirs(folder, exist_ok=True)
for os_name in ["drafts", "sent", "rejected"]:
    os.makedirs(os.path.join(os.path.dirname(folder), os_name), exist_ok=True)
for i in range(count):
    rid = str(uuid.UUID(int=i + 1))
    response = {"canvass": 1, "form": "tupe-timing", "formVersion": "2026.1", "id": rid,
        "createdAt": "2026-11-28T10:00:00Z", "completedAt": "2026-11-28T10:12:00Z", "deprecates": None,
        "answers": {"org_size": ["micro", "small", "medium", "large"][i % 4], "any_tenders": True,
            "tenders": [{"directorate": "children", "tupe_applied": True, "tupe_info_timing": "after_award",
                         "tupe_effects": ["renegotiation"], "unbudgeted_cost": 1000 + i}],
            "tupe_comments": "We need TUPE information before we decide whether to bid. " * 4},
        "attachments": []}
    with open(os.path.join(folder, rid + ".json"), "w") as f:
        f.write(json.dumps(response, sort_keys=True, separators=(",", ":")))
PY
cp -r "$work/Outbox" "$work/Outbox-curl"

# curl: config files naming every request, sent 16 at a time over reused connections. curl 7.88 stalls when one
# --parallel run is given 10,000 transfers (it slows as a run grows), so the requests go in batches of BATCH
# (200 by default, the fastest batch size measured here), one curl run after another.
mkdir -p "$work/curl"
i=0
for file in "$work"/Outbox-curl/ready/*.json; do
    id=$(basename "$file" .json)
    printf 'url = "http://127.0.0.1:%s/forms/tupe-timing/responses"\nheader = "Content-Type: application/json"\nheader = "Authorization: Bearer bench"\nheader = "Idempotency-Key: %s"\ndata-binary = "@%s"\noutput = "/dev/null"\n' \
        "$port" "$id" "$file" >> "$work/curl/batch-$((i / batch)).config"
    i=$((i + 1))
done

seconds() { python3 -c 'import sys,time; print(f"{time.time():.3f}")'; }
start=$(seconds)
for config in "$work"/curl/batch-*.config; do
    curl --silent --no-progress-meter --parallel --parallel-max 16 --config "$config"
done
curl_time=$(python3 -c "print(f'{$(seconds) - $start:.2f}')")

start=$(seconds)
"$bin" send --outbox "$work/Outbox" --to "http://127.0.0.1:$port" --token bench --concurrency 16 >/dev/null
canvass_time=$(python3 -c "print(f'{$(seconds) - $start:.2f}')")
sent=$(ls "$work/Outbox/sent" | grep -c '\.receipt\.json$' || true)

echo "Draining $count responses to nginx on 127.0.0.1 (wall time)"
printf '  %-52s %8s s\n' "canvass send --concurrency 16 (durable moves + receipts)" "$canvass_time"
printf '  %-52s %8s s\n' "baseline: curl --parallel --parallel-max 16 (batches of $batch)" "$curl_time"
echo "  canvass moved $sent responses to sent/ with receipts"
python3 -c "r=$curl_time/$canvass_time; print(f'  speed-up: {r:.2f}x (goal: at least 1.5x)')"
