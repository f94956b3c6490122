#!/usr/bin/env bash
# Whole-gateway benchmark, side by side in one run: wrk against the fake provider directly,
# through nginx as a plain reverse proxy (keep-alive upstream), and through switchboard, all on
# loopback. Prints each target's throughput and latency and the ratios against nginx.
#
#   bench/run.sh [BUILD_DIR]     env: DURATION=10s CONNECTIONS=16 THREADS=1 STREAM=0
#                                     BASELINE=path/to/another/switchboard
#
# With BASELINE (e.g. a build of an earlier commit), that binary runs too, on the same config
# and fake provider, and the ratio switchboard/baseline says what the commits between them cost.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
threads=${THREADS:-1}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_for_line() {  # file -> prints the port from "listening on http://HOST:PORT"
  for _ in $(seq 1 100); do
    if grep -q '^listening on ' "$1" 2>/dev/null; then
      grep '^listening on ' "$1" | head -1 | sed -E 's/.*:([0-9]+)$/\1/'
      return 0
    fi
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2
  return 1
}

"$root/$build/fake_provider" --listen 127.0.0.1:0 --threads 1 >"$work/fake.out" 2>&1 &
pids+=($!)
fake_port=$(wait_for_line "$work/fake.out")

cat >"$work/switchboard.yaml" <<YAML
server: {listen: 127.0.0.1:0, threads: 1}
state: $work/state.db
accounts:
  fake: {type: openai-compatible, base_url: "http://127.0.0.1:$fake_port/v1", api_key: sk-bench}
groups:
  bench: [fake/bench-model]
YAML
"$root/$build/switchboard" --log-level warn serve --config "$work/switchboard.yaml" \
  >"$work/switchboard.out" 2>&1 &
pids+=($!)
gw_port=$(wait_for_line "$work/switchboard.out")
if [[ -n "${BASELINE:-}" ]]; then
  sed "s|state: .*|state: $work/baseline.db|" "$work/switchboard.yaml" >"$work/baseline.yaml"
  "$BASELINE" --log-level warn serve --config "$work/baseline.yaml" >"$work/baseline.out" 2>&1 &
  pids+=($!)
  baseline_port=$(wait_for_line "$work/baseline.out")
fi

nginx_port=$((20000 + RANDOM % 20000))
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx; uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  upstream fake { server 127.0.0.1:$fake_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
sleep 0.5

run() {  # name url
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" -s "$root/bench/chat.lua" "$2" \
        | grep '^RESULT')
  echo "$1 $out"
}

echo "# $(date -u +%FT%TZ) duration=$duration connections=$connections stream=${STREAM:-0}"
# The model name differs per target: direct and nginx hit the fake provider as is; switchboard
# resolves the group `bench`.
direct=$(MODEL=bench-model run direct "http://127.0.0.1:$fake_port/v1/chat/completions")
nginx=$(MODEL=bench-model run nginx "http://127.0.0.1:$nginx_port/v1/chat/completions")
gateway=$(MODEL=bench run switchboard "http://127.0.0.1:$gw_port/v1/chat/completions")
printf '%s\n%s\n%s\n' "$direct" "$nginx" "$gateway"
if [[ -n "${BASELINE:-}" ]]; then
  baseline=$(MODEL=bench run baseline "http://127.0.0.1:$baseline_port/v1/chat/completions")
  echo "$baseline"
fi

field() { sed -E "s/.*$2=([0-9.]+).*/\1/" <<<"$1"; }
awk -v g="$(field "$gateway" rps)" -v n="$(field "$nginx" rps)" -v d="$(field "$direct" rps)" \
    -v gl="$(field "$gateway" p50_ms)" -v nl="$(field "$nginx" p50_ms)" \
    'BEGIN { printf "ratio throughput switchboard/nginx=%.2f switchboard/direct=%.2f\n", g/n, g/d;
             printf "ratio p50 latency switchboard/nginx=%.2f\n", gl/nl }'
if [[ -n "${BASELINE:-}" ]]; then
  awk -v g="$(field "$gateway" rps)" -v b="$(field "$baseline" rps)" \
      -v gl="$(field "$gateway" p50_ms)" -v bl="$(field "$baseline" p50_ms)" \
      'BEGIN { printf "ratio switchboard/baseline throughput=%.3f p50 latency=%.3f\n", g/b, gl/bl }'
fi
