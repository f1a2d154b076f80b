-- wrk script for Benchmarks/collector.sh: every request submits a new, valid response (a unique id in the
-- template's __ID__), and non-201 answers are counted so the run can prove every one was stored.
local threads = {}
local next_thread = 1

function setup(thread)
    thread:set("number", next_thread)
    next_thread = next_thread + 1
    table.insert(threads, thread)
end

function init(args)
    prefix = string.format("bench-%s-%d-", os.getenv("BENCH_RUN"), number)
    counter = 0
    refused = 0
    local file = assert(io.open(os.getenv("BENCH_TEMPLATE"), "r"))
    local template = file:read("*a")
    file:close()
    -- Split once at the id, so each request is two concatenations rather than a pattern search.
    local at = assert(string.find(template, "__ID__", 1, true))
    before = string.sub(template, 1, at - 1)
    after = string.sub(template, at + 6)
    path = os.getenv("BENCH_PATH")
    token = os.getenv("BENCH_TOKEN")
end

function request()
    counter = counter + 1
    local id = prefix .. counter
    local body = before .. id .. after
    return wrk.format("POST", path, {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
        ["Idempotency-Key"] = id,
    }, body)
end

function response(status, headers, body)
    if status ~= 201 then
        refused = refused + 1
        last_refused = status
        io.stderr:write(string.format("refused: %d %s\n", status, body))
    end
end

function done(summary, latency, requests)
    local refusedTotal = 0
    for _, thread in ipairs(threads) do refusedTotal = refusedTotal + thread:get("refused") end
    local seconds = summary.duration / 1e6
    io.write(string.format("RESULT requests=%d refused=%d errors=%d seconds=%.2f rate=%.0f p50=%.2f p99=%.2f max=%.2f\n",
        summary.requests, refusedTotal,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
            + summary.errors.timeout,
        seconds, (summary.requests - refusedTotal) / seconds,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
