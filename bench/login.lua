-- Login throughput: every request is a full POST /api/v1/auth/token (one Argon2id verification each).
-- Usage (see docs/auth.md "Measuring logins/s"):
--   BENCH_EMAIL=bench@example.com BENCH_PASSWORD='bench passphrase 123' \
--     wrk -c16 -t2 -d20s -s bench/login.lua http://127.0.0.1:8000
-- Set AUTH_RATE_LIMIT high on the service under test, or the per-IP limit answers 429s instead.
local email = os.getenv("BENCH_EMAIL") or "bench@example.com"
local password = os.getenv("BENCH_PASSWORD") or "bench passphrase 123"

wrk.method = "POST"
wrk.path = "/api/v1/auth/token"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"email":"%s","password":"%s"}', email, password)

done = function(summary, latency, requests)
  io.write(string.format("logins/s: %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50 %.1f ms, p99 %.1f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("non-2xx/3xx: %d\n", summary.errors.status))
end
