#!/usr/bin/env bash
# Whole-process benchmark of `digdag run` over the shared workloads.
#
# Usage: bench/run.sh [WORKLOADS_DIR]
#   WORKLOADS_DIR  default: ../shared/bench/workloads relative to the repository
# Environment:
#   DIGDAG_BIN   use this binary instead of building a release one
#   RUNS         timed runs per workload (default 5), after WARMUP (default 1) warm-up runs
#   FILTER       only workloads whose file name matches this glob (default: *)
#
# Each run is what a user types, from a fresh status directory:
#   digdag run -a -o <fresh dir> -X executor.task_max_run=2000 <file>.dig
# The previous run's status directory is moved aside, not deleted, before each run (all of them go
# when the bench ends): on this machine's ext4 disk (no journal) a file created within minutes after
# many files were deleted nearby costs up to a millisecond, because the allocator skips every
# recently freed inode, so an `rm -rf` of the last 1,000 status files made the next run 0.4-1.4 s
# instead of 0.1 s. A user's new session does not follow such a deletion.
# and is timed with hyperfine (median); peak RSS comes from one extra run under /usr/bin/time -v.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
. scripts/env.sh

workloads="${1:-$repo/../shared/bench/workloads}"
workloads="$(cd "$workloads" && pwd)"
runs="${RUNS:-5}"
warmup="${WARMUP:-1}"
filter="${FILTER:-*}"

for tool in hyperfine /usr/bin/time python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is required (scripts/install-prerequisites)" >&2; exit 1; }
done

if [ -n "${DIGDAG_BIN:-}" ]; then
  digdag="$DIGDAG_BIN"
else
  digdag="$(scripts/build-release)"
fi

# On the repository's own disk (not a tmpfs): status files cost what they cost users.
mkdir -p "$repo/.build"
scratch="$(mktemp -d "$repo/.build/bench.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

printf '%-24s %10s %10s %10s %12s  %s\n' workload "median s" "min s" "max s" "peak RSS MB" status
for file in "$workloads"/$filter.dig; do
  [ -e "$file" ] || continue
  name="$(basename "$file" .dig)"
  project="$scratch/$name"
  mkdir -p "$project"
  cp "$file" "$project/"
  status_dir="$scratch/status-$name"
  command=("$digdag" run -a -o "$status_dir" -X executor.task_max_run=2000 "$name.dig")

  # One run under GNU time: checks that the workload succeeds and measures peak memory.
  rm -rf "$status_dir"
  if (cd "$project" && /usr/bin/time -v -o "$scratch/time.txt" "${command[@]}" >"$scratch/out.txt" 2>&1); then
    result=ok
  else
    result="FAILED (see below)"
  fi
  rss_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$scratch/time.txt")"
  rss_mb="$(python3 -c "print(f'{int(\"${rss_kb:-0}\")/1024:.1f}')")"

  if [ "$result" = ok ]; then
    quoted="$(printf '%q ' "${command[@]}")"
    (cd "$project" && hyperfine -N --style none --warmup "$warmup" --runs "$runs" \
      --prepare "sh -c 'mv $status_dir $status_dir.\$(date +%s%N) 2>/dev/null || true'" \
      --export-json "$scratch/$name.json" "$quoted" >/dev/null 2>"$scratch/hyperfine.err") || { cat "$scratch/hyperfine.err" >&2; exit 1; }
    read -r median min max < <(python3 - "$scratch/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f'{r["median"]:.3f} {r["min"]:.3f} {r["max"]:.3f}')
PY
)
    printf '%-24s %10s %10s %10s %12s  %s\n' "$name" "$median" "$min" "$max" "$rss_mb" "$result"
  else
    printf '%-24s %10s %10s %10s %12s  %s\n' "$name" - - - "$rss_mb" "$result"
    sed 's/^/    | /' "$scratch/out.txt" | tail -5
  fi
done
