#!/usr/bin/env bash
# Issue-3 throughput benchmark: project workloads under bench/workloads/<name>/ (a directory
# per project, the workflow named like the directory), run whole-process as a user would:
#   digdag run -a --no-save -X executor.task_max_run=5000 <name>.dig
# Prints median seconds (hyperfine), tasks in the session and tasks per second.
# Environment: DIGDAG_BIN (default: a release build), RUNS (default 5).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
. scripts/env.sh
runs="${RUNS:-5}"
if [ -n "${DIGDAG_BIN:-}" ]; then
  digdag="$DIGDAG_BIN"
else
  swift build -c release --product digdag >&2
  digdag="$(swift build -c release --show-bin-path)/digdag"
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
printf '%-24s %10s %8s %12s\n' workload "median s" tasks "tasks/s"
for dir in "$repo"/bench/workloads/*/; do
  name="$(basename "$dir")"
  cp -r "$dir" "$scratch/$name"
  cd "$scratch/$name"
  # tasks in the session: every task that ran or was generated (one status file each)
  "$digdag" run -a -o "$scratch/status-$name" -X executor.task_max_run=5000 "$name.dig" >/dev/null 2>&1
  tasks="$(find "$scratch/status-$name" -name '*.yml' | wc -l)"
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$scratch/$name.json" \
    "$digdag run -a --no-save -X executor.task_max_run=5000 $name.dig" >/dev/null 2>&1
  median="$(python3 -c "import json,sys; print('%.3f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$scratch/$name.json")"
  rate="$(python3 -c "print(int($tasks / $median))")"
  printf '%-24s %10s %8s %12s\n' "$name" "$median" "$tasks" "$rate"
  cd "$repo"
done
