#!/usr/bin/env bash
# The CI lanes after the main `npm test` on Node 20 (issue "runtime"): the hub's and the
# browser tests' Vitest projects again on npm's Node 24, and the hub's on Node 22, each
# patched onto Debian 13's glibc by scripts/ci/trixie-node.sh. The lane's Node comes first
# on PATH, so npx, Vitest and every hub a test starts with process.execPath run on it.
#
#   scripts/ci/lanes.sh [node24|node22]... [-- vitest arguments, e.g. a file]
#
# Needs `npm run build && npm run build:sea` first. Each lane writes
# test-results/lane-<name>.json and prints its counts and time; exits 1 when any lane fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

declare -A PROJECTS=([node24]="hub hub-serial e2e e2e-serial" [node22]="hub hub-serial")

lanes=()
while (( $# )) && [ "$1" != -- ]; do
  [ -n "${PROJECTS[$1]:-}" ] || { echo "lanes: unknown lane '$1' (known: node24 node22)" >&2; exit 1; }
  lanes+=("$1")
  shift
done
(( $# )) && shift
(( ${#lanes[@]} )) || lanes=(node24 node22)

majors=("${lanes[@]#node}")
paths=$(bash scripts/ci/trixie-node.sh "${majors[@]}")
mkdir -p test-results
failed=0
summaries=()
for lane in "${lanes[@]}"; do
  node=$(sed -n "s/^HOSTPULSE_NODE${lane#node}_TRIXIE=//p" <<<"$paths")
  projects=()
  for project in ${PROJECTS[$lane]}; do projects+=(--project "$project"); done
  report=test-results/lane-$lane.json
  rm -f "$report"
  echo "lanes: $lane: $node, projects ${PROJECTS[$lane]}" >&2
  started=$SECONDS
  status=0
  PATH="$(dirname "$node"):$PATH" npx vitest run "${projects[@]}" \
    --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
  counts=$(node -e '
    const r = require(process.argv[1]);
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
  ' "./$report" 2>/dev/null || echo "no report")
  summaries+=("lanes: $lane ($("$node" --version), glibc $("$node" -p 'process.report.getReport().header.glibcVersionRuntime')): $counts, exit $status, $((SECONDS - started)) s")
  (( status == 0 )) || failed=1
done
printf '%s\n' "${summaries[@]}"
exit "$failed"
