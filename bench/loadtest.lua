-- wrk script for `make loadtest`: requests the paths listed in $LOADTEST_PATHS (one a line)
-- in a shuffled cycle, as nginx would pass them on (Host, X-Forwarded-Proto), and prints the
-- summary as one JSON line after "LOADTEST-JSON ".
local paths = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  for line in io.lines(os.getenv("LOADTEST_PATHS")) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  math.randomseed(id * 7919 + 17)
  for i = #paths, 2, -1 do
    local j = math.random(i)
    paths[i], paths[j] = paths[j], paths[i]
  end
  index = 0
  wrk.headers["Host"] = os.getenv("LOADTEST_HOST") or "127.0.0.1"
  wrk.headers["X-Forwarded-Proto"] = "https"
  wrk.headers["Accept-Encoding"] = "gzip"
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LOADTEST-JSON {"requests": %d, "seconds": %.3f, "bytes": %d, ' ..
    '"p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
