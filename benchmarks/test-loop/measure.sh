#!/usr/bin/env bash
# Times the README's test command as a new checkout meets it: the packed test feed is removed first, so the run packs
# again. Prints the wall time and the CPU time of the whole machine (from /proc/stat, so compiler servers, MSBuild nodes,
# csharp-ls and every other process a test starts are counted, which /usr/bin/time misses). Run it on a quiet machine
# after `dotnet build EgressDsl.sln`; `--keep-feed` measures a repeated run instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ "${1:-}" == "--keep-feed" ]] || rm -rf "${TMPDIR:-/tmp}"/egressdsl-test-feeds/*

cpu() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }
read -r busy_before idle_before < <(cpu)
start=$(date +%s.%N)
status=0
dotnet build EgressDsl.sln && dotnet test EgressDsl.sln --no-build || status=$?
end=$(date +%s.%N)
read -r busy_after idle_after < <(cpu)
ticks=$(getconf CLK_TCK)
awk -v s="$start" -v e="$end" -v b=$((busy_after - busy_before)) -v i=$((idle_after - idle_before)) -v t="$ticks" -v n="$(nproc)" \
  'BEGIN { printf "README test command: %.0f s wall, %.0f CPU-s busy, %.0f CPU-s idle, on %d cores\n", e - s, b / t, i / t, n }'
exit "$status"
