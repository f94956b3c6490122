#!/usr/bin/env bash
# End-to-end test with the official `openai` npm package: fake provider → gateway → real SDK.
#   run_openai_sdk.sh GATEWAY_BINARY FAKE_PROVIDER_BINARY
# Installs openai@6 into tests/e2e/node_modules when missing, starts the fake provider and the
# gateway on free loopback ports (each prints `listening on http://HOST:PORT`, which is how this
# script learns the ports), runs openai_sdk.mjs against the gateway and exits with node's status.
# Both servers are stopped on every exit path (trap), and their output is shown on failure.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 GATEWAY_BINARY FAKE_PROVIDER_BINARY" >&2
  exit 2
fi
gateway_bin=$1
fake_bin=$2
here=$(cd "$(dirname "$0")" && pwd)

if [[ ! -f "$here/node_modules/openai/package.json" ]]; then
  # --no-save: package.json already declares the dependency and must not be rewritten by a test.
  npm install --no-audit --no-fund --no-save --prefix "$here" openai@6 >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sb-e2e.XXXXXX")
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $status -ne 0 ]]; then
    for log in "$work"/*.log; do
      [[ -f "$log" ]] && { echo "---- $(basename "$log")" >&2; tail -n 50 "$log" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Waits (10 s at most) for `listening on http://HOST:PORT` in $1 and prints PORT. Fails early
# when the process ($2) exits first.
wait_for_port() {
  local log=$1 pid=$2 line
  for _ in $(seq 1 200); do
    line=$(grep -m1 -oE 'listening on http://[^[:space:]]+:[0-9]+' "$log" 2>/dev/null || true)
    if [[ -n "$line" ]]; then
      echo "${line##*:}"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$(basename "$log" .log) exited before listening" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "$(basename "$log" .log) did not report a listening port within 10 s" >&2
  return 1
}

"$fake_bin" --listen 127.0.0.1:0 >"$work/fake_provider.log" 2>&1 &
pids+=($!)
fake_port=$(wait_for_port "$work/fake_provider.log" "${pids[-1]}")

cat >"$work/config.yaml" <<EOF
server:
  listen: 127.0.0.1:0
state: $work/state.db
accounts:
  fake:
    type: openai-compatible
    base_url: http://127.0.0.1:$fake_port/v1
    api_key: sk-fake
groups:
  e2e: [fake/gpt-4o-mini]
default_group: e2e
EOF

"$gateway_bin" serve --config "$work/config.yaml" >"$work/gateway.log" 2>&1 &
pids+=($!)
gateway_port=$(wait_for_port "$work/gateway.log" "${pids[-1]}")

set +e
node "$here/openai_sdk.mjs" "http://127.0.0.1:$gateway_port/v1"
status=$?
set -e
exit "$status"
