#!/usr/bin/env bash
# End-to-end test with an official SDK (`openai` or `@anthropic-ai/sdk` from npm): fake provider
# → gateway → real SDK.
#   run_sdk.sh openai|anthropic GATEWAY_BINARY FAKE_PROVIDER_BINARY
# Installs the package into tests/e2e/node_modules when missing, starts the fake provider and the
# gateway on free loopback ports (each prints `listening on http://HOST:PORT`, which is how this
# script learns the ports), runs SDK_sdk.mjs against the gateway and exits with node's status.
# Both servers are stopped on every exit path (trap), and their output is shown on failure.
set -euo pipefail

if [[ $# -ne 3 || ( $1 != openai && $1 != anthropic ) ]]; then
  echo "usage: $0 openai|anthropic GATEWAY_BINARY FAKE_PROVIDER_BINARY" >&2
  exit 2
fi
sdk=$1
gateway_bin=$2
fake_bin=$3
here=$(cd "$(dirname "$0")" && pwd)

case $sdk in
  openai) package=openai; version=openai@6 ;;
  anthropic) package=@anthropic-ai/sdk; version=@anthropic-ai/sdk@1 ;;
esac
# One npm at a time in node_modules: the two SDK checks may start together (ctest -j).
exec 9>"$here/node_modules.lock"
flock 9
if [[ ! -f "$here/node_modules/$package/package.json" ]]; then
  # --no-save: package.json already declares the dependency and must not be rewritten by a test.
  npm install --no-audit --no-fund --no-save --prefix "$here" "$version" >&2
fi
flock -u 9

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
  claude:
    type: anthropic
    base_url: http://127.0.0.1:$fake_port
    api_key: sk-ant
  claude-spent:
    type: anthropic
    base_url: http://127.0.0.1:$fake_port
    api_key: sk-spent+quota
  gemini:
    type: gemini
    base_url: http://127.0.0.1:$fake_port
    api_key: gm-key
  openai:
    type: openai
    base_url: http://127.0.0.1:$fake_port/v1
    api_key: sk-openai
groups:
  e2e: [fake/gpt-4o-mini]
  claude: [claude/claude-sonnet-4-5]
  # The fake refuses a history whose function calls lack the signatures it gave them.
  gemini: [gemini/gemini-2.5-flash+own_signatures]
  # An openai account: Responses clients pass through to its /v1/responses.
  responses: [openai/gpt-4o-mini]
  chain: [claude-spent/claude-sonnet-4-5, fake/gpt-4o-mini]
default_group: e2e
EOF

"$gateway_bin" serve --config "$work/config.yaml" >"$work/gateway.log" 2>&1 &
pids+=($!)
gateway_port=$(wait_for_port "$work/gateway.log" "${pids[-1]}")

set +e
# Each SDK's own base URL convention: OpenAI's includes /v1, Anthropic's does not.
if [[ $sdk == openai ]]; then
  node "$here/openai_sdk.mjs" "http://127.0.0.1:$gateway_port/v1"
else
  node "$here/anthropic_sdk.mjs" "http://127.0.0.1:$gateway_port"
fi
status=$?
set -e
exit "$status"
