-- wrk script: a small non-streaming Chat Completions request. Set STREAM=1 for a streamed one.
local stream = os.getenv("STREAM") == "1"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
wrk.body = '{"model":"' .. (os.getenv("MODEL") or "bench") .. '",' ..
  '"messages":[{"role":"user","content":"Say hello in five words."}],' ..
  '"stream":' .. (stream and "true" or "false") .. '}'

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
